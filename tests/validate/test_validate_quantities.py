"""Numeric claims against the hand coding (validate.quantities)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from minusma_lib.core import tables
from minusma_lib.core.errors import ManualCodingError
from minusma_lib.corpus.cleaning import BODY_KINDS
from minusma_lib.extract import quantity_rules as QR
from minusma_lib.validate import quantities as VQ


def _write_manual(tmp_path: Path, manual: pd.DataFrame) -> Path:
    path = tmp_path / "quantities_manual.csv"
    manual.to_csv(path, index=False)
    return path


def test_manual_coding_is_well_formed(raws):
    manual = VQ.load_manual()
    assert set(manual["measure"]) <= set(QR.load_rules().spec["measures"])
    for r in manual.itertuples():
        assert raws[r.doc_id][r.start : r.end] == r.text, r.claim_id


@pytest.mark.parametrize("problem", ["unknown doc_id", "outside the body", "across sentences", "wrong text"])
def test_a_bad_manual_row_names_the_file_and_row(tmp_path, problem):
    manual = VQ.load_manual()
    sents = tables.load("sentences")
    bad = manual.copy()
    i = 3  # the fourth data row: line 5 of the file
    if problem == "unknown doc_id":
        bad.loc[i, "doc_id"] = "no_such_doc"
    elif problem == "outside the body":
        head = sents[~sents["block_kind"].isin(BODY_KINDS)].iloc[0]
        bad.loc[i, ["doc_id", "start", "end", "text"]] = [
            head["doc_id"],
            head["start"],
            head["end"],
            head["text"],
        ]
    elif problem == "across sentences":
        d = bad.loc[i, "doc_id"]
        body = sents[(sents["doc_id"] == d) & sents["block_kind"].isin(BODY_KINDS)]
        a, b = body.iloc[0], body.iloc[1]
        bad.loc[i, ["start", "end"]] = [a["end"] - 2, b["start"] + 2]
    else:
        bad.loc[i, "text"] = bad.loc[i, "text"] + "x"
    path = _write_manual(tmp_path, bad)
    with pytest.raises(
        ManualCodingError, match=rf"{re.escape(str(path))} row 5 \(claim '{bad.loc[i, 'claim_id']}'\)"
    ):
        VQ.load_manual(path)


def test_validation_counts_misses_and_false_positives():
    manual = VQ.load_manual()
    q = tables.load("quantities")
    fewer = q[q["claim_id"] != q["claim_id"].iloc[0]]
    extra = pd.concat([q, q.iloc[[0]].assign(claim_id="x-q999", start=0, end=1)], ignore_index=True)
    assert VQ.validation(fewer, manual)["recall"] < VQ.validation(q, manual)["recall"]
    assert VQ.validation(extra, manual)["precision"] < VQ.validation(q, manual)["precision"]
