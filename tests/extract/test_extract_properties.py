"""Properties of the per-text extractors on arbitrary text: no exception, every span indexes the text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minusma_lib.extract import quantities, quotes, stance

pytestmark = pytest.mark.property

# News-like words and marks mixed with arbitrary Unicode, so the parser meets both.
WORDS = st.sampled_from(
    [
        "MINUSMA",
        "the",
        "junta",
        "said",
        "“",
        "”",
        '"',
        "according",
        "to",
        "about",
        "12,000",
        "13.000",
        "Dec",
        "31",
        "2023-06-30",
        "percent",
        "%",
        "$",
        "1.2",
        "billion",
        "troops",
        "he",
        "she",
        "It",
        "Wagner",
        "Russia",
        "France",
        "requested",
        ":",
        ",",
        ".",
        "not",
        "nearly",
        "500",
        "killed",
        "\n\n",
    ]
)
NOISE = st.lists(
    st.one_of(WORDS, st.text(st.characters(blacklist_categories=("Cs",)), max_size=6)), max_size=40
).map(" ".join)

# Grammatical English sentences built from word classes (possessives, speech-act nouns and verbs,
# prepositions, pronouns, names with appositions): random noise rarely forms the constructions the
# attribution rules walk ("Their demand for ...", "X, the envoy, said ..."), where crashes hide.
SOURCES = st.sampled_from(
    ["Their", "Its", "The farmers'", "Village", "The minister's", "Mali's", "His", "Residents'", "The UN's"]
)
SPEECH_NOUNS = st.sampled_from(["demand", "request", "call", "criticism", "concern", "assessment", "claim"])
PREPS = st.sampled_from(["for", "of", "about", "over", "against", "by", "as"])
OBJECTS = st.sampled_from(["a quick exit", "calm", "12,000 troops", "nearly 500 deaths", "the mission", "it"])
SUBJECTS = st.sampled_from(
    [
        "He",
        "She",
        "It",
        "They",
        "The envoy",
        "Ana Diallo, the UN special envoy to Mali,",
        "A spokesman",
        "Bamako",
    ]
)
VERBS = st.sampled_from(["said", "added", "told reporters", "requested", "warned", "was denied", "grew"])
SENTENCE = st.one_of(
    st.builds("{} {} {} {} {}.".format, SOURCES, SPEECH_NOUNS, PREPS, OBJECTS, VERBS),
    st.builds("{} {} that “{} {}.”".format, SUBJECTS, VERBS, OBJECTS, VERBS),
    st.builds("“{} {},” {} {}.".format, OBJECTS, VERBS, SUBJECTS, VERBS),
    st.builds("According to {}, {} {}.".format, SUBJECTS, OBJECTS, VERBS),
)
PROSE = st.lists(SENTENCE, min_size=1, max_size=5).map(" ".join)
TEXT = st.one_of(NOISE, PROSE)


def _spans_index_the_text(df, text: str) -> None:
    for r in df.itertuples():
        assert 0 <= r.start <= r.end <= len(text)
        assert text[r.start : r.end] == r.text


@given(TEXT)
def test_quote_extraction_never_crashes_and_spans_are_exact(text):
    _spans_index_the_text(quotes.quotes_in_text(text), text)


@given(TEXT)
def test_stance_extraction_never_crashes_and_spans_are_exact(text):
    _spans_index_the_text(stance.statements_in_text(text), text)


@given(TEXT)
def test_number_extraction_never_crashes_and_spans_are_exact(text):
    for c in quantities.extract_text(text):
        assert text[c.start : c.end] == c.text
