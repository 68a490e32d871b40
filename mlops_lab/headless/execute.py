"""Running a notebook's cells in a fresh kernel with nbclient, stopping at the first failure.

A cell that calls ``sys.exit()`` ends the notebook there: successfully for the
statuses a shell reads as success (none, 0), as a failure for any other, as
papermill does.

The kernel records the cells itself (``mlops_lab`` loaded as an IPython extension,
attached to the run through ``MLOPS_LAB_RUN_ID``); this module only drives it and
reports how it stopped, so that the caller can record what the kernel could not.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbformat import NotebookNode

from ..core import CellError, InvalidInputError
from ..core.frozen import frozen
from .extension import flush_records, load_extension
from .kernel_client import CellIdKernelClient, KernelError, wait_for_reply

__all__ = ["CellFailure", "FailureKind", "KernelError", "execute_notebook", "kernel_name_of"]

#: Used when the notebook names no kernel, as Jupyter does.
DEFAULT_KERNEL = "python3"

# How long a cell past its time limit has to stop once interrupted.
_INTERRUPT_GRACE = 10.0


class FailureKind(str, enum.Enum):
    """How a cell stopped the run."""

    ERROR = "error"  # it raised; the kernel recorded it
    TIMEOUT = "timeout"  # it ran past the time limit; the kernel interrupted it
    DEAD_KERNEL = "dead kernel"  # the kernel process died while running it


@frozen
class CellFailure:
    """The cell that stopped the run, and why.

    Attributes
    ----------
    index
        Position of the cell in the executed notebook, from 0.
    execution_count
        What the kernel counted for it (``In [n]``).
    """

    index: int
    cell_id: str | None
    execution_count: int
    code: str
    kind: FailureKind
    error: CellError
    started_at: datetime
    duration: float

    @property
    def summary(self) -> str:
        """One line for the user: which cell, and what stopped it."""
        lines = self.error.value.strip().splitlines() or [""]
        value = lines[0] + (" ..." if len(lines) > 1 else "")
        cell = f"cell {self.index + 1} (In [{self.execution_count}])"
        return f"{cell} failed: {self.error.name}: {value}"


class _Exited(enum.Enum):
    """A cell ended the notebook with ``sys.exit()`` and a success status."""

    SUCCESSFULLY = "exited"


# The evalue of a SystemExit whose code Python exits 0 with: sys.exit(), exit(0),
# exit(None), exit(False). The kernel gives only str(code), so sys.exit("0"),
# which Python exits 1 with, reads as 0 here, as it does for papermill.
_SUCCESSFUL_EXIT_VALUES = frozenset({"", "0", "None", "False"})


#: Called before each code cell with its index, the number of cells and its ``In [n]``.
CellListener = Callable[[int, int, int], None]


def kernel_name_of(nb: NotebookNode) -> str:
    """The installed kernel the notebook asks for.

    Raises
    ------
    InvalidInputError
        That kernel is not installed here.
    """
    name = str(nb.metadata.get("kernelspec", {}).get("name") or DEFAULT_KERNEL)
    try:
        KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        raise InvalidInputError(
            f"The notebook runs on kernel {name!r}, which is not installed here; "
            "`jupyter kernelspec list` shows the installed kernels."
        ) from None
    return name


def execute_notebook(
    nb: NotebookNode,
    *,
    kernel_name: str,
    run_id: str,
    parameter_cell_ids: Sequence[str],
    cwd: Path,
    env: Mapping[str, str],
    timeout: int | None = None,
    on_cell: CellListener | None = None,
    kernel_logs: bool = False,
    kernel_spec_dirs: Sequence[Path] = (),
) -> CellFailure | None:
    """Run every code cell of ``nb`` in place (outputs included) until one fails.

    Parameters
    ----------
    nb
        The notebook, changed in place: outputs, execution counts, language info.
    kernel_name
        An installed kernel, see `kernel_name_of`.
    run_id
        The run the kernel must attach to (given to it in ``env``).
    parameter_cell_ids
        Cells whose assignments the kernel records as parameters.
    cwd, env
        The kernel's working folder and its whole environment.
    timeout
        Seconds a cell may run; None for no limit.
    on_cell
        Told about each code cell before it runs.
    kernel_logs
        Let the kernel process write its own log lines on stderr. Off by default:
        they are warnings about the kernel's transport, not about the notebook,
        whose outputs (stderr included) go into the cells.
    kernel_spec_dirs
        Folders to find ``kernel_name`` in instead of Jupyter's (the kernel of
        a virtual environment built for a reproduction).

    Returns
    -------
    CellFailure or None
        The cell that stopped the run, or None when every cell ran or one
        ended the notebook with ``sys.exit()`` and a success status (the
        cells after it are not run, as under papermill).

    Raises
    ------
    KernelError
        The kernel did not start, or could not load mlops_lab into this run.
    """
    runner: Callable[..., CellFailure | None] = run_sync(_execute)
    try:
        return runner(
            nb,
            kernel_name=kernel_name,
            run_id=run_id,
            parameter_cell_ids=list(parameter_cell_ids),
            cwd=cwd,
            env=dict(env),
            timeout=timeout,
            on_cell=on_cell,
            kernel_logs=kernel_logs,
            kernel_spec_dirs=list(kernel_spec_dirs),
        )
    except _StopSignalError:
        # Raised here, outside the event loop, which a KeyboardInterrupt inside would leave broken.
        raise KeyboardInterrupt from None


class _StopSignalError(Exception):
    """SIGINT or SIGTERM arrived; the kernel has been shut down."""


async def _execute(
    nb: NotebookNode,
    *,
    kernel_name: str,
    run_id: str,
    parameter_cell_ids: list[str],
    cwd: Path,
    env: dict[str, str],
    timeout: int | None,
    on_cell: CellListener | None,
    kernel_logs: bool,
    kernel_spec_dirs: list[Path],
) -> CellFailure | None:
    # The manager is ours, not nbclient's: we start and stop the kernel ourselves,
    # so that a signal, a timeout or a failure each stops it in the right way.
    if kernel_spec_dirs:
        specs = KernelSpecManager(kernel_dirs=[str(d) for d in kernel_spec_dirs])
        manager = AsyncKernelManager(kernel_name=kernel_name, kernel_spec_manager=specs)
    else:
        manager = AsyncKernelManager(kernel_name=kernel_name)
    manager.client_factory = CellIdKernelClient
    client = NotebookClient(nb, km=manager, kernel_name=kernel_name, timeout=timeout)
    start: dict[str, Any] = {"cwd": str(cwd), "env": env}
    if not kernel_logs:
        start["stderr"] = subprocess.DEVNULL
    try:
        await client.async_start_new_kernel(**start)
        kernel: CellIdKernelClient = await client.async_start_new_kernel_client()  # type: ignore[assignment]
    except (RuntimeError, OSError, TimeoutError) as error:
        await _shut_down(manager, None, now=True)
        raise KernelError(f"The {kernel_name} kernel could not start: {error}") from None
    now = False
    with _signals_cancel_this_task() as signalled:
        try:
            await _set_language_info(nb, kernel)
            await load_extension(kernel, run_id, parameter_cell_ids)
            code_cells = [
                i
                for i, cell in enumerate(nb.cells)
                if cell.cell_type == "code" and cell.source.strip()
            ]
            for index in code_cells:
                count = client.code_cells_executed + 1
                if on_cell is not None:
                    on_cell(index, len(nb.cells), count)
                ended = await _execute_cell(client, kernel, index, count, timeout)
                if signalled:  # nbclient reports the cancellation as a dead kernel
                    raise _StopSignalError
                if isinstance(ended, CellFailure):
                    now = not await _settle_after(ended, manager, kernel)
                    return ended
                if ended is _Exited.SUCCESSFULLY:
                    break
            await flush_records(kernel)
            return None
        except asyncio.CancelledError:
            if signalled:
                raise _StopSignalError from None
            raise
        finally:
            # Graceful: the kernel interrupts what runs, writes what it holds, exits.
            await _shut_down(manager, kernel, now=now)


@contextlib.contextmanager
def _signals_cancel_this_task() -> Iterator[list[int]]:
    """Turn SIGINT and SIGTERM into a cancellation, so the kernel is shut down, not orphaned.

    Yields the signals received. Outside the main thread no handler can be set,
    and signals keep their usual effect.
    """
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    received: list[int] = []

    def cancel(signum: int) -> None:
        received.append(signum)
        if task is not None:
            task.cancel()

    installed = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, cancel, signum)
            installed.append(signum)
    try:
        yield received
    finally:
        for signum in installed:
            loop.remove_signal_handler(signum)


async def _shut_down(
    manager: AsyncKernelManager, kernel: CellIdKernelClient | None, *, now: bool
) -> None:
    if kernel is not None:
        kernel.stop_channels()
    if await manager.is_alive():
        await manager.shutdown_kernel(now=now)
    else:
        await manager.cleanup_resources()


async def _settle_after(
    failure: CellFailure, manager: AsyncKernelManager, kernel: CellIdKernelClient
) -> bool:
    """Get the kernel to write what it holds after a failure; False if only a kill is left.

    The kernel writes its records on a background thread, and flushes them when
    asked or when it exits gracefully; a killed kernel loses them.
    """
    if failure.kind is FailureKind.DEAD_KERNEL:
        return False
    if failure.kind is FailureKind.TIMEOUT and not await _interrupt(manager, kernel):
        return False  # deaf to interrupts
    await flush_records(kernel)
    return True


async def _interrupt(manager: AsyncKernelManager, kernel: CellIdKernelClient) -> bool:
    """Interrupt the running cell and wait for it to end; False if it does not."""
    await manager.interrupt_kernel()
    if kernel.last_msg_id is None:
        return False
    try:
        await wait_for_reply(
            kernel, kernel.last_msg_id, "stopping the cell", timeout=_INTERRUPT_GRACE
        )
    except KernelError:
        return False
    return True


async def _execute_cell(
    client: NotebookClient,
    kernel: CellIdKernelClient,
    index: int,
    count: int,
    timeout: int | None,
) -> CellFailure | _Exited | None:
    """Run one cell: None when it ran, or how it ended the notebook."""
    cell = client.nb.cells[index]
    kernel.cell_id = cell.get("id")
    started_at = datetime.now(timezone.utc)
    clock = time.perf_counter()
    try:
        await client.async_execute_cell(cell, index, execution_count=count)
    except CellExecutionError as raised:
        if raised.ename == "SystemExit" and raised.evalue in _SUCCESSFUL_EXIT_VALUES:
            return _Exited.SUCCESSFULLY
        kind, error = FailureKind.ERROR, CellError(raised.ename, raised.evalue)
    except CellTimeoutError:
        kind = FailureKind.TIMEOUT
        error = CellError("TimeoutError", f"the cell did not finish within {timeout} s")
    except DeadKernelError:
        kind = FailureKind.DEAD_KERNEL
        error = CellError("DeadKernelError", "the kernel died while running this cell")
    else:
        return None
    return CellFailure(
        index=index,
        cell_id=cell.get("id"),
        execution_count=count,
        code=cell.source,
        kind=kind,
        error=error,
        started_at=started_at,
        duration=time.perf_counter() - clock,
    )


async def _set_language_info(nb: NotebookNode, kernel: CellIdKernelClient) -> None:
    """Record the kernel's language in the notebook, as nbclient's own execute does."""
    reply = await wait_for_reply(kernel, kernel.kernel_info(), "kernel_info")
    language = reply["content"].get("language_info")
    if language:
        nb.metadata["language_info"] = language
