"""Checkpoints in the core: what is stored, what is reused, what comes back."""

from __future__ import annotations

import io
import sqlite3
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlops_lab.core import ConflictError, InvalidInputError, NotFoundError, Store
from mlops_lab.core.checkpoint import (
    Checkpointer,
    checkpointed_items,
    find_checkpoint,
    format_size,
    list_checkpoints,
    load_checkpoint,
    parse_size,
    serialize,
)
from mlops_lab.core.checkpoint.checkpointer import BACKGROUND_FROM
from mlops_lab.core.store._migrations import MIGRATIONS
from mlops_lab.core.store.objects import LARGE_OBJECT


@pytest.fixture
def run_id(store: Store) -> str:
    return store.start_run(notebook="train.ipynb").id


def test_ipython_names_history_and_underscores_are_left_out() -> None:
    marker = object()
    namespace = {
        "In": [],
        "Out": {},
        "_": 1,
        "_i3": "x",
        "__builtins__": None,
        "get_ipython": marker,
        "shell_own": marker,
        "mine": 1,
    }
    names = [name for name, _ in checkpointed_items(namespace, {"shell_own": marker})]
    assert names == ["mine"]


def test_values_come_back_equal_with_their_kinds(store: Store, run_id: str) -> None:
    frame = pd.DataFrame({"x": np.arange(5.0), "s": list("abcde")})
    namespace = {
        "array": np.arange(300_000, dtype=np.float64).reshape(1000, 300),
        "fortran": np.asfortranarray(np.ones((50, 40))),
        "strided": np.arange(100)[::3],
        "frame": frame,
        "np": np,
        "square": lambda v: v * v,
        "numbers": [1, 2.5, "three"],
    }
    namespace["again"] = namespace["array"]
    result = Checkpointer().checkpoint(store, run_id, namespace, name="all")
    kinds = {v.name: v for v in result.checkpoint.variables}
    assert kinds["np"].module == "numpy"
    assert kinds["again"].alias == "array"
    assert kinds["array"].value is not None
    assert len(kinds["array"].value.buffers) == 1  # out of band, not in the stream

    state = load_checkpoint(store, find_checkpoint(store, f"{run_id[:6]}:all"))
    values = state.values
    assert state.skipped == {}
    assert np.array_equal(values["array"], namespace["array"])
    assert values["again"] is values["array"]
    assert values["fortran"].flags.f_contiguous
    assert np.array_equal(values["strided"], namespace["strided"])
    pd.testing.assert_frame_equal(values["frame"], frame)
    assert values["np"] is np
    assert values["square"](3) == 9  # type: ignore[operator]
    assert values["numbers"] == [1, 2.5, "three"]
    values["array"][0, 0] = -1  # restored arrays are writable, and their own
    assert namespace["array"][0, 0] == 0


def test_large_buffers_are_named_by_xxh3_and_written_once(store: Store, run_id: str) -> None:
    big = np.arange(LARGE_OBJECT // 8 + 10, dtype=np.int64)
    first = Checkpointer().checkpoint(store, run_id, {"big": big, "copy": big.copy()})
    stored = {v.name: v.value for v in first.checkpoint.variables}
    assert stored["big"] is not None
    assert stored["copy"] is not None
    assert len(stored["big"].buffers[0]) == 32  # xxh3-128, not SHA-256
    assert stored["big"].buffers == stored["copy"].buffers  # equal content, one object
    assert first.written_bytes < 2 * big.nbytes
    again = Checkpointer().checkpoint(store, run_id, {"big": big.copy()})
    assert again.serialized == ("big",)
    assert again.written_bytes == 0  # serialized again (a new checkpointer), not written


def test_unchanged_variables_are_not_serialized_again(store: Store, run_id: str) -> None:
    checkpointer = Checkpointer()
    namespace: dict[str, object] = {"big": np.zeros(1000), "small": [1]}
    checkpointer.checkpoint(store, run_id, namespace)
    namespace["small"] = [2]
    result = checkpointer.checkpoint(store, run_id, namespace, changed={"small"})
    assert result.serialized == ("small",)
    mutated = checkpointer.checkpoint(store, run_id, namespace, changed=set())
    assert mutated.serialized == ()
    everything = checkpointer.checkpoint(store, run_id, namespace, changed=None)
    assert set(everything.serialized) == {"big", "small"}
    names = [c.name for c in list_checkpoints(store, run_id)]
    assert names == ["1", "2", "3", "4"]


def test_what_cannot_be_stored_is_skipped_with_why(store: Store, run_id: str) -> None:
    class Unpicklable:
        def __reduce__(self) -> tuple[object, ...]:
            raise TypeError("not today")

    with io.StringIO() as text:
        namespace = {
            "handle": text,
            "gen": (i for i in range(3)),
            "lock": threading.Lock(),
            "odd": Unpicklable(),
            "fine": 1,
        }
        checkpoint = Checkpointer().checkpoint(store, run_id, namespace).checkpoint
    skipped = {v.name: v.skipped for v in checkpoint.skipped}
    assert skipped["handle"] is not None
    assert skipped["handle"].startswith("an open file")
    assert skipped["gen"] is not None
    assert skipped["gen"].startswith("a generator")
    assert skipped["lock"] is not None
    assert skipped["lock"].startswith("a lock")
    assert skipped["odd"] == "cannot be serialized (TypeError: not today)"
    state = load_checkpoint(store, checkpoint)
    assert state.values == {"fine": 1}
    assert set(state.skipped) == {"handle", "gen", "lock", "odd"}


def test_a_size_cap_keeps_the_smallest_values(store: Store, run_id: str) -> None:
    namespace = {"a": np.zeros(100), "b": np.zeros(10_000), "c": 1}
    checkpoint = Checkpointer().checkpoint(store, run_id, namespace, max_size=5000).checkpoint
    assert [v.name for v in checkpoint.skipped] == ["b"]
    assert checkpoint.variable("b").skipped == "over the checkpoint's size cap (5.0 kB)"  # type: ignore[union-attr]


def test_a_value_whose_module_is_gone_is_reported_not_raised(
    store: Store, run_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "vanishing_module.py").write_text("class Thing:\n    pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import vanishing_module  # type: ignore[import-not-found]

    checkpoint = (
        Checkpointer()
        .checkpoint(store, run_id, {"thing": vanishing_module.Thing(), "n": 1})
        .checkpoint
    )
    (tmp_path / "vanishing_module.py").unlink()
    monkeypatch.delitem(__import__("sys").modules, "vanishing_module")
    state = load_checkpoint(store, checkpoint)
    assert state.values == {"n": 1}
    assert "ModuleNotFoundError" in state.skipped["thing"]


def test_names_and_references(store: Store, run_id: str) -> None:
    checkpointer = Checkpointer()
    checkpointer.checkpoint(store, run_id, {"x": 1}, name="start")
    with pytest.raises(ConflictError, match="already has a checkpoint named 'start'"):
        checkpointer.checkpoint(store, run_id, {"x": 1}, name="start")
    with pytest.raises(InvalidInputError, match="not a checkpoint name"):
        checkpointer.checkpoint(store, run_id, {"x": 1}, name="a:b")
    assert checkpointer.checkpoint(store, run_id, {"x": 2}).checkpoint.name == "2"
    assert find_checkpoint(store, run_id).name == "2"  # the latest
    with pytest.raises(NotFoundError, match="its checkpoints: start, 2"):
        find_checkpoint(store, f"{run_id}:other")
    with pytest.raises(InvalidInputError, match="has no variable y; it holds: x"):
        load_checkpoint(store, find_checkpoint(store, run_id), ["y"])
    other = store.start_run(notebook="other.ipynb").id
    with pytest.raises(NotFoundError, match="has no checkpoint"):
        find_checkpoint(store, other)


def test_deleting_the_run_deletes_its_checkpoints(store: Store, run_id: str) -> None:
    Checkpointer().checkpoint(store, run_id, {"x": 1})
    store.delete_run(run_id)
    with store.database.read() as conn:
        assert conn.execute("SELECT COUNT(*) FROM checkpoint_variables").fetchone() == (0,)


def test_serialized_buffers_are_views_of_the_values_memory() -> None:
    array = np.arange(10_000, dtype=np.float64)
    serialized = serialize(array)
    assert len(serialized.buffers) == 1
    assert serialized.buffers[0].nbytes == array.nbytes
    assert np.shares_memory(np.frombuffer(serialized.buffers[0], dtype=np.float64), array)


def test_small_buffers_stay_in_the_stream_large_ones_go_out_of_band(
    store: Store, run_id: str
) -> None:
    """A value made of many small arrays (a plot's artists, a list of vectors) is one
    stream, not an object per array: stored again it is one object, not thousands."""
    small = [np.arange(i, i + 8, dtype=np.float64) for i in range(2_000)]
    serialized = serialize({"small": small, "big": np.zeros(100_000)})
    assert [b.nbytes for b in serialized.buffers] == [800_000]
    checkpointer = Checkpointer()
    checkpointer.checkpoint(store, run_id, {"small": small})
    small.append(np.ones(8))  # changed: stored again, apart from the first pack
    again = checkpointer.checkpoint(store, run_id, {"small": small}, changed={"small"})
    variable = again.checkpoint.variable("small")
    assert variable is not None
    assert variable.value is not None
    assert variable.value.buffers == ()
    state = load_checkpoint(store, find_checkpoint(store, f"{run_id}:{again.checkpoint.name}"))
    restored = state.values["small"]
    assert isinstance(restored, list)
    assert len(restored) == 2_001
    assert all(np.array_equal(r, s) for r, s in zip(restored, small, strict=True))


@pytest.mark.parametrize(
    ("text", "size"),
    [("1GB", 10**9), ("500 MB", 5 * 10**8), ("2GiB", 2 * 1024**3), ("1024", 1024), ("1.5kB", 1500)],
)
def test_sizes_are_read_as_people_write_them(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_sizes_are_printed_in_powers_of_1000() -> None:
    assert [format_size(n) for n in (120, 1500, 2_000_000, 3 * 10**9)] == [
        "120 B",
        "1.5 kB",
        "2.0 MB",
        "3.0 GB",
    ]
    with pytest.raises(InvalidInputError, match="not a size"):
        parse_size("lots")


def test_the_package_is_framework_free_with_pinned_names() -> None:
    import json
    import subprocess
    import sys

    import mlops_lab.core.checkpoint as package

    probe = (
        "import sys, json, mlops_lab.core.checkpoint;"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = json.loads(subprocess.check_output([sys.executable, "-c", probe], text=True))
    assert not {"IPython", "jupyter_server", "tornado", "traitlets", "jupyter_client"} & set(loaded)
    assert set(package.__all__) == {
        "Checkpoint",
        "CheckpointResult",
        "CheckpointVariable",
        "Checkpointer",
        "RestoredState",
        "SerializedValue",
        "StoredValue",
        "checkpointed_items",
        "deserialize",
        "find_checkpoint",
        "format_size",
        "list_checkpoints",
        "load_checkpoint",
        "parse_size",
        "serialize",
    }


def test_a_background_checkpoint_is_offered_only_once_durable(
    store: Store, store_path: Path, run_id: str
) -> None:
    checkpointer = Checkpointer()
    big = np.arange((BACKGROUND_FROM // 8) + 1, dtype=np.float64)  # written on the thread
    first = checkpointer.checkpoint(store, run_id, {"small": [1, 2]}, name="before")
    assert first.checkpoint.name == "before"
    # The objects' temporary folder made a file: the write fails, as on a full disk.
    tmp = store_path / "objects" / "tmp"
    tmp.rmdir()
    tmp.write_text("")
    taken = checkpointer.checkpoint(
        store, run_id, {"small": [1, 2], "big": big}, name="after", background=True
    )
    assert taken.written_bytes >= big.nbytes
    with pytest.raises(NotADirectoryError):
        checkpointer.wait()
    assert [c.name for c in list_checkpoints(store, run_id)] == ["before"]
    assert find_checkpoint(store, run_id).name == "before"
    with pytest.raises(NotFoundError, match="no checkpoint 'after'"):
        find_checkpoint(store, f"{run_id}:after")

    tmp.unlink()
    tmp.mkdir()
    # Nothing of the failed checkpoint is trusted: every variable is serialized again,
    # and its name is free again.
    again = checkpointer.checkpoint(
        store, run_id, {"small": [1, 2], "big": big}, name="after", changed=set(), background=True
    )
    assert set(again.serialized) == {"small", "big"}
    checkpointer.wait()
    assert [c.name for c in list_checkpoints(store, run_id)] == ["before", "after"]
    state = load_checkpoint(store, find_checkpoint(store, run_id))
    assert np.array_equal(state.values["big"], big)  # type: ignore[arg-type]


def test_checkpoints_of_a_store_made_before_the_complete_flag_stay_restorable(
    store_path: Path,
) -> None:
    store_path.mkdir(parents=True)
    conn = sqlite3.connect(store_path / "store.db", isolation_level=None)
    for version, statements in enumerate(MIGRATIONS[:5], start=1):
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("INSERT INTO experiments (id, name, created_at) VALUES (1, 'old', 0)")
    conn.execute(
        "INSERT INTO runs (id, experiment_id, name, status, started_at)"
        " VALUES (?, 1, 'old', 'finished', 0)",
        ("a" * 32,),
    )
    conn.execute(
        "INSERT INTO checkpoints (id, run_id, name, created_at) VALUES ('c1', ?, 'kept', 1)",
        ("a" * 32,),
    )
    conn.execute(
        "INSERT INTO checkpoint_variables (checkpoint_id, position, name, type, module)"
        " VALUES ('c1', 0, 'np', 'module', 'numpy')"
    )
    conn.close()
    with Store.open(store_path) as store:
        checkpoint = find_checkpoint(store, "aaaa")
        assert checkpoint.name == "kept"
        assert load_checkpoint(store, checkpoint).values == {"np": np}


def test_small_values_stored_for_the_first_time_share_one_pack(store: Store, run_id: str) -> None:
    checkpointer = Checkpointer()
    namespace: dict[str, object] = {f"small_{i}": {"n": i, "s": "x" * i} for i in range(50)}
    namespace["array"] = np.arange(10)
    first = checkpointer.checkpoint(store, run_id, namespace)
    streams = {v.name: v.value.stream for v in first.checkpoint.variables if v.value}
    packs = {stream.partition("+")[0] for name, stream in streams.items() if name != "array"}
    assert len(packs) == 1
    assert all("+" in streams[f"small_{i}"] for i in range(50))
    namespace["small_3"] = "changed"
    second = checkpointer.checkpoint(store, run_id, namespace, changed={"small_3"})
    changed = second.checkpoint.variable("small_3")
    assert changed is not None
    assert changed.value is not None
    assert "+" not in changed.value.stream
    for taken, expected in (
        (first, {**namespace, "small_3": {"n": 3, "s": "xxx"}}),
        (second, namespace),
    ):
        state = load_checkpoint(store, find_checkpoint(store, f"{run_id}:{taken.checkpoint.name}"))
        assert set(state.values) == set(expected)
        for name, value in expected.items():
            assert (
                np.array_equal(state.values[name], value)
                if name == "array"
                else state.values[name] == value
            )


def test_restored_buffers_are_the_values_own_memory(store: Store, run_id: str) -> None:
    # Two equal arrays are one object in the store: they come back as two arrays,
    # neither sharing memory with the other nor with the stored object.
    big = np.arange(3 * LARGE_OBJECT // 8, dtype=np.float64)
    namespace = {"big": big, "twin": big.copy(), "frame": pd.DataFrame({"x": big})}
    checkpoint = Checkpointer().checkpoint(store, run_id, namespace).checkpoint
    variables = {v.name: v.value for v in checkpoint.variables}
    assert variables["big"] is not None
    assert variables["twin"] is not None
    (object_id,) = variables["big"].buffers
    assert variables["twin"].buffers == (object_id,)
    state = load_checkpoint(store, checkpoint)
    big_back, twin_back = state.values["big"], state.values["twin"]
    assert isinstance(big_back, np.ndarray)
    assert isinstance(twin_back, np.ndarray)
    assert not np.shares_memory(big_back, twin_back)
    big_back[:] = -1
    assert np.array_equal(twin_back, big)
    again = load_checkpoint(store, checkpoint).values
    assert np.array_equal(again["big"], big)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(again["frame"], namespace["frame"])  # type: ignore[arg-type]
    assert bytes(store.objects.read_buffer(object_id)) == big.tobytes()


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
def test_a_forked_process_writes_to_its_own_copy_of_a_restored_array(
    store: Store, run_id: str
) -> None:
    import os

    big = np.zeros(2 * LARGE_OBJECT // 8)
    checkpoint = Checkpointer().checkpoint(store, run_id, {"big": big}).checkpoint
    restored = load_checkpoint(store, checkpoint).values["big"]
    assert isinstance(restored, np.ndarray)
    pid = os.fork()
    if pid == 0:  # the child: what a multiprocessing worker forked from the kernel does
        restored[:] = 7
        os._exit(0 if restored[-1] == 7 else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert not restored.any()


def test_a_missing_object_skips_its_value_only(store: Store, store_path: Path, run_id: str) -> None:
    # Large buffers are read on threads beside the other values: a failed read
    # is reported for its value like any other failure to load.
    namespace = {
        "lost": np.ones(2 * LARGE_OBJECT // 8),
        "kept": np.arange(2 * LARGE_OBJECT // 8),
        "n": 1,
    }
    checkpoint = Checkpointer().checkpoint(store, run_id, namespace).checkpoint
    lost = checkpoint.variable("lost")
    assert lost is not None
    assert lost.value is not None
    (object_id,) = lost.value.buffers
    (store_path / "objects" / object_id[:2] / object_id[2:]).unlink()
    state = load_checkpoint(store, checkpoint)
    assert list(state.values) == ["kept", "n"]
    assert np.array_equal(state.values["kept"], namespace["kept"])  # type: ignore[arg-type]
    assert state.skipped["lost"].startswith("cannot be loaded here (NotFoundError: Object")
