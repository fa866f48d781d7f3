"""Notebook 04's quote list: every attribution once, with how it was found and where it is."""

from __future__ import annotations

from minusma_lib.core import tables
from minusma_lib.core.paths import corpus_dir
from minusma_lib.report import quotes as quotes_report


def test_every_attribution_is_listed_once_with_its_rules_and_offsets():
    quotes, documents = tables.load("quotes"), tables.load("documents")
    listed = quotes_report.quote_list(quotes, documents)
    attributions = quotes[quotes["kind"] != "scare"]
    assert len(listed) == len(attributions)
    assert listed["quote found by"].str.len().gt(0).all()
    # Rows are the attributions in order, so each row's text is looked up by its quote's doc_id
    # (outlet labels need not be unique).
    files = dict(zip(documents["doc_id"], documents["seed_file"], strict=True))
    for r, doc_id in zip(listed.itertuples(), attributions["doc_id"], strict=True):
        raw = (corpus_dir() / files[doc_id]).read_text(encoding="utf-8")
        assert raw[r.start : r.end] == r.words


def test_the_speaker_rules_are_explained():
    text = quotes_report.speaker_rules_prose()
    assert "role anaphora" in text and "known alias" in text
