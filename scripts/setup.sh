#!/usr/bin/env bash
# Idempotent set-up of everything p53lab needs on Debian 12 (run as root for the apt step).
# Usage: bash scripts/setup.sh [--with-browser]
#   --with-browser  also install Chromium (for the browser tests)
# Each step says what it does; a step that cannot be done stops with what to do instead.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WITH_BROWSER=0
for arg in "$@"; do
  case "$arg" in
    --with-browser) WITH_BROWSER=1 ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done

step() { printf '\n[setup] %s\n' "$*"; }
die() { printf '\n[setup] ERROR: %s\n' "$*" >&2; exit 1; }

PY=${P53LAB_PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3

# 1. Node.js
step "Node.js: $(node --version 2>/dev/null || echo missing)"
command -v node >/dev/null || die "Node.js 20 or newer is needed (Debian: apt-get install nodejs npm; elsewhere: the conda environment in environment.yml)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || die "Node.js 20 or newer is needed, found $(node --version)"

# 2. Jupyter (Python side) from Debian packages
APT_PKGS=(jupyter-core jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat python3-ipykernel
  python3-jupyter-server python3-jupyterlab-server python3-jupyter-kernel-test)
missing=()
"$PY" -c 'import nbclient, nbconvert, nbformat, jupyter_client' 2>/dev/null || missing+=("${APT_PKGS[@]}")
"$PY" -c 'import jupyter_kernel_test' 2>/dev/null || missing+=(python3-jupyter-kernel-test)
if [ "$WITH_BROWSER" = 1 ] && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "missing: ${missing[*]}. As root on Debian 12 run: apt-get install ${missing[*]}
  Elsewhere create the conda environment (conda env create -f environment.yml) and set P53LAB_PYTHON to its python."
  fi
else
  step "Jupyter: nbclient, nbconvert and jupyter_client present ($PY)"
fi

# 3. npm packages (from package-lock.json; no install scripts are needed)
stamp=node_modules/.p53lab-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d node_modules/tslab ]; then
  step "npm packages: up to date"
else
  step "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# 4. Build the library
step "build kernel-lib (tsc) and the JupyterLab extension (standalone widget script, labextension)"
npm run --silent build

# 5. The project-local tslab kernelspec
step "tslab kernel: kernels/tslab (found through JUPYTER_PATH=$ROOT)"
JUPYTER_PATH="$ROOT${JUPYTER_PATH:+:$JUPYTER_PATH}" "$PY" -c '
import sys
from jupyter_client.kernelspec import KernelSpecManager
spec = KernelSpecManager().get_kernel_spec("tslab")
print("  kernelspec:", spec.resource_dir)
' || die "the tslab kernelspec in kernels/tslab was not found by jupyter_client"

step "done"
