"""Framing (notebook 01): codebook, manual coding, a lexicon tagger run by spaCy, validation, comparison.

- The codebook (``data/codebooks/frames.yaml``) holds the 15 Policy Frames Codebook (PFC) dimensions and
  the domain frames mapped onto them; the manual coding (``data/annotations/frames_manual.csv``) gives
  every body sentence a primary frame and secondary frames.
- The lexicon (``data/lexicons/frames.yaml``) is versioned data: one entry per pattern with id, frame,
  spaCy pattern, rationale and the article whose coding motivated it (``source_doc``, or ``general``).
  A ``SpanRuler`` runs it over the annotated Docs; every label keeps the ids of the patterns that fired.
- Validation scores the tagger against the manual coding, also leave-one-article-out (LOAO: an article
  is tagged without the entries its own coding motivated), with Krippendorff's alpha.
- Comparison: per outlet, the share of sentences carrying each frame with bootstrap intervals, the
  primary frame, and a permutation test of the outlet × frame table.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span, Token

from minusma_lib.core import tables
from minusma_lib.core.config import check_keys, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.core.labels import GENRE_LABELS, LANGUAGES, outlet_labels
from minusma_lib.core.paths import data_dir, project_root
from minusma_lib.core.rng import keyed_rng
from minusma_lib.corpus.annotate import ACTOR_GROUPS, ACTORS_KEY, AnnotatedCorpus, sent_id, sentence_spans
from minusma_lib.corpus.cleaning import BODY_KINDS
from minusma_lib.corpus.seeds import load_manifest
from minusma_lib.report.text import esc, join, num, plural
from minusma_lib.validate.agreement import alpha_nominal

NONE = "none"
GENERAL = "general"
METHODS = ("manual", "lexicon", "lexicon_loao")
SPANS_KEY = "frames"
SEED = 20230630  # the day Resolution 2690 was adopted
N_BOOT = 2000
N_PERM = 10000
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
# Dependency labels on the path to the sentence root that make a match subordinate (rules P1, P3);
# grammar of spaCy's parser, not vocabulary, so they stay in code.
SUBORDINATE_DEPS = {"relcl", "acl", "advcl", "appos"}
# Rule P4 of the codebook: at most two secondary frames per sentence (checked when a coding is read).
MAX_SECONDARY = 2
# Krippendorff's (2004) conventional cut-offs for alpha: reliable, and tentatively acceptable.
ALPHA_RELIABLE = 0.8
ALPHA_TENTATIVE = 0.667
# A frame with fewer gold labels than this has unstable scores: one error more or less moves its
# recall by more than 0.1.
FEW_GOLD_LABELS = 10
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
SUMMARY_COLUMNS = [
    "doc_id",
    "outlet_short",
    "genre",
    "translation",
    "translated_from",
    "method",
    "frame",
    "pfc_code",
    "n_body_sentences",
    "n_sentences",
    "share",
    "share_low",
    "share_high",
    "n_primary",
    "share_primary",
    "outlet_primary",
]


class FramesError(ConfigError):
    """Bad codebook, lexicon or coding file; the message names the file, the entry and the fix."""


def codebook_path() -> Path:
    return data_dir() / "codebooks" / "frames.yaml"


def lexicon_path() -> Path:
    return data_dir() / "lexicons" / "frames.yaml"


def manual_path() -> Path:
    return data_dir() / "annotations" / "frames_manual.csv"


def coder2_path() -> Path:
    return data_dir() / "annotations" / "frames_manual_coder2.csv"


def coding_guide_path() -> Path:
    return data_dir() / "annotations" / "frames_coding_guide.md"


def _rel(path: Path) -> str:
    """``path`` relative to the project root when it lies inside it (for messages and prose)."""
    try:
        return str(path.resolve().relative_to(project_root().resolve()))
    except ValueError:
        return str(path)


# --- codebook ---------------------------------------------------------------------------------


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


def codebook_prose(codebook: Codebook) -> str:
    """How the domain frames sit on the PFC: which dimensions are used, and whether one-to-one."""
    by_code: dict[int, list[str]] = {}
    for fid in codebook.frame_ids:
        by_code.setdefault(codebook.pfc_code(fid), []).append(fid)
    unused = [c for c in codebook.pfc if c not in by_code]
    shared = {c: f for c, f in by_code.items() if len(f) > 1}
    n = len(codebook.frames)
    out = (
        f"The codebook (version {esc(codebook.version)}) maps {plural(n, 'domain frame')} onto "
        f"{len(by_code)} of the {len(codebook.pfc)} PFC dimensions. "
    )
    if shared:
        out += (
            "Several domain frames share a dimension ("
            + "; ".join(
                f"PFC {c} {codebook.pfc[c]['label']}: {join(codebook.label(f) for f in fs)}"
                for c, fs in shared.items()
            )
            + "), so the scores below hold for the domain frames, not for the PFC dimensions. "
        )
    else:
        out += (
            "Each dimension used holds exactly one domain frame, so every score below holds at the PFC "
            "level as well. "
        )
    if unused:
        out += "Not used: " + join(f"PFC {c} *{codebook.pfc[c]['label']}*" for c in unused) + ". "
    return out + "A sentence without any frame is coded `none`."


def frame_labels(codebook: Codebook, with_none: bool = False) -> dict[str, str]:
    """Short chart label per domain frame id, in codebook order (and ``none`` last if asked)."""
    ids = [*codebook.frame_ids, NONE] if with_none else codebook.frame_ids
    return {f: codebook.label(f) for f in ids}


def codebook_table(codebook: Codebook, lexicon: Lexicon) -> pd.DataFrame:
    """One row per domain frame: PFC code and label, definition, and the lexicon patterns for it."""
    rows = []
    for fid, d in codebook.frames.items():
        entries = [e for e in lexicon.active if e.frame == fid]
        rows.append(
            {
                "domain frame": codebook.label(fid),
                "id": fid,
                "PFC": f"{d['pfc_code']} {codebook.pfc[d['pfc_code']]['label']}",
                "definition": " ".join(str(d["definition"]).split())[:220] + "…",
                "patterns": len(entries),
                "general patterns": sum(e.source_doc == GENERAL for e in entries),
            }
        )
    return pd.DataFrame(rows)


# --- lexicon ----------------------------------------------------------------------------------


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
    entries = []
    for n, raw in enumerate(raw_entries, start=1):
        if not isinstance(raw, dict):
            raise _entry_error(
                path, n, raw, "is not a mapping", "write it as `- id: ...` with keys on new lines"
            )
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
            raise _entry_error(
                path, n, raw, f"priority {raw['priority']!r} is not an integer", "use -1, 0 or 1"
            )
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
        entries.append(
            Entry(
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
        )
    twice = pd.Series([e.replaces for e in entries if e.replaces]).duplicated()
    if twice.any():
        rid = [e.replaces for e in entries if e.replaces][int(np.argmax(twice.to_numpy()))]
        raise FramesError(
            f"{path}: entry {rid} is replaced by more than one entry. Fix: replace it once and chain later changes."
        )
    return Lexicon(str(spec["version"]), tuple(entries), str(path), **words)


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


def lexicon_table(lexicon: Lexicon, codebook: Codebook) -> pd.DataFrame:
    """Patterns per frame: how many, how many general, motivated by which article, negatable."""
    rows = []
    for fid in codebook.frame_ids:
        es = [e for e in lexicon.active if e.frame == fid]
        by_doc = pd.Series([e.source_doc for e in es if e.source_doc != GENERAL]).value_counts()
        rows.append(
            {
                "frame": codebook.label(fid),
                "patterns": len(es),
                "general": sum(e.source_doc == GENERAL for e in es),
                "tied to an article": ", ".join(f"{d} {c}" for d, c in by_doc.items()),
                "negatable": sum(e.negatable for e in es),
                "need an actor": sum(bool(e.requires_actor) for e in es),
            }
        )
    return pd.DataFrame(rows)


def lexicon_prose(lexicon: Lexicon, frames: pd.DataFrame) -> str:
    """How the lexicon was built and what the tagger did on this corpus (negations, no-frame sentences)."""
    act = lexicon.active
    general = sum(e.source_doc == GENERAL for e in act)
    replaced = len(lexicon.entries) - len(act)
    lex = _strings(frames[frames["method"] == "lexicon"])
    neg = lex.loc[
        lex["negated_pattern_ids"] != "", ["sent_id", "negated_pattern_ids", "text"]
    ].drop_duplicates("sent_id")
    neg_desc = join(f"{r.sent_id} ({esc(r.negated_pattern_ids)}: “{esc(r.text)}”)" for r in neg.itertuples())
    none = lex.loc[lex["frame"] == NONE, "sent_id"].nunique()
    return (
        f"Lexicon version {esc(lexicon.version)} has {plural(len(lexicon.entries), 'entry', 'entries')}, of which "
        f"{len(act)} are active and {replaced} superseded by narrower or corrected versions (kept in the file so "
        f"that leave-one-article-out can restore them). {general} active entries were written from the codebook "
        f"and domain knowledge before the tagger was scored; {len(act) - general} are tied to one article "
        f"(added or replaced after reading its errors, or copying a phrase the codebook quotes from it). {plural(sum(e.negatable for e in act), 'entry', 'entries')} "
        f"{'is' if sum(e.negatable for e in act) == 1 else 'are'} negatable; in this corpus a negation changed "
        f"the outcome in {plural(len(neg), 'sentence')}{': ' + neg_desc if len(neg) else ''}. The tagger leaves "
        f"{plural(none, 'body sentence')} without a frame. Negators (the lexicon's `negators`, beside a `neg` "
        f"dependent): {', '.join(f'*{esc(w)}*' for w in lexicon.negators)}; subordinators (`subordinators`, "
        f"beside relative, adjectival and adverbial clauses and appositions): "
        f"{', '.join(f'*{esc(w)}*' for w in lexicon.subordinators)}."
    )


def primary_counts_table(
    frames: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook, method: str = "manual"
) -> pd.DataFrame:
    """Primary frames per outlet (counts), with the outlets' genre/translation flags as the header; only
    the texts ``method`` has coded (a text without manual coding has no column, not a column of zeros)."""
    labels, fl = outlet_labels(documents), flags(documents)
    p = frames[(frames["method"] == method) & (frames["role"] == "primary")]
    docs = [d for d in documents["doc_id"] if d in set(coded_doc_ids(frames, method))]
    c = p.groupby(["frame", "doc_id"]).size().unstack(fill_value=0)
    c = c.reindex(index=[*codebook.frame_ids, NONE], columns=docs, fill_value=0)
    c.index = [codebook.label(f) for f in c.index]
    c.columns = [f"{labels[d]} ({fl[d]})" for d in c.columns]
    c.loc["total"] = c.sum()
    c["all"] = c.sum(axis=1)
    return c


def method_comparison_prose(summary: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook) -> str:
    """Does the tagger tell the same story per outlet as the manual coding? (hand-coded texts only)"""
    labels = outlet_labels(documents)
    man = summary[(summary["method"] == "manual")]
    coded = [d for d in documents["doc_id"] if man.loc[man["doc_id"] == d, "share"].notna().any()]
    uncoded = [d for d in documents["doc_id"] if d not in coded]
    note = (
        f" Not hand-coded yet, so not compared: {join(esc(labels[d]) for d in uncoded)}." if uncoded else ""
    )
    if not coded:
        return "No text is hand-coded yet, so the tagger cannot be compared with the manual coding." + note
    summary = summary[summary["doc_id"].isin(coded)]
    top = summary[summary["outlet_primary"].astype(bool)].pivot(
        index="doc_id", columns="method", values="frame"
    )
    top = top.reindex(coded)
    same = top[top["manual"] == top["lexicon"]]
    differ = top[top["manual"] != top["lexicon"]]
    s = summary[summary["frame"] != NONE].pivot_table(
        index=["doc_id", "frame"], columns="method", values="share"
    )
    gap = (s["lexicon"] - s["manual"]).abs()
    (d, f), g = gap.idxmax(), gap.max()
    diff = join(
        f"{esc(labels[r.Index])} ({codebook.label(r.lexicon)} instead of {codebook.label(r.manual)})"
        for r in differ.itertuples()
    )
    return (
        f"The tagger gives the same most frequent primary frame as the manual coding for {len(same)} of "
        f"{len(top)} outlets{'; it differs for ' + diff if len(differ) else ''}. The largest gap in a share is "
        f"{100 * g:.0f} percentage points ({codebook.label(f)} in {esc(labels[d])}: "
        f"{100 * s.loc[(d, f), 'manual']:.0f}% manual, {100 * s.loc[(d, f), 'lexicon']:.0f}% tagger).{note}"
    )


# --- tagger -----------------------------------------------------------------------------------


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
        if (tok.pos_ in ("VERB", "AUX") and tok is not span.root) or tok.head is tok:
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


class Tagger:
    """Runs a lexicon with spaCy's ``SpanRuler`` over annotated Docs; multi-label per sentence."""

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
        self.ruler.add_patterns(
            [{"label": e.frame, "pattern": e.pattern, "id": e.id} for e in (entries or lexicon.active)]
        )

    def spans(self, doc: Doc) -> list[Span]:
        """Every match in ``doc`` (a copy is annotated; the original Doc is unchanged)."""
        copy = doc.copy()
        self.ruler(copy)
        return sorted(copy.spans[SPANS_KEY], key=lambda s: (s.start, s.end, s.id_))

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
        actors = list(doc.spans[ACTORS_KEY]) if ACTORS_KEY in doc.spans else []
        out = []
        for sent in sents:
            inside = [s for s in spans if s.start >= sent.start and s.end <= sent.end]
            groups = {a.label_ for a in actors if a.start >= sent.start and a.end <= sent.end}
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


# --- manual coding ----------------------------------------------------------------------------

MANUAL_COLUMNS = ["sent_id", "doc_id", "start", "end", "primary_frame", "secondary_frames", "note"]


def load_coding(
    path: Path,
    codebook: Codebook,
    sentences: pd.DataFrame | None = None,
    complete_docs: bool = False,
) -> pd.DataFrame:
    """Read a manual coding file and check it against the codebook and (if given) sentences.csv: every
    row is a body sentence with its offsets. With ``complete_docs``, a document is either not coded
    (no rows) or coded in full: a partly coded document raises, naming the first uncoded sentences."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in MANUAL_COLUMNS[:6] if c not in df.columns]
    if missing:
        raise FramesError(
            f"{path}: missing column(s) {', '.join(missing)}. Fix: use the header {','.join(MANUAL_COLUMNS)}."
        )
    if "note" not in df.columns:
        df["note"] = ""
    valid = set(codebook.frames) | {NONE}
    for n, r in enumerate(df.itertuples(), start=2):
        if r.primary_frame not in valid:
            raise FramesError(
                f"{path} row {n} ({r.sent_id}): primary_frame {r.primary_frame!r} is not a codebook frame or 'none'."
            )
        sec = [s for s in r.secondary_frames.split(";") if s]
        bad = [s for s in sec if s not in codebook.frames]
        if bad or r.primary_frame in sec or (r.primary_frame == NONE and sec) or len(set(sec)) != len(sec):
            raise FramesError(
                f"{path} row {n} ({r.sent_id}): secondary_frames {r.secondary_frames!r} must be ';'-separated codebook frames, each once, without the primary, empty with 'none'."
            )
        if len(sec) > MAX_SECONDARY:
            raise FramesError(
                f"{path} row {n} ({r.sent_id}): {len(sec)} secondary frames; codebook rule P4 allows at most "
                f"{MAX_SECONDARY}. Fix: keep the ones a reader would most clearly notice."
            )
    if df["sent_id"].duplicated().any():
        raise FramesError(
            f"{path}: sent_id {df.loc[df['sent_id'].duplicated(), 'sent_id'].iloc[0]} is coded twice; keep one row."
        )
    if sentences is not None:
        # Coding of documents that are not in this corpus (or this chunk of it) does not apply here.
        df = df[df["doc_id"].isin(set(sentences["doc_id"]))]
        _check_against_sentences(path, df, sentences, complete_docs)
    df["start"] = df["start"].astype(int)
    df["end"] = df["end"].astype(int)
    return df[MANUAL_COLUMNS].reset_index(drop=True)


def _check_against_sentences(
    path: Path, df: pd.DataFrame, sentences: pd.DataFrame, complete_docs: bool
) -> None:
    kinds = sentences.set_index("sent_id")["block_kind"]
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)].set_index("sent_id")
    for n, sid in enumerate(df["sent_id"], start=2):
        if sid not in body.index:
            what = (
                f"a {kinds[sid]} sentence, not a body sentence ({', '.join(BODY_KINDS)})"
                if sid in kinds.index
                else "not a sentence of data/processed/sentences.csv"
            )
            raise FramesError(
                f"{path} row {n} ({sid}): the sent_id is {what}. Fix: code body sentences only, with "
                "sent_id, doc_id, start and end copied from data/processed/sentences.csv."
            )
    b = body.loc[df["sent_id"]]
    off = (
        (b["doc_id"].to_numpy() != df["doc_id"].to_numpy())
        | (b["start"].astype(str).to_numpy() != df["start"].to_numpy())
        | (b["end"].astype(str).to_numpy() != df["end"].to_numpy())
    )
    if off.any():
        raise FramesError(
            f"{path}: doc_id/start/end of {df.loc[off, 'sent_id'].iloc[0]} differ from sentences.csv. Fix: re-copy them."
        )
    if not complete_docs:
        return
    coded = set(df["sent_id"])
    for doc_id in dict.fromkeys(df["doc_id"]):
        want = body.index[body["doc_id"] == doc_id]
        uncoded = [s for s in want if s not in coded]
        if uncoded:
            raise FramesError(
                f"{path}: document {doc_id!r} is partly coded: {len(uncoded)} of its {len(want)} body "
                f"sentences have no row, first {', '.join(uncoded[:5])}. Fix: code them following "
                f"{_rel(coding_guide_path())} (a document without any row counts as not coded)."
            )


def load_manual(codebook: Codebook | None = None, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The gold standard (coder 1). With ``sentences``, each document must be coded in full or not at all:
    a document without rows is *not coded* (no manual rows in frames.csv, left out of validation)."""
    return load_coding(manual_path(), codebook or load_codebook(), sentences, complete_docs=True)


def load_coder2(
    codebook: Codebook | None = None, sentences: pd.DataFrame | None = None
) -> pd.DataFrame | None:
    """The second, independent coding, or None while ``frames_manual_coder2.csv`` does not exist. It may
    cover part of the corpus (agreement is computed on the sentences both coders coded)."""
    path = coder2_path()
    if not path.is_file():
        return None
    return load_coding(path, codebook or load_codebook(), sentences)


def coded_doc_ids(frames: pd.DataFrame, method: str = "manual") -> list[str]:
    """Documents with rows of ``method`` in frames.csv, in table order (for ``manual``: the hand-coded ones)."""
    return list(dict.fromkeys(frames.loc[frames["method"] == method, "doc_id"]))


def not_coded(frames: pd.DataFrame, documents: pd.DataFrame) -> list[str]:
    """Documents whose body sentences the tagger tagged but that have no manual coding, in manifest order."""
    coded, tagged = set(coded_doc_ids(frames)), set(coded_doc_ids(frames, "lexicon"))
    return [d for d in documents["doc_id"] if d in tagged and d not in coded]


def coded_documents(documents: pd.DataFrame, frames: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``documents`` that are hand-coded (for charts and tables of the manual coding)."""
    return documents[documents["doc_id"].isin(coded_doc_ids(frames))].reset_index(drop=True)


def _not_coded_note(frames: pd.DataFrame, documents: pd.DataFrame, what: str) -> str:
    """' Not hand-coded yet, so left out of <what>: A and B.' or '' when every text is coded."""
    missing = not_coded(frames, documents)
    if not missing:
        return ""
    labels = outlet_labels(documents)
    return f" Not hand-coded yet, so left out of {what}: {join(esc(labels[d]) for d in missing)}."


def coding_status_prose(frames: pd.DataFrame, documents: pd.DataFrame, coder2: pd.DataFrame | None) -> str:
    """Which texts are hand-coded (and by the second coder), and what that means for the analysis."""
    labels = outlet_labels(documents)
    man = frames[frames["method"] == "manual"]
    coded, missing = coded_doc_ids(frames), not_coded(frames, documents)
    n_texts = len(coded) + len(missing)
    n_sec = int((man["role"] == "secondary").sum())
    if not coded:
        out = f"**No text is hand-coded yet** ({plural(n_texts, 'text')} in the corpus). "
    elif not missing:
        out = (
            f"Coder 1 coded every body sentence of all {count_word(n_texts)} {'text' if n_texts == 1 else 'texts'} "
            f"({num(man['sent_id'].nunique())} sentences, {num(n_sec)} secondary frames). "
        )
    else:
        out = (
            f"Coder 1 coded every body sentence of {count_word(len(coded))} of the {count_word(n_texts)} texts "
            f"({num(man['sent_id'].nunique())} sentences, {num(n_sec)} secondary frames). "
        )
    if missing:
        lex = frames[frames["method"] == "lexicon"]
        desc = join(
            f"{esc(labels[d])} ({plural(lex.loc[lex['doc_id'] == d, 'sent_id'].nunique(), 'body sentence')})"
            for d in missing
        )
        out += (
            f"**Not hand-coded yet:** {desc}. {'Its' if len(missing) == 1 else 'Their'} manual shares are "
            "left empty, and the validation scores and manual comparisons below leave "
            f"{'it' if len(missing) == 1 else 'them'} out until {'it is' if len(missing) == 1 else 'they are'} "
            f"coded following `{_rel(coding_guide_path())}`; the tagger's results cover every text. "
        )
    out += (
        f"Codebook rule P4 allows at most {count_word(MAX_SECONDARY)} secondary "
        f"{'frame' if MAX_SECONDARY == 1 else 'frames'} per sentence "
        "(checked when the coding is read). "
    )
    if coder2 is None:
        return out + "There is no second coding yet (`frames_manual_coder2.csv`)."
    both = coder2["sent_id"].isin(set(man["sent_id"]))
    return out + (
        f"The second coder coded {num(len(coder2))} sentences independently, {num(int(both.sum()))} of them "
        "also coded by coder 1."
    )


# --- processed tables -------------------------------------------------------------------------


def _row(s: pd.Series, method: str, frame: str, pfc: int | None, role: str, **kw: str) -> dict:
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


def manual_rows(manual: pd.DataFrame, body: pd.DataFrame, codebook: Codebook) -> list[dict]:
    sents = body.set_index("sent_id")
    rows = []
    for r in manual.itertuples():
        s = sents.loc[r.sent_id].copy()
        s["sent_id"] = r.sent_id
        rows.append(
            _row(s, "manual", r.primary_frame, codebook.pfc_code(r.primary_frame), "primary", evidence=r.note)
        )
        for f in [x for x in r.secondary_frames.split(";") if x]:
            rows.append(_row(s, "manual", f, codebook.pfc_code(f), "secondary", evidence=r.note))
    return rows


_TAGGERS: dict[tuple, Tagger] = {}


def shared_tagger(lexicon: Lexicon, every_entry: bool = False) -> Tagger:
    """One tagger per lexicon (built once, then reused); ``every_entry`` holds superseded entries too,
    for tagging as reduced lexicons would (leave-one-article-out)."""
    key = (id(lexicon), every_entry)
    if key not in _TAGGERS or _TAGGERS[key].lexicon is not lexicon:
        _TAGGERS[key] = Tagger(lexicon, lexicon.entries if every_entry else None)
    return _TAGGERS[key]


def tagger_rows(
    ac: AnnotatedCorpus, body: pd.DataFrame, lexicon: Lexicon, codebook: Codebook, method: str = "lexicon"
) -> list[dict]:
    """Tag every body sentence; ``method='lexicon_loao'`` tags each article without its own entries."""
    rows = []
    loao = method != "lexicon"
    tagger = shared_tagger(lexicon, every_entry=loao)
    by_id = body.set_index("sent_id")
    for ad in ac:
        sents = list(enumerate(sentence_spans(ad)))
        ids = [sent_id(ad.doc_id, i) for i, _ in sents]
        keep = [(sid, sp) for sid, (_, sp) in zip(ids, sents, strict=True) if sid in by_id.index]
        within = lexicon.without_source(ad.doc_id) if loao else None
        tags = tagger.tag_sentences(ad.doc, [sp for _, sp in keep], within=within)
        for (sid, _), t in zip(keep, tags, strict=True):
            s = by_id.loc[sid].copy()
            s["sent_id"] = sid
            neg = ";".join(t.negated)
            if not t.labels:
                rows.append(_row(s, method, NONE, None, "primary", negated=neg))
            order = [t.primary] + [f for f in t.labels if f != t.primary] if t.labels else []
            for f in order:
                rows.append(
                    _row(
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


def frames_table(
    ac: AnnotatedCorpus,
    sentences: pd.DataFrame,
    codebook: Codebook | None = None,
    lexicon: Lexicon | None = None,
) -> pd.DataFrame:
    """One row per body sentence, method and frame (``none`` when a method gives the sentence no frame)."""
    codebook = codebook or load_codebook()
    lexicon = lexicon or load_lexicon(codebook=codebook)
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)]
    manual = load_manual(codebook, sentences)
    rows = manual_rows(manual, body, codebook)
    rows += tagger_rows(ac, body, lexicon, codebook, "lexicon")
    rows += tagger_rows(ac, body, lexicon, codebook, "lexicon_loao")
    df = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    df["pfc_code"] = df["pfc_code"].astype("Int64")
    order = {s: i for i, s in enumerate(body["sent_id"])}
    doc_order = {d: i for i, d in enumerate(dict.fromkeys(body["doc_id"]))}
    df["_d"], df["_s"], df["_m"] = (
        df["doc_id"].map(doc_order),
        df["sent_id"].map(order),
        df["method"].map(METHODS.index),
    )
    df["_r"] = (df["role"] != "primary").astype(int)
    return (  # document-major, so a table built in chunks of documents is the same table
        df.sort_values(["_d", "_m", "_s", "_r"], kind="stable")
        .drop(columns=["_d", "_s", "_m", "_r"])
        .reset_index(drop=True)
    )


def presence(
    frames: pd.DataFrame, method: str, frame_ids: Sequence[str], sent_ids: Sequence[str]
) -> np.ndarray:
    """Boolean matrix sentences × frames: does ``method`` give the sentence that frame?"""
    f = frames[(frames["method"] == method) & (frames["frame"] != NONE)]
    pos = {s: i for i, s in enumerate(sent_ids)}
    col = {fr: j for j, fr in enumerate(frame_ids)}
    m = np.zeros((len(sent_ids), len(frame_ids)), dtype=bool)
    for s, fr in zip(f["sent_id"], f["frame"], strict=True):
        if s in pos and fr in col:
            m[pos[s], col[fr]] = True
    return m


def primaries(frames: pd.DataFrame, method: str) -> pd.Series:
    """Primary frame (or ``none``) per sentence, indexed by sent_id in table order."""
    p = frames[(frames["method"] == method) & (frames["role"] == "primary")]
    return p.set_index("sent_id")["frame"]


def _bootstrap(m: np.ndarray, rng: np.random.Generator, n_boot: int) -> tuple[np.ndarray, np.ndarray]:
    n = len(m)
    idx = rng.integers(0, n, size=(n_boot, n))
    shares = m[idx].mean(axis=1)  # n_boot × frames
    return np.percentile(shares, 2.5, axis=0), np.percentile(shares, 97.5, axis=0)


def _top_primary(counts: pd.Series, frame_ids: Sequence[str]) -> str:
    """Most frequent primary frame other than ``none`` (``none`` only if nothing else); ties by codebook order."""
    real = [(-int(counts.get(f, 0)), i, f) for i, f in enumerate(frame_ids) if f != NONE and counts.get(f, 0)]
    return min(real)[2] if real else NONE


def outlet_summary(
    frames: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook, n_boot: int = N_BOOT, seed: int = SEED
) -> pd.DataFrame:
    """Per outlet, method and frame: share of body sentences with the frame (95% bootstrap interval over
    sentences, seeded) and share as primary frame; ``outlet_primary`` marks each outlet's top primary.
    A text without manual coding gets empty (NA) manual counts and shares, never ``none``."""
    frame_ids = [*codebook.frame_ids, NONE]
    rows = []
    prim = {method: primaries(frames, method) for method in ("manual", "lexicon")}
    coded_by = {method: set(coded_doc_ids(frames, method)) for method in ("manual", "lexicon")}
    # Document-major order and one random stream per document and method: a table built in chunks
    # of documents is the same table.
    for d in documents.itertuples():
        for method in ("manual", "lexicon"):
            coded = coded_by[method]
            sids = list(dict.fromkeys(frames.loc[frames["doc_id"] == d.doc_id, "sent_id"]))
            base = {
                "doc_id": d.doc_id,
                "outlet_short": d.outlet_short,
                "genre": d.genre,
                "translation": d.translation,
                "translated_from": d.translated_from,
                "method": method,
                "n_body_sentences": len(sids),
            }
            if d.doc_id not in coded:
                for f in frame_ids:
                    rows.append(
                        {**base, "frame": f, "pfc_code": codebook.pfc_code(f), "outlet_primary": False}
                    )
                continue
            m = presence(frames, method, codebook.frame_ids, sids)
            m = np.column_stack([m, ~m.any(axis=1)])
            low, high = _bootstrap(m, keyed_rng(seed, method, d.doc_id), n_boot)
            counts = prim[method].reindex(sids).value_counts()
            top = _top_primary(counts, frame_ids)
            for j, f in enumerate(frame_ids):
                rows.append(
                    {
                        **base,
                        "frame": f,
                        "pfc_code": codebook.pfc_code(f),
                        "n_sentences": int(m[:, j].sum()),
                        "share": round(float(m[:, j].mean()), 4),
                        "share_low": round(float(low[j]), 4),
                        "share_high": round(float(high[j]), 4),
                        "n_primary": int(counts.get(f, 0)),
                        "share_primary": round(float(counts.get(f, 0) / len(sids)), 4),
                        "outlet_primary": f == top,
                    }
                )
    df = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    for c in ("pfc_code", "n_sentences", "n_primary"):
        df[c] = df[c].astype("Int64")
    for c in ("share", "share_low", "share_high", "share_primary"):
        df[c] = df[c].astype(float)
    df["outlet_primary"] = df["outlet_primary"].astype(bool)
    return df


def load_summary(root: Path | None = None) -> pd.DataFrame:
    """``frames_by_outlet.csv`` with its counts as integers even when a text is not coded (empty cells
    would otherwise make them floats and print as '9.0')."""
    df = tables.load("frames_by_outlet", root)
    for c in ("pfc_code", "n_body_sentences", "n_sentences", "n_primary"):
        df[c] = df[c].astype("Int64")
    df["outlet_primary"] = df["outlet_primary"].astype(bool)
    return df


def processed_tables(ac: AnnotatedCorpus, base: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``frames.csv`` and ``frames_by_outlet.csv`` (registered in ``processed.ANALYSES``)."""
    codebook = load_codebook()
    # ``source_doc`` names the seed article that motivated a pattern (for leave-one-article-out), so it
    # is checked against the study's seeds, whatever corpus or chunk is being tagged.
    lexicon = load_lexicon(codebook=codebook)
    frames = frames_table(ac, base["sentences"], codebook, lexicon)
    return {"frames": frames, "frames_by_outlet": outlet_summary(frames, base["documents"], codebook)}


# --- validation -------------------------------------------------------------------------------


def _sent_ids(frames: pd.DataFrame, doc_id: str | None = None) -> list[str]:
    f = frames[frames["method"] == "manual"]
    if doc_id is not None:
        f = f[f["doc_id"] == doc_id]
    return list(dict.fromkeys(f["sent_id"]))


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
    return p, r, f


def _score_row(frame: str, label: str, tp: int, fp: int, fn: int, **extra: object) -> dict:
    """One row of a scores table from true/false positive and false negative counts."""
    pr, rc, f1 = _prf(tp, fp, fn)
    return {
        "frame": frame,
        "label": label,
        **extra,
        "support": tp + fn,
        "predicted": tp + fp,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": pr,
        "recall": rc,
        "f1": f1,
    }


def scores(
    frames: pd.DataFrame,
    codebook: Codebook,
    pred: str = "lexicon",
    gold: str = "manual",
    doc_id: str | None = None,
) -> pd.DataFrame:
    """Per-frame precision, recall and F1 of ``pred`` against ``gold`` label sets (primary + secondary;
    ``none`` is the empty set), with micro and macro rows."""
    sids = _sent_ids(frames, doc_id)
    g = presence(frames, gold, codebook.frame_ids, sids)
    p = presence(frames, pred, codebook.frame_ids, sids)
    rows = []
    for j, f in enumerate(codebook.frame_ids):
        tp, fp, fn = (
            int((g[:, j] & p[:, j]).sum()),
            int((~g[:, j] & p[:, j]).sum()),
            int((g[:, j] & ~p[:, j]).sum()),
        )
        rows.append(_score_row(f, codebook.label(f), tp, fp, fn, pfc_code=codebook.pfc_code(f)))
    df = pd.DataFrame(rows)
    tp, fp, fn = (int(df[c].sum()) for c in ("tp", "fp", "fn"))
    micro = _score_row("micro", "micro average", tp, fp, fn)
    has = df[df["support"] > 0]
    macro = {
        "frame": "macro",
        "label": "macro average (frames present)",
        "support": int(has["support"].sum()),
        "predicted": int(has["predicted"].sum()),
        "precision": has["precision"].fillna(0).mean(),
        "recall": has["recall"].mean(),
        "f1": has["f1"].fillna(0).mean(),
    }
    return pd.concat([df, pd.DataFrame([micro, macro])], ignore_index=True)


def micro_f1(frames: pd.DataFrame, codebook: Codebook, pred: str = "lexicon") -> float:
    s = scores(frames, codebook, pred)
    return float(s.loc[s["frame"] == "micro", "f1"].iloc[0])


def validation_table(frames: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Per frame: support, precision/recall/F1 with the full lexicon and leave-one-article-out."""
    full, loao = scores(frames, codebook, "lexicon"), scores(frames, codebook, "lexicon_loao")
    out = full[["label", "pfc_code", "support", "predicted", "precision", "recall", "f1"]].copy()
    out["pfc_code"] = [str(int(x)) if pd.notna(x) else "" for x in out["pfc_code"]]
    out["LOAO precision"], out["LOAO recall"], out["LOAO f1"] = loao["precision"], loao["recall"], loao["f1"]
    out = out.rename(columns={"label": "frame", "pfc_code": "PFC"})
    return out.round(3)


def loao_table(
    frames: pd.DataFrame, codebook: Codebook, lexicon: Lexicon, documents: pd.DataFrame
) -> pd.DataFrame:
    """Per held-out article: entries removed, gold labels, micro/macro F1 full vs. leave-one-article-out."""
    rows = []
    labels = outlet_labels(documents)
    for d in coded_documents(documents, frames)["doc_id"]:
        full, loao = (
            scores(frames, codebook, "lexicon", doc_id=d),
            scores(frames, codebook, "lexicon_loao", doc_id=d),
        )
        get = lambda df, k, c: float(df.loc[df["frame"] == k, c].iloc[0])  # noqa: E731
        rows.append(
            {
                "held-out article": labels[d],
                "sentences": len(_sent_ids(frames, d)),
                "gold labels": int(get(full, "micro", "support")),
                "entries held out": sum(e.source_doc == d for e in lexicon.entries),
                "micro F1 (full)": get(full, "micro", "f1"),
                "micro F1 (LOAO)": get(loao, "micro", "f1"),
                "macro F1 (full)": get(full, "macro", "f1"),
                "macro F1 (LOAO)": get(loao, "macro", "f1"),
            }
        )
    cols = ["held-out article", "sentences", "gold labels", "entries held out"]
    cols += [f"{a} F1 ({b})" for a in ("micro", "macro") for b in ("full", "LOAO")]
    return pd.DataFrame(rows, columns=cols).round(3)


def summary_scores(frames: pd.DataFrame, codebook: Codebook) -> dict[str, float]:
    """Micro and macro F1, full and LOAO, and primary-frame accuracy of the tagger."""
    out = {}
    for name, method in (("full", "lexicon"), ("loao", "lexicon_loao")):
        s = scores(frames, codebook, method).set_index("frame")
        out[f"micro_f1_{name}"] = float(s.loc["micro", "f1"])
        out[f"macro_f1_{name}"] = float(s.loc["macro", "f1"])
        out[f"micro_p_{name}"] = float(s.loc["micro", "precision"])
        out[f"micro_r_{name}"] = float(s.loc["micro", "recall"])
        g, p = primaries(frames, "manual"), primaries(frames, method)
        out[f"primary_accuracy_{name}"] = float((g == p.reindex(g.index)).mean())
    return out


def _strings(frames: pd.DataFrame) -> pd.DataFrame:
    """Empty text cells as '' (``processed.load`` reads them as NaN)."""
    cols = ["pattern_ids", "negated_pattern_ids", "evidence"]
    return frames.assign(**{c: frames[c].fillna("").astype(str) for c in cols if c in frames})


def errors_table(frames: pd.DataFrame, codebook: Codebook, pred: str = "lexicon") -> pd.DataFrame:
    """Every false positive and false negative of ``pred`` against the manual coding, with the sentence,
    the pattern ids that fired (false positives) or the tagger's labels (false negatives), the coder's note."""
    frames = _strings(frames)
    man = frames[frames["method"] == "manual"]
    note = man.drop_duplicates("sent_id").set_index("sent_id")
    sids = _sent_ids(frames)
    g = presence(frames, "manual", codebook.frame_ids, sids)
    p = presence(frames, pred, codebook.frame_ids, sids)
    pf = frames[frames["method"] == pred]
    ids = pf.set_index(["sent_id", "frame"])["pattern_ids"].to_dict()
    got = pf[pf["frame"] != NONE].groupby("sent_id")["frame"].agg(lambda x: ", ".join(x)).to_dict()
    rows = []
    for i, s in enumerate(sids):
        for j, f in enumerate(codebook.frame_ids):
            if g[i, j] == p[i, j]:
                continue
            fp = bool(p[i, j])
            rows.append(
                {
                    "sent_id": s,
                    "error": "false positive" if fp else "false negative",
                    "frame": codebook.label(f),
                    "pattern ids": ids.get((s, f), "") if fp else f"(tagger: {got.get(s, 'none')})",
                    "sentence": note.loc[s, "text"],
                    "manual note": note.loc[s, "evidence"],
                }
            )
    return pd.DataFrame(rows, columns=["sent_id", "error", "frame", "pattern ids", "sentence", "manual note"])


def error_counts(frames: pd.DataFrame, codebook: Codebook, documents: pd.DataFrame) -> pd.DataFrame:
    """False positives and negatives per hand-coded text, with the full lexicon and leave-one-article-out."""
    labels = outlet_labels(documents)
    documents = coded_documents(documents, frames)
    out = pd.DataFrame({"text": [labels[d] for d in documents["doc_id"]]})
    for method, name in (("lexicon", "full lexicon"), ("lexicon_loao", "LOAO")):
        e = errors_table(frames, codebook, method)
        e["doc_id"] = e["sent_id"].str.rsplit("-s", n=1).str[0]
        c = e.groupby(["doc_id", "error"]).size().unstack(fill_value=0)
        c = c.reindex(index=documents["doc_id"], columns=["false positive", "false negative"], fill_value=0)
        out[f"false positives ({name})"] = c["false positive"].to_numpy()
        out[f"false negatives ({name})"] = c["false negative"].to_numpy()
    return out


# --- agreement (Krippendorff's alpha) ---------------------------------------------------------


def _coding_sets(coding: pd.DataFrame) -> tuple[pd.Series, dict[str, set[str]]]:
    prim = coding.set_index("sent_id")["primary_frame"]
    sets = {
        r.sent_id: ({r.primary_frame} - {NONE}) | {x for x in r.secondary_frames.split(";") if x}
        for r in coding.itertuples()
    }
    return prim, sets


def _frames_as_coding(frames: pd.DataFrame, method: str) -> pd.DataFrame:
    """``method``'s rows of frames.csv as a coding (sent_id, primary_frame, secondary_frames, note)."""
    f = _strings(frames[frames["method"] == method])
    rows = []
    for s, g in f.groupby("sent_id", sort=False):
        prim = g.loc[g["role"] == "primary"].iloc[0]
        sec = ";".join(g.loc[g["role"] == "secondary", "frame"])
        rows.append(
            {"sent_id": s, "primary_frame": prim["frame"], "secondary_frames": sec, "note": prim["evidence"]}
        )
    return pd.DataFrame(rows, columns=["sent_id", "primary_frame", "secondary_frames", "note"])


def agreement(a: pd.DataFrame, b: pd.DataFrame, codebook: Codebook) -> dict:
    """Alpha on primary frames and per-frame presence alpha for two codings (columns sent_id,
    primary_frame, secondary_frames), over the sentences both coded."""
    pa, sa = _coding_sets(a)
    pb, sb = _coding_sets(b)
    common = [s for s in pa.index if s in pb.index]
    per_frame = {
        f: alpha_nominal([str(f in sa[s]) for s in common], [str(f in sb[s]) for s in common])
        for f in codebook.frame_ids
    }
    tp = sum(len(sa[s] & sb[s]) for s in common)
    n = sum(len(sa[s]) + len(sb[s]) for s in common)
    return {
        "units": len(common),
        "alpha_primary": alpha_nominal([pa[s] for s in common], [pb[s] for s in common]),
        "primary_agreement": float(np.mean([pa[s] == pb[s] for s in common])) if common else float("nan"),
        "label_f1": 2 * tp / n if n else float("nan"),
        "per_frame": per_frame,
    }


def _codings(frames: pd.DataFrame, coder2: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    out = {"coder 1": _frames_as_coding(frames, "manual")}
    if coder2 is not None:
        out["coder 2"] = coder2
    out["tagger (full lexicon)"] = _frames_as_coding(frames, "lexicon")
    out["tagger (leave-one-article-out)"] = _frames_as_coding(frames, "lexicon_loao")
    return out


def _pairs(codings: dict[str, pd.DataFrame]) -> list[tuple[str, str]]:
    humans = [c for c in codings if c.startswith("coder")]
    pairs = [("coder 2", "coder 1")] if len(humans) == 2 else []
    return pairs + [(tg, h) for h in humans for tg in codings if tg.startswith("tagger")]


def agreement_table(frames: pd.DataFrame, codebook: Codebook, coder2: pd.DataFrame | None) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) on the primary frame, % identical primaries and label-set F1 for
    coder 2 vs. coder 1 (when the second coding exists) and the tagger vs. each coder, over all body
    sentences and over those the codebook does not quote as examples."""
    codings = _codings(frames, coder2)
    rows = []
    for a, b in _pairs(codings):
        for subset in ("all body sentences", "not quoted in the codebook"):
            ca, cb = codings[a], codings[b]
            if subset != "all body sentences":
                ca, cb = (c[~c["sent_id"].isin(codebook.quoted)] for c in (ca, cb))
            r = agreement(cb, ca, codebook)
            rows.append(
                {
                    "comparison": f"{a} vs. {b}",
                    "sentences": subset,
                    "n": r["units"],
                    "alpha, primary frame": r["alpha_primary"],
                    "% same primary": round(100 * r["primary_agreement"], 1),
                    "label-set F1": r["label_f1"],
                    "mean per-frame alpha": float(np.nanmean(list(r["per_frame"].values()))),
                }
            )
    return pd.DataFrame(rows).round(3)


def frame_alpha_table(frames: pd.DataFrame, codebook: Codebook, coder2: pd.DataFrame | None) -> pd.DataFrame:
    """Per-frame presence alpha (is the frame in the sentence's label set?) for each comparison."""
    codings = _codings(frames, coder2)
    out = pd.DataFrame({"frame": [codebook.label(f) for f in codebook.frame_ids]})
    for a, b in _pairs(codings):
        r = agreement(codings[b], codings[a], codebook)
        out[f"{a} vs. {b}"] = [r["per_frame"][f] for f in codebook.frame_ids]
    return out.round(3)


def _label(r: pd.Series) -> str:
    sec = [x for x in str(r["secondary_frames"]).split(";") if x]
    return r["primary_frame"] + (f" (+ {', '.join(sec)})" if sec else "")


def disagreements_table(frames: pd.DataFrame, coder2: pd.DataFrame | None) -> pd.DataFrame:
    """Every sentence whose primary frame differs between the two coders, with both codes and notes
    (coder 1 as in frames.csv, so only sentences of hand-coded texts)."""
    cols = ["sent_id", "sentence", "coder 1", "coder 2", "coder 1 note", "coder 2 note"]
    if coder2 is None:
        return pd.DataFrame(columns=cols)
    man = frames[frames["method"] == "manual"].drop_duplicates("sent_id").set_index("sent_id")
    c1 = _frames_as_coding(frames, "manual").set_index("sent_id")
    c2 = coder2.set_index("sent_id")
    rows = []
    for s in c2.index:
        if s in c1.index and c1.loc[s, "primary_frame"] != c2.loc[s, "primary_frame"]:
            rows.append(
                {
                    "sent_id": s,
                    "sentence": man.loc[s, "text"],
                    "coder 1": _label(c1.loc[s]),
                    "coder 2": _label(c2.loc[s]),
                    "coder 1 note": c1.loc[s, "note"],
                    "coder 2 note": c2.loc[s, "note"],
                }
            )
    return pd.DataFrame(rows, columns=cols)


def alpha_class(alpha: float) -> str:
    """Krippendorff's conventional reading of an alpha value, from the cut-offs ``ALPHA_RELIABLE`` and
    ``ALPHA_TENTATIVE`` (so prose never types a verdict such as 'very high')."""
    if np.isnan(alpha):
        return "undefined"
    if alpha >= ALPHA_RELIABLE:
        return "reliable"
    if alpha >= ALPHA_TENTATIVE:
        return "tentatively acceptable"
    return f"below {ALPHA_TENTATIVE}, not acceptable"


def agreement_prose(frames: pd.DataFrame, codebook: Codebook, coder2: pd.DataFrame | None) -> str:
    if not _sent_ids(frames):
        return "No text is hand-coded yet, so no agreement with the manual coding can be computed."
    t = agreement_table(frames, codebook, coder2).set_index(["comparison", "sentences"])
    allr, unq = "all body sentences", "not quoted in the codebook"
    tag = t.loc[("tagger (full lexicon) vs. coder 1", allr)]
    loao = t.loc[("tagger (leave-one-article-out) vs. coder 1", allr)]
    a_tag, a_loao = tag["alpha, primary frame"], loao["alpha, primary frame"]
    out = (
        f"Treating the tagger as another coder, Krippendorff's alpha on the primary frame against coder 1 is "
        f"{a_tag:.2f} ({tag['% same primary']:.0f}% identical primaries) with the full "
        f"lexicon and {a_loao:.2f} leave-one-article-out; the mean per-frame alpha is "
        f"{tag['mean per-frame alpha']:.2f} and {loao['mean per-frame alpha']:.2f}. Values of at least "
        f"{ALPHA_RELIABLE} are usually taken as reliable and of at least {ALPHA_TENTATIVE} as tentatively "
        f"acceptable (Krippendorff 2004); by that convention the tagger's primary frames are "
        f"{alpha_class(a_tag)} with the full lexicon and {alpha_class(a_loao)} leave-one-article-out."
    )
    if coder2 is None:
        return out + (
            " **No second coding yet:** `data/annotations/frames_manual_coder2.csv` does not exist, so "
            "inter-coder agreement cannot be reported; the gold standard rests on one coder's judgment."
        )
    c2, c2u = t.loc[("coder 2 vs. coder 1", allr)], t.loc[("coder 2 vs. coder 1", unq)]
    t2 = t.loc[("tagger (full lexicon) vs. coder 2", allr)]
    n_body = len(_sent_ids(frames))
    part = "" if c2["n"] == n_body else f" (the {int(c2['n'])} of {n_body} sentences coded so far)"
    return out + (
        f" **Inter-coder agreement:** a second coder, working independently from the codebook alone, agrees "
        f"with coder 1 at alpha {c2['alpha, primary frame']:.2f} on the primary frame{part}, "
        f"{alpha_class(c2['alpha, primary frame'])} by that convention "
        f"({c2['% same primary']:.0f}% identical primaries, label-set F1 {c2['label-set F1']:.2f}, mean "
        f"per-frame alpha {c2['mean per-frame alpha']:.2f}). The codebook quotes {len(codebook.quoted)} corpus "
        f"sentences as examples, on which agreement is built in; without them alpha is "
        f"{c2u['alpha, primary frame']:.2f} over {int(c2u['n'])} sentences. This is the human ceiling for the "
        f"tagger. Against coder 2, whose codes played no part in writing the lexicon, the tagger reaches alpha "
        f"{t2['alpha, primary frame']:.2f} and label-set F1 {t2['label-set F1']:.2f} (against coder 1: "
        f"{tag['label-set F1']:.2f})."
    )


# --- comparison across outlets ----------------------------------------------------------------


def _chi2(table: np.ndarray) -> float:
    table = table[:, table.sum(axis=0) > 0]
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    return float(((table - expected) ** 2 / expected).sum())


def permutation_test(
    frames: pd.DataFrame,
    codebook: Codebook,
    method: str = "manual",
    unit: str = "primary",
    docs: Sequence[str] | None = None,
    n_perm: int = N_PERM,
    seed: int = SEED,
) -> dict:
    """Do outlets differ more than chance? Chi-square of the outlet × frame table, with its null
    distribution from permuting outlet labels over sentences (seeded). ``unit='primary'`` counts each
    sentence's primary frame (``none`` included); ``unit='labels'`` counts every label of each sentence."""
    f = frames[frames["method"] == method]
    if docs is not None:
        f = f[f["doc_id"].isin(docs)]
    sids = list(dict.fromkeys(f["sent_id"]))
    doc_of = f.drop_duplicates("sent_id").set_index("sent_id")["doc_id"].reindex(sids)
    outlets = list(dict.fromkeys(doc_of))
    g = doc_of.map({d: i for i, d in enumerate(outlets)}).to_numpy()
    if unit == "primary":
        cats = [*codebook.frame_ids, NONE]
        p = primaries(frames, method).reindex(sids).map({c: i for i, c in enumerate(cats)}).to_numpy()
        m = np.zeros((len(sids), len(cats)))
        m[np.arange(len(sids)), p] = 1
    else:
        m = presence(frames, method, codebook.frame_ids, sids).astype(float)
    onehot = np.eye(len(outlets))[g]
    observed = _chi2(onehot.T @ m)
    rng = np.random.default_rng(seed)
    null = np.array([_chi2(onehot[rng.permutation(len(g))].T @ m) for _ in range(n_perm)])
    n_extreme = int((null >= observed - 1e-9).sum())
    p_value = (1 + n_extreme) / (n_perm + 1)
    k = min(len(outlets), int((m.sum(axis=0) > 0).sum()))
    cramers_v = float(np.sqrt(observed / (m.sum() * (k - 1)))) if k > 1 else float("nan")
    return {
        "method": method,
        "unit": unit,
        "outlets": outlets,
        "sentences": len(sids),
        "chi2": observed,
        "p_value": p_value,
        "n_perm": n_perm,
        "at_floor": n_extreme == 0,  # p is 1/(n_perm+1), the smallest value n_perm permutations can give
        "cramers_v": cramers_v,
    }


def _comparison_scopes(documents: pd.DataFrame, frames: pd.DataFrame) -> list[tuple[str, str, list[str]]]:
    """(key, description, doc_ids) of the texts compared: all hand-coded texts, without the chatbot
    transcripts, original-language human-written texts only; scopes with fewer than two texts, or the
    same texts as an earlier scope, are left out."""
    docs = coded_documents(documents, frames)
    ai = docs.loc[docs["genre"] == "ai_chatbot_transcript", "doc_id"].tolist()
    orig = docs.loc[(docs["translation"] == "none") & ~docs["doc_id"].isin(ai), "doc_id"].tolist()
    scopes = [
        ("all", "all texts", docs["doc_id"].tolist()),
        (
            "no_ai",
            f"without the AI chatbot {'transcript' if len(ai) == 1 else 'transcripts'}",
            [d for d in docs["doc_id"] if d not in ai],
        ),
        ("original", "original-language news and analysis only (no translation, no AI)", orig),
    ]
    out: list[tuple[str, str, list[str]]] = []
    for key, desc, ids in scopes:
        if len(ids) >= 2 and all(ids != o[2] for o in out):
            out.append((key, desc, ids))
    return out


def _comparison_results(frames: pd.DataFrame, codebook: Codebook, documents: pd.DataFrame) -> list[dict]:
    rows = []
    for key, desc, docs in _comparison_scopes(documents, frames):
        for method in ("manual", "lexicon"):
            for unit in ("primary", "labels"):
                t = permutation_test(frames, codebook, method, unit, docs)
                rows.append({"scope": key, "texts": desc, "docs": docs, **t})
    return rows


def comparison_tests(frames: pd.DataFrame, codebook: Codebook, documents: pd.DataFrame) -> pd.DataFrame:
    """The permutation test for all hand-coded texts, without the chatbot transcript, and English
    originals only; the tagger is tested on the same texts as the manual coding."""
    labels = outlet_labels(documents)
    rows = [
        {
            "texts": t["texts"],
            "outlets": ", ".join(labels[d] for d in t["outlets"]),
            "coding": "manual" if t["method"] == "manual" else "lexicon tagger",
            "unit": "primary frame" if t["unit"] == "primary" else "all labels",
            "sentences": t["sentences"],
            "chi-square": round(t["chi2"], 1),
            "permutation p": round(t["p_value"], 4),
            "Cramér's V": round(t["cramers_v"], 2),
        }
        for t in _comparison_results(frames, codebook, documents)
    ]
    cols = ["texts", "outlets", "coding", "unit", "sentences", "chi-square", "permutation p", "Cramér's V"]
    return pd.DataFrame(rows, columns=cols)


def flags(documents: pd.DataFrame) -> dict[str, str]:
    """Genre and translation flag per outlet, shown beside every per-outlet comparison."""
    out = {}
    for r in documents.itertuples():
        bits = [GENRE_LABELS.get(r.genre, r.genre)]
        if r.translation != "none":
            bits.append(
                f"{r.translation} translation from {LANGUAGES.get(r.translated_from, r.translated_from)}"
            )
        out[r.doc_id] = "; ".join(bits)
    return out


NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_word(n: int) -> str:
    """A small count as a word ('five'), larger ones as digits."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else num(n)


def corpus_flags_prose(documents: pd.DataFrame) -> str:
    """How many texts are AI chatbot transcripts and translations (from documents.csv), and what that means."""
    labels = outlet_labels(documents)
    ai = documents[documents["genre"] == "ai_chatbot_transcript"]
    tr = documents[documents["translation"] != "none"]
    n_ai, n_tr = len(ai), len(tr)
    ai_desc = (
        "no text is an AI chatbot transcript"
        if not n_ai
        else f"{count_word(n_ai)} {'is an AI chatbot transcript' if n_ai == 1 else 'are AI chatbot transcripts'} "
        f"({join(esc(labels[d]) for d in ai['doc_id'])})"
    )
    tr_desc = (
        "none is a translation"
        if not n_tr
        else f"{count_word(n_tr)} {'is a translation' if n_tr == 1 else 'are translations'} ("
        + "; ".join(
            f"{esc(labels[r.doc_id])}: {r.translation} translation from "
            f"{LANGUAGES.get(r.translated_from, r.translated_from)}"
            for r in tr.itertuples()
        )
        + ")"
    )
    n = len(documents)
    return (
        f"Of the {count_word(n)} {'text' if n == 1 else 'texts'}, {ai_desc} and {tr_desc}, so a difference "
        "between rows is a difference between these texts, not between kinds of outlet."
    )


def p_text(p: float, n_perm: int = N_PERM) -> str:
    """A permutation p-value; at the floor 1/(n_perm+1) it is reported as an upper bound."""
    floor = 1 / (n_perm + 1)
    return f"p ≤ {floor:.4f}" if p <= floor * (1 + 1e-9) else f"p = {p:.4f}"


def profile_table(
    summary: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook, method: str = "manual"
) -> pd.DataFrame:
    """Outlets × frames: share of sentences with the frame and its 95% interval, with genre/translation
    flags and the outlet's most frequent primary frame; a text ``method`` has not coded says so."""
    s = summary[summary["method"] == method]
    fl, labels = flags(documents), outlet_labels(documents)
    rows = []
    for d in documents["doc_id"]:
        r = s[s["doc_id"] == d].set_index("frame")
        row = {
            "outlet": labels[d],
            "genre / translation": fl[d],
            "sentences": int(r["n_body_sentences"].iloc[0]),
        }
        tops = r.index[r["outlet_primary"].astype(bool)]
        if r["share"].isna().all() or not len(tops):
            row["most frequent primary"] = "not hand-coded"
            row.update({codebook.label(f): "–" for f in [*codebook.frame_ids, NONE]})
            rows.append(row)
            continue
        top = tops[0]
        row["most frequent primary"] = f"{codebook.label(top)} ({int(r.loc[top, 'n_primary'])})"
        for f in [*codebook.frame_ids, NONE]:
            x = r.loc[f]
            row[codebook.label(f)] = (
                f"{100 * x['share']:.0f}% ({100 * x['share_low']:.0f}–{100 * x['share_high']:.0f})"
            )
        rows.append(row)
    return pd.DataFrame(rows)


def _verdict(p: float) -> str:
    return "more than chance would produce" if p < 0.05 else "no more than chance would produce"


def comparison_prose(
    summary: pd.DataFrame, frames: pd.DataFrame, codebook: Codebook, documents: pd.DataFrame
) -> str:
    """What the manual coding says about each outlet, with the tests and the genre caveat."""
    labels, fl = outlet_labels(documents), flags(documents)
    s = summary[(summary["method"] == "manual") & (summary["frame"] != NONE)]
    parts = []
    for d in documents["doc_id"]:
        r = s[s["doc_id"] == d]
        if r["share"].isna().all():
            parts.append(f"{esc(labels[d])} ({esc(fl[d])}): not hand-coded yet, so not in this comparison")
            continue
        top = r.loc[r["outlet_primary"].astype(bool)].iloc[0]
        most = r.sort_values(["share", "frame"], ascending=[False, True]).iloc[0]
        parts.append(
            f"{esc(labels[d])} ({esc(fl[d])}): most often primary {codebook.label(top['frame'])} "
            f"({int(top['n_primary'])} of {int(top['n_body_sentences'])} sentences); the frame present in most sentences is "
            f"{codebook.label(most['frame'])} ({100 * most['share']:.0f}%, 95% interval "
            f"{100 * most['share_low']:.0f}–{100 * most['share_high']:.0f}%)"
        )
    out = "By the manual coding:\n\n" + "\n".join(f"- {p}." for p in parts) + "\n\n"
    res = {
        (t["scope"], t["method"]): t
        for t in _comparison_results(frames, codebook, documents)
        if t["unit"] == "primary"
    }
    n = len(documents)
    caveat = (
        "Sentences within a text are not independent (they share an author and a line of argument), so the "
        "test says the texts differ, not why: genre, translation and length are confounded with outlet in a "
        f"corpus of {count_word(n)} {'text' if n == 1 else 'texts'}."
    )
    if ("all", "manual") not in res:
        return out + "Fewer than two texts are hand-coded, so no test compares them. " + caveat
    a = res[("all", "manual")]
    perm = (
        f"permutation {p_text(a['p_value'], a['n_perm'])}: none of {num(a['n_perm'])} permutations reached the "
        "observed chi-square, so this is the smallest p-value they can give"
        if a["at_floor"]
        else f"permutation {p_text(a['p_value'], a['n_perm'])} with {num(a['n_perm'])} permutations"
    )
    out += (
        f"The outlets' primary frames differ {_verdict(a['p_value'])} (chi-square {a['chi2']:.1f}; {perm}; "
        f"Cramér's V {a['cramers_v']:.2f}). "
    )
    if ("no_ai", "manual") in res:
        t = res[("no_ai", "manual")]
        n_ai = len(a["outlets"]) - len(t["outlets"])
        out += (
            f"Without the chatbot {'transcript' if n_ai == 1 else 'transcripts'} the other texts differ "
            f"{_verdict(t['p_value'])} ({p_text(t['p_value'], t['n_perm'])}, V {t['cramers_v']:.2f}). "
        )
    lex = res[("all", "lexicon")]
    out += (
        f"With the tagger's primary frames instead of the manual ones the texts differ "
        f"{_verdict(lex['p_value'])} ({p_text(lex['p_value'], lex['n_perm'])})"
    )
    if ("no_ai", "lexicon") in res:
        t = res[("no_ai", "lexicon")]
        out += f", and without the transcript {_verdict(t['p_value'])} ({p_text(t['p_value'], t['n_perm'])})"
    return out + "." + _not_coded_note(frames, documents, "the tests") + " " + caveat


def validation_prose(
    frames: pd.DataFrame, codebook: Codebook, lexicon: Lexicon, documents: pd.DataFrame
) -> str:
    if not _sent_ids(frames):
        return "No text is hand-coded yet, so the tagger cannot be scored." + _not_coded_note(
            frames, documents, "the scores"
        )
    sc = summary_scores(frames, codebook)
    v = scores(frames, codebook, "lexicon")
    v = v[~v["frame"].isin(["micro", "macro"])]
    lo = scores(frames, codebook, "lexicon_loao")
    lo = lo[~lo["frame"].isin(["micro", "macro"])]
    best, worst = v.loc[v["f1"].idxmax()], v.loc[v["f1"].idxmin()]
    drop = (v.set_index("frame")["f1"] - lo.set_index("frame")["f1"]).sort_values(ascending=False)
    n_doc = sum(e.source_doc != GENERAL for e in lexicon.active)
    n_coded = len(coded_doc_ids(frames))
    return (
        f"Against the manual coding (primary and secondary frames as the gold label set, {num(v['support'].sum())} "
        f"labels on {plural(len(_sent_ids(frames)), 'sentence')} of {plural(n_coded, 'hand-coded text')}), the lexicon tagger (version {esc(lexicon.version)}, "
        f"{plural(len(lexicon.active), 'active pattern')}) reaches micro-F1 {sc['micro_f1_full']:.2f} (precision "
        f"{sc['micro_p_full']:.2f}, recall {sc['micro_r_full']:.2f}) and macro-F1 {sc['macro_f1_full']:.2f}; it picks the "
        f"coder's primary frame for {100 * sc['primary_accuracy_full']:.0f}% of sentences. It is best on "
        f"{codebook.label(best['frame'])} (F1 {best['f1']:.2f}) and worst on {codebook.label(worst['frame'])} "
        f"(F1 {worst['f1']:.2f}, {int(worst['support'])} gold labels). {n_doc} of the active patterns are tied to "
        f"one article (added after reading its errors, or copying a phrase the codebook quotes from it); scoring "
        f"each article without its own patterns (leave-one-article-out) gives micro-F1 {sc['micro_f1_loao']:.2f} and macro-F1 {sc['macro_f1_loao']:.2f}. "
        f"The gap is the part of the fit that does not carry over to an unseen text; it is largest for "
        f"{codebook.label(drop.index[0])}, which loses {drop.iloc[0]:.2f} F1."
        + _not_coded_note(frames, documents, "these scores")
    )


def headline(frames: pd.DataFrame, summary: pd.DataFrame, codebook: Codebook, documents: pd.DataFrame) -> str:
    """One-sentence finding for the site's index card."""
    labels = outlet_labels(documents)
    missing = not_coded(frames, documents)
    tail = f" Not hand-coded yet: {join(esc(labels[d]) for d in missing)}." if missing else ""
    s = summary[(summary["method"] == "manual") & summary["outlet_primary"].astype(bool)]
    if len(s) < 2:
        return "Fewer than two texts are hand-coded, so the texts' frames cannot be compared yet." + tail
    tops = "; ".join(f"{esc(labels[r.doc_id])}: {codebook.label(r.frame)}" for r in s.itertuples())
    distinct = s["frame"].nunique() == len(s)
    sc = summary_scores(frames, codebook)
    t = permutation_test(frames, codebook, "manual", "primary")
    chatbots = set(documents.loc[documents["genre"] == "ai_chatbot_transcript", "doc_id"])
    coded = [d for d in coded_doc_ids(frames) if d not in chatbots]
    without = (
        permutation_test(frames, codebook, "manual", "primary", docs=coded)
        if chatbots & set(coded_doc_ids(frames)) and len(coded) >= 2
        else None
    )
    lead = (
        "Each text's most frequent primary frame is a different one"
        if distinct
        else "The most frequent primary frames are"
    )
    also = (
        f"; {p_text(without['p_value'], without['n_perm'])} without the AI chatbot transcript"
        if without is not None
        else ""
    )
    return (
        f"{lead} ({tops}; manual coding). The texts' frame mix differs {_verdict(t['p_value'])} under a "
        f"permutation test that treats sentences as independent, which overstates the evidence (permutation "
        f"{p_text(t['p_value'], t['n_perm'])}{also}). The lexicon tagger matches the manual coding with "
        f"micro-F1 {sc['micro_f1_full']:.2f} ({sc['micro_f1_loao']:.2f} leave-one-article-out).{tail}"
    )


def limitations_prose(
    frames: pd.DataFrame,
    codebook: Codebook,
    coder2: pd.DataFrame | None,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
) -> str:
    """The limitations, as a Markdown list; every count, name and agreement level in it is computed."""
    labels, fl = outlet_labels(documents), flags(documents)
    n = len(documents)
    lex = frames[frames["method"] == "lexicon"]
    size = lex.groupby("doc_id")["sent_id"].nunique()
    texts = join(
        f"{esc(labels[d])} ({esc(fl[d])}; {plural(int(size.get(d, 0)), 'body sentence')})"
        for d in documents["doc_id"]
    )
    word = count_word(n)
    items = [
        f"**{word.capitalize()} {'text' if n == 1 else 'texts'}, not {word} {'outlet' if n == 1 else 'outlets'}.** "
        f"The corpus holds {texts}. Genre, translation, length and outlet are confounded; the permutation test "
        "shows that the texts differ, not why, and it treats sentences of one text as exchangeable although "
        "they follow one line of argument."
    ]
    cb = (
        "**The codebook was written on this corpus.** Its rules and indicators were drafted while coding "
        f"these texts and quote {len(codebook.quoted)} of their sentences as examples. "
    )
    if coder2 is None or not _sent_ids(frames):
        cb += (
            "Without a second coding it is not known whether someone else applies the codebook as written, "
            "let alone to other texts."
        )
    else:
        t = agreement_table(frames, codebook, coder2).set_index(["comparison", "sentences"])
        c2 = t.loc[("coder 2 vs. coder 1", "all body sentences")]
        c2u = t.loc[("coder 2 vs. coder 1", "not quoted in the codebook")]
        a = c2["alpha, primary frame"]
        if a >= ALPHA_RELIABLE:
            shows = "shows that the codebook can be applied as written by someone else"
        elif a >= ALPHA_TENTATIVE:
            shows = (
                "shows that someone else can apply the codebook as written, with tentative reliability only"
            )
        else:
            shows = "shows that the codebook is not yet applied consistently by someone else"
        cb += (
            f"The second coder's agreement with coder 1 (alpha {a:.2f} on the primary frame over "
            f"{int(c2['n'])} sentences; {alpha_class(a)} by Krippendorff's cut-offs of {ALPHA_RELIABLE} and "
            f"{ALPHA_TENTATIVE}) {shows}; it does not show "
            "that the frames would be coded as reliably in other texts, and agreement on new material is likely "
            f"to be lower. Excluding the sentences the codebook quotes (alpha {c2u['alpha, primary frame']:.2f} "
            "without them) removes only the most direct overlap."
        )
    items.append(cb)
    items.append(
        "**The tagger is fitted to this corpus.** Even the entries marked `general` were written after reading "
        "the corpus and the corpus-derived codebook; leave-one-article-out removes only the error-driven "
        "entries. Expect lower scores on new articles (multi-label frame classifiers in SemEval-2023 Task 3 "
        "reached about 0.5 micro-F1 on unseen languages). Re-score after adding an article and record new "
        "entries with its `source_doc`."
    )
    sc = scores(frames, codebook)
    few = sc[sc["frame"].isin(codebook.frame_ids) & (sc["support"] < FEW_GOLD_LABELS)]
    few_desc = (
        f" Frames with fewer than {FEW_GOLD_LABELS} gold labels ("
        + join(f"{codebook.label(r.frame)} with {r.support}" for r in few.itertuples())
        + f") have unstable scores: one error more or less moves their recall by more than "
        f"{1 / FEW_GOLD_LABELS:.1f}."
        if len(few)
        else ""
    )
    items.append(
        '**What a lexicon cannot see.** Anaphora ("This is not a new complaint", "That seems very fast"), the '
        "difference between Wagner as a Russian instrument and Wagner as one armed actor among others (rule "
        "R2), and which of several frames is the main assertion." + few_desc
    )
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)]
    lists = (body["block_kind"] == "list_item").groupby(body["doc_id"]).mean()
    lists = lists[lists > 0].reindex([d for d in documents["doc_id"] if d in lists[lists > 0].index])
    list_desc = (
        ", which weights the texts with list items ("
        + join(f"{esc(labels[d])}: {100 * x:.0f}% of its body sentences" for d, x in lists.items())
        + ")"
        if len(lists)
        else ""
    )
    items.append(
        "**Sentences as units.** spaCy's sentence splits are kept even where they cut a sentence in two (coded "
        "as the whole sentence, rule U1), and a list label and its explanation count as two sentences"
        + list_desc
        + "."
    )
    items.append(
        "**Intervals** are percentile bootstrap intervals over the sentences of one text; they describe "
        "sampling variation within a text, not coding error or the choice of frames."
    )
    return "\n".join(f"- {x}" for x in items)
