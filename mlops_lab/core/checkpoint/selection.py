"""Which names of a kernel's namespace a checkpoint holds.

IPython's own names (``In``, ``Out``, ``exit``, ``get_ipython``), its output
history (``_``, ``__``, ``_i3``, ``_5``) and any other underscore name are left
out; everything else is the user's state, imported modules included (kept as
their import, not their content).
"""

from __future__ import annotations

import types
from collections.abc import Iterator, Mapping

__all__ = ["IPYTHON_NAMES", "checkpointed_items", "module_name"]

IPYTHON_NAMES = frozenset({"In", "Out", "exit", "quit", "get_ipython"})


def checkpointed_items(
    namespace: Mapping[str, object], hidden: Mapping[str, object] | None = None
) -> Iterator[tuple[str, object]]:
    """The namespace's user variables, in namespace order.

    Parameters
    ----------
    namespace
        The kernel's user namespace.
    hidden
        Names the shell put there itself (IPython's ``user_ns_hidden``): left
        out while they still hold the shell's own object.
    """
    hidden = hidden or {}
    for name, value in list(namespace.items()):
        if name.startswith("_") or name in IPYTHON_NAMES:
            continue
        if name in hidden and hidden[name] is value:
            continue
        yield name, value


def module_name(value: object) -> str | None:
    """The import name of a module value, None for anything else."""
    if isinstance(value, types.ModuleType):
        return value.__name__
    return None
