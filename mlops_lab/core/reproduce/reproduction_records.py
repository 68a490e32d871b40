"""Typed records of a reproduction: the metric checks and the drift found."""

from __future__ import annotations

import enum

from ..frozen import frozen

__all__ = [
    "CellDrift",
    "CodeDrift",
    "DataDrift",
    "EnvironmentDrift",
    "MetricCheck",
    "MetricStatus",
    "PackageDrift",
    "ReproductionReport",
]


class MetricStatus(str, enum.Enum):
    """How one metric of the original run fared in the reproduction."""

    PASS = "pass"  # within its tolerance
    FAIL = "fail"  # outside it
    MISSING = "missing"  # the reproduction did not log it: a failure
    NEW = "new"  # only the reproduction logged it: not a failure


@frozen
class MetricCheck:
    """One metric compared: ``difference`` is relative to the recorded value."""

    name: str
    recorded: float | None
    reproduced: float | None
    tolerance: float
    difference: float | None
    status: MetricStatus

    @property
    def passed(self) -> bool:
        return self.status in (MetricStatus.PASS, MetricStatus.NEW)


@frozen
class CellDrift:
    """A notebook cell (by its cell id) that differs from what the run executed.

    ``change`` is ``changed`` (edited since), ``deleted`` (no longer in the
    notebook) or ``added`` (in the notebook, never executed by the run).
    """

    cell_id: str
    change: str
    recorded: str | None
    current: str | None


@frozen
class CodeDrift:
    """The recorded cells against the notebook file as it is now."""

    notebook: str | None
    found: bool
    cells: tuple[CellDrift, ...] = ()


@frozen
class PackageDrift:
    """A package whose version differs; None means not installed on that side."""

    name: str
    recorded: str | None
    current: str | None


@frozen
class EnvironmentDrift:
    """The environment lock of the run against the one the reproduction ran in.

    ``command`` is the pip command that puts back the recorded versions of the
    packages that differ or are missing (None when nothing is to put back).
    """

    recorded_python: str | None
    current_python: str | None
    packages: tuple[PackageDrift, ...] = ()
    command: str | None = None


@frozen
class DataDrift:
    """An input file of the run whose content changed since, or that is missing."""

    path: str
    status: str  # "changed" or "missing"
    recorded: str | None
    current: str | None


@frozen
class ReproductionReport:
    """The outcome of re-executing a run: did it match, and what drifted.

    ``failure`` names the cell that stopped the reproduction, if one did;
    ``skipped_cells`` are the ``seq`` of recorded cells not replayed (they
    failed in the original run, or started a new run).
    """

    run_id: str
    reproduction_run_id: str | None
    metrics: tuple[MetricCheck, ...]
    code: CodeDrift
    environment: EnvironmentDrift | None
    data: tuple[DataDrift, ...]
    skipped_cells: tuple[int, ...] = ()
    failure: str | None = None

    @property
    def passed(self) -> bool:
        """Every metric within its tolerance, and every replayed cell ran."""
        return self.failure is None and all(check.passed for check in self.metrics)
