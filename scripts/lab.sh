#!/usr/bin/env bash
# Quick start: install mlops-lab with JupyterLab and open the bundled example
# project (embedded store in examples/.mlops-lab, nothing else to start).
# Extra arguments go to `jupyter lab`, e.g. scripts/lab.sh --port 8899 --no-browser
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
activate_venv
install_project lab
# What the example notebooks import (pandas, scikit-learn), into the kernel's environment.
python -m pip install --quiet -r examples/requirements.txt
bash scripts/seed-examples.sh
root_flag=()
[ "$(id -u)" = 0 ] && root_flag=(--allow-root)
exec jupyter lab --ServerApp.root_dir=examples --ServerApp.ip=127.0.0.1 "${root_flag[@]}" "$@"
