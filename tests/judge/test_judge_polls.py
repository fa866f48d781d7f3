"""Poll claims: found with the right value, direction, scope, period and pollster; matched honestly."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from minusma_lib.core.errors import ConfigError
from minusma_lib.core.paths import data_dir
from minusma_lib.extract import polls as extract_polls
from minusma_lib.judge import polls as judge_polls
from minusma_lib.report import polls as report_polls


@pytest.fixture(scope="module")
def series():
    return judge_polls.reference_series()


def _describe(sentence: str, number: str, context: list[str] | None = None):
    i = sentence.index(number)
    return extract_polls.describe_claim(sentence, i, i + len(number), context or [])


def test_every_hand_coded_poll_figure_is_found_with_its_attributes(raws):
    manual = pd.read_csv(
        data_dir() / "annotations" / "polls_manual.csv", dtype={"period": str}, keep_default_na=False
    )
    found = report_polls.load_cited()
    assert len(found) == len(manual), "a poll figure is missing or extra"
    for m in manual.itertuples():
        hit = found[(found["doc_id"] == m.doc_id) & (found["start"] < m.end) & (found["end"] > m.start)]
        assert len(hit) == 1, m.text
        h = hit.iloc[0]
        assert raws[h["doc_id"]][h["start"] : h["end"]] == h["text"]
        assert (h["value"], h["direction"], h["scope"], h["period"], h["pollster"]) == (
            m.value,
            m.direction,
            m.scope,
            m.period,
            m.pollster,
        ), m.text


def test_a_percentage_that_is_not_a_poll_result_is_not_reported():
    assert (
        _describe("MINUSMA's budget accounted for 15 per cent of all peacekeeping spending.", "15 per cent")
        is None
    )
    quantities = pd.DataFrame(
        [
            {
                "doc_id": "x",
                "sent_id": "x-s000",
                "start": 31,
                "end": 42,
                "text": "15 per cent",
                "value": 15,
                "unit": "percent",
            }
        ]
    )
    sentences = pd.DataFrame(
        [
            {
                "doc_id": "x",
                "sent_id": "x-s000",
                "block_id": 0,
                "start": 0,
                "end": 75,
                "text": "MINUSMA's budget accounted for 15 per cent of all peacekeeping spending.",
            }
        ]
    )
    assert extract_polls.poll_claims(quantities, sentences).empty


def test_direction_comes_from_the_predicate_not_from_other_words():
    d = _describe(
        "The protests revealed popular discontent, with only 23 percent of urban inhabitants declaring "
        "themselves satisfied with MINUSMA in February 2023.",
        "23 percent",
    )
    assert (d["direction"], d["scope"], d["period"], d["pollster"]) == (
        "satisfied",
        "urban",
        "2023-02",
        "unattributed",
    )
    d = _describe("A survey found that 57% of respondents were dissatisfied with the mission.", "57%")
    assert d["direction"] == "dissatisfied"


def test_pollster_named_in_the_preceding_sentence():
    d = _describe(
        "In October 2022, about 32 per cent of Central Mali's population was satisfied.",
        "32 per cent",
        [
            "A report by the Stockholm International Peace Research Institute (SIPRI) presents four years of research."
        ],
    )
    assert (d["pollster"], d["scope"], d["period"]) == ("SIPRI", "central_mali", "2022-10")


def _claim(value, direction, scope, period, pollster="unattributed"):
    return {
        "value": value,
        "direction": direction,
        "scope": scope,
        "scope_text": "",
        "period": period,
        "period_text": period,
        "pollster": pollster,
    }


def test_verdicts(series):
    day = dt.date(2023, 7, 1)
    assert (
        judge_polls.compare_with_reference(_claim(58, "dissatisfied", "national", "2022-03"), series, day)[
            "verdict"
        ]
        == "matches"
    )
    near = judge_polls.compare_with_reference(_claim(61, "dissatisfied", "national", "2022-03"), series, day)
    assert near["verdict"] == "near" and near["ref_value"] == 58
    far = judge_polls.compare_with_reference(_claim(80, "dissatisfied", "national", "2022-03"), series, day)
    assert far["verdict"] == "differs"
    assert (
        judge_polls.compare_with_reference(
            _claim(66, "dissatisfied", "central_mali", "2023-04"), series, day
        )["ref_group"]
        == "Mopti"
    )
    assert (
        judge_polls.compare_with_reference(_claim(23, "satisfied", "central_mali", "2023-04"), series, day)[
            "verdict"
        ]
        == "scope differs"
    )
    assert judge_polls.compare_with_reference(_claim(23, "satisfied", "national", "2020-06"), series, day)[
        "verdict"
    ] == ("not found in the reference")
    sipri = judge_polls.compare_with_reference(
        _claim(45, "satisfied", "central_mali", "2022-02", "SIPRI"), series, day
    )
    assert sipri["verdict"] == "not found in the reference" and "SIPRI" in sipri["reason"]


def test_undated_edition_is_kept_but_never_matched(series):
    undated = series[series["plot_date"].isna()]
    assert len(undated) == 1
    r = judge_polls.compare_with_reference(_claim(48, "other", "national", ""), series, dt.date(2023, 7, 1))
    assert r["ref_edition"] != undated.iloc[0]["edition_key"]


def test_series_totals_are_consistent_with_components(series):
    """The reference's totals equal very + rather within rounding (SOURCES.md B9)."""
    for key, g in series[(series["group_kind"] == "national")].groupby("edition_key"):
        for direction in ("satisfied", "dissatisfied"):
            total = g[(g["direction"] == direction) & (g["level"] == "total")]["value"]
            parts = g[(g["direction"] == direction) & (g["level"] == "component")]["value"]
            if len(total) and len(parts) == 2:
                assert abs(total.iloc[0] - parts.sum()) <= 1, (key, direction)


def test_evidence_offsets_index_the_raw_seed(raws):
    found = report_polls.load_cited()
    checked = 0
    for r in found.to_dict("records"):
        for name, text_col in (
            ("direction_cue", "direction_cue"),
            ("scope", "scope_text"),
            ("period", "period_text"),
            ("pollster", "pollster_text"),
        ):
            if r[text_col]:
                s, e = int(r[f"{name}_start"]), int(r[f"{name}_end"])
                assert raws[r["doc_id"]][s:e] == r[text_col], (name, r["text"])
                checked += 1
    assert checked >= 3 * len(found)  # every figure has at least a direction, a scope and a period


def test_a_compared_figure_far_from_the_reference_differs(series):
    r = judge_polls.compare_with_reference(
        _claim(40, "satisfied", "national", "2023-02"), series, dt.date(2023, 7, 1)
    )
    assert r["verdict"] == "differs" and r["ref_value"] == 23


def test_period_tolerance_is_applied_once(series):
    """Mali-Mètre 2023 has no published fieldwork dates: it is placed at its release (3 May 2023)."""
    tol = extract_polls.load_config()["tolerances"]["period_days"]
    release = series[series["edition_key"] == "mm2023"]["plot_date"].iloc[0]
    inside = release - dt.timedelta(days=tol - 20)
    outside = release - dt.timedelta(days=tol + 20)
    day = dt.date(2023, 7, 1)

    def month(d):
        return f"{d.year}-{d.month:02d}"

    assert (
        judge_polls.compare_with_reference(_claim(23, "satisfied", "national", month(inside)), series, day)[
            "verdict"
        ]
        == "matches"
    )
    assert judge_polls.compare_with_reference(
        _claim(23, "satisfied", "national", month(outside)), series, day
    )["verdict"] == ("not found in the reference")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: t.replace("reference_pollster:", "reference_poller:"),
            r"missing key\(s\) \['reference_pollster'\]",
        ),
        (lambda t: t.replace("  near_pp: 5", "  near_points: 5"), r"tolerances must have exactly"),
        (
            lambda t: t.replace("reference_pollster: FES Mali-Metre", "reference_pollster: Gallup"),
            r"not a key of pollsters",
        ),
    ],
)
def test_config_typos_are_errors(tmp_path, edit, message):
    path = tmp_path / "polls.yaml"
    path.write_text(edit(extract_polls.config_path().read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        extract_polls.load_config(path)


def _regions(values: dict[str, tuple[str, float]]) -> pd.DataFrame:
    zones = extract_polls.load_config()["region_zones"]
    rows = []
    for region, (direction, value) in values.items():
        zone = next(z for z, names in zones.items() if region in names)
        rows.append(
            {
                "edition_key": "mm2030",
                "plot_date": dt.date(2030, 1, 1),
                "group_kind": "region",
                "group": region,
                "zone": zone,
                "direction": direction,
                "measure": direction,
                "value": value,
            }
        )
    return pd.DataFrame(rows)


def test_divide_prose_quantifier_follows_the_data():
    few = report_polls.divide_prose(
        _regions(
            {
                "Gao": ("satisfied", 70),
                "Kidal": ("satisfied", 30),
                "Menaka": ("satisfied", 20),
                "Mopti": ("dissatisfied", 60),
            }
        )
    )
    assert "1 of the 3 regional capitals of the north reported a majority satisfied" in few
    assert "not so Kidal (30% satisfied) and Menaka (20% satisfied)" in few
    none = report_polls.divide_prose(_regions({"Gao": ("satisfied", 40), "Bamako": ("satisfied", 55)}))
    assert "the one regional capital of the north did not report a majority" in none
    assert "Bamako (55% satisfied)" in none


def test_age_trend_is_read_in_age_order_not_file_order():
    rows = [("56+", 65), ("18-24", 52), ("36-55", 60), ("25-35", 55)]
    series = pd.DataFrame(
        [
            {
                "edition_key": "mm2030",
                "plot_date": dt.date(2030, 1, 1),
                "group_kind": "age",
                "group": g,
                "zone": "",
                "direction": "dissatisfied",
                "measure": "dissatisfied",
                "value": v,
            }
            for g, v in rows
        ]
    )
    text = report_polls.groups_prose(series)
    assert "rises with every older age group, from 52% (18-24) to 65% (56+)" in text
    series.loc[series["group"] == "36-55", "value"] = 50
    assert "does not change steadily with age" in report_polls.groups_prose(series)


def test_central_mali_figures_are_not_drawn_on_the_national_series():
    """Issue 14: SIPRI's Central Mali figures were drawn on the national satisfaction axis."""
    cited = report_polls.load_cited()
    row = cited.iloc[[0]] if len(cited) else pd.DataFrame([dict.fromkeys(cited.columns, "")])
    cases = pd.concat(
        [row.assign(scope="central_mali"), row.assign(scope="urban"), row.assign(scope="national")]
    )
    assert list(judge_polls.on_national_series(cases)["scope"]) == ["urban", "national"]


def test_the_national_reference_is_labelled_as_the_urban_sample_it_is():
    """Issue 14: the Mali-Mètre "national" figure was labelled "all adults"."""
    series = judge_polls.reference_series()
    assert set(series.loc[series["group_kind"] == "national", "group"]) == {judge_polls.NATIONAL_SAMPLE}
    assert "Bamako" in judge_polls.NATIONAL_SAMPLE


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ('pattern: "Central Mali', 'pattern: "(Central Mali'),
            r"scopes \(central_mali\): invalid regular expression",
        ),
        (("match_pp: 1 ", "match_pp: -1 "), r"tolerances: match_pp is -1; write a non-negative number"),
    ],
)
def test_bad_poll_config_names_the_place(tmp_path, edit, message):

    path = tmp_path / "polls.yaml"
    text = extract_polls.config_path().read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        extract_polls.load_config(path)
