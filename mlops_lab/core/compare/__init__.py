"""Comparing runs: one diff document for the compare view, the REST API and ``mlops-lab diff``."""

from __future__ import annotations

from .comparison import (
    CHANGES,
    MAX_COMPARED_RUNS,
    SECTIONS,
    Comparison,
    DiffEntry,
    DiffSection,
    check_run_count,
    compare_runs,
    comparison_to_json,
)

__all__ = [
    "CHANGES",
    "MAX_COMPARED_RUNS",
    "SECTIONS",
    "Comparison",
    "DiffEntry",
    "DiffSection",
    "check_run_count",
    "compare_runs",
    "comparison_to_json",
]
