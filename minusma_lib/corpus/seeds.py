"""Load the seed corpus: manifest, checksums and raw UTF-8 text, failing loudly on bad input.

Every problem raises :class:`CorpusError` with a message that names the file (or manifest row)
and says how to fix it. No document is ever skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from minusma_lib.core.errors import CorpusError
from minusma_lib.core.paths import project_root

MANIFEST_COLUMNS = (
    "doc_id",
    "seed_file",
    "outlet",
    "outlet_short",
    "title",
    "author",
    "date_published",
    "date_earliest",
    "date_latest",
    "url",
    "original_language",
    "translated_from",
    "translation",
    "genre",
    "outlet_evidence",
    "title_evidence",
    "author_evidence",
    "date_evidence",
    "url_evidence",
    "language_evidence",
    "genre_evidence",
)
REQUIRED_FIELDS = (
    "doc_id",
    "seed_file",
    "outlet",
    "outlet_short",
    "date_published",
    "date_earliest",
    "date_latest",
    "original_language",
    "translation",
    "genre",
    "outlet_evidence",
    "date_evidence",
    "genre_evidence",
)
GENRES = ("news_report", "opinion_analysis", "ai_chatbot_transcript")
TRANSLATIONS = ("none", "human", "machine")
CHECKSUM_FILE = "SHA256SUMS"
MANIFEST_FILE = "manifest.csv"


@dataclass(frozen=True)
class Document:
    """One seed text with its manifest metadata. ``raw`` is the file decoded as UTF-8, untouched."""

    doc_id: str
    seed_file: str
    raw: str
    sha256: str
    meta: dict[str, str] = field(repr=False)


def _manifest_error(path: Path, line: int, msg: str) -> CorpusError:
    return CorpusError(f"{path} row {line}: {msg}")


def load_manifest(path: Path) -> list[dict[str, str]]:
    """Read and validate ``seeds/manifest.csv``; rows keep file order (the outlet order)."""
    if not path.is_file():
        raise CorpusError(
            f"{path}: manifest not found. Create it with the columns {', '.join(MANIFEST_COLUMNS)}."
        )
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing_cols = [c for c in MANIFEST_COLUMNS if c not in header]
        if missing_cols:
            raise CorpusError(
                f"{path}: missing column(s) {', '.join(missing_cols)}. "
                "Add them to the header (empty values are allowed for optional fields)."
            )
        rows = []
        for line, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise _manifest_error(path, line, "wrong number of fields; quote values that contain commas.")
            rows.append((line, {k: row[k].strip() for k in MANIFEST_COLUMNS}))
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    for line, row in rows:
        empty = [f for f in REQUIRED_FIELDS if not row[f]]
        if empty:
            raise _manifest_error(
                path,
                line,
                f"required field(s) {', '.join(empty)} empty for doc_id {row['doc_id']!r}. "
                "Fill them in (each field is described in data/dictionary/corpus.yaml, table documents).",
            )
        doc_id = row["doc_id"]
        if doc_id in seen_ids:
            raise _manifest_error(
                path,
                line,
                f"duplicate doc_id {doc_id!r} (first used in row {seen_ids[doc_id]}). "
                "Give every document its own doc_id.",
            )
        seen_ids[doc_id] = line
        if row["seed_file"] in seen_files:
            raise _manifest_error(
                path,
                line,
                f"seed_file {row['seed_file']!r} already listed in row {seen_files[row['seed_file']]}. "
                "Each seed file has exactly one manifest row.",
            )
        seen_files[row["seed_file"]] = line
        if not doc_id.replace("_", "").isalnum() or doc_id != doc_id.lower():
            raise _manifest_error(
                path, line, f"doc_id {doc_id!r} must be lower-case letters, digits and underscores."
            )
        if row["genre"] not in GENRES:
            raise _manifest_error(path, line, f"genre {row['genre']!r} is not one of {', '.join(GENRES)}.")
        if row["translation"] not in TRANSLATIONS:
            raise _manifest_error(
                path,
                line,
                f"translation {row['translation']!r} is not one of {', '.join(TRANSLATIONS)}.",
            )
        if (row["translation"] == "none") != (row["translated_from"] == ""):
            raise _manifest_error(
                path,
                line,
                "translated_from must be empty exactly when translation is 'none' "
                f"(got translation={row['translation']!r}, translated_from={row['translated_from']!r}).",
            )
        dates = {}
        for f in ("date_published", "date_earliest", "date_latest"):
            try:
                dates[f] = dt.date.fromisoformat(row[f])
            except ValueError:
                raise _manifest_error(
                    path, line, f"{f} {row[f]!r} is not an ISO date (YYYY-MM-DD)."
                ) from None
        if not dates["date_earliest"] <= dates["date_published"] <= dates["date_latest"]:
            raise _manifest_error(
                path, line, "dates must satisfy date_earliest <= date_published <= date_latest."
            )
    return [row for _, row in rows]


def load_checksums(seeds_dir: Path) -> dict[str, str]:
    """Parse ``SHA256SUMS`` (``sha256sum`` format) into {file name: hex digest}."""
    path = seeds_dir / CHECKSUM_FILE
    if not path.is_file():
        raise CorpusError(
            f"{path}: checksum file not found. Create it with `cd seeds && sha256sum *.txt > {CHECKSUM_FILE}`."
        )
    sums: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != 64:
            raise CorpusError(
                f"{path} line {n}: expected '<sha256>  <file>', got {line!r}. "
                f"Regenerate the line with `sha256sum FILE`."
            )
        sums[parts[1].lstrip("*")] = parts[0].lower()
    return sums


def read_seed(path: Path) -> str:
    """Decode one seed file as strict UTF-8 (no newline translation, so offsets are exact)."""
    data = path.read_bytes()
    if not data.strip():
        raise CorpusError(
            f"{path}: the file is empty. Put the article text in it, or remove the file and its "
            "manifest row and checksum line."
        )
    if b"\x00" in data:
        raise CorpusError(
            f"{path}: the file contains NUL bytes, so it is binary, not text. "
            "Save the article as a plain UTF-8 text file."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path}: not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 4]!r}). "
            "Convert it, e.g. `iconv -f WINDOWS-1252 -t UTF-8`, and record the new checksum."
        ) from None


def load_corpus(root: Path | None = None) -> list[Document]:
    """Load every seed listed in the manifest, in manifest order, after all checks pass."""
    seeds_dir = (root or project_root()) / "seeds"
    manifest_path = seeds_dir / MANIFEST_FILE
    rows = load_manifest(manifest_path)
    sums = load_checksums(seeds_dir)
    on_disk = sorted(p.name for p in seeds_dir.glob("*.txt"))
    listed = {r["seed_file"]: r for r in rows}
    for name in on_disk:
        if name not in listed:
            raise CorpusError(
                f"{seeds_dir / name}: seed file has no row in {manifest_path}. "
                "Add a row (doc_id, seed_file, outlet, dates, genre and the evidence columns)."
            )
    docs = []
    for row in rows:
        path = seeds_dir / row["seed_file"]
        if not path.is_file():
            raise CorpusError(
                f"{manifest_path}: row for doc_id {row['doc_id']!r} names {row['seed_file']!r}, "
                f"which is not in {seeds_dir}. Add the file or remove the row."
            )
        if row["seed_file"] not in sums:
            raise CorpusError(
                f"{path}: no checksum in {seeds_dir / CHECKSUM_FILE}. "
                f"Add one with `cd seeds && sha256sum {row['seed_file']} >> {CHECKSUM_FILE}`."
            )
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sums[row["seed_file"]]:
            raise CorpusError(
                f"{path}: checksum mismatch (expected {sums[row['seed_file']][:12]}…, "
                f"file has {digest[:12]}…). Seeds are immutable: restore the file with "
                f"`git checkout -- seeds/{row['seed_file']}`; a corrected text is a new seed."
            )
        raw = read_seed(path)
        docs.append(Document(row["doc_id"], row["seed_file"], raw, digest, row))
    return docs
