"""Content fingerprints of kernel variables: what a value holds, never raising.

Values are fingerprinted by what they hold, not by identity: NumPy arrays and
pandas objects from their buffers plus their schema, anything else through pickle
protocol 5 with out-of-band buffers, all with the xxh3-128 of
`mlops_lab.core.capture.fingerprints`. NumPy and pandas are the user's libraries, so they
are never imported here: a value of their types implies they are loaded.
`fingerprint_value` never raises; what cannot be fingerprinted says why.
"""

from __future__ import annotations

import io
import pickle
import struct
import sys
from collections.abc import Callable
from typing import Any

import xxhash

from ..frozen import frozen

__all__ = ["ValueFingerprint", "fingerprint_value"]

# Rows joined per bulk encode of a string column: big enough to amortise the call,
# small enough that the joined text stays in cache and reuses the same allocation.
_STRING_ROWS_PER_CHUNK = 65536
_DETAIL_MAX = 200


@frozen
class ValueFingerprint:
    """A variable's content fingerprint, or why there is none.

    ``method`` is ``'numpy'``, ``'pandas'``, ``'pickle'``, ``'builtin'`` or
    ``'unfingerprintable'`` (then ``fingerprint`` is ``None`` and ``detail`` says why).
    """

    fingerprint: str | None
    method: str
    detail: str | None = None


def fingerprint_value(value: object) -> ValueFingerprint:
    """Fingerprint a kernel variable by its content; never raises.

    Parameters
    ----------
    value
        Any object.

    Returns
    -------
    ValueFingerprint
        NumPy arrays: dtype, shape and data. pandas DataFrame, Series and Index:
        every row and column plus the schema (labels, dtypes, index). ``str``,
        ``bytes``, numbers, ``None``: their value. Anything else: its pickle
        (protocol 5, out-of-band buffers hashed in place). Values pickle cannot
        handle (generators, locks, open files) are ``'unfingerprintable'``.

    Notes
    -----
    A string column is encoded as its values joined by NUL, so two columns that
    differ only in where a NUL character sits inside their strings collide. Pickled
    objects reflect shared references: two equal lists, one holding the same string
    object twice and one holding two copies, fingerprint differently.
    """
    try:
        hasher = xxhash.xxh3_128()
        method = _hash_value(value, hasher.update)
        return ValueFingerprint(hasher.hexdigest(), method)
    except Exception as exc:  # anything a user's __reduce__ or buffer raises stays here
        reason = f"{type(exc).__name__}: {exc}"
        if len(reason) > _DETAIL_MAX:
            reason = reason[: _DETAIL_MAX - 3] + "..."
        return ValueFingerprint(None, "unfingerprintable", reason)


Update = Callable[[Any], object]

_BUILTIN_TYPES = (str, bytes, bytearray, int, float, complex, bool, type(None))


def _hash_value(value: object, update: Update) -> str:
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.ndarray) and _plain_array(numpy, value):
        update(b"numpy\x00")
        _hash_array(numpy, value, update)
        return "numpy"
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(value, (pandas.DataFrame, pandas.Series, pandas.Index)):
        _hash_pandas(pandas, numpy, value, update)
        return "pandas"
    if type(value) in _BUILTIN_TYPES:
        update(f"builtin\x00{type(value).__name__}\x00".encode())
        update(_builtin_bytes(value))
        return "builtin"
    _hash_pickle(value, update)
    return "pickle"


def _builtin_bytes(value: object) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, float):
        return struct.pack("<d", value)  # the exact bits, NaN payloads included
    return repr(value).encode()


def _plain_array(numpy: Any, value: Any) -> bool:
    # Object arrays hold pointers and masked arrays a mask: both go through pickle.
    masked = sys.modules.get("numpy.ma")
    if masked is not None and isinstance(value, masked.MaskedArray):
        return False
    return not value.dtype.hasobject


def _hash_array(numpy: Any, array: Any, update: Update) -> None:
    dtype = array.dtype
    layout = repr(dtype.descr) if dtype.fields else dtype.str
    update(f"{layout}\x00{array.shape}\x00".encode())
    if array.size == 0:
        return
    if not array.flags.c_contiguous:
        array = numpy.ascontiguousarray(array)
    # Viewed as bytes: the buffer protocol refuses datetime64 and some other dtypes.
    update(array.reshape(-1).view(numpy.uint8))


def _hash_pickle(value: object, update: Update, *, content_only: bool = False) -> None:
    buffers: list[pickle.PickleBuffer] = []
    sink = io.BytesIO()
    pickler = pickle.Pickler(sink, protocol=5, buffer_callback=buffers.append)
    # Fast mode writes no memo, so equal values pickle equally whatever objects they
    # share; only for flat data, since it cannot pickle cycles.
    pickler.fast = content_only
    pickler.dump(value)
    stream = sink.getbuffer()
    update(b"pickle\x00")
    update(stream)
    for buffer in buffers:
        _hash_pickle_buffer(buffer, update)


def _hash_pickle_buffer(buffer: pickle.PickleBuffer, update: Update) -> None:
    try:
        raw = buffer.raw()  # zero-copy view of a contiguous buffer
    except BufferError:
        raw = memoryview(memoryview(buffer).tobytes())  # non-contiguous: one copy
    with raw:
        update(len(raw).to_bytes(8, "little"))
        update(raw)


def _hash_pandas(pandas: Any, numpy: Any, value: Any, update: Update) -> None:
    update(f"pandas\x00{type(value).__name__}\x00{value.shape}\x00".encode())
    if isinstance(value, pandas.Index):
        _hash_index(pandas, numpy, value, update)
        return
    _hash_index(pandas, numpy, value.index, update)
    if isinstance(value, pandas.Series):
        update(f"name\x00{value.name!r}\x00".encode())
        _hash_column(pandas, numpy, value.array, update)
        return
    _hash_index(pandas, numpy, value.columns, update)
    for position in range(value.shape[1]):
        _hash_column(pandas, numpy, value.iloc[:, position].array, update)


def _hash_index(pandas: Any, numpy: Any, index: Any, update: Update) -> None:
    update(f"index\x00{type(index).__name__}\x00{list(index.names)!r}\x00".encode())
    if isinstance(index, pandas.RangeIndex):
        update(f"{index.start}:{index.stop}:{index.step}".encode())
    elif isinstance(index, pandas.MultiIndex):
        for level, codes in zip(index.levels, index.codes, strict=True):
            _hash_index(pandas, numpy, level, update)
            _hash_array(numpy, numpy.asarray(codes), update)
    else:
        _hash_column(pandas, numpy, index.array, update)


def _hash_column(pandas: Any, numpy: Any, array: Any, update: Update) -> None:
    dtype = array.dtype
    if isinstance(dtype, pandas.CategoricalDtype):
        update(f"\x00category\x00{dtype.ordered}\x00".encode())
        _hash_index(pandas, numpy, dtype.categories, update)
        _hash_array(numpy, array.codes, update)
        return
    # repr, not str: StringDtype's str is "str" whichever storage backs it.
    update(f"\x00column\x00{dtype!r}\x00".encode())
    chunked = getattr(array, "_pa_array", None)
    if chunked is not None and _hash_arrow(numpy, chunked, update):
        return
    data, mask = getattr(array, "_data", None), getattr(array, "_mask", None)
    if isinstance(data, numpy.ndarray) and isinstance(mask, numpy.ndarray):
        # Nullable Int64/Float64/boolean: the values under the mask are arbitrary.
        if mask.any():
            data = numpy.where(mask, numpy.zeros((), data.dtype), data)
        _hash_array(numpy, data, update)
        _hash_array(numpy, mask, update)
        return
    values = getattr(array, "_ndarray", None)  # NumPy-backed arrays, strings, datetimes
    if not isinstance(values, numpy.ndarray):
        values = numpy.asarray(array, dtype=object)
    if values.dtype.hasobject:
        _hash_objects(values, update)
    else:
        _hash_array(numpy, values, update)


def _hash_objects(values: Any, update: Update) -> None:
    # Each chunk of rows is joined with NUL and encoded once: a Python call per value
    # would cost ten times as much. A chunk holding something other than str (a
    # missing value, a number) is pickled without memo instead.
    update(f"objects\x00{values.shape}\x00".encode())
    flat = values.reshape(-1)
    for start in range(0, len(flat), _STRING_ROWS_PER_CHUNK):
        rows = flat[start : start + _STRING_ROWS_PER_CHUNK].tolist()
        try:
            joined = "\x00".join(rows)
        except TypeError:
            update(b"\x01")
            try:
                _hash_pickle(rows, update, content_only=True)
            except ValueError:  # a cycle among the objects: fast mode cannot pickle it
                _hash_pickle(rows, update)
            continue
        update(b"\x00")
        update(joined.encode("utf-8", "surrogatepass"))


def _hash_arrow(numpy: Any, chunked: Any, update: Update) -> bool:
    """Hash a pyarrow ChunkedArray of strings or fixed-width values from its buffers.

    Data, lengths and null positions stream into separate hashers, so the result
    does not depend on how the column is split into chunks. Returns ``False`` for
    other types, which the caller hashes as objects.
    """
    pa_types = getattr(sys.modules.get("pyarrow"), "types", None)
    if pa_types is None:
        return False
    kind = chunked.type
    if pa_types.is_string(kind) or pa_types.is_binary(kind):
        offset_dtype = numpy.int32
    elif pa_types.is_large_string(kind) or pa_types.is_large_binary(kind):
        offset_dtype = numpy.int64
    elif pa_types.is_primitive(kind) and kind.bit_width % 8 == 0:
        offset_dtype = None
    else:
        return False
    data_hasher, length_hasher, null_hasher = (xxhash.xxh3_128() for _ in range(3))
    row = 0
    for chunk in chunked.chunks:
        buffers = chunk.buffers()
        if offset_dtype is None:
            width = kind.bit_width // 8
            if buffers[1] is not None:
                data = memoryview(buffers[1])[chunk.offset * width :]
                data_hasher.update(data[: len(chunk) * width])
        else:
            offsets = numpy.frombuffer(buffers[1], dtype=offset_dtype)
            offsets = offsets[chunk.offset : chunk.offset + len(chunk) + 1]
            if len(offsets) > 1 and buffers[2] is not None:
                data_hasher.update(memoryview(buffers[2])[int(offsets[0]) : int(offsets[-1])])
                # Lengths in cache-sized blocks rather than one large temporary array.
                for block in range(0, len(offsets) - 1, _STRING_ROWS_PER_CHUNK):
                    length_hasher.update(
                        numpy.diff(offsets[block : block + _STRING_ROWS_PER_CHUNK + 1])
                    )
        if chunk.null_count:
            nulls = chunk.is_null().to_numpy(zero_copy_only=False)
            null_hasher.update(numpy.flatnonzero(nulls).astype(numpy.int64) + row)
        row += len(chunk)
    update(f"arrow\x00{kind}\x00".encode())
    for hasher in (data_hasher, length_hasher, null_hasher):
        update(hasher.digest())
    return True
