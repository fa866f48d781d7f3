"""Notebook 04's list of every quote: who speaks, how the speaker was found, and where it is."""

from __future__ import annotations

import pandas as pd

from minusma_lib.core.labels import outlet_labels
from minusma_lib.core.tables import text_cells
from minusma_lib.extract.speakers import SPEAKER_RULES
from minusma_lib.extract.speech_lexicon import CATEGORY_LABELS


def quote_list(quotes: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Every attribution (scare quotes left out) in text order: outlet, speaker, category, the rule
    that found the quote and the one that found its speaker (``speaker_rule``), the reported words,
    and their raw-file offsets (on the site each row opens the text at its span)."""
    q = text_cells(quotes)
    q = q[q["kind"] != "scare"]
    labels = outlet_labels(documents)
    return pd.DataFrame(
        {
            "outlet": q["doc_id"].map(labels),
            "speaker": q["speaker"],
            "category": q["speaker_category"].map(CATEGORY_LABELS).fillna(q["speaker_category"]),
            "speaker found by": q["speaker_rule"].map(
                lambda r: r.replace("_", " ") if r in SPEAKER_RULES else "—"
            ),
            "quote found by": q["rule"].str.replace("_", " "),
            "words": q["text"],
            "start": q["start"].astype(int),
            "end": q["end"].astype(int),
        }
    ).reset_index(drop=True)


def speaker_rules_prose() -> str:
    """What each ``speaker found by`` value means (from :data:`SPEAKER_RULES`)."""
    return (
        "How a speaker is found: "
        + "; ".join(f"**{k.replace('_', ' ')}**: {v}" for k, v in SPEAKER_RULES.items())
        + "."
    )
