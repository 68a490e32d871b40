"""The route table of the REST API, relative to ``<base_url>/mlops-lab/``."""

from __future__ import annotations

from jupyter_server.base.handlers import APIHandler

from .compare import CompareHandler
from .pipeline import (
    PipelineExportHandler,
    PipelinePreviewHandler,
    PipelineRunHandler,
    PipelineRunsHandler,
)
from .registry import (
    ModelAliasHandler,
    ModelHandler,
    ModelsHandler,
    ModelSourcesHandler,
    ModelVersionHandler,
    ModelVersionMonitoringHandler,
)
from .remotes import RemotesHandler
from .reproduce import ReproductionHandler, ReproductionsHandler
from .runs import InfoHandler, RunHandler, RunKeysHandler, RunLineageHandler, RunsHandler

__all__ = ["API_PREFIX", "ROUTES"]

API_PREFIX = "mlops-lab"

ROUTES: tuple[tuple[str, type[APIHandler]], ...] = (
    ("info", InfoHandler),
    ("runs", RunsHandler),
    ("runs/keys", RunKeysHandler),
    ("remotes", RemotesHandler),
    ("compare", CompareHandler),
    (r"runs/(?P<run_id>[^/]+)", RunHandler),
    (r"runs/(?P<run_id>[^/]+)/lineage", RunLineageHandler),
    ("pipeline/preview", PipelinePreviewHandler),
    ("pipeline/export", PipelineExportHandler),
    ("pipeline/runs", PipelineRunsHandler),
    (r"pipeline/runs/(?P<job_id>[^/]+)", PipelineRunHandler),
    ("reproductions", ReproductionsHandler),
    (r"reproductions/(?P<reproduction_id>[^/]+)", ReproductionHandler),
    ("models", ModelsHandler),
    (r"models/(?P<name>[^/]+)", ModelHandler),
    (r"models/(?P<name>[^/]+)/versions/(?P<version>[^/]+)", ModelVersionHandler),
    (
        r"models/(?P<name>[^/]+)/versions/(?P<version>[^/]+)/monitoring",
        ModelVersionMonitoringHandler,
    ),
    (r"models/(?P<name>[^/]+)/aliases/(?P<alias>[^/]+)", ModelAliasHandler),
    ("model-sources", ModelSourcesHandler),
)
