"""Which kernel names a cell's code reads and writes, by static analysis of its AST.

A name is READ when the code loads it before the cell has surely assigned it:
``x = x + 1`` reads ``x``, ``x = 1; y = x`` does not. A name assigned only in a
branch, a loop or a ``try`` may not be assigned when read later, so it still
counts as read there. Functions and classes defined in the cell read the globals
their bodies load (when called, perhaps later); comprehension variables are
local. ``del x``, ``x += 1``, ``x.a = 1`` and ``x[0] = 1`` read ``x`` and write it.
A name is WRITTEN when the cell binds it at module level: assignments, imports,
``def``/``class``, loop and ``with`` targets, ``except ... as``, walrus, ``del``.
IPython magics and shell lines are not Python: they are left out.
"""

from __future__ import annotations

import ast
import functools
import re
from typing import Any

from ..frozen import frozen

__all__ = ["CellNames", "cell_names"]

_MAGIC_LINE = re.compile(r"^\s*[%!]")
# ``try ... except*`` (Python 3.11) is walked like ``try``.
_TRY: tuple[type[ast.stmt], ...] = (ast.Try, *([ast.TryStar] if hasattr(ast, "TryStar") else []))


@frozen
class CellNames:
    """What a cell's code reads and writes at module level, and every name it mentions."""

    reads: frozenset[str]
    writes: frozenset[str]
    mentioned: frozenset[str]


_EMPTY = CellNames(frozenset(), frozenset(), frozenset())


@functools.lru_cache(maxsize=512)
def cell_names(code: str) -> CellNames:
    """The names ``code`` reads and writes; nothing for code that does not parse."""
    source = "\n".join("pass" if _MAGIC_LINE.match(line) else line for line in code.splitlines())
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return _EMPTY
    flow = _Flow()
    flow.block(tree.body)
    mentioned = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    return CellNames(frozenset(flow.reads), frozenset(flow.writes), frozenset(mentioned))


class _Flow:
    """Walks module-level statements in execution order, tracking surely-assigned names."""

    def __init__(self) -> None:
        self.reads: set[str] = set()
        self.writes: set[str] = set()
        self.assigned: set[str] = set()

    # -- statements -------------------------------------------------------------------

    def block(self, statements: list[ast.stmt]) -> None:
        for statement in statements:
            self.statement(statement)

    def maybe(self, *blocks: list[ast.stmt]) -> None:
        """Blocks of which one (or none) runs: only names all of them assign stay sure."""
        before = set(self.assigned)
        after: set[str] | None = None
        for body in blocks:
            self.assigned = set(before)
            self.block(body)
            after = self.assigned if after is None else after & self.assigned
        self.assigned = before | (after or set())

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Assign):
            self.expression(node.value)
            for target in node.targets:
                self.target(target)
        elif isinstance(node, ast.AugAssign):
            self.expression(node.value)
            self.target(node.target, augmented=True)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self.expression(node.value)
                self.target(node.target)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                if alias.name != "*":
                    self.bind((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            self.definition(node)
            self.bind(node.name)
        elif isinstance(node, ast.For | ast.AsyncFor):
            self.expression(node.iter)
            before = set(self.assigned)
            self.target(node.target)
            self.block(node.body)
            self.assigned = before  # the body may run no time at all
            self.maybe(node.orelse)
        elif isinstance(node, ast.While):
            self.expression(node.test)
            self.maybe(node.body)
            self.maybe(node.orelse)
        elif isinstance(node, ast.If):
            self.expression(node.test)
            self.maybe(node.body, node.orelse)
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                self.expression(item.context_expr)
                if item.optional_vars is not None:
                    self.target(item.optional_vars)
            self.block(node.body)
        elif isinstance(node, _TRY):
            self.try_statement(node)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                self.target(target, augmented=True)
                if isinstance(target, ast.Name):
                    self.assigned.discard(target.id)
        elif isinstance(node, ast.Match):
            self.expression(node.subject)
            for case in node.cases:
                for sub in ast.walk(case.pattern):
                    name = getattr(sub, "name", None) or getattr(sub, "rest", None)
                    if isinstance(name, str):
                        self.writes.add(name)
                if case.guard is not None:
                    self.expression(case.guard)
                self.maybe(case.body)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            pass
        else:  # Expr, Return, Raise, Assert, Pass...: only what they load
            self.expression(node)

    def try_statement(self, node: Any) -> None:
        """``try``: the body may stop anywhere; a handler runs after any part of it."""
        before = set(self.assigned)
        self.block(node.body)
        self.block(node.orelse)
        for handler in node.handlers:
            self.assigned = set(before)
            if handler.type is not None:
                self.expression(handler.type)
            if handler.name:
                self.bind(handler.name)
            self.block(handler.body)
        self.assigned = before  # the body may stop anywhere
        self.block(node.finalbody)

    def definition(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        """Decorators and defaults load now; the body's free names are read when it runs."""
        for decorator in node.decorator_list:
            self.expression(decorator)
        if isinstance(node, ast.ClassDef):
            for base in [*node.bases, *(k.value for k in node.keywords)]:
                self.expression(base)
        else:
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if default is not None:
                    self.expression(default)
        self.free_names(node)

    def free_names(self, scope: ast.AST) -> None:
        """Names a nested scope loads but does not bind itself: globals it reads."""
        local: set[str] = set()
        loads: set[str] = set()
        for sub in ast.walk(scope):
            if sub is scope:
                continue
            if isinstance(sub, ast.Name):
                (loads if isinstance(sub.ctx, ast.Load) else local).add(sub.id)
            elif isinstance(sub, ast.arg):
                local.add(sub.arg)
            elif isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                local.add(sub.name)
            elif isinstance(sub, ast.alias):
                local.add((sub.asname or sub.name).split(".")[0])
        for name in loads - local:
            self.load(name)

    # -- expressions ------------------------------------------------------------------

    def expression(self, node: ast.AST) -> None:
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                self.load(node.id)
            return
        if isinstance(node, ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp):
            self.comprehension_or_lambda(node)
            return
        if isinstance(node, ast.GeneratorExp):
            self.comprehension_or_lambda(node)
            return
        if isinstance(node, ast.NamedExpr):
            self.expression(node.value)
            self.bind(node.target.id)
            return
        for child in ast.iter_child_nodes(node):
            self.expression(child)

    def comprehension_or_lambda(self, node: ast.AST) -> None:
        if isinstance(node, ast.Lambda):
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if default is not None:
                    self.expression(default)
            self.free_names(node)
            return
        generators: list[ast.comprehension] = getattr(node, "generators", [])
        if generators:
            self.expression(generators[0].iter)  # evaluated in the enclosing scope
        for sub in ast.walk(node):
            if isinstance(sub, ast.NamedExpr):  # binds in the enclosing scope
                self.bind(sub.target.id)
        local = {
            sub.id
            for generator in generators
            for sub in ast.walk(generator.target)
            if isinstance(sub, ast.Name)
        }
        for sub in ast.walk(node):
            if (
                isinstance(sub, ast.Name)
                and isinstance(sub.ctx, ast.Load)
                and sub.id not in local
                and not (generators and _within(sub, generators[0].iter))
            ):
                self.load(sub.id)

    # -- names ----------------------------------------------------------------------

    def target(self, node: ast.AST, *, augmented: bool = False) -> None:
        """An assignment target: a name binds; an attribute or subscript reads its base."""
        if isinstance(node, ast.Name):
            if augmented:
                self.load(node.id)
            self.bind(node.id)
        elif isinstance(node, ast.Tuple | ast.List):
            for element in node.elts:
                self.target(element, augmented=augmented)
        elif isinstance(node, ast.Starred):
            self.target(node.value, augmented=augmented)
        elif isinstance(node, ast.Attribute | ast.Subscript):
            if isinstance(node, ast.Subscript):
                self.expression(node.slice)
            base = node.value
            while isinstance(base, ast.Attribute | ast.Subscript):
                if isinstance(base, ast.Subscript):
                    self.expression(base.slice)
                base = base.value
            if isinstance(base, ast.Name):
                self.load(base.id)
                self.writes.add(base.id)  # changed in place
            else:
                self.expression(base)

    def load(self, name: str) -> None:
        if name not in self.assigned:
            self.reads.add(name)

    def bind(self, name: str) -> None:
        self.writes.add(name)
        self.assigned.add(name)


def _within(node: ast.AST, tree: ast.AST) -> bool:
    return any(sub is node for sub in ast.walk(tree))
