"""The number rules (``data/quantities/rules.yaml``), loaded and checked once.

Qualifier words and the interval each implies, vague words, number words and scales, units,
exclusions, measure rules and attribution rules are data; :class:`Rules` holds them prepared for
matching, and :func:`interval` gives the interval a qualifier implies around a stated value.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from minusma_lib.core.config import TimedPattern, check_keys, compile_regex, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.core.paths import data_dir
from minusma_lib.corpus import series as reference_series

# Top-level keys of ``data/quantities/rules.yaml`` (all required) and the keys a measure rule may have.
RULES_KEYS = (
    "version",
    "tolerances",
    "bounds",
    "qualifiers",
    "vague",
    "fractions",
    "number_words",
    "scales",
    "scale_suffixes",
    "currency_before",
    "currency_after",
    "percent_words",
    "duration_units",
    "duration_articles",
    "duration_suffixes",
    "vote_words",
    "vote_zero",
    "times_words",
    "multiplier_words",
    "comma_decimal_languages",
    "exclude",
    "noun_units",
    "unit_no_noun",
    "unit_unknown_noun",
    "measures",
    "measure_rules",
    "attribution",
    "validation_thresholds",
)

MEASURE_RULE_KEYS = (
    "id",
    "measure",
    "unit",
    "noun",
    "phrase",
    "sentence",
    "paragraph",
    "window",
    "reference_values",
    "not_noun",
    "not_phrase",
    "not_sentence",
    "governor",
    "not_governor",
    "why",
    "scope",
)


# Scores of :func:`validation` that ``validation_thresholds`` in rules.yaml may set a minimum for.
SCORE_NAMES = (
    "recall",
    "precision",
    "value_accuracy",
    "measure_accuracy",
    "qualifier_accuracy",
    "unit_accuracy",
    "exact_span_share",
    "attribution_agreement",
)


def rules_path() -> Path:
    return data_dir() / "quantities" / "rules.yaml"


@dataclass(frozen=True)
class Rules:
    """``data/quantities/rules.yaml``, with the word lists prepared for matching."""

    spec: dict
    qualifiers: tuple[tuple[tuple[str, ...], str, str], ...]  # (words, qualifier, rule id), longest first
    vague: tuple[tuple[tuple[str, ...], dict], ...]
    measure_rules: tuple[dict, ...]
    vote_words: TimedPattern  # sentences where "15-0" is a vote tally
    phone_prefix: TimedPattern  # the "+223" that opens a telephone number
    fractions: tuple[tuple[tuple[str, ...], dict], ...] = ()  # (words, entry), longest first
    fraction_starts: frozenset[str] = frozenset()  # first words of the fractions (a quick test per token)
    comma_decimal: bool = False  # the text is translated from a language whose decimal mark is a comma

    def for_source_language(self, translated_from: str) -> Rules:
        """These rules for a text translated from ``translated_from`` (an ISO 639-1 code, or "" for an
        original): numbers are read with that language's separators when its decimal mark is a comma."""
        comma = translated_from.strip().lower() in self.spec["comma_decimal_languages"]["languages"]
        return self if comma == self.comma_decimal else replace(self, comma_decimal=comma)

    @property
    def tolerances(self) -> dict[str, float]:
        return self.spec["tolerances"]


def phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"\s+", phrase.strip().lower()) if w)


def _compile_rule(rule: dict, path: Path) -> dict:
    out = dict(rule)
    for key in (
        "noun",
        "phrase",
        "sentence",
        "paragraph",
        "window",
        "not_noun",
        "not_phrase",
        "not_sentence",
        "governor",
        "not_governor",
    ):
        if key in rule:
            out[key] = compile_regex(rule[key], path, f"measure rule {rule.get('id')!r}, {key}", re.I)
    scope = rule.get("scope")
    if isinstance(scope, list):
        out["scope"] = [
            (
                compile_regex(s["pattern"], path, f"measure rule {rule.get('id')!r}, scope", re.I)
                if "pattern" in s
                else None,
                s.get("scope", s.get("default", "")),
            )
            for s in scope
        ]
    return out


def load_rules(path: Path | None = None) -> Rules:
    """Read and check the rules file (cached until the file changes)."""
    path = path or rules_path()
    return _load_rules(path, path.stat().st_mtime)


@lru_cache(maxsize=4)
def _load_rules(path: Path, mtime: float) -> Rules:
    spec = check_keys(copy.deepcopy(load_yaml(path)), path, "top level", RULES_KEYS)
    _check_tolerances(path, spec["tolerances"])
    for q in spec["qualifiers"]:
        if q["qualifier"] not in spec["bounds"]:
            raise ConfigError(f"{path}: qualifier {q['qualifier']!r} has no entry in `bounds`; add one.")
    quals = [(phrase_words(w), q["qualifier"], q["id"]) for q in spec["qualifiers"] for w in q["words"]]
    quals.sort(key=lambda x: -len(x[0]))
    vague = [(phrase_words(w), v) for v in spec["vague"] for w in v["words"]]
    vague.sort(key=lambda x: -len(x[0]))
    _check_measures(path, spec["measures"])
    compiled = _measure_rules(path, spec["measure_rules"], spec["measures"])
    _check_thresholds(path, spec["validation_thresholds"])
    _check_languages(path, spec["comma_decimal_languages"])
    vote_words = compile_regex(spec["vote_words"], path, "vote_words", re.I)
    fractions = _fractions(path, spec["fractions"])
    starts = frozenset(words[0] for words, _ in fractions)
    phone = compile_regex(spec["exclude"]["phone_prefix"], path, "exclude.phone_prefix")
    return Rules(spec, tuple(quals), tuple(vague), tuple(compiled), vote_words, phone, fractions, starts)


def _fractions(path: Path, spec: dict) -> tuple[tuple[tuple[str, ...], dict], ...]:
    """``fractions``: ``not_after`` words and entries (id, words, value), checked; longest words first."""
    check_keys(spec, path, "fractions", ("not_after", "entries"))
    out = []
    for i, entry in enumerate(spec["entries"]):
        check_keys(entry, path, f"fractions.entries[{i}]", ("id", "words", "value"))
        if not isinstance(entry["value"], (int, float)) or not 0 < entry["value"] <= 100:
            raise ConfigError(
                f"{path}: fractions.entries[{i}]: value {entry['value']!r}; fix: a percentage in (0, 100]."
            )
        out += [(phrase_words(w), entry) for w in entry["words"]]
    return tuple(sorted(out, key=lambda x: -len(x[0])))


def _check_tolerances(path: Path, tolerances: dict) -> None:
    for name, t in tolerances.items():
        if isinstance(t, bool) or not isinstance(t, int | float) or t < 0:
            raise ConfigError(
                f"{path}: tolerances: {name} is {t!r}; write a non-negative number, a share of the value "
                "(0.10 for ten percent)."
            )


def _check_measures(path: Path, measures: dict) -> None:
    for m, entry in measures.items():
        if not isinstance(entry, dict) or set(entry) != {"label", "definition"}:
            raise ConfigError(
                f"{path}: measure {m!r} under `measures` needs exactly the keys `label` (short name for "
                "tables and charts) and `definition`."
            )


def _measure_rules(path: Path, rules: list[dict], measures: dict) -> list[dict]:
    """The measure rules, checked and compiled (regexes timed; reference values read from the data)."""
    compiled = []
    seen: set[str] = set()
    for rule in rules:
        unknown = [k for k in rule if k not in MEASURE_RULE_KEYS]
        if unknown:
            raise ConfigError(
                f"{path}: measure rule {rule.get('id')!r} has unknown key {unknown[0]!r}. Allowed keys: "
                f"{', '.join(MEASURE_RULE_KEYS)}. (Reference values are never typed here: "
                "`reference_values: <series>` reads them from data/reference/ via reconcile.yaml.)"
            )
        if rule["id"] in seen:
            raise ConfigError(f"{path}: measure rule id {rule['id']!r} is used twice")
        seen.add(rule["id"])
        if rule["measure"] not in measures:
            raise ConfigError(
                f"{path}: rule {rule['id']!r} gives measure {rule['measure']!r}, not in `measures`"
            )
        compiled_rule = _compile_rule(rule, path)
        if "reference_values" in rule:
            compiled_rule["reference_series"] = rule["reference_values"]
            compiled_rule["reference_values"] = _reference_values(path, rule)
        compiled.append(compiled_rule)
    return compiled


def _check_thresholds(path: Path, thresholds: object) -> None:
    if not isinstance(thresholds, dict) or not thresholds:
        raise ConfigError(f"{path}: `validation_thresholds` must map score names to minimum values.")
    for name, value in thresholds.items():
        if name not in SCORE_NAMES or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ConfigError(
                f"{path}: validation_thresholds: {name}: {value!r}; use a score of {', '.join(SCORE_NAMES)} "
                "with a minimum between 0 and 1."
            )


def _check_languages(path: Path, entry: object) -> None:
    languages = check_keys(entry, path, "comma_decimal_languages", ("why", "languages"))["languages"]
    if not isinstance(languages, list) or not all(isinstance(x, str) and x == x.lower() for x in languages):
        raise ConfigError(
            f"{path}: comma_decimal_languages: languages must be a list of lower-case ISO 639-1 codes "
            "(as in the manifest's translated_from), e.g. [de, fr]."
        )


def _reference_values(path: Path, rule: dict) -> frozenset[float]:
    """Every value of the reference series a measure rule names (``reference_values``), read from
    ``data/reference/`` through ``data/quantities/reconcile.yaml``: one source of truth."""
    name = rule["reference_values"]
    try:
        values = reference_series.series_values(name)
    except KeyError:
        raise ConfigError(
            f"{path}: measure rule {rule['id']!r}, reference_values: {name!r} is not a series of "
            f"{reference_series.config_path()}; name one of its `series`."
        ) from None
    if not values:
        raise ConfigError(
            f"{path}: measure rule {rule['id']!r}, reference_values: the series {name!r} has no dated "
            "reference row; check its sources in reconcile.yaml."
        )
    return values


def validation_thresholds(rules: Rules | None = None) -> dict[str, float]:
    """The minimum validation scores (``validation_thresholds`` in rules.yaml; the tests assert them)."""
    return dict((rules or load_rules()).spec["validation_thresholds"])


def measure_labels(rules: Rules | None = None) -> dict[str, str]:
    """Short label of each measure for tables and charts (``measures`` in rules.yaml)."""
    return {m: e["label"] for m, e in (rules or load_rules()).spec["measures"].items()}


def clean_float(x: Decimal | float) -> float:
    """A float that prints without binary noise (integral values stay integral)."""
    d = Decimal(str(x)) if not isinstance(x, Decimal) else x
    if not d.is_finite() or d.adjusted() > 15:  # beyond float's exact digits rounding adds nothing
        return float(d)
    return float(round(d, 6))


def interval(
    value: float,
    qualifier: str,
    tolerances: dict[str, float],
    low: float | None = None,
    high: float | None = None,
) -> tuple[float, float]:
    """The interval a qualifier implies around ``value`` (``low``/``high`` for vague words and ranges)."""
    v = Decimal(str(value))
    t = Decimal(str(tolerances.get(qualifier, 0)))
    if qualifier == "approximately":
        lo, hi = v * (1 - t), v * (1 + t)
    elif qualifier in ("nearly", "up_to", "less_than"):
        lo, hi = v * (1 - t), v
    elif qualifier in ("more_than", "at_least"):
        lo, hi = v, v * (1 + t)
    elif qualifier in ("vague", "range") and low is not None and high is not None:
        lo, hi = Decimal(str(low)), Decimal(str(high))
    else:
        lo = hi = v
    return clean_float(lo), clean_float(hi)
