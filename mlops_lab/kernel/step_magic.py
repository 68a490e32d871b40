"""``%%mlops step NAME [--after A,B]``: marks a cell as the start of a pipeline step.

In a live kernel it just runs the cell (its last expression is shown, as usual);
the mark is read when the notebook is exported (`mlops_lab.core.pipeline.marks`).
"""

from __future__ import annotations

import ast
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, magics_class

from ..core.pipeline import MAGIC_USAGE, parse_step_magic

__all__ = ["StepMagics"]


@magics_class
class StepMagics(Magics):
    @cell_magic
    def mlops(self, line: str, cell: str) -> Any:
        """Mark a pipeline step and run the cell: ``%%mlops step NAME [--after A,B]``."""
        command, _, arguments = line.strip().partition(" ")
        if command != "step":
            raise UsageError(f"%%mlops: unknown cell command {command!r}; usage: {MAGIC_USAGE}")
        try:
            parse_step_magic(arguments)
        except ValueError as error:
            raise UsageError(f"%%mlops step: {error}") from None
        shell = self.shell
        if shell is None:
            raise UsageError("%%mlops step runs only in an IPython shell.")
        code: str = shell.transform_cell(cell)  # type: ignore[no-untyped-call]
        tree = ast.parse(code, filename="<%%mlops step>")
        last = tree.body[-1] if tree.body else None
        if isinstance(last, ast.Expr):
            tree.body.pop()
        else:
            last = None
        namespace = shell.user_ns
        exec(compile(tree, "<%%mlops step>", "exec"), namespace)
        if last is None:
            return None
        # Returned, the value is shown as Out[n], like a plain cell's last expression.
        return eval(compile(ast.Expression(last.value), "<%%mlops step>", "eval"), namespace)
