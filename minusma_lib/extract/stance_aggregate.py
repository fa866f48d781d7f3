"""Per document × target × voice: counts, net tone and a bootstrap interval, each cell with its own
seeded stream; and the sign rule that reads a net tone as -1, 0 or +1.

The unit is the sentence, not the mention row: one sentence counts once for one target and voice
(and speaker), whatever the number of mentions in it, and a sentence repeating an earlier one of the
same text word for word (``repeat_of``) is not counted again. A cell with fewer than ``MIN_SIGNAL``
evaluated sentences has *no signal*: the charts and prose say so instead of printing a measured 0."""

from __future__ import annotations

import numpy as np
import pandas as pd

from minusma_lib.core.rng import keyed_rng
from minusma_lib.extract import speech_lexicon as lexicon
from minusma_lib.extract.stance_lexicon import TARGETS, VOICES

SMALL_N = 5  # cells with fewer sentences than this are greyed out in charts
MIN_SIGNAL = 2  # cells with fewer evaluated (non-zero) sentences than this have no signal


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
    "n_signal",
    "no_signal",
]


def sign_of(x: float, band: float = DEAD_BAND) -> int:
    """The sign rule for a net tone: within ±band it is 0 (neutral)."""
    return 0 if abs(x) < band else int(np.sign(x))


def bootstrap_mean(scores: np.ndarray, clusters: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    """95% interval of the mean, resampling clusters (sentences)."""
    ids, inverse = np.unique(clusters, return_inverse=True)
    sums = np.bincount(inverse, weights=scores, minlength=len(ids))
    counts = np.bincount(inverse, minlength=len(ids))
    draws = rng.integers(0, len(ids), size=(N_BOOT, len(ids)))
    means = sums[draws].sum(axis=1) / counts[draws].sum(axis=1)
    return float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def sentence_units(g: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence (and speaker) of a cell: repeated sentences and further mentions dropped."""
    repeat = g["repeat_of"].fillna("").astype(str) if "repeat_of" in g else pd.Series("", index=g.index)
    units = g[repeat == ""]
    speaker = units["speaker"].fillna("").astype(str) if "speaker" in units else ""
    return units.assign(_unit=units["sent_id"].astype(str) + "|" + speaker).drop_duplicates("_unit")


def _cell(g: pd.DataFrame, rng: np.random.Generator) -> dict:
    units = sentence_units(g)
    return _cell_stats(len(g), units["score"].to_numpy(dtype=float), units["_unit"].to_numpy(), rng)


def _cell_stats(n: int, scores: np.ndarray, units: np.ndarray, rng: np.random.Generator) -> dict:
    """A cell's counts, net tone and interval from its ``n`` rows' sentence units (score, unit key)."""
    low, high = bootstrap_mean(scores, units, rng)
    n_signal = int((scores != 0).sum())
    return {
        "n": n,
        "n_sentences": len(scores),
        "n_neg": int((scores < 0).sum()),
        "n_zero": int((scores == 0).sum()),
        "n_pos": int((scores > 0).sum()),
        "net_tone": round(float(scores.mean()), 4),
        "ci_low": round(low, 4),
        "ci_high": round(high, 4),
        "small": len(scores) < SMALL_N,
        "n_signal": n_signal,
        "no_signal": n_signal < MIN_SIGNAL,
    }


def _text_column(stmts: pd.DataFrame, name: str) -> list[str]:
    if name not in stmts:
        return [""] * len(stmts)
    return stmts[name].fillna("").astype(str).tolist()


class _Rows:
    """The statement columns a cell needs, as lists: :func:`sentence_units` on row indices without
    a DataFrame per cell (the same units, in the same order)."""

    def __init__(self, stmts: pd.DataFrame):
        self.unit = [
            f"{s}|{sp}"
            for s, sp in zip(stmts["sent_id"].astype(str), _text_column(stmts, "speaker"), strict=True)
        ]
        self.repeat = _text_column(stmts, "repeat_of")
        self.score = stmts["score"].tolist()
        self.category = stmts["speaker_category"].tolist()

    def cell(self, rows: list[int], rng: np.random.Generator) -> dict:
        seen: dict[str, int] = {}
        for i in rows:
            if not self.repeat[i] and self.unit[i] not in seen:
                seen[self.unit[i]] = i
        scores = np.array([self.score[i] for i in seen.values()], dtype=float)
        return _cell_stats(len(rows), scores, np.array(list(seen), dtype=object), rng)


def aggregate(stmts: pd.DataFrame, order: dict[str, int] | None = None) -> pd.DataFrame:
    """Per doc × target × voice (reported also per speaker category): counts, net tone, bootstrap CI."""
    rows = []
    order = order or {d: i for i, d in enumerate(dict.fromkeys(stmts["doc_id"]))}
    groups: dict[tuple, list[int]] = {}  # rows in file order
    for i, key in enumerate(zip(stmts["doc_id"], stmts["target"], stmts["voice"], strict=True)):
        groups.setdefault(key, []).append(i)
    keys = sorted(groups, key=lambda k: (order.get(k[0], 99), TARGETS.index(k[1]), VOICES.index(k[2])))
    table = _Rows(stmts)
    for d, t, v in keys:
        g = groups[(d, t, v)]
        rng = keyed_rng(SEED, d, t, v)  # one stream per cell: chunking and other documents never shift it
        rows.append({"doc_id": d, "target": t, "voice": v, "speaker_category": "all", **table.cell(g, rng)})
        if v == "reported":
            for cat in lexicon.CATEGORIES:
                gc = [i for i in g if table.category[i] == cat]
                if gc:
                    rows.append(
                        {
                            "doc_id": d,
                            "target": t,
                            "voice": v,
                            "speaker_category": cat,
                            **table.cell(gc, keyed_rng(SEED, d, t, v, cat)),
                        }
                    )
    return pd.DataFrame(rows, columns=AGGREGATE_COLUMNS)


def margin_sign(n_pos: int, n_neg: int, margin: int) -> int:
    """A cell leans one way when its signed sentences differ by at least ``margin`` sentences."""
    d = n_pos - n_neg
    return 0 if abs(d) < margin else (1 if d > 0 else -1)


def author_signs(
    stmts: pd.DataFrame, design: str, band: float = DEAD_BAND, margin: int | None = None
) -> pd.DataFrame:
    """Author-voice (and prompt) sign per document × target, sentences as units: the cells that the
    designs are compared on (``stance_design_cells.csv``). The sign is that of the mean within
    ±``band``, or with ``margin`` the lean of the signed sentences (:func:`margin_sign`)."""
    a = stmts[stmts["voice"].isin(["author", "prompt"])]
    n_rows = len(a)
    repeat = a["repeat_of"].fillna("").astype(str) if "repeat_of" in a else [""] * n_rows
    speaker = a["speaker"].fillna("").astype(str) if "speaker" in a else [""] * n_rows
    # sentence_units() for every cell in one pass over the rows: each sentence (and speaker) once
    order: list[tuple[str, str]] = []
    by_cell: dict[tuple[str, str], list[int]] = {}  # n, n_pos, n_neg, sum of scores
    seen: set[tuple] = set()
    for d, t, sid, sp, rep, sc in zip(
        a["doc_id"], a["target"], a["sent_id"], speaker, repeat, a["score"], strict=True
    ):
        if (d, t) not in by_cell:
            order.append((d, t))
            by_cell[(d, t)] = [0, 0, 0, 0]
        if rep or (d, t, sid, sp) in seen:
            continue
        seen.add((d, t, sid, sp))
        c, sc = by_cell[(d, t)], int(sc)
        c[0] += 1
        c[1] += sc > 0
        c[2] += sc < 0
        c[3] += sc
    rows = []
    for d, t in order:
        n, pos, neg, total = by_cell[(d, t)]
        if not n:
            continue
        net = total / n
        rows.append(
            {
                "doc_id": d,
                "target": t,
                "design": design,
                "n_sentences": n,
                "n_signal": pos + neg,
                "net_tone": round(net, 4),
                "sign": sign_of(net, band) if margin is None else margin_sign(pos, neg, margin),
            }
        )
    return pd.DataFrame(rows, columns=DESIGN_CELL_COLUMNS)


DESIGN_CELL_COLUMNS = ["doc_id", "target", "design", "n_sentences", "n_signal", "net_tone", "sign"]
