"""Numeric claims extracted from text (extract.numbers, extract.quantities, extract.quantity_rules)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
import yaml

from minusma_lib.core import tables
from minusma_lib.core.errors import ConfigError
from minusma_lib.corpus.annotate import load_nlp
from minusma_lib.corpus.cleaning import BODY_KINDS
from minusma_lib.corpus.reference import load_reference, reference_dir
from minusma_lib.extract import quantities as QX
from minusma_lib.extract import quantity_rules as QR

EXTRACTION_RULES = {"n_digits", "n_words", "n_vote", "n_range", "d_article", "d_compound"}


def tol(name: str) -> float:
    return QR.load_rules().tolerances[name]


def one(sentence: str, **expected) -> QX.Claim:
    """The single claim of ``sentence`` (parsed with the project pipeline), checked against ``expected``."""
    claims = QX.extract_text(sentence)
    assert len(claims) == 1, [c.text for c in claims]
    c = claims[0]
    assert sentence[c.start : c.end] == c.text
    for name, col in QX.EVIDENCE_COLUMNS.items():
        a, b, text = getattr(c, f"{name}_start"), getattr(c, f"{name}_end"), getattr(c, col)
        assert (a is None) == (text == ""), (name, a, text)
        if a is not None:
            assert sentence[a:b] == text, (name, sentence[a:b], text)
    for key, want in expected.items():
        got = getattr(c, key)
        if isinstance(want, float):
            assert got == pytest.approx(want), (key, got, want)
        else:
            assert got == want, (key, got, want)
    return c


def test_exact_figure_with_thousands_separator():
    one(
        "MINUSMA had at its disposal a force of 13,289 military personnel.",
        text="13,289",
        value=13289.0,
        qualifier="exact",
        unit="people",
        noun="military personnel",
        measure="authorised_military",
        value_low=13289.0,
        value_high=13289.0,
    )


def test_money_with_trailing_currency_code():
    v = 1.26e9
    one(
        "It had the largest budget of all missions, accounting for roughly 1.26 billion USD.",
        text="roughly 1.26 billion USD",
        value=v,
        unit="USD",
        qualifier="approximately",
        measure="annual_budget",
        value_low=v * (1 - tol("approximately")),
        value_high=v * (1 + tol("approximately")),
    )


def test_money_with_dollar_sign_and_annually_outside_the_span():
    one(
        "The operation was the costliest mission, amounting to $1.2 billion annually.",
        text="$1.2 billion",
        value=1.2e9,
        unit="USD",
        qualifier="exact",
        measure="annual_budget",
        precision=1e8,
    )


def test_per_cent_tagged_money_by_spacy_is_a_percentage():
    one(
        "In February 2022, 45 per cent of the population was satisfied with MINUSMA's work.",
        text="45 per cent",
        value=45.0,
        unit="percent",
        noun="population",
        measure="poll_satisfaction",
    )


def test_percent_with_emphasis_word_stays_exact():
    one(
        "Only 23 percent of urban inhabitants in Mali declared themselves satisfied with MINUSMA.",
        text="Only 23 percent",
        value=23.0,
        qualifier="exact",
        qualifier_text="Only",
        unit="percent",
        noun="urban inhabitants",
        measure="poll_satisfaction",
        scope="urban Mali",
    )


def test_vote_tally():
    one(
        "The French-drafted resolution was adopted by a 15-0 vote.",
        text="15-0",
        value=15.0,
        unit="votes",
        measure="vote_tally",
        rule_id="n_vote",
    )


def test_vague_hundreds_keeps_the_noun_after_of():
    one(
        "The operation, which also includes hundreds of Bundeswehr soldiers, has not been able to react.",
        text="hundreds",
        value=100.0,
        qualifier="vague",
        value_low=100.0,
        value_high=999.0,
        noun="Bundeswehr soldiers",
        measure="national_contingent",
        scope="Germany",
    )


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("The army, with a few hundred Russian instructors, held the town.", "a few hundred", 300.0),
        ("Several thousand containers were moved across the desert.", "Several thousand", 3000.0),
        ("Hundreds of millions of dollars in equipment were written off.", "Hundreds of millions", 1e8),
    ],
)
def test_vague_scale_phrases_are_one_amount(sentence, text, value):
    found = [(c.text, c.value) for c in QX.extract_text(sentence)]
    assert found == [(text, value)]


def test_vague_tens_of_thousands():
    one(
        "Near Gao there are several refugee camps with tens of thousands of people.",
        text="tens of thousands",
        value=10000.0,
        qualifier="vague",
        value_low=10000.0,
        value_high=99999.0,
        noun="people",
        measure="displaced_people",
    )


def test_nearly_is_below_the_value():
    one(
        "The junta tried to stop the report on the massacre of nearly 500 civilians in the town of Moura.",
        text="nearly 500",
        value=500.0,
        qualifier="nearly",
        value_low=500 * (1 - tol("nearly")),
        value_high=500.0,
        bounds="[)",
        noun="civilians",
        measure="moura_deaths",
    )


def test_up_to_and_a_passive_estimate_has_no_source():
    one(
        "It is estimated that up to 2,000 mercenaries from the Russian Wagner Group are active in the country.",
        text="up to 2,000",
        value=2000.0,
        qualifier="up_to",
        value_low=2000 * (1 - tol("up_to")),
        value_high=2000.0,
        noun="mercenaries",
        measure="wagner_personnel",
        attribution="",
    )


def test_according_to_and_cumulative_fatalities():
    one(
        "According to MINUSMA, this has resulted in the loss of 303 peacekeepers.",
        text="303",
        measure="peacekeeper_fatalities",
        scope="cumulative",
        attribution="MINUSMA",
        attribution_rule_id="a_according_to",
    )


def test_claimed_by_a_government():
    one(
        "Russia blocked the request, where Mali claimed to have eliminated 203 jihadist militants.",
        text="203",
        measure="militants_claimed_killed",
        attribution="Mali",
    )


def test_qualifier_word_decides_over_vague_word():
    one(
        "It has a presence in more than a dozen locations across Mali.",
        text="more than a dozen",
        value=12.0,
        qualifier="more_than",
        bounds="(]",
        unit="locations",
    )


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "qualifier"),
    [
        (
            "Over a year after the massacre, the report was published.",
            "Over a year",
            1.0,
            "years",
            "more_than",
        ),
        (
            "They voted to terminate the decade-long peacekeeping mission.",
            "decade-long",
            1.0,
            "decades",
            "exact",
        ),
        ("The mandate should have been extended by another year.", "another year", 1.0, "years", "exact"),
        ("The UK acted less than a week later.", "less than a week", 1.0, "weeks", "less_than"),
        ("The authorities demanded a three-month deadline.", "three-month", 3.0, "months", "exact"),
    ],
)
def test_durations(text, span, value, unit, qualifier):
    one(text, text=span, value=value, unit=unit, qualifier=qualifier, measure="duration")


def test_a_rate_is_not_a_second_claim():
    claims = QX.extract_text("The mission cost $1.2 billion a year.")
    assert [c.text for c in claims] == ["$1.2 billion"]


def test_four_digit_count_of_a_plural_noun_is_not_a_year():
    one("The report in 2021 identified 1880 human rights violations.", text="1880", value=1880.0)


def test_range():
    one(
        "Between 2,000 and 3,000 fighters were deployed.",
        qualifier="range",
        value_low=2000.0,
        value_high=3000.0,
        value=2500.0,
    )


def test_a_qualified_range_keeps_its_endpoints():
    one(
        "Some 2,000-3,000 fighters were deployed.",
        text="Some 2,000-3,000",
        qualifier="range",
        qualifier_text="Some",
        value_low=2000.0,
        value_high=3000.0,
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "The mission has ended and the peacekeepers are leaving Mali.",
        "On 30 June 2023 the Council adopted Resolution 2690 (2023), ending the mission deployed since April 2013.",
        "The 2015 Agreement, the 2012 Tuareg Rebellion and the summer of 2022; on 17 may 2022 and June 30th.",
        "It was one of the deadliest missions. One possibility is a second option instead of one focusing on it.",
        "Several officials, many soldiers and a few months later, after months of combat.",
        "Between 2013 and 2023 the mission grew; 2013-2023 was its decade; its 2022-23 budget was set.",
    ],
)
def test_nothing_to_extract_gives_an_empty_result(text):
    assert QX.extract_text(text) == []


def test_malformed_numbers_do_not_crash_and_give_nothing():
    text = "Reports said 1,2,3 soldiers, 12,34 people, 1..2 troops, 12.5.3 officers and 1,000,00 dollars."
    assert QX.extract_text(text) == []


def test_very_long_input_is_handled_in_linear_time():
    nlp = load_nlp()
    doc = nlp.make_doc("The mission had about 13,289 soldiers. " * 5000)
    claims = QX.extract(doc)
    assert len(claims) == 5000
    assert {(c.value, c.qualifier) for c in claims} == {(13289.0, "approximately")}
    assert QX.extract(nlp.make_doc("No figure at all in this sentence. " * 5000)) == []
    assert QX.extract(nlp.make_doc("x" * 200_000)) == []


def test_a_tokenised_only_doc_works():
    doc = load_nlp().make_doc("It was adopted by a 15-0 vote and includes hundreds of Bundeswehr soldiers.")
    assert [(c.text, c.value) for c in QX.extract(doc)] == [("15-0", 15.0), ("hundreds", 100.0)]


def test_quantities_table_offsets_and_sentences(raws):
    q = tables.load("quantities")
    sents = tables.load("sentences").set_index("sent_id")
    assert len(q)
    for r in q.itertuples():
        assert raws[r.doc_id][r.start : r.end] == r.text, r.claim_id
        s = sents.loc[r.sent_id]
        assert s["doc_id"] == r.doc_id and s["block_kind"] in BODY_KINDS
        assert s["start"] <= r.start and r.end <= s["end"]


def test_evidence_offsets_give_the_text_in_every_row(raws):
    q = tables.load("quantities")
    filled = {col: 0 for col in QX.EVIDENCE_COLUMNS.values()}
    for r in q.to_dict("records"):
        for name, col in QX.EVIDENCE_COLUMNS.items():
            a, b = r[f"{name}_start"], r[f"{name}_end"]
            text = "" if pd.isna(r[col]) else r[col]
            assert pd.isna(a) == pd.isna(b) == (text == ""), (r["claim_id"], name)
            if text:
                assert raws[r["doc_id"]][int(a) : int(b)] == text, (r["claim_id"], name)
                filled[col] += 1
    assert all(filled.values()), filled  # each kind of evidence occurs and was checked


def test_a_carried_over_source_points_to_the_sentence_that_names_it():
    text = (
        "According to the report, the soldiers killed civilians in Moura. "
        "It said that almost 240 victims were identified by name."
    )
    claims = QX.extract_text(text)
    c = next(c for c in claims if c.text == "almost 240")
    assert c.attribution_rule_id == "a_according_to_paragraph"
    assert text[c.attribution_start : c.attribution_end] == c.attribution == "report"
    assert c.attribution_end < c.sent_start


def test_rule_ids_in_the_table_exist_in_the_rules_file():
    spec = QR.load_rules().spec
    q = tables.load("quantities").fillna("")
    assert set(q["rule_id"]) <= EXTRACTION_RULES | {v["id"] for v in spec["vague"]}
    assert set(q["measure_rule_id"]) <= {r["id"] for r in spec["measure_rules"]}
    known_qualifier_rules = (
        {x["id"] for x in spec["qualifiers"]} | {v["id"] for v in spec["vague"]} | {"n_range"}
    )
    assert set(q["qualifier_rule_id"]) - {""} <= known_qualifier_rules
    assert set(q["measure"]) <= set(spec["measures"])


def test_event_figures_copy_their_events_rows():
    events = list(csv.DictReader((reference_dir() / "events.csv").open(encoding="utf-8", newline="")))
    figures = load_reference("event_figures")
    assert len(figures)
    for r in figures.to_dict("records"):
        match = [
            e
            for e in events
            if e["date"] == r["event_date"]
            and e["source_title"] == r["source_title"]
            and e["source_url"] == r["source_url"]
            and r["figure_text"] in e["figures"] + " " + e["event"]
        ]
        assert len(match) == 1, r
        assert r["measure"] in QR.load_rules().spec["measures"]


def test_a_typed_values_list_is_rejected(tmp_path):
    spec = yaml.safe_load(QR.rules_path().read_text(encoding="utf-8"))
    rule = next(r for r in spec["measure_rules"] if r["id"] == "m_ceiling_military")
    rule["values"] = [11200]
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"m_ceiling_military.*unknown key 'values'"):
        QR.load_rules(path)


@pytest.mark.parametrize(
    "text",
    [
        "All must leave by Dec 31.",
        "Troops stay until Sept 30.",
        "The deadline was Aug. 15, 2023 for all of them.",
        "On Tuesday, June 30 the council met.",
        "Until Sept 30, 2023 troops stay.",
    ],
)
def test_calendar_expressions_are_dates_not_claims(text):
    """Issue 11: "by Dec 31", "until Sept 30" became claims with unit people."""
    assert [c.text for c in QX.extract_text(text)] == []


@pytest.mark.parametrize(
    "text", ["It cost 1.5 trillion trillion dollars.", "A sum of 1234567890123456789012345 dollars."]
)
def test_huge_numbers_do_not_crash(text):
    """Issue 15: numbers of 23+ digits raised decimal.InvalidOperation."""
    (claim,) = QX.extract_text(text)
    assert claim.value > 1e23


@pytest.mark.parametrize("bad", ["ten percent", "-0.1"])
def test_tolerances_must_be_non_negative_numbers(tmp_path, bad):
    """Issue 15: a tolerance "ten percent" raised decimal.InvalidOperation; a negative one was accepted."""
    from minusma_lib.core.errors import ConfigError

    text = QR.rules_path().read_text(encoding="utf-8")
    path = tmp_path / "rules.yaml"
    path.write_text(text.replace("  approximately: 0.10", f"  approximately: {bad}", 1), encoding="utf-8")
    with pytest.raises(ConfigError, match="tolerances: approximately is .*non-negative number"):
        QR.load_rules(path)


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("The mission deployed 13.000 soldiers in the north.", "13.000", 13000.0),
        ("Some 1.234.567 people needed aid.", "Some 1.234.567", 1234567.0),
        ("The budget grew by 2,5 percent.", "2,5 percent", 2.5),
    ],
)
def test_a_translation_from_a_comma_decimal_language_keeps_its_separators(sentence, text, value):
    rules = QR.load_rules()
    german = QR.load_rules().for_source_language("de")
    assert german.comma_decimal and not rules.comma_decimal
    claims = QX.extract(load_nlp()(sentence), german)
    assert [(c.text, c.value) for c in claims] == [(text, value)]


def test_an_english_original_reads_a_dot_as_a_decimal_point():
    claims = QX.extract(load_nlp()("The mission deployed 13.000 soldiers in the north."), QR.load_rules())
    assert [(c.text, c.value) for c in claims] == [("13.000", 13.0)]
    assert QR.load_rules().for_source_language("en").comma_decimal is False


def test_comma_decimal_languages_must_be_lower_case_codes(tmp_path):
    src = QR.rules_path().read_text(encoding="utf-8")
    bad = tmp_path / "rules.yaml"
    bad.write_text(src.replace("languages: [de, fr,", "languages: [DE, fr,"), encoding="utf-8")
    with pytest.raises(ConfigError, match="comma_decimal_languages"):
        QR.load_rules(bad)


# --- measure from the counted noun's own verb (issue 11) ---------------------------------------------


def _measure_of(text: str, number: str) -> tuple[str, str]:
    (claim,) = [c for c in QX.extract_text(text) if c.text.endswith(number)]
    return claim.measure, claim.noun


def test_personnel_killed_are_fatalities_not_a_head_count():
    assert _measure_of("Since 2013, more than 310 personnel killed in attacks were honoured.", "310")[0] == (
        "peacekeeper_fatalities"
    )


def test_peacekeepers_who_must_leave_are_not_deaths_even_beside_a_death_word():
    text = "After the deadly ambush, all 11,900 foreign peacekeepers must be sent home by December."
    assert _measure_of(text, "11,900")[0] != "peacekeeper_fatalities"


def test_the_subject_of_a_verb_of_measure_is_the_counted_noun():
    measure, noun = _measure_of("Refugee arrivals in the camp reached about 9,300 in May.", "9,300")
    assert noun.endswith("arrivals")


@pytest.mark.parametrize(
    "text, words, value, qualifier",
    [
        ("The appeal is only about a quarter funded.", "about a quarter", 25, "approximately"),
        ("Support fell by nearly half in four years.", "nearly half", 50, "nearly"),
        ("Roughly two-thirds of the staff are local.", "Roughly two-thirds", 66.67, "approximately"),
        ("One in five households has fled.", "One in five", 20, "exact"),
    ],
)
def test_a_fraction_is_a_share_in_percent(text, words, value, qualifier):
    (claim,) = [c for c in QX.extract_text(text) if c.unit == "percent"]
    assert (claim.text, float(claim.value), claim.qualifier) == (words, value, qualifier)


@pytest.mark.parametrize(
    "text", ["In the first half of 2023, talks stalled.", "The meeting lasted half an hour."]
)
def test_a_fraction_of_a_period_is_not_a_share(text):
    assert not [c for c in QX.extract_text(text) if c.unit == "percent"]


def test_a_fraction_value_outside_a_percentage_is_refused(tmp_path):
    text = QR.rules_path().read_text(encoding="utf-8").replace("value: 33.33}", "value: 333}", 1)
    bad = tmp_path / "rules.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="fractions"):
        QR.load_rules(bad)


def test_zero_votes_in_a_tally_count_and_are_not_votes_in_favour():
    claims = QX.extract_text(
        "The resolution was adopted by 15 votes in favour, none against and no abstentions."
    )
    got = [(c.text, c.value, c.unit, c.measure) for c in claims]
    assert got == [
        ("15", 15.0, "votes", "vote_tally"),
        ("none", 0.0, "votes", "votes_against_or_abstaining"),
        ("no", 0.0, "votes", "votes_against_or_abstaining"),
    ]


def test_no_outside_a_vote_is_not_a_count():
    assert QX.extract_text("There were no abstentions from the debate, and none against the idea.") == []


def test_a_multiplicative_numeral_is_a_count_of_times():
    one("The families had been displaced twice inside the country.", text="twice", value=2.0, unit="times")


@pytest.mark.parametrize("date", ["2023-06-30", "2023-12-31", "2024-1-5"])
def test_an_iso_date_is_not_a_claim(date):
    assert (
        QX.extract_text(f"Planning documents list the final exit date as {date} and name two phases.")[0].text
        == "two"
    )


def test_identifiers_phone_numbers_and_list_numbers_are_not_claims():
    text = (
        "Its tender (reference LT-2024-0093) lists 37 tents. The hotline, +223 20 21 48 66, was busy.\n\n"
        "1. Some 900 vehicles had been moved.\n\n2) Thirteen camps had been closed."
    )
    assert [c.text for c in QX.extract_text(text)] == ["37", "Some 900", "Thirteen"]


@pytest.mark.parametrize(
    "sentence",
    ["The mission cost about $1.2bn a year in its final years.", "More than 180 new arrivals a day crossed."],
)
def test_a_period_after_an_amount_is_a_rate_not_a_duration(sentence):
    assert [c.unit for c in QX.extract_text(sentence)] != [] and all(
        c.unit not in ("years", "days") for c in QX.extract_text(sentence)
    )


def test_a_duration_followed_by_ago_is_a_point_in_time():
    assert [c.text for c in QX.extract_text("Fuel costs 40% more than a year ago.")] == ["40%"]


@pytest.mark.parametrize(
    "sentence, measure",
    [
        ("In ten years, more than 300 of its personnel died in Mali.", "peacekeeper_fatalities"),
        (
            "The mission lost 20 peacekeepers. About 185 of them were killed in hostile acts.",
            "peacekeeper_fatalities",
        ),
        ("An explosion near the convoy wounded at least 17 peacekeepers.", "other"),
        ("The mission has repatriated about 1,100 personnel since June.", "other"),
        ("Thousands of Malian civilians were killed in the same period.", "conflict_deaths"),
        ("Troops and police came from 54 countries.", "contributing_states"),
    ],
)
def test_the_measure_follows_the_counts_own_verb(sentence, measure):
    """Issue 11: the measure is decided from the number's own noun phrase and governing verb."""
    assert QX.extract_text(sentence)[-1].measure == measure


def test_numbered_headings_are_not_claims():
    text = 'Claim 1: "More than 15,000 blue helmets were in Mali." The senator repeated it.'
    assert [c.text for c in QX.extract_text(text)] == ["More than 15,000"]


def test_a_space_groups_thousands_only_in_a_translation_from_a_comma_decimal_language():
    text = "Before, I had 1 200 customers in a good month."
    french = QR.load_rules().for_source_language("fr")
    assert [(c.text, c.value) for c in QX.extract_text(text, french)] == [("1 200", 1200.0)]
    assert [c.text for c in QX.extract_text(text)] != ["1 200"]


def test_a_number_after_no_with_its_period_split_off_is_an_identifier():
    assert [c.text for c in QX.extract_text("Policy Brief No. 14 counts 300 patrols.")] == ["300"]


def test_a_sentence_ending_in_a_label_word_does_not_hide_the_next_count():
    texts = [
        c.text for c in QX.extract_text("The council voted no. 300 peacekeepers will remain until June.")
    ]
    assert any(t.startswith("300") for t in texts)


@pytest.mark.parametrize(
    ("text", "span", "low", "high"),
    [
        (
            "Officials put the cost at between $4 million and $6 million a year.",
            "between $4 million and $6 million",
            4e6,
            6e6,
        ),
        ("Some 2,500 to 3,000 contractors stayed behind.", "Some 2,500 to 3,000", 2500, 3000),
        ("Four or five hundred families fled.", "Four or five hundred", 400, 500),
    ],
)
def test_a_range_with_whole_number_expressions_at_both_ends_is_one_claim(text, span, low, high):
    claims = QX.extract_text(text)
    assert [c.text for c in claims] == [span]
    assert claims[0].qualifier == "range"
    assert float(claims[0].value) == (low + high) / 2


@pytest.mark.parametrize(
    "text",
    ["Prices rose from about 8,000 to 12,000 francs.", "The council voted 13 to 2.", "from 2012 to 2023"],
)
def test_a_change_from_one_figure_to_another_or_a_tally_is_not_a_range(text):
    assert all(c.qualifier != "range" for c in QX.extract_text(text))


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("nearly three in 10 of them", "nearly three in 10", 30.0),
        ("Seven in ten voters agreed.", "Seven in ten", 70.0),
    ],
)
def test_n_in_m_is_one_share_in_percent(text, span, value):
    claims = QX.extract_text(text)
    assert [(c.text, float(c.value), c.unit) for c in claims] == [(span, value, "percent")]


def test_a_number_in_a_year_is_no_share():
    assert all(c.unit != "percent" for c in QX.extract_text("The attacks killed 12 in 2023."))


def test_one_in_a_list_of_counts_is_a_count():
    claims = QX.extract_text("The mission must close 11 camps and one temporary base.")
    assert [(c.text, float(c.value)) for c in claims] == [("11", 11.0), ("one", 1.0)]


def test_one_alone_is_still_no_count():
    assert QX.extract_text("One of the camps and the airport closed.") == []


def test_a_year_after_a_time_preposition_is_a_date_before_a_verb_in_s():
    assert [c.text for c in QX.extract_text("Its total cost since 2014 exceeds $9 billion.")] == [
        "$9 billion"
    ]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Deaths were roughly double the figure for 2021.", "roughly double", 2.0),
        ("It spent triple what it planned.", "triple", 3.0),
    ],
)
def test_a_multiplier_before_a_determiner_is_a_factor(text, span, value):
    claims = QX.extract_text(text)
    assert [(c.text, float(c.value), c.unit) for c in claims] == [(span, value, "times")]


def test_double_as_an_adjective_is_no_number():
    assert QX.extract_text("They denounced double standards and a double blow.") == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("After billions of dollars, the mission ended.", "billions", 1e9),
        ("The programmes cost a few million dollars a year.", "a few million", 3e6),
        ("Donors gave several billion euros.", "several billion", 3e9),
    ],
)
def test_vague_millions_and_billions_are_quantities(text, span, value):
    assert [(c.text, float(c.value)) for c in QX.extract_text(text)] == [(span, value)]
