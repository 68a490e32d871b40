"""The tags and params a push writes in MLflow: the lineage that fits in them.

MLflow limits a tag's value to 5,000 characters; the whole lineage goes in the
run's ``mlops-lab/version.json``, and the tags name what a reader of the MLflow
UI needs to find the run again.
"""

from __future__ import annotations

import json

from .version_records import Lineage, ModelPackage

__all__ = ["TAG_PREFIX", "VERSION_DOCUMENT", "lineage_tags", "param_text", "source_tags"]

#: Tags this backend writes start with it.
TAG_PREFIX = "mlops_lab."
#: Where the lineage document goes in the MLflow run.
VERSION_DOCUMENT = "mlops-lab/version.json"
#: MLflow refuses longer tag values; the full lineage is in the version document.
_TAG_VALUE_MAX = 5000
_PARAM_VALUE_MAX = 6000


def lineage_tags(package: ModelPackage, lineage: Lineage) -> dict[str, str]:
    cell = lineage.training_cell
    git = lineage.git or {}
    values: dict[str, object] = {
        "run_id": lineage.run_id,
        "run_name": lineage.run_name,
        "experiment": lineage.experiment,
        "notebook": lineage.notebook,
        "notebook_fingerprint": lineage.notebook_fingerprint,
        "source": f"{lineage.source.kind}:{lineage.source.name}",
        "source_fingerprint": lineage.source.fingerprint,
        "training_cell_id": None if cell is None else cell.cell_id,
        "training_cell_code_object": None if cell is None else cell.code_object,
        "cell_count": len(lineage.cells) + (0 if cell is None else 1),
        "git_commit": git.get("commit"),
        "git_dirty": git.get("dirty"),
        "requirements_object": lineage.requirements_object,
        "model_type": package.info.type,
        "framework": package.info.framework,
        "framework_version": package.info.framework_version,
        "format": package.format.value,
        "filename": package.filename,
        "lineage": VERSION_DOCUMENT,
        "data": _data_tag(lineage),
    }
    return {
        TAG_PREFIX + key: _fit(value if isinstance(value, str) else json.dumps(value))
        for key, value in values.items()
        if value is not None
    }


def source_tags(lineage: Lineage) -> dict[str, str]:
    """MLflow's own tags for where a run's code came from, so its UI shows them."""
    tags = {}
    if lineage.notebook:
        tags["mlflow.source.name"] = lineage.notebook
        tags["mlflow.source.type"] = "NOTEBOOK"
    commit = (lineage.git or {}).get("commit")
    if isinstance(commit, str):
        tags["mlflow.source.git.commit"] = commit
    return tags


def _data_tag(lineage: Lineage) -> str | None:
    if not lineage.data:
        return None
    entries = [{"path": f.path, "fingerprint": f.fingerprint} for f in lineage.data]
    text = json.dumps(entries, separators=(",", ":"))
    while len(text) > _TAG_VALUE_MAX and entries:
        entries.pop()  # the whole list is in the version document
        text = json.dumps([*entries, {"more": "see " + VERSION_DOCUMENT}], separators=(",", ":"))
    return text


def _fit(text: str) -> str:
    return text if len(text) <= _TAG_VALUE_MAX else text[: _TAG_VALUE_MAX - 3] + "..."


def param_text(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text[:_PARAM_VALUE_MAX]
