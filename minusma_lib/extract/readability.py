"""Readability of cleaned body text, with bootstrap intervals over sentences.

Flesch-Kincaid grade, Flesch reading ease and Gunning Fog are sums over sentences of textstat's
own word, syllable and difficult-word counts, so resampling sentences gives an interval cheaply.
Sentence boundaries are spaCy's (``sentences.csv``), not textstat's regex.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import textstat

from minusma_lib.core.rng import keyed_rng
from minusma_lib.corpus.cleaning import BODY_KINDS

N_BOOT = 2000
SEED = 20230630
CI = 0.95
SMOG_MIN_SENTENCES = 30
INDICES = ("fkgl", "fre", "fog")


def sentence_counts(sentences: pd.DataFrame) -> pd.DataFrame:
    """Per body sentence: words, syllables and difficult words (textstat definitions)."""
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)].copy()
    texts = body["text_clean"].tolist()
    body["words"] = [textstat.lexicon_count(t) for t in texts]
    body["syllables"] = [textstat.syllable_count(t) for t in texts]
    body["difficult"] = [textstat.difficult_words(t, syllable_threshold=3, unique=False) for t in texts]
    return body[["doc_id", "sent_id", "words", "syllables", "difficult"]]


def _indices(s: np.ndarray, w: np.ndarray, syl: np.ndarray, d: np.ndarray) -> dict[str, np.ndarray]:
    wps = w / s
    spw = syl / w
    return {
        "fkgl": 0.39 * wps + 11.8 * spw - 15.59,
        "fre": 206.835 - 1.015 * wps - 84.6 * spw,
        "fog": 0.4 * (wps + 100 * d / w),
    }


def readability_table(sentences: pd.DataFrame, n_boot: int = N_BOOT, seed: int = SEED) -> pd.DataFrame:
    """One row per document: point estimates, percentile bootstrap intervals and a cross-check."""
    counts = sentence_counts(sentences)
    alpha = (1 - CI) / 2
    rows = []
    for doc_id, g in counts.groupby("doc_id", sort=False):
        w, syl, d = (g[c].to_numpy(dtype=float) for c in ("words", "syllables", "difficult"))
        n = len(g)
        point = _indices(np.array(n, float), w.sum(), syl.sum(), d.sum())
        idx = keyed_rng(seed, str(doc_id)).integers(0, n, size=(n_boot, n))
        boot = _indices(np.full(n_boot, float(n)), w[idx].sum(1), syl[idx].sum(1), d[idx].sum(1))
        body_text = " ".join(sentences.loc[sentences["sent_id"].isin(g["sent_id"]), "text_clean"])
        row = {"doc_id": doc_id, "n_sentences": n, "n_words": int(w.sum())}
        for k in INDICES:
            row[k] = round(float(point[k]), 2)
            row[f"{k}_low"] = round(float(np.quantile(boot[k], alpha)), 2)
            row[f"{k}_high"] = round(float(np.quantile(boot[k], 1 - alpha)), 2)
        row["smog"] = round(textstat.smog_index(body_text), 2) if n >= SMOG_MIN_SENTENCES else float("nan")
        row["fkgl_textstat"] = round(textstat.flesch_kincaid_grade(body_text), 2)
        rows.append(row)
    return pd.DataFrame(rows)
