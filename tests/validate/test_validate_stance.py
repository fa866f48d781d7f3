"""Stance against the hand coding: one-to-one matching, agreement, signs, coverage."""

from __future__ import annotations

import pandas as pd
import pytest

from minusma_lib.core import tables
from minusma_lib.core.errors import ManualCodingError
from minusma_lib.extract import stance_lexicon
from minusma_lib.validate import quotes as vquotes
from minusma_lib.validate import stance as vstance


@pytest.fixture(scope="module")
def stmts() -> pd.DataFrame:
    return tables.load("stance_statements")


def test_author_sign_agrees_with_the_hand_coding_for_every_outlet_and_target(stmts):
    """The sign of the mean author score of every outlet × target equals the hand coding's, with the
    stated sign rule for both: |mean| < stance_aggregate.DEAD_BAND counts as 0 (notebook 04 reports how the
    agreement changes with the band). Every outlet must be hand-coded: none is skipped."""
    documents = tables.load("documents")
    coding = vstance.hand_coding(documents, tables.load("sentences"))  # stops on rows that do not fit
    manual, not_coded = coding["stance"], coding["stance_not_coded"]
    assert not not_coded, (
        f"no stance hand coding for {', '.join(not_coded)}: code every target mention of these texts in "
        f"{vstance.manual_path()} (coding guide data/annotations/stance_coding_guide.md)"
    )
    table = vstance.sign_table(stmts, manual, documents)
    assert len(table) == len(documents) * len(stance_lexicon.TARGETS)
    bad = table[~table["agree"]]
    assert bad.empty, "author stance sign differs from the hand coding:\n" + bad.to_string()


def test_agreement_measures_are_computed(stmts):
    manual = vstance.load_manual()
    pairs = vstance.match_mentions(stmts, manual, "author")
    a = vstance.agreement(pairs)
    assert a["n_manual"] == manual["voice"].isin(["author", "prompt"]).sum()
    assert 0 < a["accuracy"] <= 1 and -1 <= a["alpha"] <= 1
    # one to one: no statement is credited for two hand-coded mentions
    found = pairs[pairs["found"]]
    assert found["statement_id"].is_unique


def test_mentions_are_matched_one_to_one():
    stmts = pd.DataFrame(
        {
            "statement_id": ["d-st0001"],
            "doc_id": ["d"],
            "start": [0],
            "end": [30],
            "target": ["minusma"],
            "voice": ["author"],
            "speaker": [""],
            "score": [-1],
            "cue_ids": ["fail"],
        }
    )
    manual = pd.DataFrame(
        {
            "mention_id": ["m1", "m2"],
            "doc_id": ["d", "d"],
            "sent_id": ["d-s001", "d-s001"],
            "start": [0, 20],
            "end": [10, 25],
            "text": ["the mission", "it"],
            "target": ["minusma", "minusma"],
            "voice": ["author", "author"],
            "speaker": ["", ""],
            "score": [-1, -1],
            "cue": ["failed", "failed"],
            "note": ["", ""],
        }
    )
    pairs = vstance.match_mentions(stmts, manual, "author")
    assert pairs["found"].tolist() == [True, False]  # the longer overlap wins; the statement counts once


def test_uncoded_documents_are_left_out_and_listed(stmts):
    documents = tables.load("documents")
    manual = vstance.load_manual()
    dropped = documents["doc_id"].iloc[-1]
    partial = manual[manual["doc_id"] != dropped]
    table = vstance.sign_table(stmts, partial, documents)
    assert dropped not in set(table["doc_id"]) and len(table) == (len(documents) - 1) * len(
        stance_lexicon.TARGETS
    )
    assert vquotes.coverage(partial, documents) == (list(documents["doc_id"])[:-1], [dropped])
    pairs = vstance.match_mentions(stmts, partial, "author")
    assert dropped not in set(pairs["doc_id"])


def test_hand_coding_rows_must_fit_the_corpus(tmp_path):
    documents, sentences = tables.load("documents"), tables.load("sentences")
    manual = vstance.load_manual()
    path = tmp_path / "stance_manual.csv"
    bad = manual.copy()
    bad.loc[3, "doc_id"] = "nosuchdoc"
    with pytest.raises(
        ManualCodingError, match=r"stance_manual.csv: line 5 \(m004\): doc_id 'nosuchdoc' is not in"
    ):
        vquotes.check_coding(bad, path, "mention_id", documents, sentences, "sent_id")
    bad = manual.copy()
    title = sentences[sentences["block_kind"] == "title"].iloc[0]
    bad.loc[0, ["doc_id", "sent_id"]] = [title["doc_id"], title["sent_id"]]
    with pytest.raises(
        ManualCodingError, match=rf"line 2 \(m001\): sent_id '{title['sent_id']}' is not a body sentence"
    ):
        vquotes.check_coding(bad, path, "mention_id", documents, sentences, "sent_id")
    vquotes.check_coding(manual, path, "mention_id", documents, sentences, "sent_id")  # the real coding fits
