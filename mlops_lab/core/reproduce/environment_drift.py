"""Environment drift: the run's environment lock against the one it was reproduced in."""

from __future__ import annotations

import shlex
from collections.abc import Mapping

from ..capture.environment import Package
from ..records import JsonValue
from .reproduction_records import EnvironmentDrift, PackageDrift

__all__ = ["environment_drift", "packages_of"]


def environment_drift(
    recorded: Mapping[str, JsonValue] | None, current: Mapping[str, JsonValue] | None
) -> EnvironmentDrift | None:
    """Packages whose version differs, or that only one side has.

    Parameters
    ----------
    recorded, current
        Environment documents as the store keeps them (``EnvironmentLock`` as
        JSON); None when a run has none, and then there is nothing to compare.

    Returns
    -------
    EnvironmentDrift or None
        With the ``pip install`` command that puts back the recorded versions.
    """
    if recorded is None or current is None:
        return None
    before, after = packages_of(recorded), packages_of(current)
    drift = []
    restore = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old is not None and new is not None and old.version == new.version:
            continue
        drift.append(
            PackageDrift(
                name, None if old is None else old.version, None if new is None else new.version
            )
        )
        if old is not None:
            restore.append(old.requirement())
    command = None
    if restore:
        words = []
        for requirement in restore:
            words.extend(
                requirement.split(" ", 1) if requirement.startswith("-e ") else [requirement]
            )
        command = "pip install " + " ".join(shlex.quote(word) for word in words)
    return EnvironmentDrift(
        recorded_python=_text(recorded.get("python")),
        current_python=_text(current.get("python")),
        packages=tuple(drift),
        command=command,
    )


def packages_of(document: Mapping[str, JsonValue]) -> dict[str, Package]:
    """The packages of an environment document, by name."""
    packages = document.get("packages")
    found: dict[str, Package] = {}
    for item in packages if isinstance(packages, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            url = item.get("url")
            found[str(item["name"])] = Package(
                name=str(item["name"]),
                version=str(item.get("version")),
                origin=str(item.get("origin") or "index"),
                url=url if isinstance(url, str) else None,
            )
    return found


def _text(value: JsonValue | None) -> str | None:
    return None if value is None else str(value)
