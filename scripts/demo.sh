#!/usr/bin/env bash
# The main job: set up what is needed, then render the flagship walkthrough to reports/*.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
FLAGSHIP=${P53LAB_FLAGSHIP:-notebooks/01-milademetan-de-walkthrough.ipynb}
printf '\n[demo] rendering %s\n' "$FLAGSHIP"
html=$(node kernel-lib/bin/p53lab.js report "$FLAGSHIP" --out reports)
printf '\n[demo] report written: %s\n' "$html"
