"""Parameter values typed from their text, as a user means them on a command line.

``3`` is an int, ``0.5`` a float, ``true``/``false`` a bool, ``none`` is None,
``[1, 2]`` and ``{"a": 1}`` are JSON, anything else is a string. Used by
``mlops-lab track -p`` and by the kernel's ``%mlops param``.

"""

from __future__ import annotations

import ast
import json
import keyword
import re
from collections.abc import Mapping, Sequence

from ..errors import InvalidInputError
from ..records import JsonValue

__all__ = ["assigned_names", "parse_parameters", "parse_value"]

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
