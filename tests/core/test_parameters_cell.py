"""The names a parameters cell assigns, read once for the kernel and for track."""

from __future__ import annotations

from mlops_lab.core.capture.parameters import assigned_names


def test_top_level_assignments_in_order_without_repeats() -> None:
    code = "lr = 0.1\nepochs: int = 3\na, (b, c) = 1, (2, 3)\nlr += 1\nif x:\n    hidden = 1"
    assert assigned_names(code) == ["lr", "epochs", "a", "b", "c"]


def test_a_cell_that_is_not_python_is_unknown_not_empty() -> None:
    assert assigned_names("%load_ext foo\nx = 1") is None
    assert assigned_names("print('no assignment')") == []
