"""The appraisal stance design: the author's JUDGEMENT of a target as the appraised actor (Appraisal
theory, Martin & White 2005: capacity, tenacity, veracity, propriety, and blame), with VADER's words
tied by the general design's rules as a fallback layer (``data/lexicons/stance_appraisal.yaml``).

A JUDGEMENT word counts for a target only through a syntactic relation that makes the target the
judged actor: subject or by-agent of a verb, the one an adjective is predicated of or modifies, the
doer of a noun (possessor, by-phrase, subject of a support verb, subjective of-genitive), the doer of a
speech noun that a veracity adjective judges, or the subject of a negated ability modal. Negation,
hedges, may/might, concession, doubt and reported speech are the shared rules of
:mod:`~minusma_lib.extract.stance_links`; author voice only. Each row records the rules that fired
(``appraisal:<category>_<shape>``, ``appraisal:vader_<rule>`` for the fallback).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from minusma_lib.core.config import check_keys, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.extract import quote_parts, speakers, speech_lexicon
from minusma_lib.extract import quotes as quote_out
from minusma_lib.extract.stance_general import (
    GENERAL_RULES,
    PREDICATE_DEPS,
    GeneralLexicon,
    _subject_heads,
    find_general_cues,
    general_linked,
    governed_by_outer,
    load_general,
    word_rule,
)
from minusma_lib.extract.stance_lexicon import Cue, Lexicons, lexicon_dir, load_lexicons
from minusma_lib.extract.stance_links import (
    CueHit,
    Linker,
    SentenceScore,
    author_voice_rows,
    np_agents,
    score_targets,
    withdrawal_frames,
    withdrawal_harm_tied,
)
from minusma_lib.extract.stance_mentions import MentionFinder, TargetMention

FILE_KEYS = (
    "margins",
    "margin",
    "fallback",
    "modals",
    "support_verbs",
    "speech_nouns",
    "of_doer",
    "not_capacity_verbs",
    "outcome_verbs",
    "concession_weight",
    "categories",
)
CATEGORIES = ("capacity", "tenacity", "veracity", "propriety", "blame")
ENTRY_KEYS = ("word", "pos", "polarity", "why", "needs_harm", "support_only", "not_with")
POS = ("VERB", "ADJ", "NOUN")
NEITHER = ("neither",)  # a correlative negator on a noun ("brought neither peace nor ...")


@dataclass(frozen=True)
class Entry:
    """One JUDGEMENT word: its category, polarity and the conditions on its use."""

    category: str
    polarity: int
    needs_harm: bool = False  # counts only when its complement names a harm
    support_only: bool = False  # a noun tied to its doer only through a support verb
    not_with: frozenset[str] = frozenset()  # prepositions whose complement gives the word another sense


@dataclass(frozen=True)
class AppraisalLexicon:
    entries: dict[tuple[str, str], Entry]  # (lemma, part of speech) -> entry
    modals: frozenset[str]
    support: frozenset[str]  # Oper1 verbs: this file's and stance_general.yaml's
    speech_nouns: frozenset[str]
    of_doer: frozenset[str]
    not_capacity: frozenset[str]  # verbs with which a negated "can" refuses rather than lacks capacity
    outcome_verbs: frozenset[str]
    concession_weight: float
    fallback: frozenset[str]  # the general design's rules (and frames) kept in the fallback layer
    general: GeneralLexicon
    margin: int
    margins: tuple[int, ...]


def appraisal_path() -> Path:
    return lexicon_dir() / "stance_appraisal.yaml"


def _words(path: Path, spec: dict, key: str) -> list[str]:
    value = spec[key] or []
    if not isinstance(value, list):
        raise ConfigError(f"{path}: {key}: must be a list.")
    return [str(x).lower() for x in value]


def _entry(path: Path, where: str, category: str, e: dict) -> tuple[tuple[str, str], Entry]:
    check_keys(e, path, where, ("word", "pos", "polarity", "why"), ENTRY_KEYS)
    if not str(e["why"]).strip():
        raise ConfigError(f"{path}: {where}: add `why:` (the Appraisal category or resource).")
    if e["pos"] not in POS:
        raise ConfigError(f"{path}: {where}: pos must be one of {', '.join(POS)}, not {e['pos']!r}.")
    if e["polarity"] not in (-1, 1):
        raise ConfigError(f"{path}: {where}: polarity must be -1 or 1, not {e['polarity']!r}.")
    entry = Entry(
        category,
        int(e["polarity"]),
        bool(e.get("needs_harm", False)),
        bool(e.get("support_only", False)),
        frozenset(str(x).lower() for x in e.get("not_with") or []),
    )
    return (str(e["word"]).lower(), str(e["pos"])), entry


@lru_cache(maxsize=4)
def load_appraisal(path: Path | None = None) -> AppraisalLexicon:
    """Read and check ``stance_appraisal.yaml``."""
    path = path or appraisal_path()
    spec = load_yaml(path) or {}
    check_keys(spec, path, "top level", FILE_KEYS, FILE_KEYS)
    margins = tuple(int(m) for m in spec["margins"])
    if int(spec["margin"]) not in margins:
        raise ConfigError(f"{path}: margin must be one of `margins` {margins}.")
    check_keys(spec["fallback"], path, "fallback", ("rules", "why"), ("rules", "why"))
    fallback = _words(path, spec["fallback"], "rules")
    if unknown := [r for r in fallback if r not in (*GENERAL_RULES, "withdrawal_harm")]:
        raise ConfigError(
            f"{path}: fallback.rules: unknown rule {unknown[0]!r}; use {', '.join(GENERAL_RULES)}."
        )
    cats = spec["categories"] or {}
    entries: dict[tuple[str, str], Entry] = {}
    for name, cat in cats.items():
        if name not in CATEGORIES:
            raise ConfigError(f"{path}: categories: unknown category {name!r}; use {', '.join(CATEGORIES)}.")
        check_keys(cat, path, f"categories.{name}", ("why", "words"), ("why", "words"))
        for i, e in enumerate(cat["words"] or []):
            key, entry = _entry(path, f"categories.{name}.words[{i}]", name, e)
            if key in entries:
                raise ConfigError(f"{path}: categories.{name}.words[{i}]: {key} is listed twice.")
            entries[key] = entry
    support = []
    for i, e in enumerate(spec["support_verbs"] or []):
        check_keys(e, path, f"support_verbs[{i}]", ("word", "why"), ("word", "why"))
        support.append(str(e["word"]).lower())
    of_doer = _words(path, spec, "of_doer")
    if unknown := [c for c in of_doer if c not in CATEGORIES]:
        raise ConfigError(f"{path}: of_doer: unknown category {unknown[0]!r}.")
    general = load_general()
    weight = float(spec["concession_weight"])
    if not 0 <= weight <= 1:
        raise ConfigError(f"{path}: concession_weight: must be in [0, 1].")
    speech = {v for v, cue in speech_lexicon.load_lexicon().verbs.items() if "clause" in cue.content}
    return AppraisalLexicon(
        entries=entries,
        modals=frozenset(_words(path, spec, "modals")),
        support=frozenset(support) | general.support,
        speech_nouns=frozenset(_words(path, spec, "speech_nouns")),
        of_doer=frozenset(of_doer),
        not_capacity=frozenset(_words(path, spec, "not_capacity_verbs")) | general.experiencer | speech,
        outcome_verbs=frozenset(_words(path, spec, "outcome_verbs")),
        concession_weight=weight,
        fallback=frozenset(fallback),
        general=general,
        margin=int(spec["margin"]),
        margins=margins,
    )


def _hit(t: Token, polarity: int, rule: str, category: str = "", targets=("any",), frame="") -> CueHit:
    lemma = t.lemma_.lower()
    cue = Cue(f"a_{lemma}", (lemma,), polarity, targets, rule, category, frame=frame, source="appraisal")
    return CueHit(cue, t.i, t.i + 1, t)


def _negated_modal(t: Token, lex: AppraisalLexicon) -> bool:
    """An active verb with a negated ability modal ("could not hold", "cannot protect")."""
    kids = list(t.children)
    return (
        t.pos_ == "VERB"
        and t.lemma_.lower() not in lex.not_capacity
        and any(k.dep_ == "aux" and k.lower_ in lex.modals | {"ca"} for k in kids)
        and any(k.dep_ == "neg" for k in kids)
        and not any(k.dep_ in ("auxpass", "nsubjpass") for k in kids)
    )


def _speech_noun(adj: Token, lex: AppraisalLexicon) -> Token | None:
    """The speech noun a veracity adjective judges: the noun it modifies, or its clause's subject."""
    if adj.dep_ == "amod" and adj.head.lemma_.lower() in lex.speech_nouns:
        return adj.head
    if adj.dep_ in PREDICATE_DEPS:
        return next(
            (k for k in adj.head.children if k.dep_ == "nsubj" and k.lemma_.lower() in lex.speech_nouns), None
        )
    return None


def _outcome(t: Token, lex: AppraisalLexicon) -> int:
    """The valence of a state an outcome verb's subject brings about: VADER's word at the general
    design's threshold, for the direct object of an active outcome verb ("X brought peace")."""
    v = t.head
    if t.dep_ != "dobj" or v.lemma_.lower() not in lex.outcome_verbs:
        return 0
    if any(k.dep_ in ("auxpass", "nsubjpass") for k in v.children):
        return 0
    e = lex.entries.get((t.lemma_.lower(), "NOUN"))
    if e is not None:
        return e.polarity
    return lex.general.words.get(t.lemma_.lower()) or lex.general.words.get(t.lower_) or 0


def find_judgements(sent: Span, lex: AppraisalLexicon, taken: set[int]) -> list[CueHit]:
    """The JUDGEMENT words of a sentence (outside target mentions, ``taken``), each with the shape of
    its relation to the judged actor; then VADER's words on other tokens, for the general rules that
    the fallback layer keeps."""
    out = []
    for t in sent:
        if t.i in taken:
            continue
        e = lex.entries.get((t.lemma_.lower(), t.pos_)) or lex.entries.get((t.lower_, t.pos_))
        if (pol := _outcome(t, lex)) != 0:
            out.append(_hit(t, pol, "outcome_object", "outcome"))
        elif e is not None:
            if e.not_with and any(k.dep_ == "prep" and k.lower_ in e.not_with for k in t.children):
                continue
            shape = {"VERB": "verb", "ADJ": "attribute", "NOUN": "act"}[t.pos_]
            if t.pos_ == "ADJ" and e.category == "veracity" and _speech_noun(t, lex) is not None:
                shape = "claim"
            out.append(_hit(t, e.polarity, f"{e.category}_{shape}", e.category))
        elif _negated_modal(t, lex):
            # polarity +1 (ability); the negation the Linker finds on the verb makes it -1
            out.append(_hit(t, 1, "capacity_inability", "capacity"))
    if lex.fallback:
        judged = {h.head.i for h in out}
        for h in find_general_cues(sent, lex.general, taken | judged):
            if (h.cue.frame or h.cue.link) not in lex.fallback:
                continue
            cue = Cue(**{**h.cue.__dict__, "source": "appraisal", "rationale": "fallback"})
            out.append(CueHit(cue, h.start, h.end, h.head))
    return out


def _in_mention(i: int, m: TargetMention) -> bool:
    return m.start <= i < m.end or i == m.head.i


def noun_doers(n: Token, lex: AppraisalLexicon, of_genitive: bool, support_only: bool = False) -> set[int]:
    """The doers of an act noun: possessor, compound, by/from phrase (:func:`np_agents`), the subject
    of a support verb whose object it is, the subject of a copula it is predicated by, and (when
    ``of_genitive``) the object of its "of"; with ``support_only``, the support verb's subject only."""
    out: set[int] = set()
    if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.dep_ == "dobj":
        n = n.head.head  # a partitive object ("most of the blame") stands for its noun
    if n.dep_ == "dobj" and n.head.lemma_.lower() in lex.support:
        out |= _subject_heads(n.head)
    if support_only:
        return out
    out |= np_agents(n)
    if n.dep_ in PREDICATE_DEPS:
        out |= _subject_heads(n.head)
    if of_genitive:
        for k in n.children:
            if k.dep_ == "prep" and k.lower_ == "of":
                out.update(g.i for g in k.children if g.dep_ == "pobj")
    return out


def _names_harm(t: Token, lex: AppraisalLexicon) -> bool:
    """Whether a word's complement names a harm (a negative VADER word or a negative JUDGEMENT noun)."""
    for d in t.subtree:
        if d.i == t.i:
            continue
        e = lex.entries.get((d.lemma_.lower(), d.pos_))
        if d.lemma_.lower() in lex.general.harm or (e is not None and e.polarity < 0):
            return True
    return False


def judged(h: CueHit, m: TargetMention, lex: AppraisalLexicon) -> bool:
    """Whether the hit's rule makes the mention's target the judged actor."""
    c, rule = h.head, h.cue.link
    if h.cue.rationale == "fallback":
        return general_linked(h, m, lex.general.support)
    e = lex.entries.get((c.lemma_.lower(), c.pos_)) or lex.entries.get((c.lower_, c.pos_))
    if e is not None and e.needs_harm and not _names_harm(c, lex):
        return False
    shape = rule.rsplit("_", 1)[-1]
    if shape == "verb":
        if any(k.dep_ in ("auxpass", "nsubjpass") for k in c.children):
            return any(_in_mention(i, m) for i in np_agents(c))
        return general_linked(_as(h, "subject"), m)
    if shape == "inability":
        return general_linked(_as(h, "subject"), m)
    if shape == "object":  # outcome: the subject of the outcome verb brought it about
        return any(_in_mention(i, m) for i in _subject_heads(c.head))
    if shape == "attribute":
        link = word_rule(c)
        return bool(link) and general_linked(_as(h, link), m)
    if shape == "claim":
        noun = c.head if c.dep_ == "amod" else next(k for k in c.head.children if k.dep_ == "nsubj")
        return any(_in_mention(i, m) for i in noun_doers(noun, lex, of_genitive=True))
    if shape == "act":
        doers = noun_doers(
            c, lex, e is not None and e.category in lex.of_doer, e is not None and e.support_only
        )
        return any(_in_mention(i, m) for i in doers)
    return False


def countered(t: Token) -> bool:
    """In the first of two clauses joined by "but": the writer concedes it and aligns with the
    second (Martin & White 2005, ch. 3, engagement: disclaim, counter)."""
    h = t
    while h.head.i != h.i and h.dep_ not in ("ROOT", "conj"):
        h = h.head
    return any(k.dep_ == "cc" and k.lower_ == "but" for k in h.children) and any(
        k.dep_ == "conj" and k.i > t.i and k.pos_ in ("VERB", "AUX") for k in h.children
    )


def _as(h: CueHit, link: str) -> CueHit:
    return CueHit(Cue(**{**h.cue.__dict__, "link": link}), h.start, h.end, h.head)


class SentenceScorer:
    """Author-voice scores of one document's sentences, per target."""

    def __init__(self, quote_list: list[quote_parts.Quote], lex: AppraisalLexicon, lx: Lexicons):
        self.spans = [(q.start, q.end) for q in quote_list if q.kind != "scare"]
        self.lex, self.lx, self.link = lex, lx, Linker(lx)
        self.speech = {v for v, cue in speech_lexicon.load_lexicon().verbs.items() if "clause" in cue.content}

    def reported_clause(self, t: Token) -> bool:
        """In the clausal complement of a reporting verb (speech_verbs.yaml, clause frame) whose
        speaker is not the author ("we were told that X could not", "critics say X failed"): the
        content is attributed even where no quote was found; "I/we think that" stays the author's."""
        a = t
        while a.head.i != a.i:
            if a.dep_ == "ccomp" and a.head.lemma_.lower() in self.speech:
                subj = [k for k in a.head.children if k.dep_ in ("nsubj", "nsubjpass")]
                first_person = any(k.dep_ == "nsubj" and k.lower_ in ("i", "we") for k in subj)
                if not first_person:
                    return True
            a = a.head
        return False

    def quoted(self, t: Token) -> bool:
        return any(a <= t.idx < b for a, b in self.spans)

    def negated(self, h: CueHit) -> bool:
        """The shared negation rule (:meth:`Linker.negated`), with three scope facts: the negation of
        a verb with a because-clause may deny the reason, not the verb ("did not fail because ...";
        the focus of negation, Quirk et al. 1985); a correlative "neither" negates its noun; and the negation of a
        copula covers the predicate nominal and what modifies it ("is not the behaviour of a
        confident government")."""
        t = h.head
        if self.link.negated(t):
            verb = t.head if h.cue.link == "outcome_object" else t
            return not any(
                k.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "because" for g in k.children)
                for k in verb.children
            )
        if any(k.lower_ in NEITHER for k in t.children):
            return True
        a = t
        while a.head.i != a.i and a.dep_ in ("amod", "pobj", "prep", "attr", "acl"):
            if a.dep_ == "attr" and any(k.dep_ == "neg" for k in a.head.children):
                return True
            a = a.head
        return False

    def _doubted(self, t: Token) -> bool:
        """Under a word of doubt ("whether the army will be able to"; stance_cues.yaml `doubt`)."""
        a = t
        while a.head.i != a.i:
            a = a.head
            if a.lemma_.lower() in self.lx.doubt or any(
                k.lower_ in self.lx.doubt and k.dep_ in ("mark", "advmod") for k in a.children
            ):
                return True
        return any(k.lower_ in self.lx.doubt and k.dep_ == "mark" for k in t.children)

    def words(self, sent: speakers.Sentence, mentions: list[TargetMention]) -> list[CueHit]:
        """The sentence's author-voice words after outer verbs, hedges, may/might and doubt: doubt over
        a positive capacity word questions the capacity (-1), any other doubted word is dropped."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        found = [
            h
            for h in find_judgements(sent.span, self.lex, taken)
            if not self.quoted(h.head) and not self.reported_clause(h.head)
        ]
        heads = {h.head.i for h in found if h.cue.frame != "withdrawal_harm"}
        out = []
        for h in found:
            if governed_by_outer(h, heads) or self.link.hedged(h.head):
                continue
            if h.cue.frame != "withdrawal_harm" and self.link.speculative(h.head):
                continue
            h.negated = self.negated(h)
            if h.cue.frame != "withdrawal_harm" and self._doubted(h.head):
                if not (h.cue.rationale == "capacity" and h.value > 0):
                    continue
                h = CueHit(Cue(**{**h.cue.__dict__, "frame": "doubt"}), h.start, h.end, h.head, negated=True)
            conceded = self.link.concessive(h.head) or countered(h.head)
            h.weight = self.lex.concession_weight if conceded else 1.0
            out.append(h)
        return out

    def score(self, sent: speakers.Sentence, mentions: list[TargetMention]) -> dict[str, SentenceScore]:
        """Per target named in the author's voice: the sign of its JUDGEMENT words' sum, or, when none
        is tied to it, of its fallback words' sum; and the words used."""
        own = [m for m in mentions if not self.quoted(m.head)]
        if not own:
            return {}
        hits = self.words(sent, mentions)
        frames = (
            withdrawal_frames(sent.span, mentions, self.lx) if any(m.target == "minusma" for m in own) else []
        )
        return score_targets(
            own, hits, lambda h, ms: self._ties(h, ms, frames), lambda h: h.cue.rationale != "fallback"
        )

    def _ties(self, h: CueHit, ms: list[TargetMention], frames: list[Token]) -> bool:
        if h.cue.frame == "withdrawal_harm":
            return withdrawal_harm_tied(h, frames)
        return any(judged(h, m, self.lex) for m in ms)


def rule_name(h: CueHit) -> str:
    """The rule that tied a word to its target: ``appraisal:capacity_verb``, ``appraisal:vader_doer``."""
    if h.cue.rationale == "fallback":
        return f"appraisal:vader_{h.cue.frame or h.cue.link}"
    return f"appraisal:{h.cue.link}" + ("_doubted" if h.cue.frame == "doubt" else "")


def appraisal_rows(
    ctx: speakers.Context,
    quote_list: list[quote_parts.Quote],
    mentions: dict[int, list[TargetMention]],
    lx: Lexicons,
    raw: str,
    to_raw,
    lex: AppraisalLexicon | None = None,
) -> list[dict]:
    """The design's author-voice statements (prompt turns as ``prompt``): one row per emitted mention
    of a target outside reported speech, with its sentence's score for the target; a sentence
    repeating an earlier one of the document is marked ``repeat_of``."""
    lex = lex or load_appraisal()
    return author_voice_rows(ctx, SentenceScorer(quote_list, lex, lx), mentions, raw, to_raw, rule_name)


def appraisal_in_text(text: str, lex: AppraisalLexicon | None = None) -> list[dict]:
    """The design's statement rows of a plain English text (offsets into ``text``): for tests and checks."""
    ctx = speakers.context_from_text(text)
    quote_list, _ = quote_out.document_quotes(ctx, text, lambda a, b: (a, b))
    lx = load_lexicons()
    mentions = MentionFinder(ctx, lx).run()
    return appraisal_rows(ctx, quote_list, mentions, lx, text, lambda a, b: (a, b), lex)
