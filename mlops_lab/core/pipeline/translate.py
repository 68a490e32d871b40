"""A cell's source as plain Python that a step can run outside IPython.

Line for line, so a traceback's line numbers point at the cell's own lines:
``%mlops metric KEY=VALUE`` becomes a call of ``mlops_lab.log_metrics`` (values
``{expr}`` or ``$name`` as IPython expands them); the ``%%mlops step`` line and
other IPython-only lines become comments.
"""

from __future__ import annotations

import re
import shlex

from ..capture.parameters import parse_value

__all__ = ["metric_line_reads", "runnable_source", "uses_mlops_lab"]

_MLOPS_METRIC = re.compile(r"^(\s*)%mlops\s+metric\s+(.*)$")
_MAGIC_LINE = re.compile(r"^(\s*)(%|!)(.*)$")
_ASSIGNED_MAGIC = re.compile(r"^(\s*)([A-Za-z_][\w, ]*?)\s*=\s*(%|!)(.*)$")
_EXPANDED = re.compile(r"^\{(.+)\}$|^\$([A-Za-z_]\w*)$")
_CALL = "mlops_lab.log_metrics"


def uses_mlops_lab(source: str) -> bool:
    """Whether `runnable_source` turns a line of ``source`` into a call of mlops_lab."""
    return any(_MLOPS_METRIC.match(line) for line in source.splitlines())


def runnable_source(source: str) -> str:
    """Translate ``source`` (see the module docstring); plain Python is returned as is."""
    lines = source.splitlines()
    out: list[str] = []
    for number, line in enumerate(lines):
        if number == 0 and line.lstrip().startswith("%%"):
            out.append(f"# {line.strip()}")
            continue
        metric = _MLOPS_METRIC.match(line)
        if metric:
            out.append(f"{metric.group(1)}{_metric_call(metric.group(2))}")
            continue
        assigned = _ASSIGNED_MAGIC.match(line)
        if assigned and not line.lstrip().startswith(("%", "!")):
            indent, target, sign, rest = assigned.groups()
            out.append(f"{indent}{target.strip()} = None  # IPython only: {sign}{rest.strip()}")
            continue
        magic = _MAGIC_LINE.match(line)
        if magic:
            indent, sign, rest = magic.groups()
            out.append(f"{indent}pass  # IPython only: {sign}{rest.strip()}")
            continue
        out.append(line)
    return "\n".join(out) + ("\n" if source.endswith("\n") else "")


def metric_line_reads(line: str) -> str | None:
    """For a ``%mlops metric`` line, an expression reading what its ``{expr}`` values read."""
    metric = _MLOPS_METRIC.match(line)
    if metric is None:
        return None
    parts = _metric_parts(metric.group(2))
    if parts is None:
        return f"{metric.group(1)}pass"
    return f"{metric.group(1)}{{{', '.join(parts[0])}}}"


def _metric_call(arguments: str) -> str:
    parts = _metric_parts(arguments)
    if parts is None:
        return f"pass  # IPython only: %mlops metric {arguments}"
    pairs, step = parts
    step_argument = f", step={step}" if step is not None else ""
    return f"{_CALL}({{{', '.join(pairs)}}}{step_argument})"


def _metric_parts(arguments: str) -> tuple[list[str], int | None] | None:
    """``KEY=VALUE`` pairs as ``'key': expression`` texts, and ``--step``; None if unreadable."""
    try:
        words = shlex.split(arguments)
    except ValueError:
        return None
    step = None
    pairs: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word == "--step" and index + 1 < len(words):
            if words[index + 1].isdigit():
                step = int(words[index + 1])
            index += 2
            continue
        key, sep, value = word.partition("=")
        if sep and key:
            expanded = _EXPANDED.match(value)
            if expanded:
                expression = expanded.group(1) or expanded.group(2)
            else:
                expression = repr(parse_value(value))
            pairs.append(f"{key!r}: {expression}")
        index += 1
    return pairs, step
