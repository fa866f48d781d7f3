"""The kept stance model (judge.stance_model) on invented sentences: fit, probabilities, evidence, storage."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from minusma_lib.core.errors import ConfigError
from minusma_lib.judge import stance_model as sm

SETTINGS = sm.Settings(min_count=1, l2=0.1, iterations=300, learning_rate=0.5)
TRAIN = [
    ("The peacekeepers bravely protected the villages.", 1),
    ("The peacekeepers shamefully abandoned the villages.", -1),
    ("The peacekeepers moved to Gao.", 0),
    ("Bravely, the blue helmets protected the town.", 1),
    ("Shamefully, the blue helmets abandoned the town.", -1),
    ("The blue helmets moved north.", 0),
]


def _model() -> sm.Model:
    return sm.fit([sm.features(t, "minusma") for t, _ in TRAIN], [g for _, g in TRAIN], SETTINGS)


def test_words_keep_letters_of_any_alphabet_inner_hyphens_and_apostrophes():
    assert sm.words("Goïta's so-called Sévaré 2023 a peacekeepers'") == [
        "goïta's",
        "so-called",
        "sévaré",
        "peacekeepers",
    ]


def test_probabilities_sum_to_one_and_the_sign_is_the_most_probable():
    model = _model()
    feats = [
        sm.features("They bravely protected Gao.", "minusma"),
        sm.features("They abandoned it.", "minusma"),
    ]
    p = sm.probabilities(model, feats)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert sm.predict(model, feats) == [1, -1]


def test_evidence_lists_content_words_toward_the_sign_strongest_first():
    model = _model()
    f = sm.features("The peacekeepers shamefully abandoned the villages.", "minusma")
    ev = sm.evidence(model, f, -1)
    words = [w for w, _ in ev]
    assert {"shamefully", "abandoned"} <= set(words)
    assert "the" not in words and "minusma" not in words  # a stop word; the target prior
    assert [v for _, v in ev] == sorted((v for _, v in ev), reverse=True)
    assert all(v > 0 for _, v in ev)


def test_a_stored_model_reads_cells_as_the_fitted_one_does():
    model = _model()
    back = sm.model_from_table(sm.model_table(model))
    feats = [sm.features(t, "minusma") for t in ("Bravely they protected it.", "They moved.", "Shamefully.")]
    assert np.allclose(sm.probabilities(back, feats), sm.probabilities(model, feats), atol=1e-4)


def test_a_model_table_without_its_bias_row_is_refused_naming_the_file():
    table = sm.model_table(_model())
    with pytest.raises(ValueError, match="my_model.csv"):
        sm.model_from_table(table[table["feature"] != sm.BIAS], "my_model.csv")


def test_article_signs_give_one_row_per_article_and_target_the_author_mentions():
    sentences = pd.DataFrame(
        {
            "sent_id": ["d1-s1", "d1-s2", "d2-s1"],
            "doc_id": ["d1", "d1", "d2"],
            "text": ["The peacekeepers shamefully abandoned Gao.", "Wagner arrived.", "The mission moved."],
        }
    )
    statements = pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d1", "d2", "d2"],
            "sent_id": ["d1-s1", "d1-s1", "d1-s2", "d2-s1", "d2-s1"],
            "target": ["minusma", "minusma", "russia_wagner", "minusma", "minusma"],
            "voice": ["author", "author", "author", "author", "quoted"],
        }
    )
    out = sm.article_signs(statements, sentences, _model(), "the pool", None)
    assert list(zip(out["doc_id"], out["target"], out["n_sentences"], strict=True)) == [
        ("d1", "minusma", 1),
        ("d1", "russia_wagner", 1),
        ("d2", "minusma", 1),
    ]
    p = out[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-3)
    assert out.loc[0, "sign"] == -1 and "abandoned" in out.loc[0, "evidence"]
    assert set(out["model"]) == {"the pool"}
    # a model trained with the article's words reads them, and refuses to read without them
    with_article = sm.fit(
        [sm.features(t, "minusma", None, t) for t, _ in TRAIN], [g for _, g in TRAIN], SETTINGS
    )
    read = sm.article_signs(statements, sentences, with_article, "the pool", None, article_words=True)
    assert "(in the article)" in " ".join(read["evidence"])
    with pytest.raises(ValueError, match="article_words"):
        sm.article_signs(statements, sentences, with_article, "the pool", None)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: pd.concat([t, t.iloc[[1]]], ignore_index=True), "listed twice"),
        (
            lambda t: t.assign(weight_neutral=t["weight_neutral"].astype(object).where(t.index != 2, "")),
            "row 4",
        ),
        (lambda t: t.assign(weight_positive=t["weight_positive"].where(t.index != 1, float("nan"))), "row 3"),
    ],
    ids=["duplicate feature", "empty weight", "nan weight"],
)
def test_a_broken_model_table_is_refused_naming_the_file_and_row(edit, message):
    with pytest.raises(ValueError, match=f"my_model.csv: .*{message}"):
        sm.model_from_table(edit(sm.model_table(_model())), "my_model.csv")


def test_a_statement_naming_a_sentence_the_corpus_lacks_is_refused():
    statements = pd.DataFrame(
        {"doc_id": ["d1"], "sent_id": ["d1-s9"], "target": ["minusma"], "voice": ["author"]}
    )
    sentences = pd.DataFrame({"sent_id": ["d1-s1"], "doc_id": ["d1"], "text": ["A sentence."]})
    with pytest.raises(ValueError, match="d1-s9"):
        sm.cell_sentences(statements, sentences)


def test_balanced_weights_give_each_sign_the_same_total_weight():
    signs = [0, 0, 0, 0, 1, -1]
    w = sm.cell_weights(signs, "balanced")
    totals = {v: w[[k for k, s in enumerate(signs) if s == v]].sum() for v in (-1, 0, 1)}
    assert np.allclose(list(totals.values()), len(signs) / 3)
    assert np.allclose(sm.cell_weights(signs, "none"), 1.0)


def test_balanced_weights_raise_a_rare_sign_that_unweighted_training_leaves_behind():
    train = [("The mission moved to Gao.", 0)] * 8 + [("The mission failed Gao.", -1)]
    feats = [sm.features(t, "minusma") for t, _ in train]
    cell = [sm.features("The mission failed.", "minusma")]
    p = {
        w: sm.probabilities(sm.fit(feats, [g for _, g in train], sm.Settings(1, 0.1, 300, 0.5, w)), cell)[0]
        for w in sm.CLASS_WEIGHTS
    }
    assert p["balanced"][0] > p["none"][0]


def test_the_evaluative_vocabulary_keeps_only_judging_words_marks_negation_and_counts():
    polarity = {"brave": 1, "failed": -1, "useless": -1}
    f = sm.features(
        "The mission was not brave; the troops in Gao failed, and the Gao camp closed.", "minusma", polarity
    )
    assert "minusma:not_brave" in f and "minusma:failed" in f
    assert not {"minusma:gao", "minusma:camp", "minusma:brave"} & f  # topical words and the negated form
    assert {"minusma:#negative>=1", "minusma:#negative>=2"} <= f and "minusma:#positive>=1" not in f
    far = sm.features("No one doubted that the troops in the north were brave.", "minusma", polarity)
    assert "minusma:brave" in far  # the negator is more than three words before it


def test_count_features_never_show_as_evidence():
    polarity = {"failed": -1}
    train = [("It failed.", -1), ("It failed again.", -1), ("It moved.", 0), ("It moved on.", 0)]
    feats = [sm.features(t, "minusma", polarity) for t, _ in train]
    model = sm.fit(feats, [g for _, g in train], SETTINGS)
    assert [w for w, _ in sm.evidence(model, feats[0], -1)] == ["failed"]


def test_the_evaluative_lexicon_signs_words_from_the_published_resources():
    lex = sm.evaluative_lexicon()
    assert lex.get("brutal") == -1 and lex.get("excellent") == 1
    assert "mission" not in lex and "camp" not in lex


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("class_weight", "class_weight: heavy\nvocabulary: all\narticle_words: true\nneutral_scale: 1"),
        ("vocabulary", "class_weight: none\nvocabulary: topics\narticle_words: true\nneutral_scale: 1"),
        ("article_words", "class_weight: none\nvocabulary: all\narticle_words: sometimes\nneutral_scale: 1"),
        ("neutral_scale", "class_weight: none\nvocabulary: all\narticle_words: true\nneutral_scale: 0"),
        ("neutral_scale", "class_weight: none\nvocabulary: all\narticle_words: true\nneutral_scale: 2.5"),
    ],
)
def test_an_unknown_setting_value_is_refused_naming_the_file_and_the_key(tmp_path, key, values):
    path = tmp_path / "stance_supervised.yaml"
    path.write_text(
        f"why: x\nmin_count: 3\nl2: 1.0\niterations: 10\nlearning_rate: 0.5\n{values}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=f"stance_supervised.yaml.*{key}"):
        sm.load_settings(path)


def test_a_contraction_or_cannot_negates_like_not():
    polarity = {"brave": 1}
    for negator in ("didn't", "cannot", "not"):
        f = sm.features(f"The troops {negator} seem brave.", "minusma", polarity)
        assert "minusma:not_brave" in f and "minusma:#negative>=1" in f, negator


def test_the_article_words_are_a_second_family_paired_with_the_target():
    f = sm.features("The mission left Gao.", "minusma", None, "The mission failed. Gao mourned.")
    assert {"minusma:mission", "minusma:left", "target:minusma"} <= f
    assert {"minusma:article:failed", "minusma:article:mourned", "minusma:article:mission"} <= f
    assert "minusma:failed" not in f and not any(
        x.startswith("minusma:article:") for x in sm.features("A.", "minusma")
    )
    # with an evaluative vocabulary only the article's evaluative words count
    polarity = {"failed": -1}
    g = sm.features("The mission left Gao.", "minusma", polarity, "The mission failed. Gao mourned.")
    assert "minusma:article:failed" in g and "minusma:article:mourned" not in g


def test_the_evidence_names_a_word_from_the_article_as_such():
    train = [("They left.", "They failed badly."), ("They left.", "They protected Gao well.")] * 3
    feats = [sm.features(t, "minusma", None, a) for t, a in train]
    signs = [-1, 1] * 3
    model = sm.fit(feats, signs, SETTINGS)
    ev = sm.evidence(model, sm.features("They left.", "minusma", None, "They failed badly."), -1)
    assert any(w == "failed (in the article)" for w, _ in ev), ev


def test_the_article_text_joins_every_sentence_of_a_document_in_order():
    sentences = pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d2"],
            "sent_id": ["d1-s001", "d1-s002", "d2-s001"],
            "text": ["A b.", "C d.", "E."],
        }
    )
    assert sm.article_texts(sentences) == {"d1": "A b. C d.", "d2": "E."}


def test_the_neutral_scale_multiplies_the_neutral_odds_and_nothing_else():
    import dataclasses

    feats = [sm.features(t, "minusma") for t, _ in TRAIN]
    signs = [g for _, g in TRAIN]
    plain = sm.fit(feats, signs, SETTINGS)
    scaled = sm.fit(feats, signs, dataclasses.replace(SETTINGS, neutral_scale=0.25))
    np.testing.assert_array_equal(plain.weights, scaled.weights)
    p, q = sm.probabilities(plain, feats), sm.probabilities(scaled, feats)
    np.testing.assert_allclose(q.sum(axis=1), 1.0)
    odds = (q[:, 1] / q[:, 0]) / (p[:, 1] / p[:, 0])
    np.testing.assert_allclose(odds, 0.25)
    np.testing.assert_allclose(q[:, 2] / q[:, 0], p[:, 2] / p[:, 0])
