"""The ``frames_pfc`` stage: every body sentence's Policy Frames Codebook codes from the linear models.

Wires the layers: sentences and spaCy docs (corpus), features and the model (extract), the model's
training on the blind seed coding (validate). The models are trained once per process; a coded seed
sentence also gets the prediction of each model trained without its article (``model_loao``,
``other_model_loao``). ``model`` is the design kept (``data/codebooks/pfc_model.yaml``), ``other_model``
the one compared with it.
"""

from __future__ import annotations

import pandas as pd

from minusma_lib.core.paths import is_study_corpus
from minusma_lib.corpus.annotate import AnnotatedCorpus, sent_id, sentence_spans
from minusma_lib.corpus.cleaning import BODY_KINDS
from minusma_lib.validate.frames_pfc import (
    domain_frames_on,
    features_of,
    pfc_labels,
    predictions_for,
    training_set,
)

PFC_COLUMNS = ["doc_id", "sent_id", "start", "end", "method", "pfc_code", "pfc_label", "role", "probability"]


def _rows(sents: pd.DataFrame, preds, method: str, labels: dict[str, str]) -> list[dict]:
    rows = []
    for s, p in zip(sents.itertuples(), preds, strict=True):
        for role, code in [("primary", p.primary)] + [("secondary", c) for c in p.secondary]:
            rows.append(
                {
                    "doc_id": s.doc_id,
                    "sent_id": s.sent_id,
                    "start": s.start,
                    "end": s.end,
                    "method": method,
                    "pfc_code": int(code),
                    "pfc_label": labels[code],
                    "role": role,
                    "probability": round(p.probabilities[code], 2),
                }
            )
    return rows


def frames_pfc_table(ac: AnnotatedCorpus, base: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``frames_pfc.csv``: the kept design's codes for every body sentence (``model``), the other linear
    design's (``other_model``: with domain-frame features if the kept one has none, or without), and
    leave-one-article-out codes of both for the sentences they were trained on, document by document."""
    sentences = base["sentences"]
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)].set_index("sent_id", drop=False)
    # Leave-one-article-out rows only where this corpus is the study the model was trained on.
    trained_on = set(training_set()[0]) if is_study_corpus() else set()
    labels = pfc_labels()
    kept = domain_frames_on()
    rows: list[dict] = []
    for ad in ac:
        spans = {sent_id(ad.doc_id, i): sp for i, sp in enumerate(sentence_spans(ad))}
        ids = [s for s in spans if s in body.index]
        sents = body.loc[ids]
        loao = [i for i, s in enumerate(ids) if s in trained_on]
        for method, domain in (("model", kept), ("other_model", not kept)):
            feats = features_of(ad.doc, [spans[s] for s in ids], domain_frames=domain)
            rows += _rows(sents, predictions_for(feats, domain_frames=domain), method, labels)
            if loao:
                held_out = features_of(ad.doc, [spans[ids[i]] for i in loao], ad.doc_id, domain)
                preds = predictions_for(held_out, without_doc=ad.doc_id, domain_frames=domain)
                rows += _rows(sents.iloc[loao], preds, f"{method}_loao", labels)
    return {"frames_pfc": pd.DataFrame(rows, columns=PFC_COLUMNS)}
