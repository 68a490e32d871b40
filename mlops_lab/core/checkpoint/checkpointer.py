"""Taking checkpoints: each variable serialized once, each value stored once.

A `Checkpointer` follows one namespace. A variable still bound to the object it
stored last time, and not named by a cell since, is unchanged: the previous
checkpoint's objects are reused without serializing it again. That is the
identity half; the content half is the object store, content-addressed, so a
large buffer serialized again but equal to one stored before (in any checkpoint
of any run) is not written again (small values stored for the first time go
into one pack per checkpoint: see `_name_values`). A 1 GB array untouched
between two checkpoints costs a dictionary lookup.

The blocking part is serializing and hashing (one xxh3 pass over each large
buffer, at memory speed); writing and syncing the objects can go to a thread
(``background=True``): the checkpoint's row says incomplete until its objects
are durable, so a kernel that dies meanwhile leaves nothing to restore from.
The values' buffers are written from their own memory, so whoever changes them
calls `Checkpointer.wait` first (the kernel does before every cell).

What a cell changes without naming it (a function that mutates a global, an
array changed through a container holding it) goes unseen by the identity
half: ``changed=None`` examines every variable.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from ..store.store import Store
from ..timestamps import from_epoch, to_epoch
from .checkpoint_records import Checkpoint, CheckpointResult, CheckpointVariable, StoredValue
from .checkpoint_sql import check_name, insert_checkpoint, mark_complete
from .selection import checkpointed_items, module_name
from .sizes import format_size
from .value_pickling import SerializedValue, refuse, serialize, why_unserializable

__all__ = ["BACKGROUND_FROM", "Checkpointer", "type_name"]

#: Fewer new bytes than this are written before `Checkpointer.checkpoint` returns
#: even in the background mode: milliseconds, and the checkpoint is complete at once.
BACKGROUND_FROM = 64 << 20
#: Values stored for the first time whose parts are all shorter than this are packed.
PACK_MAX = 64 << 10


@dataclass
class _Pending:
    position: int
    name: str
    type: str
    value: object
    serialized: SerializedValue
    fresh: bool  # never stored under this name by this checkpointer


class Checkpointer:
    """Checkpoints of one namespace, remembering what each variable was stored as."""

    def __init__(self) -> None:
        # name -> (id of the object stored, how it was stored)
        self._last: dict[str, tuple[int, CheckpointVariable]] = {}
        self._writer: ThreadPoolExecutor | None = None
        self._pending: Future[None] | None = None

    def wait(self) -> None:
        """Wait until the last checkpoint's objects are durable and it is complete.

        Raises
        ------
        Exception
            What writing them raised (a full disk): that checkpoint stays
            incomplete, and the next one serializes every variable again.
        """
        pending, self._pending = self._pending, None
        if pending is None:
            return
        try:
            pending.result()
        except BaseException:
            self._last = {}  # what it named may not be stored: nothing is reused
            raise

    def remember(self, name: str, value: object, variable: CheckpointVariable) -> None:
        """Note that ``value`` is stored as ``variable`` (a restored value, for one)."""
        if variable.value is not None:
            self._last[name] = (id(value), variable)

    def checkpoint(
        self,
        store: Store,
        run_id: str,
        namespace: Mapping[str, object],
        *,
        hidden: Mapping[str, object] | None = None,
        name: str | None = None,
        changed: Collection[str] | None = None,
        max_size: int | None = None,
        background: bool = False,
    ) -> CheckpointResult:
        """Store the namespace's variables as a new checkpoint of ``run_id``.

        Parameters
        ----------
        store
            Where the checkpoint and its objects go.
        run_id
            The run (id or unique prefix) the checkpoint belongs to.
        namespace, hidden
            The variables, and the shell's own names to leave out
            (see `checkpointed_items`).
        name
            The checkpoint's name; by default the next number of the run.
        changed
            Names a cell used since the previous checkpoint; the others, still
            bound to the object stored then, are not serialized again. None
            examines every variable.
        max_size
            At most this many bytes of values: the smallest values are kept, the
            ones that would go over are listed as skipped.
        background
            Return once the values are serialized and hashed; their objects are
            written and synced on a thread (from `BACKGROUND_FROM` new bytes on),
            and the checkpoint becomes complete (restorable) after: `wait` for
            it before changing a value.

        Raises
        ------
        InvalidInputError
            A malformed name.
        ConflictError
            The run already has a checkpoint of that name.
        """
        if name is not None:
            check_name(name)
        self.wait()
        run_id = store.resolve_run_id(run_id)
        items = list(checkpointed_items(namespace, hidden))
        examine = _to_examine(items, self._last, changed)
        entries: list[CheckpointVariable | None] = []
        pending: list[_Pending] = []
        owners: dict[int, str] = {}
        for position, (var_name, value) in enumerate(items):
            kind = type_name(value)
            owner = owners.setdefault(id(value), var_name)
            if owner != var_name:
                entries.append(CheckpointVariable(var_name, kind, alias=owner))
                continue
            module = module_name(value)
            if module is not None:
                entries.append(CheckpointVariable(var_name, kind, module=module))
                continue
            refused = refuse(value)
            if refused is not None:
                entries.append(CheckpointVariable(var_name, kind, skipped=refused))
                continue
            last = self._last.get(var_name)
            if var_name not in examine and last is not None and last[1].value is not None:
                entries.append(last[1])
                continue
            try:
                serialized = serialize(value)
            except Exception as error:  # a user's __reduce__ may raise anything
                reason = why_unserializable(value, error)
                entries.append(CheckpointVariable(var_name, kind, skipped=reason))
                continue
            entries.append(None)
            fresh = last is None or last[1].value is None
            pending.append(_Pending(position, var_name, kind, value, serialized, fresh))
        if max_size is not None:
            _apply_size_cap(entries, pending, max_size)
        stored, todo = _name_values(store, pending)
        written = sum(memoryview(item).nbytes for item in todo.values())
        for item, variable in zip(pending, stored, strict=True):
            entries[item.position] = variable
        variables = tuple(entry for entry in entries if entry is not None)
        self._last = {
            var_name: (id(value), entry)
            for (var_name, value), entry in zip(items, entries, strict=True)
            if entry is not None
        }
        created = to_epoch(None)
        checkpoint_id = uuid.uuid4().hex
        with store.database.write() as conn:
            final_name = insert_checkpoint(
                conn, checkpoint_id, run_id, name, created, variables, complete=not todo
            )
        if todo:

            def finish() -> None:
                store.objects.write_planned(todo)
                with store.database.write() as conn:
                    mark_complete(conn, checkpoint_id)

            if background and written >= BACKGROUND_FROM:
                if self._writer is None:
                    self._writer = ThreadPoolExecutor(1, thread_name_prefix="mlops-checkpoint")
                self._pending = self._writer.submit(finish)
            else:  # here: also what runs at exit, when no thread can start any more
                try:
                    finish()
                except BaseException:
                    self._last = {}
                    raise
        checkpoint = Checkpoint(checkpoint_id, run_id, final_name, from_epoch(created), variables)
        return CheckpointResult(checkpoint, tuple(item.name for item in pending), written)


def type_name(value: object) -> str:
    """The value's type as users know it (``numpy.ndarray``; builtins bare)."""
    cls = type(value)
    module = getattr(cls, "__module__", "") or ""
    qualname = getattr(cls, "__qualname__", cls.__name__)
    return qualname if module == "builtins" else f"{module}.{qualname}"


def _to_examine(
    items: list[tuple[str, object]],
    last: Mapping[str, tuple[int, CheckpointVariable]],
    changed: Collection[str] | None,
) -> set[str]:
    """Names to serialize: new, rebound, named by a cell, or sharing an object with one of those."""
    if changed is None:
        return {name for name, _ in items}
    examine = {
        name
        for name, value in items
        if name in changed or name not in last or last[name][0] != id(value)
    }
    # `a = big; a[0] = 1` changes `big` without naming it: same object, examined too.
    touched = {id(value) for name, value in items if name in examine}
    examine.update(name for name, value in items if id(value) in touched)
    return examine


def _apply_size_cap(
    entries: list[CheckpointVariable | None], pending: list[_Pending], max_size: int
) -> None:
    """Keep the smallest values within ``max_size``; the rest become skipped, in place."""
    sizes: list[tuple[int, int]] = []  # (size, position)
    for position, entry in enumerate(entries):
        if entry is not None and entry.value is not None:
            sizes.append((entry.value.size, position))
    for item in pending:
        sizes.append((item.serialized.size, item.position))
    total = 0
    over: set[int] = set()
    for size, position in sorted(sizes):
        if total + size > max_size:
            over.add(position)
        else:
            total += size
    if not over:
        return
    reason = f"over the checkpoint's size cap ({format_size(max_size)})"
    for position, entry in enumerate(entries):
        if position in over and entry is not None:
            entries[position] = CheckpointVariable(entry.name, entry.type, skipped=reason)
    for item in [p for p in pending if p.position in over]:
        entries[item.position] = CheckpointVariable(item.name, item.type, skipped=reason)
        pending.remove(item)


def _name_values(
    store: Store, pending: list[_Pending]
) -> tuple[list[CheckpointVariable], dict[str, bytes | memoryview]]:
    """The serialized values as stored variables, and the objects still to write.

    Values stored for the first time whose parts (stream, buffers) are all small
    share one pack object: a namespace's thousand small variables, or a forest's
    hundreds of small tree arrays, cost one file, one sync and one read instead
    of one each. A value with a large buffer, or stored again (changed), is its
    own objects, so that an equal value stored before is found and not written
    twice (an array named by a cell but unchanged costs no write).
    """
    pieces: list[bytes | memoryview] = []  # what goes into the pack
    chunks: list[bytes | memoryview] = []  # what goes into objects of their own
    # Per value, per part (the stream, then each buffer): a pack slice or a chunk's index.
    layout: list[list[tuple[int, int] | int]] = []
    offset = 0
    for item in pending:
        parts: list[tuple[int, int] | int] = []
        data: list[bytes | memoryview] = [item.serialized.stream, *item.serialized.buffers]
        packed = item.fresh and all(memoryview(part).nbytes < PACK_MAX for part in data)
        for part in data:
            size = memoryview(part).nbytes
            if packed:
                pieces.append(part)
                parts.append((offset, size))
                offset += size
            else:
                chunks.append(part)
                parts.append(len(chunks) - 1)
        layout.append(parts)
    if len(pieces) < 2:  # no pack for one piece: it stays an object of its own
        return _name_values_unpacked(store, pending)
    ids, todo = store.objects.plan_many([b"".join(pieces), *chunks])
    pack = ids[0]
    stored: list[CheckpointVariable] = []
    for item, parts in zip(pending, layout, strict=True):
        names = [
            f"{pack}+{part[0]}+{part[1]}" if isinstance(part, tuple) else ids[1 + part]
            for part in parts
        ]
        value = StoredValue(names[0], tuple(names[1:]), item.serialized.size)
        stored.append(CheckpointVariable(item.name, item.type, value=value))
    return stored, todo


def _name_values_unpacked(
    store: Store, pending: list[_Pending]
) -> tuple[list[CheckpointVariable], dict[str, bytes | memoryview]]:
    chunks: list[bytes | memoryview] = []
    for item in pending:
        chunks.append(item.serialized.stream)
        chunks.extend(item.serialized.buffers)
    ids, todo = store.objects.plan_many(chunks)
    stored: list[CheckpointVariable] = []
    cursor = 0
    for item in pending:
        count = 1 + len(item.serialized.buffers)
        stream, *buffers = ids[cursor : cursor + count]
        cursor += count
        value = StoredValue(stream, tuple(buffers), item.serialized.size)
        stored.append(CheckpointVariable(item.name, item.type, value=value))
    return stored, todo
