"""Properties of cleaning on arbitrary Unicode: no crash, exact raw offsets, idempotence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minusma_lib.core.errors import CorpusError
from minusma_lib.corpus.cleaning import clean_document, load_rules
from minusma_lib.corpus.seeds import Document

pytestmark = pytest.mark.property

# Lines of arbitrary Unicode (surrogates excluded: a UTF-8 file cannot hold them), with mojibake,
# BOMs, zero-width and control characters, Markdown marks and blank lines mixed in.
PIECE = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.sampled_from(["â€œ", "Ã©", "\ufeff", "\u200b", "**", "## ", "- ", "Â©", "\r", "\t", " ", "word"]),
)
LINE = st.lists(PIECE, max_size=8).map("".join)
TEXT = st.lists(LINE, min_size=1, max_size=12).map("\n".join)


def _doc(raw: str) -> Document:
    return Document("x", "x.txt", raw, "", {"title": ""})


@given(TEXT)
def test_cleaning_never_crashes_and_offsets_are_exact(raw):
    rules = load_rules()
    try:
        clean = clean_document(_doc(raw), {**rules, "documents": {}})
    except CorpusError as err:  # the one allowed outcome besides success: a clear message
        assert "no body text" in str(err)
        return
    for b in clean.blocks:
        assert b.text and len(b.starts) == len(b.text) == len(b.ends)
        assert 0 <= b.raw_start <= b.raw_end <= len(raw)
    for e in clean.log:
        assert raw[e.start : e.end] == e.text
    starts, ends = clean.offset_map()
    assert len(starts) == len(clean.text)


@given(TEXT)
def test_cleaning_is_idempotent(raw):
    rules = {**load_rules(), "documents": {}}
    try:
        once = clean_document(_doc(raw), rules)
    except CorpusError:
        return
    twice = clean_document(_doc(once.text), rules)
    assert twice.text == once.text
