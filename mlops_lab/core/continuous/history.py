"""What a model version's tags recorded: its monitoring checks and its promotion decisions.

``monitor`` keeps each check as the tag ``monitor/TIMESTAMP`` and ``models
promote`` each decision as ``promotion/TIMESTAMP`` (JSON text). Reading them
back, a tag someone set by hand, or one an older version wrote without a
field, is skipped or completed with nulls, so every document answered has one
shape (``MonitorCheck``, ``PromotionDecision`` of the OpenAPI document).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..records import JsonValue
from ..registry.base import Registry
from ..registry.names import VersionRef
from .promotion import PROMOTION_TAG_PREFIX

__all__ = [
    "MONITOR_TAG_PREFIX",
    "monitor_history",
    "promotion_history",
    "version_monitoring",
]

MONITOR_TAG_PREFIX = "monitor/"


def monitor_history(registry: Registry, ref: VersionRef) -> list[dict[str, JsonValue]]:
    """The recorded checks of a version, oldest first (``MonitorCheck`` documents)."""
    return _checks(registry.get_version(ref).tags)


def promotion_history(registry: Registry, ref: VersionRef) -> list[dict[str, JsonValue]]:
    """The promotion decisions recorded on a version, oldest first."""
    return _decisions(registry.get_version(ref).tags)


def version_monitoring(registry: Registry, ref: VersionRef) -> dict[str, JsonValue]:
    """A version's checks and promotion decisions together (``VersionMonitoring``)."""
    version = registry.get_version(ref)
    return {
        "model": version.name,
        "version": version.version,
        "checks": list(_checks(version.tags)),
        "promotions": list(_decisions(version.tags)),
    }


def _tagged(tags: Mapping[str, str], prefix: str) -> list[dict[str, Any]]:
    found = []
    for key in sorted(k for k in tags if k.startswith(prefix)):
        try:
            document = json.loads(tags[key])
        except ValueError:  # a tag someone set by hand
            continue
        if isinstance(document, dict) and isinstance(document.get("when"), str):
            found.append(document)
    return found


def _checks(tags: Mapping[str, str]) -> list[dict[str, JsonValue]]:
    return [_check(t) for t in _tagged(tags, MONITOR_TAG_PREFIX)]


def _check(tag: dict[str, Any]) -> dict[str, JsonValue]:
    columns: list[JsonValue] = [
        {
            "column": str(c["column"]),
            "psi": _number(c.get("psi")),
            "ks_p_value": _number(c.get("ks_p_value")),
            "missing_before": _number(c.get("missing_before")),
            "missing_after": _number(c.get("missing_after")),
        }
        for c in _list(tag.get("columns"))
        if isinstance(c, dict) and "column" in c
    ]
    schema: list[JsonValue] = [
        {"column": str(s["column"]), "change": str(s["change"])}
        for s in _list(tag.get("schema_changes"))
        if isinstance(s, dict) and "column" in s and "change" in s
    ]
    rows = tag.get("rows")
    who, training = tag.get("who"), tag.get("training_file")
    return {
        "when": tag["when"],
        "who": who if isinstance(who, str) else None,
        "batch": str(tag.get("batch", "")),
        "rows": rows if isinstance(rows, int) and not isinstance(rows, bool) else None,
        "drifted": bool(tag.get("drifted")),
        "training_file": training if isinstance(training, str) else None,
        "max_psi": _number(tag.get("max_psi")),
        "drifting_columns": [str(c) for c in _list(tag.get("drifting_columns"))],
        "columns": columns,
        "schema_changes": schema,
    }


def _decisions(tags: Mapping[str, str]) -> list[dict[str, JsonValue]]:
    found: list[dict[str, JsonValue]] = []
    for tag in _tagged(tags, PROMOTION_TAG_PREFIX):
        against = tag.get("against")
        found.append(
            {
                "model": str(tag.get("model", "")),
                "version": int(tag.get("version") or 1),
                "alias": str(tag.get("alias", "")),
                "against": against if isinstance(against, int) else None,
                "moved": bool(tag.get("moved")),
                "who": str(tag.get("who", "unknown")),
                "when": tag["when"],
                "passed": bool(tag.get("passed")),
                "requirements": [
                    {
                        "requirement": str(r.get("requirement", "")),
                        "passed": bool(r.get("passed")),
                        # A decision with many requirements is kept without messages.
                        "message": str(r.get("message", "")),
                    }
                    for r in _list(tag.get("requirements"))
                    if isinstance(r, dict)
                ],
            }
        )
    return found


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
