"""REST handler of comparisons: the diff of runs, as ``mlops-lab diff --json`` prints it."""

from __future__ import annotations

from jupyter_server.auth.decorator import authorized
from tornado.web import authenticated

from ..core import comparison_to_json
from .base import StoreHandler
from .errors import map_core_errors

__all__ = ["CompareHandler"]


class CompareHandler(StoreHandler):
    """``compare?runs=A,B,...``: the diff of runs against the first."""

    auth_resource = "mlops-lab:runs"

    @authenticated
    @authorized
    @map_core_errors
    async def get(self) -> None:
        raw = self.get_query_argument("runs", "")
        run_ids = [part.strip() for part in raw.split(",") if part.strip()]
        self.reply(comparison_to_json(self.store.compare_runs(run_ids)))
