"""``pipeline.yaml``: the pipeline as a person reads it, and back.

Code is written as YAML block text (``|``), so each cell reads as it does in the
notebook; the order of keys follows the order in which a reader wants them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import yaml

from ..errors import InvalidInputError
from ..records import JsonValue
from ..store.confined import write_confined
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

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "FORMAT_VERSION",
    "pipeline_from_dict",
    "pipeline_summary",
    "pipeline_to_dict",
    "read_yaml",
    "write_yaml",
]

#: Version of the ``pipeline.yaml`` layout; a newer one is refused with a message.
FORMAT_VERSION = 1


def pipeline_to_dict(pipeline: Pipeline) -> dict[str, Any]:
    """The pipeline as plain data (what ``pipeline.yaml`` and the REST API hold)."""
    return {
        "format": FORMAT_VERSION,
        "name": pipeline.name,
        "notebook": pipeline.notebook,
        "source_run": pipeline.source_run,
        "parameters": [
            {"name": p.name, "type": p.type.value, "default": p.default, "cell_id": p.cell_id}
            for p in pipeline.parameters
        ],
        "metrics": [{"name": m.name, "step": m.step} for m in pipeline.metrics],
        "steps": [_step_to_dict(step) for step in pipeline.steps],
        "edges": [
            {
                "from": e.upstream,
                "to": e.downstream,
                "kind": e.kind.value,
                "variables": list(e.variables),
                "why": e.explanation,
            }
            for e in pipeline.edges
        ],
        "shared": [_cell_to_dict(cell) for cell in pipeline.shared],
        "problems": [
            {
                "kind": p.kind.value,
                "message": p.message,
                "cell_id": p.cell_id,
                "cell_index": p.cell_index,
                "variable": p.variable,
                "step": p.step,
            }
            for p in pipeline.problems
        ],
        **({"extra": dict(pipeline.extra)} if pipeline.extra else {}),
    }


def _step_to_dict(step: Step) -> dict[str, Any]:
    return {
        "name": step.name,
        "after": list(step.after),
        "inputs": [
            {"name": i.name, "parameter": True}
            if i.is_parameter
            else {"name": i.name, "from": i.step}
            for i in step.inputs
        ],
        "outputs": list(step.outputs),
        "imports": list(step.imports),
        "cells": [_cell_to_dict(cell) for cell in step.cells],
    }


def _input_to_dict(step_input: StepInput) -> dict[str, Any]:
    if step_input.is_parameter:
        return {"name": step_input.name, "parameter": True}
    return {"name": step_input.name, "from": step_input.step}


def _cell_to_dict(cell: CellRef) -> dict[str, Any]:
    return {"index": cell.index, "id": cell.id, "source": cell.source}


def pipeline_from_dict(data: Mapping[str, Any]) -> Pipeline:
    """Read back what `pipeline_to_dict` wrote.

    Raises
    ------
    InvalidInputError
        Not a pipeline document, or one written by a newer mlops-lab.
    """
    try:
        version = int(data.get("format", 0))
        if version > FORMAT_VERSION:
            raise InvalidInputError(
                f"This pipeline was written in format {version}; this mlops-lab reads up to "
                f"{FORMAT_VERSION}: pip install --upgrade mlops-lab"
            )
        return Pipeline(
            name=str(data["name"]),
            notebook=data.get("notebook"),
            source_run=data.get("source_run"),
            parameters=tuple(
                Parameter(
                    p["name"], ParameterType(p["type"]), _json(p.get("default")), p.get("cell_id")
                )
                for p in data.get("parameters") or []
            ),
            metrics=tuple(Metric(m["name"], m["step"]) for m in data.get("metrics") or []),
            steps=tuple(_step_from_dict(s) for s in data.get("steps") or []),
            edges=tuple(
                Edge(
                    e["from"],
                    e["to"],
                    EdgeKind(e["kind"]),
                    tuple(e.get("variables") or ()),
                    e.get("why", ""),
                )
                for e in data.get("edges") or []
            ),
            shared=tuple(_cell_from_dict(c) for c in data.get("shared") or []),
            problems=tuple(
                Problem(
                    ProblemKind(p["kind"]),
                    p["message"],
                    p.get("cell_id"),
                    p.get("cell_index"),
                    p.get("variable"),
                    p.get("step"),
                )
                for p in data.get("problems") or []
            ),
            extra=dict(data.get("extra") or {}),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, InvalidInputError):
            raise
        raise InvalidInputError(
            f"Not a pipeline document ({type(error).__name__}: {error}); "
            "export the notebook again with mlops-lab export."
        ) from None


def _step_from_dict(data: Mapping[str, Any]) -> Step:
    return Step(
        name=data["name"],
        cells=tuple(_cell_from_dict(c) for c in data.get("cells") or []),
        inputs=tuple(
            StepInput(i["name"], None if i.get("parameter") else i["from"])
            for i in data.get("inputs") or []
        ),
        outputs=tuple(data.get("outputs") or ()),
        after=tuple(data.get("after") or ()),
        imports=tuple(data.get("imports") or ()),
    )


def _cell_from_dict(data: Mapping[str, Any]) -> CellRef:
    return CellRef(int(data["index"]), data.get("id"), str(data.get("source", "")))


def _json(value: Any) -> JsonValue:
    result: JsonValue = value
    return result


# libyaml's safe loader when PyYAML was built with it: ten times faster, same result.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(yaml.SafeDumper):
    """Multi-line strings as ``|`` blocks, so code reads as code."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # A block scalar cannot hold trailing spaces: such text stays quoted, kept exactly.
    if "\n" in value and not any(line != line.rstrip() for line in value.split("\n")):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def write_yaml(pipeline: Pipeline, path: Path) -> None:
    """Write ``pipeline.yaml`` (a temporary file renamed into place)."""
    text = yaml.dump(
        pipeline_to_dict(pipeline),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    header = (
        f"# Pipeline {pipeline.name}, exported by mlops-lab from {pipeline.notebook}.\n"
        "# Run it with: mlops-lab pipeline run <this folder> [-p NAME VALUE ...]\n"
    )
    write_confined(path.parent, path.name, header + text)


def read_yaml(path: Path) -> Pipeline:
    """Read ``pipeline.yaml``.

    Raises
    ------
    InvalidInputError
        Missing, not YAML, or not a pipeline.
    """
    try:
        with path.open("rb") as handle:
            st = os.fstat(handle.fileno())
            version = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
            if _LAST_READ is not None and _LAST_READ[0] == version:
                return _LAST_READ[1]
            data = yaml.load(handle.read().decode("utf-8"), Loader=_LOADER)
    except FileNotFoundError:
        raise InvalidInputError(
            f"No {path.name} in {path.parent}; export a notebook there first: "
            f"mlops-lab export NOTEBOOK --to local -o {path.parent}"
        ) from None
    except (OSError, yaml.YAMLError) as error:
        raise InvalidInputError(f"Cannot read {path}: {error}") from None
    if not isinstance(data, Mapping):
        raise InvalidInputError(f"{path} is not a pipeline document.")
    pipeline = pipeline_from_dict(data)
    _remember(version, pipeline)
    return pipeline


# The file last read, by its stat, and its pipeline: the CLI reads pipeline.yaml to
# find the project's store, then the runner reads it again (5 ms of a cached run).
_LAST_READ: tuple[tuple[str, int, int, int], Pipeline] | None = None


def _remember(version: tuple[str, int, int, int], pipeline: Pipeline) -> None:
    global _LAST_READ
    _LAST_READ = (version, pipeline)


def pipeline_summary(pipeline: Pipeline) -> dict[str, Any]:
    """The pipeline without its code: what the export dialog shows (DAG, parameters, problems)."""
    document = pipeline_to_dict(pipeline)
    document.pop("shared")
    document.pop("format")
    for step in document["steps"]:
        step["cells"] = [{"index": c["index"], "id": c["id"]} for c in step["cells"]]
    return document
