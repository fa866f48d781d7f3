"""Quotes and speakers: who is given a voice, and where reported speech begins and ends.

A rule-based extractor in the style of the SFU Gender Gap Tracker, run on the spaCy parse of the
clean text. The cues and known speakers are data (``data/lexicons/speech_verbs.yaml``). Rules, in
the order they run (``rule`` column of ``quotes.csv``):

- ``quote_marks``: a pair of quote marks whose words hang (through the dependency tree) from a speech
  verb outside the marks: "Diop declared that “…”", "“…,” he said", "demand "the immediate withdrawal"".
- ``colon``: quote marks opened right after a colon that ends a clause with a speech verb
  ("declared:", "said on 17 may 2022:") = a block quote, even across paragraphs.
- ``carry_over``: quote marks that open a sentence with no speech verb continue the previous quote
  of the same or the previous paragraph ("“Against this background …”" after "said Diop"); a quoted
  line of its own without a closing stop (a crosshead) continues no one.
- ``action_beat``: quote marks that fill a sentence with no speech verb, right after a sentence of the
  same paragraph whose subject is a person ("Kountao shrugs. “…”"), are that person's words.
- ``citation``: a long quoted passage (more than ``scare_max_words`` words) with no speech verb is a
  citation of the nearest source named before it in the sentence ("its original mandate" → Council).
- ``scare``: a short quoted phrase with no speech verb is a scare quote: author's voice, no speaker.
- ``verb``: a speech verb with its content frame (clause, infinitive, object, "for"/"of" phrase…) and
  its speaker (subject, "by" agent, the subject of the governing clause for participles, or
  ``unattributed`` for agentless passives like "is seen as", "it is estimated that").
- ``noun``: a speech-act noun with both a known source and content ("France's request for …").
- ``according_to``: "According to X, …", and "In her words, …" / "in the words of X, …" / "in his
  view, …" (the viewpoint nouns of the lexicon).
- ``colon_list``: list items after a colon-ended sentence that attributes them ("concerns … can be
  summarised as:").
- ``continuation``: an unquoted sentence between two quotes of one speaker in one paragraph.
- ``interview``: an answer line ("A: ...") of a question-and-answer text, given to the person the
  article quotes most.
- ``colon_intro``: quoted words after a colon that closes a clause about a person, with no speech verb
  ("X was categorical: "...""), given to that person.
- ``inside_reported``: quoted words inside someone's reported words that no speech verb governs (a
  parenthetical report), given to that speaker instead of being scare quotes.
- ``transcript``: a line of a transcript or printed interview labelled with the name of a person the
  article names ("COL. X Y: ...", "Y: ..."), given to that person.

Speakers are resolved by :mod:`minusma_lib.extract.speakers`; the rules live in
:mod:`minusma_lib.extract.quote_rules` and the helpers they share in :mod:`minusma_lib.extract.quote_scan`.
This module runs them on one text (:func:`extract`) and writes the rows of ``quotes.csv``.
"""

from __future__ import annotations

import pandas as pd

from minusma_lib.extract.quote_parts import Quote
from minusma_lib.extract.quote_rules import run
from minusma_lib.extract.quote_scan import start_scan
from minusma_lib.extract.speakers import Context, context_from_text
from minusma_lib.extract.speech_lexicon import Lexicon, load_lexicon


def extract(ctx: Context, lex: Lexicon | None = None) -> list[Quote]:
    """Every quote in a parsed text (clean offsets), the rules run in the order listed above."""
    return run(start_scan(ctx, lex or load_lexicon()))


QUOTE_COLUMNS = [
    "quote_id",
    "doc_id",
    "sent_id",
    "start",
    "end",
    "text",
    "kind",
    "speaker",
    "speaker_role",
    "speaker_category",
    "speaker_mention",
    "speaker_mention_start",
    "speaker_mention_end",
    "cue",
    "cue_start",
    "cue_end",
    "rule",
    "speaker_rule",
]


# offset columns that are empty when there is no speaker mention or no cue
OPTIONAL_OFFSETS = ("speaker_mention_start", "speaker_mention_end", "cue_start", "cue_end")


def quotes_in_text(text: str) -> pd.DataFrame:
    """Quotes of a plain English text (offsets into ``text``): for tests and quick checks."""
    ctx = context_from_text(text)
    _, rows = document_quotes(ctx, text, lambda a, b: (a, b))
    return quotes_frame(rows)


def quote_id(doc_id: str, n: int) -> str:
    """``<doc_id>-qtNNN`` (quantities.csv uses ``-qNNN`` for claims)."""
    return f"{doc_id}-qt{n:03d}"


def quote_row(ctx: Context, q: Quote, raw: str, start: int, end: int, to_raw) -> dict:
    """One row of quotes.csv; every span (content, speaker mention, cue) in raw offsets."""
    sent = ctx.sentence_of(q.start)
    ms = me = cs = ce = None
    if q.resolved is not None and q.resolved.mention_end > q.resolved.mention_start and q.kind != "scare":
        ms, me = to_raw(q.resolved.mention_start, q.resolved.mention_end)
    if q.cue_end > q.cue_start >= 0:
        cs, ce = to_raw(q.cue_start, q.cue_end)
    return {
        "quote_id": "",
        "doc_id": ctx.doc_id,
        "sent_id": sent.sent_id if sent else "",
        "start": start,
        "end": end,
        "text": raw[start:end],
        "kind": q.kind,
        "speaker": q.speaker,
        "speaker_role": q.role,
        "speaker_category": q.category,
        "speaker_mention": raw[ms:me] if ms is not None else "",
        "speaker_mention_start": ms,
        "speaker_mention_end": me,
        "cue": raw[cs:ce] if cs is not None else "",
        "cue_start": cs,
        "cue_end": ce,
        "rule": q.rule,
        "speaker_rule": q.speaker_rule,
    }


def document_quotes(
    ctx: Context, raw: str, to_raw, lex: Lexicon | None = None
) -> tuple[list[Quote], list[dict]]:
    """The quotes of one document and their rows of quotes.csv (raw offsets, ids in text order).

    ``to_raw(a, b)`` maps clean offsets to raw ones; a quote whose content maps to an empty raw span
    is left out. The one place quotes.csv rows are made (``stance.processed_tables`` calls it)."""
    kept, rows = [], []
    for q in extract(ctx, lex):
        a, b = to_raw(q.start, q.end)
        if a == b:
            continue
        kept.append(q)
        row = quote_row(ctx, q, raw, a, b, to_raw)
        row["quote_id"] = quote_id(ctx.doc_id, len(kept))
        rows.append(row)
    return kept, rows


def quotes_frame(rows: list[dict]) -> pd.DataFrame:
    """quotes.csv as a table: optional offsets as nullable integers (written as empty cells)."""
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS).astype({c: "Int64" for c in OPTIONAL_OFFSETS})
