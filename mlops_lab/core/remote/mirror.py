"""Pushing runs to an MLflow tracking server: one MLflow run mirrors each, incrementally.

What the remote holds of each run (its MLflow run id, the params, tags, metric
watermarks, datasets and artifacts sent) is kept in the store after every
request the server accepted, so a push that fails half-way resumes where it
stopped: a retry never creates a second run, metric point or artifact. A
creation is noted before it is asked for: when its answer was lost, the next
push finds the MLflow run by its ``mlops_lab.run_id`` tag instead of creating one.

Few requests per run: the tags go with ``create_run``, params ride in the last
``log_batch`` of metric points (MLflow's limits per request), and the artifacts
upload on a few threads while the points are sent.
"""

from __future__ import annotations

import getpass
import json
import re
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..frozen import frozen
from ..json_format import run_detail_to_json
from ..records import RunDetail, RunStatus
from ..store.objects import ObjectStore
from ..store.store import Store
from .batches import log_requests, new_points, send_batch
from .record_codec import detail_to_record, notebook_of
from .remotes import Remote, mlflow_experiment
from .uploads import Upload, Uploads, text_upload

if TYPE_CHECKING:
    from mlflow import MlflowClient

__all__ = [
    "MAX_PARAM_LENGTH",
    "RUN_ID_TAG",
    "Pusher",
]

# MLflow's limits (mlflow.utils.validation) of a value.
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


@frozen
class PushedRun:
    """What one push sent: the MLflow run, and how many new points, params, artifacts."""

    run_id: str
    remote_run_id: str
    created: bool
    metric_points: int
    params: int
    artifacts: int


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


def _stored(objects: ObjectStore, object_id: str) -> tuple[bytes, str]:
    return objects.get(object_id), object_id


class _Push:
    """One push of one run; ``sent`` is saved after each accepted request."""

    def __init__(self, pusher: Pusher, detail: RunDetail) -> None:
        self.pusher, self.store, self.client = pusher, pusher.store, pusher.client
        self.detail = detail
        self.created = False
        self.counts = {"metrics": 0, "params": 0, "artifacts": 0}
        mirror = self.store.mirror(pusher.remote.name, detail.run.id)
        self.remote_run_id = "" if mirror is None else mirror.remote_run_id
        self.sent: dict[str, Any] = {} if mirror is None else mirror.sent

    def save(self) -> None:
        self.store.save_mirror(
            self.pusher.remote.name, self.detail.run.id, self.remote_run_id, self.sent
        )

    def ensure_run(self) -> None:
        if self.remote_run_id:
            return
        from mlflow.entities import ViewType

        run = self.detail.run
        experiment = self.pusher.experiment_id(run.experiment)
        found: list[Any] = []
        # Only a creation left unanswered (or the server known by another name) may have
        # made the run already: otherwise this store would hold its id.
        if self.sent.get("creating") or self.pusher.shared_server:
            found = self.client.search_runs(
                [experiment],
                filter_string=f"tags.`{RUN_ID_TAG}` = '{run.id}'",
                run_view_type=ViewType.ALL,
                max_results=1,
            )
        if found:
            self.remote_run_id = found[0].info.run_id
            # what else the lost creation set is not known: the tags are set again
            tags = {RUN_ID_TAG: run.id}
            artifact_uri = found[0].info.artifact_uri
        else:
            self.sent = {"creating": True}
            self.save()
            tags = _tags(self.detail)
            created = self.client.create_run(
                experiment,
                start_time=int(run.started_at.timestamp() * 1000),
                tags=tags,
                run_name=run.name,
            )
            self.remote_run_id = created.info.run_id
            artifact_uri = created.info.artifact_uri
            self.created = True
        self.sent = {"name": run.name, "tags": tags, "artifact_uri": artifact_uri}
        self.save()

    def new_params(self) -> tuple[list[Any], dict[str, str]]:
        """Params the remote lacks, and those too long for a param (sent as an artifact)."""
        from mlflow.entities import Param

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
        return params, long_params

    def log(self, params: list[Any]) -> None:
        """Metric points, params and tags the remote lacks, in ``log_batch`` requests."""
        from mlflow.entities import RunTag

        sent_params: dict[str, str] = self.sent.setdefault("params", {})
        sent_tags: dict[str, str] = self.sent.setdefault("tags", {})
        marks: dict[str, list[Any]] = self.sent.setdefault("metrics", {})
        tags = [
            RunTag(key, value)
            for key, value in _tags(self.detail).items()
            if sent_tags.get(key) != value
        ]
        for points, batch_params, batch_tags in log_requests(
            new_points(self.detail, marks, _KEY), params, tags
        ):
            send_batch(self.pusher.host_creds, self.remote_run_id, points, batch_params, batch_tags)
            for key, logged_at, step, _value, seq in points:
                marks[key] = [logged_at, step, seq]
            sent_params.update({p.key: p.value for p in batch_params})
            sent_tags.update({t.key: t.value for t in batch_tags})
            self.counts["metrics"] += len(points)
            self.counts["params"] += len(batch_params)
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

    def start_uploads(self, long_params: dict[str, str]) -> list[Future[Upload]]:
        """Upload what the remote lacks of the artifacts, on the upload threads.

        The JSON documents are made there too (compact: the C encoder, and MLflow's
        viewer indents JSON itself); stored objects are keyed by their id.
        """
        detail, objects = self.detail, self.store.objects
        held: dict[str, str] = self.sent.setdefault("artifacts", {})
        text: list[tuple[str, Callable[[], str]]] = [
            (RUN_ARTIFACT, lambda: json.dumps(run_detail_to_json(detail))),
            (RECORD_ARTIFACT, lambda: json.dumps(detail_to_record(detail))),
            (_notebook_artifact(detail), lambda: notebook_of(detail)),
        ]
        if long_params:
            text.append((LONG_PARAMS_ARTIFACT, lambda: json.dumps(long_params, indent=1)))
        if detail.requirements:
            text.append(("requirements.txt", lambda: detail.requirements or ""))
        diff = (detail.git or {}).get("diff")
        if isinstance(diff, str) and diff:
            text.append(("mlops_lab/git.diff", lambda: diff))
        stored = [(f"artifacts/{a.name}", a.object_id) for a in detail.artifacts]
        manifest, object_ids = self.store.checkpoint_manifest(detail.run.id)
        # content-addressed: one upload per stored value, whichever checkpoints share it
        stored.extend((f"mlops_lab/objects/{object_id}", object_id) for object_id in object_ids)
        if manifest:
            text.append(("mlops_lab/checkpoints.json", lambda: json.dumps(manifest, indent=1)))
        uploads = [(path, text_upload(make)) for path, make in text]
        uploads.extend(
            (path, partial(_stored, objects, object_id))
            for path, object_id in stored
            if held.get(path) != object_id
        )
        if not uploads:
            return []
        if not self.sent.get("artifact_uri"):  # a mirror kept before the URI was
            self.sent["artifact_uri"] = self.client.get_run(self.remote_run_id).info.artifact_uri
        return self.pusher.uploads.submit(self.sent["artifact_uri"], held, uploads)

    def finish_uploads(self, futures: list[Future[Upload]]) -> BaseException | None:
        """Wait for the uploads and keep what they sent; the first failure, if any."""
        held: dict[str, str] = self.sent.setdefault("artifacts", {})
        failure: BaseException | None = None
        for future in futures:
            try:
                done = future.result()
            except Exception as error:
                failure = failure or error
                continue
            if done is not None:
                held[done[0]] = done[1]
                self.counts["artifacts"] += 1
        if futures:
            self.save()
        return failure

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


class Pusher:
    """Pushes runs of ``store`` to ``remote``: one per drain, closed after it.

    It keeps the experiment ids it found and a few upload threads across runs.
    ``shared_server``: another remote of the store names the same server, whose
    runs may mirror ours without this remote's record of it.
    """

    def __init__(self, store: Store, remote: Remote, client: MlflowClient) -> None:
        self.store, self.remote, self.client = store, remote, client
        from mlflow.utils.credentials import get_default_host_creds

        self.uploads = Uploads(remote.tracking_uri)
        # what MLflow's client uses: its credential variables, read once per drain
        self.host_creds = get_default_host_creds(remote.tracking_uri)  # type: ignore[no-untyped-call]
        self._experiments: dict[str, str] = {}
        self.shared_server = any(
            r.url == remote.url and r.name != remote.name for r in store.remotes()
        )

    def experiment_id(self, name: str) -> str:
        if name not in self._experiments:
            self._experiments[name] = mlflow_experiment(self.client, name)
        return self._experiments[name]

    def push(self, run_id: str) -> PushedRun:
        """Send what the remote lacks of one run; the MLflow run is created on the first push.

        The run's status is set last, so an MLflow run marked finished holds everything.
        """
        push = _Push(self, self.store.get_run_detail(run_id))
        uploads: list[Future[Upload]] = []
        try:
            push.ensure_run()
            params, long_params = push.new_params()
            uploads = push.start_uploads(long_params)
            push.log(params)
            push.datasets()
        except BaseException:
            push.finish_uploads(uploads)  # keep what did go
            self._experiments.clear()  # the experiment may be what went away
            raise
        failure = push.finish_uploads(uploads)
        if failure is not None:
            raise failure
        push.finish()
        return PushedRun(
            run_id=push.detail.run.id,
            remote_run_id=push.remote_run_id,
            created=push.created,
            metric_points=push.counts["metrics"],
            params=push.counts["params"],
            artifacts=push.counts["artifacts"],
        )

    def close(self) -> None:
        self.uploads.close()

    def __enter__(self) -> Pusher:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
