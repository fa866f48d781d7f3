"""Quotes against the hand coding (``data/annotations/quotes_manual.csv``): span matching and
speaker recall and precision, on the coded documents only."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from minusma_lib.core.errors import ManualCodingError
from minusma_lib.core.paths import annotations_dir
from minusma_lib.corpus.cleaning import BODY_KINDS
from minusma_lib.validate.matching import pair_by_overlap

# The test suite fails below this in-sample quote-speaker recall. It was 0.9 while the known-speaker table
# held aliases fitted to the seeds ("the government", "the report", "countries"); those were removed
# (issue 11), which costs in-sample recall (0.83) and leaves speakers to the general rules.
SPEAKER_RECALL_MIN = 0.8


def manual_path() -> Path:
    return annotations_dir() / "quotes_manual.csv"


# Columns of the quote hand coding (data/annotations/quotes_coding_guide.md describes them).
MANUAL_COLUMNS = (
    "quote_id",
    "doc_id",
    "start",
    "end",
    "text",
    "kind",
    "speaker",
    "speaker_role",
    "speaker_category",
    "speaker_mention",
    "note",
)


def load_manual(path: Path | None = None) -> pd.DataFrame:
    """The quote hand coding of this corpus (empty when it is not coded)."""
    path = path or manual_path()
    if not path.is_file():
        return pd.DataFrame(
            {c: pd.Series(dtype=int if c in ("start", "end") else str) for c in MANUAL_COLUMNS}
        )
    return pd.read_csv(path, dtype=str, keep_default_na=False).astype({"start": int, "end": int})


def check_coding(
    manual: pd.DataFrame,
    path: Path,
    id_column: str,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    sentence_column: str | None = None,
) -> None:
    """Stop on hand coding that cannot be validated: a row whose doc_id is not in documents.csv, or
    (``sentence_column``) whose sentence is not a body sentence of that document or does not contain
    the row's span; without it, a row that does not start inside a body sentence of its document.
    The error names the file, the CSV line and the row id."""
    known = set(documents["doc_id"])
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)]
    by_id = body.set_index("sent_id")
    for i, r in enumerate(manual.itertuples(index=False)):
        where = f"{path}: line {i + 2} ({getattr(r, id_column)})"
        if r.doc_id not in known:
            raise ManualCodingError(
                f"{where}: doc_id {r.doc_id!r} is not in data/processed/documents.csv; fix the doc_id "
                "or add the article (README: Adding an article)."
            )
        if sentence_column is not None:
            sid = getattr(r, sentence_column)
            if sid not in by_id.index or by_id.loc[sid, "doc_id"] != r.doc_id:
                raise ManualCodingError(
                    f"{where}: {sentence_column} {sid!r} is not a body sentence of {r.doc_id} "
                    "(data/processed/sentences.csv, block_kind paragraph, list_item or prompt); "
                    "re-code the row against the current sentences."
                )
            s = by_id.loc[sid]
            if not (s["start"] <= r.start and r.end <= s["end"]):
                raise ManualCodingError(
                    f"{where}: span {r.start}-{r.end} lies outside sentence {sid} ({s['start']}-{s['end']})."
                )
        else:
            d = body[body["doc_id"] == r.doc_id]
            if not ((d["start"] <= r.start) & (r.start < d["end"])).any():
                raise ManualCodingError(
                    f"{where}: span {r.start}-{r.end} does not start inside a body sentence of {r.doc_id}."
                )


def coverage(manual: pd.DataFrame, documents: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(coded, not coded) document ids, in document order: a document is coded when the hand
    coding has at least one row for it. Documents without coding are left out of validation,
    never scored as misses."""
    have = set(manual["doc_id"])
    docs = list(documents["doc_id"])
    return [d for d in docs if d in have], [d for d in docs if d not in have]


def speaker_key(name: str) -> str:
    """Speaker names compared case-insensitively, without parenthetical qualifiers or 'unnamed'."""
    name = re.sub(r"\([^)]*\)", "", str(name)).lower()
    name = re.sub(r"\bunnamed\b", "", name)
    return " ".join(name.split())


def match_quotes(found: pd.DataFrame, manual: pd.DataFrame) -> pd.DataFrame:
    """One row per manual quote with the extracted quote paired to it, one to one.

    Candidates are an extracted and a manual quote of the same document whose raw spans overlap,
    both scare quotes or both not. Pairs are formed greedily: longest overlap first, then same
    canonical speaker (:func:`speaker_key`) first, so an extracted quote is credited to at most one
    manual quote. A manual quote is *recalled* when its pair has the same speaker (scare quotes,
    which have no speaker: when it has a pair)."""
    pairs = pair_by_overlap(
        manual,
        found,
        "quote_id",
        "quote_id",
        compatible=lambda m, f: (f.kind == "scare") == (m.kind == "scare"),
        prefer=lambda m, f: m.kind == "scare" or speaker_key(f.speaker) == speaker_key(m.speaker),
    )
    by_id = found.set_index("quote_id")
    rows = []
    for m in manual.itertuples():
        f = by_id.loc[pairs[m.quote_id]] if m.quote_id in pairs else None
        same = f is not None and (m.kind == "scare" or speaker_key(f["speaker"]) == speaker_key(m.speaker))
        rows.append(
            {
                "quote_id": m.quote_id,
                "doc_id": m.doc_id,
                "kind": m.kind,
                "text": m.text,
                "speaker": m.speaker,
                "speaker_category": m.speaker_category,
                "found_id": "" if f is None else pairs[m.quote_id],
                "found_speaker": "" if f is None else f["speaker"],
                "found_category": "" if f is None else f["speaker_category"],
                "found_kind": "" if f is None else f["kind"],
                "paired": f is not None,
                "recalled": bool(same),
            }
        )
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


# Columns of :func:`match_quotes` (also when nothing is coded).
MATCH_COLUMNS = ["quote_id", "doc_id", "kind", "text", "speaker", "speaker_category", "found_id"]
MATCH_COLUMNS += ["found_speaker", "found_category", "found_kind", "paired", "recalled"]


def split_halves(found: pd.DataFrame, manual: pd.DataFrame, matched: pd.DataFrame) -> set[str]:
    """Extracted verb quotes left unpaired that lie inside a recalled coded quote and share its paired
    quote's speech verb: the second half of one report the extractor splits and the coding keeps
    whole ("said that X and that Y", :func:`quote_rules.coordinated_that_clauses`). A difference of row
    convention, not an error: left out of precision, as the fixture scorer leaves out the halves of
    mixed quotes."""
    if not {"rule", "cue_start"} <= set(found.columns):
        return set()
    used = set(matched["found_id"])
    spans = manual.drop_duplicates("quote_id").set_index("quote_id")[["doc_id", "start", "end"]]
    cue_of = dict(zip(found["quote_id"], found["cue_start"].astype(str), strict=True))
    out = set()
    for m in matched[matched["recalled"] & (matched["kind"] != "scare")].itertuples():
        d, a, b = spans.loc[m.quote_id]
        inside = found[
            (found["doc_id"] == d)
            & (found["rule"] == "verb")
            & (found["cue_start"].astype(str) == cue_of.get(m.found_id, "?"))
            & (found["start"].astype(int) >= int(a))
            & (found["end"].astype(int) <= int(b))
            & ~found["quote_id"].isin(used)
        ]
        out |= set(inside["quote_id"])
    return out


def quote_scores(found: pd.DataFrame, manual: pd.DataFrame, matched: pd.DataFrame | None = None) -> dict:
    """Speaker recall (non-scare manual quotes whose one-to-one pair has the same speaker),
    precision (extracted non-scare quotes paired with a manual quote of the same speaker; the other
    halves of a split report, :func:`split_halves`, left out), category
    agreement on pairs, scare-quote recall. Only documents with hand coding are scored: extracted
    quotes of other documents are left out, and their ids listed under ``not_coded``."""
    coded = set(manual["doc_id"])
    not_coded = sorted(set(found["doc_id"]) - coded)
    found = found[found["doc_id"].isin(coded)]
    matched = match_quotes(found, manual) if matched is None else matched
    speech = matched[matched["kind"] != "scare"]
    ours = found[found["kind"] != "scare"]
    paired = speech[speech["paired"]]
    halves = split_halves(ours, manual, matched)
    ours = ours[~ours["quote_id"].isin(halves)]
    return {
        "n_manual": len(speech),
        "n_found": len(ours),
        "n_split_halves": len(halves),
        "n_recalled": int(speech["recalled"].sum()),
        "recall": float(speech["recalled"].mean()) if len(speech) else float("nan"),
        "precision": float(speech["recalled"].sum() / len(ours)) if len(ours) else float("nan"),
        "n_paired": len(paired),
        "category_agreement": float((paired["found_category"] == paired["speaker_category"]).mean())
        if len(paired)
        else float("nan"),
        "n_scare": int((matched["kind"] == "scare").sum()),
        "scare_recall": float(matched[matched["kind"] == "scare"]["recalled"].mean())
        if (matched["kind"] == "scare").any()
        else float("nan"),
        "not_coded": not_coded,
    }
