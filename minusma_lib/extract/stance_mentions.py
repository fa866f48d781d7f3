"""Mentions of the four stance targets in a sentence: aliases (longest first, minus excluded
phrases), "Mali" where it denotes the state as an actor, one mention per noun phrase, and pronouns
resolved to the nearest fitting antecedent (other actors of the gazetteer compete)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from minusma_lib.extract import speakers
from minusma_lib.extract import speech_lexicon as lexicon
from minusma_lib.extract.stance_lexicon import TARGETS, Lexicons

SUBJ_DEPS = {"nsubj", "nsubjpass"}


@dataclass
class TargetMention:
    target: str
    start: int  # token indices
    end: int
    head: Token
    rule: str  # alias, state or pronoun
    emitted: bool = True  # False: a pronoun used only to tie cues (the sentence names the target)


def span_head(doc, start: int, end: int) -> Token:
    toks = doc[start:end]
    return next((t for t in toks if not (start <= t.head.i < end) or t.head.i == t.i), toks.root)


def alias_mentions(sent: Span, lx: Lexicons) -> list[TargetMention]:
    """Alias matches in a sentence, longest first, not overlapping, minus excluded phrases."""
    doc = sent.doc
    # Lower-cased tokens of the sentence, at their document indices (earlier positions left empty):
    # building the whole document's list for every sentence made this quadratic.
    low = [""] * sent.start + [t.lower_ for t in sent]
    out, i = [], sent.start
    while i < sent.end:
        hit = None
        for toks, target in lx.aliases.get(low[i], []):
            if i + len(toks) <= sent.end and tuple(low[i : i + len(toks)]) == toks:
                hit = (i, i + len(toks), target)
                break
        if hit is None:
            i += 1
            continue
        a, b, target = hit
        blocked = False
        for ex in lx.excludes.get(target, []):
            for s in range(max(sent.start, b - len(ex)), a + 1):
                if tuple(low[s : s + len(ex)]) == ex and s + len(ex) >= b:
                    blocked = True
        if not blocked:
            out.append(TargetMention(target, a, b, span_head(doc, a, b), "alias"))
        i = b
    return out


def state_mentions(sent: Span, lx: Lexicons, taken: set[int]) -> list[TargetMention]:
    """'Mali' where it denotes the Malian state as an actor (rules in stance_targets.yaml)."""
    st = lx.state
    names = {n.lower() for n in st.get("names", [])}
    out = []
    for t in sent:
        if t.lower_ not in names or t.i in taken:
            continue
        h, ok = t.head, False
        if t.dep_ in SUBJ_DEPS or (t.dep_ == "conj" and t.head.dep_ in SUBJ_DEPS):
            verb = t.head if t.dep_ in SUBJ_DEPS else t.head.head
            ok = verb.lemma_.lower() not in st.get("not_actor_verbs", [])
        elif t.dep_ == "poss":
            ok = h.lemma_.lower() in st.get("attributes", []) or h.lower_ in st.get("attributes", [])
        elif t.dep_ == "pobj" or (t.dep_ == "conj" and t.head.dep_ == "pobj"):
            prep = h if t.dep_ == "pobj" else h.head
            ok = prep.lower_ in st.get("prepositions", [])
        elif t.dep_ == "dobj":
            ok = h.lemma_.lower() in st.get("object_verbs", [])
        if ok:
            out.append(TargetMention(st["target"], t.i, t.i + 1, t, "state"))
    return out


NP_DEPS = {"poss", "compound", "appos", "amod", "nmod", "case", "flat", "nummod"}


def _np_head(t: Token) -> Token:
    while t.dep_ in NP_DEPS and t.head.i != t.i:
        t = t.head
    return t


def merge_np(ms: list[TargetMention]) -> list[TargetMention]:
    """One mention per noun phrase: "Mali's junta leader Assimi Goïta", "Malian Foreign Minister
    Abdoulaye Diop" are one mention each, as in the hand coding."""
    ms = sorted(ms, key=lambda m: m.start)
    out: list[TargetMention] = []
    for m in ms:
        prev = out[-1] if out else None
        if prev is not None and prev.target == m.target and _np_head(prev.head).i == _np_head(m.head).i:
            doc = m.head.doc
            head = _np_head(m.head)
            start, end = min(prev.start, m.start), max(prev.end, m.end)
            if start <= head.i < end:
                pass
            elif head.i == end:
                end += 1
            out[-1] = TargetMention(m.target, start, end, span_head(doc, start, end), "alias")
            continue
        out.append(m)
    return out


def _expletive_it(p: Token) -> bool:
    if p.lower_ != "it":
        return False
    if p.dep_ == "expl":
        return True
    h = p.head
    kids = {c.dep_ for c in h.children}
    if h.lemma_ in ("be", "seem", "remain", "appear", "become", "take") and kids & {
        "ccomp",
        "xcomp",
        "csubj",
        "acomp",
        "attr",
    }:
        if kids & {"ccomp", "xcomp", "csubj"} or any(
            c.dep_ in ("acomp", "attr") and any(g.dep_ in ("xcomp", "ccomp", "prep") for g in c.children)
            for c in h.children
        ):
            return True
    if p.dep_ == "nsubjpass" and "ccomp" in kids:
        return True
    return False


class MentionFinder:
    """Alias, state and pronoun mentions of the four targets, sentence by sentence."""

    def __init__(self, ctx: speakers.Context, lx: Lexicons):
        self.ctx, self.lx = ctx, lx
        pr = lx.pronouns
        self.singular = {x.lower() for x in pr["singular"]}
        self.plural = {x.lower() for x in pr["plural"]}
        self.person = {x.lower() for x in pr["person"]}
        self.collective = {x.lower() for x in pr["collective"]}
        self.persons = {lexicon.alias_tokens(x)[-1] for x in pr["persons"]}
        self.pronoun_words = self.singular | self.plural | self.person  # built once, not per token
        # other actors (gazetteer spans) compete as antecedents, so "it" after "the UN" is not MINUSMA
        self.actors = list(ctx.doc.spans.get("actors", []))

    def _number(self, m: TargetMention | Span) -> str:
        head = m.head if isinstance(m, TargetMention) else m.root
        if head.lower_ in self.persons:
            return "person"
        if head.lemma_.lower() in self.collective or head.lower_ in self.collective:
            return "collective"
        return "plural" if head.tag_ in ("NNS", "NNPS") else "singular"

    def _fits(self, pron: str, number: str) -> bool:
        if pron in self.person:
            return number == "person"
        if pron in self.plural:
            return number in ("plural", "collective")
        return number in ("singular", "collective")

    def run(self) -> dict[int, list[TargetMention]]:
        out: dict[int, list[TargetMention]] = {}
        prev: list[
            tuple[int, str | None, str, bool]
        ] = []  # (token, target, number, is_subject) of the previous sentence
        prev_block = -1
        for k, s in enumerate(self.ctx.sentences):
            ms = alias_mentions(s.span, self.lx)
            taken = {i for m in ms for i in range(m.start, m.end)}
            ms += state_mentions(s.span, self.lx, taken)
            ms = merge_np(ms)
            cands: list[tuple[int, str | None, str, bool]] = [
                (m.head.i, m.target, self._number(m), m.head.dep_ in SUBJ_DEPS) for m in ms
            ]
            for a in self.actors:
                if s.span.start <= a.start < s.span.end and not any(m.start <= a.start < m.end for m in ms):
                    if a.label_ not in TARGETS:
                        cands.append((a.root.i, None, self._number(a), a.root.dep_ in SUBJ_DEPS))
            cands.sort()
            pron = []
            if s.block != prev_block:
                prev = []
            for t in s.span:
                low = t.lower_
                if low not in self.pronoun_words or _expletive_it(t):
                    continue
                if any(m.start <= t.i < m.end for m in ms):
                    continue
                before = [c for c in cands if c[0] < t.i and self._fits(low, c[2])]
                if low in self.person:
                    ante = (
                        before[-1] if before else next((c for c in reversed(prev) if c[2] == "person"), None)
                    )
                elif before:
                    ante = before[-1]
                else:
                    fit = [c for c in prev if self._fits(low, c[2])]
                    subj = [c for c in fit if c[3]]
                    ante = (subj or fit or [None])[-1] if fit else None
                if ante is None or ante[1] is None:
                    continue
                pm = TargetMention(ante[1], t.i, t.i + 1, t, "pronoun")
                pron.append(pm)
                cands.append((t.i, ante[1], ante[2], t.dep_ in SUBJ_DEPS))
                cands.sort()
            for pm in pron:
                pm.emitted = not any(m.target == pm.target for m in ms)
            out[k] = sorted(ms + pron, key=lambda m: m.start)
            prev, prev_block = cands, s.block
        return out


def author_statement(
    ctx,
    sent,
    m: TargetMention,
    target: str,
    raw: str,
    to_raw,
    *,
    score: float,
    cue_ids: str,
    spans: list[tuple[int, int]],
    rule: str,
    repeat_of: str,
) -> dict:
    """One author-voice (or prompt) statement row of ``stance_statements.csv`` at mention ``m`` (raw
    offsets), with the cues that scored it; shared by the stance designs."""
    a, b = to_raw(ctx.doc[m.start].idx, ctx.doc[m.end - 1].idx + len(ctx.doc[m.end - 1]))
    return {
        "statement_id": "",
        "doc_id": ctx.doc_id,
        "sent_id": sent.sent_id,
        "start": a,
        "end": b,
        "text": raw[a:b],
        "target": target,
        "mention_rule": m.rule,
        "voice": "prompt" if sent.kind == "prompt" else "author",
        "speaker": "",
        "speaker_category": "",
        "quote_id": "",
        "score": score,
        "cue_ids": cue_ids,
        "cues": ";".join(raw[x:y] for x, y in spans),
        "cue_spans": ";".join(f"{x}-{y}" for x, y in spans),
        "rule": rule,
        "repeat_of": "" if repeat_of == sent.sent_id else repeat_of,
    }
