"""`frozen` records behave as ``@dataclass(frozen=True)`` ones, before and after compiling."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from mlops_lab.core.frozen import _COMPILE_AFTER, frozen


@frozen
class Point:
    """A record with every kind of field the project uses."""

    x: int
    label: str = "p"
    tags: list[str] = dataclasses.field(default_factory=list)
    weight: float = dataclasses.field(default=1.0, compare=False)
    kind: str = dataclasses.field(init=False, default="point")

    def __post_init__(self) -> None:
        if self.x < 0:
            raise ValueError("x must be 0 or more")


def _point_namespace() -> dict[str, object]:
    """Point's fields without its __post_init__, new field objects each time."""
    return {
        "__annotations__": {
            "x": "int",
            "label": "str",
            "tags": "list[str]",
            "weight": "float",
            "kind": "str",
        },
        "label": "p",
        "tags": dataclasses.field(default_factory=list),
        "weight": dataclasses.field(default=1.0, compare=False),
        "kind": dataclasses.field(init=False, default="point"),
    }


# The standard library's frozen dataclass with the same fields: what `frozen` must match.
Reference = dataclasses.dataclass(frozen=True)(type("Reference", (), _point_namespace()))


def _calls() -> list[tuple[tuple[object, ...], dict[str, object]]]:
    return [((1,), {}), ((1, "a"), {}), ((), {"x": 2, "tags": ["t"]}), ((3, "b", ["u"], 2.0), {})]


@pytest.mark.parametrize("round_", ["interpreted", "compiled"])
def test_construction_matches_a_standard_frozen_dataclass(round_: str) -> None:
    fresh = frozen(type("Fresh", (), _point_namespace()))  # not compiled yet
    if round_ == "compiled":
        for _ in range(_COMPILE_AFTER + 1):
            fresh(0)
    for args, kwargs in _calls():
        ours, theirs = fresh(*args, **kwargs), Reference(*args, **kwargs)
        assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
        assert repr(ours) == repr(theirs).replace("Reference", "Fresh")
    assert fresh(1).tags is not fresh(1).tags  # a factory per instance


@pytest.mark.parametrize("warm", [0, _COMPILE_AFTER + 1])
def test_wrong_arguments_raise_the_standard_type_error(warm: int) -> None:
    @frozen
    class Fresh:
        x: int
        label: str = "p"

    for _ in range(warm):
        Fresh(0)
    for args, kwargs, message in [
        ((), {}, "missing 1 required positional argument: 'x'"),
        ((1,), {"x": 2}, "got multiple values for argument 'x'"),
        ((1,), {"nope": 2}, "unexpected keyword argument 'nope'"),
        ((1, "a", 3), {}, "takes from 2 to 3 positional arguments but 4 were given"),
    ]:
        with pytest.raises(TypeError, match=message):
            Fresh(*args, **kwargs)


def test_post_init_runs_on_both_paths() -> None:
    for _ in range(_COMPILE_AFTER + 2):
        with pytest.raises(ValueError, match="x must be 0 or more"):
            Point(-1)


def test_frozen_equality_hash_and_dataclass_functions() -> None:
    point = Point(1, tags=["a"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x  # type: ignore[misc]
    assert Point(1, weight=5.0) == Point(1)  # weight is not compared
    assert Point(1) != Reference(1)
    with pytest.raises(TypeError, match="unhashable"):
        hash(point)  # a list field, as with dataclasses
    nan = float("nan")
    assert Point(nan) == Point(nan)  # one object: equal, as in tuples and dataclasses

    @frozen
    class Key:
        name: str
        weight: float = dataclasses.field(default=1.0, compare=False)

    assert hash(Key("a", 2.0)) == hash(Key("a"))
    assert {Key("a"): 1}[Key("a", 3.0)] == 1
    assert dataclasses.is_dataclass(point)
    assert [f.name for f in dataclasses.fields(point)] == ["x", "label", "tags", "weight", "kind"]
    assert dataclasses.replace(point, x=4) == Point(4, tags=["a"])
    assert pickle.loads(pickle.dumps(point)) == point
    assert copy.deepcopy(point) == point
    assert Point.__match_args__ == ("x", "label", "tags", "weight")


def test_a_class_without_a_docstring_is_documented_by_its_signature() -> None:
    @frozen
    class Bare:
        x: int
        name: str = ""

    assert Bare.__doc__ == "Bare(x: int, name: str)"


def test_unsupported_fields_are_refused_at_decoration() -> None:
    with pytest.raises(TypeError, match="keyword-only"):

        @frozen
        class KeywordOnly:
            x: int = dataclasses.field(kw_only=True)
