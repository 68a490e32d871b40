"""``mlops-lab export`` and ``mlops-lab pipeline run``: notebooks as pipelines, from a terminal.

An adapter over `mlops_lab.core.pipeline`: it parses the command line, prints
progress and verdicts, and maps outcomes to exit codes (0 ok, 1 a failure or a
difference, 2 a malformed command line). ``--verify`` runs the notebook first
through `mlops_lab.headless` when it has no run to compare with.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core import InvalidInputError, JsonValue, MlopsLabError, Store
from ..core.capture.parameters import parse_parameters
from .arguments import add_parameter_option
from .output import EXIT_FAILURE, EXIT_OK, announce_store, cleaned, print_failure

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from typing import Any, TextIO

__all__ = ["add_commands"]


def add_commands(commands: Any, store_option: argparse.ArgumentParser) -> None:
    """Add ``export`` and ``pipeline`` to the ``mlops-lab`` subcommands."""
    export = commands.add_parser(
        "export",
        parents=[store_option],
        help="export a notebook as a pipeline (local or Kubeflow)",
        description="Export NOTEBOOK as a parameterized pipeline: steps from its cell tags "
        "(step:NAME, Kale's block:NAME, %%mlops step NAME), dependencies from the variables "
        "they share. Prints the files written; exits 1, naming each cell, if it cannot.",
    )
    export.add_argument("notebook", metavar="NOTEBOOK", help="the .ipynb file")
    export.add_argument(
        "--to", dest="target", default="local", metavar="TARGET", help="local (default) or kfp"
    )
    export.add_argument(
        "-o", "--output", metavar="DIR", help="folder to write (default: NOTEBOOK-pipeline/)"
    )
    export.add_argument(
        "--base-image", metavar="IMAGE", help="container image of the kfp steps (python:3.X-slim)"
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that holds other files (never through a symlink, "
        "removing none of them)",
    )
    export.set_defaults(standalone=_cmd_export)

    pipeline = commands.add_parser(
        "pipeline", help="run an exported pipeline", description="Run exported pipelines."
    )
    actions = pipeline.add_subparsers(dest="action", metavar="ACTION", parser_class=type(export))
    run = actions.add_parser(
        "run",
        parents=[store_option],
        help="run an exported pipeline here, cached, recorded as a run",
        description="Run the pipeline in DIR (written by export --to local) step by step. "
        "A step whose code, shared code, parameters, inputs and environment are unchanged "
        "is not run again (cached). Exits 1 if a step fails.",
    )
    run.add_argument("directory", metavar="DIR", help="the exported pipeline's folder")
    add_parameter_option(run)
    run.add_argument(
        "--verify",
        action="store_true",
        help="compare the metrics with the notebook's run (running the notebook first if it "
        "has none with these parameters); exit 1 if they differ",
    )
    run.add_argument(
        "--tolerance",
        type=float,
        default=1e-9,
        metavar="REL",
        help="relative tolerance of --verify (default 1e-9)",
    )
    run.add_argument("--no-cache", action="store_true", help="run every step")
    # The server passes the UI's values as JSON, typed already.
    run.add_argument("--parameters-json", default=None, help=argparse.SUPPRESS)
    run.add_argument(
        "--progress",
        choices=["text", "jsonl"],
        default="text",
        help="jsonl: one JSON event per line on stdout, the steps' prints on stderr",
    )
    run.set_defaults(standalone=_cmd_pipeline_run)


def _open_store(args: argparse.Namespace, start: Path) -> Store:
    return Store.open(getattr(args, "store", None), start=start)


def _project_folder(directory: Path) -> Path:
    """Where to look for the store of a pipeline run: its notebook's project.

    A pipeline exported outside its project (``-o /elsewhere``) still records
    into the store of the project its notebook belongs to, so its runs show
    beside the notebook's and ``--verify`` finds them.
    """
    from ..core.pipeline.serialize import read_yaml

    folder = directory.resolve()
    try:
        notebook = read_yaml(folder / "pipeline.yaml").notebook
    except MlopsLabError:
        return folder  # run_pipeline says what is wrong with the folder
    if notebook is None:
        return folder
    source = (folder / notebook).resolve()
    return source.parent if source.exists() else folder


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from ..core.pipeline.export import export_notebook

    notebook = Path(args.notebook)
    with _open_store(args, notebook.resolve().parent) as store:
        result = export_notebook(
            notebook,
            target=args.target,
            directory=None if args.output is None else Path(args.output),
            store=store,
            base_image=args.base_image,
            force=args.force,
        )
    pipeline = result.pipeline
    print(
        f"Exported {args.notebook} to {result.directory} ({args.target}): "
        f"{len(pipeline.steps)} steps, {len(pipeline.parameters)} parameters",
        file=out,
    )
    for edge in pipeline.edges:
        print(f"  {edge.upstream} -> {edge.downstream}: {edge.explanation}", file=out)
    for path in result.files:
        print(f"  wrote {path}", file=out)
    return EXIT_OK


def _cmd_pipeline_run(args: argparse.Namespace, out: TextIO) -> int:
    from ..core.pipeline.runner import run_pipeline

    directory = Path(args.directory)
    given = parse_parameters([(name, value) for name, value in args.parameters])
    if args.parameters_json:
        given.update(_json_parameters(args.parameters_json))
    jsonl = args.progress == "jsonl"
    display = _JsonProgress(out) if jsonl else _TextProgress(out)
    with _open_store(args, _project_folder(directory)) as store:
        announce_store(store.path)
        result = run_pipeline(
            directory,
            store,
            parameters=given,
            on_event=display.event,
            step_output=sys.stderr if jsonl else None,
            use_cache=not args.no_cache,
        )
        display.finished(result.run_id, result.status.value, dict(result.metrics))
        failed = result.failed_step
        if failed is not None:
            if failed.traceback:
                print(cleaned(failed.traceback), file=sys.stderr)  # the step's own, redacted
            error = failed.error
            reason = f"{error.name}: {error.value}" if error else "failed"
            return print_failure(f"step {failed.name} failed: {reason}")
        if args.verify:
            return _verify(store, result, args.tolerance, out, jsonl)
    return EXIT_OK


def _verify(store: Store, result: Any, tolerance: float, out: TextIO, jsonl: bool) -> int:
    from ..core.pipeline.verify import compare_metrics, matching_notebook_run, notebook_metrics

    notebook: Path | None = result.notebook
    if notebook is None:
        raise MlopsLabError("This pipeline does not name its notebook; export it again.")
    name = _store_name(notebook, store)
    reference = matching_notebook_run(store, name, result.parameters)
    if reference is None:
        if not jsonl:
            print(f"No run of {name} with these parameters yet: running it first.", file=out)
        run_id = _track_notebook(notebook, result.parameters, store)
    else:
        run_id = reference.id
    detail = store.get_run_detail(run_id)
    verdict = compare_metrics(
        result.metrics,
        notebook_metrics(detail, list(result.metrics)),
        source_run=run_id,
        rel_tol=tolerance,
    )
    if jsonl:
        rows = [
            {"name": r.name, "pipeline": r.pipeline, "notebook": r.notebook, "equal": r.equal}
            for r in verdict.metrics
        ]
        _print_json_line({"event": "verified", "run": run_id, "equal": verdict.equal}, out)
        _print_json_line({"event": "metrics", "rows": rows}, out)
    else:
        print(f"\nMetrics against notebook run {run_id[:8]} (tolerance {tolerance:g}):", file=out)
        print(f"  {'metric':<20} {'pipeline':>22} {'notebook':>22}", file=out)
        for row in verdict.metrics:
            mark = "equal" if row.equal else "DIFFERENT"
            print(f"  {row.name:<20} {row.pipeline!r:>22} {row.notebook!r:>22}  {mark}", file=out)
        if not verdict.metrics:
            print("  (the pipeline has no metrics to compare)", file=out)
        print("equal" if verdict.equal else "different", file=out)
    return EXIT_OK if verdict.equal else EXIT_FAILURE


def _track_notebook(notebook: Path, parameters: dict[str, JsonValue], store: Store) -> str:
    try:
        from ..headless import TrackRequest, track
    except ModuleNotFoundError as missing:
        raise MlopsLabError(
            f"--verify needs {missing.name} to run the notebook; reinstall mlops-lab."
        ) from None
    pairs = [
        (key, value if isinstance(value, str) else json.dumps(value))
        for key, value in parameters.items()
    ]
    tracked = track(TrackRequest(notebook=notebook, parameters=pairs, store=store.path))
    if tracked.failure is not None:
        raise MlopsLabError(
            f"The notebook failed, so there is nothing to compare with: {tracked.failure.summary}"
        )
    return tracked.run_id


def _json_parameters(text: str) -> dict[str, JsonValue]:
    try:
        values = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInputError(f"--parameters-json is not JSON: {error.msg}.") from None
    if not isinstance(values, dict):
        raise InvalidInputError("--parameters-json must be a JSON object of name: value.")
    return {str(name): value for name, value in values.items()}


def _store_name(notebook: Path, store: Store) -> str:
    try:
        return notebook.resolve().relative_to(store.path.parent.resolve()).as_posix()
    except ValueError:
        return notebook.resolve().as_posix()


def _print_json_line(value: Any, out: TextIO) -> None:
    out.write(json.dumps(value) + "\n")
    out.flush()


class _TextProgress:
    """One line per step: its state and time; on a terminal, ``running`` is shown first."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.live = out.isatty()

    def event(self, event: Any) -> None:
        label = f"[{event.index}/{event.total}] {event.step:<24}"
        if event.state.value == "running":
            if self.live:
                self.out.write(f"{label} running\r")
                self.out.flush()
            return
        seconds = "" if event.seconds is None else f"{event.seconds:8.2f} s"
        note = f"  {event.message}" if event.message else ""
        self.out.write(f"{label} {event.state.value:<8}{seconds}{note}\n")
        self.out.flush()

    def finished(self, run_id: str, status: str, metrics: dict[str, float]) -> None:
        print(f"run {run_id} {status}", file=self.out)
        for name, value in metrics.items():
            print(f"  {name} = {value!r}", file=self.out)


class _JsonProgress:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def event(self, event: Any) -> None:
        _print_json_line(
            {
                "event": "step",
                "step": event.step,
                "state": event.state.value,
                "index": event.index,
                "total": event.total,
                "seconds": event.seconds,
                "message": event.message,
            },
            self.out,
        )

    def finished(self, run_id: str, status: str, metrics: dict[str, float]) -> None:
        _print_json_line(
            {"event": "finished", "run_id": run_id, "status": status, "metrics": metrics},
            self.out,
        )
