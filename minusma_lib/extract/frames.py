"""The domain-frame lexicon tagger: spaCy's ``SpanRuler`` over the annotated Docs, negation and clause rank
deciding the primary frame; pure per-document tagging (``tagger_rows``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import spacy
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span, Token

from minusma_lib.corpus.annotate import ACTORS_KEY, AnnotatedCorpus, sent_id, sentence_spans
from minusma_lib.extract.frame_match import FixedMatcher, FixedPattern, readable
from minusma_lib.extract.frame_rules import NONE, Codebook, Entry, Lexicon

METHODS = ("manual", "lexicon", "lexicon_loao")

SPANS_KEY = "frames"


# Dependency labels on the path to the sentence root that make a match subordinate (rules P1, P3);
# grammar of spaCy's parser, not vocabulary, so they stay in code.
SUBORDINATE_DEPS = {"relcl", "acl", "advcl", "appos"}

FRAME_COLUMNS = [
    "doc_id",
    "sent_id",
    "start",
    "end",
    "text",
    "method",
    "frame",
    "pfc_code",
    "role",
    "pattern_ids",
    "negated_pattern_ids",
    "evidence",
]


def _negating_preposition(tok: Token, negators: Collection[str]) -> bool:
    """A negator used as a preposition or subordinator (*without*): it negates the clause it governs."""
    return tok.lower_ in negators and tok.pos_ in ("ADP", "SCONJ")


def negation_cue(span: Span, negators: Collection[str]) -> Token | None:
    """The token that negates ``span``: a negator (a ``neg`` dependent or one of ``negators``, the
    lexicon's list) inside it, or one governing its root up to its clause."""
    for t in span:
        if t.dep_ == "neg" or t.lower_ in negators:
            return t
    tok = span.root
    for _ in range(6):
        for c in tok.children:
            if not span.start <= c.i < span.end:
                if c.dep_ == "neg" or (
                    c.lower_ in negators and c.dep_ in ("det", "advmod", "neg", "preconj")
                ):
                    return c
        if _negating_preposition(tok, negators) and not span.start <= tok.i < span.end:
            return tok  # "without effective protection"
        # the first verb reached (the span's root included) closes the clause; an earlier "tok is not
        # span.root" was always true (spaCy makes a new Token at each access), so this is what ran
        if tok.pos_ in ("VERB", "AUX") or tok.head == tok:
            if _negating_preposition(tok.head, negators) and tok.dep_ in ("pcomp", "pobj"):
                return tok.head  # "without being effective"
            break
        tok = tok.head
    return None


def _rank(span: Span, sent: Span, priority: int, subordinators: Collection[str]) -> tuple[int, int, int, int]:
    """Sort key for the primary frame: main clause first, then priority, closeness to the root, position."""
    depth, subordinate, tok = 0, 0, span.root
    while tok.i != sent.root.i and depth < 30:
        if tok.dep_ in SUBORDINATE_DEPS or tok.lower_ in subordinators:
            subordinate = 1
        tok = tok.head
        depth += 1
    return subordinate, -priority, depth, span.start


@dataclass
class SentenceTags:
    """The tagger's result for one sentence."""

    primary: str
    labels: dict[str, list[str]]  # frame -> pattern ids that fired, in order
    evidence: dict[str, list[str]]  # frame -> matched words
    negated: list[str]  # "id:cue" of matches dropped or flipped by a negation


# Docs whose matches a tagger keeps (at least a build chunk), so memory stays bounded.
KEPT_DOCS = 64


class Tagger:
    """Runs a lexicon over annotated Docs (:class:`FixedMatcher` and spaCy's ``SpanRuler``); multi-label
    per sentence."""

    def __init__(self, lexicon: Lexicon, entries: Sequence[Entry] | None = None) -> None:
        """``entries`` (default: the lexicon's active ones) are the patterns the ruler holds; a tagger
        holding every entry can tag as any reduced lexicon would (``tag_sentences(within=...)``), so
        leave-one-article-out needs one ruler, not one per article."""
        self.lexicon = lexicon
        nlp = spacy.blank("en")
        self.ruler = SpanRuler(
            nlp,
            name="frame_ruler",
            spans_key=SPANS_KEY,
            phrase_matcher_attr="LOWER",
            validate=True,
            overwrite=True,
        )
        # fixed-length token patterns are matched by :class:`FixedMatcher` (same matches, a fraction of
        # the time); phrases and patterns with operators by spaCy's ruler
        fixed, ruled = [], []
        for e in entries or lexicon.active:
            tokens = readable(e.pattern)
            if tokens is None:
                ruled.append({"label": e.frame, "pattern": e.pattern, "id": e.id})
            else:
                fixed.append(FixedPattern(e.frame, e.id, tokens))
        self.ruler.add_patterns(ruled)
        self.fixed = FixedMatcher(fixed)
        self._recent: dict[int, tuple[Doc, list[Span]]] = {}

    def spans(self, doc: Doc) -> list[Span]:
        """Every match in ``doc`` (the Doc is not changed). The last Doc's matches are kept for the
        latest Docs (:data:`KEPT_DOCS`), so tagging a Doc again as another reduced lexicon does not
        match again."""
        hit = self._recent.get(id(doc))
        if hit is not None and hit[0] is doc:
            return hit[1]
        spans = set(self.ruler.match(doc)) if self.ruler.patterns else set()
        spans.update(Span(doc, a, b, label=label, span_id=eid) for a, b, label, eid in self.fixed(doc))
        found = sorted(spans, key=lambda s: (s.start, s.end, s.id_))
        self._recent[id(doc)] = (doc, found)
        while len(self._recent) > KEPT_DOCS:
            self._recent.pop(next(iter(self._recent)))
        return found

    def tag_sentences(
        self, doc: Doc, sents: Sequence[Span], within: Lexicon | None = None
    ) -> list[SentenceTags]:
        """Tags of each sentence; with ``within``, only that lexicon's active entries count (matches of
        the others are dropped: entries match independently, so this equals a ruler of its own)."""
        lex = within or self.lexicon
        spans = self.spans(doc)
        if within is not None:
            allowed = {e.id for e in within.active}
            spans = [s for s in spans if s.id_ in allowed]
        actors = sorted(doc.spans[ACTORS_KEY], key=lambda a: a.start) if ACTORS_KEY in doc.spans else []
        starts, actor_starts = [s.start for s in spans], [a.start for a in actors]  # both sorted
        out = []
        for sent in sents:
            # the spans starting in the sentence (found by bisection), of those the ones ending in it
            lo, hi = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
            inside = [s for s in spans[lo:hi] if s.end <= sent.end]
            lo, hi = bisect_left(actor_starts, sent.start), bisect_left(actor_starts, sent.end)
            groups = {a.label_ for a in actors[lo:hi] if a.end <= sent.end}
            out.append(
                self._tag(sent, [doc[s.start : s.end] for s in inside], [s.id_ for s in inside], groups, lex)
            )
        return out

    def _tag(
        self, sent: Span, spans: list[Span], ids: list[str], groups: set[str], lex: Lexicon
    ) -> SentenceTags:
        labels: dict[str, list[str]] = {}
        evidence: dict[str, list[str]] = {}
        negated: list[str] = []
        best: tuple | None = None
        primary = NONE
        for span, eid in zip(spans, ids, strict=True):
            entry = lex.by_id[eid]
            if entry.requires_actor and not groups.intersection(entry.requires_actor):
                continue
            frame = entry.frame
            if entry.negatable:
                cue = negation_cue(span, lex.negators)
                if cue is not None:
                    negated.append(f"{eid}:{cue.text}")
                    if entry.negated_frame is None:
                        continue
                    frame = entry.negated_frame
            if eid not in labels.setdefault(frame, []):
                labels[frame].append(eid)
            evidence.setdefault(frame, []).append(span.text)
            key = _rank(span, sent, entry.priority, lex.subordinators)
            if best is None or key < best:
                best, primary = key, frame
        return SentenceTags(primary, labels, evidence, negated)

    def tag_text(self, nlp: Language, text: str) -> list[SentenceTags]:
        """Parse ``text`` with ``nlp`` (e.g. ``nlp.load_nlp()``) and tag each sentence (for tests and demos)."""
        doc = nlp(text)
        return self.tag_sentences(doc, [s for s in doc.sents if s.text.strip()])


def frame_row(s: Mapping, method: str, frame: str, pfc: int | None, role: str, **kw: str) -> dict:
    return {
        "doc_id": s["doc_id"],
        "sent_id": s["sent_id"],
        "start": int(s["start"]),
        "end": int(s["end"]),
        "text": s["text"],
        "method": method,
        "frame": frame,
        "pfc_code": pfc,
        "role": role,
        "pattern_ids": kw.get("pattern_ids", ""),
        "negated_pattern_ids": kw.get("negated", ""),
        "evidence": kw.get("evidence", ""),
    }


# Taggers built in this process, newest last: (every_entry, tagger). A lexicon loaded again (every
# build chunk loads its own) equals the one a tagger holds, so the tagger and the matches it keeps are
# reused across chunks and stages; the list is short, so memory stays bounded.
_TAGGERS: list[tuple[bool, Tagger]] = []
MAX_TAGGERS = 4


def shared_tagger(lexicon: Lexicon, every_entry: bool = False) -> Tagger:
    """One tagger per lexicon content (built once, then reused); ``every_entry`` holds superseded
    entries too, for tagging as reduced lexicons would (leave-one-article-out)."""
    for i, (every, tagger) in enumerate(_TAGGERS):
        if every == every_entry and (tagger.lexicon is lexicon or tagger.lexicon == lexicon):
            _TAGGERS.append(_TAGGERS.pop(i))
            return tagger
    tagger = Tagger(lexicon, lexicon.entries if every_entry else None)
    _TAGGERS.append((every_entry, tagger))
    del _TAGGERS[:-MAX_TAGGERS]
    return tagger


def tagger_rows(
    ac: AnnotatedCorpus, body: pd.DataFrame, lexicon: Lexicon, codebook: Codebook, method: str = "lexicon"
) -> list[dict]:
    """Tag every body sentence; ``method='lexicon_loao'`` tags each article without its own entries."""
    rows = []
    loao = method != "lexicon"
    # One ruler with every entry serves both methods: the full lexicon is its active entries.
    tagger = shared_tagger(lexicon, every_entry=True)
    by_id = {r["sent_id"]: r for r in body[["doc_id", "sent_id", "start", "end", "text"]].to_dict("records")}
    for ad in ac:
        sents = list(enumerate(sentence_spans(ad)))
        ids = [sent_id(ad.doc_id, i) for i, _ in sents]
        keep = [(sid, sp) for sid, (_, sp) in zip(ids, sents, strict=True) if sid in by_id]
        within = lexicon.without_source(ad.doc_id) if loao else lexicon
        tags = tagger.tag_sentences(ad.doc, [sp for _, sp in keep], within=within)
        for (sid, _), t in zip(keep, tags, strict=True):
            s = by_id[sid]
            neg = ";".join(t.negated)
            if not t.labels:
                rows.append(frame_row(s, method, NONE, None, "primary", negated=neg))
            order = [t.primary] + [f for f in t.labels if f != t.primary] if t.labels else []
            for f in order:
                rows.append(
                    frame_row(
                        s,
                        method,
                        f,
                        codebook.pfc_code(f),
                        "primary" if f == t.primary else "secondary",
                        pattern_ids=";".join(t.labels[f]),
                        negated=neg,
                        evidence=" | ".join(t.evidence[f]),
                    )
                )
    return rows
