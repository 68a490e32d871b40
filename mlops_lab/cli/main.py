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
import sqlite3
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, TextIO

from .. import __version__
from ..core import MlopsLabError, Store
from . import (
    capture,
    compare,
    continuous,
    lineage,
    monitoring,
    pipeline,
    registry,
    remote,
    reproduce,
    runs,
)
from .arguments import Parser, store_option
from .output import EXIT_OK, EXIT_USAGE, PROG, os_error_message, print_failure

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
    groups = (
        runs,
        compare,
        lineage,
        capture,
        pipeline,
        reproduce,
        registry,
        remote,
        continuous,
        monitoring,
    )
    for group in groups:
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
    # A command's own check of its arguments, beyond what argparse says: usage errors exit 2.
    check: Callable[[argparse.ArgumentParser, argparse.Namespace], None] | None = getattr(
        args, "check", None
    )
    if check is not None:
        try:
            check(parser, args)
        except SystemExit as done:
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
        return print_failure(error.message)
    except BrokenPipeError:  # `mlops-lab runs | head` closed the pipe: not an error
        return EXIT_OK
    except (OSError, sqlite3.Error) as error:  # a full disk, a read-only mount, no permission
        return print_failure(os_error_message(error))
    except KeyboardInterrupt:
        return print_failure("interrupted.")
    except Exception as error:  # a bug: one line, never a traceback in a CI log
        return print_failure(
            f"unexpected {type(error).__name__}: {error}; this is a bug in {PROG} "
            f"{__version__}: please report it, with the command you ran."
        )
    return EXIT_OK


def run() -> NoReturn:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
