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
