"""Notebooks built in code for the pipeline tests: cells with sources, tags and ids."""

from __future__ import annotations

from typing import Any


def cell(source: str, *tags: str, cell_id: str | None = None) -> dict[str, Any]:
    """A code cell with ``tags``; its id defaults to a slug of its first tag or source."""
    return {
        "cell_type": "code",
        "id": cell_id or f"c{abs(hash((source, tags))) % 10**8}",
        "metadata": {"tags": list(tags)} if tags else {},
        "source": source,
        "outputs": [],
        "execution_count": None,
    }


def notebook(*cells: dict[str, Any]) -> dict[str, Any]:
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "cells": list(cells),
    }
