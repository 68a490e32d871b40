"""Remotes: their names and URLs, the MLflow client that talks to one, its experiments.

A remote URL is ``mlflow:http(s)://HOST:PORT``. Credentials are never kept:
MLflow's client reads its own environment variables (``MLFLOW_TRACKING_TOKEN``,
``MLFLOW_TRACKING_USERNAME``/``PASSWORD``) as it always does.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING

from ..capture.redaction import strip_url_credentials
from ..errors import InvalidInputError, MissingDependencyError, StoreError
from ..frozen import frozen

if TYPE_CHECKING:
    from mlflow import MlflowClient

__all__ = [
    "Remote",
    "check_remote_name",
    "mlflow_client",
    "mlflow_experiment",
    "parse_remote_url",
    "reachable",
]

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")
_SCHEME = "mlflow:"
#: Seconds the health check waits: an unreachable server must never hold a caller up.
HEALTH_TIMEOUT = 3.0


@frozen
class Remote:
    """A team's tracking server, by the name this store (or server) gives it."""

    name: str
    url: str  # mlflow:http://HOST:PORT
    auto: bool = False

    @property
    def tracking_uri(self) -> str:
        return self.url[len(_SCHEME) :]


def check_remote_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise InvalidInputError(
            f"Remote name {name!r} is not valid: use a letter then letters, digits, "
            "'.', '_' or '-' (e.g. team)."
        )
    return name


def parse_remote_url(url: str) -> str:
    """The canonical ``mlflow:http(s)://HOST[:PORT][/PATH]`` form of a remote URL.

    Raises
    ------
    InvalidInputError
        Not an ``mlflow:`` URL over http(s), or it holds credentials.
    """
    text = (url or "").strip()
    if not text.startswith(_SCHEME):
        raise InvalidInputError(
            f"Remote URL {text!r} is not supported; give an MLflow tracking server as "
            "mlflow:http://HOST:PORT."
        )
    parsed = urllib.parse.urlsplit(text[len(_SCHEME) :])
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise InvalidInputError(
            f"Remote URL {text!r} needs http:// or https:// and a host, e.g. "
            "mlflow:http://127.0.0.1:5000."
        )
    if parsed.username or parsed.password:
        raise InvalidInputError(
            f"Remote URL {strip_url_credentials(text)!r} holds credentials; they are never "
            "stored: set MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD instead."
        )
    return _SCHEME + text[len(_SCHEME) :].rstrip("/")


def mlflow_client(remote: Remote) -> MlflowClient:
    """MLflow's client for ``remote``; `MissingDependencyError` without mlflow."""
    try:
        from mlflow import MlflowClient
    except ImportError:
        raise MissingDependencyError("mlflow", "mlflow", "Sharing runs with a remote") from None
    return MlflowClient(tracking_uri=remote.tracking_uri)


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


def reachable(remote: Remote) -> None:
    """Raise `StoreError` quickly when the remote's server does not answer its health check.

    MLflow's client retries a refused connection for minutes; this asks once.
    """
    try:
        with urllib.request.urlopen(f"{remote.tracking_uri}/health", timeout=HEALTH_TIMEOUT):
            return
    except urllib.error.HTTPError as answer:
        if answer.code in (401, 403, 404):  # it answers: auth or no /health is not "down"
            return
        problem = f"HTTP {answer.code}"
    except (urllib.error.URLError, OSError) as error:
        problem = str(getattr(error, "reason", error))
    raise StoreError(
        f"Remote {remote.name!r} ({remote.url}) is unreachable: {problem}. The runs stay "
        "queued; `mlops-lab sync` pushes them when it is back."
    )
