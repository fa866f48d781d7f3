"""Per document × target × voice: counts, net tone (mean of -1/0/+1 over mention rows) and a
bootstrap interval resampling sentences, each cell with its own seeded stream; and the sign rule
that reads a net tone as -1, 0 or +1."""

from __future__ import annotations

import numpy as np
import pandas as pd

from minusma_lib.core.rng import keyed_rng
from minusma_lib.extract import speech_lexicon as lexicon
from minusma_lib.extract.stance_lexicon import TARGETS, VOICES

SMALL_N = 5  # cells with fewer mention rows than this are greyed out in charts


# The sign rule for a net tone, the same for the cue method and the hand coding: |net tone| < DEAD_BAND
# is neutral, i.e. less than one net evaluative mention in twenty; it is VADER's neutral band for its
# compound score (VADER_THRESHOLD), so the baseline and the cue method share one rule. The sign agreement
# with the hand coding depends on it: band_sensitivity() reports it for bands from 0 to 0.10. Prose
# calls a cell *clearly* negative/positive only when its 95% interval excludes 0 (direction()).
DEAD_BAND = 0.05


N_BOOT = 2000


SEED = 20230630  # Resolution 2690's date: the bootstrap's fixed seed


AGGREGATE_COLUMNS = [
    "doc_id",
    "target",
    "voice",
    "speaker_category",
    "n",
    "n_sentences",
    "n_neg",
    "n_zero",
    "n_pos",
    "net_tone",
    "ci_low",
    "ci_high",
    "small",
]


def sign_of(x: float, band: float = DEAD_BAND) -> int:
    """The sign rule for a net tone: within ±band it is 0 (neutral)."""
    return 0 if abs(x) < band else int(np.sign(x))


def bootstrap_mean(scores: np.ndarray, clusters: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    """95% interval of the mean over mention rows, resampling sentences (rows of one sentence share a score)."""
    ids, inverse = np.unique(clusters, return_inverse=True)
    sums = np.bincount(inverse, weights=scores, minlength=len(ids))
    counts = np.bincount(inverse, minlength=len(ids))
    draws = rng.integers(0, len(ids), size=(N_BOOT, len(ids)))
    means = sums[draws].sum(axis=1) / counts[draws].sum(axis=1)
    return float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def _cell(g: pd.DataFrame, rng: np.random.Generator) -> dict:
    scores = g["score"].to_numpy(dtype=float)
    low, high = bootstrap_mean(scores, g["sent_id"].to_numpy(), rng)
    return {
        "n": len(g),
        "n_sentences": g["sent_id"].nunique(),
        "n_neg": int((scores < 0).sum()),
        "n_zero": int((scores == 0).sum()),
        "n_pos": int((scores > 0).sum()),
        "net_tone": round(float(scores.mean()), 4),
        "ci_low": round(low, 4),
        "ci_high": round(high, 4),
        "small": len(g) < SMALL_N,
    }


def aggregate(stmts: pd.DataFrame, order: dict[str, int] | None = None) -> pd.DataFrame:
    """Per doc × target × voice (reported also per speaker category): counts, net tone, bootstrap CI."""
    rows = []
    order = order or {d: i for i, d in enumerate(dict.fromkeys(stmts["doc_id"]))}
    keys = sorted(
        {(d, t, v) for d, t, v in stmts[["doc_id", "target", "voice"]].itertuples(index=False)},
        key=lambda k: (order.get(k[0], 99), TARGETS.index(k[1]), VOICES.index(k[2])),
    )
    for d, t, v in keys:
        g = stmts[(stmts["doc_id"] == d) & (stmts["target"] == t) & (stmts["voice"] == v)]
        rng = keyed_rng(SEED, d, t, v)  # one stream per cell: chunking and other documents never shift it
        rows.append({"doc_id": d, "target": t, "voice": v, "speaker_category": "all", **_cell(g, rng)})
        if v == "reported":
            for cat in lexicon.CATEGORIES:
                gc = g[g["speaker_category"] == cat]
                if len(gc):
                    rows.append(
                        {
                            "doc_id": d,
                            "target": t,
                            "voice": v,
                            "speaker_category": cat,
                            **_cell(gc, keyed_rng(SEED, d, t, v, cat)),
                        }
                    )
    return pd.DataFrame(rows, columns=AGGREGATE_COLUMNS)
