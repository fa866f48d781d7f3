"""Notebook 01 charts: frame profiles, heatmaps and validation scores."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from minusma_lib.core.labels import GREY, PALETTE, outlet_colors, outlet_labels, outlet_order
from minusma_lib.plots.common import hover_text, span_evidence, style, with_meta


def _frame_evidence(rows: pd.DataFrame, n: int = 3) -> str:
    """Up to ``n`` evidence sentences for a hover label (the lexicon pattern ids that fired are internal
    ids, kept in ``frames.csv``, not shown to readers)."""
    lines = ["• " + hover_text(r.text, 70) for r in rows.head(n).itertuples()]
    if len(rows) > n:
        lines.append(f"… and {len(rows) - n} more (all in the chart's evidence data)")
    return "<br>".join(lines)


def frame_heatmap(
    summary: pd.DataFrame,
    frames: pd.DataFrame,
    documents: pd.DataFrame,
    frame_labels: dict[str, str],
    flags: dict[str, str],
    method: str = "manual",
    title: str = "",
    meta: dict | None = None,
) -> go.Figure:
    """Outlet × frame: % of body sentences with the frame; hover gives the interval and evidence sentences."""
    labels = outlet_labels(documents)
    s = summary[summary["method"] == method].set_index(["doc_id", "frame"])
    f = frames[frames["method"] == method]
    z, text, hover, evidence = [], [], [], []
    for d in outlet_order(documents):
        zr, tr, hr = [], [], []
        for fid in frame_labels:
            r = s.loc[(d, fid)]
            ev = f[(f["doc_id"] == d) & (f["frame"] == fid)]
            evidence.append(span_evidence(ev))
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
            meta={"evidence": evidence},
            colorscale="Blues",
            zmin=0,
            colorbar={"title": {"text": "% of<br>sentences"}},
            hovertemplate="%{y}<br><b>%{x}</b>: %{customdata}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-30)
    return with_meta(style(fig, title, height=520), meta)


def frame_profile_chart(
    summary: pd.DataFrame,
    documents: pd.DataFrame,
    frame_labels: dict[str, str],
    flags: dict[str, str],
    method: str = "manual",
    title: str = "",
    meta: dict | None = None,
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
    return with_meta(
        style(
            fig, title, x_title="% of body sentences (95% bootstrap interval)", height=120 + 58 * len(fids)
        ),
        meta,
    )


def frame_scores_chart(validation: pd.DataFrame, title: str = "", meta: dict | None = None) -> go.Figure:
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
    return with_meta(fig, meta)
