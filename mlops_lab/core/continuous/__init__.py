"""Continuous checks: review reports, gates, gated promotion, data profiles and drift monitoring.

Like the rest of the core, nothing here imports Jupyter. pandas, numpy and scipy
are optional (``pip install 'mlops-lab[continuous]'``) and imported only by
profiles and drift checks; reports and gates need none of them.

Modules
-------
requirements
    ``accuracy >= base - 0.01``: parsed with `ast`, judged on two runs' values.
report, render, charts
    The review report of a candidate against a baseline, as Markdown, HTML or JSON.
baseline
    The latest finished run of a notebook on the default branch.
promotion
    An alias moved only when requirements hold; the decision kept on the version.
profile, run_profiles
    Data profiles of tables, stored with the runs that read them.
drift, monitor
    A production batch against a training profile, traced back through lineage.
history
    The checks and promotion decisions a version's tags recorded.
"""

from __future__ import annotations

from .baseline import DEFAULT_BRANCHES, latest_on_default_branch
from .dependencies import INSTALL_HINT, MissingDependencyError
from .drift import ColumnDrift, DriftResult, SchemaChange, Thresholds, compare_profiles
from .history import monitor_history, promotion_history, version_monitoring
from .monitor import MonitorResult, monitor_batch, monitor_to_json
from .profile import ColumnProfile, Histogram, TableProfile, profile_frame, profile_to_json
from .promotion import PromotionDecision, decision_to_json, promote
from .render import MARKDOWN_LIMIT, render_html, render_markdown
from .report import Report, build_report, report_to_json
from .requirements import (
    GateResult,
    MalformedRequirementError,
    Requirement,
    Verdict,
    check_requirements,
    parse_requirement,
    run_values,
)
from .run_profiles import profile_run, read_table

__all__ = [
    "DEFAULT_BRANCHES",
    "INSTALL_HINT",
    "MARKDOWN_LIMIT",
    "ColumnDrift",
    "ColumnProfile",
    "DriftResult",
    "GateResult",
    "Histogram",
    "MalformedRequirementError",
    "MissingDependencyError",
    "MonitorResult",
    "PromotionDecision",
    "Report",
    "Requirement",
    "SchemaChange",
    "TableProfile",
    "Thresholds",
    "Verdict",
    "build_report",
    "check_requirements",
    "compare_profiles",
    "decision_to_json",
    "latest_on_default_branch",
    "monitor_batch",
    "monitor_history",
    "monitor_to_json",
    "parse_requirement",
    "profile_frame",
    "profile_run",
    "profile_to_json",
    "promote",
    "promotion_history",
    "read_table",
    "render_html",
    "render_markdown",
    "report_to_json",
    "run_values",
    "version_monitoring",
]
