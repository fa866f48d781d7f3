"""The linear PFC frame model (extract.frame_model) on small invented training sets."""

from __future__ import annotations

import numpy as np
import pytest

from minusma_lib.build.bench import dense_frame_weights
from minusma_lib.extract.frame_model import fit_frame_model, predict_frames

SETTINGS = {
    "l2": 0.1,
    "iterations": 300,
    "learning_rate": 5.0,
    "min_df": 2,
    "secondary_threshold": 0.35,
    "max_secondary": 2,
}
FEATURES = [
    ["lemma=troop", "lemma=soldier"],
    ["lemma=troop", "lemma=attack"],
    ["lemma=soldier", "lemma=attack"],
    ["lemma=budget", "lemma=cost"],
    ["lemma=budget", "lemma=dollar"],
    ["lemma=cost", "lemma=dollar"],
]
LABELS = [("8",), ("8",), ("8",), ("1",), ("1",), ("1",)]


def test_the_model_learns_separable_codes_and_predicts_them_on_unseen_combinations():
    model = fit_frame_model(FEATURES, LABELS, SETTINGS)
    preds = predict_frames(
        model, [["lemma=soldier", "lemma=troop"], ["lemma=dollar", "lemma=budget"]], SETTINGS
    )
    assert [p.primary for p in preds] == ["8", "1"]
    assert all(p.probabilities[p.primary] > 0.5 for p in preds)


def test_training_is_deterministic():
    a = fit_frame_model(FEATURES, LABELS, SETTINGS)
    b = fit_frame_model(list(reversed(FEATURES))[::-1], LABELS, SETTINGS)
    assert a.vocabulary == b.vocabulary and np.array_equal(a.weights, b.weights)


def test_features_seen_once_are_not_in_the_vocabulary():
    model = fit_frame_model(FEATURES + [["lemma=rare"]], LABELS + [("8",)], SETTINGS)
    assert "lemma=rare" not in model.vocabulary


def test_secondary_codes_respect_the_threshold_and_the_limit():
    labels = [("8", "1")] * 3 + [("1",)] * 3
    model = fit_frame_model(FEATURES, labels, SETTINGS)
    for p in predict_frames(model, FEATURES, {**SETTINGS, "max_secondary": 1}):
        assert len(p.secondary) <= 1 and p.primary not in p.secondary
        assert all(p.probabilities[c] >= SETTINGS["secondary_threshold"] for c in p.secondary)
    none = predict_frames(model, FEATURES, {**SETTINGS, "secondary_threshold": 1.01})
    assert all(p.secondary == () for p in none)


def test_bad_training_input_is_refused():
    with pytest.raises(ValueError, match="one label set per feature list"):
        fit_frame_model(FEATURES, LABELS[:-1], SETTINGS)
    assert predict_frames(fit_frame_model(FEATURES, LABELS, SETTINGS), [], SETTINGS) == []


def test_domain_frames_become_features_and_none_is_not_one():
    from minusma_lib.corpus.annotate import load_nlp
    from minusma_lib.extract.frame_features import domain_frame_sets, sentence_features
    from minusma_lib.extract.frame_rules import load_codebook, load_lexicon
    from minusma_lib.extract.frames import shared_tagger

    doc = load_nlp()("Peacekeepers were attacked near the base. The weather was mild.")
    spans = list(doc.sents)
    lexicon = load_lexicon(codebook=load_codebook())
    tags = domain_frame_sets(shared_tagger(lexicon, every_entry=True), doc, spans, lexicon)
    assert len(tags) == len(spans)
    feats = sentence_features(spans[0], [*tags[0], "none"])
    assert {f"domain={f}" for f in tags[0]} <= set(feats)
    assert "domain=none" not in feats
    assert sentence_features(spans[1]) == sorted(set(sentence_features(spans[1])))


def test_the_sparse_fit_equals_dense_gradient_descent_with_an_unpenalised_bias():
    feats = [["war", "army"], ["aid", "food", "war"], ["vote", "council"], ["aid"], ["army", "vote"]]
    labels = [["8"], ["10", "8"], ["13"], ["10"], ["8", "13"]]
    settings = {
        "l2": 0.5,
        "iterations": 50,
        "learning_rate": 2.0,
        "min_df": 1,
        "secondary_threshold": 0.35,
        "max_secondary": 2,
    }
    model = fit_frame_model(feats, labels, settings)
    w = dense_frame_weights(feats, labels, settings)
    assert model.vocabulary == tuple(sorted({f for x in feats for f in x}))
    assert model.codes == ("8", "10", "13")
    np.testing.assert_allclose(model.weights, w, atol=1e-12)


def _design_and_targets(features, labels):
    from minusma_lib.core.sparse import indicator_rows

    vocabulary = sorted({f for row in features for f in row})
    x = indicator_rows(features, {f: i for i, f in enumerate(vocabulary)}, unit_rows=True)
    codes = sorted({c for y in labels for c in y}, key=int)
    return x, np.array([[c in set(lab) for c in codes] for lab in labels], dtype=float)


def _penalised_loss(x, y, l2, w):
    p = 1.0 / (1.0 + np.exp(-(x.times(w[:-1]) + w[-1])))
    nll = -(y * np.log(p) + (1 - y) * np.log(1 - p)).sum() / len(y)
    return nll + l2 * (w[:-1] ** 2).sum() / (2 * len(y))


def test_the_accelerated_descent_gets_nearer_the_optimum_than_plain_descent_in_as_many_steps():
    feats = [
        ["war", "army"],
        ["aid", "food", "war"],
        ["vote", "council"],
        ["aid"],
        ["army", "vote"],
        ["food"],
    ]
    labels = [["8"], ["10", "8"], ["13"], ["10"], ["8", "13"], ["10"]]
    settings = {**SETTINGS, "min_df": 1, "iterations": 40}
    fast = fit_frame_model(feats, labels, settings).weights
    x, y = _design_and_targets(feats, labels)
    plain = np.zeros_like(fast)
    for _ in range(settings["iterations"]):  # plain gradient descent, the fit the model used before
        err = 1.0 / (1.0 + np.exp(-(x.times(plain[:-1]) + plain[-1]))) - y
        grad = np.vstack([x.transposed_times(err), err.sum(axis=0)]) / len(y)
        grad[:-1] += settings["l2"] * plain[:-1] / len(y)
        plain -= settings["learning_rate"] * grad
    l2 = settings["l2"]
    assert _penalised_loss(x, y, l2, fast) < _penalised_loss(x, y, l2, plain)
