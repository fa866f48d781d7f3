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


def _codings(primaries_a: list[str], primaries_b: list[str]):
    import pandas as pd

    def one(prims):
        return pd.DataFrame(
            {
                "sent_id": [f"x01-s{i:03d}" for i in range(len(prims))],
                "doc_id": "x01",
                "primary": prims,
                "secondary": "",
                "note": "",
            }
        )

    return one(primaries_a), one(primaries_b)


def test_coders_agreement_on_fixtures_is_scored_like_the_model_and_named_per_set():
    from minusma_lib.report.frames_pfc import fixture_agreement_prose, fixture_agreement_table

    codes = [str(c) for c in range(1, 15)]
    same = _codings(["8", "14", "6", "10"], ["8", "14", "6", "10"])
    half = _codings(["8", "14", "6", "10"], ["8", "14", "1", "2"])
    table = fixture_agreement_table({"AV": same, "AW": half}, codes)
    assert list(table["fixture set"]) == ["AV", "AW"]
    assert list(table["sentences"]) == [4, 4]
    assert list(table["micro-F1, PFC 1-14"]) == [1.0, 0.5]
    assert table["primary-code alpha"].iloc[0] == 1.0 and table["primary-code alpha"].iloc[1] < 0.6
    prose = fixture_agreement_prose(table)
    assert "AV (4 sentences): micro-F1 1.00" in prose and "AW (4 sentences): micro-F1 0.50" in prose
    assert "not measured" in fixture_agreement_prose(fixture_agreement_table({}, codes))
