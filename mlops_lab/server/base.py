"""The base of every mlops-lab handler: the store, JSON replies, JSON errors, query helpers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler

from ..core import (
    InvalidInputError,
    MlopsLabError,
    RunQuery,
    RunSortKey,
    RunStatus,
    Store,
    ValueSort,
)
from .errors import ClientError
from .jobs import JOBS_SETTING, Jobs

__all__ = ["STORE_SETTING", "StoreHandler", "authorized_to"]

_F = TypeVar("_F", bound=Callable[..., Any])

#: The tornado setting that holds the open store, or the error that kept it closed.
STORE_SETTING = "mlops_lab_store"


def authorized_to(action: str) -> Callable[[_F], _F]:
    """``@authorized`` with an action other than the verb's default (read, write).

    Goes under ``@tornado.web.authenticated``; the resource is the handler's
    ``auth_resource`` (``mlops-lab:runs``, ``:models``, ``:pipeline``, ``:reproduce``).
    """
    return cast(Callable[[_F], _F], authorized(action))


class StoreHandler(APIHandler):
    """Base of mlops-lab handlers: the store, JSON replies and JSON errors.

    Each capability's handlers declare ``auth_resource``, which a Jupyter authorizer
    (JupyterHub's, for one) is asked about with the action: read, write or execute.
    """

    auth_resource: str

    @property
    def store(self) -> Store:
        store: Store | MlopsLabError = self.settings[STORE_SETTING]
        if isinstance(store, MlopsLabError):
            raise store
        return store

    @property
    def jobs(self) -> Jobs:
        """The server's background jobs (pipeline runs, reproductions)."""
        jobs: Jobs = self.settings[JOBS_SETTING]
        return jobs

    def reply(self, body: dict[str, Any]) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc_info = kwargs.get("exc_info")
        error = exc_info[1] if exc_info else None
        if isinstance(error, ClientError):
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps(error.to_json()))
        else:
            super().write_error(status_code, **kwargs)

    def _log(self) -> None:
        # jupyter_server's access log writes request headers at ERROR for any 5xx.
        # A missing optional package (501) is the operator's to install, not a server
        # fault: tornado's log_exception already logged it at WARNING, with the
        # status, the request line and the message, and without headers.
        if self.get_status() != 501:
            super()._log()

    def json_body(self, example: str = "") -> dict[str, Any]:
        """The request's JSON object; ``example`` shows one in the error otherwise."""
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            hint = f", e.g. {example}" if example else ""
            raise InvalidInputError(f"The request body must be a JSON object{hint}.")
        return body

    def run_query(self, *, paged: bool = True) -> RunQuery:
        """The runs a request's query parameters select, shared by runs and runs/keys."""
        status = self.get_query_argument("status", None)
        order = self.get_query_argument("order", "desc")
        if order not in ("asc", "desc"):
            raise InvalidInputError(f"order must be 'asc' or 'desc', not {order!r}.")
        return RunQuery(
            experiment=self.get_query_argument("experiment", None),
            notebook=self.project_notebook(self.get_query_argument("notebook", None)),
            status=None if status is None else RunStatus.parse(status),
            sort=ValueSort.parse(self.get_query_argument("sort", RunSortKey.STARTED_AT.value)),
            descending=order == "desc",
            offset=self.int_argument("offset", 0) if paged else 0,
            limit=self.int_argument("limit", 50) if paged else 0,
            filter=self.get_query_argument("filter", None) or None,
        )

    @property
    def server_root(self) -> Path:
        """The Jupyter server's root folder, which request paths are relative to."""
        return Path(self.settings.get("server_root_dir") or Path.cwd()).expanduser().resolve()

    def project_notebook(self, path: str | None) -> str | None:
        """A notebook's path as runs record it (from the project root, the store's
        folder) for a path as the frontend knows it (from the Jupyter root)."""
        if path is None:
            return None
        root = self.server_root
        project = self.store.path.parent.resolve()
        if root == project:
            return path
        try:
            return (root / path).resolve().relative_to(project).as_posix()
        except ValueError:  # outside the project: no run can have recorded it
            return path

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
