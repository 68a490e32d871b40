"""The ``mlops-lab`` command line: the run record for terminals, scripts and CI.

Every command takes ``--store PATH`` (else ``MLOPS_LAB_STORE``, else the nearest
``.mlops-lab`` above the current folder). ``--json`` prints the same objects as
the REST API. A mistake prints one line on stderr and exits non-zero:
2 for a malformed command line, 1 for anything the store refuses.
``track`` searches for the store from the notebook's folder instead, and also
exits 1 when a cell of the notebook fails.
"""

from __future__ import annotations

import sys

from .. import __version__

# Typing names only for the type checker: this module is imported by every
# command, `--version` included, which must start as fast as Python itself.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from typing import NoReturn, TextIO

    from ..core import Store

__all__ = ["main", "run"]

# Command groups in the order of `--help`, and the group of each command, so
# that a command imports its own group only (and, through it, only the parts
# of the core it uses); an unknown command or a bare `--help` loads them all.
_GROUPS = (
    "runs",
    "compare",
    "lineage",
    "capture",
    "pipeline",
    "reproduce",
    "registry",
    "remote",
    "continuous",
    "monitoring",
)
_GROUP_OF = {
    "runs": "runs",
    "show": "runs",
    "info": "runs",
    "rename": "runs",
    "tag": "runs",
    "delete": "runs",
    "gc": "runs",
    "diff": "compare",
    "lineage": "lineage",
    "track": "capture",
    "export": "pipeline",
    "pipeline": "pipeline",
    "reproduce": "reproduce",
    "env": "reproduce",
    "models": "registry",
    "remote": "remote",
    "push": "remote",
    "pull": "remote",
    "sync": "remote",
    "report": "continuous",
    "check": "continuous",
    "ci": "continuous",
    "profile": "monitoring",
    "monitor": "monitoring",
}


def _build_arg_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of ``command``'s group only when it is known."""
    import importlib

    from .arguments import Parser, store_option
    from .output import PROG

    store = store_option()
    parser = Parser(
        prog=PROG,
        description="Reproducible, comparable, shippable notebook experiments.",
        parents=[store],
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    # One command group per capability, each adding its own commands.
    group = _GROUP_OF.get(command or "")
    for name in _GROUPS if group is None else (group,):
        importlib.import_module(f".{name}", __package__).add_commands(commands, store)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The command word of ``argv`` (the first argument that is no option), if any."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "--store":  # the only top-level option that takes a value
            skip = True
        elif not word.startswith("-"):
            return word
    return None


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
    words = sys.argv[1:] if argv is None else list(argv)
    command = _command(words)
    if command is None and "--version" in words:
        # What argparse's version action prints, and where; output.PROG spelt out,
        # since importing output would load json and datetime.
        print(f"mlops-lab {__version__}", file=sys.stdout)
        return 0
    import sqlite3

    from ..core import MlopsLabError, Store
    from .output import EXIT_OK, EXIT_USAGE, PROG, os_error_message, print_failure

    parser = _build_arg_parser(command)
    try:
        args = parser.parse_args(words)
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
