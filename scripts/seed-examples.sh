#!/usr/bin/env bash
# Give the bundled example project its first runs by executing its notebooks
# headlessly with tracking on, unless its store already has runs.
set -euo pipefail
cd "$(dirname "$0")/../examples"
store="$PWD/.mlops-lab"
mlops-lab info --store "$store" >/dev/null  # creates the store when new
if [ "$(mlops-lab runs --store "$store" --limit 1 --json)" != "[]" ]; then
    exit 0
fi
echo "mlops-lab: running the example notebooks once to record their first runs..."
log=$(mktemp)
for notebook in explore.ipynb train.ipynb train.ipynb; do
    # JPY_SESSION_NAME is how Jupyter Server tells a kernel its notebook.
    if ! MLOPS_LAB_STORE="$store" JPY_SESSION_NAME="$notebook" \
        jupyter execute "$notebook" >"$log" 2>&1; then
        cat "$log" >&2
        echo "mlops-lab: executing examples/$notebook failed (output above)" >&2
        exit 1
    fi
done
rm -f "$log"
mlops-lab runs --store "$store"
