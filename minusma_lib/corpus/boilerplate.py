"""General boilerplate detection: rules that hold for any web page, wire story or news site.

Rules are data (``data/cleaning/general.yaml``); each has an ``id``, a ``category``, a ``pattern`` and a
``why`` that names the general convention it encodes (never a particular document). :func:`detect` is
pure: raw text and loaded rules in, spans with raw offsets out (``raw[start:end]`` is the removed text).

Scopes (``scope``, default ``line``):

- ``line``: the pattern must match a whole line (leading/trailing blanks ignored); the line goes.
- ``line_start``: the pattern matches at the start of a line that goes on with other text; only the
  match goes (a date glued to a paragraph, "2023-06-30Mali's ...").
- ``inline``: every match inside a line goes (a bracketed "[...]" or "(Photo: ...)").
- ``last_line``: as ``line``, but only for the last non-blank line of the text (a trailing lone "...").
- ``tail``: as ``line``, but only for the last TAIL_LINES non-blank lines (an author's bio closes an
  opinion piece, possibly followed by a widget or a credit line).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from minusma_lib.core.config import TimedPattern, check_keys, compile_regex, load_yaml
from minusma_lib.core.errors import ConfigError

SCOPES = ("line", "line_start", "inline", "last_line", "tail")
TAIL_LINES = 3  # an author bio is the last paragraph, at most followed by a widget and a credit line
GENERAL_CATEGORIES = (
    "photo_credit",
    "teaser",
    "widget",
    "wire_credit",
    "translator_credit",
    "date_stamp",
    "truncation",
    "author_bio",
)
RULE_REQUIRED = ("id", "category", "pattern", "why")
RULE_OPTIONAL = ("scope",)


@dataclass(frozen=True)
class GeneralRule:
    id: str
    category: str
    pattern: TimedPattern
    why: str
    scope: str = "line"


@dataclass(frozen=True)
class Span:
    """A removed stretch of raw text: ``raw[start:end]``, the rule that removed it and why."""

    start: int
    end: int
    rule_id: str
    category: str
    why: str


def load_general_rules(path: Path) -> list[GeneralRule]:
    """Read and check a general rules file: ``version`` and ``rules`` (a list of rule mappings)."""
    path = Path(path)
    data = check_keys(load_yaml(path), path, "top level", required=("version", "rules"))
    if not isinstance(data["rules"], list):
        raise ConfigError(f"{path}: rules: expected a list of rules, found {type(data['rules']).__name__}.")
    out: list[GeneralRule] = []
    seen: set[str] = set()
    for n, spec in enumerate(data["rules"], 1):
        where = f"rule {spec.get('id', n) if isinstance(spec, dict) else n}"
        check_keys(spec, path, where, required=RULE_REQUIRED, optional=RULE_OPTIONAL)
        if spec["id"] in seen:
            raise ConfigError(f"{path}: {where}: id used twice; give each rule its own id.")
        seen.add(spec["id"])
        if spec["category"] not in GENERAL_CATEGORIES:
            raise ConfigError(
                f"{path}: {where}: category {spec['category']!r}; use one of {', '.join(GENERAL_CATEGORIES)}."
            )
        scope = spec.get("scope", "line")
        if scope not in SCOPES:
            raise ConfigError(f"{path}: {where}: scope {scope!r}; use one of {', '.join(SCOPES)}.")
        if not str(spec["why"]).strip():
            raise ConfigError(f"{path}: {where}: 'why' is empty; say which general convention it encodes.")
        pattern = compile_regex(spec["pattern"], path, where)
        out.append(GeneralRule(spec["id"], spec["category"], pattern, str(spec["why"]).strip(), scope))
    return out


def _lines(raw: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line's content, leading/trailing blanks (and a BOM) left out."""
    out, pos = [], 0
    for line in raw.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        s, e = pos, pos + len(content)
        while s < e and (raw[s].isspace() or raw[s] == "\ufeff"):
            s += 1
        while e > s and raw[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
        pos += len(line)
    return out


def _span(rule: GeneralRule, start: int, end: int) -> Span:
    return Span(start, end, rule.id, rule.category, rule.why)


def _line_spans(
    raw: str, s: int, e: int, rules: list[GeneralRule], last: bool, tail: bool = False
) -> list[Span]:
    """The spans one rule set removes from one line: a whole-line rule wins; else prefix and inline."""
    text = raw[s:e]
    whole = {"line"} | ({"last_line"} if last else set()) | ({"tail"} if tail else set())
    for r in rules:
        if r.scope in whole and r.pattern.fullmatch(text):
            return [_span(r, s, e)]
    out: list[Span] = []
    taken = 0
    for r in rules:
        if r.scope == "line_start" and not out:
            m = r.pattern.match(text)
            if m and 0 < m.end() < len(text):
                out.append(_span(r, s, s + m.end()))
                taken = m.end()
    for r in rules:
        if r.scope != "inline":
            continue
        for m in r.pattern.finditer(text):
            if m.end() > m.start() and m.start() >= taken:
                if not any(sp.start < s + m.end() and s + m.start() < sp.end for sp in out):
                    out.append(_span(r, s + m.start(), s + m.end()))
    return sorted(out, key=lambda sp: (sp.start, sp.end))


def detect(raw_text: str, rules: list[GeneralRule]) -> list[Span]:
    """Every span of ``raw_text`` the general rules remove, in order, non-overlapping, raw offsets."""
    lines = _lines(raw_text)
    out: list[Span] = []
    for k, (s, e) in enumerate(lines):
        out += _line_spans(raw_text, s, e, rules, last=k == len(lines) - 1, tail=k >= len(lines) - TAIL_LINES)
    return out
