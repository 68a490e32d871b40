"""Metrics of a run against its reproduction, each within a tolerance.

A tolerance is relative: ``|reproduced - recorded| <= tolerance * |recorded|``.
By default a metric whose recorded value is a whole number (a count, an epoch)
must match exactly and any other must match to 1e-9, so only floating-point
noise passes. ``NAME=REL`` sets one metric's, ``*=REL`` every other's.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from ..errors import InvalidInputError
from .reproduction_records import MetricCheck, MetricStatus

__all__ = ["DEFAULT_FLOAT_TOLERANCE", "compare_metrics", "parse_tolerances"]

DEFAULT_FLOAT_TOLERANCE = 1e-9
#: The tolerance name that applies to every metric not named on its own.
ANY_METRIC = "*"


def parse_tolerances(items: Iterable[str]) -> dict[str, float]:
    """Read ``NAME=REL`` items (``accuracy=0.02``, ``*=1e-6``).

    Raises
    ------
    InvalidInputError
        An item is not ``NAME=REL`` with REL a number of 0 or more.
    """
    tolerances: dict[str, float] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not sep or not name or not math.isfinite(value) or value < 0:
            raise InvalidInputError(
                f"Tolerance {item!r} is not NAME=REL with REL a relative difference of 0 "
                "or more, e.g. accuracy=0.02 (2 %) or *=1e-6 for every metric."
            )
        tolerances[name] = value
    return tolerances


def compare_metrics(
    recorded: Mapping[str, float],
    reproduced: Mapping[str, float],
    tolerances: Mapping[str, float] | None = None,
) -> tuple[MetricCheck, ...]:
    """Check every recorded metric against the reproduction's, sorted by name.

    Metrics only the reproduction logged are listed as ``new``, not failed.
    """
    tolerances = tolerances or {}
    checks = []
    for name in sorted(set(recorded) | set(reproduced)):
        before, after = recorded.get(name), reproduced.get(name)
        tolerance = _tolerance(name, before, tolerances)
        if before is None:
            checks.append(MetricCheck(name, None, after, tolerance, None, MetricStatus.NEW))
            continue
        if after is None:
            checks.append(MetricCheck(name, before, None, tolerance, None, MetricStatus.MISSING))
            continue
        difference = _relative_difference(before, after)
        within = before == after or difference <= tolerance
        status = MetricStatus.PASS if within else MetricStatus.FAIL
        checks.append(MetricCheck(name, before, after, tolerance, difference, status))
    return tuple(checks)


def _tolerance(name: str, recorded: float | None, tolerances: Mapping[str, float]) -> float:
    if name in tolerances:
        return tolerances[name]
    if ANY_METRIC in tolerances:
        return tolerances[ANY_METRIC]
    if recorded is not None and float(recorded).is_integer():
        return 0.0
    return DEFAULT_FLOAT_TOLERANCE


def _relative_difference(recorded: float, reproduced: float) -> float:
    if recorded == reproduced:
        return 0.0
    scale = abs(recorded)
    if scale == 0:
        return math.inf  # any change from exactly zero is infinitely large relatively
    return abs(reproduced - recorded) / scale
