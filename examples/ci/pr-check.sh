#!/usr/bin/env bash
# The steps examples/ci/github-actions.yml runs on a pull request, as one script
# (tests/continuous/test_ci_script.py runs it in a scratch repository).
#
#   NOTEBOOK=notebooks/train.ipynb examples/ci/pr-check.sh 'accuracy >= base - 0.01' ...
#
# 1. Track the notebook on the base branch: the baseline (runs record their branch).
# 2. Come back to the pull request's commit and run `mlops-lab ci`: it tracks the
#    notebook again, takes the latest finished run on main/master as the baseline,
#    writes the report and applies the requirements given as arguments.
# Exit status: that of `mlops-lab ci` (1 when a requirement fails, 2 when one is malformed).
set -euo pipefail

: "${NOTEBOOK:?set NOTEBOOK to the notebook to track}"
BASE_BRANCH="${BASE_BRANCH:-main}"
REPORT="${REPORT:-mlops-lab-report.md}"
MLOPS_LAB="${MLOPS_LAB:-mlops-lab}"

requirements=()
if [ "$#" -gt 0 ]; then
    requirements=(--require "$@")
fi

# The pull request's branch, or its commit when detached (as actions/checkout leaves it).
start="$(git symbolic-ref --quiet --short HEAD || git rev-parse HEAD)"
git checkout --quiet "$BASE_BRANCH"
$MLOPS_LAB track "$NOTEBOOK" > /dev/null
git checkout --quiet "$start"

$MLOPS_LAB ci "$NOTEBOOK" --baseline auto --report "$REPORT" "${requirements[@]}"
