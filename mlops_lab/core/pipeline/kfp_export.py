"""Target ``kfp``: a Kubeflow Pipelines v2 pipeline in Python, and its compiled YAML.

Each step is a lightweight component whose ``packages_to_install`` are the
distributions it imports, pinned to the versions of the notebook run's
environment lock (not the whole environment in every step). Parameters keep
their types; data flows as artifacts, in the same formats as the local target.
kfp is optional (``pip install "mlops-lab[kfp]"``): it is needed to compile.
"""

from __future__ import annotations

import importlib.util
import keyword
import re
import sys
from importlib import metadata
from pathlib import Path

from ..capture.environment import canonical_name
from ..errors import MissingDependencyError, MlopsLabError
from ..store.confined import write_confined
from .analysis import analyze_code
from .kfp_runtime import RUNTIME_LINES
from .layout import module_name
from .local_export import shared_source, step_source
from .model import ParameterType, Pipeline, Step
from .targets import ExportOptions, PipelineTarget

__all__ = ["KFP_MISSING", "KfpTarget", "packages_for_step", "write_kfp"]


def _kfp_missing() -> MissingDependencyError:
    return MissingDependencyError("the Kubeflow Pipelines SDK (kfp)", "kfp", "The kfp target")


KFP_MISSING = _kfp_missing().message
PIPELINE_PY = "pipeline.py"
COMPILED_YAML = "pipeline.yaml"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")
_KFP_TYPES = {
    ParameterType.INT: "int",
    ParameterType.FLOAT: "float",
    ParameterType.BOOL: "bool",
    ParameterType.STR: "str",
    ParameterType.LIST: "list",
    ParameterType.DICT: "dict",
    ParameterType.NONE: "str",
}
# The data-passing formats' libraries: a step that may pass a table needs pyarrow.
_ALWAYS = ("cloudpickle",)
_WITH_PANDAS = ("pyarrow",)


class KfpTarget(PipelineTarget):
    """Kubeflow Pipelines v2: ``pipeline.py`` and the compiled ``pipeline.yaml``."""

    name = "kfp"

    def export(self, pipeline: Pipeline, directory: Path, options: ExportOptions) -> list[Path]:
        return write_kfp(pipeline, directory, options)


def write_kfp(pipeline: Pipeline, directory: Path, options: ExportOptions) -> list[Path]:
    """Write ``pipeline.py`` and compile it to ``pipeline.yaml`` in ``directory``.

    Raises
    ------
    MlopsLabError
        kfp is not installed (the message says what to install), or it refused the pipeline.
    """
    pipeline.check()
    if importlib.util.find_spec("kfp") is None:
        raise _kfp_missing()
    pins = _pins(options.requirements or "")
    image = options.base_image or _default_image(options.requirements or "")
    source = pipeline_source(pipeline, pins, image)
    python_file = write_confined(directory, PIPELINE_PY, source)
    compiled = directory / COMPILED_YAML
    _compile(python_file, compiled, pipeline)
    return [python_file, compiled]


# Names pipeline.py itself uses: a step named like one gets a suffix.
_TAKEN = frozenset(
    {"Artifact", "BASE_IMAGE", "Input", "Metrics", "Output", "Path", "compiler", "dsl"}
)


def pipeline_function_name(pipeline: Pipeline) -> str:
    """The Python name of the pipeline function (``01-train`` -> ``pipeline_01_train``)."""
    name = re.sub(r"\W", "_", kfp_name(pipeline.name))
    return name if name.isidentifier() and not keyword.iskeyword(name) else f"pipeline_{name}"


def component_name(step: str) -> str:
    """The Python name of a step's component (a keyword or a taken name gets ``_step``)."""
    name = module_name(step)
    return f"{name}_step" if keyword.iskeyword(name) or name in _TAKEN else name


def kfp_name(name: str) -> str:
    """A Kubeflow pipeline name: lower case letters, digits and dashes."""
    cleaned = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    return cleaned or "pipeline"


def packages_for_step(pipeline: Pipeline, step: Step, pins: dict[str, str]) -> list[str]:
    """The distributions a step imports (shared code included), pinned from the lock."""
    modules: list[str] = []
    for code in (pipeline.shared_code, step.code, "\n".join(step.imports)):
        try:
            names = analyze_code(code)
        except SyntaxError:
            continue
        for binding in names.imports:
            top = _top_module(binding.statement)
            if top and top not in modules:
                modules.append(top)
    distributions: list[str] = []
    owners = metadata.packages_distributions()
    for module in modules:
        if module in sys.stdlib_module_names or module == "mlops_lab":
            continue
        for owner in owners.get(module, [module]):
            name = canonical_name(owner)
            if name not in distributions and name != "mlops-lab":
                distributions.append(name)
    extra = list(_ALWAYS)
    if "pandas" in distributions:
        extra.extend(_WITH_PANDAS)
    for name in extra:
        if name not in distributions and name in pins:
            distributions.append(name)
    return [f"{name}=={pins[name]}" if name in pins else name for name in distributions]


def _top_module(statement: str) -> str | None:
    match = re.match(r"^\s*(?:from\s+(\S+)\s+import|import\s+([\w.]+))", statement)
    if not match:
        return None
    module = match.group(1) or match.group(2)
    if module.startswith("."):
        return None
    return module.split(".")[0]


def _pins(requirements: str) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in requirements.splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[canonical_name(match.group(1))] = match.group(2)
    return pins


def _default_image(requirements: str) -> str:
    match = re.search(r"^# python: (\d+)\.(\d+)", requirements, re.MULTILINE)
    major, minor = match.groups() if match else sys.version_info[:2]
    return f"python:{major}.{minor}-slim"


def pipeline_source(pipeline: Pipeline, pins: dict[str, str], image: str) -> str:
    """The text of ``pipeline.py``."""
    lines = [
        f'"""Kubeflow Pipelines v2 pipeline {pipeline.name}, exported by mlops-lab from',
        f"{pipeline.notebook}.",
        "",
        "Compile it with `python pipeline.py` (writes pipeline.yaml beside it), or run it",
        "here with kfp.local. Each step runs the notebook's cells as they are; the lines at",
        "the end of each component load its inputs and save its outputs.",
        '"""',
        "",
        "from pathlib import Path",
        "",
        "from kfp import compiler, dsl",
        "from kfp.dsl import Artifact, Input, Metrics, Output",
        "",
        f"BASE_IMAGE = {image!r}",
    ]
    for step in pipeline.steps:
        lines.extend(["", ""])
        lines.extend(_component(pipeline, step, packages_for_step(pipeline, step, pins)))
    lines.extend(["", ""])
    lines.extend(_pipeline_function(pipeline))
    function = pipeline_function_name(pipeline)
    lines.extend(
        [
            "",
            "",
            'if __name__ == "__main__":',
            "    compiler.Compiler().compile(",
            f'        {function}, package_path=str(Path(__file__).with_name("{COMPILED_YAML}"))',
            "    )",
        ]
    )
    return "\n".join(lines) + "\n"


def _component(pipeline: Pipeline, step: Step, packages: list[str]) -> list[str]:
    arguments = [f"{name}: {_KFP_TYPES[pipeline.parameter(name).type]}" for name in step.parameters]
    arguments += [f"in_{item.name}: Input[Artifact]" for item in step.data_inputs]
    arguments += [f"out_{name}: Output[Artifact]" for name in step.outputs]
    arguments.append("mlops_metrics: Output[Metrics]")
    code = shared_source(pipeline) + "\n" + step_source(pipeline, step)
    lines = [
        "@dsl.component(",
        "    base_image=BASE_IMAGE,",
        f"    packages_to_install={packages!r},",
        ")",
        f"def {component_name(step.name)}(",
        *(f"    {argument}," for argument in arguments),
        "):",
        f'    """Step {step.name}: {", ".join(c.label for c in step.cells)}."""',
        f"    _step = {step.name!r}",
        f"    _code = {_string_literal(code)}",
        "    _parameters = {" + ", ".join(f"{name!r}: {name}" for name in step.parameters) + "}",
        "    _inputs = {" + ", ".join(f"{i.name!r}: in_{i.name}" for i in step.data_inputs) + "}",
        "    _outputs = {" + ", ".join(f"{n!r}: out_{n}" for n in step.outputs) + "}",
        f"    _metric_names = {list(pipeline.metrics_of(step.name))!r}",
    ]
    lines.extend(f"    {line}" if line else "" for line in RUNTIME_LINES.splitlines())
    return lines


def _string_literal(text: str) -> str:
    """Code as a raw triple-quoted string when it can be one (readable), else its repr."""
    if "'''" not in text and not text.endswith("\\") and "\r" not in text:
        return "r'''" + text + "'''"
    return repr(text)


def _pipeline_function(pipeline: Pipeline) -> list[str]:
    function = pipeline_function_name(pipeline)
    parameters = [f"{p.name}: {_KFP_TYPES[p.type]} = {p.default!r}" for p in pipeline.parameters]
    lines = [
        f"@dsl.pipeline(name={kfp_name(pipeline.name)!r}, "
        f"description={'Exported by mlops-lab from ' + str(pipeline.notebook)!r})",
        f"def {function}({', '.join(parameters)}):",
    ]
    task = {step.name: f"{module_name(step.name)}_task" for step in pipeline.steps}
    components = {step.name: component_name(step.name) for step in pipeline.steps}
    for step in pipeline.run_order():
        arguments = [f"{name}={name}" for name in step.parameters]
        arguments += [
            f'in_{i.name}={task[i.step]}.outputs["out_{i.name}"]'
            for i in step.data_inputs
            if i.step is not None
        ]
        call = f"    {task[step.name]} = {components[step.name]}({', '.join(arguments)})"
        lines.append(call)
        data_upstream = {i.step for i in step.data_inputs}
        for upstream in pipeline.upstream(step.name):
            if upstream not in data_upstream:
                lines.append(f"    {task[step.name]}.after({task[upstream]})")
    if not pipeline.steps:
        lines.append("    pass")
    return lines


def _compile(python_file: Path, compiled: Path, pipeline: Pipeline) -> None:
    spec = importlib.util.spec_from_file_location(f"mlops_lab_kfp_{id(pipeline)}", python_file)
    if spec is None or spec.loader is None:
        raise MlopsLabError(f"Cannot load {python_file} to compile it.")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        from kfp import compiler

        function = getattr(module, pipeline_function_name(pipeline))
        compiler.Compiler().compile(function, package_path=str(compiled))
    except ImportError as error:
        if error.name != "kfp" and not (error.name or "").startswith("kfp."):
            raise MlopsLabError(f"Cannot compile {python_file}: {error}") from None
        raise _kfp_missing() from None
    except Exception as error:  # kfp raises plain exceptions for pipelines it refuses
        raise MlopsLabError(
            f"kfp could not compile {python_file}: {type(error).__name__}: {error}"
        ) from None
