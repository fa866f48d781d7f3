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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import spacy
import yaml
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span, Token

from minusma_lib.cleaning import BODY_KINDS
from minusma_lib.corpus import load_manifest
from minusma_lib.findings import esc, join, num, plural
from minusma_lib.nlp import ACTOR_GROUPS, ACTORS_KEY, AnnotatedCorpus, _sentences, sent_id
from minusma_lib.overview import GENRE_LABELS, LANGUAGES
from minusma_lib.paths import data_dir, project_root
from minusma_lib.plots import outlet_labels

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
# Tokens that negate what they govern; `neg` dependents are found by their dependency label.
NEGATORS = {"no", "not", "n't", "never", "without", "nor", "neither", "none"}
# Paths to the sentence root through these make a match subordinate (rules P1, P3 of the codebook).
SUBORDINATE_DEPS = {"relcl", "acl", "advcl", "appos"}
SUBORDINATORS = {"despite", "although", "though", "while", "after", "following", "whereas"}
SHORT_LABELS = {
    "security_counterterrorism": "Security / counter-terrorism",
    "sovereignty_anticolonial": "Sovereignty / junta politics",
    "human_rights_accountability": "Human rights / accountability",
    "russia_west_rivalry": "Russia–West / foreign partners",
    "protection_humanitarian": "Civilians / humanitarian",
    "economic_cost": "Economic cost",
    "mission_effectiveness": "Mission effectiveness",
    "multilateral_procedure": "UN procedure / mandate",
    "public_opinion": "Public opinion",
    "capacity_logistics": "Capacity / logistics",
    NONE: "No frame",
}
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


class FramesError(ValueError):
    """Bad codebook, lexicon or coding file; the message names the file, the entry and the fix."""


def codebook_path() -> Path:
    return data_dir() / "codebooks" / "frames.yaml"


def lexicon_path() -> Path:
    return data_dir() / "lexicons" / "frames.yaml"


def manual_path() -> Path:
    return data_dir() / "annotations" / "frames_manual.csv"


def coder2_path() -> Path:
    return data_dir() / "annotations" / "frames_manual_coder2.csv"


# --- codebook ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Codebook:
    version: str
    pfc: dict[int, dict]
    frames: dict[str, dict]
    quoted: frozenset[str] = frozenset()  # sent_ids the codebook quotes as (counter-)examples

    def pfc_code(self, frame: str) -> int | None:
        return None if frame == NONE else int(self.frames[frame]["pfc_code"])

    def label(self, frame: str) -> str:
        return SHORT_LABELS.get(frame) or self.frames.get(frame, {}).get("label", frame)

    @property
    def frame_ids(self) -> list[str]:
        return list(self.frames)


def load_codebook(path: Path | None = None) -> Codebook:
    """Read and check the codebook: PFC codes 1–15 complete, every domain frame on one valid code."""
    path = path or codebook_path()
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
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
        frames[fid] = d
    if not frames:
        raise FramesError(f"{path}: no domain_frames; add at least one.")
    quoted = {
        ex["sent_id"]
        for d in [*frames.values(), spec.get("none") or {}]
        for key in ("examples", "counter_examples")
        for ex in d.get(key) or []
        if isinstance(ex, dict) and ex.get("sent_id")
    }
    return Codebook(str(spec.get("version", "")), pfc, frames, frozenset(quoted))


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
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FramesError(f"{path}: not valid YAML ({exc}). Fix the syntax at the line shown.") from exc
    if not isinstance(spec, dict) or not spec.get("version"):
        raise FramesError(f'{path}: needs a top-level `version` and `entries`. Fix: add `version: "1.0"`.')
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
        unknown = sorted(set(raw) - ENTRY_KEYS)
        if unknown:
            raise _entry_error(
                path,
                n,
                raw,
                f"unknown key(s) {', '.join(unknown)}",
                f"use only {', '.join(sorted(ENTRY_KEYS))}",
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
    return Lexicon(str(spec["version"]), tuple(entries), str(path))


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
        f"{plural(none, 'body sentence')} without a frame."
    )


def primary_counts_table(
    frames: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook, method: str = "manual"
) -> pd.DataFrame:
    """Primary frames per outlet (counts), with the outlets' genre/translation flags as the header."""
    labels, fl = outlet_labels(documents), flags(documents)
    p = frames[(frames["method"] == method) & (frames["role"] == "primary")]
    c = p.groupby(["frame", "doc_id"]).size().unstack(fill_value=0)
    c = c.reindex(index=[*codebook.frame_ids, NONE], columns=documents["doc_id"], fill_value=0)
    c.index = [codebook.label(f) for f in c.index]
    c.columns = [f"{labels[d]} ({fl[d]})" for d in c.columns]
    c.loc["total"] = c.sum()
    c["all"] = c.sum(axis=1)
    return c


def method_comparison_prose(summary: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook) -> str:
    """Does the tagger tell the same story per outlet as the manual coding?"""
    labels = outlet_labels(documents)
    top = summary[summary["outlet_primary"].astype(bool)].pivot(
        index="doc_id", columns="method", values="frame"
    )
    top = top.reindex(documents["doc_id"])
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
        f"{100 * s.loc[(d, f), 'manual']:.0f}% manual, {100 * s.loc[(d, f), 'lexicon']:.0f}% tagger)."
    )


# --- tagger -----------------------------------------------------------------------------------


def negation_cue(span: Span) -> Token | None:
    """The token that negates ``span``: a negator inside it, or one governing its root up to its clause."""
    for t in span:
        if t.dep_ == "neg" or t.lower_ in NEGATORS:
            return t
    tok = span.root
    for _ in range(6):
        for c in tok.children:
            if not span.start <= c.i < span.end:
                if c.dep_ == "neg" or (
                    c.lower_ in NEGATORS and c.dep_ in ("det", "advmod", "neg", "preconj")
                ):
                    return c
        if tok.lower_ == "without" and not span.start <= tok.i < span.end:
            return tok
        if (tok.pos_ in ("VERB", "AUX") and tok is not span.root) or tok.head is tok:
            if tok.head.lower_ == "without" and tok.dep_ in ("pcomp", "pobj"):
                return tok.head  # "without being effective"
            break
        tok = tok.head
    return None


def _rank(span: Span, sent: Span, priority: int) -> tuple[int, int, int, int]:
    """Sort key for the primary frame: main clause first, then priority, closeness to the root, position."""
    depth, subordinate, tok = 0, 0, span.root
    while tok.i != sent.root.i and depth < 30:
        if tok.dep_ in SUBORDINATE_DEPS or tok.lower_ in SUBORDINATORS:
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

    def __init__(self, lexicon: Lexicon) -> None:
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
            [{"label": e.frame, "pattern": e.pattern, "id": e.id} for e in lexicon.active]
        )

    def spans(self, doc: Doc) -> list[Span]:
        """Every match in ``doc`` (a copy is annotated; the original Doc is unchanged)."""
        copy = doc.copy()
        self.ruler(copy)
        return sorted(copy.spans[SPANS_KEY], key=lambda s: (s.start, s.end, s.id_))

    def tag_sentences(self, doc: Doc, sents: Sequence[Span]) -> list[SentenceTags]:
        spans = self.spans(doc)
        actors = list(doc.spans[ACTORS_KEY]) if ACTORS_KEY in doc.spans else []
        out = []
        for sent in sents:
            inside = [s for s in spans if s.start >= sent.start and s.end <= sent.end]
            groups = {a.label_ for a in actors if a.start >= sent.start and a.end <= sent.end}
            out.append(
                self._tag(sent, [doc[s.start : s.end] for s in inside], [s.id_ for s in inside], groups)
            )
        return out

    def _tag(self, sent: Span, spans: list[Span], ids: list[str], groups: set[str]) -> SentenceTags:
        labels: dict[str, list[str]] = {}
        evidence: dict[str, list[str]] = {}
        negated: list[str] = []
        best: tuple | None = None
        primary = NONE
        for span, eid in zip(spans, ids, strict=True):
            entry = self.lexicon.by_id[eid]
            if entry.requires_actor and not groups.intersection(entry.requires_actor):
                continue
            frame = entry.frame
            if entry.negatable:
                cue = negation_cue(span)
                if cue is not None:
                    negated.append(f"{eid}:{cue.text}")
                    if entry.negated_frame is None:
                        continue
                    frame = entry.negated_frame
            if eid not in labels.setdefault(frame, []):
                labels[frame].append(eid)
            evidence.setdefault(frame, []).append(span.text)
            key = _rank(span, sent, entry.priority)
            if best is None or key < best:
                best, primary = key, frame
        return SentenceTags(primary, labels, evidence, negated)

    def tag_text(self, nlp: Language, text: str) -> list[SentenceTags]:
        """Parse ``text`` with ``nlp`` (e.g. ``nlp.load_nlp()``) and tag each sentence (for tests and demos)."""
        doc = nlp(text)
        return self.tag_sentences(doc, [s for s in doc.sents if s.text.strip()])


# --- manual coding ----------------------------------------------------------------------------

MANUAL_COLUMNS = ["sent_id", "doc_id", "start", "end", "primary_frame", "secondary_frames", "note"]


def load_coding(path: Path, codebook: Codebook, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read a manual coding file and check it against the codebook and (if given) sentences.csv."""
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
        if bad or r.primary_frame in sec or (r.primary_frame == NONE and sec):
            raise FramesError(
                f"{path} row {n} ({r.sent_id}): secondary_frames {r.secondary_frames!r} must be ';'-separated codebook frames, without the primary, empty with 'none'."
            )
    if df["sent_id"].duplicated().any():
        raise FramesError(
            f"{path}: sent_id {df.loc[df['sent_id'].duplicated(), 'sent_id'].iloc[0]} is coded twice; keep one row."
        )
    if sentences is not None:
        body = sentences[sentences["block_kind"].isin(BODY_KINDS)].set_index("sent_id")
        unknown = sorted(set(df["sent_id"]) - set(body.index))
        if unknown:
            raise FramesError(
                f"{path}: {unknown[:3]} are not body sentences of sentences.csv. Fix: re-copy ids from data/processed/sentences.csv."
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
    df["start"] = df["start"].astype(int)
    df["end"] = df["end"].astype(int)
    return df[MANUAL_COLUMNS].reset_index(drop=True)


def load_manual(codebook: Codebook | None = None, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The gold standard (coder 1): every body sentence coded by hand."""
    return load_coding(manual_path(), codebook or load_codebook(), sentences)


def load_coder2(
    codebook: Codebook | None = None, sentences: pd.DataFrame | None = None
) -> pd.DataFrame | None:
    """The second, independent coding, or None while ``frames_manual_coder2.csv`` does not exist."""
    path = coder2_path()
    if not path.is_file():
        return None
    return load_coding(path, codebook or load_codebook(), sentences)


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


def tagger_rows(
    ac: AnnotatedCorpus, body: pd.DataFrame, lexicon: Lexicon, codebook: Codebook, method: str = "lexicon"
) -> list[dict]:
    """Tag every body sentence; ``method='lexicon_loao'`` tags each article without its own entries."""
    rows = []
    full = Tagger(lexicon) if method == "lexicon" else None
    by_id = body.set_index("sent_id")
    for ad in ac:
        tagger = full or Tagger(lexicon.without_source(ad.doc_id))
        sents = list(enumerate(_sentences(ad)))
        ids = [sent_id(ad.doc_id, i) for i, _ in sents]
        keep = [(sid, sp) for sid, (_, sp) in zip(ids, sents, strict=True) if sid in by_id.index]
        tags = tagger.tag_sentences(ad.doc, [sp for _, sp in keep])
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
    df["_s"], df["_m"] = df["sent_id"].map(order), df["method"].map(METHODS.index)
    df["_r"] = (df["role"] != "primary").astype(int)
    return (
        df.sort_values(["_m", "_s", "_r"], kind="stable")
        .drop(columns=["_s", "_m", "_r"])
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
    sentences, seeded) and share as primary frame; ``outlet_primary`` marks each outlet's top primary."""
    frame_ids = [*codebook.frame_ids, NONE]
    rows = []
    for mi, method in enumerate(("manual", "lexicon")):
        prim = primaries(frames, method)
        for di, d in enumerate(documents.itertuples()):
            sids = list(dict.fromkeys(frames.loc[frames["doc_id"] == d.doc_id, "sent_id"]))
            m = presence(frames, method, codebook.frame_ids, sids)
            m = np.column_stack([m, ~m.any(axis=1)])
            low, high = _bootstrap(m, np.random.default_rng([seed, mi, di]), n_boot)
            counts = prim.reindex(sids).value_counts()
            top = _top_primary(counts, frame_ids)
            for j, f in enumerate(frame_ids):
                rows.append(
                    {
                        "doc_id": d.doc_id,
                        "outlet_short": d.outlet_short,
                        "genre": d.genre,
                        "translation": d.translation,
                        "translated_from": d.translated_from,
                        "method": method,
                        "frame": f,
                        "pfc_code": codebook.pfc_code(f),
                        "n_body_sentences": len(sids),
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
    df["pfc_code"] = df["pfc_code"].astype("Int64")
    return df


def processed_tables(ac: AnnotatedCorpus, base: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``frames.csv`` and ``frames_by_outlet.csv`` (registered in ``processed.ANALYSES``)."""
    codebook = load_codebook()
    lexicon = load_lexicon(codebook=codebook, doc_ids=base["documents"]["doc_id"])
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
        pr, rc, f1 = _prf(tp, fp, fn)
        rows.append(
            {
                "frame": f,
                "label": codebook.label(f),
                "pfc_code": codebook.pfc_code(f),
                "support": tp + fn,
                "predicted": tp + fp,
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "precision": pr,
                "recall": rc,
                "f1": f1,
            }
        )
    df = pd.DataFrame(rows)
    tp, fp, fn = (int(df[c].sum()) for c in ("tp", "fp", "fn"))
    pr, rc, f1 = _prf(tp, fp, fn)
    micro = {
        "frame": "micro",
        "label": "micro average",
        "support": tp + fn,
        "predicted": tp + fp,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": pr,
        "recall": rc,
        "f1": f1,
    }
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
    for d in documents["doc_id"]:
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
    return pd.DataFrame(rows).round(3)


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
    """False positives and negatives per text, with the full lexicon and leave-one-article-out."""
    labels = outlet_labels(documents)
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


def alpha_nominal(a: Sequence[str], b: Sequence[str]) -> float:
    """Krippendorff's alpha (nominal) for two coders' category per unit; NaN when undefined."""
    cats = sorted(set(a) | set(b))
    if len(cats) < 2:
        return float("nan")
    code = {c: i for i, c in enumerate(cats)}
    data = np.array([[code[x] for x in a], [code[x] for x in b]], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def _coding_sets(coding: pd.DataFrame) -> tuple[pd.Series, dict[str, set[str]]]:
    prim = coding.set_index("sent_id")["primary_frame"]
    sets = {
        r.sent_id: ({r.primary_frame} - {NONE}) | {x for x in r.secondary_frames.split(";") if x}
        for r in coding.itertuples()
    }
    return prim, sets


def _frames_as_coding(frames: pd.DataFrame, method: str) -> pd.DataFrame:
    f = frames[frames["method"] == method]
    rows = []
    for s, g in f.groupby("sent_id", sort=False):
        prim = g.loc[g["role"] == "primary", "frame"].iloc[0]
        sec = ";".join(g.loc[g["role"] == "secondary", "frame"])
        rows.append({"sent_id": s, "primary_frame": prim, "secondary_frames": sec})
    return pd.DataFrame(rows)


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
    """Every sentence whose primary frame differs between the two coders, with both codes and notes."""
    cols = ["sent_id", "sentence", "coder 1", "coder 2", "coder 1 note", "coder 2 note"]
    if coder2 is None:
        return pd.DataFrame(columns=cols)
    man = frames[frames["method"] == "manual"].drop_duplicates("sent_id").set_index("sent_id")
    c1 = load_coding(manual_path(), load_codebook()).set_index("sent_id")
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


def agreement_prose(frames: pd.DataFrame, codebook: Codebook, coder2: pd.DataFrame | None) -> str:
    t = agreement_table(frames, codebook, coder2).set_index(["comparison", "sentences"])
    allr, unq = "all body sentences", "not quoted in the codebook"
    tag = t.loc[("tagger (full lexicon) vs. coder 1", allr)]
    loao = t.loc[("tagger (leave-one-article-out) vs. coder 1", allr)]
    out = (
        f"Treating the tagger as another coder, Krippendorff's alpha on the primary frame against coder 1 is "
        f"{tag['alpha, primary frame']:.2f} ({tag['% same primary']:.0f}% identical primaries) with the full "
        f"lexicon and {loao['alpha, primary frame']:.2f} leave-one-article-out; the mean per-frame alpha is "
        f"{tag['mean per-frame alpha']:.2f} and {loao['mean per-frame alpha']:.2f}. Values above 0.8 are "
        "usually taken as reliable and above 0.667 as tentatively acceptable (Krippendorff 2004)."
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
        f"with coder 1 at alpha {c2['alpha, primary frame']:.2f} on the primary frame{part} "
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
    p_value = (1 + int((null >= observed - 1e-9).sum())) / (n_perm + 1)
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
        "cramers_v": cramers_v,
    }


def comparison_tests(frames: pd.DataFrame, codebook: Codebook, documents: pd.DataFrame) -> pd.DataFrame:
    """The permutation test for all texts, without the chatbot transcript, and English originals only."""
    labels = outlet_labels(documents)
    ai = documents.loc[documents["genre"] == "ai_chatbot_transcript", "doc_id"].tolist()
    orig = documents.loc[
        (documents["translation"] == "none") & ~documents["doc_id"].isin(ai), "doc_id"
    ].tolist()
    scopes = [
        ("all texts", documents["doc_id"].tolist()),
        ("without the AI chatbot transcript", [d for d in documents["doc_id"] if d not in ai]),
        ("original-language news and analysis only (no translation, no AI)", orig),
    ]
    rows = []
    for scope, docs in scopes:
        if len(docs) < 2:
            continue
        for method in ("manual", "lexicon"):
            for unit in ("primary", "labels"):
                t = permutation_test(frames, codebook, method, unit, docs)
                rows.append(
                    {
                        "texts": scope,
                        "outlets": ", ".join(labels[d] for d in docs),
                        "coding": "manual" if method == "manual" else "lexicon tagger",
                        "unit": "primary frame" if unit == "primary" else "all labels",
                        "sentences": t["sentences"],
                        "chi-square": round(t["chi2"], 1),
                        "permutation p": round(t["p_value"], 4),
                        "Cramér's V": round(t["cramers_v"], 2),
                    }
                )
    return pd.DataFrame(rows)


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


def p_text(p: float, n_perm: int = N_PERM) -> str:
    """A permutation p-value; at the floor 1/(n+1) it is reported as an upper bound."""
    floor = 1 / (n_perm + 1)
    return f"p ≤ {floor:.4f}" if p <= floor * 1.5 else f"p = {p:.4f}"


def profile_table(
    summary: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook, method: str = "manual"
) -> pd.DataFrame:
    """Outlets × frames: share of sentences with the frame and its 95% interval, with genre/translation
    flags and the outlet's most frequent primary frame."""
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
        top = r.index[r["outlet_primary"].astype(bool)][0]
        row["most frequent primary"] = f"{codebook.label(top)} ({r.loc[top, 'n_primary']})"
        for f in [*codebook.frame_ids, NONE]:
            x = r.loc[f]
            row[codebook.label(f)] = (
                f"{100 * x['share']:.0f}% ({100 * x['share_low']:.0f}–{100 * x['share_high']:.0f})"
            )
        rows.append(row)
    return pd.DataFrame(rows)


def comparison_prose(
    summary: pd.DataFrame, frames: pd.DataFrame, codebook: Codebook, documents: pd.DataFrame
) -> str:
    """What the manual coding says about each outlet, with the tests and the genre caveat."""
    labels, fl = outlet_labels(documents), flags(documents)
    s = summary[(summary["method"] == "manual") & (summary["frame"] != NONE)]
    parts = []
    for d in documents["doc_id"]:
        r = s[s["doc_id"] == d]
        top = r.loc[r["outlet_primary"].astype(bool)].iloc[0]
        most = r.sort_values(["share", "frame"], ascending=[False, True]).iloc[0]
        parts.append(
            f"{esc(labels[d])} ({esc(fl[d])}): most often primary {codebook.label(top['frame'])} "
            f"({top['n_primary']} of {top['n_body_sentences']} sentences); the frame present in most sentences is "
            f"{codebook.label(most['frame'])} ({100 * most['share']:.0f}%, 95% interval "
            f"{100 * most['share_low']:.0f}–{100 * most['share_high']:.0f}%)"
        )
    t = comparison_tests(frames, codebook, documents)
    pick = lambda texts, coding: t[  # noqa: E731
        (t["texts"] == texts) & (t["coding"] == coding) & (t["unit"] == "primary frame")
    ].iloc[0]
    allp, noai = pick("all texts", "manual"), pick("without the AI chatbot transcript", "manual")
    lex, lexno = (
        pick("all texts", "lexicon tagger"),
        pick("without the AI chatbot transcript", "lexicon tagger"),
    )
    V = "Cramér's V"
    verdict = lambda p: "more than chance would produce" if p < 0.05 else "no more than chance would produce"  # noqa: E731
    return (
        "By the manual coding:\n\n" + "\n".join(f"- {p}." for p in parts) + "\n\n"
        f"The outlets' primary frames differ {verdict(allp['permutation p'])} (chi-square {allp['chi-square']}, "
        f"permutation {p_text(allp['permutation p'])} with {num(N_PERM)} permutations, the smallest value they "
        f"can show; Cramér's V {allp[V]}). Without the chatbot transcript the other texts differ "
        f"{verdict(noai['permutation p'])} ({p_text(noai['permutation p'])}, V {noai[V]}). With the tagger's "
        f"primary frames instead of the manual ones the texts differ {verdict(lex['permutation p'])} "
        f"({p_text(lex['permutation p'])}), and without the transcript "
        f"{verdict(lexno['permutation p'])} ({p_text(lexno['permutation p'])}). Sentences within a text are not independent (they share an author and a line of "
        "argument), so the test says the texts differ, not why: genre, translation and length are confounded "
        "with outlet in a corpus of five texts."
    )


def validation_prose(frames: pd.DataFrame, codebook: Codebook, lexicon: Lexicon) -> str:
    sc = summary_scores(frames, codebook)
    v = scores(frames, codebook, "lexicon")
    v = v[~v["frame"].isin(["micro", "macro"])]
    lo = scores(frames, codebook, "lexicon_loao")
    lo = lo[~lo["frame"].isin(["micro", "macro"])]
    best, worst = v.loc[v["f1"].idxmax()], v.loc[v["f1"].idxmin()]
    drop = (v.set_index("frame")["f1"] - lo.set_index("frame")["f1"]).sort_values(ascending=False)
    n_doc = sum(e.source_doc != GENERAL for e in lexicon.active)
    return (
        f"Against the manual coding (primary and secondary frames as the gold label set, {num(v['support'].sum())} "
        f"labels on {plural(len(_sent_ids(frames)), 'sentence')}), the lexicon tagger (version {esc(lexicon.version)}, "
        f"{plural(len(lexicon.active), 'active pattern')}) reaches micro-F1 {sc['micro_f1_full']:.2f} (precision "
        f"{sc['micro_p_full']:.2f}, recall {sc['micro_r_full']:.2f}) and macro-F1 {sc['macro_f1_full']:.2f}; it picks the "
        f"coder's primary frame for {100 * sc['primary_accuracy_full']:.0f}% of sentences. It is best on "
        f"{codebook.label(best['frame'])} (F1 {best['f1']:.2f}) and worst on {codebook.label(worst['frame'])} "
        f"(F1 {worst['f1']:.2f}, {int(worst['support'])} gold labels). {n_doc} of the active patterns are tied to "
        f"one article (added after reading its errors, or copying a phrase the codebook quotes from it); scoring "
        f"each article without its own patterns (leave-one-article-out) gives micro-F1 {sc['micro_f1_loao']:.2f} and macro-F1 {sc['macro_f1_loao']:.2f}. "
        f"The gap is the part of the fit that does not carry over to an unseen text; it is largest for "
        f"{codebook.label(drop.index[0])}, which loses {drop.iloc[0]:.2f} F1."
    )


def headline(frames: pd.DataFrame, summary: pd.DataFrame, codebook: Codebook, documents: pd.DataFrame) -> str:
    """One-sentence finding for the site's index card."""
    labels = outlet_labels(documents)
    s = summary[(summary["method"] == "manual") & summary["outlet_primary"].astype(bool)]
    tops = "; ".join(f"{esc(labels[r.doc_id])}: {codebook.label(r.frame)}" for r in s.itertuples())
    distinct = s["frame"].nunique() == len(s)
    sc = summary_scores(frames, codebook)
    t = permutation_test(frames, codebook, "manual", "primary")
    lead = "Each text leads with a different frame" if distinct else "The most frequent primary frames are"
    chance = "more than chance would produce" if t["p_value"] < 0.05 else "no more than chance would produce"
    return (
        f"{lead} ({tops}; manual coding); the outlets' frames differ {chance} (permutation "
        f"{p_text(t['p_value'])}). The lexicon tagger matches the manual coding with micro-F1 "
        f"{sc['micro_f1_full']:.2f} ({sc['micro_f1_loao']:.2f} leave-one-article-out)."
    )
