"""Do the texts differ in their frames more than chance? A permutation test of the text x frame table."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from minusma_lib.core.labels import outlet_labels
from minusma_lib.extract.frame_rules import NONE, Codebook
from minusma_lib.extract.frames_aggregate import SEED, coded_documents, presence, primaries

N_PERM = 10000


def _chi2(table: np.ndarray) -> float:
    table = table[:, table.sum(axis=0) > 0]
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    return float(((table - expected) ** 2 / expected).sum())


def permutation_test(
    frames: pd.DataFrame,
    codebook: Codebook,
    method: str = "manual",
    unit: str = "primary",
    docs: Sequence[str] | None = None,
    n_perm: int = N_PERM,
    seed: int = SEED,
) -> dict:
    """Do outlets differ more than chance? Chi-square of the outlet × frame table, with its null
    distribution from permuting outlet labels over sentences (seeded). ``unit='primary'`` counts each
    sentence's primary frame (``none`` included); ``unit='labels'`` counts every label of each sentence."""
    f = frames[frames["method"] == method]
    if docs is not None:
        f = f[f["doc_id"].isin(docs)]
    sids = list(dict.fromkeys(f["sent_id"]))
    doc_of = f.drop_duplicates("sent_id").set_index("sent_id")["doc_id"].reindex(sids)
    outlets = list(dict.fromkeys(doc_of))
    g = doc_of.map({d: i for i, d in enumerate(outlets)}).to_numpy()
    if unit == "primary":
        cats = [*codebook.frame_ids, NONE]
        p = primaries(frames, method).reindex(sids).map({c: i for i, c in enumerate(cats)}).to_numpy()
        m = np.zeros((len(sids), len(cats)))
        m[np.arange(len(sids)), p] = 1
    else:
        m = presence(frames, method, codebook.frame_ids, sids).astype(float)
    onehot = np.eye(len(outlets))[g]
    observed = _chi2(onehot.T @ m)
    rng = np.random.default_rng(seed)
    null = np.array([_chi2(onehot[rng.permutation(len(g))].T @ m) for _ in range(n_perm)])
    n_extreme = int((null >= observed - 1e-9).sum())
    p_value = (1 + n_extreme) / (n_perm + 1)
    k = min(len(outlets), int((m.sum(axis=0) > 0).sum()))
    cramers_v = float(np.sqrt(observed / (m.sum() * (k - 1)))) if k > 1 else float("nan")
    return {
        "method": method,
        "unit": unit,
        "outlets": outlets,
        "sentences": len(sids),
        "chi2": observed,
        "p_value": p_value,
        "n_perm": n_perm,
        "at_floor": n_extreme == 0,  # p is 1/(n_perm+1), the smallest value n_perm permutations can give
        "cramers_v": cramers_v,
    }


def _comparison_scopes(documents: pd.DataFrame, frames: pd.DataFrame) -> list[tuple[str, str, list[str]]]:
    """(key, description, doc_ids) of the texts compared: all hand-coded texts, without the chatbot
    transcripts, original-language human-written texts only; scopes with fewer than two texts, or the
    same texts as an earlier scope, are left out."""
    docs = coded_documents(documents, frames)
    ai = docs.loc[docs["genre"] == "ai_chatbot_transcript", "doc_id"].tolist()
    orig = docs.loc[(docs["translation"] == "none") & ~docs["doc_id"].isin(ai), "doc_id"].tolist()
    scopes = [
        ("all", "all texts", docs["doc_id"].tolist()),
        (
            "no_ai",
            f"without the AI chatbot {'transcript' if len(ai) == 1 else 'transcripts'}",
            [d for d in docs["doc_id"] if d not in ai],
        ),
        ("original", "original-language news and analysis only (no translation, no AI)", orig),
    ]
    out: list[tuple[str, str, list[str]]] = []
    for key, desc, ids in scopes:
        if len(ids) >= 2 and all(ids != o[2] for o in out):
            out.append((key, desc, ids))
    return out


def comparison_results(frames: pd.DataFrame, codebook: Codebook, documents: pd.DataFrame) -> list[dict]:
    rows = []
    for key, desc, docs in _comparison_scopes(documents, frames):
        for method in ("manual", "lexicon"):
            for unit in ("primary", "labels"):
                t = permutation_test(frames, codebook, method, unit, docs)
                rows.append({"scope": key, "texts": desc, "docs": docs, **t})
    return rows


def comparison_tests(frames: pd.DataFrame, codebook: Codebook, documents: pd.DataFrame) -> pd.DataFrame:
    """The permutation test for all hand-coded texts, without the chatbot transcript, and English
    originals only; the tagger is tested on the same texts as the manual coding."""
    labels = outlet_labels(documents)
    rows = [
        {
            "texts": t["texts"],
            "outlets": ", ".join(labels[d] for d in t["outlets"]),
            "coding": "manual" if t["method"] == "manual" else "lexicon tagger",
            "unit": "primary frame" if t["unit"] == "primary" else "all labels",
            "sentences": t["sentences"],
            "chi-square": round(t["chi2"], 1),
            "permutation p": round(t["p_value"], 4),
            "Cramér's V": round(t["cramers_v"], 2),
        }
        for t in comparison_results(frames, codebook, documents)
    ]
    cols = ["texts", "outlets", "coding", "unit", "sentences", "chi-square", "permutation p", "Cramér's V"]
    return pd.DataFrame(rows, columns=cols)
