"""`frozen`: a frozen dataclass whose methods cost nothing until they are used.

``@dataclass(frozen=True)`` compiles six methods per class when its module is
imported (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``,
``__delattr__``): about 0.6 ms a class on Python 3.11. A command such as a
cached ``mlops-lab pipeline run`` imports some fifty record classes and uses a
handful, so a third of its start-up went there.

A `frozen` class is a standard dataclass all the same: `dataclasses.fields`,
`asdict`, `replace` and `is_dataclass` work on it, and type checkers treat it
as ``@dataclass(frozen=True)`` (PEP 681). What differs is when the work is done:

- ``__init__`` sets the fields by reading the field list for a class's first
  few instances, then compiles the code ``dataclasses`` would (so construction
  is as fast from then on);
- ``__repr__``, ``__eq__``, ``__hash__`` and the frozen ``__setattr__`` /
  ``__delattr__`` are shared functions reading the class's field names.

Supported: fields with a default or a ``default_factory``, ``field(init=False)``,
``repr``/``compare``/``hash`` flags and ``__post_init__``. Keyword-only fields and
`dataclasses.InitVar` are refused at decoration (none are used).
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable

# typing (2 ms to import) is for the type checker only: at run time the
# decorator below needs no PEP 681 marker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    if sys.version_info >= (3, 11):
        from typing import dataclass_transform
    else:
        from typing_extensions import dataclass_transform

    _C = TypeVar("_C", bound=type)
else:

    def dataclass_transform(**_: object) -> Callable[[Callable[..., object]], object]:
        return lambda decorator: decorator


__all__ = ["frozen"]

# The per-class field names the shared methods read, set at decoration.
_REPR = "__frozen_repr__"
_COMPARED = "__frozen_compared__"
_HASHED = "__frozen_hashed__"


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: _C) -> _C:
    """Make ``cls`` a frozen dataclass, compiling its ``__init__`` only when first called."""
    # dataclasses documents a class without a docstring by its signature, read
    # from the text of object.__init__'s here: that tokenizes, and compiling the
    # tokenizer's pattern took 5 ms. The same text is written from the fields below.
    undocumented = not cls.__doc__
    if undocumented:
        cls.__doc__ = cls.__name__
    # No method generated here: only the fields are collected (and __match_args__ set).
    dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(cls)
    if undocumented:
        described = ", ".join(f"{f.name}: {_type_name(f.type)}" for f in fields if f.init)
        cls.__doc__ = f"{cls.__name__}({described})"
    for field in fields:
        if field.kw_only is True:
            raise TypeError(
                f"{cls.__qualname__}.{field.name}: keyword-only fields are not supported"
            )
    if len(fields) != len(cls.__dataclass_fields__):  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__qualname__}: InitVar fields are not supported")
    body = cls.__dict__
    setattr(cls, _REPR, tuple(f.name for f in fields if f.repr))
    setattr(cls, _COMPARED, tuple(f.name for f in fields if f.compare))
    setattr(
        cls, _HASHED, tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
    )
    if "__init__" not in body:
        cls.__init__ = _first_init(cls)  # type: ignore[misc]
    if "__repr__" not in body:
        cls.__repr__ = _repr  # type: ignore[assignment]
    if "__eq__" not in body:
        cls.__eq__ = _eq  # type: ignore[assignment]
    # As dataclasses decides for eq=True, frozen=True: a hash from the compared
    # fields, unless the class body defined its own.
    explicit_hash = "__hash__" in body and not (body["__hash__"] is None and "__eq__" in body)
    if not explicit_hash:
        cls.__hash__ = _hash  # type: ignore[assignment]
    cls.__setattr__ = _refuse_setattr  # type: ignore[assignment]
    cls.__delattr__ = _refuse_delattr  # type: ignore[assignment]
    return cls


def _type_name(annotation: object) -> str:
    # Annotations are text under ``from __future__ import annotations``.
    return (
        annotation
        if isinstance(annotation, str)
        else getattr(annotation, "__name__", repr(annotation))
    )


#: Instances built by reading the field list before a class gets its compiled
#: ``__init__``: a class used a few times in a process never pays the compiling
#: (70 us), one built often soon gets the fast path.
_COMPILE_AFTER = 8


def _first_init(cls: type) -> Callable[..., None]:
    init_fields: list[tuple[str, Any, Any]] = []
    other_fields: list[tuple[str, Any, Any]] = []
    for field in dataclasses.fields(cls):
        entry = (field.name, field.default, field.default_factory)
        (init_fields if field.init else other_fields).append(entry)
    post_init = hasattr(cls, "__post_init__")
    calls = 0

    def init_by_fields(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        if calls > _COMPILE_AFTER or not _fill(self, init_fields, other_fields, args, kwargs):
            # The compiled __init__ from now on; it also raises dataclasses'
            # own TypeError for arguments that do not fit.
            init = _compile_init(cls)
            cls.__init__ = init  # type: ignore[misc]
            init(self, *args, **kwargs)
        elif post_init:
            self.__post_init__()

    init_by_fields.__name__ = "__init__"
    init_by_fields.__qualname__ = f"{cls.__qualname__}.__init__"
    return init_by_fields


def _fill(
    self: object,
    init_fields: list[tuple[str, Any, Any]],
    other_fields: list[tuple[str, Any, Any]],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> bool:
    """Set the fields from the arguments as the compiled ``__init__`` would; False
    when they do not fit (too many, unknown, missing, given twice)."""
    if len(args) > len(init_fields):
        return False
    by_name = 0
    for index, (name, default, factory) in enumerate(init_fields):
        if index < len(args):
            if name in kwargs:
                return False
            value = args[index]
        elif name in kwargs:
            value = kwargs[name]
            by_name += 1
        elif default is not dataclasses.MISSING:
            value = default
        elif factory is not dataclasses.MISSING:
            value = factory()
        else:
            return False
        object.__setattr__(self, name, value)
    if by_name != len(kwargs):
        return False
    for name, default, factory in other_fields:
        if factory is not dataclasses.MISSING:
            object.__setattr__(self, name, factory())
        elif default is not dataclasses.MISSING:
            object.__setattr__(self, name, default)
    return True


class _Missing:
    """The value of an argument left out whose field has a default factory."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Missing()


def _compile_init(cls: type) -> Callable[..., None]:
    """The ``__init__`` that ``dataclasses`` would write for ``cls``, compiled now."""
    namespace: dict[str, Any] = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    parameters: list[str] = []
    lines: list[str] = []
    for field in dataclasses.fields(cls):
        name = field.name
        has_factory = field.default_factory is not dataclasses.MISSING
        if has_factory:
            namespace[f"_factory_{name}"] = field.default_factory
        if field.default is not dataclasses.MISSING:
            namespace[f"_default_{name}"] = field.default
        if not field.init:
            if has_factory:
                lines.append(f"_set(self, {name!r}, _factory_{name}())")
            elif field.default is not dataclasses.MISSING:
                lines.append(f"_set(self, {name!r}, _default_{name})")
            continue
        if has_factory:
            parameters.append(f"{name}=_FACTORY")
            value = f"_factory_{name}() if {name} is _FACTORY else {name}"
        elif field.default is not dataclasses.MISSING:
            parameters.append(f"{name}=_default_{name}")
            value = name
        else:
            parameters.append(name)
            value = name
        lines.append(f"_set(self, {name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        lines.append("self.__post_init__()")
    source = f"def __init__(self, {', '.join(parameters)}):\n" + "".join(
        f"    {line}\n" for line in lines or ["pass"]
    )
    exec(source, namespace)
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _repr(self: Any) -> str:
    values = ", ".join(f"{name}={getattr(self, name)!r}" for name in getattr(self, _REPR))
    return f"{type(self).__qualname__}({values})"


def _eq(self: Any, other: object) -> object:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = getattr(self, _COMPARED)
    # Tuples, as dataclasses compares: a value is equal to itself even when NaN.
    return bool(tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names))


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, name) for name in getattr(self, _HASHED)))


def _refuse_setattr(self: Any, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
