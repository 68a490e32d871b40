"""Sharing runs with a team through an MLflow tracking server: remotes, push, pull, the outbox.

- `remotes`: remote names and ``mlflow:`` URLs, MLflow's client, the health check.
- `mirror`: one run pushed as one MLflow run, incrementally and idempotently.
- `record_codec`: a run's whole record as ``mlops_lab/record.json``, and its notebook.
- `outbox`: draining queued runs now or in a background thread, with back-off.
- `pull`: runs of the remote imported as read-only runs with their origin.

Only these modules import mlflow, and only when a remote is used.
"""

from __future__ import annotations

from .outbox import Drainer, SyncReport, drain, push_runs, store_remote
from .pull import PullReport, pull
from .remotes import Remote, check_remote_name, parse_remote_url

__all__ = [
    "Drainer",
    "PullReport",
    "Remote",
    "SyncReport",
    "check_remote_name",
    "drain",
    "parse_remote_url",
    "pull",
    "push_runs",
    "store_remote",
]
