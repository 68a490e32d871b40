"""Finding a checkpoint and loading its variables back.

Values load through pickle, which imports the modules they were pickled from
(scikit-learn for a model, pandas for a DataFrame); module variables are
imported again by name. A variable that cannot come back here (its module is
not installed, or it was skipped when the checkpoint was taken) is reported,
never raised: the others are restored all the same.
"""

from __future__ import annotations

import importlib
import mmap
from collections.abc import Sequence

from ..errors import InvalidInputError
from ..store.store import Store
from .checkpoint_records import Checkpoint, CheckpointVariable, RestoredState
from .checkpoint_sql import check_name, read_checkpoint, read_checkpoints
from .value_pickling import deserialize

__all__ = ["find_checkpoint", "list_checkpoints", "load_checkpoint"]

_REASON_MAX = 200


def find_checkpoint(store: Store, reference: str) -> Checkpoint:
    """The checkpoint ``RUN[:NAME]`` names; without a name, the run's latest.

    Raises
    ------
    RunNotFoundError
        No run has that id or prefix.
    NotFoundError
        The run has no checkpoint, or none of that name.
    """
    run_ref, _, name = reference.partition(":")
    if not run_ref:
        raise InvalidInputError(
            f"{reference!r} names no run; write RUN or RUN:CHECKPOINT, e.g. 3f2a9c1e:2."
        )
    if name:
        check_name(name)
    run_id = store.resolve_run_id(run_ref)
    with store.database.read() as conn:
        return read_checkpoint(conn, run_id, name or None)


def list_checkpoints(store: Store, run_id: str) -> tuple[Checkpoint, ...]:
    """The run's checkpoints, oldest first (without their variables)."""
    run_id = store.resolve_run_id(run_id)
    with store.database.read() as conn:
        return read_checkpoints(conn, run_id)


def load_checkpoint(
    store: Store, checkpoint: Checkpoint, names: Sequence[str] | None = None
) -> RestoredState:
    """Load the checkpoint's variables, or only ``names``.

    Raises
    ------
    InvalidInputError
        A name the checkpoint does not hold.
    """
    wanted = [v.name for v in checkpoint.variables] if not names else list(dict.fromkeys(names))
    unknown = [name for name in wanted if checkpoint.variable(name) is None]
    if unknown:
        held = ", ".join(v.name for v in checkpoint.variables) or "nothing"
        raise InvalidInputError(
            f"Checkpoint {checkpoint.name} of run {checkpoint.run_id[:8]} has no variable "
            f"{', '.join(unknown)}; it holds: {held}."
        )
    state = RestoredState(checkpoint)
    loaded: dict[str, object] = {}
    packs: dict[str, bytes] = {}  # each pack of small values read once
    for name in wanted:
        variable = checkpoint.variable(name)
        assert variable is not None
        source = variable
        if variable.alias is not None:
            owner = checkpoint.variable(variable.alias)
            if owner is None:
                state.skipped[name] = f"the same object as {variable.alias}, which is missing"
                continue
            source = owner
        if source.name not in loaded and source.name not in state.skipped:
            _load_one(store, source, loaded, state, packs)
        if source.name in loaded:
            state.values[name] = loaded[source.name]
            if variable.alias is None:
                state.loaded_from[name] = variable
        else:
            state.skipped[name] = state.skipped[source.name]
    for name in list(state.skipped):
        if name not in wanted:
            del state.skipped[name]
    return state


def _load_one(
    store: Store,
    variable: CheckpointVariable,
    loaded: dict[str, object],
    state: RestoredState,
    packs: dict[str, bytes],
) -> None:
    if variable.skipped is not None:
        state.skipped[variable.name] = variable.skipped
        return
    try:
        if variable.module is not None:
            loaded[variable.name] = importlib.import_module(variable.module)
        elif variable.value is not None:
            stream = _read_stream(store, variable.value.stream, packs)
            buffers = [_read_buffer(store, b, packs) for b in variable.value.buffers]
            loaded[variable.name] = deserialize(stream, buffers)
        else:
            state.skipped[variable.name] = "nothing was stored for it"
    except Exception as error:  # unpickling runs the value's own code: anything can fail
        reason = f"cannot be loaded here ({type(error).__name__}: {error})"
        if len(reason) > _REASON_MAX:
            reason = reason[: _REASON_MAX - 3] + "..."
        state.skipped[variable.name] = reason


def _read_stream(store: Store, reference: str, packs: dict[str, bytes]) -> bytes | memoryview:
    """A value's stream: an object, or ``PACK+OFFSET+LENGTH``, a slice of a pack."""
    pack_id, _, where = reference.partition("+")
    if not where:
        return store.objects.get(reference)
    offset, _, length = where.partition("+")
    if pack_id not in packs:
        packs[pack_id] = store.objects.get(pack_id)
    start = int(offset)
    return memoryview(packs[pack_id])[start : start + int(length)]


def _read_buffer(store: Store, reference: str, packs: dict[str, bytes]) -> bytearray | mmap.mmap:
    """A buffer the restored value owns and may write to: a pack's slice is copied."""
    if "+" not in reference:
        return store.objects.read_buffer(reference)
    return bytearray(_read_stream(store, reference, packs))
