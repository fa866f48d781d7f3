"""One text being scanned for quotes: the state the quote rules share, and the helpers they use
to find a speech verb's cue, speaker and content.

:class:`QuoteScan` holds the parsed text, the lexicon, the speaker resolver, the quote-mark pairs and
the quotes found so far; every function takes it as its first argument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from minusma_lib.extract.quote_parts import (
    MODALS,
    Quote,
    _contiguous,
    _hypothetical,
    _is_passive,
    _questioned,
    _subject,
    _subject_with_speaker_appended,
    _subtree_span,
    _unsaid,
    _verb_lemma,
    appositive_tag_subject,
    quote_pairs,
)
from minusma_lib.extract.speaker_roles import title_noun
from minusma_lib.extract.speakers import AGE_EPITHET, RELATIVE, Context, Resolved, Resolver
from minusma_lib.extract.speech_lexicon import SAY_FORMS, Lexicon, VerbCue


@dataclass
class QuoteScan:
    """A parsed text, its lexicon and resolver, the quote-mark pairs and the quotes found so far."""

    ctx: Context
    lex: Lexicon
    doc: Doc
    res: Resolver
    pairs: list[tuple[int, int]]
    in_pair: set[int]  # token indices inside a pair of quote marks
    quotes: list[Quote] = field(default_factory=list)
    text: str = ""  # doc.text, computed once (spaCy rebuilds it from the tokens on every access)


def start_scan(ctx: Context, lex: Lexicon) -> QuoteScan:
    """The scan of one text before any rule ran: quote-mark pairs of its body sentences."""
    doc = ctx.doc
    res = Resolver(ctx, lex)
    text = res.text  # the Resolver's copy of doc.text (spaCy rebuilds it on every access)
    pairs = [(a, b) for a, b in quote_pairs(text, ctx.block_bounds) if ctx.sentence_of(a) is not None]
    in_pair: set[int] = set()
    for a, b in pairs:
        for t in doc.char_span(a + 1, b, alignment_mode="expand") or []:
            in_pair.add(t.i)
    return QuoteScan(ctx, lex, doc, res, pairs, in_pair, text=text)


def verb_speaker(scan: QuoteScan, v: Token, cue: VerbCue | None = None) -> Resolved | None:
    """Speaker of a speech verb; Resolved(None) when agentless; None when not an attribution."""
    if _is_passive(v):
        agent = passive_agent(scan, v)
        if agent is not None:
            return scan.res.from_np(agent, verb=v)
        if cue is not None and not cue.agentless_passive:
            return None
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in v.children):
            return None
        return Resolved(None, v.idx, v.idx, agentless=True, how="agentless")
    aged = _age_epithet_parsed_as_modifier(scan, v)
    if aged is not None:
        return aged
    subj = _subject(v)
    if subj is not None:
        return scan.res.from_np(subj, verb=v)
    tagged = appositive_tag_subject(v, scan.res.named)
    if tagged is not None:
        return scan.res.from_np(tagged, verb=v)
    if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return scan.res.from_np(v.head, verb=v)  # "the junta, ..., asked for ..." parsed as a modifier
    if v.dep_ in ("nsubj", "csubj") and v.tag_ == "VBG" and v.i < v.head.i:
        return scan.res.between(v.i, v.head.i)  # "Commending X, Guterres called ..." (misparsed)
    # "The officer paused, then added: ..." parsed with the first verb as a clause of the second: the
    # subject of that earlier coordinated clause is the speaker
    earlier = [c for c in v.children if c.dep_ in ("ccomp", "conj") and c.i < v.i and _subject(c) is not None]
    if earlier and v.dep_ == "ROOT":
        return scan.res.from_np(_subject(earlier[-1]), verb=v)
    gerund = next((c for c in v.children if c.dep_ in ("nsubj", "csubj") and c.tag_ == "VBG"), None)
    if gerund is not None:
        found = scan.res.between(gerund.i, v.i)
        if found:
            return found
    found = _speaker_of_governing_verb(scan, v)
    if found is not None:
        return found
    # a finite verb with no subject in the parse: the nearest known speaker before it in its sentence
    if v.dep_ in ("ROOT", "ccomp", "conj") and v.tag_ in ("VBD", "VBZ", "VBP"):
        return scan.res.between(v.sent.start, v.i)
    return None


# Prepositions that open an adverbial phrase of means, time or manner ("by telling", "after saying",
# "without naming"): a closed word class whose gerund takes the clause's subject (Quirk et al. 1985, 15.60).
ADVERBIAL_PREPS = frozenset(
    {"by", "after", "before", "while", "upon", "on", "in", "without", "since", "when"}
)


def _tag_before_participle(scan: QuoteScan, v: Token) -> Token | None:
    """The reporting verb right before a participle of speech ("..., X said on Friday, adding that"):
    the participle continues that speech act whatever the parser hung it on (only the verb's own
    adverbials and a comma between them)."""
    if v.tag_ != "VBG" or v.dep_ not in ("advcl", "conj", "xcomp"):
        return None
    prev = next((t for t in reversed(v.doc[v.sent.start : v.i]) if t.pos_ == "VERB"), None)
    if prev is None or prev == v.head or speech_verb_cue(scan, prev) is None:
        return None
    own = {
        t.i
        for c in prev.children
        if c.i > prev.i and c.dep_ in ("prep", "advmod", "npadvmod")
        for t in c.subtree
    }
    between = v.doc[prev.i + 1 : v.i]
    if not len(between) or between[-1].text != "," or not all(t.is_punct or t.i in own for t in between):
        return None
    return prev


def _speaker_of_governing_verb(scan: QuoteScan, v: Token) -> Resolved | None:
    """Participles and coordinated verbs take the subject (or agent) of the verb they hang from; a
    second speech act coordinated inside a reported clause takes the reporting verb's speaker."""
    tag = _tag_before_participle(scan, v)
    if tag is not None:
        return verb_speaker(scan, tag)
    # a participle hung on a speech act of its own ("defended the agreements, arguing that") continues
    # that act, whose speaker the walk below finds
    host_speaks = v.dep_ == "advcl" and speech_verb_cue(scan, v.head) is not None
    if _second_speech_act(scan, v) and not host_speaks:
        # the reporting verb of the clause it is coordinated inside: "said that A and urged B" (a
        # complement clause), "expressed concern that A and urged B" (the attitude noun's clause)
        host = v.head
        reporting = (
            host.head
            if host.dep_ == "ccomp"
            else host.head.head
            if host.dep_ == "acl" and host.head.dep_ == "dobj"
            else None
        )
        if reporting is not None and _verb_lemma(reporting, scan.lex) in scan.lex.verbs:
            return verb_speaker(scan, reporting)
    h, seen = v, set()
    if h.dep_ == "xcomp" and h.head.pos_ == "ADJ" and h.head.dep_ == "acomp":
        h = h.head  # "X is careful to note that ...": the predicate adjective's copula has the subject
    while h.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acomp") and h.i not in seen:
        seen.add(h.i)
        g = h.head
        if (
            h.dep_ == "pcomp"
            and g.dep_ == "prep"
            and g.lower_ in ADVERBIAL_PREPS
            and g.head.pos_ in ("VERB", "AUX")
        ):
            g = g.head  # a gerund in an adverbial phrase ("opened the debate by telling MPs that"): its
            # understood subject is the subject of the verb the phrase modifies (subject control); not
            # after "of"/"for", whose gerund an object may control ("accused X of saying")
        if g.pos_ not in ("VERB", "AUX"):
            break
        subj = _subject(g, exclude=h)
        if subj is not None:
            return scan.res.from_np(subj, verb=g)
        agent = passive_agent(scan, g)
        if agent is not None:
            return scan.res.from_np(agent, verb=g)
        if h.i < g.i:
            found = scan.res.between(h.i, g.i)
            if found:
                return found
        if g.dep_ == "acl" and g.tag_ == "VBN" and g.head.pos_ in ("NOUN", "PROPN") and g.head.i < g.i:
            # "My commander, X, used to say: ..." parsed with "used" as a modifier of the noun before it:
            # as for a speech verb parsed so (verb_speaker), that noun phrase is the subject
            return scan.res.between(g.head.left_edge.i, g.i)
        h = g
    return None


def passive_agent(scan: QuoteScan, v: Token) -> Token | None:
    """The object of the verb's "by" agent (also when the parser hangs "by" lower down)."""
    for c in v.children:
        if c.dep_ == "agent":
            return next((x for x in c.children if x.dep_ == "pobj"), None)
    for t in v.subtree:
        if t.lower_ == "by" and t.dep_ in ("prep", "agent") and t.i > v.i and t.head.i != v.i:
            pobj = next((x for x in t.children if x.dep_ == "pobj"), None)
            if pobj is not None:
                r = scan.res.from_np(pobj)
                if r is not None and r.speaker is not None and r.speaker.kind in ("group", "institution"):
                    return pobj
    return None


Span_ = tuple[int, int] | None
# A content frame that does not apply: the next frame of the verb's cue is tried.
NOT_THIS_FRAME = (-1, -1)


def content_span(scan: QuoteScan, v: Token, cue: VerbCue) -> tuple[int, int] | None:
    """What a speech verb reports: the span of the first of its cue's content frames the parse has."""
    kids = list(v.children)
    passive = _is_passive(v)
    for frame in cue.content:
        if frame.startswith("prep:"):
            found = _prep_content(v, kids, frame.split(":")[1], passive)
        elif frame in ("object+of", "object+for"):
            found = _object_prep_content(kids, frame.split("+")[1], passive)
        else:
            found = FRAME_CONTENT[frame](scan, v, kids, passive)
        if found != NOT_THIS_FRAME:
            return found
    return None


def _clause_on_addressee(kids: list[Token], addressee: bool) -> list[Token]:
    """A "that" clause the parser hung on the addressee as a relative clause ("told the members that
    the mission had ..."): a relative "that" fills a gap as subject or object, so a clause whose "that"
    is a complementiser (``mark``) is the verb's content clause, not a relative one; after a verb whose
    object is its addressee, so is one with a subject of its own (:func:`_that_with_own_subject`)."""
    return [
        r
        for k in kids
        if k.dep_ in ("dobj", "dative")
        for r in k.children
        if r.dep_ == "relcl"
        and (
            any(m.dep_ == "mark" and m.lower_ == "that" for m in r.children)
            or (addressee and _that_with_own_subject(r))
        )
    ]


def _that_with_own_subject(r: Token) -> bool:
    """A relative clause opened by "that" read as its object, with a subject of its own ("reminded the
    house that more than 20,000 soldiers had rotated through Mali", "that" read as the object of
    "rotated"): after a verb whose object is its addressee (``addressee`` in speech_verbs.yaml), the
    clause is what was said (the "tell" frame NP + that-clause, Levin 1993, 37.2), not a relative clause
    on the addressee."""
    first = r.left_edge
    return (
        r.dep_ == "relcl"
        and first.lower_ == "that"
        and first.dep_ in ("dobj", "pobj", "nsubjpass")
        and any(k.dep_ in ("nsubj", "nsubjpass") and k.i != first.i for k in r.children)
    )


def _clause_content(scan: QuoteScan, v: Token, kids: list[Token], passive: bool) -> Span_:
    subj = _subject(v)
    if subj is not None and subj.i < v.i and _subject_with_speaker_appended(subj, scan.res.named):
        # the last noun of the reported words read as the subject ("... before Easter, the Minister, X,
        # told"): the reported words run up to the speaker's phrase
        found = _clause_before_appositive_tag(scan, v)
        if found != NOT_THIS_FRAME:
            return found
    cue = speech_verb_cue(scan, v)
    addressee = cue is not None and cue.addressee
    clauses = [k for k in kids if k.dep_ == "ccomp" and not _reduced_participle(k)] or _clause_on_addressee(
        kids, addressee
    )
    c = next((k for k in clauses if k.i > v.i), clauses[0] if clauses else None)
    if c is not None and c.i > v.i and clauses[0].i < v.i and subj is not None and subj.i > clauses[0].i:
        # fronted reported words and a quotation after a colon ("X will leave, the diplomat said on
        # Monday: "..."): the quotation is the quote-mark rules'; the verb reports the fronted clause
        # (one that precedes the verb's own subject: "The officer paused, then added:" fronts nothing)
        after = _subtree_span(c)
        if after is not None and quoted_share(scan, after) >= 0.8:
            c = clauses[0]
    if c is None:
        found = _as_parenthetical_content(v)
        found = found if found != NOT_THIS_FRAME else _parenthetical_content(scan, v)
        found = found if found != NOT_THIS_FRAME else _clause_after_complementiser(v)
        found = found if found != NOT_THIS_FRAME else _clause_read_as_object(kids)
        found = found if found != NOT_THIS_FRAME else _fronted_clause_read_as_subject(v, kids)
        found = found if found != NOT_THIS_FRAME else _clause_before_appositive_tag(scan, v)
        return found if found != NOT_THIS_FRAME else _clause_after_the_tag(v)
    if _name_withheld(c):
        return None  # "asked that her name not be published": a sourcing condition, not reported words
    return _reported_clause(scan, v, c)


def _clause_before_appositive_tag(scan: QuoteScan, v: Token) -> Span_:
    """The reported clause before a final tag whose speaker the parser hung on that clause
    (:func:`appositive_tag_subject`): the sentence's words before the speaker's phrase."""
    who = appositive_tag_subject(v, scan.res.named)
    if who is None:
        return NOT_THIS_FRAME
    # a role written before the name and set off by commas ("the Minister of State ..., X, told") is
    # part of the speaker's phrase
    head = who
    while head.dep_ == "appos" and head.head.i < head.i and title_noun(head.head, scan.res.roles):
        head = head.head
    left = min(t.i for t in head.subtree if t.i <= who.i)
    words = [t for t in v.sent if t.i < left]
    # reported words are a clause (a finite verb), not a fronted adverbial ("During the session, X
    # declared: ..."), and a final tag has no colon after its verb
    if not any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in words):
        return NOT_THIS_FRAME
    if v.i + 1 < len(v.doc) and v.doc[v.i + 1].text == ":":
        return NOT_THIS_FRAME
    return _contiguous(words)


def _clause_read_as_noun(noun: Token | None) -> Span_:
    """A clause without "that" that the parser read as a noun with a reduced relative ("the mission
    paid for the wells" as "the mission [that was] paid for"): a past-tense verb right after the noun,
    with no auxiliary and no "by" agent, is the clause's own verb, since a clause-taking verb of saying
    reports propositions, not things (Quirk et al. 1985, 16.31 on the zero complementiser)."""
    if noun is None:
        return NOT_THIS_FRAME
    verb = next((k for k in noun.children if k.dep_ == "acl" and k.i == noun.i + 1), None)
    if verb is None or verb.tag_ not in ("VBD", "VBN"):
        return NOT_THIS_FRAME
    if any(k.dep_ in ("agent", "aux", "auxpass") for k in verb.children):
        return NOT_THIS_FRAME
    return _subtree_span(noun)


def _fronted_clause_read_as_subject(v: Token, kids: list[Token]) -> Span_:
    """Fronted reported words read as a second subject ("The mission paid for 23 wells, he said"): a verb
    has one subject, so with the tag's own subject right before it, the earlier one is the reported
    clause when it reads as a clause (:func:`_clause_read_as_noun`)."""
    subjects = [k for k in kids if k.dep_ == "nsubj" and k.i < v.i]
    return _clause_read_as_noun(subjects[0]) if len(subjects) >= 2 else NOT_THIS_FRAME


def _clause_read_as_object(kids: list[Token]) -> Span_:
    """A content clause read as the object ("he says the mission paid for the wells")."""
    return _clause_read_as_noun(
        next((k for k in kids if k.dep_ == "dobj" and k.pos_ in ("NOUN", "PROPN")), None)
    )


def _name_withheld(c: Token) -> bool:
    """A passive clause about the source's own name ("that her name not be published", "that his family
    name not be printed"): the journalistic convention of anonymity, not reported content."""
    subj = next((k for k in c.children if k.dep_ == "nsubjpass"), None)
    return subj is not None and subj.lemma_.lower() == "name" and any(k.dep_ == "poss" for k in subj.children)


def _clause_after_complementiser(v: Token) -> Span_:
    """The rest of the sentence after a complementiser "that" right after the verb (or after a
    prepositional phrase of the verb's), when the parser missed the clause ("found that communities ... reported ..." read with "that" as an object): the
    tagger's subordinating conjunction opens the verb's content clause whatever the tree says."""
    k = v.i + 1
    # past the verb's own adverbials, a prepositional phrase or a time noun phrase ("argued in an
    # interview that ...", "posted on Facebook last week that ..."), which the parser may stretch over
    # the clause it missed: words with no verb and no punctuation between the verb and "that"
    that = next(
        (t.i for t in v.doc[k : min(k + 9, v.sent.end)] if t.lower_ == "that" and t.pos_ == "SCONJ"), None
    )
    if that is not None and that > k:
        between = v.doc[k:that]
        adverbial = between[0].dep_ in ("prep", "npadvmod", "advmod") and between[0].head.i == v.i
        plain = not any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in between)
        k = that if adverbial and plain else k
    nxt = v.doc[k] if k < v.sent.end else None
    if nxt is None or nxt.lower_ != "that" or nxt.pos_ != "SCONJ":
        return NOT_THIS_FRAME
    rest = [t for t in v.doc[nxt.i + 1 : v.sent.end]]
    if not any(t.pos_ in ("VERB", "AUX") for t in rest):
        return NOT_THIS_FRAME
    return _contiguous(rest)


def _clause_after_the_tag(v: Token) -> Span_:
    """A reporting tag set before its content with commas ("Before the withdrawal, he told me, about a
    third of his customers were contractors"): the parser joins the content to the tag as a conjunct,
    which has its own subject, follows a comma and no coordinator ("and", "but")."""
    for c in v.children:
        if c.dep_ != "conj" or c.i < v.i or c.pos_ not in ("VERB", "AUX"):
            continue
        if not any(k.dep_ in ("nsubj", "nsubjpass") for k in c.children):
            continue
        between = v.doc[v.i + 1 : c.left_edge.i]
        if any(t.dep_ == "cc" for t in between) or not any(t.text == "," for t in between):
            continue
        if any(t.pos_ in ("VERB", "AUX") and t.head.i == v.i for t in between):
            continue
        return _contiguous(list(c.subtree))
    return NOT_THIS_FRAME


def _reduced_participle(c: Token) -> bool:
    """A past participle with no subject and no auxiliary ("a statement read out by the envoy") that the
    parser hung on a speech verb as its clause: it modifies a noun, and reports nothing."""
    return c.tag_ == "VBN" and not any(
        k.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "expl") for k in c.children
    )


def _as_parenthetical_content(v: Token) -> Span_:
    """An as-parenthetical ("But as X noted in her report, the sum was ..."; "..., as the envoy said"):
    the reporting clause opened by "as", set off by a comma, has no complement of its own (its gap), and
    what it reports is the clause it is attached to (Potts 2002, "The syntax and semantics of
    as-parentheticals", NLLT 20)."""
    if v.dep_ != "advcl" or v.head.pos_ not in ("VERB", "AUX"):
        return NOT_THIS_FRAME
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in v.children):
        return NOT_THIS_FRAME
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd") for c in v.children):
        return NOT_THIS_FRAME  # "as she said goodbye": a clause of time, not a report
    own = {t.i for t in v.subtree}
    doc = v.doc
    lo, hi = min(own), max(own)
    # set off by a comma, as the construction is ("..., as X said"; "As X noted, ..."): a clause of
    # time without one ("Protests grew as the ministers argued") reports nothing
    if lo < v.head.i and (hi + 1 >= len(doc) or doc[hi + 1].text != ","):
        return NOT_THIS_FRAME
    if lo > v.head.i and (lo == 0 or doc[lo - 1].text != ","):
        return NOT_THIS_FRAME
    toks = [t for t in v.head.subtree if t.i not in own]
    while toks and (toks[0].is_punct or (toks[0].dep_ == "cc" and toks[0].head == v.head)):
        toks = toks[1:]
    return _contiguous(toks)


def _reported_clause(scan: QuoteScan, v: Token, c: Token) -> Span_:
    """The content clause ``c`` of the speech act ``v``, without its complementiser and ending before a
    second speech act coordinated inside it ("... and urged partners to")."""
    second = [k for k in c.children if _second_speech_act(scan, k)]
    second += [k for k in c.subtree if k != c and _other_speech_act(scan, k)]
    if not second:
        first = c.left_edge
        # the complementiser the parser gave another relation (a relative pronoun, an object): the
        # tagger's subordinating "that", or the "that" of a relative clause read as the content
        if first.lower_ == "that" and (first.pos_ == "SCONJ" or _that_with_own_subject(c)):
            return _contiguous([t for t in c.subtree if t.i != first.i])
        return _subtree_span(c)
    cut = min(t.i for k in second for t in k.subtree)
    cut = min(
        [cut] + [k.i for k in c.subtree if k.dep_ in ("cc", "mark") and v.i < k.i < cut and k.i >= cut - 2]
    )
    return _contiguous([t for t in c.subtree if t.i < cut and not (t.dep_ == "mark" and t.head == c)])


def _parenthetical_content(scan: QuoteScan, v: Token) -> Span_:
    """A reporting clause set off by commas inside the reported words ("The Council, she argued, had
    no choice"): the parser makes it a parataxis of the reported clause, which is the content. Quoted
    words split by the clause are the quote-mark rule's ('"The mission," she said, "did more"')."""
    doc = v.doc
    own = sorted(t.i for t in v.subtree)
    b = own[-1]
    # the clause proper starts at its subject: an adverbial clause the parser hung on the reporting verb
    # ("Since the division left, she explained, families ...") is not part of the parenthetical
    subj = _subject(v)
    a = min(t.i for t in subj.subtree) if subj is not None and subj.i < v.i else own[0]
    if any(t.i in scan.in_pair for t in doc[max(a - 3, 0) : a]) and _quotation_opens_the_clause(
        scan, v.head, a
    ):
        return NOT_THIS_FRAME  # a split quotation: the quoted words end right before the clause
    if v.dep_ != "parataxis" or v.head.pos_ not in ("VERB", "AUX") or a == 0 or b + 1 >= len(doc):
        return NOT_THIS_FRAME
    if doc[a - 1].text != "," and doc[a].text != ",":
        return NOT_THIS_FRAME
    a = own[0]
    # a colon before the clause closes a label or an introduction ("13:20 GMT - X again: the alliance,
    # he said, would ..."): the reported words start after it
    colon = max((t.i for t in v.head.subtree if t.i < a and t.is_punct and t.text.endswith(":")), default=-1)
    return _contiguous([t for t in v.head.subtree if t.i > colon and not (a <= t.i <= b)])


def _quotation_opens_the_clause(scan: QuoteScan, host: Token, a: int) -> bool:
    """The quoted words that end right before token ``a`` opened at the start of ``host``'s clause
    ('"The mission," she said, ...'), rather than closing a clause of the author's ('The army took the
    camp "in perfect order", he said, ...', a mixed quotation)."""
    end = host.doc[max(a - 3, 0)].idx
    start = host.left_edge.idx
    return any(start - 1 <= qa <= start and qb >= end for qa, qb in scan.pairs)


def _other_speech_act(scan: QuoteScan, t: Token) -> bool:
    """A reporting verb with a subject of its own inside the reported clause, joined to it by "while",
    "and" or "but" ("..., while the speaker for China, X, said ..."): another speaker's speech act,
    which the reported words stop before."""
    return (
        t.dep_ in ("advcl", "conj")
        and t.pos_ == "VERB"
        and _verb_lemma(t, scan.lex) in scan.lex.verbs
        and _subject(t) is not None
        and any(k.dep_ in ("ccomp", "xcomp") for k in t.children)
    )


def _second_speech_act(scan: QuoteScan, t: Token) -> bool:
    """A speech verb coordinated inside a reported clause that has its own "that"-clause, or its own
    addressee and "to"-infinitive (a request; "called on X to"), and no subject: "noted that A and argued that B",
    "noted that A, and urged partners not to B" are two speech acts of one speaker, which the parser
    hangs as a conjunct of the first reported clause."""
    kids = list(t.children)
    # a "that" clause, or an indirect question opened by a wh-word ("and asked who would ...")
    that_clause = any(
        k.dep_ == "ccomp" and any(m.dep_ == "mark" or m.tag_ in ("WP", "WRB", "WDT") for m in k.children)
        for k in kids
    )
    # the addressee as object or after a preposition ("urged partners to", "called on partners to")
    addressee = any(
        k.dep_ == "dobj" or (k.dep_ == "prep" and any(p.dep_ == "pobj" for p in k.children)) for k in kids
    )
    request = addressee and any(
        k.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in k.children) for k in kids
    )
    # or a participle of speech after a comma ("..., predicting that B"), the same speaker's next act
    participle = t.dep_ == "advcl" and t.tag_ == "VBG" and t.i > 0 and t.doc[t.i - 1].text == ","
    return (
        (t.dep_ == "conj" or participle)
        and t.pos_ == "VERB"
        and _verb_lemma(t, scan.lex) in scan.lex.verbs
        and _subject(t) is None
        and (that_clause or request)
    )


def _xcomp_content(scan: QuoteScan, v: Token, kids: list[Token], passive: bool) -> Span_:
    # an infinitive ("urged X to leave", "is said to be"), not a participle the parser hung on the verb
    # ("said in a statement read out by ...")
    c = next(
        (
            k
            for k in kids
            if k.dep_ == "xcomp"
            and k.pos_ in ("VERB", "AUX")
            and (k.tag_ == "VB" or any(a.dep_ == "aux" and a.lower_ == "to" for a in k.children))
        ),
        None,
    )
    if c is not None and _anonymity_request(scan, c):
        return None  # "asked not to be named": a sourcing condition, not reported words
    return _subtree_span(c) if c is not None else NOT_THIS_FRAME


def _anonymity_request(scan: QuoteScan, c: Token) -> bool:
    """A passive verb of naming with no complement of its own ("not to be named", "to be identified
    only as Baba"), not the appointment sense ("to be named ambassador", "named to the council")."""
    if not _is_passive(c) or c.lemma_.lower() not in scan.lex.sourcing_verbs:
        return False
    return not any(
        k.dep_ in ("oprd", "attr", "xcomp", "dobj", "npadvmod", "ccomp")
        or (k.dep_ in ("prep", "dative") and k.lower_ == "to")
        for k in c.children
    )


def _object_content(scan: QuoteScan, v: Token, kids: list[Token], passive: bool) -> Span_:
    if passive:
        c = next((k for k in kids if k.dep_ == "nsubjpass"), None)
        if c is not None and c.lower_ not in RELATIVE:
            return _subtree_span(c)
        return np_before(scan, v) if v.dep_ == "acl" else NOT_THIS_FRAME
    c = next((k for k in kids if k.dep_ == "dobj"), None)
    if c is None or c.lower_ in RELATIVE:
        return NOT_THIS_FRAME
    # the attitude noun of a verb that speaks only with it ("expressed concern that X", frame_only in the
    # lexicon) names the attitude; its appositive "that" clause is what is said, as for "said that X"
    cue = scan.lex.verbs.get(_verb_lemma(v, scan.lex))
    framed = cue is not None and c.lemma_.lower() in cue.frame_only
    content = [
        k
        for k in (c.children if framed else [])
        if k.dep_ in ("acl", "ccomp")
        and k.i > c.i
        and any(m.dep_ == "mark" and m.lower_ == "that" for m in k.children)
    ]
    if content:
        return _reported_clause(scan, v, content[0])
    # objects coordinated to the verb by a misparse ("the failure, as well as the inadequacy")
    more = [k for k in kids if k.dep_ == "conj" and k.pos_ in ("NOUN", "PROPN") and k.i > c.i]
    if more:
        return _contiguous(list(c.subtree) + [t for k in more for t in k.subtree])
    # a non-restrictive relative clause after a comma ("welcomed the handover, which he called ...")
    # comments on the object; it is not part of what was welcomed
    aside = [
        k
        for k in c.children
        if k.dep_ == "relcl" and k.left_edge.i > 0 and k.doc[k.left_edge.i - 1].text == ","
    ]
    if aside:
        cut = min(k.left_edge.i for k in aside) - 1
        return _contiguous([t for t in c.subtree if t.i < cut])
    return _subtree_span(c)


def _oprd_content(scan: QuoteScan, v: Token, kids: list[Token], passive: bool) -> Span_:
    parts = [k for k in kids if k.dep_ in ("oprd", "attr", "acomp")]
    if parts:
        objs = [k for k in kids if k.dep_ == "dobj" and k.lower_ not in RELATIVE]
        return _contiguous([t for k in objs + parts for t in k.subtree])
    c = next((k for k in kids if k.dep_ in ("ccomp", "xcomp")), None)
    if c is not None and any(k.dep_ == "dobj" for k in kids):
        obj = next(k for k in kids if k.dep_ == "dobj")
        return _contiguous(list(obj.subtree) + list(c.subtree))
    return NOT_THIS_FRAME


def _as_content(scan: QuoteScan, v: Token, kids: list[Token], passive: bool) -> Span_:
    c = next((k for k in kids if k.dep_ == "prep" and k.lower_ == "as"), None)
    return _contiguous([t for t in c.subtree if t.i != c.i]) if c is not None else NOT_THIS_FRAME


def _object_prep_content(kids: list[Token], prep: str, passive: bool) -> Span_:
    obj = next((k for k in kids if k.dep_ == "dobj"), None)
    preps = [k for k in kids if k.dep_ == "prep" and k.lower_ == prep]
    if obj is not None:
        preps += [k for k in obj.children if k.dep_ == "prep" and k.lower_ == prep]
    if not preps:
        return NOT_THIS_FRAME
    toks = [t for k in preps for t in k.subtree]
    if obj is not None and not passive:
        toks += list(obj.subtree)
    return _contiguous(toks)


def _prep_content(v: Token, kids: list[Token], prep: str, passive: bool) -> Span_:
    """The object of the cue's preposition after the verb: the parser reads "to" after an object as a
    dative or hangs it on the object ("paid tribute to X"); a fronted phrase ("For the AfD, X called
    the deployment ...") is the sentence's frame, not the verb's content."""
    heads = [*kids, *(x for k in kids if k.dep_ == "dobj" for x in k.children)]
    c = next((k for k in heads if k.dep_ in ("prep", "dative") and k.lower_ == prep and k.i > v.i), None)
    if c is None:
        return NOT_THIS_FRAME
    return (
        _contiguous([t for t in c.subtree if t.i != c.i])
        if passive is False
        else _contiguous(list(c.subtree))
    )


def _colon_content(scan: QuoteScan, v: Token, kids: list[Token], passive: bool) -> Span_:
    """The words after a colon that closes the verb's clause, to the end of the sentence ("put it
    plainly before the Council: the mission had failed ...")."""
    sent = v.sent
    colon = next((t for t in sent[v.i - sent.start + 1 :] if t.text == ":"), None)
    if colon is None or colon.i + 1 >= sent.end:
        return NOT_THIS_FRAME
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "ccomp") for t in scan.doc[v.i + 1 : colon.i]):
        return NOT_THIS_FRAME  # another clause stands between the verb and the colon
    return scan.doc[colon.i + 1].idx, sent.end_char


# The content frames of data/lexicons/speech_verbs.yaml (``content:``) and how each is read.
FRAME_CONTENT = {
    "clause": _clause_content,
    "xcomp": _xcomp_content,
    "object": _object_content,
    "oprd": _oprd_content,
    "as": _as_content,
    "colon": _colon_content,
}


def np_before(scan: QuoteScan, v: Token) -> tuple[int, int] | None:
    i = v.i - 1
    while i >= 0 and scan.doc[i].is_punct:
        i -= 1
    for nc in scan.doc.noun_chunks:
        if nc.start <= i < nc.end:
            return nc.start_char, nc.end_char
    return None


def _age_epithet_parsed_as_modifier(scan: QuoteScan, v: Token) -> Resolved | None:
    """'"...," the 31-year-old said': the parser may read "said" as a noun that "the 31-year-old"
    modifies, leaving the verb without a subject; the words before it are still the age epithet that
    names the speaker (resolved as a subject would be)."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
        return None
    mods = [
        c for c in v.children if c.i < v.i and c.dep_ in ("det", "amod", "nummod", "compound", "npadvmod")
    ]
    if not mods or not any(c.dep_ == "det" and c.lower_ == "the" for c in mods):
        return None
    toks = sorted({t for c in mods for t in c.subtree}, key=lambda t: t.i)
    if toks[-1].i != v.i - 1 or AGE_EPITHET.search(scan.text[toks[0].idx : v.idx]) is None:
        return None
    return scan.res.age_epithet(toks[-1], toks)


def frame_ok(scan: QuoteScan, v: Token, cue: VerbCue) -> bool:
    if not cue.frame_only:
        return True
    objs = [k for k in v.children if k.dep_ in ("dobj", "nsubjpass")]
    if v.dep_ == "relcl":
        objs.append(v.head)
    return any(o.lemma_.lower() in cue.frame_only for o in objs)


def add_quote(
    scan: QuoteScan,
    start: int,
    end: int,
    kind: str,
    rule: str,
    cue: Token | Span | None,
    resolved: Resolved | None,
) -> Quote:
    """Record a quote; ``cue`` is the token or span of the speech cue (None: no cue of its own)."""
    if cue is None:
        q = Quote(start, end, kind, rule, "", resolved)
    else:
        a = cue.idx if isinstance(cue, Token) else cue.start_char
        b = a + len(cue) if isinstance(cue, Token) else cue.end_char
        q = Quote(start, end, kind, rule, scan.text[a:b], resolved, a, b)
    scan.quotes.append(q)
    if kind != "scare":
        words = scan.doc.char_span(start, end, alignment_mode="expand")
        if words is not None:
            scan.res.reported.append((words.start, words.end))
    return q


def quoted_share(scan: QuoteScan, span: tuple[int, int]) -> float:
    """Share of the span's letters that lie inside one pair of quote marks."""
    text = scan.text
    letters = [i for i in range(*span) if text[i].isalnum()]
    if not letters:
        return 0.0
    best = 0
    for a, b in scan.pairs:
        best = max(best, sum(1 for i in letters if a < i < b))
    return best / len(letters)


def speech_verb_cue(scan: QuoteScan, tok: Token) -> VerbCue | None:
    """The cue of a speech verb (also when the tagger called it a noun but it heads a clause)."""
    if tok.i in scan.in_pair:
        return None
    cue = scan.lex.verbs.get(_verb_lemma(tok, scan.lex))
    if cue is None and tok.lower_ in SAY_FORMS:
        cue = scan.lex.verbs.get("say")  # the tagger's noun "said" keeps its own lemma
    if cue is None:
        return None
    if tok.pos_ not in ("VERB", "AUX"):
        predicate = any(c.dep_ == "ccomp" for c in tok.children) and (
            tok.dep_ == "ROOT" or any(c.dep_ == "nsubj" for c in tok.children)
        )
        # a form of "say" tagged a noun is the verb of a tag the tagger misread (SAY_FORMS)
        if not (tok.pos_ == "NOUN" and (predicate or tok.lower_ in SAY_FORMS)):
            return None
    if cue.passive_only and not _is_passive(tok):
        return None
    if _hypothetical(tok) or _unsaid(tok) or _questioned(tok):
        return None
    return cue


def previous_quote(scan: QuoteScan, pos: int) -> Quote | None:
    block = scan.ctx.block_of(pos)
    cands = [
        q
        for q in scan.quotes
        if q.end <= pos
        and q.kind != "scare"
        and q.resolved is not None
        and scan.ctx.block_of(q.start) >= block - 1
    ]
    return max(cands, key=lambda q: q.end) if cands else None


# A news dateline opening a paragraph: a place name in capitals, then a date after a comma or an agency in
# brackets (or both), then a dash ("UNITED NATIONS, June 30 (Reuters) -", "MOPTI/BAMAKO, 18 January 2024 -",
# "GAO (AFP) -"), the wire services' lead convention. It is the report's, not part of the words a lead
# sentence reports. A capitalised word followed by a dash alone ("ECOWAS - the regional bloc - welcomed")
# is not one.
DATELINE = re.compile(
    r"[A-ZÀ-Þ][A-ZÀ-Þ/.' \-]{2,}(?:,[^\n–—]{1,40}?(?: ?\([^)\n]{1,30}\))?| ?\([^)\n]{1,30}\))\s+[-–—]\s+"
)


def clip_content(scan: QuoteScan, span: tuple[int, int], sp: Resolved, v: Token) -> tuple[int, int] | None:
    """Keep the content clear of the speech verb, the speaker mention and a dateline."""
    a, b = span
    dateline = DATELINE.match(scan.text, a) if a == 0 or scan.text[a - 1] == "\n" else None
    if dateline is not None and dateline.end() < b:
        a = dateline.end()
    if v.dep_ != "parataxis" and a <= sp.mention_start < b and not scan.text[a : sp.mention_start].strip():
        return None  # a clause that opens with the speaker is the speaker's appositive, not reported words
    # a parenthetical reporting clause stays inside the words it splits ("The Council, she argued, had")
    inside = () if v.dep_ == "parataxis" else ((v.idx, v.idx + len(v)), (sp.mention_start, sp.mention_end))
    for x, y in inside:
        if x < y and a <= x < b:
            if x - a >= b - y:
                b = x
            else:
                a = y
    text = scan.text
    while a < b and (text[a].isspace() or text[a] in ",;:"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:."):
        b -= 1
    return (a, b) if b > a else None
