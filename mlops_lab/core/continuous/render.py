"""A review report as Markdown (fits a pull-request comment) or as one HTML page.

Markdown links its charts as SVG files written beside it; HTML embeds them.
GitHub refuses comments over 65,536 characters, so the Markdown is rendered
with smaller diff excerpts until it fits, and says what it left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from html import escape

from ..frozen import frozen
from ..records import JsonValue, Run
from .charts import line_chart
from .report import MetricDelta, Report, ValueChange

__all__ = [
    "MARKDOWN_LIMIT",
    "RenderedMarkdown",
    "render_html",
    "render_markdown",
    "render_monitor_html",
]

#: GitHub's limit on the body of a pull-request comment.
MARKDOWN_LIMIT = 65_536
#: Lines of each cell diff shown, tried in turn until the report fits.
_DIFF_LINES = (60, 20, 6, 0)
_MAX_CELLS, _MAX_ROWS = 20, 40
_ARROWS = {"better": "⬆️ better", "worse": "⬇️ worse", "same": "= same"}


@frozen
class RenderedMarkdown:
    """The Markdown text and the chart files it links (file name -> SVG text)."""

    text: str
    charts: dict[str, str]


def render_markdown(
    report: Report, *, charts_folder: str | None = None, limit: int = MARKDOWN_LIMIT
) -> RenderedMarkdown:
    """The report as Markdown; charts are linked under ``charts_folder`` when given."""
    charts = {
        f"{_slug(m.key)}.svg": line_chart(m.key, m.history)
        for m in report.metrics
        if m.stepped and charts_folder is not None
    }
    text = ""
    for lines in _DIFF_LINES:
        text = _markdown(report, lines, charts_folder)
        if len(text) <= limit:
            return RenderedMarkdown(text, charts)
    note = "\n\n_(report cut at GitHub's comment limit; see the HTML or JSON report)_\n"
    return RenderedMarkdown(text[: limit - len(note)] + note, charts)


def _markdown(report: Report, diff_lines: int, charts_folder: str | None) -> str:
    out: list[str] = [f"## mlops-lab: {_name(report.candidate)} vs {_name(report.base)}", ""]
    out.append(
        f"Candidate `{report.candidate.id[:8]}` {_git(report.candidate)}; "
        f"baseline `{report.base.id[:8]}` {_git(report.base)}."
    )
    out += ["", "### Metrics", ""]
    if report.metrics:
        out += ["| metric | base | candidate | Δ | Δ % | |", "|---|---:|---:|---:|---:|---|"]
        out += [_metric_row(m) for m in report.metrics[:_MAX_ROWS]]
        out += _more(len(report.metrics), _MAX_ROWS, "metrics")
    else:
        out.append("No metrics recorded.")
    stepped = [m for m in report.metrics if m.stepped]
    if stepped and charts_folder is not None:
        out.append("")
        out += [f"![{m.key}]({charts_folder}/{_slug(m.key)}.svg)" for m in stepped]
    out += _changes_md("Params changed", report.params)
    out += ["", f"### Cells changed ({len(report.cells)})", ""]
    if not report.cells:
        out.append("No cell's code changed.")
    for cell in report.cells[:_MAX_CELLS]:
        lines = cell.diff.splitlines()
        out.append(f"<details><summary>cell <code>{escape(cell.key)}</code> ({cell.change}, "
                   f"{len(lines)} diff lines)</summary>")  # fmt: skip
        out += ["", "```diff", *lines[:diff_lines]]
        if len(lines) > diff_lines:
            out.append(f"... {len(lines) - diff_lines} more lines")
        out += ["```", "", "</details>"]
    out += _more(len(report.cells), _MAX_CELLS, "cells")
    out += _changes_md("Environment changes", report.env)
    out += _changes_md("Data changes", report.data)
    return "\n".join(out) + "\n"


def _metric_row(m: MetricDelta) -> str:
    delta = "" if m.delta is None else f"{m.delta:+.4g}"
    relative = "" if m.relative is None else f"{m.relative:+.2%}"
    arrow = _ARROWS.get(m.change or "", "")
    return f"| {m.key} | {_num(m.base)} | {_num(m.candidate)} | {delta} | {relative} | {arrow} |"


def _changes_md(title: str, changes: Sequence[ValueChange]) -> list[str]:
    out = ["", f"### {title} ({len(changes)})", ""]
    if not changes:
        return [*out, "None."]
    out += ["| | base | candidate |", "|---|---|---|"]
    for c in changes[:_MAX_ROWS]:
        out.append(
            f"| {_cell_text(c.key)} ({c.change}) | {_value(c.base)} | {_value(c.candidate)} |"
        )
    return out + _more(len(changes), _MAX_ROWS, "entries")


def _more(total: int, shown: int, what: str) -> list[str]:
    return ["", f"_... and {total - shown} more {what}_"] if total > shown else []


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page, charts inline."""
    title = f"mlops-lab: {_name(report.candidate)} vs {_name(report.base)}"
    body = [f"<h1>{escape(title)}</h1>"]
    body.append(
        f"<p>Candidate <code>{report.candidate.id[:8]}</code> {escape(_git(report.candidate))}; "
        f"baseline <code>{report.base.id[:8]}</code> {escape(_git(report.base))}.</p>"
    )
    body.append("<h2>Metrics</h2>")
    rows = [
        [m.key, _num(m.base), _num(m.candidate),
         "" if m.delta is None else f"{m.delta:+.4g}",
         "" if m.relative is None else f"{m.relative:+.2%}", _ARROWS.get(m.change or "", "")]
        for m in report.metrics
    ]  # fmt: skip
    body.append(_table(["metric", "base", "candidate", "Δ", "Δ %", ""], rows))
    body += [line_chart(m.key, m.history) for m in report.metrics if m.stepped]
    for title_text, changes in (
        ("Params changed", report.params),
        ("Environment changes", report.env),
        ("Data changes", report.data),
    ):
        body.append(f"<h2>{title_text} ({len(changes)})</h2>")
        body.append(
            _table(
                ["", "base", "candidate"],
                [[f"{c.key} ({c.change})", _value(c.base), _value(c.candidate)] for c in changes],
            )
        )
    body.append(f"<h2>Cells changed ({len(report.cells)})</h2>")
    for cell in report.cells:
        body.append(f"<h3>cell <code>{escape(cell.key)}</code> ({cell.change})</h3>")
        body.append(f"<pre>{escape(cell.diff)}</pre>")
    style = (
        "body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px}"
        "pre{background:#f6f8fa;padding:8px;overflow:auto}"
    )
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{style}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _table(header: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    lines = ["<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows]
    return f"<table><tr>{head}</tr>" + "".join(lines) + "</table>"


def _name(run: Run) -> str:
    return run.name


def _git(run: Run) -> str:
    if run.git is None:
        return "(no git state)"
    dirty = ", uncommitted changes" if run.git.dirty else ""
    return f"(git {run.git.branch or 'detached'} {run.git.commit[:8]}{dirty})"


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def _value(value: JsonValue) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict):
        fingerprint = value.get("fingerprint")
        if isinstance(fingerprint, str):
            return fingerprint[:12]
    text = value if isinstance(value, str) else json.dumps(value)
    return _cell_text(text if len(text) <= 60 else text[:57] + "...")


def _cell_text(text: str) -> str:
    """Text that cannot break a Markdown table row."""
    return text.replace("|", "\\|").replace("\n", " ")


def _slug(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", key) or "metric"


def render_monitor_html(document: dict[str, JsonValue]) -> str:
    """A monitoring check (`monitor_to_json`'s document) as one HTML page."""
    title = f"mlops-lab monitor: {document['model']}/{document['version']}"
    verdict = "drift" if document["drifted"] else "no drift"
    columns = document["columns"] if isinstance(document["columns"], list) else []
    rows = [
        [
            str(c.get("column")),
            str(c.get("kind")),
            _num(c.get("psi")),  # type: ignore[arg-type]
            _num(c.get("ks_statistic")),  # type: ignore[arg-type]
            "; ".join(str(r) for r in c.get("reasons") or []) or "ok",  # type: ignore[union-attr]
        ]
        for c in columns
        if isinstance(c, dict)
    ]
    schema = document["schema"] if isinstance(document["schema"], list) else []
    changes = [
        [str(s.get("column")), str(s.get("change")), str(s.get("before")), str(s.get("after"))]
        for s in schema
        if isinstance(s, dict)
    ]
    body = [
        f"<h1>{escape(title)}</h1>",
        f"<p><strong>{verdict}</strong> in {escape(str(document['batch']))} "
        f"({document['rows']} rows) against {escape(str(document['training_file']))}.</p>",
        _table(["column", "kind", "PSI", "KS", "verdict"], rows),
        "<h2>Schema changes</h2>",
        _table(["column", "change", "before", "after"], changes),
    ]
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
