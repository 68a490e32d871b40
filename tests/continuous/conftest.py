"""Helpers of the continuous tests: a notebook that logs metrics, and the CLI in-process."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_notebook
from openapi_schema_validator import OAS31Validator

import mlops_lab.server
from mlops_lab.cli import main

OPENAPI_PATH = Path(mlops_lab.server.__file__).with_name("openapi.yaml")

#: The notebook tracked by the report, check and CI tests: ``lr`` drives every metric.
CELLS = (
    ("params", "lr = 0.1", ["parameters"]),
    ("imports", "import mlops_lab", []),
    (
        "train",
        "for step in range(4):\n"
        '    mlops_lab.log_metric("loss", 1 / (lr * (step + 1)), step=step)\n'
        'mlops_lab.log_metric("acc", min(1.0, lr * 5))',
        [],
    ),
)


def write_metrics_notebook(path: Path, lr: float = 0.1) -> Path:
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    cells = []
    for cell_id, source, tags in CELLS:
        cell = new_code_cell(source.replace("lr = 0.1", f"lr = {lr}"), id=cell_id)
        if tags:
            cell.metadata["tags"] = tags
        cells.append(cell)
    nb.cells = cells
    nbformat.write(nb, path)
    return path


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def cli(*argv: str) -> Outcome:
    """``mlops-lab ARGV`` in this process, stdout and stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(argv), stdout=out)
    return Outcome(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def check_schema() -> Any:
    """Validate a document against a named schema of the OpenAPI document (as tests/server do)."""
    components = yaml.safe_load(OPENAPI_PATH.read_text())["components"]

    def check(body: Any, schema_name: str) -> None:
        schema = {"$ref": f"#/components/schemas/{schema_name}", "components": components}
        OAS31Validator(schema).validate(body)

    return check
