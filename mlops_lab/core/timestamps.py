"""Times in the store are UTC epoch seconds; in Python, timezone-aware datetimes."""

from __future__ import annotations

from datetime import datetime, timezone

from .errors import InvalidInputError

__all__ = ["from_epoch", "iso_timestamp", "to_epoch"]


def to_epoch(moment: datetime | None) -> float:
    if moment is None:
        return datetime.now(timezone.utc).timestamp()
    if moment.tzinfo is None:
        raise InvalidInputError("Times must be timezone-aware (for example UTC).")
    return moment.timestamp()


def from_epoch(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=timezone.utc)


def iso_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with a trailing ``Z``, to the microsecond."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
