"""Monitoring: a production batch against the training data of the model version serving it.

The training data is found through lineage: model version -> run -> the tables
the run read (their profiles, see `run_profiles`). The table whose columns best
match the batch is the reference; each drifting column is traced back to that
file and to the cells that read it. Every check is kept on the version as the
tag ``monitor/TIMESTAMP`` (read back by `history`).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime, timezone
from typing import Any

from ..errors import NotFoundError
from ..frozen import frozen
from ..records import CellExecution, FileMode, JsonValue
from ..registry.base import Registry
from ..registry.names import VersionRef
from ..registry.version_records import ModelVersion
from ..store.store import Store
from ..timestamps import iso_timestamp
from .drift import DriftResult, Thresholds, compare_profiles
from .history import MONITOR_TAG_PREFIX
from .profile import TableProfile, profile_frame
from .promotion import current_user, tag_key
from .run_profiles import RunProfile, profile_run

__all__ = [
    "MonitorResult",
    "TrainingCell",
    "monitor_batch",
    "monitor_to_json",
]

#: The drifting columns whose numbers a check's tag keeps, largest PSI first: MLflow
#: refuses tag values over 5000 characters.
_TAG_COLUMNS = 20


@frozen
class TrainingCell:
    """A cell execution of the training run that read the training file."""

    seq: int
    cell_id: str | None
    execution_count: int | None
    first_line: str


@frozen
class MonitorResult:
    model: str
    version: int
    batch: str
    training_file: str
    cells: tuple[TrainingCell, ...]
    drift: DriftResult
    when: datetime

    @property
    def drifted(self) -> bool:
        return self.drift.drifted


def monitor_batch(
    registry: Registry,
    store: Store,
    ref: VersionRef,
    batch: Any,
    *,
    batch_name: str,
    thresholds: Thresholds | None = None,
    record: bool = True,
) -> MonitorResult:
    """Compare ``batch`` (a pandas DataFrame) with the training profile of ``ref``.

    Raises
    ------
    NotFoundError
        The version, its run in this store, or a profile of a table it read.
    """
    version = registry.get_version(ref)
    if not version.run_id:
        raise NotFoundError(
            f"{version.name}/{version.version} records no run; it cannot be monitored."
        )
    detail = store.get_run_detail(version.run_id)
    profiles = profile_run(store, version.run_id)
    chosen = _reference(profiles, [str(c) for c in batch.columns], version)
    training = chosen.profile
    assert training is not None  # _reference returns a profiled table
    drift = compare_profiles(
        training,
        profile_frame(batch, source=batch_name, reference=training),
        thresholds,
        inputs=_inputs(version),
    )
    result = MonitorResult(
        model=version.name,
        version=version.version,
        batch=batch_name,
        training_file=chosen.file.path,
        cells=_readers(detail.cells, chosen.file.path),
        drift=drift,
        when=datetime.now(timezone.utc),
    )
    if record:
        summary = _summary(result)
        registry.set_version_tags(
            version.name,
            version.version,
            {tag_key(MONITOR_TAG_PREFIX, result.when): json.dumps(summary, separators=(",", ":"))},
        )
    return result


def _reference(
    profiles: tuple[RunProfile, ...], columns: list[str], version: ModelVersion
) -> RunProfile:
    usable = [p for p in profiles if p.profile is not None]
    if not usable:
        why = "; ".join(p.problem or "" for p in profiles) or "its run read no CSV or Parquet file"
        raise NotFoundError(
            f"{version.name}/{version.version} has no training data profile: {why}."
        )

    def overlap(found: RunProfile) -> int:
        profile: TableProfile | None = found.profile
        return 0 if profile is None else sum(1 for c in profile.columns if c.name in columns)

    return max(usable, key=overlap)


def _inputs(version: ModelVersion) -> Collection[str] | None:
    inputs = version.model.signature.get("inputs")
    names = inputs.get("feature_names") if isinstance(inputs, dict) else None
    if isinstance(names, list) and names:
        return {str(n) for n in names}
    return None


def _readers(cells: tuple[CellExecution, ...], path: str) -> tuple[TrainingCell, ...]:
    return tuple(
        TrainingCell(c.seq, c.cell_id, c.execution_count, (c.code.splitlines() or [""])[0][:120])
        for c in cells
        if any(f.path == path and f.mode is FileMode.READ for f in c.files)
    )


def _summary(result: MonitorResult) -> dict[str, JsonValue]:
    """What the version's tag keeps of a check: the verdict and what drifted."""
    drifting: list[JsonValue] = [c.column for c in result.drift.columns if c.drifted]
    psis = [c.psi for c in result.drift.columns if c.psi is not None]
    worst = sorted((c for c in result.drift.columns if c.drifted), key=lambda c: -(c.psi or 0.0))
    columns: list[JsonValue] = [
        {
            "column": c.column,
            "psi": _rounded(c.psi),
            "ks_p_value": _rounded(c.ks_p_value),
            "missing_before": _rounded(c.missing_before),
            "missing_after": _rounded(c.missing_after),
        }
        for c in worst[:_TAG_COLUMNS]
    ]
    schema: list[JsonValue] = [
        {"column": s.column, "change": s.change} for s in result.drift.schema
    ]
    return {
        "when": iso_timestamp(result.when),
        "who": current_user(),
        "batch": result.batch,
        "rows": result.drift.rows,
        "drifted": result.drifted,
        "training_file": result.training_file,
        "max_psi": _rounded(max(psis, default=None)),
        "drifting_columns": drifting[:50],
        "columns": columns,
        "schema_changes": schema[:50],
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else float(f"{value:.4g}")


def monitor_to_json(result: MonitorResult) -> dict[str, JsonValue]:
    """The document ``mlops-lab monitor --json`` prints (``MonitorReport``)."""
    cells: list[JsonValue] = [
        {
            "seq": c.seq,
            "cell_id": c.cell_id,
            "execution_count": c.execution_count,
            "first_line": c.first_line,
        }
        for c in result.cells
    ]
    return {
        "model": result.model,
        "version": result.version,
        "batch": result.batch,
        "rows": result.drift.rows,
        "when": iso_timestamp(result.when),
        "drifted": result.drifted,
        "training_file": result.training_file,
        "training_cells": cells,
        "columns": [
            {
                "column": c.column,
                "kind": c.kind,
                "drifted": c.drifted,
                "reasons": list(c.reasons),
                "psi": c.psi,
                "ks_statistic": c.ks_statistic,
                "ks_p_value": c.ks_p_value,
                "chi2_p_value": c.chi2_p_value,
                "missing_before": c.missing_before,
                "missing_after": c.missing_after,
            }
            for c in result.drift.columns
        ],
        "schema": [
            {
                "column": s.column,
                "change": s.change,
                "before": s.before,
                "after": s.after,
                "drifted": s.drifted,
            }
            for s in result.drift.schema
        ],
    }
