"""Notebook 03 charts: personnel and other number claims against the reference series."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from minusma_lib.core.labels import GREY, MEASURE_STYLE, outlet_colors, outlet_labels, outlet_order
from minusma_lib.plots.common import hover_text, style, text_evidence, with_meta

REFERENCE_COLOR = "#333333"

CONTRAST_COLOR = "#999999"


def _sentence_text(sentences: pd.DataFrame) -> dict[str, str]:
    return dict(zip(sentences["sent_id"], sentences["text_clean"], strict=True))


def _sentence_spans(sentences: pd.DataFrame) -> dict[str, tuple[int, int]]:
    return {
        s: (int(a), int(b))
        for s, a, b in zip(sentences["sent_id"], sentences["start"], sentences["end"], strict=True)
    }


def _claim_evidence(r, spans: dict[str, tuple[int, int]]) -> list[list]:
    """A claim's evidence: the span of its whole sentence (its own span when the sentence is unknown)."""
    start, end = spans.get(r.sent_id, (r.start, r.end))
    return [[str(r.doc_id), int(start), int(end)]]


def _claim_hover(r, labels: dict[str, str], sents: dict[str, str]) -> str:
    """Hover for a claim: outlet, claim, measure, verdict and the sentence (all escaped)."""
    head = f"{labels[r.doc_id]} ({r.date_compared}): “{r.text}” — {str(r.measure).replace('_', ' ')}, {r.verdict}"
    return hover_text(head, 80) + "<br><i>" + hover_text(sents.get(r.sent_id, ""), 80) + "</i>"


def _ref_hover(r) -> str:
    return hover_text(_ref_text(r), 80)


def _ref_text(r) -> str:
    q = "" if r.qualifier == "exact" else f" ({str(r.qualifier).replace('_', ' ')})"
    return f"{r.label}: {r.value:,.0f}{q}, {r.date_text}. Source: {r.source_title}"


def _ceiling_traces(fig: go.Figure, reference: dict[str, pd.DataFrame], end: str) -> None:
    """Military and police ceilings as steps to ``end``, and their sum as a dashed step."""
    for m in ("authorised_military", "authorised_police"):
        s = reference.get(m)
        if s is None or s.empty:
            continue
        x = [d.strftime("%Y-%m-%d") for d in s["date"]] + [end]
        y = list(s["value"]) + [s["value"].iloc[-1]]
        name, color, _ = MEASURE_STYLE[m]
        fig.add_scatter(
            x=x,
            y=y,
            mode="lines",
            line={"shape": "hv", "color": color, "width": 2, "dash": "solid" if "military" in m else "dot"},
            name=name,
            customdata=[_ref_hover(r) for r in [*s.itertuples(), list(s.itertuples())[-1]]],
            hovertemplate="%{customdata}<extra></extra>",
        )
    total = reference.get("authorised_uniformed")
    if total is not None and not total.empty:
        tot = list(total["value"])
        fig.add_scatter(
            x=[d.strftime("%Y-%m-%d") for d in total["date"]] + [end],
            y=tot + [tot[-1]],
            mode="lines",
            line={
                "shape": "hv",
                "color": MEASURE_STYLE["authorised_uniformed"][1],
                "width": 1,
                "dash": "dash",
            },
            name=MEASURE_STYLE["authorised_uniformed"][0],
            hovertemplate="ceiling military + police: %{y:,.0f} (from %{x})<extra></extra>",
        )


def _strength_traces(fig: go.Figure, reference: dict[str, pd.DataFrame]) -> None:
    """Deployed strength: the UN monthly series as lines, other reported figures as marked intervals."""
    for m in (
        "deployed_uniformed",
        "deployed_military",
        "deployed_police",
        "civilian_staff",
        "total_personnel",
    ):
        s = reference.get(m)
        if s is None or s.empty:
            continue
        name, color, _ = MEASURE_STYLE[m]
        monthly = s[s["file"] == "minusma_monthly_strength"]
        if len(monthly):
            fig.add_scatter(
                x=[d.strftime("%Y-%m-%d") for d in monthly["date"]],
                y=monthly["value"],
                mode="lines",
                line={"color": color, "width": 1.5},
                name=f"{name}, UN monthly (IPI)",
                legendgroup=m,
                hovertemplate=f"{name}: %{{y:,.0f}} (%{{x}}), UN monthly data via IPI<extra></extra>",
            )
        snap = s[s["file"] != "minusma_monthly_strength"]
        if len(snap):
            fig.add_scatter(
                x=[d.strftime("%Y-%m-%d") for d in snap["date"]],
                y=snap["value"],
                mode="markers",
                marker={"color": color, "size": 8, "symbol": "diamond-open", "line": {"width": 2}},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": list(snap["value_high"] - snap["value"]),
                    "arrayminus": list(snap["value"] - snap["value_low"]),
                    "color": color,
                    "thickness": 1,
                },
                name=f"{name}, reported",
                legendgroup=m,
                customdata=[_ref_hover(r) for r in snap.itertuples()],
                hovertemplate="%{customdata}<extra></extra>",
            )


def _claim_traces(
    fig: go.Figure, claims: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame
) -> None:
    """Every outlet's size claims as intervals at their comparison dates, in outlet order."""
    labels, colors = outlet_labels(documents), outlet_colors(documents)
    sents, spans = _sentence_text(sentences), _sentence_spans(sentences)
    for d in outlet_order(documents):
        c = claims[(claims["doc_id"] == d) & claims["measure"].isin(list(MEASURE_STYLE))]
        if c.empty:
            continue
        fig.add_scatter(
            x=list(c["date_compared"]),
            y=c["value"],
            mode="markers",
            name=f"{labels[d]} (claims)",
            marker={
                "color": colors[d],
                "size": 13,
                "symbol": [MEASURE_STYLE[m][2] for m in c["measure"]],
                "line": {"width": 1, "color": "white"},
            },
            error_y={
                "type": "data",
                "symmetric": False,
                "array": list(c["value_high"] - c["value"]),
                "arrayminus": list(c["value"] - c["value_low"]),
                "color": colors[d],
                "thickness": 2,
                "width": 6,
            },
            customdata=[
                _claim_hover(r, labels, sents)
                + (
                    "<br>definitional: measure read from the value"
                    if r.verdict_basis == "definitional"
                    else ""
                )
                for r in c.itertuples()
            ],
            meta={"evidence": [_claim_evidence(r, spans) for r in c.itertuples()]},
            hovertemplate="%{customdata}<extra></extra>",
        )


def strength_chart(
    reference: dict[str, pd.DataFrame],
    claims: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    end: str = "2023-06-30",
    start: str = "2013-01-01",
    title: str = "MINUSMA's size: ceilings, deployed strength and what the outlets said",
    meta: dict | None = None,
) -> go.Figure:
    """MINUSMA's size over time: ceilings as steps, deployed strength as series, and every outlet's
    size claims as intervals at their publication dates (hover shows the sentence). ``end`` is the
    end of the last ceiling (the mandate's termination); ``start`` the left edge of the x axis."""
    fig = go.Figure()
    _ceiling_traces(fig, reference, end)
    _strength_traces(fig, reference)
    _claim_traces(fig, claims, documents, sentences)
    fig.add_shape(
        type="line", x0=end, x1=end, y0=0, y1=1, yref="paper", line={"color": GREY, "width": 1, "dash": "dot"}
    )
    fig.add_annotation(
        x=end, y=1, yref="paper", text="Res 2690: mandate ends", showarrow=False, xanchor="right"
    )
    fig.update_xaxes(range=[start, "2024-01-31"])
    fig.update_yaxes(rangemode="tozero", tickformat=",")
    fig = style(fig, title, height=620, y_title="personnel")
    fig.update_layout(legend={"y": -0.12})
    return with_meta(fig, meta)


def claims_reference_chart(
    claims: pd.DataFrame,
    reference: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    measures: tuple[str, ...],
    title: str,
    x_title: str,
    scale: float = 1.0,
    group_labels: dict[str, str] | None = None,
    meta: dict | None = None,
) -> go.Figure:
    """Dot-and-interval chart for ``measures``: reference values (grey diamonds) and each outlet's claims
    (coloured dots) as intervals, one row each, grouped by measure. ``reference`` needs ``measure`` and
    ``contrast`` (True for a contrast series); ``scale`` divides every value (1e9 for USD billions)."""
    labels, colors = outlet_labels(documents), outlet_colors(documents)
    sents, spans = _sentence_text(sentences), _sentence_spans(sentences)
    order = outlet_order(documents)
    claims = claims[claims["measure"].isin(measures)]
    reference = reference[reference["measure"].isin(measures)]
    groups = [m for m in measures if m in set(reference["measure"]) | set(claims["measure"])]
    names = group_labels or {}
    rows = []  # (label, kind, record)
    for g in groups:
        ref = reference[reference["measure"] == g]
        for r in ref.itertuples():
            src = str(r.source_title)
            src = src if len(src) <= 38 else src[:37] + "…"
            rows.append(
                (f"{names.get(g, g)} · ref {r.date_text}: {src}", "contrast" if r.contrast else "ref", r)
            )
        cl = claims[claims["measure"] == g]
        cl = cl.assign(_o=cl["doc_id"].map({d: i for i, d in enumerate(order)})).sort_values(["_o", "start"])
        for r in cl.itertuples():
            rows.append((f"{names.get(g, g)} · {labels[r.doc_id]}: “{r.text}”", r.doc_id, r))
    fig = go.Figure()
    ys = list(range(len(rows)))
    shown: set[str] = set()
    for y, (_label, kind, r) in zip(ys, rows, strict=True):
        is_ref = kind in ("ref", "contrast")
        color = (REFERENCE_COLOR if kind == "ref" else CONTRAST_COLOR) if is_ref else colors[kind]
        name = (
            ("Reference" if kind == "ref" else "Reference, other series (hostile acts only)")
            if is_ref
            else labels[kind]
        )
        v, lo, hi = r.value / scale, r.value_low / scale, r.value_high / scale
        fig.add_scatter(
            x=[v],
            y=[y],
            mode="markers",
            name=name,
            legendgroup=name,
            showlegend=name not in shown,
            marker={
                "color": color,
                "size": 12 if not is_ref else 11,
                "symbol": "diamond" if is_ref else "circle",
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [hi - v],
                "arrayminus": [v - lo],
                "color": color,
                "thickness": 2,
            },
            customdata=[_ref_hover(r) if is_ref else _claim_hover(r, labels, sents)],
            meta={"evidence": [[text_evidence(_ref_text(r))]] if is_ref else [_claim_evidence(r, spans)]},
            hovertemplate="%{customdata}<extra></extra>",
        )
        shown.add(name)
    fig.update_yaxes(
        tickvals=ys, ticktext=[hover_text(lab, 200, 90) for lab, _, _ in rows], autorange="reversed"
    )
    fig.update_xaxes(rangemode="tozero")
    return with_meta(style(fig, title, x_title=x_title, height=max(320, 60 + 34 * len(rows))), meta)
