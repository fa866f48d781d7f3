"""Render the executed notebooks into an offline HTML site.

Each stored plotly figure (``application/vnd.plotly.v1+json``) becomes an inline chart with a
fixed id, drawn by one local copy of plotly.js; the page template drops every CDN script and
folds code away. Output is byte-identical on rebuild.

Conventions notebooks and figures can adopt (the site uses them when present, works without them):

- Cell tags. ``headline``: a code cell whose Markdown output is the notebook's computed headline
  (shown on the index card and first on the page). ``finding``: further computed finding cells,
  moved right after the headline. ``method`` / ``limitations`` on a Markdown *heading* cell: that
  section (up to the next heading) moves after the charts, method first, limitations last.
- Figure metadata: ``fig.update_layout(meta={"sources": [...], "method": "...", "validation": "..."})``
  on a plotly figure fills the chart's Sources and Method views (otherwise they link to the data
  index, with the reference data and their SOURCES.md, and to the page's method section).
- Findings link to charts and evidence: a ``headline``/``finding`` cell's Markdown may link a chart as
  ``[words](#chart-<name>)`` (the figure named ``<name>`` in its meta, see ``plots.with_meta``) and a
  sentence as ``[words](texts/<doc_id>.html#start=N&end=M)``; a finding cell tagged ``chart-<name>`` gets
  a "See the chart" link to it after its text. A link to a chart the page does not have stops the build.
- Tables: a rendered table with ``doc_id`` (or an outlet column), ``start`` and ``end`` columns
  gets evidence links opening the text viewer at that span.

``python -m minusma_lib.build.site OUT_DIR [--notebooks DIR]`` builds the site from ``DIR/NN_*.ipynb``
(default ``notebooks/``); ``make site`` passes the folder of ``make notebooks``.
"""

from __future__ import annotations

import argparse
import csv
import html
import re
import shutil
from pathlib import Path

import nbformat
import plotly
from jupyter_core.paths import jupyter_path
from markdown_it import MarkdownIt
from nbconvert import HTMLExporter

from minusma_lib.build import site_pages
from minusma_lib.build.site_charts import (
    chart_anchor,
    chart_html,
    script_json,
    write_chart_data,
)
from minusma_lib.core.paths import corpus_dir, data_dir, processed_dir, project_root

PLOTLY_MIME = "application/vnd.plotly.v1+json"
# Pages run only the site's own script files: no inline script, no eval, nothing from the network.
# Plotly.js sets inline styles, so styles may be inline; they cannot run code.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
)
# Markdown with raw HTML switched off: a "<script>" or "<img onerror=...>" in prose is shown as text.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


_EVIDENCE_HREF = re.compile(r'<a href="(texts/[\w-]+\.html#start=\d+&amp;end=\d+)"')


def safe_markdown(text: str) -> str:
    """The one place Markdown becomes HTML on the site: raw HTML is escaped, never passed through. A link
    to a span of a text (``texts/<doc_id>.html#start=N&end=M``) is marked as evidence, like table links."""
    return _EVIDENCE_HREF.sub(r'<a class="evidence" href="\1"', _MARKDOWN.render(text))


TEMPLATES = Path(__file__).parent / "templates"
HEADLINE_TAG = "headline"
LICENCE_FILES = ("LICENSE", "LICENSE-data", "CITATION.cff")
# Data folders copied into the site as files (reference data, hand coding, and the rule files the methods
# read), so every source a chart names can be opened from it.
SHIPPED_DATA = ("reference", "annotations", "codebooks", "lexicons")
# Reader order of a findings page, from cell tags (see the module docstring): findings, then
# everything untagged (charts and their text), then how we measured it, then limitations.
FINDING_TAGS = (HEADLINE_TAG, "finding")
SECTION_RANK = {"method": 2, "limitations": 3}


def inline_charts(
    nb: nbformat.NotebookNode,
    prefix: str,
    chart_dir: Path | None = None,
    raw_texts: dict[str, str] | None = None,
) -> int:
    """Replace every plotly JSON output by an inline chart (its points and evidence written to ``chart_dir``;
    ``raw_texts`` maps doc_id to the raw seed text the evidence offsets point into)."""
    n, anchors = 0, set()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if PLOTLY_MIME in data:
                n += 1
                div_id = f"{prefix}-chart-{n}"
                anchor = chart_anchor(data[PLOTLY_MIME])
                if anchor in anchors:  # two charts of one name: the first keeps the anchor
                    anchor = ""
                anchors.add(anchor)
                evidence = chart_dir is not None and write_chart_data(
                    data[PLOTLY_MIME], chart_dir / f"{div_id}.csv", raw_texts
                )
                out["data"] = {"text/html": chart_html(data[PLOTLY_MIME], div_id, anchor, evidence)}
    return n


def notebook_title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def headline(nb: nbformat.NotebookNode) -> str | None:
    """The Markdown output of the cell tagged ``headline`` (computed by the notebook)."""
    for cell in nb.cells:
        if HEADLINE_TAG in cell.get("metadata", {}).get("tags", []):
            for out in cell.get("outputs", []):
                md = out.get("data", {}).get("text/markdown")
                if md:
                    return md if isinstance(md, str) else "".join(md)
    return None


def cell_tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def is_heading(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "markdown" and cell.source.lstrip().startswith("#")


def reader_order(cells: list) -> list:
    """Cells in reading order: the title cell, cells tagged ``headline``/``finding``, the untagged
    sections, sections whose heading cell is tagged ``method``, then ``limitations``.

    A section is a Markdown heading cell and the cells up to the next heading; the order within a
    rank is the notebook's. A notebook without these tags keeps its order (findings first only)."""
    if not cells:
        return cells
    title, rest = cells[0], cells[1:]
    findings = [c for c in rest if set(cell_tags(c)) & set(FINDING_TAGS)]
    moved = {id(c) for c in findings}
    sections: list[list] = []
    for cell in rest:
        if id(cell) in moved:
            continue
        if is_heading(cell) or not sections:
            sections.append([])
        sections[-1].append(cell)

    def rank(section: list) -> int:
        head = section[0] if is_heading(section[0]) else None
        return max((SECTION_RANK.get(t, 1) for t in cell_tags(head)), default=1) if head else 1

    return [title, *findings, *(c for sec in sorted(sections, key=rank) for c in sec)]


def finding_chart_links(nb: nbformat.NotebookNode, where: str) -> None:
    """Append a "See the chart" link to every finding cell tagged ``chart-<name>``, then check that every
    ``#chart-<name>`` link of the page's Markdown has its chart (else a ValueError naming the notebook)."""
    titles = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            fig = out.get("data", {}).get(PLOTLY_MIME)
            if fig and chart_anchor(fig):
                title = ((fig.get("layout") or {}).get("title") or {}).get("text") or chart_anchor(fig)
                titles.setdefault(chart_anchor(fig), re.sub(r"<[^>]+>", " ", str(title)).strip())
    for cell in nb.cells:
        wanted = [t for t in cell_tags(cell) if t.startswith("chart-")]
        if not wanted or not set(cell_tags(cell)) & set(FINDING_TAGS):
            continue
        links = " · ".join(f"[{titles.get(a, a)}](#{a})" for a in wanted)
        for out in cell.get("outputs", []):
            md = out.get("data", {}).get("text/markdown")
            if md is not None:
                out["data"]["text/markdown"] = (
                    f"{md if isinstance(md, str) else ''.join(md)}\n\nSee the chart: {links}"
                )
                break
    texts = [c.source for c in nb.cells if c.cell_type == "markdown"] + [
        md if isinstance(md, str) else "".join(md)
        for c in nb.cells
        for out in c.get("outputs", [])
        if (md := out.get("data", {}).get("text/markdown")) is not None
    ]
    missing = sorted({a for text in texts for a in re.findall(r"\(#(chart-[\w-]+)\)", text)} - set(titles))
    if missing:
        raise ValueError(
            f"{where}: links to {missing}, but no chart of the page is named so; name the figure with "
            "plots' meta={'name': ...} or fix the link"
        )


def markdown_to_safe_html(nb: nbformat.NotebookNode) -> None:
    """Render every Markdown cell and Markdown output with :func:`safe_markdown` (raw HTML escaped)."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            nb.cells[i] = nbformat.v4.new_raw_cell(
                safe_markdown(cell.source), metadata={"raw_mimetype": "text/html"}, id=cell.get("id")
            )
            continue
        for out in cell.get("outputs", []):
            md = out.get("data", {}).get("text/markdown")
            if md is not None:
                out["data"] = {"text/html": safe_markdown(md if isinstance(md, str) else "".join(md))}


def render_notebook(
    path: Path,
    out_dir: Path,
    outlet_ids: dict[str, str] | None = None,
    terms: list[dict] | None = None,
    raw_texts: dict[str, str] | None = None,
    sentence_spans: dict[str, tuple[str, int, int]] | None = None,
) -> dict:
    nb = nbformat.read(path, as_version=4)
    head = headline(nb)
    title = notebook_title(nb, path.stem)
    nb.cells = reader_order(nb.cells)
    finding_chart_links(nb, str(path))
    n_charts = inline_charts(nb, path.stem, out_dir / "data" / "charts", raw_texts)
    markdown_to_safe_html(nb)
    exporter = HTMLExporter(
        template_name="minusma",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}, "csp": CSP})
    body = re.sub(
        r'<table border="1" class="dataframe">.*?</table>',
        lambda m: site_pages.add_evidence_links(
            site_pages.replace_id_columns(site_pages.drop_range_index(m.group(0)), sentence_spans or {}),
            outlet_ids or {},
        ),
        body,
        flags=re.S,
    )
    body = site_pages.link_glossary_terms(body, terms or [])
    target = out_dir / f"{path.stem}.html"
    target.write_text(body, encoding="utf-8")
    return {
        "stem": path.stem,
        "page": target.name,
        "title": nb.metadata["title"],
        "headline": head,
        "charts": n_charts,
    }


def index_html(pages: list[dict], files: list[str], n_texts: int) -> str:
    cards = []
    for p in pages:
        text = (
            safe_markdown(p["headline"]).replace('href="#chart-', f'href="{html.escape(p["page"])}#chart-')
            if p["headline"]
            else '<p class="pending">No headline computed.</p>'
        )
        cards.append(
            f'<section class="card"><h2><a href="{html.escape(p["page"])}">{html.escape(p["title"])}</a></h2>'
            f'<div class="headline">{text}</div></section>'
        )
    rows = "".join(f'<tr><td><a href="data/{html.escape(f)}">{html.escape(f)}</a></td></tr>' for f in files)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>How news outlets covered the end of MINUSMA</title>
<link rel="stylesheet" href="assets/site.css">
</head>
<body>
<main>
<h1>How news outlets covered the end of MINUSMA</h1>
<p>The UN Security Council ended the peacekeeping mission in Mali (MINUSMA) with Resolution 2690 on
30 June 2023. This site compares how {n_texts} texts about that decision were written: what they are and
what cleaning removed, which frames they use, which poll and personnel figures they cite and how those
compare with the best available sources (UN, FES and SIPRI documents and wire reports; figures found only
in secondary sources are marked unverified), and how they evaluate MINUSMA, the Malian junta, Russia/Wagner
and France/the West. One text is an AI chatbot transcript, shown apart from the news outlets. Every number below is computed from the data; every figure can be traced to the
sentence it came from (hover a chart point, or use the <code>start</code>/<code>end</code> offsets in the
tables). The pages work offline.</p>
<div class="cards">
{"".join(cards)}
</div>
<p><a href="texts/index.html">Read the texts</a> (any <code>start</code>/<code>end</code> offset opens at its
sentence) · <a href="glossary.html">Glossary</a> · <a href="data/index.html">All data</a></p>
<h2>Data</h2>
<p>The processed tables behind every chart (CSV, UTF-8). Offsets <code>start</code>/<code>end</code>
point into the raw seed files; see the data dictionary.</p>
<table class="files">{rows}</table>
{site_pages.citation_box()}
</main>
</body>
</html>
"""


def lab_css() -> str:
    """nbconvert's lab stylesheets (layout and light theme), once for the whole site."""
    for folder in jupyter_path("nbconvert", "templates"):
        static = Path(folder) / "lab" / "static"
        if (static / "index.css").is_file():
            return "\n".join(
                (static / n).read_text(encoding="utf-8") for n in ("index.css", "theme-light.css")
            )
    raise FileNotFoundError(
        "nbconvert's lab template stylesheets were not found; reinstall nbconvert (make venv)."
    )


def build_site(
    out_dir: Path, notebooks: list[Path] | None = None, data_dir: Path | None = None
) -> list[dict]:
    """Write the site into ``out_dir`` (replaced); return one record per page."""
    notebooks = notebooks or sorted((project_root() / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    data_dir = data_dir or processed_dir()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "assets").mkdir(parents=True)
    (out_dir / "data").mkdir()
    shutil.copy(
        Path(plotly.__file__).parent / "package_data" / "plotly.min.js", out_dir / "assets" / "plotly.min.js"
    )
    shutil.copy(TEMPLATES / "minusma" / "site.css", out_dir / "assets" / "site.css")
    (out_dir / "assets" / "notebook.css").write_text(lab_css(), encoding="utf-8")
    for asset in ("charts.js", "viewer.js"):
        shutil.copy(TEMPLATES / "minusma" / asset, out_dir / "assets" / asset)
    files = []
    for f in sorted(data_dir.glob("*")):
        if f.suffix in (".csv", ".md"):
            shutil.copy(f, out_dir / "data" / f.name)
            files.append(f.name)
    docs = list(csv.DictReader((data_dir / "documents.csv").open(encoding="utf-8")))
    write_reader_pages(out_dir, docs)
    shorts = [d.get("outlet_short", "") for d in docs]
    outlet_ids = {
        d["outlet_short"]: d["doc_id"] for d in docs if shorts.count(d.get("outlet_short", "")) == 1
    }
    terms = site_pages.glossary_terms()
    raw_texts = {d["doc_id"]: (corpus_dir() / d["seed_file"]).read_text(encoding="utf-8") for d in docs}
    spans = {
        s["sent_id"]: (s["doc_id"], int(s["start"]), int(s["end"]))
        for s in csv.DictReader((data_dir / "sentences.csv").open(encoding="utf-8"))
    }
    pages = [render_notebook(p, out_dir, outlet_ids, terms, raw_texts, spans) for p in notebooks]
    (out_dir / "index.html").write_text(index_html(pages, files, len(docs)), encoding="utf-8")
    return pages


def write_reader_pages(out_dir: Path, docs: list[dict]) -> None:
    """Text viewer pages, glossary, changelog and the data index (with reference data and hand coding)."""
    (out_dir / "texts").mkdir()
    for d in docs:
        raw = (corpus_dir() / d["seed_file"]).read_text(encoding="utf-8")
        page = site_pages.text_page(d, raw, CSP, script_json)
        (out_dir / "texts" / f"{d['doc_id']}.html").write_text(page, encoding="utf-8")
    (out_dir / "texts" / "index.html").write_text(site_pages.texts_index(docs, CSP), encoding="utf-8")
    terms = site_pages.glossary_terms()
    (out_dir / "glossary.html").write_text(site_pages.glossary_page(terms, CSP), encoding="utf-8")
    changes = (project_root() / "CHANGELOG.md").read_text(encoding="utf-8")
    (out_dir / "changelog.html").write_text(
        site_pages.page("Changelog", safe_markdown(changes), CSP), encoding="utf-8"
    )
    listed = []
    for sub in SHIPPED_DATA:
        (out_dir / "data" / sub).mkdir()
        for f in sorted((data_dir() / sub).glob("*")):
            if f.suffix in (".csv", ".md", ".yaml") and f.is_file():
                shutil.copy(f, out_dir / "data" / sub / f.name)
                listed.append(f"{sub}/{f.name}")
    for name in LICENCE_FILES:  # the licences and citation metadata, as plain text
        shutil.copy(project_root() / name, out_dir / "data" / f"{name}.txt")
    processed = sorted(f.name for f in (out_dir / "data").glob("*.*"))
    items = "".join(f'<li><a href="{html.escape(n)}">{html.escape(n)}</a></li>' for n in processed + listed)
    body = (
        "<h1>All data</h1><p>Processed tables (<code>DATA_DICTIONARY.md</code> describes every column), the "
        "reference data with their sources (<code>reference/SOURCES.md</code>), the hand coding with its "
        "coding guides (<code>annotations/</code>), and the editable rules the methods read: codebooks "
        f"(<code>codebooks/</code>) and word lists (<code>lexicons/</code>).</p><ul>{items}</ul>"
    )
    (out_dir / "data" / "index.html").write_text(
        site_pages.page("All data", body, CSP, root="../"), encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> None:
    """``python -m minusma_lib.build.site [OUT_DIR] [--notebooks DIR]`` (the Makefile's ``site`` target)."""
    parser = argparse.ArgumentParser(description="Render the executed notebooks into an offline site.")
    parser.add_argument("out", nargs="?", type=Path, default=project_root() / "site")
    parser.add_argument(
        "--notebooks", type=Path, default=None, help="folder of executed notebooks (default: notebooks/)"
    )
    args = parser.parse_args(argv)
    notebooks = sorted(args.notebooks.glob("[0-9][0-9]_*.ipynb")) if args.notebooks else None
    if notebooks == []:
        raise SystemExit(
            f"{args.notebooks}: no executed notebooks (NN_name.ipynb); run `make notebooks` first"
        )
    for page in build_site(args.out, notebooks):
        print(f"{args.out / page['page']}: {page['charts']} chart(s)")
    print(f"{args.out / 'index.html'}")


if __name__ == "__main__":
    main()
