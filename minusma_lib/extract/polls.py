"""Opinion-poll figures cited in the articles (issue: what did the texts say the polls found?).

The numbers come from the shared claim extraction (``quantities.csv``): a percentage is a poll
result when its sentence carries a poll cue (``data/polls/polls.yaml``). For each one this module
reads the direction (satisfied / dissatisfied), the population or scope, the period and the
pollster from the sentence and its paragraph, each with raw offsets. Comparing them with the
published Mali-Mètre series is :mod:`minusma_lib.judge.polls`.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from minusma_lib.core.config import compile_regex, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.core.paths import data_dir

MONTHS = "January February March April May June July August September October November December".split()

_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{4})\b")

_PERCENT = re.compile(r"%|\bper\s?cent\b|\bpercent\b", re.I)

CONFIG_KEYS = {
    "version",
    "poll_cues",
    "directions",
    "pollsters",
    "reference_pollster",
    "scopes",
    "region_zones",
    "tolerances",
}

TOLERANCE_KEYS = {"match_pp", "near_pp", "period_days"}

SCOPE_KEYS = {"id", "pattern", "label", "reference_scope"}

EVIDENCE = ("direction_cue", "scope", "period", "pollster")

POLL_COLUMNS = [
    "doc_id",
    "sent_id",
    "start",
    "end",
    "text",
    "value",
    "direction",
    "direction_cue",
    "direction_cue_start",
    "direction_cue_end",
    "scope",
    "scope_text",
    "scope_start",
    "scope_end",
    "period",
    "period_text",
    "period_start",
    "period_end",
    "pollster",
    "pollster_text",
    "pollster_start",
    "pollster_end",
    "ref_edition",
    "ref_group",
    "ref_measure",
    "ref_value",
    "ref_source_url",
    "verdict",
    "reason",
]

CLAIM_COLUMNS = POLL_COLUMNS[: POLL_COLUMNS.index("ref_edition")]


def config_path() -> Path:
    return data_dir() / "polls" / "polls.yaml"


def _check_config(path: Path, cfg: object) -> dict:
    if not isinstance(cfg, dict):
        raise ConfigError(f"{path}: expected a mapping of {', '.join(sorted(CONFIG_KEYS))}.")
    missing, unknown = CONFIG_KEYS - set(cfg), set(cfg) - CONFIG_KEYS
    if missing or unknown:
        raise ConfigError(
            f"{path}: missing key(s) {sorted(missing)}, unknown key(s) {sorted(unknown)}. "
            f"The file needs exactly: {', '.join(sorted(CONFIG_KEYS))}."
        )
    tol = cfg["tolerances"] or {}
    if set(tol) != TOLERANCE_KEYS:
        raise ConfigError(f"{path}: tolerances must have exactly {', '.join(sorted(TOLERANCE_KEYS))}.")
    for i, s in enumerate(cfg["scopes"]):
        if set(s) != SCOPE_KEYS:
            raise ConfigError(
                f"{path}: scopes entry {i + 1} must have exactly {', '.join(sorted(SCOPE_KEYS))}."
            )
        if s["reference_scope"] != "national" and s["reference_scope"] not in cfg["region_zones"]:
            raise ConfigError(
                f"{path}: scope {s['id']!r} has reference_scope {s['reference_scope']!r}; use national or a "
                "region zone."
            )
    if cfg["reference_pollster"] not in cfg["pollsters"]:
        raise ConfigError(
            f"{path}: reference_pollster {cfg['reference_pollster']!r} is not a key of pollsters."
        )
    for key in ("poll_cues",):
        if not cfg[key]:
            raise ConfigError(f"{path}: {key} is empty.")
    for name, t in tol.items():
        if isinstance(t, bool) or not isinstance(t, int | float) or t < 0:
            raise ConfigError(f"{path}: tolerances: {name} is {t!r}; write a non-negative number.")
    for s in cfg["scopes"]:  # compiled once, with a time budget; a bad pattern names the scope
        s["regex"] = compile_regex(s["pattern"], path, f"scopes ({s['id']})", re.I)
    return cfg


@lru_cache(maxsize=2)
def _config(path: Path, mtime: float) -> dict:
    return _check_config(path, copy.deepcopy(load_yaml(path)))


def load_config(path: Path | None = None) -> dict:
    """Read and validate ``data/polls/polls.yaml``."""
    path = path or config_path()
    return _config(path, path.stat().st_mtime)


def _words(words: list[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"\b(?:" + alts + r")\b", re.I)


def is_percentage(text: str, unit: str = "") -> bool:
    return unit == "percent" or bool(_PERCENT.search(text))


def _nearest(pattern: re.Pattern[str], text: str, pos: int, after_first: bool = False) -> re.Match | None:
    hits = list(pattern.finditer(text))
    if not hits:
        return None
    if after_first:
        after = [m for m in hits if m.start() >= pos]
        if after:
            return after[0]
    return min(hits, key=lambda m: min(abs(m.start() - pos), abs(m.end() - pos)))


def _evidence(out: dict, name: str, text_key: str, m: re.Match | None, offset: int) -> None:
    out[text_key] = m.group() if m else ""
    out[f"{name}_start"] = offset + m.start() if m else ""
    out[f"{name}_end"] = offset + m.end() if m else ""


def describe_claim(
    sentence: str,
    claim_start: int,
    claim_end: int,
    context: list[str],
    sentence_start: int = 0,
    context_starts: list[int] | None = None,
) -> dict | None:
    """Read a percentage in its sentence; None if the sentence is not about a poll.

    ``claim_start``/``claim_end`` are relative to ``sentence``; ``context`` holds the preceding
    sentences of the paragraph, oldest first. Evidence offsets are ``sentence_start`` (or the
    matching ``context_starts`` entry) plus the position of the match.
    """
    cfg = load_config()
    if not _words(cfg["poll_cues"]).search(sentence):
        return None
    texts = [
        (sentence, sentence_start),
        *reversed(list(zip(context, context_starts or [0] * len(context), strict=True))),
    ]
    out: dict = {}
    # direction: the first cue after the number (its predicate), else the nearest before
    cues = {c.lower(): d for d, words in cfg["directions"].items() for c in words}
    m = _nearest(_words(list(cues)), sentence, claim_end, after_first=True)
    out["direction"] = cues[m.group().lower()] if m else "unknown"
    _evidence(out, "direction_cue", "direction_cue", m, sentence_start)
    # scope: the most specific phrase in the sentence; a specific one may come from the paragraph
    out["scope"] = "unspecified"
    _evidence(out, "scope", "scope_text", None, 0)
    for i, (text, offset) in enumerate(texts):
        found = [(s, s["regex"].search(text)) for s in cfg["scopes"]]
        found = [(s, hit) for s, hit in found if hit]
        if found and (i == 0 or found[0][0]["reference_scope"] != "national"):
            out["scope"] = found[0][0]["id"]
            _evidence(out, "scope", "scope_text", found[0][1], offset)
            break
    # period: the month and year nearest the number
    p = _nearest(_MONTH_YEAR, sentence, (claim_start + claim_end) // 2)
    out["period"] = f"{p.group(2)}-{MONTHS.index(p.group(1)) + 1:02d}" if p else ""
    _evidence(out, "period", "period_text", p, sentence_start)
    # pollster: named in the sentence or the preceding sentences of the paragraph
    out["pollster"] = "unattributed"
    _evidence(out, "pollster", "pollster_text", None, 0)
    for text, offset in texts:
        hit = next(((n, h) for n, a in cfg["pollsters"].items() if (h := _words(a).search(text))), None)
        if hit:
            out["pollster"] = hit[0]
            _evidence(out, "pollster", "pollster_text", hit[1], offset)
            break
    return out


def poll_claims(
    quantities: pd.DataFrame, sentences: pd.DataFrame, context_sentences: int = 2
) -> pd.DataFrame:
    """Every percentage claim that reports a poll result, with direction, scope, period, pollster."""
    sents = sentences.set_index("sent_id")
    rows = []
    for q in quantities.itertuples():
        if not is_percentage(q.text, getattr(q, "unit", "")):
            continue
        s = sents.loc[q.sent_id]
        block = sentences[(sentences["doc_id"] == q.doc_id) & (sentences["block_id"] == s["block_id"])]
        before = block[block["start"] < s["start"]].tail(context_sentences)
        desc = describe_claim(
            s["text"],
            q.start - s["start"],
            q.end - s["start"],
            before["text"].tolist(),
            int(s["start"]),
            [int(x) for x in before["start"]],
        )
        if desc is None:
            continue
        row = {"doc_id": q.doc_id, "sent_id": q.sent_id, "start": q.start, "end": q.end, "text": q.text}
        rows.append({**row, "value": float(q.value), **desc})
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)
