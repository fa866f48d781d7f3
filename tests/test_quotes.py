"""Quotes and speakers: offsets exact, speakers recalled against the hand coding, rules on constructed text."""

from __future__ import annotations

import pandas as pd
import pytest

from minusma_lib import quotes
from minusma_lib.core import tables
from minusma_lib.core.errors import CorpusError
from minusma_lib.core.paths import processed_dir


@pytest.fixture(scope="module")
def found() -> pd.DataFrame:
    return tables.load("quotes")


def test_offsets_index_the_raw_seed_and_the_sentence(found, raws):
    sents = tables.load("sentences").set_index("sent_id")
    assert len(found)
    for r in found.itertuples():
        raw = raws[r.doc_id]
        assert raw[r.start : r.end] == r.text, r.quote_id
        s = sents.loc[r.sent_id]
        assert s["doc_id"] == r.doc_id and s["start"] <= r.start < s["end"], r.quote_id
        for col in ("speaker_mention", "cue"):
            text, a, b = getattr(r, col), getattr(r, f"{col}_start"), getattr(r, f"{col}_end")
            if pd.isna(text) or text == "":
                assert pd.isna(a) and pd.isna(b), (r.quote_id, col)
            else:
                assert raw[int(a) : int(b)] == text, (r.quote_id, col)
    assert found["cue"].notna().sum() > 0 and found["speaker_mention"].notna().sum() > 0


def test_offsets_are_integers_in_the_csv():
    """Optional offsets are written as integers or empty cells, never as floats ("123.0")."""
    df = pd.read_csv(processed_dir() / "quotes.csv", dtype=str, keep_default_na=False)
    for c in quotes.OPTIONAL_OFFSETS:
        assert df[c].str.fullmatch(r"\d*").all(), c


def test_values_are_from_the_documented_sets(found):
    assert set(found["kind"]) <= set(quotes.KINDS)
    assert set(found["speaker_category"]) <= set(quotes.CATEGORIES)
    assert found["quote_id"].is_unique
    # quote ids cannot be confused with the claim ids of quantities.csv (<doc>-qNNN)
    assert found.apply(lambda r: r["quote_id"].startswith(f"{r['doc_id']}-qt"), axis=1).all()
    assert found["quote_id"].str.fullmatch(r".+-qt\d{3}").all()
    scare = found[found["kind"] == "scare"]
    assert (scare["speaker"] == quotes.UNATTRIBUTED).all() and (
        scare["speaker_mention"].fillna("") == ""
    ).all()


def test_quote_speaker_recall_holds_against_the_hand_coding(found):
    """A hand-coded quote (scare quotes excluded: they have no speaker; 'unattributed' speakers
    included) is recalled when an extracted quote overlaps it with the same canonical speaker."""
    manual = quotes.load_manual()
    _, not_coded = quotes.coverage(manual, tables.load("documents"))
    assert not not_coded, (
        f"no quote hand coding for {', '.join(not_coded)}: code their quotes in {quotes.manual_path()}"
    )
    scores = quotes.quote_scores(found, manual)
    missed = quotes.match_quotes(found, manual)
    assert missed[missed["found_id"] != ""]["found_id"].is_unique  # one to one
    missed = missed[(missed["kind"] != "scare") & ~missed["recalled"]]
    assert scores["recall"] >= quotes.SPEAKER_RECALL_MIN, (
        f"quote-speaker recall {scores['recall']:.3f} < {quotes.SPEAKER_RECALL_MIN}; missed:\n"
        + missed[["quote_id", "speaker", "found_speaker", "text"]].to_string()
    )


def _quote(qid: str, start: int, end: int, speaker: str, kind: str = "indirect") -> dict:
    return {
        "quote_id": qid,
        "doc_id": "d",
        "start": start,
        "end": end,
        "text": "x",
        "kind": kind,
        "speaker": speaker,
        "speaker_category": "un",
    }


def test_an_extracted_quote_is_credited_to_one_manual_quote_only():
    """A manual indirect span and the direct fragment inside it, and one extracted quote covering
    both: one is recalled, not two (one-to-one matching, longest overlap first)."""
    manual = pd.DataFrame([_quote("qt1", 0, 50, "A"), _quote("qt2", 10, 20, "A", "direct")])
    found = pd.DataFrame([_quote("d-qt001", 0, 50, "A")])
    m = quotes.match_quotes(found, manual)
    assert m["recalled"].tolist() == [True, False]
    s = quotes.quote_scores(found, manual)
    assert (s["recall"], s["precision"]) == (0.5, 1.0)
    # with a second extracted quote for the fragment, both are recalled
    found2 = pd.concat([found, pd.DataFrame([_quote("d-qt002", 10, 20, "A", "direct")])], ignore_index=True)
    assert quotes.match_quotes(found2, manual)["recalled"].tolist() == [True, True]
    # equal overlap: the same speaker is preferred
    manual3 = pd.DataFrame([_quote("qt1", 0, 10, "B"), _quote("qt2", 0, 10, "A")])
    m3 = quotes.match_quotes(found.assign(end=10), manual3)
    assert m3["recalled"].tolist() == [False, True]


def test_documents_without_quote_coding_are_not_scored():
    manual = pd.DataFrame([_quote("qt1", 0, 50, "A")])
    found = pd.DataFrame([_quote("d-qt001", 0, 50, "A"), {**_quote("e-qt001", 0, 9, "A"), "doc_id": "e"}])
    s = quotes.quote_scores(found, manual)
    assert (s["n_found"], s["precision"], s["not_coded"]) == (1, 1.0, ["e"])


def test_speech_verbs_keys_are_required_and_checked(tmp_path):
    text = quotes.lexicon_path().read_text(encoding="utf-8")
    with pytest.raises(CorpusError, match=r"top level: unknown key\(s\) quantifier; allowed"):
        quotes.load_lexicon(_write(tmp_path, text.replace("\nquantifiers:", "\nquantifier:")))
    without = "\n".join(line for line in text.split("\n") if not line.startswith("scare_max_words:"))
    with pytest.raises(CorpusError, match=r"top level: missing key\(s\) scare_max_words"):
        quotes.load_lexicon(_write(tmp_path, without))
    with pytest.raises(CorpusError, match=r"verbs\[0\] \(say\): unknown key\(s\) agentless"):
        quotes.load_lexicon(_write(tmp_path, text.replace("agentless_passive: true}", "agentless: true}", 1)))
    with pytest.raises(CorpusError, match=r"speakers\[0\] \(Abdoulaye Diop\): unknown key\(s\) rol"):
        quotes.load_lexicon(
            _write(tmp_path, text.replace("    role: Malian Foreign Minister", "    rol: x", 1))
        )
    quotes.load_lexicon(_write(tmp_path, text))


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


SPEAKER = (
    "speakers:\n  - {canonical: X, role: r, category: un, kind: person, aliases: [X]}\n"
    "unattributed_sources: []\nquantifiers: []\nquantifier_groups: {}\nscare_max_words: 8\n"
)


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
    with pytest.raises(CorpusError, match=r"missing key\(s\) nouns"):
        quotes.load_lexicon(_write(tmp_path, "verbs:\n  - {lemma: say, content: [clause]}\n" + SPEAKER))


def test_an_auxiliary_speech_verb_or_a_stop_word_alias_is_refused(tmp_path):
    """Issue 15: a speech-verb lemma "be" or an alias "the" turned ordinary sentences into quotes."""
    import yaml

    spec = yaml.safe_load(quotes.lexicon_path().read_text(encoding="utf-8"))
    bad_verb = {**spec, "verbs": [*spec["verbs"], {**spec["verbs"][0], "lemma": "be"}]}
    path = tmp_path / "speech_verbs.yaml"
    path.write_text(yaml.safe_dump(bad_verb, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError, match="an auxiliary verb is not a speech verb"):
        quotes.load_lexicon(path)
    first = spec["speakers"][0]
    bad_alias = {
        **spec,
        "speakers": [{**first, "aliases": [*first["aliases"], "the"]}, *spec["speakers"][1:]],
    }
    path.write_text(yaml.safe_dump(bad_alias, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError, match="alias 'the' is only stop words"):
        quotes.load_lexicon(path)


@pytest.mark.parametrize(
    "sentence",
    [
        "Their demand for a quick exit surprised nobody.",
        "Village demand for water grew.",
        "Its request for more troops was denied.",
        "The farmers' demand for peace was loud.",
        "The call by unnamed residents for calm went unheard.",
    ],
)
def test_a_speech_noun_whose_source_names_no_speaker_does_not_crash(sentence):
    """Regression (issue 15): ``nominal`` crashed on ``None`` when the possessive, compound or "by"
    phrase of a speech-act noun resolved to no speaker (seen at 1,000 documents)."""
    found = quotes.quotes_in_text(sentence)
    for q in found.itertuples():
        assert sentence[q.start : q.end] == q.text
