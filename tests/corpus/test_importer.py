"""``minusma add``: every input kind arrives once, a bad batch writes nothing and names every problem.

All texts here are invented for the tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from minusma_lib.cli import main
from minusma_lib.core.errors import CorpusError
from minusma_lib.corpus.importer import add
from minusma_lib.corpus.seeds import load_corpus

PAGE = """<!doctype html><html lang="en"><head><title>Convoy leaves northern base</title>
<meta property="og:site_name" content="Harmattan Daily">
<meta property="article:published_time" content="2023-08-14T09:30:00Z">
<link rel="canonical" href="https://www.harmattan-daily.example/convoy"></head>
<body><nav>Home | Region | Sport</nav><article><h1>Convoy leaves northern base</h1>
<p>A column of forty trucks left the base at dawn on Monday, local officials said.</p>
<p>The departure had been planned for weeks, according to a logistics officer.</p>
<p>Residents watched from the roadside as the last vehicles passed the checkpoint.</p></article>
<footer>Share this story | Subscribe to our newsletter</footer></body></html>"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def inputs(tmp_path) -> dict[str, Path]:
    src = tmp_path / "in"
    src.mkdir()
    rows = [
        {
            "Headline": "Talks resume in the capital",
            "Body": "Negotiators met again on Tuesday.\n\nNo date was set.",
            "Source": "Sahel Courier",
            "Publish_Date": "2023-07-02",
            "Lang": "en",
        },
        {
            "Headline": "Market prices climb",
            "Body": "Traders reported higher prices for grain.",
            "Source": "Sahel Courier",
            "Publish_Date": "2023-07-03",
            "Lang": "en",
        },
    ]
    csv_text = "Headline,Body,Source,Publish_Date,Lang\n" + "".join(
        f'"{r["Headline"]}","{r["Body"]}","{r["Source"]}",{r["Publish_Date"]},{r["Lang"]}\n' for r in rows
    )
    records = [
        {
            "title": "River crossing reopens",
            "text": "The ferry resumed service after repairs.",
            "media_name": "Niger Valley News",
            "date": "2023-09-01",
            "language": "en",
        }
    ]
    return {
        "txt": _write(src / "note.txt", "Aid flights resume\n\nThe first flight landed at noon on Sunday.\n"),
        "md": _write(src / "brief.md", "# Schools reopen\n\nClasses began again in three towns.\n"),
        "html": _write(src / "page.html", PAGE),
        "csv": _write(src / "export.csv", csv_text),
        "jsonl": _write(src / "export.jsonl", "".join(json.dumps(r) + "\n" for r in records)),
    }


def test_every_kind_of_input_arrives_once(inputs, tmp_path):
    corpus = tmp_path / "corpus"
    plan = add(
        list(inputs.values()),
        corpus,
        {"outlet": "Field Notes", "date_published": "2023-07-01", "original_language": "en"},
    )
    docs = load_corpus(corpus)
    assert len(docs) == len(plan) == 6
    assert len({d.doc_id for d in docs}) == 6
    by_outlet = {d.meta["outlet"] for d in docs}
    assert {"Harmattan Daily", "Sahel Courier", "Niger Valley News", "Field Notes"} <= by_outlet
    page = next(d for d in docs if d.meta["outlet"] == "Harmattan Daily")
    assert page.meta["date_published"] == "2023-08-14" and "htmldate" in page.meta["date_evidence"]
    assert "forty trucks" in page.raw and "Subscribe" not in page.raw and "Home | Region" not in page.raw
    row = next(d for d in docs if d.meta["title"] == "Market prices climb")
    assert row.meta["date_published"] == "2023-07-03" and "column" in row.meta["date_evidence"]
    assert row.raw.startswith("Market prices climb\n\n")  # the headline column heads the stored text
    note = next(d for d in docs if d.meta["title"] == "Aid flights resume")
    assert "command line" in note.meta["date_evidence"] and note.meta["genre"] == "news_report"


def test_a_second_import_appends_and_refuses_a_text_already_there(inputs, tmp_path):
    corpus = tmp_path / "corpus"
    add(
        [inputs["txt"]],
        corpus,
        {"outlet": "Field Notes", "date_published": "2023-07-01", "original_language": "en"},
    )
    add(
        [inputs["md"]],
        corpus,
        {"outlet": "Field Notes", "date_published": "2023-07-01", "original_language": "en"},
    )
    assert len(load_corpus(corpus)) == 2
    again = _write(
        tmp_path / "again.txt", inputs["txt"].read_text(encoding="utf-8").replace("\n\n", "\n  \n")
    )
    with pytest.raises(CorpusError, match=r"again.txt: the same text is already .*\(field_notes_20230701\)"):
        add(
            [again],
            corpus,
            {"outlet": "Field Notes", "date_published": "2023-07-01", "original_language": "en"},
        )
    assert len(load_corpus(corpus)) == 2


def test_a_bad_batch_names_every_problem_and_writes_nothing(inputs, tmp_path):
    corpus = tmp_path / "corpus"
    twice = _write(tmp_path / "twice.txt", inputs["txt"].read_text(encoding="utf-8"))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 reopens".encode("latin-1"))
    with pytest.raises(CorpusError) as err:
        add([inputs["txt"], twice, latin, inputs["md"], tmp_path / "missing.html"], corpus, {})
    message = str(err.value)
    assert "Nothing was imported" in message
    assert f"{twice}: the same text is already {inputs['txt']}" in message
    assert f"{latin}: not valid UTF-8" in message
    assert f"{inputs['md']}: no outlet" in message and f"{inputs['md']}: no publication date" in message
    assert "missing.html: file not found" in message
    assert not corpus.exists() or not any(corpus.iterdir())


def test_a_row_without_text_and_a_bad_date_are_reported_by_row(tmp_path):
    bad = _write(tmp_path / "bad.csv", "title,source,date,lang\nNo body here,Paper,30/06/2023,en\n")
    with pytest.raises(CorpusError) as err:
        add([bad], tmp_path / "corpus", {})
    assert f"{bad} row 2: no text" in str(err.value)
    assert f"{bad} row 2: no publication date (found '30/06/2023', not a date)" in str(err.value)


def test_the_command_line_imports_and_reports(inputs, tmp_path, capsys):
    corpus = tmp_path / "corpus"
    code = main(["add", str(inputs["html"]), "--corpus", str(corpus)])
    assert code == 0 and "1 article(s) added" in capsys.readouterr().out
    assert main(["add", str(inputs["html"]), "--corpus", str(corpus)]) == 1
    assert "the same text is already" in capsys.readouterr().err
    assert main(["add", str(inputs["txt"]), "--corpus", str(corpus), "--date", "2023-02-30"]) == 1
    assert "is not a calendar date" in capsys.readouterr().err


def test_an_accented_outlet_name_keeps_its_letters_in_the_id(tmp_path):
    src = _write(
        tmp_path / "a.csv",
        "title,text,source,date,lang\nA title,Body text of it.,Horizons Sahéliens,2023-07-12,en\n",
    )
    (row,) = add([src], tmp_path / "corpus", {})
    assert row.row["doc_id"] == "horizons_saheliens_20230712"
