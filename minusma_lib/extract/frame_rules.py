"""Domain frames: the codebook (``data/codebooks/frames.yaml``) and the lexicon (``data/lexicons/frames.yaml``),
loaded and checked (errors name the file, the entry and the fix).
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import Matcher

from minusma_lib.core.config import check_keys, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.core.paths import data_dir, project_root
from minusma_lib.corpus.annotate import ACTOR_GROUPS
from minusma_lib.corpus.seeds import load_manifest

NONE = "none"

GENERAL = "general"

ENTRY_ID = re.compile(r"^[a-z]+-\d{3}$")

ENTRY_KEYS = {
    "id",
    "frame",
    "pattern",
    "rationale",
    "source_doc",
    "negatable",
    "negated_frame",
    "requires_actor",
    "priority",
    "replaces",
}


# Top-level keys of the lexicon file and what each holds (all required; see load_lexicon).
LEXICON_KEYS = {
    "version": 'the lexicon version, e.g. "1.0"',
    "entries": "the patterns, one mapping per entry",
    "negators": "words that negate what they govern, beside any `neg` dependent",
    "subordinators": "words that make a match under them subordinate (rules P1, P3)",
}

WORD_LIST_KEYS = ("negators", "subordinators")


# Rule P4 of the codebook: at most two secondary frames per sentence (checked when a coding is read).
MAX_SECONDARY = 2


class FramesError(ConfigError):
    """Bad codebook, lexicon or coding file; the message names the file, the entry and the fix."""


def codebook_path() -> Path:
    return data_dir() / "codebooks" / "frames.yaml"


def lexicon_path() -> Path:
    return data_dir() / "lexicons" / "frames.yaml"


def relative_path(path: Path) -> str:
    """``path`` relative to the project root when it lies inside it (for messages and prose)."""
    try:
        return str(path.resolve().relative_to(project_root().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Codebook:
    version: str
    pfc: dict[int, dict]
    frames: dict[str, dict]
    quoted: frozenset[str] = frozenset()  # sent_ids the codebook quotes as (counter-)examples
    none: dict = field(default_factory=dict)  # the codebook's `none` section

    def pfc_code(self, frame: str) -> int | None:
        return None if frame == NONE else int(self.frames[frame]["pfc_code"])

    def label(self, frame: str) -> str:
        """The codebook's ``short_label`` of a frame (for charts and tables), else its ``label``."""
        d = self.none if frame == NONE else self.frames.get(frame, {})
        return d.get("short_label") or d.get("label") or frame

    @property
    def frame_ids(self) -> list[str]:
        return list(self.frames)


DOMAIN_FRAME_KEYS = (
    "id",
    "label",
    "definition",
    "pfc_code",
    "short_label",
    "pfc_justification",
    "indicators",
    "examples",
    "counter_examples",
)


def load_codebook(path: Path | None = None) -> Codebook:
    """Read and check the codebook: PFC codes 1–15 complete, every domain frame on one valid code."""
    path = path or codebook_path()
    spec = copy.deepcopy(load_yaml(path)) or {}
    check_keys(
        spec, path, "top level", ("version", "pfc", "domain_frames"), ("description", "none", "coding_rules")
    )
    for n, d in enumerate(spec.get("pfc") or [], start=1):
        check_keys(d, path, f"pfc entry {n}", ("code", "id", "label", "definition"))
    for n, d in enumerate(spec.get("domain_frames") or [], start=1):
        check_keys(
            d,
            path,
            f"domain frame {n} ({d.get('id') if isinstance(d, dict) else '?'})",
            DOMAIN_FRAME_KEYS[:4],
            DOMAIN_FRAME_KEYS[4:],
        )
    check_keys(
        spec.get("none") or {},
        path,
        "none",
        (),
        ("id", "label", "definition", "examples", "counter_examples"),
    )
    pfc = {}
    for n, d in enumerate(spec.get("pfc") or [], start=1):
        code = d.get("code")
        if not isinstance(code, int) or code in pfc:
            raise FramesError(
                f"{path}: pfc entry {n} has a missing or repeated code {code!r}; use 1–15 once each."
            )
        pfc[code] = d
    if sorted(pfc) != list(range(1, 16)):
        missing = sorted(set(range(1, 16)) - set(pfc))
        raise FramesError(
            f"{path}: the PFC needs codes 1–15 exactly; missing {missing}, extra {sorted(set(pfc) - set(range(1, 16)))}."
        )
    frames: dict[str, dict] = {}
    for n, d in enumerate(spec.get("domain_frames") or [], start=1):
        fid = d.get("id")
        if not fid or fid in frames or fid == NONE:
            raise FramesError(f"{path}: domain frame {n} has a missing, repeated or reserved id {fid!r}.")
        if d.get("pfc_code") not in pfc:
            raise FramesError(
                f"{path}: domain frame {fid!r} maps to pfc_code {d.get('pfc_code')!r}; use one of 1–15."
            )
        short = d.get("short_label")
        if short is not None and (not isinstance(short, str) or not short.strip()):
            raise FramesError(
                f"{path}: domain frame {fid!r} has short_label {short!r}. Fix: give a short text label "
                "for charts, or remove the key to use `label`."
            )
        frames[fid] = d
    if not frames:
        raise FramesError(f"{path}: no domain_frames; add at least one.")
    none = spec.get("none") or {}
    labels = [(d.get("short_label") or d.get("label") or fid) for fid, d in frames.items()]
    labels.append(none.get("short_label") or none.get("label") or NONE)
    twice = sorted({x for x in labels if labels.count(x) > 1})
    if twice:
        raise FramesError(
            f"{path}: the chart label {twice[0]!r} is used by more than one frame. Fix: give each domain "
            "frame (and `none`) its own short_label."
        )
    quoted = {
        ex["sent_id"]
        for d in [*frames.values(), spec.get("none") or {}]
        for key in ("examples", "counter_examples")
        for ex in d.get(key) or []
        if isinstance(ex, dict) and ex.get("sent_id")
    }
    return Codebook(str(spec.get("version", "")), pfc, frames, frozenset(quoted), none)


def frame_labels(codebook: Codebook, with_none: bool = False) -> dict[str, str]:
    """Short chart label per domain frame id, in codebook order (and ``none`` last if asked)."""
    ids = [*codebook.frame_ids, NONE] if with_none else codebook.frame_ids
    return {f: codebook.label(f) for f in ids}


@dataclass(frozen=True)
class Entry:
    """One lexicon pattern. ``pattern`` is a phrase (matched case-insensitively) or a spaCy token pattern."""

    id: str
    frame: str
    pattern: str | list
    rationale: str
    source_doc: str = GENERAL
    negatable: bool = False
    negated_frame: str | None = None
    requires_actor: tuple[str, ...] = ()
    priority: int = 0
    replaces: str | None = None


@dataclass(frozen=True)
class Lexicon:
    """All entries; ``active`` leaves out entries superseded (``replaces``) by a later one."""

    version: str
    entries: tuple[Entry, ...]
    path: str = ""
    negators: tuple[str, ...] = ()  # words that negate what they govern (lower case)
    subordinators: tuple[str, ...] = ()  # words that make a match under them subordinate
    by_id: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id.update({e.id: e for e in self.entries})

    @property
    def active(self) -> tuple[Entry, ...]:
        replaced = {e.replaces for e in self.entries if e.replaces}
        return tuple(e for e in self.entries if e.id not in replaced)

    def without_source(self, doc_id: str) -> Lexicon:
        """The lexicon as it would be without ``doc_id``'s errors (for leave-one-article-out): entries
        motivated by that article are dropped, so the entries they replaced are active again."""
        return replace(self, entries=tuple(e for e in self.entries if e.source_doc != doc_id), by_id={})


def _entry_error(path: Path, n: int, raw: object, problem: str, fix: str) -> FramesError:
    eid = raw.get("id") if isinstance(raw, dict) else None
    return FramesError(f"{path}: entry {n} ({eid or 'no id'}): {problem}. Fix: {fix}.")


def study_rules() -> tuple[Codebook, Lexicon]:
    """The study's codebook and lexicon, loaded once per process while their files are unchanged: one
    lexicon object, so every stage that tags frames shares one ruler and its matches."""
    return _study_rules(codebook_path().stat().st_mtime_ns, lexicon_path().stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _study_rules(codebook_mtime: int, lexicon_mtime: int) -> tuple[Codebook, Lexicon]:
    codebook = load_codebook()
    return codebook, load_lexicon(codebook=codebook)


def load_lexicon(
    path: Path | None = None, codebook: Codebook | None = None, doc_ids: Iterable[str] | None = None
) -> Lexicon:
    """Read and check the lexicon; every error names the entry and the fix."""
    path = path or lexicon_path()
    codebook = codebook or load_codebook()
    spec = copy.deepcopy(load_yaml(path))
    if not isinstance(spec, dict):
        raise FramesError(
            f"{path}: must be a mapping with the top-level keys {', '.join(LEXICON_KEYS)}. Fix: see the "
            "comment at the top of data/lexicons/frames.yaml."
        )
    _check_top_level(path, spec)
    if not spec.get("version"):
        raise FramesError(f'{path}: the top-level `version` is empty. Fix: add `version: "1.0"`.')
    words = {k: _word_list(path, spec, k) for k in WORD_LIST_KEYS}
    raw_entries = spec.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise FramesError(f"{path}: `entries` must be a non-empty list. Fix: add at least one entry.")
    if doc_ids is None:
        doc_ids = _manifest_doc_ids()
    sources = {GENERAL, *doc_ids}
    matcher = Matcher(spacy.blank("en").vocab, validate=True)
    seen: set[str] = set()
    entries = [
        _entry(path, n, raw, codebook, sources, seen, matcher) for n, raw in enumerate(raw_entries, start=1)
    ]
    twice = pd.Series([e.replaces for e in entries if e.replaces]).duplicated()
    if twice.any():
        rid = [e.replaces for e in entries if e.replaces][int(np.argmax(twice.to_numpy()))]
        raise FramesError(
            f"{path}: entry {rid} is replaced by more than one entry. Fix: replace it once and chain later changes."
        )
    return Lexicon(str(spec["version"]), tuple(entries), str(path), **words)


def _check_entry_keys(path: Path, n: int, raw: object) -> None:
    """An entry is a mapping with every required key and no unknown one."""
    if not isinstance(raw, dict):
        raise _entry_error(path, n, raw, "is not a mapping", "write it as `- id: ...` with keys on new lines")
    missing = [k for k in ("id", "frame", "pattern", "rationale", "source_doc") if not raw.get(k)]
    if missing:
        raise _entry_error(
            path,
            n,
            raw,
            f"missing {', '.join(missing)}",
            "give every entry id, frame, pattern, rationale and source_doc",
        )
    unknown = sorted(map(str, set(raw) - ENTRY_KEYS))
    if unknown:
        renames = [f"rename `{k}` to `{c[0]}`" for k in unknown if (c := _close(k, ENTRY_KEYS))]
        raise _entry_error(
            path,
            n,
            raw,
            f"unknown key(s) {', '.join(unknown)}",
            "; ".join([*renames, f"use only {', '.join(sorted(ENTRY_KEYS))}"]),
        )


def _check_entry_references(
    path: Path, n: int, raw: dict, codebook: Codebook, sources: set[str], seen: set[str]
) -> tuple[str, str | None, tuple[str, ...]]:
    """The entry's id is well formed and new; its frame, source, negated frame, actors, replaced entry
    and priority exist. Returns (id, negated frame, actors)."""
    eid = str(raw["id"])
    if not ENTRY_ID.match(eid):
        raise _entry_error(
            path,
            n,
            raw,
            f"id {eid!r} is not like 'sec-001'",
            "use a lower-case prefix, a hyphen and three digits",
        )
    if eid in seen:
        raise _entry_error(path, n, raw, f"id {eid!r} is used twice", "give each entry its own id")
    seen.add(eid)
    if raw["frame"] not in codebook.frames:
        raise _entry_error(
            path,
            n,
            raw,
            f"frame {raw['frame']!r} is not in the codebook",
            f"use one of {', '.join(codebook.frame_ids)}",
        )
    if raw["source_doc"] not in sources:
        raise _entry_error(
            path,
            n,
            raw,
            f"source_doc {raw['source_doc']!r} is unknown",
            f"use 'general' or a doc_id ({', '.join(sorted(sources - {GENERAL}))})",
        )
    negated = raw.get("negated_frame")
    if negated is not None and (negated not in codebook.frames or not raw.get("negatable")):
        raise _entry_error(
            path,
            n,
            raw,
            f"negated_frame {negated!r} needs `negatable: true` and a codebook frame",
            "set negatable: true and use a codebook frame id",
        )
    actors = tuple(raw.get("requires_actor") or ())
    bad = [a for a in actors if a not in ACTOR_GROUPS]
    if bad:
        raise _entry_error(
            path,
            n,
            raw,
            f"requires_actor {bad} unknown",
            f"use gazetteer groups: {', '.join(ACTOR_GROUPS)}",
        )
    if raw.get("replaces") is not None and (raw["replaces"] not in seen or raw["replaces"] == eid):
        raise _entry_error(
            path,
            n,
            raw,
            f"replaces {raw['replaces']!r}, which is not an earlier entry",
            "name the id of an entry above this one",
        )
    if not isinstance(raw.get("priority", 0), int) or isinstance(raw.get("priority"), bool):
        raise _entry_error(path, n, raw, f"priority {raw['priority']!r} is not an integer", "use -1, 0 or 1")
    return eid, negated, actors


def _check_entry_pattern(path: Path, n: int, raw: dict, eid: str, matcher: Matcher) -> None:
    """The pattern is a phrase or a valid spaCy token pattern anchored on more than stop words."""
    pattern = raw["pattern"]
    if isinstance(pattern, list) and all(
        isinstance(t, dict) and set(t) <= {"OP"} or (isinstance(t, dict) and _stop_word_only(t))
        for t in pattern
    ):
        raise _entry_error(
            path,
            n,
            raw,
            "the pattern constrains no token beyond stop words or wildcards, so it matches almost any "
            "sentence (and wildcards can run for minutes)",
            "anchor it on a content word (LEMMA or LOWER of a noun, verb or adjective)",
        )
    if isinstance(pattern, list):
        try:
            matcher.add(eid, [pattern])
        except Exception as exc:  # spaCy's MatchPatternError and malformed dicts
            first = str(exc).strip().splitlines()
            raise _entry_error(
                path,
                n,
                raw,
                f"invalid spaCy token pattern ({' '.join(first[-1:])})",
                "see https://spacy.io/usage/rule-based-matching (keys such as LEMMA, LOWER, OP)",
            ) from exc
    elif not isinstance(pattern, str):
        raise _entry_error(
            path,
            n,
            raw,
            "pattern is neither a phrase nor a token pattern",
            "write a phrase string or a list of token dicts",
        )


def _entry(
    path: Path, n: int, raw: object, codebook: Codebook, sources: set[str], seen: set[str], matcher: Matcher
) -> Entry:
    """One checked lexicon entry; every error names the entry and the fix."""
    _check_entry_keys(path, n, raw)
    eid, negated, actors = _check_entry_references(path, n, raw, codebook, sources, seen)
    _check_entry_pattern(path, n, raw, eid, matcher)
    pattern = raw["pattern"]
    return Entry(
        id=eid,
        frame=raw["frame"],
        pattern=pattern,
        rationale=" ".join(str(raw["rationale"]).split()),
        source_doc=raw["source_doc"],
        negatable=bool(raw.get("negatable", False)),
        negated_frame=negated,
        requires_actor=actors,
        priority=int(raw.get("priority", 0)),
        replaces=raw.get("replaces"),
    )


def _close(key: str, allowed: Iterable[str]) -> list[str]:
    """The allowed key ``key`` is most likely a misspelling of (empty if none is close)."""
    return difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.75)


def _check_top_level(path: Path, spec: dict) -> None:
    """Every top-level key of the lexicon file is known and present; a typo names the key it resembles."""
    for key in map(str, spec):
        if key not in LEXICON_KEYS:
            close = _close(key, LEXICON_KEYS)
            fix = f"rename it to `{close[0]}`" if close else "remove it"
            raise FramesError(
                f"{path}: unknown top-level key `{key}`. Fix: {fix}; the top-level keys are "
                f"{', '.join(LEXICON_KEYS)}."
            )
    for key, what in LEXICON_KEYS.items():
        if key not in spec:
            raise FramesError(
                f"{path}: missing top-level key `{key}` ({what}). Fix: add `{key}:` to the file."
            )


def _word_list(path: Path, spec: dict, key: str) -> tuple[str, ...]:
    """A required top-level list of single lower-case words (order kept, duplicates dropped)."""
    words = spec[key]
    ok = isinstance(words, list) and words and all(isinstance(w, str) and w.strip() for w in words)
    if not ok or any(len(w.split()) != 1 for w in words):
        raise FramesError(
            f"{path}: top-level key `{key}` must be a non-empty list of single words ({LEXICON_KEYS[key]}); "
            f"found {words!r}. Fix: write it as `{key}: ['word', 'word', ...]` (quoted: YAML reads a bare "
            "no as false)."
        )
    return tuple(dict.fromkeys(w.strip().lower() for w in words))


def _stop_word_only(token: dict) -> bool:
    """A token pattern that only matches a stop word ("the", "of"): it anchors nothing."""
    words = [v for k, v in token.items() if k in ("LOWER", "LEMMA", "ORTH", "TEXT") and isinstance(v, str)]
    return bool(words) and all(w.lower() in STOP_WORDS for w in words)


def _manifest_doc_ids() -> list[str]:
    return [m["doc_id"] for m in load_manifest(project_root() / "seeds" / "manifest.csv")]
