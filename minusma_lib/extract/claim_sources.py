"""Who a numeric claim is attributed to: speech-verb subjects, "according to", quotations.

Pure functions on a parsed ``Doc``; each returns an :class:`Evidence` (text and offsets into
``doc.text``) and the id of the rule of ``data/quantities/rules.yaml`` (``attribution``) that found it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from minusma_lib.extract.numbers import lower, match_words
from minusma_lib.extract.quantity_rules import Rules, phrase_words


class Evidence(NamedTuple):
    """A piece of text and its offsets (``text == source[start:end]``)."""

    text: str
    start: int
    end: int


def evidence(doc: Doc, a: int, b: int) -> Evidence | None:
    """Tokens ``a``..``b - 1`` of ``doc`` as evidence (None when empty)."""
    if b <= a:
        return None
    span = doc[a:b]
    return Evidence(span.text, span.start_char, span.end_char)


def trimmed(doc: Doc, a: int, b: int) -> Evidence | None:
    """Tokens ``a``..``b - 1`` without leading articles and punctuation or trailing punctuation."""
    while a < b and (doc[a].is_punct or doc[a].dep_ == "det" or lower(doc[a]) in ("the", "a", "an")):
        a += 1
    while b > a and doc[b - 1].is_punct:
        b -= 1
    return evidence(doc, a, b)


def _speaker(doc: Doc, tok: Token) -> Evidence | None:
    """The subject ``tok`` as written: a PERSON entity in it, else its words up to the head."""
    subtree = list(tok.subtree)
    for ent in doc.ents:
        if ent.label_ == "PERSON" and subtree[0].i <= ent.start and ent.end <= subtree[-1].i + 1:
            return Evidence(ent.text, ent.start_char, ent.end_char)
    return trimmed(doc, tok.left_edge.i, tok.i + 1)


def _resolve_pronoun(doc: Doc, tok: Token) -> Evidence | None:
    """he/she/they -> the nearest PERSON (or organisation) named before it in the last 600 characters."""
    labels = ("PERSON",) if lower(tok) in ("he", "she") else ("ORG", "GPE", "NORP", "PERSON")
    for ent in reversed(doc.ents):
        if ent.end <= tok.i and ent.label_ in labels and tok.idx - ent.start_char < 600:
            return Evidence(ent.text, ent.start_char, ent.end_char)
    return None


def _speech_verb(rules: Rules, verb: Token) -> bool:
    att = rules.spec["attribution"]
    if verb.lemma_.lower() in att["speech_verbs"]:
        return True
    nouns = att["speech_nouns"].get(verb.lemma_.lower())
    return bool(nouns) and any(
        c.lemma_.lower() in nouns for c in verb.children if c.dep_ in ("nsubjpass", "dobj")
    )


def _subject_of(doc: Doc, verb: Token, rules: Rules) -> tuple[Evidence | None, Token | None]:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if pobj is not None:
            return _speaker(doc, pobj), pobj
    if subj is None:
        return None, None
    if subj.dep_ == "nsubjpass" and not _speech_verb(rules, verb):
        return None, subj
    low = lower(subj)
    if low in rules.spec["attribution"]["expletive_subjects"] or subj.dep_ == "nsubjpass":
        return None, subj
    if low in ("he", "she", "they"):
        return _resolve_pronoun(doc, subj), subj
    if low in ("which", "that", "who") and verb.dep_ == "relcl":
        return _speaker(doc, verb.head), subj
    return _speaker(doc, subj), subj


def _by_speech_verb(doc: Doc, anchor: Token, rules: Rules) -> Evidence | None:
    """The subject of the speech verb that governs the number, unless the number is background
    inside that clause's subject ("The operation with more than 10,000 blue helmets ... , said Diop")."""
    att = rules.spec["attribution"]
    path = [anchor]
    node = anchor
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX") and _speech_verb(rules, node):
            child = path[-1]  # the verb's child on the way up from the number
            if child.dep_ not in att["reported_deps"]:
                return None
            if node.lemma_.lower() in att["clausal_only"] and child.dep_ not in ("ccomp", "xcomp"):
                return None
            name, subj = _subject_of(doc, node, rules)
            if subj is not None and anchor in set(subj.subtree):
                return None
            for k, t in enumerate(path[1:], start=1):
                if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ in ("ccomp", "xcomp", "conj"):
                    if any(p.dep_ in ("prep", "relcl", "acl", "pobj") for p in path[:k]):
                        return None
            return name
        path.append(node)
    return None


def _according_to(doc: Doc, sent: Span, rules: Rules, before: int | None = None) -> Evidence | None:
    """X in "According to X" within ``sent`` (before token index ``before`` if given), as written."""
    for phrase in rules.spec["attribution"]["according_to"]:
        words = phrase_words(phrase)
        for t in sent:
            if before is not None and t.i >= before:
                break
            if match_words(doc, t.i, words):
                j = t.i + len(words)
                k = j
                while k < sent.end and not doc[k].is_punct and doc[k].pos_ not in ("VERB", "AUX"):
                    k += 1
                name = trimmed(doc, j, k)
                if name:
                    return name
    return None


def _quote_speaker(doc: Doc, tok: Token, block: tuple[int, int, str], rules: Rules) -> Evidence | None:
    """If ``tok`` is inside quotation marks, the subject of the nearest speech verb outside them."""
    a, b, text = block
    spans = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*(?:”|$)|«[^»]*(?:»|$)|\"[^\"]*\"", text, re.M)]
    for qs, qe in spans:
        qs, qe = qs + a, qe + a
        if not qs < tok.idx < qe:
            continue
        best, dist = None, None
        for t in doc.char_span(a, b, alignment_mode="expand") or []:
            if qs <= t.idx < qe or t.pos_ not in ("VERB", "AUX") or not _speech_verb(rules, t):
                continue
            name, _ = _subject_of(doc, t, rules)
            d = qs - t.idx if t.idx < qs else t.idx - qe
            if name and (dist is None or d < dist):
                best, dist = name, d
        return best
    return None


def attribution(
    doc: Doc,
    anchor: Token,
    sent: Span,
    block: tuple[int, int, str],
    rules: Rules,
    parsed: bool,
    according: dict[int, Evidence | None],
) -> tuple[Evidence | None, str]:
    """(attribution, rule id): according to X > speech verb > quotation > carried-over according to.
    ``according`` caches "According to X" per sentence (keyed by its first token). A carried-over
    source keeps the offsets of the sentence that names it."""
    if sent.start not in according:
        according[sent.start] = _according_to(doc, sent, rules)
    name = according[sent.start]
    if name:
        return name, "a_according_to"
    if parsed:
        name = _by_speech_verb(doc, anchor, rules)
        if name:
            return name, "a_speech_verb"
        name = _quote_speaker(doc, anchor, block, rules)
        if name:
            return name, "a_quotation"
        para = doc.char_span(block[0], block[1], alignment_mode="expand")
        first = next(iter(para.sents), None) if para is not None else None
        if first is not None and first.start < sent.start:
            name = _according_to(doc, first, rules)
            if name:
                return name, "a_according_to_paragraph"
    return None, ""
