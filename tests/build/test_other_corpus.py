"""The study runs on a corpus that is not the seeds and has no hand coding (issue 13).

Two held-out fixture articles are copied into a fresh corpus folder with no ``annotations/`` beside
it: processed data are built into an output folder, and every notebook executes against them. The
committed study is not touched.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from minusma_lib.core.paths import project_root
from minusma_lib.validate.heldout import heldout_dir

NOTEBOOKS = sorted((project_root() / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def uncoded_corpus(tmp_path_factory) -> tuple[Path, Path]:
    """A two-article corpus copied from the fixtures (no annotations beside it) and an output folder."""
    root = tmp_path_factory.mktemp("other")
    src, corpus = heldout_dir() / "corpus", root / "corpus"
    corpus.mkdir()
    rows = list(csv.DictReader((src / "manifest.csv").read_text(encoding="utf-8").splitlines()))[:2]
    with (corpus / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    names = {r["seed_file"] for r in rows}
    sums = [
        line
        for line in (src / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
        if line.split()[-1] in names
    ]
    (corpus / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")
    for name in names:
        shutil.copyfile(src / name, corpus / name)
    if (src / "cleaning.yaml").is_file():
        shutil.copyfile(src / "cleaning.yaml", corpus / "cleaning.yaml")
    return corpus, root / "out"


@pytest.fixture(scope="module")
def built(uncoded_corpus, monkeypatch_module):
    corpus, out = uncoded_corpus
    monkeypatch_module.setenv("MINUSMA_CORPUS", str(corpus))
    monkeypatch_module.setenv("MINUSMA_OUT", str(out))
    from minusma_lib.build.processed import build

    build(progress=False)
    return corpus, out


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_processed_data_describe_only_the_new_corpus(built):
    corpus, out = built
    documents = pd.read_csv(out / "processed" / "documents.csv", dtype=str)
    manifest = pd.read_csv(corpus / "manifest.csv", dtype=str)
    assert documents["doc_id"].tolist() == manifest["doc_id"].tolist()
    assert not (out / "processed" / "heldout_scores.csv").exists()


def test_every_author_cell_of_a_new_corpus_is_signed_by_the_committed_model(built):
    _, out = built
    read = {
        n: pd.read_csv(out / "processed" / f"{n}.csv", dtype=str, keep_default_na=False)
        for n in ("stance_statements", "stance_article_signs")
    }
    own = read["stance_statements"][read["stance_statements"]["voice"] == "author"]
    cells = set(zip(own["doc_id"], own["target"], strict=True))
    signs = read["stance_article_signs"]
    assert set(zip(signs["doc_id"], signs["target"], strict=True)) == cells
    assert set(signs["model"]) <= {"the pool"}
    assert set(signs["sign"]) <= {"-1", "0", "1"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_runs_on_an_uncoded_corpus(built, path):
    nb = nbformat.read(path, as_version=4)
    env_ok = os.environ.get("MINUSMA_CORPUS") == str(built[0])
    assert env_ok
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    text = "\n".join(
        "".join(o.get("data", {}).get("text/markdown", "")) for c in nb.cells for o in c.get("outputs", [])
    )
    assert "Traceback" not in text
