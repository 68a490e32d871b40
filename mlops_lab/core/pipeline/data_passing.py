"""Values between steps, by type: tables as Parquet, arrays as ``.npy``, the rest cloudpickled.

Parquet and ``.npy`` are readable by other tools and other Python versions; a
DataFrame Parquet cannot hold exactly (object columns of mixed types, say) and
an array of Python objects fall back to cloudpickle, as does everything else.
pandas, NumPy and pyarrow are the user's libraries: they are imported only
when a value of theirs is passed.
"""

from __future__ import annotations

import enum
import io
import sys

from ..errors import InvalidInputError
from ..frozen import frozen

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any

__all__ = ["DataFormat", "EncodedValue", "decode_value", "encode_value"]


class DataFormat(str, enum.Enum):
    PARQUET = "parquet"
    NPY = "npy"
    PICKLE = "pickle"

    @property
    def extension(self) -> str:
        return {"parquet": ".parquet", "npy": ".npy", "pickle": ".pkl"}[self.value]


@frozen
class EncodedValue:
    data: bytes
    format: DataFormat


def encode_value(value: object) -> EncodedValue:
    """Serialize a step's output in the format its type calls for.

    Raises
    ------
    InvalidInputError
        Not even cloudpickle can serialize the value (a generator, an open file).
    """
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(value, pandas.DataFrame):
        encoded = _parquet(value)
        if encoded is not None:
            return encoded
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.ndarray) and value.dtype.kind not in "OV":
        buffer = io.BytesIO()
        numpy.save(buffer, value, allow_pickle=False)
        return EncodedValue(buffer.getvalue(), DataFormat.NPY)
    import cloudpickle  # here: a cached run passes no value

    try:
        return EncodedValue(cloudpickle.dumps(value, protocol=5), DataFormat.PICKLE)
    except Exception as error:  # pickling runs arbitrary __reduce__ code
        raise InvalidInputError(
            f"a {type(value).__name__} cannot be passed to another step "
            f"({type(error).__name__}: {error}); recompute it in the step that needs it."
        ) from None


def _parquet(frame: Any) -> EncodedValue | None:
    try:
        import pyarrow  # noqa: F401 - pandas needs it for Parquet; without it, pickle
    except ImportError:
        return None
    buffer = io.BytesIO()
    try:
        frame.to_parquet(buffer)
    except Exception:  # mixed-type columns, non-string labels: Arrow refuses them
        return None
    return EncodedValue(buffer.getvalue(), DataFormat.PARQUET)


def decode_value(data: bytes, data_format: DataFormat | str) -> object:
    """Read back what `encode_value` wrote."""
    kind = DataFormat(data_format)
    if kind is DataFormat.PARQUET:
        import pyarrow
        import pyarrow.parquet  # type: ignore[import-untyped]

        # Without Arrow's thread pools: a worker still alive when the process
        # exits aborts it ("terminate called without an active exception") after
        # its work is done. pandas.read_parquet goes through Arrow's datasets,
        # which start one even with use_threads=False; this path starts none.
        table = pyarrow.parquet.ParquetFile(pyarrow.BufferReader(data)).read(use_threads=False)
        return table.to_pandas(use_threads=False)
    if kind is DataFormat.NPY:
        import numpy

        return numpy.load(io.BytesIO(data), allow_pickle=False)
    import cloudpickle

    result: object = cloudpickle.loads(data)
    return result
