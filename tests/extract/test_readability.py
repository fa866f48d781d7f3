"""Readability: our per-sentence sums reproduce textstat, intervals are sane and seeded."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import textstat

from minusma_lib.core import tables
from minusma_lib.extract import readability


@pytest.fixture(scope="module")
def sentences():
    return tables.load("sentences")


def test_sums_reproduce_textstat_when_sentence_counts_agree():
    sents = [
        "The mission was established in April 2013 by resolution 2100.",
        "Its departure risks worsening the situation of the civilian population considerably.",
        "Critics argue that the group is a destabilizing force in the country.",
    ]
    df = pd.DataFrame(
        {"doc_id": "x", "sent_id": ["a", "b", "c"], "block_kind": "paragraph", "text_clean": sents}
    )
    table = readability.readability_table(df, n_boot=50)
    text = " ".join(sents)
    assert textstat.sentence_count(text) == 3
    assert table.loc[0, "fkgl"] == pytest.approx(textstat.flesch_kincaid_grade(text), abs=0.01)
    assert table.loc[0, "fre"] == pytest.approx(textstat.flesch_reading_ease(text), abs=0.01)
    assert table.loc[0, "fog"] == pytest.approx(textstat.gunning_fog(text), abs=0.01)


def test_intervals_contain_point_and_are_reproducible(sentences):
    a = readability.readability_table(sentences)
    b = readability.readability_table(sentences)
    pd.testing.assert_frame_equal(a, b)
    for k in readability.INDICES:
        assert (a[f"{k}_low"] <= a[k]).all() and (a[k] <= a[f"{k}_high"]).all()
        assert (a[f"{k}_high"] - a[f"{k}_low"] > 0).all()
    c = readability.readability_table(sentences, seed=1)
    assert not np.allclose(a["fkgl_low"], c["fkgl_low"])  # the seed really drives the bootstrap


def test_smog_only_with_30_sentences(sentences):
    t = readability.readability_table(sentences)
    assert t.loc[t["n_sentences"] < 30, "smog"].isna().all()
    assert t.loc[t["n_sentences"] >= 30, "smog"].notna().all()


def test_headings_and_titles_are_not_measured(sentences):
    counts = readability.sentence_counts(sentences)
    kinds = sentences.set_index("sent_id").loc[counts["sent_id"], "block_kind"]
    assert set(kinds) <= {"paragraph", "list_item", "prompt"}
