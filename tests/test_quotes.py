"""Quotes and speakers: offsets exact, speakers recalled against the hand coding, rules on constructed text."""

from __future__ import annotations

import pandas as pd
import pytest

from minusma_lib import processed, quotes
from minusma_lib.corpus import CorpusError


@pytest.fixture(scope="module")
def found() -> pd.DataFrame:
    return processed.load("quotes")


def test_offsets_index_the_raw_seed_and_the_sentence(found, raws):
    sents = processed.load("sentences").set_index("sent_id")
    assert len(found)
    for r in found.itertuples():
        assert raws[r.doc_id][r.start : r.end] == r.text, r.quote_id
        s = sents.loc[r.sent_id]
        assert s["doc_id"] == r.doc_id and s["start"] <= r.start < s["end"], r.quote_id


def test_values_are_from_the_documented_sets(found):
    assert set(found["kind"]) <= set(quotes.KINDS)
    assert set(found["speaker_category"]) <= set(quotes.CATEGORIES)
    assert found["quote_id"].is_unique
    scare = found[found["kind"] == "scare"]
    assert (scare["speaker"] == quotes.UNATTRIBUTED).all() and (
        scare["speaker_mention"].fillna("") == ""
    ).all()


def test_quote_speaker_recall_holds_against_the_hand_coding(found):
    """A hand-coded quote (scare quotes excluded: they have no speaker; 'unattributed' speakers
    included) is recalled when an extracted quote overlaps it with the same canonical speaker."""
    manual = quotes.load_manual()
    scores = quotes.quote_scores(found, manual)
    missed = quotes.match_quotes(found, manual)
    missed = missed[(missed["kind"] != "scare") & ~missed["recalled"]]
    assert scores["recall"] >= quotes.SPEAKER_RECALL_MIN, (
        f"quote-speaker recall {scores['recall']:.3f} < {quotes.SPEAKER_RECALL_MIN}; missed:\n"
        + missed[["quote_id", "speaker", "found_speaker", "text"]].to_string()
    )


def _one(df: pd.DataFrame, kind: str | None = None) -> pd.Series:
    rows = df if kind is None else df[df["kind"] == kind]
    assert len(rows) == 1, df[["kind", "speaker", "text"]].to_string()
    return rows.iloc[0]


def test_direct_quote_with_attribution_after_the_closing_mark():
    text = "“MINUSMA has become part of the problem,” Diop said."
    q = _one(quotes.quotes_in_text(text))
    assert (q["kind"], q["speaker"], q["speaker_category"]) == (
        "direct",
        "Abdoulaye Diop",
        "malian_authorities",
    )
    assert q["text"] == "MINUSMA has become part of the problem,"
    assert text[q["start"] : q["end"]] == q["text"]


def test_according_to():
    q = _one(quotes.quotes_in_text("According to MINUSMA, the attacks killed 303 peacekeepers."))
    assert (q["kind"], q["speaker"], q["text"]) == (
        "according_to",
        "MINUSMA",
        "the attacks killed 303 peacekeepers",
    )


def test_pronoun_resolves_to_the_nearest_named_speaker():
    text = "Ambassador Jeffrey DeLaurentis spoke after the vote. “We regret the decision,” he said."
    q = _one(quotes.quotes_in_text(text), "direct")
    assert (q["speaker"], q["speaker_mention"]) == ("Jeffrey DeLaurentis", "he")


def test_indirect_speech_and_colon_block_quote():
    q = _one(
        quotes.quotes_in_text("Alioune Tine cautioned that the departure could create gaps in protection.")
    )
    assert (q["kind"], q["speaker"], q["text"]) == (
        "indirect",
        "Alioune Tine",
        "the departure could create gaps in protection",
    )
    q = _one(quotes.quotes_in_text("KAS expert Laessing said: “The withdrawal would worsen the situation.”"))
    assert (q["kind"], q["speaker"], q["speaker_category"]) == ("block", "Ulf Laessing", "expert_ngo")


def test_scare_quotes_are_told_apart_from_speech():
    q = _one(quotes.quotes_in_text("It will take six months for the final “blue helmets” to depart."))
    assert (q["kind"], q["speaker"], q["text"]) == ("scare", "unattributed", "blue helmets")


def test_agentless_and_hypothetical_passives():
    q = _one(quotes.quotes_in_text("The decision is seen as a severe blow to human rights."))
    assert (q["kind"], q["speaker"]) == ("indirect", "unattributed")
    assert quotes.quotes_in_text("It can be seen as a new option.").empty  # the author's modal hedge
    assert quotes.quotes_in_text("Should Mali demand the withdrawal, the mandate ends.").empty  # hypothetical


def _write(tmp_path, text: str):
    path = tmp_path / "speech_verbs.yaml"
    path.write_text(text, encoding="utf-8")
    return path


SPEAKER = "speakers:\n  - {canonical: X, role: r, category: un, kind: person, aliases: [X]}\n"


def test_lexicon_errors_name_the_entry_and_the_fix(tmp_path):
    with pytest.raises(
        CorpusError, match=r"verbs\[0\] \(say\).*content frame 'speech' is unknown; use clause"
    ):
        quotes.load_lexicon(
            _write(
                tmp_path,
                "verbs:\n  - {lemma: say, content: [speech]}\nnouns: [{lemma: request, preps: [for]}]\n"
                + SPEAKER,
            )
        )
    with pytest.raises(CorpusError, match=r"speakers\[0\] \(X\).*category 'ngo' must be one of"):
        quotes.load_lexicon(
            _write(
                tmp_path,
                "verbs:\n  - {lemma: say, content: [clause]}\nnouns: [{lemma: request, preps: [for]}]\n"
                + SPEAKER.replace("category: un", "category: ngo"),
            )
        )
    with pytest.raises(CorpusError, match=r"`nouns:`"):
        quotes.load_lexicon(_write(tmp_path, "verbs:\n  - {lemma: say, content: [clause]}\n" + SPEAKER))
