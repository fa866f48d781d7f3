"""Cited reference data in ``data/reference/``: every row must name its source.

The CSVs are copied verbatim from the project's shared reference set (see ``SOURCES.md`` there);
facts are never changed without a source. Loading fails, naming the file and row, when a row has
no source, so an uncited figure can never reach a chart.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from minusma_lib.core.errors import ReferenceDataError
from minusma_lib.core.paths import data_dir

SOURCE_COLUMNS = ("source_title", "source_url")
SOURCE_TIERS = ("primary", "wire", "secondary")
# A plain decimal number: no thousands separators, units or signs other than a leading minus.
NUMBER = r"-?\d+(\.\d+)?"
# ISO dates at day, month or year precision, a period "start/end", or "n.d." for undated rows.
DATE = r"n\.d\.|\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?"
NUMBER_COLUMNS = ("value", "value_pct", "troops", "police", "observers", "total", "n_contributing_countries")
DATE_COLUMNS = ("date", "event_date", "fieldwork_start", "fieldwork_end", "plot_date")
# Cells that may never be empty where the column exists: a row without them cannot be compared.
REQUIRED_COLUMNS = ("value", "value_pct", "date")
FIXES = {
    "number": "write a plain number such as 11200 or 895530000 (no thousands separators, %, $ or words)",
    "date": "write an ISO date YYYY-MM-DD (or YYYY-MM, YYYY, a period start/end, or n.d.)",
    "tier": f"use one of {', '.join(SOURCE_TIERS)} (see SOURCES.md, Primary-source audit)",
}


def reference_schema(columns: list[str]) -> pa.DataFrameSchema:
    """The checks every reference file passes (pandera): numbers, dates and source tiers by column name."""
    checks: dict[str, pa.Column] = {}
    for c in columns:
        optional = "" if c in REQUIRED_COLUMNS else "?"
        if c in NUMBER_COLUMNS:
            checks[c] = pa.Column(str, pa.Check.str_matches(f"^({NUMBER}){optional}$", error="number"))
        elif c in DATE_COLUMNS:
            checks[c] = pa.Column(str, pa.Check.str_matches(f"^({DATE}){optional}$", error="date"))
        elif c == "source_tier":
            checks[c] = pa.Column(str, pa.Check.isin(SOURCE_TIERS, error="tier"))
    return pa.DataFrameSchema(checks)


def validate_reference(df: pd.DataFrame, path: Path) -> None:
    """Every bad cell of a reference file in one error: file, row, column, value and the fix."""
    try:
        reference_schema(list(df.columns)).validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases.dropna(subset=["index"]).sort_values(["index", "column"])
        lines = [
            f"{path} row {int(r['index']) + 2}, column {r['column']}: {r['failure_case']!r}; "
            f"{FIXES.get(str(r['check']).split(':')[0], str(r['check']))}."
            for r in cases.to_dict("records")
        ]
        raise ReferenceDataError("\n".join(lines) or str(err)) from None


def reference_dir() -> Path:
    return data_dir() / "reference"


def load_reference(name: str, root: Path | None = None) -> pd.DataFrame:
    """Read ``data/reference/<name>.csv`` as strings, rejecting any row without a source."""
    path = (root or reference_dir()) / f"{name}.csv"
    if not path.is_file():
        raise ReferenceDataError(f"{path}: reference file not found.")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        cols = reader.fieldnames or []
        if not any(c in cols for c in SOURCE_COLUMNS):
            raise ReferenceDataError(
                f"{path}: no source column; add {' and '.join(SOURCE_COLUMNS)} and cite every row."
            )
        rows = []
        for line, row in enumerate(reader, start=2):
            if None in row:
                raise ReferenceDataError(
                    f"{path} row {line}: too many fields; quote values containing commas."
                )
            if not any((row.get(c) or "").strip() for c in SOURCE_COLUMNS):
                raise ReferenceDataError(
                    f"{path} row {line}: no source (source_title/source_url empty). "
                    "Cite where the figure was read, or remove the row."
                )
            rows.append(row)
    df = pd.DataFrame(rows, columns=cols)
    validate_reference(df, path)
    return df


def reference_date(text: str, *, known_by: bool = False) -> pd.Timestamp | None:
    """The date of a reference row: "2023-05-31"; "2018-03" (first of the month); the start of a
    period "2014-07-01/2015-06-30". ``None`` for undated rows ("n.d.").

    ``known_by=True`` gives the date by which the figure is certainly known: the last day of the
    month or year when only a month or year is given (so "2023-07" is not "on or before" 1 July).
    """
    text = (text or "").strip().split("/")[0]
    for fmt, end in (("%Y-%m-%d", None), ("%Y-%m", pd.offsets.MonthEnd(0)), ("%Y", pd.offsets.YearEnd(0))):
        try:
            date = pd.Timestamp(pd.to_datetime(text, format=fmt))
        except (ValueError, TypeError):
            continue
        return date + end if known_by and end is not None else date
    return None


def load_event_figures(root: Path | None = None) -> pd.DataFrame:
    """``event_figures.csv``: figures read out of ``events.csv`` (Moura, Wagner, detentions, the vote,
    the Mali-Mètre 2023 headline), one measure per row, each row citing the events row it copies."""
    return load_reference("event_figures", root)
