"""Notebook 03 tables and prose (report.numbers, report.strength)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from minusma_lib.core import tables
from minusma_lib.corpus import series as SER
from minusma_lib.extract import quantities as QX
from minusma_lib.extract import quantity_rules as QR
from minusma_lib.judge import reconcile as J
from minusma_lib.report import numbers as RN
from minusma_lib.report import strength as RS
from minusma_lib.report.text import pct
from minusma_lib.validate import quantities as VQ


def tol(name: str) -> float:
    return QR.load_rules().tolerances[name]


def _write_manual(tmp_path: Path, manual: pd.DataFrame) -> Path:
    path = tmp_path / "quantities_manual.csv"
    manual.to_csv(path, index=False)
    return path


def claim_row(doc_id: str, text: str) -> pd.Series:
    q = tables.load("quantities").fillna({"attribution": ""})
    hit = q[(q["doc_id"] == doc_id) & (q["text"] == text)]
    assert len(hit) >= 1, (doc_id, text)
    return hit.iloc[0]


def _ceiling(values: list[tuple[str, float]]) -> pd.DataFrame:
    rows = [
        {
            "date": pd.Timestamp(d),
            "valid_from": pd.Timestamp(d),
            "date_text": d,
            "value": v,
            "note": "",
            "source_title": "",
        }
        for d, v in values
    ]
    return pd.DataFrame(rows)


def test_validation_thresholds_hold(annotated):
    extracted = QX.claims_table(annotated, annotated.sentences())
    scores = VQ.validation(extracted, VQ.load_manual())
    thresholds = QR.validation_thresholds()
    assert thresholds  # read from rules.yaml, the same numbers the notebook shows
    assert RN.validation_table(scores).set_index("score")["threshold"].replace(
        "", None
    ).dropna().tolist() == (list(thresholds.values()))
    for name, threshold in thresholds.items():
        assert scores[name] >= threshold, (name, scores[name], VQ.disagreements(extracted, VQ.load_manual()))


def test_a_document_without_hand_coding_is_not_coded_and_not_scored(tmp_path):
    q = tables.load("quantities")
    docs = tables.load("documents")
    manual = VQ.load_manual()
    skipped = docs["doc_id"].iloc[-1]
    assert (q["doc_id"] == skipped).any()
    partial = VQ.load_manual(_write_manual(tmp_path, manual[manual["doc_id"] != skipped]))
    scores = VQ.validation(q, partial)
    rest = q[q["doc_id"] != skipped]
    assert scores["not_coded"] == [skipped]
    assert scores["extracted"] == len(rest)
    assert scores["extracted_not_coded"] == len(q) - len(rest)
    # the uncoded document's claims are not false positives: scores equal those on the coded ones
    assert scores["precision"] == VQ.validation(rest, partial)["precision"]
    assert not VQ.match_claims(q, partial)["doc_id"].eq(skipped).any()
    assert not VQ.disagreements(q, partial)["claim_id"].str.startswith(f"{skipped}-").any()
    status = VQ.coding_status(q, partial, docs).set_index("doc_id")["status"]
    assert status[skipped] == "not coded" and (status.drop(skipped) == "coded").all()
    assert docs.set_index("doc_id").loc[skipped, "outlet_short"] in RN.validation_prose(scores, docs)


def test_nearly_500_verdict_rests_on_the_nearly_convention():
    """Issue 14: "nearly 500" Moura deaths is inconsistent only because "nearly" stops short of 500;
    the convention is a parameter and its sensitivity is computed."""
    r = claim_row("iv", "nearly 500")
    assert (r["measure"], r["verdict"], r["ref_source_tier"]) == ("moura_deaths", "inconsistent", "wire")
    table = RN.convention_sensitivity(tables.load("quantities"), tables.load("documents"))
    moved = table.set_index(table.columns[0])["changed claims"]
    assert "“nearly 500”: inconsistent → unverified" in moved.iloc[1]
    assert moved.iloc[0] == ""
    # OHCHR's "at least 500" reaches the reference only through secondary reporting: not verified.
    assert claim_row("sanaren", "at least 500")["verdict"] == "unverified"
    assert claim_row("contrapuntal", "over 500")["verdict"] == "unverified"


def test_sensitivity_at_the_stored_tolerance_changes_nothing():
    q = tables.load("quantities")
    docs = tables.load("documents")
    table = RN.sensitivity(q, docs, values=(tol("approximately"),))
    assert table["verdicts changed"].tolist() == [0]


def test_definitional_verdicts_are_flagged_and_left_out_of_the_counts():
    q = tables.load("quantities")
    docs = tables.load("documents")
    rule_ids = {r["id"] for r in QR.load_rules().measure_rules if "reference_values" in r}
    compared = q[q["verdict"].isin(J.COMPARED)]
    assert (compared["verdict_basis"] == "definitional").tolist() == compared["measure_rule_id"].isin(
        rule_ids
    ).tolist()
    assert q.loc[~q["verdict"].isin(J.COMPARED), "verdict_basis"].isna().all()
    scored, defs = RN.split_compared(q)
    assert len(defs) and len(scored) + len(defs) == len(compared)
    table = RN.verdict_table(q, docs).set_index("outlet").loc["all outlets"]
    assert table["consistent"] == (scored["verdict"] == "consistent").sum()
    assert table["definitional"] == len(defs)
    assert table[list(J.VERDICTS) + ["definitional"]].sum() == len(q)
    head = RN.headline(q, docs)
    assert f"Of the other {len(scored)}, {(scored['verdict'] == 'consistent').sum()} are consistent" in head
    assert "*definitional*" in head
    for r in defs.itertuples():  # each named claim links to its sentence in the text viewer
        assert f"“[{r.text}](texts/{r.doc_id}.html#start={r.start}&end={r.end})”" in head
    assert "definitional verdict" in RN.verdict_prose(q, docs)
    sens = RN.sensitivity(q, docs, values=(tol("approximately"),)).iloc[0]
    assert (sens["definitional"], sens["consistent"]) == (
        len(defs),
        (scored["verdict"] == "consistent").sum(),
    )


def test_measure_labels_live_with_the_measure_vocabulary():
    spec = QR.load_rules().spec
    assert set(QR.measure_labels()) == set(spec["measures"])
    assert not hasattr(RN, "MEASURE_LABELS")
    assert RN.measure_table(tables.load("quantities"))["definition"].tolist() == [
        m["definition"] for m in spec["measures"].values()
    ]


def test_hedge_counts_are_the_same_in_the_table_and_the_prose():
    q = tables.load("quantities")
    docs = tables.load("documents")
    assert "range" in RN.hedged_qualifiers()
    hedged = int(RN.ledger_summary(q, docs)["hedged"].sum())
    assert (
        hedged
        == RN.qualifier_counts(q.fillna(""))["hedged"]
        == q["qualifier"].isin(RN.hedged_qualifiers()).sum()
    )
    assert f"{pct(hedged, len(q))} of the claims carry a hedge" in RN.ledger_prose(q, docs)


def test_in_force_since_is_computed_per_ceiling(monkeypatch):
    mil = _ceiling(
        [("2013-04-25", 100.0), ("2014-06-25", 100.0), ("2016-06-29", 200.0), ("2019-06-28", 200.0)]
    )
    pol = _ceiling([("2013-04-25", 10.0), ("2016-06-29", 20.0), ("2018-06-28", 30.0), ("2021-06-29", 30.0)])
    end = pd.Timestamp("2023-06-30")
    assert RS.in_force_since(mil, end)[1]["date_text"] == "2016-06-29"
    assert RS.in_force_since(pol, end)[1]["date_text"] == "2018-06-28"
    assert RS.in_force_since(mil, pd.Timestamp("2015-01-01"))[1]["date_text"] == "2013-04-25"
    real, fake = J.series, {"authorised_military": mil, "authorised_police": pol}
    monkeypatch.setattr(RS, "series", lambda m, *a, **kw: fake[m] if m in fake else real(m, *a, **kw))
    text = RS.strength_prose(tables.load("quantities"), tables.load("documents"))
    assert "200 military (unchanged since 2016-06-29)" in text
    assert "30 police (unchanged since 2018-06-28)" in text
    assert "both" not in text.split(".")[0]


def test_strength_prose_dates_each_ceiling_from_the_data():
    text = RS.strength_prose(tables.load("quantities"), tables.load("documents"))
    config = SER.load_config()
    for m in ("authorised_military", "authorised_police"):
        end = pd.Timestamp(config["series"][m]["after"]["date"])
        cur, first = RS.in_force_since(J.series(m), end)
        assert J.fmt(cur["value"]) in text and first["date_text"] in text
