"""REST handlers of runs: the store's info, the runs list, its column names, one run."""

from __future__ import annotations

from jupyter_server.auth.decorator import authorized
from tornado.web import authenticated

from .. import __version__
from ..core import (
    InvalidInputError,
    info_to_json,
    run_detail_to_json,
    run_page_to_json,
    run_to_json,
)
from ..core.lineage import lineage_slice, slice_to_json
from .base import StoreHandler
from .errors import map_core_errors

__all__ = ["InfoHandler", "RunHandler", "RunKeysHandler", "RunLineageHandler", "RunsHandler"]


class _RunsHandler(StoreHandler):
    auth_resource = "mlops-lab:runs"


class InfoHandler(_RunsHandler):
    @authenticated
    @authorized
    @map_core_errors
    async def get(self) -> None:
        self.store.mark_dead_runs()  # the panel polls here: a dead kernel's run shows killed
        self.reply(info_to_json(self.store.info(), __version__))


class RunsHandler(_RunsHandler):
    @authenticated
    @authorized
    @map_core_errors
    async def get(self) -> None:
        self.store.mark_dead_runs()
        self.reply(run_page_to_json(self.store.list_runs(self.run_query())))


class RunKeysHandler(_RunsHandler):
    """The param, metric and tag names of the selected runs: the panel's column choices."""

    @authenticated
    @authorized
    @map_core_errors
    async def get(self) -> None:
        keys = self.store.run_keys(self.run_query(paged=False))
        self.reply(
            {"params": list(keys.params), "metrics": list(keys.metrics), "tags": list(keys.tags)}
        )


class RunHandler(_RunsHandler):
    @authenticated
    @authorized
    @map_core_errors
    async def get(self, run_id: str) -> None:
        history = self.get_query_argument("history", "latest")
        if history not in ("latest", "all"):
            raise InvalidInputError(f"history must be latest or all, not {history!r}.")
        detail = self.store.get_run_detail(run_id)
        self.reply(run_detail_to_json(detail, all_points=history == "all"))

    @authenticated
    @authorized
    @map_core_errors
    async def patch(self, run_id: str) -> None:
        body = self.body_for("RunUpdate")
        name, tags = body.get("name"), body.get("tags")
        self.reply(run_to_json(self.store.update_run(run_id, name=name, tags=tags)))

    @authenticated
    @authorized
    @map_core_errors
    async def delete(self, run_id: str) -> None:
        self.store.delete_run(run_id)
        self.set_status(204)
        self.finish()


class RunLineageHandler(_RunsHandler):
    """The lineage slice of a variable, metric or file of a run."""

    @authenticated
    @authorized
    @map_core_errors
    async def get(self, run_id: str) -> None:
        name = self.get_query_argument("name", "")
        if not name:
            raise InvalidInputError("Give the variable, metric or file: ?name=NAME.")
        at_text = self.get_query_argument("at", None)
        try:
            at = None if at_text is None else int(at_text)
        except ValueError:
            raise InvalidInputError(f"at must be an execution's seq, not {at_text!r}.") from None
        self.reply(slice_to_json(lineage_slice(self.store, run_id, name, at=at)))
