#!/usr/bin/env bash
# The one lint and format command: ruff (lint + format), mypy strict, eslint + prettier.
# With --fix it rewrites what the formatters and fixers can, then checks the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--fix" ]; then
    ruff check --fix .
    ruff format .
    jlpm lint
fi
ruff check .
ruff format --check .
mypy
jlpm lint:check
