"""A supervised author-stance design, compared with the rule designs on the fixture sets (issue 12).

Each article × target cell is read as the bag of words of the author-voice sentences that mention the
target (``stance_statements.csv``), each word paired with the target ("minusma:so-called"); a
multinomial logistic regression (numpy, gradient descent from zero, so the result is reproducible)
learns the coder's sign from a pool of hand coding: the fixture development sets and the seeds. A
development set is scored leave one set out, a seed leave one article out, and the untouched and held-out
sets by a model trained on the whole pool. Nothing here feeds the study's stance chart: the kept design stays the rule one
until a design wins on data it was not fitted to. Settings are in ``data/lexicons/stance_supervised.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from minusma_lib.core.config import check_keys, load_yaml
from minusma_lib.core.errors import ManualCodingError
from minusma_lib.core.paths import data_dir

CELL_COLUMNS = ["fixture_set", "doc_id", "target", "gold", "n_sentences", "predicted", "evaluation"]
SIGNS = (-1, 0, 1)
WORD = re.compile(r"[a-z][a-z'\-]+")


@dataclass(frozen=True)
class Settings:
    min_count: int  # a feature enters the vocabulary when this many training cells have it
    l2: float  # ridge penalty on the weights
    iterations: int
    learning_rate: float


def settings_path() -> Path:
    return data_dir() / "lexicons" / "stance_supervised.yaml"


def load_settings(path: Path | None = None) -> Settings:
    """Read ``stance_supervised.yaml`` (every key required, with its reason)."""
    path = path or settings_path()
    spec = check_keys(
        load_yaml(path), path, "top level", ("why", "min_count", "l2", "iterations", "learning_rate")
    )
    return Settings(
        int(spec["min_count"]), float(spec["l2"]), int(spec["iterations"]), float(spec["learning_rate"])
    )


def cell_texts(statements: pd.DataFrame, sentences: pd.DataFrame) -> dict[tuple[str, str], tuple[str, int]]:
    """(doc_id, target) -> the author-voice sentences mentioning the target, joined, and their number
    (each sentence once, in text order)."""
    own = statements[statements["voice"] == "author"][["doc_id", "target", "sent_id"]].drop_duplicates()
    text = sentences.set_index("sent_id")["text"]
    order = {s: k for k, s in enumerate(sentences["sent_id"])}
    out = {}
    for (doc, target), g in own.groupby(["doc_id", "target"], sort=True):
        ids = sorted(g["sent_id"], key=lambda s: order.get(s, -1))
        out[(doc, target)] = (" ".join(str(text.get(i, "")) for i in ids), len(ids))
    return out


def coded_cells(
    statements: pd.DataFrame, sentences: pd.DataFrame, gold: pd.DataFrame, fixture_set: str
) -> pd.DataFrame:
    """One row per hand-coded cell of a fixture set (``author_stance_intended.csv``; "absent" cells
    are the target's absence, not a sign, and are left out): its gold sign and its author sentences.
    A coded cell whose target the extractor never found keeps an empty text (it is not dropped)."""
    texts = cell_texts(statements, sentences)
    rows = []
    for k, r in enumerate(gold.itertuples()):
        value = str(r.intended_stance).strip()
        if value == "absent":
            continue
        if value not in ("-1", "0", "1", "+1"):
            raise ManualCodingError(
                f"fixture set {fixture_set}: stance row {k + 1} ({r.doc_id}, {r.target}): intended_stance "
                f"must be -1, 0, 1 or absent, not {value!r}; fix the coding file."
            )
        text, n = texts.get((r.doc_id, r.target), ("", 0))
        rows.append(
            {
                "fixture_set": fixture_set,
                "doc_id": r.doc_id,
                "target": r.target,
                "gold": int(value),
                "n_sentences": n,
                "text": text,
            }
        )
    return pd.DataFrame(rows, columns=["fixture_set", "doc_id", "target", "gold", "n_sentences", "text"])


def features(text: str, target: str) -> frozenset[str]:
    """The cell's words, each paired with its target (a word may weigh for one target and against
    another), and the target itself (its prior)."""
    return frozenset({f"{target}:{w}" for w in WORD.findall(text.lower())} | {f"target:{target}"})


def _matrix(feats: list[frozenset[str]], vocab: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(feats), len(vocab)))
    for k, f in enumerate(feats):
        for w in f:
            j = vocab.get(w)
            if j is not None:
                x[k, j] = 1.0
    return x


def fit(
    feats: list[frozenset[str]], signs: list[int], s: Settings
) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Vocabulary, weights and biases of a multinomial logistic regression over the three signs."""
    counts = Counter(w for f in feats for w in f)
    vocab = {w: j for j, w in enumerate(sorted(w for w, c in counts.items() if c >= s.min_count))}
    x = _matrix(feats, vocab)
    y = np.eye(len(SIGNS))[[SIGNS.index(v) for v in signs]]
    w = np.zeros((len(vocab), len(SIGNS)))
    b = np.zeros(len(SIGNS))
    n = max(len(feats), 1)
    for _ in range(s.iterations):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        w -= s.learning_rate * (x.T @ (p - y) / n + s.l2 * w / n)
        b -= s.learning_rate * (p - y).mean(axis=0)
    return vocab, w, b


def predict(model: tuple[dict[str, int], np.ndarray, np.ndarray], feats: list[frozenset[str]]) -> list[int]:
    vocab, w, b = model
    if not feats:
        return []
    return [SIGNS[k] for k in (_matrix(feats, vocab) @ w + b).argmax(axis=1)]


def evaluate(
    cells: pd.DataFrame,
    development: set[str],
    s: Settings | None = None,
    per_article: frozenset[str] = frozenset({"seeds"}),
) -> pd.DataFrame:
    """Every cell's predicted sign. The training pool is the ``development`` sets' cells. A set in the
    pool is predicted by a model trained on the rest of the pool (leave one set out); a set listed in
    ``per_article`` (the seeds: few articles, each its own outlet) one article at a time (leave one
    article out); any other set by a model trained on the whole pool. No cell is ever predicted by a
    model that saw it."""
    s = s or load_settings()
    feats = [features(t, g) for t, g in zip(cells["text"], cells["target"], strict=True)]
    group = [
        f"{f}:{d}" if f in per_article else f
        for f, d in zip(cells["fixture_set"], cells["doc_id"], strict=True)
    ]
    group = pd.Series(group, index=cells.index)
    out = cells.drop(columns=["text"]).copy()
    out["predicted"] = 0
    out["evaluation"] = ""
    pool = cells["fixture_set"].isin(development).to_numpy()
    for name in sorted(set(group)):
        here = (group == name).to_numpy()
        train = pool & ~here
        if not train.any():
            continue
        model = fit([feats[k] for k in np.flatnonzero(train)], list(cells["gold"][train]), s)
        out.loc[here, "predicted"] = predict(model, [feats[k] for k in np.flatnonzero(here)])
        in_pool = bool(pool[here].all())
        out.loc[here, "evaluation"] = (
            ("leave one article out" if name not in set(cells["fixture_set"]) else "leave one set out")
            if in_pool
            else "trained on the whole pool"
        )
    return out[CELL_COLUMNS]


def agreement(cells: pd.DataFrame) -> dict[str, float | int]:
    """Sign agreement over all cells and over the coder's non-neutral cells, beside always neutral (cells
    no model could be trained for, with an empty ``evaluation``, are left out)."""
    cells = cells[cells["evaluation"] != ""]
    nn = cells["gold"] != 0
    return {
        "cells": len(cells),
        "agreement": float((cells["predicted"] == cells["gold"]).mean()) if len(cells) else float("nan"),
        "always_neutral": float((cells["gold"] == 0).mean()) if len(cells) else float("nan"),
        "non_neutral_cells": int(nn.sum()),
        "non_neutral_agreement": float((cells["predicted"][nn] == cells["gold"][nn]).mean())
        if nn.any()
        else float("nan"),
    }


def load_cells() -> pd.DataFrame:
    """The committed cells (``data/processed/stance_supervised_cells.csv``): like the held-out scores they
    describe the method, so every corpus's notebooks show them."""
    return pd.read_csv(
        data_dir() / "processed" / "stance_supervised_cells.csv",
        dtype={"doc_id": str, "fixture_set": str},
        keep_default_na=False,
    )
