"""Checkpoints of a kernel's state: taken variable by variable, restored on demand.

A checkpoint stores every variable of a namespace that can be serialized, one
object (plus its out-of-band buffers) per variable, with cloudpickle protocol
5: notebook-defined functions, lambdas and classes by value, everything
importable by reference, large NumPy and pandas buffers straight from their
memory. Variables that cannot be serialized are listed with why. A variable
unchanged since the previous checkpoint is neither serialized nor written
again. Framework-free: the kernel adapter (``%mlops checkpoint``,
``%mlops restore``) only hands it the namespace.

Modules
-------
value_pickling
    Values to a stream and buffers, and back.
selection
    Which names of a namespace are the user's state.
checkpointer
    Taking a checkpoint, reusing what is unchanged.
value_layout
    Which values share a pack object and which are objects of their own.
restore
    Finding a checkpoint (``RUN[:NAME]``) and loading its variables, large
    buffers read ahead on threads into memory of their own.
checkpoint_sql
    The tables of checkpoints and their variables.
"""

from __future__ import annotations

from .checkpoint_records import (
    Checkpoint,
    CheckpointResult,
    CheckpointVariable,
    RestoredState,
    StoredValue,
)
from .checkpointer import Checkpointer
from .restore import find_checkpoint, list_checkpoints, load_checkpoint
from .selection import checkpointed_items
from .sizes import format_size, parse_size
from .value_pickling import SerializedValue, deserialize, serialize

__all__ = [
    "Checkpoint",
    "CheckpointResult",
    "CheckpointVariable",
    "Checkpointer",
    "RestoredState",
    "SerializedValue",
    "StoredValue",
    "checkpointed_items",
    "deserialize",
    "find_checkpoint",
    "format_size",
    "list_checkpoints",
    "load_checkpoint",
    "parse_size",
    "serialize",
]
