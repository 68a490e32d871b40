"""REST handlers of pipeline export: preview a notebook's pipeline, export it, run it here.

Paths in requests are relative to the server's root and never leave it. Work
that may take seconds (compiling for kfp) runs on a worker thread; a local run
is a subprocess followed by the server's `Jobs`, so no handler waits for user code.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from jupyter_server.auth.decorator import authorized
from tornado.web import authenticated

from ..core import InvalidInputError, JsonValue, Store
from ..core.pipeline import pipeline_from_notebook, pipeline_summary
from ..core.pipeline.build import read_notebook_json
from ..core.pipeline.export import default_export_directory, export_notebook
from ..core.pipeline.run_record import latest_notebook_run
from ..core.pipeline.targets import target_names
from .base import StoreHandler, authorized_to, check_path_text
from .errors import map_core_errors
from .jobs import PipelineJob

__all__ = [
    "PipelineExportHandler",
    "PipelinePreviewHandler",
    "PipelineRunHandler",
    "PipelineRunsHandler",
]


class _PipelineHandler(StoreHandler):
    """Reading request bodies and confining their paths to the server root."""

    auth_resource = "mlops-lab:pipeline"

    def confined(self, relative: object, what: str) -> Path:
        if not isinstance(relative, str) or not relative:
            raise InvalidInputError(f"{what} must be a path relative to the server root.")
        check_path_text(relative, what)
        root = self.server_root
        path = (root / relative).resolve()
        if path != root and root not in path.parents:
            raise InvalidInputError(f"{what} {relative!r} is outside the server root.")
        return path

    def relative(self, path: Path) -> str:
        return path.relative_to(self.server_root).as_posix()

    def notebook(self, body: dict[str, Any]) -> Path:
        path = self.confined(body.get("path"), "path")
        if path.suffix != ".ipynb":
            raise InvalidInputError(f"{body.get('path')!r} is not a notebook (.ipynb).")
        return path

    def export_directory(self, body: dict[str, Any], notebook: Path, target: str) -> Path:
        directory = body.get("directory")
        path = (
            self.confined(directory, "directory")
            if directory
            else default_export_directory(notebook, target)
        )
        if path == self.server_root:
            raise InvalidInputError(
                "The export folder cannot be the server root; name a folder inside it."
            )
        return path


def _store_name(path: Path, store: Store) -> str:
    try:
        return path.relative_to(store.path.parent.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class PipelinePreviewHandler(_PipelineHandler):
    @authenticated
    @authorized_to("read")  # a POST only to send unsaved content: it changes nothing
    @map_core_errors
    async def post(self) -> None:
        body = self.body_for("PipelinePreviewRequest")
        notebook = self.notebook(body)
        content = body.get("content")
        if content is None:
            content = read_notebook_json(notebook)
        pipeline = pipeline_from_notebook(content, name=notebook.stem, path=self.relative(notebook))
        source = latest_notebook_run(self.store, _store_name(notebook, self.store))
        summary = pipeline_summary(pipeline)
        summary["source_run"] = source.id if source else None
        summary["targets"] = target_names()
        summary["directory"] = self.relative(default_export_directory(notebook, "local"))
        self.reply(summary)


class PipelineExportHandler(_PipelineHandler):
    @authenticated
    @authorized
    @map_core_errors
    async def post(self) -> None:
        body = self.body_for("PipelineExportRequest")
        notebook = self.notebook(body)
        target = str(body.get("target") or "local")
        directory = self.export_directory(body, notebook, target)
        base_image = body.get("base_image") or None
        result = await asyncio.get_running_loop().run_in_executor(
            None,
            lambda: export_notebook(
                notebook,
                target=target,
                directory=directory,
                store=self.store,
                base_image=None if base_image is None else str(base_image),
            ),
        )
        self.reply(
            {
                "target": target,
                "directory": self.relative(result.directory),
                "files": [self.relative(path) for path in result.files],
            }
        )


class PipelineRunsHandler(_PipelineHandler):
    @authenticated
    @authorized_to("execute")  # it runs the notebook's code
    @map_core_errors
    async def post(self) -> None:
        body = self.body_for("PipelineRunRequest")
        notebook = self.notebook(body)
        directory = self.export_directory(body, notebook, "local")
        parameters = body.get("parameters") or {}
        store = self.store
        result = await asyncio.get_running_loop().run_in_executor(
            None,
            lambda: export_notebook(notebook, target="local", directory=directory, store=store),
        )
        for name, value in parameters.items():
            result.pipeline.parameter(str(name)).coerce(value)  # a mistake is a 400 now
        values: dict[str, JsonValue] = {str(k): v for k, v in parameters.items()}
        status = self.jobs.start_pipeline(
            result.directory,
            [step.name for step in result.pipeline.run_order()],
            store=store.path,
            parameters=values,
        )
        status["directory"] = self.relative(result.directory)
        self.set_status(202)
        self.reply(status)


class PipelineRunHandler(_PipelineHandler):
    @authenticated
    @authorized
    @map_core_errors
    async def get(self, job_id: str) -> None:
        status = self.jobs.status(PipelineJob, job_id)
        status["directory"] = self.relative(Path(status["directory"]))
        self.reply(status)
