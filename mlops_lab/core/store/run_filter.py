"""The filter box of the runs list: its small language, parsed and turned into SQL.

A filter is space-separated terms that must all hold:

- ``NAME OP VALUE`` with OP one of ``>= <= != > < =``: NAME is ``metrics.X``,
  ``params.X``, ``tags.X``, or a bare ``X`` meaning metric X, else param X.
  VALUE is typed as a parameter is (``0.1`` a number, ``true`` a bool, else text);
  ``none`` matches the runs without that value (``tags.stage=none``: no stage tag).
- anything else: text found (case-insensitively) in the run's name, id,
  notebook, experiment or one of its tag values.

Double quotes group a term that holds spaces: ``"name=my run"``.
"""

from __future__ import annotations

import re
import shlex
import sqlite3

from ..capture.parameters import parse_value
from ..errors import InvalidInputError
from ..frozen import frozen
from ..records import JsonValue

__all__ = [
    "VALUE_INDEXES",
    "Comparison",
    "TextMatch",
    "filter_sql",
    "indexed_count_sql",
    "parse_filter",
    "value_sql",
]

_OPERATORS = (">=", "<=", "!=", ">", "<", "=")
_NAME = re.compile(r"[A-Za-z_][\w.\-/]*")
_KINDS = ("metrics", "params", "tags")


@frozen
class Comparison:
    """``kind.name OP value``; ``kind`` is None for a bare name (metric, else param)."""

    kind: str | None
    name: str
    operator: str
    value: JsonValue
    text: str  # the value as written: tags are text, compared as such


@frozen
class TextMatch:
    text: str


def parse_filter(text: str) -> tuple[Comparison | TextMatch, ...]:
    """Split a filter into its terms.

    Raises
    ------
    InvalidInputError
        A quote is not closed, or a comparison lacks its name or value or has
        two operators (``acc>>``).
    """
    try:
        words = shlex.split(text)
    except ValueError:
        raise InvalidInputError(
            f"Filter {text!r} has an unclosed quote; close it or remove it."
        ) from None
    return tuple(_term(word) for word in words if word)


def _term(word: str) -> Comparison | TextMatch:
    found = _first_operator(word)
    if found is None:
        return TextMatch(word)
    at, operator = found
    name, value = word[:at], word[at + len(operator) :]
    if not name or not _NAME.fullmatch(name):
        raise InvalidInputError(
            f"Filter term {word!r} needs a metric or param name before {operator!r}, "
            "e.g. acc>0.9 or params.lr=0.1."
        )
    if not value:
        raise InvalidInputError(
            f"Filter term {word!r} needs a value after {operator!r}, e.g. {name}{operator}0.5."
        )
    if value.startswith(_OPERATORS):
        raise InvalidInputError(
            f"Filter term {word!r} has two operators; use one, e.g. {name}{operator}0.5."
        )
    kind, dot, rest = name.partition(".")
    if dot and kind in _KINDS:
        if not rest:
            raise InvalidInputError(f"Filter term {word!r} lacks a name after {kind!r}.")
        return Comparison(kind, rest, operator, parse_value(value), value)
    return Comparison(None, name, operator, parse_value(value), value)


def _first_operator(word: str) -> tuple[int, str] | None:
    for at, char in enumerate(word):
        if char in "<>=!":
            for operator in _OPERATORS:
                if word.startswith(operator, at):
                    return at, operator
    return None


# The last value of a metric (kept by migration 5's triggers), a param's JSON
# value as SQL, and a tag, for run `r`: each one primary-key lookup.
_METRIC_SQL = "(SELECT m.value FROM latest_metrics m WHERE m.run_id = r.id AND m.key = ?)"
_PARAM_SQL = "(SELECT json_extract(p.value, '$') FROM params p WHERE p.run_id = r.id AND p.key = ?)"
_TAG_SQL = "(SELECT t.value FROM tags t WHERE t.run_id = r.id AND t.key = ?)"
_TEXT_SQL = (
    "(r.name LIKE ? ESCAPE '\\' OR r.id LIKE ? ESCAPE '\\' OR r.notebook LIKE ? ESCAPE '\\'"
    " OR e.name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM tags t WHERE t.run_id = r.id"
    " AND t.value LIKE ? ESCAPE '\\'))"
)


def value_sql(kind: str | None) -> tuple[str, int]:
    """SQL for a run's value of a named metric/param/tag, and how many times it takes the name."""
    if kind == "metrics":
        return _METRIC_SQL, 1
    if kind == "params":
        return _PARAM_SQL, 1
    if kind == "tags":
        return _TAG_SQL, 1
    return f"COALESCE({_METRIC_SQL}, {_PARAM_SQL})", 2


#: Per prefixed kind: the table of each run's value by key, and the value as its
#: (key, value) index of migration 5 holds it.
VALUE_INDEXES = {
    "metrics": ("latest_metrics", "v.value"),
    "params": ("params", "json_extract(v.value, '$')"),
    "tags": ("tags", "v.value"),
}


def indexed_count_sql(conn: sqlite3.Connection, text: str) -> tuple[str, list[object]] | None:
    """How many runs a filter of one comparison matches, counted on its index.

    ``acc>0.9`` alone matches the runs whose value is in a range of the (key,
    value) index: counting that range reads no run, where counting the runs
    that pass the filter looks up every run's value. Each value row belongs to
    an existing run (they are deleted with it), so the two counts are equal.
    A bare name counts this way when only metrics, or only params, use it.
    None for any other filter.
    """
    terms = parse_filter(text)
    if len(terms) != 1 or not isinstance(terms[0], Comparison):
        return None
    term = terms[0]
    if term.value is None or isinstance(term.value, list | dict):
        return None
    kind = term.kind
    if kind is None:  # a metric, else a param: one of them must be unused
        used = [
            table
            for table in ("latest_metrics", "params")
            if conn.execute(f"SELECT 1 FROM {table} WHERE key = ? LIMIT 1", (term.name,)).fetchone()
        ]
        kind = "params" if used == ["params"] else "metrics" if len(used) < 2 else None
        if kind is None:
            return None
    table, value = VALUE_INDEXES[kind]
    operator = _OPERATORS[_OPERATORS.index(term.operator)]  # ours, never the user's text
    compared: object = term.text if kind == "tags" else term.value
    return (
        f"SELECT COUNT(*) FROM {table} v WHERE v.key = ? AND {value} {operator} ?",
        [term.name, compared],
    )


def filter_sql(text: str) -> tuple[list[str], list[object]]:
    """WHERE clauses (over ``runs r`` joined to ``experiments e``) and their arguments.

    Operators and SQL come from fixed tables; names and values travel as arguments.
    """
    clauses: list[str] = []
    args: list[object] = []
    for term in parse_filter(text):
        if isinstance(term, TextMatch):
            escaped = re.sub(r"([\\%_])", r"\\\1", term.text)
            clauses.append(_TEXT_SQL)
            args.extend([f"%{escaped}%"] * 5)
            continue
        sql, uses = value_sql(term.kind)
        # Tags are text, compared as such; but "none" means no such tag, as for
        # params and metrics (how pipeline runs are told from the notebook's own).
        value: object = term.text if term.kind == "tags" and term.value is not None else term.value
        if isinstance(value, list | dict):
            raise InvalidInputError(
                f"Filter on {term.name!r} compares with a list or object; give a number or text."
            )
        args.extend([term.name] * uses)
        if value is None:
            if term.operator not in ("=", "!="):
                raise InvalidInputError(
                    f"Filter on {term.name!r}: none can only be compared with = or !=."
                )
            clauses.append(f"{sql} IS {'NOT ' if term.operator == '!=' else ''}NULL")
            continue
        # The operator is one of _OPERATORS, never the user's text.
        clauses.append(f"{sql} {_OPERATORS[_OPERATORS.index(term.operator)]} ?")
        args.append(value)
    return clauses, args
