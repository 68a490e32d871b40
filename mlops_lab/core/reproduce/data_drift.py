"""Data drift: the files a run read, fingerprinted again now.

An input is a file the run read before writing it (a file the run wrote first
is its own output). Its fingerprint when first read is compared with the
file's fingerprint now; the stat cache makes an unchanged file cost a stat.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..capture.fingerprints import fingerprint_file
from ..errors import MlopsLabError
from ..records import CellExecution, FileMode
from .reproduction_records import DataDrift

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from ..capture.cache_protocol import StatCache

__all__ = ["data_drift", "input_files"]


def input_files(cells: Iterable[CellExecution]) -> dict[str, str | None]:
    """The run's input files, path to fingerprint when first read, in first-read order."""
    inputs: dict[str, str | None] = {}
    written: set[str] = set()
    for cell in cells:
        for access in cell.files:
            if access.mode is FileMode.WRITE:
                written.add(access.path)
            elif access.path not in written and access.path not in inputs:
                inputs[access.path] = access.fingerprint
    return inputs


def data_drift(
    cells: Iterable[CellExecution], project_root: Path, stat_cache: StatCache | None = None
) -> tuple[DataDrift, ...]:
    """Input files whose content changed since the run read them, or that are gone.

    Paths are relative to ``project_root`` unless the run recorded them absolute.
    """
    drift = []
    for path, recorded in input_files(cells).items():
        file = Path(path) if Path(path).is_absolute() else project_root / path
        if not file.is_file():
            drift.append(DataDrift(path, "missing", recorded, None))
            continue
        try:
            current = fingerprint_file(file, stat_cache).fingerprint
        except (MlopsLabError, OSError):
            drift.append(DataDrift(path, "missing", recorded, None))
            continue
        if recorded is not None and current != recorded:
            drift.append(DataDrift(path, "changed", recorded, current))
    return tuple(drift)
