"""Domain frames per text: shares of body sentences with bootstrap intervals, primary frames, which texts
a method has coded.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from minusma_lib.core.rng import keyed_rng
from minusma_lib.extract.frame_rules import NONE, Codebook

SEED = 20230630  # the day Resolution 2690 was adopted

N_BOOT = 2000

SUMMARY_COLUMNS = [
    "doc_id",
    "outlet_short",
    "genre",
    "translation",
    "translated_from",
    "method",
    "frame",
    "pfc_code",
    "n_body_sentences",
    "n_sentences",
    "share",
    "share_low",
    "share_high",
    "n_primary",
    "share_primary",
    "outlet_primary",
]


def coded_doc_ids(frames: pd.DataFrame, method: str = "manual") -> list[str]:
    """Documents with rows of ``method`` in frames.csv, in table order (for ``manual``: the hand-coded ones)."""
    return list(dict.fromkeys(frames.loc[frames["method"] == method, "doc_id"]))


def not_coded(frames: pd.DataFrame, documents: pd.DataFrame) -> list[str]:
    """Documents whose body sentences the tagger tagged but that have no manual coding, in manifest order."""
    coded, tagged = set(coded_doc_ids(frames)), set(coded_doc_ids(frames, "lexicon"))
    return [d for d in documents["doc_id"] if d in tagged and d not in coded]


def coded_documents(documents: pd.DataFrame, frames: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``documents`` that are hand-coded (for charts and tables of the manual coding)."""
    return documents[documents["doc_id"].isin(coded_doc_ids(frames))].reset_index(drop=True)


def presence(
    frames: pd.DataFrame, method: str, frame_ids: Sequence[str], sent_ids: Sequence[str]
) -> np.ndarray:
    """Boolean matrix sentences × frames: does ``method`` give the sentence that frame?"""
    f = frames[(frames["method"] == method) & (frames["frame"] != NONE)]
    pos = {s: i for i, s in enumerate(sent_ids)}
    col = {fr: j for j, fr in enumerate(frame_ids)}
    m = np.zeros((len(sent_ids), len(frame_ids)), dtype=bool)
    for s, fr in zip(f["sent_id"], f["frame"], strict=True):
        if s in pos and fr in col:
            m[pos[s], col[fr]] = True
    return m


def primaries(frames: pd.DataFrame, method: str) -> pd.Series:
    """Primary frame (or ``none``) per sentence, indexed by sent_id in table order."""
    p = frames[(frames["method"] == method) & (frames["role"] == "primary")]
    return p.set_index("sent_id")["frame"]


def _bootstrap(m: np.ndarray, rng: np.random.Generator, n_boot: int) -> tuple[np.ndarray, np.ndarray]:
    n = len(m)
    idx = rng.integers(0, n, size=(n_boot, n))
    shares = m[idx].mean(axis=1)  # n_boot × frames
    return np.percentile(shares, 2.5, axis=0), np.percentile(shares, 97.5, axis=0)


def _top_primary(counts: pd.Series, frame_ids: Sequence[str]) -> str:
    """Most frequent primary frame other than ``none`` (``none`` only if nothing else); ties by codebook order."""
    real = [(-int(counts.get(f, 0)), i, f) for i, f in enumerate(frame_ids) if f != NONE and counts.get(f, 0)]
    return min(real)[2] if real else NONE


def outlet_summary(
    frames: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook, n_boot: int = N_BOOT, seed: int = SEED
) -> pd.DataFrame:
    """Per outlet, method and frame: share of body sentences with the frame (95% bootstrap interval over
    sentences, seeded) and share as primary frame; ``outlet_primary`` marks each outlet's top primary.
    A text without manual coding gets empty (NA) manual counts and shares, never ``none``."""
    frame_ids = [*codebook.frame_ids, NONE]
    rows = []
    prim = {method: primaries(frames, method) for method in ("manual", "lexicon")}
    coded_by = {method: set(coded_doc_ids(frames, method)) for method in ("manual", "lexicon")}
    # Document-major order and one random stream per document and method: a table built in chunks
    # of documents is the same table.
    for d in documents.itertuples():
        for method in ("manual", "lexicon"):
            coded = coded_by[method]
            sids = list(dict.fromkeys(frames.loc[frames["doc_id"] == d.doc_id, "sent_id"]))
            base = {
                "doc_id": d.doc_id,
                "outlet_short": d.outlet_short,
                "genre": d.genre,
                "translation": d.translation,
                "translated_from": d.translated_from,
                "method": method,
                "n_body_sentences": len(sids),
            }
            if d.doc_id not in coded:
                for f in frame_ids:
                    rows.append(
                        {**base, "frame": f, "pfc_code": codebook.pfc_code(f), "outlet_primary": False}
                    )
                continue
            m = presence(frames, method, codebook.frame_ids, sids)
            m = np.column_stack([m, ~m.any(axis=1)])
            low, high = _bootstrap(m, keyed_rng(seed, method, d.doc_id), n_boot)
            counts = prim[method].reindex(sids).value_counts()
            top = _top_primary(counts, frame_ids)
            for j, f in enumerate(frame_ids):
                rows.append(
                    {
                        **base,
                        "frame": f,
                        "pfc_code": codebook.pfc_code(f),
                        "n_sentences": int(m[:, j].sum()),
                        "share": round(float(m[:, j].mean()), 4),
                        "share_low": round(float(low[j]), 4),
                        "share_high": round(float(high[j]), 4),
                        "n_primary": int(counts.get(f, 0)),
                        "share_primary": round(float(counts.get(f, 0) / len(sids)), 4),
                        "outlet_primary": f == top,
                    }
                )
    df = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    for c in ("pfc_code", "n_sentences", "n_primary"):
        df[c] = df[c].astype("Int64")
    for c in ("share", "share_low", "share_high", "share_primary"):
        df[c] = df[c].astype(float)
    df["outlet_primary"] = df["outlet_primary"].astype(bool)
    return df
