"""The fixed-length pattern matcher of the frame tagger gives spaCy's Matcher's matches."""

from __future__ import annotations

import pytest
import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

from minusma_lib.extract.frame_match import FixedMatcher, FixedPattern, readable

WORDS = "The armed groups did not attack 3 bases ; Armed Groups attacked the Base in 2023 .".split()
LEMMAS = "the armed group do not attack 3 base ; armed group attack the base in 2023 .".split()
POS = "DET ADJ NOUN AUX PART VERB NUM NOUN PUNCT ADJ NOUN VERB DET NOUN ADP NUM PUNCT".split()

PATTERNS = [
    [{"LOWER": "armed"}, {"LEMMA": {"IN": ["group", "actor"]}}],
    [{"LOWER": {"NOT_IN": ["not"]}}, {"LEMMA": "attack"}],
    [{"LOWER": {"REGEX": "^(bases?|attack)"}}],
    [{"LEMMA": "base", "POS": "NOUN"}],
    [{"LIKE_NUM": True}, {"LOWER": "bases"}],
    [{"ORTH": "Armed"}, {}],
    [{"LOWER": {"IN": ["the", "a"]}}, {"LEMMA": "base"}, {"LOWER": {"NOT_IN": ["of"]}}],
]


def _doc() -> Doc:
    return Doc(spacy.blank("en").vocab, words=WORDS, lemmas=LEMMAS, pos=POS)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_fixed_matches_are_spacys(pattern):
    doc = _doc()
    spacy_matcher = Matcher(doc.vocab)
    spacy_matcher.add("p", [pattern])
    want = sorted({(a, b) for _, a, b in spacy_matcher(doc)})
    ours = FixedMatcher([FixedPattern("frame", "p-001", readable(pattern))])
    got = sorted({(a, b) for a, b, _, _ in ours(doc)})
    assert got == want and got
    assert sorted({(a, b) for a, b, _, _ in ours(doc)}) == want  # answered from its cache the second time


def test_patterns_with_operators_are_left_to_spacy():
    assert readable([{"LEMMA": "demand"}, {"OP": "{0,8}"}, {"LEMMA": "withdrawal"}]) is None
    assert readable([{"_": {"frame": True}}]) is None
    assert readable("human rights") is None
