"""The general stance design: evaluative words from a published lexicon (VADER's, shipped inside the
``vaderSentiment`` package, MIT licence) instead of a cue list written on the seeds, tied to a target
by one rule per word class (``data/lexicons/stance_general.yaml`` documents each rule).

:func:`find_general_cues` turns the evaluative words of a sentence into :class:`CueHit` objects whose
``cue.link`` names the rule that may tie them to a target; :func:`general_linked` applies it. Negation,
hedges, concession, speculation and reported speech are handled by the scorer, as for the cue design.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import vaderSentiment
from spacy.tokens import Span, Token

from minusma_lib.core.config import check_keys, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.extract.stance_lexicon import Cue, lexicon_dir
from minusma_lib.extract.stance_links import CueHit, clause_head, np_agents
from minusma_lib.extract.stance_mentions import SUBJ_DEPS, TargetMention

GENERAL_RULES = ("modifier", "predicate", "doer", "subject", "agent", "judged")
FILE_KEYS = (
    "threshold",
    "thresholds",
    "pos",
    "judgement_verbs",
    "support_verbs",
    "experiencer_verbs",
    "add",
    "remove",
)
ENTRY_KEYS = ("word", "polarity", "why")
PREDICATE_DEPS = {"acomp", "attr", "oprd"}
RELATIVE = {"who", "which", "that"}


@dataclass(frozen=True)
class GeneralLexicon:
    """Word -> polarity (-1/+1) of the evaluative words, the judgement verbs, the word classes used."""

    words: dict[str, int]
    harm: frozenset[str]  # every negative word, whatever its strength: the harm reading needs no intensity
    judgement: dict[str, int]
    support: frozenset[str]
    experiencer: frozenset[str]  # attitude verbs whose subject feels, not is evaluated ("Mali welcomed")
    removed: frozenset[str]
    pos: frozenset[str]
    threshold: float
    thresholds: tuple[float, ...]


def general_path() -> Path:
    return lexicon_dir() / "stance_general.yaml"


def vader_path() -> Path:
    return Path(vaderSentiment.__file__).parent / "vader_lexicon.txt"


@lru_cache(maxsize=2)
def vader_valences() -> dict[str, float]:
    """VADER's word -> mean valence (-4..+4), single alphabetic words only."""
    out = {}
    for line in vader_path().read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha():
            out[parts[0].lower()] = float(parts[1])
    return out


def _entries(path: Path, spec: dict, key: str, keys: tuple[str, ...]) -> list[dict]:
    items = spec[key] or []
    if not isinstance(items, list):
        raise ConfigError(f"{path}: {key}: must be a list of entries.")
    for i, e in enumerate(items):
        where = f"{key}[{i}]"
        check_keys(e, path, where, keys, ENTRY_KEYS)
        if not str(e.get("why", "")).strip():
            raise ConfigError(f"{path}: {where}: add `why:` (the general rule or resource behind the entry).")
        if "polarity" in keys and e["polarity"] not in (-1, 1):
            raise ConfigError(f"{path}: {where}: polarity must be -1 or 1, not {e['polarity']!r}.")
    return items


def load_general(path: Path | None = None, threshold: float | None = None) -> GeneralLexicon:
    """Read and check ``stance_general.yaml``; ``threshold`` overrides the file's (for the comparison)."""
    path = path or general_path()
    spec = load_yaml(path) or {}
    check_keys(spec, path, "top level", FILE_KEYS, FILE_KEYS)
    thr = float(spec["threshold"] if threshold is None else threshold)
    if not 0 < thr <= 4:
        raise ConfigError(f"{path}: threshold: must be in (0, 4] (VADER valences run from -4 to +4).")
    removed = {str(e["word"]).lower() for e in _entries(path, spec, "remove", ("word", "why"))}
    words = {
        w: (1 if v > 0 else -1) for w, v in vader_valences().items() if abs(v) >= thr and w not in removed
    }
    harm = {w for w, v in vader_valences().items() if v < 0 and w not in removed}
    for e in _entries(path, spec, "add", ENTRY_KEYS):
        words[str(e["word"]).lower()] = int(e["polarity"])
        if int(e["polarity"]) < 0:
            harm.add(str(e["word"]).lower())
    judgement = {
        str(e["word"]).lower(): int(e["polarity"])
        for e in _entries(path, spec, "judgement_verbs", ENTRY_KEYS)
    }
    return GeneralLexicon(
        words=words,
        harm=frozenset(harm),
        judgement=judgement,
        support=frozenset(
            str(e["word"]).lower() for e in _entries(path, spec, "support_verbs", ("word", "why"))
        ),
        experiencer=frozenset(
            str(e["word"]).lower() for e in _entries(path, spec, "experiencer_verbs", ("word", "why"))
        ),
        removed=frozenset(removed),
        pos=frozenset(str(p) for p in spec["pos"]),
        threshold=thr,
        thresholds=tuple(float(x) for x in spec["thresholds"]),
    )


def _is_passive(v: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children)


def word_rule(t: Token, experiencer: frozenset[str] = frozenset()) -> str:
    """The rule that may tie an evaluative word to a target, from its word class and dependency. An
    attitude verb (``experiencer``) evaluates its object, not its subject: it ties to no target here."""
    if t.pos_ == "ADJ":
        if t.dep_ == "amod":
            return "modifier"
        return "predicate" if t.dep_ in PREDICATE_DEPS or t.dep_ == "ROOT" else ""
    if t.pos_ == "NOUN":
        return "predicate" if t.dep_ in PREDICATE_DEPS else "doer"
    if t.pos_ == "VERB":
        if t.lemma_.lower() in experiencer:
            return ""
        return "agent" if _is_passive(t) else "subject"
    return ""


def _polarity(t: Token, gl: GeneralLexicon) -> int:
    if t.lemma_.lower() in gl.removed:
        return 0
    return gl.words.get(t.lemma_.lower()) or gl.words.get(t.lower_) or 0


def find_general_cues(sent: Span, gl: GeneralLexicon, taken: set[int]) -> list[CueHit]:
    """Evaluative words of a sentence (outside target mentions, ``taken``): one hit per word with the
    rule of its word class, a ``judged`` hit for a judgement verb, and for a negative word a
    ``withdrawal_harm`` hit for MINUSMA (used only when the clause speaks of the mission's departure)."""
    out = []
    for t in sent:
        if t.i in taken or t.pos_ not in gl.pos:
            continue
        lemma = t.lemma_.lower()
        if t.pos_ == "VERB" and lemma in gl.judgement:
            cue = Cue(
                f"judge_{lemma}",
                (lemma,),
                gl.judgement[lemma],
                ("any",),
                "judged",
                "judgement verb",
                source="general",
            )
            out.append(CueHit(cue, t.i, t.i + 1, t))
            continue
        pol, rule = _polarity(t, gl), word_rule(t, gl.experiencer)
        if pol and rule:
            out.append(
                CueHit(
                    Cue(f"g_{lemma}", (lemma,), pol, ("any",), rule, "VADER", source="general"),
                    t.i,
                    t.i + 1,
                    t,
                )
            )
        if lemma not in gl.removed and (lemma in gl.harm or t.lower_ in gl.harm):
            harm = Cue(
                f"harm_{lemma}",
                (lemma,),
                1,
                ("minusma",),
                "clause",
                "VADER",
                frame="withdrawal_harm",
                source="general",
            )
            out.append(CueHit(harm, t.i, t.i + 1, t))
    return out


def _subject_heads(clause: Token) -> set[int]:
    """Heads of the clause's subject (the antecedent for a relative pronoun) and their conjuncts."""
    c, heads = clause, [k for k in clause.children if k.dep_ in SUBJ_DEPS]
    while not heads and c.dep_ in ("conj", "xcomp") and c.head.i != c.i:
        c = c.head
        heads = [k for k in c.children if k.dep_ in SUBJ_DEPS]
    out: set[int] = set()
    for h in heads:
        if h.lower_ in RELATIVE and clause.dep_ == "relcl":
            h = clause.head
        out.add(h.i)
        out.update(k.i for k in h.children if k.dep_ in ("conj", "appos"))
    return out


def _in_mention(i: int, m: TargetMention) -> bool:
    return m.start <= i < m.end or i == m.head.i


def general_linked(hit: CueHit, m: TargetMention, support: frozenset[str] = frozenset()) -> bool:
    """Whether the word's rule ties it to the mention (see ``stance_general.yaml``)."""
    c, rule = hit.head, hit.cue.link
    if rule == "modifier":
        return _in_mention(c.head.i, m)
    if rule == "predicate":
        verb = c.head if c.dep_ in PREDICATE_DEPS else c
        return any(_in_mention(i, m) for i in _subject_heads(verb))
    if rule == "doer":
        doers = np_agents(c)
        if c.dep_ == "dobj" and c.head.lemma_.lower() in support:
            doers |= _subject_heads(c.head)
        return any(_in_mention(i, m) for i in doers)
    if rule == "subject":
        return any(_in_mention(i, m) for i in _subject_heads(clause_head(c) if c.dep_ == "xcomp" else c))
    if rule == "agent":
        return any(_in_mention(i, m) for i in np_agents(c))
    if rule == "judged":
        if _is_passive(c):
            no_agent = not any(k.dep_ == "agent" for k in c.children)
            return no_agent and any(_in_mention(i, m) for i in _subject_heads(c))
        if any(k.dep_ in SUBJ_DEPS for k in c.children):
            return False  # a named judge: the judgement is the subject's, not the author's
        return any(_in_mention(t.i, m) for k in c.children if k.dep_ == "dobj" for t in [k])
    return False


def governed_by_outer(h: CueHit, heads: set[int]) -> bool:
    """A word in the infinitive or clausal complement of another evaluative verb is decided by that
    verb ("failed to protect": the failure, not the protection, is the evaluation)."""
    t = h.head
    while t.dep_ in ("xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acomp") and t.head.i != t.i:
        t = t.head
        if t.i in heads and t.pos_ == "VERB":
            return True
    return False
