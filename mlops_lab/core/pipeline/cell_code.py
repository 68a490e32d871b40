"""Reading notebook cells: the JSON document, a cell's source and tags, and what its code says.

The notebook is read as nbformat 4 JSON, without nbformat itself (which loads
traitlets), so the core stays framework-free.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError, NotFoundError

__all__ = [
    "cell_source",
    "cell_tags",
    "literal_assignment",
    "only_definitions",
    "printed_names",
    "read_notebook_json",
]


def read_notebook_json(path: Path) -> dict[str, Any]:
    """Read a notebook file as JSON.

    Raises
    ------
    NotFoundError
        No file at ``path``.
    InvalidInputError
        The file is not an nbformat 4 notebook.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFoundError(f"No notebook at {path}; check the path.") from None
    except OSError as error:
        raise InvalidInputError(f"Cannot read {path}: {error.strerror}.") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            f"{path} is not a notebook: {error.msg} (line {error.lineno})."
        ) from None
    if not isinstance(document, dict) or document.get("nbformat") != 4:
        raise InvalidInputError(f"{path} is not an nbformat 4 notebook; save it with Jupyter 4+.")
    if not isinstance(document.get("cells"), list):
        raise InvalidInputError(f"{path} has no list of cells; it is not a valid notebook.")
    return document


def cell_source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def cell_tags(cell: Mapping[str, Any]) -> list[str]:
    metadata = cell.get("metadata") or {}
    tags = metadata.get("tags") or []
    return [str(tag) for tag in tags] if isinstance(tags, list) else []


def literal_assignment(statement: ast.stmt) -> tuple[str | None, ast.expr | None]:
    if (
        isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
    ):
        return statement.targets[0].id, statement.value
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id, statement.value
    return None, None


def only_definitions(source: str) -> bool:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    kinds = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    body = [s for s in tree.body if not _is_docstring(s)]
    return bool(body) and all(isinstance(statement, kinds) for statement in body)


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)


def printed_names(source: str) -> list[str]:
    """Variables a ``pipeline-metrics`` cell prints (``print(acc)``) or shows (``acc``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names: list[str] = []
    for statement in tree.body:
        if not isinstance(statement, ast.Expr):
            continue
        value = statement.value
        candidates: list[ast.expr] = [value]
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "print"
        ):
            candidates = list(value.args)
        for candidate in candidates:
            if isinstance(candidate, ast.Name) and candidate.id not in names:
                names.append(candidate.id)
    return names
