"""The pieces quote detection is built from: a :class:`Quote`, quote-mark pairs, and small pure
functions on the dependency parse (passive voice, subjects, hypothetical clauses, contiguous spans).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from minusma_lib.extract.speakers import Resolved
from minusma_lib.extract.speech_lexicon import UNATTRIBUTED, Lexicon

KINDS = ("direct", "block", "according_to", "indirect", "scare")

MODALS = {"can", "could", "may", "might", "would", "should"}

# Curly double quotes, and guillemets (« », the quotation marks of French-language and many African
# and European outlets, also kept in English translations of them).
OPEN_MARKS = "“„«"

CLOSE_MARKS = "”»"

# Guillemets are set off by a (no-break) space inside the marks ("« Nous partons »"): the space is
# typography, not part of the quoted words.
INNER_SPACE = " \u00a0\u202f"

STRAIGHT = '"'


@dataclass
class Quote:
    start: int  # clean char offsets of the content
    end: int
    kind: str
    rule: str
    cue: str
    resolved: Resolved | None
    cue_start: int = -1  # clean char offsets of the cue words (-1: no cue)
    cue_end: int = -1

    @property
    def speaker(self) -> str:
        if self.kind == "scare" or self.resolved is None:
            return UNATTRIBUTED
        if self.resolved.speaker is None:
            return self.resolved.name or UNATTRIBUTED
        return self.resolved.speaker.canonical

    @property
    def category(self) -> str:
        """The known speaker's category; for another named speaker the one its words give (or
        ``unknown``); ``unattributed`` when no one is named."""
        if self.kind == "scare" or self.resolved is None:
            return UNATTRIBUTED
        if self.resolved.speaker is None:
            return (self.resolved.category or "unknown") if self.resolved.name else UNATTRIBUTED
        return self.resolved.speaker.category

    @property
    def role(self) -> str:
        if self.kind == "scare" or self.resolved is None:
            return ""
        return self.resolved.role if self.resolved.speaker is None else self.resolved.speaker.role

    @property
    def speaker_rule(self) -> str:
        """How the speaker was found (:data:`minusma_lib.extract.speakers.SPEAKER_RULES`)."""
        if self.kind == "scare" or self.resolved is None:
            return ""
        return self.resolved.how


def quote_pairs(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(open, close) character positions of quote-mark pairs: curly marks by direction (they may
    span paragraphs), straight marks alternating within a paragraph."""
    pairs = []
    opening = None
    for i, ch in enumerate(text):
        if ch in OPEN_MARKS:
            opening = i
        elif ch in CLOSE_MARKS and opening is not None:
            a, b = opening, i
            while a + 1 < b and text[a + 1] in INNER_SPACE:
                a += 1
            while b - 1 > a and text[b - 1] in INNER_SPACE:
                b -= 1
            pairs.append((a, b))
            opening = None
    for a, b in bounds:
        marks = [i for i in range(a, b) if text[i] == STRAIGHT]
        pairs += list(zip(marks[0::2], marks[1::2], strict=False))
    outer = list(pairs)
    for a, b in bounds:
        pairs += [p for p in _single_pairs(text, a, b) if not any(x < p[0] < y for x, y in outer)]
    return sorted(pairs)


def _single_pairs(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Pairs of single curly marks (‘…’, the primary quotation marks of British style) within one
    paragraph. The closing mark is also the apostrophe, so one between letters ("don’t", "Mali’s") or
    after an "s" before a lower-case word ("the Democrats’ foreign policy", a plural possessive)
    closes nothing."""
    out, opening = [], None
    for i in range(a, b):
        ch = text[i]
        if ch == "\u2018":
            opening = i
        elif ch == "\u2019" and opening is not None:
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if nxt.isalnum():
                continue  # "don’t", "Mali’s"
            word_after = text[i + 1 :].lstrip(" ")[:1]
            if text[i - 1] in "sS" and nxt == " " and word_after.islower():
                continue  # a plural possessive
            out.append((opening, i))
            opening = None
    return out


def _is_passive(v: Token) -> bool:
    """A passive verb: with a passive auxiliary or subject, or a past participle heading a reduced
    clause with no auxiliary and no subject of its own ("the request made by Bamako"; "Asked whether
    ..., she replied": she was asked, the asking is someone else's)."""
    # an English finite clause needs a subject, so a past form heading a subjectless adverbial clause is
    # a participle even when the tagger reads it as a past tense ("Asked what she wanted, X paused")
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children) or (
        (v.dep_ == "acl" and v.tag_ == "VBN" or v.dep_ == "advcl" and v.tag_ in ("VBN", "VBD"))
        and not any(c.dep_ in ("aux", "nsubj", "csubj", "expl") for c in v.children)
        and not _past_tense_with_that_clause(v)
    )


def _past_tense_with_that_clause(v: Token) -> bool:
    """A past form the parser hung on the subject as a modifier ("A former minister, X, posted on
    Facebook last week that ..."): a that-clause follows it, with no verb between, which a reduced
    passive participle does not take, so it is the sentence's active verb."""
    if v.dep_ != "acl" or v.i == 0 or v.doc[v.i - 1].text != ",":
        return False
    for t in v.doc[v.i + 1 : min(v.i + 10, v.sent.end)]:
        if t.lower_ == "that" and t.pos_ == "SCONJ":
            return True
        if t.pos_ in ("VERB", "AUX") or t.is_punct:
            return False
    return False


def _subtree_span(tok: Token, drop_marks: bool = True) -> tuple[int, int] | None:
    toks = list(tok.subtree)
    if drop_marks:
        toks = [
            t for t in toks if not (t.dep_ == "mark" and t.lower_ in ("that", "whether") and t.head == tok)
        ]
    return _contiguous(toks)


def _contiguous(toks: list[Token]) -> tuple[int, int] | None:
    """Character span of tokens, trimmed of edge punctuation (quote marks kept at the end)."""
    toks = sorted((t for t in toks if not t.is_space), key=lambda t: t.i)
    while toks and (toks[0].is_punct and toks[0].text not in '“«"'):
        toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text not in '”»"':
        toks = toks[:-1]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _verb_lemma(tok: Token, lex: Lexicon) -> str:
    """The lexicon lemma of a token: spaCy's lemma, or a plain inflection of its text
    (the small model lemmatises "hopes" as "hop")."""
    lemma = tok.lemma_.lower()
    if lemma in lex.verbs or not tok.tag_.startswith("VB"):
        return lemma
    low = tok.lower_
    for suffix, repl in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
    ):
        if low.endswith(suffix) and low[: -len(suffix)] + repl in lex.verbs:
            return low[: -len(suffix)] + repl
    return lemma


def _subject(v: Token, exclude: Token | None = None) -> Token | None:
    """The verb's nominal subject (a punctuation mark the parser took for one, e.g. a closing "»", is not).
    When the parser gives two, the one nearer the verb is the subject: the farther one is a fronted
    phrase set off by a comma ("Briefing correspondents at Headquarters, the Spokesperson said"); the one
    after a verb that follows a quotation is the speaker.
    """
    subjects = [
        c for c in v.children if c.dep_ == "nsubj" and c.tag_ != "VBG" and not c.is_punct and c != exclude
    ]
    before = [c for c in subjects if c.i < v.i]
    after = [c for c in subjects if c.i > v.i]
    # a quotation closes between the first one and the verb, and the other follows the verb ('"... the
    # road left with them," said X'): the subject inverted after a quotation is the speaker, the other
    # is a word of the quotation the parser hung on the verb
    if before and after and any(t.tag_ == "''" for t in v.doc[before[-1].i : v.i]):
        return after[0]
    if len(before) > 1:
        return before[-1]
    return subjects[0] if subjects else _inverted_after_quotation(v, exclude)


def _inverted_after_quotation(v: Token, exclude: Token | None = None) -> Token | None:
    """A person named right after a verb that follows a quotation ('"...," said Daouda Zoubeirou, an
    officer who ...'): English quotative inversion makes that name the subject even where the parser hung
    it on a later verb of the appositive's clause. Its last token, as for a parsed subject."""
    if not any(t.tag_ == "''" for t in v.doc[max(v.i - 2, 0) : v.i]):
        return None
    ent = next((e for e in v.doc.ents if e.start == v.i + 1 and e.label_ == "PERSON"), None)
    if ent is None or ent[-1].tag_ == "POS" or (ent.end < len(v.doc) and v.doc[ent.end].tag_ == "POS"):
        return None  # "said X's sister, ...": the possessor is not the one who speaks
    return None if ent[-1] == exclude else ent[-1]


# Verbs whose infinitival complement is an act not performed ("declined to say", "refused to comment").
REFUSAL_VERBS = frozenset({"decline", "refuse"})


def _unsaid(v: Token) -> bool:
    """A negated or refused speech act reports no words ("He would not say how many ...", "She
    declined to say whether ..."): English negation (a ``neg`` dependent) and refusal verbs."""
    if any(c.dep_ == "neg" for c in v.children):
        return True
    return v.dep_ == "xcomp" and v.head.lemma_.lower() in REFUSAL_VERBS


def _hypothetical(v: Token) -> bool:
    """Conditional clauses ("if ... is seen as", "Should Mali demand ...") report no speech."""
    for h in (v, v.head):
        kids = list(h.children)
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in kids):
            return True
        subj = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and any(
            c.dep_ == "aux" and c.lower_ in ("should", "were", "had") and c.i < subj.i for c in kids
        ):
            return True
    return False


def _questioned(v: Token) -> bool:
    """A speech act asked about, not reported: inside an embedded question ("wanted to know whether the
    Secretary-General regretted ...") or a direct question with subject-auxiliary inversion ("Does the
    Secretary-General regret ...?"), the English syntax of questions."""
    for h in (v, v.head):
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in h.children):
            return True
    kids = list(v.children)
    subj = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass")), None)
    inverted = subj is not None and any(c.dep_ == "aux" and c.i < subj.i for c in kids)
    return inverted and v.sent.text.rstrip().rstrip("\"”»'").endswith("?")


def _subject_with_speaker_appended(subj: Token, named: list[Span]) -> bool:
    """A bare noun subject (no determiner or modifier: "Christmas", "Gao") that names no person and has,
    set off by a comma, an apposition chain ending in a named person: the parser's reading of
    "<reported words ending in a preposition's object>, <speaker>, said" with that object as subject.
    A subject phrase of its own ("the speaker for China, X, said") is the verb's."""
    if subj.ent_type_ == "PERSON" or any(e.start <= subj.i < e.end for e in named):
        return False
    if subj.left_edge.i != subj.i or subj.i == 0 or subj.doc[subj.i - 1].tag_ != "IN":
        return False
    for e in named:
        t = e.root
        while t.dep_ == "appos" and t.head.i != t.i and t.head.i != subj.i:
            t = t.head
        if (
            t.dep_ == "appos"
            and t.head.i == subj.i
            and t.left_edge.i > 0
            and subj.doc[t.left_edge.i - 1].text == ","
        ):
            return True
    return False


def appositive_tag_subject(v: Token, named: list[Span]) -> Token | None:
    """The speaker of a final reporting tag that the parser left without a subject ('The army will take
    over the camps, Colonel X, the army spokesman, said'; '"...," X, president of Y, told reporters'):
    with no subject of its own, a person named between the reported words and the verb (after a comma
    or a closing quote mark, followed only by its appositions) is the verb's subject in the English
    order "content, speaker said" (Quirk et al. 1985, 14.29), whatever the parser hung it on.
    ``named``: the text's person names (the resolver's). A subject the parser gave the verb from the
    reported words ("... home before Christmas, the Minister ..., X, told the House", with "Christmas"
    as subject and the speaker its apposition) does not count: the speaker is set off by commas after it."""
    subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if (subj is not None and not _subject_with_speaker_appended(subj, named)) or v.tag_ not in (
        "VBD",
        "VBZ",
        "VBP",
    ):
        return None
    doc = v.doc
    for e in reversed([e for e in named if v.sent.start < e.start and e.end < v.i]):
        own = {t.i for t in e.root.subtree}
        if (
            e.root.dep_ in ("nsubj", "nsubjpass")
            or v.i in own
            or not all(t.i in own or t.is_punct for t in doc[e.end : v.i])
        ):
            continue
        if doc[e.end : v.i][-1:].text != ",":
            return None
        left = min(own)
        before = doc[left - 1] if left > v.sent.start else None
        if before is None or not (before.text == "," or before.tag_ == "''"):
            return None
        return e.root
    return None
