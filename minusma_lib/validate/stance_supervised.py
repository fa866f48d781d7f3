"""Scores of the supervised author-stance design (:mod:`judge.stance_model`) on cells it never saw (issue 12).

The pool of hand coding is the fixture development sets and the seeds. A development set is scored
leave one set out, a seed leave one article out, and the untouched and held-out sets by a model trained
on the whole pool; in-sample rows are added apart. Notebook 04 compares it with the rule designs
(``report.stance_signs.choice_prose``); it is the kept design, and the study's article signs
(``stance_article_signs.csv``) come from it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minusma_lib.core.errors import ManualCodingError
from minusma_lib.core.paths import data_dir
from minusma_lib.judge.stance_model import (
    SIGNS,
    Model,
    Settings,
    article_texts,
    cell_texts,
    features,
    fit,
    load_settings,
    polarity_for,
    probabilities,
)
from minusma_lib.validate.heldout import development_sets

__all__ = [
    "Settings",
    "CALIBRATION_BINS",
    "IN_SAMPLE",
    "agreement",
    "calibration",
    "coded_cells",
    "evaluate",
    "features",
    "fit",
    "load_cells",
    "load_settings",
    "in_sample",
    "pool_model",
    "pool_sets",
]

CELL_COLUMNS = [
    "fixture_set",
    "doc_id",
    "target",
    "gold",
    "n_sentences",
    "predicted",
    "p_predicted",
    "evaluation",
]


def coded_cells(
    statements: pd.DataFrame, sentences: pd.DataFrame, gold: pd.DataFrame, fixture_set: str
) -> pd.DataFrame:
    """One row per hand-coded cell of a fixture set (``author_stance_intended.csv``; "absent" cells
    are the target's absence, not a sign, and are left out): its gold sign and its author sentences.
    A coded cell whose target the extractor never found keeps an empty text (it is not dropped)."""
    texts = cell_texts(statements, sentences)
    articles = article_texts(sentences)
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
                "article": articles.get(r.doc_id, ""),
            }
        )
    return pd.DataFrame(
        rows, columns=["fixture_set", "doc_id", "target", "gold", "n_sentences", "text", "article"]
    )


def cell_features(cells: pd.DataFrame, s: Settings) -> list[frozenset[str]]:
    """The model's features of each cell (its author sentences, and its article's words when the
    settings use them)."""
    polarity = polarity_for(s)
    articles = cells["article"] if s.article_words else [""] * len(cells)
    return [
        features(t, g, polarity, a) for t, g, a in zip(cells["text"], cells["target"], articles, strict=True)
    ]


def pool_sets() -> set[str]:
    """The sets whose hand coding trains the kept stance model: the fixture development sets and the seeds."""
    return development_sets() | {"seeds"}


def pool_model(cells: pd.DataFrame, development: set[str], s: Settings | None = None) -> Model:
    """The model trained on every cell of the ``development`` sets among ``cells``."""
    train = cells[cells["fixture_set"].isin(development)]
    s = s or load_settings()
    return fit(cell_features(train, s), list(train["gold"]), s)


IN_SAMPLE = ", in-sample"  # suffix of a set's rows predicted by the model trained on them


def in_sample(
    cells: pd.DataFrame, development: set[str], model: Model, s: Settings | None = None
) -> pd.DataFrame:
    """The pool's cells predicted by ``model``, trained on the whole pool, themselves included: the
    in-sample figure shown beside the held-out ones (its set named "<set>, in-sample")."""
    pool = cells[cells["fixture_set"].isin(development)]
    p = probabilities(model, cell_features(pool, s or load_settings()))
    out = pool.drop(columns=["text", "article"]).copy()
    out["fixture_set"] = out["fixture_set"] + IN_SAMPLE
    out["predicted"] = [SIGNS[k] for k in p.argmax(axis=1)] if len(out) else []
    out["p_predicted"] = p.max(axis=1).round(4) if len(out) else []
    out["evaluation"] = "in-sample (trained on the whole pool, these cells included)"
    return out[CELL_COLUMNS]


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
    feats = cell_features(cells, s)
    group = [
        f"{f}:{d}" if f in per_article else f
        for f, d in zip(cells["fixture_set"], cells["doc_id"], strict=True)
    ]
    group = pd.Series(group, index=cells.index)
    out = cells.drop(columns=["text", "article"]).copy()
    out["predicted"] = 0
    out["p_predicted"] = 0.0
    out["evaluation"] = ""
    pool = cells["fixture_set"].isin(development).to_numpy()
    for name in sorted(set(group)):
        here = (group == name).to_numpy()
        train = pool & ~here
        if not train.any():
            continue
        model = fit([feats[k] for k in np.flatnonzero(train)], list(cells["gold"][train]), s)
        p = probabilities(model, [feats[k] for k in np.flatnonzero(here)])
        out.loc[here, "predicted"] = [SIGNS[k] for k in p.argmax(axis=1)]
        out.loc[here, "p_predicted"] = p.max(axis=1).round(4)
        in_pool = bool(pool[here].all())
        out.loc[here, "evaluation"] = (
            ("leave one article out" if name not in set(cells["fixture_set"]) else "leave one set out")
            if in_pool
            else "trained on the whole pool"
        )
    return out[CELL_COLUMNS]


def held_out(cells: pd.DataFrame) -> pd.DataFrame:
    """The cells predicted by a model that never read them: no in-sample row, and none no model could
    be trained for (empty ``evaluation``)."""
    return cells[(cells["evaluation"] != "") & ~cells["fixture_set"].str.endswith(IN_SAMPLE)]


def agreement(cells: pd.DataFrame) -> dict[str, float | int]:
    """Sign agreement over all cells and over the coder's non-neutral cells, beside always neutral, over
    the :func:`held_out` cells given (a group of in-sample rows is scored as it is)."""
    only_in_sample = len(cells) and cells["fixture_set"].str.endswith(IN_SAMPLE).all()
    cells = cells[cells["evaluation"] != ""] if only_in_sample else held_out(cells)
    nn = cells["gold"] != 0
    right = cells["predicted"] == cells["gold"]
    return {
        "cells": len(cells),
        "right": int(right.sum()),
        "non_neutral_right": int(right[nn].sum()),
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


CALIBRATION_BINS = (0.0, 0.6, 0.7, 0.8, 0.9, 1.0)


def calibration(cells: pd.DataFrame, bins: tuple[float, ...] = CALIBRATION_BINS) -> pd.DataFrame:
    """How often the predicted sign is right, by the probability the model gave it, over the
    :func:`held_out` cells (a bin holds probabilities above its lower bound up to its upper one)."""
    cells = held_out(cells)
    rows = []
    for lo, hi in zip(bins, bins[1:], strict=False):
        last = hi == bins[-1]
        g = cells[(cells["p_predicted"] > lo) & ((cells["p_predicted"] <= hi) if not last else True)]
        right = int((g["predicted"] == g["gold"]).sum())
        rows.append(
            {
                "probability of the sign": f"{lo:.1f} to {hi:.1f}",
                "cells": len(g),
                "right": right,
                "share right": round(right / len(g), 2) if len(g) else float("nan"),
            }
        )
    return pd.DataFrame(rows)
