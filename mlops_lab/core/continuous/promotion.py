"""Gated promotion: an alias moves to a version only when every requirement holds.

The candidate is the version to promote; the baseline (``base`` in a
requirement) is the version the alias points to now, or the one named by
``against``. A version's values are the metrics of the run it was pushed from
(the store's run when it is here, else the metrics its lineage recorded) and
that run's duration. Every decision, refused or not, is kept on the candidate
version as the tag ``promotion/TIMESTAMP``: who, when, the requirements and
the verdict (`models show` lists them).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone

from ..errors import InvalidInputError, MlopsLabError, NotFoundError
from ..frozen import frozen
from ..records import JsonValue
from ..registry.base import Registry
from ..registry.names import VersionRef, check_alias
from ..registry.version_records import ModelVersion
from ..store.store import Store
from ..timestamps import iso_timestamp
from .requirements import GateResult, Requirement, check_requirements, run_values

__all__ = [
    "PROMOTION_TAG_PREFIX",
    "PromotionDecision",
    "decision_to_json",
    "promote",
    "tag_key",
    "version_values",
]

PROMOTION_TAG_PREFIX = "promotion/"
#: MLflow refuses longer tag values.
_TAG_VALUE_MAX = 5000


@frozen
class PromotionDecision:
    """The outcome of ``models promote``: ``moved`` is true when the alias now points at it."""

    name: str
    version: int
    alias: str
    against: int | None
    gate: GateResult
    moved: bool
    who: str
    when: datetime


def promote(
    registry: Registry,
    store: Store,
    version: VersionRef,
    alias: str,
    requirements: Sequence[Requirement],
    *,
    against: str | None = None,
) -> PromotionDecision:
    """Move ``alias`` to ``version`` when every requirement holds; record the decision.

    Raises
    ------
    InvalidInputError
        A requirement compares with ``base`` and there is no baseline version.
    NotFoundError
        The model, the version or ``against`` does not exist.
    """
    check_alias(alias)
    candidate = registry.get_version(version)
    base = _baseline(registry, candidate.name, alias, against)
    gate = check_requirements(
        requirements,
        version_values(store, candidate),
        None if base is None else version_values(store, base),
        candidate_label=f"{candidate.name}/{candidate.version}",
        base_label=None if base is None else f"{base.name}/{base.version}",
    )
    if gate.passed:
        registry.set_alias(candidate.name, candidate.version, alias)
    decision = PromotionDecision(
        name=candidate.name,
        version=candidate.version,
        alias=alias,
        against=None if base is None else base.version,
        gate=gate,
        moved=gate.passed,
        who=current_user(),
        when=datetime.now(timezone.utc),
    )
    registry.set_version_tags(
        candidate.name,
        candidate.version,
        {tag_key(PROMOTION_TAG_PREFIX, decision.when): _tag_text(decision_to_json(decision))},
    )
    return decision


def version_values(store: Store, version: ModelVersion) -> dict[str, float]:
    """The metrics (and duration) a requirement can name for a version."""
    if version.run_id:
        try:
            return run_values(store.get_run(version.run_id))
        except MlopsLabError:  # pushed from another store: its lineage kept the metrics
            pass
    if version.lineage is not None:
        return dict(version.lineage.metrics)
    return {}


def _baseline(
    registry: Registry, name: str, alias: str, against: str | None
) -> ModelVersion | None:
    if against is not None:
        text = against.strip()
        ref = (
            VersionRef(name, version=int(text)) if text.isdigit() else VersionRef(name, alias=text)
        )
        return registry.get_version(ref)
    try:
        return registry.get_version(VersionRef(name, alias=alias))
    except NotFoundError:
        if alias in registry.get_model(name).aliases:
            raise
        return None  # the alias points nowhere yet: there is no baseline


def current_user() -> str:
    """The login name of this process's user, from the account database, not the environment."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, AttributeError):  # Windows, or a uid without an entry
        return "unknown"


def tag_key(prefix: str, when: datetime) -> str:
    """``PREFIX20261205T101112.123456Z``: tags sort by time, and MLflow accepts the key."""
    return prefix + when.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")


def decision_to_json(decision: PromotionDecision) -> dict[str, JsonValue]:
    """The document ``models promote --json`` prints and the version's tag holds."""
    return {
        "model": decision.name,
        "version": decision.version,
        "alias": decision.alias,
        "against": decision.against,
        "moved": decision.moved,
        "who": decision.who,
        "when": iso_timestamp(decision.when),
        "passed": decision.gate.passed,
        "requirements": [
            {"requirement": v.requirement, "passed": v.passed, "message": v.message}
            for v in decision.gate.verdicts
        ],
    }


def _tag_text(document: Mapping[str, JsonValue]) -> str:
    text = json.dumps(document, separators=(",", ":"))
    if len(text) <= _TAG_VALUE_MAX:
        return text
    # Many long requirements: keep the verdicts, drop their messages.
    slim = dict(document)
    requirements = document.get("requirements")
    if isinstance(requirements, list):
        slim["requirements"] = [
            {k: v for k, v in r.items() if k != "message"}
            for r in requirements
            if isinstance(r, dict)
        ]
    text = json.dumps(slim, separators=(",", ":"))
    if len(text) > _TAG_VALUE_MAX:
        raise InvalidInputError("Too many requirements to record in one tag; give fewer.")
    return text
