"""The subjectivity stance design: evaluative adjectives from the Pattern subjectivity lexicon
(De Smedt & Daelemans 2012, shipped in the ``textblob`` package as ``en/en-sentiment.xml`` and read as
a file), verbs and nouns (and adjectives Pattern lacks) from VADER's lexicon as in the general design,
tied to a target by the general design's rule per word class plus the rules of
``data/lexicons/stance_subjectivity.yaml`` (apposition, patient of harm), in the author's voice only.

One score per sentence and target (the sign of its linked words' sum, negation flipping, hedges and
may/might cancelling, concessions weighing half), carried by each of the target's mentions there;
each row records the rules that fired (``subjectivity:<rule>``).
"""

from __future__ import annotations

import importlib.resources
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from minusma_lib.core.config import check_keys, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.extract import quote_parts, speakers
from minusma_lib.extract import quotes as quote_out
from minusma_lib.extract.stance_general import (
    PREDICATE_DEPS,
    GeneralLexicon,
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
    score_targets,
    withdrawal_frames,
    withdrawal_harm_tied,
)
from minusma_lib.extract.stance_mentions import MentionFinder, TargetMention

FILE_KEYS = ("subjectivity_threshold", "vader_threshold", "pos", "rules", "remove", "margins", "margin")
RULES = ("apposition", "patient_harm")
CONCESSION_WEIGHT = 0.5


@dataclass(frozen=True)
class SubjectivityLexicon:
    adjectives: dict[str, int]  # Pattern adjectives that count: word -> sign of the mean polarity
    pattern_rated: frozenset[str]  # every adjective Pattern lists (its reading replaces VADER's)
    general: GeneralLexicon  # VADER words, judgement and support verbs (stance_general.yaml)
    removed: frozenset[str]  # lemmas of this file's `remove` (word classes that judge no actor)
    pos: frozenset[str]
    rules: frozenset[str]  # the extra rules switched on
    threshold: float
    margin: int
    margins: tuple[int, ...]


def subjectivity_path() -> Path:
    return lexicon_dir() / "stance_subjectivity.yaml"


@lru_cache(maxsize=1)
def pattern_adjectives() -> dict[str, tuple[float, float]]:
    """Pattern's adjective -> (mean polarity, mean subjectivity) over its senses, as Pattern averages."""
    res = importlib.resources.files("textblob") / "en" / "en-sentiment.xml"
    senses: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for w in ET.fromstring(res.read_bytes()):
        if w.tag == "word" and w.get("pos") == "JJ":
            senses[w.get("form", "").lower()].append(
                (float(w.get("polarity", 0)), float(w.get("subjectivity", 0)))
            )
    return {k: (sum(p for p, _ in v) / len(v), sum(s for _, s in v) / len(v)) for k, v in senses.items()}


@lru_cache(maxsize=4)
def load_subjectivity(path: Path | None = None) -> SubjectivityLexicon:
    """Read and check ``stance_subjectivity.yaml``."""
    path = path or subjectivity_path()
    spec = load_yaml(path) or {}
    check_keys(spec, path, "top level", FILE_KEYS, FILE_KEYS)
    thr = float(spec["subjectivity_threshold"])
    if not 0 < thr <= 1:
        raise ConfigError(f"{path}: subjectivity_threshold: must be in (0, 1] (Pattern's scale).")
    rules = spec["rules"] or {}
    for name, entry in rules.items():
        if name not in RULES:
            raise ConfigError(f"{path}: rules: unknown rule {name!r}; use {', '.join(RULES)}.")
        check_keys(entry, path, f"rules.{name}", ("use", "why"), ("use", "why"))
    margins = tuple(int(m) for m in spec["margins"])
    if int(spec["margin"]) not in margins:
        raise ConfigError(f"{path}: margin must be one of `margins` {margins}.")
    removed = []
    for i, e in enumerate(spec["remove"] or []):
        check_keys(e, path, f"remove[{i}]", ("word", "why"), ("word", "why"))
        removed.append(str(e["word"]).lower())
    adjectives = {
        w: (1 if p > 0 else -1) for w, (p, s) in pattern_adjectives().items() if s >= thr and p != 0
    }
    return SubjectivityLexicon(
        adjectives=adjectives,
        pattern_rated=frozenset(pattern_adjectives()),
        general=load_general(threshold=float(spec["vader_threshold"])),
        removed=frozenset(removed),
        pos=frozenset(str(p) for p in spec["pos"]),
        rules=frozenset(n for n, e in rules.items() if e["use"]),
        threshold=thr,
        margin=int(spec["margin"]),
        margins=margins,
    )


def _polarity(t: Token, lex: SubjectivityLexicon) -> int:
    lemma, form = t.lemma_.lower(), t.lower_
    if lemma in lex.general.removed or lemma in lex.removed:
        return 0
    if t.pos_ == "ADJ" and (form in lex.pattern_rated or lemma in lex.pattern_rated):
        return lex.adjectives.get(form) or lex.adjectives.get(lemma) or 0
    return lex.general.words.get(lemma) or lex.general.words.get(form) or 0


def _hit(t: Token, polarity: int, rule: str, resource: str, targets=("any",), frame: str = "") -> CueHit:
    lemma = t.lemma_.lower()
    cue = Cue(f"s_{lemma}", (lemma,), polarity, targets, rule, resource, frame=frame, source="subjectivity")
    return CueHit(cue, t.i, t.i + 1, t)


def _is_harm(t: Token, lex: SubjectivityLexicon) -> bool:
    lemma = t.lemma_.lower()
    if lemma in lex.general.removed or lemma in lex.removed:
        return False
    if t.pos_ == "ADJ" and lemma in lex.pattern_rated:
        return lex.adjectives.get(lemma, 0) < 0
    return lemma in lex.general.harm or t.lower_ in lex.general.harm


def find_words(sent, lex: SubjectivityLexicon, taken: set[int]) -> list[CueHit]:
    """The evaluative words of a sentence (outside target mentions), one hit per rule that may tie
    each to a target."""
    out = []
    gl = lex.general
    for t in sent:
        if t.i in taken or t.pos_ not in lex.pos:
            continue
        lemma = t.lemma_.lower()
        source = "Pattern" if t.pos_ == "ADJ" and lemma in lex.pattern_rated else "VADER"
        if t.pos_ == "VERB" and lemma in gl.judgement:
            out.append(_hit(t, gl.judgement[lemma], "judged", "Levin 33"))
            continue
        pol = _polarity(t, lex)
        rule = word_rule(t, gl.experiencer)
        if pol and rule:
            out.append(_hit(t, pol, rule, source))
        if pol and "apposition" in lex.rules and _appositive(t):
            out.append(_hit(t, pol, "apposition", source))
        if _is_harm(t, lex):
            out.append(_hit(t, 1, "clause", source, ("minusma",), "withdrawal_harm"))
            if "patient_harm" in lex.rules and t.pos_ == "VERB":
                out.append(_hit(t, 1, "patient_harm", source))
    return out


def _appositive(t: Token) -> bool:
    """A noun in apposition, or an adjective on a noun in apposition or predicated of something."""
    if t.pos_ == "NOUN":
        return t.dep_ == "appos"
    return t.pos_ == "ADJ" and t.dep_ == "amod" and (t.head.dep_ == "appos" or t.head.dep_ in PREDICATE_DEPS)


def _in_mention(i: int, m: TargetMention) -> bool:
    return m.start <= i < m.end or i == m.head.i


def linked(h: CueHit, m: TargetMention, lex: SubjectivityLexicon) -> bool:
    """Whether the word's rule ties it to the mention: the general rules, and this design's own."""
    c, rule = h.head, h.cue.link
    if rule == "apposition":
        noun = c if c.pos_ == "NOUN" else c.head
        if noun.dep_ == "appos":
            return _in_mention(noun.head.i, m)
        return general_linked(_as_predicate(h, noun), m)
    if rule == "patient_harm":
        passive_subject = [k for k in c.children if k.dep_ == "nsubjpass"]
        no_agent = not any(k.dep_ == "agent" for k in c.children)
        return no_agent and any(_in_mention(k.i, m) for k in passive_subject)
    return general_linked(h, m, lex.general.support)


def _as_predicate(h: CueHit, noun: Token) -> CueHit:
    """The hit read at the predicate nominal it modifies, with the predicate rule."""
    cue = Cue(**{**h.cue.__dict__, "link": "predicate"})
    return CueHit(cue, noun.i, noun.i + 1, noun)


class SentenceScorer:
    """Author-voice scores of one document's sentences, per target."""

    def __init__(self, quote_list: list[quote_parts.Quote], lex: SubjectivityLexicon, lx: Lexicons):
        self.spans = [(q.start, q.end) for q in quote_list if q.kind != "scare"]
        self.lex, self.link = lex, Linker(lx)
        self.lx = lx

    def quoted(self, t: Token) -> bool:
        return any(a <= t.idx < b for a, b in self.spans)

    def words(self, sent: speakers.Sentence, mentions: list[TargetMention]) -> list[CueHit]:
        """The sentence's author-voice evaluative words, after hedges, may/might and outer verbs."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        found = [h for h in find_words(sent.span, self.lex, taken) if not self.quoted(h.head)]
        heads = {h.head.i for h in found if h.cue.frame != "withdrawal_harm"}
        out = []
        for h in found:
            if governed_by_outer(h, heads) or self.link.hedged(h.head):
                continue
            if h.cue.frame != "withdrawal_harm" and self.link.speculative(h.head):
                continue
            h.negated = self.link.negated(h.head)
            h.weight = CONCESSION_WEIGHT if self.link.concessive(h.head) else 1.0
            out.append(h)
        return out

    def score(self, sent: speakers.Sentence, mentions: list[TargetMention]) -> dict[str, SentenceScore]:
        """Per target named in the author's voice: the sign of its linked words' sum, and those words."""
        own = [m for m in mentions if not self.quoted(m.head)]
        if not own:
            return {}
        hits = self.words(sent, mentions)
        frames = (
            withdrawal_frames(sent.span, mentions, self.lx) if any(m.target == "minusma" for m in own) else []
        )
        return score_targets(own, hits, lambda h, ms: self._ties(h, ms, frames))

    def _ties(self, h: CueHit, ms: list[TargetMention], frames: list[Token]) -> bool:
        if h.cue.frame == "withdrawal_harm":
            return withdrawal_harm_tied(h, frames)
        return any(linked(h, m, self.lex) for m in ms)


def rule_name(h: CueHit) -> str:
    """The rule that tied a word to its target, e.g. ``subjectivity:modifier``."""
    return f"subjectivity:{h.cue.frame or h.cue.link}"


def subjectivity_rows(
    ctx: speakers.Context,
    quote_list: list[quote_parts.Quote],
    mentions: dict[int, list[TargetMention]],
    lx: Lexicons,
    raw: str,
    to_raw,
    lex: SubjectivityLexicon | None = None,
) -> list[dict]:
    """The design's author-voice statements (prompt turns as ``prompt``): one row per emitted mention
    of a target outside reported speech, each with its sentence's score for the target; a sentence
    repeating an earlier one of the document is marked ``repeat_of``."""
    lex = lex or load_subjectivity()
    return author_voice_rows(ctx, SentenceScorer(quote_list, lex, lx), mentions, raw, to_raw, rule_name)


def subjectivity_in_text(text: str) -> list[dict]:
    """The design's statement rows of a plain English text (offsets into ``text``): for tests and checks."""
    ctx = speakers.context_from_text(text)
    quote_list, _ = quote_out.document_quotes(ctx, text, lambda a, b: (a, b))
    lx = load_lexicons()
    return subjectivity_rows(ctx, quote_list, MentionFinder(ctx, lx).run(), lx, text, lambda a, b: (a, b))
