"""Shared chart style: one font and layout, safe hover text, outlet-ordered interval and bar charts."""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from minusma_lib.core.labels import outlet_colors, outlet_labels, outlet_order

FONT = "Helvetica, Arial, sans-serif"


# Hover labels show a whole sentence up to this many characters; anything longer ends in "…" and is
# read in full from the chart's evidence CSV (every point's sentences with their offsets, on the site).
HOVER_MAX_CHARS = 700


def hover_text(text: str, width: int = 80, max_chars: int = HOVER_MAX_CHARS) -> str:
    """Corpus text made safe for a plotly hover label: HTML-escaped, shortened, wrapped."""
    text = " ".join(str(text).split())
    if len(text) > max_chars:
        text = text[: max_chars - 1] + "…"
    return "<br>".join(html.escape(line, quote=False) for line in textwrap.wrap(text, width)) or ""


def highlighted_hover(
    text: str, spans: list[tuple[int, int]], width: int = 80, max_chars: int = HOVER_MAX_CHARS
) -> str:
    """Corpus text made safe for a hover label, with the given character spans in bold."""
    marked, last = [], 0
    for a, b in sorted(spans):
        if a < last:
            continue
        marked += [text[last:a], "\x01", text[a:b], "\x02"]
        last = b
    marked.append(text[last:])
    safe = hover_text("".join(marked), width, max_chars)
    lines, bold = [], False
    for line in safe.split("<br>"):
        opened = ("<b>" if bold else "") + line.replace("\x01", "<b>").replace("\x02", "</b>")
        bold = line.rfind("\x01") > line.rfind("\x02") if ("\x01" in line or "\x02" in line) else bold
        lines.append(opened + ("</b>" if bold else ""))
    return "<br>".join(lines)


def span_evidence(rows: pd.DataFrame) -> list[list]:
    """Where a point's evidence lies, ``[doc_id, start, end]`` per row (rows need those columns).

    Stored in a trace's ``meta["evidence"]`` (one list per point drawn, in drawing order; a heatmap's
    cells row by row): the site writes every span with its full text and a viewer link to the
    chart's evidence CSV, so a hover label may stay short."""
    return [[str(r.doc_id), int(r.start), int(r.end)] for r in rows.itertuples()]


def text_evidence(text: str) -> list:
    """Evidence without offsets (e.g. a reference row): its full text, ``[text]``."""
    return [" ".join(str(text).split())]


META_KEYS = ("name", "sources", "method", "validation")


def with_meta(fig: go.Figure, meta: dict | None) -> go.Figure:
    """Attach what the caller states about a chart as ``layout.meta`` (the site's Sources and Method views).

    ``meta`` comes from report code or the notebook (plots types no sources): ``sources`` (list of
    strings: file paths such as ``data/reference/x.csv`` or citations), ``method`` and ``validation``
    (one sentence each), and ``name`` (a short slug; the site anchors the chart as ``#chart-<name>``)."""
    if not meta:
        return fig
    unknown = sorted(set(meta) - set(META_KEYS))
    if unknown:
        raise ValueError(f"chart meta: unknown key(s) {unknown}; allowed: {list(META_KEYS)}")
    clean = {k: (list(meta[k]) if k == "sources" else str(meta[k])) for k in META_KEYS if meta.get(k)}
    fig.update_layout(meta=clean)
    return fig


def style(
    fig: go.Figure, title: str, *, height: int = 420, x_title: str = "", y_title: str = ""
) -> go.Figure:
    """Shared layout: white template, same font, legend on top, titles."""
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 60},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0},
        hoverlabel={"align": "left"},
    )
    fig.update_xaxes(title_text=x_title, automargin=True)
    fig.update_yaxes(title_text=y_title, automargin=True)
    return fig


def interval_chart(
    table: pd.DataFrame,
    documents: pd.DataFrame,
    value: str,
    title: str,
    x_title: str,
    hover: str = "",
    meta: dict | None = None,
) -> go.Figure:
    """One dot and 95% interval per outlet (columns ``value``, ``value_low``, ``value_high``)."""
    labels, colors = outlet_labels(documents), outlet_colors(documents)
    fig = go.Figure()
    for d in outlet_order(documents):
        r = table[table["doc_id"] == d]
        if r.empty:
            continue
        r = r.iloc[0]
        fig.add_scatter(
            x=[r[value]],
            y=[labels[d]],
            mode="markers",
            name=labels[d],
            marker={"color": colors[d], "size": 12},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [r[f"{value}_high"] - r[value]],
                "arrayminus": [r[value] - r[f"{value}_low"]],
                "color": colors[d],
            },
            hovertemplate=f"{labels[d]}: %{{x:.1f}} (95% interval {r[value + '_low']:.1f}–"
            f"{r[value + '_high']:.1f}){hover}<extra></extra>",
        )
    fig.update_yaxes(autorange="reversed")
    return with_meta(style(fig, title, x_title=x_title, height=360), meta)


def grouped_bar_chart(
    table: pd.DataFrame,
    documents: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    y_title: str,
    hover_col: str | None = None,
    category_labels: dict[str, str] | None = None,
    meta: dict | None = None,
) -> go.Figure:
    """Bars per category, one coloured bar per outlet (outlet order and colours shared)."""
    labels, colors = outlet_labels(documents), outlet_colors(documents)
    cats = list(dict.fromkeys(table[category]))
    names = category_labels or {}
    fig = go.Figure()
    for d in outlet_order(documents):
        r = table[table["doc_id"] == d].set_index(category).reindex(cats)
        fig.add_bar(
            x=[names.get(c, c) for c in cats],
            y=r[value].fillna(0).tolist(),
            name=labels[d],
            marker_color=colors[d],
            customdata=[hover_text(x) for x in r[hover_col].fillna("")] if hover_col else None,
            hovertemplate=f"{labels[d]}<br>%{{x}}: %{{y:.1f}}"
            + ("<br>%{customdata}" if hover_col else "")
            + "<extra></extra>",
        )
    fig.update_layout(barmode="group")
    return with_meta(style(fig, title, y_title=y_title, height=460), meta)
