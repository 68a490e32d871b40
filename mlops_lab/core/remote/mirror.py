"""Pushing one run to an MLflow tracking server: one MLflow run mirrors it, incrementally.

What the remote holds of each run (its MLflow run id, the params, tags, metric
watermarks, datasets and artifacts sent) is kept in the store after every
request the server accepted, so a push that fails half-way resumes where it
stopped: a retry never creates a second run, metric point or artifact. The
MLflow run is found by its ``mlops_lab.run_id`` tag before one is created, in
case the server created it but its answer was lost.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..json_format import run_detail_to_json
from ..records import RunDetail, RunStatus
from ..store.store import Store
from .record_codec import detail_to_record, notebook_of
from .remotes import Remote

if TYPE_CHECKING:
    from mlflow import MlflowClient

__all__ = [
    "MAX_METRICS_PER_REQUEST",
    "MAX_PARAMS_PER_REQUEST",
    "MAX_PARAM_LENGTH",
    "RUN_ID_TAG",
    "mlflow_experiment",
    "push_run",
]

# MLflow's limits (mlflow.utils.validation): per log_batch request, and of a value.
MAX_METRICS_PER_REQUEST = 1000
MAX_PARAMS_PER_REQUEST = 100
MAX_TAGS_PER_REQUEST = 100
MAX_PARAM_LENGTH = 6000
_MAX_TAG_LENGTH = 8000
_MAX_DIGEST = 36
_KEY = re.compile(r"^[\w\-. /]{1,250}$")

RUN_ID_TAG = "mlops_lab.run_id"
RECORD_ARTIFACT = "mlops_lab/record.json"
RUN_ARTIFACT = "mlops_lab/run.json"
LONG_PARAMS_ARTIFACT = "mlops_lab/params.json"
_STATUS = {
    RunStatus.RUNNING: "RUNNING",
    RunStatus.FINISHED: "FINISHED",
    RunStatus.FAILED: "FAILED",
    RunStatus.KILLED: "KILLED",
}


@dataclass(frozen=True)
class PushedRun:
    """What one push sent: the MLflow run, and how many new points, params, artifacts."""

    run_id: str
    remote_run_id: str
    created: bool
    metric_points: int
    params: int
    artifacts: int


def mlflow_experiment(client: MlflowClient, name: str) -> str:
    """The id of the MLflow experiment named ``name``, created when new."""
    from mlflow.exceptions import MlflowException

    found = client.get_experiment_by_name(name)
    if found is not None:
        if found.lifecycle_stage == "deleted":
            client.restore_experiment(found.experiment_id)
        return str(found.experiment_id)
    try:
        return str(client.create_experiment(name))
    except MlflowException:  # another pusher created it meanwhile
        again = client.get_experiment_by_name(name)
        if again is None:
            raise
        return str(again.experiment_id)


def _param_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _summary(detail: RunDetail) -> str:
    run = detail.run
    metrics = ", ".join(f"{k}={v:.6g}" for k, v in list(run.metrics.items())[:10])
    return (
        f"Notebook run recorded by mlops-lab: {len(detail.cells)} cells, "
        f"{len(run.params)} params, {len(detail.metric_history)} metrics"
        + (f" ({metrics})" if metrics else "")
        + f". Its whole record: {RUN_ARTIFACT}; the notebook as it ran: "
        + f"{_notebook_artifact(detail)}; the environment lock: requirements.txt."
    )


def _notebook_artifact(detail: RunDetail) -> str:
    stem = Path(detail.run.notebook).stem if detail.run.notebook else "run"
    return f"notebook/{stem}.ipynb"


def _tags(detail: RunDetail) -> dict[str, str]:
    run = detail.run
    git = detail.git or {}
    host = detail.host or {}
    tags = {key: value for key, value in run.tags.items() if _KEY.match(key)}
    tags[RUN_ID_TAG] = run.id
    tags["mlflow.user"] = str(host.get("user") or getpass.getuser())
    tags["mlflow.note.content"] = _summary(detail)
    if run.notebook:
        tags["mlflow.source.name"] = run.notebook
        tags["mlflow.source.type"] = "NOTEBOOK"
    if git.get("commit"):
        tags["mlflow.source.git.commit"] = str(git["commit"])
    if git.get("branch"):
        tags["mlflow.source.git.branch"] = str(git["branch"])
    return {key: value[:_MAX_TAG_LENGTH] for key, value in tags.items()}


def _metric_batches(
    detail: RunDetail, watermarks: Mapping[str, list[Any]]
) -> Iterator[list[tuple[str, float, int, float, int]]]:
    """New points ``(key, logged_at, step, value, seq)``, per key in logging order, in batches."""
    batch: list[tuple[str, float, int, float, int]] = []
    for key in sorted(detail.metric_history):
        if not _KEY.match(key):
            continue
        mark = tuple(watermarks.get(key, (float("-inf"), -1, -1)))
        points = sorted(
            (p.logged_at.timestamp(), p.step, p.seq, p.value) for p in detail.metric_history[key]
        )
        for logged_at, step, seq, value in points:
            if (logged_at, step, seq) <= mark:
                continue
            batch.append((key, logged_at, step, value, seq))
            if len(batch) == MAX_METRICS_PER_REQUEST:
                yield batch
                batch = []
    if batch:
        yield batch


class _Push:
    """One push of one run; ``sent`` is saved after each accepted request."""

    def __init__(
        self, store: Store, client: MlflowClient, remote: Remote, detail: RunDetail
    ) -> None:
        self.store, self.client, self.remote, self.detail = store, client, remote, detail
        self.created = False
        self.counts = {"metrics": 0, "params": 0, "artifacts": 0}
        mirror = store.mirror(remote.name, detail.run.id)
        self.remote_run_id = "" if mirror is None else mirror.remote_run_id
        self.sent: dict[str, Any] = {} if mirror is None else mirror.sent

    def save(self) -> None:
        self.store.save_mirror(self.remote.name, self.detail.run.id, self.remote_run_id, self.sent)

    def ensure_run(self) -> None:
        if self.remote_run_id:
            return
        from mlflow.entities import ViewType

        run = self.detail.run
        experiment = mlflow_experiment(self.client, run.experiment)
        found = self.client.search_runs(
            [experiment],
            filter_string=f"tags.`{RUN_ID_TAG}` = '{run.id}'",
            run_view_type=ViewType.ALL,
            max_results=1,
        )
        if found:
            self.remote_run_id = found[0].info.run_id
        else:
            created = self.client.create_run(
                experiment,
                start_time=int(run.started_at.timestamp() * 1000),
                tags={RUN_ID_TAG: run.id},
                run_name=run.name,
            )
            self.remote_run_id = created.info.run_id
            self.created = True
        self.sent = {"name": run.name}
        self.save()

    def params_and_tags(self) -> None:
        from mlflow.entities import Param, RunTag

        sent_params: dict[str, str] = self.sent.setdefault("params", {})
        long_params: dict[str, str] = {}
        params: list[Param] = []
        for key, value in self.detail.run.params.items():
            text = _param_text(value)
            if key in sent_params or not _KEY.match(key):
                continue  # a param is fixed once set, in MLflow as here
            if len(text) > MAX_PARAM_LENGTH:
                long_params[key] = text
                text = f"[mlops-lab: {len(text):,} characters, in {LONG_PARAMS_ARTIFACT}]"
            params.append(Param(key, text))
        if long_params:
            self.upload_text(LONG_PARAMS_ARTIFACT, json.dumps(long_params, indent=1))
        sent_tags: dict[str, str] = self.sent.setdefault("tags", {})
        tags = [
            RunTag(key, value)
            for key, value in _tags(self.detail).items()
            if sent_tags.get(key) != value
        ]
        while params or tags:
            batch_params, params = params[:MAX_PARAMS_PER_REQUEST], params[MAX_PARAMS_PER_REQUEST:]
            batch_tags, tags = tags[:MAX_TAGS_PER_REQUEST], tags[MAX_TAGS_PER_REQUEST:]
            self.client.log_batch(self.remote_run_id, params=batch_params, tags=batch_tags)
            sent_params.update({p.key: p.value for p in batch_params})
            sent_tags.update({t.key: t.value for t in batch_tags})
            self.counts["params"] += len(batch_params)
            self.save()

    def metrics(self) -> None:
        from mlflow.entities import Metric

        marks: dict[str, list[Any]] = self.sent.setdefault("metrics", {})
        for batch in _metric_batches(self.detail, marks):
            self.client.log_batch(
                self.remote_run_id,
                metrics=[
                    Metric(key, value, int(logged_at * 1000), step)
                    for key, logged_at, step, value, _seq in batch
                ],
            )
            for key, logged_at, step, _value, seq in batch:
                marks[key] = [logged_at, step, seq]
            self.counts["metrics"] += len(batch)
            self.save()

    def datasets(self) -> None:
        from mlflow.entities import Dataset, DatasetInput, InputTag

        sent: list[str] = self.sent.setdefault("datasets", [])
        inputs = []
        for access in self.detail.files:
            if access.mode.value != "read" or not access.fingerprint:
                continue
            ident = f"{access.path}@{access.fingerprint}"
            if ident in sent:
                continue
            digest = access.fingerprint.split(":")[-1][:_MAX_DIGEST]
            dataset = Dataset(
                name=Path(access.path).name[:500],
                digest=digest,
                source_type="local",
                source=json.dumps({"uri": access.path}),
            )
            tags = [
                InputTag("mlops_lab.fingerprint", access.fingerprint),
                InputTag("mlops_lab.path", access.path[:500]),
            ]
            inputs.append((ident, DatasetInput(dataset, tags)))
        if inputs:
            self.client.log_inputs(self.remote_run_id, datasets=[d for _, d in inputs])
            sent.extend(ident for ident, _ in inputs)
            self.save()

    def upload(self, path: str, data: bytes, key: str) -> None:
        """Upload ``data`` as ``path`` unless the remote already holds this content there."""
        uploaded: dict[str, str] = self.sent.setdefault("artifacts", {})
        if uploaded.get(path) == key:
            return
        folder, _, name = path.rpartition("/")
        with tempfile.TemporaryDirectory(prefix="mlops-lab-push-") as temp:
            local = Path(temp) / name
            local.write_bytes(data)
            self.client.log_artifact(self.remote_run_id, str(local), folder or None)
        uploaded[path] = key
        self.counts["artifacts"] += 1
        self.save()

    def upload_text(self, path: str, text: str) -> None:
        data = text.encode()
        self.upload(path, data, hashlib.sha256(data).hexdigest())

    def artifacts(self) -> None:
        detail = self.detail
        self.upload_text(RUN_ARTIFACT, json.dumps(run_detail_to_json(detail), indent=1))
        self.upload_text(RECORD_ARTIFACT, json.dumps(detail_to_record(detail)))
        self.upload_text(_notebook_artifact(detail), notebook_of(detail))
        if detail.requirements:
            self.upload_text("requirements.txt", detail.requirements)
        diff = (detail.git or {}).get("diff")
        if isinstance(diff, str) and diff:
            self.upload_text("mlops_lab/git.diff", diff)
        for artifact in detail.artifacts:
            self.upload(
                f"artifacts/{artifact.name}",
                self.store.objects.get(artifact.object_id),
                artifact.object_id,
            )
        manifest, object_ids = self.store.checkpoint_manifest(detail.run.id)
        for object_id in object_ids:
            # content-addressed: one upload per stored value, whichever checkpoints share it
            self.upload(
                f"mlops_lab/objects/{object_id}", self.store.objects.get(object_id), object_id
            )
        if manifest:
            self.upload_text("mlops_lab/checkpoints.json", json.dumps(manifest, indent=1))

    def finish(self) -> None:
        run = self.detail.run
        if self.sent.get("name") != run.name:
            self.client.update_run(self.remote_run_id, name=run.name)
            self.sent["name"] = run.name
            self.save()
        state = [run.status.value, None if run.ended_at is None else run.ended_at.timestamp()]
        if self.sent.get("status") == state:
            return
        if run.ended_at is None:
            self.client.update_run(self.remote_run_id, status=_STATUS[run.status])
        else:
            self.client.set_terminated(
                self.remote_run_id, _STATUS[run.status], int(run.ended_at.timestamp() * 1000)
            )
        self.sent["status"] = state
        self.save()


def push_run(store: Store, client: MlflowClient, remote: Remote, run_id: str) -> PushedRun:
    """Send what ``remote`` lacks of one run; the MLflow run is created on the first push.

    The run's status is set last, so an MLflow run marked finished holds everything.
    """
    push = _Push(store, client, remote, store.get_run_detail(run_id))
    push.ensure_run()
    push.params_and_tags()
    push.metrics()
    push.datasets()
    push.artifacts()
    push.finish()
    return PushedRun(
        run_id=push.detail.run.id,
        remote_run_id=push.remote_run_id,
        created=push.created,
        metric_points=push.counts["metrics"],
        params=push.counts["params"],
        artifacts=push.counts["artifacts"],
    )
