"""Summaries of kernel variables: what the record shows of a variable besides its fingerprint.

A summary is cheap by design (no pass over the data): type, shape, dtype, size in
bytes as the object reports it, and a repr of at most 120 characters. It never
raises, whatever a user's ``__repr__`` or ``__len__`` does.
"""

from __future__ import annotations

import re
import reprlib
import sys
import types
from collections.abc import Sized
from typing import Any

from ..frozen import frozen

__all__ = ["REPR_MAX", "VariableSummary", "capturable", "summarize"]

#: Longest repr a summary holds.
REPR_MAX = 120

# IPython's own names in the user namespace (the underscore ones are skipped by prefix).
_IPYTHON_NAMES = frozenset({"In", "Out", "exit", "quit", "get_ipython"})

_CODE_TYPES = (
    type,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.MethodWrapperType,
    types.WrapperDescriptorType,
)

_SIZED_BUILTINS = (str, bytes, bytearray, list, tuple, dict, set, frozenset, range)

_WHITESPACE = re.compile(r"\s+")

_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxstring = REPR_MAX
_SHORT_REPR.maxother = REPR_MAX
_SHORT_REPR.maxlist = _SHORT_REPR.maxtuple = _SHORT_REPR.maxset = 8
_SHORT_REPR.maxdict = 6


@frozen
class VariableSummary:
    """What a variable is, without its content.

    ``type`` is qualified by the package users import it from (``pandas.DataFrame``,
    ``numpy.ndarray``; builtins bare, ``list``). ``shape`` is the array or table
    shape, or ``(len,)`` for a container; ``nbytes`` the buffer size the object
    reports (not deep); ``repr`` a single line of at most 120 characters.
    """

    type: str
    shape: tuple[int, ...] | None
    dtype: str | None
    nbytes: int | None
    repr: str


def summarize(value: object) -> VariableSummary:
    """Summarize a variable in constant time; never raises.

    Parameters
    ----------
    value
        Any object from the user's namespace.

    Returns
    -------
    VariableSummary
        Fields that do not apply, or that the object failed to report, are ``None``.
    """
    try:
        type_name = _qualified_type(type(value))
    except Exception:  # a metaclass with hostile attributes
        type_name = type(value).__name__
    try:
        return _summarize(value, type_name)
    except Exception:  # e.g. a proxy whose __class__ raises inside isinstance
        return VariableSummary(type_name, None, None, None, f"<{type_name}>")


def _summarize(value: object, type_name: str) -> VariableSummary:
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(value, pandas.DataFrame):
        return VariableSummary(
            type_name,
            _guard(lambda: tuple(int(n) for n in value.shape)),
            _guard(lambda: _frame_dtypes(value)),
            _guard(lambda: _frame_nbytes(value)),
            _guard(lambda: _frame_repr(value)) or type_name,
        )
    if pandas is not None and isinstance(value, (pandas.Series, pandas.Index)):
        nbytes = _guard(lambda: int(value.memory_usage(deep=False)))
        text = _guard(lambda: _series_repr(value)) or type_name
    else:
        nbytes = _guard(lambda: _reported_nbytes(value))
        numpy = sys.modules.get("numpy")
        if numpy is not None and isinstance(value, numpy.ndarray) and value.ndim > 0:
            text = _guard(lambda: _array_repr(value)) or short_repr(value)
        else:
            text = short_repr(value)
    return VariableSummary(
        type_name,
        _guard(lambda: _shape(value)),
        _guard(lambda: _dtype(value)),
        nbytes,
        text,
    )


def capturable(name: str, value: object) -> bool:
    """Whether a namespace entry is user state worth recording.

    Skipped: private and IPython names (``_``, ``__``, ``_i1``, ``In``, ``Out``,
    ``exit``, ``quit``, ``get_ipython``), modules, and functions or classes defined
    elsewhere (imports). Functions and classes the notebook defines are kept.
    """
    if name.startswith("_") or name in _IPYTHON_NAMES:
        return False
    try:
        if isinstance(value, types.ModuleType):
            return False
        if isinstance(value, _CODE_TYPES):
            return bool(_guard(lambda: getattr(value, "__module__", None)) == "__main__")
    except Exception:  # a proxy whose __class__ raises: user state all the same
        return True
    return True


def short_repr(value: object) -> str:
    """One line of at most 120 characters; a failing ``__repr__`` gives ``<Type>``."""
    try:
        text = _SHORT_REPR.repr(value)
    except Exception:  # a user's __repr__ may raise anything
        return f"<{_qualified_type(type(value))}>"
    return _one_line(text)


def _one_line(text: str) -> str:
    text = _WHITESPACE.sub(" ", text).strip()
    if len(text) > REPR_MAX:
        return text[: REPR_MAX - 3] + "..."
    return text


def _qualified_type(cls: type) -> str:
    module = getattr(cls, "__module__", None) or ""
    name = getattr(cls, "__qualname__", None) or cls.__name__
    if module == "builtins":
        return name
    # Name a type by the package it is imported from (pandas.core.frame -> pandas)
    # when the package re-exports it under the same name.
    package = sys.modules.get(module.partition(".")[0])
    if package is not None and getattr(package, name, None) is cls:
        return f"{package.__name__}.{name}"
    return f"{module}.{name}" if module else name


def _shape(value: object) -> tuple[int, ...] | None:
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and all(isinstance(n, int) for n in shape):
        return tuple(int(n) for n in shape)
    if shape is not None and not isinstance(value, type):
        try:
            return tuple(int(n) for n in shape)  # torch.Size and other tuple-likes
        except (TypeError, ValueError):
            pass
    if isinstance(value, _SIZED_BUILTINS) or (
        isinstance(value, Sized) and type(value).__module__ in ("collections", "builtins")
    ):
        return (len(value),)
    return None


def _dtype(value: object) -> str | None:
    if isinstance(value, (type, types.ModuleType)):
        return None
    dtype = getattr(value, "dtype", None)
    return None if dtype is None or isinstance(dtype, type) else str(dtype)


def _reported_nbytes(value: object) -> int | None:
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    if isinstance(value, type):
        return None
    nbytes = getattr(value, "nbytes", None)
    return nbytes if isinstance(nbytes, int) else None


def _frame_dtypes(frame: Any) -> str:
    counts: dict[str, int] = {}
    for dtype in frame.dtypes:
        counts[str(dtype)] = counts.get(str(dtype), 0) + 1
    if len(counts) == 1:
        return next(iter(counts))
    return ", ".join(f"{name}: {count}" for name, count in counts.items())


def _frame_nbytes(frame: Any) -> int:
    # What memory_usage(deep=False).sum() reports, without building its Series
    # (a millisecond, most of a summary's cost).
    columns = sum(int(series.array.nbytes) for _, series in frame.items())
    return columns + int(frame.index.memory_usage(deep=False))


def _array_repr(array: Any) -> str:
    # NumPy's own repr formats every shown element (a tenth of a millisecond for a
    # small array); the first values, shape and dtype say as much in one line.
    head = _SHORT_REPR.repr(array.flat[:8].tolist())
    if array.size > 8:
        head = head[:-1] + ", ...]"
    return _one_line(f"array({head}, shape={array.shape}, dtype={array.dtype})")


def _frame_repr(frame: Any) -> str:
    # A DataFrame's own repr is a table; one line of columns says more in 120 characters.
    rows, columns = frame.shape
    names = ", ".join(str(name) for name in list(frame.columns[:20]))
    return _one_line(f"DataFrame {rows} rows x {columns} columns: {names}")


def _series_repr(series: Any) -> str:
    # Only the first values are turned into Python objects, however long the series.
    head = _SHORT_REPR.repr(series[:8].tolist())
    if len(series) > 8:
        head = head[:-1] + ", ...]"
    return _one_line(f"{type(series).__name__} {series.name!r} {len(series)} values: {head}")


def _guard(compute: Any) -> Any:
    try:
        return compute()
    except Exception:  # a summary must not fail on a misbehaving object
        return None
