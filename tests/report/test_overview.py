"""Notebook 00 prose: claims follow the data (a ranking is stated only when intervals separate)."""

from __future__ import annotations

import pandas as pd

from minusma_lib.report import overview

DOCS = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet_short": ["Alpha", "Beta", "Gamma"]})


def _read(rows):
    return pd.DataFrame(rows, columns=["doc_id", "fkgl", "fkgl_low", "fkgl_high"])


def test_hardest_named_only_when_its_interval_separates():
    separated = _read([("a", 15.0, 14.0, 16.0), ("b", 12.0, 11.0, 13.0), ("c", 10.0, 9.0, 11.0)])
    assert overview.hardest_to_read(separated, DOCS) == "Hardest to read: Alpha (Flesch-Kincaid grade 15.0)."
    tied = _read([("a", 15.0, 14.0, 16.0), ("b", 14.5, 13.5, 15.5), ("c", 10.0, 9.0, 11.0)])
    text = overview.hardest_to_read(tied, DOCS)
    assert text.startswith("No text is clearly hardest") and "Alpha (15.0) and Beta (14.5)" in text
    assert "Gamma" not in text
