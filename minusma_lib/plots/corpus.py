"""Notebook 00 charts: what cleaning removed."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from minusma_lib.core.labels import PALETTE, outlet_labels, outlet_order
from minusma_lib.plots.common import hover_text, span_evidence, style, with_meta


def cleaning_chart(log: pd.DataFrame, documents: pd.DataFrame, meta: dict | None = None) -> go.Figure:
    """Characters removed per outlet, by category; hover lists what was removed."""
    labels = outlet_labels(documents)
    removed = log[(log["action"] == "remove") & (log["category"] != "markup")].copy()
    removed["chars"] = removed["end"] - removed["start"]
    cats = sorted(removed["category"].unique())
    fig = go.Figure()
    for i, cat in enumerate(cats):
        rows = removed[removed["category"] == cat]
        x, hov, evidence = [], [], []
        for d in outlet_order(documents):
            r = rows[rows["doc_id"] == d]
            x.append(int(r["chars"].sum()))
            evidence.append(span_evidence(r))
            hov.append("<br>".join(f"• {hover_text(t, 70, 120)}" for t in r["text"]) or "none")
        fig.add_bar(
            y=[labels[d] for d in outlet_order(documents)],
            x=x,
            name=cat.replace("_", " "),
            orientation="h",
            marker_color=PALETTE[(i + 5) % len(PALETTE)] if i < 3 else None,
            customdata=hov,
            meta={"evidence": evidence},
            hovertemplate="%{y}: %{x} characters<br>%{customdata}<extra>" + cat + "</extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    return with_meta(
        style(fig, "Boilerplate removed per text, by kind", x_title="characters removed", height=380), meta
    )
