"""``%mlops checkpoint`` and ``%mlops restore``: the kernel's side of checkpoints.

A thin adapter over `mlops_lab.core.checkpoint`: it hands the core the user
namespace and the names the cells used since the last checkpoint (so unchanged
variables are not serialized again), puts restored variables into the
namespace, and takes a checkpoint when a run ends if asked to.

The run-end checkpoint is off by default. ``MLOPS_LAB_CHECKPOINT_AT_END=1`` in
the kernel's environment turns it on (``MLOPS_LAB_CHECKPOINT_MAX_SIZE``, default
1GB, caps it); ``%mlops checkpoint --at-end on|off [--max-size SIZE]`` does the
same for one kernel.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Mapping
from typing import Any

from IPython.core.error import UsageError

from ..core import MlopsLabError
from ..core.checkpoint import (
    Checkpointer,
    CheckpointResult,
    RestoredState,
    find_checkpoint,
    format_size,
    load_checkpoint,
    parse_size,
)
from .namespace import names_in
from .session import TrackingSession

__all__ = ["AT_END_ENV_VAR", "MAX_SIZE_ENV_VAR", "KernelCheckpoints"]

AT_END_ENV_VAR = "MLOPS_LAB_CHECKPOINT_AT_END"
MAX_SIZE_ENV_VAR = "MLOPS_LAB_CHECKPOINT_MAX_SIZE"
#: The run-end checkpoint's size cap unless set otherwise.
DEFAULT_AT_END_MAX_SIZE = 10**9
AT_END_NAME = "end"

_ON, _OFF = ("1", "on", "true", "yes"), ("0", "off", "false", "no", "")
# Names listed in a summary line before it says "and N more".
_LISTED = 12


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise UsageError(f"%mlops {self.prog}: {message}")


class KernelCheckpoints:
    """Checkpoints of one kernel's namespace into its session's run."""

    def __init__(
        self, ipython: Any, session: TrackingSession, environ: Mapping[str, str] = os.environ
    ) -> None:
        self._ipython = ipython
        self._session = session
        self._checkpointer = Checkpointer()
        self._changed: set[str] = set()
        self._cell_names: set[str] = set()
        self._following = False
        self.at_end = environ.get(AT_END_ENV_VAR, "").strip().lower() in _ON
        try:
            self.max_size = parse_size(environ.get(MAX_SIZE_ENV_VAR) or "1GB")
        except MlopsLabError as error:
            print(f"mlops-lab: {MAX_SIZE_ENV_VAR}: {error}; using 1GB", file=sys.stderr)
            self.max_size = DEFAULT_AT_END_MAX_SIZE

    def register(self) -> None:
        self._session.before_run_end = self._at_run_end

    def _follow_cells(self) -> None:
        """Note the names each cell uses, from the first checkpoint or restore on.

        Before it every variable is new to the checkpointer, so a kernel that
        never checkpoints pays nothing per cell.
        """
        if not self._following:
            self._ipython.events.register("pre_run_cell", self._before_cell)
            self._following = True

    def unregister(self) -> None:
        self._wait()  # before the session closes the store under the writer
        with contextlib.suppress(ValueError):  # never registered, or already gone
            self._ipython.events.unregister("pre_run_cell", self._before_cell)
        if self._session.before_run_end == self._at_run_end:
            self._session.before_run_end = None

    def _before_cell(self, info: Any) -> None:
        # A checkpoint still being written reads the values' own memory: the
        # cell, which may change them, waits for it (the checkpointing cell did not).
        self._wait()
        self._cell_names = names_in(getattr(info, "raw_cell", "") or "")
        self._changed.update(self._cell_names)

    def _wait(self) -> None:
        try:
            self._checkpointer.wait()
        except Exception as error:  # never break the user's cell over a checkpoint
            print(f"mlops-lab: the last checkpoint could not be written: {error}", file=sys.stderr)

    # -- %mlops checkpoint -----------------------------------------------------------

    def checkpoint_command(self, args: list[str]) -> None:
        parser = _Parser(prog="checkpoint", add_help=False)
        parser.add_argument("name", nargs="?")
        parser.add_argument("--full", action="store_true")
        parser.add_argument("--max-size", type=_size)
        parser.add_argument("--at-end", choices=("on", "off"))
        options = parser.parse_args(args)
        if options.at_end is not None:
            if options.name or options.full:
                raise UsageError("%mlops checkpoint --at-end on|off takes only --max-size")
            self.at_end = options.at_end == "on"
            if options.max_size is not None:
                self.max_size = options.max_size
            state = f"on (at most {format_size(self.max_size)})" if self.at_end else "off"
            print(f"mlops-lab: checkpoint at the end of each run: {state}")
            return
        result = self.take(options.name, full=options.full, max_size=options.max_size)
        print(_checkpoint_summary(result, self._session.run_name))

    def take(
        self,
        name: str | None,
        *,
        full: bool = False,
        max_size: int | None = None,
        background: bool = True,
    ) -> CheckpointResult:
        """Checkpoint the namespace into the session's run."""
        session = self._session
        self._follow_cells()
        session.writer.flush()  # the run's cells first, so the checkpoint follows them
        result = self._checkpointer.checkpoint(
            session.store,
            session.run_id,
            self._ipython.user_ns,
            hidden=getattr(self._ipython, "user_ns_hidden", None),
            name=name,
            changed=None if full else self._changed,
            max_size=max_size,
            # Written and synced while the kernel is idle; complete once durable.
            background=background,
        )
        # The rest of the cell that took it may still change what it names.
        self._changed = set(self._cell_names)
        return result

    def _at_run_end(self, run_id: str) -> None:
        if not self.at_end or run_id != self._session.run_id:
            return
        try:
            # The run ends and its store may close next: written before going on.
            self.take(AT_END_NAME, max_size=self.max_size, background=False)
        except MlopsLabError as error:
            print(f"mlops-lab: no checkpoint at the end of the run: {error}", file=sys.stderr)

    # -- %mlops restore --------------------------------------------------------------

    def restore_command(self, args: list[str]) -> None:
        if not args or args[0].startswith("-"):
            raise UsageError(
                "%mlops restore needs RUN[:CHECKPOINT], e.g. %mlops restore 3f2a9c1e:2 model"
            )
        self._wait()  # this kernel's last checkpoint may be the one asked for
        store = self._session.store
        checkpoint = find_checkpoint(store, args[0])
        state = load_checkpoint(store, checkpoint, args[1:])
        self._follow_cells()
        self._ipython.user_ns.update(state.values)
        for name, variable in state.loaded_from.items():
            self._checkpointer.remember(name, state.values[name], variable)
        print(_restore_summary(state))


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except MlopsLabError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:_LISTED])
    return shown if len(names) <= _LISTED else f"{shown} and {len(names) - _LISTED} more"


def _checkpoint_summary(result: CheckpointResult, run_name: str) -> str:
    checkpoint = result.checkpoint
    stored = [v for v in checkpoint.variables if v.skipped is None]
    # modules and second names of an object are kept without serializing anything
    reused = sum(1 for v in stored if v.value is not None) - len(result.serialized)
    lines = [
        f"mlops-lab: checkpoint {checkpoint.name} of run {run_name} ({checkpoint.run_id[:8]}): "
        f"{len(stored)} variables, {format_size(checkpoint.size)}; "
        f"{len(result.serialized)} serialized ({format_size(result.written_bytes)} written), "
        f"{reused} unchanged"
    ]
    lines.extend(_skipped_lines({v.name: v.skipped or "" for v in checkpoint.skipped}))
    return "\n".join(lines)


def _restore_summary(state: RestoredState) -> str:
    checkpoint = state.checkpoint
    names = list(state.values)
    lines = [
        f"mlops-lab: restored {len(names)} variables from checkpoint {checkpoint.name} "
        f"of run {checkpoint.run_id[:8]}" + (f": {_names(names)}" if names else "")
    ]
    lines.extend(_skipped_lines(state.skipped))
    return "\n".join(lines)


def _skipped_lines(skipped: Mapping[str, str]) -> list[str]:
    return [f"  skipped {name}: {reason}" for name, reason in skipped.items()]
