"""The clause stance design: VADER's own sentence scorer (Hutto & Gilbert 2014; negation, boosters,
"but" and intensity handled by the scorer) applied, in the author's voice, to the clause in which a
target takes part as subject, object, possessor or by-agent (``data/lexicons/stance_clause.yaml``
documents every rule and threshold).

A mention's *clause* is the subtree of the verb that governs its role, minus the subordinate
clauses and parentheticals that do not contain the mention and minus reported speech (quotes are
the speakers', not the author's). The words of a clause are scored together, so an evaluative word
counts for every target that is a participant of its clause, however many arcs away. One sentence
gives one score per target: the sign of the sum of its clauses' signs. Each row records the rule
(``clause:<role>``) and the VADER words that carried the score.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from minusma_lib.core.config import check_keys, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.extract import quote_parts, speakers
from minusma_lib.extract.stance_general import vader_valences
from minusma_lib.extract.stance_lexicon import lexicon_dir
from minusma_lib.extract.stance_mentions import SUBJ_DEPS, TargetMention

FILE_KEYS = (
    "compound_threshold",
    "roles",
    "departure_words",
    "cell_rule",
    "margins",
    "margin",
    "nominal_of",
    "cut_deps",
)
NOMINAL_DEPS = {"compound", "appos", "conj", "flat", "nmod", "amod", "nummod"}
CORE_ROLES = {"nsubj": "subject", "nsubjpass": "patient", "dobj": "patient", "dative": "patient"}
CORE_ROLES |= {"attr": "predicate", "oprd": "predicate", "pobj_agent": "agent", "poss": "possessor"}


@dataclass(frozen=True)
class ClauseSettings:
    compound_threshold: float  # |VADER compound| at or above which a clause is evaluative
    roles: frozenset[str]  # the roles of a target that tie it to its clause's evaluation
    margin: int  # a cell leans one way when its signed sentences differ by at least this many
    margins: tuple[int, ...]  # the margins tried leave-one-article-out
    nominal_of: frozenset[str]  # prepositions that make a noun's complement its possessor ("of")
    cut_deps: frozenset[str]  # dependents that start another clause (left out unless they hold the mention)
    departure: frozenset[str] = frozenset()  # lemmas of leaving: harm in such a clause is the departure's


def clause_path() -> Path:
    return lexicon_dir() / "stance_clause.yaml"


@lru_cache(maxsize=4)
def load_clause(path: Path | None = None) -> ClauseSettings:
    """Read and check ``stance_clause.yaml``."""
    path = path or clause_path()
    spec = load_yaml(path) or {}
    check_keys(spec, path, "top level", FILE_KEYS, FILE_KEYS)
    thr = float(spec["compound_threshold"])
    if not 0 < thr < 1:
        raise ConfigError(f"{path}: compound_threshold: must be in (0, 1) (VADER's compound runs -1..1).")
    roles = frozenset(str(r) for r in spec["roles"])
    unknown = roles - set(CORE_ROLES.values())
    if unknown:
        raise ConfigError(
            f"{path}: roles: unknown {sorted(unknown)}; use {sorted(set(CORE_ROLES.values()))}."
        )
    margins = tuple(int(m) for m in spec["margins"])
    if spec["cell_rule"] != "margin" or int(spec["margin"]) not in margins:
        raise ConfigError(f"{path}: cell_rule must be `margin` and margin one of `margins` {margins}.")
    return ClauseSettings(
        thr,
        roles,
        int(spec["margin"]),
        margins,
        frozenset(str(p) for p in spec["nominal_of"]),
        frozenset(str(d) for d in spec["cut_deps"]),
        frozenset(str(w).lower() for w in spec["departure_words"]),
    )


@lru_cache(maxsize=1)
def analyser() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def mention_role(m: TargetMention, st: ClauseSettings) -> tuple[str, Token] | None:
    """The target's role and the token heading its clause: climb the noun phrase ("the junta's
    leader", "the failure of the mission", "MINUSMA and France") to the phrase's place in a clause."""
    t, role = m.head, ""
    for _ in range(12):
        dep = t.dep_
        if dep == "poss" or (
            dep == "pobj" and t.head.lower_ in st.nominal_of and t.head.head.pos_ in ("NOUN", "PROPN")
        ):
            role = role or "possessor"
            t = t.head if dep == "poss" else t.head.head
            continue
        if dep in NOMINAL_DEPS and t.head.i != t.i and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            t = t.head
            continue
        if dep == "pobj" and t.head.dep_ == "agent":
            return (role or "agent"), t.head.head
        if dep in CORE_ROLES:
            return (role or CORE_ROLES[dep]), t.head
        if dep == "ROOT" and role:
            return role, t
        return None
    return None


def _other_clause(k: Token, keep: Token, st: ClauseSettings) -> bool:
    """Whether dependent ``k`` starts another clause: a clausal dependent (``cut_deps``) with a
    subject of its own (one without shares the subject: "failed to protect", "leaving ... behind"),
    a relative clause on another noun, never one that contains the mention or relates to it."""
    if k.dep_ not in st.cut_deps or k.left_edge.i <= keep.i <= k.right_edge.i:
        return False
    if k.dep_ == "relcl":
        return k.head.i != keep.i
    if k.dep_ == "conj" and k.pos_ not in ("VERB", "AUX"):
        return False
    return k.dep_ in ("ccomp", "parataxis", "csubj") or any(c.dep_ in SUBJ_DEPS for c in k.children)


def clause_tokens(head: Token, keep: Token, st: ClauseSettings) -> list[Token]:
    """The clause under ``head``: its subtree minus dependents that start another clause (unless
    they contain ``keep``, the mention)."""
    out, stack = [], [head]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(k for k in t.children if not _other_clause(k, keep, st))
    return sorted(out, key=lambda t: t.i)


@dataclass
class ClauseScore:
    role: str
    score: int
    words: list[Token]  # the VADER-rated words of the clause


def score_clause(toks: list[Token], quotes: list[quote_parts.Quote], skip: set[int], st: ClauseSettings):
    """VADER's compound of the clause's author-voice words (quoted words and the mentions left out)."""
    kept = [t for t in toks if t.i not in skip and not any(q.start <= t.idx < q.end for q in quotes)]
    text = "".join(t.text_with_ws for t in kept)
    compound = analyser().polarity_scores(text)["compound"] if text.strip() else 0.0
    score = 0 if abs(compound) < st.compound_threshold else (1 if compound > 0 else -1)
    valence = vader_valences()
    return score, [t for t in kept if t.lower_ in valence]


def _departing(mention: Token, head: Token, st: ClauseSettings) -> bool:
    """Whether the clause speaks of the target leaving: the clause verb, or a noun between the
    mention and it ("the mission's withdrawal", "the departure of the peacekeepers"), is a word of leaving."""
    path = [head]
    for a in mention.ancestors:
        path.append(a)
        if a.i == head.i:
            break
    return any(t.lemma_.lower() in st.departure for t in path)


def sentence_scores(
    sent: speakers.Sentence,
    mentions: list[TargetMention],
    quotes: list[quote_parts.Quote],
    st: ClauseSettings,
) -> dict[str, ClauseScore]:
    """Per target, the author-voice score of one sentence: the sign of the sum of the signs of the
    clauses its mentions take part in (each clause once). Mentions inside reported speech are left out."""
    skip = {i for m in mentions for i in range(m.start, m.end)}
    by_target: dict[str, dict[int, tuple[str, int, list[Token]]]] = {}
    for m in mentions:
        if any(q.start <= m.head.idx < q.end for q in quotes):
            continue
        found = mention_role(m, st)
        if found is None or found[0] not in st.roles:
            by_target.setdefault(m.target, {})
            continue
        role, head = found
        clauses = by_target.setdefault(m.target, {})
        if head.i not in clauses:
            score, words = score_clause(clause_tokens(head, m.head, st), quotes, skip, st)
            if score < 0 and m.target == "minusma" and _departing(m.head, head, st):
                role, score = "departure_harm", 1
            clauses[head.i] = (role, score, words)
    out = {}
    for target, clauses in by_target.items():
        total = sum(s for _, s, _ in clauses.values())
        signed = [c for c in clauses.values() if c[1]]
        out[target] = ClauseScore(
            ";".join(dict.fromkeys(r for r, s, _ in signed)) if total else "",
            (total > 0) - (total < 0),
            sorted(
                {w.i: w for _, s, ws in signed if (s > 0) == (total > 0) for w in ws}.values(),
                key=lambda w: w.i,
            )
            if total
            else [],
        )
    return out
