"""Pulling runs from an MLflow tracking server into the store, as read-only runs with their origin.

A run pushed by mlops-lab comes back whole from its ``mlops_lab/record.json``
and its artifacts; a run logged with plain MLflow comes with what MLflow has:
params, every metric point, tags, source notebook, git commit, user and its
dataset inputs (as the data a placeholder cell read). Each pulled run keeps a
marker of the version pulled, so pulling again rewrites only the runs that
changed, and never duplicates one.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MlopsLabError, NotFoundError
from ..records import (
    Artifact,
    CellExecution,
    CellStatus,
    FileAccess,
    FileMode,
    GitSummary,
    MetricPoint,
    Run,
    RunDetail,
    RunOrigin,
    RunStatus,
)
from ..store.store import Store
from .mirror import RECORD_ARTIFACT, RUN_ID_TAG
from .record_codec import record_to_detail
from .remotes import Remote, mlflow_client, reachable

if TYPE_CHECKING:
    from mlflow import MlflowClient
    from mlflow.entities import Run as MlflowRun

__all__ = ["PullReport", "pull"]

#: Records downloaded at once, and runs whose records are held ahead of the store.
_THREADS = 4
_AHEAD = 16
_HEX_ID = re.compile(r"^[0-9a-f]{32}$")
_STATUS = {
    "RUNNING": RunStatus.RUNNING,
    "SCHEDULED": RunStatus.RUNNING,
    "FINISHED": RunStatus.FINISHED,
    "FAILED": RunStatus.FAILED,
    "KILLED": RunStatus.KILLED,
}


@dataclass
class PullReport:
    """Runs pulled new, updated, unchanged, and skipped (made here: the local record wins)."""

    remote: str
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    own: int = 0


def _marker(run: MlflowRun) -> str:
    """What changes when the remote run does: status, end, its latest values, its tags."""
    data = run.data
    text = json.dumps(
        [
            run.info.status,
            run.info.end_time,
            run.info.run_name,
            data.metrics,
            data.params,
            data.tags,
        ],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _moment(millis: int | None) -> datetime | None:
    return None if millis is None else datetime.fromtimestamp(millis / 1000, tz=timezone.utc)


def _local_id(mlflow_run_id: str) -> str:
    """Our id of a plain MLflow run: its own id when it has our form, else one derived from it."""
    if _HEX_ID.match(mlflow_run_id):
        return mlflow_run_id
    return uuid.uuid5(uuid.NAMESPACE_URL, f"mlflow-run:{mlflow_run_id}").hex


def _artifact_bytes(client: MlflowClient, run_id: str, path: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="mlops-lab-pull-") as temp:
        local = client.download_artifacts(run_id, path, temp)
        return Path(local).read_bytes()


def _record_bytes(run: MlflowRun, tracking_uri: str) -> bytes:
    """The run's ``record.json``, through the repository its artifact URI names (no get_run)."""
    from mlflow.store.artifact.artifact_repository_registry import get_artifact_repository

    repo = get_artifact_repository(run.info.artifact_uri, tracking_uri=tracking_uri)
    with tempfile.TemporaryDirectory(prefix="mlops-lab-pull-") as temp:
        local = repo.download_artifacts(RECORD_ARTIFACT, temp)  # type: ignore[no-untyped-call]
        return Path(local).read_bytes()


def _from_record(
    store: Store, client: MlflowClient, run: MlflowRun, record: Future[bytes]
) -> RunDetail | None:
    try:
        document = json.loads(record.result())
        detail = record_to_detail(document)
    except Exception:  # no record (deleted, an older push): read it as a plain MLflow run
        return None
    artifacts = []
    for artifact in detail.artifacts:
        data = _artifact_bytes(client, run.info.run_id, f"artifacts/{artifact.name}")
        artifacts.append(Artifact(artifact.name, store.objects.put(data), len(data)))
    return RunDetail(
        run=detail.run,
        cells=detail.cells,
        environment=detail.environment,
        requirements=detail.requirements,
        git=detail.git,
        host=detail.host,
        artifacts=tuple(artifacts),
        metric_history=detail.metric_history,
    )


def _from_mlflow(client: MlflowClient, run: MlflowRun, experiment: str) -> RunDetail:
    info, data = run.info, run.data
    run_id = _local_id(info.run_id)
    started = _moment(info.start_time) or datetime.now(timezone.utc)
    history: dict[str, tuple[MetricPoint, ...]] = {}
    for key in data.metrics:
        points = client.get_metric_history(info.run_id, key)
        history[key] = tuple(
            MetricPoint(
                int(p.step), float(p.value), _moment(p.timestamp) or datetime.now(timezone.utc)
            )
            for p in sorted(points, key=lambda p: (p.step, p.timestamp))
        )
    tags = {k: v for k, v in data.tags.items() if not k.startswith("mlflow.")}
    commit = data.tags.get("mlflow.source.git.commit")
    branch = data.tags.get("mlflow.source.git.branch")
    files = tuple(
        FileAccess(
            _dataset_path(d.dataset.source) or d.dataset.name, FileMode.READ, None, d.dataset.digest
        )
        for d in (run.inputs.dataset_inputs if run.inputs else [])
    )
    cells = (
        (
            CellExecution(
                run_id=run_id,
                seq=1,
                execution_count=None,
                cell_id=None,
                code=f"# logged with MLflow (run {info.run_id}): no cells were recorded;"
                " this placeholder holds the datasets it read",
                started_at=started,
                duration=0.0,
                status=CellStatus.OK,
                files=files,
            ),
        )
        if files
        else ()
    )
    return RunDetail(
        run=Run(
            id=run_id,
            name=info.run_name or info.run_id,
            experiment=experiment,
            notebook=data.tags.get("mlflow.source.name"),
            status=_STATUS.get(info.status, RunStatus.FINISHED),
            started_at=started,
            ended_at=_moment(info.end_time),
            cell_count=len(cells),
            params={k: _param_value(v) for k, v in data.params.items()},
            tags=tags,
            git=None if not commit else GitSummary(commit, branch, False),
        ),
        cells=cells,
        git=None if not commit else {"commit": commit, "branch": branch, "dirty": False},
        metric_history=history,
    )


def _param_value(text: str) -> Any:
    """MLflow keeps params as text; JSON-looking ones come back typed (0.1, true, [1, 2])."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _dataset_path(source: str) -> str | None:
    try:
        uri = json.loads(source).get("uri")
    except (ValueError, AttributeError):
        return None
    return str(uri) if uri else None


def _experiments(client: MlflowClient, name: str | None) -> dict[str, str]:
    if name is None:
        return {str(e.experiment_id): e.name for e in client.search_experiments()}
    found = client.get_experiment_by_name(name)
    if found is None:
        raise NotFoundError(f"The remote has no experiment named {name!r}.")
    return {str(found.experiment_id): found.name}


def pull(
    store: Store,
    remote: Remote,
    *,
    experiment: str | None = None,
    since: datetime | None = None,
) -> PullReport:
    """Import the remote's runs (of ``experiment``, begun ``since``) into ``store``."""
    reachable(remote)
    client = mlflow_client(remote)
    report = PullReport(remote.name)
    experiments = _experiments(client, experiment)
    if not experiments:
        return report
    pulled = {
        remote_id: marker for remote_id, (_, marker) in store.pulled_markers(remote.name).items()
    }
    query = "" if since is None else f"attributes.start_time >= {int(since.timestamp() * 1000)}"
    token: str | None = None
    # The records download a few at a time while the store takes the runs before them.
    with ThreadPoolExecutor(_THREADS, thread_name_prefix="mlops-lab-pull") as pool:
        while True:
            page = client.search_runs(
                list(experiments), filter_string=query, max_results=1000, page_token=token
            )
            for at in range(0, len(page), _AHEAD):
                runs = page[at : at + _AHEAD]
                records = {
                    run.info.run_id: pool.submit(_record_bytes, run, remote.tracking_uri)
                    for run in runs
                    if _wanted_record(store, run, pulled)
                }
                for run in runs:
                    record = records.get(run.info.run_id)
                    _pull_one(store, client, remote, run, experiments, pulled, report, record)
            token = page.token
            if not token:
                return report


def _wanted_record(store: Store, run: MlflowRun, pulled: dict[str, str | None]) -> bool:
    """A run pushed by mlops-lab, changed since pulled, and not one made in this store."""
    ours = run.data.tags.get(RUN_ID_TAG)
    remote_id = run.info.run_id
    if not ours or pulled.get(remote_id) == _marker(run):
        return False
    return remote_id in pulled or not _made_here(store, ours)


def _made_here(store: Store, run_id: str) -> bool:
    try:
        return store.get_run(run_id).origin is None
    except MlopsLabError:
        return False


def _pull_one(
    store: Store,
    client: MlflowClient,
    remote: Remote,
    run: MlflowRun,
    experiments: dict[str, str],
    pulled: dict[str, str | None],
    report: PullReport,
    record: Future[bytes] | None,
) -> None:
    marker = _marker(run)
    remote_id = run.info.run_id
    if pulled.get(remote_id) == marker:
        report.unchanged += 1
        return
    ours = run.data.tags.get(RUN_ID_TAG)
    if ours and remote_id not in pulled and _made_here(store, ours):
        report.own += 1
        return
    detail = None if record is None else _from_record(store, client, run, record)
    if detail is None:
        detail = _from_mlflow(client, run, experiments.get(str(run.info.experiment_id), "default"))
    origin = RunOrigin(remote.name, remote.url, remote_id, run.data.tags.get("mlflow.user"))
    written = store.write_pulled_run(
        detail, origin, experiment_id=str(run.info.experiment_id), marker=marker
    )
    if not written:
        report.own += 1
    elif remote_id in pulled:
        report.updated.append(detail.run.id)
    else:
        report.new.append(detail.run.id)
