"""Values to bytes and back: cloudpickle, protocol 5, large buffers out of band.

cloudpickle pickles what plain pickle refuses, functions, lambdas and classes
defined in a notebook, by value, and everything importable by reference, so a
restored kernel imports the modules its values need. Protocol 5 hands NumPy and
pandas buffers over as `pickle.PickleBuffer` views instead of copying them into
the stream: a 1 GB array is written to disk straight from its own memory.
"""

from __future__ import annotations

import io
import mmap
import pickle
import socket
import threading
import types
from collections.abc import Sequence

import cloudpickle

from ..frozen import frozen

__all__ = ["SerializedValue", "deserialize", "refuse", "serialize", "why_unserializable"]

_REASON_MAX = 200
#: Buffers smaller than this are pickled in the stream, larger ones out of band.
IN_BAND_LIMIT = 64 << 10
_LOCK_TYPES = (type(threading.Lock()), type(threading.RLock()))


@frozen
class SerializedValue:
    """A value's pickle stream and its out-of-band buffers (views, not copies)."""

    stream: bytes
    buffers: tuple[memoryview, ...]

    @property
    def size(self) -> int:
        return len(self.stream) + sum(buffer.nbytes for buffer in self.buffers)


def serialize(value: object) -> SerializedValue:
    """Pickle ``value`` with cloudpickle, protocol 5, buffers of `IN_BAND_LIMIT` or more
    out of band.

    Raises
    ------
    Exception
        Whatever pickling raises for a value it cannot handle; see `why_unserializable`.
    """
    buffers: list[pickle.PickleBuffer] = []

    def out_of_band(buffer: pickle.PickleBuffer) -> bool:
        # False: out of band. A small buffer stays in the stream: a matplotlib
        # Axes hands over some 11,000 of under 1 kB, which stored apart became
        # thousands of object files and ids repeated in every checkpoint.
        with buffer.raw() as view:
            if view.nbytes < IN_BAND_LIMIT:
                return True
        buffers.append(buffer)
        return False

    stream = cloudpickle.dumps(value, protocol=5, buffer_callback=out_of_band)
    return SerializedValue(stream, tuple(_contiguous(buffer) for buffer in buffers))


def deserialize(
    stream: bytes | memoryview, buffers: Sequence[bytearray | bytes | mmap.mmap]
) -> object:
    """Load a value serialized by `serialize`; its buffers become the arrays' memory."""
    return pickle.loads(stream, buffers=buffers)


def refuse(value: object) -> str | None:
    """Why a value is not even tried, or None.

    An open file, a socket, a generator or a lock is a handle on something
    outside the kernel's memory, which no restore can give back. cloudpickle
    would pickle a file open for reading as a copy of its text, which restores
    as something else than a file: left out too.
    """
    if isinstance(value, io.IOBase):
        return "an open file: it cannot be restored (open it again after restoring)"
    if isinstance(value, socket.socket):
        return "a socket: a connection cannot be restored"
    if isinstance(value, types.GeneratorType | types.CoroutineType | types.AsyncGeneratorType):
        return "a generator: its running state cannot be serialized"
    if isinstance(value, _LOCK_TYPES):
        return "a lock: it cannot be serialized"
    return None


def why_unserializable(value: object, error: BaseException) -> str:
    """A short reason for the user, from what pickling said."""
    reason = f"cannot be serialized ({type(error).__name__}: {error})"
    return reason if len(reason) <= _REASON_MAX else reason[: _REASON_MAX - 3] + "..."


def _contiguous(buffer: pickle.PickleBuffer) -> memoryview:
    try:
        return buffer.raw()  # a flat byte view of the value's own memory
    except BufferError:  # not contiguous (a strided view): one copy is unavoidable
        return memoryview(memoryview(buffer).tobytes())
