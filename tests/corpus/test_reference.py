"""Reference data: every row cited; a row without a source is rejected with its row number."""

from __future__ import annotations

import shutil

import pytest

from minusma_lib.core.errors import ReferenceDataError
from minusma_lib.corpus.reference import load_reference, reference_dir

FILES = sorted(p.stem for p in reference_dir().glob("*.csv"))


@pytest.mark.parametrize("name", FILES)
def test_every_reference_row_has_a_source(name):
    df = load_reference(name)
    assert len(df) > 0
    assert ((df.get("source_url", "") != "") | (df.get("source_title", "") != "")).all()


def test_reference_files_are_the_shared_ones_verbatim():
    shared = reference_dir().parents[2] / "shared" / "reference"
    if not shared.is_dir():
        pytest.skip("shared/ not beside the repository")
    copied = [n for n in FILES if (shared / f"{n}.csv").is_file()]
    assert len(copied) >= 5
    for name in copied:
        assert (reference_dir() / f"{name}.csv").read_bytes() == (shared / f"{name}.csv").read_bytes()


def test_row_without_source_is_rejected(tmp_path):
    shutil.copy(reference_dir() / "satisfaction_polls.csv", tmp_path / "satisfaction_polls.csv")
    path = tmp_path / "satisfaction_polls.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append("FES Mali-Metre,2099,,,adults,national,satisfied (total),99,,,,invented")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=rf"satisfaction_polls\.csv row {len(lines)}: no source"):
        load_reference("satisfaction_polls", root=tmp_path)


@pytest.mark.parametrize(
    ("column", "bad", "fix"),
    [
        ("value", "11,200", "plain number"),
        ("value", "23%", "plain number"),
        ("value", "$895.53 million", "plain number"),
        ("value", "", "plain number"),
        ("date", "25/04/2013", "ISO date"),
        ("date", "2023-W26", "ISO date"),
        ("source_tier", "official", "use one of primary, wire, secondary"),
    ],
)
def test_bad_reference_cells_name_file_row_column_and_fix(tmp_path, column, bad, fix):
    import csv

    src = reference_dir() / "minusma_personnel.csv"
    rows = list(csv.DictReader(src.read_text(encoding="utf-8").splitlines()))
    rows[3][column] = bad
    path = tmp_path / "minusma_personnel.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(ReferenceDataError, match=rf"minusma_personnel\.csv row 5, column {column}: .*{fix}"):
        load_reference("minusma_personnel", root=tmp_path)
