"""The site's reader pages besides the notebooks: text viewer, glossary, changelog, how to cite.

- ``texts/<doc_id>.html``: the raw seed text, with the span given in the URL highlighted
  (``texts/iv.html#start=302&end=497``; offsets are code points of the raw UTF-8 file, the same as
  every ``start``/``end`` column). Tables with ``start``/``end`` and ``doc_id`` (or ``outlet``) columns
  get evidence links to it (:func:`add_evidence_links`).
- ``glossary.html`` from ``data/glossary.yaml``; ``changelog.html`` from ``CHANGELOG.md``;
  a citation box from ``CITATION.cff`` with the commit and its date (never the wall clock, so a
  rebuild of one commit is byte-identical).

Every page carries the same Content-Security-Policy as the notebooks: local scripts only.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import yaml

from minusma_lib.core.config import load_yaml
from minusma_lib.core.paths import data_dir, project_root

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{title}</title>
<link rel="stylesheet" href="{root}assets/site.css">
{head}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<nav class="site-nav"><a href="{root}index.html">Findings</a> · <a href="{root}texts/index.html">Texts</a> ·
<a href="{root}glossary.html">Glossary</a> · <a href="{root}changelog.html">Changelog</a></nav>
<main id="main">
{body}
</main>
</body>
</html>
"""


def page(title: str, body: str, csp: str, root: str = "", head: str = "") -> str:
    """A reader page in the site's frame (navigation, stylesheet, CSP)."""
    return PAGE.format(title=html.escape(title), body=body, csp=csp, root=root, head=head)


def slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def glossary_terms(path: Path | None = None) -> list[dict]:
    return list(load_yaml(path or data_dir() / "glossary.yaml")["terms"])


def glossary_page(terms: list[dict], csp: str) -> str:
    items = "".join(
        f'<dt id="{slug(t["term"])}">{html.escape(t["term"])}</dt><dd>{html.escape(t["definition"])}</dd>'
        for t in sorted(terms, key=lambda t: t["term"].lower())
    )
    return page("Glossary", f'<h1>Glossary</h1><dl class="glossary">{items}</dl>', csp)


def link_glossary_terms(body: str, terms: list[dict]) -> str:
    """Link the first occurrence of each glossary term in the page's paragraphs to its definition."""
    for t in sorted(terms, key=lambda t: -len(t["term"])):
        pattern = re.compile(r"(<p>(?:(?!</p>).)*?)\b(" + re.escape(t["term"]) + r")\b", re.I | re.S)
        for m in pattern.finditer(body):
            if m.group(1).rfind("<a ") > m.group(1).rfind("</a>"):
                continue  # inside a link already (a link may not hold another): try the next paragraph
            link = f'<a class="term" href="glossary.html#{slug(t["term"])}">{m.group(2)}</a>'
            body = body[: m.start(2)] + link + body[m.end(2) :]
            break
    return body


def text_page(doc: dict, raw: str, csp: str, script_json) -> str:
    """One seed text in the viewer (the text travels as a JSON data block; viewer.js shows it)."""
    apart = (
        '<p class="note">This text is an AI chatbot transcript, not a news outlet.</p>'
        if doc.get("genre") == "ai_chatbot_transcript"
        else ""
    )
    body = (
        f"<h1>{html.escape(doc.get('title') or doc['doc_id'])}</h1>"
        f"<p>{html.escape(doc.get('outlet', ''))}, {html.escape(doc.get('date_published', ''))} · "
        f"document <code>{html.escape(doc['doc_id'])}</code>, file <code>{html.escape(doc.get('seed_file', ''))}</code>"
        f'</p>{apart}<p id="span-info" class="note">Add <code>#start=N&amp;end=M</code> to the address to '
        "highlight characters N to M of the raw file (the offsets of every table).</p>"
        '<pre id="text" class="raw-text"></pre>'
        f'<script type="application/json" id="text-data">{script_json({"text": raw})}</script>'
    )
    return page(
        doc.get("title") or doc["doc_id"],
        body,
        csp,
        root="../",
        head='<script src="../assets/viewer.js" defer></script>\n',
    )


def texts_index(docs: list[dict], csp: str) -> str:
    rows = []
    for d in docs:
        genre = d.get("genre", "").replace("_", " ")
        rows.append(
            f'<tr><td><a href="{html.escape(d["doc_id"])}.html">{html.escape(d.get("title") or d["doc_id"])}</a></td>'
            f"<td>{html.escape(d.get('outlet_short', ''))}</td><td>{html.escape(d.get('date_published', ''))}</td>"
            f"<td>{html.escape(genre)}</td></tr>"
        )
    body = (
        "<h1>The texts</h1><p>The raw texts the study reads, as stored (no cleaning). Every table's "
        "<code>start</code>/<code>end</code> offsets point into these.</p>"
        '<table class="files"><tr><th>title</th><th>outlet</th><th>date</th><th>genre</th></tr>'
        + "".join(rows)
        + "</table>"
    )
    return page("The texts", body, csp, root="../")


# One row of a pandas HTML table: its cells (the first, the index, may be <th>).
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(t[hd])([^>]*)>(.*?)</\1>", re.S)


def is_row_numbering(labels: list[str | None]) -> bool:
    """0, 1, 2, ... — also when pandas elides the middle of a long table (``0 … 4, ..., 95 … 99``)."""
    if not labels or labels[0] != "0":
        return False
    previous = None
    for label in labels:
        if label == "...":
            previous = None
            continue
        if label is None or not label.isdigit() or (previous is not None and int(label) != previous + 1):
            return False
        previous = int(label)
    return True


def drop_range_index(table_html: str) -> str:
    """Remove a pandas table's index column when it is only the row numbers 0, 1, 2, ... (a reader
    has no use for them); an index of labels (frame names, outlets) is content and stays."""
    body = table_html.split("<tbody>", 1)
    if len(body) != 2:
        return table_html
    firsts = [_CELL.search(r) for r in _ROW.findall(body[1])]
    numbers = [m.group(3).strip() if m and m.group(1) == "th" else None for m in firsts]
    if not is_row_numbering(numbers):
        return table_html
    return _ROW.sub(lambda m: m.group(0).replace(_CELL.search(m.group(1)).group(0), "", 1), table_html)


def add_evidence_links(table_html: str, outlet_ids: dict[str, str], prefix: str = "texts/") -> str:
    """Link the ``start`` cell of every row of a pandas table that has ``start``, ``end`` and a
    ``doc_id`` (or ``outlet``) column to the text viewer at that span."""
    rows = _ROW.findall(table_html)
    if not rows:
        return table_html
    header = [html.unescape(re.sub(r"<[^>]+>", "", c[2])).strip() for c in _CELL.findall(rows[0])]
    if "start" not in header or "end" not in header:
        return table_html
    key = "doc_id" if "doc_id" in header else "outlet" if "outlet" in header else None
    if key is None:
        return table_html
    i_start, i_end, i_key = header.index("start"), header.index("end"), header.index(key)

    def link_row(m: re.Match) -> str:
        cells = _CELL.findall(m.group(1))
        if len(cells) != len(header) or cells[0][0] == "th" and cells[1][0] == "th":
            return m.group(0)
        values = [html.unescape(c[2]).strip() for c in cells]
        doc = values[i_key] if key == "doc_id" else outlet_ids.get(values[i_key], "")
        start, end = values[i_start], values[i_end]
        if not doc or not start.isdigit() or not end.isdigit():
            return m.group(0)
        href = f"{prefix}{html.escape(doc)}.html#start={start}&amp;end={end}"
        parts = list(cells)
        tag, attrs, _ = parts[i_start]
        parts[i_start] = (tag, attrs, f'<a class="evidence" href="{href}">{start}</a>')
        inner = "".join(f"<{t}{a}>{v}</{t}>" for t, a, v in parts)
        return m.group(0).replace(m.group(1), "\n" + inner + "\n", 1)

    return _ROW.sub(link_row, table_html)


# Internal ids are not content for a reader: columns named like these (or whose every value is a
# sentence id) are replaced by a link into the text viewer where a sentence id gives the span, else dropped.
ID_COLUMNS = {
    "id",
    "rule_id",
    "edition_key",
    "cue_ids",
    "pattern_ids",
    "pattern ids",
    "cue ids",
    "sentence id",
}
_SENT_ID = re.compile(r"^[a-z0-9_]+-s\d+$")


def _cell_text(cell: tuple[str, str, str]) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", cell[2])).strip()


def is_id_column(name: str, values: list[str]) -> bool:
    """An internal id column: ``*_id`` (not ``doc_id``), a known id name, or sentence ids as values."""
    if name == "doc_id":
        return False
    if name in ID_COLUMNS or name.endswith("_id") or name.endswith("_ids"):
        return True
    filled = [v for v in values if v not in ("", "...", "…")]
    return bool(filled) and all(_SENT_ID.match(v) for v in filled)


def replace_id_columns(
    table_html: str, sentence_spans: dict[str, tuple[str, int, int]], prefix: str = "texts/"
) -> str:
    """Drop a pandas table's internal-id columns (claim, sentence, cue, rule ids); a column of sentence
    ids becomes a "read" link opening the viewer at that sentence (spans from ``sentences.csv``)."""
    rows = _ROW.findall(table_html)
    if len(rows) < 2:
        return table_html
    header = [_cell_text(c) for c in _CELL.findall(rows[0])]
    body = [_CELL.findall(r) for r in rows[1:]]
    if any(len(r) != len(header) for r in body):
        return table_html  # a multi-level header or a ragged table: left as it is
    columns = [[_cell_text(r[i]) for r in body] for i in range(len(header))]
    ids = [i for i, name in enumerate(header) if is_id_column(name, columns[i])]
    if not ids:
        return table_html
    linked = next((i for i in ids if any(v in sentence_spans for v in columns[i])), None)

    def cell_for(i: int, cell: tuple[str, str, str], is_header: bool) -> str:
        tag, attrs, value = cell
        if i == linked:
            if is_header:
                return f"<{tag}{attrs}>in the text</{tag}>"
            span = sentence_spans.get(_cell_text(cell))
            if span:
                doc, start, end = span
                href = f"{prefix}{html.escape(doc)}.html#start={start}&amp;end={end}"
                return f'<{tag}{attrs}><a class="evidence" href="{href}">read</a></{tag}>'
            return f"<{tag}{attrs}></{tag}>"
        if i in ids:
            return ""
        return f"<{tag}{attrs}>{value}</{tag}>"

    def fix_row(m: re.Match) -> str:
        cells = _CELL.findall(m.group(1))
        is_header = m.group(1) == rows[0]
        inner = "".join(cell_for(i, c, is_header) for i, c in enumerate(cells))
        return m.group(0).replace(m.group(1), "\n" + inner + "\n", 1)

    return _ROW.sub(fix_row, table_html)


def git_version() -> tuple[str, str]:
    """(commit, commit date YYYY-MM-DD) of the checkout, or ("unknown", "unknown") outside git."""
    try:
        out = subprocess.run(
            ["git", "-C", str(project_root()), "log", "-1", "--format=%H %cs"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.split()
        return (out[0], out[1]) if len(out) == 2 else ("unknown", "unknown")
    except (OSError, subprocess.SubprocessError):
        return "unknown", "unknown"


def citation_box() -> str:
    """How to cite the study: title and version from CITATION.cff, the commit and its date."""
    cff = yaml.safe_load((project_root() / "CITATION.cff").read_text(encoding="utf-8"))
    commit, date = git_version()
    authors = ", ".join(a.get("name", "") for a in cff.get("authors", []))
    return (
        '<section class="cite"><h2>How to cite</h2><p>'
        f"{html.escape(authors)}. <em>{html.escape(cff.get('title', ''))}</em>. "
        f"Version {html.escape(str(cff.get('version', 'unversioned')))}, commit <code>{html.escape(commit[:12])}</code> "
        f"({html.escape(date)}). Code: MIT licence; data, hand coding and site text: CC BY 4.0 "
        '(<a href="data/LICENSE.txt">LICENSE</a>, <a href="data/LICENSE-data.txt">LICENSE-data</a>, '
        '<a href="data/CITATION.cff.txt">CITATION.cff</a>); the seed texts belong to their publishers.</p>'
        '<p><a href="changelog.html">What changed in the findings</a> · '
        '<a href="data/index.html">All data (processed tables, reference data with sources, hand coding)</a></p>'
        "</section>"
    )
