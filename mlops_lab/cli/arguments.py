"""Argument types and options shared by command groups: each error is one line of usage."""

from __future__ import annotations

import argparse

from ..core import MlopsLabError, RunSortKey, ValueSort
from .output import EXIT_USAGE, PROG

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import NoReturn

__all__ = ["Parser", "add_parameter_option", "count", "sort_key", "store_option"]


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, as every other error here."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{PROG}: error: {message} (see {self.prog} --help)\n")


def store_option() -> argparse.ArgumentParser:
    """The ``--store`` option every command that reads or writes the store takes."""
    option = Parser(add_help=False)
    option.add_argument(
        "--store",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the .mlops-lab store folder (default: $MLOPS_LAB_STORE, else the nearest "
        ".mlops-lab above the current folder)",
    )
    return option


def add_parameter_option(parser: argparse.ArgumentParser) -> None:
    """The ``-p/--parameter NAME VALUE`` option of ``track`` and ``pipeline run``.

    The pairs land in ``args.parameters`` as text; `mlops_lab.core.capture.parameters`
    types them and checks them against the parameters cell, the same for both.
    """
    parser.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        dest="parameters",
        metavar=("NAME", "VALUE"),
        help="set a parameter (repeatable); VALUE is typed: 3, 0.5, true, none, [1, 2], "
        '{"a": 1}, else a string, and must have the type of the default in the cell tagged '
        "'parameters'",
    )


def sort_key(text: str) -> RunSortKey | ValueSort:
    """A ``--sort`` value: a run column, ``metrics.NAME`` or ``params.NAME``."""
    try:
        return ValueSort.parse(text)
    except MlopsLabError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def count(text: str) -> int:
    """A whole number, 0 or more (``--limit``, ``--timeout``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, not {value}")
    return value
