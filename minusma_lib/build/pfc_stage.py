"""The ``frames_pfc`` stage: every body sentence's Policy Frames Codebook codes from the linear model.

Wires the layers: sentences and spaCy docs (corpus), features and the model (extract), the model's
training on the blind seed coding (validate). The model is trained once per process; a coded seed
sentence also gets the prediction of the model trained without its article (``model_loao``).
"""

from __future__ import annotations

import pandas as pd

from minusma_lib.core.paths import is_study_corpus
from minusma_lib.corpus.annotate import AnnotatedCorpus, sent_id, sentence_spans
from minusma_lib.corpus.cleaning import BODY_KINDS
from minusma_lib.extract.frame_features import sentence_features
from minusma_lib.validate.frames_pfc import pfc_labels, predictions_for, training_set

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
    """``frames_pfc.csv``: the model's codes for every body sentence (and leave-one-article-out codes
    for the sentences it was trained on), document by document."""
    sentences = base["sentences"]
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)].set_index("sent_id", drop=False)
    # Leave-one-article-out rows only where this corpus is the study the model was trained on.
    trained_on = set(training_set()[0]) if is_study_corpus() else set()
    labels = pfc_labels()
    rows: list[dict] = []
    for ad in ac:
        spans = {sent_id(ad.doc_id, i): sp for i, sp in enumerate(sentence_spans(ad))}
        ids = [s for s in spans if s in body.index]
        feats = [sentence_features(spans[s]) for s in ids]
        sents = body.loc[ids]
        rows += _rows(sents, predictions_for(feats), "model", labels)
        loao = [i for i, s in enumerate(ids) if s in trained_on]
        if loao:
            preds = predictions_for([feats[i] for i in loao], without_doc=ad.doc_id)
            rows += _rows(sents.iloc[loao], preds, "model_loao", labels)
    return {"frames_pfc": pd.DataFrame(rows, columns=PFC_COLUMNS)}
