"""Talking to the kernel: execute requests with their cell id, replies with a bounded wait."""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous.client import AsyncKernelClient

from ..core import MlopsLabError

__all__ = ["CellIdKernelClient", "KernelError", "wait_for_reply"]

# Loading mlops_lab, or writing what the kernel still holds, takes well under a
# second; this only bounds a kernel that never answers.
_REPLY_TIMEOUT = 60.0
_POLL_INTERVAL = 1.0


class KernelError(MlopsLabError):
    """The kernel could not be started, or could not load mlops_lab."""


class CellIdKernelClient(AsyncKernelClient):
    """Tags execute requests with ``metadata.cellId``, which ipykernel hands to IPython.

    nbclient sends only the code, so without this the kernel would record every
    cell without its notebook cell id. Set `cell_id` before each cell.
    """

    cell_id: str | None = None
    #: The request of the cell that runs now, to wait for its reply after an interrupt.
    last_msg_id: str | None = None

    def execute(
        self,
        code: str,
        silent: bool = False,
        store_history: bool = True,
        user_expressions: dict[str, Any] | None = None,
        allow_stdin: bool | None = None,
        stop_on_error: bool = True,
    ) -> str:
        """Send an execute request; the same as jupyter_client's, plus the cell id."""
        content = {
            "code": code,
            "silent": silent,
            "store_history": store_history,
            "user_expressions": user_expressions or {},
            "allow_stdin": self.allow_stdin if allow_stdin is None else allow_stdin,
            "stop_on_error": stop_on_error,
        }
        metadata = {"cellId": self.cell_id} if self.cell_id and not silent else {}
        msg = self.session.msg("execute_request", content, metadata=metadata)
        self.shell_channel.send(msg)
        msg_id: str = msg["header"]["msg_id"]
        if not silent:
            self.last_msg_id = msg_id
        return msg_id


async def wait_for_reply(
    kernel: CellIdKernelClient, msg_id: str, what: str, *, timeout: float = _REPLY_TIMEOUT
) -> dict[str, Any]:
    """The shell reply to ``msg_id``; a dead or silent kernel raises instead of hanging."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            msg: dict[str, Any] = await kernel.shell_channel.get_msg(timeout=_POLL_INTERVAL)
        except Empty:
            if not await kernel.is_alive():
                raise KernelError(f"The kernel died while {what}.") from None
            if time.monotonic() > deadline:
                raise KernelError(
                    f"The kernel did not answer within {timeout:.0f} s while {what}."
                ) from None
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
