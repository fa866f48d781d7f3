"""The speech lexicon (``data/lexicons/speech_verbs.yaml``): speech verbs and their content frames,
speech-act nouns, known speakers with their roles and categories, loaded and checked once.

Every entry error names the file, the entry and the fix (:class:`ConfigError`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.lang.en import English
from spacy.lang.en.stop_words import STOP_WORDS

from minusma_lib.core.config import check_keys, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.core.paths import data_dir

CATEGORIES = (
    "malian_authorities",
    "un",
    "western_government",
    "other_government",
    "expert_ngo",
    "media",
    "armed_group",
    "unknown",
    "unattributed",
)

CATEGORY_LABELS = {
    "malian_authorities": "Malian authorities",
    "un": "UN",
    "western_government": "Western government",
    "other_government": "Other government",
    "expert_ngo": "Expert or NGO",
    "media": "Media",
    "armed_group": "Armed group",
    "unknown": "Named, category unknown",
    "unattributed": "Unattributed",
}

SPEAKER_KINDS = ("person", "group", "document", "institution")

FRAMES = ("clause", "xcomp", "object", "oprd", "object+of", "object+for", "as", "colon")

UNATTRIBUTED = "unattributed"


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

SPEAKER_KEYS = ("canonical", "role", "category", "kind", "why", "aliases")


def lexicon_path() -> Path:
    return data_dir() / "lexicons" / "speech_verbs.yaml"


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
    sourcing_verbs: frozenset[str] = frozenset()  # "asked not to be named": about the sourcing, not content
    viewpoint_nouns: frozenset[str] = frozenset()  # "in her words", "in his view": an attribution formula
    account_nouns: frozenset[str] = frozenset()  # "by his count", "by her own account": the same with "by"

    def speaker(self, canonical: str) -> Speaker | None:
        return next((s for s in self.speakers if s.canonical == canonical), None)


def _lexicon_error(path: Path, where: str, msg: str) -> ConfigError:
    return ConfigError(f"{path}: {where}: {msg}")


@lru_cache(maxsize=1)
def _tokenizer():
    return English().tokenizer


# Verbs every clause may carry: as speech verbs they would turn any sentence into a quote.
AUXILIARIES = ("be", "have", "do")

# The inflected forms of "say", which English has no noun of: where the tagger tags one a noun
# ('"...," the 46-year-old said', "said" read as the epithet's head), it is still the speech verb.
SAY_FORMS = ("said", "says")


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
    check_keys(spec, path, "top level", LEXICON_KEYS, ("sourcing_verbs", "viewpoint_nouns", "account_nouns"))
    for key in ("verbs", "nouns", "speakers"):
        if not isinstance(spec.get(key), list) or not spec[key]:
            raise _lexicon_error(path, key, f"a non-empty list `{key}:` is required.")
    spec.setdefault("sourcing_verbs", [])
    spec.setdefault("viewpoint_nouns", ["words"])
    spec.setdefault("account_nouns", [])
    for key in ("unattributed_sources", "quantifiers", "sourcing_verbs", "viewpoint_nouns", "account_nouns"):
        if not isinstance(spec[key], list):
            raise _lexicon_error(path, key, f"`{key}:` must be a list (use [] for none).")
    if not isinstance(spec["quantifier_groups"], dict):
        raise _lexicon_error(
            path, "quantifier_groups", "must be a mapping {verb lemma: group name} ({} for none)."
        )
    scare = spec["scare_max_words"]
    if not isinstance(scare, int) or isinstance(scare, bool) or scare < 1:
        raise _lexicon_error(path, "scare_max_words", "must be a positive integer.")
    speakers = _speakers(path, spec["speakers"])
    return Lexicon(
        verbs=_verbs(path, spec["verbs"]),
        nouns=_nouns(path, spec["nouns"]),
        speakers=speakers,
        unattributed_sources=tuple(str(x).lower() for x in spec["unattributed_sources"]),
        quantifiers=frozenset(str(x).lower() for x in spec["quantifiers"]),
        quantifier_groups=dict(spec["quantifier_groups"]),
        scare_max_words=scare,
        alias_index=_alias_index(speakers),
        sourcing_verbs=frozenset(str(x).lower() for x in spec["sourcing_verbs"]),
        viewpoint_nouns=frozenset(str(x).lower() for x in spec["viewpoint_nouns"]),
        account_nouns=frozenset(str(x).lower() for x in spec["account_nouns"]),
    )


def _verb_cue(path: Path, where: str, v: dict) -> VerbCue:
    """One entry of ``verbs:``, checked."""
    if not v.get("lemma"):
        raise _lexicon_error(path, where, "add `lemma:` (the verb's dictionary form).")
    content = tuple(v.get("content") or ())
    if not content:
        raise _lexicon_error(path, where, f"add `content:` with frames from {', '.join(FRAMES)} or prep:<p>.")
    for c in content:
        if c not in FRAMES and not re.fullmatch(r"prep:[a-z]+", c):
            raise _lexicon_error(
                path, where, f"content frame {c!r} is unknown; use {', '.join(FRAMES)} or prep:<p>."
            )
    if str(v["lemma"]).lower() in AUXILIARIES:
        raise _lexicon_error(path, where, "an auxiliary verb is not a speech verb (every clause has one).")
    check_keys(v, path, where, (), VERB_KEYS)
    return VerbCue(
        lemma=v["lemma"],
        content=content,
        addressee=bool(v.get("addressee")),
        agentless_passive=bool(v.get("agentless_passive")),
        passive_only=bool(v.get("passive_only")),
        source_only=bool(v.get("source_only")),
        frame_only=tuple(v.get("frame_only") or ()),
    )


def _verbs(path: Path, entries: list[dict]) -> dict[str, VerbCue]:
    verbs: dict[str, VerbCue] = {}
    for i, v in enumerate(entries):
        where = f"verbs[{i}] ({v.get('lemma', '?')})"
        cue = _verb_cue(path, where, v)
        if cue.lemma in verbs:
            raise _lexicon_error(path, where, "this lemma is listed twice; merge the two entries.")
        verbs[cue.lemma] = cue
    return verbs


def _nouns(path: Path, entries: list[dict]) -> dict[str, tuple[str, ...]]:
    nouns: dict[str, tuple[str, ...]] = {}
    for i, n in enumerate(entries):
        check_keys(n, path, f"nouns[{i}] ({n.get('lemma', '?')})", (), NOUN_KEYS)
        if not n.get("lemma") or not n.get("preps"):
            raise _lexicon_error(
                path, f"nouns[{i}]", "each noun needs `lemma:` and `preps:` (content prepositions)."
            )
        nouns[n["lemma"]] = tuple(n["preps"])
    return nouns


def _speaker(path: Path, where: str, s: dict) -> Speaker:
    """One entry of ``speakers:``, checked (aliases of stop words only are refused)."""
    check_keys(s, path, where, (), SPEAKER_KEYS)
    for key in SPEAKER_KEYS:
        if not s.get(key):
            raise _lexicon_error(path, where, f"add `{key}:`.")
    if s["category"] not in CATEGORIES:
        raise _lexicon_error(
            path, where, f"category {s['category']!r} must be one of {', '.join(CATEGORIES)}."
        )
    if s["kind"] not in SPEAKER_KINDS:
        raise _lexicon_error(path, where, f"kind {s['kind']!r} must be one of {', '.join(SPEAKER_KINDS)}.")
    for a in s["aliases"]:
        if only_stop_words(alias_tokens(str(a))):
            raise _lexicon_error(path, where, f"alias {a!r} is only stop words; it would match any text.")
    return Speaker(s["canonical"], s["role"], s["category"], s["kind"], tuple(str(a) for a in s["aliases"]))


def _speakers(path: Path, entries: list[dict]) -> tuple[Speaker, ...]:
    speakers = []
    seen: dict[tuple[str, ...], str] = {}
    for i, s in enumerate(entries):
        where = f"speakers[{i}] ({s.get('canonical', '?')})"
        sp = _speaker(path, where, s)
        for a in sp.aliases:
            toks = alias_tokens(a)
            if toks in seen and seen[toks] != sp.canonical:
                raise _lexicon_error(
                    path, where, f"alias {a!r} is also an alias of {seen[toks]!r}; keep it under one speaker."
                )
            seen[toks] = sp.canonical
        speakers.append(sp)
    return tuple(speakers)


def _alias_index(speakers: tuple[Speaker, ...]) -> dict[str, list[tuple[tuple[str, ...], Speaker]]]:
    """Aliases by their first token, longest first (for matching mentions in a parsed text)."""
    index: dict[str, list[tuple[tuple[str, ...], Speaker]]] = {}
    for sp in speakers:
        for a in sp.aliases:
            toks = alias_tokens(a)
            index.setdefault(toks[0], []).append((toks, sp))
    for v in index.values():
        v.sort(key=lambda x: -len(x[0]))
    return index
