"""The store is found like git finds .git, unless a path or the env var says otherwise."""

from __future__ import annotations

from pathlib import Path

from mlops_lab.core import STORE_DIRNAME, find_store, resolve_store_path


def test_nearest_ancestor_with_a_store_wins(tmp_path: Path) -> None:
    outer = tmp_path / STORE_DIRNAME
    inner = tmp_path / "a" / STORE_DIRNAME
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    outer.mkdir()
    inner.mkdir()
    assert find_store(deep) == inner.resolve()
    assert resolve_store_path(start=deep, environ={}) == inner.resolve()


def test_without_a_store_it_goes_in_the_start_folder(tmp_path: Path) -> None:
    assert find_store(tmp_path) is None or not str(find_store(tmp_path)).startswith(str(tmp_path))
    assert resolve_store_path(start=tmp_path, environ={}) == (tmp_path / STORE_DIRNAME).resolve()


def test_environment_variable_overrides_discovery(tmp_path: Path) -> None:
    (tmp_path / STORE_DIRNAME).mkdir()
    chosen = tmp_path / "elsewhere"
    found = resolve_store_path(start=tmp_path, environ={"MLOPS_LAB_STORE": str(chosen)})
    assert found == chosen.resolve()


def test_explicit_path_overrides_the_environment(tmp_path: Path) -> None:
    found = resolve_store_path(
        tmp_path / "given", start=tmp_path, environ={"MLOPS_LAB_STORE": str(tmp_path / "env")}
    )
    assert found == (tmp_path / "given").resolve()
