"""Rule entries that fire in most sentences are reported, then refused."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from minusma_lib.core.errors import ConfigError
from minusma_lib.validate import breadth


def _tables(n_sentences: int, fired: dict[str, int]) -> dict[str, pd.DataFrame]:
    sentences = pd.DataFrame(
        {"sent_id": [f"d-s{i:03d}" for i in range(n_sentences)], "block_kind": "paragraph"}
    )
    rows = [
        {"sent_id": f"d-s{i:03d}", "cue_ids": cue}
        for cue, n in fired.items()
        for i in range(n)
        for _ in range(2)  # two statements in one sentence count once
    ]
    return {"sentences": sentences, "stance_statements": pd.DataFrame(rows)}


def test_a_narrow_entry_passes_silently():
    t = _tables(200, {"help": 20})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert breadth.check_breadth(breadth.entry_counts(t), breadth.body_sentences(t["sentences"])) == []


def test_a_broad_entry_warns_with_its_count_and_file():
    t = _tables(200, {"the": 60})
    with pytest.warns(breadth.BroadRuleWarning, match=r"stance_cues.yaml: entry 'the'.*60 of 200"):
        breadth.check_breadth(breadth.entry_counts(t), 200)


def test_an_entry_firing_in_most_sentences_stops_the_build():
    t = _tables(200, {"the": 150, "help": 5})
    with pytest.raises(
        ConfigError, match=r"entry 'the'.*150 of 200 body sentences \(75%\).*narrow or remove"
    ):
        breadth.check_breadth(breadth.entry_counts(t), 200)


def test_a_small_corpus_never_trips_the_check():
    t = _tables(10, {"help": 9})
    assert breadth.check_breadth(breadth.entry_counts(t), 10) == []


def test_counts_add_up_over_chunks():
    a, b = _tables(100, {"x;y": 30}), _tables(100, {"y": 40})
    b["stance_statements"]["sent_id"] = b["stance_statements"]["sent_id"].str.replace("d-", "e-")
    total = breadth.entry_counts(a) + breadth.entry_counts(b)
    assert total[("stance_statements", "cue_ids", "y")] == 70
    assert total[("stance_statements", "cue_ids", "x")] == 30


def test_a_general_stance_word_is_named_as_a_vader_word_not_a_cue_file_entry():
    from minusma_lib.validate.breadth import GENERAL_CUE_SOURCE, entry_source

    assert entry_source("stance_statements", "cue_ids", "g_violation") == GENERAL_CUE_SOURCE
    assert entry_source("stance_statements", "cue_ids", "harm_risk") == "data/lexicons/stance_cues.yaml"
