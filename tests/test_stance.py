"""Stance: offsets exact, aggregates consistent, signs agree with the hand coding, rules on constructed text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from minusma_lib import processed, stance
from minusma_lib.corpus import CorpusError


@pytest.fixture(scope="module")
def stmts() -> pd.DataFrame:
    return processed.load("stance_statements")


def test_offsets_index_the_raw_seed_and_the_sentence(stmts, raws):
    sents = processed.load("sentences").set_index("sent_id")
    assert len(stmts)
    for r in stmts.itertuples():
        assert raws[r.doc_id][r.start : r.end] == r.text, r.statement_id
        s = sents.loc[r.sent_id]
        assert s["start"] <= r.start and r.end <= s["end"], r.statement_id
        for span in str(r.cue_spans if isinstance(r.cue_spans, str) else "").split(";"):
            if span:
                a, b = (int(x) for x in span.split("-"))
                assert s["start"] <= a < b <= s["end"], r.statement_id


def test_voices_scores_and_speakers(stmts):
    assert set(stmts["voice"]) == set(stance.VOICES)
    assert set(stmts["score"]) <= {-1, 0, 1}
    assert set(stmts["target"]) == set(stance.TARGETS)
    rep = stmts[stmts["voice"] == "reported"]
    assert rep["speaker"].notna().all() and rep["quote_id"].notna().all()
    assert stmts[stmts["voice"] != "reported"]["speaker"].isna().all()
    prompts = stmts[stmts["voice"] == "prompt"]
    sents = processed.load("sentences").set_index("sent_id")
    assert (sents.loc[prompts["sent_id"], "block_kind"] == "prompt").all()
    # a zero score has no cue, a non-zero one names its cues
    assert ((stmts["score"] == 0) == stmts["cue_ids"].isna()).all()


def test_aggregates_follow_from_the_statements(stmts):
    agg = processed.load("stance_by_outlet")
    for r in agg[agg["speaker_category"] == "all"].itertuples():
        g = stmts[(stmts["doc_id"] == r.doc_id) & (stmts["target"] == r.target) & (stmts["voice"] == r.voice)]
        assert (r.n, r.n_neg, r.n_zero, r.n_pos) == (
            len(g),
            (g["score"] < 0).sum(),
            (g["score"] == 0).sum(),
            (g["score"] > 0).sum(),
        )
        assert r.net_tone == pytest.approx(g["score"].mean(), abs=1e-4)
        assert r.ci_low - 1e-9 <= r.net_tone <= r.ci_high + 1e-9
        assert r.small == (r.n < stance.SMALL_N)
    again = stance.aggregate(stmts, {d: i for i, d in enumerate(processed.load("documents")["doc_id"])})
    pd.testing.assert_frame_equal(again.reset_index(drop=True), agg.reset_index(drop=True), check_dtype=False)


def test_author_sign_agrees_with_the_hand_coding_for_every_outlet_and_target(stmts):
    """The sign of the mean author score of every outlet × target equals the hand coding's, with the
    same dead band for both: |mean| < stance.DEAD_BAND counts as 0."""
    table = stance.sign_table(stmts, stance.load_manual(), processed.load("documents"))
    assert len(table) == 20
    bad = table[~table["agree"]]
    assert bad.empty, "author stance sign differs from the hand coding:\n" + bad.to_string()


def test_agreement_measures_are_computed(stmts):
    pairs = stance.match_mentions(stmts, stance.load_manual(), "author")
    a = stance.agreement(pairs)
    assert a["n_manual"] == 450 and 0 < a["accuracy"] <= 1 and -1 <= a["alpha"] <= 1


def _score(text: str, mention: str, voice: str = "author") -> int:
    df = stance.statements_in_text(text)
    row = df[(df["text"] == mention) & (df["voice"] == voice)]
    assert len(row) == 1, df[["text", "target", "voice", "score", "cue_ids"]].to_string()
    assert text[row.iloc[0]["start"] : row.iloc[0]["end"]] == mention
    return int(row.iloc[0]["score"])


def test_negation_flips():
    assert _score("MINUSMA has been effective in protecting civilians.", "MINUSMA") == 1
    assert _score("MINUSMA has not been effective in protecting civilians.", "MINUSMA") == -1


def test_a_cue_counts_only_when_the_parse_ties_it_to_the_target():
    assert _score("The army committed abuses in the region.", "army") == -1
    # the abuses belong to the armed groups: MINUSMA, which documents them, is not evaluated
    assert _score("MINUSMA documented abuses by the armed groups.", "MINUSMA") == 0
    assert _score("Following the massacre, Mali established strict controls.", "Mali") == 0


def test_reported_speech_is_scored_apart_from_the_author():
    text = "Diop said that MINUSMA had failed to protect civilians."
    assert _score(text, "MINUSMA", "author") == 0
    assert _score(text, "MINUSMA", "reported") == -1
    df = stance.statements_in_text(text)
    assert df[df["voice"] == "reported"]["speaker"].tolist() == ["Abdoulaye Diop"]


def test_withdrawal_harm_values_the_mission():
    assert _score("The withdrawal of MINUSMA will lead to an increase in violence.", "MINUSMA") == 1
    assert _score("Without MINUSMA, it will be more difficult to protect civilians.", "MINUSMA") == 1
    assert _score("The withdrawal of MINUSMA has a number of implications.", "MINUSMA") == 0


def test_bootstrap_is_seeded():
    rng1, rng2 = np.random.default_rng(stance.SEED), np.random.default_rng(stance.SEED)
    scores, clusters = np.array([1.0, 0, 0, -1, 1]), np.array(["a", "b", "b", "c", "d"])
    assert stance.bootstrap_mean(scores, clusters, rng1) == stance.bootstrap_mean(scores, clusters, rng2)


def test_lexicon_errors_name_the_entry_and_the_fix(tmp_path):
    src = stance.lexicon_dir()
    (tmp_path / "stance_targets.yaml").write_text((src / "stance_targets.yaml").read_text(encoding="utf-8"))
    cues = (src / "stance_cues.yaml").read_text(encoding="utf-8")
    (tmp_path / "stance_cues.yaml").write_text(
        cues.replace("{id: fail, cue: fail, polarity: -1,", "{id: fail, cue: fail, polarity: 2,")
    )
    with pytest.raises(CorpusError, match=r"cues\[\d+\] \(fail\): polarity must be -1 or 1"):
        stance.load_lexicons(tmp_path)
    (tmp_path / "stance_cues.yaml").write_text(
        cues.replace("link: subject, rationale", "link: sideways, rationale", 1)
    )
    with pytest.raises(CorpusError, match=r"link 'sideways' must be one of subject, agent"):
        stance.load_lexicons(tmp_path)
    (tmp_path / "stance_cues.yaml").write_text(cues)
    targets = (src / "stance_targets.yaml").read_text(encoding="utf-8")
    (tmp_path / "stance_targets.yaml").write_text(
        targets.replace("[MINUSMA, Minusma,", "[MINUSMA, Russia,", 1)
    )
    with pytest.raises(CorpusError, match=r"alias 'Russia' is also listed under .*keep it in one target"):
        stance.load_lexicons(tmp_path)
