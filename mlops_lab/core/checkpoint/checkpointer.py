"""Taking checkpoints: each variable serialized once, each value stored once.

A `Checkpointer` follows one namespace. A variable still bound to the object it
stored last time, and not named by a cell since, is unchanged: the previous
checkpoint's objects are reused without serializing it again. That is the
identity half; the content half is the object store, content-addressed, so a
large buffer serialized again but equal to one stored before (in any checkpoint
of any run) is not written again (small values stored for the first time go
into one pack per checkpoint: see `_name_values`). A 1 GB array untouched
between two checkpoints costs a dictionary lookup.

Each object is hashed once. With ``background=True`` the caller waits only for
the serializing (and the hashing of small parts and of buffers stored before,
to find them): the large buffers of new values are hashed as they are written,
on a thread that then syncs the objects and records the variables. The
checkpoint's row says incomplete until its objects are durable, so a kernel
that dies meanwhile leaves nothing to restore from.
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

from ..store.store import Store
from ..timestamps import from_epoch, to_epoch
from .checkpoint_records import Checkpoint, CheckpointResult, CheckpointVariable
from .checkpoint_sql import check_name, insert_checkpoint, insert_variables, mark_complete
from .selection import checkpointed_items, module_name
from .sizes import format_size
from .value_layout import PendingValue, lay_out
from .value_pickling import refuse, serialize, why_unserializable

__all__ = ["BACKGROUND_FROM", "Checkpointer", "type_name"]

#: Fewer new bytes than this are written before `Checkpointer.checkpoint` returns
#: even in the background mode: milliseconds, and the checkpoint is complete at once.
BACKGROUND_FROM = 64 << 20


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
            Return once the values are serialized; their objects are hashed,
            written and synced on a thread (from `BACKGROUND_FROM` new bytes
            on), and the checkpoint becomes complete (restorable) after: `wait`
            for it before changing a value. The result's large new buffers are
            then named '' and its ``written_bytes`` is at most what is written.

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
        pending: list[PendingValue] = []
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
            pending.append(PendingValue(position, var_name, kind, value, serialized, fresh))
        if max_size is not None:
            _apply_size_cap(entries, pending, max_size)
        layout = lay_out(pending)
        deferred = background and any(layout.first_large)
        ids, todo = store.objects.plan_many(
            layout.chunks, unnamed=layout.first_large if deferred else None
        )
        # At most: a large buffer hashed as it is written may turn out stored already.
        written = sum(memoryview(layout.chunks[index]).nbytes for index in todo)

        def settle(ids: list[str | None] | list[str]) -> tuple[CheckpointVariable, ...]:
            for item, variable in zip(pending, layout.variables(pending, ids), strict=True):
                entries[item.position] = variable
            self._last = {
                var_name: (id(value), entry)
                for (var_name, value), entry in zip(items, entries, strict=True)
                if entry is not None
            }
            return tuple(entry for entry in entries if entry is not None)

        # Buffers left to name are '' until written: their variables go in with them.
        variables = settle(ids)
        unnamed = None in ids
        created = to_epoch(None)
        checkpoint_id = uuid.uuid4().hex
        with store.database.write() as conn:
            final_name = insert_checkpoint(
                conn,
                checkpoint_id,
                run_id,
                name,
                created,
                () if unnamed else variables,
                complete=not todo,
            )
        if todo:

            def finish() -> None:
                full, _ = store.objects.write_planned(layout.chunks, ids, todo)
                with store.database.write() as conn:
                    if unnamed:
                        insert_variables(conn, checkpoint_id, settle(full))
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
    entries: list[CheckpointVariable | None], pending: list[PendingValue], max_size: int
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
