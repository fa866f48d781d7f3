"""Corpus loading, checksums, manifest, and one clear error for each kind of bad input."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pytest

from minusma_lib.core.errors import CorpusError
from minusma_lib.core.paths import project_root
from minusma_lib.corpus.seeds import load_corpus

SEEDS = project_root() / "seeds"


def _rows(root: Path) -> list[dict]:
    with (root / "seeds" / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write_rows(root: Path, rows: list[dict]) -> None:
    path = root / "seeds" / "manifest.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _set_checksum(root: Path, name: str) -> None:
    sums = root / "seeds" / "SHA256SUMS"
    digest = hashlib.sha256((root / "seeds" / name).read_bytes()).hexdigest()
    lines = [ln for ln in sums.read_text().splitlines() if not ln.endswith(" " + name)]
    sums.write_text("\n".join(lines + [f"{digest}  {name}"]) + "\n")


def test_loads_every_seed_in_manifest_order_byte_exact():
    docs = load_corpus()
    manifest = _rows(project_root())
    assert [d.doc_id for d in docs] == [r["doc_id"] for r in manifest]
    assert len(docs) == len(list(SEEDS.glob("*.txt")))
    for d in docs:
        data = (SEEDS / d.seed_file).read_bytes()
        assert d.raw == data.decode("utf-8")  # no newline translation, no stripping
        assert d.sha256 == hashlib.sha256(data).hexdigest()


def test_checksums_file_matches_shared_seeds():
    listed = {ln.split()[1] for ln in (SEEDS / "SHA256SUMS").read_text().splitlines() if ln.strip()}
    assert listed == {p.name for p in SEEDS.glob("*.txt")}


def test_empty_file(seed_copy):
    name = "001_8ef430123d4cc39d.txt"
    (seed_copy / "seeds" / name).write_bytes(b"  \n")
    _set_checksum(seed_copy, name)
    with pytest.raises(CorpusError, match=rf"{name}: the file is empty\. Put the article text"):
        load_corpus(seed_copy)


def test_binary_file(seed_copy):
    name = "002_9ee84c2dc188bb24.txt"
    (seed_copy / "seeds" / name).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _set_checksum(seed_copy, name)
    with pytest.raises(CorpusError, match=rf"{name}: the file contains NUL bytes.*plain UTF-8"):
        load_corpus(seed_copy)


def test_non_utf8_file(seed_copy):
    name = "003_1c1ba38dd8618a74.txt"
    (seed_copy / "seeds" / name).write_bytes("Côte d’Ivoire".encode("cp1252"))
    _set_checksum(seed_copy, name)
    with pytest.raises(CorpusError, match=rf"{name}: not valid UTF-8 \(byte 1.*iconv"):
        load_corpus(seed_copy)


def test_checksum_mismatch(seed_copy):
    name = "004_8cdfb7b7e9f87abe.txt"
    path = seed_copy / "seeds" / name
    path.write_text(path.read_text(encoding="utf-8").replace("Dhe Malian", "The Malian"), encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"{name}: checksum mismatch.*git checkout -- seeds/{name}"):
        load_corpus(seed_copy)


def test_missing_checksum_line(seed_copy):
    sums = seed_copy / "seeds" / "SHA256SUMS"
    sums.write_text("".join(ln + "\n" for ln in sums.read_text().splitlines() if "000_" not in ln))
    with pytest.raises(CorpusError, match=r"000_4a02fe3d57cb769f\.txt: no checksum.*sha256sum"):
        load_corpus(seed_copy)


def test_duplicate_doc_id(seed_copy):
    rows = _rows(seed_copy)
    rows[3]["doc_id"] = rows[1]["doc_id"]
    _write_rows(seed_copy, rows)
    with pytest.raises(
        CorpusError, match=r"manifest\.csv row 5: duplicate doc_id 'contrapuntal' \(first used in row 3\)"
    ):
        load_corpus(seed_copy)


def test_seed_without_manifest_row(seed_copy):
    (seed_copy / "seeds" / "005_new_article.txt").write_text("A new article.\n", encoding="utf-8")
    with pytest.raises(
        CorpusError, match=r"005_new_article\.txt: seed file has no row in .*manifest\.csv\. Add a row"
    ):
        load_corpus(seed_copy)


def test_manifest_row_without_seed(seed_copy):
    (seed_copy / "seeds" / "000_4a02fe3d57cb769f.txt").unlink()
    with pytest.raises(
        CorpusError, match=r"row for doc_id 'iv' names '000_4a02fe3d57cb769f\.txt', which is not in"
    ):
        load_corpus(seed_copy)


@pytest.mark.parametrize("field", ["outlet", "date_published", "genre", "date_evidence"])
def test_missing_required_field(seed_copy, field):
    rows = _rows(seed_copy)
    rows[2][field] = ""
    _write_rows(seed_copy, rows)
    with pytest.raises(
        CorpusError, match=rf"manifest\.csv row 4: required field\(s\) {field} empty for doc_id 'sanaren'"
    ):
        load_corpus(seed_copy)


def test_missing_manifest_column(seed_copy):
    rows = [{k: v for k, v in r.items() if k != "genre"} for r in _rows(seed_copy)]
    _write_rows(seed_copy, rows)
    with pytest.raises(CorpusError, match=r"missing column\(s\) genre"):
        load_corpus(seed_copy)


def test_bad_genre_and_date(seed_copy):
    rows = _rows(seed_copy)
    rows[0]["genre"] = "blog"
    _write_rows(seed_copy, rows)
    with pytest.raises(CorpusError, match=r"row 2: genre 'blog' is not one of news_report"):
        load_corpus(seed_copy)
    rows[0]["genre"] = "opinion_analysis"
    rows[0]["date_published"] = "12/07/2023"
    _write_rows(seed_copy, rows)
    with pytest.raises(CorpusError, match=r"row 2: date_published '12/07/2023' is not an ISO date"):
        load_corpus(seed_copy)


def test_no_document_dropped_errors_name_one_file(seed_copy):
    """Two problems at once: the first is reported, nothing is silently skipped."""
    (seed_copy / "seeds" / "001_8ef430123d4cc39d.txt").write_bytes(b"")
    (seed_copy / "seeds" / "002_9ee84c2dc188bb24.txt").write_bytes(b"\xff\xfe")
    with pytest.raises(CorpusError) as err:
        load_corpus(seed_copy)
    assert re.search(r"00[12]_[0-9a-f]+\.txt", str(err.value))
