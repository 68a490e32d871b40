"""The live kernel of a run's notebook, and expressions evaluated in it for the registry.

A variable lives only in its kernel, so the server pushes one by asking the
notebook's kernel to push it (`mlops_lab.kernel.model_push.push_for_server`).
The request is silent (not recorded as a cell, no output in the notebook) and
goes through its own client on the kernel's shell channel, beside JupyterLab's.
"""

from __future__ import annotations

import ast
import json
import queue
import time
from pathlib import Path
from typing import Any

from ..core import ConflictError, Run

__all__ = ["KernelAnswerError", "call", "evaluate_json", "notebook_kernel"]

#: How long a push may take in the kernel (an MLflow push uploads the model).
EVALUATE_TIMEOUT = 300.0
_PUSH_MODULE = "mlops_lab.kernel.model_push"


class KernelAnswerError(ConflictError):
    """The kernel could not evaluate the request (mlops_lab missing there, an error)."""


async def notebook_kernel(
    session_manager: Any, root_dir: str, project_root: Path, run: Run
) -> str | None:
    """The id of a running kernel of the run's notebook, or None.

    A run's notebook path is relative to the project root; a kernel records the
    server's own session path when the notebook lies outside the project.
    """
    if not run.notebook:
        return None
    target = (project_root / run.notebook).resolve()
    for session in await session_manager.list_sessions():
        path = session.get("path") or (session.get("notebook") or {}).get("path")
        kernel = session.get("kernel") or {}
        if not path or not kernel.get("id"):
            continue
        if path == run.notebook or (Path(root_dir) / path).resolve() == target:
            return str(kernel["id"])
    return None


def call(function: str, *args: str) -> str:
    """The expression that calls ``mlops_lab.kernel.model_push.FUNCTION(*args)`` in a kernel.

    Arguments travel as Python string literals (``repr``), never as code.
    """
    literals = ", ".join(repr(arg) for arg in args)
    return f"__import__({_PUSH_MODULE!r}, fromlist=['_']).{function}({literals})"


async def evaluate_json(
    kernel_manager: Any, kernel_id: str, expression: str, timeout: float = EVALUATE_TIMEOUT
) -> Any:
    """Evaluate an expression that returns JSON text in a kernel; the decoded value.

    Raises
    ------
    KernelAnswerError
        The kernel did not answer in time, or the expression failed there (the
        kernel's environment lacks mlops_lab, for one).
    """
    client = kernel_manager.get_kernel(kernel_id).client()
    client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
    try:
        msg_id = client.execute(
            "",
            silent=True,
            store_history=False,
            user_expressions={"answer": expression},
            allow_stdin=False,
            stop_on_error=False,
        )
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise KernelAnswerError(
                    f"The notebook's kernel did not answer within {timeout:.0f} s (busy with a "
                    "cell?); the request still waits there: look at the registry before "
                    "pushing again."
                )
            try:
                reply = await client.get_shell_msg(timeout=left)
            except queue.Empty:
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                break
    finally:
        client.stop_channels()
    return _decode(reply["content"])


def _decode(content: dict[str, Any]) -> Any:
    if content.get("status") != "ok":
        raise KernelAnswerError(
            f"The notebook's kernel refused the request: {content.get('ename', 'error')}."
        )
    answer = content.get("user_expressions", {}).get("answer", {})
    if answer.get("status") != "ok":
        name, value = answer.get("ename", "Error"), answer.get("evalue", "")
        if name == "ModuleNotFoundError":
            raise KernelAnswerError(
                "The notebook's kernel cannot import mlops_lab: install it in the kernel's "
                "environment (pip install mlops-lab), or push a file of the run."
            )
        raise KernelAnswerError(f"The notebook's kernel failed: {name}: {value}")
    text = answer.get("data", {}).get("text/plain", "")
    try:
        return json.loads(ast.literal_eval(text))
    except (ValueError, SyntaxError, TypeError):
        message = f"The notebook's kernel answered unreadably: {text[:200]}"
        raise KernelAnswerError(message) from None
