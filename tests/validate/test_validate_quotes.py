"""Quotes against the hand coding (validate.quotes)."""

from __future__ import annotations

import pandas as pd
import pytest

from minusma_lib.core import tables
from minusma_lib.validate import quotes as vquotes


@pytest.fixture(scope="module")
def found() -> pd.DataFrame:
    return tables.load("quotes")


def _quote(qid: str, start: int, end: int, speaker: str, kind: str = "indirect") -> dict:
    return {
        "quote_id": qid,
        "doc_id": "d",
        "start": start,
        "end": end,
        "text": "x",
        "kind": kind,
        "speaker": speaker,
        "speaker_category": "un",
    }


def test_quote_speaker_recall_holds_against_the_hand_coding(found):
    """A hand-coded quote (scare quotes excluded: they have no speaker; 'unattributed' speakers
    included) is recalled when an extracted quote overlaps it with the same canonical speaker."""
    manual = vquotes.load_manual()
    _, not_coded = vquotes.coverage(manual, tables.load("documents"))
    assert not not_coded, (
        f"no quote hand coding for {', '.join(not_coded)}: code their quotes in {vquotes.manual_path()}"
    )
    scores = vquotes.quote_scores(found, manual)
    missed = vquotes.match_quotes(found, manual)
    assert missed[missed["found_id"] != ""]["found_id"].is_unique  # one to one
    missed = missed[(missed["kind"] != "scare") & ~missed["recalled"]]
    assert scores["recall"] >= vquotes.SPEAKER_RECALL_MIN, (
        f"quote-speaker recall {scores['recall']:.3f} < {vquotes.SPEAKER_RECALL_MIN}; missed:\n"
        + missed[["quote_id", "speaker", "found_speaker", "text"]].to_string()
    )


def test_an_extracted_quote_is_credited_to_one_manual_quote_only():
    """A manual indirect span and the direct fragment inside it, and one extracted quote covering
    both: one is recalled, not two (one-to-one matching, longest overlap first)."""
    manual = pd.DataFrame([_quote("qt1", 0, 50, "A"), _quote("qt2", 10, 20, "A", "direct")])
    found = pd.DataFrame([_quote("d-qt001", 0, 50, "A")])
    m = vquotes.match_quotes(found, manual)
    assert m["recalled"].tolist() == [True, False]
    s = vquotes.quote_scores(found, manual)
    assert (s["recall"], s["precision"]) == (0.5, 1.0)
    # with a second extracted quote for the fragment, both are recalled
    found2 = pd.concat([found, pd.DataFrame([_quote("d-qt002", 10, 20, "A", "direct")])], ignore_index=True)
    assert vquotes.match_quotes(found2, manual)["recalled"].tolist() == [True, True]
    # equal overlap: the same speaker is preferred
    manual3 = pd.DataFrame([_quote("qt1", 0, 10, "B"), _quote("qt2", 0, 10, "A")])
    m3 = vquotes.match_quotes(found.assign(end=10), manual3)
    assert m3["recalled"].tolist() == [False, True]


def test_documents_without_quote_coding_are_not_scored():
    manual = pd.DataFrame([_quote("qt1", 0, 50, "A")])
    found = pd.DataFrame([_quote("d-qt001", 0, 50, "A"), {**_quote("e-qt001", 0, 9, "A"), "doc_id": "e"}])
    s = vquotes.quote_scores(found, manual)
    assert (s["n_found"], s["precision"], s["not_coded"]) == (1, 1.0, ["e"])
