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
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Span, Token

from minusma_lib.core.errors import ConfigError
from minusma_lib.corpus.annotate import AnnotatedCorpus, load_nlp, raw_span
from minusma_lib.corpus.cleaning import BLOCK_SEPARATOR, BODY_KINDS
from minusma_lib.extract.claim_sources import Evidence, attribution, evidence
from minusma_lib.extract.numbers import NumberCore, excluded, lower, match_number, match_words, qualify
from minusma_lib.extract.quantity_rules import Rules, clean_float, interval, load_rules, rules_path

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


# Evidence columns of a claim: offsets prefix -> text column (``raw[<prefix>_start:<prefix>_end]``).
EVIDENCE_COLUMNS = {"qualifier": "qualifier_text", "noun": "noun", "attribution": "attribution"}

OFFSET_COLUMNS = tuple(f"{name}_{end}" for name in EVIDENCE_COLUMNS for end in ("start", "end"))


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
        and lower(doc[right]) in ("and", "or")
        and doc[right + 1].dep_ == "conj"
        and doc[right + 1].head.i == head.i
    ):
        right += 2
    return evidence(doc, left, right), right


def _noun(
    doc: Doc, core: NumberCore, span_start: int, rules: Rules, parsed: bool
) -> tuple[Evidence | None, str]:
    """The counted noun (with its offsets) and noun phrase of a count, percent or adjectival duration."""
    end = core.end
    is_duration = core.unit in set(rules.spec["duration_units"].values())
    money = set(rules.spec["currency_before"].values()) | set(rules.spec["currency_after"].values())
    if core.unit in money:
        return None, ""
    if core.rule_id == "n_vote_zero":
        return _votes_named_after(doc, core, span_start, rules)
    if not is_duration and end + 1 < len(doc) and lower(doc[end]) == "of":
        return _noun_after_of(doc, end, span_start, parsed)
    if parsed:
        return _noun_from_parse(doc, core, span_start, is_duration)
    if is_duration:
        return None, ""
    words = []
    for t in doc[end : min(end + 3, len(doc))]:
        if not t.is_alpha or t.is_stop:
            break
        words.append(t)
    if words:
        return evidence(doc, words[0].i, words[-1].i + 1), doc[span_start : words[-1].i + 1].text
    return None, ""


def _votes_named_after(
    doc: Doc, core: NumberCore, span_start: int, rules: Rules
) -> tuple[Evidence | None, str]:
    """The votes a zero count counts ("none against", "no abstentions"): the words after it."""
    for words in sorted((w.split() for w in rules.spec["vote_zero"]["followed_by"]), key=len, reverse=True):
        if match_words(doc, core.end, tuple(words)):
            right = core.end + len(words)
            return evidence(doc, core.end, right), doc[span_start:right].text
    return None, ""


def _noun_after_of(doc: Doc, end: int, span_start: int, parsed: bool) -> tuple[Evidence | None, str]:
    """ "hundreds of civilians": the object of "of", or the first content word after it."""
    pobj = [c for c in doc[end].children if c.dep_ == "pobj"] if parsed else []
    if pobj:
        noun, right = _compose(doc, pobj[0], end + 1)
        return noun, doc[span_start:right].text
    j = end + 1
    while j < len(doc) and (doc[j].is_stop or doc[j].pos_ in ("DET", "ADJ")) and j < end + 4:
        j += 1
    if j < len(doc) and doc[j].is_alpha:
        return evidence(doc, j, j + 1), doc[span_start : j + 1].text
    return None, ""


def _noun_from_parse(
    doc: Doc, core: NumberCore, span_start: int, is_duration: bool
) -> tuple[Evidence | None, str]:
    """The noun the number modifies in the dependency parse (within six tokens after it)."""
    end = core.end
    anchor = doc[core.anchor] if 0 <= core.anchor < len(doc) else doc[end - 1]
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
                return evidence(doc, t.i, t.i + 1), doc[span_start : t.i + 1].text
            if t.pos_ not in ("ADJ", "NOUN", "PROPN"):
                break
    return _subject_of_amount_verb(doc, anchor)


# Verbs whose object or complement states an amount of their subject ("deaths reached 4,700", "the
# force stood at 11,400", "the budget totalled $1.2 billion"): a closed class of English verbs of
# measure and change.
AMOUNT_VERBS = frozenset(
    {
        "reach",
        "stand",
        "total",
        "number",
        "amount",
        "rise",
        "climb",
        "fall",
        "drop",
        "grow",
        "increase",
        "decrease",
        "exceed",
        "top",
        "hit",
    }
)


def _subject_of_amount_verb(doc: Doc, anchor: Token) -> tuple[Evidence | None, str]:
    """The counted noun of a number that is the object of a verb of measure: the verb's subject."""
    tok = anchor
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":  # "stood at 11,400", "rose to 4,700"
        tok = tok.head
    verb = tok.head
    if tok.dep_ not in ("dobj", "attr", "prep", "npadvmod") or verb.lemma_.lower() not in AMOUNT_VERBS:
        return None, ""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in NOUN_POS]
    if not subj:
        return None, ""
    noun, right = _compose(doc, subj[0], subj[0].left_edge.i)
    return noun, doc[subj[0].left_edge.i : right].text


def _governor(doc: Doc, noun_ev: Evidence | None, core: NumberCore) -> str:
    """Lemmas of the verbs that say what happens to the counted things: the verb the noun (or, without
    a noun, the number) depends on, and participles or relative clauses on the noun ("personnel
    killed", "peacekeepers who died", "must be sent home" -> "send")."""
    span = doc.char_span(noun_ev.start, noun_ev.end) if noun_ev else None
    tok = span.root if span is not None else doc[core.anchor if 0 <= core.anchor < len(doc) else core.end - 1]
    verbs = [c for c in tok.children if c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX")]
    head = tok.head
    # climb prepositions, and the number itself in a partitive ("300 of its personnel died")
    while (
        head.dep_ in ("prep", "pobj", "conj") or core.start <= head.i < core.end
    ) and head.head.i != head.i:
        head = head.head
    if head.pos_ in ("VERB", "AUX") and head.i != tok.i:
        verbs.append(head)
    return " ".join(v.lemma_.lower() for v in verbs)


def _unit_of_noun(noun: str, rules: Rules) -> str:
    if not noun:
        return rules.spec["unit_no_noun"]
    last = noun.split()[-1].lower()
    forms = {last, last.rstrip("s"), re.sub(r"ies$", "y", last), re.sub(r"ies$", "ie", last)}
    if last.endswith("men"):
        forms.add(last[:-3] + "man")
    for unit, nouns in rules.spec["noun_units"].items():
        if forms & set(nouns) or noun.lower() in nouns:
            return unit
    return rules.spec["unit_unknown_noun"]


def _measure(
    rules: Rules,
    *,
    unit: str,
    noun: str,
    phrase: str,
    sentence: str,
    paragraph: str,
    window: str,
    value: float,
    qualifier: str,
    governor: str = "",
) -> tuple[str, str, str]:
    """(measure, scope, rule id) from the first measure rule whose conditions all hold."""
    for rule in rules.measure_rules:
        if "unit" in rule and unit not in rule["unit"]:
            continue
        if "reference_values" in rule and (
            qualifier not in ("exact", "up_to") or value not in rule["reference_values"]
        ):
            continue
        checks = (
            ("noun", noun),
            ("phrase", phrase),
            ("sentence", sentence),
            ("paragraph", paragraph),
            ("window", window),
            ("governor", governor),
        )
        if any(key in rule and not rule[key].search(text) for key, text in checks):
            continue
        if "not_noun" in rule and rule["not_noun"].search(noun):
            continue
        if "not_phrase" in rule and rule["not_phrase"].search(phrase):
            continue
        if "not_sentence" in rule and rule["not_sentence"].search(sentence):
            continue
        if "not_governor" in rule and rule["not_governor"].search(governor):
            continue
        scope = rule.get("scope", "")
        if isinstance(scope, list):
            scope = next((label for pat, label in scope if pat is None or pat.search(sentence)), "")
        return rule["measure"], scope, rule["id"]
    return "other", "", ""


def extract(doc: Doc, rules: Rules | None = None) -> list[Claim]:
    """Every numeric claim in ``doc``, in text order (offsets into ``doc.text``).

    Dates, years, resolution numbers, ordinals and "one" as a pronoun are left out. Works on any
    spaCy Doc; a parsed Doc (tagger, parser, NER) also gives the counted noun and attribution.
    """
    rules = rules or load_rules()
    if len(doc) == 0:
        return []
    blocks = _blocks(doc)
    parsed = doc.has_annotation("DEP")  # computed once: it scans every token
    out: list[Claim] = []
    according: dict[int, Evidence | None] = {}
    for u_start, u_end in _units(doc, blocks):
        sent = doc[u_start:u_end]
        sent_text = sent.text
        has_vote = bool(rules.vote_words.search(sent_text))
        i = u_start
        while i < u_end:
            tok = doc[i]
            if tok.is_space or (tok.is_punct and tok.text not in ("$", "€", "£")):
                i += 1
                continue
            core = match_number(doc, i, rules, vote_context=has_vote)
            if core is None:
                i += 1
                continue
            if not excluded(doc, core, rules, parsed):
                out.append(_claim(doc, core, sent, sent_text, blocks, rules, parsed, according))
            i = max(core.end, i + 1)
    return out


def _claim(
    doc: Doc,
    core: NumberCore,
    sent: Span,
    sent_text: str,
    blocks: list[tuple[int, int, str]],
    rules: Rules,
    parsed: bool,
    according: dict[int, Evidence | None],
) -> Claim:
    """A recognised number with its qualifier, interval, noun, measure and attribution."""
    start, qualifier, qualifier_text, qualifier_rule = qualify(doc, core, rules)
    span = doc[start : core.end]
    qual = evidence(doc, start, core.start) if qualifier_text else None
    noun_ev, phrase = _noun(doc, core, start, rules, parsed)
    noun = noun_ev.text if noun_ev else ""
    unit = "votes" if core.rule_id == "n_vote" else core.unit or _unit_of_noun(noun, rules)
    value = clean_float(core.value)
    if qualifier in ("vague", "range"):
        lo, hi = interval(value, qualifier, rules.tolerances, core.low, core.high)
    else:
        lo, hi = interval(value, qualifier, rules.tolerances)
    bi = next((k for k, (a, b, _) in enumerate(blocks) if a <= span.start_char <= b), 0)
    block = blocks[bi]
    paragraph = block[2]
    window = (blocks[bi - 1][2] + "\n" if bi > 0 else "") + paragraph
    measure, scope, measure_rule = _measure(
        rules,
        unit=unit,
        noun=noun,
        phrase=phrase,
        sentence=sent_text,
        paragraph=paragraph,
        window=window,
        value=value,
        qualifier=qualifier,
        governor=_governor(doc, noun_ev, core) if parsed else "",
    )
    anchor = doc[core.anchor if 0 <= core.anchor < len(doc) else core.end - 1]
    att, attribution_rule = attribution(doc, anchor, sent, block, rules, parsed, according)
    return Claim(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        value=value,
        value_low=lo,
        value_high=hi,
        bounds=rules.spec["bounds"].get(qualifier, "[]"),
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
        precision=clean_float(core.precision),
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


def claims_table(ac: AnnotatedCorpus, sentences: pd.DataFrame, rules: Rules | None = None) -> pd.DataFrame:
    """Claims in the body sentences of the corpus, with raw-file offsets and sentence ids.

    ``raw[start:end] == text`` for every row, and likewise for the qualifier, counted noun and
    attribution (``qualifier_start``/``qualifier_end`` and so on, empty when there is none); claims in
    titles and headings are left out. In a document listed under ``attribution.document_voice`` every
    claim outside the interviewer's prompts is attributed to that voice (rule ``a_document_voice``),
    with the offsets of the first place the raw file names it.
    """
    rules = rules or load_rules()
    voices = rules.spec["attribution"].get("document_voice") or {}
    rows = []
    # Sentence rows per document, in table order, read once (not one table filter per claim).
    by_doc: dict[str, list[dict]] = {}
    for r in sentences[["doc_id", "sent_id", "start", "end", "block_kind"]].to_dict("records"):
        by_doc.setdefault(r["doc_id"], []).append(r)
    for ad in ac:
        raw = ad.clean.doc.raw
        offsets = ad.clean.offset_map()
        sents = by_doc.get(ad.doc_id, [])
        voice = _voice_evidence(raw, voices[ad.doc_id], ad.doc_id) if ad.doc_id in voices else None
        n = 0
        for c in extract(ad.doc, rules.for_source_language(ad.clean.doc.meta.get("translated_from", ""))):
            start, end = raw_span(ad.clean, c.start, c.end, offsets)
            s = next((r for r in sents if r["start"] <= start and r["end"] >= end), None)
            if s is None or s["block_kind"] not in BODY_KINDS:
                continue
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
