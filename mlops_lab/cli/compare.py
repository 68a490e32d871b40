"""``mlops-lab diff``: the comparison of runs, as JSON or as text for a terminal.

The JSON is the document of ``GET /mlops-lab/compare``. The text shows, per
section, only what differs (``--all`` adds what does not), one column per run,
and each changed cell's unified diff; colours only when writing to a terminal
(and ``NO_COLOR`` unset).
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Sequence
from typing import Any, TextIO

from ..core import Comparison, DiffEntry, DiffSection, JsonValue, Store, comparison_to_json

__all__ = ["add_commands"]

_MARKS = {"added": "+", "removed": "-", "changed": "~", "unchanged": " "}
_COLOURS = {"added": "32", "removed": "31", "changed": "33", "unchanged": "0"}
_TITLES = {
    "params": "params",
    "metrics": "metrics",
    "code": "code (cells by id)",
    "env": "environment",
    "data": "data",
    "variables": "variables",
}
_WIDEST_VALUE = 28


def add_commands(commands: Any, store_option: argparse.ArgumentParser) -> None:
    """Add ``diff`` to the subcommands of ``mlops-lab``."""
    diff = commands.add_parser(
        "diff",
        parents=[store_option],
        help="compare runs: params, metrics, code, environment, data, variables",
        description="Compare RUN_B (and more) with RUN_A, the baseline: what was added, "
        "removed or changed in params, metrics, code (cell by cell), environment, data files "
        "and variables.",
    )
    diff.add_argument("runs", nargs="+", metavar="RUN", help="run ids or unique prefixes (2..50)")
    diff.add_argument("--json", action="store_true", help="print the comparison as JSON")
    diff.add_argument("--all", action="store_true", help="also list what is unchanged")
    diff.set_defaults(handler=_cmd_diff, check=_check_diff)


def _check_diff(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """A comparison needs two runs: one is a malformed command line (exit 2), like argparse's."""
    if len(args.runs) < 2:
        parser.error(f"diff compares 2 to 50 runs, got {len(args.runs)}: name a second RUN")


def _cmd_diff(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    comparison = store.compare_runs(args.runs)
    if args.json:
        json.dump(comparison_to_json(comparison), out, indent=2)
        out.write("\n")
        return
    colour = out.isatty() and "NO_COLOR" not in os.environ
    _Printer(out, colour, show_unchanged=args.all).comparison(comparison)


class _Printer:
    def __init__(self, out: TextIO, colour: bool, *, show_unchanged: bool) -> None:
        self._out = out
        self._colour = colour
        self._show_unchanged = show_unchanged

    def comparison(self, comparison: Comparison) -> None:
        letters = _letters(len(comparison.runs))
        self._line(f"Comparing {len(comparison.runs)} runs; {letters[0]} is the baseline.")
        for letter, run in zip(letters, comparison.runs, strict=True):
            self._line(f"  {letter}  {run.id[:8]}  {run.name}  ({run.status.value})")
        for name in _TITLES:
            self._section(name, comparison.section(name), letters)

    def _section(self, name: str, section: DiffSection, letters: Sequence[str]) -> None:
        counts = {
            change: len(getattr(section, change))
            for change in ("added", "removed", "changed", "unchanged")
        }
        described = ", ".join(f"{n} {change}" for change, n in counts.items() if n)
        self._line("")
        if not any(counts.values()):
            self._line(f"{_TITLES[name]}: none recorded")
            return
        if not section.differs:
            self._line(f"{_TITLES[name]}: identical ({described})")
            return
        self._line(f"{_TITLES[name]}: {described}")
        changes = ["added", "removed", "changed"] + (["unchanged"] if self._show_unchanged else [])
        rows: list[tuple[str, list[str]]] = []
        for change in changes:
            for entry in getattr(section, change):
                cells = [
                    _value_text(name, v, p)
                    for v, p in zip(entry.values, entry.present, strict=True)
                ]
                rows.append((change, [entry.key, *cells]))
        header = ["", *letters]
        widths = [
            max(len(r[i]) for r in [header, *(cells for _, cells in rows)])
            for i in range(len(header))
        ]
        self._line(
            "    " + "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()
        )
        for change, cells in rows:
            text = f"  {_MARKS[change]} " + "  ".join(
                c.ljust(w) for c, w in zip(cells, widths, strict=True)
            )
            self._line(self._paint(text.rstrip(), change))
        if name == "code":
            for entry in (*section.changed, *section.removed):
                self._code_diffs(entry, letters)

    def _code_diffs(self, entry: DiffEntry, letters: Sequence[str]) -> None:
        if entry.diffs is None:
            return
        for letter, diff in zip(letters, entry.diffs, strict=True):
            if diff is None:
                continue
            self._line(f"\n    cell {entry.key}, {letters[0]} -> {letter}:")
            for line in diff.splitlines():
                change = {"+": "added", "-": "removed"}.get(line[:1], "unchanged")
                if line.startswith(("+++", "---")):
                    change = "unchanged"
                self._line(self._paint(f"      {line}", change))

    def _paint(self, text: str, change: str) -> str:
        if not self._colour or change == "unchanged":
            return text
        return f"\033[{_COLOURS[change]}m{text}\033[0m"

    def _line(self, text: str) -> None:
        print(text, file=self._out)


def _letters(count: int) -> list[str]:
    """Column names A, B, ..., Z, then R27, R28, ... (at most 50 runs are compared)."""
    return [chr(ord("A") + i) if i < 26 else f"R{i + 1}" for i in range(count)]


def _value_text(section: str, value: JsonValue, present: bool) -> str:
    if not present:
        return "-"
    if section == "code":
        lines = str(value).splitlines()
        first = lines[0] if lines else ""
        text = f"{first} (+{len(lines) - 1} lines)" if len(lines) > 1 else first
    elif isinstance(value, dict):
        text = _summary_text(value)
    elif isinstance(value, str) and section == "env":
        text = value
    elif isinstance(value, float):
        text = f"{value:.6g}"
    else:
        text = json.dumps(value)
    return text if len(text) <= _WIDEST_VALUE else text[: _WIDEST_VALUE - 3] + "..."


def _summary_text(value: dict[str, JsonValue]) -> str:
    """A variable or data file in a few characters: type, shape, fingerprint."""
    parts: list[str] = []
    kind = value.get("type")
    if isinstance(kind, str):
        parts.append(kind.rsplit(".", 1)[-1])
    shape = value.get("shape")
    if isinstance(shape, list):
        parts.append("x".join(str(n) for n in shape))
    fingerprint = value.get("fingerprint")
    parts.append(fingerprint[:8] if isinstance(fingerprint, str) else "no-fingerprint")
    return " ".join(parts)
