"""``minusma add``: import articles into a corpus folder (texts, manifest rows, checksums).

The whole batch is checked before anything is written: every problem of every file or row is
reported in one error (with the fix), and if there is any, nothing is written. A text already in the
corpus, or twice in the batch (after Unicode NFC and whitespace normalisation), is refused with both
names. Fields the inputs do not give come from the command's options (``--outlet``, ``--date``, ...);
every inferred field records its evidence in the manifest's ``*_evidence`` columns. The corpus loader
(:func:`minusma_lib.corpus.seeds.load_corpus`) then reads the folder like the committed seeds.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from minusma_lib.core.errors import CorpusError
from minusma_lib.corpus.seeds import (
    CHECKSUM_FILE,
    GENRES,
    ISO_DATE,
    MANIFEST_COLUMNS,
    MANIFEST_FILE,
    TRANSLATIONS,
    load_checksums,
    load_manifest,
    normalised_text,
    read_seed,
)
from minusma_lib.corpus.sources import Article, outlet_from_url, read_articles

# Fields a command-line option may fill when the input does not give them.
OPTION_FIELDS = ("outlet", "date_published", "original_language", "genre", "translation", "translated_from")


@dataclass(frozen=True)
class Planned:
    """One article ready to write: its seed file name, text and manifest row."""

    seed_file: str
    text: str
    row: dict[str, str]


def add(paths: list[Path], corpus: Path, options: dict[str, str] | None = None) -> list[Planned]:
    """Import every article of ``paths`` into ``corpus`` (created if needed); return what was written.

    Raises :class:`CorpusError` listing every problem of the batch, writing nothing, when any
    article cannot be imported."""
    plan = plan_import(paths, corpus, options or {})
    write_import(plan, corpus)
    return plan


def plan_import(paths: list[Path], corpus: Path, options: dict[str, str]) -> list[Planned]:
    """Check the whole batch against itself and the corpus; every problem at once, or the plan."""
    problems = [f"option --{k.replace('_', '-')}: {p}" for k, p in _option_problems(options).items()]
    existing_rows = load_manifest(corpus / MANIFEST_FILE) if (corpus / MANIFEST_FILE).is_file() else []
    seen = {
        normalised_text(read_seed(corpus / r["seed_file"])): f"{corpus / r['seed_file']} ({r['doc_id']})"
        for r in existing_rows
        if (corpus / r["seed_file"]).is_file()
    }
    ids = {r["doc_id"] for r in existing_rows}
    n = _next_number(corpus)
    plan = []
    for art in (a for p in paths for a in read_articles(Path(p))):
        unreadable = bool(art.problems) and not art.meta  # nothing was read: no metadata to check
        row = {} if unreadable else _manifest_row(art, options)
        if not art.text.strip() and not unreadable:
            art.problems.append("the text is empty")
        key = normalised_text(art.text) if art.text.strip() else None
        if key is not None and key in seen:
            art.problems.append(f"the same text is already {seen[key]}; import it once")
        elif key is not None:
            seen[key] = art.origin
        if art.problems:
            problems += [f"{art.origin}: {p}" for p in art.problems]
            continue
        sha = hashlib.sha256(art.text.encode("utf-8")).hexdigest()
        row["doc_id"] = _unique_id(row, ids)
        row["seed_file"] = f"{n:03d}_{sha[:16]}.txt"
        ids.add(row["doc_id"])
        n += 1
        plan.append(Planned(row["seed_file"], art.text, row))
    if problems:
        raise CorpusError(
            f"Nothing was imported into {corpus}: {len(problems)} problem(s).\n" + "\n".join(problems)
        )
    return plan


def write_import(plan: list[Planned], corpus: Path) -> None:
    """Write the texts, then append their checksum lines and manifest rows (creating the files)."""
    corpus.mkdir(parents=True, exist_ok=True)
    for p in plan:
        (corpus / p.seed_file).write_bytes(p.text.encode("utf-8"))
    sums = corpus / CHECKSUM_FILE
    lines = [f"{hashlib.sha256(p.text.encode('utf-8')).hexdigest()}  {p.seed_file}" for p in plan]
    old = sums.read_text(encoding="utf-8") if sums.is_file() else ""
    sums.write_text(
        old + ("" if not old or old.endswith("\n") else "\n") + "".join(x + "\n" for x in lines),
        encoding="utf-8",
    )
    manifest = corpus / MANIFEST_FILE
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(MANIFEST_COLUMNS), lineterminator="\n")
    if not manifest.is_file():
        writer.writeheader()
    writer.writerows(p.row for p in plan)
    with manifest.open("a", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def _option_problems(options: dict[str, str]) -> dict[str, str]:
    out = {}
    date = options.get("date_published", "")
    if date and not (ISO_DATE.fullmatch(date) and _is_date(date)):
        out["date_published"] = f"{date!r} is not a calendar date written YYYY-MM-DD"
    if options.get("genre") and options["genre"] not in GENRES:
        out["genre"] = f"{options['genre']!r} is not one of {', '.join(GENRES)}"
    if options.get("translation") and options["translation"] not in TRANSLATIONS:
        out["translation"] = f"{options['translation']!r} is not one of {', '.join(TRANSLATIONS)}"
    return out


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _manifest_row(art: Article, options: dict[str, str]) -> dict[str, str]:
    """The manifest row of one article; missing required fields become problems of the article."""
    meta, why = dict(art.meta), dict(art.evidence)
    for key in OPTION_FIELDS:
        if not meta.get(key) and options.get(key):
            meta[key], why[key] = options[key], f"given on the command line (--{key.replace('_', '-')})"
    if not meta.get("outlet") and meta.get("url"):
        meta["outlet"], why["outlet"] = outlet_from_url(meta["url"]), "host name of the page's URL"
    meta.setdefault("genre", "news_report")
    why.setdefault("genre", "default of `minusma add` (news report); pass --genre to change it")
    meta.setdefault("translation", "none")
    date = _iso_date(meta.get("date_published", ""))
    if not meta.get("outlet"):
        art.problems.append("no outlet: give an outlet column, a page with a site name or URL, or --outlet")
    if not date:
        found = meta.get("date_published", "")
        art.problems.append(
            f"no publication date{f' (found {found!r}, not a date)' if found else ''}: give a date column "
            "written YYYY-MM-DD, a page with its date in the metadata, or --date"
        )
    if not meta.get("original_language"):
        art.problems.append("no language: give a language column, a page with <html lang>, or --language")
    for key, allowed in (("genre", GENRES), ("translation", TRANSLATIONS)):
        if meta[key] not in allowed:
            art.problems.append(f"{key} {meta[key]!r} is not one of {', '.join(allowed)}")
    row = dict.fromkeys(MANIFEST_COLUMNS, "")
    row.update(
        outlet=meta.get("outlet", ""),
        outlet_short=meta.get("outlet", "")[:40],
        title=meta.get("title", ""),
        author=meta.get("author", ""),
        date_published=date,
        date_earliest=date,
        date_latest=date,
        url=meta.get("url", ""),
        original_language=meta.get("original_language", "").lower()[:2],
        translated_from=meta.get("translated_from", ""),
        translation=meta["translation"],
        genre=meta["genre"],
    )
    for key in ("outlet", "title", "author", "url", "genre"):
        if row[key]:
            row[f"{key}_evidence"] = why.get(key, "")
    row["date_evidence"] = why.get("date_published", "") if date else ""
    row["language_evidence"] = why.get("original_language", "") if row["original_language"] else ""
    return row


def _iso_date(value: str) -> str:
    """``YYYY-MM-DD`` from a date or a timestamp ("2023-06-30T10:00:00Z"); "" when it is neither."""
    m = re.match(r"(\d{4}-\d{2}-\d{2})(?:$|[T ])", value.strip())
    return m.group(1) if m and _is_date(m.group(1)) else ""


def _unique_id(row: dict[str, str], taken: set[str]) -> str:
    """``<outlet>_<yyyymmdd>`` in lower-case letters, digits and underscores, numbered if taken; accented
    letters lose their accent ("Sahéliens" -> "saheliens") instead of splitting the word."""
    ascii_outlet = unicodedata.normalize("NFKD", row["outlet"]).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_outlet.lower()).strip("_")[:24] or "article"
    base = f"{slug}_{row['date_published'].replace('-', '')}"
    doc_id, k = base, 2
    while doc_id in taken:
        doc_id, k = f"{base}_{k}", k + 1
    return doc_id


def _next_number(corpus: Path) -> int:
    """One more than the highest ``NNN_`` prefix of the files the corpus lists."""
    names = load_checksums(corpus) if (corpus / CHECKSUM_FILE).is_file() else {}
    numbers = [int(m.group(1)) for name in names if (m := re.match(r"(\d+)_", name))]
    return max(numbers, default=-1) + 1
