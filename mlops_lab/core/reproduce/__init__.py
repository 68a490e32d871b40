"""Reproducing a run: what to replay, and how the result compares.

Framework-free: the headless adapter (``mlops_lab.headless.reproduce``)
executes the plan in a fresh kernel as a new run; this package decides what
to replay (`replay_plan`) and judges the outcome: metrics within tolerances
(`compare_metrics`), and the drift that explains a mismatch, in code
(`code_drift`), environment (`environment_drift`) and data (`data_drift`).

Modules
-------
plan
    The recorded cells to replay, in order.
metrics
    Tolerances and the metric checks.
code_drift, environment_drift, data_drift
    What changed since the run, each compared its own way.
report_json
    The report as JSON, for the CLI and the REST API.
"""

from __future__ import annotations

from .code_drift import code_drift
from .data_drift import data_drift, input_files
from .environment_drift import environment_drift
from .metrics import DEFAULT_FLOAT_TOLERANCE, compare_metrics, parse_tolerances
from .plan import ReplayCell, replay_plan
from .report_json import report_to_json
from .reproduction_records import (
    CellDrift,
    CodeDrift,
    DataDrift,
    EnvironmentDrift,
    MetricCheck,
    MetricStatus,
    PackageDrift,
    ReproductionReport,
)

__all__ = [
    "DEFAULT_FLOAT_TOLERANCE",
    "CellDrift",
    "CodeDrift",
    "DataDrift",
    "EnvironmentDrift",
    "MetricCheck",
    "MetricStatus",
    "PackageDrift",
    "ReplayCell",
    "ReproductionReport",
    "code_drift",
    "compare_metrics",
    "data_drift",
    "environment_drift",
    "input_files",
    "parse_tolerances",
    "replay_plan",
    "report_to_json",
]
