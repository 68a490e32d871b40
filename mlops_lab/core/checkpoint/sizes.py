"""Sizes in bytes as people write them: ``1GB``, ``500 MB``, ``2GiB``, ``1024``."""

from __future__ import annotations

import re

from ..errors import InvalidInputError

__all__ = ["format_size", "parse_size"]

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b?|b)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12}


def parse_size(text: str) -> int:
    """Bytes from ``1GB`` (powers of 1000) or ``1GiB`` (powers of 1024); a bare number is bytes.

    Raises
    ------
    InvalidInputError
        The text is not a size.
    """
    match = _SIZE.fullmatch(text)
    if not match:
        raise InvalidInputError(f"{text!r} is not a size; write it as 500MB, 1GB or 2GiB.")
    number, unit = float(match[1]), (match[2] or "").lower()
    prefix = unit[:1] if unit not in ("", "b") else unit
    factor = _UNITS[prefix]
    if "i" in unit:
        factor = 1024 ** (list(_UNITS).index(prefix) - 1)
    return int(number * factor)


def format_size(size: float) -> str:
    """Bytes for people, in powers of 1000 as sizes are given: ``1.5 GB``, ``120 B``."""
    if size < 1000:
        return f"{size:.0f} B"
    units = ("kB", "MB", "GB")
    for index, unit in enumerate(units):
        size /= 1000
        if size < 1000 or index == len(units) - 1:
            return f"{size:.1f} {unit}"
    raise AssertionError("the loop always returns")
