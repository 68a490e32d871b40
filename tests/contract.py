"""Validate a JSON document against a schema of the OpenAPI document, by name."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS31Validator

import mlops_lab.server

__all__ = ["OPENAPI_PATH", "check_schema", "openapi_document"]

OPENAPI_PATH = Path(mlops_lab.server.__file__).with_name("openapi.yaml")


@functools.cache
def openapi_document() -> dict[str, Any]:
    """The shipped OpenAPI document, parsed once per test session."""
    document: dict[str, Any] = yaml.safe_load(OPENAPI_PATH.read_text())
    return document


def check_schema(body: Any, schema_name: str, *, many: bool = False) -> None:
    """Raise ``ValidationError`` unless ``body`` is a ``schema_name`` (a list if ``many``)."""
    ref = {"$ref": f"#/components/schemas/{schema_name}"}
    schema = {
        **({"type": "array", "items": ref} if many else ref),
        "components": openapi_document()["components"],
    }
    OAS31Validator(schema).validate(body)
