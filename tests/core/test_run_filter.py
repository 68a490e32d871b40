"""The runs list's filter language, sorting by metric or param, names in use, and edits."""

from __future__ import annotations

import pytest

from mlops_lab.core import InvalidInputError, Run, RunQuery, Store, ValueSort
from mlops_lab.core.records import RunSortKey
from mlops_lab.core.store.run_filter import Comparison, TextMatch, parse_filter


def _names(store: Store, **query: object) -> list[str]:
    page = store.list_runs(RunQuery(limit=100, **query))  # type: ignore[arg-type]
    return [run.name for run in page.runs]


def test_terms_parse_into_comparisons_and_text() -> None:
    assert parse_filter('loss<0.2 params.model=tree "run 3" tags.seed!=4') == (
        Comparison(None, "loss", "<", 0.2, "0.2"),
        Comparison("params", "model", "=", "tree", "tree"),
        TextMatch("run 3"),
        Comparison("tags", "seed", "!=", 4, "4"),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("acc>", "needs a value after '>'"),
        ("acc>>", "Filter term 'acc>>' has two operators; use one"),
        ("lr=<0.1", "Filter term 'lr=<0.1' has two operators"),
        (">0.5", "needs a metric or param name"),
        ("metrics.>1", "lacks a name after 'metrics'"),
        ('"unclosed', "unclosed quote"),
        ("lr>none", "none can only be compared with = or !="),
        ("lr=[1,2]", "list or object"),
    ],
)
def test_a_malformed_filter_says_which_term_and_why(
    store: Store, seeded: list[Run], text: str, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message.replace("[", r"\[")):
        store.list_runs(RunQuery(filter=text))


def test_a_bare_name_is_a_metric_last_value(store: Store, seeded: list[Run]) -> None:
    # loss at the last step is 1 / (i + 3): above 0.15 for i <= 3
    assert _names(store, filter="loss>0.15") == ["run-003", "run-002", "run-001", "run-000"]


def test_a_bare_name_falls_back_to_a_param(store: Store, seeded: list[Run]) -> None:
    assert _names(store, filter="model=tree lr>=1.0") == ["run-011", "run-009"]


def test_prefixed_names_and_tags(store: Store, seeded: list[Run]) -> None:
    assert _names(store, filter="params.model=linear tags.seed=4") == ["run-004"]
    assert _names(store, filter="metrics.model=tree") == []


def test_none_matches_the_runs_without_the_value_tags_included(
    store: Store, seeded: list[Run]
) -> None:
    store.set_tags(seeded[0].id, {"stage": "prod"})
    store.set_tags(seeded[1].id, {"stage": "none-yet"})
    assert _names(store, filter="tags.stage!=none") == ["run-001", "run-000"]
    untagged = _names(store, filter="tags.stage=none")
    assert len(untagged) == 10
    assert "run-000" not in untagged
    assert store.list_runs(RunQuery(filter="tags.stage=none")).total == 10


def test_text_matches_name_notebook_and_tag_values(store: Store, seeded: list[Run]) -> None:
    assert _names(store, filter="RUN-01") == ["run-011", "run-010"]
    assert len(_names(store, filter="eda/")) == 6
    assert _names(store, filter="run-00 %") == []  # % is a character, not a wildcard


def test_filter_combines_with_the_other_criteria_and_counts_the_total(
    store: Store, seeded: list[Run]
) -> None:
    # loss < 0.1 holds for runs 8 to 11; train.ipynb holds the even ones
    page = store.list_runs(RunQuery(notebook="train.ipynb", filter="loss<0.1", limit=1))
    assert page.total == 2
    assert [r.name for r in page.runs] == ["run-010"]


def test_sort_by_a_metric_puts_runs_without_it_last(store: Store, seeded: list[Run]) -> None:
    extra = store.start_run(notebook="train.ipynb", name="no-metrics")
    store.end_run(extra.id, status="finished")
    ascending = _names(store, sort=ValueSort("metrics", "loss"), descending=False)
    assert ascending[:3] == ["run-011", "run-010", "run-009"]
    assert ascending[-1] == "no-metrics"
    descending = _names(store, sort=ValueSort("metrics", "loss"))
    assert descending[0] == "run-000"
    assert descending[-1] == "no-metrics"


def test_sort_by_a_param(store: Store, seeded: list[Run]) -> None:
    assert _names(store, sort=ValueSort("params", "lr"))[:2] == ["run-011", "run-010"]


def test_sort_keys_parse_from_text() -> None:
    assert ValueSort.parse("metrics.acc") == ValueSort("metrics", "acc")
    assert ValueSort.parse("name") is RunSortKey.NAME
    with pytest.raises(InvalidInputError, match=r"metrics\.NAME or params\.NAME"):
        ValueSort.parse("accuracy")


def test_run_keys_lists_the_names_the_selected_runs_use(store: Store, seeded: list[Run]) -> None:
    other = store.start_run(notebook="other.ipynb")
    store.log_params(other.id, {"batch": 32})
    keys = store.run_keys(RunQuery(notebook="train.ipynb"))
    assert (keys.params, keys.metrics, keys.tags) == (("lr", "model"), ("loss",), ("seed",))
    assert "batch" in store.run_keys().params


def test_update_run_renames_sets_and_removes_tags(store: Store, seeded: list[Run]) -> None:
    run = store.update_run(seeded[0].id[:6], name="  baseline ", tags={"team": "cv", "seed": None})
    assert run.name == "baseline"
    assert dict(run.tags) == {"team": "cv"}
    assert store.get_run(run.id).tags == {"team": "cv"}


def test_update_run_refuses_an_empty_name_and_changes_nothing(
    store: Store, seeded: list[Run]
) -> None:
    with pytest.raises(InvalidInputError, match="cannot be empty"):
        store.update_run(seeded[0].id, name=" ", tags={"x": "y"})
    assert store.get_run(seeded[0].id).tags == {"seed": "0"}
