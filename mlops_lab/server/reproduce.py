"""REST handlers of reproductions: start one in the background, poll it to its report.

``POST reproductions`` checks the request, starts the reproduction in the
server's `Jobs` and answers at once (202); ``GET reproductions/{id}`` tells where
it stands (stage, cell i of n) and, once done, its report. The server never
waits on a kernel.
"""

from __future__ import annotations

from jupyter_server.auth.decorator import authorized
from tornado.web import authenticated

from ..core import InvalidInputError, Store
from .base import StoreHandler, authorized_to
from .errors import map_core_errors
from .jobs import Reproduction

__all__ = ["ReproductionHandler", "ReproductionsHandler"]


class _ReproduceHandler(StoreHandler):
    auth_resource = "mlops-lab:reproduce"


class ReproductionsHandler(_ReproduceHandler):
    @authenticated
    @authorized_to("execute")  # it runs the run's code in a kernel
    @map_core_errors
    async def post(self) -> None:
        body = self.body_for("ReproductionRequest")
        tolerances = {str(k): float(v) for k, v in body.get("tolerances", {}).items()}
        store: Store = self.store
        run_id = store.resolve_run_id(body["run_id"])
        if store.get_run(run_id).cell_count == 0:
            raise InvalidInputError(
                f"Run {run_id[:8]} has no executed cell to replay; "
                "only runs with recorded cells can be reproduced."
            )
        status = self.jobs.start_reproduction(store.path, run_id, tolerances)
        self.set_status(202)
        self.reply(status)


class ReproductionHandler(_ReproduceHandler):
    @authenticated
    @authorized
    @map_core_errors
    async def get(self, reproduction_id: str) -> None:
        self.reply(self.jobs.status(Reproduction, reproduction_id))
