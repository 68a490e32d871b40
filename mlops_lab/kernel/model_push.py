"""``%mlops push-model``: push a live variable of this kernel, with its run's lineage.

The kernel holds the model itself, so it is serialized here (the kernel's
environment has its framework) and traced back through the run this kernel is
recording. The server pushes a variable the same way, by evaluating
`push_for_server` in the notebook's kernel (a silent request, so it is not a
cell of the run).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..core import ConflictError, InvalidInputError, MlopsLabError, NotFoundError, StoreError
from ..core.capture import file_access
from ..core.registry import (
    ModelVersion,
    PushOptions,
    model_version_to_json,
    open_registry,
    push_value,
)
from .session import TrackingSession, active_session

__all__ = ["USAGE", "push_for_server", "push_model", "push_model_command", "recorded_run"]

USAGE = "%mlops push-model VARIABLE --name NAME [--alias A] [--registry URI] [--description TEXT]"


class _ArgumentError(Exception):
    """A malformed ``%mlops push-model`` line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise _ArgumentError(message)


def push_model_command(session: TrackingSession, namespace: dict[str, Any], args: list[str]) -> str:
    """Run ``%mlops push-model ARGS``; the line that says what was pushed.

    Raises
    ------
    InvalidInputError
        The arguments are malformed (the message shows the usage).
    MlopsLabError
        Anything the push refuses: an unknown variable, an object that does not
        serialize, an unreachable registry.
    """
    parser = _Parser(prog="%mlops push-model", add_help=False)
    parser.add_argument("variable")
    parser.add_argument("--name", required=True)
    parser.add_argument("--alias")
    parser.add_argument("--registry")
    parser.add_argument("--description", default="")
    try:
        parsed = parser.parse_args(args)
    except _ArgumentError as error:
        raise InvalidInputError(f"{error}\nusage: {USAGE}") from None
    version = push_model(
        session,
        namespace,
        parsed.variable,
        PushOptions(parsed.name, alias=parsed.alias, description=parsed.description),
        parsed.registry,
    )
    return _pushed_line(version)


def push_model(
    session: TrackingSession,
    namespace: dict[str, Any],
    variable: str,
    options: PushOptions,
    registry_uri: str | None,
) -> ModelVersion:
    """Push the value of ``variable`` as a version of ``options.name``."""
    if variable not in namespace:
        raise NotFoundError(
            f"No variable {variable!r} in this kernel; run the cell that makes it first."
        )
    if not session.run_id:
        raise ConflictError("No run is being recorded in this kernel: %mlops run starts one.")
    scrub = session.recorder.clean_text
    options = PushOptions(
        options.name,
        alias=options.alias,
        description=scrub(options.description),
        tags={key: scrub(value) for key, value in options.tags.items()},
    )
    session.writer.flush()  # the cells run so far are the lineage: they must be in the store
    with file_access.paused(), open_registry(registry_uri, session.store) as registry:
        return push_value(
            registry, session.store, session.run_id, variable, namespace[variable], options
        )


def recorded_run() -> str:
    """JSON ``{"run_id": ...}`` of the run this kernel records, for the server.

    Everything recorded so far is in the store when it answers.
    """
    try:
        session = active_session()
    except MlopsLabError:
        return json.dumps({"run_id": None})
    session.writer.flush()  # the server reads the run's variables next
    return json.dumps({"run_id": session.run_id or None})


def push_for_server(request: str) -> str:
    """Push a variable for the server; JSON in (``run_id``, ``variable``, ``name``...), JSON out.

    The answer is ``{"version": ModelVersion}`` or ``{"error": {"kind", "message"}}``,
    ``kind`` one of ``not_found``, ``invalid``, ``conflict``, ``unavailable``.
    Refuses when this kernel records another run than the one asked: its
    variables are no longer that run's.
    """
    from IPython import get_ipython

    try:
        body = json.loads(request)
        session = active_session()
        if session.run_id != body.get("run_id"):
            raise ConflictError(
                f"This notebook's kernel records run {session.run_id[:8]} now, not "
                f"{str(body.get('run_id'))[:8]}: its variables belong to the run it records. "
                "Push from that run, or a file of this one."
            )
        version = push_model(
            session,
            get_ipython().user_ns,
            str(body.get("variable", "")),
            PushOptions(
                str(body.get("name", "")),
                alias=body.get("alias") or None,
                description=str(body.get("description") or ""),
            ),
            body.get("registry") or None,
        )
        return json.dumps({"version": model_version_to_json(version)})
    except MlopsLabError as error:
        return json.dumps({"error": {"kind": _kind(error), "message": error.message}})


def _kind(error: MlopsLabError) -> str:
    if isinstance(error, NotFoundError):
        return "not_found"
    if isinstance(error, InvalidInputError):
        return "invalid"
    if isinstance(error, ConflictError):
        return "conflict"
    if isinstance(error, StoreError):
        return "unavailable"
    return "unavailable"


def _pushed_line(version: ModelVersion) -> str:
    lineage = version.lineage
    where = ""
    if lineage is not None:
        cell = lineage.training_cell
        made = (
            f", made by In [{cell.execution_count}]"
            if cell is not None and cell.execution_count is not None
            else ", not assigned by a recorded cell of this run"
            if cell is None
            else ""
        )
        where = f" from run {lineage.run_name} ({lineage.run_id[:8]}){made}"
    aliases = f" as {', '.join(version.aliases)}" if version.aliases else ""
    return (
        f"mlops-lab: pushed {version.name} version {version.version}{aliases} to the "
        f"{version.registry} registry{where}; load it with "
        f"mlops_lab.load_model('models:/{version.name}/{version.version}')"
    )
