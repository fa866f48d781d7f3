"""The held-out fixture set is frozen: its texts and coding change only with a new, dated freeze."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from minusma_lib.core.errors import ConfigError
from minusma_lib.report.heldout import FIRST_COLUMN, heldout_table
from minusma_lib.validate.heldout import (
    FIRST_SCORING_COLUMNS,
    fixture_sets,
    heldout_dir,
    load_first_scorings,
    load_scores,
)


@pytest.mark.parametrize("fixture_set", fixture_sets())
def test_every_frozen_file_is_unchanged_and_every_file_is_frozen(fixture_set):
    HELDOUT = heldout_dir(fixture_set)
    listed = {}
    for line in (HELDOUT / "FROZEN.sha256").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name] = digest
    assert listed, "FROZEN.sha256 lists no file"
    on_disk = {str(p.relative_to(HELDOUT)) for p in HELDOUT.rglob("*") if p.is_file()} - {"FROZEN.sha256"}
    assert on_disk == set(listed), "a held-out file was added or removed without a new freeze"
    changed = [n for n, d in listed.items() if hashlib.sha256((HELDOUT / n).read_bytes()).hexdigest() != d]
    assert changed == [], f"frozen held-out files changed: {changed}"


def test_every_first_scoring_is_the_one_its_scoring_log_records():
    """The record the notebooks show agrees with each set's log: its hits/n, or its score, is there."""
    first = load_first_scorings()
    assert len(first), "no first scoring is recorded"
    for row in first.itertuples():
        log = (heldout_dir(row.fixture_set) / "SCORING_LOG.md").read_text(encoding="utf-8")
        if pd.notna(row.hits):
            assert f"{int(row.hits)}/{int(row.n)}" in log, (row.fixture_set, row.measure)
            assert round(row.hits / row.n, 2) == round(row.score, 2), (row.fixture_set, row.measure)
        else:
            assert f"{row.score:.2f}".rstrip("0") in log, (row.fixture_set, row.measure)


def test_every_first_scoring_names_a_measure_that_is_scored_today():
    first = load_first_scorings()
    scored = set(zip(load_scores()["analysis"], load_scores()["measure"], strict=True))
    unknown = [(r.analysis, r.measure) for r in first.itertuples() if (r.analysis, r.measure) not in scored]
    assert unknown == []


def test_a_first_scoring_of_an_unknown_set_is_refused_with_its_line(tmp_path):
    path = tmp_path / "first.csv"
    path.write_text(
        "fixture_set,analysis,measure,hits,n,score,rules_commit\nA,quotes,named-speaker recall,1,2,0.5,abc\n"
        "NOT_A_SET,quotes,named-speaker recall,1,2,0.5,abc\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"line 3: fixture set 'NOT_A_SET'"):
        load_first_scorings(path)


def test_the_table_shows_the_first_scoring_beside_the_current_score():
    first = pd.DataFrame(
        [["A", "quotes", "named-speaker recall", 1, 4, 0.25, "abc"]], columns=FIRST_SCORING_COLUMNS
    )
    scores = pd.DataFrame(
        [
            ["A", "quotes", "named-speaker recall", 3, 4, 0.75, float("nan"), None],
            ["B", "quotes", "named-speaker recall", 2, 4, 0.5, float("nan"), None],
        ],
        columns=["fixture_set", "analysis", "measure", "hits", "n", "score", "baseline", "baseline_name"],
    )
    table = heldout_table(scores, "quotes", first=first)
    assert table[FIRST_COLUMN].iloc[0] == 0.25 and pd.isna(table[FIRST_COLUMN].iloc[1])
    assert list(table["score"]) == [0.75, 0.5]
