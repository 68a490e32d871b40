"""Artifacts uploaded to a remote run on a few threads, while the run's other requests go on.

The artifact proxy takes one file per request, so a run's small files
(``run.json``, ``record.json``, the notebook, the lock) go in parallel. Each
upload is a `Future` of the ``(path, key)`` it sent, or None when the remote
already held that content; the caller records what was sent, on its own thread.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from ..store.confined import write_confined

if TYPE_CHECKING:
    from mlflow.store.artifact.artifact_repo import ArtifactRepository

__all__ = ["Upload", "Uploads", "text_upload"]

#: Uploads at once: the server answers several, and a run rarely has more small files.
_THREADS = 4

#: What one upload sent: its path and content key; None when the remote had it.
Upload = tuple[str, str] | None


def text_upload(text: Callable[[], str]) -> Callable[[], tuple[bytes, str]]:
    """Content made on the upload's thread, keyed by its SHA-256."""

    def produce() -> tuple[bytes, str]:
        data = text().encode()
        return data, hashlib.sha256(data).hexdigest()

    return produce


def _put(
    repo: ArtifactRepository,
    path: str,
    produce: Callable[[], tuple[bytes, str]],
    held: str | None,
) -> Upload:
    data, key = produce()
    if key == held:
        return None
    folder, _, name = path.rpartition("/")
    with tempfile.TemporaryDirectory(prefix="mlops-lab-push-") as temp:
        local = write_confined(Path(temp), name, data)
        repo.log_artifact(str(local), folder or None)  # type: ignore[no-untyped-call]
    return path, key


class Uploads:
    """A few upload threads and the artifact repositories of remote runs, for one drain."""

    def __init__(self, tracking_uri: str) -> None:
        self._tracking_uri = tracking_uri
        self._repos: dict[str, ArtifactRepository] = {}
        self._pool: ThreadPoolExecutor | None = None

    def submit(
        self,
        artifact_uri: str,
        held: Mapping[str, str],
        uploads: list[tuple[str, Callable[[], tuple[bytes, str]]]],
    ) -> list[Future[Upload]]:
        """Start uploading each ``(path, produce)`` whose content ``held`` does not list."""
        from mlflow.store.artifact.artifact_repository_registry import get_artifact_repository

        if not uploads:
            return []
        repo = self._repos.get(artifact_uri)
        if repo is None:
            # From the run's artifact URI: MLflow's client would ask the server for it again.
            repo = get_artifact_repository(artifact_uri, tracking_uri=self._tracking_uri)
            self._repos[artifact_uri] = repo
        if self._pool is None:
            self._pool = ThreadPoolExecutor(_THREADS, thread_name_prefix="mlops-lab-upload")
        return [
            self._pool.submit(_put, repo, path, produce, held.get(path))
            for path, produce in uploads
        ]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        self._repos.clear()
