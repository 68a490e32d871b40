"""REST handlers: one class per resource, each verb a few lines over the core."""

from __future__ import annotations

import json
from typing import Any

from jupyter_server.base.handlers import APIHandler
from tornado.web import authenticated

from .. import __version__
from ..core import (
    InvalidInputError,
    MlopsLabError,
    RunQuery,
    RunSortKey,
    RunStatus,
    Store,
    info_to_json,
    run_detail_to_json,
    run_page_to_json,
)
from .errors import ClientError, map_core_errors

__all__ = ["STORE_SETTING", "InfoHandler", "RunHandler", "RunsHandler", "StoreHandler"]

#: The tornado setting that holds the open store, or the error that kept it closed.
STORE_SETTING = "mlops_lab_store"


class StoreHandler(APIHandler):
    """Base of mlops-lab handlers: the store, JSON replies and JSON errors."""

    @property
    def store(self) -> Store:
        store: Store | MlopsLabError = self.settings[STORE_SETTING]
        if isinstance(store, MlopsLabError):
            raise store
        return store

    def reply(self, body: dict[str, Any]) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc_info = kwargs.get("exc_info")
        error = exc_info[1] if exc_info else None
        if isinstance(error, ClientError):
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps({"message": error.message, "reason": error.reason}))
        else:
            super().write_error(status_code, **kwargs)

    def int_argument(self, name: str, default: int) -> int:
        raw = self.get_query_argument(name, None)
        if raw is None:
            return default
        try:
            return int(raw)
        except ValueError:
            raise InvalidInputError(
                f"Query parameter {name!r} must be an integer, not {raw!r}."
            ) from None


class InfoHandler(StoreHandler):
    @authenticated
    @map_core_errors
    async def get(self) -> None:
        self.reply(info_to_json(self.store.info(), __version__))


class RunsHandler(StoreHandler):
    @authenticated
    @map_core_errors
    async def get(self) -> None:
        status = self.get_query_argument("status", None)
        order = self.get_query_argument("order", "desc")
        if order not in ("asc", "desc"):
            raise InvalidInputError(f"order must be 'asc' or 'desc', not {order!r}.")
        query = RunQuery(
            experiment=self.get_query_argument("experiment", None),
            notebook=self.get_query_argument("notebook", None),
            status=None if status is None else RunStatus.parse(status),
            sort=RunSortKey.parse(self.get_query_argument("sort", RunSortKey.STARTED_AT.value)),
            descending=order == "desc",
            offset=self.int_argument("offset", 0),
            limit=self.int_argument("limit", 50),
        )
        self.reply(run_page_to_json(self.store.list_runs(query)))


class RunHandler(StoreHandler):
    @authenticated
    @map_core_errors
    async def get(self, run_id: str) -> None:
        self.reply(run_detail_to_json(self.store.get_run_detail(run_id)))

    @authenticated
    @map_core_errors
    async def delete(self, run_id: str) -> None:
        self.store.delete_run(run_id)
        self.set_status(204)
        self.finish()
