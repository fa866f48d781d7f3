"""Notebook 04 tables and prose: band sensitivity, directions, positive sources, ranking."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from minusma_lib.core import tables
from minusma_lib.extract import stance_aggregate
from minusma_lib.report import stance as rstance
from minusma_lib.report import stance_checks
from minusma_lib.validate import stance as vstance


@pytest.fixture(scope="module")
def stmts() -> pd.DataFrame:
    return tables.load("stance_statements")


def test_band_sensitivity_reports_the_stated_rule(stmts):
    documents = tables.load("documents")
    manual = vstance.load_manual()
    by_band = vstance.band_signs(stmts, manual, documents)
    sens = stance_checks.band_sensitivity(by_band, documents)
    assert set(vstance.SENSITIVITY_BANDS) <= set(sens["neutral band (±)"])
    stated = sens[sens["stated rule"] == "yes"]
    assert stated["neutral band (±)"].tolist() == [stance_aggregate.DEAD_BAND]
    assert int(stated["signs agree"].iloc[0]) == int(
        vstance.sign_table(stmts, manual, documents)["agree"].sum()
    )
    # band 0 is the plain sign of the mean
    zero = by_band[by_band["band"] == 0]
    assert (zero["sign"] == np.sign(zero["mean"])).all()


def test_prose_directions_follow_the_interval():
    assert rstance.direction(-0.4, -0.6, -0.1) == "clearly negative"
    assert rstance.direction(-0.4, -0.6, 0.0).startswith("leaning negative")
    assert rstance.direction(0.3, 0.0, 0.5).startswith("leaning positive")
    assert rstance.direction(0.3, 0.1, 0.5) == "clearly positive"
    assert rstance.direction(0.01, -0.1, 0.2) == "neutral"


def test_positive_sources_count_withdrawal_harm_cues(stmts):
    documents = tables.load("documents")
    t = rstance.positive_sources(stmts, documents)
    pos = stmts[(stmts["voice"] == "author") & (stmts["target"] == "minusma") & (stmts["score"] > 0)]
    pos = pos[pos["repeat_of"].isna()].drop_duplicates(["doc_id", "sent_id"])  # each sentence once
    assert t["sentences scored +1"].sum() == len(pos)
    parts = t[["withdrawal-harm cues only", "withdrawal-harm and other cues", "other cues only"]].sum(axis=1)
    assert (parts == t["sentences scored +1"]).all()
    harm_only = pos["rule"].map(lambda s: all(r.endswith(":withdrawal_harm") for r in s.split(";")))
    assert t["withdrawal-harm cues only"].sum() == harm_only.sum()


def test_most_favourable_is_named_only_when_its_interval_separates():
    """Issue 14: the chatbot was named 'most favourable' although intervals overlapped."""
    labels = {"a": "A", "b": "B", "c": "C"}
    cells = pd.DataFrame(
        {"net_tone": [0.30, 0.25, -0.1], "ci_low": [0.10, 0.05, -0.3], "ci_high": [0.5, 0.45, 0.05]},
        index=["a", "b", "c"],
    )
    text = rstance.most_favourable_prose(cells, labels, set())
    assert "no outlet is clearly the most favourable" in text and "B" in text
    separated = cells.assign(ci_low=[0.35, 0.05, -0.3], net_tone=[0.5, 0.25, -0.1], ci_high=[0.6, 0.3, 0.05])
    assert "the outlet most favourable to MINUSMA is A" in rstance.most_favourable_prose(
        separated, labels, set()
    )


def test_the_chatbot_is_never_ranked_with_the_outlets():
    docs = tables.load("documents")
    agg = tables.load("stance_by_outlet")
    chatbots = set(docs.loc[docs["genre"] == "ai_chatbot_transcript", "doc_id"])
    stmts, quotes_df, sents = (
        tables.load("stance_statements"),
        tables.load("quotes"),
        tables.load("sentences"),
    )
    text = rstance.headline(agg, quotes_df, vstance.validation(stmts, quotes_df, docs, sents), docs)
    labels = dict(zip(docs["doc_id"], docs["outlet_short"], strict=True))
    first = text.split(". Toward")[0]
    for d in chatbots:
        assert labels[d] not in first.split("(the AI chatbot")[0]
