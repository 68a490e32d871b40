"""How a cell says what it is: tags (ours, Kale's, papermill's) and the ``%%mlops step`` magic.

Accepted as they are:

- ``step:NAME`` / Kale's ``block:NAME``: the cell starts (or continues) step NAME;
- ``prev:NAME``: the cell's step runs after step NAME;
- ``imports`` / ``functions``: shared code, run before every step;
- ``parameters`` (papermill) / ``pipeline-parameters`` (Kale): the parameters;
- ``pipeline-metrics``: the variables it prints (results or parameters) become the run's metrics;
- ``skip``: left out;
- a first line ``%%mlops step NAME [--after A,B]``: as ``step:NAME`` plus ``prev:`` marks.
"""

from __future__ import annotations

import enum
import re
import shlex
from collections.abc import Sequence

from ..frozen import frozen

__all__ = ["MAGIC_USAGE", "CellMarks", "CellRole", "parse_step_magic", "read_marks"]

MAGIC_USAGE = "%%mlops step NAME [--after A,B]"

_STEP_TAGS = ("step:", "block:")
_PREV_TAG = "prev:"
_SHARED_TAGS = frozenset({"imports", "functions"})
_PARAMETER_TAGS = frozenset({"parameters", "pipeline-parameters"})
_METRICS_TAG = "pipeline-metrics"
_SKIP_TAG = "skip"
_MAGIC = re.compile(r"^\s*%%mlops\s+step\b(.*)$")
#: Step names become file, function and component names.
STEP_NAME = re.compile(r"^[A-Za-z_][\w-]*$")


class CellRole(str, enum.Enum):
    CODE = "code"
    SHARED = "shared"
    PARAMETERS = "parameters"
    METRICS = "metrics"
    SKIP = "skip"


@frozen
class CellMarks:
    """What one code cell's tags and magic say about it.

    ``errors`` are malformed marks (a bad step name, a bad magic line), for the
    caller to report with the cell.
    """

    role: CellRole = CellRole.CODE
    step: str | None = None
    after: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()


def parse_step_magic(line: str) -> tuple[str, tuple[str, ...]]:
    """Read ``NAME [--after A,B]`` (the arguments of ``%%mlops step``).

    Raises
    ------
    ValueError
        The arguments are not of that form; the message shows the usage.
    """
    try:
        words = shlex.split(line)
    except ValueError as error:
        raise ValueError(f"{error}; usage: {MAGIC_USAGE}") from None
    after: list[str] = []
    names: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word == "--after" and index + 1 < len(words):
            after.extend(part.strip() for part in words[index + 1].split(",") if part.strip())
            index += 2
            continue
        if word.startswith("--after="):
            after.extend(part.strip() for part in word[8:].split(",") if part.strip())
        elif word.startswith("-"):
            raise ValueError(f"unknown option {word!r}; usage: {MAGIC_USAGE}")
        else:
            names.append(word)
        index += 1
    if len(names) != 1:
        raise ValueError(f"give one step NAME; usage: {MAGIC_USAGE}")
    for name in (*names, *after):
        if not STEP_NAME.match(name):
            raise ValueError(
                f"{name!r} is not a step name (letters, digits, _ and -, "
                "not starting with a digit or -)"
            )
    return names[0], tuple(after)


def read_marks(tags: Sequence[str], source: str) -> CellMarks:
    """The marks of a code cell from its tags and its first line."""
    step: str | None = None
    after: list[str] = []
    errors: list[str] = []
    role = CellRole.CODE
    for tag in tags:
        if tag == _SKIP_TAG:
            return CellMarks(role=CellRole.SKIP)
        if tag in _SHARED_TAGS:
            role = CellRole.SHARED
        elif tag in _PARAMETER_TAGS:
            role = CellRole.PARAMETERS
        elif tag == _METRICS_TAG:
            role = CellRole.METRICS
        elif tag.startswith(_STEP_TAGS):
            name = tag.partition(":")[2].strip()
            if not STEP_NAME.match(name):
                errors.append(f"tag {tag!r} does not name a step (letters, digits, _ and -)")
            elif step is None:
                step = name
        elif tag.startswith(_PREV_TAG):
            name = tag[len(_PREV_TAG) :].strip()
            if name:
                after.append(name)
    first_line = source.lstrip("\n").split("\n", 1)[0]
    magic = _MAGIC.match(first_line)
    if magic:
        try:
            name, magic_after = parse_step_magic(magic.group(1))
        except ValueError as error:
            errors.append(f"{first_line.strip()!r}: {error}")
        else:
            step = step or name
            after.extend(magic_after)
    return CellMarks(role=role, step=step, after=tuple(dict.fromkeys(after)), errors=tuple(errors))
