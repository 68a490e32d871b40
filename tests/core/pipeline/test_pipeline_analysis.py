"""Static analysis of what code reads and defines."""

from __future__ import annotations

import pytest

from mlops_lab.core.pipeline import analyze_code, strip_magics


def names(source: str) -> tuple[list[str], list[str]]:
    found = analyze_code(source)
    return list(found.reads), list(found.defines)


def test_assignment_reads_its_value_before_binding() -> None:
    assert names("y = x + 1\nx = 2\nz = x") == (["x"], ["y", "x", "z"])


def test_augmented_assignment_reads_and_binds() -> None:
    assert names("total += 1") == (["total"], ["total"])


def test_item_and_attribute_assignment_read_and_change_the_base_name() -> None:
    assert names("df['b'] = df['a'] * 2\nmodel.coef_ = None") == (["df", "model"], ["df", "model"])


def test_del_of_an_item_changes_the_base_name() -> None:
    found = analyze_code("del df['a']")
    assert found.reads == ("df",)
    assert found.defines == ("df",)


def test_del_of_a_name_is_remembered() -> None:
    found = analyze_code("tmp = 1\ndel tmp")
    assert found.deleted == ("tmp",)


def test_imports_bind_names_and_keep_their_statement() -> None:
    found = analyze_code("import numpy as np\nimport os.path\nfrom math import sqrt as r")
    assert found.defines == ("np", "os", "r")
    assert [b.statement for b in found.imports] == [
        "import numpy as np",
        "import os.path",
        "from math import sqrt as r",
    ]


def test_function_bodies_read_only_names_the_code_never_binds() -> None:
    source = "def f(a, b=default):\n    return a + scale + later\nlater = 1"
    assert names(source) == (["default", "scale"], ["f", "later"])


def test_function_locals_and_globals() -> None:
    source = "def f():\n    global counter\n    local = 1\n    counter = local + base\n"
    assert names(source) == (["base"], ["counter", "f"])


def test_comprehension_variables_stay_inside() -> None:
    assert names("squares = [i * k for i in items if i > limit]") == (
        ["items", "limit", "k"],
        ["squares"],
    )
    assert names("d = {k: v for k, v in pairs.items()}") == (["pairs"], ["d"])


def test_nested_comprehension_iterables() -> None:
    assert names("flat = [x for row in grid for x in row]") == (["grid"], ["flat"])


def test_lambda_and_class_bodies() -> None:
    assert names("f = lambda v: v * w") == (["w"], ["f"])
    assert names("class A(Base):\n    size = n\n    def m(self):\n        return size2\n") == (
        ["Base", "n", "size2"],
        ["A"],
    )


def test_builtins_are_not_reads() -> None:
    assert names("n = len(range(3))\nprint(n)") == ([], ["n"])


def test_walrus_except_and_with_bind() -> None:
    source = (
        "if (m := pattern.match(text)):\n    pass\n"
        "try:\n    pass\nexcept ValueError as err:\n    pass\n"
        "with open(path) as handle:\n    data = handle.read()\n"
        "for i, row in enumerate(rows):\n    pass\n"
    )
    reads, defines = names(source)
    assert reads == ["pattern", "text", "path", "rows"]
    assert defines == ["m", "err", "handle", "data", "i", "row"]


def test_match_binds_its_captures() -> None:
    source = (
        "match point:\n    case [x, *rest]:\n        pass\n"
        "    case {'k': v, **others}:\n        pass\n"
    )
    assert names(source) == (["point"], ["x", "rest", "v", "others"])


def test_magics_are_stripped_keeping_lines() -> None:
    source = "%matplotlib inline\nfiles = !ls\nif True:\n    %time f()\nx = 1"
    assert strip_magics(source) == "pass\nfiles = None\nif True:\n    pass\nx = 1"
    assert names(source) == ([], ["files", "x"])


def test_cell_magic_line_is_dropped() -> None:
    assert names("%%mlops step train --after load\nmodel = fit(df)") == (["fit", "df"], ["model"])


def test_syntax_errors_are_raised() -> None:
    with pytest.raises(SyntaxError):
        analyze_code("x = (")


def test_a_method_call_on_its_own_line_changes_its_object() -> None:
    assert names("model.fit(X, y)\nrows.append(1)\nn = len(rows)") == (
        ["model", "X", "y", "rows"],
        ["model", "rows", "n"],
    )
    assert names("value = model.predict(X)") == (["model", "X"], ["value"])


def test_mlops_metric_values_are_reads() -> None:
    assert names("%mlops metric acc={score} loss=$loss n=3 --step 2") == (["score", "loss"], [])
