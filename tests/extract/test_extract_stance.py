"""Stance extraction: exact offsets, aggregates consistent with the statements, rules on constructed sentences, lexicon checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from minusma_lib.core import tables
from minusma_lib.core.errors import ConfigError
from minusma_lib.extract import stance as xstance
from minusma_lib.extract import stance_aggregate, stance_general, stance_lexicon
from minusma_lib.extract.quote_parts import Quote
from minusma_lib.extract.speakers import Resolved


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
    assert set(stmts["voice"]) == set(stance_lexicon.VOICES)
    assert set(stmts["score"]) <= {-1, 0, 1}
    assert set(stmts["target"]) == set(stance_lexicon.TARGETS)
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
        units = g[g["repeat_of"].isna()].drop_duplicates(["sent_id", "speaker"])
        assert (r.n, r.n_sentences, r.n_neg, r.n_zero, r.n_pos) == (
            len(g),
            len(units),
            (units["score"] < 0).sum(),
            (units["score"] == 0).sum(),
            (units["score"] > 0).sum(),
        )
        assert r.net_tone == pytest.approx(units["score"].mean(), abs=1e-4)
        assert r.ci_low - 1e-9 <= r.net_tone <= r.ci_high + 1e-9
        assert r.small == (r.n_sentences < stance_aggregate.SMALL_N)
        assert r.n_signal == r.n_neg + r.n_pos and r.no_signal == (r.n_signal < stance_aggregate.MIN_SIGNAL)
    again = stance_aggregate.aggregate(
        stmts, {d: i for i, d in enumerate(tables.load("documents")["doc_id"])}
    )
    pd.testing.assert_frame_equal(again.reset_index(drop=True), agg.reset_index(drop=True), check_dtype=False)


def test_bootstrap_is_seeded():
    rng1, rng2 = np.random.default_rng(stance_aggregate.SEED), np.random.default_rng(stance_aggregate.SEED)
    scores, clusters = np.array([1.0, 0, 0, -1, 1]), np.array(["a", "b", "b", "c", "d"])
    assert stance_aggregate.bootstrap_mean(scores, clusters, rng1) == stance_aggregate.bootstrap_mean(
        scores, clusters, rng2
    )


def _score(text: str, mention: str, voice: str = "author") -> int:
    df = xstance.statements_in_text(text)
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
    df = xstance.statements_in_text(text)
    assert df[df["voice"] == "reported"]["speaker"].tolist() == ["Abdoulaye Diop"]


def test_withdrawal_harm_values_the_mission():
    assert _score("The withdrawal of MINUSMA will lead to an increase in violence.", "MINUSMA") == 1
    assert _score("Without MINUSMA, it will be more difficult to protect civilians.", "MINUSMA") == 1
    assert _score("The withdrawal of MINUSMA has a number of implications.", "MINUSMA") == 0


def test_hedges_cancel_a_cue():
    assert _score("The army committed abuses.", "army") == -1
    assert _score("The army allegedly committed abuses.", "army") == 0


def test_lexicon_errors_name_the_entry_and_the_fix(tmp_path):
    src = stance_lexicon.lexicon_dir()
    (tmp_path / "stance_targets.yaml").write_text((src / "stance_targets.yaml").read_text(encoding="utf-8"))
    cues = (src / "stance_cues.yaml").read_text(encoding="utf-8")
    (tmp_path / "stance_cues.yaml").write_text(
        cues.replace("{id: fail, cue: fail, polarity: -1,", "{id: fail, cue: fail, polarity: 2,")
    )
    with pytest.raises(ConfigError, match=r"cues\[\d+\] \(fail\): polarity must be -1 or 1"):
        stance_lexicon.load_lexicons(tmp_path)
    (tmp_path / "stance_cues.yaml").write_text(
        cues.replace("link: subject, rationale", "link: sideways, rationale", 1)
    )
    with pytest.raises(ConfigError, match=r"link 'sideways' must be one of subject, agent"):
        stance_lexicon.load_lexicons(tmp_path)
    (tmp_path / "stance_cues.yaml").write_text(cues)
    targets = (src / "stance_targets.yaml").read_text(encoding="utf-8")
    (tmp_path / "stance_targets.yaml").write_text(
        targets.replace("[MINUSMA, Minusma,", "[MINUSMA, Russia,", 1)
    )
    with pytest.raises(ConfigError, match=r"alias 'Russia' is also listed under .*keep it in one target"):
        stance_lexicon.load_lexicons(tmp_path)


def _lexicon_copy(tmp_path, cues: str | None = None, targets: str | None = None):
    src = stance_lexicon.lexicon_dir()
    (tmp_path / "stance_targets.yaml").write_text(
        targets if targets is not None else (src / "stance_targets.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    (tmp_path / "stance_cues.yaml").write_text(
        cues if cues is not None else (src / "stance_cues.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return tmp_path


def test_lexicon_keys_are_required_and_checked(tmp_path):
    """Renaming or dropping a top-level list must stop the pipeline, not silently switch a rule off."""
    cues = (stance_lexicon.lexicon_dir() / "stance_cues.yaml").read_text(encoding="utf-8")
    targets = (stance_lexicon.lexicon_dir() / "stance_targets.yaml").read_text(encoding="utf-8")
    assert "\nhedges:" in cues
    with pytest.raises(ConfigError, match=r"stance_cues.yaml: top level: unknown key\(s\) hedging"):
        stance_lexicon.load_lexicons(_lexicon_copy(tmp_path, cues=cues.replace("\nhedges:", "\nhedging:")))
    without = "\n".join(line for line in cues.split("\n") if not line.startswith("hedges:"))
    with pytest.raises(ConfigError, match=r"stance_cues.yaml: top level: missing key\(s\) hedges"):
        stance_lexicon.load_lexicons(_lexicon_copy(tmp_path, cues=without))
    with pytest.raises(ConfigError, match=r"cues\[0\] \(violation\): unknown key\(s\) polarty"):
        stance_lexicon.load_lexicons(
            _lexicon_copy(
                tmp_path, cues=cues.replace("cue: violation, polarity:", "cue: violation, polarty:", 1)
            )
        )
    with pytest.raises(ConfigError, match=r"stance_cues.yaml: withdrawal: unknown key\(s\) noun"):
        stance_lexicon.load_lexicons(
            _lexicon_copy(tmp_path, cues=cues.replace("\n  nouns: [withdrawal", "\n  noun: [withdrawal"))
        )
    with pytest.raises(ConfigError, match=r"stance_targets.yaml: targets.minusma: unknown key\(s\) alias"):
        stance_lexicon.load_lexicons(
            _lexicon_copy(
                tmp_path, targets=targets.replace("    aliases: [MINUSMA,", "    alias: [MINUSMA,", 1)
            )
        )
    with pytest.raises(ConfigError, match=r"stance_targets.yaml: top level: missing key\(s\) pronouns"):
        stance_lexicon.load_lexicons(_lexicon_copy(tmp_path, targets=targets.split("\npronouns:")[0]))
    stance_lexicon.load_lexicons(_lexicon_copy(tmp_path))  # the real files pass


def test_stop_word_cues_and_target_aliases_are_refused(tmp_path):
    """Issue 15: a cue or alias "the" multiplied stance statements with no warning."""
    import shutil

    import yaml

    src = stance_lexicon.lexicon_dir()
    for name in ("stance_targets.yaml", "stance_cues.yaml"):
        shutil.copy(src / name, tmp_path / name)
    cues = yaml.safe_load((src / "stance_cues.yaml").read_text(encoding="utf-8"))
    cues["cues"].append({**cues["cues"][0], "id": "zz_the", "cue": "the"})
    (tmp_path / "stance_cues.yaml").write_text(yaml.safe_dump(cues, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match="cue 'the' is only stop words"):
        stance_lexicon.load_lexicons(tmp_path)
    shutil.copy(src / "stance_cues.yaml", tmp_path / "stance_cues.yaml")
    targets = yaml.safe_load((src / "stance_targets.yaml").read_text(encoding="utf-8"))
    targets["targets"]["minusma"]["aliases"].append("the")
    (tmp_path / "stance_targets.yaml").write_text(
        yaml.safe_dump(targets, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="alias 'the' is only stop words"):
        stance_lexicon.load_lexicons(tmp_path)


def _general(text: str, mention: str) -> tuple[int, str]:
    df = xstance.statements_in_text(text, "general")
    row = df[(df["text"] == mention) & (df["voice"] == "author")]
    assert len(row) == 1, df[["text", "target", "voice", "score", "cue_ids", "rule"]].to_string()
    return int(row.iloc[0]["score"]), str(row.iloc[0]["rule"])


@pytest.mark.parametrize(
    ("text", "mention", "score", "rule"),
    [
        ("The ruthless mercenaries entered the village.", "mercenaries", -1, "general:modifier"),
        ("The junta was brutal toward the protesters.", "junta", -1, "general:predicate"),
        ("The junta's brutality continued.", "junta", -1, "general:doer"),
        ("The army committed abuses in the north.", "army", -1, "general:doer"),
        ("The junta failed to hold the elections.", "junta", -1, "general:subject"),
        ("Civilians were killed by the army.", "army", -1, "general:agent"),
        ("UN peacekeepers have been praised.", "UN peacekeepers", 1, "general:judged"),
        ("The withdrawal of MINUSMA will worsen the violence.", "MINUSMA", 1, "general:withdrawal_harm"),
    ],
)
def test_each_general_rule_fires_and_is_recorded(text, mention, score, rule):
    assert _general(text, mention) == (score, rule)


def test_general_misfires_are_fixed_by_word_class_rules():
    # an adjective on another noun evaluates that noun, not the target
    assert _general("MINUSMA was reconfigured to focus on a few limited priorities.", "MINUSMA") == (0, "")
    assert _general("MINUSMA left behind the valuable equipment.", "MINUSMA") == (0, "")
    # an adjective on the target mention evaluates the target
    assert _general("The ruthless mercenaries arrived.", "mercenaries")[0] == -1
    # a named judge: the praise is the judge's, not the author's
    assert _general("The minister praised the junta.", "junta") == (0, "")
    # the outer verb decides ("failed to protect" is a failure, not a protection)
    assert _general("The junta failed to protect civilians.", "junta") == (-1, "general:subject")
    # an attitude verb's subject feels the attitude; it is not evaluated by it
    assert _general("The junta welcomed the decision of the council.", "junta") == (0, "")
    assert _general("The junta feared the worst in the north.", "junta") == (0, "")


def test_general_design_keeps_negation_hedges_and_voice():
    assert _general("MINUSMA has not been effective.", "MINUSMA")[0] == -1
    assert _general("The army allegedly committed abuses.", "army") == (0, "")
    text = "Diop said that MINUSMA had failed to protect civilians."
    df = xstance.statements_in_text(text, "general")
    assert df[df["voice"] == "author"]["score"].tolist() == [0, 0]
    assert df[(df["voice"] == "reported") & (df["target"] == "minusma")]["score"].tolist() == [-1]


def test_a_repeated_sentence_counts_once():
    text = "The junta failed to hold the elections. The junta failed to hold the elections. The junta met."
    df = xstance.statements_in_text(text, "general")
    assert df["repeat_of"].tolist()[1] == df["sent_id"].tolist()[0] and df["repeat_of"].tolist()[0] == ""
    agg = stance_aggregate.aggregate(df)
    cell = agg[(agg["target"] == "malian_authorities") & (agg["voice"] == "author")].iloc[0]
    assert (cell["n"], cell["n_sentences"], cell["n_neg"], cell["net_tone"]) == (3, 2, 1, -0.5)


def test_one_sentence_counts_once_for_one_target():
    df = xstance.statements_in_text("The junta and its leaders failed. The junta met.", "general")
    agg = stance_aggregate.aggregate(df)
    cell = agg[(agg["target"] == "malian_authorities") & (agg["voice"] == "author")].iloc[0]
    assert cell["n_sentences"] == 2 and cell["net_tone"] == -0.5


def test_no_signal_below_two_evaluative_sentences():
    one = stance_aggregate.aggregate(
        xstance.statements_in_text("The junta failed. The junta met.", "general")
    )
    two = stance_aggregate.aggregate(
        xstance.statements_in_text("The junta failed. The junta was brutal. The junta met.", "general")
    )
    assert bool(one.iloc[0]["no_signal"]) and not bool(two.iloc[0]["no_signal"])


def test_general_lexicon_entries_need_a_why(tmp_path):
    src = stance_general.general_path().read_text(encoding="utf-8")
    bad = src.replace('why: "Levin 33 (praise verbs)."}', "why: ''}", 1)
    (tmp_path / "g.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"judgement_verbs\[\d+\]: add `why:`"):
        stance_general.load_general(tmp_path / "g.yaml")
    (tmp_path / "g.yaml").write_text(src.replace("threshold: 2.0", "threshold: 7"), encoding="utf-8")
    with pytest.raises(ConfigError, match="threshold: must be in"):
        stance_general.load_general(tmp_path / "g.yaml")


def test_clause_design_scores_the_doer_not_the_victim_and_reads_departure_harm():
    """The clause design (stance_clause.yaml): VADER's sentence score of the clause where the target
    is the doer counts against it; a target that suffers the event is not judged; a bad consequence of
    the mission's own departure counts for it; each statement records its rule and words."""
    doer = xstance.statements_in_text(
        "The junta failed to protect civilians and broke its promises.", design="clause"
    )
    row = doer[doer["target"] == "malian_authorities"].iloc[0]
    assert (row["score"], row["rule"].split(";")[0]) == (-1, "clause:subject")
    assert len(row["cues"].split(";")) == len(set(row["cue_spans"].split(";")))  # each word once
    victim = xstance.statements_in_text("Three peacekeepers were killed in an ambush.", design="clause")
    assert victim["score"].tolist() == [0]
    harm = xstance.statements_in_text(
        "The mission's withdrawal will leave civilians exposed to terrible violence.", design="clause"
    )
    assert (harm["score"].tolist(), harm["rule"].tolist()) == ([1], ["clause:departure_harm"])


def test_the_kept_design_is_read_from_its_data_file(tmp_path, monkeypatch):
    (tmp_path / "stance_design.yaml").write_text("design: nonsense\n", encoding="utf-8")
    monkeypatch.setattr(xstance, "lexicon_dir", lambda: tmp_path)
    with pytest.raises(ConfigError, match="design: must be one of cues, general, clause"):
        xstance.kept_design()


def test_compared_designs_run_only_on_coded_documents(annotated):
    docs = list(annotated)[:2]
    base = {"documents": pd.DataFrame({"doc_id": [ad.doc_id for ad in docs]})}
    coded = {docs[0].doc_id}
    every = xstance.stance_tables(docs, base)
    some = xstance.stance_tables(docs, base, coded=coded)
    for name in ("quotes", "stance_statements", "stance_by_outlet"):  # the kept design everywhere
        pd.testing.assert_frame_equal(some[name], every[name])
    cells, all_cells = some["stance_design_cells"], every["stance_design_cells"]
    assert set(cells["doc_id"]) == coded and set(all_cells["doc_id"]) > coded
    want = all_cells[all_cells["doc_id"].isin(coded)].reset_index(drop=True)
    pd.testing.assert_frame_equal(cells.reset_index(drop=True), want)


def test_words_the_outlet_attributes_to_itself_stay_the_authors_voice():
    own = Quote(0, 5, "indirect", "verb", "", Resolved(None, 0, 0, name="Desert Rights Monitor"))
    other = Quote(6, 9, "indirect", "verb", "", Resolved(None, 0, 0, name="Ana Lopez-Ruiz"))
    kept, ids = xstance._not_the_outlets_own([own, other], ["q1", "q2"], "Desert Rights Monitor")
    assert (kept, ids) == ([other], ["q2"])
    assert xstance._not_the_outlets_own([own, other], ["q1", "q2"], "")[1] == ["q1", "q2"]
