"""Fixture-set scores for the notebooks: a table and a computed sentence per analysis."""

from __future__ import annotations

import pandas as pd

from minusma_lib.report.text import join
from minusma_lib.validate.heldout import FIXTURE_SETS, IN_SAMPLE, SET_ROLES


def heldout_table(scores: pd.DataFrame, analysis: str, in_sample: pd.DataFrame | None = None) -> pd.DataFrame:
    """The out-of-sample scores of one analysis on every fixture set, with their trivial baselines;
    ``in_sample`` (:func:`validate.heldout.in_sample_scores`) adds the same measures on the seeds first."""
    s = scores[scores["analysis"] == analysis]
    if in_sample is not None:
        s = pd.concat([in_sample[in_sample["analysis"] == analysis], s], ignore_index=True)
    roles = {**SET_ROLES, IN_SAMPLE: "in-sample (the rules were written on these texts)"}
    return pd.DataFrame(
        {
            "texts": [f"{k}: {roles[k]}" for k in s["fixture_set"]],
            "measure": s["measure"],
            "score": s["score"].round(2),
            "items": s["n"],
            "trivial baseline": s["baseline"].round(2),
            "baseline method": s["baseline_name"].fillna(""),
        }
    ).reset_index(drop=True)


def heldout_prose(scores: pd.DataFrame, analysis: str, n_articles: dict[str, int]) -> str:
    """One sentence per fixture set: its scores, and where the method does no better than its baseline."""
    out = []
    for k, s in scores[scores["analysis"] == analysis].groupby("fixture_set", sort=True):
        parts = [f"{r.measure} {r.score:.2f} (n = {r.n})" for r in s.itertuples()]
        worse = [r.measure for r in s.itertuples() if pd.notna(r.baseline) and r.score <= r.baseline]
        text = (
            f"Fixture set {k} ({n_articles.get(k, 0)} articles written and coded by someone who never saw the "
            f"rules; `data/{FIXTURE_SETS[k]}/`; {SET_ROLES[k]}): {join(parts)}."
        )
        if worse:
            text += f" No better than the trivial baseline on {join(worse)}."
        out.append(text)
    if not out:
        return "No fixture set has coding for this analysis."
    return " ".join(out) + " Each set's scoring history is in its `SCORING_LOG.md`."
