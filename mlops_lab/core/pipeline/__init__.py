"""Notebook to pipeline: the intermediate representation, its targets and its runs.

Framework-free like the rest of the core. A notebook (nbformat 4 JSON) becomes a
`Pipeline` (`pipeline_from_notebook`): parameters, shared code, steps with the
variables that flow between them, the DAG with a reason for each edge, the
metrics, and the problems that stop it from running. ``pipeline.yaml`` is its
serialized form.

Modules
-------
marks
    What a cell's tags and ``%%mlops step`` line say about it.
analysis
    Which names a piece of code reads and defines (``ast``).
build
    Cells to steps, reads to edges, and the validation problems.
model
    The frozen dataclasses of the representation.
serialize
    ``pipeline.yaml`` and back.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any

    from .analysis import CodeNames, ImportBinding, analyze_code, strip_magics
    from .build import pipeline_from_notebook, read_notebook_json
    from .marks import MAGIC_USAGE, parse_step_magic
    from .model import (
        CellRef,
        Edge,
        EdgeKind,
        Metric,
        Parameter,
        ParameterType,
        Pipeline,
        Problem,
        ProblemKind,
        Step,
        StepInput,
    )
    from .serialize import (
        pipeline_from_dict,
        pipeline_summary,
        pipeline_to_dict,
        read_yaml,
        write_yaml,
    )

__all__ = [
    "MAGIC_USAGE",
    "CellRef",
    "CodeNames",
    "Edge",
    "EdgeKind",
    "ImportBinding",
    "Metric",
    "Parameter",
    "ParameterType",
    "Pipeline",
    "Problem",
    "ProblemKind",
    "Step",
    "StepInput",
    "analyze_code",
    "parse_step_magic",
    "pipeline_from_dict",
    "pipeline_from_notebook",
    "pipeline_summary",
    "pipeline_to_dict",
    "read_notebook_json",
    "read_yaml",
    "strip_magics",
    "write_yaml",
]

_LAZY = {
    "CellRef": "model",
    "CodeNames": "analysis",
    "Edge": "model",
    "EdgeKind": "model",
    "ImportBinding": "analysis",
    "MAGIC_USAGE": "marks",
    "Metric": "model",
    "Parameter": "model",
    "ParameterType": "model",
    "Pipeline": "model",
    "Problem": "model",
    "ProblemKind": "model",
    "Step": "model",
    "StepInput": "model",
    "analyze_code": "analysis",
    "parse_step_magic": "marks",
    "pipeline_from_dict": "serialize",
    "pipeline_from_notebook": "build",
    "pipeline_summary": "serialize",
    "pipeline_to_dict": "serialize",
    "read_notebook_json": "build",
    "read_yaml": "serialize",
    "strip_magics": "analysis",
    "write_yaml": "serialize",
}


def __getattr__(name: str) -> Any:
    # Loaded on first use: `pipeline run` needs none of the notebook analysis.
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
