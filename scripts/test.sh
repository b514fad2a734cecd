#!/usr/bin/env bash
# All tests: set up what is needed (including Chromium), then the vitest suites (unit,
# integration, browser) and the tslab kernel smoke test; ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
bash scripts/setup.sh --with-browser || exit 1
bash scripts/build-lab.sh || exit 1
export JUPYTER_PATH="$ROOT${JUPYTER_PATH:+:$JUPYTER_PATH}"
export PYDEVD_DISABLE_FILE_VALIDATION=1
ART="$ROOT/test-artifacts"
mkdir -p "$ART"
rm -f "$ART/vitest.json" "$ART/kernel.json"

printf '\n[test] type-check the tests (tsc -p tsconfig.test.json)\n'
npx tsc -p tsconfig.test.json || { echo "tests: 0 passed, 1 failed (type errors in the tests)"; exit 1; }

printf '\n[test] vitest: unit, integration and browser tests\n'
npx vitest run --reporter=default --reporter=json --outputFile.json="$ART/vitest.json" "$@"
vitest_rc=$?

printf '\n[test] tslab kernel smoke test (jupyter_kernel_test)\n'
PY=${P53LAB_PYTHON:-/usr/bin/python3}
"$PY" -Xfrozen_modules=off test/kernel/run.py "$ART/kernel.json"
kernel_rc=$?

node -e '
const fs = require("fs");
const read = (p) => { try { return JSON.parse(fs.readFileSync(p, "utf8")); } catch { return null; } };
const v = read(process.argv[1]) || { numPassedTests: 0, numFailedTests: 1, numPendingTests: 0 };
const k = read(process.argv[2]) || { passed: 0, failed: 1, skipped: 0 };
const passed = v.numPassedTests + k.passed, failed = v.numFailedTests + k.failed, skipped = v.numPendingTests + (v.numTodoTests || 0) + k.skipped;
console.log(`\nvitest ${v.numPassedTests} passed, ${v.numFailedTests} failed; kernel ${k.passed} passed, ${k.failed} failed`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$ART/vitest.json" "$ART/kernel.json"

[ $vitest_rc -eq 0 ] && [ $kernel_rc -eq 0 ]
