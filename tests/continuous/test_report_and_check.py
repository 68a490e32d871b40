"""``mlops-lab report`` and ``check`` between two tracked runs that differ in one param."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import cli, write_metrics_notebook

from mlops_lab.core import Store
from mlops_lab.core.continuous import MARKDOWN_LIMIT


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The project's store, and the runs of lr = 0.1 (base) and lr = 0.5 (candidate)."""
    project = tmp_path_factory.mktemp("report")
    store = project / ".mlops-lab"
    Store.open(store).close()
    notebook = write_metrics_notebook(project / "train.ipynb")
    ids = []
    for lr in ("0.1", "0.5"):
        tracked = cli("track", str(notebook), "-p", "lr", lr, "--store", str(store))
        assert tracked.code == 0, tracked.err
        ids.append(tracked.out.strip())
    return store, ids[0], ids[1]


def test_markdown_names_the_param_the_metric_deltas_and_the_changed_cell(
    runs: tuple[Path, str, str], tmp_path: Path
) -> None:
    store, base, candidate = runs
    target = tmp_path / "report.md"
    done = cli("report", base, candidate, "-o", str(target), "--store", str(store))
    assert done.code == 0, done.err
    text = target.read_text(encoding="utf-8")
    assert len(text) < MARKDOWN_LIMIT
    assert "| lr (changed) | 0.1 | 0.5 |" in text
    assert "| acc | 0.5 | 1 | +0.5 | +100.00% | ⬆️ better |" in text
    assert "| loss | 2.5 | 0.5 | -2 | -80.00% | ⬆️ better |" in text
    assert "cell <code>injected-parameters</code> (changed" in text
    assert "-lr = 0.1" in text
    assert "+lr = 0.5" in text
    # The stepped metric is charted beside the report.
    assert "![loss](report-charts/loss.svg)" in text
    assert (tmp_path / "report-charts" / "loss.svg").read_text().startswith("<svg")


def test_html_embeds_its_charts_and_json_validates(
    runs: tuple[Path, str, str], check_schema: object
) -> None:
    store, base, candidate = runs
    html = cli("report", base, candidate, "--format", "html", "--store", str(store))
    assert html.code == 0
    assert "<svg" in html.out
    assert "injected-parameters" in html.out
    done = cli("report", base, candidate, "--format", "json", "--store", str(store))
    document = json.loads(done.out)
    check_schema(document, "ContinuousReport")  # type: ignore[operator]
    assert {m["key"] for m in document["metrics"]} == {"acc", "loss", "duration"}


def test_a_lower_is_better_override_flips_the_arrow(runs: tuple[Path, str, str]) -> None:
    store, base, candidate = runs
    done = cli("report", base, candidate, "--lower-is-better", "acc", "--store", str(store))
    assert "| acc | 0.5 | 1 | +0.5 | +100.00% | ⬇️ worse |" in done.out


def test_check_passes_fails_naming_the_metric_and_refuses_malformed(
    runs: tuple[Path, str, str], check_schema: object
) -> None:
    store, base, candidate = runs
    at = ("--store", str(store))
    ok = cli("check", candidate, "--against", base, "--require", "acc >= base", "loss < 1", *at)
    assert ok.code == 0, ok.err
    failed = cli("check", candidate, "--against", base, "--require", "acc >= base + 1", *at)
    assert failed.code == 1
    assert "acc >= base + 1: acc = 1, required >= 1.5 (base 0.5)" in failed.err
    as_json = cli("check", candidate, "--against", base, "--require", "acc >= base + 1",
                  "--json", *at)  # fmt: skip
    document = json.loads(as_json.out)
    check_schema(document, "GateResult")  # type: ignore[operator]
    assert document["passed"] is False
    assert document["requirements"][0]["metric"] == "acc"
    malformed = cli("check", candidate, "--require", "acc >= os.system('x')", *at)
    assert malformed.code == 2
    assert "Malformed requirement \"acc >= os.system('x')\"" in malformed.err
    no_base = cli("check", candidate, "--require", "acc >= base", *at)
    assert no_base.code == 2
    assert "--against" in no_base.err
