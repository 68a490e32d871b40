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
from concurrent.futures import Future, ThreadPoolExecutor

from ..errors import InvalidInputError
from ..store.store import Store
from .checkpoint_records import Checkpoint, CheckpointVariable, RestoredState
from .checkpoint_sql import check_name, read_checkpoint, read_checkpoints
from .value_pickling import deserialize

__all__ = ["find_checkpoint", "list_checkpoints", "load_checkpoint"]

_REASON_MAX = 200
#: Threads reading a checkpoint's large objects (the disk and memory, not the GIL, bound them).
_READ_THREADS = 2


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

    Every value gets memory of its own: two variables stored as one object come
    back as two arrays, and writing to one never reaches the store or the other.

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
    sources: dict[str, CheckpointVariable] = {}  # name -> the variable its value is read from
    for name in wanted:
        variable = checkpoint.variable(name)
        assert variable is not None
        if variable.alias is None:
            sources[name] = variable
            continue
        owner = checkpoint.variable(variable.alias)
        if owner is None:
            state.skipped[name] = f"the same object as {variable.alias}, which is missing"
        else:
            sources[name] = owner
    loaded: dict[str, object] = {}  # source name -> value, in whatever order they load
    with _ReadAhead(store, list({v.name: v for v in sources.values()}.values())) as ahead:
        packs: dict[str, bytes] = {}  # each pack of small values read once
        for source in ahead.order:
            _load_one(store, source, loaded, state, packs, ahead)
    for name, source in sources.items():  # in the order asked for
        if source.name in loaded:
            state.values[name] = loaded[source.name]
            if source.name == name:
                state.loaded_from[name] = source
        elif source.name in state.skipped:
            state.skipped[name] = state.skipped[source.name]
    for name in list(state.skipped):
        if name not in wanted:
            del state.skipped[name]
    return state


class _ReadAhead:
    """The values' buffers that are objects of their own, read on threads while others load.

    Reading a large object is mostly the kernel's work (faulting pages in,
    copying from the page cache), done with the GIL released: a DataFrame's
    columns are read beside the big array, and the small values unpickled
    meanwhile. Each read makes a buffer of its own, even for an object two
    values share.
    """

    def __init__(self, store: Store, variables: list[CheckpointVariable]) -> None:
        self._reads: dict[tuple[str, int], Future[bytearray | mmap.mmap]] = {}
        self._pool: ThreadPoolExecutor | None = None
        jobs = [
            (variable, index, reference)
            for variable in variables
            if variable.value is not None and variable.module is None and variable.skipped is None
            for index, reference in enumerate(variable.value.buffers)
            if "+" not in reference
        ]
        # Largest values first, so that the longest read starts at once.
        jobs.sort(key=lambda job: -job[0].size)
        ahead = {variable.name for variable, _, _ in jobs}
        # Values with nothing to wait for load first; the others smallest first.
        self.order = [v for v in variables if v.name not in ahead] + sorted(
            (v for v in variables if v.name in ahead), key=lambda v: v.size
        )
        if not jobs or len(variables) + len(jobs) < 3:
            return  # nothing to do beside a single read: no thread
        self._pool = ThreadPoolExecutor(
            min(_READ_THREADS, len(jobs)), thread_name_prefix="mlops-restore"
        )
        for variable, index, reference in jobs:
            future = self._pool.submit(store.objects.read_buffer, reference)
            self._reads[variable.name, index] = future

    def buffer(
        self, store: Store, variable: CheckpointVariable, index: int
    ) -> bytearray | mmap.mmap:
        """The ``index``-th buffer of ``variable``'s value, read ahead or now."""
        future = self._reads.pop((variable.name, index), None)
        if future is not None:
            return future.result()
        assert variable.value is not None
        return store.objects.read_buffer(variable.value.buffers[index])

    def __enter__(self) -> _ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            # Interrupted: the reads not started are dropped, those under way finish.
            self._pool.shutdown(wait=True, cancel_futures=True)


def _load_one(
    store: Store,
    variable: CheckpointVariable,
    loaded: dict[str, object],
    state: RestoredState,
    packs: dict[str, bytes],
    ahead: _ReadAhead,
) -> None:
    if variable.skipped is not None:
        state.skipped[variable.name] = variable.skipped
        return
    try:
        if variable.module is not None:
            loaded[variable.name] = importlib.import_module(variable.module)
        elif variable.value is not None:
            stream = _read_stream(store, variable.value.stream, packs)
            buffers = [
                ahead.buffer(store, variable, index)
                if "+" not in reference
                else bytearray(_read_stream(store, reference, packs))  # a copy of its own
                for index, reference in enumerate(variable.value.buffers)
            ]
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
