"""Several processes write one store at once and nothing is lost or refused."""

from __future__ import annotations

import multiprocessing
from datetime import datetime, timezone
from pathlib import Path

from mlops_lab.core import Store

WRITERS = 4
CELLS_EACH = 500


def _write_cells(path: str, writer: int, start: multiprocessing.synchronize.Event) -> str:
    with Store.open(path) as store:
        run = store.start_run(experiment="concurrency", name=f"writer-{writer}")
        start.wait()  # all writers hammer the database at the same moment
        for i in range(CELLS_EACH):
            store.record_cell(
                run.id,
                code=f"# writer {writer}\nvalue = {i}",
                started_at=datetime.now(timezone.utc),
                duration=0.0,
                execution_count=i + 1,
            )
            if i % 50 == 0:
                store.log_metric(run.id, "progress", i)
        store.end_run(run.id)
        return run.id


def test_four_processes_write_2000_cells_without_loss_or_lock_errors(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    Store.open(store_path).close()
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Event()
        with context.Pool(WRITERS) as pool:
            pending = [
                pool.apply_async(_write_cells, (str(store_path), w, start)) for w in range(WRITERS)
            ]
            start.set()
            # .get() re-raises any error a writer met, "database is locked" included
            run_ids = [p.get(timeout=300) for p in pending]
    with Store.open(store_path) as store:
        total = 0
        for run_id in run_ids:
            detail = store.get_run_detail(run_id)
            assert [c.seq for c in detail.cells] == list(range(1, CELLS_EACH + 1))
            assert [c.execution_count for c in detail.cells] == list(range(1, CELLS_EACH + 1))
            assert detail.run.status.value == "finished"
            total += len(detail.cells)
        assert total == WRITERS * CELLS_EACH == 2000
