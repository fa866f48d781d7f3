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
from minusma_lib.validate import stance_supervised


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


def _signs(rows):
    return pd.DataFrame(
        [
            {
                "doc_id": d,
                "target": "minusma",
                "n_sentences": 9,
                "sign": v,
                "p_sign": p,
                "p_negative": 0.0,
                "p_neutral": 0.0,
                "p_positive": 0.0,
                "evidence": "",
                "model": "the pool",
            }
            for d, v, p in rows
        ]
    )


def test_only_clear_signs_are_contrasted_and_the_chatbot_is_reported_apart():
    """Issue 12: a headline contrasts only what the method is sure of; the others are named as leans."""
    from minusma_lib.report import stance_signs

    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "bot", "d"],
            "outlet_short": ["A", "B", "C", "Bot", "D"],
            "genre": ["news_report"] * 3 + ["ai_chatbot_transcript", "news_report"],
        }
    )
    text = stance_signs.contrast_prose(
        _signs([("a", 1, 0.95), ("b", -1, 0.92), ("c", -1, 0.6), ("bot", 1, 0.99)]), docs, "minusma"
    )
    assert "A reads positive" in text and "B reads negative" in text
    assert "C leans negative, P 0.60" in text and "C read" not in text
    assert "D does not mention it" in text
    first = text.split(" The AI chatbot")[0]
    assert "Bot" not in first and "(Bot), reported apart: clearly positive (P 0.99)" in text
    unsure = stance_signs.contrast_prose(_signs([("a", 1, 0.95), ("bot", -1, 0.8)]), docs, "minusma")
    assert "(Bot), reported apart: leaning negative (P 0.80)" in unsure


def test_the_chatbot_is_never_ranked_with_the_outlets():
    docs = tables.load("documents")
    chatbots = set(docs.loc[docs["genre"] == "ai_chatbot_transcript", "doc_id"])
    stmts, quotes_df, sents = (
        tables.load("stance_statements"),
        tables.load("quotes"),
        tables.load("sentences"),
    )
    signs = tables.load("stance_article_signs")
    supervised = stance_supervised.load_cells()
    text = rstance.headline(
        signs, quotes_df, vstance.validation(stmts, quotes_df, docs, sents), docs, supervised
    )
    labels = dict(zip(docs["doc_id"], docs["outlet_short"], strict=True))
    for part in text.split("Toward ")[1:]:
        for d in chatbots:
            assert labels[d] not in part.split("The AI chatbot transcript")[0]
