# Shared set-up for scripts/lab.sh and scripts/test.sh: sourced, not run.
# Puts the project's virtual environment (.venv, unless one is active) on PATH
# and checks the tools a build needs, with a message saying how to get each.

die() {
    echo "mlops-lab: $*" >&2
    exit 1
}

require_node() {
    command -v node >/dev/null 2>&1 || die "Node.js 18 or newer is needed to build the frontend: install it (https://nodejs.org or your package manager) and rerun."
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge 18 ] || die "Node.js $major is too old to build the frontend; install Node.js 18 or newer."
}

activate_venv() {
    if [ -z "${VIRTUAL_ENV:-}" ]; then
        if [ ! -x .venv/bin/python ]; then
            python3 -m venv .venv || die "python3 -m venv failed: install Python 3.10+ with venv (apt-get install python3-venv)."
        fi
        # shellcheck disable=SC1091
        . .venv/bin/activate
    fi
    python -m pip install --quiet --upgrade pip
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Install the package in development mode with the given extras, frontend included.
install_project() {
    local extras=$1
    require_node
    python -m pip install --quiet -e ".[$extras]"
    # Link the built frontend into the environment, as `jupyter labextension develop`
    # does (that command is deprecated and says so on every start; jupyter-builder
    # develop would also write install.json into the build folder, which the wheel
    # then maps twice: a reinstall fails).
    local target
    target="$(python -c 'import sys; print(sys.prefix)')/share/jupyter/labextensions"
    mkdir -p "$target"
    ln -sfn "$PWD/mlops_lab/labextension" "$target/mlops-lab"
}
