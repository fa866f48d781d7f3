"""Reconcile numeric claims with the cited reference data, and the tables and prose of notebook 03.

A claim is compared with the reference value valid at the article's publication date: the latest
row of the measure's series dated on or before it (``data/quantities/reconcile.yaml`` says which
rows of ``data/reference/`` form each series). Both sides are intervals: the claim's from its
qualifier, the reference's from its own wording ("more than", "about"), with the tolerances of
``data/quantities/rules.yaml``. The verdict:

- ``consistent``: the intervals overlap;
- ``rounded``: an unqualified round number ("13,000", "$1.2 billion") that overlaps once widened by
  half a unit of its last stated digit;
- ``outdated``: no overlap with the value in force, but overlap with an earlier value of the series;
- ``inconsistent``: no overlap with any value of the series up to the date;
- ``not comparable``: no series for the measure, a different scope (one incident vs a cumulative
  toll, a regional survey vs a national one), or no reference value dated before the article.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from minusma_lib.core.tables import text_cells
from minusma_lib.corpus.reference import reference_date
from minusma_lib.corpus.series import load_config, reference_qualifier, source_rows
from minusma_lib.extract.quantities import OFFSET_COLUMNS
from minusma_lib.extract.quantity_rules import interval, load_rules

VERDICTS = (
    "consistent",
    "rounded",
    "outdated",
    "inconsistent",
    "sources disagree",
    "unverified",
    "not comparable",
)


# Verdicts that judge a claim: they need a primary (UN, FES, SIPRI) or wire (AFP, Reuters, AP, dpa) value.
COMPARED = ("consistent", "rounded", "outdated", "inconsistent")


# Verdicts that report the evidence, not the claim: no primary or wire value, or disputed sources.
UNCHECKED = ("sources disagree", "unverified")


# Source tiers whose values can confirm or contradict a claim (data/reference/SOURCES.md, audit).
VERIFYING_TIERS = ("primary", "wire")

RECONCILE_COLUMNS = [
    "date_compared",
    "ref_date",
    "ref_value",
    "ref_low",
    "ref_high",
    "ref_bounds",
    "ref_qualifier",
    "ref_file",
    "ref_row",
    "ref_source_title",
    "ref_source_url",
    "ref_source_tier",
    "verdict",
    "verdict_basis",
    "verdict_reason",
    "verdict_stable",
]


# verdict_basis of a compared claim: whether its measure was assigned independently of the reference
# values, or because its value equals one of them (a measure rule with ``reference_values``).
BASIS_DEFINITIONAL = "definitional"

BASIS_INDEPENDENT = "independent"

DEFINITIONAL_WHY = "measure assigned because the value equals a value of its reference series"


def _rows(
    source: dict, tolerances: dict[str, float], config: dict, label: str, fixed: str = ""
) -> list[dict]:
    value_col = source.get("value", "value")
    bounds = load_rules().spec["bounds"]
    out = []
    for r in source_rows(source):
        date = reference_date(r["date"])
        value = float(r[value_col])
        r = {**r, "file": source["file"]}
        if value_col != "value":
            r["measure"] = value_col
        q = fixed or reference_qualifier(r, config)
        lo, hi = interval(value, q, tolerances)
        out.append(
            {
                "date": date,
                "valid_from": reference_date(r["date"], known_by=True),
                "date_text": r["date"],
                "value": value,
                "value_low": lo,
                "value_high": hi,
                "bounds": bounds.get(q, "[]"),
                "qualifier": q,
                "label": label,
                "kind": r.get("category") or r.get("measure") or value_col,
                "file": source["file"],
                "row": int(r["row"]),
                "source_title": r.get("source_title", ""),
                "source_url": r.get("source_url", ""),
                "source_tier": r.get("source_tier") or "secondary",
                "note": r.get("note", ""),
            }
        )
    return out


def _sources(measure: str, scope: str, config: dict) -> tuple[list[dict], dict | None]:
    spec = config["series"].get(measure)
    if spec is None:
        return [], None
    if "by_scope" in spec:
        return list(spec["by_scope"].get(scope) or []), spec
    return list(spec["sources"]), spec


def series(
    measure: str, scope: str = "", tolerances: dict[str, float] | None = None, *, contrast: bool = False
) -> pd.DataFrame:
    """Reference rows of a measure (its ``contrast`` series if asked), sorted by date, each cited.

    Built once per measure, scope and tolerances while the rule files are unchanged (every claim of a
    corpus asks for it); a copy is returned, so callers may change it."""
    return _shared_series(measure, scope, tolerances, contrast).copy()


def _shared_series(
    measure: str, scope: str, tolerances: dict[str, float] | None, contrast: bool
) -> pd.DataFrame:
    """:func:`series` without the copy: the one cached frame, for this module's read-only use."""
    config, rules = load_config(), load_rules()
    tolerances = tolerances or rules.tolerances
    key = (measure, scope, tuple(sorted(tolerances.items())), contrast, id(config), id(rules))
    if key not in _SERIES:
        if len(_SERIES) > 512:
            _SERIES.clear()
        _SERIES[key] = _build_series(measure, scope, tolerances, contrast, config)
    return _SERIES[key]


_SERIES: dict[tuple, pd.DataFrame] = {}


def _build_series(
    measure: str, scope: str, tolerances: dict[str, float], contrast: bool, config: dict
) -> pd.DataFrame:
    sources, spec = _sources(measure, scope, config)
    label = (spec or {}).get("label", measure)
    if contrast:
        c = (spec or {}).get("contrast") or {}
        sources, label = list(c.get("sources") or []), c.get("label", "")
    fixed = "" if contrast else (spec or {}).get("qualifier", "")
    rows = [r for s in sources for r in _rows(s, tolerances, config, label, fixed)]
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    df["order"] = range(len(df))
    return df.sort_values(["valid_from", "order"], kind="stable").drop(columns="order").reset_index(drop=True)


def value_at(ser: pd.DataFrame, date: pd.Timestamp) -> pd.Series | None:
    """The reference row in force at ``date``: the latest known on or before it (last listed on ties)."""
    if ser.empty:
        return None
    before = ser[ser["valid_from"] <= date]
    return None if before.empty else before.iloc[-1]


# Derived from the cached series (read-only), keyed by the frame's identity; each entry holds its
# frame, so the identity cannot be reused while the entry exists.
_VERIFYING: dict[int, tuple[pd.DataFrame, pd.DataFrame]] = {}
_IN_FORCE: dict[tuple[int, pd.Timestamp], tuple[pd.DataFrame, pd.Series | None]] = {}


def _verifying(ser: pd.DataFrame) -> pd.DataFrame:
    """The rows of a cached series from a verifying tier (:data:`VERIFYING_TIERS`), computed once."""
    hit = _VERIFYING.get(id(ser))
    if hit is None or hit[0] is not ser:
        if len(_VERIFYING) > 512:
            _VERIFYING.clear()
        hit = _VERIFYING[id(ser)] = (ser, ser[ser["source_tier"].isin(VERIFYING_TIERS)])
    return hit[1]


def _value_at_shared(ser: pd.DataFrame, date: pd.Timestamp) -> pd.Series | None:
    """:func:`value_at` of a cached series, computed once per series and date (claims share dates)."""
    key = (id(ser), date)
    hit = _IN_FORCE.get(key)
    if hit is None or hit[0] is not ser:
        if len(_IN_FORCE) > 4096:
            _IN_FORCE.clear()
        hit = _IN_FORCE[key] = (ser, value_at(ser, date))
    return hit[1]


def overlaps(a: tuple[float, float, str], b: tuple[float, float, str]) -> bool:
    """Whether two intervals (low, high, bounds such as "[)") share a point."""
    (alo, ahi, ab), (blo, bhi, bb) = a, b
    lo, lo_open = max((alo, ab[0] == "("), (blo, bb[0] == "("), key=lambda x: (x[0], x[1]))
    hi, hi_open = min((ahi, ab[1] == ")"), (bhi, bb[1] == ")"), key=lambda x: (x[0], not x[1]))
    if lo < hi:
        return True
    return lo == hi and not lo_open and not hi_open


def fmt(x: float, unit: str = "") -> str:
    """A figure for prose: USD 1.26 bn, 23%, 13,289."""
    if unit == "USD":  # no "$": Markdown would read "$...$" as mathematics
        if abs(x) >= 1e9:
            return f"USD {x / 1e9:,.3g} bn"
        if abs(x) >= 1e6:
            return f"USD {x / 1e6:,.4g} m"
        return f"USD {x:,.0f}"
    if unit == "percent":
        return f"{x:g}%"
    return f"{x:,.0f}" if float(x) == int(x) else f"{x:,.2f}".rstrip("0").rstrip(".")


def fmt_interval(lo: float, hi: float, bounds: str, unit: str = "") -> str:
    if lo == hi:
        return fmt(lo, unit)
    return f"{bounds[0]}{fmt(lo, unit)}, {fmt(hi, unit)}{bounds[1]}"


def _ref_text(r: pd.Series, unit: str) -> str:
    q = "" if r["qualifier"] == "exact" else r["qualifier"].replace("_", " ") + " "
    return f"{q}{fmt(r['value'], unit)} ({r['date_text']}, {r['source_title']})"


def _fits(claim: Mapping[str, Any], r: pd.Series) -> str:
    """ "consistent", "rounded" or "" for one claim against one reference row."""
    c = (float(claim["value_low"]), float(claim["value_high"]), claim["bounds"])
    ref = (float(r["value_low"]), float(r["value_high"]), r["bounds"])
    if overlaps(c, ref):
        return "consistent"
    p = float(claim.get("precision") or 0)
    v = float(claim["value"])
    if claim["qualifier"] == "exact" and p > 0 and overlaps((v - p / 2, v + p / 2, "[]"), ref):
        return "rounded"
    return ""


def _disagreeing_source(
    claim: Mapping[str, Any], ser: pd.DataFrame, cur: pd.Series, date: pd.Timestamp, fit: str
) -> pd.Series | None:
    """Another source's row, in force at ``date``, that the primary-source audit marks as disagreeing
    (``DISAGREE`` in the notes of both rows): then the sources, not the claim, are in question. The
    most recent such row is returned; ``None`` when ``cur`` is not disputed."""
    if "DISAGREE" not in str(cur["note"]).upper():
        return None
    known = ser[(ser["valid_from"] <= date) & (ser["source_title"] != cur["source_title"])]
    disputed = known[known["note"].astype(str).str.upper().str.contains("DISAGREE")]
    disputed = disputed[disputed["value"] != cur["value"]]
    if disputed.empty:
        return None
    rival = disputed.iloc[-1]
    return None if fit and _fits(claim, rival) else rival  # a claim that fits both sides is judged


def _secondary_only(
    claim: Mapping[str, Any], cur: Any, latest: Any, date: pd.Timestamp, unit: str
) -> str | None:
    """The reason a claim is ``unverified`` when the latest figure comes only from a secondary source
    and judging by it would change the verdict; None otherwise."""
    newer = latest if cur is None or latest["valid_from"] > cur["valid_from"] else None
    if newer is None or (cur is not None and bool(_fits(claim, newer)) == bool(_fits(claim, cur))):
        return None
    fits = "fits" if _fits(claim, newer) else "does not fit"
    checked = (
        f"; the latest UN, FES, SIPRI or wire value, {_ref_text(cur, unit)} [{cur['source_tier']}], "
        f"{'fits' if _fits(claim, cur) else 'does not fit'} it"
        if cur is not None
        else "; no UN, FES or SIPRI document or wire report gives this figure"
    )
    return (
        f"the latest figure by {date.date()} comes only from a secondary source: "
        f"{_ref_text(newer, unit)} ({fits} the claim){checked}"
    )


def _context_notes(spec: dict, measure: str, scope: str, tolerances, date: pd.Timestamp, unit: str) -> str:
    """The series' notes that hold at ``date`` and its contrast value, as a '; '-led tail."""
    notes = [n for n in (spec.get("note"),) if n]
    after = spec.get("after")
    if after and date > pd.Timestamp(after["date"]):
        notes.append(after["note"])
    contrast = spec.get("contrast")
    if contrast:
        crow = _value_at_shared(_shared_series(measure, scope, tolerances, True), date)
        if crow is not None:
            notes.append(f"{contrast['label']}: {fmt(crow['value'], unit)} ({crow['date_text']})")
    return ("; " + "; ".join(notes)) if notes else ""


def _verdict_against(
    claim: Mapping[str, Any], ser: pd.DataFrame, cur: Any, date: pd.Timestamp, unit: str, tail: str
) -> tuple[str, str]:
    """(verdict, reason) of a claim against the best-tier reference ``cur`` of its series."""
    claim_text = (
        f"“{claim['text']}” = {fmt_interval(claim['value_low'], claim['value_high'], claim['bounds'], unit)}"
    )
    fit = _fits(claim, cur)
    rival = _disagreeing_source(claim, ser, cur, date, fit)
    if rival is not None:
        return "sources disagree", (
            f"{claim_text}: the sources disagree. {_ref_text(cur, unit)} [{cur['source_tier']}] "
            f"{'fits' if fit else 'does not fit'} it; {_ref_text(rival, unit)} [{rival['source_tier']}] "
            f"{'fits' if _fits(claim, rival) else 'does not fit'} it{tail}"
        )
    if fit == "consistent":
        return "consistent", f"{claim_text} overlaps the reference {_ref_text(cur, unit)}{tail}"
    if fit == "rounded":
        return "rounded", (
            f"{claim_text} is a round figure; rounded to its last digit it covers the reference "
            f"{_ref_text(cur, unit)}{tail}"
        )
    earlier = ser[ser["valid_from"] < cur["valid_from"]].iloc[::-1]
    for _, r in earlier.iterrows():
        if _fits(claim, r):
            return "outdated", (
                f"{claim_text} matches the earlier reference {_ref_text(r, unit)}, superseded by "
                f"{_ref_text(cur, unit)}{tail}"
            )
    side = "below" if float(claim["value_high"]) <= float(cur["value_low"]) else "above"
    verb = "understates" if side == "below" else "overstates"
    return (
        "inconsistent",
        f"{claim_text} lies {side} the reference {_ref_text(cur, unit)}: it {verb} it{tail}",
    )


def judge(claim: Mapping[str, Any], date: pd.Timestamp, tolerances: dict[str, float] | None = None) -> dict:
    """The verdict of one claim against the reference valid at ``date``, with the reason and the row."""
    config = load_config()
    measure, scope, unit = claim["measure"], claim.get("scope") or "", claim["unit"]
    out: dict[str, Any] = {"verdict": "not comparable", "verdict_reason": "", "ref": None}
    spec = config["series"].get(measure)
    if spec is None:
        out["verdict_reason"] = f"no reference series for the measure {measure}"
        return out
    why = (spec.get("not_comparable_scopes") or {}).get(scope)
    if why:
        out["verdict_reason"] = f"different scope: {why}"
        return out
    ser = _shared_series(measure, scope, tolerances, False)
    if ser.empty:
        out["verdict_reason"] = (
            spec.get("missing") or f"no reference series for {measure} ({scope or 'any scope'})"
        )
        return out
    cur = _value_at_shared(_verifying(ser), date)
    latest = _value_at_shared(ser, date)
    if latest is None:
        out["verdict_reason"] = f"no reference value dated on or before {date.date()}"
        return out
    unverified = _secondary_only(claim, cur, latest, date, unit)
    if unverified is not None:
        newer = latest if cur is None or latest["valid_from"] > cur["valid_from"] else None
        out.update(ref=newer, verdict="unverified", verdict_reason=unverified)
        return out
    tail = _context_notes(spec, measure, scope, tolerances, date, unit)
    verdict, reason = _verdict_against(claim, ser, cur, date, unit, tail)
    out.update(ref=cur, verdict=verdict, verdict_reason=reason)
    return out


def reconcile(
    claims: pd.DataFrame, documents: pd.DataFrame, tolerances: dict[str, float] | None = None
) -> pd.DataFrame:
    """``claims`` with the reconciliation columns (:data:`RECONCILE_COLUMNS`) added.

    ``verdict_stable`` is False when the verdict would change at the earliest or latest plausible
    publication date of an article whose date is an estimate. ``verdict_basis`` is ``definitional``
    for a compared claim whose measure was assigned because its value equals a value of the reference
    series (a measure rule with ``reference_values``): it can only agree with that series, so it is
    not evidence of accuracy; ``independent`` for the other compared claims; empty when not compared.
    """
    docs = {d["doc_id"]: d for d in documents.to_dict("records")}
    definitional = {
        r["id"]: r["reference_series"] for r in load_rules().measure_rules if "reference_series" in r
    }
    config = load_config()
    rows = []
    for c in text_cells(claims).to_dict("records"):
        d = docs[c["doc_id"]]
        date = pd.Timestamp(d["date_published"])
        res = judge(c, date, tolerances)
        others = {
            judge(c, pd.Timestamp(d[k]), tolerances)["verdict"]
            for k in ("date_earliest", "date_latest")
            if str(d[k] or "").strip()
        }
        r = res["ref"]
        basis, reason = "", res["verdict_reason"]
        if res["verdict"] in COMPARED:
            basis = BASIS_DEFINITIONAL if c.get("measure_rule_id") in definitional else BASIS_INDEPENDENT
        if basis == BASIS_DEFINITIONAL:
            label = config["series"][definitional[c["measure_rule_id"]]].get("label", c["measure"])
            reason = (
                f"{reason}; definitional: {DEFINITIONAL_WHY} (rule {c['measure_rule_id']}, series “{label}”), "
                "so it agrees with the series by construction"
            )
        c.update(
            date_compared=d["date_published"],
            ref_date="" if r is None else r["date_text"],
            ref_value=None if r is None else r["value"],
            ref_low=None if r is None else r["value_low"],
            ref_high=None if r is None else r["value_high"],
            ref_bounds="" if r is None else r["bounds"],
            ref_qualifier="" if r is None else r["qualifier"],
            ref_file="" if r is None else r["file"],
            ref_row=None if r is None else int(r["row"]),
            ref_source_title="" if r is None else r["source_title"],
            ref_source_url="" if r is None else r["source_url"],
            ref_source_tier="" if r is None else r["source_tier"],
            verdict=res["verdict"],
            verdict_basis=basis,
            verdict_reason=reason,
            verdict_stable=others <= {res["verdict"]},
        )
        rows.append(c)
    out = pd.DataFrame(rows, columns=list(claims.columns) + RECONCILE_COLUMNS)
    for col in ("ref_row", *OFFSET_COLUMNS):
        if col in out:
            out[col] = out[col].astype("Int64")
    return out


def with_tolerance(name: str, value: float) -> dict[str, float]:
    """The rules' tolerances with one changed (for sensitivity tables)."""
    return {**load_rules().tolerances, name: value}


def requalify(claims: pd.DataFrame, tolerances: dict[str, float]) -> pd.DataFrame:
    """Recompute each claim's interval with other tolerances (vague words and ranges keep theirs)."""
    out = claims.copy()
    for i, c in out.iterrows():
        if c["qualifier"] in ("vague", "range"):
            continue
        lo, hi = interval(float(c["value"]), c["qualifier"], tolerances)
        out.at[i, "value_low"], out.at[i, "value_high"] = lo, hi
    return out
