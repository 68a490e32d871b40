"""Which params and metrics ``mlops-lab runs`` shows as columns, and one format per column.

By default: the params and metrics whose values differ among the listed runs (what
a reader wants to compare), always with the ones ``--sort`` and ``--filter`` name;
``--columns`` chooses instead. Numbers in one column share one format, so a column
reads down cleanly (``0.2956`` under ``0.2951``, not ``0.29558300275163235``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..core import InvalidInputError, JsonValue, Run, ValueSort
from ..core.frozen import frozen
from ..core.store.run_filter import Comparison, parse_filter

__all__ = ["MAX_AUTOMATIC", "Column", "choose_columns", "format_column", "parse_columns"]

#: More automatic columns than this would not fit a terminal; --columns shows any.
MAX_AUTOMATIC = 6


@frozen
class Column:
    """``kind`` is "params" or "metrics"."""

    kind: str
    name: str

    @property
    def header(self) -> str:
        return self.name

    def value(self, run: Run) -> JsonValue | None:
        values = run.params if self.kind == "params" else run.metrics
        return values.get(self.name)


def parse_columns(text: str) -> tuple[Column, ...]:
    """``--columns lr,metrics.acc,params.seed``: a bare name is a metric if any run has one."""
    columns = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        kind, _, name = part.partition(".")
        if kind in ("params", "metrics") and name:
            columns.append(Column(kind, name))
        else:
            columns.append(Column("", part))
    if not columns:
        raise InvalidInputError("--columns needs names, e.g. --columns lr,accuracy.")
    return tuple(columns)


def choose_columns(
    runs: Sequence[Run],
    *,
    chosen: Sequence[Column] | None,
    sort: object,
    filter_text: str | None,
) -> tuple[list[Column], int]:
    """The columns to show, and how many differing keys were left out."""
    if chosen is not None:
        return [_resolved(column, runs) for column in chosen], 0
    named: list[Column] = []
    if isinstance(sort, ValueSort):
        named.append(Column("metrics" if sort.kind == "metrics" else "params", sort.name))
    if filter_text:
        for term in parse_filter(filter_text):
            if isinstance(term, Comparison) and term.kind != "tags":
                named.append(_resolved(Column(term.kind or "", term.name), runs))
    differing = [c for c in _differing(runs) if c not in named]
    shown = max(0, MAX_AUTOMATIC - len(named))
    unique = list(dict.fromkeys(named))
    return unique + differing[:shown], max(0, len(differing) - shown)


def format_column(values: Sequence[JsonValue | None]) -> list[str]:
    """Text for one column: numbers to one shared precision, ``-`` where absent."""
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    floats = [float(v) for v in numbers if isinstance(v, float) and math.isfinite(v)]
    decimals = _shared_decimals(floats) if floats else 0
    texts = []
    for value in values:
        if value is None:
            texts.append("-")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            texts.append(str(value))
        elif floats:
            texts.append(f"{float(value):.{decimals}f}")
        else:
            texts.append(str(value))
    return texts


def _shared_decimals(values: Sequence[float]) -> int:
    """The decimals the most precise value needs at 4 significant digits (at most 8)."""
    needed = 0
    for value in values:
        if value == 0:
            continue
        text = f"{value:.4g}"
        if "e" in text:  # beyond 8 decimals either way: the cap applies
            return 8 if abs(value) < 1 else needed
        _, _, decimals = text.partition(".")
        needed = max(needed, len(decimals))
    return min(8, needed)


def _resolved(column: Column, runs: Sequence[Run]) -> Column:
    if column.kind:
        return column
    # A bare name means a metric when a run has one, else a param (as the filter does).
    if any(column.name in run.metrics for run in runs):
        return Column("metrics", column.name)
    return Column("params", column.name)


def _differing(runs: Sequence[Run]) -> list[Column]:
    """Metrics first (what the runs achieved), then params, each in first-seen order."""
    columns = []
    for kind in ("metrics", "params"):
        names: dict[str, None] = {}
        for run in runs:
            names.update(dict.fromkeys(run.metrics if kind == "metrics" else run.params))
        for name in names:
            column = Column(kind, name)
            texts = {repr(column.value(run)) for run in runs}
            if len(texts) > 1:
                columns.append(column)
    return columns
