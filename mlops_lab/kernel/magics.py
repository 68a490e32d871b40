"""``%mlops``: the line magic that drives tracking from a notebook.

Bad arguments raise IPython's ``UsageError``, which the notebook shows as one
red line, never a traceback.
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_magic, magics_class

from ..core import JsonValue, MlopsLabError
from ..core.capture.parameters import parse_value
from .lineage_magic import lineage_command, stale_text
from .model_push import push_model_command
from .session import TrackingSession

__all__ = ["MlopsMagics"]

USAGE = """\
%mlops run [NAME]              end this run and start a new one
%mlops run --reason run-all    end this run; the next cell begins a new one (sent by JupyterLab)
%mlops param KEY=VALUE ...     record parameters (values typed: 3, 0.5, true, [1, 2], text)
%mlops metric KEY=VALUE ... [--step N]   record metric values
%mlops tag KEY=VALUE ...       set tags
%mlops status                  show the run being recorded
%mlops stale                   list cells whose inputs changed since they ran
%mlops lineage NAME [--at SEQ] the executions a variable, metric or file depends on
%mlops off | on                pause or resume recording cells
%%mlops step NAME [--after A,B]   (cell magic) mark a pipeline step; runs the cell as usual
%mlops checkpoint [NAME] [--full] [--max-size SIZE]   store the kernel's variables
%mlops checkpoint --at-end on|off [--max-size SIZE]   checkpoint when each run ends
%mlops restore RUN[:CHECKPOINT] [VAR ...]   load a checkpoint's variables
%mlops push-model VARIABLE --name NAME [--alias A] [--registry URI]
                               push a model to a registry with its lineage (local, mlflow:URL)"""


@magics_class
class MlopsMagics(Magics):
    def __init__(self, shell: Any, session: TrackingSession, tracking: Any) -> None:
        super().__init__(shell)
        self._session = session
        self._tracking = tracking  # .on(), .off(), .checkpoints: see kernel/__init__

    @line_magic
    def mlops(self, line: str) -> None:
        """Record runs, params, metrics and tags: see ``%mlops`` with no arguments."""
        try:
            words = shlex.split(line)
        except ValueError as error:
            raise UsageError(f"%mlops: {error}") from None
        if not words:
            print(USAGE)
            return
        command, args = words[0], words[1:]
        try:
            self._dispatch(command, args)
        except MlopsLabError as error:
            raise UsageError(f"%mlops {command}: {error}") from None

    def _dispatch(self, command: str, args: list[str]) -> None:
        session = self._session
        if command == "run":
            if args[:1] == ["--reason"]:
                if args[1:] != ["run-all"]:
                    raise UsageError("%mlops run --reason takes run-all")
                session.begin_run_at_next_cell()
                return
            if len(args) > 1:
                raise UsageError('%mlops run takes at most one NAME (quote it: %mlops run "a b")')
            session.new_run(args[0] if args else None)
            print(f"mlops-lab: recording run {session.run_name} ({session.run_id[:8]})")
        elif command == "stale":
            if args:
                raise UsageError("%mlops stale takes no arguments")
            print(stale_text(session.stale.stale()))
        elif command == "lineage":
            print(lineage_command(session, args))
        elif command == "param":
            session.log_params(_pairs("param", args))
        elif command == "metric":
            step, rest = _step_option(args)
            metrics = {}
            for key, value in _pairs("metric", rest).items():
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise UsageError(f"%mlops metric: {key} must be a number, not {value!r}")
                metrics[key] = float(value)
            session.log_metrics(metrics, step=step)
        elif command == "tag":
            session.set_tags({k: str(v) for k, v in _pairs("tag", args, typed=False).items()})
        elif command == "status":
            status = session.status()
            state = "recording" if status["tracking"] else "paused (%mlops on resumes)"
            print(f"mlops-lab: run {status['run_name']} ({status['run_id']}), {state}")
            print(f"store: {status['store']}")
        elif command == "push-model":
            print(push_model_command(session, getattr(self.shell, "user_ns", {}), args))
        elif command in ("on", "off"):
            if args:
                raise UsageError(f"%mlops {command} takes no arguments")
            self._tracking.on() if command == "on" else self._tracking.off()
        elif command == "checkpoint":
            self._tracking.checkpoints.checkpoint_command(args)
        elif command == "restore":
            self._tracking.checkpoints.restore_command(args)
        else:
            raise UsageError(f"%mlops: unknown command {command!r}\n{USAGE}")


def _pairs(command: str, args: list[str], *, typed: bool = True) -> dict[str, JsonValue]:
    if not args:
        raise UsageError(f"%mlops {command} needs KEY=VALUE pairs, e.g. %mlops {command} lr=0.1")
    pairs: dict[str, JsonValue] = {}
    for arg in args:
        key, sep, value = arg.partition("=")
        if not sep or not key:
            raise UsageError(f"%mlops {command}: expected KEY=VALUE, got {arg!r}")
        pairs[key] = parse_value(value) if typed else value
    return pairs


def _step_option(args: list[str]) -> tuple[int | None, list[str]]:
    parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    parser.add_argument("--step", type=int)
    try:
        known, rest = parser.parse_known_args(args)
    except (argparse.ArgumentError, SystemExit):
        raise UsageError("%mlops metric: --step takes a whole number, e.g. --step 3") from None
    if known.step is not None and known.step < 0:
        raise UsageError("%mlops metric: --step must be 0 or more")
    return known.step, rest
