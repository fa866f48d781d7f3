"""Notebook 02 charts: cited poll figures against the published survey series."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from minusma_lib.core.labels import outlet_colors, outlet_labels, outlet_order
from minusma_lib.plots.common import hover_text, style, with_meta

DIRECTION_COLORS = {"satisfied": "#1B9E77", "dissatisfied": "#7570B3", "other": "#999999"}


def poll_series_chart(
    series: pd.DataFrame, claims: pd.DataFrame, documents: pd.DataFrame, meta: dict | None = None
) -> go.Figure:
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
    return with_meta(
        style(
            fig,
            "Satisfaction with MINUSMA: Mali-Mètre editions and figures the articles cite",
            y_title="% of respondents",
            height=500,
        ),
        meta,
    )


def poll_groups_chart(
    series: pd.DataFrame, kind: str, title: str, order: list[str] | None = None, meta: dict | None = None
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
    return with_meta(
        style(fig, f"{title} (Mali-Mètre {edition})", y_title="% of respondents", height=420), meta
    )
