"""Reading and writing the processed tables (CSV): one format everywhere."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from minusma_lib.core.paths import processed_dir


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Deterministic CSV: UTF-8, LF line ends, no index."""
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def load(name: str, root: Path | None = None) -> pd.DataFrame:
    """Read one processed table, keeping ids as strings; empty cells come back as NaN."""
    path = (root or processed_dir()) / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `make data` to build data/processed/.")
    return pd.read_csv(path, dtype={"doc_id": str, "sent_id": str}, keep_default_na=False, na_values=[""])
