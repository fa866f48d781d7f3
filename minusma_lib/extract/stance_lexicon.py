"""The stance lexicons: targets and their aliases (``data/lexicons/stance_targets.yaml``) and the
evaluative cues with the words that govern them (``stance_cues.yaml``), read and checked once.

Every key of the two files is required and no other is allowed; a bad entry raises
:class:`~minusma_lib.core.errors.ConfigError` naming the file, the entry and the fix.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from minusma_lib.core.config import check_keys, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.core.paths import data_dir
from minusma_lib.extract import speech_lexicon as lexicon

TARGETS = ("minusma", "malian_authorities", "russia_wagner", "france_west")


TARGET_LABELS = {
    "minusma": "MINUSMA",
    "malian_authorities": "Malian authorities",
    "russia_wagner": "Russia / Wagner",
    "france_west": "France / the West",
}


VOICES = ("author", "reported", "prompt")


LINKS = ("subject", "agent", "object", "near", "clause")


FRAMES = ("withdrawal_harm", "demand_withdrawal")


def lexicon_dir() -> Path:
    return data_dir() / "lexicons"


@dataclass(frozen=True)
class Cue:
    id: str
    words: tuple[str, ...]
    polarity: int
    targets: tuple[str, ...]
    link: str
    rationale: str
    frame: str = ""
    speech_act: bool = False
    with_: tuple[str, ...] = ()
    voice: str = ""
    source: str = "cues"  # cues (stance_cues.yaml) or general (stance_general.py)

    def applies_to(self, target: str) -> bool:
        return "any" in self.targets or target in self.targets


@dataclass(frozen=True)
class Lexicons:
    aliases: dict[str, list[tuple[tuple[str, ...], str]]]  # first token -> [(tokens, target)]
    excludes: dict[str, list[tuple[str, ...]]]  # target -> excluded token sequences
    state: dict
    pronouns: dict
    cues: tuple[Cue, ...]
    withdrawal: dict
    negators: frozenset[str]
    hedges: frozenset[str]
    shields: frozenset[str]
    concessive: tuple[str, ...]
    circumstance: frozenset[str]
    speculative: frozenset[str]
    doubt: frozenset[str]


def _err(path: Path, where: str, msg: str) -> ConfigError:
    return ConfigError(f"{path}: {where}: {msg}")


# Every key of the two lexicon files is required and no other is allowed: a misspelt or missing
# list must stop the pipeline, not silently switch a rule off (without `hedges:`, "The army allegedly
# committed abuses" would score -1).
TARGET_FILE_KEYS = ("targets", "state", "pronouns")


TARGET_KEYS = ("label", "note", "aliases", "exclude")


STATE_KEYS = ("target", "names", "not_actor_verbs", "attributes", "prepositions", "object_verbs")


PRONOUN_KEYS = ("singular", "plural", "person", "collective", "persons")


CUE_FILE_KEYS = (
    "cues",
    "withdrawal",
    "negators",
    "hedges",
    "shields",
    "concessive",
    "circumstance",
    "speculative",
    "doubt",
)


CUE_KEYS = ("id", "cue", "polarity", "targets", "link", "rationale", "frame", "speech_act", "with", "voice")


WITHDRAWAL_KEYS = ("nouns", "verbs", "prepositions")


def _word_list(path: Path, where: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(x, str | int | float) for x in value):
        raise _err(path, where, "must be a list of words (use [] for none).")
    return [str(x).lower() for x in value]


def load_lexicons(directory: Path | None = None) -> Lexicons:
    """Read and check ``stance_targets.yaml`` and ``stance_cues.yaml``."""
    directory = directory or lexicon_dir()
    t, c = directory / "stance_targets.yaml", directory / "stance_cues.yaml"
    return _load(t, t.stat().st_mtime, c, c.stat().st_mtime)


@lru_cache(maxsize=4)
def _load(tpath: Path, tm: float, cpath: Path, cm: float) -> Lexicons:
    aliases, excludes, state, pronouns = _load_targets(tpath)
    cues, withdrawal, words = _load_cues(cpath)
    return Lexicons(
        aliases=aliases,
        excludes=excludes,
        state=state,
        pronouns=pronouns,
        cues=cues,
        withdrawal=withdrawal,
        negators=frozenset(words["negators"]),
        hedges=frozenset(words["hedges"]),
        shields=frozenset(words["shields"]),
        concessive=tuple(words["concessive"]),
        circumstance=frozenset(words["circumstance"]),
        speculative=frozenset(words["speculative"]),
        doubt=frozenset(words["doubt"]),
    )


def _target_aliases(tpath: Path, targets: dict) -> tuple[dict, dict]:
    """First token -> [(alias tokens, target)], longest first; and each target's excluded phrases."""
    aliases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    excludes: dict[str, list[tuple[str, ...]]] = {}
    seen: dict[tuple[str, ...], str] = {}
    for name, spec in targets.items():
        check_keys(spec, tpath, f"targets.{name}", ("aliases",), TARGET_KEYS)
        if not spec.get("aliases"):
            raise _err(tpath, f"targets.{name}", "add a non-empty `aliases:` list.")
        for a in spec["aliases"]:
            toks = lexicon.alias_tokens(str(a))
            if not toks:
                raise _err(tpath, f"targets.{name}", f"alias {a!r} is empty.")
            if lexicon.only_stop_words(toks):
                raise _err(
                    tpath, f"targets.{name}", f"alias {a!r} is only stop words; it would match any text."
                )
            if toks in seen and seen[toks] != name:
                raise _err(
                    tpath,
                    f"targets.{name}",
                    f"alias {a!r} is also listed under {seen[toks]}; keep it in one target.",
                )
            seen[toks] = name
            aliases.setdefault(toks[0], []).append((toks, name))
        excludes[name] = [lexicon.alias_tokens(str(x)) for x in spec.get("exclude") or []]
    for v in aliases.values():
        v.sort(key=lambda x: -len(x[0]))
    return aliases, excludes


def _load_targets(tpath: Path) -> tuple[dict, dict, dict, dict]:
    tspec = copy.deepcopy(load_yaml(tpath)) or {}
    check_keys(tspec, tpath, "top level", TARGET_FILE_KEYS, TARGET_FILE_KEYS)
    targets = tspec["targets"] or {}
    if not isinstance(targets, dict) or set(targets) != set(TARGETS):
        raise _err(
            tpath, "targets", f"list exactly these targets: {', '.join(TARGETS)} (found {sorted(targets)})."
        )
    aliases, excludes = _target_aliases(tpath, targets)
    state = tspec["state"]
    check_keys(state, tpath, "state", STATE_KEYS, STATE_KEYS)
    if state.get("target") not in TARGETS:
        raise _err(tpath, "state.target", f"must be one of {', '.join(TARGETS)}.")
    for key in STATE_KEYS[1:]:
        _word_list(tpath, f"state.{key}", state[key])
    pronouns = tspec["pronouns"]
    check_keys(pronouns, tpath, "pronouns", PRONOUN_KEYS, PRONOUN_KEYS)
    for key in PRONOUN_KEYS:
        _word_list(tpath, f"pronouns.{key}", pronouns[key])
    return aliases, excludes, state, pronouns


def _cue_entry(cpath: Path, i: int, e: dict, ids: set[str]) -> Cue:
    """One checked entry of ``cues:``."""
    where = f"cues[{i}] ({e.get('id', '?') if isinstance(e, dict) else '?'})"
    check_keys(e, cpath, where, (), CUE_KEYS)
    for key in ("id", "cue", "polarity", "targets", "rationale"):
        if e.get(key) in (None, "", []):
            raise _err(cpath, where, f"add `{key}:`.")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", str(e["id"])):
        raise _err(cpath, where, "the id must be snake_case (a-z, 0-9, _).")
    if e["id"] in ids:
        raise _err(cpath, where, "this id is used twice; give each cue its own id.")
    ids.add(e["id"])
    if lexicon.only_stop_words(tuple(str(e["cue"]).split())):
        raise _err(cpath, where, f"cue {e['cue']!r} is only stop words; it would fire on any sentence.")
    if e["polarity"] not in (-1, 1):
        raise _err(cpath, where, f"polarity must be -1 or 1, not {e['polarity']!r}.")
    bad = [x for x in e["targets"] if x != "any" and x not in TARGETS]
    if bad:
        raise _err(cpath, where, f"unknown target(s) {bad}; use {', '.join(TARGETS)} or any.")
    link = e.get("link", "near")
    if link not in LINKS:
        raise _err(cpath, where, f"link {link!r} must be one of {', '.join(LINKS)}.")
    if e.get("frame", "") and e["frame"] not in FRAMES:
        raise _err(cpath, where, f"frame {e['frame']!r} must be one of {', '.join(FRAMES)}.")
    if e.get("voice", "") not in ("", "reported"):
        raise _err(cpath, where, "voice may only be `reported` (or left out).")
    return Cue(
        id=e["id"],
        words=tuple(str(e["cue"]).lower().split()),
        polarity=int(e["polarity"]),
        targets=tuple(e["targets"]),
        link=link,
        rationale=str(e["rationale"]),
        frame=e.get("frame", ""),
        speech_act=bool(e.get("speech_act")),
        with_=tuple(e.get("with") or ()),
        voice=e.get("voice", ""),
    )


def _load_cues(cpath: Path) -> tuple[tuple[Cue, ...], dict, dict[str, list[str]]]:
    cspec = copy.deepcopy(load_yaml(cpath)) or {}
    check_keys(cspec, cpath, "top level", CUE_FILE_KEYS, CUE_FILE_KEYS)
    if not isinstance(cspec["cues"], list):
        raise _err(cpath, "cues", "must be a list of cue entries.")
    ids: set[str] = set()
    cues = [_cue_entry(cpath, i, e, ids) for i, e in enumerate(cspec["cues"])]
    if not cues:
        raise _err(cpath, "cues", "add at least one cue.")
    wd = cspec["withdrawal"]
    check_keys(wd, cpath, "withdrawal", WITHDRAWAL_KEYS, WITHDRAWAL_KEYS)
    for key in WITHDRAWAL_KEYS:
        if not _word_list(cpath, f"withdrawal.{key}", wd[key]):
            raise _err(cpath, f"withdrawal.{key}", "add at least one word.")
    words = {key: _word_list(cpath, key, cspec[key]) for key in CUE_FILE_KEYS[2:]}
    return tuple(cues), wd, words
