"""Load the seed corpus: manifest, checksums and raw UTF-8 text, failing loudly on bad input.

Every problem raises :class:`CorpusError` with a message that names the file (or manifest row)
and says how to fix it. No document is ever skipped.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from minusma_lib.core.errors import CorpusError
from minusma_lib.core.paths import corpus_dir

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
GENRES = ("news_report", "wire_copy", "press_release", "opinion_analysis", "ai_chatbot_transcript")
TRANSLATIONS = ("none", "human", "machine")
CHECKSUM_FILE = "SHA256SUMS"
MANIFEST_FILE = "manifest.csv"
# Seed texts are plain UTF-8 files with one of these suffixes (any case).
SEED_SUFFIXES = (".txt", ".md")
# Other files a corpus folder may hold; anything else is reported, never ignored.
CORPUS_METADATA_FILES = (
    MANIFEST_FILE,
    CHECKSUM_FILE,
    "cleaning.yaml",
    "README.md",
    "README.txt",
    ".gitattributes",
)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# `sha256sum` output: digest, a space, ' ' (text) or '*' (binary) mode, the name; a leading backslash
# means the name is escaped (it contains a backslash or a newline).
CHECKSUM_LINE = re.compile(r"(\\?)([0-9a-fA-F]{64}) [ *](.+)")


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


def read_text_file(path: Path) -> str:
    """A metadata file (manifest, checksums) as text: UTF-8, with or without a byte-order mark."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path}: not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 4]!r}). Save it as "
            "UTF-8 (in a spreadsheet: 'CSV UTF-8'), or convert it with `iconv -f WINDOWS-1252 -t UTF-8`."
        ) from None


def check_seed_name(path: Path, line: int, name: str) -> None:
    """A seed is named by a plain file name inside the corpus folder: no folders, no '..', no absolute path."""
    if (
        not name
        or name in (".", "..")
        or "/" in name
        or "\\" in name
        or "\n" in name
        or "\x00" in name
        or Path(name).is_absolute()
    ):
        raise _manifest_error(
            path,
            line,
            f"seed_file {name!r} must be a plain file name inside the corpus folder (no '/', '\\' or '..'). "
            "Move the file into the folder and give its name only.",
        )
    if Path(name).suffix.lower() not in SEED_SUFFIXES:
        raise _manifest_error(
            path, line, f"seed_file {name!r} must end in {' or '.join(SEED_SUFFIXES)} (a plain text file)."
        )


def check_utf8(path: Path, block: int = 1 << 20) -> None:
    """Raise if a metadata file is not UTF-8 (a byte-order mark allowed), reading it a block at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()  # a byte-order mark is valid UTF-8 too
    offset = 0
    with path.open("rb") as fh:
        while True:
            data = fh.read(block)
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                at = offset - pending + exc.start
                fh.seek(at)
                raise CorpusError(
                    f"{path}: not valid UTF-8 (byte {at}: {fh.read(4)!r}). Save it as UTF-8 (in a spreadsheet: "
                    "'CSV UTF-8'), or convert it with `iconv -f WINDOWS-1252 -t UTF-8`."
                ) from None
            if not data:
                return
            offset += len(data)


def manifest_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The manifest's rows one at a time, as (row number, stripped row), after checking its encoding
    and header; the file is never held whole, so a manifest of any length streams."""
    if not path.is_file():
        raise CorpusError(
            f"{path}: manifest not found. Create it with the columns {', '.join(MANIFEST_COLUMNS)}."
        )
    check_utf8(path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing_cols = [c for c in MANIFEST_COLUMNS if c not in header]
        if missing_cols:
            raise CorpusError(
                f"{path}: missing column(s) {', '.join(missing_cols)}. "
                "Add them to the header (empty values are allowed for optional fields)."
            )
        extra = [c for c in header if c not in MANIFEST_COLUMNS]
        if extra:
            raise CorpusError(
                f"{path}: unknown column(s) {', '.join(map(repr, extra))}; they would be lost. Remove or "
                f"rename them (allowed: {', '.join(MANIFEST_COLUMNS)}); keep extra information in an "
                "evidence column."
            )
        for line, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise _manifest_error(path, line, "wrong number of fields; quote values that contain commas.")
            yield line, {k: row[k].strip() for k in MANIFEST_COLUMNS}


def check_manifest(path: Path, keep: list[dict[str, str]] | None = None) -> set[str]:
    """Validate ``manifest.csv`` row by row and return the seed files it lists; every problem of the
    file is raised at once, in row order, so one run lists all the fixes. Rows are appended to
    ``keep`` when it is given (one reading serves both)."""
    problems: list[str] = []
    first: dict[str, dict[str, int]] = {"doc_id": {}, "seed_file": {}}
    fixes = {
        "doc_id": "Give every document its own doc_id.",
        "seed_file": "Each seed file has exactly one manifest row.",
    }
    for line, row in manifest_rows(path):
        problems += _row_problems(path, line, row)
        for fld, fix in fixes.items():
            problems += _duplicate(path, line, row[fld], fld, first[fld], fix)
        if keep is not None:
            keep.append(row)
    if problems:
        raise CorpusError("\n".join(sorted(problems, key=_row_number)))
    return set(first["seed_file"])


def load_manifest(path: Path) -> list[dict[str, str]]:
    """Read and validate ``seeds/manifest.csv``; rows keep file order (the outlet order)."""
    rows: list[dict[str, str]] = []
    check_manifest(path, keep=rows)
    return rows


def _row_number(problem: str) -> int:
    m = re.search(r" row (\d+): ", problem)
    return int(m.group(1)) if m else 0


def _duplicate(path: Path, line: int, value: str, field: str, first: dict[str, int], fix: str) -> list[str]:
    """A problem if ``value`` repeats an earlier row's ``field`` (``first``: value -> its first row)."""
    if value and value in first:
        msg = f"duplicate {field} {value!r} (first used in row {first[value]}). {fix}"
        return [str(_manifest_error(path, line, msg))]
    first.setdefault(value, line)
    return []


def _row_problems(path: Path, line: int, row: dict[str, str]) -> list[str]:
    """Everything wrong with one manifest row (empty when it is valid)."""
    empty = [f for f in REQUIRED_FIELDS if not row[f]]
    if empty:
        return [
            str(
                _manifest_error(
                    path,
                    line,
                    f"required field(s) {', '.join(empty)} empty for doc_id {row['doc_id']!r}. "
                    "Fill them in (each field is described in data/dictionary/corpus.yaml, table documents).",
                )
            )
        ]
    out = []
    try:
        check_seed_name(path, line, row["seed_file"])
    except CorpusError as err:
        out.append(str(err))
    doc_id = row["doc_id"]
    if not doc_id.replace("_", "").isalnum() or doc_id != doc_id.lower():
        out.append(f"doc_id {doc_id!r} must be lower-case letters, digits and underscores.")
    if row["genre"] not in GENRES:
        out.append(f"genre {row['genre']!r} is not one of {', '.join(GENRES)}.")
    if row["translation"] not in TRANSLATIONS:
        out.append(f"translation {row['translation']!r} is not one of {', '.join(TRANSLATIONS)}.")
    if (row["translation"] == "none") != (row["translated_from"] == ""):
        out.append(
            "translated_from must be empty exactly when translation is 'none' "
            f"(got translation={row['translation']!r}, translated_from={row['translated_from']!r})."
        )
    out += _date_problems(row)
    return [p if p.startswith(str(path)) else str(_manifest_error(path, line, p)) for p in out]


def _date_problems(row: dict[str, str]) -> list[str]:
    dates, out = {}, []
    for f in ("date_published", "date_earliest", "date_latest"):
        try:
            if not ISO_DATE.fullmatch(row[f]):
                raise ValueError
            dates[f] = dt.date.fromisoformat(row[f])
        except ValueError:
            out.append(
                f"{f} {row[f]!r} is not a calendar date written YYYY-MM-DD; for an estimate give the "
                "range in date_earliest/date_latest."
            )
    if not out and not dates["date_earliest"] <= dates["date_published"] <= dates["date_latest"]:
        out.append("dates must satisfy date_earliest <= date_published <= date_latest.")
    return out


def load_checksums(seeds_dir: Path) -> dict[str, str]:
    """Parse ``SHA256SUMS`` (``sha256sum`` format) into {file name: hex digest}: one line per file."""
    path = seeds_dir / CHECKSUM_FILE
    if not path.is_file():
        raise CorpusError(
            f"{path}: checksum file not found. Create it with `cd {seeds_dir} && sha256sum *.txt > {CHECKSUM_FILE}`."
        )
    sums: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for n, line in enumerate(read_text_file(path).splitlines(), start=1):
        if not line.strip():
            continue
        m = CHECKSUM_LINE.fullmatch(line)
        if not m:
            raise CorpusError(
                f"{path} line {n}: expected '<64 hex digits>  <file name>', got {line!r}. "
                f"Regenerate the line with `cd {seeds_dir} && sha256sum 'FILE NAME'` (quote names with spaces)."
            )
        escaped, digest, name = m.groups()
        if escaped:
            raise CorpusError(
                f"{path} line {n}: sha256sum escaped this file name because it contains a backslash or a "
                "line break, which seed names may not contain. Rename the file (letters, digits, '_', '-', "
                "'.'), update its manifest row and run sha256sum again."
            )
        if name in sums:
            raise CorpusError(
                f"{path} line {n}: a second checksum line for {name!r} (first on line {first_line[name]}). "
                "Keep one line per file: delete the stale one."
            )
        sums[name] = digest.lower()
        first_line[name] = n
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
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path}: not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 4]!r}). "
            "Convert it, e.g. `iconv -f WINDOWS-1252 -t UTF-8`, and record the new checksum."
        ) from None
    if not any(ch.isalpha() for ch in text):
        raise CorpusError(
            f"{path}: the file has no letters (only digits, punctuation, control or invisible characters), "
            "so it is not an article. Replace it with the article text, or remove it, its manifest row and "
            "its checksum line."
        )
    return text


def normalised_text(text: str) -> str:
    """The text compared for duplicates: NFC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def check_folder_listing(folder: Path, listed: set[str], sums: dict[str, str]) -> None:
    """Every file of the corpus folder is a listed seed or known metadata; every checksum line is used."""
    problems = []
    for p in sorted(folder.iterdir()):
        if p.is_dir():
            problems.append(f"{p}: a sub-folder; seeds must sit directly in {folder}. Move its texts up.")
        elif p.name not in listed and p.name not in CORPUS_METADATA_FILES:
            hint = (
                "it looks like a seed: add a manifest row and a checksum line for it"
                if p.suffix.lower() in SEED_SUFFIXES
                else f"seeds are plain UTF-8 files ending in {' or '.join(SEED_SUFFIXES)}: rename or remove it"
            )
            problems.append(f"{p}: not listed in {MANIFEST_FILE}; {hint}.")
    problems += [
        f"{folder / CHECKSUM_FILE}: stale line for {name!r}, which no manifest row lists. Delete the line."
        for name in sorted(set(sums) - listed)
    ]
    if problems:
        raise CorpusError(f"{len(problems)} problem(s) in {folder}:\n" + "\n".join(problems))


def _check_new_text(seen: dict[str, str], doc_id: str, raw: str, manifest_path: Path) -> None:
    key = hashlib.sha256(normalised_text(raw).encode("utf-8")).hexdigest()
    if key in seen:
        raise CorpusError(
            f"{manifest_path}: doc_ids {seen[key]!r} and {doc_id!r} hold the same text (after Unicode "
            "normalisation and whitespace). It would be counted twice: remove one row, its file and checksum."
        )
    seen[key] = doc_id


@dataclass(frozen=True)
class CorpusEntry:
    """A checked manifest row without its text (so a corpus of any size fits in memory):
    :meth:`load` reads the text when a worker needs it and checks it has not changed since."""

    doc_id: str
    path: Path
    sha256: str
    meta: dict[str, str] = field(repr=False)

    def load(self) -> Document:
        raw = read_seed(self.path)
        digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
        if digest != self.sha256:
            raise CorpusError(
                f"{self.path}: the file changed while the corpus was being processed (checksum "
                f"{self.sha256[:12]}… when checked, {digest[:12]}… now). Run the build again."
            )
        return Document(self.doc_id, self.meta["seed_file"], raw, digest, self.meta)


@dataclass(frozen=True)
class CorpusIndex:
    """A checked corpus folder that yields its manifest rows as :class:`CorpusEntry` by reading the
    manifest again, one row at a time: what it keeps is the checksums and the doc_ids, never the
    rows' metadata nor the texts, so the memory of the process handing out work does not grow with
    the corpus (:func:`check_corpus` makes one)."""

    folder: Path
    sums: dict[str, str] = field(repr=False)
    doc_ids: frozenset[str] = field(repr=False)
    manifest_sha256: str = field(repr=False)

    def __len__(self) -> int:
        return len(self.doc_ids)

    def __iter__(self) -> Iterator[CorpusEntry]:
        manifest_path = self.folder / MANIFEST_FILE
        if _file_sha256(manifest_path) != self.manifest_sha256:
            raise CorpusError(
                f"{manifest_path}: the manifest changed while the corpus was being processed. Run the build again."
            )
        for _, row in manifest_rows(manifest_path):
            path = self.folder / row["seed_file"]
            yield CorpusEntry(row["doc_id"], path, self.sums[row["seed_file"]], row)

    def chunks(self, size: int) -> Iterator[list[CorpusEntry]]:
        """The entries in manifest order, cut into lists of at most ``size``, read as they are needed."""
        chunk: list[CorpusEntry] = []
        for entry in self:
            chunk.append(entry)
            if len(chunk) >= max(1, size):
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def n_chunks(self, size: int) -> int:
        return -(-len(self) // max(1, size))


def _file_sha256(path: Path, block: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while data := fh.read(block):
            h.update(data)
    return h.hexdigest()


def check_corpus(folder: Path | None = None) -> CorpusIndex:
    """Check every text listed in the corpus folder's manifest, one file at a time (file present,
    checksum, valid UTF-8 text, no duplicate text), before any work starts; no text is kept.

    ``folder`` defaults to :func:`minusma_lib.core.paths.corpus_dir` (``seeds/`` or ``$MINUSMA_CORPUS``).
    """
    seeds_dir = Path(folder) if folder else corpus_dir()
    if not seeds_dir.is_dir():
        raise CorpusError(
            f"{seeds_dir}: corpus folder not found. Create it or point CORPUS= to an existing one."
        )
    manifest_path = seeds_dir / MANIFEST_FILE
    stamp = _file_sha256(manifest_path) if manifest_path.is_file() else ""
    listed = check_manifest(manifest_path)
    sums = load_checksums(seeds_dir)
    check_folder_listing(seeds_dir, listed, sums)
    doc_ids, seen = set(), {}
    for _, row in manifest_rows(manifest_path):
        path = seeds_dir / row["seed_file"]
        if not path.is_file():
            raise CorpusError(
                f"{manifest_path}: row for doc_id {row['doc_id']!r} names {row['seed_file']!r}, "
                f"which is not in {seeds_dir}. Add the file or remove the row."
            )
        if row["seed_file"] not in sums:
            raise CorpusError(
                f"{path}: no checksum in {seeds_dir / CHECKSUM_FILE}. "
                f"Add one with `cd {seeds_dir} && sha256sum '{row['seed_file']}' >> {CHECKSUM_FILE}`."
            )
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sums[row["seed_file"]]:
            raise CorpusError(
                f"{path}: checksum mismatch (expected {sums[row['seed_file']][:12]}…, "
                f"file has {digest[:12]}…). Seeds are immutable: restore the file with "
                f"`git checkout -- {path}`; a corrected text is a new seed."
            )
        _check_new_text(seen, row["doc_id"], read_seed(path), manifest_path)
        doc_ids.add(row["doc_id"])
    if _file_sha256(manifest_path) != stamp:
        raise CorpusError(f"{manifest_path}: the manifest changed while it was being checked. Run again.")
    return CorpusIndex(seeds_dir, sums, frozenset(doc_ids), stamp)


def corpus_index(folder: Path | None = None) -> list[CorpusEntry]:
    """Every text listed in the corpus folder's manifest, checked (:func:`check_corpus`), as a list of
    entries in manifest order (the manifest rows held in memory; no text is kept)."""
    return list(check_corpus(folder))


def load_corpus(folder: Path | None = None) -> list[Document]:
    """Every text of the corpus folder, checked (:func:`corpus_index`), with its text, in manifest order."""
    return [entry.load() for entry in corpus_index(folder)]
