"""Stance: offsets exact, aggregates consistent, signs agree with the hand coding, rules on constructed text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from minusma_lib import stance
from minusma_lib.core import tables
from minusma_lib.core.errors import ConfigError, ManualCodingError
from minusma_lib.validate import quotes as vquotes


@pytest.fixture(scope="module")
def stmts() -> pd.DataFrame:
    return tables.load("stance_statements")


def test_offsets_index_the_raw_seed_and_the_sentence(stmts, raws):
    sents = tables.load("sentences").set_index("sent_id")
    assert len(stmts)
    for r in stmts.itertuples():
        assert raws[r.doc_id][r.start : r.end] == r.text, r.statement_id
        s = sents.loc[r.sent_id]
        assert s["start"] <= r.start and r.end <= s["end"], r.statement_id
        spans = [x for x in str(r.cue_spans if isinstance(r.cue_spans, str) else "").split(";") if x]
        cues = [x for x in str(r.cues if isinstance(r.cues, str) else "").split(";") if x]
        ids = [x for x in str(r.cue_ids if isinstance(r.cue_ids, str) else "").split(";") if x]
        assert len(spans) == len(cues) == len(ids), r.statement_id
        for span, cue in zip(spans, cues, strict=True):
            a, b = (int(x) for x in span.split("-"))
            assert s["start"] <= a < b <= s["end"], r.statement_id
            assert raws[r.doc_id][a:b] == cue, r.statement_id


def test_voices_scores_and_speakers(stmts):
    assert set(stmts["voice"]) == set(stance.VOICES)
    assert set(stmts["score"]) <= {-1, 0, 1}
    assert set(stmts["target"]) == set(stance.TARGETS)
    rep = stmts[stmts["voice"] == "reported"]
    assert rep["speaker"].notna().all() and rep["quote_id"].notna().all()
    assert stmts[stmts["voice"] != "reported"]["speaker"].isna().all()
    prompts = stmts[stmts["voice"] == "prompt"]
    sents = tables.load("sentences").set_index("sent_id")
    assert (sents.loc[prompts["sent_id"], "block_kind"] == "prompt").all()
    # a zero score has no cue, a non-zero one names its cues
    assert ((stmts["score"] == 0) == stmts["cue_ids"].isna()).all()


def test_aggregates_follow_from_the_statements(stmts):
    agg = tables.load("stance_by_outlet")
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
    again = stance.aggregate(stmts, {d: i for i, d in enumerate(tables.load("documents")["doc_id"])})
    pd.testing.assert_frame_equal(again.reset_index(drop=True), agg.reset_index(drop=True), check_dtype=False)


def test_author_sign_agrees_with_the_hand_coding_for_every_outlet_and_target(stmts):
    """The sign of the mean author score of every outlet × target equals the hand coding's, with the
    stated sign rule for both: |mean| < stance.DEAD_BAND counts as 0 (notebook 04 reports how the
    agreement changes with the band). Every outlet must be hand-coded: none is skipped."""
    documents = tables.load("documents")
    coding = stance.hand_coding(documents, tables.load("sentences"))  # stops on rows that do not fit
    manual, not_coded = coding["stance"], coding["stance_not_coded"]
    assert not not_coded, (
        f"no stance hand coding for {', '.join(not_coded)}: code every target mention of these texts in "
        f"{stance.manual_path()} (coding guide data/annotations/stance_coding_guide.md)"
    )
    table = stance.sign_table(stmts, manual, documents)
    assert len(table) == len(documents) * len(stance.TARGETS)
    bad = table[~table["agree"]]
    assert bad.empty, "author stance sign differs from the hand coding:\n" + bad.to_string()


def test_agreement_measures_are_computed(stmts):
    manual = stance.load_manual()
    pairs = stance.match_mentions(stmts, manual, "author")
    a = stance.agreement(pairs)
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
    pairs = stance.match_mentions(stmts, manual, "author")
    assert pairs["found"].tolist() == [True, False]  # the longer overlap wins; the statement counts once


def test_uncoded_documents_are_left_out_and_listed(stmts):
    documents = tables.load("documents")
    manual = stance.load_manual()
    dropped = documents["doc_id"].iloc[-1]
    partial = manual[manual["doc_id"] != dropped]
    table = stance.sign_table(stmts, partial, documents)
    assert dropped not in set(table["doc_id"]) and len(table) == (len(documents) - 1) * len(stance.TARGETS)
    assert vquotes.coverage(partial, documents) == (list(documents["doc_id"])[:-1], [dropped])
    pairs = stance.match_mentions(stmts, partial, "author")
    assert dropped not in set(pairs["doc_id"])


def test_hand_coding_rows_must_fit_the_corpus(tmp_path):
    documents, sentences = tables.load("documents"), tables.load("sentences")
    manual = stance.load_manual()
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


def test_band_sensitivity_reports_the_stated_rule(stmts):
    documents = tables.load("documents")
    manual = stance.load_manual()
    by_band = stance.band_signs(stmts, manual, documents)
    sens = stance.band_sensitivity(by_band, documents)
    assert set(stance.SENSITIVITY_BANDS) <= set(sens["neutral band (±)"])
    stated = sens[sens["stated rule"] == "yes"]
    assert stated["neutral band (±)"].tolist() == [stance.DEAD_BAND]
    assert int(stated["signs agree"].iloc[0]) == int(
        stance.sign_table(stmts, manual, documents)["agree"].sum()
    )
    # band 0 is the plain sign of the mean
    zero = by_band[by_band["band"] == 0]
    assert (zero["sign"] == np.sign(zero["mean"])).all()


def test_prose_directions_follow_the_interval():
    assert stance.direction(-0.4, -0.6, -0.1) == "clearly negative"
    assert stance.direction(-0.4, -0.6, 0.0).startswith("leaning negative")
    assert stance.direction(0.3, 0.0, 0.5).startswith("leaning positive")
    assert stance.direction(0.3, 0.1, 0.5) == "clearly positive"
    assert stance.direction(0.01, -0.1, 0.2) == "neutral"


def test_positive_sources_count_withdrawal_harm_cues(stmts):
    documents = tables.load("documents")
    t = stance.positive_sources(stmts, documents)
    pos = stmts[(stmts["voice"] == "author") & (stmts["target"] == "minusma") & (stmts["score"] > 0)]
    assert t["mentions scored +1"].sum() == len(pos)
    parts = t[["withdrawal-harm cues only", "withdrawal-harm and other cues", "other cues only"]].sum(axis=1)
    assert (parts == t["mentions scored +1"]).all()
    cues = stance.load_lexicons().cues
    assert {c.id for c in cues if c.frame == "withdrawal_harm"} == {
        c.id for c in cues if c.id.startswith("harm_")
    }
    harm_only = pos["cue_ids"].map(lambda s: all(c.startswith("harm_") for c in s.split(";")))
    assert t["withdrawal-harm cues only"].sum() == harm_only.sum()


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
    with pytest.raises(ConfigError, match=r"cues\[\d+\] \(fail\): polarity must be -1 or 1"):
        stance.load_lexicons(tmp_path)
    (tmp_path / "stance_cues.yaml").write_text(
        cues.replace("link: subject, rationale", "link: sideways, rationale", 1)
    )
    with pytest.raises(ConfigError, match=r"link 'sideways' must be one of subject, agent"):
        stance.load_lexicons(tmp_path)
    (tmp_path / "stance_cues.yaml").write_text(cues)
    targets = (src / "stance_targets.yaml").read_text(encoding="utf-8")
    (tmp_path / "stance_targets.yaml").write_text(
        targets.replace("[MINUSMA, Minusma,", "[MINUSMA, Russia,", 1)
    )
    with pytest.raises(ConfigError, match=r"alias 'Russia' is also listed under .*keep it in one target"):
        stance.load_lexicons(tmp_path)


def _lexicon_copy(tmp_path, cues: str | None = None, targets: str | None = None):
    src = stance.lexicon_dir()
    (tmp_path / "stance_targets.yaml").write_text(
        targets if targets is not None else (src / "stance_targets.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    (tmp_path / "stance_cues.yaml").write_text(
        cues if cues is not None else (src / "stance_cues.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return tmp_path


def test_hedges_cancel_a_cue():
    assert _score("The army committed abuses.", "army") == -1
    assert _score("The army allegedly committed abuses.", "army") == 0


def test_lexicon_keys_are_required_and_checked(tmp_path):
    """Renaming or dropping a top-level list must stop the pipeline, not silently switch a rule off."""
    cues = (stance.lexicon_dir() / "stance_cues.yaml").read_text(encoding="utf-8")
    targets = (stance.lexicon_dir() / "stance_targets.yaml").read_text(encoding="utf-8")
    assert "\nhedges:" in cues
    with pytest.raises(ConfigError, match=r"stance_cues.yaml: top level: unknown key\(s\) hedging"):
        stance.load_lexicons(_lexicon_copy(tmp_path, cues=cues.replace("\nhedges:", "\nhedging:")))
    without = "\n".join(line for line in cues.split("\n") if not line.startswith("hedges:"))
    with pytest.raises(ConfigError, match=r"stance_cues.yaml: top level: missing key\(s\) hedges"):
        stance.load_lexicons(_lexicon_copy(tmp_path, cues=without))
    with pytest.raises(ConfigError, match=r"cues\[0\] \(violation\): unknown key\(s\) polarty"):
        stance.load_lexicons(
            _lexicon_copy(
                tmp_path, cues=cues.replace("cue: violation, polarity:", "cue: violation, polarty:", 1)
            )
        )
    with pytest.raises(ConfigError, match=r"stance_cues.yaml: withdrawal: unknown key\(s\) noun"):
        stance.load_lexicons(
            _lexicon_copy(tmp_path, cues=cues.replace("\n  nouns: [withdrawal", "\n  noun: [withdrawal"))
        )
    with pytest.raises(ConfigError, match=r"stance_targets.yaml: targets.minusma: unknown key\(s\) alias"):
        stance.load_lexicons(
            _lexicon_copy(
                tmp_path, targets=targets.replace("    aliases: [MINUSMA,", "    alias: [MINUSMA,", 1)
            )
        )
    with pytest.raises(ConfigError, match=r"stance_targets.yaml: top level: missing key\(s\) pronouns"):
        stance.load_lexicons(_lexicon_copy(tmp_path, targets=targets.split("\npronouns:")[0]))
    stance.load_lexicons(_lexicon_copy(tmp_path))  # the real files pass


def test_most_favourable_is_named_only_when_its_interval_separates():
    """Issue 14: the chatbot was named 'most favourable' although intervals overlapped."""
    labels = {"a": "A", "b": "B", "c": "C"}
    cells = pd.DataFrame(
        {"net_tone": [0.30, 0.25, -0.1], "ci_low": [0.10, 0.05, -0.3], "ci_high": [0.5, 0.45, 0.05]},
        index=["a", "b", "c"],
    )
    text = stance.most_favourable_prose(cells, labels, set())
    assert "no outlet is clearly the most favourable" in text and "B" in text
    separated = cells.assign(ci_low=[0.35, 0.05, -0.3], net_tone=[0.5, 0.25, -0.1], ci_high=[0.6, 0.3, 0.05])
    assert "the outlet most favourable to MINUSMA is A" in stance.most_favourable_prose(
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
    text = stance.headline(agg, quotes_df, stance.validation(stmts, quotes_df, docs, sents), docs)
    labels = dict(zip(docs["doc_id"], docs["outlet_short"], strict=True))
    first = text.split(". Toward")[0]
    for d in chatbots:
        assert labels[d] not in first.split("(the AI chatbot")[0]


def test_stop_word_cues_and_target_aliases_are_refused(tmp_path):
    """Issue 15: a cue or alias "the" multiplied stance statements with no warning."""
    import shutil

    import yaml

    src = stance.lexicon_dir()
    for name in ("stance_targets.yaml", "stance_cues.yaml"):
        shutil.copy(src / name, tmp_path / name)
    cues = yaml.safe_load((src / "stance_cues.yaml").read_text(encoding="utf-8"))
    cues["cues"].append({**cues["cues"][0], "id": "zz_the", "cue": "the"})
    (tmp_path / "stance_cues.yaml").write_text(yaml.safe_dump(cues, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match="cue 'the' is only stop words"):
        stance.load_lexicons(tmp_path)
    shutil.copy(src / "stance_cues.yaml", tmp_path / "stance_cues.yaml")
    targets = yaml.safe_load((src / "stance_targets.yaml").read_text(encoding="utf-8"))
    targets["targets"]["minusma"]["aliases"].append("the")
    (tmp_path / "stance_targets.yaml").write_text(
        yaml.safe_dump(targets, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="alias 'the' is only stop words"):
        stance.load_lexicons(tmp_path)
