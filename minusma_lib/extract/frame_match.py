"""Fixed-length token patterns matched with an index on their first word.

spaCy's ``Matcher`` starts every pattern at every token of a Doc and checks ``IN``, ``NOT_IN`` and
``REGEX`` through a Python call each time: with the frame lexicon's hundred patterns that was most of
the frames stage. A pattern without ``OP`` matches at token ``i`` exactly when token ``i + k``
satisfies its ``k``-th token description for every ``k``; :class:`FixedMatcher` finds those
positions by looking up each token's words in an index of the patterns' first descriptions and
checking only the candidates. Its matches are spaCy's (same attributes, same tests); patterns it
cannot read (``OP``, extension attributes, other predicates) are left to spaCy (:func:`readable`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

# spaCy pattern keys -> the Token attribute holding the same string
STRING_ATTRS = {
    "ORTH": "orth_",
    "TEXT": "orth_",
    "LOWER": "lower_",
    "NORM": "norm_",
    "LEMMA": "lemma_",
    "POS": "pos_",
    "TAG": "tag_",
    "DEP": "dep_",
}
FLAG_ATTRS = {"LIKE_NUM": "like_num", "IS_PUNCT": "is_punct", "IS_DIGIT": "is_digit", "IS_ALPHA": "is_alpha"}

Test = tuple[str, str, object]  # (Token attribute, "EQ" | "IN" | "NOT_IN" | "REGEX", value)


def _string_test(attr: str, value: object) -> Test | None:
    if isinstance(value, str):
        return (attr, "EQ", value)
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((op, arg),) = value.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
        return (attr, op, frozenset(arg))
    if op == "REGEX" and isinstance(arg, str):
        return (attr, "REGEX", re.compile(arg))
    return None


def token_tests(spec: dict) -> list[Test] | None:
    """The tests of one token description, or None when it uses anything else (``OP`` included)."""
    tests = []
    for key, value in spec.items():
        if key in STRING_ATTRS:
            test = _string_test(STRING_ATTRS[key], value)
        elif key in FLAG_ATTRS and isinstance(value, bool):
            test = (FLAG_ATTRS[key], "EQ", value)
        else:
            test = None
        if test is None:
            return None
        tests.append(test)
    return tests


def readable(pattern: object) -> list[list[Test]] | None:
    """A token pattern's tests, token by token, or None when spaCy must match it."""
    if not isinstance(pattern, list) or not pattern:
        return None
    tokens = [token_tests(spec) if isinstance(spec, dict) else None for spec in pattern]
    return None if any(t is None for t in tokens) else tokens  # type: ignore[return-value]


@dataclass(frozen=True)
class FixedPattern:
    label: str
    span_id: str
    tokens: list[list[Test]]


# Distinct words kept in a matcher's cache of first-token results before it is emptied (memory bound).
MAX_CACHED_WORDS = 200_000


def passes(test: Test, value: object, regex_cache: dict) -> bool:
    """Whether a token attribute's ``value`` passes one test (spaCy's semantics)."""
    _, op, arg = test
    if op == "EQ":
        return value == arg
    if op == "IN":
        return value in arg  # type: ignore[operator]
    if op == "NOT_IN":
        return value not in arg  # type: ignore[operator]
    key = (id(arg), value)
    if key not in regex_cache:
        regex_cache[key] = bool(arg.search(value))  # type: ignore[union-attr]
    return regex_cache[key]


class FixedMatcher:
    """Fixed-length patterns. Which patterns may start at a token depends only on the token's values
    of the attributes the patterns test (its words and part of speech), so that answer is kept per
    distinct combination: every later token with the same words is a dictionary look-up, and only
    the candidates' further tokens are checked."""

    def __init__(self, patterns: Sequence[FixedPattern]):
        self.patterns = list(patterns)
        self.attrs = sorted({t[0] for p in self.patterns for tok in p.tokens for t in tok})
        self._starts: dict[tuple, list[int]] = {}  # token's attribute values -> patterns starting there
        self._regex: dict[tuple[int, str], bool] = {}  # (id of the regex, word) -> whether it matches

    def _first(self, key: tuple) -> list[int]:
        if len(self._starts) > MAX_CACHED_WORDS:
            self._starts.clear()
            self._regex.clear()
        row = dict(zip(self.attrs, key, strict=True))
        found = [
            k
            for k, p in enumerate(self.patterns)
            if all(passes(t, row[t[0]], self._regex) for t in p.tokens[0])
        ]
        self._starts[key] = found
        return found

    def __call__(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        """Every match: (start, end, label, span id), in the order found."""
        n = len(doc)
        values = {a: [getattr(t, a) for t in doc] for a in self.attrs}
        keys = list(zip(*values.values(), strict=True)) if values else [()] * n
        out = []
        for i, key in enumerate(keys):
            starts = self._starts.get(key)
            for k in self._first(key) if starts is None else starts:
                p = self.patterns[k]
                size = len(p.tokens)
                if i + size <= n and all(
                    passes(t, values[t[0]][i + j], self._regex) for j in range(1, size) for t in p.tokens[j]
                ):
                    out.append((i, i + size, p.label, p.span_id))
        return out
