"""Reading and writing the processed tables (CSV): one format everywhere.

Numbers are written value by value, whatever type pandas gave their column: an integral number as an
integer (``11``, never ``11.0``), any other float as Python's shortest round-trip repr (``0.0175``), a
missing value as an empty cell. So a table written in chunks (streaming, parallel workers) has the
same bytes as the table written at once, and a column's look does not depend on whether some other
row is empty.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TextIO

import pandas as pd

from minusma_lib.core.paths import processed_dir

# Integral floats at or above this magnitude keep float notation (no spurious digits).
_MAX_EXACT_INT = 2**53


def format_number(v: object) -> object:
    """One cell for CSV: floats canonical (see module docstring), other values unchanged."""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        if v.is_integer() and abs(v) < _MAX_EXACT_INT:
            return str(int(v))
        return repr(v)
    return v


def canonical(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with float and object columns turned into their CSV text (see :func:`format_number`)."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col].dtype) or out[col].dtype == object:
            out[col] = [
                format_number(float(v) if hasattr(v, "dtype") and v.dtype.kind == "f" else v)
                for v in out[col]
            ]
    return out


def write_rows(df: pd.DataFrame, fh: TextIO, header: bool) -> None:
    """Append a table's rows (and its header if asked) to an open text file, in the one CSV format."""
    canonical(df).to_csv(fh, index=False, header=header, lineterminator="\n")


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Deterministic CSV: UTF-8, LF line ends, no index, canonical numbers."""
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        write_rows(df, fh, header=True)


def load(name: str, root: Path | None = None) -> pd.DataFrame:
    """Read one processed table, keeping ids as strings; empty cells come back as NaN."""
    path = (root or processed_dir()) / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `make data` to build data/processed/.")
    return pd.read_csv(path, dtype={"doc_id": str, "sent_id": str}, keep_default_na=False, na_values=[""])


def text_cells(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with empty text cells as "" (:func:`load` reads them as missing); numbers and booleans kept."""
    df = df.copy()
    for col in df.columns:
        if not (pd.api.types.is_numeric_dtype(df[col]) or pd.api.types.is_bool_dtype(df[col])):
            df[col] = df[col].fillna("").astype(str)
    return df
