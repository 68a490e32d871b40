"""Data profiles: per column type, counts, statistics, top categories and a mergeable histogram.

A profile is small whatever the table's size: each column's JSON stays under
`MAX_COLUMN_BYTES` (64 KiB), so it is stored with the run and compared later
without the data. Rows and missing values are counted exactly; on a table of
more than `SAMPLE_ROWS` rows the rest (statistics, quantiles, histogram, top
categories) come from a uniform random sample of that many rows, which keeps
profiling a million rows within a few milliseconds per column. ``sample``
keeps up to `KEPT_VALUES` values of a numeric column for a Kolmogorov-Smirnov
test against a later batch.

pandas and numpy are optional dependencies (``pip install 'mlops-lab[continuous]'``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import field
from typing import Any

from ..frozen import frozen
from ..records import JsonValue
from .dependencies import require

__all__ = [
    "BINS",
    "KEPT_VALUES",
    "MAX_COLUMN_BYTES",
    "SAMPLE_ROWS",
    "ColumnProfile",
    "Histogram",
    "TableProfile",
    "column_size",
    "profile_frame",
    "profile_from_json",
    "profile_to_json",
]

#: Bins of a numeric histogram, equal width between the training min and max.
BINS = 64
#: Rows a large table is profiled from (count and missing stay exact).
SAMPLE_ROWS = 20_000
#: Values kept for the Kolmogorov-Smirnov test.
KEPT_VALUES = 1_000
#: Most categories kept per column, and their longest label.
TOP_CATEGORIES, LABEL_CHARS = 50, 100
#: The bound on one column's profile, as JSON.
MAX_COLUMN_BYTES = 64 * 1024
_QUANTILES = (0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)
_SEED = 20_260_101


@frozen
class Histogram:
    """Counts in `BINS` equal bins over ``[low, high]``, plus those below and above.

    Two histograms over the same range merge by adding their counts, so a batch
    binned with the training range compares bin for bin.
    """

    low: float
    high: float
    counts: tuple[float, ...]
    below: float = 0.0
    above: float = 0.0

    def merge(self, other: Histogram) -> Histogram:
        if (self.low, self.high, len(self.counts)) != (other.low, other.high, len(other.counts)):
            raise ValueError("Histograms merge only over the same bins.")
        return Histogram(
            self.low,
            self.high,
            tuple(a + b for a, b in zip(self.counts, other.counts, strict=True)),
            self.below + other.below,
            self.above + other.above,
        )

    def cells(self) -> list[float]:
        """Every count in order: below, the bins, above."""
        return [self.below, *self.counts, self.above]


@frozen
class ColumnProfile:
    """One column: ``kind`` is ``number``, ``category``, ``boolean`` or ``datetime``.

    ``count`` is the non-missing values; ``top`` the most frequent categories with
    their counts (estimated from the sample on a large table) and ``other`` the rest.
    """

    name: str
    kind: str
    dtype: str
    count: int
    missing: int
    min: float | None = None
    max: float | None = None
    mean: float | None = None
    std: float | None = None
    quantiles: Mapping[str, float] = field(default_factory=dict)
    top: tuple[tuple[str, float], ...] = ()
    other: float = 0.0
    distinct: int | None = None
    histogram: Histogram | None = None
    sample: tuple[float, ...] = ()

    @property
    def missing_rate(self) -> float:
        total = self.count + self.missing
        return self.missing / total if total else 0.0


@frozen
class TableProfile:
    """A table's profile; ``source`` and ``fingerprint`` name the file it was read from."""

    rows: int
    sampled_rows: int
    columns: tuple[ColumnProfile, ...]
    source: str | None = None
    fingerprint: str | None = None

    def column(self, name: str) -> ColumnProfile | None:
        return next((c for c in self.columns if c.name == name), None)


def profile_frame(
    frame: Any,
    *,
    source: str | None = None,
    fingerprint: str | None = None,
    reference: TableProfile | None = None,
) -> TableProfile:
    """Profile a pandas DataFrame.

    Parameters
    ----------
    frame
        The table.
    source, fingerprint
        The file it was read from, kept in the profile.
    reference
        A training profile: numeric columns are binned over its ranges, so the
        two histograms compare bin for bin (a production batch's profile).
    """
    np = require("numpy", "Profiling a table")
    pd = require("pandas", "Profiling a table")
    rows = len(frame)
    sampled = frame
    if rows > SAMPLE_ROWS:
        chosen = np.random.default_rng(_SEED).choice(rows, SAMPLE_ROWS, replace=False)
        sampled = frame.take(np.sort(chosen))
    whole = _float_columns_without_missing(np, frame)
    columns = []
    for name in frame.columns:
        series = frame[name]
        trained = reference.column(str(name)) if reference is not None else None
        missing = 0 if name in whole else _missing(np, series)
        columns.append(_column(pd, str(name), series, missing, sampled[name], trained))
    return TableProfile(rows, len(sampled), tuple(columns), source, fingerprint)


def _column(
    pd: Any, name: str, full: Any, missing: int, sampled: Any, trained: ColumnProfile | None
) -> ColumnProfile:
    dtype = str(full.dtype)
    np = require("numpy", "Profiling a table")
    count = len(full) - missing
    types = pd.api.types
    if types.is_bool_dtype(full.dtype):
        return _categories(name, "boolean", dtype, count, missing, sampled, count)
    if types.is_numeric_dtype(full.dtype):
        return _numbers(np, name, dtype, count, missing, sampled, trained)
    if types.is_datetime64_any_dtype(full.dtype):
        values = sampled.dropna()
        low = values.min().timestamp() if len(values) else None
        high = values.max().timestamp() if len(values) else None
        return ColumnProfile(name, "datetime", dtype, count, missing, min=low, max=high)
    return _categories(name, "category", dtype, count, missing, sampled, count)


def _float_columns_without_missing(np: Any, frame: Any) -> set[Any]:
    """The float columns whose sum is finite, so hold no NaN: one pass over each block.

    Summing the float columns together reads each block of the table once in its
    memory order, where column by column would stride through a row-major block.
    """
    floating = [isinstance(d, np.dtype) and d.kind == "f" for d in frame.dtypes]
    if floating and all(floating):  # selecting columns would copy them, in pandas 2
        sums = frame.sum(skipna=False).to_numpy()
    else:
        sums = [
            np.add.reduce(frame.iloc[:, i].to_numpy()) if is_float else np.nan
            for i, is_float in enumerate(floating)
        ]
    return {name for name, total in zip(frame.columns, sums, strict=True) if np.isfinite(total)}


def _missing(np: Any, column: Any) -> int:
    kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else ""
    if kind in "iub" and kind:  # plain integers and booleans cannot be missing
        return 0
    if kind == "f":
        return int(np.count_nonzero(np.isnan(column.to_numpy())))
    return int(column.isna().sum())


def _numbers(
    np: Any,
    name: str,
    dtype: str,
    count: int,
    missing: int,
    sampled: Any,
    trained: ColumnProfile | None,
) -> ColumnProfile:
    values = sampled.to_numpy(dtype="float64", na_value=np.nan)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return ColumnProfile(name, "number", dtype, count, missing)
    low, high = float(values.min()), float(values.max())
    scale = count / values.size  # sampled counts stand for the whole column
    if trained is not None and trained.histogram is not None:
        histogram = _binned(np, values, trained.histogram.low, trained.histogram.high, scale)
    else:
        histogram = _binned(np, values, low, high, scale)
    kept = values
    if values.size > KEPT_VALUES:
        kept = np.random.default_rng(_SEED).choice(values, KEPT_VALUES, replace=False)
    quantiles = np.quantile(values, _QUANTILES)
    return ColumnProfile(
        name,
        "number",
        dtype,
        count,
        missing,
        min=low,
        max=high,
        mean=float(values.mean()),
        std=float(values.std()),
        quantiles={str(q): float(v) for q, v in zip(_QUANTILES, quantiles, strict=True)},
        histogram=histogram,
        sample=tuple(kept.tolist()),
    )


def _binned(np: Any, values: Any, low: float, high: float, scale: float) -> Histogram:
    width = (high - low) / BINS if high > low else 1.0
    index = np.floor((values - low) / width).astype(np.int64)
    below = int((index < 0).sum())
    above = int((index >= BINS).sum()) - int((values == high).sum())
    # The maximum belongs to the last bin, not above it (numpy's convention too).
    index = np.clip(index, -1, BINS)
    index[values == high] = BINS - 1
    counts = np.bincount(index[(index >= 0) & (index < BINS)], minlength=BINS)
    return Histogram(
        low,
        high,
        tuple(round(float(c) * scale, 3) for c in counts),
        round(below * scale, 3),
        round(max(above, 0) * scale, 3),
    )


def _categories(
    name: str, kind: str, dtype: str, count: int, missing: int, sampled: Any, total: int
) -> ColumnProfile:
    counts = sampled.dropna().astype(str).value_counts()
    seen = int(counts.sum())
    scale = total / seen if seen else 0.0
    top = tuple(
        (str(label)[:LABEL_CHARS], round(float(n) * scale, 3))
        for label, n in counts.head(TOP_CATEGORIES).items()
    )
    other = round(max(0.0, total - sum(n for _, n in top)), 3)
    return ColumnProfile(
        name, kind, dtype, count, missing, top=top, other=other, distinct=len(counts)
    )


# -- JSON -------------------------------------------------------------------------------------


def profile_to_json(profile: TableProfile) -> dict[str, JsonValue]:
    """The profile as JSON (``TableProfile`` in openapi.yaml)."""
    return {
        "rows": profile.rows,
        "sampled_rows": profile.sampled_rows,
        "source": profile.source,
        "fingerprint": profile.fingerprint,
        "columns": [_column_to_json(c) for c in profile.columns],
    }


def _column_to_json(column: ColumnProfile) -> dict[str, JsonValue]:
    histogram = column.histogram
    return {
        "name": column.name,
        "kind": column.kind,
        "dtype": column.dtype,
        "count": column.count,
        "missing": column.missing,
        "min": column.min,
        "max": column.max,
        "mean": column.mean,
        "std": column.std,
        "quantiles": dict(column.quantiles),
        "top": [[label, n] for label, n in column.top],
        "other": column.other,
        "distinct": column.distinct,
        "histogram": None
        if histogram is None
        else {
            "low": histogram.low,
            "high": histogram.high,
            "counts": list(histogram.counts),
            "below": histogram.below,
            "above": histogram.above,
        },
        "sample": list(column.sample),
    }


def profile_from_json(document: Mapping[str, Any]) -> TableProfile:
    """Read back what `profile_to_json` wrote."""
    return TableProfile(
        rows=int(document["rows"]),
        sampled_rows=int(document["sampled_rows"]),
        columns=tuple(_column_from_json(c) for c in document["columns"]),
        source=document.get("source"),
        fingerprint=document.get("fingerprint"),
    )


def _column_from_json(c: Mapping[str, Any]) -> ColumnProfile:
    h = c.get("histogram")
    return ColumnProfile(
        name=c["name"],
        kind=c["kind"],
        dtype=c["dtype"],
        count=int(c["count"]),
        missing=int(c["missing"]),
        min=c.get("min"),
        max=c.get("max"),
        mean=c.get("mean"),
        std=c.get("std"),
        quantiles=dict(c.get("quantiles") or {}),
        top=tuple((str(label), float(n)) for label, n in c.get("top") or ()),
        other=float(c.get("other") or 0.0),
        distinct=c.get("distinct"),
        histogram=None
        if not h
        else Histogram(
            float(h["low"]), float(h["high"]), tuple(h["counts"]), h["below"], h["above"]
        ),
        sample=tuple(c.get("sample") or ()),
    )


def column_size(column: ColumnProfile) -> int:
    """Bytes of the column's JSON: bounded by `MAX_COLUMN_BYTES` by construction."""
    return len(json.dumps(_column_to_json(column)).encode("utf-8"))
