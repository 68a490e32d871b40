"""The route table of the REST API, relative to ``<base_url>/mlops-lab/``."""

from __future__ import annotations

from jupyter_server.base.handlers import APIHandler

from .handlers import InfoHandler, RunHandler, RunsHandler
from .reproduce_handlers import ReproductionHandler, ReproductionsHandler

__all__ = ["API_PREFIX", "ROUTES"]

API_PREFIX = "mlops-lab"

ROUTES: tuple[tuple[str, type[APIHandler]], ...] = (
    ("info", InfoHandler),
    ("runs", RunsHandler),
    (r"runs/(?P<run_id>[^/]+)", RunHandler),
    ("reproductions", ReproductionsHandler),
    (r"reproductions/(?P<reproduction_id>[^/]+)", ReproductionHandler),
)
