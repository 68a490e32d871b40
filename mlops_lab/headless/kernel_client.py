"""A kernel client that sends each cell's id with its execute request, as JupyterLab does."""

from __future__ import annotations

from typing import Any

from jupyter_client.asynchronous.client import AsyncKernelClient

__all__ = ["CellIdKernelClient"]


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
