"""The store's reads of runs: one run, its whole record, a page, the names runs use.

A mixin of `Store` (the façade), kept apart so the façade stays readable.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..records import Experiment, Run, RunDetail, RunKeys, RunPage, RunQuery
from ._database import Database
from ._run_listing import list_experiments, list_runs, run_keys
from ._run_sql import fetch_run, resolve_run
from .objects import ObjectStore
from .stat_cache import StoreStatCache

TYPE_CHECKING = False  # typing's import (2 ms) only for the type checker
if TYPE_CHECKING:
    from ..compare.comparison import Comparison

__all__ = ["RunReads"]


class RunReads:
    """Reading runs, each read one transaction."""

    objects: ObjectStore
    _db: Database

    def resolve_run_id(self, run_id: str) -> str:
        """The full id of the one run whose id is ``run_id`` or starts with it."""
        with self._db.read() as conn:
            return resolve_run(conn, run_id)

    def get_run(self, run_id: str) -> Run:
        with self._db.read() as conn:
            return fetch_run(conn, run_id)

    def compare_runs(self, run_ids: Sequence[str]) -> Comparison:
        """The diff of runs against the first (see `mlops_lab.core.compare`)."""
        # Imported here: the comparison and its wire format are a tenth of a
        # second of imports that a command or kernel not comparing never needs.
        from ..compare.comparison import check_run_count, compare_runs
        from ._run_detail import read_run_detail

        check_run_count(len(run_ids))
        with self._db.read() as conn:
            details = [read_run_detail(conn, self.objects, run_id) for run_id in run_ids]
        return compare_runs(details)

    def get_run_detail(self, run_id: str) -> RunDetail:
        """A run with its cells in execution order and everything captured with them."""
        from ._run_detail import read_run_detail

        with self._db.read() as conn:
            return read_run_detail(conn, self.objects, run_id)

    @property
    def database(self) -> Database:
        """The store's database, for core subpackages that keep tables of their own."""
        return self._db

    @property
    def stat_cache(self) -> StoreStatCache:
        """File fingerprints by (path, size, mtime, inode), shared by every kernel."""
        return StoreStatCache(self._db)

    def list_runs(self, query: RunQuery | None = None) -> RunPage:
        """One page of runs matching ``query``, with the total that match."""
        with self._db.read() as conn:
            return list_runs(conn, query or RunQuery())

    def run_keys(self, query: RunQuery | None = None) -> RunKeys:
        """The param, metric and tag names the runs matching ``query`` use."""
        with self._db.read() as conn:
            return run_keys(conn, query or RunQuery())

    def list_experiments(self) -> tuple[Experiment, ...]:
        with self._db.read() as conn:
            return list_experiments(conn)
