"""Numeric claims: extraction from any spaCy ``Doc``, the corpus ledger, and validation.

Public API (also used by the polls analysis):

- :func:`extract` ``(doc, rules=None) -> list[Claim]``: every numeric claim of a spaCy ``Doc``, with
  offsets into ``doc.text``. Works on a fully parsed ``Doc`` and, with fewer details (no counted noun
  from the parse, no attribution by speech verb), on a tokenised-only one (``nlp.make_doc``).
- :func:`extract_text` ``(text) -> list[Claim]``: parse ``text`` with the project pipeline, then extract.
- :func:`claims_table` ``(ac, sentences) -> DataFrame``: claims of the corpus bodies with
  raw-file offsets and sentence ids; :func:`processed_tables` adds the reconciliation verdicts
  (``data/processed/quantities.csv``).
- :func:`validation` ``(extracted, manual) -> dict``: recall, precision, value and measure accuracy
  against the hand coding in ``data/annotations/quantities_manual.csv`` (:func:`load_manual` checks
  it), on the coded documents only (:func:`coding_status`).

Every rule that is data (qualifier words, tolerances, vague words, units, exclusions, measure and
attribution rules) lives in ``data/quantities/rules.yaml``; the id of each rule that fired is stored
with the claim. A ``poll_satisfaction`` claim carries ``value``, ``unit`` = percent, the surveyed
population in ``noun`` / ``phrase`` and the survey's region in ``scope``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import yaml
from spacy.tokens import Doc, Span, Token

from minusma_lib.core.errors import ConfigError, ManualCodingError
from minusma_lib.core.paths import corpus_dir, data_dir, seeds_dir
from minusma_lib.corpus.annotate import AnnotatedCorpus, load_nlp, raw_span
from minusma_lib.corpus.cleaning import BLOCK_SEPARATOR, BODY_KINDS
from minusma_lib.validate.matching import one_to_one

DIGITS = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
DIGITS_SUFFIX = re.compile(r"^(\d+(?:\.\d+)?)([a-z]+)$", re.I)
VOTE_TOKEN = re.compile(r"^(\d{1,3})[-–](\d{1,3})(?:[-–](\d{1,3}))?$")
HYPHENS = ("-", "–", "—")
NOUN_POS = ("NOUN", "PROPN")
# Dependency labels of the words kept with a counted noun ("military personnel", "armed and civilian staff").
NOUN_MODIFIER_DEPS = ("compound", "amod", "nmod", "npadvmod", "advmod", "punct", "cc", "conj")
CLAIM_COLUMNS = [
    "claim_id",
    "doc_id",
    "sent_id",
    "start",
    "end",
    "text",
    "value",
    "value_low",
    "value_high",
    "bounds",
    "qualifier",
    "qualifier_text",
    "qualifier_start",
    "qualifier_end",
    "unit",
    "noun",
    "noun_start",
    "noun_end",
    "phrase",
    "measure",
    "scope",
    "attribution",
    "attribution_start",
    "attribution_end",
    "precision",
    "rule_id",
    "qualifier_rule_id",
    "measure_rule_id",
    "attribution_rule_id",
]


# Top-level keys of ``data/quantities/rules.yaml`` (all required) and the keys a measure rule may have.
RULES_KEYS = (
    "version",
    "tolerances",
    "bounds",
    "qualifiers",
    "vague",
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
    "not_sentence",
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
# Evidence columns of a claim: offsets prefix -> text column (``raw[<prefix>_start:<prefix>_end]``).
EVIDENCE_COLUMNS = {"qualifier": "qualifier_text", "noun": "noun", "attribution": "attribution"}
OFFSET_COLUMNS = tuple(f"{name}_{end}" for name in EVIDENCE_COLUMNS for end in ("start", "end"))
MANUAL_COLUMNS = ("claim_id", "doc_id", "start", "end", "text", "value", "qualifier", "unit", "measure")


def check_keys(spec: Any, path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    """``spec`` (a YAML mapping) with exactly the ``required`` keys and any of ``optional``."""
    if not isinstance(spec, dict):
        raise ConfigError(
            f"{path}: expected a mapping of keys ({', '.join(required)}), found {type(spec).__name__}."
        )
    unknown = [k for k in spec if k not in required and k not in optional]
    if unknown:
        raise ConfigError(
            f"{path}: unknown top-level key {unknown[0]!r}. Allowed keys: {', '.join(required + optional)}; "
            "fix the spelling or remove it."
        )
    missing = [k for k in required if k not in spec]
    if missing:
        raise ConfigError(
            f"{path}: missing top-level key {missing[0]!r}; add it (see the comments in the file)."
        )
    return spec


def rules_path() -> Path:
    return data_dir() / "quantities" / "rules.yaml"


def manual_path() -> Path:
    return data_dir() / "annotations" / "quantities_manual.csv"


# ------------------------------------------------------------------------------------------ rules


@dataclass(frozen=True)
class Rules:
    """``data/quantities/rules.yaml``, with the word lists prepared for matching."""

    spec: dict
    qualifiers: tuple[tuple[tuple[str, ...], str, str], ...]  # (words, qualifier, rule id), longest first
    vague: tuple[tuple[tuple[str, ...], dict], ...]
    measure_rules: tuple[dict, ...]

    @property
    def tolerances(self) -> dict[str, float]:
        return self.spec["tolerances"]


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"\s+", phrase.strip().lower()) if w)


def _compile_rule(rule: dict, where: str) -> dict:
    out = dict(rule)
    for key in ("noun", "phrase", "sentence", "paragraph", "window", "not_noun", "not_sentence"):
        if key in rule:
            try:
                out[key] = re.compile(rule[key], re.I)
            except re.error as err:
                raise ConfigError(
                    f"{where}: rule {rule.get('id')!r}, {key}: bad regex ({err}); fix it."
                ) from err
    scope = rule.get("scope")
    if isinstance(scope, list):
        out["scope"] = [
            (re.compile(s["pattern"], re.I) if "pattern" in s else None, s.get("scope", s.get("default", "")))
            for s in scope
        ]
    return out


def load_rules(path: Path | None = None) -> Rules:
    """Read and check the rules file (cached until the file changes)."""
    path = path or rules_path()
    return _load_rules(path, path.stat().st_mtime)


@lru_cache(maxsize=4)
def _load_rules(path: Path, mtime: float) -> Rules:
    spec = check_keys(yaml.safe_load(path.read_text(encoding="utf-8")), path, RULES_KEYS)
    for name, t in spec["tolerances"].items():
        if isinstance(t, bool) or not isinstance(t, int | float) or t < 0:
            raise ConfigError(
                f"{path}: tolerances: {name} is {t!r}; write a non-negative number, a share of the value "
                "(0.10 for ten percent)."
            )
    quals = []
    for q in spec["qualifiers"]:
        for w in q["words"]:
            quals.append((_words(w), q["qualifier"], q["id"]))
    quals.sort(key=lambda x: -len(x[0]))
    vague = [(_words(w), v) for v in spec["vague"] for w in v["words"]]
    vague.sort(key=lambda x: -len(x[0]))
    measures = spec["measures"]
    for m, entry in measures.items():
        if not isinstance(entry, dict) or set(entry) != {"label", "definition"}:
            raise ConfigError(
                f"{path}: measure {m!r} under `measures` needs exactly the keys `label` (short name for "
                "tables and charts) and `definition`."
            )
    compiled = []
    seen: set[str] = set()
    for rule in spec["measure_rules"]:
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
        compiled_rule = _compile_rule(rule, str(path))
        if "reference_values" in rule:
            compiled_rule["reference_series"] = rule["reference_values"]
            compiled_rule["reference_values"] = _reference_values(path, rule)
        compiled.append(compiled_rule)
    for q in spec["qualifiers"]:
        if q["qualifier"] not in spec["bounds"]:
            raise ValueError(f"{path}: qualifier {q['qualifier']!r} has no entry in `bounds`")
    thresholds = spec["validation_thresholds"]
    if not isinstance(thresholds, dict) or not thresholds:
        raise ConfigError(f"{path}: `validation_thresholds` must map score names to minimum values.")
    for name, value in thresholds.items():
        if name not in SCORE_NAMES or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ConfigError(
                f"{path}: validation_thresholds: {name}: {value!r}; use a score of {', '.join(SCORE_NAMES)} "
                "with a minimum between 0 and 1."
            )
    return Rules(spec, tuple(quals), tuple(vague), tuple(compiled))


def _reference_values(path: Path, rule: dict) -> frozenset[float]:
    """Every value of the reference series a measure rule names (``reference_values``), read from
    ``data/reference/`` through ``data/quantities/reconcile.yaml``: one source of truth."""
    from minusma_lib import reconcile  # reconcile imports this module

    name = rule["reference_values"]
    try:
        values = reconcile.series_values(name)
    except KeyError:
        raise ConfigError(
            f"{path}: measure rule {rule['id']!r}, reference_values: {name!r} is not a series of "
            f"{reconcile.config_path()}; name one of its `series`."
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


# ------------------------------------------------------------------------------------------ claims


class Evidence(NamedTuple):
    """A piece of text and its offsets (``text == source[start:end]``)."""

    text: str
    start: int
    end: int


def _evidence(doc: Doc, a: int, b: int) -> Evidence | None:
    """Tokens ``a``..``b - 1`` of ``doc`` as evidence (None when empty)."""
    if b <= a:
        return None
    span = doc[a:b]
    return Evidence(span.text, span.start_char, span.end_char)


@dataclass(frozen=True)
class Claim:
    """One numeric claim; ``start``/``end`` and the ``*_start``/``*_end`` of its qualifier, counted noun
    and attribution index the text the claim was extracted from (``None`` when there is none). The
    attribution's offsets may point before the claim's sentence when the source is carried over."""

    start: int
    end: int
    text: str
    value: float
    value_low: float
    value_high: float
    bounds: str
    qualifier: str
    qualifier_text: str
    qualifier_start: int | None
    qualifier_end: int | None
    unit: str
    noun: str
    noun_start: int | None
    noun_end: int | None
    phrase: str
    measure: str
    scope: str
    attribution: str
    attribution_start: int | None
    attribution_end: int | None
    precision: float
    rule_id: str
    qualifier_rule_id: str
    measure_rule_id: str
    attribution_rule_id: str
    sent_start: int
    sent_end: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Core:
    """A recognised number before qualifiers and context are attached (token indices)."""

    start: int  # first token of the expression (currency symbol or number)
    end: int  # one past the last token (units included)
    value: Decimal
    precision: Decimal
    rule_id: str
    unit: str = ""
    anchor: int = -1  # token whose dependency arc leads to the counted noun
    vague: dict | None = None
    low: Decimal | None = None
    high: Decimal | None = None


def _num(x: Decimal | float) -> float:
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
    return _num(lo), _num(hi)


def _precision_of(digits: str, scale: Decimal) -> Decimal:
    """Half of this is the rounding a stated number allows: 13,000 -> 1000; 1.2 billion -> 0.1 billion."""
    digits = digits.replace(",", "")
    if "." in digits:
        return Decimal(1).scaleb(-len(digits.split(".")[1])) * scale
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped) if stripped else 0
    return Decimal(10) ** zeros * scale


def _low(tok: Token) -> str:
    return tok.text.lower()


def _match_words(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    if i < 0 or i + len(words) > len(doc):
        return False
    return all(_low(doc[i + k]) == w for k, w in enumerate(words))


def _ends_with_words(doc: Doc, end: int, words: tuple[str, ...]) -> bool:
    """``words`` occupy the tokens just before token index ``end``."""
    return _match_words(doc, end - len(words), words)


def _parse_digits(text: str) -> tuple[Decimal, Decimal] | None:
    m = DIGITS.match(text)
    if not m:
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value, _precision_of(text, Decimal(1))


def _number_words(doc: Doc, i: int, R: Rules) -> tuple[int, Decimal] | None:
    """Number words from token i ("two", "twenty-five", "two hundred and fifty", "a thousand"):
    (end token, value), or None."""
    nw, scales = R.spec["number_words"], R.spec["scales"]
    if _low(doc[i]) in ("a", "an") and i + 1 < len(doc) and _low(doc[i + 1]) in scales:
        return i + 2, Decimal(scales[_low(doc[i + 1])])
    total, current, prev = Decimal(0), Decimal(0), ""
    j = i
    while j < len(doc):
        w = _low(doc[j])
        if w in nw:
            v = int(nw[w])
            kind = "tens" if v >= 20 else "unit"
            if prev == "unit" or (prev == "tens" and kind == "tens"):
                break  # "two three" is two numbers, not five
            current += Decimal(v)
            prev = kind
        elif w in scales and prev in ("unit", "tens"):
            s = Decimal(scales[w])
            if s == 100:
                current = max(current, Decimal(1)) * s
            else:
                total += max(current, Decimal(1)) * s
                current = Decimal(0)
            prev = "scale"
        elif (
            prev
            and j + 1 < len(doc)
            and _low(doc[j + 1]) in nw
            and (
                (w in HYPHENS and prev == "tens" and doc[j].whitespace_ == "")
                or (w == "and" and prev == "scale")
            )
        ):
            pass  # "twenty-five", "two hundred and fifty"
        else:
            break
        j += 1
    if not prev:
        return None
    return j, total + current


def _is_month(doc: Doc, j: int, R: Rules) -> bool:
    if j < 0 or j >= len(doc):
        return False
    w = _low(doc[j]).rstrip(".")  # "Dec", "Dec." and "December" alike
    calendar = {x.rstrip(".") for x in (*R.spec["exclude"]["months"], *R.spec["exclude"]["weekdays"])}
    if w not in calendar:
        return False
    if w == "may" and doc[j].text == "may":  # the modal verb, unless a year follows
        nxt = doc[j + 1].text if j + 1 < len(doc) else ""
        return bool(re.fullmatch(r"\d{4}", nxt))
    return True


def _following_word(doc: Doc, j: int) -> Token | None:
    return doc[j] if j < len(doc) else None


def _counts_plural_noun(doc: Doc, tok: Token, parsed: bool) -> bool:
    """A four-digit number counting a plural noun ("1880 violations") rather than naming a year."""
    if parsed and tok.dep_ == "nummod" and tok.head.i > tok.i:
        return tok.head.tag_ in ("NNS", "NNPS")
    nxt = _following_word(doc, tok.i + 1)
    return bool(
        nxt is not None and nxt.is_alpha and nxt.is_lower and nxt.text.endswith("s") and not nxt.is_stop
    )


def _attach_units(doc: Doc, core: _Core, R: Rules, currency: str) -> None:
    """Extend a numeral to the right over scales, currency, percent and duration units."""
    j = core.end
    scales = R.spec["scales"]
    while j < len(doc) and _low(doc[j]) in scales and _low(doc[j]) != "hundred":
        core.value *= Decimal(scales[_low(doc[j])])
        core.precision *= Decimal(scales[_low(doc[j])])
        j += 1
        core.anchor = j - 1
    if (
        currency
        and j < len(doc)
        and _low(doc[j]) in R.spec["scale_suffixes"]
        and doc[j - 1].whitespace_ == ""
    ):
        s = Decimal(R.spec["scale_suffixes"][_low(doc[j])])
        core.value, core.precision, j = core.value * s, core.precision * s, j + 1
    for words_text, code in sorted(R.spec["currency_after"].items(), key=lambda kv: -len(kv[0].split())):
        words = _words(words_text)
        if not currency and _match_words(doc, j, words):
            currency, j = code, j + len(words)
            break
    if currency:
        core.unit, core.end = currency, j
        return
    for p in sorted(R.spec["percent_words"], key=lambda p: -len(p.split())):
        words = _words(p)
        if _match_words(doc, j, words):
            core.unit, core.end, core.anchor = "percent", j + len(words), j + len(words) - 1
            return
    units = R.spec["duration_units"]
    k = j + 1 if j < len(doc) and doc[j].text in HYPHENS else j
    if k < len(doc) and _low(doc[k]) in units:
        core.unit, core.end, core.anchor = units[_low(doc[k])], k + 1, k
        if (
            core.end + 1 < len(doc)
            and doc[core.end].text in HYPHENS
            and _low(doc[core.end + 1]) in R.spec["duration_suffixes"]
        ):
            core.end, core.anchor = core.end + 2, core.end + 1
        return
    core.end = j


def _match_vote(doc: Doc, i: int) -> _Core | None:
    """ "15-0" or "13-0-2" in a sentence about a vote: value = votes in favour."""
    m = VOTE_TOKEN.match(doc[i].text)
    if m:
        return _Core(i, i + 1, Decimal(m.group(1)), Decimal(1), "n_vote", unit="votes", anchor=i)
    if not (DIGITS.match(doc[i].text) and "," not in doc[i].text and "." not in doc[i].text):
        return None
    j = i + 1
    parts = [doc[i].text]
    while (
        j + 1 < len(doc)
        and doc[j].text in HYPHENS
        and re.fullmatch(r"\d{1,3}", doc[j + 1].text)
        and doc[j].whitespace_ == ""
        and doc[j - 1].whitespace_ == ""
        and len(parts) < 3
    ):
        parts.append(doc[j + 1].text)
        j += 2
    if len(parts) < 2 or int(parts[0]) > 200:
        return None
    return _Core(i, j, Decimal(parts[0]), Decimal(1), "n_vote", unit="votes", anchor=j - 1)


def _match_range(doc: Doc, i: int, R: Rules) -> _Core | None:
    """ "2,000-3,000" or "between 2,000 and 3,000" (qualifier ``range``; value = midpoint)."""
    if _low(doc[i]) == "between" and i + 3 < len(doc) and _low(doc[i + 2]) == "and":
        first, second, end = doc[i + 1], doc[i + 3], i + 4
    elif (
        i + 2 < len(doc)
        and doc[i + 1].text in HYPHENS
        and doc[i].whitespace_ == ""
        and doc[i + 1].whitespace_ == ""
    ):
        first, second, end = doc[i], doc[i + 2], i + 3
    else:
        return None
    start = i
    a, b = _parse_digits(first.text), _parse_digits(second.text)
    if a is None or b is None:
        return None
    lo_year, hi_year = R.spec["exclude"]["year_range"]
    a_year = lo_year <= a[0] <= hi_year and re.fullmatch(r"\d{4}", first.text)
    if a_year and (lo_year <= b[0] <= hi_year or re.fullmatch(r"\d{2}", second.text)):
        # "2013-2023" or the fiscal year "2022-23": years, not a claim
        return _Core(start, end, a[0], a[1], "x_year_range")
    if not a[0] < b[0]:
        return None
    core = _Core(
        start, end, (a[0] + b[0]) / 2, min(a[1], b[1]), "n_range", anchor=end - 1, low=a[0], high=b[0]
    )
    _attach_units(doc, core, R, "")
    return core


def _match_vague(doc: Doc, i: int, R: Rules) -> _Core | None:
    for words, spec in R.vague:
        if _match_words(doc, i, words):
            v = Decimal(str(spec["value"]))
            return _Core(
                i,
                i + len(words),
                v,
                v,
                spec["id"],
                anchor=i + len(words) - 1,
                vague=spec,
                low=Decimal(str(spec["low"])),
                high=Decimal(str(spec["high"])),
            )
    return None


def _match_article_duration(doc: Doc, i: int, R: Rules) -> _Core | None:
    units = R.spec["duration_units"]
    w = _low(doc[i])
    if w in R.spec["duration_articles"] and i + 1 < len(doc):
        unit = _low(doc[i + 1])
        if unit in units and units[unit] != unit:  # singular form only ("a year", not "a years")
            prev = doc[i - 1] if i > 0 else None
            if prev is not None and (prev.like_num or _low(prev) in ("per", "once", "twice", "times")):
                return None  # a rate: "$1.2 billion a year"
            core = _Core(i, i + 2, Decimal(1), Decimal(1), "d_article", unit=units[unit], anchor=i + 1)
            if (
                i + 3 < len(doc)
                and doc[i + 2].text in HYPHENS
                and _low(doc[i + 3]) in R.spec["duration_suffixes"]
            ):
                core.end, core.anchor = i + 4, i + 3
            return core
    if (
        w in units
        and units[w] != w
        and i + 2 < len(doc)
        and doc[i + 1].text in HYPHENS
        and _low(doc[i + 2]) in R.spec["duration_suffixes"]
    ):
        return _Core(i, i + 3, Decimal(1), Decimal(1), "d_compound", unit=units[w], anchor=i + 2)
    return None


def _glued_run(doc: Doc, i: int) -> str:
    """The text of the tokens around ``i`` written without spaces between them ("1..2", "$1.2")."""
    a = i
    while a > 0 and doc[a - 1].whitespace_ == "" and not doc[a - 1].is_space:
        a -= 1
    b = i
    while b < len(doc) - 1 and doc[b].whitespace_ == "" and not doc[b + 1].is_space:
        b += 1
    return doc[a : b + 1].text


def _malformed(doc: Doc, i: int) -> bool:
    """A digit token that is part of a malformed number ("1..2", "1,000,00", "12.5.3")."""
    core = _glued_run(doc, i).strip("()[]{}\"'“”‘’;:!?")
    core = core.rstrip(".,")
    return bool(re.fullmatch(r"[\d.,]+", core)) and not DIGITS.match(core)


def _match_numeral(doc: Doc, i: int, R: Rules) -> _Core | None:
    tok = doc[i]
    if tok.text[:1].isdigit() and _malformed(doc, i):
        return None
    currency = ""
    start = i
    if i > 0 and _low(doc[i - 1]) in R.spec["currency_before"]:
        currency, start = R.spec["currency_before"][_low(doc[i - 1])], i - 1
    parsed = _parse_digits(tok.text)
    if parsed is not None:
        value, precision = parsed
        core = _Core(start, i + 1, value, precision, "n_digits", anchor=i)
    else:
        m = DIGITS_SUFFIX.match(tok.text)
        currency_next = i + 1 < len(doc) and _low(doc[i + 1]) in R.spec["currency_after"]
        if m and (currency or currency_next):
            suffix = m.group(2).lower()
            if suffix not in R.spec["scale_suffixes"]:
                return None
            s = Decimal(R.spec["scale_suffixes"][suffix])
            value = Decimal(m.group(1)) * s
            core = _Core(start, i + 1, value, _precision_of(m.group(1), s), "n_digits", anchor=i)
        else:
            words = _number_words(doc, i, R)
            if words is None:
                return None
            end, value = words
            core = _Core(
                start, end, value, _precision_of(str(int(value)), Decimal(1)), "n_words", anchor=end - 1
            )
    _attach_units(doc, core, R, currency)
    return core


def _excluded(doc: Doc, core: _Core, R: Rules, parsed: bool) -> bool:
    """Dates, years, document numbers, clock times and "one" used as a pronoun are not claims."""
    ex = R.spec["exclude"]
    first = doc[core.start]
    if core.rule_id == "x_year_range":
        return True
    if core.rule_id not in ("n_digits", "n_words"):
        return False
    num_start = core.start + (1 if _low(first) in R.spec["currency_before"] else 0)
    last_num = core.anchor if not core.unit else num_start
    if core.unit in ("USD", "EUR", "GBP", "XOF", "percent"):
        return False
    prev = doc[num_start - 1] if num_start > 0 else None
    if prev is not None and _low(prev).rstrip(".") in [w.rstrip(".") for w in ex["number_labels"]]:
        return True
    if _is_month(doc, num_start - 1, R) or _is_month(doc, core.end, R):
        return True
    if core.end < len(doc) and _low(doc[core.end]) in ex["time_words"]:
        return True
    text = doc[num_start].text
    if core.rule_id == "n_digits" and re.fullmatch(r"\d{4}", text):
        lo, hi = ex["year_range"]
        # The year of a written date: "June 30, 2023", "30 June 2023" (a month one or two tokens before,
        # possibly with its day and a comma between).
        if lo <= int(text) <= hi and any(_is_month(doc, num_start - k, R) for k in (1, 2, 3)):
            return True
    if core.rule_id == "n_digits" and re.fullmatch(r"\d{4}", text) and not core.unit:
        lo, hi = ex["year_range"]
        if lo <= int(text) <= hi and not _counts_plural_noun(doc, doc[num_start], parsed):
            return True
    if (
        core.rule_id == "n_words"
        and core.end - num_start == 1
        and _low(doc[last_num]) in ex["never_alone"]
        and core.unit not in set(R.spec["duration_units"].values())
    ):
        return True
    return False


def _qualify(doc: Doc, core: _Core, R: Rules) -> tuple[int, str, str, str]:
    """The qualifier written just before the number: (new start, qualifier, words as written, rule id)."""
    for words, qualifier, rule_id in R.qualifiers:
        if _ends_with_words(doc, core.start, words):
            start = core.start - len(words)
            if core.rule_id == "n_range":  # "some 2,000-3,000": the range gives the interval
                return start, "range", doc[start : core.start].text, "n_range"
            return start, qualifier, doc[start : core.start].text, rule_id
    if core.vague is not None:
        return core.start, "vague", "", core.vague["id"]
    if core.rule_id == "n_range":
        return core.start, "range", "", "n_range"
    return core.start, "exact", "", ""


# ------------------------------------------------------------------------------------------ context


def _blocks(doc: Doc) -> list[tuple[int, int, str]]:
    """Character ranges and texts of the blocks (paragraphs) of ``doc.text``, split at blank lines.
    (``Doc.text`` joins every token on each access, so it is read once here.)"""
    out, pos = [], 0
    for part in doc.text.split(BLOCK_SEPARATOR):
        out.append((pos, pos + len(part), part))
        pos += len(part) + len(BLOCK_SEPARATOR)
    return out


def _units(doc: Doc, blocks: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Token ranges of the sentences; without sentence boundaries (a tokenised-only Doc), split at
    blank lines and at ".", "!" or "?" followed by a space, so that long texts stay cheap."""
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        return [(sent.start, sent.end) for sent in doc.sents]
    out, start = [], 0
    for t in doc:
        if t.is_space and BLOCK_SEPARATOR in t.text or t.text in (".", "!", "?") and t.whitespace_:
            out.append((start, t.i + 1))
            start = t.i + 1
    if start < len(doc):
        out.append((start, len(doc)))
    return out


def _compose(doc: Doc, head: Token, after: int) -> tuple[Evidence, int]:
    """The counted noun: ``head`` with the modifiers written just before it (not before token ``after``)
    and a conjoined noun right after it ("women and girls"); returns the noun and where it ends."""
    left = head.i
    while (
        left - 1 >= after
        and doc[left - 1].dep_ in NOUN_MODIFIER_DEPS
        and head in doc[left - 1].ancestors
        and not doc[left - 1].is_space
    ):
        left -= 1
    while left < head.i and (doc[left].is_punct or doc[left].dep_ == "cc"):
        left += 1
    right = head.i + 1
    if (
        right + 1 < len(doc)
        and _low(doc[right]) in ("and", "or")
        and doc[right + 1].dep_ == "conj"
        and doc[right + 1].head.i == head.i
    ):
        right += 2
    return _evidence(doc, left, right), right


def _noun(doc: Doc, core: _Core, span_start: int, R: Rules, parsed: bool) -> tuple[Evidence | None, str]:
    """The counted noun (with its offsets) and noun phrase of a count, percent or adjectival duration."""
    end = core.end
    is_duration = core.unit in set(R.spec["duration_units"].values())
    is_money = core.unit in set(R.spec["currency_before"].values()) | set(R.spec["currency_after"].values())
    if is_money:
        return None, ""
    if not is_duration and end + 1 < len(doc) and _low(doc[end]) == "of":
        of = doc[end]
        pobj = [c for c in of.children if c.dep_ == "pobj"] if parsed else []
        if pobj:
            noun, right = _compose(doc, pobj[0], end + 1)
            return noun, doc[span_start:right].text
        j = end + 1
        while j < len(doc) and (doc[j].is_stop or doc[j].pos_ in ("DET", "ADJ")) and j < end + 4:
            j += 1
        if j < len(doc) and doc[j].is_alpha:
            return _evidence(doc, j, j + 1), doc[span_start : j + 1].text
        return None, ""
    anchor = doc[core.anchor] if 0 <= core.anchor < len(doc) else doc[end - 1]
    if parsed:
        head = anchor.head
        if (
            anchor.dep_ in ("nummod", "compound", "amod", "quantmod", "npadvmod", "nmod", "advmod")
            and head.pos_ in NOUN_POS
            and head.i >= end
            and head.i - end <= 6
        ):
            noun, right = _compose(doc, head, end)
            return noun, doc[min(span_start, head.left_edge.i) : right].text
        if is_duration:
            return None, ""
        if core.rule_id == "n_vote" or anchor.dep_ in ("prep", "pobj", "punct"):
            for t in doc[end : min(end + 3, len(doc))]:
                if t.pos_ in NOUN_POS:
                    return _evidence(doc, t.i, t.i + 1), doc[span_start : t.i + 1].text
                if t.pos_ not in ("ADJ", "NOUN", "PROPN"):
                    break
        return None, ""
    if is_duration:
        return None, ""
    words = []
    for t in doc[end : min(end + 3, len(doc))]:
        if not t.is_alpha or t.is_stop:
            break
        words.append(t)
    if words:
        return _evidence(doc, words[0].i, words[-1].i + 1), doc[span_start : words[-1].i + 1].text
    return None, ""


def _unit_of_noun(noun: str, R: Rules) -> str:
    if not noun:
        return R.spec["unit_no_noun"]
    last = noun.split()[-1].lower()
    forms = {last, last.rstrip("s"), re.sub(r"ies$", "y", last), re.sub(r"ies$", "ie", last)}
    if last.endswith("men"):
        forms.add(last[:-3] + "man")
    for unit, nouns in R.spec["noun_units"].items():
        if forms & set(nouns) or noun.lower() in nouns:
            return unit
    return R.spec["unit_unknown_noun"]


def _measure(
    R: Rules,
    *,
    unit: str,
    noun: str,
    phrase: str,
    sentence: str,
    paragraph: str,
    window: str,
    value: float,
    qualifier: str,
) -> tuple[str, str, str]:
    """(measure, scope, rule id) from the first measure rule whose conditions all hold."""
    for rule in R.measure_rules:
        if "unit" in rule and unit not in rule["unit"]:
            continue
        if "reference_values" in rule and (qualifier != "exact" or value not in rule["reference_values"]):
            continue
        checks = (
            ("noun", noun),
            ("phrase", phrase),
            ("sentence", sentence),
            ("paragraph", paragraph),
            ("window", window),
        )
        if any(key in rule and not rule[key].search(text) for key, text in checks):
            continue
        if "not_noun" in rule and rule["not_noun"].search(noun):
            continue
        if "not_sentence" in rule and rule["not_sentence"].search(sentence):
            continue
        scope = rule.get("scope", "")
        if isinstance(scope, list):
            scope = next((label for pat, label in scope if pat is None or pat.search(sentence)), "")
        return rule["measure"], scope, rule["id"]
    return "other", "", ""


# ------------------------------------------------------------------------------------------ attribution


def _trimmed(doc: Doc, a: int, b: int) -> Evidence | None:
    """Tokens ``a``..``b - 1`` without leading articles and punctuation or trailing punctuation."""
    while a < b and (doc[a].is_punct or doc[a].dep_ == "det" or _low(doc[a]) in ("the", "a", "an")):
        a += 1
    while b > a and doc[b - 1].is_punct:
        b -= 1
    return _evidence(doc, a, b)


def _speaker(doc: Doc, tok: Token) -> Evidence | None:
    """The subject ``tok`` as written: a PERSON entity in it, else its words up to the head."""
    subtree = list(tok.subtree)
    for ent in doc.ents:
        if ent.label_ == "PERSON" and subtree[0].i <= ent.start and ent.end <= subtree[-1].i + 1:
            return Evidence(ent.text, ent.start_char, ent.end_char)
    return _trimmed(doc, tok.left_edge.i, tok.i + 1)


def _resolve_pronoun(doc: Doc, tok: Token) -> Evidence | None:
    """he/she/they -> the nearest PERSON (or organisation) named before it in the last 600 characters."""
    labels = ("PERSON",) if _low(tok) in ("he", "she") else ("ORG", "GPE", "NORP", "PERSON")
    for ent in reversed(doc.ents):
        if ent.end <= tok.i and ent.label_ in labels and tok.idx - ent.start_char < 600:
            return Evidence(ent.text, ent.start_char, ent.end_char)
    return None


def _speech_verb(R: Rules, verb: Token) -> bool:
    att = R.spec["attribution"]
    if verb.lemma_.lower() in att["speech_verbs"]:
        return True
    nouns = att["speech_nouns"].get(verb.lemma_.lower())
    return bool(nouns) and any(
        c.lemma_.lower() in nouns for c in verb.children if c.dep_ in ("nsubjpass", "dobj")
    )


def _subject_of(doc: Doc, verb: Token, R: Rules) -> tuple[Evidence | None, Token | None]:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if pobj is not None:
            return _speaker(doc, pobj), pobj
    if subj is None:
        return None, None
    if subj.dep_ == "nsubjpass" and not _speech_verb(R, verb):
        return None, subj
    low = _low(subj)
    if low in R.spec["attribution"]["expletive_subjects"] or subj.dep_ == "nsubjpass":
        return None, subj
    if low in ("he", "she", "they"):
        return _resolve_pronoun(doc, subj), subj
    if low in ("which", "that", "who") and verb.dep_ == "relcl":
        return _speaker(doc, verb.head), subj
    return _speaker(doc, subj), subj


def _by_speech_verb(doc: Doc, anchor: Token, R: Rules) -> Evidence | None:
    """The subject of the speech verb that governs the number, unless the number is background
    inside that clause's subject ("The operation with more than 10,000 blue helmets ... , said Diop")."""
    att = R.spec["attribution"]
    path = [anchor]
    node = anchor
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX") and _speech_verb(R, node):
            child = path[-1]  # the verb's child on the way up from the number
            if child.dep_ not in att["reported_deps"]:
                return None
            if node.lemma_.lower() in att["clausal_only"] and child.dep_ not in ("ccomp", "xcomp"):
                return None
            name, subj = _subject_of(doc, node, R)
            if subj is not None and anchor in set(subj.subtree):
                return None
            for k, t in enumerate(path[1:], start=1):
                if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ in ("ccomp", "xcomp", "conj"):
                    if any(p.dep_ in ("prep", "relcl", "acl", "pobj") for p in path[:k]):
                        return None
            return name
        path.append(node)
    return None


def _according_to(doc: Doc, sent: Span, R: Rules, before: int | None = None) -> Evidence | None:
    """X in "According to X" within ``sent`` (before token index ``before`` if given), as written."""
    for phrase in R.spec["attribution"]["according_to"]:
        words = _words(phrase)
        for t in sent:
            if before is not None and t.i >= before:
                break
            if _match_words(doc, t.i, words):
                j = t.i + len(words)
                k = j
                while k < sent.end and not doc[k].is_punct and doc[k].pos_ not in ("VERB", "AUX"):
                    k += 1
                name = _trimmed(doc, j, k)
                if name:
                    return name
    return None


def _quote_speaker(doc: Doc, tok: Token, block: tuple[int, int, str], R: Rules) -> Evidence | None:
    """If ``tok`` is inside quotation marks, the subject of the nearest speech verb outside them."""
    a, b, text = block
    spans = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*(?:”|$)|\"[^\"]*\"", text, re.M)]
    for qs, qe in spans:
        qs, qe = qs + a, qe + a
        if not qs < tok.idx < qe:
            continue
        best, dist = None, None
        for t in doc.char_span(a, b, alignment_mode="expand") or []:
            if qs <= t.idx < qe or t.pos_ not in ("VERB", "AUX") or not _speech_verb(R, t):
                continue
            name, _ = _subject_of(doc, t, R)
            d = qs - t.idx if t.idx < qs else t.idx - qe
            if name and (dist is None or d < dist):
                best, dist = name, d
        return best
    return None


def _attribution(
    doc: Doc,
    anchor: Token,
    sent: Span,
    block: tuple[int, int, str],
    R: Rules,
    parsed: bool,
    according: dict[int, Evidence | None],
) -> tuple[Evidence | None, str]:
    """(attribution, rule id): according to X > speech verb > quotation > carried-over according to.
    ``according`` caches "According to X" per sentence (keyed by its first token). A carried-over
    source keeps the offsets of the sentence that names it."""
    if sent.start not in according:
        according[sent.start] = _according_to(doc, sent, R)
    name = according[sent.start]
    if name:
        return name, "a_according_to"
    if parsed:
        name = _by_speech_verb(doc, anchor, R)
        if name:
            return name, "a_speech_verb"
        name = _quote_speaker(doc, anchor, block, R)
        if name:
            return name, "a_quotation"
        para = doc.char_span(block[0], block[1], alignment_mode="expand")
        first = next(iter(para.sents), None) if para is not None else None
        if first is not None and first.start < sent.start:
            name = _according_to(doc, first, R)
            if name:
                return name, "a_according_to_paragraph"
    return None, ""


# ------------------------------------------------------------------------------------------ extract


def extract(doc: Doc, rules: Rules | None = None) -> list[Claim]:
    """Every numeric claim in ``doc``, in text order (offsets into ``doc.text``).

    Dates, years, resolution numbers, ordinals and "one" as a pronoun are left out. Works on any
    spaCy Doc; a parsed Doc (tagger, parser, NER) also gives the counted noun and attribution.
    """
    R = rules or load_rules()
    if len(doc) == 0:
        return []
    blocks = _blocks(doc)
    parsed = doc.has_annotation("DEP")  # computed once: it scans every token
    vote_words = re.compile(R.spec["vote_words"], re.I)
    out: list[Claim] = []
    according: dict[int, Evidence | None] = {}
    for u_start, u_end in _units(doc, blocks):
        sent = doc[u_start:u_end]
        sent_text = sent.text
        has_vote = bool(vote_words.search(sent_text))
        i = u_start
        while i < u_end:
            tok = doc[i]
            if tok.is_space or (tok.is_punct and tok.text not in ("$", "€", "£")):
                i += 1
                continue
            core = (
                (_match_vote(doc, i) if has_vote else None)
                or _match_range(doc, i, R)
                or _match_vague(doc, i, R)
                or _match_article_duration(doc, i, R)
                or _match_numeral(doc, i, R)
            )
            if core is None:
                i += 1
                continue
            if not _excluded(doc, core, R, parsed):
                out.append(_claim(doc, core, sent, sent_text, blocks, R, parsed, according))
            i = max(core.end, i + 1)
    return out


def _claim(
    doc: Doc,
    core: _Core,
    sent: Span,
    sent_text: str,
    blocks: list[tuple[int, int, str]],
    R: Rules,
    parsed: bool,
    according: dict[int, Evidence | None],
) -> Claim:
    """A recognised number with its qualifier, interval, noun, measure and attribution."""
    start, qualifier, qualifier_text, qualifier_rule = _qualify(doc, core, R)
    span = doc[start : core.end]
    qual = _evidence(doc, start, core.start) if qualifier_text else None
    noun_ev, phrase = _noun(doc, core, start, R, parsed)
    noun = noun_ev.text if noun_ev else ""
    unit = "votes" if core.rule_id == "n_vote" else core.unit or _unit_of_noun(noun, R)
    value = _num(core.value)
    if qualifier in ("vague", "range"):
        lo, hi = interval(value, qualifier, R.tolerances, core.low, core.high)
    else:
        lo, hi = interval(value, qualifier, R.tolerances)
    bi = next((k for k, (a, b, _) in enumerate(blocks) if a <= span.start_char <= b), 0)
    block = blocks[bi]
    paragraph = block[2]
    window = (blocks[bi - 1][2] + "\n" if bi > 0 else "") + paragraph
    measure, scope, measure_rule = _measure(
        R,
        unit=unit,
        noun=noun,
        phrase=phrase,
        sentence=sent_text,
        paragraph=paragraph,
        window=window,
        value=value,
        qualifier=qualifier,
    )
    anchor = doc[core.anchor if 0 <= core.anchor < len(doc) else core.end - 1]
    att, attribution_rule = _attribution(doc, anchor, sent, block, R, parsed, according)
    return Claim(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        value=value,
        value_low=lo,
        value_high=hi,
        bounds=R.spec["bounds"].get(qualifier, "[]"),
        qualifier=qualifier,
        qualifier_text=qualifier_text,
        qualifier_start=qual.start if qual else None,
        qualifier_end=qual.end if qual else None,
        unit=unit,
        noun=noun,
        noun_start=noun_ev.start if noun_ev else None,
        noun_end=noun_ev.end if noun_ev else None,
        phrase=phrase,
        measure=measure,
        scope=scope,
        attribution=att.text if att else "",
        attribution_start=att.start if att else None,
        attribution_end=att.end if att else None,
        precision=_num(core.precision),
        rule_id=core.rule_id,
        qualifier_rule_id=qualifier_rule,
        measure_rule_id=measure_rule,
        attribution_rule_id=attribution_rule,
        sent_start=sent.start_char,
        sent_end=sent.end_char,
    )


def extract_text(text: str, rules: Rules | None = None) -> list[Claim]:
    """Parse ``text`` with the project pipeline (:func:`minusma_lib.nlp.load_nlp`) and extract its claims."""
    if not text or not text.strip():
        return []
    return extract(load_nlp()(text), rules)


# ------------------------------------------------------------------------------------------ corpus


def claims_table(ac: AnnotatedCorpus, sentences: pd.DataFrame, rules: Rules | None = None) -> pd.DataFrame:
    """Claims in the body sentences of the corpus, with raw-file offsets and sentence ids.

    ``raw[start:end] == text`` for every row, and likewise for the qualifier, counted noun and
    attribution (``qualifier_start``/``qualifier_end`` and so on, empty when there is none); claims in
    titles and headings are left out. In a document listed under ``attribution.document_voice`` every
    claim outside the interviewer's prompts is attributed to that voice (rule ``a_document_voice``),
    with the offsets of the first place the raw file names it.
    """
    R = rules or load_rules()
    voices = R.spec["attribution"].get("document_voice") or {}
    rows = []
    for ad in ac:
        raw = ad.clean.doc.raw
        offsets = ad.clean.offset_map()
        sents = sentences[sentences["doc_id"] == ad.doc_id]
        voice = _voice_evidence(raw, voices[ad.doc_id], ad.doc_id) if ad.doc_id in voices else None
        n = 0
        for c in extract(ad.doc, R):
            start, end = raw_span(ad.clean, c.start, c.end, offsets)
            hit = sents[(sents["start"] <= start) & (sents["end"] >= end)]
            if hit.empty or hit.iloc[0]["block_kind"] not in BODY_KINDS:
                continue
            s = hit.iloc[0]
            row = {f.name: getattr(c, f.name) for f in fields(Claim)}
            n += 1
            row.update(claim_id=f"{ad.doc_id}-q{n:03d}", doc_id=ad.doc_id, sent_id=s["sent_id"])
            row.update(start=start, end=end, text=raw[start:end])
            for name, text_col in EVIDENCE_COLUMNS.items():
                a, b = row[f"{name}_start"], row[f"{name}_end"]
                if a is None:
                    row.update({text_col: "", f"{name}_start": None, f"{name}_end": None})
                    continue
                ra, rb = raw_span(ad.clean, a, b, offsets)
                row.update({text_col: raw[ra:rb], f"{name}_start": ra, f"{name}_end": rb})
            if voice is not None and s["block_kind"] != "prompt":
                row.update(
                    attribution=voice.text,
                    attribution_start=voice.start,
                    attribution_end=voice.end,
                    attribution_rule_id="a_document_voice",
                )
            rows.append(row)
    out = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    for col in OFFSET_COLUMNS:
        out[col] = out[col].astype("Int64")
    return out


def _voice_evidence(raw: str, name: str, doc_id: str) -> Evidence:
    """The first place the raw file names a document voice (the exact spelling first, then any case)."""
    for flags in (0, re.I):
        m = re.search(rf"\b{re.escape(name)}\b", raw, flags)
        if m:
            return Evidence(m.group(), m.start(), m.end())
    raise ConfigError(
        f"{rules_path()}: attribution.document_voice gives {doc_id!r} the voice {name!r}, which its raw "
        "file never names; write the name as the file spells it."
    )


def processed_tables(ac: AnnotatedCorpus, base: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``quantities.csv``: every claim of the article bodies with its reconciliation verdict."""
    from minusma_lib import reconcile

    claims = claims_table(ac, base["sentences"])
    return {"quantities": reconcile.reconcile(claims, base["documents"])}


# ------------------------------------------------------------------------------------------ validation


def load_manual(
    path: Path | None = None,
    documents: pd.DataFrame | None = None,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The hand coding (``data/annotations/quantities_manual.csv``), checked row by row.

    Every row must name a document of ``documents`` (default: ``data/processed/documents.csv``) and
    lie inside one body sentence of ``sentences`` (default: ``sentences.csv``) with ``text`` equal to
    the sentence's raw text at its offsets; otherwise :class:`ManualCodingError` names the file, the
    row (line number, header = 1) and the fix. A document with no row is *not coded* (see
    :func:`coding_status`), never a document without claims.
    """
    from minusma_lib.core import tables

    path = path or manual_path()
    manual = pd.read_csv(path, dtype={"doc_id": str, "claim_id": str}, keep_default_na=False)
    missing = [c for c in MANUAL_COLUMNS if c not in manual.columns]
    if missing:
        raise ManualCodingError(f"{path}: missing column {missing[0]!r}; the coding guide lists the columns.")
    documents = tables.load("documents") if documents is None else documents
    sentences = tables.load("sentences") if sentences is None else sentences
    known = set(documents["doc_id"].astype(str))
    if corpus_dir().resolve() != seeds_dir().resolve():
        # Another corpus: the study's coding describes the seeds, not these texts (matched by doc_id).
        manual = manual[manual["doc_id"].isin(known)].reset_index(drop=True)
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)]
    by_doc = {d: g for d, g in body.groupby(body["doc_id"].astype(str))}
    seen: set[str] = set()
    for line, r in enumerate(manual.itertuples(index=False), start=2):
        where = f"{path} row {line} (claim {r.claim_id!r})"
        if r.claim_id in seen:
            raise ManualCodingError(f"{where}: claim_id is used twice; give each row its own id.")
        seen.add(r.claim_id)
        if r.doc_id not in known:
            raise ManualCodingError(
                f"{where}: doc_id {r.doc_id!r} is not in documents.csv (known: {', '.join(sorted(known))}); "
                "correct the doc_id, or add the article to seeds/manifest.csv and run `make data`."
            )
        try:
            start, end = int(r.start), int(r.end)
        except ValueError:
            raise ManualCodingError(f"{where}: start and end must be whole numbers.") from None
        sents = by_doc.get(r.doc_id, body.iloc[:0])
        hit = sents[(sents["start"] <= start) & (sents["end"] >= end)]
        if start >= end or hit.empty:
            raise ManualCodingError(
                f"{where}: the span [{start}, {end}) of {r.doc_id!r} is not inside a body sentence "
                "(titles, headings and removed boilerplate are not coded, and a claim never crosses a "
                "sentence); correct the offsets (raw file read as UTF-8) or delete the row."
            )
        sent = hit.iloc[0]
        written = str(sent["text"])[start - int(sent["start"]) : end - int(sent["start"])]
        if written != r.text:
            raise ManualCodingError(
                f"{where}: text {r.text!r} is not what the raw file has at [{start}, {end}) ({written!r}); "
                "correct the offsets or the text."
            )
    return manual


def coding_status(extracted: pd.DataFrame, manual: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per document: hand-coded claims, extracted claims and whether it is *coded* (has manual rows).
    Claims of documents that are not coded are left out of every validation score."""
    coded = set(manual["doc_id"])
    return pd.DataFrame(
        [
            {
                "doc_id": d,
                "hand-coded claims": int((manual["doc_id"] == d).sum()),
                "extracted claims": int((extracted["doc_id"] == d).sum()),
                "status": "coded" if d in coded else "not coded",
            }
            for d in documents["doc_id"]
        ]
    )


def _filled(df: pd.DataFrame) -> pd.DataFrame:
    """Empty text cells as "" (``processed.load`` reads them as NaN)."""
    df = df.copy()
    for col in ("attribution", "measure", "qualifier", "unit", "text"):
        if col in df:
            df[col] = df[col].fillna("").astype(str)
    return df


def match_claims(extracted: pd.DataFrame, manual: pd.DataFrame) -> pd.DataFrame:
    """One-to-one matches of extracted and manual claims by span overlap in the same document.

    Pairs are chosen greedily by overlap length (longest first). Returns one row per manual or
    extracted claim: matched pairs, misses (``claim_id`` empty) and false positives (``manual_id``
    empty), with both sides' text, value and measure. Extracted claims of documents without any
    manual row (not coded) are left out: they are neither matches nor false positives.
    """
    extracted = _filled(extracted)
    manual = _filled(manual)
    extracted = extracted[extracted["doc_id"].isin(set(manual["doc_id"]))]
    cand = []
    for m in manual.itertuples():
        ex = extracted[
            (extracted["doc_id"] == m.doc_id) & (extracted["start"] < m.end) & (extracted["end"] > m.start)
        ]
        for e in ex.itertuples():
            cand.append(((-(min(e.end, m.end) - max(e.start, m.start)),), m.claim_id, e.claim_id))
    pairs = one_to_one(cand)  # longest overlap first
    used_e = set(pairs.values())
    ex_by = extracted.set_index("claim_id")
    rows = []
    for m in manual.itertuples():
        e = ex_by.loc[pairs[m.claim_id]] if m.claim_id in pairs else None
        rows.append(
            {
                "doc_id": m.doc_id,
                "manual_id": m.claim_id,
                "claim_id": pairs.get(m.claim_id, ""),
                "manual_text": m.text,
                "text": "" if e is None else e["text"],
                "manual_value": float(m.value),
                "value": float("nan") if e is None else float(e["value"]),
                "manual_measure": m.measure,
                "measure": "" if e is None else e["measure"],
                "manual_qualifier": m.qualifier,
                "qualifier": "" if e is None else e["qualifier"],
                "manual_unit": m.unit,
                "unit": "" if e is None else e["unit"],
                "manual_attribution": m.attribution,
                "attribution": ""
                if e is None
                else (e["attribution"] if isinstance(e["attribution"], str) else ""),
                "exact_span": e is not None and (int(e["start"]), int(e["end"])) == (m.start, m.end),
            }
        )
    for e in extracted.itertuples():
        if e.claim_id not in used_e:
            rows.append(
                {
                    "doc_id": e.doc_id,
                    "manual_id": "",
                    "claim_id": e.claim_id,
                    "manual_text": "",
                    "text": e.text,
                    "manual_value": float("nan"),
                    "value": float(e.value),
                    "manual_measure": "",
                    "measure": e.measure,
                    "manual_qualifier": "",
                    "qualifier": e.qualifier,
                    "manual_unit": "",
                    "unit": e.unit,
                    "manual_attribution": "",
                    "attribution": e.attribution,
                    "exact_span": False,
                }
            )
    return pd.DataFrame(rows)


def validation(extracted: pd.DataFrame, manual: pd.DataFrame) -> dict[str, Any]:
    """Scores of the extractor against the hand coding (span overlap, same document).

    Only coded documents (with at least one manual row) are scored: ``extracted`` counts their
    extracted claims, and ``not_coded`` lists the documents whose extracted claims were left out.
    recall = matched manual claims / manual claims; precision = matched extracted / extracted;
    value, measure, qualifier and unit accuracy are shares of matched pairs; attribution agreement
    counts a pair as agreeing when both sides name a source or both leave it empty.
    """
    pairs = match_claims(extracted, manual)
    matched = pairs[(pairs["manual_id"] != "") & (pairs["claim_id"] != "")]
    n = len(matched)
    coded = set(manual["doc_id"])
    scored = extracted[extracted["doc_id"].isin(coded)]
    not_coded = sorted(set(extracted["doc_id"]) - coded)

    def share(mask: pd.Series) -> float:
        return float(mask.sum() / n) if n else 0.0

    return {
        "manual": len(manual),
        "extracted": len(scored),
        "not_coded": not_coded,
        "extracted_not_coded": len(extracted) - len(scored),
        "matched": n,
        "recall": n / len(manual) if len(manual) else 0.0,
        "precision": n / len(scored) if len(scored) else 0.0,
        "value_accuracy": share((matched["value"] - matched["manual_value"]).abs() < 1e-6),
        "measure_accuracy": share(matched["measure"] == matched["manual_measure"]),
        "qualifier_accuracy": share(matched["qualifier"] == matched["manual_qualifier"]),
        "unit_accuracy": share(matched["unit"] == matched["manual_unit"]),
        "exact_span_share": share(matched["exact_span"].astype(bool)),
        "attribution_agreement": share(
            (matched["attribution"] != "") == (matched["manual_attribution"] != "")
        ),
    }


def disagreements(extracted: pd.DataFrame, manual: pd.DataFrame) -> pd.DataFrame:
    """Pairs and unmatched claims where extraction and hand coding differ in span, value, measure,
    qualifier, unit or presence of an attribution (the list to read when checking the extractor)."""
    p = match_claims(extracted, manual)
    both = (p["manual_id"] != "") & (p["claim_id"] != "")
    differs = (
        ~both
        | ~p["exact_span"].astype(bool)
        | ((p["value"] - p["manual_value"]).abs() > 1e-6)
        | (p["measure"] != p["manual_measure"])
        | (p["qualifier"] != p["manual_qualifier"])
        | (p["unit"] != p["manual_unit"])
        | ((p["attribution"] != "") != (p["manual_attribution"] != ""))
    )
    cols = ["manual_id", "claim_id", "manual_text", "text", "manual_measure", "measure"]
    cols += ["manual_attribution", "attribution"]
    return p.loc[differs, cols].reset_index(drop=True)
