"""Target-specific stance, with the author's voice kept apart from reported speech.

Four targets (``data/lexicons/stance_targets.yaml``): MINUSMA, the Malian transitional
authorities, Russia/Wagner and France/the West. An evaluative cue (``stance_cues.yaml``) counts
for a target only when the parse ties it to a mention of that target (the cue's ``link`` rule:
subject, agent, object, near or clause; :mod:`~minusma_lib.extract.stance_links`). Negation flips a
cue, hedges cancel it, concessions weigh half. Voice comes from the quotes
(:mod:`minusma_lib.extract.quotes`): a mention inside a reported span (or the object of a reported
speech act) gets a *reported* statement scored only with the cues inside that span and the speech
act itself; every mention also gets an *author* statement scored only with cues outside reported
speech (*prompt* in the chatbot interviewer's turns).

As in the hand coding, the score of a (sentence, target, voice, speaker) is set once and carried
by every mention of that target in the sentence: -1, 0 or +1, the sign of the weighted cue sum.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from spacy.tokens import Span, Token

from minusma_lib.core.config import check_keys, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.corpus.annotate import raw_span
from minusma_lib.extract import quote_parts, speakers
from minusma_lib.extract import quotes as quote_out
from minusma_lib.extract import speech_lexicon as lexicon
from minusma_lib.extract.stance_aggregate import DESIGN_CELL_COLUMNS, aggregate, author_signs
from minusma_lib.extract.stance_appraisal import appraisal_rows, load_appraisal
from minusma_lib.extract.stance_clause import ClauseSettings, load_clause, sentence_scores
from minusma_lib.extract.stance_general import (
    GeneralLexicon,
    find_general_cues,
    general_linked,
    governed_by_outer,
    load_general,
)
from minusma_lib.extract.stance_lexicon import Lexicons, lexicon_dir, load_lexicons
from minusma_lib.extract.stance_links import (
    FREE_DEPS,
    CueHit,
    Linker,
    _anchor,
    _dist,
    _frame_connected,
    find_cues,
    withdrawal_frames,
)
from minusma_lib.extract.stance_mentions import MentionFinder, TargetMention, author_statement
from minusma_lib.extract.stance_subjectivity import load_subjectivity, subjectivity_rows

CONCESSION_WEIGHT = 0.5


STATEMENT_COLUMNS = [
    "statement_id",
    "doc_id",
    "sent_id",
    "start",
    "end",
    "text",
    "target",
    "mention_rule",
    "voice",
    "speaker",
    "speaker_category",
    "quote_id",
    "score",
    "cue_ids",
    "cues",
    "cue_spans",
    "rule",
    "repeat_of",
]
# cue lexicon (seeds), general, clause VADER, Pattern, JUDGEMENT (Appraisal theory)
DESIGNS = ("cues", "general", "clause", "subjectivity", "appraisal")


def kept_design() -> str:
    """The design that builds data/processed (``data/lexicons/stance_design.yaml``)."""
    path = lexicon_dir() / "stance_design.yaml"
    spec = load_yaml(path) or {}
    check_keys(spec, path, "top level", ("design",), ("design",))
    if spec["design"] not in DESIGNS:
        raise ConfigError(f"{path}: design: must be one of {', '.join(DESIGNS)}, not {spec['design']!r}.")
    return str(spec["design"])


@dataclass
class Scope:
    """One voice within a sentence: the author's (or prompt), or one reported speaker's."""

    voice: str
    speaker: str = ""
    category: str = ""
    members: dict[int, str] = field(default_factory=dict)  # mention head token -> quote id
    hits: list[CueHit] = field(default_factory=list)


@dataclass
class Statement:
    mention: TargetMention
    sent: speakers.Sentence
    voice: str
    speaker: str
    category: str
    quote_id: str
    score: int
    hits: list[CueHit]
    repeat_of: str = ""


def _in_span(t: Token, q: quote_parts.Quote) -> bool:
    return q.start <= t.idx and t.idx + len(t) <= q.end


def innermost_quotes(
    doc, quotes: list[tuple[quote_parts.Quote, str]]
) -> dict[int, tuple[quote_parts.Quote, str]]:
    """Token index -> the shortest quote (and its id) wholly containing the token, the first such
    quote on a tie: computed once per document instead of once per token looked up."""
    starts = [t.idx for t in doc]
    out: dict[int, tuple[quote_parts.Quote, str]] = {}
    for q, qid in quotes:
        for i in range(bisect_left(starts, q.start), len(doc)):
            t = doc[i]
            if t.idx >= q.end:
                break
            if _in_span(t, q) and (i not in out or q.end - q.start < out[i][0].end - out[i][0].start):
                out[i] = (q, qid)
    return out


class Scorer:
    def __init__(
        self,
        ctx: speakers.Context,
        quote_list: list[quote_parts.Quote],
        quote_ids: list[str],
        lx: Lexicons,
        general: GeneralLexicon | None = None,
    ):
        self.ctx, self.lx, self.general = ctx, lx, general
        self.quotes = [(q, i) for q, i in zip(quote_list, quote_ids, strict=True) if q.kind != "scare"]
        self.link = Linker(lx)
        self.inner = innermost_quotes(ctx.doc, self.quotes)
        self.frames: dict[int, list[Token]] = {}  # sentence start -> its withdrawal frames

    def _innermost(self, t: Token) -> tuple[quote_parts.Quote, str] | None:
        return self.inner.get(t.i)

    def _withdrawal_frames(self, span: Span, mentions: list[TargetMention]) -> list[Token]:
        if span.start not in self.frames:
            self.frames[span.start] = withdrawal_frames(span, mentions, self.lx)
        return self.frames[span.start]

    def _cue_token(self, q: quote_parts.Quote, sent: Span) -> Token | None:
        """The quote's speech verb or noun, when it is one token of this sentence outside the quote."""
        if q.cue_start < 0 or q.rule == "according_to":
            return None
        span = sent.doc.char_span(q.cue_start, q.cue_end)
        if span is None or len(span) != 1:
            return None
        t = span[0]
        return t if sent.start <= t.i < sent.end and not _in_span(t, q) else None

    def _speech_act_objects(self, v: Token) -> set[int]:
        out: set[int] = set()
        for k in v.children:
            if k.dep_ in ("dobj", "nsubjpass"):
                out.update(t.i for t in k.subtree if _dist(k, t) <= 3)
        return out

    def score_sentence(self, sent: speakers.Sentence, mentions: list[TargetMention]) -> list[Statement]:
        """Score each target once per voice (author/prompt, each reported speaker) in a sentence."""
        span = sent.span
        if self.general is None:
            hits = self.governed(find_cues(span, self.lx))
        else:
            taken = {i for m in mentions for i in range(m.start, m.end)}
            found = find_general_cues(span, self.general, taken)
            heads = {h.head.i for h in found if h.cue.frame != "withdrawal_harm"}
            hits = self.governed([h for h in found if not governed_by_outer(h, heads)])
        for h in hits:
            h.negated = self.link.negated(h.head)
            h.weight = CONCESSION_WEIGHT if self.link.concessive(h.head) else 1.0
        here = [(q, qid) for q, qid in self.quotes if q.start < span.end_char and span.start_char < q.end]
        cue_toks = [(q, qid, t) for q, qid in here if (t := self._cue_token(q, span)) is not None]
        bound = self._bound_to_speech_acts(hits, cue_toks)
        base = Scope(
            "prompt" if sent.kind == "prompt" else "author", members={m.head.i: "" for m in mentions}
        )
        base.hits = [
            h
            for h in hits
            if not h.cue.speech_act
            and h.cue.voice != "reported"
            and self._innermost(h.head) is None
            and id(h) not in bound
        ]
        reported = self._reported_scopes(hits, mentions, here, cue_toks, bound)
        out = []
        for scope in [base, *reported]:
            out += self._scope_statements(sent, scope, mentions)
        return out

    def _bound_to_speech_acts(self, hits: list[CueHit], cue_toks: list) -> dict[int, quote_parts.Quote]:
        """A cue on a speech act ("blames", "a negative assessment ... by Maïga") is its speaker's."""
        bound: dict[int, quote_parts.Quote] = {}
        for h in hits:
            for q, _, t in cue_toks:
                if h.head.i == t.i or (h.head.head.i == t.i and h.head.dep_ in ("amod", "advmod")):
                    bound[id(h)] = q
        return bound

    def _reported_scopes(
        self,
        hits: list[CueHit],
        mentions: list[TargetMention],
        here: list,
        cue_toks: list,
        bound: dict[int, quote_parts.Quote],
    ) -> list[Scope]:
        """One scope per reported speaker of the sentence, with its mentions and its cues."""
        reported: dict[str, Scope] = {}

        def scope_of(q: quote_parts.Quote) -> Scope:
            if q.speaker not in reported:
                reported[q.speaker] = Scope("reported", q.speaker, q.category)
            return reported[q.speaker]

        for m in mentions:
            inner = self._innermost(m.head)
            if inner is not None and any(inner[0] is q for q, _ in here):
                scope_of(inner[0]).members[m.head.i] = inner[1]
        for q, qid, t in cue_toks:  # the object of a reported speech act ("UN peacekeepers have been lauded")
            objects = self._speech_act_objects(t)
            for m in mentions:
                if m.head.i in objects and self._innermost(m.head) is None:
                    scope_of(q).members[m.head.i] = qid
        for h in hits:
            inner = self._innermost(h.head)
            if id(h) in bound:
                scope_of(bound[id(h)]).hits.append(h)
            elif inner is not None and (not h.cue.speech_act or h.cue.frame):
                # cues inside reported speech; of the speech acts inside it only withdrawal demands
                # ("the government is demanding the immediate withdrawal" in Diop's words)
                scope_of(inner[0]).hits.append(h)
        return list(reported.values())

    def _scope_statements(
        self, sent: speakers.Sentence, scope: Scope, mentions: list[TargetMention]
    ) -> list[Statement]:
        """The statements of one voice: each target's score, carried by its mentions in the scope."""
        by_target: dict[str, list[TargetMention]] = {}
        for m in mentions:
            if m.head.i in scope.members:
                by_target.setdefault(m.target, []).append(m)
        out = []
        for target, ms in by_target.items():
            used = self._linked_hits(sent.span, target, ms, scope.hits, mentions)
            score = int(np.sign(round(sum(h.value for h in used), 6)))
            for m in ms:
                if m.emitted:
                    out.append(
                        Statement(
                            mention=m,
                            sent=sent,
                            voice=scope.voice,
                            speaker=scope.speaker,
                            category=scope.category,
                            quote_id=scope.members[m.head.i],
                            score=score,
                            hits=used if score else [],
                        )
                    )
        return out

    def governed(self, hits: list[CueHit]) -> list[CueHit]:
        """Drop hedged cues, speculative ones (may/might; withdrawal harm exempt), and cues inside the
        complement of an object-linked cue or under a word of doubt: the outer word decides."""
        out = []
        for h in hits:
            if self.link.hedged(h.head):
                continue
            if h.cue.frame != "withdrawal_harm" and self.link.speculative(h.head):
                continue
            outer = [
                o
                for o in hits
                if o is not h
                and o.cue.link == "object"
                and not o.cue.speech_act
                and o.head.i != h.head.i
                and any(
                    h.head.i in {t.i for t in k.subtree}
                    for k in _anchor(o.head).children
                    if k.dep_ not in FREE_DEPS
                )
            ]
            if outer:
                continue
            a, doubted = h.head, False
            while a.head.i != a.i:
                a = a.head
                if a.lemma_.lower() in self.lx.doubt or any(
                    k.lower_ in self.lx.doubt and k.dep_ in ("mark", "advmod") for k in a.children
                ):
                    doubted = True
                    break
            if doubted and not (h.cue.link == "object" and h.cue.polarity < 0):
                continue
            out.append(h)
        return out

    def _linked_hits(
        self,
        span: Span,
        target: str,
        ms: list[TargetMention],
        hits: list[CueHit],
        all_mentions: list[TargetMention],
    ) -> list[CueHit]:
        used = []
        frames = self._withdrawal_frames(span, all_mentions) if target == "minusma" else []
        for h in hits:
            if not h.cue.applies_to(target):
                continue
            if h.cue.frame == "withdrawal_harm":
                # the departure word itself ("left", "withdrawal") is never its own harm
                if frames and _frame_connected(h.head, frames) and all(w.i != h.head.i for w in frames):
                    used.append(h)
            elif h.cue.frame == "demand_withdrawal":
                sub = {t.i for t in h.head.subtree if t.i != h.head.i}
                if any(w.i in sub for w in frames):
                    used.append(h)
            elif h.cue.source == "general":
                if any(general_linked(h, m, self.general.support) for m in ms):
                    used.append(h)
            elif any(self.link.linked(h, m, all_mentions) for m in ms):
                used.append(h)
        # a word read as harm from the mission's departure is not also read against the mission
        harm = {h.head.i for h in used if h.cue.frame == "withdrawal_harm"}
        return [h for h in used if h.cue.frame == "withdrawal_harm" or h.head.i not in harm]


def statements_for(
    ctx: speakers.Context,
    quote_list: list[quote_parts.Quote],
    quote_ids: list[str],
    lx: Lexicons,
    general: GeneralLexicon | None = None,
    mentions: dict[int, list[TargetMention]] | None = None,
) -> list[Statement]:
    """Every statement of a document; ``general`` selects the general design (else the cue lexicon).
    A sentence repeating an earlier one of the document word for word keeps its statements, marked
    with the first occurrence (``repeat_of``), so that aggregates count it once. ``mentions``: the
    document's target mentions when already found (they are the same for every design)."""
    mentions = MentionFinder(ctx, lx).run() if mentions is None else mentions
    scorer = Scorer(ctx, quote_list, quote_ids, lx, general)
    out, first = [], {}
    for k, sent in enumerate(ctx.sentences):
        key = " ".join(sent.span.text.lower().split())
        repeat_of = first.setdefault(key, sent.sent_id)
        for s in scorer.score_sentence(sent, mentions.get(k, [])):
            s.repeat_of = "" if repeat_of == sent.sent_id else repeat_of
            out.append(s)
    return out


def rule_name(h: CueHit) -> str:
    """The rule that tied a cue to its target: design and link (or frame), e.g. ``general:modifier``."""
    return f"{h.cue.source}:{h.cue.frame or h.cue.link}"


def _statement_rows(ctx: speakers.Context, stmts: list[Statement], raw: str, to_raw) -> list[dict]:
    rows = []
    doc = ctx.doc
    for s in stmts:
        m = s.mention
        a, b = to_raw(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
        spans = []
        for h in s.hits:
            ca, cb = to_raw(doc[h.start].idx, doc[h.end - 1].idx + len(doc[h.end - 1]))
            spans.append((ca, cb))
        rows.append(
            {
                "statement_id": "",
                "doc_id": ctx.doc_id,
                "sent_id": s.sent.sent_id,
                "start": a,
                "end": b,
                "text": raw[a:b],
                "target": m.target,
                "mention_rule": m.rule,
                "voice": s.voice,
                "speaker": s.speaker,
                "speaker_category": s.category,
                "quote_id": s.quote_id,
                "score": s.score,
                "cue_ids": ";".join(h.cue.id for h in s.hits),
                "cues": ";".join(raw[x:y] for x, y in spans),
                "cue_spans": ";".join(f"{x}-{y}" for x, y in spans),
                "rule": ";".join(rule_name(h) for h in s.hits),
                "repeat_of": s.repeat_of,
            }
        )
    return rows


def statements_in_text(text: str, design: str = "general") -> pd.DataFrame:
    """Stance statements of a plain English text (offsets into ``text``): for tests and checks."""
    ctx = speakers.context_from_text(text)
    ql, qrows = quote_out.document_quotes(ctx, text, lambda a, b: (a, b))
    ids = [r["quote_id"] for r in qrows]
    if design == "clause":
        mentions = MentionFinder(ctx, load_lexicons()).run()
        rows = clause_rows(ctx, ql, mentions, load_clause(), text, lambda a, b: (a, b))
        return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)
    general = load_general() if design == "general" else None
    stmts = statements_for(ctx, ql, ids, load_lexicons(), general)
    return pd.DataFrame(_statement_rows(ctx, stmts, text, lambda a, b: (a, b)), columns=STATEMENT_COLUMNS)


def design_names(general: GeneralLexicon) -> list[tuple[str, float | None]]:
    """The designs compared: the cue lexicon, and the general one at each threshold of its file."""
    return [("cues", None)] + [(f"general@{thr:g}", thr) for thr in general.thresholds]


def clause_rows(
    ctx: speakers.Context,
    quote_list,
    mentions: dict[int, list[TargetMention]],
    st: ClauseSettings,
    raw: str,
    to_raw,
) -> list[dict]:
    """The clause design's author-voice statements (:mod:`stance_clause`): one per target and
    sentence, at its first mention there; repeats of an earlier sentence marked ``repeat_of``."""
    quotes = [q for q in quote_list if q.kind != "scare"]
    rows, first = [], {}
    for k, sent in enumerate(ctx.sentences):
        key = " ".join(sent.span.text.lower().split())
        repeat_of = first.setdefault(key, sent.sent_id)
        ms = mentions.get(k, [])
        for target, cs in sentence_scores(sent, ms, quotes, st).items():
            own = [x for x in ms if x.target == target]
            m = next((x for x in own if x.emitted), own[0])
            spans = [to_raw(w.idx, w.idx + len(w)) for w in cs.words]
            rows.append(
                author_statement(
                    ctx,
                    sent,
                    m,
                    target,
                    raw,
                    to_raw,
                    score=cs.score,
                    cue_ids=";".join(f"vader_{w.lower_}" for w in cs.words),
                    spans=spans,
                    rule=";".join(f"clause:{r}" for r in cs.role.split(";")) if cs.role else "",
                    repeat_of=repeat_of,
                )
            )
    return rows


def _not_the_outlets_own(
    quote_list: list[quote_parts.Quote], ids: list[str], outlet: str
) -> tuple[list[quote_parts.Quote], list[str]]:
    """The quotes without those the publishing outlet attributes to itself (a press release's "the
    report found", an outlet's own statement): for stance, those words are the author's voice."""
    own = outlet.strip().lower()

    def speaker(q: quote_parts.Quote) -> str:
        r = q.resolved
        if r is None:
            return ""
        return (r.name or (r.speaker.canonical if r.speaker is not None else "")).strip().lower()

    keep = [k for k, q in enumerate(quote_list) if not own or speaker(q) != own]
    return [quote_list[k] for k in keep], [ids[k] for k in keep]


def document_statements(ad, qlex, lx: Lexicons, designs: dict[str, GeneralLexicon | None]) -> tuple:
    """One document's quote rows and, per design, its statement rows (raw offsets)."""
    ctx = speakers.context_from_annotated(ad)
    offsets = ad.clean.offset_map()
    raw = ad.clean.doc.raw

    def to_raw(a: int, b: int) -> tuple[int, int]:
        return raw_span(ad.clean, a, b, offsets)

    kept, qrows = quote_out.document_quotes(ctx, raw, to_raw, qlex)
    ids = [r["quote_id"] for r in qrows]
    kept, ids = _not_the_outlets_own(kept, ids, ad.clean.doc.meta.get("outlet", ""))
    mentions = MentionFinder(ctx, lx).run()  # once per document: the same for every design
    out = {}
    for name, general in designs.items():
        if name == "clause":
            rows = clause_rows(ctx, kept, mentions, load_clause(), raw, to_raw)
        elif name == "subjectivity":
            rows = subjectivity_rows(ctx, kept, mentions, lx, raw, to_raw)
        elif name == "appraisal":
            rows = appraisal_rows(ctx, kept, mentions, lx, raw, to_raw)
        else:
            stmts = statements_for(ctx, kept, ids, lx, general, mentions)
            rows = _statement_rows(ctx, stmts, raw, to_raw)
        for i, r in enumerate(rows, start=1):
            r["statement_id"] = f"{ad.doc_id}-st{i:04d}"
        out[name] = pd.DataFrame(rows, columns=STATEMENT_COLUMNS)
    return qrows, out


def stance_tables(
    ac, base: dict[str, pd.DataFrame], coded: Collection[str] | None = None
) -> dict[str, pd.DataFrame]:
    """quotes.csv, stance_statements.csv and stance_by_outlet.csv (raw offsets) with the kept design
    (:func:`kept_design`), and stance_design_cells.csv: each design's author sign per document × target.

    The kept design runs on every document; the compared designs serve only the validation against
    the hand coding, so they run (and design cells are written) only for the documents in ``coded``
    (those with hand-coded stance), or for every document when ``coded`` is None."""
    qlex, lx, general = lexicon.load_lexicon(), load_lexicons(), load_general()
    designs: dict[str, GeneralLexicon | None] = {
        name: (None if thr is None else load_general(threshold=thr)) for name, thr in design_names(general)
    }
    designs["clause"] = designs["subjectivity"] = designs["appraisal"] = None
    design = kept_design()
    kept = {"cues": "cues", "clause": "clause", "subjectivity": "subjectivity", "appraisal": "appraisal"}.get(
        design, f"general@{general.threshold:g}"
    )
    designs.setdefault(kept, general)
    margins = load_clause().margins
    quote_rows, stmts, cells = [], [], []
    for ad in ac:
        compared = coded is None or ad.doc_id in coded
        qrows, by_design = document_statements(ad, qlex, lx, designs if compared else {kept: designs[kept]})
        quote_rows += qrows
        stmts.append(by_design[kept])
        if compared:
            cells += [
                author_signs(s, name)
                for name, s in by_design.items()
                if name not in ("clause", "subjectivity", "appraisal")
            ]
            cells += [author_signs(by_design["clause"], f"clause@{m}", margin=m) for m in margins]
            cells += [
                author_signs(by_design["subjectivity"], f"subjectivity@{m}", margin=m)
                for m in load_subjectivity().margins
            ]
            cells += [
                author_signs(by_design["appraisal"], f"appraisal@{m}", margin=m)
                for m in load_appraisal().margins
            ]
    stmt_df = pd.concat(stmts, ignore_index=True) if stmts else pd.DataFrame(columns=STATEMENT_COLUMNS)
    order = {d: i for i, d in enumerate(base["documents"]["doc_id"])}
    return {
        "quotes": quote_out.quotes_frame(quote_rows),
        "stance_statements": stmt_df,
        "stance_by_outlet": aggregate(stmt_df, order),
        "stance_design_cells": pd.concat(cells, ignore_index=True)
        if cells
        else pd.DataFrame(columns=DESIGN_CELL_COLUMNS),
    }
