"""The silent conversation with the ``mlops_lab`` extension inside the kernel.

Silent executions run no cell hooks, so nothing said here becomes a cell of the run.
"""

from __future__ import annotations

import ast

from .kernel_client import CellIdKernelClient, KernelError, wait_for_reply

__all__ = ["flush_records", "load_extension"]


async def load_extension(
    kernel: CellIdKernelClient, run_id: str, parameter_cell_ids: list[str]
) -> None:
    """Load mlops_lab silently, so it adds no cell to the record, and check its run.

    A silent execution runs no cell hooks; the reply says whether the import
    failed (mlops_lab missing from the kernel's environment) and which run the
    extension attached to.
    """
    setup = (
        "get_ipython().run_line_magic('load_ext', 'mlops_lab')\n"
        f"__import__('mlops_lab.kernel').kernel.declare_parameter_cells({parameter_cell_ids!r})"
    )
    attached = "__import__('mlops_lab.kernel').kernel.kernel_status()['run_id']"
    msg_id = kernel.execute(setup, silent=True, user_expressions={"run_id": attached})
    content = (await wait_for_reply(kernel, msg_id, "loading mlops_lab"))["content"]
    if content.get("status") != "ok":
        raise KernelError(
            f"The kernel could not load mlops_lab ({content.get('ename')}: "
            f"{content.get('evalue')}); install mlops-lab in the kernel's environment."
        )
    answer = content.get("user_expressions", {}).get("run_id", {})
    if answer.get("data", {}).get("text/plain") != repr(run_id):
        raise KernelError(
            "The kernel's mlops_lab did not attach to the new run; "
            "install the same mlops-lab version in the kernel's environment."
        )


async def flush_records(kernel: CellIdKernelClient) -> None:
    """Wait until the kernel has written every record, before the run is ended.

    ``kernel_status()`` flushes the extension's background writer, and a silent
    execution adds no cell.

    Raises
    ------
    KernelError
        A write of the kernel failed (a full disk, a read-only store): the record
        lacks cells, and the run must end as failed, with this reason.
    """
    status = "__import__('mlops_lab.kernel').kernel.kernel_status().get('write_error')"
    msg_id = kernel.execute("pass", silent=True, user_expressions={"error": status})
    content = (await wait_for_reply(kernel, msg_id, "writing its records"))["content"]
    answer = content.get("user_expressions", {}).get("error", {})
    error = ast.literal_eval(answer.get("data", {}).get("text/plain", "None"))
    if error:  # a write failed: cells are missing, the run cannot finish
        raise KernelError(f"The kernel could not record every cell: {error}")
