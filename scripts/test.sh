#!/usr/bin/env bash
# The whole test suite from a fresh clone. It installs what it needs (Chromium
# from apt when missing, the package with its test and dev extras into .venv,
# the frontend and UI-test dependencies with jlpm), then runs: lint and types,
# pytest (core, server, CLI, kernel, packaging), jest, and Galata in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

started=$SECONDS
step() { printf '\n=== %s (at %ss)\n' "$*" "$((SECONDS - started))"; }

step "Chromium for the UI tests"
if ! command -v chromium >/dev/null 2>&1; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
chromium --version

step "Python environment and package (frontend built by jlpm)"
activate_venv
install_project "test,dev"

step "Lint, format and types"
bash scripts/lint.sh

step "Python tests"
python -m pytest

step "Frontend unit tests (jest)"
jlpm test

step "UI tests (Galata in Chromium)"
(cd ui-tests && jlpm install && jlpm playwright test)

step "All tests passed"
