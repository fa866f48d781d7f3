"""Held-out scores for the notebooks: a table and a computed sentence per analysis."""

from __future__ import annotations

import pandas as pd

from minusma_lib.report.text import join


def heldout_table(scores: pd.DataFrame, analysis: str) -> pd.DataFrame:
    """The out-of-sample scores of one analysis, with their trivial baselines."""
    s = scores[scores["analysis"] == analysis]
    return pd.DataFrame(
        {
            "measure": s["measure"],
            "held-out score": s["score"].round(2),
            "items": s["n"],
            "trivial baseline": s["baseline"].round(2),
            "baseline method": s["baseline_name"].fillna(""),
        }
    ).reset_index(drop=True)


def heldout_prose(scores: pd.DataFrame, analysis: str, n_articles: int) -> str:
    """One sentence: the held-out scores, and where the method does no better than its baseline."""
    s = scores[scores["analysis"] == analysis]
    parts = [f"{r.measure} {r.score:.2f} (n = {r.n})" for r in s.itertuples()]
    worse = [r.measure for r in s.itertuples() if pd.notna(r.baseline) and r.score <= r.baseline]
    text = (
        f"On the {n_articles} held-out fixture articles (written and coded by someone who never saw the rules; "
        f"`data/heldout/`), the scores are: {join(parts)}."
    )
    if worse:
        text += f" The method does no better than its trivial baseline on {join(worse)}."
    return text + " The scoring history is in `data/heldout/SCORING_LOG.md`."
