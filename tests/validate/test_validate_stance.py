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


def test_every_text_is_coded_and_the_kept_design_beats_always_neutral_out_of_sample():
    """Issue 12: leave one article out on the seeds' hand coding, the kept design's sign agreement per
    article × target must beat the always-neutral guess by 0.2 and reach 0.7 on the non-neutral cells."""
    documents = tables.load("documents")
    coding = vstance.hand_coding(documents, tables.load("sentences"))  # stops on rows that do not fit
    not_coded = coding["stance_not_coded"]
    assert not not_coded, (
        f"no stance hand coding for {', '.join(not_coded)}: code every target mention of these texts in "
        f"{vstance.manual_path()} (coding guide data/annotations/stance_coding_guide.md)"
    )
    comparison = vstance.design_comparison(tables.load("stance_design_cells"), coding["stance"])
    loao = comparison[comparison["design"].str.contains("leave-one-article-out")].iloc[0]
    assert loao["agreement"] >= loao["always_neutral"] + 0.2, comparison.to_string()
    assert loao["non_neutral_agreement"] >= 0.7, comparison.to_string()


def test_cell_agreement_counts_missing_cells_as_neutral():
    intended = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b"],
            "target": ["minusma", "russia_wagner", "minusma"],
            "intended_stance": [1, 0, -1],
        }
    )
    cells = pd.DataFrame({"doc_id": ["a"], "target": ["minusma"], "sign": [1]})
    got = vstance.cell_agreement(cells, intended)
    assert (got["agree"], got["non_neutral_agree"], got["always_neutral"]) == (2, 1, pytest.approx(1 / 3))


def test_leave_one_article_out_picks_the_threshold_on_the_other_articles():
    intended = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "target": ["minusma"] * 3, "intended_stance": [1, 1, -1]}
    )
    cells = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"] * 2,
            "target": ["minusma"] * 6,
            "design": ["general@1"] * 3 + ["general@2"] * 3,
            "sign": [1, 1, 1, -1, -1, -1],
        }
    )
    picked = vstance.leave_one_article_out(cells, intended, "general@2")
    # leaving out c, general@1 wins on a and b; leaving out a (or b), the two tie and the default wins
    assert dict(zip(picked["doc_id"], picked["chosen"], strict=True)) == {
        "a": "general@2",
        "b": "general@2",
        "c": "general@1",
    }


def test_intended_stance_file_is_checked(tmp_path):
    path = tmp_path / "intended.csv"
    path.write_text("doc_id,target,intended_stance,note\na,minusma,1,\na,france_west,absent,\nb,minusma,2,\n")
    with pytest.raises(ManualCodingError, match=r"intended.csv: line 4: intended_stance must be"):
        vstance.load_intended(path)
    path.write_text("doc_id,target,intended_stance,note\na,minusma,1,\na,france_west,absent,\n")
    assert vstance.load_intended(path)["intended_stance"].tolist() == [1]


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


def test_score_stance_scores_any_corpus_folder_against_an_intended_csv(seed_copy, annotated):
    """The fixture scorer: a corpus folder and an article × target CSV in, one row per design out;
    on the seeds with their own coding it reproduces the notebook's comparison."""
    intended = vstance.intended_from_manual(vstance.load_manual())
    path = seed_copy / "intended.csv"
    intended.to_csv(path, index=False)
    got = vstance.score_stance(seed_copy / "seeds", path)
    want = vstance.design_comparison(tables.load("stance_design_cells"))
    pd.testing.assert_frame_equal(got, want)
    assert {"agreement", "non_neutral_agreement", "always_neutral"} <= set(got.columns)


# Floors (issue 12) from each design's committed result minus a margin, on the seeds leave one article out
# and on fixture set A (a development set) at the stated setting:
# - general (kept): seeds 16/20 (0.80), 11/14 non-neutral (0.79); set A 24/35 (0.69), 2/10 (0.20) (3/10
#   before the fifth session's quote rules moved evaluative clauses that the coding conventions make
#   reported speech out of the author's voice);
# - subjectivity (not kept): seeds 17/20 (0.85), 12/14 (0.86); set A 24/35 (0.69), 2/10 (0.20) (4/10 before).
# - appraisal (not kept): seeds 16/20 (0.80), 11/14 (0.79); set A 25/35 (0.71), 1/10 (0.10).
DESIGN_FLOORS = {
    # design: (row prefix leave one article out, row prefix at the stated setting, seeds floor, set A floor)
    "general": (
        "general lexicon, threshold chosen",
        "general lexicon, general@",
        {"agreement": 0.75, "non_neutral_agreement": 0.7},
        {"agreement": 0.65, "non_neutral_agreement": 0.1},
    ),
    "subjectivity": (
        "subjectivity (Pattern), margin chosen",
        "subjectivity (Pattern), subjectivity@",
        {"agreement": 0.8, "non_neutral_agreement": 0.78},
        {"agreement": 0.65, "non_neutral_agreement": 0.1},
    ),
    "appraisal": (
        "appraisal (JUDGEMENT), margin chosen",
        "appraisal (JUDGEMENT), appraisal@",
        {"agreement": 0.75, "non_neutral_agreement": 0.7},
        {"agreement": 0.65},
    ),
}


@pytest.fixture(scope="module")
def set_a_designs():
    return vstance.fixture_design_comparison("A")


@pytest.mark.parametrize("design", sorted(DESIGN_FLOORS))
def test_a_stance_design_stays_above_its_floors(design, set_a_designs):
    loao_prefix, stated_prefix, seeds_floor, set_a_floor = DESIGN_FLOORS[design]
    seeds = vstance.design_comparison(tables.load("stance_design_cells"))
    loao = seeds[seeds["design"].str.startswith(loao_prefix)].iloc[0]
    for key, floor in seeds_floor.items():
        assert loao[key] >= floor, seeds.to_string()
    if set_a_designs.empty:
        pytest.skip("fixture set A is absent")
    stated = set_a_designs[set_a_designs["design"].str.startswith(stated_prefix)].iloc[0]
    for key, floor in set_a_floor.items():
        assert stated[key] >= floor, set_a_designs.to_string()


def test_design_overview_has_every_design_and_the_baseline():
    seeds = vstance.design_comparison(tables.load("stance_design_cells"))
    overview = vstance.design_overview(seeds)
    assert list(overview["design"]) == [
        "cues",
        "general",
        "clause",
        "subjectivity",
        "appraisal",
        "always neutral",
    ]
    assert overview["kept"].sum() == 1
    assert overview.iloc[-1]["seeds"] == pytest.approx(seeds.iloc[0]["always_neutral"])
