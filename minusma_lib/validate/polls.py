"""Cited poll figures against their hand coding (``data/annotations/polls_manual.csv``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from minusma_lib.core.paths import annotations_dir

ATTRIBUTES = ("value", "direction", "scope", "period", "pollster")


def manual_path() -> Path:
    return annotations_dir() / "polls_manual.csv"


def poll_scores(found: pd.DataFrame, manual: pd.DataFrame) -> dict[str, int]:
    """How many hand-coded poll figures were found (overlapping span, same text), and how many of those
    with every attribute (value, direction, scope, period, pollster) as coded; figures of texts without
    coding are left out."""
    found = found[found["doc_id"].isin(set(manual["doc_id"]))]
    hits = right = 0
    for m in manual.itertuples():
        same = found[(found["doc_id"] == m.doc_id) & (found["start"] < m.end) & (found["end"] > m.start)]
        if len(same) != 1:
            continue
        hits += 1
        h = same.iloc[0]
        same_value = float(h["value"]) == float(m.value)
        right += same_value and all(str(h[a]) == str(getattr(m, a)) for a in ATTRIBUTES[1:])
    return {"n_manual": len(manual), "n_found": len(found), "found": hits, "attributes_right": right}


def load_manual(path: Path | None = None) -> pd.DataFrame:
    """The poll figures' hand coding; empty (no rows) for a corpus that has none: uncoded texts are not
    validated, never an error."""
    path = path or manual_path()
    if not path.is_file():
        return pd.DataFrame(columns=["doc_id", "start", "end", "text", *ATTRIBUTES])
    return pd.read_csv(path, dtype={"period": str}, keep_default_na=False)
