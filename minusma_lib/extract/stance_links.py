"""Evaluative cues in a sentence and the rules that tie a cue to a target mention: the cue's
``link`` (subject, agent, object, near, clause), negation, hedges, concession, speculation, doubt,
shields and circumstance phrases, and the withdrawal frames (the mission's departure) that
withdrawal-harm and withdrawal-demand cues need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from minusma_lib.extract import speakers
from minusma_lib.extract.stance_lexicon import Cue, Lexicons
from minusma_lib.extract.stance_mentions import SUBJ_DEPS, TargetMention, author_statement, span_head

CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "relcl", "parataxis", "csubj", "csubjpass"}


FREE_DEPS = {"conj", "appos", "cc"}


@dataclass
class CueHit:
    cue: Cue
    start: int  # token indices
    end: int
    head: Token
    weight: float = 1.0
    negated: bool = False

    @property
    def value(self) -> float:
        return self.weight * self.cue.polarity * (-1 if self.negated else 1)


def _matches(tok: Token, word: str) -> bool:
    return tok.lemma_.lower() == word or tok.lower_ == word


def find_cues(sent: Span, lx: Lexicons) -> list[CueHit]:
    doc, out = sent.doc, []
    # Where each word (lemma or form) occurs: a cue is only tried where its first word is.
    at: dict[str, list[int]] = {}
    for t in sent:
        for w in {t.lemma_.lower(), t.lower_}:
            at.setdefault(w, []).append(t.i)
    for cue in lx.cues:
        n = len(cue.words)
        for i in at.get(cue.words[0], []):
            if i + n > sent.end:
                continue
            if all(_matches(doc[i + j], w) for j, w in enumerate(cue.words)):
                head = span_head(doc, i, i + n)
                if cue.with_ and not any(
                    d.lemma_.lower() in cue.with_ or d.lower_ in cue.with_
                    for d in complement(head)
                    if _depth(d, head) <= 3 or _depth(d, head.head) <= 3
                ):
                    continue
                out.append(CueHit(cue, i, i + n, head))
    return out


def complement(c: Token) -> list[Token]:
    """The cue's complement: its dependents, or, for a subject ("questions remain about whether
    ..."), the prepositional and clausal dependents of its verb."""
    out = [t for t in c.subtree if t.i != c.i]
    if c.dep_ in SUBJ_DEPS:
        for k in c.head.children:
            if k.dep_ in ("prep", "ccomp", "advcl") and k.i > c.i:
                out += list(k.subtree)
    return out


def _depth(t: Token, top: Token) -> int:
    d = 0
    while t.i != top.i and t.head.i != t.i:
        t = t.head
        d += 1
    return d if t.i == top.i else 99


def _has_subject(t: Token) -> bool:
    return any(c.dep_ in SUBJ_DEPS or c.dep_ in ("csubj", "expl") for c in t.children)


def clause_head(t: Token) -> Token:
    """The verb heading t's clause (infinitives, subjectless participles and noun modifiers merge up)."""
    h = t
    while h.head.i != h.i:
        if h.dep_ in CLAUSE_DEPS:
            if h.dep_ == "advcl" and not _has_subject(h) and h.tag_ in ("VBG", "VBN"):
                h = h.head
                continue
            return h
        if h.dep_ == "conj" and h.pos_ in ("VERB", "AUX") and _has_subject(h):
            return h
        h = h.head
    return h


def _subject_tokens(clause: Token) -> set[int]:
    """Tokens of the clause's subject noun phrase (the antecedent's, for a relative clause)."""
    heads = [c for c in clause.children if c.dep_ in SUBJ_DEPS]
    c = clause
    while not heads and c.dep_ in ("conj", "xcomp") and c.head.i != c.i:
        c = c.head
        heads = [k for k in c.children if k.dep_ in SUBJ_DEPS]
    out: set[int] = set()
    for h in heads:
        if h.lower_ in speakers.RELATIVE and clause.dep_ == "relcl":
            h = clause.head
            out.update(
                t.i
                for t in h.subtree
                if t.i < clause.i or not (clause.left_edge.i <= t.i <= clause.right_edge.i)
            )
        else:
            out.update(t.i for t in h.subtree)
    return out


def _dist(a: Token, b: Token) -> int:
    """Tree distance; coordination and apposition edges are free."""

    def up(t: Token) -> dict[int, int]:
        costs, c = {t.i: 0}, 0
        while t.head.i != t.i:
            c += 0 if t.dep_ in FREE_DEPS else 1
            t = t.head
            costs[t.i] = c
        return costs

    ua, ub = up(a), up(b)
    common = set(ua) & set(ub)
    return min(ua[i] + ub[i] for i in common) if common else 99


def _anchor(t: Token) -> Token:
    return t.head if t.dep_ in ("amod", "advmod", "npadvmod") and t.head.i != t.i else t


def _is_passive(v: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children)


def _as_well_as(np_head: Token) -> set[int]:
    """Repair "X, as well as Y" when the parser hangs Y elsewhere: the tokens of Y's noun chunk."""
    doc, j = np_head.doc, np_head.right_edge.i + 1
    while j < len(doc) and doc[j].is_punct:
        j += 1
    if [t.lower_ for t in doc[j : j + 3]] != ["as", "well", "as"]:
        return set()
    for nc in doc.noun_chunks:
        if nc.start == j + 3 or (nc.start > j + 3 and nc.start <= j + 5):
            return set(range(nc.start, nc.end))
    return set()


def np_agents(c: Token) -> set[int]:
    """Doers named with the cue: the agent of a passive verb; for a noun, its possessor or
    compound (or that of a noun governing it: "the group's involvement in abuses"), a by/from
    phrase inside it, or a by/from phrase after it in the same clause ("violations during a
    deployment by the army")."""
    out: set[int] = set()
    if c.pos_ in ("VERB", "AUX"):
        for k in c.children:
            if k.dep_ == "agent":
                out.update(t.i for g in k.children if g.dep_ == "pobj" for t in g.subtree)
        return out
    nouns, n = [c], c
    while (
        n.dep_ == "pobj"
        and n.head.dep_ == "prep"
        and n.head.head.pos_ in ("NOUN", "PROPN")
        and len(nouns) < 3
    ):
        n = n.head.head
        nouns.append(n)
    for noun in nouns:
        for k in noun.children:
            if k.dep_ in ("poss", "compound"):
                out.update(t.i for t in k.subtree)
    inside = {t.i for t in c.subtree}
    ch = clause_head(c)
    for t in c.sent:
        if t.lower_ not in ("by", "from") or t.dep_ not in ("prep", "agent") or t.i < c.i:
            continue
        if t.i not in inside and (clause_head(t).i != ch.i or t.dep_ == "agent"):
            continue
        for k in t.children:
            if k.dep_ == "pobj":
                out.update(x.i for x in k.subtree)
                out.update(_as_well_as(k))
    return out


class Linker:
    def __init__(self, lx: Lexicons):
        self.lx = lx

    def hedged(self, c: Token) -> bool:
        for t in (c, c.head):
            if any(k.lower_ in self.lx.hedges for k in t.children) or t.lower_ in self.lx.hedges:
                return True
        return False

    def negated(self, c: Token) -> bool:
        neg = self.lx.negators
        for t in (c, c.head) if c.dep_ in ("acomp", "attr", "xcomp", "dobj", "oprd", "amod") else (c,):
            for k in t.children:
                if k.dep_ == "neg" or (k.dep_ in ("advmod", "det") and k.lower_ in neg):
                    return True
                if k.dep_ == "advmod" and any(g.lower_ in neg for g in k.children):
                    return True  # "no longer necessary"
        if c.i > 0 and c.doc[c.i - 1].lower_ in neg:
            return True
        h = c
        while h.head.i != h.i and h.dep_ in ("pcomp", "pobj", "xcomp"):
            h = h.head
            if h.lower_ in ("without",):
                return True
        return False

    def concessive(self, c: Token) -> bool:
        h = c
        while True:
            if h.lower_ in ("despite",) or (h.lower_ == "spite" and h.i > 0):
                return True
            for k in h.children:
                if k.dep_ == "mark" and k.lower_ in self.lx.concessive:
                    return True
                if k.dep_ == "mark" and k.lower_ == "if" and any(g.lower_ == "even" for g in h.children):
                    return True
            if h.head.i == h.i:
                return False
            h = h.head

    def shielded(self, c: Token) -> bool:
        h, steps = c, 0
        while h.head.i != h.i and steps < 4:
            h = h.head
            steps += 1
            if h.lemma_.lower() in self.lx.shields or h.lower_ in self.lx.shields:
                return True
            if h.dep_ in CLAUSE_DEPS:
                break
        return False

    def circumstantial(self, c: Token) -> bool:
        """The cue sits in a time or circumstance phrase ("following the Moura massacre")."""
        h = c
        while h.head.i != h.i and h.dep_ not in CLAUSE_DEPS:
            if h.dep_ == "prep" and h.lower_ in self.lx.circumstance:
                return True
            h = h.head
        return False

    def speculative(self, c: Token) -> bool:
        """Epistemic may/might on the cue's clause or a clause above it."""
        h = c
        while True:
            if any(k.dep_ == "aux" and k.lower_ in self.lx.speculative for k in h.children):
                return True
            if h.head.i == h.i:
                return False
            h = h.head

    def subject_of(self, c: Token, m: TargetMention, mentions: list[TargetMention]) -> bool:
        ch = clause_head(c)
        subj = _subject_tokens(ch)
        if subj:
            return m.head.i in subj
        # no subject in the parse: the last target mention before the clause head, in its clause
        before = [x for x in mentions if x.head.i < ch.i and clause_head(x.head).i == ch.i]
        return bool(before) and before[-1].head.i == m.head.i

    def linked(self, hit: CueHit, m: TargetMention, mentions: list[TargetMention]) -> bool:
        c, h = hit.head, m.head
        mode = hit.cue.link
        if mode == "clause":
            return clause_head(c).i == clause_head(h).i
        if mode == "near":
            return clause_head(c).i == clause_head(h).i and _dist(_anchor(c), h) <= 3
        if mode == "object":
            top = _anchor(c)
            return any(t.i == h.i for t in complement(top)) and _dist(top, h) <= 4
        if mode == "subject":
            return self.subject_of(c, m, mentions)
        agents = np_agents(c)
        if agents or (c.pos_ in ("VERB", "AUX") and _is_passive(c)):
            return h.i in agents
        if self.shielded(c) or (c.pos_ in ("NOUN", "PROPN") and self.circumstantial(c)):
            return False
        return self.subject_of(c, m, mentions)


def withdrawal_frames(sent: Span, anchors: list[TargetMention], lx: Lexicons) -> list[Token]:
    """Words of the mission's departure tied to a MINUSMA mention (or pronoun) in the sentence."""
    ids = {m.head.i for m in anchors if m.target == "minusma"}
    wd = lx.withdrawal
    out = []
    for t in sent:
        lemma = t.lemma_.lower()
        kids = list(t.children)
        if lemma in wd["nouns"] and t.pos_ in ("NOUN", "PROPN"):
            for k in kids:
                if k.dep_ == "poss" and k.i in ids:
                    out.append(t)
                if (
                    k.dep_ == "prep"
                    and k.lower_ == "of"
                    and any(
                        g.dep_ == "pobj" and (g.i in ids or any(x.i in ids for x in g.subtree))
                        for g in k.children
                    )
                ):
                    out.append(t)
        elif lemma in wd["verbs"] and t.pos_ in ("VERB", "NOUN"):
            if any(k.dep_ in ("nsubj", "dobj", "nsubjpass", "compound") and k.i in ids for k in kids):
                out.append(t)
            elif any(k.dep_ in ("dobj", "nsubjpass") and any(x.i in ids for x in k.subtree) for k in kids):
                out.append(t)
        elif t.lower_ in wd["prepositions"]:
            if any(k.dep_ == "pobj" and k.i in ids for k in kids):
                out.append(t)
    return list(dict.fromkeys(out))


def _frame_connected(c: Token, frames: list[Token]) -> bool:
    ch = clause_head(c)
    for w in frames:
        cw = clause_head(w)
        if cw.i == ch.i or (cw.dep_ in ("advcl", "ccomp") and clause_head(cw.head).i == ch.i):
            return True
    return False


@dataclass
class SentenceScore:
    """One sentence's author-voice sign toward one target, and the words it rests on."""

    score: int
    hits: list[CueHit]


def departing_phrase(frame: Token) -> set[int]:
    """Tokens of the noun phrases naming who departs: the departure word's subject, object or
    possessor (and an of-phrase on a departure noun)."""
    out: set[int] = set()
    for k in frame.children:
        if k.dep_ in ("nsubj", "nsubjpass", "dobj", "poss") or (k.dep_ == "prep" and k.lower_ == "of"):
            out.update(t.i for t in k.subtree)
    return out


def withdrawal_harm_tied(h: CueHit, frames: list[Token]) -> bool:
    """A withdrawal-harm word is tied to a departure frame of its sentence: connected to it, and neither
    the departure word itself ("left", "withdrawal") nor a word describing the one departing ("ended
    one of the most expensive operations")."""
    return (
        bool(frames)
        and _frame_connected(h.head, frames)
        and all(w.i != h.head.i and h.head.i not in departing_phrase(w) for w in frames)
    )


def score_targets(
    own: list[TargetMention],
    hits: list[CueHit],
    ties: Callable[[CueHit, list[TargetMention]], bool],
    preferred: Callable[[CueHit], bool] | None = None,
) -> dict[str, SentenceScore]:
    """Per target mentioned in ``own``: the sign of the sum of the words tied to it (``ties``), only the
    ``preferred`` ones when any is tied. A word tied to the target by its own rule drops its
    withdrawal-harm reading, and a word counts once."""
    out = {}
    for target in dict.fromkeys(m.target for m in own):
        ms = [m for m in own if m.target == target]
        used = [h for h in hits if h.cue.applies_to(target) and ties(h, ms)]
        if preferred is not None and any(preferred(h) for h in used):
            used = [h for h in used if preferred(h)]
        direct = {h.head.i for h in used if h.cue.frame != "withdrawal_harm"}
        used = [h for h in used if h.cue.frame != "withdrawal_harm" or h.head.i not in direct]
        used = list({h.head.i: h for h in reversed(used)}.values())[::-1]
        total = round(sum(h.value for h in used), 6)
        score = (total > 0) - (total < 0)
        out[target] = SentenceScore(score, used if score else [])
    return out


def author_voice_rows(
    ctx: speakers.Context,
    scorer,
    mentions: dict[int, list[TargetMention]],
    raw: str,
    to_raw,
    rule_name: Callable[[CueHit], str],
) -> list[dict]:
    """An author-voice design's statements: one row per emitted mention of a target outside reported
    speech (``scorer.quoted``), with its sentence's score for the target (``scorer.score``); a sentence
    repeating an earlier one of the document is marked ``repeat_of``."""
    rows, first = [], {}
    for k, sent in enumerate(ctx.sentences):
        key = " ".join(sent.span.text.lower().split())
        repeat_of = first.setdefault(key, sent.sent_id)
        ms = mentions.get(k, [])
        scores = scorer.score(sent, ms)
        for m in ms:
            if not m.emitted or m.target not in scores or scorer.quoted(m.head):
                continue
            s = scores[m.target]
            rows.append(
                author_statement(
                    ctx,
                    sent,
                    m,
                    m.target,
                    raw,
                    to_raw,
                    score=s.score,
                    cue_ids=";".join(h.cue.id for h in s.hits),
                    spans=[to_raw(h.head.idx, h.head.idx + len(h.head)) for h in s.hits],
                    rule=";".join(rule_name(h) for h in s.hits),
                    repeat_of=repeat_of,
                )
            )
    return rows
