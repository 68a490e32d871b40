"""``mlops-lab models``: push, list, show and alias registered models from the command line.

``models push RUN --variable V`` cannot reach the kernel that held V: it pushes
the value the run kept of V (its artifact ``V.pkl``, logged with
``mlops_lab.log_artifact``); from a live notebook, ``%mlops push-model`` pushes
the variable itself. ``--artifact`` takes an artifact the run logged, a file
its cells wrote (if unchanged since), or any file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from ..core import ConflictError, MlopsLabError, Store
from ..core.capture.redaction import EnvironmentValues
from ..core.continuous import MissingDependencyError, decision_to_json, profile_run, promote
from ..core.registry import (
    ModelVersion,
    PushOptions,
    RegisteredModel,
    VersionRef,
    open_registry,
    parse_model_uri,
    push_captured_variable,
    push_run_file,
)
from ..core.registry.registry_json import model_version_to_json, registered_model_to_json
from .continuous import requirement
from .output import PROG, local_time, print_json, print_table

__all__ = ["add_commands"]


def add_commands(commands: Any, store_option: argparse.ArgumentParser) -> None:
    """Add ``models`` and its sub-commands to the ``mlops-lab`` sub-parsers."""
    registry_option = argparse.ArgumentParser(add_help=False)
    registry_option.add_argument(
        "--registry",
        metavar="URI",
        default=None,
        help="local (default: the store's own), mlflow (MLFLOW_TRACKING_URI), "
        "or mlflow:http://HOST:PORT",
    )
    json_option = argparse.ArgumentParser(add_help=False)
    json_option.add_argument("--json", action="store_true", help="print as JSON")
    common = [store_option, registry_option, json_option]

    models = commands.add_parser(
        "models",
        parents=[store_option],
        help="the model registry: push, list, show, alias",
        description="Register models pushed from runs, with their lineage.",
    )
    verbs = models.add_subparsers(
        dest="models_command", metavar="COMMAND", parser_class=type(models), required=True
    )

    push = verbs.add_parser(
        "push",
        parents=common,
        help="push a model from a run",
        description="Push a model from RUN as the next version of NAME, with its lineage "
        "(the run, the cell that made the model and the cells before it, data, environment, "
        "git). --variable takes the value the run kept of a variable (its artifact V.pkl); "
        "from a live notebook use %%mlops push-model instead.",
    )
    push.add_argument("run", metavar="RUN", help="run id, or a unique prefix of it")
    push.add_argument("--name", required=True, metavar="NAME", help="the registered model's name")
    source = push.add_mutually_exclusive_group(required=True)
    source.add_argument("--variable", metavar="V", help="a variable of the run (kept as V.pkl)")
    source.add_argument(
        "--artifact",
        metavar="PATH",
        help="an artifact the run logged, a file it wrote, or any file",
    )
    push.add_argument("--alias", metavar="A", help="point alias A at the new version")
    push.add_argument("--description", metavar="TEXT", default="", help="the version's description")
    push.set_defaults(handler=_cmd_push)

    listing = verbs.add_parser("list", parents=common, help="list the registered models")
    listing.set_defaults(handler=_cmd_list)

    show = verbs.add_parser(
        "show",
        parents=common,
        help="show a model's versions, or one version with its lineage",
        description="NAME shows the model and its versions; NAME/VERSION or NAME@ALIAS one "
        "version with its lineage.",
    )
    show.add_argument("ref", metavar="NAME[/VERSION|@ALIAS]")
    show.set_defaults(handler=_cmd_show)

    alias = verbs.add_parser(
        "alias", parents=common, help="point an alias at a version (moving it if it exists)"
    )
    alias.add_argument("name", metavar="NAME")
    alias.add_argument("version", metavar="VERSION", type=_version_number)
    alias.add_argument("alias", metavar="ALIAS")
    alias.set_defaults(handler=_cmd_alias)

    promote = verbs.add_parser(
        "promote",
        parents=common,
        help="move an alias to a version only when requirements hold",
        description="Point ALIAS at VERSION of NAME only when every --require holds against "
        "the version ALIAS points to now (or --against); the decision is kept on the version.",
    )
    promote.add_argument("name", metavar="NAME")
    promote.add_argument("version", metavar="VERSION", type=_version_number)
    promote.add_argument("--alias", required=True, metavar="ALIAS")
    promote.add_argument(
        "--require", nargs="+", action="extend", type=requirement, default=[], metavar="EXPR",
        help="a requirement such as 'accuracy >= base - 0.01' (repeatable)",
    )  # fmt: skip
    promote.add_argument("--against", metavar="ALIAS_OR_VERSION", help="the baseline version")
    promote.set_defaults(handler=_cmd_promote)


# -- commands -----------------------------------------------------------------------


def _cmd_push(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    # No value of this process's environment variables enters the store, as in a kernel.
    description = EnvironmentValues(os.environ).scrub(args.description)
    options = PushOptions(args.name, alias=args.alias, description=description)
    with open_registry(args.registry, store) as registry:
        if args.variable is not None:
            version = push_captured_variable(registry, store, args.run, args.variable, options)
        else:
            version = push_run_file(
                registry, store, args.run, args.artifact, options, outside_paths=Path.cwd(),
                unpickle=True,
            )  # fmt: skip
    _profile_training_data(store, version)
    if args.json:
        print_json(model_version_to_json(version), out)
        return
    print(_pushed(version), file=out)


def _profile_training_data(store: Store, version: ModelVersion) -> None:
    """Profile the tables the run read now, while they match the record (monitor needs them)."""
    if not version.run_id:
        return
    try:
        problems = [p.problem for p in profile_run(store, version.run_id) if p.problem]
    except MissingDependencyError:  # profiles are optional: `monitor` says what to install
        return
    except MlopsLabError as error:  # an unreadable table: the push stands
        problems = [error.message]
    for problem in problems:
        print(f"{PROG}: warning: no data profile: {problem}", file=sys.stderr)


def _cmd_list(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    with open_registry(args.registry, store) as registry:
        models = registry.list_models()
    if args.json:
        print_json([registered_model_to_json(m) for m in models], out)
        return
    if not models:
        print(
            "No models in this registry yet. Push one from a notebook with "
            "%mlops push-model VARIABLE --name NAME, or with mlops-lab models push.",
            file=out,
        )
        return
    rows = [
        (
            m.name,
            "-" if m.latest_version is None else str(m.latest_version),
            str(m.version_count),
            _aliases(m.aliases),
            local_time(m.updated_at),
        )
        for m in models
    ]
    print_table(("NAME", "LATEST", "VERSIONS", "ALIASES", "UPDATED"), rows, out)


def _cmd_show(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    ref = parse_model_uri(args.ref)
    with open_registry(args.registry, store) as registry:
        if ref.version is None and ref.alias is None:
            model = registry.get_model(ref.name)
            versions = registry.list_versions(ref.name)
            if args.json:
                body = registered_model_to_json(model)
                body["versions"] = [model_version_to_json(v) for v in versions]
                print_json(body, out)
            else:
                _print_model(model, versions, out)
            return
        version = registry.get_version(ref)
    if args.json:
        print_json(model_version_to_json(version), out)
    else:
        _print_version(version, out)


def _cmd_alias(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    with open_registry(args.registry, store) as registry:
        version = registry.set_alias(args.name, args.version, args.alias)
    if args.json:
        print_json(model_version_to_json(version), out)
        return
    print(f"{version.name}@{args.alias} -> version {version.version}", file=out)


def _cmd_promote(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    with open_registry(args.registry, store) as registry:
        decision = promote(
            registry,
            store,
            VersionRef(args.name, version=args.version),
            args.alias,
            args.require,
            against=args.against,
        )
        if decision.moved:  # the version now serving: its training data profiled for monitor
            _profile_training_data(store, registry.get_version(VersionRef(args.name, args.version)))
    if args.json:
        print_json(decision_to_json(decision), out)
    for verdict in decision.gate.verdicts:
        if not args.json:
            print(f"{'ok  ' if verdict.passed else 'FAIL'}  {verdict.message}", file=out)
    if not decision.moved:
        failed = "; ".join(v.message for v in decision.gate.failures)
        raise ConflictError(f"{args.name}@{args.alias} stays where it was: {failed}")
    if not args.json:
        print(f"{decision.name}@{decision.alias} -> version {decision.version}", file=out)


# -- printing ---------------------------------------------------------------------------


def _pushed(version: ModelVersion) -> str:
    run = version.run_id[:8] if version.run_id else "-"
    text = f"{version.name} version {version.version} ({version.registry} registry), from run {run}"
    if version.aliases:
        text += f"; aliases: {', '.join(version.aliases)}"
    return text


def _print_model(model: RegisteredModel, versions: Sequence[ModelVersion], out: TextIO) -> None:
    print(f"model:      {model.name} ({model.registry} registry)", file=out)
    if model.description:
        print(f"about:      {model.description}", file=out)
    print(f"aliases:    {_aliases(model.aliases)}", file=out)
    print("", file=out)
    rows = [
        (
            str(v.version),
            v.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            v.run_id[:8] if v.run_id else "-",
            ", ".join(v.aliases) or "-",
            v.model.type or v.file.filename,
        )
        for v in versions
    ]
    print_table(("VERSION", "CREATED", "RUN", "ALIASES", "MODEL"), rows, out)


def _print_version(version: ModelVersion, out: TextIO) -> None:
    fields = {
        "model": f"{version.name} version {version.version} ({version.registry} registry)",
        "created": version.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
        "aliases": ", ".join(version.aliases) or "-",
        "type": version.model.type or "-",
        "framework": " ".join(
            filter(None, [version.model.framework, version.model.framework_version])
        )
        or "-",
        "artifact": f"{version.file.filename} ({version.file.format.value})",
    }
    if version.description:
        fields["about"] = version.description
    if version.model.signature:
        fields["signature"] = json.dumps(version.model.signature)
    for key, value in fields.items():
        print(f"{key + ':':<12}{value}", file=out)
    _print_tags(version.tags, out)
    lineage = version.lineage
    if lineage is None:
        print("\nlineage:    none recorded (registered without mlops-lab)", file=out)
        return
    print("\nlineage:", file=out)
    print(f"  run       {lineage.run_id}  {lineage.run_name}", file=out)
    print(f"  notebook  {lineage.notebook or '-'}", file=out)
    print(f"  source    {lineage.source.kind} {lineage.source.name}", file=out)
    if lineage.git:
        dirty = " (uncommitted changes)" if lineage.git.get("dirty") else ""
        print(f"  git       {lineage.git.get('commit')}{dirty}", file=out)
    if lineage.environment:
        packages = lineage.environment.get("packages")
        count = len(packages) if isinstance(packages, dict) else 0
        python = lineage.environment.get("python")
        print(f"  env       Python {python}, {count} packages", file=out)
    for access in lineage.data:
        print(f"  data      {access.path}  {access.fingerprint or '-'}", file=out)
    logged: list[tuple[str, str, object]] = [("params", k, v) for k, v in lineage.params.items()]
    logged.extend(("metrics", k, v) for k, v in lineage.metrics.items())
    for title, name, logged_value in logged:
        print(f"  {title:<9} {name} = {json.dumps(logged_value)}", file=out)
    cell = lineage.training_cell
    print(f"\ncells before the model ({len(lineage.cells)}):", file=out)
    for before in lineage.cells:
        first = before.code.splitlines()[0] if before.code else ""
        print(f"  [{before.execution_count or '-'}] {first}", file=out)
    if cell is None:
        print("\nthe cell that made it: not recorded in the run", file=out)
        return
    print(f"\nthe cell that made it ([{cell.execution_count or '-'}]):", file=out)
    for line in cell.code.splitlines():
        print(f"    {line}", file=out)


def _print_tags(tags: Mapping[str, str], out: TextIO) -> None:
    """Tags, with the promotion decisions and monitoring checks kept as tags spelled out."""
    for key in sorted(tags):
        value = tags[key]
        kind, _, _ = key.partition("/")
        try:
            record = json.loads(value) if kind in ("promotion", "monitor") else None
        except ValueError:
            record = None
        if not isinstance(record, dict):
            print(f"{'tag:':<12}{key} = {value}", file=out)
        elif kind == "promotion":
            outcome = "moved" if record.get("moved") else "refused"
            requirements = "; ".join(
                f"{r.get('requirement')} ({'ok' if r.get('passed') else 'failed'})"
                for r in record.get("requirements") or []
            )
            print(
                f"{'promotion:':<12}{record.get('when')} by {record.get('who')}: "
                f"@{record.get('alias')} {outcome}; {requirements or 'no requirements'}",
                file=out,
            )
        else:
            verdict = "drift" if record.get("drifted") else "no drift"
            print(f"{'monitor:':<12}{record.get('when')} {record.get('batch')}: {verdict}",
                  file=out)  # fmt: skip


def _aliases(aliases: Any) -> str:
    return ", ".join(f"{name}={version}" for name, version in aliases.items()) or "-"


def _version_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a version number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"versions start at 1, not {value}")
    return value
