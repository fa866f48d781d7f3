"""Notebook 04 charts: author stance per target and who is quoted."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from minusma_lib.core.labels import GREY, outlet_colors, outlet_labels, outlet_order
from minusma_lib.plots.common import highlighted_hover, hover_text, style, text_evidence, with_meta

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


def _evidence_hover(evidence, n: int = 3) -> str:
    """The first ``n`` evidence sentences, cue words in bold (an item is ``(text, spans, score, ...)``)."""
    items = list(evidence or [])
    if not items:
        return "no evaluative cue"
    sym = {-1: "−", 1: "+"}
    lines = [f"{sym.get(it[2], '0')} {highlighted_hover(it[0], it[1], 70)}" for it in items[:n]]
    if len(items) > n:
        lines.append(f"… and {len(items) - n} more (all in the chart's evidence data)")
    return "<br>".join(lines)


def _cell_evidence(evidence) -> list[list]:
    """A cell's evidence for the chart data: ``[doc_id, start, end]`` when an item carries its sentence's
    offsets as ``(text, spans, score, doc_id, start, end)``, else its full text."""
    return [
        [str(it[3]), int(it[4]), int(it[5])] if len(it) >= 6 else text_evidence(it[0])
        for it in evidence or []
    ]


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


def _target_panels(cells: pd.DataFrame, row_order: list[str]):
    """One panel per target (in the cells' order) sharing the x axis, and each panel's cells indexed by
    row in ``row_order``: (figure, [(panel number, cells)]) with empty panels left out."""
    targets = list(dict.fromkeys(cells["target_label"]))
    fig = make_subplots(
        rows=len(targets), cols=1, shared_xaxes=True, subplot_titles=targets, vertical_spacing=0.06
    )
    panels = []
    for i, t in enumerate(targets, start=1):
        here = cells[cells["target_label"] == t]
        c = here.set_index("row").reindex([r for r in row_order if r in set(here["row"])])
        if not c.empty:
            panels.append((i, c))
    return fig, panels


def _finish_panels(fig: go.Figure, title: str, height: int, x_title: str, meta: dict | None) -> go.Figure:
    """Rows top to bottom, a shared −1..+1 axis with its zero line, bars stacked from zero, the style."""
    n = len(fig.layout.annotations) or 1
    for i in range(1, n + 1):
        fig.update_yaxes(autorange="reversed", row=i, col=1)
    fig.update_xaxes(range=[-1.05, 1.05], zeroline=True, zerolinecolor="#444444")
    fig.update_layout(barmode="relative")
    fig = style(fig, title, height=height)
    fig.update_xaxes(title_text=x_title, row=n, col=1)
    return with_meta(fig, meta)


def stance_diverging_chart(
    cells: pd.DataFrame, row_order: list[str], title: str, height: int = 760, meta: dict | None = None
) -> go.Figure:
    """Diverging bars per target (one panel each): share of sentences scored −1 to the left, +1 to the
    right, net tone (diamond) with its 95% interval; cells with few sentences are grey, and a cell with
    almost no evaluative sentence (``no_signal``) shows "no signal" instead of a measured net tone.
    ``cells`` has columns target_label, row, n_sentences, n_neg, n_pos, n_signal, no_signal, net_tone,
    ci_low, ci_high, small, evidence.

    Longer than 80 lines because each panel adds four coordinated traces (negative bars, positive bars,
    net tone, "no signal" labels) that share the same per-panel row order and hover texts; splitting
    them apart would pass those shared lists between functions without making any one clearer."""
    fig, panels = _target_panels(cells, row_order)
    for i, c in panels:
        rows = list(c.index)
        hover = [_stance_hover(r, x) for r, x in c.iterrows()]
        evidence = [_cell_evidence(x.evidence) for _, x in c.iterrows()]
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
                meta={"evidence": evidence},
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
    return _finish_panels(fig, title, height, "← negative   share of sentences / net tone   positive →", meta)


def voices_chart(
    voices: pd.DataFrame, documents: pd.DataFrame, category_labels: dict[str, str], meta: dict | None = None
) -> go.Figure:
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
    return with_meta(fig, meta)


def stance_baseline_chart(
    table: pd.DataFrame, documents: pd.DataFrame, target_labels: dict[str, str], meta: dict | None = None
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
    return with_meta(
        style(
            fig,
            "Author stance (stance method) vs sentence sentiment (VADER), per outlet × target",
            x_title="stance method: author net tone",
            y_title="VADER: mean sentence sign",
            height=520,
        ),
        meta,
    )


def _sign_hover(r: str, x) -> str:
    sign = {-1: "−1", 0: "0", 1: "+1"}[int(x.sign)]
    return (
        f"<b>{html.escape(r)}</b>: sign {sign} (P {x.p_sign:.2f}; P(−1) {x.p_negative:.2f}, P(0) "
        f"{x.p_neutral:.2f}, P(+1) {x.p_positive:.2f}), {int(x.n_sentences)} author sentences"
        f"{' — few sentences, read with care' if x.small else ''}<br>words that weigh most: "
        f"{html.escape(x.words or 'none')}<br>{_evidence_hover(x.evidence)}"
    )


def stance_sign_chart(
    cells: pd.DataFrame,
    row_order: list[str],
    title: str,
    confident: float,
    height: int = 760,
    meta: dict | None = None,
) -> go.Figure:
    """The kept design's sign per row and target (one panel each): the probability of −1 to the left,
    of +1 to the right, and the sign with its probability as a label; a sign below ``confident`` is
    drawn faint, a cell with few sentences grey. ``cells`` has columns target_label, row, n_sentences,
    p_negative, p_neutral, p_positive, sign, p_sign, small, words, evidence."""
    fig, panels = _target_panels(cells, row_order)
    for i, c in panels:
        rows = list(c.index)
        hover = [_sign_hover(r, x) for r, x in c.iterrows()]
        evidence = [_cell_evidence(x.evidence) for _, x in c.iterrows()]
        faint = [p < confident for p in c["p_sign"]]
        for sign, col, color in ((-1, "p_negative", STANCE_NEG), (1, "p_positive", STANCE_POS)):
            fig.add_bar(
                x=(sign * c[col]).round(4).tolist(),
                y=rows,
                orientation="h",
                name="probability of −1" if sign < 0 else "probability of +1",
                legendgroup=str(sign),
                showlegend=i == 1,
                marker={
                    "color": [GREY if s else color for s in c["small"]],
                    "opacity": [0.4 if f else 0.9 for f in faint],
                },
                customdata=hover,
                meta={"evidence": evidence},
                hovertemplate="%{customdata}<extra></extra>",
                row=i,
                col=1,
            )
        fig.add_scatter(
            x=[0.0] * len(c),
            y=rows,
            mode="text",
            text=[
                f"\u2002{'−1' if v < 0 else '+1' if v > 0 else '0'} · {p:.2f}\u2002"
                for v, p in zip(c["sign"], c["p_sign"], strict=True)
            ],
            textposition=["middle left" if v > 0 else "middle right" for v in c["sign"]],
            textfont={"color": ["#777777" if f else "#000000" for f in faint]},
            showlegend=False,
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            row=i,
            col=1,
        )
    return _finish_panels(fig, title, height, "← probability of −1   ·   probability of +1 →", meta)
