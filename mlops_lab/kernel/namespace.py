"""Which kernel variables a cell created, changed or deleted, examining only those.

The namespace is a dict, and a dict keeps insertion order: the names a cell
creates are at its end. So after a cell, the new names are read from the end
back to the first name already known; the names the cell's code mentions are
checked for deletion and change; and the namespace's length tells whether
anything else happened (a ``globals().pop``, a ``%reset``), in which case, and
only then, the whole namespace is compared. The cost of a cell grows with what
it touches, not with the number of variables.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from ..core import VariableChange, VariableChangeKind
from ..core.capture.value_fingerprints import fingerprint_value
from ..core.capture.variables import capturable, summarize

__all__ = ["NamespaceWatcher", "names_in"]

# IPython magics and shell escapes are not Python; they are left out of parsing.
_MAGIC_LINE = re.compile(r"^\s*[%!]", re.MULTILINE)


def names_in(code: str) -> set[str]:
    """Every name the code reads, assigns or deletes (attribute bases included)."""
    source = "\n".join("pass" if _MAGIC_LINE.match(line) else line for line in code.splitlines())
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


class NamespaceWatcher:
    def __init__(self, namespace: dict[str, Any]) -> None:
        self._namespace = namespace
        # name -> (id of the object, its fingerprint) when last recorded
        self._known: dict[str, tuple[int, str | None]] = {}
        # every name in the namespace after the last cell, kept up to date per cell
        self._names: set[str] = set(namespace)
        self._length = len(namespace)
        self._mentioned: dict[str, int] = {}

    def before_cell(self, code: str) -> None:
        namespace = self._namespace
        if len(namespace) != self._length:  # changed between cells (a silent execution)
            self._names = set(namespace)
            self._length = len(namespace)
        self._mentioned = {
            name: id(namespace[name]) for name in names_in(code) if name in namespace
        }

    def after_cell(self) -> list[VariableChange]:
        namespace = self._namespace
        created: list[str] = []
        for name in reversed(namespace):
            if name in self._names:
                break
            created.append(name)
        deleted = [name for name in self._mentioned if name not in namespace]
        if len(namespace) != self._length + len(created) - len(deleted):
            # names came or went where the code does not show it: compare everything
            now = set(namespace)
            created = list(now - self._names)
            deleted = list(self._names - now)
        self._names.difference_update(deleted)
        self._names.update(created)
        self._length = len(namespace)
        existing = set(self._mentioned).difference(deleted)
        changes: list[VariableChange] = []
        for name in sorted(created):
            value = namespace[name]
            if capturable(name, value):
                changes.append(self._examine(name, value, VariableChangeKind.CREATED))
        for name in sorted(deleted):
            if self._known.pop(name, None) is not None:
                changes.append(VariableChange(name, VariableChangeKind.DELETED))
        for name in sorted(existing.difference(created)):
            value = namespace[name]
            if not capturable(name, value):
                continue
            known = self._known.get(name)
            change = self._examine(name, value, VariableChangeKind.CHANGED)
            if known is None or known[1] is None or known[1] != change.fingerprint:
                changes.append(change)
        return sorted(changes, key=lambda c: c.name)

    def _examine(self, name: str, value: Any, kind: VariableChangeKind) -> VariableChange:
        summary = summarize(value)
        fingerprint = fingerprint_value(value)
        self._known[name] = (id(value), fingerprint.fingerprint)
        return VariableChange(
            name=name,
            change=kind,
            type=summary.type,
            shape=summary.shape,
            dtype=summary.dtype,
            nbytes=summary.nbytes,
            repr=summary.repr,
            fingerprint=fingerprint.fingerprint,
            method=fingerprint.method,
            detail=fingerprint.detail,
        )
