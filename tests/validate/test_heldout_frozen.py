"""The held-out fixture set is frozen: its texts and coding change only with a new, dated freeze."""

from __future__ import annotations

import hashlib

import pytest

from minusma_lib.validate.heldout import fixture_sets, heldout_dir


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
