"""Rule entries that fire too broadly on a corpus: warn with the count, fail above a limit.

A lexicon entry, frame pattern or qualifier that fires in most sentences ("the" as a stance cue, a
frame pattern matching any token) has stopped measuring anything: it inflates every count built on
it without an error. After a build, each *entry* (a cue, pattern or rule id of an editable data
file, never a structural method such as "speech verb") is counted by the number of distinct body
sentences it fired in; above :data:`WARN_SHARE` of the corpus's body sentences a warning names the
entry, the count and the file; above :data:`FAIL_SHARE` the build stops. Entries firing in fewer
than :data:`MIN_SENTENCES` sentences are never flagged, so a small corpus cannot trip the check.

Counts add up over chunks of documents (a sentence belongs to one document), so the check works
the same on a streamed build.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Mapping

import pandas as pd

from minusma_lib.core.errors import ConfigError
from minusma_lib.corpus.cleaning import BODY_KINDS

# A rule entry firing in more than this share of the body sentences is reported (warning) ...
WARN_SHARE = 0.15
# ... and in more than this share stops the build.
FAIL_SHARE = 0.5
# Entries firing in fewer sentences than this are never flagged.
MIN_SENTENCES = 25

# (table, column, data file the entries come from). Columns may hold several entries (";"-separated).
ENTRY_COLUMNS = (
    ("quotes", "cue", "data/lexicons/speech_verbs.yaml"),
    ("frames", "pattern_ids", "data/lexicons/frames.yaml"),
    ("stance_statements", "cue_ids", "data/lexicons/stance_cues.yaml"),
    ("quantities", "qualifier_rule_id", "data/quantities/rules.yaml"),
    ("quantities", "measure_rule_id", "data/quantities/rules.yaml"),
    ("quantities", "attribution_rule_id", "data/quantities/rules.yaml"),
    ("polls", "direction_cue", "data/polls/polls.yaml"),
)
# Fallback entries that by definition cover whatever no specific rule took; not a pattern to narrow.
FALLBACK_ENTRIES = frozenset({"m_other"})


class BroadRuleWarning(UserWarning):
    """A rule entry fires in a large share of the corpus's sentences."""


def entry_counts(tables: Mapping[str, pd.DataFrame]) -> Counter:
    """Distinct body sentences each entry fired in: ``{(table, column, entry): n}``."""
    counts: Counter = Counter()
    for table, column, _ in ENTRY_COLUMNS:
        df = tables.get(table)
        if df is None or df.empty or column not in df or "sent_id" not in df:
            continue
        pairs = {
            (sent, entry.strip())
            for sent, cell in zip(df["sent_id"], df[column], strict=True)
            if isinstance(cell, str)
            for entry in re.split(r";", cell)
            if entry.strip() and entry.strip() not in FALLBACK_ENTRIES
        }
        counts.update((table, column, entry) for _, entry in pairs)
    return counts


def body_sentences(sentences: pd.DataFrame) -> int:
    """How many body sentences (paragraphs, list items, quotes) a sentences table holds."""
    return int(sentences["block_kind"].isin(BODY_KINDS).sum())


# Stance cue ids starting "g_" are words of VADER's published lexicon admitted by the word-class
# rules of stance_general.yaml (minusma_lib/extract/stance_general.py); they are counted like any entry.
GENERAL_CUE_SOURCE = "VADER lexicon word admitted by data/lexicons/stance_general.yaml"


def entry_source(table: str, column: str, entry: str) -> str:
    """The file (or published resource) an entry comes from, for the message that names it."""
    if table == "stance_statements" and entry.startswith("g_"):
        return GENERAL_CUE_SOURCE
    return {(t, c): f for t, c, f in ENTRY_COLUMNS}[table, column]


def check_breadth(counts: Counter, n_sentences: int) -> list[str]:
    """Warn about every entry over :data:`WARN_SHARE`; raise :class:`ConfigError` listing every entry
    over :data:`FAIL_SHARE`. Returns the warning messages."""
    messages, failures = [], []
    for (table, column, entry), n in sorted(counts.items()):
        share = n / n_sentences if n_sentences else 0.0
        if n < MIN_SENTENCES or share <= WARN_SHARE:
            continue
        text = (
            f"{entry_source(table, column, entry)}: entry {entry!r} ({table}.{column}) fired in {n} of {n_sentences} "
            f"body sentences ({share:.0%})"
        )
        if share > FAIL_SHARE:
            failures.append(text)
        else:
            messages.append(text)
            warnings.warn(f"{text}; check it is not matching ordinary words.", BroadRuleWarning, stacklevel=2)
    if failures:
        raise ConfigError(
            "; ".join(failures)
            + f". A rule entry firing in more than {FAIL_SHARE:.0%} of the sentences matches ordinary words "
            "(a stop word, or a pattern that constrains nothing); narrow or remove it."
        )
    return messages
