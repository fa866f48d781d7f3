"""A chart on the site: its HTML (Chart / Data / Sources / Method views), its points and its evidence.

- :func:`chart_html`: the views, with the figure as a JSON data block that ``assets/charts.js`` draws;
  Sources and Method from ``layout.meta`` (``plots.with_meta``), and the anchor ``chart-<name>``.
- :func:`chart_rows`: exactly the points drawn (``data/charts/<id>.csv``).
- :func:`evidence_rows`: every sentence behind every point, in full, with ``doc_id``/``start``/``end`` and
  a viewer link (``data/charts/<id>-evidence.csv``), from each trace's ``meta["evidence"]``.
"""

from __future__ import annotations

import base64
import csv
import html
import json
import re
from pathlib import Path

import numpy as np

CHART_CONFIG = {"responsive": True, "displaylogo": False}


def script_json(obj: object) -> str:
    """JSON safe to place inside a <script> element: no '<', '>', '&' or line separators."""
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for ch, rep in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, rep)
    return text


def chart_html(fig: dict, div_id: str, anchor: str = "", evidence: bool = False) -> str:
    """A div and its figure as a JSON data block (not a script that runs); ``assets/charts.js`` draws it.

    Four views, shown as tab buttons by ``charts.js`` (all visible without script), in the manner of
    Our World in Data's grapher: Chart; Data (a CSV of exactly the points drawn, :func:`chart_rows`);
    Sources and Method (``layout.meta`` ``sources`` / ``method`` / ``validation`` when the figure states them,
    else the data index with the reference data and their SOURCES.md)."""
    height = (fig.get("layout") or {}).get("height") or 450
    # The evidence lists travel in the CSV, not in the page: plotly.js does not draw them.
    traces = [{k: v for k, v in tr.items() if k != "meta"} for tr in fig.get("data", [])]
    spec = {"data": traces, "layout": fig.get("layout", {}), "config": CHART_CONFIG}
    meta = chart_meta(fig)
    about = "".join(
        f"<p><strong>{label}.</strong> {html.escape(str(meta[key]))}</p>"
        for key, label in (("method", "Method"), ("validation", "Validation"))
        if meta.get(key)
    )
    items = "".join(f"<li>{source_html(s)}</li>" for s in meta.get("sources") or [])
    source_text = f"<ul>{items}</ul>" if items else ""
    method = about or (
        "<p>See the section &ldquo;how we measured this&rdquo; on this page and the "
        '<a href="glossary.html">glossary</a>.</p>'
    )
    evidence_link = (
        f'<p><a href="data/charts/{div_id}-evidence.csv">Evidence (CSV: every sentence behind each point, '
        "in full, with its <code>doc_id</code>, <code>start</code>, <code>end</code> and a link to open it "
        "in the text viewer)</a></p>"
        if evidence
        else ""
    )
    panels = (
        ("chart", "Chart", f'<div id="{div_id}" class="plotly-chart" style="height:{int(height)}px"></div>'),
        (
            "data",
            "Data",
            f'<p><a href="data/charts/{div_id}.csv">Data (CSV of the points drawn)</a></p>{evidence_link}',
        ),
        ("sources", "Sources", f'{source_text}<p><a href="data/index.html">Sources and all data</a></p>'),
        ("method", "Method", method),
    )
    tabs = "".join(
        f'<button type="button" class="chart-tab" data-panel="{div_id}-{key}">{label}</button>'
        for key, label, _ in panels
    )
    body = "".join(
        f'<div class="chart-panel chart-panel-{key}" id="{div_id}-{key}">{content}</div>'
        for key, _, content in panels
    )
    anchor_attr = f' id="{html.escape(anchor)}"' if anchor else ""
    return (
        f'<div class="chart-block"{anchor_attr}>\n'
        f'<div class="chart-views" role="group" aria-label="Chart views">{tabs}</div>\n'
        f"{body}\n"
        f'<script type="application/json" class="chart-data" data-target="{div_id}">{script_json(spec)}</script>\n'
        "</div>\n"
    )


def chart_meta(fig: dict) -> dict:
    """What a figure states about itself in ``layout.meta`` (``plots.with_meta``), or ``{}``."""
    meta = (fig.get("layout") or {}).get("meta")
    return meta if isinstance(meta, dict) else {}


# A source naming a file the site ships becomes a link to that file (paths as in the repository).
SHIPPED_SOURCES = (
    (re.compile(r"^data/processed/([\w.-]+\.(?:csv|md))$"), "data/{}"),
    (
        re.compile(r"^data/(reference|annotations|codebooks|lexicons)/([\w.-]+\.(?:csv|md|yaml))$"),
        "data/{}/{}",
    ),
    (re.compile(r"^seeds/"), "texts/index.html"),
)


def source_html(source: object) -> str:
    """One entry of a chart's Sources view: a link when it names a file the site ships, else text."""
    text = str(source)
    for pattern, href in SHIPPED_SOURCES:
        m = pattern.match(text)
        if m:
            return f'<a href="{html.escape(href.format(*m.groups()))}">{html.escape(text)}</a>'
    return html.escape(text)


def chart_anchor(fig: dict) -> str:
    """``chart-<name>`` for a figure whose meta names it (findings link there), else ``""``."""
    name = re.sub(r"[^a-z0-9-]+", "-", str(chart_meta(fig).get("name", "")).lower()).strip("-")
    return f"chart-{name}" if name else ""


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def write_chart_data(fig: dict, path: Path, raw_texts: dict[str, str] | None = None) -> bool:
    """The chart's points as ``path``; its evidence (when stated) as ``<stem>-evidence.csv`` beside it.
    Returns whether an evidence file was written."""
    write_csv(path, ["trace", "x", "y", "z"], chart_rows(fig))
    evidence = evidence_rows(fig, raw_texts or {})
    if evidence:
        write_csv(path.with_name(f"{path.stem}-evidence.csv"), EVIDENCE_FIELDS, evidence)
    return bool(evidence)


def trace_values(value: object) -> object:
    """A trace's array as a list: plotly stores numpy arrays as ``{"dtype", "bdata"[, "shape"]}``."""
    if isinstance(value, dict) and "bdata" in value:
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        if shape:
            arr = arr.reshape([int(x) for x in str(shape).split(",")])
        return arr.tolist()
    return value


def trace_points(trace: dict) -> list[tuple]:
    """The points a trace draws, in drawing order, as (x, y, z); a heatmap's cells row by row."""
    xs, ys, zs = (trace_values(trace.get(key)) for key in ("x", "y", "z"))
    points = []
    if zs is not None:
        for j, zrow in enumerate(zs):
            for i, z in enumerate(zrow if isinstance(zrow, list) else [zrow]):
                x = xs[i] if isinstance(xs, list) and i < len(xs) else i
                y = ys[j] if isinstance(ys, list) and j < len(ys) else j
                points.append((x, y, z))
        return points
    n = max(len(xs) if isinstance(xs, list) else 0, len(ys) if isinstance(ys, list) else 0)
    for i in range(n):
        x = xs[i] if isinstance(xs, list) and i < len(xs) else ""
        y = ys[i] if isinstance(ys, list) and i < len(ys) else ""
        points.append((x, y, ""))
    return points


def trace_name(trace: dict, k: int) -> str:
    return str(trace.get("name") or f"trace {k + 1}")


def chart_rows(fig: dict) -> list[dict]:
    """Exactly the points a figure draws, one row each: trace name, x, y (and z for heatmaps)."""
    return [
        {"trace": trace_name(trace, k), "x": x, "y": y, "z": z}
        for k, trace in enumerate(fig.get("data", []))
        for x, y, z in trace_points(trace)
    ]


EVIDENCE_FIELDS = ["trace", "x", "y", "doc_id", "start", "end", "text", "viewer"]


def evidence_rows(fig: dict, raw_texts: dict[str, str]) -> list[dict]:
    """Every sentence behind every point, in full: a trace's ``meta["evidence"]`` holds per point a list
    of ``[doc_id, start, end]`` (text read from the raw file, with a viewer link) or ``[text]``."""
    rows = []
    for k, trace in enumerate(fig.get("data", [])):
        meta = trace.get("meta")
        per_point = meta.get("evidence") if isinstance(meta, dict) else None
        if not isinstance(per_point, list):
            continue
        for (x, y, _), items in zip(trace_points(trace), per_point, strict=False):
            for item in items or []:
                row = {"trace": trace_name(trace, k), "x": x, "y": y}
                if len(item) == 3 and str(item[0]) in raw_texts:
                    doc, start, end = str(item[0]), int(item[1]), int(item[2])
                    text = raw_texts[doc][start:end]
                    viewer = f"texts/{doc}.html#start={start}&end={end}"
                    row |= {"doc_id": doc, "start": start, "end": end, "text": text, "viewer": viewer}
                else:
                    row |= {"doc_id": "", "start": "", "end": "", "text": str(item[-1]), "viewer": ""}
                rows.append(row)
    return rows
