"""PFC frame coding and scores (validate.frames_pfc): loading, micro-F1, agreement, thresholds."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from minusma_lib.core import tables
from minusma_lib.core.errors import ManualCodingError
from minusma_lib.validate import frames_pfc as pfc
from minusma_lib.validate.heldout import load_scores

HEADER = "sent_id,doc_id,primary,secondary,note\n"


def _coding(tmp_path, rows: str):
    path = tmp_path / "coding.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ("a-s001,a,16,,\n", "primary '16' is not a PFC code"),
        ("a-s001,a,8,8,\n", "secondary '8' must be"),
        ("a-s001,a,8,1;1,\n", "secondary '1;1' must be"),
        ("b-s001,a,8,,\n", "does not belong to doc_id 'a'"),
        ("a-s001,a,8,,\na-s001,a,1,,\n", "a-s001 is coded twice"),
    ],
)
def test_a_bad_coding_row_is_named_with_its_file_and_row(tmp_path, rows, problem):
    path = _coding(tmp_path, rows)
    with pytest.raises(ManualCodingError) as err:
        pfc.load_pfc_coding(path)
    assert problem in str(err.value) and str(path) in str(err.value)


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    with pytest.raises(ManualCodingError) as err:
        pfc.load_pfc_coding(_coding(tmp_path, "a-s001,a,0,,\na-s002,a,8,99,\n"))
    assert "row 2" in str(err.value) and "row 3" in str(err.value)


def test_a_sentence_missing_from_the_corpus_is_refused(tmp_path):
    sentences = pd.DataFrame({"sent_id": ["a-s000"]})
    with pytest.raises(ManualCodingError, match="not a sentence of this corpus"):
        pfc.load_pfc_coding(_coding(tmp_path, "a-s001,a,8,,\n"), sentences)


def test_micro_f1_counts_code_sets_and_primary_accuracy():
    gold = {"s1": ("8", "14"), "s2": ("6",), "s3": ("15",)}
    pred = {"s1": ("14", "8"), "s2": ("8",)}
    m = pfc.micro_f1(gold, pred, [str(c) for c in range(1, 15)])
    # s1: 2 TP; s2: 1 FP, 1 FN; s3 (code 15) is not scored and is missing from pred.
    assert (m["tp"], m["fp"], m["fn"]) == (2, 1, 1)
    assert m["micro_f1"] == pytest.approx(4 / 6)
    assert m["primary_accuracy"] == pytest.approx(0.0)


def test_agreement_is_one_for_identical_codings_and_lower_for_different_ones(tmp_path):
    a = pfc.load_pfc_coding(_coding(tmp_path, "a-s001,a,8,14,\na-s002,a,6,,\na-s003,a,14,,\n"))
    same = pfc.alpha_per_code(a, a, ["6", "8", "14"])
    assert same.set_index("code").loc["primary", "alpha"] == pytest.approx(1.0)
    b = a.assign(primary=["6", "8", "14"], secondary=["", "", ""])
    diff = pfc.alpha_per_code(a, b, ["6", "8", "14"]).set_index("code")
    assert diff.loc["primary", "alpha"] < 1.0
    assert math.isnan(pfc.alpha_per_code(a, a, ["3"]).set_index("code").loc["3", "alpha"])


def test_the_most_frequent_code_breaks_ties_by_code_order():
    assert pfc.most_frequent_code(pd.DataFrame({"primary": ["14", "6", "6", "14"]})) == "6"


# --- thresholds: the study's own scores (committed data) ------------------------------------------


def test_leave_one_article_out_score_holds_and_beats_the_baseline():
    frames_pfc = tables.load("frames_pfc")
    gold = pfc.load_pfc_coding(pfc.gold_path())
    gold = gold[gold["sent_id"].isin(set(frames_pfc["sent_id"]))]
    if gold.empty:
        pytest.skip("no blind-coded sentence in this corpus")
    codes = pfc.load_model_config()["scores"]["codes"]
    g = pfc.code_sets(gold)
    loao = pfc.micro_f1(g, pfc.predicted_sets(frames_pfc, "model_loao"), codes)
    base = pfc.micro_f1(g, {s: (pfc.most_frequent_code(gold),) for s in g}, codes)
    target = pfc.load_model_config()["scores"]["target_loao"]
    assert loao["micro_f1"] >= target, loao  # reached 0.67 with domain-frame features (0.58 words only)
    assert loao["micro_f1"] >= base["micro_f1"] + 0.2
    other = pfc.micro_f1(g, pfc.predicted_sets(frames_pfc, "other_model_loao"), codes)
    assert loao["micro_f1"] >= other["micro_f1"], (
        "the kept design must be the better one leave-one-article-out"
    )


def test_fixture_frame_scores_beat_the_baseline_on_sets_the_model_never_trained_on():
    """Every fixture set with frames coding that does not train the model: the kept design beats always
    guessing the seeds' most frequent code (first scored at 0.44 and 0.39 on AJ and AK, baselines 0.24 and
    0.18; at 0.60 and 0.62 on AN and AO, baselines 0.19 and 0.18), and stays at least 0.35 (the lowest
    pooled first scoring was 0.41)."""
    s = load_scores()
    trained = {str(x) for x in pfc.load_model_config()["training"].get("fixture_sets") or []}
    rows = s[
        (s["analysis"] == "frames") & (s["measure"] == "micro-F1, PFC 1-14") & ~s["fixture_set"].isin(trained)
    ]
    if rows.empty:
        pytest.skip("no fixture set with frames coding outside the training data")
    for row in rows.itertuples():
        assert row.score > row.baseline, row
        assert row.score >= 0.35, row


def test_a_set_that_is_not_a_development_set_may_not_train_the_model(tmp_path):
    from minusma_lib.core.errors import ConfigError

    text = pfc.model_config_path().read_text(encoding="utf-8")
    bad = tmp_path / "pfc_model.yaml"
    bad.write_text(text.replace("fixture_sets: [A,", "fixture_sets: [A, C,"), encoding="utf-8")
    with pytest.raises(ConfigError, match="'C', which is not a development fixture set"):
        pfc.load_model_config(bad)


def test_the_model_settings_file_is_checked(tmp_path):
    from minusma_lib.core.errors import ConfigError

    text = pfc.model_config_path().read_text(encoding="utf-8")
    assert 0 < pfc.load_model_config()["scores"]["target_loao"] <= 1
    bad = tmp_path / "pfc_model.yaml"
    bad.write_text(text.replace("target_loao: 0.65", "target_loao: 65"), encoding="utf-8")
    with pytest.raises(ConfigError, match="target_loao"):
        pfc.load_model_config(bad)
