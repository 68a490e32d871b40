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
# Two runs of train.ipynb with different learning rates: something to compare.
seed() {
    local log
    log=$(mktemp)
    if ! mlops-lab track --store "$store" "$@" >"$log" 2>&1; then
        cat "$log" >&2
        echo "mlops-lab: tracking examples/$1 failed (output above)" >&2
        exit 1
    fi
    rm -f "$log"
}
seed explore.ipynb
seed train.ipynb
seed train.ipynb -p learning_rate 0.1
mlops-lab runs --store "$store"

