"""The PFC report's prose (report.frames_pfc) on invented counts."""

from __future__ import annotations

from minusma_lib.report.frames_pfc import _fixture_training_prose


def test_training_sets_are_listed_with_their_sentences_and_only_real_losses_named():
    text = _fixture_training_prose({"A": (275, 15), "AH": (206, 0), "AI": (1203, 0)})
    assert text.startswith(
        " and 1,684 sentences of development fixture sets A (275), AH (206) and AI (1,203)"
    )
    assert "(15 coded sentences of set A are no longer sentences" in text
    assert "AH (206) (" not in text and "0 coded" not in text


def test_one_set_one_lost_sentence_and_no_set_read_as_written():
    assert _fixture_training_prose({}) == ""
    one = _fixture_training_prose({"A": (10, 1)})
    assert one.startswith(" and 10 sentences of development fixture set A (10)")
    assert "(1 coded sentence of set A is no longer a sentence of the pipeline" in one
