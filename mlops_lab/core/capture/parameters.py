"""Parameter values typed from their text, as a user means them on a command line.

``3`` is an int, ``0.5`` a float, ``true``/``false`` a bool, ``none`` is None,
``[1, 2]`` and ``{"a": 1}`` are JSON, anything else is a string. Used by
``mlops-lab track -p``, ``mlops-lab pipeline run -p`` and the kernel's
``%mlops param``; a value given for a parameter the parameters cell assigns is
checked against the type of its default, the same way for a notebook and a pipeline.
"""

from __future__ import annotations

import ast
import enum
import json
import keyword
import re
from collections.abc import Mapping, Sequence

from ..errors import InvalidInputError
from ..records import JsonValue

__all__ = [
    "ParameterType",
    "assigned_names",
    "check_parameter",
    "check_parameters",
    "literal_defaults",
    "parse_parameters",
    "parse_value",
]

# Plain decimal literals only: "nan", "inf" and "1_000" stay strings, because the
# record is JSON (no NaN or infinity) and a surprise number is worse than a string.
_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?")
_CONSTANTS: Mapping[str, JsonValue] = {
    "true": True,
    "True": True,
    "false": False,
    "False": False,
    "none": None,
    "None": None,
}


class ParameterType(str, enum.Enum):
    """The type of a parameter, read from its literal default."""

    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    STR = "str"
    LIST = "list"
    DICT = "dict"
    NONE = "none"

    @classmethod
    def of(cls, value: JsonValue) -> ParameterType:
        if isinstance(value, bool):
            return cls.BOOL
        if isinstance(value, int):
            return cls.INT
        if isinstance(value, float):
            return cls.FLOAT
        if isinstance(value, str):
            return cls.STR
        if isinstance(value, list):
            return cls.LIST
        if isinstance(value, dict):
            return cls.DICT
        return cls.NONE


def check_parameter(name: str, default: JsonValue, value: JsonValue) -> JsonValue:
    """Check a value given for a parameter against the type of its default.

    An int is accepted where a float is expected (and becomes a float), as is
    None for any type, and anything where the default is None, since a default
    of None says nothing of the type.

    Raises
    ------
    InvalidInputError
        The value has another type.
    """
    expected, given = ParameterType.of(default), ParameterType.of(value)
    if ParameterType.NONE in (expected, given) or given is expected:
        return value
    if expected is ParameterType.FLOAT and given is ParameterType.INT:
        return float(value)  # type: ignore[arg-type]
    raise InvalidInputError(
        f"Parameter {name} is {_a(expected)} (its default is {default!r}), "
        f"not {_a(given)} ({value!r}); give {_a(expected)} value."
    )


def _a(kind: ParameterType) -> str:
    return ("an " if kind.value[0] in "aeiou" else "a ") + kind.value


def check_parameters(
    values: Mapping[str, JsonValue], defaults: Mapping[str, JsonValue]
) -> dict[str, JsonValue]:
    """`check_parameter` for each value that has a default; the others pass as they are."""
    return {
        name: check_parameter(name, defaults[name], value) if name in defaults else value
        for name, value in values.items()
    }


def literal_defaults(source: str) -> dict[str, JsonValue]:
    """The literal values a ``parameters`` cell assigns at its top level (``lr = 0.1``).

    Assignments of anything but a literal (and a cell that is not Python) give
    no default, so nothing is checked against them.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    defaults: dict[str, JsonValue] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        try:
            default = ast.literal_eval(value)
            json.dumps(default)
        except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
            defaults.pop(target.id, None)
            continue
        defaults[target.id] = default
    return defaults


def parse_value(text: str) -> JsonValue:
    """Type one ``-p`` value from its text.

    Parameters
    ----------
    text
        The value as given on the command line.

    Returns
    -------
    JsonValue
        An int, float, bool, None, list or dict when the text reads as one, else the text.

    Raises
    ------
    InvalidInputError
        The text starts like a JSON list or object but is not valid JSON.
    """
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if text.lstrip().startswith(("[", "{")):
        try:
            value: JsonValue = json.loads(text)
        except json.JSONDecodeError as error:
            raise InvalidInputError(
                f"{text!r} looks like a JSON list or object but is not valid JSON "
                f"({error.msg} at character {error.pos})."
            ) from None
        return value
    return text


def parse_parameters(pairs: Sequence[tuple[str, str]]) -> dict[str, JsonValue]:
    """Type the ``-p NAME VALUE`` pairs; a name given twice takes its last value.

    Raises
    ------
    InvalidInputError
        A name is not a Python variable name, or a value is malformed JSON.
    """
    params: dict[str, JsonValue] = {}
    for name, text in pairs:
        if not name.isidentifier() or keyword.iskeyword(name):
            raise InvalidInputError(
                f"Parameter name {name!r} is not a Python variable name; "
                "use letters, digits and underscores, not starting with a digit."
            )
        try:
            params[name] = parse_value(text)
        except InvalidInputError as error:
            raise InvalidInputError(f"Parameter {name}: {error.message}") from None
    return params


def assigned_names(source: str) -> list[str] | None:
    """Names a ``parameters`` cell assigns at its top level, in order.

    Returns
    -------
    list of str or None
        None when the cell is not plain Python (magics, a typo), so a caller can
        tell "assigns nothing" from "cannot tell".
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    names: list[str] = []
    for statement in tree.body:
        targets: list[ast.expr] = []
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign | ast.AugAssign):
            targets = [statement.target]
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Name) and node.id not in names:
                    names.append(node.id)
    return names
