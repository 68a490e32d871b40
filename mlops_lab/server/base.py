"""The base of every mlops-lab handler: the store, JSON replies, JSON errors, query helpers."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from jsonschema.exceptions import best_match  # type: ignore[import-untyped]
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

__all__ = [
    "REGISTRIES_SETTING",
    "SQLITE_INT_MAX",
    "STORE_SETTING",
    "StoreHandler",
    "authorized_to",
    "check_path_text",
]

#: The largest integer SQLite holds: the ``maximum`` of every integer in openapi.yaml.
SQLITE_INT_MAX = 2**63 - 1

_F = TypeVar("_F", bound=Callable[..., Any])

#: The tornado setting with the registries a request may name (``c.MlopsLab.registries``).
REGISTRIES_SETTING = "mlops_lab_registries"
#: The tornado setting that holds the open store, or the error that kept it closed.
STORE_SETTING = "mlops_lab_store"


@functools.cache
def _schema_validator(name: str) -> Draft202012Validator:
    """A validator of the OpenAPI document's schema ``name`` (OpenAPI 3.1 is JSON Schema)."""
    document = yaml.safe_load(Path(__file__).with_name("openapi.yaml").read_text())
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return Draft202012Validator(schema)


def check_path_text(text: str, what: str) -> None:
    """Refuse a NUL byte, which no file name holds (the OS would refuse it with a crash)."""
    if "\0" in text:
        raise InvalidInputError(f"{what} {text!r} holds a NUL byte; no file name can.")


def _check_text(value: object, where: str) -> None:
    """Refuse lone surrogates anywhere in a JSON value: they are not Unicode text."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInputError(f"{where} holds invalid Unicode (a lone surrogate).") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, where)
            _check_text(item, where)
    elif isinstance(value, list):
        for item in value:
            _check_text(item, where)


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

    async def prepare(self) -> None:  # type: ignore[override]
        # Path and query text reach file names and SQL: a NUL byte in either is
        # refused here, once, rather than crashing whichever call meets it.
        await super().prepare()
        for name, value in self.path_kwargs.items():
            if "\0" in value:
                raise ClientError(400, f"{name} holds a NUL byte.", "invalid_input")
        for name, values in self.request.query_arguments.items():
            if any(b"\0" in value for value in values) or "\0" in name:
                raise ClientError(
                    400, f"Query parameter {name!r} holds a NUL byte.", "invalid_input"
                )

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

    def body_for(self, schema: str) -> dict[str, Any]:
        """The request's JSON body, valid against the OpenAPI document's ``schema``.

        The route's requestBody names that schema; a body that breaks it is a 400
        whose message names the field.
        """
        body = self.json_body()
        error = best_match(_schema_validator(schema).iter_errors(body))
        if error is not None:
            field = ".".join(str(part) for part in error.absolute_path)
            where = f"In the request body, {field!r}" if field else "The request body"
            raise InvalidInputError(f"{where}: {error.message}.")
        return body

    def json_body(self, example: str = "") -> dict[str, Any]:
        """The request's JSON object; ``example`` shows one in the error otherwise."""
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            hint = f", e.g. {example}" if example else ""
            raise InvalidInputError(f"The request body must be a JSON object{hint}.")
        _check_text(body, "The request body")
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
            scope=self.get_query_argument("scope", "all"),
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
            value = int(raw)
        except ValueError:
            raise InvalidInputError(
                f"Query parameter {name!r} must be an integer, not {raw!r}."
            ) from None
        if abs(value) > SQLITE_INT_MAX:  # the range is checked where the value is used
            raise InvalidInputError(
                f"Query parameter {name!r} must be at most {SQLITE_INT_MAX}, not {raw}."
            )
        return value
