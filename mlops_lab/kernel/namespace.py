"""Which kernel variables a cell read, created, changed or deleted, examining only those.

The namespace is a dict, and a dict keeps insertion order: the names a cell
creates are at its end. So after a cell, the new names are read from the end
back to the first name already known; the names the cell's code mentions are
checked for deletion and change; and the namespace's length tells whether
anything else happened (a ``globals().pop``, a ``%reset``), in which case, and
only then, the whole namespace is compared. The cost of a cell grows with what
it touches, not with the number of variables. What the cell read and assigned
comes from the static analysis of its code (`mlops_lab.core.capture.cell_names`).
"""

from __future__ import annotations

from typing import Any

from ..core import VariableChange, VariableChangeKind
from ..core.capture.cell_names import cell_names
from ..core.capture.value_fingerprints import fingerprint_value
from ..core.capture.variables import capturable, summarize

__all__ = ["NamespaceWatcher", "names_in"]


def names_in(code: str) -> set[str]:
    """Every name the code reads, assigns or deletes (attribute bases included)."""
    return set(cell_names(code).mentioned)


class NamespaceWatcher:
    def __init__(self, namespace: dict[str, Any]) -> None:
        self._namespace = namespace
        # name -> (id of the object, its fingerprint) when last recorded
        self._known: dict[str, tuple[int, str | None]] = {}
        # every name in the namespace after the last cell, kept up to date per cell
        self._names: set[str] = set(namespace)
        self._length = len(namespace)
        self._mentioned: dict[str, int] = {}
        self._assigns: frozenset[str] = frozenset()
        #: Names the last cell read that existed before it ran, and those it wrote.
        self.reads: tuple[str, ...] = ()
        self.writes: tuple[str, ...] = ()

    def before_cell(self, code: str) -> None:
        namespace = self._namespace
        if len(namespace) != self._length:  # changed between cells (a silent execution)
            self._names = set(namespace)
            self._length = len(namespace)
        names = cell_names(code)
        self._mentioned = {
            name: id(namespace[name]) for name in names.mentioned if name in namespace
        }
        self.reads = tuple(sorted(name for name in names.reads if name in namespace))
        self._assigns = names.writes

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
        # assigned (changed or not) and still bound, or deleted; changed in place
        self.writes = tuple(
            sorted(
                {n for n in self._assigns if n in namespace or n in deleted}
                | {c.name for c in changes}
            )
        )
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
