"""Recognising a number in a spaCy ``Doc``: digits, number words, ranges, votes, vague amounts.

Pure functions on tokens. :func:`match_number` returns a :class:`NumberCore` (token span, value,
precision, rule id and unit) or ``None``; :func:`excluded` says whether it is a date, year, document
number, clock time or the pronoun "one"; :func:`qualify` finds the qualifier before it ("about",
"nearly", "more than"). What a number counts and who says it is :mod:`minusma_lib.extract.quantities`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from spacy.tokens import Doc, Token

from minusma_lib.extract.quantity_rules import Rules, phrase_words

DIGITS = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")

# Numbers as written where the decimal mark is a comma: "13.000", "1.234.567,5", "2,5". Read as such
# only in a translation from such a language (``comma_decimal_languages`` in rules.yaml).
COMMA_DECIMAL_DIGITS = re.compile(r"^(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d{1,2})$")

DIGITS_SUFFIX = re.compile(r"^(\d+(?:\.\d+)?)([a-z]+)$", re.I)

VOTE_TOKEN = re.compile(r"^(\d{1,3})[-–](\d{1,3})(?:[-–](\d{1,3}))?$")

HYPHENS = ("-", "–", "—")


@dataclass
class NumberCore:
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


def precision_of(digits: str, scale: Decimal) -> Decimal:
    """Half of this is the rounding a stated number allows: 13,000 -> 1000; 1.2 billion -> 0.1 billion."""
    digits = digits.replace(",", "")
    if "." in digits:
        return Decimal(1).scaleb(-len(digits.split(".")[1])) * scale
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped) if stripped else 0
    return Decimal(10) ** zeros * scale


def lower(tok: Token) -> str:
    return tok.text.lower()


# The lower-cased token texts of the Doc matched last: every token of a Doc is tried against every
# word list, so they are computed once per Doc (the Doc is held, so its identity cannot be reused).
_LOWERED: list = [None, ()]


def lowered_tokens(doc: Doc) -> tuple[str, ...]:
    """``lower(t)`` of every token of ``doc``, computed once for the Doc matched last."""
    if _LOWERED[0] is not doc:
        _LOWERED[:] = [doc, tuple(t.text.lower() for t in doc)]
    return _LOWERED[1]


def match_words(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    low = lowered_tokens(doc)
    n = len(words)
    if i < 0 or i + n > len(low):
        return False
    return n == 0 or (low[i] == words[0] and (n == 1 or low[i : i + n] == tuple(words)))


# Word-list entries ((words, ...) tuples, in rule order) indexed by their first word, per list.
_FIRST_WORD: dict[int, tuple[tuple, dict[str, list], list]] = {}


def entries_at(doc: Doc, i: int, entries: tuple) -> list:
    """The entries of ``entries`` (tuples whose first item is a word tuple) that can match at token
    ``i``: those starting with its word (or with no words), in rule order. The index of each list is
    built once; the list is held, so its identity cannot be reused."""
    hit = _FIRST_WORD.get(id(entries))
    if hit is None or hit[0] is not entries:
        index: dict[str, list] = {}
        for first in dict.fromkeys(e[0][0] for e in entries if e[0]):
            index[first] = [e for e in entries if not e[0] or e[0][0] == first]
        if len(_FIRST_WORD) > 64:
            _FIRST_WORD.clear()
        hit = _FIRST_WORD[id(entries)] = (entries, index, [e for e in entries if not e[0]])
    low = lowered_tokens(doc)
    return hit[1].get(low[i], hit[2]) if 0 <= i < len(low) else list(entries)


def ends_with_words(doc: Doc, end: int, words: tuple[str, ...]) -> bool:
    """``words`` occupy the tokens just before token index ``end``."""
    return match_words(doc, end - len(words), words)


def as_written_in_english(text: str, rules: Rules) -> str:
    """``text`` with its separators in English use: in a translation from a language whose decimal
    mark is a comma (:attr:`Rules.comma_decimal`), "13.000" is 13000 and "2,5" is 2.5 — a dot followed
    by three digits cannot be a decimal point there, and a comma followed by one or two digits cannot
    group thousands. Elsewhere ``text`` is returned unchanged."""
    if rules.comma_decimal and COMMA_DECIMAL_DIGITS.match(text):
        return text.replace(".", "").replace(",", ".")
    return text


def _parse_digits(text: str, rules: Rules) -> tuple[Decimal, Decimal] | None:
    text = as_written_in_english(text, rules)
    m = DIGITS.match(text)
    if not m:
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value, precision_of(text, Decimal(1))


def _number_words(doc: Doc, i: int, rules: Rules) -> tuple[int, Decimal] | None:
    """Number words from token i ("two", "twenty-five", "two hundred and fifty", "a thousand"):
    (end token, value), or None."""
    nw, scales = rules.spec["number_words"], rules.spec["scales"]
    if lower(doc[i]) in ("a", "an") and i + 1 < len(doc) and lower(doc[i + 1]) in scales:
        return i + 2, Decimal(scales[lower(doc[i + 1])])
    total, current, prev = Decimal(0), Decimal(0), ""
    j = i
    while j < len(doc):
        w = lower(doc[j])
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
            and lower(doc[j + 1]) in nw
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


def _is_month(doc: Doc, j: int, rules: Rules) -> bool:
    if j < 0 or j >= len(doc):
        return False
    w = lower(doc[j]).rstrip(".")  # "Dec", "Dec." and "December" alike
    calendar = {x.rstrip(".") for x in (*rules.spec["exclude"]["months"], *rules.spec["exclude"]["weekdays"])}
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


def _attach_units(doc: Doc, core: NumberCore, rules: Rules, currency: str) -> None:
    """Extend a numeral to the right over scales, currency, percent and duration units."""
    j = core.end
    scales = rules.spec["scales"]
    while j < len(doc) and lower(doc[j]) in scales and lower(doc[j]) != "hundred":
        core.value *= Decimal(scales[lower(doc[j])])
        core.precision *= Decimal(scales[lower(doc[j])])
        j += 1
        core.anchor = j - 1
    if (
        currency
        and j < len(doc)
        and lower(doc[j]) in rules.spec["scale_suffixes"]
        and doc[j - 1].whitespace_ == ""
    ):
        s = Decimal(rules.spec["scale_suffixes"][lower(doc[j])])
        core.value, core.precision, j = core.value * s, core.precision * s, j + 1
    for words_text, code in sorted(rules.spec["currency_after"].items(), key=lambda kv: -len(kv[0].split())):
        words = phrase_words(words_text)
        if not currency and match_words(doc, j, words):
            currency, j = code, j + len(words)
            break
    if currency:
        core.unit, core.end = currency, j
        return
    for p in sorted(rules.spec["percent_words"], key=lambda p: -len(p.split())):
        words = phrase_words(p)
        if match_words(doc, j, words):
            core.unit, core.end, core.anchor = "percent", j + len(words), j + len(words) - 1
            return
    units = rules.spec["duration_units"]
    k = j + 1 if j < len(doc) and doc[j].text in HYPHENS else j
    if k < len(doc) and lower(doc[k]) in units:
        core.unit, core.end, core.anchor = units[lower(doc[k])], k + 1, k
        if (
            core.end + 1 < len(doc)
            and doc[core.end].text in HYPHENS
            and lower(doc[core.end + 1]) in rules.spec["duration_suffixes"]
        ):
            core.end, core.anchor = core.end + 2, core.end + 1
        return
    core.end = j


def _match_vote_zero(doc: Doc, i: int, rules: Rules) -> NumberCore | None:
    """ "none against", "no abstentions", "15 votes to none" in a sentence about a vote: zero votes."""
    spec = rules.spec["vote_zero"]
    if lower(doc[i]) not in spec["words"]:
        return None
    after = any(match_words(doc, i + 1, tuple(w.split())) for w in spec["followed_by"])
    before = i > 0 and lower(doc[i - 1]) in spec["preceded_by"]
    if not (after or before):
        return None
    return NumberCore(i, i + 1, Decimal(0), Decimal(1), "n_vote_zero", unit="votes", anchor=i)


# What a multiplier predeterminer stands before: a determiner, a possessive or a free relative.
MULTIPLIED = frozenset({"the", "that", "those", "this", "its", "their", "his", "her", "our", "what"})


def _match_times(doc: Doc, i: int, rules: Rules) -> NumberCore | None:
    """ "twice", "thrice", "double the figure": a multiplicative numeral (unit ``times``)."""
    value = rules.spec["times_words"].get(lower(doc[i]))
    if value is None and i + 1 < len(doc) and lower(doc[i + 1]) in MULTIPLIED:
        value = rules.spec["multiplier_words"].get(lower(doc[i]))
    if value is None:
        return None
    return NumberCore(i, i + 1, Decimal(value), Decimal(1), "n_times", unit="times", anchor=i)


def _match_vote(doc: Doc, i: int, rules: Rules) -> NumberCore | None:
    """ "15-0" or "13-0-2" in a sentence about a vote: value = votes in favour; or a zero count."""
    zero = _match_vote_zero(doc, i, rules)
    if zero is not None:
        return zero
    m = VOTE_TOKEN.match(doc[i].text)
    if m:
        return NumberCore(i, i + 1, Decimal(m.group(1)), Decimal(1), "n_vote", unit="votes", anchor=i)
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
    return NumberCore(i, j, Decimal(parts[0]), Decimal(1), "n_vote", unit="votes", anchor=j - 1)


def _match_iso_date(doc: Doc, i: int) -> NumberCore | None:
    """ "2023-06-30" (ISO 8601 calendar date, written without spaces), split by the tokenizer."""
    toks = doc[i : i + 5]
    if len(toks) < 5 or any(t.whitespace_ for t in toks[:4]):
        return None
    text = "".join(t.text for t in toks)
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        return None
    return NumberCore(i, i + 5, Decimal(int(toks[0].text)), Decimal(1), "x_iso_date")


def _match_range(doc: Doc, i: int, rules: Rules) -> NumberCore | None:
    """ "2,000-3,000" or "between 2,000 and 3,000" (qualifier ``range``; value = midpoint); an ISO
    date "2023-06-30" or a year range "2013-2023" is matched here too, and left out as a date."""
    iso = _match_iso_date(doc, i)
    if iso is not None:
        return iso
    if lower(doc[i]) == "between" and i + 3 < len(doc) and lower(doc[i + 2]) == "and":
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
    a, b = _parse_digits(first.text, rules), _parse_digits(second.text, rules)
    if a is None or b is None:
        return None
    lo_year, hi_year = rules.spec["exclude"]["year_range"]
    a_year = lo_year <= a[0] <= hi_year and re.fullmatch(r"\d{4}", first.text)
    if a_year and (lo_year <= b[0] <= hi_year or re.fullmatch(r"\d{2}", second.text)):
        # "2013-2023" or the fiscal year "2022-23": years, not a claim
        return NumberCore(start, end, a[0], a[1], "x_year_range")
    if not a[0] < b[0]:
        return None
    core = NumberCore(
        start, end, (a[0] + b[0]) / 2, min(a[1], b[1]), "n_range", anchor=end - 1, low=a[0], high=b[0]
    )
    _attach_units(doc, core, rules, "")
    return core


def _match_spelled_range(doc: Doc, i: int, rules: Rules) -> NumberCore | None:
    """A range whose ends are whole number expressions: "between $9 million and $11 million", "1,500 to
    2,000", "two or three hundred" (qualifier ``range``, as :func:`_match_range`). Not "from X to Y" (a
    change, two figures), not years, and only when the second end is the larger and the units agree."""
    between = lower(doc[i]) == "between"
    a = _range_end(doc, i + 1 if between else i, rules)
    if a is None or a.end + 1 >= len(doc) or (not between and a.start != i):
        return None
    link = lower(doc[a.end])
    if (between and link != "and") or (not between and link not in ("to", "or")):
        return None
    if not between and any(lower(t) == "from" for t in doc[max(a.start - 3, 0) : a.start]):
        return None  # "from (about) 90,000 to 140,000"
    b = _range_end(doc, a.end + 1, rules)
    if b is None or a.unit not in ("", b.unit):
        return None
    low = a.value
    scale = rules.spec["scales"].get(lower(doc[b.end - 1]))
    if a.end - a.start == 1 and scale and a.value < b.value / Decimal(scale):
        low = a.value * Decimal(scale)  # "two or three hundred": the scale is written once for both
    lo_year, hi_year = rules.spec["exclude"]["year_range"]
    if any(lo_year <= c.value <= hi_year and re.fullmatch(r"\d{4}", doc[c.anchor].text) for c in (a, b)):
        return None
    if not low < b.value:
        return None
    return NumberCore(
        i if between else a.start,
        b.end,
        (low + b.value) / 2,
        min(a.precision, b.precision),
        "n_range",
        unit=b.unit,
        anchor=b.anchor,
        low=low,
        high=b.value,
    )


def _range_end(doc: Doc, j: int, rules: Rules) -> NumberCore | None:
    """A numeral (with its currency symbol, scale and unit) at token ``j``: one end of a range."""
    if j < len(doc) and lower(doc[j]) in rules.spec["currency_before"]:
        j += 1
    return _match_numeral(doc, j, rules) if j < len(doc) else None


def _match_vague(doc: Doc, i: int, rules: Rules) -> NumberCore | None:
    for words, spec in entries_at(doc, i, rules.vague):
        if match_words(doc, i, words):
            v = Decimal(str(spec["value"]))
            return NumberCore(
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


def _match_fraction(doc: Doc, i: int, rules: Rules) -> NumberCore | None:
    """A fraction of a whole ("a quarter", "two-thirds", "one in five") as a percentage; not one that
    names part of a period ("the first half of", "half an hour")."""
    if lower(doc[i]) not in rules.fraction_starts:
        return None
    units = rules.spec["duration_units"]
    for words, entry in entries_at(doc, i, rules.fractions):
        if not match_words(doc, i, words):
            continue
        end = i + len(words)
        after = [lower(t) for t in doc[end : end + 2]]
        if i > 0 and lower(doc[i - 1]) in rules.spec["fractions"]["not_after"]:
            return None
        if after and (after[0] in units or (after[0] in ("a", "an") and after[1:] and after[1] in units)):
            return None
        v = Decimal(str(entry["value"]))
        return NumberCore(i, end, v, Decimal("0.01"), entry["id"], unit="percent", anchor=end - 1)
    return None


# The wholes of an "N in M" share ("four in 10", "nine in ten", "seven in 100"): small denominators and
# the hundred, as English states a share of people so.
RATIO_WHOLES = frozenset({3, 4, 5, 6, 7, 8, 9, 10, 100})


def _match_ratio(doc: Doc, i: int, rules: Rules) -> NumberCore | None:
    """ "four in 10", "nine in ten": a share of a whole, as a percentage (the fraction words' rule for
    any small numerator and denominator)."""
    if i + 2 >= len(doc) or lower(doc[i + 1]) != "in":
        return None
    a, b = _small_number(doc[i], rules), _small_number(doc[i + 2], rules)
    if a is None or b is None or b not in RATIO_WHOLES or not 0 < a < b:
        return None
    value = (Decimal(a) / Decimal(b) * 100).quantize(Decimal("0.01"))
    return NumberCore(i, i + 3, value, Decimal("0.01"), "f_ratio", unit="percent", anchor=i + 2)


def _small_number(tok: Token, rules: Rules) -> int | None:
    """A whole number written as one token, in digits or as a number word ("10", "ten")."""
    if tok.text.isdigit() and len(tok.text) <= 3:
        return int(tok.text)
    value = rules.spec["number_words"].get(lower(tok))
    return int(value) if isinstance(value, int) else None


def _is_rate(doc: Doc, i: int) -> bool:
    """ "a year" right after an amount reads "per year": the amount itself ("$1.2bn a year"), or the
    plural noun it counts ("180 new arrivals a day")."""
    prev = doc[i - 1] if i > 0 else None
    if prev is None:
        return False
    if prev.like_num or lower(prev) in ("per", "once", "twice", "times") or DIGITS_SUFFIX.match(prev.text):
        return True
    return prev.tag_ == "NNS" and any(t.like_num for t in doc[max(i - 5, 0) : i - 1])


def _match_phone(doc: Doc, i: int, rules: Rules) -> NumberCore | None:
    """A telephone number in international notation ("+223 20 21 48 66"): not a claim."""
    if not doc[i].text.startswith("+") or not rules.phone_prefix.match(doc[i].text):
        return None
    j = i + 1
    while j < len(doc) and re.fullmatch(r"\d{1,4}", doc[j].text):
        j += 1
    return NumberCore(i, j, Decimal(0), Decimal(1), "x_phone") if j - i >= 3 else None


def _is_enumerator(doc: Doc, i: int, rules: Rules) -> bool:
    """A number opening a line and followed by "." or ")": the number of a list item."""
    opens_line = i == 0 or "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_
    nxt = doc[i + 1].text if i + 1 < len(doc) else ""
    return opens_line and nxt in rules.spec["exclude"]["enumerator_marks"] and doc[i].whitespace_ == ""


def _is_heading_number(doc: Doc, i: int) -> bool:
    """ "Claim 1:", "Part 2:": a capitalised word opening a line, a number, a colon: a numbered heading."""
    if i < 1 or i + 1 >= len(doc) or doc[i + 1].text != ":":
        return False
    label = doc[i - 1]
    opens_line = label.i == 0 or "\n" in doc[label.i - 1].text or "\n" in doc[label.i - 1].whitespace_
    return opens_line and label.is_alpha and label.text[:1].isupper()


def _match_article_duration(doc: Doc, i: int, rules: Rules) -> NumberCore | None:
    units = rules.spec["duration_units"]
    w = lower(doc[i])
    if w in rules.spec["duration_articles"] and i + 1 < len(doc):
        unit = lower(doc[i + 1])
        if unit in units and units[unit] != unit:  # singular form only ("a year", not "a years")
            if _is_rate(doc, i):
                return None  # a rate: "$1.2 billion a year", "180 new arrivals a day"
            after = lower(doc[i + 2]) if i + 2 < len(doc) else ""
            if after in rules.spec["exclude"]["time_point_after"]:
                return None  # a point in time: "a year ago"
            core = NumberCore(i, i + 2, Decimal(1), Decimal(1), "d_article", unit=units[unit], anchor=i + 1)
            if (
                i + 3 < len(doc)
                and doc[i + 2].text in HYPHENS
                and lower(doc[i + 3]) in rules.spec["duration_suffixes"]
            ):
                core.end, core.anchor = i + 4, i + 3
            return core
    if (
        w in units
        and units[w] != w
        and i + 2 < len(doc)
        and doc[i + 1].text in HYPHENS
        and lower(doc[i + 2]) in rules.spec["duration_suffixes"]
    ):
        return NumberCore(i, i + 3, Decimal(1), Decimal(1), "d_compound", unit=units[w], anchor=i + 2)
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


def _malformed(doc: Doc, i: int, rules: Rules) -> bool:
    """A digit token that is part of a malformed number ("1..2", "1,000,00", "12.5.3")."""
    core = _glued_run(doc, i).strip("()[]{}\"'“”‘’;:!?")
    core = core.rstrip(".,")
    return bool(re.fullmatch(r"[\d.,]+", core)) and not DIGITS.match(as_written_in_english(core, rules))


def _space_grouped(doc: Doc, i: int) -> tuple[int, Decimal] | None:
    """ "1 200", "12 947": thousands grouped by a space, as in the languages whose decimal mark is a
    comma (CLDR: French, Russian... group digits with a space); read only in such a translation."""
    if not re.fullmatch(r"\d{1,3}", doc[i].text):
        return None
    j, digits = i, doc[i].text
    while (
        j + 1 < len(doc)
        and doc[j].whitespace_ in (" ", "\u00a0", "\u202f")
        and re.fullmatch(r"\d{3}", doc[j + 1].text)
    ):
        j += 1
        digits += doc[j].text
    return (j + 1, Decimal(digits)) if j > i else None


def _match_numeral(doc: Doc, i: int, rules: Rules) -> NumberCore | None:
    tok = doc[i]
    if tok.text[:1].isdigit() and _malformed(doc, i, rules):
        return None
    currency = ""
    start = i
    if i > 0 and lower(doc[i - 1]) in rules.spec["currency_before"]:
        currency, start = rules.spec["currency_before"][lower(doc[i - 1])], i - 1
    parsed = _parse_digits(tok.text, rules)
    grouped = _space_grouped(doc, i) if rules.comma_decimal else None
    if grouped is not None:
        end, value = grouped
        core = NumberCore(start, end, value, Decimal(1), "n_digits", anchor=end - 1)
    elif parsed is not None:
        value, precision = parsed
        core = NumberCore(start, i + 1, value, precision, "n_digits", anchor=i)
    else:
        m = DIGITS_SUFFIX.match(tok.text)
        currency_next = i + 1 < len(doc) and lower(doc[i + 1]) in rules.spec["currency_after"]
        if m and (currency or currency_next):
            suffix = m.group(2).lower()
            if suffix not in rules.spec["scale_suffixes"]:
                return None
            s = Decimal(rules.spec["scale_suffixes"][suffix])
            value = Decimal(m.group(1)) * s
            core = NumberCore(start, i + 1, value, precision_of(m.group(1), s), "n_digits", anchor=i)
        else:
            words = _number_words(doc, i, rules)
            if words is None:
                return None
            end, value = words
            core = NumberCore(
                start, end, value, precision_of(str(int(value)), Decimal(1)), "n_words", anchor=end - 1
            )
    _attach_units(doc, core, rules, currency)
    return core


def excluded(doc: Doc, core: NumberCore, rules: Rules, parsed: bool) -> bool:
    """Dates, years, document numbers, clock times and "one" used as a pronoun are not claims."""
    ex = rules.spec["exclude"]
    first = doc[core.start]
    if core.rule_id in ("x_year_range", "x_iso_date", "x_phone"):
        return True
    if core.rule_id not in ("n_digits", "n_words"):
        return False
    num_start = core.start + (1 if lower(first) in rules.spec["currency_before"] else 0)
    if ex["leading_zero_is_identifier"] and re.match(r"0\d", doc[num_start].text):
        return True  # "0093": an identifier
    if core.end - core.start == 1 and (
        _is_enumerator(doc, num_start, rules) or _is_heading_number(doc, num_start)
    ):
        return True
    last_num = core.anchor if not core.unit else num_start
    if core.unit in ("USD", "EUR", "GBP", "XOF", "percent"):
        return False
    prev = doc[num_start - 1] if num_start > 0 else None
    abbreviations = {w.rstrip(".") for w in ex["number_labels"] if w.endswith(".")}
    if (
        prev is not None
        and prev.text == "."
        and num_start > 1
        and not doc[num_start - 2].whitespace_
        and lower(doc[num_start - 2]) in abbreviations
        and doc[num_start - 2].text[:1].isupper()  # "No. 14", not "voted no. 300 peacekeepers"
        and not (parsed and doc[num_start].is_sent_start)
    ):
        prev = doc[num_start - 2]  # "No. 14" tokenised as "No", ".", "14" (not "... voted no. 300 ...")
    if prev is not None and lower(prev).rstrip(".") in [w.rstrip(".") for w in ex["number_labels"]]:
        return True
    if _is_month(doc, num_start - 1, rules) or _is_month(doc, core.end, rules):
        return True
    if core.end < len(doc) and lower(doc[core.end]) in ex["time_words"]:
        return True
    text = doc[num_start].text
    if core.rule_id == "n_digits" and re.fullmatch(r"\d{4}", text):
        lo, hi = ex["year_range"]
        # The year of a written date: "June 30, 2023", "30 June 2023" (a month one or two tokens before,
        # possibly with its day and a comma between).
        if lo <= int(text) <= hi and any(_is_month(doc, num_start - k, rules) for k in (1, 2, 3)):
            return True
    if core.rule_id == "n_digits" and re.fullmatch(r"\d{4}", text) and not core.unit:
        lo, hi = ex["year_range"]
        after_time_prep = num_start > 0 and lower(doc[num_start - 1]) in ex["time_prepositions"]
        if lo <= int(text) <= hi and (
            after_time_prep or not _counts_plural_noun(doc, doc[num_start], parsed)
        ):
            return True
    if (
        core.rule_id == "n_words"
        and core.end - num_start == 1
        and lower(doc[last_num]) in ex["never_alone"]
        and core.unit not in set(rules.spec["duration_units"].values())
        and not (parsed and _in_a_list_of_counts(doc[last_num]))
    ):
        return True
    return False


def _in_a_list_of_counts(tok: Token) -> bool:
    """A numeral counting a noun coordinated with a noun another numeral counts ("12 camps and one
    temporary base"): one item of a list of counts, so a count itself."""
    if tok.dep_ != "nummod" or tok.head.pos_ not in ("NOUN", "PROPN"):
        return False
    noun = tok.head
    partners = [c for c in noun.children if c.dep_ == "conj"] + ([noun.head] if noun.dep_ == "conj" else [])
    return any(any(k.dep_ == "nummod" and k.like_num and k != tok for k in p.children) for p in partners)


def qualify(doc: Doc, core: NumberCore, rules: Rules) -> tuple[int, str, str, str]:
    """The qualifier written just before the number: (new start, qualifier, words as written, rule id)."""
    for words, qualifier, rule_id in rules.qualifiers:
        if ends_with_words(doc, core.start, words):
            start = core.start - len(words)
            if core.rule_id == "n_range":  # "some 2,000-3,000": the range gives the interval
                return start, "range", doc[start : core.start].text, "n_range"
            return start, qualifier, doc[start : core.start].text, rule_id
    if core.vague is not None:
        return core.start, "vague", "", core.vague["id"]
    if core.rule_id == "n_range":
        return core.start, "range", "", "n_range"
    return core.start, "exact", "", ""


def match_number(doc: Doc, i: int, rules: Rules, vote_context: bool = False) -> NumberCore | None:
    """The number expression starting at token ``i``, tried in order: a vote tally (only where the
    sentence speaks of a vote), a range, a vague amount, a fraction, "a decade"-style durations, a numeral."""
    return (
        (_match_vote(doc, i, rules) if vote_context else None)
        or _match_phone(doc, i, rules)
        or _match_range(doc, i, rules)
        or _match_spelled_range(doc, i, rules)
        or _match_vague(doc, i, rules)
        or _match_fraction(doc, i, rules)
        or _match_ratio(doc, i, rules)
        or _match_article_duration(doc, i, rules)
        or _match_times(doc, i, rules)
        or _match_numeral(doc, i, rules)
    )
