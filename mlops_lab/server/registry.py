"""REST handlers of the model registry: list, show, alias, push, monitoring, what a run can push.

Registry work runs in a worker thread (a push serializes a model, an MLflow
registry is a network service), so the server keeps answering meanwhile.
Every verb takes ``?registry=`` (``local`` by default, ``mlflow:http://HOST:PORT``).
A variable is pushed by the notebook's live kernel (see `notebook_kernels`);
a file (an artifact the run logged, or a file it wrote) by the server itself,
which never unpickles it.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable
from typing import Any, TypeVar

from jupyter_server.auth.decorator import authorized
from tornado.web import authenticated

from ..core import ConflictError, InvalidInputError, NotFoundError, StoreError
from ..core.capture.redaction import EnvironmentValues
from ..core.continuous import version_monitoring
from ..core.registry import (
    DEFAULT_REGISTRY,
    PushOptions,
    model_version_to_json,
    open_registry,
    parse_model_uri,
    push_run_file,
    registered_model_to_json,
    run_files,
)
from ..core.registry.names import VersionRef, check_model_name
from .base import REGISTRIES_SETTING, StoreHandler
from .errors import map_core_errors
from .notebook_kernels import (
    KernelAnswerError,
    call,
    evaluate_json,
    notebook_kernel,
)

__all__ = [
    "ModelAliasHandler",
    "ModelHandler",
    "ModelSourcesHandler",
    "ModelVersionHandler",
    "ModelVersionMonitoringHandler",
    "ModelsHandler",
]

_T = TypeVar("_T")
#: How long the push dialog waits to learn whether the kernel can push a variable: a
#: busy kernel answers after its running cell.
SOURCES_TIMEOUT = 15.0
_ERRORS = {
    "not_found": NotFoundError,
    "invalid": InvalidInputError,
    "conflict": ConflictError,
    "unavailable": StoreError,
}


class RegistryHandler(StoreHandler):
    """Base of the registry handlers: the registry named by ``?registry=``, off the event loop."""

    auth_resource = "mlops-lab:models"

    def registry_uri(self) -> str | None:
        """The registry ``?registry=NAME`` names: ``local`` or one the server configured.

        A request never gives a URL: the server would call any address it names
        (and quote the answer), so only the operator's ``c.MlopsLab.registries`` count.
        """
        name = self.get_query_argument("registry", None)
        if not name or name == DEFAULT_REGISTRY:
            return None
        configured: dict[str, str] = self.settings.get(REGISTRIES_SETTING, {})
        if name in configured:
            return configured[name]
        known = ", ".join([DEFAULT_REGISTRY, *sorted(configured)])
        raise InvalidInputError(
            f"{name!r} is not a registry this server knows; the registries: {known}. "
            "An administrator adds one with c.MlopsLab.registries = {NAME: URI}."
        )

    async def in_registry(self, work: Callable[[Any], _T]) -> _T:
        uri = self.registry_uri()
        store = self.store

        def run() -> _T:
            with open_registry(uri, store) as registry:
                return work(registry)

        return await asyncio.get_running_loop().run_in_executor(None, run)

    async def kernel_of(self, run_id: str) -> str | None:
        """The live kernel of the run's notebook, if one runs."""
        run = self.store.get_run(run_id)
        root = str(self.contents_manager.root_dir)
        return await notebook_kernel(self.session_manager, root, self.store.path.parent, run)


class ModelsHandler(RegistryHandler):
    @authenticated
    @authorized
    @map_core_errors
    async def get(self) -> None:
        models = await self.in_registry(lambda registry: registry.list_models())
        self.reply({"models": [registered_model_to_json(m) for m in models]})

    @authenticated
    @authorized
    @map_core_errors
    async def post(self) -> None:
        """Push a model from a run: ``{run, name, variable | artifact, alias?, description?}``."""
        body = self.body_for("PushRequest")
        run_id, variable, artifact = body["run"], body.get("variable"), body.get("artifact")
        if (variable is None) == (artifact is None):
            raise InvalidInputError("Give either a variable or an artifact of the run to push.")
        alias = body.get("alias") or None
        description = body.get("description") or ""
        # No value of the server's environment variables enters the store, as in a kernel.
        description = EnvironmentValues(os.environ).scrub(description)
        options = PushOptions(body["name"], alias=alias, description=description)
        run = self.store.get_run(run_id)
        if variable is not None:
            version = await self._push_variable(run.id, str(variable), options, body)
        else:
            version = await self.in_registry(
                lambda registry: model_version_to_json(
                    push_run_file(
                        registry, self.store, run.id, str(artifact), options, unpickle=False
                    )
                )
            )
        self.set_status(201)
        self.reply(version)

    async def _push_variable(
        self, run_id: str, variable: str, options: PushOptions, body: dict[str, Any]
    ) -> dict[str, Any]:
        kernel_id = await self.kernel_of(run_id)
        if kernel_id is None:
            raise ConflictError(
                "No kernel of this run's notebook is running, and only its kernel holds the "
                "variable: open the notebook, run it, and push again; or push a file of the run."
            )
        request = {
            "run_id": run_id,
            "variable": variable,
            "name": options.name,
            "alias": options.alias,
            "description": options.description,
            "registry": self.registry_uri(),
        }
        answer = await evaluate_json(
            self.kernel_manager, kernel_id, call("push_for_server", json.dumps(request))
        )
        error = answer.get("error") if isinstance(answer, dict) else None
        if isinstance(error, dict):
            raise _ERRORS.get(str(error.get("kind")), StoreError)(str(error.get("message")))
        version: dict[str, Any] = answer["version"]
        return version


class ModelHandler(RegistryHandler):
    @authenticated
    @authorized
    @map_core_errors
    async def get(self, name: str) -> None:
        check_model_name(name)

        def read(registry: Any) -> dict[str, Any]:
            body = registered_model_to_json(registry.get_model(name))
            body["versions"] = [model_version_to_json(v) for v in registry.list_versions(name)]
            return body

        self.reply(await self.in_registry(read))


class ModelVersionHandler(RegistryHandler):
    @authenticated
    @authorized
    @map_core_errors
    async def get(self, name: str, version: str) -> None:
        """One version with its lineage; ``version`` is a number or an alias."""
        ref = _version_ref(name, version)
        found = await self.in_registry(lambda registry: registry.get_version(ref))
        self.reply(model_version_to_json(found))


class ModelVersionMonitoringHandler(RegistryHandler):
    @authenticated
    @authorized
    @map_core_errors
    async def get(self, name: str, version: str) -> None:
        """The drift checks and promotion decisions the version's tags recorded."""
        ref = _version_ref(name, version)
        self.reply(await self.in_registry(lambda registry: version_monitoring(registry, ref)))


def _version_ref(name: str, version: str) -> VersionRef:
    """``version`` of a route: a number or an alias."""
    numeric = version.isascii() and version.isdigit()
    return parse_model_uri(f"{name}/{version}" if numeric else f"{name}@{version}")


class ModelAliasHandler(RegistryHandler):
    @authenticated
    @authorized
    @map_core_errors
    async def put(self, name: str, alias: str) -> None:
        """Point an alias at a version: ``{"version": N}``."""
        number: int = self.body_for("AliasRequest")["version"]
        found = await self.in_registry(lambda registry: registry.set_alias(name, number, alias))
        self.reply(model_version_to_json(found))


class ModelSourcesHandler(RegistryHandler):
    @authenticated
    @authorized
    @map_core_errors
    async def get(self) -> None:
        """What a run can push: its variables (when its kernel runs) and its files."""
        run_id = self.get_query_argument("run", None)
        if not run_id:
            raise InvalidInputError("Give the run: model-sources?run=RUN_ID.")
        # The kernel first: it writes what it recorded so far before it answers.
        live, reason = await self._kernel_state(self.store.resolve_run_id(run_id))
        detail = self.store.get_run_detail(run_id)
        self.reply(
            {
                "run_id": detail.run.id,
                "notebook": detail.run.notebook,
                "kernel": {"live": live, "reason": reason},
                "variables": [
                    {"name": name, "type": change.type, "repr": change.repr}
                    for name, change in detail.variables.items()
                ],
                "files": [{"name": name, "kind": kind} for name, kind in run_files(detail)],
            }
        )

    async def _kernel_state(self, run_id: str) -> tuple[bool, str | None]:
        kernel_id = await self.kernel_of(run_id)
        if kernel_id is None:
            return False, "No kernel of the run's notebook is running."
        try:
            answer = await evaluate_json(
                self.kernel_manager, kernel_id, call("recorded_run"), timeout=SOURCES_TIMEOUT
            )
        except KernelAnswerError as error:
            return False, error.message
        recorded = answer.get("run_id") if isinstance(answer, dict) else None
        if recorded != run_id:
            return False, "The notebook's kernel records another run now."
        return True, None
