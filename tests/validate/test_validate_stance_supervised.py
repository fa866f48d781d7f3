"""The supervised stance design (validate.stance_supervised) on invented cells, and its committed cells."""

from __future__ import annotations

import pandas as pd
import pytest

from minusma_lib.core.errors import ConfigError
from minusma_lib.core.paths import processed_dir
from minusma_lib.validate import stance_supervised as sup
from minusma_lib.validate.heldout import fixture_sets, load_gold

SETTINGS = sup.Settings(min_count=1, l2=0.1, iterations=300, learning_rate=0.5)


def _cells(rows: list[tuple[str, str, int, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "fixture_set": s,
                "doc_id": f"{s}{k}",
                "target": "minusma",
                "gold": g,
                "n_sentences": 1,
                "text": t,
                "article": t,
            }
            for k, (s, _, g, t) in enumerate(rows)
        ]
    )


TOY = [
    ("P", "", 1, "The peacekeepers bravely protected the villages."),
    ("P", "", -1, "The peacekeepers shamefully abandoned the villages."),
    ("P", "", 0, "The peacekeepers moved to Gao."),
    ("Q", "", 1, "Bravely, the blue helmets protected the town."),
    ("Q", "", -1, "Shamefully, the blue helmets abandoned the town."),
    ("Q", "", 0, "The blue helmets moved north."),
    ("R", "", 1, "They protected the market bravely."),
    ("R", "", -1, "They abandoned the market shamefully."),
    ("R", "", 0, "They moved the market."),
]


def test_features_pair_each_word_with_its_target_and_keep_the_target_prior():
    f = sup.features("The so-called mission left.", "minusma")
    assert {"minusma:so-called", "minusma:mission", "target:minusma"} <= f
    assert not any(w.startswith("russia_wagner:") for w in f)


def test_a_model_learns_signs_that_words_carry_across_sets():
    cells = _cells(TOY)
    out = sup.evaluate(cells, {"P", "Q", "R"}, SETTINGS)
    assert list(out["predicted"]) == list(out["gold"])
    assert set(out["evaluation"]) == {"leave one set out"}


def _training_sizes(monkeypatch) -> list[int]:
    """The number of training cells of every model fitted from here on."""
    seen: list[int] = []
    real_fit = sup.fit

    def spy(feats, signs, s):
        seen.append(len(feats))
        return real_fit(feats, signs, s)

    monkeypatch.setattr(sup, "fit", spy)
    return seen


def test_no_set_is_predicted_by_a_model_that_saw_it(monkeypatch):
    seen = _training_sizes(monkeypatch)
    cells = _cells(TOY + [("U", "", 1, "They protected it bravely.")])
    out = sup.evaluate(cells, {"P", "Q", "R"}, SETTINGS)
    # three development sets of three cells: each left out trains on six; the untouched set on all nine
    assert sorted(seen) == [6, 6, 6, 9]
    assert out.set_index("fixture_set").loc["U", "evaluation"] == "trained on the whole pool"


def test_a_set_scored_per_article_never_trains_on_the_article_it_predicts(monkeypatch):
    seen = _training_sizes(monkeypatch)
    cells = _cells(
        TOY[:3] + [("S", "", 1, "They protected it bravely."), ("S", "", -1, "They abandoned it.")]
    )
    cells.loc[cells["fixture_set"] == "S", "doc_id"] = ["s1", "s2"]
    out = sup.evaluate(cells, {"P", "S"}, SETTINGS, per_article=frozenset({"S"}))
    # P is left out as a set (trains on S's two articles); each article of S trains on P and the other one
    assert sorted(seen) == [2, 4, 4]
    assert set(out[out["fixture_set"] == "S"]["evaluation"]) == {"leave one article out"}


def test_a_coded_cell_the_extractor_found_no_sentence_for_is_kept_and_absent_is_left_out():
    statements = pd.DataFrame([{"doc_id": "d1", "target": "minusma", "sent_id": "d1-s0", "voice": "author"}])
    sentences = pd.DataFrame(
        [
            {"doc_id": "d1", "sent_id": "d1-s0", "text": "The mission left."},
            {"doc_id": "d1", "sent_id": "d1-s1", "text": "Wagner stayed."},
        ]
    )
    gold = pd.DataFrame(
        [
            {"doc_id": "d1", "target": "minusma", "intended_stance": "0"},
            {"doc_id": "d1", "target": "russia_wagner", "intended_stance": "-1"},
            {"doc_id": "d1", "target": "france_west", "intended_stance": "absent"},
        ]
    )
    cells = sup.coded_cells(statements, sentences, gold, "Z")
    assert list(zip(cells["target"], cells["n_sentences"], strict=True)) == [
        ("minusma", 1),
        ("russia_wagner", 0),
    ]
    # every cell carries its whole article, the one without a sentence of its own too
    assert list(cells["text"]) == ["The mission left.", ""]
    assert list(cells["article"]) == ["The mission left. Wagner stayed."] * 2


def test_settings_without_a_key_name_the_file(tmp_path):
    path = tmp_path / "stance_supervised.yaml"
    path.write_text("why: x\nmin_count: 3\nl2: 1.0\niterations: 10\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="stance_supervised.yaml"):
        sup.load_settings(path)


def test_the_committed_cells_hold_every_coded_cell_once():
    path = processed_dir() / "stance_supervised_cells.csv"
    if not path.exists():
        pytest.skip("the supervised cells are built with the committed study only")
    cells = pd.read_csv(path, dtype=str, keep_default_na=False)
    for s in fixture_sets():
        gold = load_gold("author_stance_intended", s)
        if gold is None:
            continue
        want = sorted((r.doc_id, r.target) for r in gold.itertuples() if str(r.intended_stance) != "absent")
        got = sorted(
            zip(
                cells[cells["fixture_set"] == s]["doc_id"],
                cells[cells["fixture_set"] == s]["target"],
                strict=True,
            )
        )
        assert got == want, s
    assert set(cells["predicted"]) <= {"-1", "0", "1"}


def test_the_prose_states_which_target_a_group_meets():
    from minusma_lib.report.heldout import supervised_stance_prose

    rows = []
    for s, n_right in (("A", 10), ("seeds", 6)):  # A is a development set; the seeds its own group
        for k in range(10):
            gold = 1 if k < 5 else 0
            rows.append(
                {
                    "fixture_set": s,
                    "doc_id": f"{s}{k}",
                    "target": "minusma",
                    "gold": gold,
                    "n_sentences": 1,
                    "predicted": gold if k < n_right else -gold or 1,
                    "evaluation": "leave one set out",
                }
            )
    text = supervised_stance_prose(pd.DataFrame(rows))
    assert (
        "1.00 of 10 cells (always neutral 0.50) and 1.00 of the 5 non-neutral ones (meets both targets)"
        in text
    )
    assert "0.60 of 10 cells (always neutral 0.50)" in text
    assert "reaches 0.7 on the non-neutral cells but not 0.2 above always neutral" in text


def test_a_stance_value_outside_the_scale_names_the_set_and_the_row():
    from minusma_lib.core.errors import ManualCodingError

    gold = pd.DataFrame([{"doc_id": "d1", "target": "minusma", "intended_stance": "2"}])
    empty = pd.DataFrame(columns=["doc_id", "target", "sent_id", "voice"])
    with pytest.raises(ManualCodingError, match="fixture set Z: stance row 1"):
        sup.coded_cells(empty, pd.DataFrame(columns=["doc_id", "sent_id", "text"]), gold, "Z")


@pytest.mark.parametrize(
    ("group", "lead", "non_neutral"),
    # issue 12's targets: 0.2 above always neutral and 0.7 on the non-neutral cells, on the development sets
    # left out one at a time, and on the seeds left out one article at a time: with the article's words, the
    # neutral prior correction and trained with the sets AP to BC the kept design is right there on 15 of 20
    # cells and 13 of 14 non-neutral ones (0.93; a cell moves with the pool). The eight untouched sets BD
    # to BK (outlet kinds unlike all earlier sets', stance decoupled from them; all scored with the design
    # of 1d715ab and never trained on: BD and BE in the sixteenth session, BF to BK in the seventeenth)
    # scored 112 of 178 cells against always neutral 67 (a lead of 0.25) and 80 of 111 non-neutral cells
    # (0.72): issue 12's targets (the pairs alone: BD and BE a lead of 0.196 and 19 of 27; BF and BG 0.25
    # and 19 of 28; BH and BI 0.18 and 20 of 26; BJ and BK 0.39 and 22 of 30; the pairs before, with
    # earlier designs: BB and BC 0.23 and 11 of 26; AZ and BA 0.17 and 9 of 27; AX and AY 0.13 and 8 of 26).
    [("development", 0.2, 0.7), ("seeds", 0.2, 0.7), ("untouched", 0.2, 0.7)],
)
def test_the_supervised_design_holds_the_issue_targets(group, lead, non_neutral):
    from minusma_lib.report.heldout import supervised_group

    path = processed_dir() / "stance_supervised_cells.csv"
    if not path.exists():
        pytest.skip("the supervised cells are built with the committed study only")
    cells = supervised_group(sup.load_cells(), group)
    if cells.empty or not (cells["gold"] != 0).any():
        pytest.skip(f"no {group} cells in this checkout")
    a = sup.agreement(cells)
    assert round(a["agreement"] - a["always_neutral"], 9) >= lead, a
    assert round(a["non_neutral_agreement"], 9) >= non_neutral, a


def test_in_sample_rows_are_named_apart_and_never_mixed_with_held_out_groups():
    from minusma_lib.report.heldout import supervised_group

    toy = _cells(TOY).replace(
        {"fixture_set": {"P": "A", "Q": "seeds", "R": "AN"}}
    )  # development, seeds, untouched
    model = sup.pool_model(toy, {"A", "seeds"}, SETTINGS)
    rows = sup.in_sample(toy, {"A", "seeds"}, model)
    assert set(rows["fixture_set"]) == {"A, in-sample", "seeds, in-sample"}  # AN is not in the pool
    assert list(rows["predicted"]) == list(rows["gold"])
    assert rows["evaluation"].str.startswith("in-sample").all()
    both = pd.concat([sup.evaluate(toy, {"A", "seeds"}, SETTINGS, per_article=frozenset()), rows])
    for group in ("development", "seeds", "untouched"):
        assert not supervised_group(both, group)["fixture_set"].str.contains("in-sample").any(), group
    assert len(supervised_group(both, "seeds, in-sample")) == 3
    # agreement and calibration over mixed rows count only the held-out ones
    assert sup.agreement(both)["cells"] == len(sup.held_out(both)) == len(toy)
    assert sup.calibration(both)["cells"].sum() == len(toy)


def test_with_article_words_a_cell_is_read_from_its_article_too_and_never_trained_on_itself():
    import dataclasses

    # the cell's own sentences are the same everywhere; only the article says which way it leans
    rows = []
    for k, (fs, sign) in enumerate([("P", 1), ("P", -1), ("Q", 1), ("Q", -1), ("R", 1), ("R", -1)] * 2):
        article = (
            "They protected the villages bravely." if sign == 1 else "They abandoned the villages shamefully."
        )
        rows.append(
            {
                "fixture_set": fs,
                "doc_id": f"{fs}{k}",
                "target": "minusma",
                "gold": sign,
                "n_sentences": 1,
                "text": "The mission left.",
                "article": f"The mission left. {article}",
            }
        )
    cells = pd.DataFrame(rows)
    on = dataclasses.replace(SETTINGS, article_words=True)
    feats = sup.cell_features(cells, on)
    assert (
        "minusma:article:bravely" in feats[0]
        and "minusma:article:bravely" not in sup.cell_features(cells, SETTINGS)[0]
    )
    out = sup.evaluate(cells, {"P", "Q", "R"}, on, per_article=frozenset())
    assert list(out["predicted"]) == list(out["gold"])  # learnt from the other sets' articles
    off = sup.evaluate(cells, {"P", "Q", "R"}, SETTINGS, per_article=frozenset())
    assert (off["predicted"] != off["gold"]).any()  # without the article the cells cannot be told apart
