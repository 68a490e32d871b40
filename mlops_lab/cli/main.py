"""The ``mlops-lab`` command line: the run record for terminals, scripts and CI.

Every command takes ``--store PATH`` (else ``MLOPS_LAB_STORE``, else the nearest
``.mlops-lab`` above the current folder). ``--json`` prints the same objects as
the REST API. A mistake prints one line on stderr and exits non-zero:
2 for a malformed command line, 1 for anything the store refuses.
``track`` searches for the store from the notebook's folder instead, and also
exits 1 when a cell of the notebook fails.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, TextIO

from .. import __version__
from ..core import MlopsLabError, Store
from . import capture, compare, continuous, monitoring, pipeline, registry, reproduce, runs
from .arguments import Parser, store_option
from .output import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, PROG

__all__ = ["main", "run"]


def _build_arg_parser() -> argparse.ArgumentParser:
    store = store_option()
    parser = Parser(
        prog=PROG,
        description="Reproducible, comparable, shippable notebook experiments.",
        parents=[store],
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    # One command group per capability, each adding its own commands.
    for group in (runs, compare, capture, pipeline, reproduce, registry, continuous, monitoring):
        group.add_commands(commands, store)
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Run the command line and return its exit code.

    Parameters
    ----------
    argv
        Arguments without the program name; ``sys.argv[1:]`` by default.
    stdout
        Where results go; ``sys.stdout`` by default.
    """
    out = stdout or sys.stdout
    parser = _build_arg_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version and usage errors end here
        return int(done.code or 0)
    handler: Callable[[Store, argparse.Namespace, TextIO], None] | None = getattr(
        args, "handler", None
    )
    # A command that finds its store itself and decides its own exit code.
    standalone: Callable[[argparse.Namespace, TextIO], int] | None = getattr(
        args, "standalone", None
    )
    if handler is None and standalone is None:
        parser.print_help(out)
        return EXIT_USAGE
    try:
        if standalone is not None:
            return standalone(args, out)
        assert handler is not None
        with Store.open(getattr(args, "store", None)) as store:
            handler(store, args, out)
    except MlopsLabError as error:
        print(f"{PROG}: error: {error.message}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:  # `mlops-lab runs | head` closed the pipe: not an error
        return EXIT_OK
    return EXIT_OK


def run() -> NoReturn:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
