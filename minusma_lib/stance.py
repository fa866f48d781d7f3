"""Target-specific stance, with the author's voice kept apart from reported speech.

Four targets (``data/lexicons/stance_targets.yaml``): MINUSMA, the Malian transitional
authorities, Russia/Wagner and France/the West. An evaluative cue (``stance_cues.yaml``) counts
for a target only when the parse ties it to a mention of that target (the cue's ``link`` rule:
subject, agent, object, near or clause). Negation flips a cue, hedges cancel it, concessions
weigh half. Voice comes from the quotes (:mod:`minusma_lib.quotes`): a mention inside a reported
span (or the object of a reported speech act) gets a *reported* statement scored only with the
cues inside that span and the speech act itself; every mention also gets an *author* statement
scored only with cues outside reported speech (*prompt* in the chatbot interviewer's turns).

As in the hand coding, the score of a (sentence, target, voice, speaker) is set once and carried
by every mention of that target in the sentence: -1, 0 or +1, the sign of the weighted cue sum.

Validation against the hand coding (``data/annotations/``) pairs hand-coded and found items one to
one; documents without hand coding are listed and left out, never scored as misses. An outlet ×
target net tone is read as 0 within ±``DEAD_BAND`` (see there, and :func:`band_sensitivity`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from spacy.tokens import Span, Token

from minusma_lib.core.config import check_keys, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.core.labels import outlet_labels
from minusma_lib.core.paths import annotations_dir, data_dir
from minusma_lib.core.rng import keyed_rng
from minusma_lib.extract import quote_parts, speakers
from minusma_lib.extract import quotes as quote_out
from minusma_lib.extract import speech_lexicon as lexicon
from minusma_lib.report.text import esc, join, num, pct, plural
from minusma_lib.validate import quotes as vquotes
from minusma_lib.validate.matching import one_to_one

TARGETS = ("minusma", "malian_authorities", "russia_wagner", "france_west")
TARGET_LABELS = {
    "minusma": "MINUSMA",
    "malian_authorities": "Malian authorities",
    "russia_wagner": "Russia / Wagner",
    "france_west": "France / the West",
}
VOICES = ("author", "reported", "prompt")
LINKS = ("subject", "agent", "object", "near", "clause")
FRAMES = ("withdrawal_harm", "demand_withdrawal")
CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "relcl", "parataxis", "csubj", "csubjpass"}
FREE_DEPS = {"conj", "appos", "cc"}
SUBJ_DEPS = {"nsubj", "nsubjpass"}
SMALL_N = 5  # cells with fewer mention rows than this are greyed out in charts
# The sign rule for a net tone, the same for the cue method and the hand coding: |net tone| < DEAD_BAND
# is neutral, i.e. less than one net evaluative mention in twenty; it is VADER's neutral band for its
# compound score (VADER_THRESHOLD), so the baseline and the cue method share one rule. The sign agreement
# with the hand coding depends on it: band_sensitivity() reports it for bands from 0 to 0.10. Prose
# calls a cell *clearly* negative/positive only when its 95% interval excludes 0 (direction()).
DEAD_BAND = 0.05
N_BOOT = 2000
SEED = 20230630  # Resolution 2690's date: the bootstrap's fixed seed
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
]
AGGREGATE_COLUMNS = [
    "doc_id",
    "target",
    "voice",
    "speaker_category",
    "n",
    "n_sentences",
    "n_neg",
    "n_zero",
    "n_pos",
    "net_tone",
    "ci_low",
    "ci_high",
    "small",
]


def lexicon_dir() -> Path:
    return data_dir() / "lexicons"


# --- lexicons -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    id: str
    words: tuple[str, ...]
    polarity: int
    targets: tuple[str, ...]
    link: str
    rationale: str
    frame: str = ""
    speech_act: bool = False
    with_: tuple[str, ...] = ()
    voice: str = ""

    def applies_to(self, target: str) -> bool:
        return "any" in self.targets or target in self.targets


@dataclass(frozen=True)
class Lexicons:
    aliases: dict[str, list[tuple[tuple[str, ...], str]]]  # first token -> [(tokens, target)]
    excludes: dict[str, list[tuple[str, ...]]]  # target -> excluded token sequences
    state: dict
    pronouns: dict
    cues: tuple[Cue, ...]
    withdrawal: dict
    negators: frozenset[str]
    hedges: frozenset[str]
    shields: frozenset[str]
    concessive: tuple[str, ...]
    circumstance: frozenset[str]
    speculative: frozenset[str]
    doubt: frozenset[str]


def _err(path: Path, where: str, msg: str) -> ConfigError:
    return ConfigError(f"{path}: {where}: {msg}")


# Every key of the two lexicon files is required and no other is allowed: a misspelt or missing
# list must stop the pipeline, not silently switch a rule off (without `hedges:`, "The army allegedly
# committed abuses" would score -1).
TARGET_FILE_KEYS = ("targets", "state", "pronouns")
TARGET_KEYS = ("label", "note", "aliases", "exclude")
STATE_KEYS = ("target", "names", "not_actor_verbs", "attributes", "prepositions", "object_verbs")
PRONOUN_KEYS = ("singular", "plural", "person", "collective", "persons")
CUE_FILE_KEYS = (
    "cues",
    "withdrawal",
    "negators",
    "hedges",
    "shields",
    "concessive",
    "circumstance",
    "speculative",
    "doubt",
)
CUE_KEYS = ("id", "cue", "polarity", "targets", "link", "rationale", "frame", "speech_act", "with", "voice")
WITHDRAWAL_KEYS = ("nouns", "verbs", "prepositions")


def _word_list(path: Path, where: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(x, str | int | float) for x in value):
        raise _err(path, where, "must be a list of words (use [] for none).")
    return [str(x).lower() for x in value]


def load_lexicons(directory: Path | None = None) -> Lexicons:
    """Read and check ``stance_targets.yaml`` and ``stance_cues.yaml``."""
    directory = directory or lexicon_dir()
    t, c = directory / "stance_targets.yaml", directory / "stance_cues.yaml"
    return _load(t, t.stat().st_mtime, c, c.stat().st_mtime)


@lru_cache(maxsize=4)
def _load(tpath: Path, tm: float, cpath: Path, cm: float) -> Lexicons:
    tspec = copy.deepcopy(load_yaml(tpath)) or {}
    check_keys(tspec, tpath, "top level", TARGET_FILE_KEYS, TARGET_FILE_KEYS)
    targets = tspec["targets"] or {}
    if not isinstance(targets, dict) or set(targets) != set(TARGETS):
        raise _err(
            tpath, "targets", f"list exactly these targets: {', '.join(TARGETS)} (found {sorted(targets)})."
        )
    aliases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    excludes: dict[str, list[tuple[str, ...]]] = {}
    seen: dict[tuple[str, ...], str] = {}
    for name, spec in targets.items():
        check_keys(spec, tpath, f"targets.{name}", ("aliases",), TARGET_KEYS)
        if not spec.get("aliases"):
            raise _err(tpath, f"targets.{name}", "add a non-empty `aliases:` list.")
        for a in spec["aliases"]:
            toks = lexicon.alias_tokens(str(a))
            if not toks:
                raise _err(tpath, f"targets.{name}", f"alias {a!r} is empty.")
            if lexicon.only_stop_words(toks):
                raise _err(
                    tpath, f"targets.{name}", f"alias {a!r} is only stop words; it would match any text."
                )
            if toks in seen and seen[toks] != name:
                raise _err(
                    tpath,
                    f"targets.{name}",
                    f"alias {a!r} is also listed under {seen[toks]}; keep it in one target.",
                )
            seen[toks] = name
            aliases.setdefault(toks[0], []).append((toks, name))
        excludes[name] = [lexicon.alias_tokens(str(x)) for x in spec.get("exclude") or []]
    for v in aliases.values():
        v.sort(key=lambda x: -len(x[0]))
    state = tspec["state"]
    check_keys(state, tpath, "state", STATE_KEYS, STATE_KEYS)
    if state.get("target") not in TARGETS:
        raise _err(tpath, "state.target", f"must be one of {', '.join(TARGETS)}.")
    for key in STATE_KEYS[1:]:
        _word_list(tpath, f"state.{key}", state[key])
    pronouns = tspec["pronouns"]
    check_keys(pronouns, tpath, "pronouns", PRONOUN_KEYS, PRONOUN_KEYS)
    for key in PRONOUN_KEYS:
        _word_list(tpath, f"pronouns.{key}", pronouns[key])

    cspec = copy.deepcopy(load_yaml(cpath)) or {}
    check_keys(cspec, cpath, "top level", CUE_FILE_KEYS, CUE_FILE_KEYS)
    if not isinstance(cspec["cues"], list):
        raise _err(cpath, "cues", "must be a list of cue entries.")
    cues, ids = [], set()
    for i, e in enumerate(cspec["cues"]):
        where = f"cues[{i}] ({e.get('id', '?') if isinstance(e, dict) else '?'})"
        check_keys(e, cpath, where, (), CUE_KEYS)
        for key in ("id", "cue", "polarity", "targets", "rationale"):
            if e.get(key) in (None, "", []):
                raise _err(cpath, where, f"add `{key}:`.")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", str(e["id"])):
            raise _err(cpath, where, "the id must be snake_case (a-z, 0-9, _).")
        if e["id"] in ids:
            raise _err(cpath, where, "this id is used twice; give each cue its own id.")
        ids.add(e["id"])
        if lexicon.only_stop_words(tuple(str(e["cue"]).split())):
            raise _err(cpath, where, f"cue {e['cue']!r} is only stop words; it would fire on any sentence.")
        if e["polarity"] not in (-1, 1):
            raise _err(cpath, where, f"polarity must be -1 or 1, not {e['polarity']!r}.")
        bad = [x for x in e["targets"] if x != "any" and x not in TARGETS]
        if bad:
            raise _err(cpath, where, f"unknown target(s) {bad}; use {', '.join(TARGETS)} or any.")
        link = e.get("link", "near")
        if link not in LINKS:
            raise _err(cpath, where, f"link {link!r} must be one of {', '.join(LINKS)}.")
        if e.get("frame", "") and e["frame"] not in FRAMES:
            raise _err(cpath, where, f"frame {e['frame']!r} must be one of {', '.join(FRAMES)}.")
        if e.get("voice", "") not in ("", "reported"):
            raise _err(cpath, where, "voice may only be `reported` (or left out).")
        cues.append(
            Cue(
                id=e["id"],
                words=tuple(str(e["cue"]).lower().split()),
                polarity=int(e["polarity"]),
                targets=tuple(e["targets"]),
                link=link,
                rationale=str(e["rationale"]),
                frame=e.get("frame", ""),
                speech_act=bool(e.get("speech_act")),
                with_=tuple(e.get("with") or ()),
                voice=e.get("voice", ""),
            )
        )
    if not cues:
        raise _err(cpath, "cues", "add at least one cue.")
    wd = cspec["withdrawal"]
    check_keys(wd, cpath, "withdrawal", WITHDRAWAL_KEYS, WITHDRAWAL_KEYS)
    for key in WITHDRAWAL_KEYS:
        if not _word_list(cpath, f"withdrawal.{key}", wd[key]):
            raise _err(cpath, f"withdrawal.{key}", "add at least one word.")
    words = {key: _word_list(cpath, key, cspec[key]) for key in CUE_FILE_KEYS[2:]}
    return Lexicons(
        aliases=aliases,
        excludes=excludes,
        state=state,
        pronouns=pronouns,
        cues=tuple(cues),
        withdrawal=wd,
        negators=frozenset(words["negators"]),
        hedges=frozenset(words["hedges"]),
        shields=frozenset(words["shields"]),
        concessive=tuple(words["concessive"]),
        circumstance=frozenset(words["circumstance"]),
        speculative=frozenset(words["speculative"]),
        doubt=frozenset(words["doubt"]),
    )


# --- mentions -------------------------------------------------------------------------------------


@dataclass
class TargetMention:
    target: str
    start: int  # token indices
    end: int
    head: Token
    rule: str  # alias, state or pronoun
    emitted: bool = True  # False: a pronoun used only to tie cues (the sentence names the target)


def _span_head(doc, start: int, end: int) -> Token:
    toks = doc[start:end]
    return next((t for t in toks if not (start <= t.head.i < end) or t.head.i == t.i), toks.root)


def alias_mentions(sent: Span, lx: Lexicons) -> list[TargetMention]:
    """Alias matches in a sentence, longest first, not overlapping, minus excluded phrases."""
    doc = sent.doc
    # Lower-cased tokens of the sentence, at their document indices (earlier positions left empty).
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
            out.append(TargetMention(target, a, b, _span_head(doc, a, b), "alias"))
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
            out[-1] = TargetMention(m.target, start, end, _span_head(doc, start, end), "alias")
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
                if low not in self.singular | self.plural | self.person or _expletive_it(t):
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


# --- cues and links --------------------------------------------------------------------------------


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
                head = _span_head(doc, i, i + n)
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

    def _np_agents(self, c: Token) -> set[int]:
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
        agents = self._np_agents(c)
        if agents or (c.pos_ in ("VERB", "AUX") and _is_passive(c)):
            return h.i in agents
        if self.shielded(c) or (c.pos_ in ("NOUN", "PROPN") and self.circumstantial(c)):
            return False
        return self.subject_of(c, m, mentions)


# --- withdrawal frames -----------------------------------------------------------------------------


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


# --- statements ------------------------------------------------------------------------------------


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


def _in_span(t: Token, q: quote_parts.Quote) -> bool:
    return q.start <= t.idx and t.idx + len(t) <= q.end


class Scorer:
    def __init__(
        self, ctx: speakers.Context, quote_list: list[quote_parts.Quote], quote_ids: list[str], lx: Lexicons
    ):
        self.ctx, self.lx = ctx, lx
        self.quotes = [(q, i) for q, i in zip(quote_list, quote_ids, strict=True) if q.kind != "scare"]
        self.link = Linker(lx)

    def _innermost(self, t: Token) -> tuple[quote_parts.Quote, str] | None:
        inside = [(q, i) for q, i in self.quotes if _in_span(t, q)]
        return min(inside, key=lambda x: x[0].end - x[0].start) if inside else None

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
        hits = self.governed(find_cues(span, self.lx))
        for h in hits:
            h.negated = self.link.negated(h.head)
            h.weight = CONCESSION_WEIGHT if self.link.concessive(h.head) else 1.0
        here = [(q, qid) for q, qid in self.quotes if q.start < span.end_char and span.start_char < q.end]
        cue_toks = [(q, qid, t) for q, qid in here if (t := self._cue_token(q, span)) is not None]
        # a cue on a speech act ("blames", "a negative assessment ... by Maïga") is its speaker's
        bound: dict[int, quote_parts.Quote] = {}
        for h in hits:
            for q, _, t in cue_toks:
                if h.head.i == t.i or (h.head.head.i == t.i and h.head.dep_ in ("amod", "advmod")):
                    bound[id(h)] = q
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
        out = []
        for scope in [base, *reported.values()]:
            by_target: dict[str, list[TargetMention]] = {}
            for m in mentions:
                if m.head.i in scope.members:
                    by_target.setdefault(m.target, []).append(m)
            for target, ms in by_target.items():
                used = self._linked_hits(span, target, ms, scope.hits, mentions)
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
        frames = withdrawal_frames(span, all_mentions, self.lx) if target == "minusma" else []
        for h in hits:
            if not h.cue.applies_to(target):
                continue
            if h.cue.frame == "withdrawal_harm":
                if frames and _frame_connected(h.head, frames):
                    used.append(h)
            elif h.cue.frame == "demand_withdrawal":
                sub = {t.i for t in h.head.subtree if t.i != h.head.i}
                if any(w.i in sub for w in frames):
                    used.append(h)
            elif any(self.link.linked(h, m, all_mentions) for m in ms):
                used.append(h)
        return used


# --- corpus tables ---------------------------------------------------------------------------------


def statements_for(
    ctx: speakers.Context, quote_list: list[quote_parts.Quote], quote_ids: list[str], lx: Lexicons
) -> list[Statement]:
    mentions = MentionFinder(ctx, lx).run()
    scorer = Scorer(ctx, quote_list, quote_ids, lx)
    out = []
    for k, sent in enumerate(ctx.sentences):
        out += scorer.score_sentence(sent, mentions.get(k, []))
    return out


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
            }
        )
    return rows


def statements_in_text(text: str) -> pd.DataFrame:
    """Stance statements of a plain English text (offsets into ``text``): for tests and checks."""
    ctx = speakers.context_from_text(text)
    ql, qrows = quote_out.document_quotes(ctx, text, lambda a, b: (a, b))
    ids = [r["quote_id"] for r in qrows]
    rows = _statement_rows(ctx, statements_for(ctx, ql, ids, load_lexicons()), text, lambda a, b: (a, b))
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


def processed_tables(ac, base: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """quotes.csv, stance_statements.csv and stance_by_outlet.csv (raw offsets)."""
    from minusma_lib.corpus.annotate import raw_span

    qlex, lx = lexicon.load_lexicon(), load_lexicons()
    quote_rows, stmt_rows = [], []
    for ad in ac:
        ctx = speakers.context_from_annotated(ad)
        offsets = ad.clean.offset_map()
        raw = ad.clean.doc.raw

        def to_raw(a: int, b: int, clean=ad.clean, offsets=offsets) -> tuple[int, int]:
            return raw_span(clean, a, b, offsets)

        kept, qrows = quote_out.document_quotes(ctx, raw, to_raw, qlex)
        quote_rows += qrows
        ids = [r["quote_id"] for r in qrows]
        rows = _statement_rows(ctx, statements_for(ctx, kept, ids, lx), raw, to_raw)
        for i, r in enumerate(rows, start=1):
            r["statement_id"] = f"{ad.doc_id}-st{i:04d}"
        stmt_rows += rows
    quotes_df = quote_out.quotes_frame(quote_rows)
    stmts = pd.DataFrame(stmt_rows, columns=STATEMENT_COLUMNS)
    order = {d: i for i, d in enumerate(base["documents"]["doc_id"])}
    return {
        "quotes": quotes_df,
        "stance_statements": stmts,
        "stance_by_outlet": aggregate(stmts, order),
    }


# --- aggregation -----------------------------------------------------------------------------------


def bootstrap_mean(scores: np.ndarray, clusters: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    """95% interval of the mean over mention rows, resampling sentences (rows of one sentence share a score)."""
    ids, inverse = np.unique(clusters, return_inverse=True)
    sums = np.bincount(inverse, weights=scores, minlength=len(ids))
    counts = np.bincount(inverse, minlength=len(ids))
    draws = rng.integers(0, len(ids), size=(N_BOOT, len(ids)))
    means = sums[draws].sum(axis=1) / counts[draws].sum(axis=1)
    return float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def _cell(g: pd.DataFrame, rng: np.random.Generator) -> dict:
    scores = g["score"].to_numpy(dtype=float)
    low, high = bootstrap_mean(scores, g["sent_id"].to_numpy(), rng)
    return {
        "n": len(g),
        "n_sentences": g["sent_id"].nunique(),
        "n_neg": int((scores < 0).sum()),
        "n_zero": int((scores == 0).sum()),
        "n_pos": int((scores > 0).sum()),
        "net_tone": round(float(scores.mean()), 4),
        "ci_low": round(low, 4),
        "ci_high": round(high, 4),
        "small": len(g) < SMALL_N,
    }


def aggregate(stmts: pd.DataFrame, order: dict[str, int] | None = None) -> pd.DataFrame:
    """Per doc × target × voice (reported also per speaker category): counts, net tone, bootstrap CI."""
    rows = []
    order = order or {d: i for i, d in enumerate(dict.fromkeys(stmts["doc_id"]))}
    keys = sorted(
        {(d, t, v) for d, t, v in stmts[["doc_id", "target", "voice"]].itertuples(index=False)},
        key=lambda k: (order.get(k[0], 99), TARGETS.index(k[1]), VOICES.index(k[2])),
    )
    for d, t, v in keys:
        g = stmts[(stmts["doc_id"] == d) & (stmts["target"] == t) & (stmts["voice"] == v)]
        rng = keyed_rng(SEED, d, t, v)  # one stream per cell: chunking and other documents never shift it
        rows.append({"doc_id": d, "target": t, "voice": v, "speaker_category": "all", **_cell(g, rng)})
        if v == "reported":
            for cat in lexicon.CATEGORIES:
                gc = g[g["speaker_category"] == cat]
                if len(gc):
                    rows.append(
                        {
                            "doc_id": d,
                            "target": t,
                            "voice": v,
                            "speaker_category": cat,
                            **_cell(gc, keyed_rng(SEED, d, t, v, cat)),
                        }
                    )
    return pd.DataFrame(rows, columns=AGGREGATE_COLUMNS)


# --- validation against the hand coding ----------------------------------------------------------


MANUAL_COLUMNS = ("mention_id", "doc_id", "sent_id", "start", "end", "text", "target", "voice", "speaker")
MANUAL_COLUMNS += ("score", "cue", "note")


def manual_path() -> Path:
    return annotations_dir() / "stance_manual.csv"


def load_manual(path: Path | None = None) -> pd.DataFrame:
    """The stance hand coding of this corpus (empty when it is not coded)."""
    path = path or manual_path()
    if not path.is_file():
        ints = ("start", "end", "score")
        return pd.DataFrame({c: pd.Series(dtype=int if c in ints else str) for c in MANUAL_COLUMNS})
    m = pd.read_csv(path, dtype=str, keep_default_na=False)
    return m.astype({"start": int, "end": int, "score": int})


def hand_coding(documents: pd.DataFrame, sentences: pd.DataFrame) -> dict:
    """Both hand-coding files, checked against the corpus (:func:`quotes.check_coding`: an unknown
    doc_id, a stance row outside a body sentence or its sentence stops with the file and line), and
    which documents each covers. A document with no row in a file is *not coded* for it: it is left
    out of that validation, not scored as a miss."""
    stance_m, quotes_m = load_manual(), vquotes.load_manual()
    vquotes.check_coding(stance_m, manual_path(), "mention_id", documents, sentences, "sent_id")
    vquotes.check_coding(quotes_m, vquotes.manual_path(), "quote_id", documents, sentences)
    s_coded, s_not = vquotes.coverage(stance_m, documents)
    q_coded, q_not = vquotes.coverage(quotes_m, documents)
    return {
        "stance": stance_m,
        "quotes": quotes_m,
        "stance_coded": s_coded,
        "stance_not_coded": s_not,
        "quotes_coded": q_coded,
        "quotes_not_coded": q_not,
    }


def _sign(x: float, band: float = DEAD_BAND) -> int:
    """The sign rule for a net tone: within ±band it is 0 (neutral)."""
    return 0 if abs(x) < band else int(np.sign(x))


def direction(net: float, low: float, high: float) -> str:
    """How the prose may describe a cell: *clearly* negative/positive only when the 95% interval
    excludes 0; a net tone outside the neutral band whose interval includes 0 only *leans*."""
    if high < 0:
        return "clearly negative"
    if low > 0:
        return "clearly positive"
    s = _sign(net)
    if s < 0:
        return "leaning negative (95% interval includes 0)"
    if s > 0:
        return "leaning positive (95% interval includes 0)"
    return "neutral"


def match_mentions(stmts: pd.DataFrame, manual: pd.DataFrame, voice: str = "author") -> pd.DataFrame:
    """Manual rows of one voice (author includes prompt rows) paired one to one
    (:func:`matching.one_to_one`, longest overlap first) with statements of the same document, target
    and voice whose raw spans overlap; reported rows must also have the same canonical speaker.
    Statements of documents without stance coding are not considered."""
    voices = ("author", "prompt") if voice == "author" else (voice,)
    man = manual[manual["voice"].isin(voices)]
    ours = stmts[stmts["voice"].isin(voices) & stmts["doc_id"].isin(set(manual["doc_id"]))]
    cands = []
    for m in man.itertuples():
        hit = ours[
            (ours["doc_id"] == m.doc_id)
            & (ours["target"] == m.target)
            & (ours["start"] < m.end)
            & (ours["end"] > m.start)
        ]
        if voice == "reported":
            hit = hit[hit["speaker"].map(vquotes.speaker_key) == vquotes.speaker_key(m.speaker)]
        for h in hit.itertuples():
            cands.append(((-(min(h.end, m.end) - max(h.start, m.start)),), m.mention_id, h.statement_id))
    pairs = one_to_one(cands)
    by_id = ours.set_index("statement_id")
    rows = []
    for m in man.itertuples():
        h = by_id.loc[pairs[m.mention_id]] if m.mention_id in pairs else None
        rows.append(
            {
                "mention_id": m.mention_id,
                "doc_id": m.doc_id,
                "sent_id": m.sent_id,
                "text": m.text,
                "target": m.target,
                "voice": m.voice,
                "manual_speaker": m.speaker,
                "manual": m.score,
                "found": h is not None,
                "statement_id": "" if h is None else pairs[m.mention_id],
                "speaker": "" if h is None else h["speaker"],
                "score": np.nan if h is None else float(h["score"]),
                "cue_ids": "" if h is None or not isinstance(h["cue_ids"], str) else h["cue_ids"],
                "manual_cue": m.cue,
                "note": m.note,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "mention_id",
            "doc_id",
            "sent_id",
            "text",
            "target",
            "voice",
            "manual_speaker",
            "manual",
            "found",
            "statement_id",
            "speaker",
            "score",
            "cue_ids",
            "manual_cue",
            "note",
        ],
    )


def agreement(pairs: pd.DataFrame) -> dict[str, float]:
    """Accuracy and ordinal Krippendorff's alpha on matched mentions (unmatched ones are missing)."""

    found = pairs[pairs["found"]]
    data = np.array([pairs["manual"].to_numpy(dtype=float), pairs["score"].to_numpy(dtype=float)])
    alpha = float(ordinal_alpha(data)) if len(found) > 1 else float("nan")
    return {
        "n_manual": len(pairs),
        "n_matched": len(found),
        "mention_recall": len(found) / len(pairs) if len(pairs) else float("nan"),
        "accuracy": float((found["manual"] == found["score"]).mean()) if len(found) else float("nan"),
        "alpha": alpha,
    }


def sign_table(
    stmts: pd.DataFrame, manual: pd.DataFrame, documents: pd.DataFrame, band: float = DEAD_BAND
) -> pd.DataFrame:
    """Author-voice mean per outlet × target, ours and manual, with their signs (net tone within
    ±band is 0, the same rule for both codings). Only documents with stance coding have rows: see
    :func:`quotes.coverage` for the others."""
    coded, _ = vquotes.coverage(manual, documents)
    rows = []
    ours = stmts[stmts["voice"] == "author"]
    man = manual[manual["voice"] == "author"]
    for d in coded:
        for t in TARGETS:
            o = ours[(ours["doc_id"] == d) & (ours["target"] == t)]["score"]
            m = man[(man["doc_id"] == d) & (man["target"] == t)]["score"]
            om = float(o.mean()) if len(o) else 0.0
            mm = float(m.mean()) if len(m) else 0.0
            rows.append(
                {
                    "doc_id": d,
                    "target": t,
                    "n": len(o),
                    "mean": round(om, 3),
                    "sign": _sign(om, band),
                    "n_manual": len(m),
                    "mean_manual": round(mm, 3),
                    "sign_manual": _sign(mm, band),
                    "agree": _sign(om, band) == _sign(mm, band),
                }
            )
    return pd.DataFrame(
        rows,
        columns=["doc_id", "target", "n", "mean", "sign", "n_manual", "mean_manual", "sign_manual", "agree"],
    )


SENSITIVITY_BANDS = tuple(round(0.01 * i, 2) for i in range(11))  # 0, 0.01, ..., 0.10


def band_signs(
    stmts: pd.DataFrame,
    manual: pd.DataFrame,
    documents: pd.DataFrame,
    bands: tuple[float, ...] = SENSITIVITY_BANDS,
) -> pd.DataFrame:
    """:func:`sign_table` for each neutral band (and ``DEAD_BAND``), stacked, with a ``band`` column."""
    return pd.concat(
        [sign_table(stmts, manual, documents, b).assign(band=b) for b in sorted(set(bands) | {DEAD_BAND})],
        ignore_index=True,
    )


def band_sensitivity(signs_by_band: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Sign agreement of the author net tone with the hand coding for each neutral band (from
    :func:`band_signs`): how much the agreement depends on the band chosen (``DEAD_BAND``)."""
    labels = outlet_labels(documents)
    rows = []
    for b, t in signs_by_band.groupby("band", sort=True):
        bad = t[~t["agree"]]
        rows.append(
            {
                "neutral band (±)": b,
                "cells": len(t),
                "signs agree": int(t["agree"].sum()),
                "share": round(float(t["agree"].mean()), 3) if len(t) else float("nan"),
                "cells that differ (cue method vs hand coding)": "; ".join(
                    f"{labels[r.doc_id]} × {TARGET_LABELS[r.target]} ({r.mean:+.3f} vs {r.mean_manual:+.3f})"
                    for r in bad.itertuples()
                ),
                "stated rule": "yes" if b == DEAD_BAND else "",
            }
        )
    columns = ["neutral band (±)", "cells", "signs agree", "share"]
    columns += ["cells that differ (cue method vs hand coding)", "stated rule"]
    return pd.DataFrame(rows, columns=columns)


def sign_robustness_prose(signs_by_band: pd.DataFrame, documents: pd.DataFrame) -> str:
    """How robust the sign agreement is to the neutral band, in words computed from :func:`band_signs`."""
    labels = outlet_labels(documents)
    sens = band_sensitivity(signs_by_band, documents)
    if sens.empty or not sens["cells"].max():
        return "No outlet × target cell of this corpus has stance hand coding: there is no sign agreement to report."
    bands = sens["neutral band (±)"].tolist()
    n = int(sens["cells"].max())
    agree = dict(zip(bands, sens["signs agree"], strict=True))
    full = [b for b in bands if agree[b] == n]
    worst = min(agree.values())

    def runs(xs: list[float]) -> list[str]:
        out: list[list[float]] = []
        for i, b in enumerate(bands):
            if b in xs:
                if out and i > 0 and bands[i - 1] in xs:
                    out[-1].append(b)
                else:
                    out.append([b])
        return [f"{r[0]:.2f}" if len(r) == 1 else f"{r[0]:.2f} to {r[-1]:.2f}" for r in out]

    txt = (
        f"With the stated neutral band (±{DEAD_BAND:.2f}) the sign agrees in {agree[DEAD_BAND]} of {n} outlet × "
        f"target cells"
    )
    if 0.0 in agree:
        txt += f"; with no band (the plain sign of the mean) in {agree[0.0]} of {n}"
    txt += f". Over the {len(bands)} bands tried, from {bands[0]:.2f} to {bands[-1]:.2f}, "
    if worst == n:
        return txt + f"all {n} cells agree every time: the result does not depend on the band."
    txt += (
        f"all {n} agree only for {'band' if len(full) == 1 else 'bands'} {join(runs(full))}"
        if full
        else f"no band gives agreement in all {n}"
    )
    txt += (
        f", and the fewest, {worst} of {n}, agree at {join(f'{b:.2f}' for b in bands if agree[b] == worst)}. "
    )
    flips = signs_by_band[~signs_by_band["agree"]].drop_duplicates(["doc_id", "target"])
    near = flips[["mean", "mean_manual"]].abs().min(axis=1).max()
    txt += (
        f"So the {agree[DEAD_BAND]} of {n} depends on the band: the {plural(len(flips), 'cell')} that differ at "
        "some band ("
        + esc(join(f"{labels[r.doc_id]} × {TARGET_LABELS[r.target]}" for r in flips.itertuples()))
        + f") each have a net tone within ±{near:.3f} of 0 in at least one of the two codings, so a band just "
        "above or below that value sets one coding's sign to 0 but not the other's."
    )
    return txt


def validation(
    stmts: pd.DataFrame, quotes_df: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame
) -> dict[str, pd.DataFrame | dict | list]:
    """Everything the notebook and the tests check against the hand coding, computed once, on the
    documents that have hand coding (the others are listed, never scored)."""
    hc = hand_coding(documents, sentences)
    manual, qman = hc["stance"], hc["quotes"]
    author = match_mentions(stmts, manual, "author")
    reported = match_mentions(stmts, manual, "reported")
    found = quotes_df[quotes_df["doc_id"].isin(hc["quotes_coded"])]
    matches = vquotes.match_quotes(found, qman)
    return {
        "quotes": vquotes.quote_scores(found, qman, matches),
        "quote_matches": matches,
        "author": agreement(author),
        "reported": agreement(reported),
        "author_pairs": author,
        "reported_pairs": reported,
        "signs": sign_table(stmts, manual, documents),
        "signs_by_band": band_signs(stmts, manual, documents),
        "coverage": {k: v for k, v in hc.items() if k not in ("stance", "quotes")},
    }


def coverage_prose(v: dict, documents: pd.DataFrame) -> str:
    """Which documents the validation covers; uncoded ones are named."""
    labels = outlet_labels(documents)
    c = v["coverage"]
    parts = []
    for what, key in (("stance", "stance"), ("quote", "quotes")):
        coded, missing = c[f"{key}_coded"], c[f"{key}_not_coded"]
        if missing:
            parts.append(
                f"The {what} hand coding covers {len(coded)} of {len(documents)} texts; not coded, and left "
                f"out of the {what} validation below: {esc(join(labels[d] for d in missing))}."
            )
        else:
            parts.append(f"The {what} hand coding covers all {len(documents)} texts.")
    return " ".join(parts)


def agreement_table(v: dict) -> pd.DataFrame:
    """Quote and stance agreement with the hand coding, one row per measure."""
    q, a, r = v["quotes"], v["author"], v["reported"]
    signs = v["signs"]
    rows = [
        ("Quotes", "speaker recall (manual quotes found with the same speaker)", q["recall"], q["n_manual"]),
        (
            "Quotes",
            "speaker precision (found quotes matching a manual quote and speaker)",
            q["precision"],
            q["n_found"],
        ),
        ("Quotes", "speaker category agreement (paired quotes)", q["category_agreement"], q["n_paired"]),
        ("Quotes", "scare quotes found", q["scare_recall"], q["n_scare"]),
        ("Author stance", "mentions found", a["mention_recall"], a["n_manual"]),
        ("Author stance", "accuracy (-1/0/+1, found mentions)", a["accuracy"], a["n_matched"]),
        ("Author stance", "Krippendorff's alpha (ordinal)", a["alpha"], a["n_manual"]),
        (
            "Reported stance",
            "mentions found (same target, voice, speaker)",
            r["mention_recall"],
            r["n_manual"],
        ),
        ("Reported stance", "accuracy", r["accuracy"], r["n_matched"]),
        ("Reported stance", "Krippendorff's alpha (ordinal)", r["alpha"], r["n_manual"]),
        (
            "Outlet × target",
            "author-stance sign agrees with the hand coding",
            signs["agree"].mean(),
            len(signs),
        ),
    ]
    return pd.DataFrame(rows, columns=["what", "measure", "value", "n"]).round({"value": 3})


def sign_table_display(signs: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    labels = outlet_labels(documents)
    sym = {-1: "−", 0: "0", 1: "+"}
    return pd.DataFrame(
        {
            "outlet": signs["doc_id"].map(labels),
            "target": signs["target"].map(TARGET_LABELS),
            "n (cue method)": signs["n"],
            "mean (cue method)": signs["mean"],
            "sign": signs["sign"].map(sym),
            "n (hand coding)": signs["n_manual"],
            "mean (hand coding)": signs["mean_manual"],
            "sign (hand)": signs["sign_manual"].map(sym),
            "agree": signs["agree"].map({True: "yes", False: "NO"}),
        }
    )


def disagreements(pairs: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Author-voice mentions where the cue method and the hand coding differ, with the sentence."""
    text = sentences.set_index("sent_id")["text_clean"]
    d = pairs[pairs["found"] & (pairs["manual"] != pairs["score"])]
    return pd.DataFrame(
        {
            "sentence": d["sent_id"],
            "mention": d["text"],
            "target": d["target"].map(TARGET_LABELS),
            "hand": d["manual"],
            "cue method": d["score"].astype(int),
            "cues used": d["cue_ids"],
            "hand-coded cue": d["manual_cue"],
            "text": d["sent_id"].map(text).map(lambda s: s if len(s) <= 160 else s[:159] + "…"),
        }
    ).reset_index(drop=True)


# --- the sentiment baseline ---------------------------------------------------------------------


VADER_THRESHOLD = 0.05  # VADER's own convention: compound >= 0.05 positive, <= -0.05 negative


def vader_scores(stmts: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Each author statement with VADER's compound score of its (clean) sentence and its sign."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    text = sentences.set_index("sent_id")["text_clean"]
    compound = {sid: sia.polarity_scores(text[sid])["compound"] for sid in stmts["sent_id"].unique()}
    out = stmts[stmts["voice"] == "author"].copy()
    out["vader"] = out["sent_id"].map(compound)
    out["vader_sign"] = np.select(
        [out["vader"] >= VADER_THRESHOLD, out["vader"] <= -VADER_THRESHOLD], [1, -1], 0
    )
    return out


def ordinal_alpha(data: np.ndarray) -> float:
    """Krippendorff's ordinal alpha on scores -1/0/1 (coders × units); NaN when no unit has two values."""
    import krippendorff

    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if not pairable.any():
        return float("nan")
    return float(
        krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal", value_domain=[-1, 0, 1])
    )


def baseline_comparison(vader: pd.DataFrame, pairs: pd.DataFrame) -> dict[str, float]:
    """Mention-level agreement of VADER with the cue method and with the hand coding."""

    by_id = vader.set_index("statement_id")["vader_sign"]
    found = pairs[pairs["found"] & pairs["statement_id"].isin(by_id.index)]
    v = found["statement_id"].map(by_id).to_numpy(dtype=float)
    data = np.array([found["manual"].to_numpy(dtype=float), v])
    return {
        "n": len(vader),
        "agree_cue": float((vader["vader_sign"] == vader["score"]).mean()),
        "n_manual": len(found),
        "accuracy_vader": float((v == found["manual"].to_numpy()).mean()),
        "accuracy_cue": float((found["score"] == found["manual"]).mean()),
        "alpha_vader": float(ordinal_alpha(data)),
        "share_nonzero_vader": float((vader["vader_sign"] != 0).mean()),
        "share_nonzero_cue": float((vader["score"] != 0).mean()),
    }


def baseline_table(vader: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per outlet × target: the cue method's author net tone beside VADER's mean sign."""
    rows = []
    for d in documents["doc_id"]:
        for t in TARGETS:
            g = vader[(vader["doc_id"] == d) & (vader["target"] == t)]
            if g.empty:
                continue
            rows.append(
                {
                    "doc_id": d,
                    "target": t,
                    "n": len(g),
                    "cue_method": round(float(g["score"].mean()), 3),
                    "vader_sign": round(float(g["vader_sign"].mean()), 3),
                    "vader_compound": round(float(g["vader"].mean()), 3),
                }
            )
    out = pd.DataFrame(rows)
    out["same_sign"] = [
        _sign(a) == _sign(b) for a, b in zip(out["cue_method"], out["vader_sign"], strict=True)
    ]
    return out


# --- who gets a voice ---------------------------------------------------------------------------

DIRECT_KINDS = ("direct", "block")


def voices_table(quotes_df: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Quotes per outlet × speaker category, direct (quote marks) vs indirect (paraphrase,
    "according to"); scare quotes are left out (no speaker)."""
    q = quotes_df[quotes_df["kind"] != "scare"].copy()
    q["form"] = np.where(q["kind"].isin(DIRECT_KINDS), "direct", "indirect")
    rows = []
    for d in documents["doc_id"]:
        g = q[q["doc_id"] == d]
        for cat in lexicon.CATEGORIES:
            for form in ("direct", "indirect"):
                c = g[(g["speaker_category"] == cat) & (g["form"] == form)]
                rows.append(
                    {
                        "doc_id": d,
                        "speaker_category": cat,
                        "form": form,
                        "n": len(c),
                        "share": len(c) / len(g) if len(g) else 0.0,
                        "speakers": "; ".join(
                            f"{s} ({n})" for s, n in c["speaker"].value_counts().sort_index().items()
                        ),
                    }
                )
    return pd.DataFrame(rows)


def speakers_table(quotes_df: pd.DataFrame, documents: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """The most-quoted speakers of each outlet."""
    labels = outlet_labels(documents)
    q = quotes_df[quotes_df["kind"] != "scare"]
    rows = []
    for d in documents["doc_id"]:
        g = q[q["doc_id"] == d]
        counts = g.groupby(["speaker", "speaker_category"]).size().sort_values(ascending=False)
        for (spk, cat), n in list(counts.items())[:top]:
            rows.append(
                {
                    "outlet": labels[d],
                    "speaker": spk,
                    "category": lexicon.CATEGORY_LABELS[cat],
                    "quotes": int(n),
                    "of all its quotes": pct(n, len(g), 0),
                }
            )
    return pd.DataFrame(rows)


# --- prose ----------------------------------------------------------------------------------------


def _author_cells(agg: pd.DataFrame) -> pd.DataFrame:
    return agg[(agg["voice"] == "author") & (agg["speaker_category"] == "all")]


def _listed(labels: list[str]) -> str:
    return f" ({esc(join(labels))})" if labels else ""


def most_favourable_prose(m: pd.DataFrame, labels: dict[str, str], chatbots: set[str]) -> str:
    """Name the outlet most favourable to MINUSMA only when its interval lies above every other
    outlet's; AI chatbot transcripts are not outlets and are never ranked with them."""
    apart = " (the AI chatbot transcript is not ranked with the outlets)" if chatbots else ""
    if len(m) < 2:
        return f"Fewer than two outlets carry author-voice stance toward MINUSMA, so none is ranked{apart}."
    best = m["net_tone"].idxmax()
    b, others = m.loc[best], m.drop(index=best)
    if (b["ci_low"] > others["ci_high"]).all():
        return (
            f"Read apart from the voices they quote, the outlet most favourable to MINUSMA is "
            f"{esc(labels[best])} (net tone {b['net_tone']:+.2f}, 95% interval {b['ci_low']:+.2f} to "
            f"{b['ci_high']:+.2f}), and its interval lies above every other outlet's{apart}."
        )
    overlap = [labels[d] for d in others.index if others.loc[d, "ci_high"] >= b["ci_low"]]
    return (
        f"Read apart from the voices they quote, no outlet is clearly the most favourable to MINUSMA: the "
        f"highest net tone, {esc(labels[best])}'s ({b['net_tone']:+.2f}, 95% interval {b['ci_low']:+.2f} to "
        f"{b['ci_high']:+.2f}), overlaps the intervals of {esc(join(overlap))}{apart}."
    )


def headline(agg: pd.DataFrame, quotes_df: pd.DataFrame, v: dict, documents: pd.DataFrame) -> str:
    labels = outlet_labels(documents)
    a = _author_cells(agg)
    chatbots = set(documents.loc[documents["genre"] == "ai_chatbot_transcript", "doc_id"])
    m = a[(a["target"] == "minusma") & ~a["doc_id"].isin(chatbots)].set_index("doc_id")
    mal = a[a["target"] == "malian_authorities"]
    words = {r.doc_id: direction(r.net_tone, r.ci_low, r.ci_high) for r in mal.itertuples()}
    groups = [
        (
            "is clearly negative in its own voice (95% interval below 0)",
            "are clearly negative in their own voice (95% interval below 0)",
            lambda w: w == "clearly negative",
        ),
        (
            "leans negative (net tone beyond the neutral band, interval includes 0)",
            "lean negative (net tone beyond the neutral band, interval includes 0)",
            lambda w: w.startswith("leaning negative"),
        ),
        ("is neutral", "are neutral", lambda w: w == "neutral"),
        ("is positive", "are positive", lambda w: "positive" in w),
    ]
    mal_parts = []
    for one, many, test in groups:
        g = [labels[d] for d, w in words.items() if test(w)]
        if g:
            mal_parts.append(f"{esc(join(g))} {one if len(g) == 1 else many}")
    q = quotes_df[quotes_df["kind"] != "scare"]
    shares = q["speaker_category"].value_counts(normalize=True)
    top = shares[shares == shares.max()].index.tolist()
    if top == ["malian_authorities"]:
        quoted = (
            f"the Malian authorities are the most quoted source category, with {pct(shares[top[0]], 1, 0)}"
        )
    else:
        quoted = (
            f"the most quoted source {'category is' if len(top) == 1 else 'categories are'} "
            f"{join(lexicon.CATEGORY_LABELS[c] for c in top)} ({pct(shares[top[0]], 1, 0)}"
            f"{' each' if len(top) > 1 else ''}); the Malian authorities have "
            f"{pct(shares.get('malian_authorities', 0.0), 1, 0)}"
        )
    signs = v["signs"]
    sens = band_sensitivity(v["signs_by_band"], documents)
    zero = sens[sens["neutral band (±)"] == 0]
    return (
        most_favourable_prose(m, labels, chatbots)
        + " Toward the Malian authorities, "
        + "; ".join(mal_parts)
        + ". "
        f"Among the {num(len(q))} attributed quotes and paraphrases, {quoted}. "
        + _check_prose(v, signs, zero)
    )


def _check_prose(v: dict, signs: pd.DataFrame, zero: pd.DataFrame) -> str:
    """How the method fared against this corpus's hand coding (or that there is none)."""
    if not len(signs):
        return (
            "No text of this corpus has stance hand coding, so the method has no in-sample check here; "
            "the held-out scores below describe it on unseen texts."
        )
    return (
        f"Checked against hand coding: quote speakers recalled {pct(v['quotes']['recall'], 1, 0)}, author "
        f"stance accuracy {pct(v['author']['accuracy'], 1, 0)} (ordinal α {v['author']['alpha']:.2f}), and the "
        f"sign agrees in {int(signs['agree'].sum())} of {len(signs)} outlet × target cells with the ±{DEAD_BAND} "
        f"neutral band"
        + (f" ({int(zero.iloc[0]['signs agree'])} of {len(signs)} without it)." if len(zero) else ".")
    )


def voices_prose(quotes_df: pd.DataFrame, documents: pd.DataFrame) -> str:
    labels = outlet_labels(documents)
    q = quotes_df[quotes_df["kind"] != "scare"]
    parts = []
    for d in documents["doc_id"]:
        g = q[q["doc_id"] == d]
        if g.empty:
            continue
        top_cat = g["speaker_category"].value_counts().idxmax()
        direct = g["kind"].isin(DIRECT_KINDS).mean()
        parts.append(
            f"{esc(labels[d])}: {plural(len(g), 'quote')}, {pct(direct, 1, 0)} in quote marks, most often from "
            f"{lexicon.CATEGORY_LABELS[top_cat]} ({pct((g['speaker_category'] == top_cat).mean(), 1, 0)})"
        )
    scare = quotes_df[quotes_df["kind"] == "scare"]
    unattr = (q["speaker_category"] == "unattributed").sum()
    return (
        "Per outlet — " + "; ".join(parts) + ". "
        f"Another {plural(len(scare), 'quoted phrase')} ({esc(join(sorted(set(scare['text']))))}) "
        f"are scare quotes: the author's words set off, not anyone's speech. "
        f'{plural(int(unattr), "attribution")} name no identifiable source (agentless "is seen as", '
        f'"it is estimated that", critics, witnesses, survey respondents).'
    )


def author_prose(agg: pd.DataFrame, documents: pd.DataFrame) -> str:
    labels = outlet_labels(documents)
    a = _author_cells(agg)
    out = []
    for t in TARGETS:
        g = a[a["target"] == t]
        bits = []
        for r in g.itertuples():
            flag = " (few mentions)" if r.small else ""
            bits.append(
                f"{esc(labels[r.doc_id])} {r.net_tone:+.2f} [{r.ci_low:+.2f}, {r.ci_high:+.2f}], n = {r.n}{flag}"
            )
        out.append(f"**{TARGET_LABELS[t]}**: " + "; ".join(bits) + ".")
    neutral = (a["net_tone"].abs() < DEAD_BAND).sum()
    words = [(r, direction(r.net_tone, r.ci_low, r.ci_high)) for r in a.itertuples()]
    clear = {
        w: [f"{labels[r.doc_id]} × {TARGET_LABELS[r.target]}" for r, x in words if x == w]
        for w in ("clearly negative", "clearly positive")
    }
    n_clear = sum(len(x) for x in clear.values())
    zero = int(a["n_zero"].sum())
    return (
        "Net tone of the author's voice (mean of −1/0/+1 over target mentions, 95% interval from resampling "
        f"sentences). {neutral} of {len(a)} outlet × target cells are neutral (|net tone| < {DEAD_BAND}), and "
        f"{pct(zero, int(a['n'].sum()), 0)} of the {num(int(a['n'].sum()))} author-voice mentions carry no "
        f"evaluative cue (score 0). {n_clear} of {len(a)} cells have a 95% interval that excludes 0 ("
        + "; ".join(f"{w}: {esc(join(x))}" for w, x in clear.items() if x)
        + "); in the others the direction is at most a lean.\n\n"
        + "\n\n".join(out)
    )


def reported_prose(agg: pd.DataFrame) -> str:
    r = agg[(agg["voice"] == "reported") & (agg["speaker_category"] != "all")]
    pooled = r.groupby(["target", "speaker_category"])[["n", "n_neg", "n_pos"]].sum().reset_index()
    pooled["net"] = (pooled["n_pos"] - pooled["n_neg"]) / pooled["n"]
    big = pooled[pooled["n"] >= SMALL_N].sort_values("net")
    mal_on_minusma = pooled[
        (pooled["target"] == "minusma") & (pooled["speaker_category"] == "malian_authorities")
    ]
    if big.empty:
        return (
            f"No source category is quoted on any target at least {SMALL_N} times in this corpus, so no "
            "reported voice is compared. " + hostility_prose(agg)
        )
    lo, hi = big.iloc[0], big.iloc[-1]
    txt = (
        f"Across outlets, the most negative reported voice is {lexicon.CATEGORY_LABELS[lo['speaker_category']]} "
        f"on {TARGET_LABELS[lo['target']]} (net {lo['net']:+.2f}, n = {int(lo['n'])}); the most positive is "
        f"{lexicon.CATEGORY_LABELS[hi['speaker_category']]} on {TARGET_LABELS[hi['target']]} "
        f"(net {hi['net']:+.2f}, n = {int(hi['n'])})."
    )
    if len(mal_on_minusma):
        x = mal_on_minusma.iloc[0]
        txt += (
            f" The Malian authorities' quoted words about MINUSMA score {x['net']:+.2f} over {int(x['n'])} mentions: "
            "a score that ignores who speaks would credit them to the outlets."
        )
    return txt + " " + hostility_prose(agg)


def hostility_prose(agg: pd.DataFrame, target: str = "minusma") -> str:
    """Where the negative scores toward a target sit: reported speech or the texts' own voice."""
    cells = agg[(agg["target"] == target) & (agg["speaker_category"] == "all")]
    rep = int(cells[cells["voice"] == "reported"]["n_neg"].sum())
    own = int(cells[cells["voice"].isin(["author", "prompt"])]["n_neg"].sum())
    total = rep + own
    if not total:
        return f"No mention of {TARGET_LABELS[target]} scores −1 in any voice."
    where = (
        "most of the hostility toward it is reported, not the authors' own"
        if rep > own
        else "most of it is in the texts' own voice"
        if own > rep
        else "it is split evenly between reported speech and the texts' own voice"
    )
    return (
        f"Of the {total} mention rows that score {TARGET_LABELS[target]} −1, {rep} ({pct(rep, total, 0)}) are in "
        f"quoted or paraphrased speech and {own} in the texts' own voice (author or prompt): {where}."
    )


def reading_note() -> str:
    """How to read the stance charts: the thresholds and the sign rule, from the code that applies them."""
    return (
        f"Cells with fewer than {SMALL_N} mention rows are grey. Intervals come from {num(N_BOOT)} bootstrap "
        f"resamples of sentences (seeded). **Sign rule** (one rule, set in the code as `stance.DEAD_BAND` and "
        f"applied unchanged to the cue method and the hand coding): a net tone within ±{DEAD_BAND} — less than "
        f"one net evaluative mention in {round(1 / DEAD_BAND)}, the same neutral band as VADER's convention for "
        f"its compound score (±{VADER_THRESHOLD}) — is neutral. The prose calls a cell *clearly* negative or "
        "positive only when its 95% interval excludes 0; a net tone outside the band whose interval includes 0 "
        "is called *leaning*. How the sign agreement with the hand coding depends on the band is shown in the "
        "validation section."
    )


def validation_prose(v: dict, documents: pd.DataFrame) -> str:
    q, a, r = v["quotes"], v["author"], v["reported"]
    signs = v["signs"]
    missed = v["quote_matches"]
    missed = missed[(missed["kind"] != "scare") & ~missed["recalled"]]
    n_coded = len(v["coverage"]["stance_coded"])
    quotes_part = (
        f"**Quotes.** Of {q['n_manual']} hand-coded quotes and paraphrases (scare quotes excluded: they have no "
        f"speaker), {q['n_recalled']} ({pct(q['recall'], 1)}) are paired, one to one, with an extracted quote of the "
        f"same canonical speaker (the test suite requires a recall of at least {vquotes.SPEAKER_RECALL_MIN}); of the "
        f"{q['n_found']} extracted ones, {pct(q['precision'], 1)} are paired with a hand-coded quote of the same "
        "speaker (precision). The "
        f"{plural(len(missed), 'miss', 'misses')}: "
        + esc(join(f'"{t[:60]}" ({s})' for t, s in zip(missed["text"], missed["speaker"], strict=True)))
        + ". "
    )
    if not n_coded:
        return quotes_part + (
            "**Stance.** No text of this corpus has stance hand coding, so the stance method has no in-sample "
            "check here; the held-out scores below describe it on unseen texts."
        )
    unfound = v["author_pairs"]
    unfound = unfound[~unfound["found"]]["text"].value_counts()
    return quotes_part + (
        f"**Stance.** The alias tables find {pct(a['mention_recall'], 1)} of the {a['n_manual']} hand-coded target "
        f"mentions; the {plural(int(unfound.sum()), 'mention')} not found: "
        + esc(join(f'"{t}"' + (f" ×{n}" if n > 1 else "") for t, n in unfound.items()))
        + ". On the "
        f"mentions found, the author-voice score agrees with the hand coding for {pct(a['accuracy'], 1)} "
        f"(Krippendorff's ordinal α = {a['alpha']:.2f}, unfound mentions counted as missing); the reported voice "
        f"agrees for {pct(r['accuracy'], 1)} (α = {r['alpha']:.2f}) of {r['n_matched']} mentions found with the same "
        f"speaker. The sign of the author net tone agrees in {int(signs['agree'].sum())} of {len(signs)} outlet × "
        f"target cells (means within ±{DEAD_BAND} count as 0, for both codings; the band-sensitivity table below shows "
        f"other bands). The lexicon was written on the texts it is validated on (the {plural(n_coded, 'text')} with "
        "stance coding): there is no held-out text, so these figures are an upper bound for new articles."
    )


def positive_sources(stmts: pd.DataFrame, documents: pd.DataFrame, target: str = "minusma") -> pd.DataFrame:
    """Where each outlet's positive author-voice scores toward a target come from: mention rows
    scored +1 whose cues are all withdrawal-harm cues (``frame: withdrawal_harm`` in
    stance_cues.yaml: harm predicted from the mission's departure), partly, or not at all."""
    frame = {c.id: c.frame for c in load_lexicons().cues}
    labels = outlet_labels(documents)
    pos = stmts[(stmts["voice"] == "author") & (stmts["target"] == target) & (stmts["score"] > 0)]
    rows = []
    for d in documents["doc_id"]:
        g = pos[pos["doc_id"] == d]
        fam = [
            {frame[c] == "withdrawal_harm" for c in str(ids).split(";")} for ids in g["cue_ids"].fillna("")
        ]
        only = sum(1 for f in fam if f == {True})
        mixed = sum(1 for f in fam if f == {True, False})
        rows.append(
            {
                "doc_id": d,
                "outlet": labels[d],
                "target": TARGET_LABELS[target],
                "mentions scored +1": len(g),
                "withdrawal-harm cues only": only,
                "withdrawal-harm and other cues": mixed,
                "other cues only": len(g) - only - mixed,
                "share withdrawal-harm only": round(only / len(g), 3) if len(g) else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def positive_sources_prose(table: pd.DataFrame, documents: pd.DataFrame) -> str:
    """The withdrawal-harm share of positive tone toward MINUSMA, per outlet and for the chatbot."""
    t = table[table["mentions scored +1"] > 0]
    if t.empty:
        return "No author-voice mention scores MINUSMA +1."
    parts = [
        f"{esc(o)} {k} of {n} ({pct(k, n, 0)})"
        for o, k, n in zip(t["outlet"], t["withdrawal-harm cues only"], t["mentions scored +1"], strict=True)
    ]

    def amount(share: float) -> str:
        return (
            "almost entirely"
            if share >= 0.9
            else "mostly"
            if share > 0.5
            else "about half"
            if share == 0.5
            else "partly"
            if share > 0
            else "not at all"
        )

    chat = documents[documents["genre"] == "ai_chatbot_transcript"]["doc_id"].tolist()
    txt = (
        "Author-voice mentions of MINUSMA scored +1 that rest only on withdrawal-harm cues (harm predicted "
        "from the mission's departure, the coding guide's withdrawal-harm rule): " + "; ".join(parts) + "."
    )
    for d in chat:
        r = table[table["doc_id"] == d].iloc[0]
        if r["mentions scored +1"]:
            share = r["withdrawal-harm cues only"] / r["mentions scored +1"]
            txt += (
                f" The chatbot's positive tone toward MINUSMA ({esc(r['outlet'])}) thus comes {amount(share)} "
                f"({pct(share, 1, 0)}) from predicted harms of the withdrawal; "
                f"{r['other cues only']} of its {r['mentions scored +1']} positive mentions rest on other cues only."
            )
    return txt


def baseline_prose(b: dict, table: pd.DataFrame) -> str:
    import importlib.metadata as md

    return (
        f"VADER (vaderSentiment {md.version('vaderSentiment')}; compound ≥ {VADER_THRESHOLD} read as +1, "
        f"≤ −{VADER_THRESHOLD} as −1) scores whole sentences without knowing the target or the voice. "
        f"It gives a non-zero sign to "
        f"{pct(b['share_nonzero_vader'], 1, 0)} of the {num(b['n'])} author-voice mentions (the cue method: "
        f"{pct(b['share_nonzero_cue'], 1, 0)}) and agrees with the cue method on {pct(b['agree_cue'], 1, 0)} of them. "
        f"Against the hand coding its accuracy is {pct(b['accuracy_vader'], 1, 0)} (ordinal α = {b['alpha_vader']:.2f}), "
        f"against {pct(b['accuracy_cue'], 1, 0)} for the cue method, and its per-cell sign matches the cue method in "
        f"{int(table['same_sign'].sum())} of {len(table)} outlet × target cells. Sentiment is not stance: a sentence "
        "about violence reads negative whatever it says about MINUSMA."
    )


# --- chart cells ----------------------------------------------------------------------------------


def _evidence(g: pd.DataFrame, sentences: pd.DataFrame) -> list[tuple[str, list[tuple[int, int]], int]]:
    """Distinct evaluated sentences of a cell: (raw sentence, cue spans relative to it, score)."""
    sents = sentences.set_index("sent_id")
    out, seen = [], set()
    for r in g[g["score"] != 0].sort_values(["sent_id", "start"]).itertuples():
        if r.sent_id in seen:
            continue
        seen.add(r.sent_id)
        s = sents.loc[r.sent_id]
        spans = []
        for part in str(r.cue_spans or "").split(";"):
            if "-" in part:
                a, b = (int(x) for x in part.split("-"))
                spans.append((a - int(s["start"]), b - int(s["start"])))
        out.append((str(s["text"]), spans, int(r.score)))
    return out


def author_cells(
    agg: pd.DataFrame, stmts: pd.DataFrame, sentences: pd.DataFrame, documents: pd.DataFrame
) -> pd.DataFrame:
    """Author-voice cells (outlet × target) for the diverging chart, with their evidence sentences."""
    labels = outlet_labels(documents)
    a = _author_cells(agg)
    rows = []
    for r in a.itertuples():
        g = stmts[
            (stmts["doc_id"] == r.doc_id) & (stmts["target"] == r.target) & (stmts["voice"] == "author")
        ]
        rows.append(
            {
                "target_label": TARGET_LABELS[r.target],
                "row": labels[r.doc_id],
                **{
                    k: getattr(r, k)
                    for k in ("n", "n_neg", "n_pos", "net_tone", "ci_low", "ci_high", "small")
                },
                "evidence": _evidence(g, sentences),
            }
        )
    out = pd.DataFrame(rows)
    out["_t"] = out["target_label"].map({v: i for i, v in enumerate(TARGET_LABELS.values())})
    return out.sort_values("_t", kind="stable").drop(columns="_t").reset_index(drop=True)


def reported_cells(stmts: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Reported-voice cells pooled over outlets: target × speaker category, with bootstrap intervals."""
    rng = np.random.default_rng(SEED + 1)
    rep = stmts[stmts["voice"] == "reported"]
    rows = []
    for t in TARGETS:
        for cat in lexicon.CATEGORIES:
            g = rep[(rep["target"] == t) & (rep["speaker_category"] == cat)]
            if g.empty:
                continue
            cell = _cell(g.assign(sent_id=g["doc_id"] + "|" + g["sent_id"]), rng)
            rows.append(
                {
                    "target_label": TARGET_LABELS[t],
                    "row": lexicon.CATEGORY_LABELS[cat],
                    **{k: cell[k] for k in ("n", "n_neg", "n_pos", "net_tone", "ci_low", "ci_high", "small")},
                    "evidence": _evidence(g, sentences),
                }
            )
    return pd.DataFrame(rows)


def category_order() -> list[str]:
    return [lexicon.CATEGORY_LABELS[c] for c in lexicon.CATEGORIES]


def author_table(agg: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The author-voice cells as a readable table."""
    labels = outlet_labels(documents)
    a = _author_cells(agg)
    return pd.DataFrame(
        {
            "outlet": a["doc_id"].map(labels),
            "target": a["target"].map(TARGET_LABELS),
            "n": a["n"],
            "−1": a["n_neg"],
            "0": a["n_zero"],
            "+1": a["n_pos"],
            "net tone": a["net_tone"].round(2),
            "95% interval": [
                f"{lo:+.2f} to {hi:+.2f}" for lo, hi in zip(a["ci_low"], a["ci_high"], strict=True)
            ],
            "few mentions": a["small"].map({True: "yes", False: ""}),
        }
    ).reset_index(drop=True)
