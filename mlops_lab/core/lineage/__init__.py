"""Lineage: the exact cell executions a variable, metric or file depends on, and stale cells.

A run's record is a data-flow graph: each execution read some names and files
and wrote others. `lineage_slice` follows it backwards from one name; `StaleCells`
follows it forwards in a live kernel.
"""

from __future__ import annotations

from .slices import LineageSlice, lineage_slice, slice_to_json
from .stale import StaleCell, StaleCells

__all__ = ["LineageSlice", "StaleCell", "StaleCells", "lineage_slice", "slice_to_json"]
