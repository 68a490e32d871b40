"""Which names a piece of notebook code reads and defines, found statically with `ast`.

A step's *inputs* are the names it reads before it defines them itself; its
*definitions* are the names it binds at module level. Nested scopes follow
Python's rules: names bound in a function, a lambda or a comprehension are
local to it, and the names their bodies read from outside are reads of the
step. A function body runs later than its definition, so a name it reads
counts as an input only when the step never defines that name.

Assigning to an attribute or an item (``df["x"] = 1``, ``model.fit = f``) reads
and changes its base name, as does ``del df["x"]``; ``x += 1`` reads and binds
``x``; so does a method call on its own line (``model.fit(X)``,
``rows.append(r)``), which is how objects are usually changed. IPython syntax
(``%magic``, ``!shell``, ``x = !ls``) is turned into plain
Python first, line by line, so line numbers stay those of the cell.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterable, Iterator

from ..frozen import frozen
from .translate import metric_line_reads

__all__ = ["CodeNames", "ImportBinding", "analyze_code", "strip_magics"]

_BUILTINS = frozenset(dir(builtins)) | {"__name__", "__file__", "__builtins__", "display"}
_MAGIC_LINE = re.compile(r"^(\s*)(%|!)")
_ASSIGNED_MAGIC = re.compile(r"^(\s*)([A-Za-z_][\w, ]*?)\s*=\s*(%|!)")


@frozen
class ImportBinding:
    """A name bound by an ``import`` statement, with the statement's text to repeat it."""

    name: str
    statement: str


@frozen
class CodeNames:
    """What a piece of code reads from outside and what it defines.

    Attributes
    ----------
    reads
        Names read before the code binds them (builtins left out), in first-read order.
    defines
        Names the code binds at module level, in first-bind order.
    imports
        Names bound by import statements, with the statement that binds each.
    deleted
        Names removed with ``del name``.
    """

    reads: tuple[str, ...]
    defines: tuple[str, ...]
    imports: tuple[ImportBinding, ...] = ()
    deleted: tuple[str, ...] = ()


def strip_magics(source: str) -> str:
    """Turn IPython-only lines into plain Python that binds the same names.

    ``%magic`` and ``!cmd`` lines become ``pass`` at the same indentation, except
    ``%mlops metric k={expr}``, which becomes an expression reading ``expr``;
    ``x = !ls`` and ``x = %time f()`` become ``x = None``; a leading ``%%`` cell
    magic line is dropped (its body is the cell's code). Line numbers are kept.
    """
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        lines[0] = ""
    out = []
    for line in lines:
        metric = metric_line_reads(line)
        if metric is not None:  # its {expr} values are reads
            out.append(metric)
            continue
        assigned = _ASSIGNED_MAGIC.match(line)
        if assigned and not line.lstrip().startswith(("%", "!")):
            out.append(f"{assigned.group(1)}{assigned.group(2).strip()} = None")
            continue
        magic = _MAGIC_LINE.match(line)
        out.append(f"{magic.group(1)}pass" if magic else line)
    return "\n".join(out) + ("\n" if source.endswith("\n") else "")


def analyze_code(source: str, filename: str = "<cell>") -> CodeNames:
    """Find the names ``source`` reads and defines.

    Parameters
    ----------
    source
        Python code, possibly with IPython magics (see `strip_magics`).
    filename
        Named in a syntax error.

    Raises
    ------
    SyntaxError
        The code is not Python once its magics are stripped.
    """
    tree = ast.parse(strip_magics(source), filename=filename)
    reads: dict[str, None] = {}
    defines: dict[str, None] = {}
    imports: dict[str, ImportBinding] = {}
    deleted: dict[str, None] = {}
    deferred: dict[str, None] = {}
    for statement in tree.body:
        scan = _ModuleStatement()
        scan.visit(statement)
        for is_store, name in scan.events:
            if is_store:
                defines.setdefault(name)
                deleted.pop(name, None)
            elif name not in defines and name not in _BUILTINS:
                reads.setdefault(name)
        for name in scan.deferred:
            deferred.setdefault(name)
        for name in scan.deletes:
            deleted.setdefault(name)
        if isinstance(statement, ast.Import | ast.ImportFrom):
            text = ast.unparse(statement)
            for name in scan.stores:
                imports[name] = ImportBinding(name, text)
    # A function body runs after the whole step is defined: it reads from outside
    # only the names the step never binds.
    for name in deferred:
        if name not in defines and name not in _BUILTINS:
            reads.setdefault(name)
    return CodeNames(
        reads=tuple(reads),
        defines=tuple(defines),
        imports=tuple(imports.values()),
        deleted=tuple(deleted),
    )


class _ModuleStatement(ast.NodeVisitor):
    """Loads and stores of one module-level statement, in evaluation order."""

    def __init__(self) -> None:
        self.loads: list[str] = []
        self.stores: list[str] = []
        self.deletes: list[str] = []
        self.deferred: list[str] = []
        # Loads and stores in evaluation order: `for x in xs: use(x)` reads xs, not x.
        self.events: list[tuple[bool, str]] = []

    def _load(self, name: str) -> None:
        self.loads.append(name)
        self.events.append((False, name))

    def _store(self, name: str) -> None:
        self.stores.append(name)
        self.events.append((True, name))

    # -- names -------------------------------------------------------------------

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self._load(node.id)
        elif isinstance(node.ctx, ast.Store):
            self._store(node.id)
        else:  # del name
            self._load(node.id)
            self.deletes.append(node.id)

    def _mutated_base(self, node: ast.expr) -> None:
        """``a.b = v`` / ``a[i] = v`` / ``del a[i]`` read and change ``a``."""
        base = node
        while isinstance(base, ast.Attribute | ast.Subscript | ast.Starred):
            base = base.value
        if isinstance(base, ast.Name):
            self._store(base.id)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.generic_visit(node)
        if not isinstance(node.ctx, ast.Load):
            self._mutated_base(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self.generic_visit(node)
        if not isinstance(node.ctx, ast.Load):
            self._mutated_base(node)

    # -- statements whose parts run in another order than they are written ----------

    def visit_Expr(self, node: ast.Expr) -> None:
        """``model.fit(x)`` / ``rows.append(r)`` on their own line change their object."""
        self.visit(node.value)
        call = node.value
        if isinstance(call, ast.Await):
            call = call.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            self._mutated_base(call.func)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for target in node.targets:
            self.visit(target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
        self.visit(node.annotation)
        if node.value is not None or not isinstance(node.target, ast.Name):
            self.visit(node.target)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self._load(node.target.id)
            self._store(node.target.id)
        else:
            self.visit(node.target)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self._store(node.target.id)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        self.visit(node.target)
        for child in (*node.body, *node.orelse):
            self.visit(child)

    visit_AsyncFor = visit_For  # noqa: N815 - ast.NodeVisitor's naming

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._store(alias.asname or alias.name.partition(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name != "*":
                self._store(alias.asname or alias.name)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self._store(node.name)
        for child in node.body:
            self.visit(child)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        self.generic_visit(node)
        if node.name:
            self._store(node.name)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self._store(node.name)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        self.generic_visit(node)
        if node.rest:
            self._store(node.rest)

    # -- nested scopes ---------------------------------------------------------------

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._arguments_outside(node.args)
        if node.returns is not None:
            self.visit(node.returns)
        free, global_stores = _function_free_names(node.args, node.body)
        self.deferred.extend(free)
        for name in global_stores:
            self._store(name)
        self._store(node.name)

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815 - ast.NodeVisitor's naming

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._arguments_outside(node.args)
        free, _ = _function_free_names(node.args, [ast.Expr(node.body)])
        self.deferred.extend(free)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expr in (*node.decorator_list, *node.bases, *(k.value for k in node.keywords)):
            self.visit(expr)
        # A class body runs at once, in its own namespace.
        inner = _ModuleStatement()
        for statement in node.body:
            inner.visit(statement)
        local = set(inner.stores)
        for name in inner.loads:
            if name not in local:
                self._load(name)
        self.deferred.extend(inner.deferred)
        self._store(node.name)

    def _comprehension(
        self, generators: list[ast.comprehension], elements: Iterable[ast.expr]
    ) -> None:
        # The first iterable is evaluated outside; everything else in the comprehension's scope.
        self.visit(generators[0].iter)
        inner = _ModuleStatement()
        for index, generator in enumerate(generators):
            if index:
                inner.visit(generator.iter)
            inner.visit(generator.target)
            for condition in generator.ifs:
                inner.visit(condition)
        for element in elements:
            inner.visit(element)
        local = set(inner.stores)
        for name in inner.loads:
            if name not in local:
                self._load(name)
        self.deferred.extend(inner.deferred)

    def visit_ListComp(self, node: ast.ListComp) -> None:
        self._comprehension(node.generators, [node.elt])

    def visit_SetComp(self, node: ast.SetComp) -> None:
        self._comprehension(node.generators, [node.elt])

    def visit_GeneratorExp(self, node: ast.GeneratorExp) -> None:
        self._comprehension(node.generators, [node.elt])

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node.generators, [node.key, node.value])

    def _arguments_outside(self, args: ast.arguments) -> None:
        """Defaults and annotations are evaluated where the function is defined."""
        for default in (*args.defaults, *(d for d in args.kw_defaults if d is not None)):
            self.visit(default)
        for arg in _all_args(args):
            if arg.annotation is not None:
                self.visit(arg.annotation)


def _all_args(args: ast.arguments) -> Iterator[ast.arg]:
    yield from args.posonlyargs
    yield from args.args
    if args.vararg:
        yield args.vararg
    yield from args.kwonlyargs
    if args.kwarg:
        yield args.kwarg


def _function_free_names(args: ast.arguments, body: list[ast.stmt]) -> tuple[list[str], list[str]]:
    """Names a function body reads from enclosing scopes, and globals it assigns."""
    declared_global: set[str] = set()
    for node in _walk_own_scope(body):
        if isinstance(node, ast.Global | ast.Nonlocal):
            declared_global.update(node.names)
    scan = _ModuleStatement()
    for statement in body:
        scan.visit(statement)
    local = {arg.arg for arg in _all_args(args)} | (set(scan.stores) - declared_global)
    free = [name for name in (*scan.loads, *scan.deferred) if name not in local]
    global_stores = [name for name in scan.stores if name in declared_global]
    return free, global_stores


def _walk_own_scope(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Nodes of a function body, not descending into nested functions or classes."""
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                stack.append(child)
