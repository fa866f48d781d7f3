"""Quotes and speakers: who is given a voice, and where reported speech begins and ends.

A rule-based extractor in the style of the SFU Gender Gap Tracker, run on the spaCy parse of the
clean text. The cues and known speakers are data (``data/lexicons/speech_verbs.yaml``). Rules, in
the order they run (``rule`` column of ``quotes.csv``):

- ``quote_marks``: a pair of quote marks whose words hang (through the dependency tree) from a speech
  verb outside the marks: "Diop declared that “…”", "“…,” he said", "demand "the immediate withdrawal"".
- ``colon``: quote marks opened right after a colon that ends a clause with a speech verb
  ("declared:", "said on 17 may 2022:") = a block quote, even across paragraphs.
- ``carry_over``: quote marks that open a sentence with no speech verb continue the previous quote
  of the same or the previous paragraph ("“Against this background …”" after "said Diop").
- ``citation``: a long quoted passage (more than ``scare_max_words`` words) with no speech verb is a
  citation of the nearest source named before it in the sentence ("its original mandate" → Council).
- ``scare``: a short quoted phrase with no speech verb is a scare quote: author's voice, no speaker.
- ``verb``: a speech verb with its content frame (clause, infinitive, object, "for"/"of" phrase…) and
  its speaker (subject, "by" agent, the subject of the governing clause for participles, or
  ``unattributed`` for agentless passives like "is seen as", "it is estimated that").
- ``noun``: a speech-act noun with both a known source and content ("France's request for …").
- ``according_to``: "According to X, …".
- ``colon_list``: list items after a colon-ended sentence that attributes them ("concerns … can be
  summarised as:").
- ``continuation``: an unquoted sentence between two quotes of one speaker in one paragraph.

Speakers are resolved to canonical names through the speaker table; pronouns (he, she, they, it) go
to the nearest preceding mention of a known speaker of a compatible kind.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
from spacy.lang.en import English
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from minusma_lib.core.config import load_yaml
from minusma_lib.core.errors import CorpusError
from minusma_lib.core.paths import data_dir
from minusma_lib.corpus.cleaning import BLOCK_SEPARATOR, BODY_KINDS
from minusma_lib.validate.matching import one_to_one

CATEGORIES = (
    "malian_authorities",
    "un",
    "western_government",
    "other_government",
    "expert_ngo",
    "media",
    "unattributed",
)
CATEGORY_LABELS = {
    "malian_authorities": "Malian authorities",
    "un": "UN",
    "western_government": "Western government",
    "other_government": "Other government",
    "expert_ngo": "Expert or NGO",
    "media": "Media",
    "unattributed": "Unattributed",
}
KINDS = ("direct", "block", "according_to", "indirect", "scare")
SPEAKER_KINDS = ("person", "group", "document", "institution")
FRAMES = ("clause", "xcomp", "object", "oprd", "object+of", "object+for", "as")
UNATTRIBUTED = "unattributed"
SPEAKER_RECALL_MIN = 0.9  # the test suite fails below this quote-speaker recall
OPEN_MARKS = "“„"
CLOSE_MARKS = "”"
STRAIGHT = '"'
MODALS = {"can", "could", "may", "might", "would", "should"}
RELATIVE = {"which", "who", "that", "whom"}
PRONOUNS_PERSON = {"he", "she", "him", "her"}
PRONOUNS_OTHER = {"they", "it", "them"}
QUOTE_COLUMNS = [
    "quote_id",
    "doc_id",
    "sent_id",
    "start",
    "end",
    "text",
    "kind",
    "speaker",
    "speaker_role",
    "speaker_category",
    "speaker_mention",
    "speaker_mention_start",
    "speaker_mention_end",
    "cue",
    "cue_start",
    "cue_end",
    "rule",
]
# offset columns that are empty when there is no speaker mention or no cue
OPTIONAL_OFFSETS = ("speaker_mention_start", "speaker_mention_end", "cue_start", "cue_end")
# top-level keys of speech_verbs.yaml (all required) and the keys each entry may have
LEXICON_KEYS = (
    "verbs",
    "nouns",
    "speakers",
    "unattributed_sources",
    "quantifiers",
    "quantifier_groups",
    "scare_max_words",
)
VERB_KEYS = (
    "lemma",
    "content",
    "addressee",
    "agentless_passive",
    "passive_only",
    "source_only",
    "frame_only",
)
NOUN_KEYS = ("lemma", "preps")
SPEAKER_KEYS = ("canonical", "role", "category", "kind", "aliases", "note")


def lexicon_path() -> Path:
    return data_dir() / "lexicons" / "speech_verbs.yaml"


# --- lexicon ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    canonical: str
    role: str
    category: str
    kind: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class VerbCue:
    lemma: str
    content: tuple[str, ...]
    addressee: bool = False
    agentless_passive: bool = False
    passive_only: bool = False
    source_only: bool = False
    frame_only: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, VerbCue]
    nouns: dict[str, tuple[str, ...]]
    speakers: tuple[Speaker, ...]
    unattributed_sources: tuple[str, ...]
    quantifiers: frozenset[str]
    quantifier_groups: dict[str, str]
    scare_max_words: int
    alias_index: dict[str, list[tuple[tuple[str, ...], Speaker]]] = field(repr=False)

    def speaker(self, canonical: str) -> Speaker | None:
        return next((s for s in self.speakers if s.canonical == canonical), None)


def _lexicon_error(path: Path, where: str, msg: str) -> CorpusError:
    return CorpusError(f"{path}: {where}: {msg}")


def check_keys(
    path: Path, where: str, entry: object, allowed: tuple[str, ...], required: tuple[str, ...] = ()
) -> None:
    """Reject a mapping with unknown or missing keys: a misspelt key must not silently fall back to a
    default (renaming `hedges:` would otherwise switch hedging off without a word)."""
    if not isinstance(entry, dict):
        raise _lexicon_error(path, where, f"expected a mapping with keys from {', '.join(allowed)}.")
    unknown = sorted(str(k) for k in entry if k not in allowed)
    if unknown:
        raise _lexicon_error(
            path,
            where,
            f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}. Remove or rename them.",
        )
    missing = [k for k in required if k not in entry]
    if missing:
        raise _lexicon_error(
            path, where, f"missing key(s) {', '.join(missing)}; add them (an empty list is allowed)."
        )


@lru_cache(maxsize=1)
def _tokenizer():
    return English().tokenizer


# Verbs every clause may carry: as speech verbs they would turn any sentence into a quote.
AUXILIARIES = ("be", "have", "do")


def only_stop_words(tokens: tuple[str, ...]) -> bool:
    """True when a phrase is nothing but stop words or punctuation (it would match ordinary text)."""
    return all(t.lower() in STOP_WORDS or not any(ch.isalnum() for ch in t) for t in tokens)


def alias_tokens(alias: str) -> tuple[str, ...]:
    """An alias as the lower-cased token sequence the parser produces."""
    return tuple(t.text.lower() for t in _tokenizer()(alias) if not t.is_space)


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and check ``speech_verbs.yaml``; errors name the entry and the fix."""
    path = path or lexicon_path()
    return _load_lexicon(path, path.stat().st_mtime)


@lru_cache(maxsize=4)
def _load_lexicon(path: Path, mtime: float) -> Lexicon:
    spec = copy.deepcopy(load_yaml(path)) or {}
    if not isinstance(spec, dict):
        raise _lexicon_error(path, "top level", f"expected the keys {', '.join(LEXICON_KEYS)}.")
    check_keys(path, "top level", spec, LEXICON_KEYS, required=LEXICON_KEYS)
    for key in ("verbs", "nouns", "speakers"):
        if not isinstance(spec.get(key), list) or not spec[key]:
            raise _lexicon_error(path, key, f"a non-empty list `{key}:` is required.")
    for key in ("unattributed_sources", "quantifiers"):
        if not isinstance(spec[key], list):
            raise _lexicon_error(path, key, f"`{key}:` must be a list (use [] for none).")
    if not isinstance(spec["quantifier_groups"], dict):
        raise _lexicon_error(
            path, "quantifier_groups", "must be a mapping {verb lemma: group name} ({} for none)."
        )
    verbs: dict[str, VerbCue] = {}
    for i, v in enumerate(spec["verbs"]):
        where = f"verbs[{i}] ({v.get('lemma', '?')})"
        if not v.get("lemma"):
            raise _lexicon_error(path, where, "add `lemma:` (the verb's dictionary form).")
        content = tuple(v.get("content") or ())
        if not content:
            raise _lexicon_error(
                path, where, f"add `content:` with frames from {', '.join(FRAMES)} or prep:<p>."
            )
        for c in content:
            if c not in FRAMES and not re.fullmatch(r"prep:[a-z]+", c):
                raise _lexicon_error(
                    path, where, f"content frame {c!r} is unknown; use {', '.join(FRAMES)} or prep:<p>."
                )
        if v["lemma"] in verbs:
            raise _lexicon_error(path, where, "this lemma is listed twice; merge the two entries.")
        if str(v["lemma"]).lower() in AUXILIARIES:
            raise _lexicon_error(
                path, where, "an auxiliary verb is not a speech verb (every clause has one)."
            )
        check_keys(path, where, v, VERB_KEYS)
        verbs[v["lemma"]] = VerbCue(
            lemma=v["lemma"],
            content=content,
            addressee=bool(v.get("addressee")),
            agentless_passive=bool(v.get("agentless_passive")),
            passive_only=bool(v.get("passive_only")),
            source_only=bool(v.get("source_only")),
            frame_only=tuple(v.get("frame_only") or ()),
        )
    nouns: dict[str, tuple[str, ...]] = {}
    for i, n in enumerate(spec["nouns"]):
        check_keys(path, f"nouns[{i}] ({n.get('lemma', '?')})", n, NOUN_KEYS)
        if not n.get("lemma") or not n.get("preps"):
            raise _lexicon_error(
                path, f"nouns[{i}]", "each noun needs `lemma:` and `preps:` (content prepositions)."
            )
        nouns[n["lemma"]] = tuple(n["preps"])
    speakers = []
    seen: dict[tuple[str, ...], str] = {}
    for i, s in enumerate(spec["speakers"]):
        where = f"speakers[{i}] ({s.get('canonical', '?')})"
        check_keys(path, where, s, SPEAKER_KEYS)
        for key in ("canonical", "role", "category", "kind", "aliases"):
            if not s.get(key):
                raise _lexicon_error(path, where, f"add `{key}:`.")
        if s["category"] not in CATEGORIES:
            raise _lexicon_error(
                path, where, f"category {s['category']!r} must be one of {', '.join(CATEGORIES)}."
            )
        if s["kind"] not in SPEAKER_KINDS:
            raise _lexicon_error(
                path, where, f"kind {s['kind']!r} must be one of {', '.join(SPEAKER_KINDS)}."
            )
        for a in s["aliases"]:
            toks = alias_tokens(str(a))
            if only_stop_words(toks):
                raise _lexicon_error(path, where, f"alias {a!r} is only stop words; it would match any text.")
            if toks in seen and seen[toks] != s["canonical"]:
                raise _lexicon_error(
                    path, where, f"alias {a!r} is also an alias of {seen[toks]!r}; keep it under one speaker."
                )
            seen[toks] = s["canonical"]
        speakers.append(
            Speaker(s["canonical"], s["role"], s["category"], s["kind"], tuple(str(a) for a in s["aliases"]))
        )
    index: dict[str, list[tuple[tuple[str, ...], Speaker]]] = {}
    for sp in speakers:
        for a in sp.aliases:
            toks = alias_tokens(a)
            index.setdefault(toks[0], []).append((toks, sp))
    for v in index.values():
        v.sort(key=lambda x: -len(x[0]))
    scare = spec["scare_max_words"]
    if not isinstance(scare, int) or isinstance(scare, bool) or scare < 1:
        raise _lexicon_error(path, "scare_max_words", "must be a positive integer.")
    return Lexicon(
        verbs=verbs,
        nouns=nouns,
        speakers=tuple(speakers),
        unattributed_sources=tuple(str(x).lower() for x in spec["unattributed_sources"]),
        quantifiers=frozenset(str(x).lower() for x in spec["quantifiers"]),
        quantifier_groups=dict(spec["quantifier_groups"]),
        scare_max_words=scare,
        alias_index=index,
    )


# --- the text being read ----------------------------------------------------------------------


@dataclass
class Sentence:
    sent_id: str
    span: Span
    block: int
    kind: str


@dataclass
class Context:
    """A parsed clean text with its body sentences and blocks (clean character offsets)."""

    doc_id: str
    doc: Doc
    sentences: list[Sentence]
    block_bounds: list[tuple[int, int]]

    def sentence_of(self, char: int) -> Sentence | None:
        for s in self.sentences:
            if s.span.start_char <= char < s.span.end_char:
                return s
        return None

    def block_of(self, char: int) -> int:
        for i, (a, b) in enumerate(self.block_bounds):
            if a <= char < b + len(BLOCK_SEPARATOR):
                return i
        return len(self.block_bounds) - 1


def context_from_annotated(ad) -> Context:
    """Body sentences and blocks of an :class:`~minusma_lib.nlp.AnnotatedDocument`."""
    from minusma_lib.corpus.annotate import _block_index, _sentences, sent_id

    clean = ad.clean
    block_of = _block_index(clean)
    bounds, pos = [], 0
    for b in clean.blocks:
        bounds.append((pos, pos + len(b.text)))
        pos += len(b.text) + len(BLOCK_SEPARATOR)
    sents = []
    for i, s in enumerate(_sentences(ad)):
        kind = clean.blocks[block_of[s.start_char]].kind
        if kind in BODY_KINDS:
            sents.append(Sentence(sent_id(ad.doc_id, i), s, block_of[s.start_char], kind))
    return Context(ad.doc_id, ad.doc, sents, bounds)


def context_from_text(text: str, doc_id: str = "t", kinds: list[str] | None = None) -> Context:
    """Parse a plain text (blocks separated by a blank line) with the pinned pipeline: for tests."""
    from minusma_lib.corpus.annotate import load_nlp, sent_id

    doc = load_nlp()(text)
    bounds, pos = [], 0
    for part in text.split(BLOCK_SEPARATOR):
        bounds.append((pos, pos + len(part)))
        pos += len(part) + len(BLOCK_SEPARATOR)
    kinds = kinds or ["paragraph"] * len(bounds)
    ctx = Context(doc_id, doc, [], bounds)
    i = 0
    for s in doc.sents:
        if s.text.strip():
            b = ctx.block_of(s.start_char)
            ctx.sentences.append(Sentence(sent_id(doc_id, i), s, b, kinds[b]))
            i += 1
    return ctx


# --- speaker mentions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    start: int  # token index
    end: int
    speaker: Speaker


def speaker_mentions(doc: Doc, lex: Lexicon) -> list[Mention]:
    """Every occurrence of a known speaker's alias, longest first, not overlapping."""
    low = [t.lower_ for t in doc]
    out, i = [], 0
    while i < len(doc):
        hit = None
        for toks, sp in lex.alias_index.get(low[i], []):
            if tuple(low[i : i + len(toks)]) == toks:
                hit = Mention(i, i + len(toks), sp)
                break
        if hit:
            out.append(hit)
            i = hit.end
        else:
            i += 1
    return out


RANK = {"person": 0, "group": 1, "document": 2, "institution": 3}


@dataclass
class Resolved:
    speaker: Speaker | None  # None = unattributed
    mention_start: int  # clean char offsets of the speaker mention ("" when agentless)
    mention_end: int
    name: str = ""  # fallback name when the source is not a known speaker
    agentless: bool = False  # an agentless passive ("is seen as"), open to the nesting rule


def _np_tokens(head: Token) -> list[Token]:
    """The noun phrase of ``head`` without relative clauses and clausal modifiers."""
    drop: set[int] = set()
    for c in head.children:
        if c.dep_ in ("relcl", "advcl") or (c.dep_ == "acl" and c.tag_ != "VBN"):
            drop.update(t.i for t in c.subtree)
    return [t for t in head.subtree if t.i not in drop]


class Resolver:
    """Resolve speaker noun phrases and pronouns to known speakers."""

    def __init__(self, ctx: Context, lex: Lexicon):
        self.ctx, self.lex = ctx, lex
        text = ctx.doc.text.lower()
        # A known person is this article's speaker only if the article names them: an alias that names
        # an office ("the Secretary-General", "top diplomat") never brings in a person from elsewhere.
        self.mentions = [
            m
            for m in speaker_mentions(ctx.doc, lex)
            if m.speaker.kind != "person" or m.speaker.canonical.split()[-1].lower() in text
        ]
        self.named = [e for e in ctx.doc.ents if e.label_ == "PERSON"]

    def _entity(self, toks: list[Token]) -> Span | None:
        """The first named entity (person first, then organisation, place, group) inside a noun phrase:
        the speaker's name without its apposition ("X, the UN envoy to Mali" -> X)."""
        ids = {t.i for t in toks}
        for labels in (("PERSON",), ("ORG", "NORP", "GPE")):
            for e in self.ctx.doc.ents:
                if e.label_ in labels and all(i in ids for i in range(e.start, e.end)):
                    return e
        return None

    def _inside(self, toks: list[Token]) -> list[Mention]:
        ids = {t.i for t in toks}
        return [m for m in self.mentions if all(i in ids for i in range(m.start, m.end))]

    def best(self, found: list[Mention], anchor: int) -> Mention | None:
        if not found:
            return None
        return min(found, key=lambda m: (RANK[m.speaker.kind], abs(m.start - anchor)))

    def from_np(self, head: Token, anchor: int | None = None, verb: Token | None = None) -> Resolved | None:
        """Speaker of a noun phrase; None when it names no known speaker and is not a name."""
        doc = self.ctx.doc
        anchor = (verb.i if verb is not None else head.i) if anchor is None else anchor
        low = head.lower_
        if low in RELATIVE and head.head.i != head.i:
            rel = head.head
            if rel.dep_ == "relcl":
                return self.from_np(rel.head, anchor, verb)
        toks = _np_tokens(head)
        m = self.best(self._inside(toks), anchor)
        ent = self._entity(toks)
        if (
            ent is not None
            and ent.label_ == "PERSON"
            and (
                m is None or (m.speaker.kind != "person" and not (m.start <= ent.start and ent.end <= m.end))
            )
        ):
            # A named person outranks an institution or office in the same noun phrase (unless the
            # "person" is itself a known institution's name, e.g. a country the tagger took for one).
            return Resolved(None, ent.start_char, ent.end_char, name=ent.text)
        if m:
            return Resolved(m.speaker, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
        text = " ".join(t.lower_ for t in toks if not t.is_punct)
        if low == "it" and verb is not None and verb.lemma_ == "be":
            return None  # "It is important to note that ...": expletive, the text's own voice
        if low in PRONOUNS_PERSON or low in PRONOUNS_OTHER:
            want_person = low in PRONOUNS_PERSON
            before = [
                x for x in self.mentions if x.end <= head.i and (x.speaker.kind == "person") == want_person
            ]
            people = [e for e in self.named if e.end <= head.i] if want_person else []
            if people and (not before or people[-1].start >= before[-1].end):
                # The nearest earlier person named in the article, known to the lexicon or not.
                e = people[-1]
                known = [x for x in before if x.start >= e.start and x.end <= e.end]
                if known:
                    return Resolved(known[-1].speaker, head.idx, head.idx + len(head))
                return Resolved(None, head.idx, head.idx + len(head), name=e.text)
            if before:
                return Resolved(before[-1].speaker, head.idx, head.idx + len(head))
        if any(text == u or text.endswith(" " + u) for u in self.lex.unattributed_sources):
            return Resolved(None, head.idx, head.idx + len(head))
        if low in self.lex.quantifiers and len(toks) <= 2:
            gov = verb if verb is not None else head.head
            name = self.lex.quantifier_groups.get(gov.lemma_.lower(), "")
            if not name and head.head.dep_ == "agent":
                name = self.lex.quantifier_groups.get(head.head.head.lemma_.lower(), "")
            sp = self._by_name(name)
            return Resolved(sp, head.idx, head.idx + len(head))
        if head.pos_ != "PROPN" and head.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE"):
            return None
        if ent is not None:
            return Resolved(None, ent.start_char, ent.end_char, name=ent.text)
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        return Resolved(None, start, end, name=doc.text[start:end])

    def _by_name(self, name: str) -> Speaker | None:
        return self.lex.speaker(name) if name else None

    def between(self, a: int, b: int) -> Resolved | None:
        """The best known speaker mentioned between token a and token b."""
        found = [m for m in self.mentions if a <= m.start and m.end <= b]
        m = self.best(found, b)
        if m is None:
            return None
        doc = self.ctx.doc
        return Resolved(m.speaker, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))

    def nearest_source_before(self, sent: Span, tok: int) -> Resolved | None:
        found = [
            m for m in self.mentions if sent.start <= m.start and m.end <= tok and m.speaker.kind != "person"
        ]
        if not found:
            return None
        m = found[-1]
        doc = self.ctx.doc
        return Resolved(m.speaker, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))


# --- quotes -------------------------------------------------------------------------------------


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
        if self.kind == "scare" or self.resolved is None or self.resolved.speaker is None:
            return UNATTRIBUTED
        return self.resolved.speaker.category

    @property
    def role(self) -> str:
        if self.kind == "scare" or self.resolved is None or self.resolved.speaker is None:
            return ""
        return self.resolved.speaker.role


def quote_pairs(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(open, close) character positions of quote-mark pairs: curly marks by direction (they may
    span paragraphs), straight marks alternating within a paragraph."""
    pairs = []
    opening = None
    for i, ch in enumerate(text):
        if ch in OPEN_MARKS:
            opening = i
        elif ch in CLOSE_MARKS and opening is not None:
            pairs.append((opening, i))
            opening = None
    for a, b in bounds:
        marks = [i for i in range(a, b) if text[i] == STRAIGHT]
        pairs += list(zip(marks[0::2], marks[1::2], strict=False))
    return sorted(pairs)


def _is_passive(v: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children) or (
        v.dep_ == "acl" and v.tag_ == "VBN"
    )


def _span(toks) -> tuple[int, int] | None:
    toks = [t for t in toks if not (t.is_punct and t.text not in '“”"') and not t.is_space]
    if not toks:
        return None
    toks = sorted(toks, key=lambda t: t.i)
    while toks and toks[0].is_punct:
        toks = toks[1:]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1])


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
    while toks and (toks[0].is_punct and toks[0].text not in '“"'):
        toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text not in '”"':
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
    for c in v.children:
        if c.dep_ == "nsubj" and c.tag_ != "VBG" and c is not exclude:
            return c
    return None


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


class Extractor:
    def __init__(self, ctx: Context, lex: Lexicon | None = None):
        self.ctx, self.lex = ctx, lex or load_lexicon()
        self.doc = ctx.doc
        self.res = Resolver(ctx, self.lex)
        self.pairs = [
            (a, b) for a, b in quote_pairs(self.doc.text, ctx.block_bounds) if ctx.sentence_of(a) is not None
        ]
        self.in_pair: set[int] = set()
        for a, b in self.pairs:
            for t in self.doc.char_span(a + 1, b, alignment_mode="expand") or []:
                self.in_pair.add(t.i)
        self.quotes: list[Quote] = []

    # ---- speakers of verbs ----
    def verb_speaker(self, v: Token, cue: VerbCue | None = None) -> Resolved | None:
        """Speaker of a speech verb; Resolved(None) when agentless; None when not an attribution."""
        if _is_passive(v):
            agent = self._agent(v)
            if agent is not None:
                return self.res.from_np(agent, verb=v)
            if cue is not None and not cue.agentless_passive:
                return None
            if any(c.dep_ == "aux" and c.lower_ in MODALS for c in v.children):
                return None
            return Resolved(None, v.idx, v.idx, agentless=True)
        subj = _subject(v)
        if subj is not None:
            return self.res.from_np(subj, verb=v)
        if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return self.res.from_np(v.head, verb=v)  # "the junta, ..., asked for ..." parsed as a modifier
        if v.dep_ in ("nsubj", "csubj") and v.tag_ == "VBG" and v.i < v.head.i:
            return self.res.between(v.i, v.head.i)  # "Commending X, Guterres called ..." (misparsed)
        gerund = next((c for c in v.children if c.dep_ in ("nsubj", "csubj") and c.tag_ == "VBG"), None)
        if gerund is not None:
            found = self.res.between(gerund.i, v.i)
            if found:
                return found
        # participles and coordinated verbs take the subject of the verb they hang from
        h, seen = v, set()
        while (
            h.dep_ in ("advcl", "xcomp", "conj", "pcomp")
            and h.head.pos_ in ("VERB", "AUX")
            and h.i not in seen
        ):
            seen.add(h.i)
            g = h.head
            subj = _subject(g, exclude=h)
            if subj is not None:
                return self.res.from_np(subj, verb=g)
            agent = self._agent(g)
            if agent is not None:
                return self.res.from_np(agent, verb=g)
            if h.i < g.i:
                found = self.res.between(h.i, g.i)
                if found:
                    return found
            h = g
        # a finite verb with no subject in the parse: the nearest known speaker before it in its sentence
        if v.dep_ in ("ROOT", "ccomp", "conj") and v.tag_ in ("VBD", "VBZ", "VBP"):
            return self.res.between(v.sent.start, v.i)
        return None

    def _agent(self, v: Token) -> Token | None:
        """The object of the verb's "by" agent (also when the parser hangs "by" lower down)."""
        for c in v.children:
            if c.dep_ == "agent":
                return next((x for x in c.children if x.dep_ == "pobj"), None)
        for t in v.subtree:
            if t.lower_ == "by" and t.dep_ in ("prep", "agent") and t.i > v.i and t.head.i != v.i:
                pobj = next((x for x in t.children if x.dep_ == "pobj"), None)
                if pobj is not None:
                    r = self.res.from_np(pobj)
                    if r is not None and r.speaker is not None and r.speaker.kind in ("group", "institution"):
                        return pobj
        return None

    # ---- content frames ----
    def content(self, v: Token, cue: VerbCue) -> tuple[int, int] | None:
        kids = list(v.children)
        passive = _is_passive(v)
        for frame in cue.content:
            if frame == "clause":
                clauses = [k for k in kids if k.dep_ == "ccomp"]
                c = next((k for k in clauses if k.i > v.i), clauses[0] if clauses else None)
                if c is not None:
                    return _subtree_span(c)
            elif frame == "xcomp":
                c = next((k for k in kids if k.dep_ == "xcomp" and k.pos_ in ("VERB", "AUX")), None)
                if c is not None:
                    return _subtree_span(c)
            elif frame == "object":
                if passive:
                    c = next((k for k in kids if k.dep_ == "nsubjpass"), None)
                    if c is not None and c.lower_ not in RELATIVE:
                        return _subtree_span(c)
                    if v.dep_ == "acl":
                        return self._np_before(v)
                    continue
                c = next((k for k in kids if k.dep_ == "dobj"), None)
                if c is not None and c.lower_ not in RELATIVE:
                    # objects coordinated to the verb by a misparse ("the failure, as well as the inadequacy")
                    more = [k for k in kids if k.dep_ == "conj" and k.pos_ in ("NOUN", "PROPN") and k.i > c.i]
                    if more:
                        return _contiguous(list(c.subtree) + [t for k in more for t in k.subtree])
                    return _subtree_span(c)
            elif frame == "oprd":
                parts = [k for k in kids if k.dep_ in ("oprd", "attr", "acomp")]
                if parts:
                    objs = [k for k in kids if k.dep_ == "dobj" and k.lower_ not in RELATIVE]
                    toks = [t for k in objs + parts for t in k.subtree]
                    return _contiguous(toks)
                c = next((k for k in kids if k.dep_ in ("ccomp", "xcomp")), None)
                if c is not None and any(k.dep_ == "dobj" for k in kids):
                    obj = next(k for k in kids if k.dep_ == "dobj")
                    return _contiguous(list(obj.subtree) + list(c.subtree))
            elif frame in ("object+of", "object+for"):
                p = frame.split("+")[1]
                obj = next((k for k in kids if k.dep_ == "dobj"), None)
                preps = [k for k in kids if k.dep_ == "prep" and k.lower_ == p]
                if obj is not None:
                    preps += [k for k in obj.children if k.dep_ == "prep" and k.lower_ == p]
                if preps:
                    toks = [t for k in preps for t in k.subtree]
                    if obj is not None and not passive:
                        toks += list(obj.subtree)
                    return _contiguous(toks)
            elif frame == "as":
                c = next((k for k in kids if k.dep_ == "prep" and k.lower_ == "as"), None)
                if c is not None:
                    return _contiguous([t for t in c.subtree if t.i != c.i])
            elif frame.startswith("prep:"):
                p = frame.split(":")[1]
                c = next((k for k in kids if k.dep_ == "prep" and k.lower_ == p), None)
                if c is not None:
                    toks = [t for t in c.subtree if t.i != c.i]
                    return _contiguous(toks) if passive is False else _contiguous(list(c.subtree))
        return None

    def _np_before(self, v: Token) -> tuple[int, int] | None:
        i = v.i - 1
        while i >= 0 and self.doc[i].is_punct:
            i -= 1
        for nc in self.doc.noun_chunks:
            if nc.start <= i < nc.end:
                return nc.start_char, nc.end_char
        return None

    def frame_ok(self, v: Token, cue: VerbCue) -> bool:
        if not cue.frame_only:
            return True
        objs = [k for k in v.children if k.dep_ in ("dobj", "nsubjpass")]
        if v.dep_ == "relcl":
            objs.append(v.head)
        return any(o.lemma_.lower() in cue.frame_only for o in objs)

    # ---- rules ----
    def add(
        self, start: int, end: int, kind: str, rule: str, cue: Token | Span | None, resolved: Resolved | None
    ) -> Quote:
        """Record a quote; ``cue`` is the token or span of the speech cue (None: no cue of its own)."""
        if cue is None:
            q = Quote(start, end, kind, rule, "", resolved)
        else:
            a = cue.idx if isinstance(cue, Token) else cue.start_char
            b = a + len(cue) if isinstance(cue, Token) else cue.end_char
            q = Quote(start, end, kind, rule, self.doc.text[a:b], resolved, a, b)
        self.quotes.append(q)
        return q

    def _quote_share(self, span: tuple[int, int]) -> float:
        """Share of the span's letters that lie inside one pair of quote marks."""
        text = self.doc.text
        letters = [i for i in range(*span) if text[i].isalnum()]
        if not letters:
            return 0.0
        best = 0
        for a, b in self.pairs:
            best = max(best, sum(1 for i in letters if a < i < b))
        return best / len(letters)

    def speech_verb(self, tok: Token) -> VerbCue | None:
        """The cue of a speech verb (also when the tagger called it a noun but it heads a clause)."""
        if tok.i in self.in_pair:
            return None
        cue = self.lex.verbs.get(_verb_lemma(tok, self.lex))
        if cue is None:
            return None
        if tok.pos_ not in ("VERB", "AUX"):
            predicate = any(c.dep_ == "ccomp" for c in tok.children) and (
                tok.dep_ == "ROOT" or any(c.dep_ == "nsubj" for c in tok.children)
            )
            if not (tok.pos_ == "NOUN" and predicate):
                return None
        if cue.passive_only and not _is_passive(tok):
            return None
        if _hypothetical(tok):
            return None
        return cue

    def run(self) -> list[Quote]:
        self.quote_marks()
        self.verbs()
        self.nominal()
        self.according_to()
        self.colon_lists()
        self.continuation()
        self.nest_agentless()
        return self.dedupe()

    def nest_agentless(self) -> None:
        """An agentless attribution inside another quote's content belongs to that quote's speaker
        ("populations … claim that they received little consideration from the mission, which was
        often accused of …")."""
        for q in self.quotes:
            if q.rule != "verb" or q.resolved is None or not q.resolved.agentless:
                continue
            outer = [
                o
                for o in self.quotes
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

    def quote_marks(self) -> None:
        doc, text = self.doc, self.doc.text
        for a, b in self.pairs:
            inner = doc.char_span(a + 1, b, alignment_mode="expand")
            if inner is None or not inner.text.strip():
                continue
            start, end = a + 1, b
            ids = {t.i for t in inner}
            # colon-introduced block quote
            j = a - 1
            while j >= 0 and text[j].isspace():
                j -= 1
            if j >= 0 and text[j] == ":":
                colon = doc.char_span(j, j + 1, alignment_mode="expand")
                sent = colon[0].sent if colon is not None else None
                verbs = (
                    [t for t in sent if t.i < colon[0].i and self.speech_verb(t)] if sent is not None else []
                )
                if verbs:
                    v = verbs[-1]
                    self.add(start, end, "block", "colon", v, self.verb_speaker(v))
                    continue
            # a speech verb outside the marks governing the quoted words
            verb = None
            for t in inner:
                if t.head.i in ids or t.head.i == t.i:
                    continue
                h = t.head
                while True:
                    if (
                        h.i not in ids
                        and self.speech_verb(h)
                        and not self.lex.verbs[h.lemma_.lower()].source_only
                    ):
                        verb = h
                        break
                    if h.head.i == h.i:
                        break
                    h = h.head
                if verb is not None:
                    break
            if verb is None:
                # attribution right after the closing mark: ”, said X / ,” X said
                after = [t for t in doc[inner.end :][:6] if not t.is_punct and not t.is_space]
                verb = next((t for t in after[:3] if self.speech_verb(t)), None)
            if verb is None:
                # a speech word just before the opening mark, whatever the tagger made of it
                # ('demand "the immediate withdrawal"', 'dismissed “the hasty conclusions')
                before = [
                    t for t in doc[max(inner.start - 4, 0) : inner.start] if not t.is_punct and not t.is_space
                ]
                near = [t for t in before[-2:] if _verb_lemma(t, self.lex) in self.lex.verbs]
                if near:
                    v = near[-1]
                    sp = self.verb_speaker(v) if self.speech_verb(v) else None
                    sp = sp or self.res.between(v.sent.start, v.i)
                    if sp is not None:
                        self.add(start, end, "direct", "quote_marks", v, sp)
                        continue
            if verb is not None:
                sp = self.verb_speaker(verb)
                if sp is not None:
                    self.add(start, end, "direct", "quote_marks", verb, sp)
                    continue
            sent = self.ctx.sentence_of(a)
            opens_sentence = sent is not None and not text[sent.span.start_char : a].strip()
            if opens_sentence:
                prev = self._previous_quote(a)
                if prev is not None:
                    self.add(start, end, "direct", "carry_over", None, prev.resolved)
                    continue
            n_words = sum(1 for t in inner if not t.is_punct and not t.is_space)
            if n_words <= self.lex.scare_max_words:
                self.add(start, end, "scare", "scare", None, None)
            else:
                src = self.res.nearest_source_before(sent.span, inner.start) if sent else None
                self.add(start, end, "direct", "citation", None, src or Resolved(None, a, a))

    def _previous_quote(self, pos: int) -> Quote | None:
        block = self.ctx.block_of(pos)
        cands = [
            q
            for q in self.quotes
            if q.end <= pos
            and q.kind != "scare"
            and q.resolved is not None
            and self.ctx.block_of(q.start) >= block - 1
        ]
        return max(cands, key=lambda q: q.end) if cands else None

    def verbs(self) -> None:
        for s in self.ctx.sentences:
            for v in s.span:
                cue = self.speech_verb(v)
                if cue is None or not self.frame_ok(v, cue):
                    continue
                span = self.content(v, cue)
                if span is None:
                    continue
                sp = self.verb_speaker(v, cue)
                if sp is None:
                    continue
                if cue.source_only and (sp.speaker is None or sp.speaker.kind != "document"):
                    continue
                span = self._clip(span, sp, v)
                if span is None or self._quote_share(span) >= 0.8:
                    continue
                self.add(span[0], span[1], "indirect", "verb", v, sp)

    def _clip(self, span: tuple[int, int], sp: Resolved, v: Token) -> tuple[int, int] | None:
        """Keep the content clear of the speech verb and the speaker mention."""
        a, b = span
        for x, y in ((v.idx, v.idx + len(v)), (sp.mention_start, sp.mention_end)):
            if x < y and a <= x < b:
                if x - a >= b - y:
                    b = x
                else:
                    a = y
        text = self.doc.text
        while a < b and (text[a].isspace() or text[a] in ",;:"):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:."):
            b -= 1
        return (a, b) if b > a else None

    def nominal(self) -> None:
        for s in self.ctx.sentences:
            for n in s.span:
                preps = self.lex.nouns.get(n.lemma_.lower())
                if preps is None or n.pos_ != "NOUN" or n.i in self.in_pair:
                    continue
                content = next((c for c in n.children if c.dep_ == "prep" and c.lower_ in preps), None)
                if content is None:
                    continue
                src = None
                for c in n.children:
                    if c.dep_ in ("poss", "compound"):
                        r = self.res.from_np(c)
                        if r is not None and r.speaker is not None:
                            src = r
                    elif c.dep_ == "prep" and c.lower_ in ("by", "as"):
                        by = (
                            c if c.lower_ == "by" else next((x for x in c.children if x.lower_ == "by"), None)
                        )
                        pobj = (
                            next((x for x in by.children if x.dep_ == "pobj"), None)
                            if by is not None
                            else None
                        )
                        if pobj is not None:
                            r = self.res.from_np(pobj)
                            if r is not None and r.speaker is not None:
                                src = r
                if src is None:
                    continue
                span = _contiguous([t for t in content.subtree if t.i != content.i])
                if span is not None:
                    self.add(span[0], span[1], "indirect", "noun", n, src)

    def according_to(self) -> None:
        for s in self.ctx.sentences:
            for t in s.span:
                if t.lower_ != "according" or t.i + 1 >= len(self.doc) or self.doc[t.i + 1].lower_ != "to":
                    continue
                to = self.doc[t.i + 1]
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                sp = self.res.from_np(pobj)
                head = t.head if t.head.i != t.i else s.span.root
                drop = {x.i for x in t.subtree} | {x.i for x in to.subtree}
                toks = [x for x in head.subtree if x.i not in drop]
                span = _contiguous(toks)
                if span is not None:
                    self.add(span[0], span[1], "according_to", "according_to", self.doc[t.i : t.i + 2], sp)

    def colon_lists(self) -> None:
        sents = self.ctx.sentences
        for i, s in enumerate(sents):
            if (
                not s.span.text.rstrip().endswith(":")
                or i + 1 >= len(sents)
                or sents[i + 1].kind != "list_item"
            ):
                continue
            sp = None
            for q in self.quotes:
                if (
                    q.kind != "scare"
                    and s.span.start_char <= q.start < s.span.end_char
                    and q.rule in ("verb", "noun")
                ):
                    sp = q.resolved
            if sp is None:
                for v in s.span:
                    cue = self.speech_verb(v)
                    if cue is not None and self.frame_ok(v, cue):
                        sp = self.verb_speaker(v, cue)
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
                    self.add(span[0], span[1], "indirect", "colon_list", colon, sp)

    def continuation(self) -> None:
        sents = self.ctx.sentences
        marked = [q for q in self.quotes if q.kind in ("direct", "block")]

        def covering(s: Sentence) -> Quote | None:
            return next(
                (q for q in marked if q.start <= s.span.start_char + 1 and s.span.end_char - 1 <= q.end + 1),
                None,
            )

        for i in range(1, len(sents) - 1):
            s, prev, nxt = sents[i], sents[i - 1], sents[i + 1]
            if not (s.block == prev.block == nxt.block):
                continue
            if any(q.start < s.span.end_char and s.span.start_char < q.end for q in self.quotes):
                continue
            if any(self.speech_verb(t) for t in s.span):
                continue
            a, b = covering(prev), covering(nxt)
            if a and b and a.speaker == b.speaker and a.speaker != UNATTRIBUTED:
                span = _contiguous(list(s.span))
                if span:
                    self.add(span[0], span[1], "indirect", "continuation", None, a.resolved)

    def dedupe(self) -> list[Quote]:
        order = {k: i for i, k in enumerate(("direct", "block", "according_to", "indirect", "scare"))}
        best: dict[tuple[int, int], Quote] = {}
        for q in self.quotes:
            key = (q.start, q.end)
            if key not in best or order[q.kind] < order[best[key].kind]:
                best[key] = q
        return sorted(best.values(), key=lambda q: (q.start, -q.end))


def extract(ctx: Context, lex: Lexicon | None = None) -> list[Quote]:
    """Every quote in a parsed text (clean offsets)."""
    return Extractor(ctx, lex).run()


def quotes_in_text(text: str) -> pd.DataFrame:
    """Quotes of a plain English text (offsets into ``text``): for tests and quick checks."""
    ctx = context_from_text(text)
    _, rows = document_quotes(ctx, text, lambda a, b: (a, b))
    return quotes_frame(rows)


def quote_id(doc_id: str, n: int) -> str:
    """``<doc_id>-qtNNN`` (quantities.csv uses ``-qNNN`` for claims)."""
    return f"{doc_id}-qt{n:03d}"


def quote_row(ctx: Context, q: Quote, raw: str, start: int, end: int, to_raw) -> dict:
    """One row of quotes.csv; every span (content, speaker mention, cue) in raw offsets."""
    sent = ctx.sentence_of(q.start)
    ms = me = cs = ce = None
    if q.resolved is not None and q.resolved.mention_end > q.resolved.mention_start and q.kind != "scare":
        ms, me = to_raw(q.resolved.mention_start, q.resolved.mention_end)
    if q.cue_end > q.cue_start >= 0:
        cs, ce = to_raw(q.cue_start, q.cue_end)
    return {
        "quote_id": "",
        "doc_id": ctx.doc_id,
        "sent_id": sent.sent_id if sent else "",
        "start": start,
        "end": end,
        "text": raw[start:end],
        "kind": q.kind,
        "speaker": q.speaker,
        "speaker_role": q.role,
        "speaker_category": q.category,
        "speaker_mention": raw[ms:me] if ms is not None else "",
        "speaker_mention_start": ms,
        "speaker_mention_end": me,
        "cue": raw[cs:ce] if cs is not None else "",
        "cue_start": cs,
        "cue_end": ce,
        "rule": q.rule,
    }


def document_quotes(
    ctx: Context, raw: str, to_raw, lex: Lexicon | None = None
) -> tuple[list[Quote], list[dict]]:
    """The quotes of one document and their rows of quotes.csv (raw offsets, ids in text order).

    ``to_raw(a, b)`` maps clean offsets to raw ones; a quote whose content maps to an empty raw span
    is left out. The one place quotes.csv rows are made (``stance.processed_tables`` calls it)."""
    kept, rows = [], []
    for q in extract(ctx, lex):
        a, b = to_raw(q.start, q.end)
        if a == b:
            continue
        kept.append(q)
        row = quote_row(ctx, q, raw, a, b, to_raw)
        row["quote_id"] = quote_id(ctx.doc_id, len(kept))
        rows.append(row)
    return kept, rows


def quotes_frame(rows: list[dict]) -> pd.DataFrame:
    """quotes.csv as a table: optional offsets as nullable integers (written as empty cells)."""
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS).astype({c: "Int64" for c in OPTIONAL_OFFSETS})


# --- validation against the hand coding -----------------------------------------------------------


def manual_path() -> Path:
    return data_dir() / "annotations" / "quotes_manual.csv"


def load_manual(path: Path | None = None) -> pd.DataFrame:
    return pd.read_csv(path or manual_path(), dtype=str, keep_default_na=False).astype(
        {"start": int, "end": int}
    )


def check_coding(
    manual: pd.DataFrame,
    path: Path,
    id_column: str,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    sentence_column: str | None = None,
) -> None:
    """Stop on hand coding that cannot be validated: a row whose doc_id is not in documents.csv, or
    (``sentence_column``) whose sentence is not a body sentence of that document or does not contain
    the row's span; without it, a row that does not start inside a body sentence of its document.
    The error names the file, the CSV line and the row id."""
    known = set(documents["doc_id"])
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)]
    by_id = body.set_index("sent_id")
    for i, r in enumerate(manual.itertuples(index=False)):
        where = f"{path}: line {i + 2} ({getattr(r, id_column)})"
        if r.doc_id not in known:
            raise CorpusError(
                f"{where}: doc_id {r.doc_id!r} is not in data/processed/documents.csv; fix the doc_id "
                "or add the article (README: Adding an article)."
            )
        if sentence_column is not None:
            sid = getattr(r, sentence_column)
            if sid not in by_id.index or by_id.loc[sid, "doc_id"] != r.doc_id:
                raise CorpusError(
                    f"{where}: {sentence_column} {sid!r} is not a body sentence of {r.doc_id} "
                    "(data/processed/sentences.csv, block_kind paragraph, list_item or prompt); "
                    "re-code the row against the current sentences."
                )
            s = by_id.loc[sid]
            if not (s["start"] <= r.start and r.end <= s["end"]):
                raise CorpusError(
                    f"{where}: span {r.start}-{r.end} lies outside sentence {sid} ({s['start']}-{s['end']})."
                )
        else:
            d = body[body["doc_id"] == r.doc_id]
            if not ((d["start"] <= r.start) & (r.start < d["end"])).any():
                raise CorpusError(
                    f"{where}: span {r.start}-{r.end} does not start inside a body sentence of {r.doc_id}."
                )


def coverage(manual: pd.DataFrame, documents: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(coded, not coded) document ids, in document order: a document is coded when the hand
    coding has at least one row for it. Documents without coding are left out of validation,
    never scored as misses."""
    have = set(manual["doc_id"])
    docs = list(documents["doc_id"])
    return [d for d in docs if d in have], [d for d in docs if d not in have]


def speaker_key(name: str) -> str:
    """Speaker names compared case-insensitively, without parenthetical qualifiers or 'unnamed'."""
    name = re.sub(r"\([^)]*\)", "", str(name)).lower()
    name = re.sub(r"\bunnamed\b", "", name)
    return " ".join(name.split())


def match_quotes(found: pd.DataFrame, manual: pd.DataFrame) -> pd.DataFrame:
    """One row per manual quote with the extracted quote paired to it, one to one.

    Candidates are an extracted and a manual quote of the same document whose raw spans overlap,
    both scare quotes or both not. Pairs are formed greedily: longest overlap first, then same
    canonical speaker (:func:`speaker_key`) first, so an extracted quote is credited to at most one
    manual quote. A manual quote is *recalled* when its pair has the same speaker (scare quotes,
    which have no speaker: when it has a pair)."""
    cands = []
    for m in manual.itertuples():
        scare = m.kind == "scare"
        c = found[
            (found["doc_id"] == m.doc_id)
            & (found["start"] < m.end)
            & (found["end"] > m.start)
            & ((found["kind"] == "scare") == scare)
        ]
        for f in c.itertuples():
            overlap = min(f.end, m.end) - max(f.start, m.start)
            same = scare or speaker_key(f.speaker) == speaker_key(m.speaker)
            cands.append(((-overlap, not same), m.quote_id, f.quote_id))
    pairs = one_to_one(cands)
    by_id = found.set_index("quote_id")
    rows = []
    for m in manual.itertuples():
        f = by_id.loc[pairs[m.quote_id]] if m.quote_id in pairs else None
        same = f is not None and (m.kind == "scare" or speaker_key(f["speaker"]) == speaker_key(m.speaker))
        rows.append(
            {
                "quote_id": m.quote_id,
                "doc_id": m.doc_id,
                "kind": m.kind,
                "text": m.text,
                "speaker": m.speaker,
                "speaker_category": m.speaker_category,
                "found_id": "" if f is None else pairs[m.quote_id],
                "found_speaker": "" if f is None else f["speaker"],
                "found_category": "" if f is None else f["speaker_category"],
                "found_kind": "" if f is None else f["kind"],
                "paired": f is not None,
                "recalled": bool(same),
            }
        )
    return pd.DataFrame(rows)


def quote_scores(found: pd.DataFrame, manual: pd.DataFrame, matched: pd.DataFrame | None = None) -> dict:
    """Speaker recall (non-scare manual quotes whose one-to-one pair has the same speaker),
    precision (extracted non-scare quotes paired with a manual quote of the same speaker), category
    agreement on pairs, scare-quote recall. Only documents with hand coding are scored: extracted
    quotes of other documents are left out, and their ids listed under ``not_coded``."""
    coded = set(manual["doc_id"])
    not_coded = sorted(set(found["doc_id"]) - coded)
    found = found[found["doc_id"].isin(coded)]
    matched = match_quotes(found, manual) if matched is None else matched
    speech = matched[matched["kind"] != "scare"]
    ours = found[found["kind"] != "scare"]
    paired = speech[speech["paired"]]
    return {
        "n_manual": len(speech),
        "n_found": len(ours),
        "n_recalled": int(speech["recalled"].sum()),
        "recall": float(speech["recalled"].mean()) if len(speech) else float("nan"),
        "precision": float(speech["recalled"].sum() / len(ours)) if len(ours) else float("nan"),
        "n_paired": len(paired),
        "category_agreement": float((paired["found_category"] == paired["speaker_category"]).mean())
        if len(paired)
        else float("nan"),
        "n_scare": int((matched["kind"] == "scare").sum()),
        "scare_recall": float(matched[matched["kind"] == "scare"]["recalled"].mean()),
        "not_coded": not_coded,
    }
