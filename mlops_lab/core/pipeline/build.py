"""A notebook becomes a `Pipeline`: steps from marks, edges from the names steps share.

Every problem found is kept, with
the cell and variable it is about, so the UI can list them all at once.
"""

from __future__ import annotations

import ast
import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..records import JsonValue
from .analysis import CodeNames, analyze_code
from .cell_code import (
    cell_source,
    cell_tags,
    literal_assignment,
    only_definitions,
    read_notebook_json,
)
from .graph import edge_cycle
from .marks import CellRole, read_marks
from .model import (
    CellRef,
    Edge,
    EdgeKind,
    Parameter,
    ParameterType,
    Pipeline,
    Problem,
    ProblemKind,
    Step,
    StepInput,
)
from .printed_metrics import printed_metrics

__all__ = ["pipeline_from_notebook", "read_notebook_json"]

#: The step of a notebook without any step mark.
SINGLE_STEP = "main"


@dataclass
class _Draft:
    """A step while cells are being added to it."""

    name: str
    cells: list[CellRef] = field(default_factory=list)
    after: dict[str, CellRef] = field(default_factory=dict)
    names: CodeNames | None = None
    cell_names: list[tuple[CellRef, CodeNames]] = field(default_factory=list)
    leaves: list[str] = field(default_factory=list)  # variables it defines for later steps


def pipeline_from_notebook(
    notebook: Mapping[str, Any], *, name: str, path: str | None = None
) -> Pipeline:
    """Turn a notebook (nbformat 4 JSON) into a pipeline.

    Parameters
    ----------
    notebook
        The notebook document, as `read_notebook_json` returns it.
    name
        The pipeline's name (usually the notebook's stem).
    path
        The notebook's path, kept in the pipeline to find it again.

    Returns
    -------
    Pipeline
        With its ``problems``: call `Pipeline.check` before running it.
    """
    builder = _Builder(name)
    # Cells are numbered as the notebook shows them, markdown included, from 1.
    for index, cell in enumerate(notebook.get("cells", []), start=1):
        if isinstance(cell, Mapping) and cell.get("cell_type") == "code":
            builder.add(index, cell)
    return builder.finish(path)


class _Builder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.parameters: list[Parameter] = []
        self.shared: list[CellRef] = []
        self.leading: list[CellRef] = []  # unmarked cells before the first step
        self.metric_cells: list[CellRef] = []
        self.drafts: list[_Draft] = []
        self.marked = False

    # -- reading cells ---------------------------------------------------------------

    def add(self, index: int, cell: Mapping[str, Any]) -> None:
        source = cell_source(cell)
        cell_id = cell.get("id")
        ref = CellRef(index, str(cell_id) if cell_id else None, source)
        marks = read_marks(cell_tags(cell), source)
        for error in marks.errors:
            self._problem(ProblemKind.SYNTAX, f"{ref.label}: {error}.", ref)
        if marks.role is CellRole.SKIP or not source.strip():
            return
        if marks.role is CellRole.SHARED:
            self.shared.append(ref)
        elif marks.role is CellRole.PARAMETERS:
            self._read_parameters(ref)
        elif marks.role is CellRole.METRICS:
            self.metric_cells.append(ref)
        if marks.role is not CellRole.CODE:
            self.marked = True
            return
        if marks.step is not None:
            self.marked = True
            self._start_step(marks.step, ref)
        elif not self.drafts:
            self.leading.append(ref)
            return
        draft = self.drafts[-1]
        draft.cells.append(ref)
        for upstream in marks.after:
            draft.after.setdefault(upstream, ref)
        if marks.after:
            self.marked = True

    def _start_step(self, name: str, ref: CellRef) -> None:
        if self.drafts and self.drafts[-1].name == name:
            return  # a step's cells may each carry its tag
        # load-data and load_data would be one module, steps/load_data.py.
        earlier = next((draft for draft in self.drafts if _same_module(draft.name, name)), None)
        if earlier is not None:
            between = self.drafts[-1].name
            self._problem(
                ProblemKind.DUPLICATE_STEP,
                f"{ref.label} starts step {name!r} again, after step {between!r}; a step's "
                f"cells must be together: rename one of the two steps or move the cell "
                f"next to {earlier.cells[0].label}.",
                ref,
                step=name,
            )
            name = f"{name}~{ref.index}"  # keep going, to report every problem at once
        self.drafts.append(_Draft(name))

    def _read_parameters(self, ref: CellRef) -> None:
        try:
            tree = ast.parse(ref.source)
        except SyntaxError as error:
            self._problem(
                ProblemKind.SYNTAX, f"{ref.label}: parameters cell is not Python: {error.msg}.", ref
            )
            return
        for statement in tree.body:
            target, value = literal_assignment(statement)
            if target is None or value is None:
                self._problem(
                    ProblemKind.PARAMETER,
                    f"{ref.label}: the parameters cell may only assign literal values "
                    f"(name = 0.1), not {ast.unparse(statement)!r}; move that line to a step.",
                    ref,
                )
                continue
            try:
                default: JsonValue = ast.literal_eval(value)
                json.dumps(default)
            except (ValueError, TypeError, SyntaxError, RecursionError):
                self._problem(
                    ProblemKind.PARAMETER,
                    f"{ref.label}: parameter {target!r} = {ast.unparse(value)!r} is not a "
                    "literal (number, string, bool, list, dict or None); compute it in a step.",
                    ref,
                    variable=target,
                )
                continue
            self.parameters = [p for p in self.parameters if p.name != target]
            self.parameters.append(Parameter(target, ParameterType.of(default), default, ref.id))

    def _problem(
        self,
        kind: ProblemKind,
        message: str,
        ref: CellRef | None,
        *,
        variable: str | None = None,
        step: str | None = None,
    ) -> None:
        self.problems.append(
            Problem(
                kind=kind,
                message=message,
                cell_id=ref.id if ref else None,
                cell_index=ref.index if ref else None,
                variable=variable,
                step=step,
            )
        )

    # -- assembling --------------------------------------------------------------------

    def finish(self, path: str | None) -> Pipeline:
        self._place_leading_cells()
        shared_names = self._analyze_shared()
        for draft in self.drafts:
            self._analyze(draft)
        parameter_names = {p.name for p in self.parameters}
        import_table: dict[str, str] = {}
        for draft in self.drafts:
            if draft.names is not None:
                for binding in draft.names.imports:
                    import_table.setdefault(binding.name, binding.statement)
        known_steps = {draft.name for draft in self.drafts}

        producers: dict[str, str] = {}  # variable -> the last step so far that defines it
        definers: dict[str, list[str]] = {}
        # A module is imported again where it is used, never passed (plt.plot() "changes" plt).
        modules = shared_names | set(import_table)
        for draft in self.drafts:
            draft.leaves = [v for v in self._left_defined(draft) if v not in modules]
            for variable in draft.leaves:
                definers.setdefault(variable, []).append(draft.name)

        steps: list[Step] = []
        edges: dict[tuple[str, str], Edge] = {}
        outputs: dict[str, list[str]] = {draft.name: [] for draft in self.drafts}
        for draft in self.drafts:
            names = draft.names
            inputs: list[StepInput] = []
            imports: list[str] = []
            via: dict[str, list[str]] = {}
            for variable in names.reads if names else ():
                if variable in producers:
                    upstream = producers[variable]
                    inputs.append(StepInput(variable, upstream))
                    via.setdefault(upstream, []).append(variable)
                    if variable not in outputs[upstream]:
                        outputs[upstream].append(variable)
                elif variable in parameter_names:
                    inputs.append(StepInput(variable))
                elif variable in shared_names:
                    continue
                elif variable in import_table:
                    if import_table[variable] not in imports:
                        imports.append(import_table[variable])
                else:
                    self._undefined(draft, variable, definers.get(variable, []))
            for upstream, variables in via.items():
                listed = ", ".join(f"`{v}`" for v in variables)
                edges[(upstream, draft.name)] = Edge(
                    upstream,
                    draft.name,
                    EdgeKind.DATA,
                    tuple(variables),
                    f"{draft.name} reads {listed} defined by {upstream}",
                )
            for upstream, ref in draft.after.items():
                if upstream not in known_steps:
                    self._problem(
                        ProblemKind.UNKNOWN_STEP,
                        f"{ref.label} says prev:{upstream}, but no step is named {upstream!r}; "
                        f"the steps are: {', '.join(sorted(known_steps))}.",
                        ref,
                        step=upstream,
                    )
                    continue
                if (upstream, draft.name) not in edges:
                    edges[(upstream, draft.name)] = Edge(
                        upstream,
                        draft.name,
                        EdgeKind.ORDER,
                        (),
                        f"{draft.name} runs after {upstream}: prev:{upstream} on {ref.label}",
                    )
            for variable in draft.leaves:
                producers[variable] = draft.name
            steps.append(
                Step(
                    name=draft.name,
                    cells=tuple(draft.cells),
                    inputs=tuple(inputs),
                    after=tuple(draft.after),
                    imports=tuple(imports),
                )
            )
        metrics, problems = printed_metrics(
            self.metric_cells, self.parameters, producers, outputs, steps
        )
        self.problems.extend(problems)
        steps = [dataclasses.replace(step, outputs=tuple(outputs[step.name])) for step in steps]
        self._find_cycle(steps, edges)
        return Pipeline(
            name=self.name,
            notebook=path,
            parameters=tuple(self.parameters),
            shared=tuple(self.shared),
            steps=tuple(steps),
            edges=tuple(edges.values()),
            metrics=tuple(metrics),
            problems=tuple(self.problems),
        )

    def _place_leading_cells(self) -> None:
        """Unmarked cells before the first step: shared code if they only import or define.

        Without any mark at all, the whole notebook is one step.
        """
        if not self.leading:
            return
        if not self.drafts and not self.marked:
            self.drafts.append(_Draft(SINGLE_STEP, cells=list(self.leading)))
            return
        if all(only_definitions(ref.source) for ref in self.leading):
            self.shared = sorted([*self.leading, *self.shared], key=lambda ref: ref.index)
        else:
            self.drafts.insert(0, _Draft("start", cells=list(self.leading)))

    def _analyze_shared(self) -> set[str]:
        names: set[str] = set()
        for ref in self.shared:
            analyzed = self._analyze_cell(ref)
            if analyzed is not None:
                names.update(analyzed.defines)
        return names

    def _analyze_cell(self, ref: CellRef) -> CodeNames | None:
        try:
            return analyze_code(ref.source, ref.label)
        except SyntaxError as error:
            self._problem(
                ProblemKind.SYNTAX,
                f"{ref.label}: not Python: {error.msg} (line {error.lineno}).",
                ref,
            )
            return None

    def _analyze(self, draft: _Draft) -> None:
        for ref in draft.cells:
            analyzed = self._analyze_cell(ref)
            if analyzed is None:
                return
            draft.cell_names.append((ref, analyzed))
        draft.names = analyze_code("\n\n".join(ref.source for ref in draft.cells))

    @staticmethod
    def _left_defined(draft: _Draft) -> list[str]:
        if draft.names is None:
            return []
        imported = {binding.name for binding in draft.names.imports}
        deleted = set(draft.names.deleted)
        return [n for n in draft.names.defines if n not in imported and n not in deleted]

    def _undefined(self, draft: _Draft, variable: str, later: Sequence[str]) -> None:
        ref = next(
            (ref for ref, names in draft.cell_names if variable in names.reads), draft.cells[0]
        )
        others = [name for name in later if name != draft.name]
        hint = (
            f"step {others[0]!r} defines it later: move that cell above, or assign it "
            "in the parameters cell"
            if others
            else "define it in an earlier cell, the parameters cell or an imports cell"
        )
        self._problem(
            ProblemKind.UNDEFINED_VARIABLE,
            f"{ref.label} (step {draft.name!r}) reads `{variable}` before any step defines it; "
            f"{hint}.",
            ref,
            variable=variable,
            step=draft.name,
        )

    def _find_cycle(self, steps: Sequence[Step], edges: Mapping[tuple[str, str], Edge]) -> None:
        found = edge_cycle([step.name for step in steps], edges)
        if found is None:
            return
        order, culprit = found
        cell = self._cell_of_mark(culprit)
        self._problem(
            ProblemKind.CYCLE,
            f"steps {' -> '.join(order)} form a cycle: {culprit.explanation}; remove "
            f"that mark{' from ' + cell.label if cell else ''} or reorder the cells.",
            cell,
            step=culprit.downstream,
        )

    def _cell_of_mark(self, edge: Edge) -> CellRef | None:
        for draft in self.drafts:
            if draft.name == edge.downstream:
                return draft.after.get(edge.upstream, draft.cells[0] if draft.cells else None)
        return None


def _same_module(first: str, second: str) -> bool:
    return first.replace("-", "_") == second.replace("-", "_")
