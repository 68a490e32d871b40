"""Checks of values before they are written: each failure says what to give instead."""

from __future__ import annotations

import json
import math
from pathlib import Path

from ..errors import InvalidInputError, StoreError
from ..records import JsonValue
from .location import STORE_DIRNAME

__all__ = [
    "DATABASE_FILENAME",
    "check_metric",
    "check_store_folder",
    "checked_key",
    "json_text",
    "non_empty",
]

DATABASE_FILENAME = "store.db"


def check_store_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} is a file, not a store folder; give a folder path.")
    if (folder / STORE_DIRNAME).is_dir() and not (folder / DATABASE_FILENAME).exists():
        raise StoreError(
            f"{folder} is a project folder, not a store; use {folder / STORE_DIRNAME}."
        )


def non_empty(what: str, value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise InvalidInputError(f"The {what} name cannot be empty.")
    return value


def checked_key(key: str) -> str:
    if not isinstance(key, str) or not key.strip():
        raise InvalidInputError(f"Keys must be non-empty strings, not {key!r}.")
    return key


def check_metric(key: str, value: float) -> None:
    checked_key(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInputError(f"Metric {key!r} must be a number, not {value!r}.")
    if not math.isfinite(value):
        raise InvalidInputError(f"Metric {key!r} must be a finite number, not {value}.")


def json_text(key: str, value: JsonValue) -> str:
    try:
        return json.dumps(value, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError):
        raise InvalidInputError(
            f"Parameter {key!r} must be a JSON value (number, string, bool, list, dict), "
            f"not {type(value).__name__}."
        ) from None
