"""A report of runs that differ a lot still fits a pull-request comment."""

from __future__ import annotations

from datetime import datetime, timezone

from mlops_lab.core import Store
from mlops_lab.core.continuous import MARKDOWN_LIMIT, build_report, render_markdown


def big_run(store: Store, variant: int) -> str:
    run = store.start_run(notebook="big.ipynb")
    now = datetime.now(timezone.utc)
    for cell in range(40):
        code = "\n".join(f"x_{cell}_{line} = {line * variant}" for line in range(2000))
        store.record_cell(run.id, code=code, started_at=now, duration=0.1, cell_id=f"c{cell}")
    store.log_params(run.id, {f"p{i}": i * variant for i in range(200)})
    store.log_metrics(run.id, {f"m{i}": float(i * variant) for i in range(100)})
    store.end_run(run.id)
    return run.id


def test_a_huge_difference_is_cut_to_fit_with_counts(store: Store) -> None:
    comparison = store.compare_runs([big_run(store, 1), big_run(store, 2)])
    rendered = render_markdown(build_report(comparison), charts_folder=None)
    assert len(rendered.text) <= MARKDOWN_LIMIT
    assert "_... and 20 more cells_" in rendered.text
    assert "_... and 159 more entries_" in rendered.text
    assert "more lines" in rendered.text
