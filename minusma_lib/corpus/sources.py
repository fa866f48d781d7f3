"""Reading articles to import: plain text, Markdown, saved web pages, and CSV / JSON Lines exports.

Each reader turns one input file into :class:`Article` records: the text exactly as it will be
stored, the metadata found, and for every inferred field the evidence (where it came from). Saved web
pages go through trafilatura (main text and metadata) and htmldate (publication date), both run
offline on the saved file. Readers never fail on one bad record: they return it with its problem, so
an import reports every problem of a batch at once.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

# Column names of media-archive exports, by the manifest field they fill (compared case-insensitively).
COLUMN_ALIASES = {
    "text": ("text", "body", "content", "full_text", "fulltext", "article_text", "maintext"),
    "path": ("path", "file", "filename", "file_path"),
    "title": ("title", "headline", "heading"),
    "url": ("url", "link", "source_url", "permalink"),
    "outlet": ("outlet", "source", "media", "media_name", "publisher", "publication", "site", "sitename"),
    "date_published": ("date_published", "date", "published", "publish_date", "publication_date", "pubdate"),
    "original_language": ("original_language", "language", "lang"),
    "author": ("author", "authors", "byline"),
    "genre": ("genre", "type"),
}
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
TABLE_SUFFIXES = (".csv", ".jsonl")


@dataclass
class Article:
    """One article to import: its text, metadata, evidence per field, and its problems (if any)."""

    origin: str  # file, or file and row, for messages
    text: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_articles(path: Path) -> list[Article]:
    """Every article in one input file (one for a text or web page, one per row for a table)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        return [Article(str(path), problems=["file not found; check the path"])]
    if suffix in TEXT_SUFFIXES:
        return [_read_text(path)]
    if suffix in HTML_SUFFIXES:
        return [_read_html(path)]
    if suffix == ".csv":
        return _read_rows(path, _csv_rows(path))
    if suffix == ".jsonl":
        return _read_rows(path, _jsonl_rows(path))
    known = ", ".join(TEXT_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES)
    return [Article(str(path), problems=[f"unsupported file type {suffix or '(none)'}; use one of {known}"])]


def read_utf8(path: Path, fix: str) -> tuple[str | None, str]:
    """(text, "") for a UTF-8 file (a byte-order mark is dropped), else (None, the problem with ``fix``)."""
    try:
        return path.read_bytes().decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        return None, f"not valid UTF-8 at byte {exc.start}; {fix}"


def _decode(path: Path, art: Article) -> str | None:
    text, problem = read_utf8(path, "convert it, e.g. `iconv -f WINDOWS-1252 -t UTF-8`")
    if problem:
        art.problems.append(problem)
    return text


def _read_text(path: Path) -> Article:
    art = Article(str(path))
    text = _decode(path, art)
    if text is None:
        return art
    art.text = text
    first = next((line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()), "")
    if first:
        art.meta["title"], art.evidence["title"] = first, "first line of the file"
    return art


def _read_html(path: Path) -> Article:
    import trafilatura  # imported here: loading it takes a second, and only HTML needs it
    from htmldate import find_date

    art = Article(str(path))
    html = _decode(path, art)
    if html is None:
        return art
    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=False)
    if not text or not text.strip():
        art.problems.append(
            "no article text found in the page; save the article page itself, or paste its text"
        )
        return art
    art.text = "\n\n".join(p.strip() for p in text.split("\n") if p.strip()) + "\n"
    md = trafilatura.extract_metadata(html)
    found = {
        "title": (md.title if md else None, "page metadata (trafilatura: title / og:title)"),
        "outlet": (md.sitename if md else None, "page metadata (trafilatura: og:site_name / publisher)"),
        "author": (md.author if md else None, "page metadata (trafilatura: author)"),
        "url": (md.url if md else None, "page metadata (trafilatura: canonical / og:url)"),
    }
    date = find_date(html, extensive_search=False, original_date=True)
    found["date_published"] = (date, "page metadata (htmldate, original publication date)")
    lang = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2})", html, re.I)
    found["original_language"] = (lang.group(1).lower() if lang else None, "the page's <html lang> attribute")
    for key, (value, why) in found.items():
        if value:
            art.meta[key], art.evidence[key] = str(value).strip(), why
    return art


def _csv_rows(path: Path) -> list[dict[str, str]] | str:
    text, problem = read_utf8(path, "save it as 'CSV UTF-8'")
    return problem if text is None else list(csv.DictReader(io.StringIO(text)))


def _jsonl_rows(path: Path) -> list[dict[str, str]] | str:
    text, problem = read_utf8(path, "save it as UTF-8")
    if text is None:
        return problem
    lines = text.splitlines()
    rows: list = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            return f"line {n}: not valid JSON ({exc.msg}); one JSON object per line"
        rows.append(row if isinstance(row, dict) else {"__error__": f"line {n}: not a JSON object"})
    return rows


def _read_rows(path: Path, rows: list[dict] | str) -> list[Article]:
    if isinstance(rows, str):
        return [Article(str(path), problems=[rows])]
    out = []
    unit = "row" if path.suffix.lower() == ".csv" else "record"
    for n, row in enumerate(rows, start=2 if unit == "row" else 1):
        art = Article(f"{path} {unit} {n}")
        if "__error__" in row:
            art.problems.append(row["__error__"])
            out.append(art)
            continue
        fields = _by_field(row)
        if fields.get("text"):
            art.text = fields["text"]
        elif fields.get("path"):
            src = (path.parent / fields["path"]).resolve()
            inner = _read_text(src) if src.is_file() else Article(str(src), problems=["file not found"])
            art.text, art.problems = inner.text, [f"{fields['path']}: {p}" for p in inner.problems]
        else:
            names = ", ".join(COLUMN_ALIASES["text"] + COLUMN_ALIASES["path"])
            art.problems.append(f"no text: give the article in a column named one of {names}")
        for key, value in fields.items():
            if key not in ("text", "path") and value:
                art.meta[key], art.evidence[key] = value, f"{path.name}, {unit} {n}, column for {key}"
        title = art.meta.get("title", "")
        if art.text.strip() and title and title not in (line.strip() for line in art.text.splitlines()):
            # An export keeps the headline apart from the body; the seed text is the whole article.
            art.text = f"{title}\n\n{art.text}"
            art.evidence["title"] += ", written as the first line of the text"
        out.append(art)
    return out


def _by_field(row: dict) -> dict[str, str]:
    """The row's values by manifest field, matching column names case-insensitively via the aliases."""
    lower = {str(k).strip().lower(): ("" if v is None else str(v)) for k, v in row.items()}
    out = {}
    for key, aliases in COLUMN_ALIASES.items():
        value = next((lower[a] for a in aliases if lower.get(a, "").strip()), "")
        out[key] = value if key == "text" else value.strip()
    return out


def outlet_from_url(url: str) -> str:
    """The site's host name without ``www.`` (the outlet when the page names none)."""
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.")
