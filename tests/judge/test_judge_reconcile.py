"""Reference series and verdicts (corpus.series, judge.reconcile)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from minusma_lib.core import tables
from minusma_lib.core.errors import ConfigError
from minusma_lib.corpus import series as SER
from minusma_lib.corpus.reference import load_reference
from minusma_lib.extract import quantities as QX
from minusma_lib.extract import quantity_rules as QR
from minusma_lib.judge import reconcile as J


def claim_row(doc_id: str, text: str) -> pd.Series:
    q = tables.load("quantities").fillna({"attribution": ""})
    hit = q[(q["doc_id"] == doc_id) & (q["text"] == text)]
    assert len(hit) >= 1, (doc_id, text)
    return hit.iloc[0]


def synthetic(
    text: str, value: float, measure: str, qualifier: str = "exact", unit: str = "people", **kw
) -> dict:
    lo, hi = QR.interval(value, qualifier, QR.load_rules().tolerances)
    bounds = QR.load_rules().spec["bounds"][qualifier]
    c = {"text": text, "value": value, "value_low": lo, "value_high": hi, "bounds": bounds}
    c.update(qualifier=qualifier, unit=unit, measure=measure, scope="", precision=kw.pop("precision", 1.0))
    c.update(kw)
    return c


def _copy_yaml(src: Path, tmp_path: Path, edit) -> Path:
    spec = yaml.safe_load(src.read_text(encoding="utf-8"))
    edit(spec)
    path = tmp_path / src.name
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_303_peacekeepers_is_consistent_with_all_cause_fatalities():
    r = claim_row("contrapuntal", "303")
    assert r["date_compared"] == "2023-07-01"
    assert (r["measure"], r["verdict"], r["ref_value"]) == ("peacekeeper_fatalities", "consistent", 303)
    assert r["ref_file"] == "minusma_budget_fatalities"
    ref = load_reference("minusma_budget_fatalities").iloc[int(r["ref_row"]) - 2]
    assert ref["measure"] == "fatalities_cumulative" and ref["source_url"] == r["ref_source_url"]
    assert "hostile acts only" in r["verdict_reason"]


def test_other_known_verdicts():
    # Equal to a ceiling, so classified as that ceiling: consistent by construction, flagged definitional.
    assert claim_row("sanaren", "13,289")[["measure", "verdict", "verdict_basis"]].tolist() == [
        "authorised_military",
        "consistent",
        "definitional",
    ]
    assert claim_row("sanaren", "1,920")[["measure", "verdict", "verdict_basis"]].tolist() == [
        "authorised_police",
        "consistent",
        "definitional",
    ]
    # Issue 14: no source confirms 1,968 civilians, and the sources on 2023 civilian staff disagree.
    civ = claim_row("sanaren", "1,968")
    assert civ["verdict"] == "sources disagree" and not isinstance(civ["verdict_basis"], str)
    assert "1,786" in civ["verdict_reason"] and "3,384" in civ["verdict_reason"]
    incident = claim_row("bard", "two")
    assert (incident["measure"], incident["verdict"]) == ("peacekeeper_fatalities", "not comparable")
    assert incident["verdict_reason"].startswith("different scope")
    assert claim_row("contrapuntal", "15-0")["verdict"] == "consistent"


def test_rounded_outdated_inconsistent_and_not_comparable():
    ts = pd.Timestamp
    budget = synthetic("$1.1 billion", 1.1e9, "annual_budget", unit="USD", precision=1e8)
    assert J.judge(budget, ts("2019-01-01"))["verdict"] == "rounded"  # ACABQ's 1,107,318,900 rounds to 1.1 bn
    ceiling = synthetic("11,200", 11200, "authorised_military", precision=100)
    assert J.judge(ceiling, ts("2015-01-01"))["verdict"] == "consistent"
    assert J.judge(ceiling, ts("2020-01-01"))["verdict"] == "outdated"
    hrw = synthetic("about 300", 300, "moura_deaths", qualifier="approximately", precision=100)
    assert J.judge(hrw, ts("2022-06-01"))["verdict"] == "consistent"  # HRW via AFP: a wire figure
    # A later figure (OHCHR, at least 500) reaches the reference only through secondary reporting.
    assert J.judge(hrw, ts("2023-06-01"))["verdict"] == "unverified"
    too_many = synthetic("2,000", 2000, "moura_deaths", precision=1000)
    res = J.judge(too_many, ts("2023-06-01"))
    assert res["verdict"] == "inconsistent" and "overstates" in res["verdict_reason"]
    assert J.judge(too_many, ts("2021-01-01"))["verdict"] == "not comparable"
    assert J.judge(synthetic("ten years", 10, "duration", unit="years"), ts("2023-06-01"))["verdict"] == (
        "not comparable"
    )


def test_ceilings_are_step_functions_by_resolution_date():
    s = J.series("authorised_military")
    assert J.value_at(s, pd.Timestamp("2016-06-28"))["value"] == 11240
    assert J.value_at(s, pd.Timestamp("2016-06-29"))["value"] == 13289
    assert J.value_at(s, pd.Timestamp("2013-01-01")) is None


def test_a_month_dated_row_counts_from_the_end_of_its_month():
    s = J.series("wagner_personnel")
    assert J.value_at(s, pd.Timestamp("2023-07-01"))["date_text"] == "2023-06-29"
    assert J.value_at(s, pd.Timestamp("2023-07-31"))["date_text"] == "2023-07"


def test_interval_overlap_respects_open_ends():
    assert not J.overlaps((450, 500, "[)"), (500, 750, "[]"))
    assert J.overlaps((500, 750, "(]"), (500, 750, "[]"))
    assert J.overlaps((500, 500, "[]"), (500, 750, "[]"))
    assert not J.overlaps((500, 500, "[]"), (500, 750, "(]"))


def test_reference_wording_gives_the_reference_interval():
    s = J.series("deployed_uniformed")
    row = s[s["date_text"] == "2023-05-31"].iloc[0]  # "more than 13,000 uniformed personnel"
    assert row["qualifier"] == "at_least"
    assert J.series("authorised_military").iloc[0]["qualifier"] == "exact"  # "up to 11,200" is a ceiling
    fat = J.series("peacekeeper_fatalities")
    assert (
        fat[fat["date_text"] == "2023-05"].iloc[0]["qualifier"] == "exact"
    )  # override: "about" is the force


def test_ceiling_rules_read_their_values_from_the_reference_series():
    rules = [r for r in QR.load_rules().measure_rules if "reference_values" in r]
    assert {r["measure"] for r in rules} == {"authorised_military", "authorised_police"}
    for r in rules:
        assert r["reference_values"] == set(J.series(r["reference_series"])["value"]), r["id"]
    raw = yaml.safe_load(QR.rules_path().read_text(encoding="utf-8"))
    assert all("values" not in r for r in raw["measure_rules"])  # no figure typed in rules.yaml


def test_a_claim_classified_by_its_wording_is_independent():
    docs = tables.load("documents")
    row = tables.load("quantities").query("claim_id == 'sanaren-q003'")[QX.CLAIM_COLUMNS]
    assert J.reconcile(row, docs)["verdict_basis"].tolist() == ["definitional"]
    worded = row.assign(measure_rule_id="m_authorised_military")
    out = J.reconcile(worded, docs)
    assert out[["verdict", "verdict_basis"]].values.tolist() == [["consistent", "independent"]]
    assert "definitional" not in out["verdict_reason"].iloc[0]


def test_an_override_that_matches_no_reference_row_is_an_error(tmp_path):
    def edit(spec):
        spec["reference_qualifier_overrides"][1]["category"] = "military_German_contingnet"

    path = _copy_yaml(SER.config_path(), tmp_path, edit)
    with pytest.raises(
        ConfigError, match=r"entry 2 .*category = 'military_German_contingnet'.*exactly as in the CSV"
    ):
        SER.load_config(path)

    def edit_column(spec):
        spec["reference_qualifier_overrides"][0]["measur"] = spec["reference_qualifier_overrides"][0].pop(
            "measure"
        )

    path = _copy_yaml(SER.config_path(), tmp_path, edit_column)
    with pytest.raises(ConfigError, match=r"key 'measur' is not a column"):
        SER.load_config(path)


def test_every_stored_override_matches_a_row():
    config = SER.load_config()
    assert config["reference_qualifier_overrides"]
    for over in config["reference_qualifier_overrides"]:
        df = load_reference(over["file"])
        keys = {k: v for k, v in over.items() if k not in ("file", "qualifier", "why")}
        assert (
            df[[k for k in keys]]
            .astype(str)
            .eq(pd.Series({k: str(v) for k, v in keys.items()}))
            .all(axis=1)
            .any()
        )


@pytest.mark.parametrize("which", ["rules", "reconcile"])
@pytest.mark.parametrize("problem", ["unknown", "missing"])
def test_top_level_keys_are_checked(tmp_path, which, problem):
    src = QR.rules_path() if which == "rules" else SER.config_path()
    key = "tolerances" if which == "rules" else "series"

    def edit(spec):
        if problem == "unknown":
            spec["tolerance"] = spec[key]
        else:
            del spec[key]

    path = _copy_yaml(src, tmp_path, edit)
    load = QR.load_rules if which == "rules" else SER.load_config
    want = (
        r"top level: unknown key\(s\) tolerance"
        if problem == "unknown"
        else rf"top level: missing key\(s\) {key}"
    )
    with pytest.raises(ConfigError, match=re.escape(str(path)) + ": " + want):
        load(path)


def test_a_claim_checked_only_against_secondary_sources_is_unverified():
    ts = pd.Timestamp
    ivorians = synthetic("49", 49, "detained_soldiers")
    res = J.judge(ivorians, ts("2023-07-12"))
    assert res["verdict"] == "unverified" and "only from a secondary source" in res["verdict_reason"]
    assert res["ref"]["source_tier"] == "secondary"


def test_every_compared_verdict_rests_on_a_primary_or_wire_row():
    q = tables.load("quantities")
    compared = q[q["verdict"].isin(J.COMPARED)]
    assert len(compared)
    assert set(compared["ref_source_tier"]) <= set(J.VERIFYING_TIERS)
    assert (compared["ref_source_url"].fillna("") != "").all()
