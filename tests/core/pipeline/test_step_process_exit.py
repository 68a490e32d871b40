"""A step's process reads its Parquet inputs without starting Arrow's thread pools.

A pool worker still alive when the interpreter exits makes libstdc++ abort the
process ("terminate called without an active exception", exit -6) after the
step's work is done: once in a few hundred runs, which is why it looked flaky.
Counting the process's threads shows the cause directly, every time.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from mlops_lab.core.pipeline.kfp_runtime import RUNTIME_LINES

pytest.importorskip("pyarrow")

# Reads a DataFrame written as a step's output, then prints how many threads
# the reading added (Linux names every thread of a process in /proc/self/task).
_PROGRAM = """
import io, os
import numpy, pandas, pyarrow
def threads():
    return len(os.listdir("/proc/self/task"))
frame = pandas.DataFrame(
    {"x": numpy.arange(5000.0), "s": ["a", None] * 2500, "c": pandas.Categorical(["u"] * 5000)},
    index=pandas.Index(numpy.arange(5000) * 2, name="k"),
)
buffer = io.BytesIO()
frame.to_parquet(buffer)
data = buffer.getvalue()
before = threads()
%s
added = threads() - before
# The same frame pandas' own reader gives (it starts the pools: after counting).
pandas.testing.assert_frame_equal(back, pandas.read_parquet(io.BytesIO(data)))
print(added)
"""


def _added_threads(read: str) -> int:
    program = _PROGRAM % textwrap.dedent(read)
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip())


@pytest.mark.skipif(sys.platform != "linux", reason="counts threads through /proc")
def test_the_local_runner_reads_parquet_without_a_thread() -> None:
    read = """
    from mlops_lab.core.pipeline.data_passing import decode_value
    back = decode_value(data, "parquet")
    """
    # At most as many as before (a thread of the import may end meanwhile), never more.
    assert _added_threads(read) <= 0
    # The check can tell: pandas' default read starts Arrow's pools.
    assert _added_threads("back = pandas.read_parquet(io.BytesIO(data))") > 0


@pytest.mark.skipif(sys.platform != "linux", reason="counts threads through /proc")
def test_a_kubeflow_step_reads_parquet_without_a_thread(tmp_path: object) -> None:
    # The runtime's own `_load`, as written into every component.
    loader = RUNTIME_LINES.split("_logged = {}")[0]
    read = f"""
    namespace = {{}}
    exec({loader!r}, namespace)
    path = {str(tmp_path)!r} + "/input"
    open(path, "wb").write(data)
    back = namespace["_load"](path)
    """
    assert _added_threads(read) <= 0
