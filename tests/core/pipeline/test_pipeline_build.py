"""A notebook's marks and code become steps, edges, parameters, metrics and problems."""

from __future__ import annotations

import pytest
from pipeline_notebooks import cell, notebook

from mlops_lab.core import InvalidInputError
from mlops_lab.core.pipeline import (
    EdgeKind,
    ParameterType,
    Pipeline,
    ProblemKind,
    StepInput,
    pipeline_from_dict,
    pipeline_from_notebook,
    pipeline_to_dict,
    read_yaml,
    write_yaml,
)


def build(*cells: dict[str, object]) -> Pipeline:
    return pipeline_from_notebook(notebook(*cells), name="nb", path="nb.ipynb")


def test_no_marks_is_one_step() -> None:
    pipeline = build(cell("import math"), cell("x = math.pi"), cell("y = x * 2"))
    assert [s.name for s in pipeline.steps] == ["main"]
    assert len(pipeline.steps[0].cells) == 3
    assert pipeline.problems == ()


def test_step_tags_untagged_cells_join_the_step_above() -> None:
    pipeline = build(
        cell("import pandas as pd", "imports"),
        cell("rows = 10\nseed = 1", "parameters"),
        cell("df = pd.DataFrame({'a': range(rows)})", "step:load"),
        cell("df['b'] = df['a'] * 2"),
        cell("total = df['b'].sum() + seed", "step:train"),
        cell("print(total)", "pipeline-metrics"),
    )
    assert pipeline.problems == ()
    load, train = pipeline.steps
    assert [c.index for c in load.cells] == [3, 4]
    assert load.inputs == (StepInput("rows"),)
    assert load.outputs == ("df",)
    assert set(train.inputs) == {StepInput("df", "load"), StepInput("seed")}
    assert train.outputs == ("total",)
    assert [(m.name, m.step) for m in pipeline.metrics] == [("total", "train")]
    (edge,) = pipeline.edges
    assert (edge.upstream, edge.downstream, edge.kind) == ("load", "train", EdgeKind.DATA)
    assert edge.explanation == "train reads `df` defined by load"
    assert [(p.name, p.type, p.default) for p in pipeline.parameters] == [
        ("rows", ParameterType.INT, 10),
        ("seed", ParameterType.INT, 1),
    ]
    assert pipeline.shared_code == "import pandas as pd"


def test_kale_tags() -> None:
    pipeline = build(
        cell("import random", "imports"),
        cell("def double(v):\n    return 2 * v", "functions"),
        cell("n = 3", "pipeline-parameters"),
        cell("data = list(range(n))", "block:load"),
        cell("print('debugging')", "skip"),
        cell("doubled = [double(v) for v in data]", "block:transform", "prev:load"),
        cell("score = sum(doubled)", "block:score", "prev:transform"),
        cell("print(score)", "pipeline-metrics"),
    )
    assert pipeline.problems == ()
    assert [s.name for s in pipeline.steps] == ["load", "transform", "score"]
    assert all("debugging" not in s.code for s in pipeline.steps)
    assert [(e.upstream, e.downstream) for e in pipeline.edges] == [
        ("load", "transform"),
        ("transform", "score"),
    ]
    assert pipeline.upstream("score") == ("transform",)


def test_explicit_prev_adds_an_order_edge_with_its_reason() -> None:
    pipeline = build(
        cell("a = 1", "step:first"),
        cell("b = 2", "step:second", "prev:first"),
    )
    (edge,) = pipeline.edges
    assert edge.kind is EdgeKind.ORDER
    assert edge.explanation.startswith("second runs after first: prev:first on cell 2")


def test_magic_marks_steps() -> None:
    pipeline = build(
        cell("%%mlops step load\nx = 1"),
        cell("%%mlops step other\ny = 2"),
        cell("%%mlops step use --after load,other\nz = y"),
    )
    assert pipeline.problems == ()
    use = pipeline.step("use")
    assert use.after == ("load", "other")
    assert pipeline.upstream("use") == ("load", "other")


def test_modules_imported_in_a_step_are_imported_again_where_used() -> None:
    pipeline = build(
        cell("import json\nraw = '[1]'", "step:load"),
        cell("data = json.loads(raw)", "step:parse"),
    )
    parse = pipeline.step("parse")
    assert parse.imports == ("import json",)
    assert parse.inputs == (StepInput("raw", "load"),)


def test_leading_unmarked_definitions_are_shared() -> None:
    pipeline = build(cell("import os"), cell("p = os.sep", "step:one"))
    assert pipeline.shared_code == "import os"
    assert [s.name for s in pipeline.steps] == ["one"]


def test_the_last_step_that_changes_a_variable_provides_it() -> None:
    pipeline = build(
        cell("x = [1]", "step:a"),
        cell("x.append(2)\nx[0] = 0", "step:b"),
        cell("y = x", "step:c"),
    )
    assert pipeline.step("b").inputs == (StepInput("x", "a"),)
    assert pipeline.step("c").inputs == (StepInput("x", "b"),)


# -- validation problems, each naming the cell and the variable ---------------------


def problem(pipeline: Pipeline, kind: ProblemKind) -> str:
    found = [p for p in pipeline.problems if p.kind is kind]
    assert found, pipeline.problems
    return found[0].message


def test_cycle() -> None:
    pipeline = build(
        cell("a = 1", "step:first", "prev:third", cell_id="first-cell"),
        cell("b = a", "step:second"),
        cell("c = b", "step:third"),
    )
    message = problem(pipeline, ProblemKind.CYCLE)
    assert message == (
        "steps first -> second -> third -> first form a cycle: first runs after third: "
        "prev:third on cell 1 (id 'first-cell'); remove that mark from cell 1 (id 'first-cell') "
        "or reorder the cells."
    )
    assert pipeline.problems[0].cell_id == "first-cell"
    with pytest.raises(InvalidInputError, match="cannot become a pipeline"):
        pipeline.check()


def test_variable_read_before_any_step_defines_it() -> None:
    pipeline = build(
        cell("y = x + 1", "step:early", cell_id="early-cell"),
        cell("x = 1", "step:late"),
    )
    assert problem(pipeline, ProblemKind.UNDEFINED_VARIABLE) == (
        "cell 1 (id 'early-cell') (step 'early') reads `x` before any step defines it; "
        "step 'late' defines it later: move that cell above, or assign it in the parameters cell."
    )
    (found,) = pipeline.problems
    assert (found.variable, found.cell_id, found.step) == ("x", "early-cell", "early")


def test_variable_no_cell_defines() -> None:
    pipeline = build(cell("y = nowhere", "step:only", cell_id="k"))
    assert problem(pipeline, ProblemKind.UNDEFINED_VARIABLE) == (
        "cell 1 (id 'k') (step 'only') reads `nowhere` before any step defines it; "
        "define it in an earlier cell, the parameters cell or an imports cell."
    )


def test_unknown_prev_step() -> None:
    pipeline = build(cell("a = 1", "step:one"), cell("b = 2", "step:two", "prev:zero", cell_id="t"))
    assert problem(pipeline, ProblemKind.UNKNOWN_STEP) == (
        "cell 2 (id 't') says prev:zero, but no step is named 'zero'; the steps are: one, two."
    )


def test_duplicate_step_name() -> None:
    pipeline = build(
        cell("a = 1", "step:load", cell_id="l1"),
        cell("b = a", "step:train"),
        cell("c = b", "step:load", cell_id="l2"),
    )
    assert problem(pipeline, ProblemKind.DUPLICATE_STEP) == (
        "cell 3 (id 'l2') starts step 'load' again, after step 'train'; a step's cells must be "
        "together: rename one of the two steps or move the cell next to cell 1 (id 'l1')."
    )


def test_metric_no_step_defines() -> None:
    pipeline = build(cell("a = 1", "step:one"), cell("print(acc)", "pipeline-metrics", cell_id="m"))
    assert problem(pipeline, ProblemKind.UNDEFINED_VARIABLE).startswith(
        "cell 2 (id 'm') (pipeline-metrics) prints `acc`, which no step defines"
    )


def test_a_printed_parameter_is_logged_by_the_first_step_reading_it() -> None:
    pipeline = build(
        cell("lr = 0.1\nseed = 3", "pipeline-parameters"),
        cell("a = 1", "block:one"),
        cell("b = a * lr", "block:two"),
        cell("c = b * lr", "block:three"),
        cell("print(lr)\nprint(c)", "pipeline-metrics"),
    )
    assert pipeline.problems == ()
    assert [(m.name, m.step) for m in pipeline.metrics] == [("lr", "two"), ("c", "three")]
    assert pipeline.step("two").outputs == ("b",)  # a parameter is not an output


def test_a_printed_parameter_no_step_reads_is_given_to_the_first_step() -> None:
    pipeline = build(
        cell("seed = 3", "pipeline-parameters"),
        cell("a = 1", "block:one"),
        cell("b = a", "block:two"),
        cell("print(seed)", "pipeline-metrics"),
    )
    assert pipeline.problems == ()
    assert [(m.name, m.step) for m in pipeline.metrics] == [("seed", "one")]
    assert pipeline.step("one").inputs == (StepInput("seed"),)
    assert pipeline.step("two").inputs == (StepInput("a", "one"),)


def test_a_printed_parameter_that_is_not_a_number() -> None:
    pipeline = build(
        cell("model = 'tree'", "pipeline-parameters"),
        cell("a = model", "block:one"),
        cell("print(model)", "pipeline-metrics", cell_id="m"),
    )
    assert problem(pipeline, ProblemKind.PARAMETER) == (
        "cell 3 (id 'm') (pipeline-metrics) prints parameter `model`, whose default 'tree' is "
        "a str; a metric is a number: print only int or float parameters."
    )


def test_non_literal_parameter() -> None:
    pipeline = build(cell("lr = 1e-3\nsteps = lr * 2", "parameters", cell_id="p"))
    assert problem(pipeline, ProblemKind.PARAMETER) == (
        "cell 1 (id 'p'): parameter 'steps' = 'lr * 2' is not a literal (number, string, bool, "
        "list, dict or None); compute it in a step."
    )


def test_syntax_error_names_the_cell() -> None:
    pipeline = build(cell("x = (", "step:bad", cell_id="b"))
    assert problem(pipeline, ProblemKind.SYNTAX).startswith("cell 1 (id 'b'): not Python:")


def test_bad_magic_names_the_cell() -> None:
    pipeline = build(cell("%%mlops step\nx = 1", cell_id="m"))
    assert "give one step NAME; usage: %%mlops step NAME [--after A,B]" in problem(
        pipeline, ProblemKind.SYNTAX
    )


# -- pipeline.yaml ----------------------------------------------------------------------


def test_yaml_round_trip(tmp_path: object) -> None:
    from pathlib import Path

    pipeline = build(
        cell("import os", "imports"),
        cell("n = 2\nname = 'x'\nflags = {'a': [1, 2.5]}", "parameters"),
        cell("data = list(range(n))  \n\n# note", "step:load"),
        cell("total = sum(data)\ncount = len(data)", "step:sum", "prev:load"),
        cell("print(total)", "pipeline-metrics"),
    )
    path = Path(str(tmp_path)) / "pipeline.yaml"
    write_yaml(pipeline, path)
    text = path.read_text()
    assert "source: |-\n      total = sum(data)\n" in text
    again = read_yaml(path)
    assert pipeline_to_dict(again) == pipeline_to_dict(
        pipeline_from_dict(pipeline_to_dict(pipeline))
    )
    assert again.steps[0].cells[0].source == "data = list(range(n))  \n\n# note"
    assert again.parameters == pipeline.parameters
    assert again.edges == pipeline.edges


def test_step_names_that_would_share_a_module_are_duplicates() -> None:
    pipeline = build(cell("a = 1", "step:load-data"), cell("b = a", "step:load_data"))
    assert "starts step 'load_data' again, after step 'load-data'" in problem(
        pipeline, ProblemKind.DUPLICATE_STEP
    )
