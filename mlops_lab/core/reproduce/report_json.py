"""The JSON face of a reproduction report, shared by ``--json`` and the REST API.

Described by the ``ReproductionReport`` schema of ``mlops_lab/server/openapi.yaml``.
"""

from __future__ import annotations

import math
from typing import Any

from .reproduction_records import ReproductionReport

__all__ = ["report_to_json"]


def report_to_json(report: ReproductionReport) -> dict[str, Any]:
    environment = report.environment
    return {
        "run_id": report.run_id,
        "reproduction_run_id": report.reproduction_run_id,
        "passed": report.passed,
        "failure": report.failure,
        "skipped_cells": list(report.skipped_cells),
        "metrics": [
            {
                "name": check.name,
                "recorded": check.recorded,
                "reproduced": check.reproduced,
                "tolerance": check.tolerance,
                "difference": _finite(check.difference),
                "status": check.status.value,
                "passed": check.passed,
            }
            for check in report.metrics
        ],
        "code": {
            "notebook": report.code.notebook,
            "found": report.code.found,
            "cells": [
                {
                    "cell_id": cell.cell_id,
                    "change": cell.change,
                    "recorded": cell.recorded,
                    "current": cell.current,
                }
                for cell in report.code.cells
            ],
        },
        "environment": None
        if environment is None
        else {
            "recorded_python": environment.recorded_python,
            "current_python": environment.current_python,
            "packages": [
                {"name": p.name, "recorded": p.recorded, "current": p.current}
                for p in environment.packages
            ],
            "command": environment.command,
        },
        "data": [
            {"path": d.path, "status": d.status, "recorded": d.recorded, "current": d.current}
            for d in report.data
        ],
    }


def _finite(value: float | None) -> float | None:
    # JSON has no infinity: a change from exactly zero has no relative size.
    return value if value is None or math.isfinite(value) else None
