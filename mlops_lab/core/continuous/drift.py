"""Drift of a production batch against a training profile, column by column.

Numbers: the population stability index (PSI) over the training histogram,
regrouped into about ten bins of equal training mass, and a two-sample
Kolmogorov-Smirnov test between the values each profile kept. Categories: PSI
over the training's top categories (the rest pooled) and a chi-square test of
the two count vectors. Every column: the change of its missing rate. The
table: new, missing and retyped columns.

A number column drifts when its PSI reaches ``psi`` or its KS statistic reaches
``ks`` with a p-value under ``p_value``; a category column when its PSI reaches
``psi``; any column when its missing rate moves by ``missing`` or more; the
table when a column the model reads is missing or changed kind.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import fields, replace

from ..errors import InvalidInputError
from ..frozen import frozen
from .dependencies import require
from .profile import ColumnProfile, TableProfile

__all__ = ["ColumnDrift", "DriftResult", "SchemaChange", "Thresholds", "compare_profiles"]

_PSI_GROUPS = 10
_EPSILON = 1e-4  # a proportion of zero would make PSI infinite


@frozen
class Thresholds:
    """When a column counts as drifted; see the module docstring."""

    psi: float = 0.2
    ks: float = 0.1
    p_value: float = 0.05
    missing: float = 0.1

    @classmethod
    def parse(cls, settings: Sequence[str]) -> Thresholds:
        """Read ``NAME=VALUE`` settings (``psi=0.25``) over the defaults."""
        names = [f.name for f in fields(cls)]
        values: dict[str, float] = {}
        for setting in settings:
            name, equals, text = setting.partition("=")
            name = name.strip()
            try:
                number = float(text)
            except ValueError:
                number = math.nan
            if not equals or name not in names or not math.isfinite(number) or number < 0:
                raise InvalidInputError(
                    f"Malformed threshold {setting!r}: write NAME=VALUE with NAME one of "
                    f"{', '.join(names)} and VALUE a number (e.g. psi=0.2)."
                )
            values[name] = number
        return replace(cls(), **values)


@frozen
class ColumnDrift:
    """One column compared; ``reasons`` says why it drifted (empty when it did not)."""

    column: str
    kind: str
    psi: float | None
    ks_statistic: float | None
    ks_p_value: float | None
    chi2_p_value: float | None
    missing_before: float
    missing_after: float
    reasons: tuple[str, ...]

    @property
    def drifted(self) -> bool:
        return bool(self.reasons)


@frozen
class SchemaChange:
    """``new``, ``missing`` or ``retyped``; ``drifted`` when the model needs the column."""

    column: str
    change: str
    before: str | None
    after: str | None
    drifted: bool


@frozen
class DriftResult:
    rows: int
    columns: tuple[ColumnDrift, ...]
    schema: tuple[SchemaChange, ...]

    @property
    def drifted(self) -> bool:
        return any(c.drifted for c in self.columns) or any(s.drifted for s in self.schema)


def compare_profiles(
    training: TableProfile,
    batch: TableProfile,
    thresholds: Thresholds | None = None,
    *,
    inputs: Collection[str] | None = None,
) -> DriftResult:
    """Compare a batch's profile (binned over ``training``'s ranges) with the training profile.

    Parameters
    ----------
    inputs
        The columns the model reads, when it says (its signature); a missing column
        outside them is reported but is not drift. None: every training column.
    """
    limits = thresholds or Thresholds()
    schema: list[SchemaChange] = []
    columns: list[ColumnDrift] = []
    for before in training.columns:
        after = batch.column(before.name)
        needed = inputs is None or before.name in inputs
        if after is None:
            schema.append(SchemaChange(before.name, "missing", before.kind, None, needed))
        elif after.kind != before.kind:
            schema.append(SchemaChange(before.name, "retyped", before.dtype, after.dtype, needed))
        else:
            columns.append(_column(before, after, limits))
    for after in batch.columns:
        if training.column(after.name) is None:
            schema.append(SchemaChange(after.name, "new", None, after.dtype, False))
    return DriftResult(batch.rows, tuple(columns), tuple(schema))


def _column(before: ColumnProfile, after: ColumnProfile, limits: Thresholds) -> ColumnDrift:
    reasons: list[str] = []
    psi = ks = p = chi2 = None
    if before.kind == "number" and before.histogram and after.histogram:
        psi = _psi(*_grouped(before.histogram.cells(), after.histogram.cells()))
        if before.sample and after.sample:
            stats = require("scipy.stats", "A drift check")
            test = stats.ks_2samp(before.sample, after.sample)
            ks, p = float(test.statistic), float(test.pvalue)
            if ks >= limits.ks and p < limits.p_value:
                reasons.append(f"KS statistic {ks:.3f} >= {limits.ks:g} (p = {p:.2g})")
    elif before.kind in ("category", "boolean"):
        trained, seen = _category_counts(before, after)
        psi = _psi(trained, seen)
        chi2 = _chi2(trained, seen)
    if psi is not None and psi >= limits.psi:
        reasons.insert(0, f"PSI {psi:.3f} >= {limits.psi:g}")
    change = after.missing_rate - before.missing_rate
    if abs(change) >= limits.missing:
        reasons.append(f"missing {before.missing_rate:.1%} -> {after.missing_rate:.1%}")
    return ColumnDrift(
        before.name, before.kind, psi, ks, p, chi2, before.missing_rate, after.missing_rate,
        tuple(reasons),
    )  # fmt: skip


def _grouped(trained: list[float], seen: list[float]) -> tuple[list[float], list[float]]:
    """Regroup adjacent histogram cells into about ten groups of equal training mass."""
    total = sum(trained)
    if total <= 0:
        return trained, seen
    groups_t: list[float] = [0.0]
    groups_s: list[float] = [0.0]
    target = total / _PSI_GROUPS
    for t, s in zip(trained, seen, strict=True):
        if groups_t[-1] >= target:
            groups_t.append(0.0)
            groups_s.append(0.0)
        groups_t[-1] += t
        groups_s[-1] += s
    return groups_t, groups_s


def _psi(trained: Sequence[float], seen: Sequence[float]) -> float | None:
    total_t, total_s = sum(trained), sum(seen)
    if total_t <= 0 or total_s <= 0:
        return None
    value = 0.0
    for t, s in zip(trained, seen, strict=True):
        a = max(t / total_t, _EPSILON)
        b = max(s / total_s, _EPSILON)
        value += (b - a) * math.log(b / a)
    return value


def _category_counts(
    before: ColumnProfile, after: ColumnProfile
) -> tuple[list[float], list[float]]:
    labels = [label for label, _ in before.top]
    seen_counts = dict(after.top)
    trained = [n for _, n in before.top] + [before.other]
    seen = [seen_counts.pop(label, 0.0) for label in labels]
    seen.append(after.other + sum(seen_counts.values()))  # new categories pool with the rest
    return trained, seen


def _chi2(trained: list[float], seen: list[float]) -> float | None:
    kept = [(t, s) for t, s in zip(trained, seen, strict=True) if t + s > 0]
    if len(kept) < 2 or not sum(s for _, s in kept) or not sum(t for t, _ in kept):
        return None
    stats = require("scipy.stats", "A drift check")
    table = [[t for t, _ in kept], [s for _, s in kept]]
    return float(stats.chi2_contingency(table).pvalue)
