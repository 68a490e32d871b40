"""The route table of the REST API, relative to ``<base_url>/mlops-lab/``."""

from __future__ import annotations

from jupyter_server.base.handlers import APIHandler

from .handlers import InfoHandler, RunHandler, RunsHandler
from .registry_handlers import (
    ModelAliasHandler,
    ModelHandler,
    ModelsHandler,
    ModelSourcesHandler,
    ModelVersionHandler,
)

__all__ = ["API_PREFIX", "ROUTES"]

API_PREFIX = "mlops-lab"

ROUTES: tuple[tuple[str, type[APIHandler]], ...] = (
    ("info", InfoHandler),
    ("runs", RunsHandler),
    (r"runs/(?P<run_id>[^/]+)", RunHandler),
    ("models", ModelsHandler),
    (r"models/(?P<name>[^/]+)", ModelHandler),
    (r"models/(?P<name>[^/]+)/versions/(?P<version>[^/]+)", ModelVersionHandler),
    (r"models/(?P<name>[^/]+)/aliases/(?P<alias>[^/]+)", ModelAliasHandler),
    ("model-sources", ModelSourcesHandler),
)
