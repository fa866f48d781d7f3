"""One visual language for every chart: outlet order and colours, layout, safe hover text."""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from minusma_lib.core.labels import GREY, MEASURE_STYLE, PALETTE, outlet_colors, outlet_labels, outlet_order

FONT = "Helvetica, Arial, sans-serif"


def hover_text(text: str, width: int = 80, max_chars: int = 400) -> str:
    """Corpus text made safe for a plotly hover label: HTML-escaped, shortened, wrapped."""
    text = " ".join(str(text).split())
    if len(text) > max_chars:
        text = text[: max_chars - 1] + "…"
    return "<br>".join(html.escape(line, quote=False) for line in textwrap.wrap(text, width)) or ""


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


def cleaning_chart(log: pd.DataFrame, documents: pd.DataFrame) -> go.Figure:
    """Characters removed per outlet, by category; hover lists what was removed."""
    labels = outlet_labels(documents)
    removed = log[(log["action"] == "remove") & (log["category"] != "markup")].copy()
    removed["chars"] = removed["end"] - removed["start"]
    cats = sorted(removed["category"].unique())
    fig = go.Figure()
    for i, cat in enumerate(cats):
        rows = removed[removed["category"] == cat]
        x, hov = [], []
        for d in outlet_order(documents):
            r = rows[rows["doc_id"] == d]
            x.append(int(r["chars"].sum()))
            hov.append("<br>".join(f"• {hover_text(t, 70, 120)}" for t in r["text"]) or "none")
        fig.add_bar(
            y=[labels[d] for d in outlet_order(documents)],
            x=x,
            name=cat.replace("_", " "),
            orientation="h",
            marker_color=PALETTE[(i + 5) % len(PALETTE)] if i < 3 else None,
            customdata=hov,
            hovertemplate="%{y}: %{x} characters<br>%{customdata}<extra>" + cat + "</extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    return style(fig, "Boilerplate removed per text, by kind", x_title="characters removed", height=380)


def interval_chart(
    table: pd.DataFrame,
    documents: pd.DataFrame,
    value: str,
    title: str,
    x_title: str,
    hover: str = "",
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
    return style(fig, title, x_title=x_title, height=360)


def grouped_bar_chart(
    table: pd.DataFrame,
    documents: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    y_title: str,
    hover_col: str | None = None,
    category_labels: dict[str, str] | None = None,
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
    return style(fig, title, y_title=y_title, height=460)


# --- polls (notebook 02) -------------------------------------------------------------------------

DIRECTION_COLORS = {"satisfied": "#1B9E77", "dissatisfied": "#7570B3", "other": "#999999"}


def poll_series_chart(series: pd.DataFrame, claims: pd.DataFrame, documents: pd.DataFrame) -> go.Figure:
    """Mali-Mètre national figures by edition, with the articles' cited figures overlaid by outlet."""
    labels, colors = outlet_labels(documents), outlet_colors(documents)
    nat = series[(series["group_kind"] == "national") & series["plot_date"].notna()].sort_values("plot_date")
    fig = go.Figure()
    for direction in ("satisfied", "dissatisfied"):
        t = nat[(nat["direction"] == direction) & (nat["level"] == "total")]
        fig.add_scatter(
            x=t["plot_date"].astype(str),
            y=t["value"],
            mode="lines+markers",
            name=f"Mali-Mètre: {direction} (total)",
            line={"color": DIRECTION_COLORS[direction], "width": 2},
            marker={"size": 9},
            customdata=[
                hover_text(f"{r.edition}. {r.window_basis} Source: {r.source_title}") for r in t.itertuples()
            ],
            hovertemplate="%{y:g}% " + direction + "<br>%{customdata}<extra></extra>",
        )
    other = nat[(nat["level"] != "total") | (nat["direction"] == "other")]
    other = other[
        ~other["measure"].str.startswith(("very satisfied", "rather satisfied", "rather dissatisfied"))
    ]
    fig.add_scatter(
        x=other["plot_date"].astype(str),
        y=other["value"],
        mode="markers",
        name="Mali-Mètre: other published measures",
        marker={"color": DIRECTION_COLORS["other"], "size": 8, "symbol": "diamond"},
        customdata=[hover_text(f"{r.measure} ({r.edition})") for r in other.itertuples()],
        hovertemplate="%{y:g}%: %{customdata}<extra></extra>",
    )
    for d in outlet_order(documents):
        c = claims[claims["doc_id"] == d]
        if c.empty:
            continue
        dates = [
            f"{p}-15" if p else documents.set_index("doc_id").loc[d, "date_published"] for p in c["period"]
        ]
        unattributed = c["pollster"] == "unattributed"
        fig.add_scatter(
            x=dates,
            y=c["value"],
            mode="markers+text",
            name=f"cited by {labels[d]}",
            text=[
                f"{labels[d]}{' (unattributed)' if u else ''}: {v:g}%"
                for v, u in zip(c["value"], unattributed, strict=True)
            ],
            textposition="middle right",
            marker={
                "color": colors[d],
                "size": 13,
                "symbol": ["circle-open" if u else "circle" for u in unattributed],
                "line": {"width": 2, "color": colors[d]},
            },
            customdata=[
                hover_text(f"{r.pollster}, {r.scope_text or r.scope}: {r.verdict}. {r.reason}")
                for r in c.itertuples()
            ],
            hovertemplate="%{text}<br>%{customdata}<extra></extra>",
        )
    fig.update_yaxes(range=[0, 100])
    return style(
        fig,
        "Satisfaction with MINUSMA: Mali-Mètre editions and figures the articles cite",
        y_title="% of respondents",
        height=500,
    )


def poll_groups_chart(
    series: pd.DataFrame, kind: str, title: str, order: list[str] | None = None
) -> go.Figure:
    """Bars per group (region, sex, age…) of the latest edition that publishes them, by direction."""
    g = series[series["group_kind"] == kind]
    g = g[g["plot_date"] == g["plot_date"].max()]
    groups = order or list(dict.fromkeys(g["group"]))
    fig = go.Figure()
    for direction in ("satisfied", "dissatisfied", "other"):
        t = g[g["direction"] == direction].set_index("group").reindex(groups)
        if t["value"].notna().any():
            fig.add_bar(
                x=groups,
                y=t["value"],
                name=direction if direction != "other" else "other measure",
                marker_color=DIRECTION_COLORS[direction],
                customdata=[hover_text(m) if isinstance(m, str) else "" for m in t["measure"]],
                hovertemplate="%{x}: %{y:g}% (%{customdata})<extra></extra>",
            )
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 100])
    edition = g["edition_key"].iloc[0][2:] if len(g) else ""
    return style(fig, f"{title} (Mali-Mètre {edition})", y_title="% of respondents", height=420)


# --- personnel numbers (notebook 03) -------------------------------------------------------------

REFERENCE_COLOR = "#333333"
CONTRAST_COLOR = "#999999"


def _sentence_text(sentences: pd.DataFrame) -> dict[str, str]:
    return dict(zip(sentences["sent_id"], sentences["text_clean"], strict=True))


def _claim_hover(r, labels: dict[str, str], sents: dict[str, str]) -> str:
    """Hover for a claim: outlet, claim, measure, verdict and the sentence (all escaped)."""
    head = f"{labels[r.doc_id]} ({r.date_compared}): “{r.text}” — {str(r.measure).replace('_', ' ')}, {r.verdict}"
    return hover_text(head, 80, 200) + "<br><i>" + hover_text(sents.get(r.sent_id, ""), 80, 400) + "</i>"


def _ref_hover(r) -> str:
    q = "" if r.qualifier == "exact" else f" ({str(r.qualifier).replace('_', ' ')})"
    return hover_text(f"{r.label}: {r.value:,.0f}{q}, {r.date_text}. Source: {r.source_title}", 80, 300)


def strength_chart(
    reference: dict[str, pd.DataFrame],
    claims: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    end: str = "2023-06-30",
    start: str = "2013-01-01",
    title: str = "MINUSMA's size: ceilings, deployed strength and what the outlets said",
) -> go.Figure:
    """MINUSMA's size over time: ceilings as steps, deployed strength as series, and every outlet's
    size claims as intervals at their publication dates (hover shows the sentence). ``end`` is the
    end of the last ceiling (the mandate's termination); ``start`` the left edge of the x axis."""
    labels, colors = outlet_labels(documents), outlet_colors(documents)
    sents = _sentence_text(sentences)
    fig = go.Figure()
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
            hovertemplate="%{customdata}<extra></extra>",
        )
    fig.add_shape(
        type="line", x0=end, x1=end, y0=0, y1=1, yref="paper", line={"color": GREY, "width": 1, "dash": "dot"}
    )
    fig.add_annotation(
        x=end, y=1, yref="paper", text="Res 2690: mandate ends", showarrow=False, xanchor="right"
    )
    fig.update_xaxes(range=[start, "2024-01-31"])
    fig.update_yaxes(rangemode="tozero", tickformat=",")
    fig = style(
        fig,
        title,
        height=620,
        y_title="personnel",
    )
    fig.update_layout(legend={"y": -0.12})
    return fig


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
) -> go.Figure:
    """Dot-and-interval chart for ``measures``: reference values (grey diamonds) and each outlet's claims
    (coloured dots) as intervals, one row each, grouped by measure. ``reference`` needs ``measure`` and
    ``contrast`` (True for a contrast series); ``scale`` divides every value (1e9 for USD billions)."""
    labels, colors = outlet_labels(documents), outlet_colors(documents)
    sents = _sentence_text(sentences)
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
            hovertemplate="%{customdata}<extra></extra>",
        )
        shown.add(name)
    fig.update_yaxes(
        tickvals=ys, ticktext=[hover_text(lab, 200, 90) for lab, _, _ in rows], autorange="reversed"
    )
    fig.update_xaxes(rangemode="tozero")
    return style(fig, title, x_title=x_title, height=max(320, 60 + 34 * len(rows)))


# --- framing (notebook 01) -----------------------------------------------------------------------


def _frame_evidence(rows: pd.DataFrame, n: int = 3) -> str:
    """Up to ``n`` evidence sentences for a hover label, each with the lexicon pattern ids that fired."""
    lines = []
    for r in rows.head(n).itertuples():
        ids = r.pattern_ids if isinstance(r.pattern_ids, str) else ""
        lines.append("• " + hover_text(r.text, 70, 170) + (f" [{html.escape(ids)}]" if ids else ""))
    if len(rows) > n:
        lines.append(f"… and {len(rows) - n} more")
    return "<br>".join(lines)


def frame_heatmap(
    summary: pd.DataFrame,
    frames: pd.DataFrame,
    documents: pd.DataFrame,
    frame_labels: dict[str, str],
    flags: dict[str, str],
    method: str = "manual",
    title: str = "",
) -> go.Figure:
    """Outlet × frame: % of body sentences with the frame; hover gives the interval and evidence sentences."""
    labels = outlet_labels(documents)
    s = summary[summary["method"] == method].set_index(["doc_id", "frame"])
    f = frames[frames["method"] == method]
    z, text, hover = [], [], []
    for d in outlet_order(documents):
        zr, tr, hr = [], [], []
        for fid in frame_labels:
            r = s.loc[(d, fid)]
            ev = f[(f["doc_id"] == d) & (f["frame"] == fid)]
            zr.append(round(100 * r["share"], 1))
            tr.append(f"{100 * r['share']:.0f}%")
            hr.append(
                f"{r['n_sentences']} of {r['n_body_sentences']} sentences, 95% interval "
                f"{100 * r['share_low']:.0f}–{100 * r['share_high']:.0f}%<br>{_frame_evidence(ev)}"
            )
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(frame_labels.values()),
            y=[
                f"{html.escape(labels[d])}<br><sub>{html.escape(flags[d])}</sub>"
                for d in outlet_order(documents)
            ],
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            colorscale="Blues",
            zmin=0,
            colorbar={"title": {"text": "% of<br>sentences"}},
            hovertemplate="%{y}<br><b>%{x}</b>: %{customdata}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-30)
    return style(fig, title, height=520)


def frame_profile_chart(
    summary: pd.DataFrame,
    documents: pd.DataFrame,
    frame_labels: dict[str, str],
    flags: dict[str, str],
    method: str = "manual",
    title: str = "",
) -> go.Figure:
    """Per outlet and frame: share of body sentences with the frame, dot and 95% bootstrap interval."""
    labels, colors, order = outlet_labels(documents), outlet_colors(documents), outlet_order(documents)
    fids = list(frame_labels)
    fig = go.Figure()
    for i, d in enumerate(order):
        r = summary[(summary["method"] == method) & (summary["doc_id"] == d)].set_index("frame").reindex(fids)
        share, low, high = 100 * r["share"], 100 * r["share_low"], 100 * r["share_high"]
        fig.add_scatter(
            x=share,
            y=[j + (i - (len(order) - 1) / 2) * 0.15 for j in range(len(fids))],
            mode="markers",
            name=f"{html.escape(labels[d])} ({html.escape(flags[d])})",
            marker={"color": colors[d], "size": 9},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (high - share).tolist(),
                "arrayminus": (share - low).tolist(),
                "color": colors[d],
                "thickness": 1.5,
                "width": 0,
            },
            customdata=[
                f"{frame_labels[fid]}: {n} of {t} sentences ({s:.0f}%, 95% interval {lo:.0f}–{hi:.0f}%)"
                for fid, n, t, s, lo, hi in zip(
                    fids, r["n_sentences"], r["n_body_sentences"], share, low, high, strict=True
                )
            ],
            hovertemplate=f"{html.escape(labels[d])}<br>%{{customdata}}<extra></extra>",
        )
    fig.update_yaxes(
        tickvals=list(range(len(fids))),
        ticktext=list(frame_labels.values()),
        autorange="reversed",
        zeroline=False,
    )
    top = 100 * summary.loc[summary["method"] == method, "share_high"].max()
    fig.update_xaxes(range=[-2, top + 3])
    return style(
        fig, title, x_title="% of body sentences (95% bootstrap interval)", height=120 + 58 * len(fids)
    )


def frame_scores_chart(validation: pd.DataFrame, title: str = "") -> go.Figure:
    """F1 of the lexicon tagger per frame against the manual coding: full lexicon vs. leave-one-article-out."""
    fig = go.Figure()
    for col, name, color in (("f1", "full lexicon", PALETTE[0]), ("LOAO f1", "leave-one-article-out", GREY)):
        fig.add_bar(
            x=validation["frame"],
            y=validation[col],
            name=name,
            marker_color=color,
            customdata=validation["support"],
            hovertemplate=f"%{{x}}<br>F1 %{{y:.2f}} ({name}); %{{customdata}} gold labels<extra></extra>",
        )
    fig.update_yaxes(range=[0, 1])
    fig.update_xaxes(tickangle=-30)
    fig = style(fig, title, y_title="F1 against the manual coding", height=460)
    fig.update_layout(barmode="group", legend={"y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"})
    return fig


# --- stance and voices (notebook 04) -------------------------------------------------------------

STANCE_NEG, STANCE_POS = "#D55E00", "#0072B2"  # Okabe-Ito vermillion / blue
SPEAKER_CATEGORY_COLORS = {
    "malian_authorities": "#E69F00",
    "un": "#56B4E9",
    "western_government": "#0072B2",
    "other_government": "#CC79A7",
    "expert_ngo": "#009E73",
    "media": "#F0E442",
    "armed_group": "#D55E00",
    "unknown": "#666666",
    "unattributed": "#999999",
}


def highlighted_hover(text: str, spans: list[tuple[int, int]], width: int = 80, max_chars: int = 300) -> str:
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


def _evidence_hover(evidence, n: int = 3) -> str:
    items = list(evidence or [])[:n]
    if not items:
        return "no evaluative cue"
    sym = {-1: "−", 1: "+"}
    return "<br>".join(
        f"{sym.get(score, '0')} {highlighted_hover(text, spans, 70, 260)}" for text, spans, score in items
    )


def _stance_hover(r: str, x) -> str:
    signal = (
        f"no signal: {int(x.n_signal)} of {int(x.n_sentences)} sentences evaluative"
        if x.no_signal
        else f"{int(x.n_signal)} of {int(x.n_sentences)} sentences evaluative"
    )
    return (
        f"<b>{html.escape(r)}</b>: {signal} ({int(x.n_neg)} −, {int(x.n_pos)} +)"
        f"{' — few sentences, read with care' if x.small else ''}<br>{_evidence_hover(x.evidence)}"
    )


def stance_diverging_chart(
    cells: pd.DataFrame, row_order: list[str], title: str, height: int = 760
) -> go.Figure:
    """Diverging bars per target (one panel each): share of sentences scored −1 to the left, +1 to the
    right, net tone (diamond) with its 95% interval; cells with few sentences are grey, and a cell with
    almost no evaluative sentence (``no_signal``) shows "no signal" instead of a measured net tone.
    ``cells`` has columns target_label, row, n_sentences, n_neg, n_pos, n_signal, no_signal, net_tone,
    ci_low, ci_high, small, evidence."""
    targets = list(dict.fromkeys(cells["target_label"]))
    fig = make_subplots(
        rows=len(targets), cols=1, shared_xaxes=True, subplot_titles=targets, vertical_spacing=0.06
    )
    for i, t in enumerate(targets, start=1):
        c = (
            cells[cells["target_label"] == t]
            .set_index("row")
            .reindex([r for r in row_order if r in set(cells[cells["target_label"] == t]["row"])])
        )
        if c.empty:
            continue
        rows = list(c.index)
        hover = [_stance_hover(r, x) for r, x in c.iterrows()]
        grey = [bool(s) or bool(q) for s, q in zip(c["small"], c["no_signal"], strict=True)]
        for sign, col, color in ((-1, "n_neg", STANCE_NEG), (1, "n_pos", STANCE_POS)):
            fig.add_bar(
                x=(sign * c[col] / c["n_sentences"]).round(4).tolist(),
                y=rows,
                orientation="h",
                name="share of sentences scored −1" if sign < 0 else "share of sentences scored +1",
                legendgroup=str(sign),
                showlegend=i == 1,
                marker={"color": [GREY if g else color for g in grey], "opacity": 0.85},
                customdata=hover,
                hovertemplate="%{customdata}<extra></extra>",
                row=i,
                col=1,
            )
        measured = c[~c["no_signal"].astype(bool)]
        fig.add_scatter(
            x=measured["net_tone"].tolist(),
            y=list(measured.index),
            mode="markers",
            name="net tone (95% interval)",
            legendgroup="net",
            showlegend=i == 1,
            marker={
                "symbol": "diamond",
                "size": 10,
                "color": ["#777777" if s else "#000000" for s in measured["small"]],
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (measured["ci_high"] - measured["net_tone"]).round(4).tolist(),
                "arrayminus": (measured["net_tone"] - measured["ci_low"]).round(4).tolist(),
                "color": "#555555",
            },
            customdata=[
                f"{html.escape(r)}: net tone {x.net_tone:+.2f} (95% interval {x.ci_low:+.2f} to {x.ci_high:+.2f}), "
                f"{int(x.n_signal)} of {int(x.n_sentences)} sentences evaluative"
                for r, x in measured.iterrows()
            ],
            hovertemplate="%{customdata}<extra></extra>",
            row=i,
            col=1,
        )
        quiet = c[c["no_signal"].astype(bool)]
        fig.add_scatter(
            x=[0.0] * len(quiet),
            y=list(quiet.index),
            mode="text",
            text=["no signal"] * len(quiet),
            textfont={"color": "#777777"},
            showlegend=False,
            customdata=[_stance_hover(r, x) for r, x in quiet.iterrows()],
            hovertemplate="%{customdata}<extra></extra>",
            row=i,
            col=1,
        )
        fig.update_yaxes(autorange="reversed", row=i, col=1)
    fig.update_xaxes(range=[-1.05, 1.05], zeroline=True, zerolinecolor="#444444")
    fig.update_layout(barmode="relative")
    fig = style(fig, title, height=height)
    fig.update_xaxes(
        title_text="← negative   share of sentences / net tone   positive →", row=len(targets), col=1
    )
    return fig


def voices_chart(voices: pd.DataFrame, documents: pd.DataFrame, category_labels: dict[str, str]) -> go.Figure:
    """Quotes per outlet by speaker category: solid = in quote marks, hatched = paraphrase."""
    labels = outlet_labels(documents)
    order = outlet_order(documents)
    fig = go.Figure()
    for cat, color in SPEAKER_CATEGORY_COLORS.items():
        for form in ("direct", "indirect"):
            g = (
                voices[(voices["speaker_category"] == cat) & (voices["form"] == form)]
                .set_index("doc_id")
                .reindex(order)
            )
            if g["n"].sum() == 0:
                continue
            fig.add_bar(
                y=[labels[d] for d in order],
                x=g["n"].tolist(),
                orientation="h",
                name=f"{category_labels[cat]} ({'quote marks' if form == 'direct' else 'paraphrase'})",
                legendgroup=cat,
                marker={
                    "color": color,
                    "pattern": {
                        "shape": "" if form == "direct" else "/",
                        "fgcolor": "#333333",
                        "solidity": 0.3,
                    },
                    "line": {"color": "#FFFFFF", "width": 0.5},
                },
                customdata=[hover_text(s or "none", 70, 300) for s in g["speakers"].fillna("")],
                hovertemplate="%{y}: %{x} "
                + html.escape(f"{category_labels[cat]} ({form})")
                + "<br>%{customdata}<extra></extra>",
            )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    fig = style(
        fig,
        "Who gets a voice: quotes and paraphrases per text, by speaker",
        x_title="attributions",
        height=520,
    )
    fig.update_layout(legend={"y": -0.22})
    return fig


def stance_baseline_chart(
    table: pd.DataFrame, documents: pd.DataFrame, target_labels: dict[str, str]
) -> go.Figure:
    """Author net tone (stance method) against VADER's mean sentence sign, one dot per outlet × target."""
    labels, colors = outlet_labels(documents), outlet_colors(documents)
    symbols = dict(zip(target_labels, ("circle", "square", "diamond", "triangle-up"), strict=False))
    fig = go.Figure()
    fig.add_scatter(
        x=[-1, 1],
        y=[-1, 1],
        mode="lines",
        line={"color": GREY, "dash": "dot"},
        name="same score",
        hoverinfo="skip",
    )
    for d in outlet_order(documents):
        g = table[table["doc_id"] == d]
        if g.empty:
            continue
        fig.add_scatter(
            x=g["cue_method"].tolist(),
            y=g["vader_sign"].tolist(),
            mode="markers",
            name=labels[d],
            marker={"color": colors[d], "size": 12, "symbol": [symbols[t] for t in g["target"]]},
            customdata=[
                f"{html.escape(labels[d])} — {html.escape(target_labels[t])}: stance method {a:+.2f}, VADER {b:+.2f} (n = {n})"
                for t, a, b, n in zip(g["target"], g["cue_method"], g["vader_sign"], g["n"], strict=True)
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    for t, sym in symbols.items():  # legend entries for the marker shapes
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=target_labels[t],
            marker={"color": GREY, "size": 10, "symbol": sym},
        )
    fig.update_xaxes(range=[-1.05, 1.05], zeroline=True)
    fig.update_yaxes(range=[-1.05, 1.05], zeroline=True)
    return style(
        fig,
        "Author stance (stance method) vs sentence sentiment (VADER), per outlet × target",
        x_title="stance method: author net tone",
        y_title="VADER: mean sentence sign",
        height=520,
    )
