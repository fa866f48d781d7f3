"""A linear multi-label model of PFC frame codes (one-vs-rest logistic regression), in numpy.

Pure functions: ``fit_frame_model(features, labels, settings)`` learns from sentences' feature lists
and their hand-coded code sets; ``predict_frames(model, features, settings)`` gives each sentence a
primary code (the most probable) and up to ``max_secondary`` further codes whose probability reaches
``secondary_threshold``. Training is full-batch gradient descent from zero weights for a fixed number
of iterations over a sorted vocabulary, so the same inputs give the same model on every run. The descent
is Nesterov's accelerated gradient (Nesterov 1983; momentum k/(k+3)), which reaches the penalised
optimum in the iterations plain gradient descent needed only to get part of the way there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from minusma_lib.core.sparse import SparseRows, indicator_rows

SETTING_KEYS = ("l2", "iterations", "learning_rate", "min_df", "secondary_threshold", "max_secondary")


@dataclass(frozen=True)
class FrameModel:
    vocabulary: tuple[str, ...]
    codes: tuple[str, ...]
    weights: np.ndarray  # (len(vocabulary) + 1, len(codes)); the last row is the bias


@dataclass(frozen=True)
class FramePrediction:
    primary: str
    secondary: tuple[str, ...]
    probabilities: dict[str, float]


def _design(features: Sequence[Sequence[str]], index: dict[str, int]) -> SparseRows:
    """Binary feature matrix (sparse), each row scaled by 1/sqrt(number of features) so long sentences do
    not dominate; the bias is the weights' last row, added by :func:`_scores`."""
    return indicator_rows(features, index, unit_rows=True)


def _scores(x: SparseRows, w: np.ndarray) -> np.ndarray:
    """Each sentence's score for each code: its features times the weights, plus the bias (last row)."""
    return x.times(w[:-1]) + w[-1]


def fit_frame_model(
    features: Sequence[Sequence[str]], labels: Sequence[Sequence[str]], settings: dict
) -> FrameModel:
    """Learn one logistic regression per code present in ``labels`` (L2-penalised, bias unpenalised), by
    accelerated gradient descent from zero weights."""
    if len(features) != len(labels) or not features:
        raise ValueError("fit_frame_model needs one label set per feature list, and at least one sentence")
    df = Counter(f for feats in features for f in set(feats))
    vocabulary = tuple(sorted(f for f, c in df.items() if c >= settings["min_df"]))
    codes = tuple(sorted({c for y in labels for c in y}, key=int))
    index = {f: i for i, f in enumerate(vocabulary)}
    x = _design(features, index)
    y = np.array([[c in set(lab) for c in codes] for lab in labels], dtype=float)
    w = np.zeros((len(vocabulary) + 1, len(codes)))
    previous = w
    n = len(features)
    for k in range(settings["iterations"]):
        at = w + (k / (k + 3)) * (
            w - previous
        )  # Nesterov: step from a point extrapolated along the last move
        err = 1.0 / (1.0 + np.exp(-_scores(x, at))) - y
        grad = np.vstack([x.transposed_times(err), err.sum(axis=0)]) / n
        grad[:-1] += settings["l2"] * at[:-1] / n
        previous, w = w, at - settings["learning_rate"] * grad
    return FrameModel(vocabulary, codes, w)


def predict_frames(
    model: FrameModel, features: Sequence[Sequence[str]], settings: dict
) -> list[FramePrediction]:
    """Primary code and secondary codes for each sentence (ties broken by code order)."""
    if not features:
        return []
    index = {f: i for i, f in enumerate(model.vocabulary)}
    probs = 1.0 / (1.0 + np.exp(-_scores(_design(features, index), model.weights)))
    out = []
    for row in probs:
        order = np.argsort(-row, kind="stable")
        secondary = tuple(
            model.codes[j]
            for j in order[1 : 1 + settings["max_secondary"]]
            if row[j] >= settings["secondary_threshold"]
        )
        out.append(
            FramePrediction(
                model.codes[order[0]],
                secondary,
                {c: float(p) for c, p in zip(model.codes, row, strict=True)},
            )
        )
    return out
