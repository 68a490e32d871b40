"""``%mlops checkpoint`` and ``%mlops restore`` in real kernels: state taken from one
kernel and restored into a fresh one equals the original."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Kernel

from mlops_lab.core import Store
from mlops_lab.core.checkpoint import find_checkpoint, list_checkpoints

STATE = """\
import io
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(7)
X = rng.normal(size=(200, 4))
y = (X[:, 0] + X[:, 1] > 0).astype(int)
model = LogisticRegression().fit(X, y)
frame = pd.DataFrame({"a": X[:, 0], "label": y, "name": [f"row{i}" for i in range(200)]})
frame["kind"] = frame["label"].map({0: "neg", 1: "pos"}).astype("category")
square = lambda v: v * v

class Scaler:
    def __init__(self, factor):
        self.factor = factor

    def apply(self, v):
        return v * self.factor

scaler = Scaler(3)
handle = open("notes.txt", "w")
same = X
np.save("expected_X.npy", X)
np.save("expected_pred.npy", model.predict(X))
frame.to_pickle("expected_frame.pkl")
"""

CHECK = """\
assert np.array_equal(X, np.load("expected_X.npy"))
assert X.flags.writeable
pd.testing.assert_frame_equal(frame, pd.read_pickle("expected_frame.pkl"))
assert np.array_equal(model.predict(X), np.load("expected_pred.npy"))
assert square(4) == 16
assert scaler.apply(2) == 6 and type(scaler) is Scaler and Scaler.__name__ == "Scaler"
assert same is X
assert "handle" not in globals()
"""


def checkpoints_of(store_path: Path) -> list[str]:
    with Store.open(store_path) as store:
        run = store.list_runs().runs[-1]
        return [c.name for c in list_checkpoints(store, run.id)]


@pytest.fixture
def tracked(kernel: Kernel) -> Kernel:
    assert kernel.execute("%load_ext mlops_lab")["status"] == "ok"
    return kernel


def ok(kernel: Kernel, code: str) -> str:
    reply, printed = kernel.run(code)
    assert reply["status"] == "ok", printed
    return printed


def run_id_of(kernel: Kernel) -> str:
    status = "__import__('mlops_lab.kernel').kernel.kernel_status()['run_id']"
    reply = kernel.execute("", user_expressions={"id": status})
    return str(reply["user_expressions"]["id"]["data"]["text/plain"]).strip("'")


def test_a_checkpoint_restored_into_a_fresh_kernel_equals_the_original(
    tracked: Kernel, project: Path, store_path: Path
) -> None:
    ok(tracked, STATE)
    printed = ok(tracked, "%mlops checkpoint trained")
    assert "checkpoint trained of run" in printed
    assert "skipped handle: an open file" in printed
    run_id = run_id_of(tracked)

    fresh = Kernel(project)
    try:
        assert fresh.execute("%load_ext mlops_lab")["status"] == "ok"
        printed = ok(fresh, f"%mlops restore {run_id[:8]}:trained")
        assert "restored" in printed
        assert "skipped handle: an open file" in printed
        # np and pd came back as imports: the checks below use them.
        ok(fresh, CHECK)
    finally:
        fresh.shutdown()


def test_restoring_some_variables_leaves_the_others_alone(tracked: Kernel, project: Path) -> None:
    ok(tracked, "import numpy as np\nkeep = np.arange(5)\nother = {'a': 1}")
    ok(tracked, "%mlops checkpoint")
    run_id = run_id_of(tracked)
    ok(tracked, "keep = None\nother = 'changed'")
    printed = ok(tracked, f"%mlops restore {run_id} keep")
    assert "restored 1 variables from checkpoint 1" in printed
    ok(tracked, "assert list(keep) == [0, 1, 2, 3, 4] and other == 'changed'")


def test_an_unchanged_variable_is_not_stored_twice(tracked: Kernel, store_path: Path) -> None:
    ok(tracked, "import numpy as np\nbig = np.ones(2_000_000)\nsmall = [1, 2, 3]")
    first = ok(tracked, "%mlops checkpoint")
    assert "3 variables" in first  # np too, kept as its import
    assert "2 serialized" in first
    assert "0 unchanged" in first
    ok(tracked, "small.append(4)")
    second = ok(tracked, "%mlops checkpoint")
    assert "1 serialized" in second
    assert "1 unchanged" in second
    # A cell that only names `big` makes it examined again: serialized, not written.
    ok(tracked, "print(big.shape)")
    third = ok(tracked, "%mlops checkpoint")
    assert "1 serialized (0 B written)" in third
    run_id = run_id_of(tracked)
    with Store.open(store_path) as store:
        stored = [find_checkpoint(store, f"{run_id}:{n}") for n in ("1", "2", "3")]
    bigs = {c.variable("big").value for c in stored}  # type: ignore[union-attr]
    smalls = {c.variable("small").value.stream for c in stored}  # type: ignore[union-attr]
    assert len(bigs) == 1  # one stored value, shared by the three checkpoints
    assert len(smalls) == 2  # [1, 2, 3] then [1, 2, 3, 4]


def test_a_variable_changed_through_another_name_is_stored_again(tracked: Kernel) -> None:
    ok(tracked, "import numpy as np\nbig = np.zeros(10)")
    ok(tracked, "%mlops checkpoint")
    ok(tracked, "view = big\nview[0] = 1")
    ok(tracked, "%mlops checkpoint")
    run_id = run_id_of(tracked)
    ok(tracked, "del big, view")
    ok(tracked, f"%mlops restore {run_id}:2")
    ok(tracked, "assert big[0] == 1 and view is big")


def test_a_checkpoint_at_the_end_of_each_run_when_asked(tracked: Kernel, store_path: Path) -> None:
    printed = ok(tracked, "%mlops checkpoint --at-end on --max-size 1MB")
    assert "on (at most 1.0 MB)" in printed
    ok(tracked, "import numpy as np\nsmall = 1\nhuge = np.zeros(1_000_000)")
    ended = run_id_of(tracked)
    ok(tracked, "%mlops run next")
    with Store.open(store_path) as store:
        checkpoint = find_checkpoint(store, ended)
    assert checkpoint.name == "end"
    assert checkpoint.variable("small").value is not None  # type: ignore[union-attr]
    assert "size cap" in (checkpoint.variable("huge").skipped or "")  # type: ignore[union-attr]


def test_a_checkpoint_when_the_kernel_shuts_down(project: Path, store_path: Path) -> None:
    kernel = Kernel(project)
    try:
        ok(kernel, "%load_ext mlops_lab")
        ok(kernel, "%mlops checkpoint --at-end on")
        ok(kernel, "answer = 42")
        run_id = run_id_of(kernel)
    finally:
        kernel.shutdown()
    with Store.open(store_path) as store:
        checkpoint = find_checkpoint(store, run_id)
    assert checkpoint.name == "end"
    assert [v.name for v in checkpoint.variables] == ["answer"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("%mlops restore", "%mlops restore needs RUN[:CHECKPOINT]"),
        ("%mlops restore zzzzzzzz", "No run with id 'zzzzzzzz'"),
        ("%mlops checkpoint bad:name", "is not a checkpoint name"),
        ("%mlops checkpoint --max-size lots", "is not a size"),
    ],
)
def test_mistakes_are_one_line(tracked: Kernel, line: str, message: str) -> None:
    reply, printed = tracked.run(line)
    assert reply["status"] == "error"
    assert message in printed
    assert "Traceback" not in printed


def test_restore_names_a_missing_checkpoint(tracked: Kernel) -> None:
    ok(tracked, "x = 1")  # a run begins at the first cell executed
    run_id = run_id_of(tracked)
    reply, printed = tracked.run(f"%mlops restore {run_id}")
    assert reply["status"] == "error"
    assert "has no checkpoint" in printed
    ok(tracked, "%mlops checkpoint first")
    reply, printed = tracked.run(f"%mlops restore {run_id}:second")
    assert "has no checkpoint 'second'; its checkpoints: first" in printed
    reply, printed = tracked.run(f"%mlops restore {run_id} nope")
    assert "has no variable nope; it holds: x" in printed
