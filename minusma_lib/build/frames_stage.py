"""The ``frames`` stage: ``frames.csv`` (manual, lexicon and leave-one-article-out rows) and
``frames_by_outlet.csv``.
"""

from __future__ import annotations

import pandas as pd

from minusma_lib.corpus.annotate import AnnotatedCorpus
from minusma_lib.corpus.cleaning import BODY_KINDS
from minusma_lib.extract.frame_rules import Codebook, Lexicon, load_codebook, load_lexicon, study_rules
from minusma_lib.extract.frames import FRAME_COLUMNS, METHODS, tagger_rows
from minusma_lib.extract.frames_aggregate import outlet_summary
from minusma_lib.validate.frames import load_manual, manual_rows


def frames_table(
    ac: AnnotatedCorpus,
    sentences: pd.DataFrame,
    codebook: Codebook | None = None,
    lexicon: Lexicon | None = None,
) -> pd.DataFrame:
    """One row per body sentence, method and frame (``none`` when a method gives the sentence no frame)."""
    codebook = codebook or load_codebook()
    lexicon = lexicon or load_lexicon(codebook=codebook)
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)]
    manual = load_manual(codebook, sentences)
    rows = manual_rows(manual, body, codebook)
    rows += tagger_rows(ac, body, lexicon, codebook, "lexicon")
    rows += tagger_rows(ac, body, lexicon, codebook, "lexicon_loao")
    df = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    df["pfc_code"] = df["pfc_code"].astype("Int64")
    order = {s: i for i, s in enumerate(body["sent_id"])}
    doc_order = {d: i for i, d in enumerate(dict.fromkeys(body["doc_id"]))}
    df["_d"], df["_s"], df["_m"] = (
        df["doc_id"].map(doc_order),
        df["sent_id"].map(order),
        df["method"].map(METHODS.index),
    )
    df["_r"] = (df["role"] != "primary").astype(int)
    return (  # document-major, so a table built in chunks of documents is the same table
        df.sort_values(["_d", "_m", "_s", "_r"], kind="stable")
        .drop(columns=["_d", "_s", "_m", "_r"])
        .reset_index(drop=True)
    )


def processed_tables(ac: AnnotatedCorpus, base: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``frames.csv`` and ``frames_by_outlet.csv`` (registered in ``processed.ANALYSES``)."""
    # ``source_doc`` names the seed article that motivated a pattern (for leave-one-article-out), so it
    # is checked against the study's seeds, whatever corpus or chunk is being tagged. One lexicon object
    # per process: the PFC stage tags with the same ruler and reuses its matches.
    codebook, lexicon = study_rules()
    frames = frames_table(ac, base["sentences"], codebook, lexicon)
    return {"frames": frames, "frames_by_outlet": outlet_summary(frames, base["documents"], codebook)}
