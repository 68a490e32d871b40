"""The route table of the REST API, relative to ``<base_url>/mlops-lab/``."""

from __future__ import annotations

from jupyter_server.base.handlers import APIHandler

from .handlers import CompareHandler, InfoHandler, RunHandler, RunKeysHandler, RunsHandler
from .pipeline_handlers import (
    PipelineExportHandler,
    PipelinePreviewHandler,
    PipelineRunHandler,
    PipelineRunsHandler,
)
from .registry_handlers import (
    ModelAliasHandler,
    ModelHandler,
    ModelsHandler,
    ModelSourcesHandler,
    ModelVersionHandler,
)
from .reproduce_handlers import ReproductionHandler, ReproductionsHandler

__all__ = ["API_PREFIX", "ROUTES"]

API_PREFIX = "mlops-lab"

ROUTES: tuple[tuple[str, type[APIHandler]], ...] = (
    ("info", InfoHandler),
    ("runs", RunsHandler),
    ("runs/keys", RunKeysHandler),
    ("compare", CompareHandler),
    (r"runs/(?P<run_id>[^/]+)", RunHandler),
    ("pipeline/preview", PipelinePreviewHandler),
    ("pipeline/export", PipelineExportHandler),
    ("pipeline/runs", PipelineRunsHandler),
    (r"pipeline/runs/(?P<job_id>[^/]+)", PipelineRunHandler),
    ("reproductions", ReproductionsHandler),
    (r"reproductions/(?P<reproduction_id>[^/]+)", ReproductionHandler),
    ("models", ModelsHandler),
    (r"models/(?P<name>[^/]+)", ModelHandler),
    (r"models/(?P<name>[^/]+)/versions/(?P<version>[^/]+)", ModelVersionHandler),
    (r"models/(?P<name>[^/]+)/aliases/(?P<alias>[^/]+)", ModelAliasHandler),
    ("model-sources", ModelSourcesHandler),
)
