"""Talking to an MLflow tracking server: reachability, paging, quiet downloads, times.

Shared by everything that calls an MLflow server through its client (the MLflow
registry backend, team remotes), so each failure reads the same and nothing hangs.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

from ..capture.redaction import strip_url_credentials
from ..errors import StoreError

__all__ = ["check_reachable", "from_millis", "pages", "quiet_downloads", "shown_uri"]

#: How long a tracking server may take to answer /health before a push gives up.
_HEALTH_TIMEOUT = 5.0


def check_reachable(uri: str) -> None:
    """Fail fast with a clear message when an HTTP tracking server does not answer.

    The MLflow client retries for minutes before it gives up; a push must not hang.
    """
    if not uri.startswith(("http://", "https://")):
        return
    try:
        with urllib.request.urlopen(uri.rstrip("/") + "/health", timeout=_HEALTH_TIMEOUT):
            return
    except urllib.error.HTTPError:
        return  # it answered: a proxy or an auth layer may guard /health
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise StoreError(
            f"Cannot reach the MLflow server at {shown_uri(uri)} ({reason}); start it "
            "(mlflow server --host 127.0.0.1 --port PORT) or fix --registry / MLFLOW_TRACKING_URI."
        ) from None


def shown_uri(uri: str) -> str:
    return strip_url_credentials(uri)


def from_millis(milliseconds: int | None) -> datetime:
    return datetime.fromtimestamp((milliseconds or 0) / 1000, tz=timezone.utc)


def pages(search: Any, filter_string: str | None = None) -> Iterator[Any]:
    token = None
    while True:
        page = search(filter_string=filter_string, page_token=token)
        yield from page
        token = page.token
        if not token:
            return


@contextmanager
def quiet_downloads() -> Iterator[None]:
    """No download progress bars in a notebook or a terminal for a one-file download."""
    from mlflow.environment_variables import MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR

    name = MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR.name
    saved = os.environ.get(name)
    os.environ[name] = "false"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = saved
