"""Code drift: the cells a run executed against the notebook file as it is now.

Cells line up by their nbformat cell id. The notebook is read as JSON, without
nbformat: only the code cells' ids and sources are needed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..records import CellExecution
from .reproduction_records import CellDrift, CodeDrift

__all__ = ["INJECTED_CELL_ID", "code_drift", "notebook_cells"]

#: The cell `mlops-lab track -p` injects: it is not in the notebook file.
INJECTED_CELL_ID = "injected-parameters"


def code_drift(
    notebook: Path | None, label: str | None, cells: Iterable[CellExecution]
) -> CodeDrift:
    """Compare the last code each cell id ran with that cell in ``notebook`` now.

    Parameters
    ----------
    notebook
        The notebook file, or None when the run names none.
    label
        How the report names it (its path as the run recorded it).
    cells
        The run's executed cells, in order.
    """
    if notebook is None or not notebook.is_file():
        return CodeDrift(label, found=False)
    current = notebook_cells(notebook)
    if current is None:
        return CodeDrift(label, found=False)
    executed: dict[str, str] = {}
    for cell in cells:
        if cell.cell_id and cell.cell_id != INJECTED_CELL_ID:
            executed[cell.cell_id] = cell.code
    drift = [
        CellDrift(
            cell_id, "deleted" if cell_id not in current else "changed", code, current.get(cell_id)
        )
        for cell_id, code in executed.items()
        if cell_id not in current or _normalized(current[cell_id]) != _normalized(code)
    ]
    drift.extend(
        CellDrift(cell_id, "added", None, source)
        for cell_id, source in current.items()
        if cell_id not in executed and source.strip()
    )
    return CodeDrift(label, found=True, cells=tuple(drift))


def notebook_cells(notebook: Path) -> dict[str, str] | None:
    """The code cells of a notebook file, cell id to source, in notebook order.

    None when the file is not a notebook (not JSON, no cell list).
    """
    try:
        document: Any = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    cells = document.get("cells") if isinstance(document, Mapping) else None
    if not isinstance(cells, list):
        return None
    found: dict[str, str] = {}
    for cell in cells:
        if isinstance(cell, Mapping) and cell.get("cell_type") == "code" and cell.get("id"):
            source = cell.get("source", "")
            found[str(cell["id"])] = "".join(source) if isinstance(source, list) else str(source)
    return found


def _normalized(source: str) -> str:
    # Editors add or drop a trailing newline; that is not a change of code.
    return source.rstrip()
