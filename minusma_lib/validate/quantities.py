"""Numeric claims against the hand coding (``data/annotations/quantities_manual.csv``).

:func:`load_manual` checks the coding row by row; :func:`coding_status` says which documents are
coded; :func:`match_claims` pairs extracted and coded claims one to one by span overlap;
:func:`validation` gives recall, precision, value and measure accuracy on the coded documents only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from minusma_lib.core import tables
from minusma_lib.core.errors import ManualCodingError
from minusma_lib.core.paths import annotations_dir
from minusma_lib.corpus.cleaning import BODY_KINDS
from minusma_lib.validate.matching import pair_by_overlap

MANUAL_COLUMNS = ("claim_id", "doc_id", "start", "end", "text", "value", "qualifier", "unit", "measure")


def manual_path() -> Path:
    return annotations_dir() / "quantities_manual.csv"


def load_manual(
    path: Path | None = None,
    documents: pd.DataFrame | None = None,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The hand coding (``data/annotations/quantities_manual.csv``), checked row by row.

    Every row must name a document of ``documents`` (default: ``data/processed/documents.csv``) and
    lie inside one body sentence of ``sentences`` (default: ``sentences.csv``) with ``text`` equal to
    the sentence's raw text at its offsets; otherwise :class:`ManualCodingError` names the file, the
    row (line number, header = 1) and the fix. A document with no row is *not coded* (see
    :func:`coding_status`), never a document without claims.
    """

    path = path or manual_path()
    if not path.is_file():
        return pd.DataFrame(columns=list(MANUAL_COLUMNS))  # this corpus is not coded
    manual = pd.read_csv(path, dtype={"doc_id": str, "claim_id": str}, keep_default_na=False)
    missing = [c for c in MANUAL_COLUMNS if c not in manual.columns]
    if missing:
        raise ManualCodingError(f"{path}: missing column {missing[0]!r}; the coding guide lists the columns.")
    documents = tables.load("documents") if documents is None else documents
    sentences = tables.load("sentences") if sentences is None else sentences
    known = set(documents["doc_id"].astype(str))
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)]
    by_doc = {d: g for d, g in body.groupby(body["doc_id"].astype(str))}
    seen: set[str] = set()
    for line, r in enumerate(manual.itertuples(index=False), start=2):
        where = f"{path} row {line} (claim {r.claim_id!r})"
        if r.claim_id in seen:
            raise ManualCodingError(f"{where}: claim_id is used twice; give each row its own id.")
        seen.add(r.claim_id)
        if r.doc_id not in known:
            raise ManualCodingError(
                f"{where}: doc_id {r.doc_id!r} is not in documents.csv (known: {', '.join(sorted(known))}); "
                "correct the doc_id, or add the article to seeds/manifest.csv and run `make data`."
            )
        try:
            start, end = int(r.start), int(r.end)
        except ValueError:
            raise ManualCodingError(f"{where}: start and end must be whole numbers.") from None
        sents = by_doc.get(r.doc_id, body.iloc[:0])
        hit = sents[(sents["start"] <= start) & (sents["end"] >= end)]
        if start >= end or hit.empty:
            raise ManualCodingError(
                f"{where}: the span [{start}, {end}) of {r.doc_id!r} is not inside a body sentence "
                "(titles, headings and removed boilerplate are not coded, and a claim never crosses a "
                "sentence); correct the offsets (raw file read as UTF-8) or delete the row."
            )
        sent = hit.iloc[0]
        written = str(sent["text"])[start - int(sent["start"]) : end - int(sent["start"])]
        if written != r.text:
            raise ManualCodingError(
                f"{where}: text {r.text!r} is not what the raw file has at [{start}, {end}) ({written!r}); "
                "correct the offsets or the text."
            )
    return manual


def coding_status(extracted: pd.DataFrame, manual: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per document: hand-coded claims, extracted claims and whether it is *coded* (has manual rows).
    Claims of documents that are not coded are left out of every validation score."""
    coded = set(manual["doc_id"])
    return pd.DataFrame(
        [
            {
                "doc_id": d,
                "hand-coded claims": int((manual["doc_id"] == d).sum()),
                "extracted claims": int((extracted["doc_id"] == d).sum()),
                "status": "coded" if d in coded else "not coded",
            }
            for d in documents["doc_id"]
        ]
    )


def _filled(df: pd.DataFrame) -> pd.DataFrame:
    """Empty text cells as "" (``processed.load`` reads them as NaN)."""
    df = df.copy()
    for col in ("attribution", "measure", "qualifier", "unit", "text"):
        if col in df:
            df[col] = df[col].fillna("").astype(str)
    return df


def match_claims(extracted: pd.DataFrame, manual: pd.DataFrame) -> pd.DataFrame:
    """One-to-one matches of extracted and manual claims by span overlap in the same document.

    Pairs are chosen greedily by overlap length (longest first). Returns one row per manual or
    extracted claim: matched pairs, misses (``claim_id`` empty) and false positives (``manual_id``
    empty), with both sides' text, value and measure. Extracted claims of documents without any
    manual row (not coded) are left out: they are neither matches nor false positives.
    """
    extracted = _filled(extracted)
    manual = _filled(manual)
    extracted = extracted[extracted["doc_id"].isin(set(manual["doc_id"]))]
    pairs = pair_by_overlap(manual, extracted, "claim_id", "claim_id")  # longest overlap first
    used_e = set(pairs.values())
    ex_by = extracted.set_index("claim_id")
    rows = []
    for m in manual.itertuples():
        e = ex_by.loc[pairs[m.claim_id]] if m.claim_id in pairs else None
        rows.append(
            {
                "doc_id": m.doc_id,
                "manual_id": m.claim_id,
                "claim_id": pairs.get(m.claim_id, ""),
                "manual_text": m.text,
                "text": "" if e is None else e["text"],
                "manual_value": float(m.value),
                "value": float("nan") if e is None else float(e["value"]),
                "manual_measure": m.measure,
                "measure": "" if e is None else e["measure"],
                "manual_qualifier": m.qualifier,
                "qualifier": "" if e is None else e["qualifier"],
                "manual_unit": m.unit,
                "unit": "" if e is None else e["unit"],
                "manual_attribution": m.attribution,
                "attribution": ""
                if e is None
                else (e["attribution"] if isinstance(e["attribution"], str) else ""),
                "exact_span": e is not None and (int(e["start"]), int(e["end"])) == (m.start, m.end),
            }
        )
    for e in extracted.itertuples():
        if e.claim_id not in used_e:
            rows.append(
                {
                    "doc_id": e.doc_id,
                    "manual_id": "",
                    "claim_id": e.claim_id,
                    "manual_text": "",
                    "text": e.text,
                    "manual_value": float("nan"),
                    "value": float(e.value),
                    "manual_measure": "",
                    "measure": e.measure,
                    "manual_qualifier": "",
                    "qualifier": e.qualifier,
                    "manual_unit": "",
                    "unit": e.unit,
                    "manual_attribution": "",
                    "attribution": e.attribution,
                    "exact_span": False,
                }
            )
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


# Columns of :func:`match_claims` (also when there is nothing to match).
PAIR_COLUMNS = [
    "doc_id",
    "manual_id",
    "claim_id",
    "manual_text",
    "text",
    "manual_value",
    "value",
    "manual_measure",
    "measure",
    "manual_qualifier",
    "qualifier",
    "manual_unit",
    "unit",
    "manual_attribution",
    "attribution",
    "exact_span",
]


def validation(extracted: pd.DataFrame, manual: pd.DataFrame) -> dict[str, Any]:
    """Scores of the extractor against the hand coding (span overlap, same document).

    Only coded documents (with at least one manual row) are scored: ``extracted`` counts their
    extracted claims, and ``not_coded`` lists the documents whose extracted claims were left out.
    recall = matched manual claims / manual claims; precision = matched extracted / extracted;
    value, measure, qualifier and unit accuracy are shares of matched pairs; attribution agreement
    counts a pair as agreeing when both sides name a source or both leave it empty.
    """
    pairs = match_claims(extracted, manual)
    matched = pairs[(pairs["manual_id"] != "") & (pairs["claim_id"] != "")]
    n = len(matched)
    coded = set(manual["doc_id"])
    scored = extracted[extracted["doc_id"].isin(coded)]
    not_coded = sorted(set(extracted["doc_id"]) - coded)

    def share(mask: pd.Series) -> float:
        return float(mask.sum() / n) if n else float("nan")

    return {
        "manual": len(manual),
        "extracted": len(scored),
        "not_coded": not_coded,
        "extracted_not_coded": len(extracted) - len(scored),
        "matched": n,
        "recall": n / len(manual) if len(manual) else float("nan"),
        "precision": n / len(scored) if len(scored) else float("nan"),
        "value_accuracy": share((matched["value"] - matched["manual_value"]).abs() < 1e-6),
        "measure_accuracy": share(matched["measure"] == matched["manual_measure"]),
        "qualifier_accuracy": share(matched["qualifier"] == matched["manual_qualifier"]),
        "unit_accuracy": share(matched["unit"] == matched["manual_unit"]),
        "exact_span_share": share(matched["exact_span"].astype(bool)),
        "attribution_agreement": share(
            (matched["attribution"] != "") == (matched["manual_attribution"] != "")
        ),
    }


def disagreements(extracted: pd.DataFrame, manual: pd.DataFrame) -> pd.DataFrame:
    """Pairs and unmatched claims where extraction and hand coding differ in span, value, measure,
    qualifier, unit or presence of an attribution (the list to read when checking the extractor)."""
    p = match_claims(extracted, manual)
    both = (p["manual_id"] != "") & (p["claim_id"] != "")
    differs = (
        ~both
        | ~p["exact_span"].astype(bool)
        | ((p["value"] - p["manual_value"]).abs() > 1e-6)
        | (p["measure"] != p["manual_measure"])
        | (p["qualifier"] != p["manual_qualifier"])
        | (p["unit"] != p["manual_unit"])
        | ((p["attribution"] != "") != (p["manual_attribution"] != ""))
    )
    cols = ["manual_id", "claim_id", "manual_text", "text", "manual_measure", "measure"]
    cols += ["manual_attribution", "attribution"]
    return p.loc[differs, cols].reset_index(drop=True)
