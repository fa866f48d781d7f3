"""Corpus loading, checksums, manifest, and one clear error for each kind of bad input."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pytest

from minusma_lib.core.errors import CorpusError
from minusma_lib.core.paths import project_root
from minusma_lib.corpus.seeds import check_corpus, check_utf8, corpus_index, load_corpus

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
        load_corpus(seed_copy / "seeds")


def test_binary_file(seed_copy):
    name = "002_9ee84c2dc188bb24.txt"
    (seed_copy / "seeds" / name).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _set_checksum(seed_copy, name)
    with pytest.raises(CorpusError, match=rf"{name}: the file contains NUL bytes.*plain UTF-8"):
        load_corpus(seed_copy / "seeds")


def test_non_utf8_file(seed_copy):
    name = "003_1c1ba38dd8618a74.txt"
    (seed_copy / "seeds" / name).write_bytes("Côte d’Ivoire".encode("cp1252"))
    _set_checksum(seed_copy, name)
    with pytest.raises(CorpusError, match=rf"{name}: not valid UTF-8 \(byte 1.*iconv"):
        load_corpus(seed_copy / "seeds")


def test_checksum_mismatch(seed_copy):
    name = "004_8cdfb7b7e9f87abe.txt"
    path = seed_copy / "seeds" / name
    path.write_text(path.read_text(encoding="utf-8").replace("Dhe Malian", "The Malian"), encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"{name}: checksum mismatch.*git checkout -- .*seeds/{name}"):
        load_corpus(seed_copy / "seeds")


def test_missing_checksum_line(seed_copy):
    sums = seed_copy / "seeds" / "SHA256SUMS"
    sums.write_text("".join(ln + "\n" for ln in sums.read_text().splitlines() if "000_" not in ln))
    with pytest.raises(CorpusError, match=r"000_4a02fe3d57cb769f\.txt: no checksum.*sha256sum"):
        load_corpus(seed_copy / "seeds")


def test_duplicate_doc_id(seed_copy):
    rows = _rows(seed_copy)
    rows[3]["doc_id"] = rows[1]["doc_id"]
    _write_rows(seed_copy, rows)
    with pytest.raises(
        CorpusError, match=r"manifest\.csv row 5: duplicate doc_id 'contrapuntal' \(first used in row 3\)"
    ):
        load_corpus(seed_copy / "seeds")


def test_seed_without_manifest_row(seed_copy):
    (seed_copy / "seeds" / "005_new_article.txt").write_text("A new article.\n", encoding="utf-8")
    with pytest.raises(
        CorpusError,
        match=r"005_new_article\.txt: not listed in manifest\.csv; it looks like a seed: add a manifest row",
    ):
        load_corpus(seed_copy / "seeds")


def test_manifest_row_without_seed(seed_copy):
    (seed_copy / "seeds" / "000_4a02fe3d57cb769f.txt").unlink()
    with pytest.raises(
        CorpusError, match=r"row for doc_id 'iv' names '000_4a02fe3d57cb769f\.txt', which is not in"
    ):
        load_corpus(seed_copy / "seeds")


@pytest.mark.parametrize("field", ["outlet", "date_published", "genre", "date_evidence"])
def test_missing_required_field(seed_copy, field):
    rows = _rows(seed_copy)
    rows[2][field] = ""
    _write_rows(seed_copy, rows)
    with pytest.raises(
        CorpusError, match=rf"manifest\.csv row 4: required field\(s\) {field} empty for doc_id 'sanaren'"
    ):
        load_corpus(seed_copy / "seeds")


def test_missing_manifest_column(seed_copy):
    rows = [{k: v for k, v in r.items() if k != "genre"} for r in _rows(seed_copy)]
    _write_rows(seed_copy, rows)
    with pytest.raises(CorpusError, match=r"missing column\(s\) genre"):
        load_corpus(seed_copy / "seeds")


def test_bad_genre_and_date(seed_copy):
    rows = _rows(seed_copy)
    rows[0]["genre"] = "blog"
    _write_rows(seed_copy, rows)
    with pytest.raises(CorpusError, match=r"row 2: genre 'blog' is not one of news_report"):
        load_corpus(seed_copy / "seeds")
    rows[0]["genre"] = "opinion_analysis"
    rows[0]["date_published"] = "12/07/2023"
    _write_rows(seed_copy, rows)
    with pytest.raises(
        CorpusError, match=r"row 2: date_published '12/07/2023' is not a calendar date written YYYY-MM-DD"
    ):
        load_corpus(seed_copy / "seeds")


def test_no_document_dropped_errors_name_one_file(seed_copy):
    """Two problems at once: the first is reported, nothing is silently skipped."""
    (seed_copy / "seeds" / "001_8ef430123d4cc39d.txt").write_bytes(b"")
    (seed_copy / "seeds" / "002_9ee84c2dc188bb24.txt").write_bytes(b"\xff\xfe")
    with pytest.raises(CorpusError) as err:
        load_corpus(seed_copy / "seeds")
    assert re.search(r"00[12]_[0-9a-f]+\.txt", str(err.value))


# --- hardening: unsafe paths, silent losses, unclear errors -------------------------------------


@pytest.mark.parametrize("bad", ["../secret.txt", "/etc/os-release", "sub/004.txt", "..", "a\\b.txt"])
def test_seed_file_must_be_a_plain_name_inside_the_folder(seed_copy, bad):
    rows = _rows(seed_copy)
    rows[0]["seed_file"] = bad
    _write_rows(seed_copy, rows)
    with pytest.raises(CorpusError, match=r"row 2: seed_file .* must be a plain file name"):
        load_corpus(seed_copy / "seeds")


@pytest.mark.parametrize("name", ["005_extra.TXT", "005_extra.md", "notes.docx"])
def test_unlisted_files_are_reported_not_ignored(seed_copy, name):
    (seed_copy / "seeds" / name).write_text("Some article text.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"{re.escape(name)}: not listed in manifest\.csv"):
        load_corpus(seed_copy / "seeds")


def test_subfolder_is_reported(seed_copy):
    (seed_copy / "seeds" / "more").mkdir()
    with pytest.raises(CorpusError, match=r"more: a sub-folder; seeds must sit directly"):
        load_corpus(seed_copy / "seeds")


def test_same_text_under_two_ids_is_refused(seed_copy):
    rows = _rows(seed_copy)
    src = seed_copy / "seeds" / rows[0]["seed_file"]
    # the same text with other line breaks and spacing is still the same text
    dup = "005_dup.txt"
    (seed_copy / "seeds" / dup).write_text("  " + "\n\n".join(src.read_text("utf-8").split("\n")), "utf-8")
    _set_checksum(seed_copy, dup)
    rows.append({**rows[0], "doc_id": "dup", "seed_file": dup})
    _write_rows(seed_copy, rows)
    with pytest.raises(CorpusError, match=rf"doc_ids '{rows[0]['doc_id']}' and 'dup' hold the same text"):
        load_corpus(seed_copy / "seeds")


def test_extra_manifest_column_is_refused(seed_copy):
    rows = [{**r, "notes": "x"} for r in _rows(seed_copy)]
    _write_rows(seed_copy, rows)
    with pytest.raises(CorpusError, match=r"unknown column\(s\) 'notes'; they would be lost"):
        load_corpus(seed_copy / "seeds")


def test_manifest_with_byte_order_mark_is_read(seed_copy):
    path = seed_copy / "seeds" / "manifest.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert [d.doc_id for d in load_corpus(seed_copy / "seeds")] == [
        r["doc_id"] for r in _rows(project_root())
    ]


@pytest.mark.parametrize("file", ["manifest.csv", "SHA256SUMS"])
def test_latin1_metadata_file_gets_a_clear_error(seed_copy, file):
    path = seed_copy / "seeds" / file
    path.write_bytes(path.read_bytes() + "\n# café\n".encode("latin-1"))
    with pytest.raises(CorpusError, match=rf"{file}: not valid UTF-8 .*iconv"):
        load_corpus(seed_copy / "seeds")


def test_duplicate_and_stale_checksum_lines_are_refused(seed_copy):
    sums = seed_copy / "seeds" / "SHA256SUMS"
    first = sums.read_text().splitlines()[0]
    sums.write_text(sums.read_text() + first + "\n")
    with pytest.raises(CorpusError, match=r"a second checksum line for .*Keep one line per file"):
        load_corpus(seed_copy / "seeds")
    sums.write_text(sums.read_text().replace(first + "\n", "", 1) + "0" * 64 + "  gone.txt\n")
    sums.write_text("\n".join(dict.fromkeys(sums.read_text().splitlines())) + "\n")
    with pytest.raises(CorpusError, match=r"stale line for 'gone.txt'"):
        load_corpus(seed_copy / "seeds")


def test_checksum_line_for_a_name_with_spaces(seed_copy):
    rows = _rows(seed_copy)
    old = seed_copy / "seeds" / rows[-1]["seed_file"]
    new_name = "005 with space.txt"
    old.rename(seed_copy / "seeds" / new_name)
    sums = seed_copy / "seeds" / "SHA256SUMS"
    sums.write_text(sums.read_text().replace(rows[-1]["seed_file"], new_name))
    rows[-1]["seed_file"] = new_name
    _write_rows(seed_copy, rows)
    assert load_corpus(seed_copy / "seeds")[-1].seed_file == new_name


@pytest.mark.parametrize("date", ["2023-W26-6", "20230630", "2023-7-1"])
def test_non_calendar_iso_forms_are_refused(seed_copy, date):
    rows = _rows(seed_copy)
    rows[0]["date_published"] = date
    _write_rows(seed_copy, rows)
    with pytest.raises(CorpusError, match="is not a calendar date written YYYY-MM-DD"):
        load_corpus(seed_copy / "seeds")


def test_text_without_letters_is_refused(seed_copy):
    name = _rows(seed_copy)[0]["seed_file"]
    (seed_copy / "seeds" / name).write_text("\u200b\u200b\x07 12 \ufeff\n", encoding="utf-8")
    _set_checksum(seed_copy, name)
    with pytest.raises(CorpusError, match="has no letters"):
        load_corpus(seed_copy / "seeds")


def test_every_manifest_problem_is_reported_at_once(seed_copy):
    """Issue 13: errors came one per run. All rows' problems come in one error, in row order."""
    rows = _rows(seed_copy)
    rows[0]["genre"] = "blog"
    rows[0]["date_published"] = "2023-07"
    rows[0]["translation"], rows[0]["translated_from"] = "robot", "de"
    _write_rows(seed_copy, rows)
    with pytest.raises(CorpusError) as err:
        load_corpus(seed_copy / "seeds")
    lines = str(err.value).splitlines()
    assert len(lines) == 3, lines
    assert "row 2: genre 'blog'" in lines[0]
    assert "row 2: translation 'robot'" in lines[1]
    assert "row 2: date_published '2023-07'" in lines[2]


def test_the_index_checks_every_file_and_keeps_no_text(seed_copy):
    entries = corpus_index(seed_copy / "seeds")
    docs = load_corpus(seed_copy / "seeds")
    assert [e.doc_id for e in entries] == [d.doc_id for d in docs]
    assert not any(hasattr(e, "raw") for e in entries)
    assert [e.load() for e in entries] == docs


def test_a_text_changed_after_the_index_was_made_is_refused_when_read(seed_copy):
    entries = corpus_index(seed_copy / "seeds")
    path = entries[0].path
    path.write_text(path.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")
    with pytest.raises(
        CorpusError, match=rf"{path.name}: the file changed while the corpus was being processed"
    ):
        entries[0].load()


def test_the_checked_index_reads_the_manifest_a_chunk_at_a_time_and_keeps_no_rows(seed_copy):
    index = check_corpus(seed_copy / "seeds")
    entries = corpus_index(seed_copy / "seeds")
    assert len(index) == len(entries)
    assert not hasattr(index, "rows") and not hasattr(index, "entries")
    for size in (1, 2, len(entries) + 1):
        chunks = list(index.chunks(size))
        assert len(chunks) == index.n_chunks(size)
        assert [e for c in chunks for e in c] == entries
        assert all(0 < len(c) <= size for c in chunks)


def test_a_manifest_changed_after_the_check_is_refused_when_read(seed_copy):
    index = check_corpus(seed_copy / "seeds")
    rows = _rows(seed_copy)
    _write_rows(seed_copy, rows[::-1])
    with pytest.raises(CorpusError, match="manifest.csv: the manifest changed while the corpus was being"):
        list(index.chunks(2))


@pytest.mark.parametrize("block", [1, 3, 1 << 20])
def test_the_utf8_check_names_the_byte_whatever_the_block_size(tmp_path, block):
    path = tmp_path / "manifest.csv"
    path.write_bytes("\ufeffdoc_id,caf\u00e9\n".encode() + b"ab\xe9c\n")
    with pytest.raises(CorpusError, match=r"manifest.csv: not valid UTF-8 \(byte 18: b'\\xe9c\\n'\)"):
        check_utf8(path, block=block)
