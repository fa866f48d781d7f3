"""Role nouns and affiliation words (``data/lexicons/speaker_roles.yaml``): who an unknown speaker is.

:func:`affiliation` gives the category a noun phrase speaks for from its own words ("the UN envoy
to Mali" -> ``un``; "a spokesman for the CMA" -> ``armed_group``); :func:`role_noun` says whether a
token names an office or occupation ("spokesman", "envoy", "analyst").
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from minusma_lib.core.config import check_keys, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.core.paths import data_dir
from minusma_lib.extract.speech_lexicon import CATEGORIES, alias_tokens, only_stop_words

# Prepositions whose object is not whom the speaker speaks for ("envoy to Mali", "official in Gao").
NON_AFFILIATION_PREPS = ("to", "in", "on", "at", "with", "against", "about", "over", "after", "before")


@dataclass(frozen=True)
class Roles:
    nouns: dict[str, str]  # lemma -> default category ("" = from the affiliation)
    affiliations: tuple[tuple[tuple[str, ...], str], ...]  # (lower-cased tokens, category), longest first
    classes: tuple[frozenset[str], ...] = ()  # role nouns that may name the same office ("envoy", "diplomat")
    titles: frozenset[str] = frozenset()  # honorifics and titles written before a name ("Dr", "Lt Col")
    organisation_heads: frozenset[str] = frozenset()  # "Report", "Monitor": a name ending so is no person
    abbreviations: tuple[tuple[str, str], ...] = ()  # ("col", "colonel"): titles written short
    documents: frozenset[str] = frozenset()  # "report", "study": a document speaks for its author
    collective: frozenset[str] = frozenset()  # "government", "ministry": a body that speaks as one
    courtesy: frozenset[str] = frozenset()  # "Mr", "Dr": titles that say nothing of a person's office
    places: frozenset[str] = frozenset()  # "Africa", "Sahel": continents and regions, never a person's name
    generic: frozenset[str] = frozenset()  # "man", "woman": "the old man" may refer to a person of any office
    citing: frozenset[str] = frozenset()  # "cite", "quote": the agent of "cited by X" is not the voice
    inquiring: frozenset[str] = frozenset()  # "ask": the pronoun after a question is the one asked
    naming: frozenset[str] = frozenset()  # "identified only as X": X is the person's name
    diplomatic: frozenset[str] = frozenset()  # "foreign", "embassy": whose staff "the diplomat" may be
    subordinate: frozenset[str] = frozenset()  # "deputy", "vice": a lower office than the noun they precede
    retired: frozenset[str] = (
        frozenset()
    )  # "ret", "retd": the bracketed mark of a retired rank ("Col (ret.)")

    def title_word(self, tok: Token) -> str:
        """The title's full lower-case word ("Col." -> "colonel")."""
        w = tok.lower_.rstrip(".")
        return dict(self.abbreviations).get(w, w)

    def is_title(self, tok: Token) -> bool:
        """A title or honorific before a name: a listed title, a role noun or a rank of a role class."""
        w = tok.lower_.rstrip(".")
        return w in self.titles or w in self.nouns or any(w in c for c in self.classes)

    def related(self, lemma: str) -> frozenset[str]:
        """Every role noun that shares a class with ``lemma`` (itself included)."""
        out = {lemma}
        for c in self.classes:
            if lemma in c:
                out |= c
        return frozenset(out)


def roles_path() -> Path:
    return data_dir() / "lexicons" / "speaker_roles.yaml"


def load_roles(path: Path | None = None) -> Roles:
    """Read and check ``speaker_roles.yaml`` (cached until it changes)."""
    path = path or roles_path()
    return _load_roles(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load_roles(path: Path, mtime: int) -> Roles:
    spec = check_keys(
        copy.deepcopy(load_yaml(path)),
        path,
        "top level",
        ("version", "role_nouns", "affiliations"),
        (
            "role_classes",
            "name_titles",
            "organisation_heads",
            "title_abbreviations",
            "document_nouns",
            "collective_nouns",
            "courtesy_titles",
            "place_names",
            "generic_person_nouns",
            "citing_verbs",
            "inquiring_verbs",
            "naming_verbs",
            "diplomatic_bodies",
            "subordinate_ranks",
            "retired_marks",
        ),
    )
    nouns = check_keys(spec["role_nouns"], path, "role_nouns", ("why", "nouns"))["nouns"]
    allowed = set(CATEGORIES) | {""}
    for noun, cat in nouns.items():
        if cat not in allowed:
            raise ConfigError(
                f'{path}: role_nouns: {noun}: category {cat!r} must be one of {", ".join(CATEGORIES)} or "".'
            )
    found = []
    for i, entry in enumerate(spec["affiliations"]):
        check_keys(entry, path, f"affiliations[{i}]", ("category", "why", "words"))
        if entry["category"] not in CATEGORIES:
            raise ConfigError(
                f"{path}: affiliations[{i}]: category {entry['category']!r} must be one of {', '.join(CATEGORIES)}."
            )
        for w in entry["words"]:
            toks = alias_tokens(str(w))
            if only_stop_words(toks):
                raise ConfigError(
                    f"{path}: affiliations[{i}]: word {w!r} is only stop words; it would match any text."
                )
            found.append((toks, entry["category"]))
    found.sort(key=lambda x: -len(x[0]))
    return Roles(
        {str(k).lower(): v for k, v in nouns.items()},
        tuple(found),
        _classes(spec, path, nouns),
        _word_set(spec, path, "name_titles"),
        _word_set(spec, path, "organisation_heads"),
        _abbreviations(spec, path),
        _word_set(spec, path, "document_nouns"),
        _word_set(spec, path, "collective_nouns"),
        _word_set(spec, path, "courtesy_titles"),
        _word_set(spec, path, "place_names"),
        _word_set(spec, path, "generic_person_nouns"),
        _word_set(spec, path, "citing_verbs"),
        _word_set(spec, path, "inquiring_verbs"),
        _word_set(spec, path, "naming_verbs"),
        _word_set(spec, path, "diplomatic_bodies"),
        _word_set(spec, path, "subordinate_ranks"),
        _word_set(spec, path, "retired_marks"),
    )


def _abbreviations(spec: dict, path: Path) -> tuple[tuple[str, str], ...]:
    """``title_abbreviations``: abbreviation -> full title word."""
    entry = spec.get("title_abbreviations") or {"why": "", "words": {}}
    words = check_keys(entry, path, "title_abbreviations", ("why", "words"))["words"]
    if not isinstance(words, dict):
        raise ConfigError(f"{path}: title_abbreviations: words must map an abbreviation to its full word.")
    return tuple(sorted((str(k).lower().rstrip("."), str(v).lower()) for k, v in words.items()))


def _word_set(spec: dict, path: Path, key: str) -> frozenset[str]:
    """The lower-cased ``words`` of an optional ``{why, words}`` entry."""
    entry = check_keys(spec.get(key) or {"why": "", "words": []}, path, key, ("why", "words"))
    return frozenset(str(w).lower().rstrip(".") for w in entry["words"])


def _classes(spec: dict, path: Path, nouns: dict) -> tuple[frozenset[str], ...]:
    """``role_classes``: groups of role nouns a later mention may use for the same office."""
    if "role_classes" not in spec:
        return ()
    classes = check_keys(spec["role_classes"], path, "role_classes", ("why", "classes"))["classes"]
    out = []
    for name, members in classes.items():
        unknown = sorted(str(m) for m in members if str(m).lower() not in nouns)
        if unknown:
            raise ConfigError(
                f"{path}: role_classes: {name}: {unknown} are not role_nouns; add them there first."
            )
        out.append(frozenset(str(m).lower() for m in members))
    return tuple(out)


def role_noun(tok: Token, roles: Roles) -> bool:
    """Whether ``tok`` is a common noun naming an office, function or occupation."""
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in roles.nouns


def title_noun(tok: Token, roles: Roles) -> bool:
    """A role noun, or a role word written as a title in capitals ("Minister for Foreign Affairs"),
    which the tagger calls a proper noun: for the office a person is introduced with."""
    return role_noun(tok, roles) or (tok.pos_ == "PROPN" and tok.lemma_.lower() in roles.nouns)


def speaks_for(toks: list[Token]) -> list[Token]:
    """The tokens of a noun phrase outside "to"/"in"/... phrases (those name places or addressees)."""
    drop: set[int] = set()
    for t in toks:
        if t.dep_ == "prep" and t.lower_ in NON_AFFILIATION_PREPS:
            drop |= {x.i for x in t.subtree}
    return [t for t in toks if t.i not in drop]


def affiliation(toks: list[Token], roles: Roles) -> str:
    """The category the first affiliation word of the noun phrase names ("" when none does)."""
    kept = speaks_for(sorted(toks, key=lambda t: t.i))
    low = [t.lower_ for t in kept]
    for k in range(len(low)):
        for words, cat in roles.affiliations:
            if tuple(low[k : k + len(words)]) == words:
                return cat
    return ""


def speaker_category(toks: list[Token], roles: Roles) -> str:
    """The affiliation of the noun phrase, else its role noun's default, else ``unknown``."""
    cat = affiliation(toks, roles)
    if cat:
        return cat
    for t in toks:
        if role_noun(t, roles) and roles.nouns[t.lemma_.lower()]:
            return roles.nouns[t.lemma_.lower()]
    return "unknown"
