#!/usr/bin/env bash
# Idempotent set-up of the JupyterLab 4 front end used by the end-to-end tests (test/jupyterlab):
#   1. its own npm packages (npm ci in test/jupyterlab; skipped while package-lock.json is unchanged)
#   2. the webpack build into test/jupyterlab/build (skipped while its inputs are unchanged)
#   3. a check that Debian's jupyterlab_server is importable (the server side)
# Usage: bash scripts/build-lab.sh [--production] [--force]
#   --production  minified build (a few minutes; default: development build, about 20 s)
#   --force       rebuild even when the inputs are unchanged
set -euo pipefail
cd "$(dirname "$0")/.."
LAB=test/jupyterlab
MODE=development
FORCE=0
for arg in "$@"; do
  case "$arg" in
    --production) MODE=production ;;
    --force) FORCE=1 ;;
    *) echo "build-lab: unknown option $arg" >&2; exit 2 ;;
  esac
done

step() { printf '\n[build-lab] %s\n' "$*"; }
die() { printf '\n[build-lab] ERROR: %s\n' "$*" >&2; exit 1; }

PY=${P53LAB_PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3
command -v node >/dev/null || die "Node.js 20 or newer is needed"

# 1. npm packages of the harness (a separate npm project, not one of the root workspaces)
stamp=$LAB/node_modules/.p53lab-lock.sha256
want=$(sha256sum "$LAB/package-lock.json" | cut -d' ' -f1)
if [ "$FORCE" = 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  step "npm packages ($LAB): up to date"
else
  step "npm ci ($LAB)"
  (cd "$LAB" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi

# 2. webpack build; the stamp is a hash of everything the build reads, and the mode
stamp=$LAB/build/.p53lab-build.sha256
want=$( (echo "mode=$MODE"; cd "$LAB" && sha256sum package.json package-lock.json webpack.config.js src/*) | sha256sum | cut -d' ' -f1)
if [ "$FORCE" = 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$LAB/build/static/main.js" ]; then
  step "front end ($LAB/build): up to date"
else
  step "webpack --mode=$MODE ($LAB/build)"
  rm -rf "$LAB/build"
  (cd "$LAB" && npx --no-install webpack --mode="$MODE")
  [ -f "$LAB/build/static/main.js" ] || die "webpack did not write $LAB/build/static/main.js"
  echo "$want" > "$stamp"
fi

# 3. the server side comes from Debian (python3-jupyter-server, python3-jupyterlab-server)
"$PY" -c 'import jupyter_server, jupyterlab_server' 2>/dev/null \
  || die "jupyterlab_server is not importable by $PY: apt-get install python3-jupyter-server python3-jupyterlab-server (or bash scripts/setup.sh)"
step "done: serve it with JUPYTER_PATH=$(pwd) $PY $LAB/server.py --port 8888 --root <notebooks> [--allow-root]"
