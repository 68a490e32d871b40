"""How a checkpoint's serialized values become objects: packs of small ones, large ones alone.

Values stored for the first time whose parts (stream, buffers) are all small
share one pack object: a namespace's thousand small variables, or a forest's
hundreds of small tree arrays, cost one file, one sync and one read instead of
one each; a part is then named ``PACK+OFFSET+LENGTH``. A value with a large
buffer, or stored again (changed), is its own objects, so that an equal value
stored before is found and not written twice (an array named by a cell but
unchanged costs no write).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..store.objects import LARGE_OBJECT
from .checkpoint_records import CheckpointVariable, StoredValue
from .value_pickling import SerializedValue

__all__ = ["PACK_MAX", "Layout", "PendingValue", "lay_out"]

#: Values stored for the first time whose parts are all shorter than this are packed.
PACK_MAX = 64 << 10


@dataclass
class PendingValue:
    """A variable serialized for this checkpoint, where it goes among the variables."""

    position: int
    name: str
    type: str
    value: object
    serialized: SerializedValue
    fresh: bool  # never stored under this name by this checkpointer


@dataclass
class Layout:
    """The objects to name and write, and where each value's parts are among them."""

    chunks: list[bytes | memoryview] = field(default_factory=list)
    # Per chunk: a large buffer of a value stored for the first time, which can be
    # hashed as it is written instead of before (see `ObjectStore.plan_many`).
    first_large: list[bool] = field(default_factory=list)
    # Per value, per part (the stream, then each buffer): a pack slice or a chunk index.
    parts: list[list[tuple[int, int] | int]] = field(default_factory=list)
    packed: bool = False  # chunk 0 is the pack

    def variables(
        self, pending: Sequence[PendingValue], ids: Sequence[str | None]
    ) -> list[CheckpointVariable]:
        """The values as stored variables, given the chunks' ids ('' for one not named yet)."""
        pack = (ids[0] or "") if self.packed else ""
        stored: list[CheckpointVariable] = []
        for item, parts in zip(pending, self.parts, strict=True):
            names = [
                f"{pack}+{part[0]}+{part[1]}" if isinstance(part, tuple) else (ids[part] or "")
                for part in parts
            ]
            value = StoredValue(names[0], tuple(names[1:]), item.serialized.size)
            stored.append(CheckpointVariable(item.name, item.type, value=value))
        return stored


def lay_out(pending: Sequence[PendingValue]) -> Layout:
    """Decide which values go into the pack and which parts are objects of their own."""
    to_pack = [
        item.fresh and all(memoryview(part).nbytes < PACK_MAX for part in _data(item))
        for item in pending
    ]
    layout = Layout()
    # No pack for a single piece: it stays an object of its own.
    pieces_count = sum(
        len(_data(item)) for item, pack in zip(pending, to_pack, strict=True) if pack
    )
    layout.packed = pieces_count > 1
    pieces: list[bytes | memoryview] = []
    if layout.packed:
        layout.chunks.append(b"")  # the pack, joined below
        layout.first_large.append(False)
    offset = 0
    for item, pack in zip(pending, to_pack, strict=True):
        parts: list[tuple[int, int] | int] = []
        for part in _data(item):
            size = memoryview(part).nbytes
            if pack and layout.packed:
                pieces.append(part)
                parts.append((offset, size))
                offset += size
            else:
                layout.chunks.append(part)
                layout.first_large.append(item.fresh and size >= LARGE_OBJECT)
                parts.append(len(layout.chunks) - 1)
        layout.parts.append(parts)
    if layout.packed:
        layout.chunks[0] = b"".join(pieces)
    return layout


def _data(item: PendingValue) -> list[bytes | memoryview]:
    return [item.serialized.stream, *item.serialized.buffers]
