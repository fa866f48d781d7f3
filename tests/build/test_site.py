"""The HTML site: offline, injection-safe, and every chart renders in headless Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import nbformat
import plotly.graph_objects as go
import pytest
from nbclient import NotebookClient

from minusma_lib.build import site, site_charts
from minusma_lib.core.paths import project_root

NOTEBOOKS = sorted((project_root() / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
EVIL = "</script><script>document.documentElement.setAttribute('data-pwned','1')</script>"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # the network is off for the page
    "--virtual-time-budget=15000",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("site")
    return out, site.build_site(out)


def dump_dom(url: str) -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        res = subprocess.run(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


def test_a_page_per_notebook_and_an_index(built):
    out, pages = built
    assert [p["stem"] for p in pages] == [p.stem for p in NOTEBOOKS]
    index = (out / "index.html").read_text(encoding="utf-8")
    for p in pages:
        assert (out / p["page"]).is_file()
        assert f'href="{p["page"]}"' in index
        assert p["headline"], f"{p['stem']} has no cell tagged 'headline' with a Markdown output"
    for f in (project_root() / "data" / "processed").glob("*.csv"):
        assert f'href="data/{f.name}"' in index
        assert (out / "data" / f.name).read_bytes() == f.read_bytes()


def test_no_external_scripts_styles_or_fonts(built):
    out, _ = built
    for page in out.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        refs = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)', html)
        external = [r for r in refs if re.match(r"(?i)(https?:)?//", r)]
        assert not external, (page.name, external)
        assert not re.search(r"@import\s+url\(\s*['\"]?(https?:)?//", html)
        assert not re.search(r"url\(\s*['\"]?https?://", html), page.name
        assert "cdn." not in html.lower(), page.name
    assert (out / "assets" / "plotly.min.js").stat().st_size > 1_000_000


def test_rebuild_is_byte_identical(built, tmp_path):
    out, _ = built
    site.build_site(tmp_path / "again")
    for page in out.glob("*.html"):
        assert page.read_bytes() == (tmp_path / "again" / page.name).read_bytes()


def test_every_chart_renders_offline(built):
    out, pages = built
    for p in pages + [{"page": "index.html", "charts": 0}]:
        dom = dump_dom((out / p["page"]).as_uri())
        drawn = len(re.findall(r'class="plotly-chart js-plotly-plot"', dom))
        assert drawn == p["charts"], f"{p['page']}: {drawn} of {p['charts']} charts drawn"
        assert dom.count('class="main-svg"') >= 2 * p["charts"]
        # Chart / Data / Sources / Method tabs: the chart is shown, the other three wait behind buttons.
        assert dom.count('aria-pressed="true"') == p["charts"]
        assert (
            len(re.findall(r'class="chart-panel chart-panel-\w+" id="[^"]+" hidden', dom)) == 3 * p["charts"]
        )


def test_script_in_corpus_text_is_shown_not_run(tmp_path):
    """Corpus text reaches pages through tables, computed prose and chart hovers: none may run."""
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# 99 Injection"),
            nbformat.v4.new_code_cell(
                "import pandas as pd\n"
                "import plotly.graph_objects as go\n"
                "from minusma_lib import plots\n"
                "from minusma_lib.report.text import esc, show\n"
                f"evil = {EVIL!r}\n"
                "pd.DataFrame({'text': [evil]})"
            ),
            nbformat.v4.new_code_cell(
                "show('The sentence was: ' + esc(evil))", metadata={"tags": ["headline"]}
            ),
            nbformat.v4.new_code_cell(
                "fig = go.Figure(go.Bar(x=[1], y=[1], name=evil, customdata=[plots.hover_text(evil)],"
                " hovertemplate='%{customdata}'))\n"
                "plots.style(fig, evil)"
            ),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    nb_path = tmp_path / "99_injection.ipynb"
    nbformat.write(nb, nb_path)
    out = tmp_path / "site"
    pages = site.build_site(out, [nb_path])
    html = (out / "99_injection.html").read_text(encoding="utf-8")
    assert "<script>document.documentElement" not in html
    assert pages[0]["charts"] == 1
    dom = dump_dom((out / "99_injection.html").as_uri())
    assert not re.search(r"<html[^>]*data-pwned", dom)  # the injected script never ran
    assert "&lt;/script&gt;&lt;script&gt;" in dom  # it is shown as text instead
    assert 'class="plotly-chart js-plotly-plot"' in dom  # the chart still draws
    index_dom = dump_dom((out / "index.html").as_uri())
    assert not re.search(r"<html[^>]*data-pwned", index_dom)
    assert "The sentence was: &lt;/script&gt;&lt;script&gt;" in index_dom


def test_chart_json_cannot_close_the_script_element():
    fig = {"data": [{"type": "bar", "name": EVIL}], "layout": {}}
    html = site_charts.chart_html(fig, "x")
    assert html.count("</script>") == 1
    assert 'type="application/json"' in html  # a data block, not a script that runs
    payload = re.search(r'<script type="application/json"[^>]*>(.*)</script>', html, re.S).group(1)
    assert json.loads(payload)["data"][0]["name"] == EVIL


PAYLOADS = (
    "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','1')\">",
    "<svg onload=\"document.documentElement.setAttribute('data-pwned','1')\"></svg>",
    "<script>document.documentElement.setAttribute('data-pwned','1')</script>",
)


def test_raw_html_in_prose_and_markdown_is_shown_not_run(tmp_path):
    """Issue 15: prose was rendered as Markdown with raw HTML allowed, so a manifest or codebook string
    that reached it unescaped ran. Every payload is planted raw (not through ``esc``)."""
    cells = [nbformat.v4.new_markdown_cell("# 98 Raw HTML\n\n" + " ".join(PAYLOADS))]
    for i, payload in enumerate(PAYLOADS):
        cells.append(
            nbformat.v4.new_code_cell(
                f"from minusma_lib.report.text import show\nshow({payload!r})",
                metadata={"tags": ["headline"]} if i == 0 else {},
            )
        )
    nb = nbformat.v4.new_notebook(
        cells=cells,
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    nb_path = tmp_path / "98_raw.ipynb"
    nbformat.write(nb, nb_path)
    out = tmp_path / "site"
    site.build_site(out, [nb_path])
    for page in ("98_raw.html", "index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "<img src=x" not in html and "<svg onload" not in html
        assert 'http-equiv="Content-Security-Policy"' in html
        dom = dump_dom((out / page).as_uri())
        assert not re.search(r"<html[^>]*data-pwned", dom), page
        assert "&lt;img src=x onerror=" in dom, page  # shown as text


def test_every_page_forbids_inline_scripts(built):
    out, _ = built
    for page in out.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert f'content="{site.CSP}"' in html, page.name
        inline = [
            m for m in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html) if "application/json" not in m
        ]
        assert inline == [], (page.name, inline[:3])


# --- reader pages (issue 14): viewer, evidence links, glossary, size, phone width -------------------

MEASURE_JS = (
    "document.documentElement.setAttribute('data-overflow', "
    "String(document.documentElement.scrollWidth > window.innerWidth));"
)


def _mark(dom: str) -> str:
    m = re.search(r'<mark id="span">(.*?)</mark>', dom, re.S)
    assert m, "no highlighted span"
    return m.group(1)


def test_the_viewer_highlights_a_quote_at_its_offsets(built):
    import html as html_lib

    import pandas as pd

    out, _ = built
    quotes = pd.read_csv(out / "data" / "quotes.csv", keep_default_na=False)
    q = quotes.iloc[len(quotes) // 2]
    dom = dump_dom((out / "texts" / f"{q['doc_id']}.html").as_uri() + f"#start={q['start']}&end={q['end']}")
    assert html_lib.unescape(_mark(dom)) == q["text"]


def test_the_viewer_counts_code_points_not_utf16_units(tmp_path):
    text = "a\U0001f600b<c>\U0001d400 end"
    page = site.site_pages.text_page({"doc_id": "t", "title": "T"}, text, site.CSP, site.script_json)
    (tmp_path / "texts").mkdir()
    (tmp_path / "assets").mkdir()
    shutil.copy(site.TEMPLATES / "minusma" / "viewer.js", tmp_path / "assets" / "viewer.js")
    (tmp_path / "texts" / "t.html").write_text(page, encoding="utf-8")
    dom = dump_dom((tmp_path / "texts" / "t.html").as_uri() + "#start=2&end=6")
    assert _mark(dom) == "b&lt;c&gt;"  # text[2:6] in Python: 'b<c>'


def test_evidence_links_open_the_viewer_at_their_span(built):
    out, _ = built
    links = []
    for page in sorted(out.glob("0*.html")):
        links += re.findall(
            r'class="evidence" href="(texts/(\w+)\.html#start=(\d+)&amp;end=(\d+))"', page.read_text()
        )
    if not links:
        pytest.skip("no table of this corpus shows start/end offsets")
    documents = {
        r["doc_id"]: r for r in __import__("csv").DictReader((out / "data" / "documents.csv").open())
    }
    href, doc, start, end = links[0]
    raw = (project_root() / "seeds" / documents[doc]["seed_file"]).read_text(encoding="utf-8")
    dom = dump_dom((out / "texts" / f"{doc}.html").as_uri() + f"#start={start}&end={end}")
    import html as html_lib

    assert html_lib.unescape(_mark(dom)) == raw[int(start) : int(end)]


def test_headline_numbers_link_to_their_exact_words_in_the_text(built):
    """A journalist goes from a headline number to its sentence in two clicks: index card -> viewer."""
    out, _ = built
    import csv
    import html as html_lib

    links = re.findall(
        r'class="evidence" href="texts/(\w+)\.html#start=(\d+)&amp;end=(\d+)">([^<]+)</a>',
        (out / "index.html").read_text(encoding="utf-8"),
    )
    if not links:
        pytest.skip("no headline of this corpus names a claim")
    documents = {r["doc_id"]: r for r in csv.DictReader((out / "data" / "documents.csv").open())}
    for doc, start, end, words in links:
        raw = (project_root() / "seeds" / documents[doc]["seed_file"]).read_text(encoding="utf-8")
        assert html_lib.unescape(words).strip("“”") == raw[int(start) : int(end)]


def test_reader_pages_exist_and_hide_code(built):
    out, pages = built
    assert (out / "glossary.html").is_file() and (out / "changelog.html").is_file()
    assert (out / "data" / "index.html").is_file() and (out / "data" / "reference" / "SOURCES.md").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "How to cite" in index and "CC BY 4.0" in index
    for p in pages:
        text = (out / p["page"]).read_text(encoding="utf-8")
        assert "jp-InputArea" not in text and "Show code" not in text, p["page"]
        assert "<style" not in text or len(text) < 400_000


@pytest.mark.parametrize("width", [390, 1300])
def test_no_page_overflows_the_screen_and_each_is_small(built, width):
    out, pages = built
    (out / "assets" / "measure.js").write_text(MEASURE_JS, encoding="utf-8")
    names = [p["page"] for p in pages] + ["index.html", "glossary.html", "texts/index.html"]
    for name in names:
        path = out / name
        assert path.stat().st_size < 400_000, f"{name}: {path.stat().st_size} bytes"
        root = "../" if "/" in name else ""
        probe = path.with_name(path.stem + ".probe.html")
        probe.write_text(
            path.read_text(encoding="utf-8").replace(
                "</head>", f'<script src="{root}assets/measure.js" defer></script></head>', 1
            ),
            encoding="utf-8",
        )
        dom = dump_dom_at(probe.as_uri(), width)
        probe.unlink()
        assert 'data-overflow="false"' in dom, f"{name} overflows at {width}px"


def dump_dom_at(url: str, width: int) -> str:
    """:func:`dump_dom` with a window ``width`` pixels wide."""
    global CHROMIUM_FLAGS
    saved = CHROMIUM_FLAGS
    try:
        CHROMIUM_FLAGS = [*saved, f"--window-size={width},900"]
        return dump_dom(url)
    finally:
        CHROMIUM_FLAGS = saved


def test_chart_data_lists_exactly_the_points_of_each_trace():
    fig = {
        "data": [
            {"name": "a", "x": ["2023-01-01", "2023-02-01"], "y": [1, 2]},
            {"name": "b", "y": [5, 6, 7]},
            {"name": "h", "x": ["p", "q"], "y": ["r"], "z": [[0.5, 0.25]]},
        ]
    }
    rows = site_charts.chart_rows(fig)
    assert [(r["trace"], r["x"], r["y"], r["z"]) for r in rows] == [
        ("a", "2023-01-01", 1, ""),
        ("a", "2023-02-01", 2, ""),
        ("b", "", 5, ""),
        ("b", "", 6, ""),
        ("b", "", 7, ""),
        ("h", "p", "r", 0.5),
        ("h", "q", "r", 0.25),
    ]


def test_every_chart_links_its_data_and_the_csv_has_its_points(built):
    import csv as csv_lib

    out, pages = built
    for p in pages:
        text = (out / p["page"]).read_text(encoding="utf-8")
        blocks = re.findall(
            r'<script[^>]*class="chart-data"[^>]*data-target="([^"]+)"[^>]*>(.*?)</script>', text, re.S
        )
        assert len(blocks) == p["charts"]
        for div_id, spec in blocks:
            assert f'href="data/charts/{div_id}.csv"' in text
            fig = json.loads(spec)
            with (out / "data" / "charts" / f"{div_id}.csv").open(encoding="utf-8") as f:
                n_rows = sum(1 for _ in csv_lib.DictReader(f))
            drawn = 0
            for t in fig["data"]:
                x, y, z = (site_charts.trace_values(t.get(k)) for k in ("x", "y", "z"))
                if z is not None:
                    drawn += sum(len(r) if isinstance(r, list) else 1 for r in z)
                else:
                    drawn += max(len(x or []), len(y or []))
            assert n_rows == drawn, div_id


def test_the_command_line_reads_the_notebooks_folder_it_is_given(tmp_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    shutil.copy(NOTEBOOKS[0], folder / NOTEBOOKS[0].name)
    site.main([str(tmp_path / "out"), "--notebooks", str(folder)])
    assert sorted(p.name for p in (tmp_path / "out").glob("[0-9][0-9]_*.html")) == [
        NOTEBOOKS[0].stem + ".html"
    ]
    with pytest.raises(SystemExit, match="no executed notebooks"):
        site.main([str(tmp_path / "out2"), "--notebooks", str(tmp_path / "empty")])


def test_findings_come_first_and_method_and_limitations_last():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [
        md("# Title"),
        md("## Limitations", metadata={"tags": ["limitations"]}),
        md("limits text"),
        md("## How we measured this", metadata={"tags": ["method"]}),
        code("method chart"),
        md("## A chart"),
        code("chart"),
        code("the finding", metadata={"tags": ["finding"]}),
    ]
    order = [c.source for c in site.reader_order(cells)]
    assert order == [
        "# Title",
        "the finding",
        "## A chart",
        "chart",
        "## How we measured this",
        "method chart",
        "## Limitations",
        "limits text",
    ]
    untagged = [md("# T"), code("a"), md("## B"), code("b")]
    assert site.reader_order(untagged) == untagged


def test_row_numbers_are_dropped_but_label_indexes_stay():
    import pandas as pd

    from minusma_lib.build import site_pages

    numbered = pd.DataFrame({"doc_id": ["a", "b"], "start": [1, 5], "end": [3, 9]}).to_html()
    plain = site_pages.drop_range_index(numbered)
    assert "<th>0</th>" not in plain and "<th>1</th>" not in plain
    assert plain.count("<th>doc_id</th>") == 1 and "<th></th>" not in plain
    assert 'href="texts/b.html#start=5&amp;end=9"' in site_pages.add_evidence_links(plain, {})
    labelled = pd.DataFrame({"n": [1, 2]}, index=["security", "economy"]).to_html()
    assert site_pages.drop_range_index(labelled) == labelled


def test_the_citation_box_links_licences_that_ship_with_the_site(built):
    out, _ = built
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in ("LICENSE", "LICENSE-data", "CITATION.cff"):
        assert f'href="data/{name}.txt"' in index
        assert (out / "data" / f"{name}.txt").read_text(encoding="utf-8") == (
            project_root() / name
        ).read_text(encoding="utf-8")


def _page_charts(path: Path) -> list[tuple[str, dict]]:
    text = path.read_text(encoding="utf-8")
    blocks = re.findall(
        r'<script[^>]*class="chart-data"[^>]*data-target="([^"]+)"[^>]*>(.*?)</script>', text, re.S
    )
    return [(div_id, json.loads(spec)) for div_id, spec in blocks]


def test_every_chart_states_its_sources_and_method(built):
    out, pages = built
    for p in pages:
        text = (out / p["page"]).read_text(encoding="utf-8")
        missing = [
            div_id
            for div_id, spec in _page_charts(out / p["page"])
            if not (spec["layout"].get("meta") or {}).get("sources")
            or not (spec["layout"].get("meta") or {}).get("method")
            or not (spec["layout"].get("meta") or {}).get("validation")
        ]
        assert not missing, f"{p['stem']}: charts without sources, method or validation: {missing}"
        for div_id, _spec in _page_charts(out / p["page"]):
            panel = re.search(rf'id="{div_id}-sources">(.*?)</div>', text, re.S).group(1)
            assert "<li>" in panel, div_id


def test_chart_meta_fills_the_sources_and_method_views():
    from minusma_lib import plots

    fig = plots.with_meta(
        go.Figure(go.Bar(x=["a"], y=[1])),
        {
            "name": "demo",
            "sources": ["data/processed/quantities.csv", "data/reference/x.csv", "A report <b>"],
            "method": "Counted.",
            "validation": "F1 0.9.",
        },
    ).to_plotly_json()
    html_ = site_charts.chart_html(fig, "p-chart-1", site_charts.chart_anchor(fig))
    assert 'id="chart-demo"' in html_
    assert '<a href="data/quantities.csv">data/processed/quantities.csv</a>' in html_
    assert '<a href="data/reference/x.csv">' in html_
    assert "A report &lt;b&gt;" in html_
    assert "<strong>Method.</strong> Counted." in html_ and "<strong>Validation.</strong> F1 0.9." in html_
    with pytest.raises(ValueError, match="unknown key"):
        plots.with_meta(go.Figure(), {"source": ["x"]})


def test_evidence_csv_holds_full_sentences_with_offsets_and_viewer_links(tmp_path):
    raw = "First sentence here. " + "A long second sentence " * 40 + "ends."
    fig = {
        "data": [
            {
                "name": "a",
                "x": [1, 2],
                "y": ["p", "q"],
                "meta": {"evidence": [[["d1", 0, 20]], [["d1", 21, len(raw)]]]},
            },
            {
                "name": "ref",
                "x": [3],
                "y": ["r"],
                "meta": {"evidence": [[["Reference: 12,000, 2023. Source: UN"]]]},
            },
            {
                "name": "h",
                "x": ["u", "v"],
                "y": ["w"],
                "z": [[1, 2]],
                "meta": {"evidence": [[], [["d1", 0, 5]]]},
            },
        ]
    }
    assert site_charts.write_chart_data(fig, tmp_path / "c.csv", {"d1": raw})
    import csv as csv_lib

    rows = list(csv_lib.DictReader((tmp_path / "c-evidence.csv").open(encoding="utf-8")))
    assert [(r["trace"], r["x"], r["y"]) for r in rows] == [
        ("a", "1", "p"),
        ("a", "2", "q"),
        ("ref", "3", "r"),
        ("h", "v", "w"),
    ]
    assert rows[1]["text"] == raw[21:] and not rows[1]["text"].endswith("…")
    assert rows[1]["viewer"] == f"texts/d1.html#start=21&end={len(raw)}"
    assert rows[2]["text"].startswith("Reference") and rows[2]["doc_id"] == ""
    # the page carries no evidence lists (the CSV does) and links the evidence file
    page = site_charts.chart_html(fig, "c", evidence=True)
    assert "evidence" not in page.split("chart-data")[1].split("</script>")[0]
    assert 'href="data/charts/c-evidence.csv"' in page


def test_hover_keeps_a_whole_long_sentence():
    from minusma_lib import plots

    sentence = "word " * 100  # 500 characters: longer than the old 170-400 character cut
    assert "…" not in plots.hover_text(sentence, 70)
    assert "…" not in plots.highlighted_hover(sentence, [(0, 4)], 70)
    assert plots.hover_text("x" * 5000).endswith("…")


def test_internal_id_columns_become_viewer_links_or_are_hidden():
    from minusma_lib.build import site_pages

    table = (
        '<table border="1" class="dataframe"><thead><tr><th></th><th>claim_id</th><th>sentence</th>'
        "<th>text</th><th>cue_ids</th></tr></thead><tbody>"
        "<tr><th>0</th><td>rw-002</td><td>doc-s001</td><td>A claim</td><td>c-1</td></tr>"
        "<tr><th>1</th><td>rw-003</td><td>doc-s999</td><td>Another</td><td>c-2</td></tr>"
        "<tr><th>...</th><td>...</td><td>...</td><td>...</td><td>...</td></tr>"
        "</tbody></table>"
    )
    out = site_pages.replace_id_columns(site_pages.drop_range_index(table), {"doc-s001": ("doc", 10, 42)})
    assert "rw-00" not in out and "c-1" not in out and "doc-s00" not in out and "<th>0</th>" not in out
    assert '<a class="evidence" href="texts/doc.html#start=10&amp;end=42">read</a>' in out
    assert "<th>in the text</th>" in out and "A claim" in out
    # without any known sentence, the id columns are dropped and the rest stays
    plain = site_pages.replace_id_columns(table, {})
    assert "doc-s001" not in plain and "in the text" not in plain and "Another" in plain


def test_no_page_shows_sentence_or_claim_ids(built):
    out, pages = built
    sentence_ids = re.compile(r"<td>[a-z0-9_]+-[sq]\d{3}</td>")
    for p in pages:
        text = (out / p["page"]).read_text(encoding="utf-8")
        assert not sentence_ids.search(text), (p["page"], sentence_ids.search(text).group(0))


def _figure_output(name: str, title: str) -> dict:
    from minusma_lib import plots

    fig = plots.with_meta(
        plots.style(go.Figure(go.Bar(x=["a"], y=[1])), title), {"name": name, "sources": ["s"], "method": "m"}
    )
    return nbformat.v4.new_output("display_data", data={site.PLOTLY_MIME: json.loads(fig.to_json())})


def _finding_output(text: str) -> dict:
    return nbformat.v4.new_output("display_data", data={"text/markdown": text})


def test_findings_link_their_charts_and_a_broken_link_stops_the_build(tmp_path):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    head = code("show(h)", metadata={"tags": ["headline", "chart-tone"]})
    head.outputs = [_finding_output("Tone is [mostly negative](#chart-tone).")]
    chart = code("fig")
    chart.outputs = [_figure_output("tone", "Tone per text")]
    nb = nbformat.v4.new_notebook(cells=[md("# T"), head, md("## Tone"), chart])
    site.finding_chart_links(nb, "demo.ipynb")
    text = nb.cells[1].outputs[0]["data"]["text/markdown"]
    assert text.endswith("See the chart: [Tone per text](#chart-tone)")
    site.inline_charts(nb, "demo")
    assert 'id="chart-tone"' in nb.cells[3].outputs[0]["data"]["text/html"]
    head.outputs = [_finding_output("See [this](#chart-missing).")]
    with pytest.raises(ValueError, match=r"demo.ipynb.*chart-missing"):
        site.finding_chart_links(nbformat.v4.new_notebook(cells=[md("# T"), head, chart]), "demo.ipynb")


def test_every_chart_link_on_a_page_has_its_chart(built):
    out, pages = built
    for p in pages:
        text = (out / p["page"]).read_text(encoding="utf-8")
        for anchor in re.findall(r'href="#(chart-[\w-]+)"', text):
            assert f'id="{anchor}"' in text, (p["page"], anchor)
    index = (out / "index.html").read_text(encoding="utf-8")
    for page, anchor in re.findall(r'href="(\d\d_\w+\.html)#(chart-[\w-]+)"', index):
        assert f'id="{anchor}"' in (out / page).read_text(encoding="utf-8"), (page, anchor)


# The trace types the charts draw. A partial plotly.js bundle would need exactly these; plotly's
# "cartesian" partial bundle has them all, but the installed plotly package ships only the full
# plotly.min.js (no modules to build a partial one from, and the site is built offline), so the site
# ships the full bundle. A new trace type fails here so that a future partial bundle is checked again.
DRAWN_TRACE_TYPES = {"bar", "scatter", "heatmap"}


def test_charts_draw_only_the_listed_trace_types(built):
    out, pages = built
    used = set()
    for p in pages:
        for _, spec in _page_charts(out / p["page"]):
            used |= {t.get("type", "scatter") for t in spec["data"]}
    assert used <= DRAWN_TRACE_TYPES, used - DRAWN_TRACE_TYPES
