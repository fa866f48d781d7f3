"""The quote rules, in the order they run (``rule`` column of ``quotes.csv``; see
:mod:`minusma_lib.extract.quotes`). Each is a function of the :class:`QuoteScan` that adds quotes.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from minusma_lib.extract.quote_parts import MODALS, Quote, _contiguous, _subject, _verb_lemma
from minusma_lib.extract.quote_scan import (
    QuoteScan,
    add_quote,
    clip_content,
    content_span,
    frame_ok,
    previous_quote,
    quoted_share,
    speech_verb_cue,
    verb_speaker,
)
from minusma_lib.extract.speakers import Resolved, Sentence
from minusma_lib.extract.speech_lexicon import UNATTRIBUTED


def quote_mark_quotes(scan: QuoteScan) -> None:
    """Rules ``colon``, ``quote_marks``, ``carry_over``, ``citation`` and ``scare``: one decision
    per pair of quote marks, tried in that order."""
    for a, b in scan.pairs:
        inner = scan.doc.char_span(a + 1, b, alignment_mode="expand")
        if inner is None or not inner.text.strip():
            continue
        start, end = a + 1, b
        v = _colon_block_verb(scan, a)
        if v is not None:
            add_quote(scan, start, end, "block", "colon", v, verb_speaker(scan, v))
            continue
        intro = _colon_introduction(scan, a)
        if intro is not None:
            add_quote(scan, start, end, "direct", "colon_intro", *intro)
            continue
        verb = (
            _governing_verb(scan, inner)
            or _verb_after_closing(scan, inner)
            or _as_clause_verb(scan, inner)
            or _parenthetical_tag_verb(scan, inner)
        )
        if verb is None:
            found = _speech_word_before(scan, inner)
            if found is not None:
                add_quote(scan, start, end, "direct", "quote_marks", *found)
                continue
        if verb is not None:
            sp = verb_speaker(scan, verb)
            if sp is not None and start <= sp.mention_start < end:
                # the speaker is never inside the words attributed to them: the parser took a subject
                # of the quoted clause for the verb's ('"The Sahel will not ...," warned X of the FDP')
                sp = _tag_subject_outside(scan, verb, inner)
            if sp is not None:
                add_quote(scan, start, end, "direct", "quote_marks", verb, sp)
                continue
        _unattributed_marks(scan, a, b, inner)


def _colon_block_verb(scan: QuoteScan, a: int) -> Token | None:
    """The last speech verb of a clause ending in a colon right before the opening mark at ``a``."""
    text = scan.text
    j = a - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if j < 0 or text[j] != ":":
        return None
    colon = scan.doc.char_span(j, j + 1, alignment_mode="expand")
    if colon is None:
        return None
    verbs = [
        t
        for t in colon[0].sent
        if t.i < colon[0].i and (cue := speech_verb_cue(scan, t)) is not None and frame_ok(scan, t, cue)
    ]
    # a verb in a subordinate adverbial or relative clause ("conceded as much when we spoke in March:")
    # does not introduce the quotation; the clause it modifies does
    verbs = [t for t in verbs if t.dep_ not in ("advcl", "relcl")]
    return verbs[-1] if verbs else None


def _colon_introduction(scan: QuoteScan, a: int) -> tuple[Token, Resolved] | None:
    """Rule ``colon_intro``: quoted words right after a colon that closes a clause about a person,
    with no speech verb ("Minister X, who ..., was categorical: "..."", "The envoy had a warning:
    "..."): news style introduces the person's words so. Only a person or a role noun phrase subject
    counts, so "The slogan was simple: "..."" stays a citation."""
    j = a - 1
    while j >= 0 and scan.text[j].isspace():
        j -= 1
    if j < 0 or scan.text[j] != ":":
        return None
    colon = scan.doc.char_span(j, j + 1, alignment_mode="expand")
    if colon is None:
        return None
    root = colon[0].head if colon[0].dep_ == "punct" else None
    # the parser may hang the colon on the clause's object ("X read the following statement:"): the
    # clause the colon closes is that object's verb's
    while root is not None and root.pos_ not in ("VERB", "AUX") and root.dep_ in ("dobj", "pobj", "prep"):
        root = root.head
    subj = _subject(root) if root is not None and root.i < colon[0].i else None
    if subj is None:
        return None
    sp = scan.res.from_np(subj, verb=root)
    people = ("person_entity", "role_nominal", "role_anaphora", "role_cataphora", "pronoun")
    return (root, sp) if sp is not None and sp.how in people else None


def _governing_verb(scan: QuoteScan, inner: Span) -> Token | None:
    """A speech verb outside the marks that the quoted words hang from in the dependency tree."""
    ids = {t.i for t in inner}
    for t in inner:
        if t.head.i in ids or t.head.i == t.i:
            continue
        h = t.head
        while True:
            cue = speech_verb_cue(scan, h) if h.i not in ids else None
            if cue is not None and not cue.source_only:  # the cue's lemma ("hopes" -> hope, not "hop")
                return h
            if h.head.i == h.i:
                break
            h = h.head
    return None


def _as_clause_verb(scan: QuoteScan, inner: Span) -> Token | None:
    """The speech verb of a reporting "as" clause before the opening mark that modifies the quoted
    clause ("As X noted in an interview, "..."", "As the envoy put it, "...""): English comment clauses
    introduced by "as" attribute the clause they modify (Quirk et al. 1985, 15.53)."""
    ids = {t.i for t in inner}
    for t in inner:
        for c in t.children:
            if (
                c.dep_ == "advcl"
                and c.i < inner.start
                and c.i not in ids
                and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children)
                and speech_verb_cue(scan, c)
            ):
                return c
    return None


def _parenthetical_tag_verb(scan: QuoteScan, inner: Span) -> Token | None:
    """The speech verb of a reporting tag set inside the clause the quoted words belong to, before
    them ("Germany, she said, had stayed “as long as ...”"): the parser hangs the tag on the host
    clause (parataxis), so it governs the quoted words only through that clause."""
    ids = {t.i for t in inner}
    top = [t for t in inner if t.head.i not in ids]
    hosts = {a.i: a for t in top for a in [t, *t.ancestors] if a.i not in ids}
    for host in hosts.values():
        for c in host.children:
            if c.dep_ == "parataxis" and c.i < inner.start and c.i not in ids and speech_verb_cue(scan, c):
                return c
    return None


def _verb_after_closing(scan: QuoteScan, inner: Span) -> Token | None:
    """Attribution right after the closing mark: ”, said X / ,” X said; never across a paragraph
    break (an attribution belongs to the paragraph of the words it attributes) or the end of the quoted
    sentence."""
    window = list(scan.doc[inner.end :][:6])
    cut = next((k for k, t in enumerate(window) if "\n" in t.text_with_ws), len(window))
    after = [t for t in window[: cut + 1] if not t.is_punct and not t.is_space]
    if after and inner.text.rstrip().endswith(".") and after[0].text[:1].isupper():
        # quoted words closed by a full stop end their sentence: a capitalised word after the mark
        # opens the next one ('"... town by town." The activist said ...'), whose verb is its own
        return None
    found = next((t for t in after[:3] if speech_verb_cue(scan, t)), None)
    return found if found is not None or not after else _tag_after_long_subject(scan, after[0])


def _tag_after_long_subject(scan: QuoteScan, first: Token) -> Token | None:
    """A reporting tag whose subject starts right after the closing mark but is longer than the
    window ('"...?" Korotoumou X, the group's director, told me'): the verb whose subject's phrase
    begins with the first word after the mark, in the same paragraph."""
    for v in first.doc[first.i : min(first.i + 25, len(first.doc))]:
        if "\n" in v.text_with_ws and v.i > first.i:
            return None
        if speech_verb_cue(scan, v) is None:
            continue
        subj = _subject(v)
        # the subject's phrase, or the words the tagger hung on a "said" it read as a noun
        words = subj.subtree if subj is not None else (v.subtree if v.pos_ == "NOUN" else [])
        if min((t.i for t in words), default=-1) == first.i:
            return v
    return None


def _speech_word_before(scan: QuoteScan, inner: Span) -> tuple[Token, Resolved] | None:
    """A speech word just before the opening mark, whatever the tagger made of it ('demand "the
    immediate withdrawal"', 'dismissed “the hasty conclusions'), with its speaker."""
    doc = scan.doc
    window = doc[max(inner.start - 4, 0) : inner.start]
    # not across the end of a sentence ('... after the flag was raised. "From now on ..."')
    ends = [t.i for t in window if t.text in (".", "!", "?")]
    before = [t for t in window if not t.is_punct and not t.is_space and t.i > max(ends, default=-1)]
    near = [t for t in before[-2:] if _verb_lemma(t, scan.lex) in scan.lex.verbs]
    if not near:
        return None
    v = near[-1]
    sp = verb_speaker(scan, v) if speech_verb_cue(scan, v) else None
    sp = sp or scan.res.between(v.sent.start, v.i)
    return (v, sp) if sp is not None else None


def _quoted_heading(scan: QuoteScan, a: int, b: int) -> bool:
    """Quote marks that make up a whole line without a closing full stop, question or exclamation mark
    (a crosshead or pull quote, '“The Malians will judge us by what comes next”'): a display line of
    the page, which continues no one's words."""
    line_start = scan.text.rfind("\n", 0, a) + 1
    line_end = scan.text.find("\n", b)
    line_end = len(scan.text) if line_end < 0 else line_end
    inner = scan.text[a + 1 : b].rstrip()
    return (
        not scan.text[line_start:a].strip()
        and not scan.text[b + 1 : line_end].strip()
        and not inner.endswith((".", "!", "?", ","))
    )


def _tag_subject_outside(scan: QuoteScan, verb: Token, inner: Span) -> Resolved | None:
    """The speaker named in the reporting tag outside the quote marks: between the closing mark and
    the verb ('," X warned'), else right after the verb ('," warned X'), up to the sentence's end."""
    if verb.i > inner.end:
        found = scan.res.between(inner.end, verb.i)
        if found is not None:
            return found
    return scan.res.between(verb.i + 1, verb.sent.end)


def _unattributed_marks(scan: QuoteScan, a: int, b: int, inner: Span) -> None:
    """Quote marks with no speech verb: the previous quote carried over when they open a sentence,
    else a scare quote when short, else a citation of the nearest source named before them."""
    sent = scan.ctx.sentence_of(a)
    if (
        sent is not None
        and not scan.text[sent.span.start_char : a].strip()
        and not _quoted_heading(scan, a, b)
    ):
        prev = previous_quote(scan, a)
        if prev is not None:
            add_quote(scan, a + 1, b, "direct", "carry_over", None, prev.resolved)
            return
    n_words = sum(1 for t in inner if not t.is_punct and not t.is_space)
    if n_words <= scan.lex.scare_max_words:
        add_quote(scan, a + 1, b, "scare", "scare", None, None)
    else:
        src = scan.res.nearest_source_before(sent.span, inner.start) if sent else None
        add_quote(scan, a + 1, b, "direct", "citation", None, src or Resolved(None, a, a))


def verb_quotes(scan: QuoteScan) -> None:
    for s in scan.ctx.sentences:
        for v in s.span:
            cue = speech_verb_cue(scan, v)
            if cue is None or not frame_ok(scan, v, cue):
                continue
            span = content_span(scan, v, cue)
            if span is None:
                continue
            sp = verb_speaker(scan, v, cue)
            if sp is None or _relays_a_report(scan, v):
                continue
            if cue.source_only and not _a_document_speaks(scan, v, sp):
                continue
            span = clip_content(scan, span, sp, v)
            if span is None:
                continue
            if quoted_share(scan, span) >= 0.8:
                _give_quoted_words(scan, span, v, sp)
                continue
            kind = "block" if scan.text[: span[0]].rstrip().endswith(":") and span[0] > v.idx else "indirect"
            halves = _split_at_the_tag(scan, v, span) or coordinated_that_clauses(scan, span) + [
                h for h in _that_clauses_on_the_verb(scan, v, span) if clip_content(scan, h, sp, v) == h
            ]
            halves += [h for h in _backshifted_conjunct(scan, v, span) if clip_content(scan, h, sp, v) == h]
            for a, b in halves:
                if len(halves) == 1 or quoted_share(scan, (a, b)) < 0.8:
                    add_quote(scan, a, b, kind, "verb", v, sp)


def _unowned(q: Quote) -> bool:
    """Quoted words that found no speaker of their own (a scare quote, or no name resolved)."""
    return q.kind == "scare" or (
        q.resolved is not None and q.resolved.speaker is None and not q.resolved.name
    )


def _give_quoted_words(scan: QuoteScan, span: tuple[int, int], v: Token, sp: Resolved) -> None:
    """A verb's content that is mostly quoted words ('posted ... that Mali "needs friends"') is left to
    the quote-mark rules; quoted words there that found no speaker of their own (the parser hung them
    elsewhere) are this verb's speaker's."""
    for k, q in enumerate(scan.quotes):
        if _unowned(q) and span[0] <= q.start and q.end <= span[1] + 1:
            scan.quotes[k] = replace(
                q,
                kind="direct",
                rule="quote_marks",
                cue=scan.text[v.idx : v.idx + len(v)],
                cue_start=v.idx,
                cue_end=v.idx + len(v),
                resolved=sp,
            )


def inverted_tag_quotes(scan: QuoteScan) -> None:
    """Reported words without quote marks followed by an inverted reporting tag ("The youth marched
    against MINUSMA in 2022, recalled X, president of the youth council."): English puts the subject
    after a reporting verb that follows its content (Quirk et al. 1985, 14.29), and the parser, seeing
    no subject, reads the speaker as the verb's object and the tag as a clause coordinated with the
    content. The tag must close the sentence."""
    for s in scan.ctx.sentences:
        for v in s.span:
            cue = speech_verb_cue(scan, v)
            if cue is None or "clause" not in cue.content or v.dep_ not in ("conj", "parataxis"):
                continue
            if v.head.i >= v.i or v.i == 0 or scan.doc[v.i - 1].text != ",":
                continue
            if any(c.dep_ in ("nsubj", "nsubjpass", "ccomp") for c in v.children):
                continue
            obj = next((c for c in v.children if c.dep_ == "dobj" and c.i > v.i), None)
            if obj is None or obj.pos_ != "PROPN" or obj.left_edge.i != v.i + 1:
                continue
            if any(not t.is_punct for t in scan.doc[obj.right_edge.i + 1 : s.span.end]):
                continue
            sp = scan.res.from_np(obj, verb=v)
            if sp is None:
                continue
            span = _contiguous([t for t in s.span if t.i < v.i - 1 and not t.is_space])
            if span is not None and quoted_share(scan, span) < 0.8:
                add_quote(scan, span[0], span[1], "indirect", "verb", v, sp)


def _split_at_the_tag(scan: QuoteScan, v: Token, span: tuple[int, int]) -> list[tuple[int, int]]:
    """The two reported clauses around a parenthetical tag followed by a coordinated clause ("A convoy
    struck two mines, she added, and three soldiers were hurt"): the tag closes the first clause and the
    conjunct after it is a second reported statement of the same speaker. Empty when the tag sits
    inside one clause ("The Council, she argued, had no choice")."""
    if v.dep_ != "parataxis" or not span[0] <= v.idx < span[1]:
        return []
    host, own = v.head, {t.i for t in v.subtree}
    after = max(own) + 1
    while after < len(v.doc) and v.doc[after].is_punct:
        after += 1
    cc = v.doc[after] if after < len(v.doc) else None
    if cc is None or cc.dep_ != "cc" or cc.head.i != host.i or min(own) < host.i:
        return []
    conj = next(
        (c for c in host.children if c.dep_ == "conj" and c.i > cc.i and c.pos_ in ("VERB", "AUX")), None
    )
    if conj is None:
        return []
    second = {t.i for t in conj.subtree}
    first = _contiguous([t for t in host.subtree if t.i not in own and t.i not in second and t.i < min(own)])
    last = _contiguous([t for t in conj.subtree if t.idx < span[1]])
    if first is not None and any(first[0] <= qa and qb == first[1] for qa, qb in scan.pairs):
        first = (first[0], first[1] + 1)  # the closing mark of quoted words that end the clause
    return [first, last] if first is not None and last is not None else []


BACKSHIFT_AUX = frozenset({"would", "could", "might", "should", "had"})


def _backshifted_conjunct(scan: QuoteScan, v: Token, span: tuple[int, int]) -> list[tuple[int, int]]:
    """A clause coordinated after a medial reporting tag ("Troops would be flown out by December, he
    said, and the containers would follow by sea"), which the parser hangs on the reporting verb: with
    its own subject and the backshifted tense of reported speech (a modal past or a past perfect;
    Quirk et al. 1985, 14.31), as the fronted reported clause has, it is the same speaker's second
    statement. A narrated clause ("..., he said, and the crowd cheered") has no backshift and stays
    out."""
    fronted = span[1] <= v.idx and any(c.dep_ == "ccomp" and c.i < v.i for c in v.children)
    if not fronted:
        return []
    out = []
    for c in v.children:
        if c.dep_ != "conj" or c.i < v.i or c.pos_ not in ("VERB", "AUX"):
            continue
        if not any(k.dep_ in ("nsubj", "nsubjpass") for k in c.children):
            continue
        if not any(k.dep_ in ("aux", "auxpass") and k.lower_ in BACKSHIFT_AUX for k in c.children):
            continue
        cc = [t for t in v.doc[v.i + 1 : c.left_edge.i] if t.dep_ == "cc"]
        if len(cc) != 1 or any(t.i in scan.in_pair for t in c.subtree):
            continue
        found = _contiguous(list(c.subtree))
        if found is not None:
            out.append(found)
    return out


def _that_clauses_on_the_verb(scan: QuoteScan, v: Token, span: tuple[int, int]) -> list[tuple[int, int]]:
    """A second "that" clause the parser coordinated with the speech verb itself ("added that X, and
    that Y" with Y hung on "added"): the verb's second reported statement (see
    :func:`coordinated_that_clauses`)."""
    out = []
    for c in v.children:
        if c.dep_ != "conj" or c.idx < span[1]:
            continue
        mark = next((k for k in c.children if k.dep_ == "mark" and k.lower_ == "that" and k.i < c.i), None)
        if mark is None or mark.i in scan.in_pair:
            continue
        found = _contiguous([t for t in c.subtree if t.i > mark.i])
        if found is not None:
            out.append(found)
    return out


def coordinated_that_clauses(scan: QuoteScan, span: tuple[int, int]) -> list[tuple[int, int]]:
    """The reported words of one verb, split where a second complement clause opens with its own
    "that" ("said that X and that Y"): a repeated complementiser marks two coordinated propositions,
    each one reported statement. Quoted words are never split."""
    words = scan.doc.char_span(*span, alignment_mode="expand")
    if words is None:
        return [span]
    cuts = [
        t
        for t in words
        if t.dep_ == "mark"
        and t.lower_ == "that"
        and t.head.dep_ == "conj"
        # a conjunct of the reported clause itself, also where the parser hung it on a word inside that
        # clause ("that X remained, most of them in Gao, and that Y": on "most")
        and _finite_host(_nearest_verb(t.head.head)).i == words.root.i
        and t.i > words.start + 1
        and scan.doc[t.i - 1].dep_ == "cc"
        and t.i not in scan.in_pair
    ]
    out, a = [], span[0]
    for t in cuts:
        first = _contiguous([x for x in scan.doc[words.start : t.i - 1] if x.idx >= a])
        if first is None:
            return [span]
        out.append(first)
        a = t.idx + len(t)
    last = _contiguous([x for x in words if x.idx >= a])
    return [*out, last] if last is not None else [span]


def _nearest_verb(t: Token) -> Token:
    """The nearest verb at or above ``t`` (``t`` itself when it is one; the root when none is)."""
    while t.pos_ not in ("VERB", "AUX") and t.head != t:
        t = t.head
    return t


def _finite_host(t: Token) -> Token:
    """The finite clause a non-finite verb belongs to ("had begun planning": "begun"): a finite "that"
    clause coordinates with a finite clause, so one the parser hung on an infinitive or participle
    complement is a conjunct of the clause above it, not of one inside the reported clause."""
    while t.dep_ == "xcomp" and t.tag_ in ("VB", "VBG", "VBN") and t.head != t:
        t = t.head
    return t


def _relays_a_report(scan: QuoteScan, v: Token) -> bool:
    """A reporting clause set inside or after a report by a named source ("WFP, she said, has warned
    that ..."; "OCHA has urged all parties to ..., she added"): the words are the inner
    source's, which the inner speech verb attributes; the outer speaker only relays them. One
    attribution per reported proposition, to the source it is reported from."""
    inner = v.head if v.dep_ == "parataxis" else next((c for c in v.children if c.dep_ == "ccomp"), None)
    if inner is None or inner.i == v.i or (v.dep_ != "parataxis" and inner.i > v.i):
        return False  # "she noted that OCHA estimates ...": her statement about the estimate, not a tag
    if any(c.dep_ in ("ccomp", "xcomp") and c.i > v.i for c in v.children):
        return False  # "Diallo said X; Traore said Y": the second verb reports words of its own
    if v.dep_ != "parataxis":
        last = max(t.i for t in inner.subtree)
        if last + 1 >= len(v.doc) or v.doc[last + 1].text != ",":
            return False  # a reporting tag follows its report after a comma ("..., she added")
    cue = speech_verb_cue(scan, inner)
    subj = _subject(inner)
    return (
        cue is not None
        and frame_ok(scan, inner, cue)
        and subj is not None
        and subj.pos_ == "PROPN"  # a named source, not "her husband" or "the mission"
        and inner.tag_ != "VBG"  # "was asking": an account of events, not a report of a statement
        and not any(c.dep_ == "aux" and c.lower_ in MODALS for c in inner.children)  # "would document"
        and any(c.dep_ in ("ccomp", "xcomp") for c in inner.children)  # it reports words, not an object
        and content_span(scan, inner, cue) is not None
    )


def _a_document_speaks(scan: QuoteScan, v: Token, sp: Resolved) -> bool:
    """A verb of finding (``source_only``) reports only a document's findings: its speaker is a known
    document, its subject is headed by a noun for a document, or the verb names the subject's own
    document ("showed in her study")."""
    if sp.speaker is not None and sp.speaker.kind == "document":
        return True
    subj = _subject(v)
    if subj is not None and subj.lemma_.lower() in scan.res.roles.documents:
        return True
    # the author reporting the findings of their own document ("As X showed in her study, ..."; "In a
    # 2021 study of 28 missions, X and Y found that ..."): a document the subject is "in" is theirs when
    # it is the subject's (a possessive) or the subject is a person who found something in it
    person = sp.how in ("person_entity", "pronoun") and sp.speaker is None
    return any(
        c.dep_ == "prep"
        and c.lower_ == "in"
        and any(
            o.lemma_.lower() in scan.res.roles.documents
            and (person or any(k.dep_ == "poss" for k in o.children))
            for o in c.children
            if o.dep_ == "pobj"
        )
        for c in v.children
    )


def noun_quotes(scan: QuoteScan) -> None:
    for s in scan.ctx.sentences:
        for n in s.span:
            preps = scan.lex.nouns.get(n.lemma_.lower())
            if preps is None or n.pos_ != "NOUN" or n.i in scan.in_pair:
                continue
            content = next((c for c in n.children if c.dep_ == "prep" and c.lower_ in preps), None)
            if content is None:
                continue
            src = None
            for c in n.children:
                if c.dep_ in ("poss", "compound"):
                    r = scan.res.from_np(c)
                    if r is not None and r.speaker is not None:
                        src = r
                elif c.dep_ == "prep" and c.lower_ in ("by", "as"):
                    by = c if c.lower_ == "by" else next((x for x in c.children if x.lower_ == "by"), None)
                    pobj = (
                        next((x for x in by.children if x.dep_ == "pobj"), None) if by is not None else None
                    )
                    if pobj is not None:
                        r = scan.res.from_np(pobj)
                        if r is not None and r.speaker is not None:
                            src = r
            if src is None:
                continue
            span = _contiguous([t for t in content.subtree if t.i != content.i])
            if span is not None:
                add_quote(scan, span[0], span[1], "indirect", "noun", n, src)


def according_to_quotes(scan: QuoteScan) -> None:
    for s in scan.ctx.sentences:
        for t in s.span:
            if t.lower_ != "according" or t.i + 1 >= len(scan.doc) or scan.doc[t.i + 1].lower_ != "to":
                continue
            to = scan.doc[t.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            sp = scan.res.from_np(pobj)
            head = t.head if t.head.i != t.i else s.span.root
            drop = {x.i for x in t.subtree} | {x.i for x in to.subtree}
            toks = [x for x in head.subtree if x.i not in drop]
            span = _contiguous(toks)
            if span is not None:
                add_quote(scan, span[0], span[1], "according_to", "according_to", scan.doc[t.i : t.i + 2], sp)


def in_words_quotes(scan: QuoteScan) -> None:
    """ "In her words, ...", "in the words of X, ...", "in his view, ...", "by his count, ...": an
    attribution formula like "according to"; the speaker is the possessor (or the object of "of") of the
    viewpoint noun (speech_verbs.yaml ``viewpoint_nouns``, and ``account_nouns`` after "by")."""
    for s in scan.ctx.sentences:
        for t in s.span:
            formula = ("in" if t.lower_ in scan.lex.viewpoint_nouns else "") or (
                "by" if t.lower_ in scan.lex.account_nouns else ""
            )
            if not formula or t.head.lower_ != formula or t.head.dep_ != "prep":
                continue
            owner = next((c for c in t.children if c.dep_ == "poss"), None)
            if owner is None:
                of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                owner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if owner is None:
                continue
            sp = scan.res.from_np(owner)
            prep = t.head
            clause = prep.head if prep.head.i != prep.i else s.span.root
            drop = {x.i for x in prep.subtree}
            span = _contiguous([x for x in clause.subtree if x.i not in drop])
            if span is not None and sp is not None:
                add_quote(
                    scan, span[0], span[1], "according_to", "according_to", scan.doc[prep.i : t.i + 1], sp
                )


def colon_list_quotes(scan: QuoteScan) -> None:
    sents = scan.ctx.sentences
    for i, s in enumerate(sents):
        if not s.span.text.rstrip().endswith(":") or i + 1 >= len(sents) or sents[i + 1].kind != "list_item":
            continue
        sp = None
        for q in scan.quotes:
            if (
                q.kind != "scare"
                and s.span.start_char <= q.start < s.span.end_char
                and q.rule in ("verb", "noun")
            ):
                sp = q.resolved
        if sp is None:
            for v in s.span:
                cue = speech_verb_cue(scan, v)
                if cue is not None and frame_ok(scan, v, cue):
                    sp = verb_speaker(scan, v, cue)
                    if sp is not None:
                        break
        if sp is None:
            continue
        colon = next((t for t in reversed(s.span) if t.text == ":"), None)
        for nxt in sents[i + 1 :]:
            if nxt.kind != "list_item":
                break
            span = _contiguous(list(nxt.span))
            if span:
                add_quote(scan, span[0], span[1], "indirect", "colon_list", colon, sp)


def continuation_quotes(scan: QuoteScan) -> None:
    sents = scan.ctx.sentences
    marked = [q for q in scan.quotes if q.kind in ("direct", "block")]

    def covering(s: Sentence) -> Quote | None:
        return next(
            (q for q in marked if q.start <= s.span.start_char + 1 and s.span.end_char - 1 <= q.end + 1),
            None,
        )

    for i in range(1, len(sents) - 1):
        s, prev, nxt = sents[i], sents[i - 1], sents[i + 1]
        if not (s.block == prev.block == nxt.block):
            continue
        if any(q.start < s.span.end_char and s.span.start_char < q.end for q in scan.quotes):
            continue
        if any(speech_verb_cue(scan, t) for t in s.span):
            continue
        a, b = covering(prev), covering(nxt)
        if a and b and a.speaker == b.speaker and a.speaker != UNATTRIBUTED:
            span = _contiguous(list(s.span))
            if span:
                add_quote(scan, span[0], span[1], "indirect", "continuation", None, a.resolved)


def carry_over_nearest(scan: QuoteScan) -> None:
    """Quote marks that open a sentence with no speech verb carry over the speaker of the nearest
    earlier quote (rule ``carry_over``), which the verb rules may find only after the quote-mark rules
    ran: 'She does not blame them, she says. "We wanted them to go."' continues "she", not the
    quote before it. Only a speaker who was found (not an agentless or universal source) is carried."""
    for k, q in sorted(enumerate(scan.quotes), key=lambda x: x[1].start):
        # a sentence of quoted words only that found no source of its own (short: "scare"; longer:
        # "citation") continues the speaker before it too
        whole = q.rule in ("scare", "citation") and _unowned(q) and _a_whole_sentence(scan, q)
        if q.rule != "carry_over" and not whole:
            continue
        prev = previous_quote(scan, q.start - 1)
        if whole and prev is not None and scan.ctx.block_of(prev.start) != scan.ctx.block_of(q.start):
            continue  # a quoted line of its own (a crosshead) continues no one
        sp = prev.resolved if prev is not None else None
        if sp is None or sp.agentless or (sp.speaker is None and not sp.name) or sp == q.resolved:
            continue
        scan.quotes[k] = replace(q, kind="direct", rule="carry_over", resolved=sp)


def action_beat_quotes(scan: QuoteScan) -> None:
    """Quote marks that fill a sentence of their own with no speech verb, right after a sentence of the
    same paragraph whose subject is a person and which quotes no one ("Back at his shop, Kountao
    shrugs. “The blue helmets were never going to stay.”"): the feature writer's action beat, whose
    subject is the one who speaks next. The person is resolved as any subject is."""
    sents = scan.ctx.sentences
    for k, q in enumerate(scan.quotes):
        if q.rule not in ("carry_over", "scare", "citation") or not _a_whole_sentence(scan, q):
            continue
        i = next((j for j, x in enumerate(sents) if x.span.start_char <= q.start < x.span.end_char), None)
        if not i or sents[i - 1].block != sents[i].block:
            continue
        prev = sents[i - 1].span
        if any(
            o is not q and o.kind != "scare" and prev.start_char <= o.start < prev.end_char
            for o in scan.quotes
        ):
            continue
        if any(t.text in '"“”«»' for t in prev):
            continue
        # the subject of the main verb (the parser may misplace the root: "Back at his shop, X shrugs")
        subj = next((t for t in prev if t.dep_ == "nsubj" and t.head.pos_ in ("VERB", "AUX")), None)
        people = [e for e in scan.res.named if prev.start <= e.start and e.end <= prev.end]
        if subj is not None:
            sp = scan.res.from_np(subj, verb=subj.head)
        elif len(people) == 1:  # a misparsed beat ("Kountao shrugs" read as a noun phrase): its one person
            sp = scan.res.person_speaker(people[0], people[0].start_char, people[0].end_char, "person_entity")
        else:
            continue
        person = sp is not None and (
            (sp.speaker is not None and sp.speaker.kind == "person")
            or (
                sp.speaker is None
                and sp.name
                and sp.how in ("person_entity", "pronoun", "role_anaphora", "role_cataphora")
            )
        )
        if person:
            scan.quotes[k] = replace(q, kind="direct", rule="action_beat", resolved=sp)


def _a_whole_sentence(scan: QuoteScan, q: Quote) -> bool:
    """The quote marks hold a whole sentence of their own ('... she says. "We wanted them to go."'):
    someone's words, not a scare quote, which sits inside the author's sentence."""
    sent = scan.ctx.sentence_of(q.start)
    if sent is None:
        return False
    before = scan.text[sent.span.start_char : q.start]
    after = scan.text[q.end : sent.span.end_char]
    closed = scan.text[q.start : q.end].rstrip().endswith((".", "!", "?", ","))  # a sentence, not a title
    return closed and not before.strip(' "“«') and not after.strip(' "”».,!?')


def nest_agentless(scan: QuoteScan) -> None:
    """An agentless attribution inside another quote's content belongs to that quote's speaker
    ("populations … claim that they received little consideration from the mission, which was
    often accused of …")."""
    for q in scan.quotes:
        if q.rule != "verb" or q.resolved is None or not q.resolved.agentless:
            continue
        outer = [
            o
            for o in scan.quotes
            if o is not q
            and o.kind != "scare"
            and o.resolved is not None
            and o.resolved.speaker is not None
            and o.start <= q.start
            and q.end <= o.end
            and (o.start, o.end) != (q.start, q.end)
        ]
        if outer:
            q.resolved = min(outer, key=lambda o: o.end - o.start).resolved


def inside_reported(scan: QuoteScan) -> None:
    """Rule ``inside_reported``: quoted words inside someone's reported words, which no speech verb
    governs (a parenthetical report: 'Bamako, he said, intends to settle "between Malians"'), are that
    speaker's own words, not scare quotes: the mixed quotation of news style. So are longer quoted
    words there that found no source of their own (a quoted summary closing an "according to" report)."""
    for k, q in enumerate(scan.quotes):
        if q.rule not in ("scare", "citation") or not _unowned(q):
            continue
        outer = [
            o
            for o in scan.quotes
            if o.kind in ("indirect", "block", "according_to")
            and o.resolved is not None
            and not o.resolved.agentless
            and (o.resolved.speaker is not None or o.resolved.name)
            and o.start <= q.start
            and q.end <= o.end + 1
        ]
        if outer:
            o = min(outer, key=lambda x: x.end - x.start)
            scan.quotes[k] = replace(q, kind="direct", rule="inside_reported", resolved=o.resolved)


def _a_spokesperson(scan: QuoteScan, q: Quote) -> bool:
    """The quote's speaker speaks in an office of speaking for someone: a noun of the spokesperson
    class (``role_classes`` in speaker_roles.yaml) in their role or name."""
    r = q.resolved
    words = " ".join(x for x in (r.role, r.name) if x) if r is not None else ""
    if r is not None and r.speaker is not None:
        words += " " + r.speaker.role
    spokesperson = scan.res.roles.related("spokesperson")
    return bool(set(words.lower().replace("-", " ").split()) & spokesperson)


def relayed_by_a_spokesperson(scan: QuoteScan) -> None:
    """A speech act reported inside a spokesperson's reported words ("The
    spokesperson said the Secretary-General welcomed the vote") is what the spokesperson says, in the
    office of speaking for another: one attribution, to the one who speaks in the sentence. A speech
    verb inside the reported clause gives no quote of its own; quoted words there are the
    spokesperson's. Only where the spokesperson's verb precedes what it reports."""
    drop = set()
    for o in scan.quotes:
        if o.kind == "scare" or o.rule == "quote_marks" or not _a_spokesperson(scan, o):
            continue
        for k, q in enumerate(scan.quotes):
            if q is o or not (o.start <= q.start and q.end <= o.end + 1):
                continue
            # the spokesperson's verb comes first and governs the report; a tag after a fronted report
            # ('The Secretary-General called for ..., said X, his spokesperson') leaves the words to the
            # source they are reported from (see _relays_a_report)
            if q.rule == "verb" and o.start <= q.cue_start < o.end and o.cue_start < q.cue_start:
                drop.add(k)
            elif q.rule in ("quote_marks", "inside_reported") and q.kind != "scare" and o.cue_start < q.start:
                scan.quotes[k] = replace(q, resolved=o.resolved)
    scan.quotes[:] = [q for k, q in enumerate(scan.quotes) if k not in drop]


def best_per_span(scan: QuoteScan) -> list[Quote]:
    order = {k: i for i, k in enumerate(("direct", "block", "according_to", "indirect", "scare"))}
    best: dict[tuple[int, int], Quote] = {}
    for q in scan.quotes:
        key = (q.start, q.end)
        if key not in best or order[q.kind] < order[best[key].kind]:
            best[key] = q
    return sorted(best.values(), key=lambda q: (q.start, -q.end))


QA_LINE = re.compile(r"(?m)^(Q|A)\s*:[ \t]*(\S[^\n]*)$")


def _headline_person(scan: QuoteScan) -> Span | None:
    """The one person the article names in full (two or more words) outside its first line whose name its
    first line, the headline, also holds: an interview's headline names its interviewee ("X: 'We ...'")."""
    first = len(scan.text.split("\n", 1)[0])
    hits = [e for e in scan.res.named if e.start_char >= first and len(e.text.split()) >= 2]
    names = {e.text for e in hits if e.text in scan.text[:first]}
    return next(e for e in hits if e.text in names) if len(names) == 1 else None


def interview_answers(scan: QuoteScan) -> None:
    """Rule ``interview``: in a question-and-answer text (lines opened by "Q:" and "A:"), each answer
    line is the interviewee's words; the interviewee is the person the headline names (an interview's
    headline names whom it interviews), else the person the rest of the article quotes most (the first
    one named, on a tie)."""
    lines = QA_LINE.findall(scan.text)
    if not any(k == "Q" for k, _ in lines) or not any(k == "A" for k, _ in lines):
        return
    named = _headline_person(scan)
    if named is not None:
        who = scan.res.person_speaker(named, named.start_char, named.end_char, "interview")
    else:
        people = [q.resolved for q in scan.quotes if q.resolved is not None and q.resolved.how != "agentless"]
        people = [r for r in people if r.name or (r.speaker is not None and r.speaker.kind == "person")]
        if not people:
            return
        names = [r.name or r.speaker.canonical for r in people]
        top = max(names, key=lambda n: (names.count(n), -names.index(n)))
        who = next(r for r, n in zip(people, names, strict=True) if n == top)
    for m in QA_LINE.finditer(scan.text):
        if m.group(1) == "A":
            a, b = m.start(2), m.end(2)
            while b > a and scan.text[b - 1] in ". ":
                b -= 1
            add_quote(scan, a, b, "block", "interview", None, replace(who, how="interview"))


# A transcript line: a speaker label (a name, perhaps after a title, or a role; perhaps a bracketed
# place) and a colon, then the words spoken ("COL. AMADOU X: We do not ..."; "Zhelezhnov: No. ...").
LABEL_LINE = re.compile(r"(?m)^([^\W\d][^\n:()]{0,60}?(?: \([^)\n]*\))?):[ \t]*(\S[^\n]*)$")


def _in_capitals(label: str) -> bool:
    """A transcript label written in capitals (a broadcast's), a bracketed place left aside."""
    return label.split(" (")[0].isupper()


def _label_person(scan: QuoteScan, m: re.Match, label_spans: list[tuple[int, int]]) -> Span | None:
    """The person a transcript label names, named in the article outside every label: a label in
    capitals holds their full name ("GOV. BAKARY SOW-TRAORÉ") or their initials (:func:`_initials_of`);
    a label in ordinary case is their name or its last words ("Zhelezhnov", the surname interviews print
    before each answer), or the title the article introduced exactly one person with ("Deputy
    Spokesperson", in a briefing's transcript)."""
    label = m.group(1).split(" (")[0]  # without a bracketed place
    words = [w.strip(".,").lower() for w in label.split()]
    for e in scan.res.named:
        name = e.text.lower().split()
        if any(a <= e.start_char < b for a, b in label_spans):
            continue
        if label.isupper() and len(name) >= 2 and set(name) <= set(words):
            return e
        # the name's last words: a surname, as interviews print it before each answer ("Zhelezhnov") and
        # transcripts in capitals ("KEITA-SOW"), where the full name is the case above
        if (
            (not label.isupper() or len(name) > len(words))
            and len(words) <= len(name)
            and name[-len(words) :] == words
        ):
            return e
    initials = _initials_of(scan, label, label_spans)
    if initials is not None:
        return initials
    # a label that is the title the article introduced one person with ("Deputy Spokesperson: ...")
    role = words[-1] if words and not label.isupper() else ""
    holders = {x[0].text: (x[0], x[1]) for x in scan.res.introduced if role and role in x[3]}
    if len(holders) > 1:
        # the one whose title is the label's words ("Spokesperson for the Secretary-General" answers to
        # "Spokesperson"; a modified title, "Deputy Spokesperson", names another office)
        holders = {
            k: v for k, v in holders.items() if v[1].lower().replace("-", " ").split()[: len(words)] == words
        }
    return next(iter(holders.values()))[0] if len(holders) == 1 else None


def _initials_of(scan: QuoteScan, label: str, label_spans: list[tuple[int, int]]) -> Span | None:
    """The one person whose initials the label is ("HDO" for "Hawa Diabaté-Ostrowska", each hyphenated
    part counted), named in full before the label's first line: printed interviews label the answers
    with the interviewee's initials once the introduction has named them. The label must open two or
    more lines, as an interviewee's answers do; an acronym labelling one line ("UN:") names no one."""
    if not (2 <= len(label) <= 5 and label.isalpha() and label.isupper()):
        return None
    own = [a for a, b in label_spans if scan.text[a:b].split(" (")[0] == label]
    if len(own) < 2:
        return None
    found = {
        e.text: e
        for e in scan.res.named
        if e.end_char <= min(own)
        and not any(a <= e.start_char < b for a, b in label_spans)
        and len(e.text.split()) >= 2
        and "".join(part[0] for w in e.text.split() for part in w.split("-") if part).upper() == label
    }
    return next(iter(found.values())) if len(found) == 1 else None


# A broadcast script's insert label: a cue word in capitals, a dash, then the speaker's name and role
# ("SOUNDBITE – Aminata X, trader, Gao: ..."; "CLIP - Col. Y, army spokesman: ...")
CUE_LABEL = re.compile(r"^[A-Z][A-Z ]*[A-Z] [–—-] (?P<who>[^,]+)")


def _cue_label_person(scan: QuoteScan, m: re.Match) -> Span | None:
    """The person an insert label names after its cue word: the name before the first comma, which the
    label itself introduces (the script's way of naming whoever speaks in the clip)."""
    cue = CUE_LABEL.match(m.group(1))
    if cue is None:
        return None
    a, b = m.start(1) + cue.start("who"), m.start(1) + cue.end("who")
    inside = [e for e in scan.res.named if a <= e.start_char and e.end_char <= b]
    return inside[-1] if len(inside) == 1 or (inside and inside[-1].end_char == b) else None


def _lines_of(lines: list[re.Match], label: str) -> list[str]:
    return [m.group(2).rstrip() for m in lines if m.group(1) == label]


def _questions(said: list[str]) -> int:
    return sum(t.endswith("?") for t in said)


def _asking_labels(lines: list[re.Match]) -> set[str]:
    """The labels that speak two or more times, mostly in questions: the host's or interviewer's, whose
    questions are no quotes (the coding convention, as in a printed interview). An insert label (a clip)
    is never the host's."""
    out = set()
    for lab in {m.group(1) for m in lines if not CUE_LABEL.match(m.group(1))}:
        said = _lines_of(lines, lab)
        if len(said) >= 2 and _questions(said) * 2 > len(said):
            out.add(lab)
    return out


def _interview_turns(lines: list[re.Match]) -> set[str]:
    """The labels in ordinary case that answer in a printed interview: the labels alternate turn by
    turn, the answering label recurs, and its lines are not questions (the interviewer's are)."""
    labels = [m.group(1) for m in lines]
    if len(set(labels)) < 2 or any(a == b for a, b in zip(labels, labels[1:], strict=False)):
        return set()
    out = set()
    for lab in {x for x in labels if not _in_capitals(x)}:
        said = _lines_of(lines, lab)
        if len(said) >= 2 and _questions(said) * 2 < len(said):
            out.add(lab)
    return out


def _answers_after_questions(text: str, lines: list[re.Match]) -> set[str]:
    """The one label in ordinary case of an interview whose questions are printed apart, unlabelled
    ("Is six months enough?" / "Moutari: Only if ..."): no other label opens a line, the label recurs,
    none of its lines is a question, and the non-empty line before each of its lines is one. Any line
    that breaks the pattern leaves the whole text to the other rules."""
    labels = {m.group(1) for m in lines}
    if len(labels) != 1 or _in_capitals(next(iter(labels))):
        return set()
    for m in lines:
        before = text[: m.start()].rstrip().rsplit("\n", 1)[-1].strip()
        if not before.endswith("?") or m.group(2).rstrip().endswith("?"):
            return set()
    return labels


def transcript_lines(scan: QuoteScan) -> None:
    """Rule ``transcript``: in a transcript or a printed interview (two or more lines opened by a
    speaker label and a colon, the convention of published transcripts and question-and-answer
    interviews), a line labelled with the name of a person the article names outside the labels is
    that person's words (:func:`_label_person`). Labels in capitals are a broadcast transcript's; labels
    in ordinary case count only in an interview's alternating turns, and not the interviewer's
    (:func:`_interview_turns`), or after questions printed unlabelled (:func:`_answers_after_questions`),
    or as a broadcast insert label naming its clip's speaker
    (:func:`_cue_label_person`). A label that speaks two or more times, mostly in questions, is the host's
    and gives no quote (:func:`_asking_labels`); so do labels naming no one (ANCHOR, CORRESPONDENT)."""
    lines = [m for m in LABEL_LINE.finditer(scan.text) if m.group(1) not in ("Q", "A")]
    if len(lines) < 2:
        return
    answering = _interview_turns(lines) | _answers_after_questions(scan.text, lines)
    asking = _asking_labels(lines)
    spans = [(m.start(1), m.end(1)) for m in lines]
    for m in lines:
        if m.group(1) in asking:
            continue
        person = _cue_label_person(scan, m)
        if person is None and not _in_capitals(m.group(1)) and m.group(1) not in answering:
            continue
        person = person or _label_person(scan, m, spans)
        if person is None:
            continue
        a, b = m.start(2), m.end(2)
        while b > a and scan.text[b - 1].isspace():
            b -= 1
        who = scan.res.person_speaker(person, m.start(1), m.end(1), "transcript")
        add_quote(scan, a, b, "block", "transcript", None, who)
        _own_quoted_words(scan, a, b, who)


def _own_quoted_words(scan: QuoteScan, a: int, b: int, who: Resolved) -> None:
    """An answer line that repeats words in quote marks with no speaker of their own ('X: "A
    peacekeeper without consent is a target." I said that to my staff'): they are the label's person's,
    a direct quote inside the answer (a mixed quote, coded like the others)."""
    for k, q in enumerate(scan.quotes):
        if _unowned(q) and a <= q.start and q.end <= b:
            scan.quotes[k] = replace(q, kind="direct", rule="transcript", resolved=who)


def run(scan: QuoteScan) -> list[Quote]:
    quote_mark_quotes(scan)
    verb_quotes(scan)
    inverted_tag_quotes(scan)
    noun_quotes(scan)
    according_to_quotes(scan)
    in_words_quotes(scan)
    carry_over_nearest(scan)
    action_beat_quotes(scan)
    colon_list_quotes(scan)
    continuation_quotes(scan)
    interview_answers(scan)
    transcript_lines(scan)
    nest_agentless(scan)
    inside_reported(scan)
    relayed_by_a_spokesperson(scan)
    return best_per_span(scan)
