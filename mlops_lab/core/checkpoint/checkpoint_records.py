"""Typed records of checkpoints: what the store holds of a kernel's state at one point."""

from __future__ import annotations

from dataclasses import field
from datetime import datetime

from ..frozen import frozen

__all__ = ["Checkpoint", "CheckpointResult", "CheckpointVariable", "RestoredState", "StoredValue"]


@frozen
class StoredValue:
    """One serialized value: its pickle stream and out-of-band buffers, all objects.

    ``size`` is the bytes of the stream and the buffers together. ``stream`` is
    an object id, or ``PACK+OFFSET+LENGTH`` for a small stream kept in a pack,
    one object holding the small values a checkpoint stored for the first time.
    """

    stream: str
    buffers: tuple[str, ...]
    size: int


@frozen
class CheckpointVariable:
    """One variable of a checkpoint, as exactly one of four things.

    - ``value``: stored, one object (plus its buffers);
    - ``module``: a module, re-imported by this name on restore, nothing stored;
    - ``alias``: the same object as the variable of that name, stored once;
    - ``skipped``: why the value could not be stored (an open file, a lock...).
    """

    name: str
    type: str | None
    value: StoredValue | None = None
    module: str | None = None
    alias: str | None = None
    skipped: str | None = None

    @property
    def size(self) -> int:
        return 0 if self.value is None else self.value.size


@frozen
class Checkpoint:
    """The state of a run's kernel at one point, variable by variable."""

    id: str
    run_id: str
    name: str
    created_at: datetime
    variables: tuple[CheckpointVariable, ...] = ()

    @property
    def size(self) -> int:
        """Bytes of every stored value (shared objects counted once per variable)."""
        return sum(variable.size for variable in self.variables)

    @property
    def skipped(self) -> tuple[CheckpointVariable, ...]:
        return tuple(v for v in self.variables if v.skipped is not None)

    def variable(self, name: str) -> CheckpointVariable | None:
        index = self.__dict__.get("_index")
        if index is None:  # built once: a frozen dataclass caches it in its __dict__
            index = {v.name: v for v in self.variables}
            self.__dict__["_index"] = index
        found: CheckpointVariable | None = index.get(name)
        return found


@frozen
class CheckpointResult:
    """A checkpoint just taken, with what it cost.

    Attributes
    ----------
    serialized
        Variables serialized this time; the others were unchanged since the
        previous checkpoint and reuse its objects without being serialized.
    written_bytes
        Bytes of new objects written; values already in the store cost nothing.
    """

    checkpoint: Checkpoint
    serialized: tuple[str, ...]
    written_bytes: int


@frozen
class RestoredState:
    """Variables loaded from a checkpoint, ready to go into a namespace.

    ``values`` holds modules too (imported again by name). ``skipped`` maps
    each variable that could not be restored to why: skipped when the
    checkpoint was taken, or failed to load here (a module missing).
    """

    checkpoint: Checkpoint
    values: dict[str, object] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    #: name -> the stored value it was loaded from, for a later checkpoint to reuse
    loaded_from: dict[str, CheckpointVariable] = field(default_factory=dict)
