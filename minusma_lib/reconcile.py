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

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from minusma_lib import quantities
from minusma_lib.core.config import compile_regex
from minusma_lib.core.labels import outlet_labels, outlet_order
from minusma_lib.core.paths import data_dir
from minusma_lib.corpus.reference import load_reference, reference_date
from minusma_lib.quantities import CLAIM_COLUMNS, ConfigError, check_keys, interval, load_rules
from minusma_lib.report.text import esc, join, num, pct, plural

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
STRENGTH_MEASURES = (
    "authorised_military",
    "authorised_police",
    "deployed_uniformed",
    "deployed_police",
    "civilian_staff",
    "total_personnel",
)
# verdict_basis of a compared claim: whether its measure was assigned independently of the reference
# values, or because its value equals one of them (a measure rule with ``reference_values``).
BASIS_DEFINITIONAL = "definitional"
BASIS_INDEPENDENT = "independent"
DEFINITIONAL_WHY = "measure assigned because the value equals a value of its reference series"
CONFIG_KEYS = ("version", "reference_qualifiers", "series")
CONFIG_OPTIONAL_KEYS = ("reference_qualifier_overrides",)


def measure_labels() -> dict[str, str]:
    """Short label of each measure (``measures`` in ``data/quantities/rules.yaml``)."""
    return quantities.measure_labels()


def config_path() -> Path:
    return data_dir() / "quantities" / "reconcile.yaml"


def load_config(path: Path | None = None) -> dict:
    path = path or config_path()
    return _load_config(path, path.stat().st_mtime)


@lru_cache(maxsize=4)
def _load_config(path: Path, mtime: float) -> dict:
    spec = check_keys(
        yaml.safe_load(path.read_text(encoding="utf-8")), path, CONFIG_KEYS, CONFIG_OPTIONAL_KEYS
    )
    for rule in spec["reference_qualifiers"]:
        rule["regex"] = compile_regex(
            rule["pattern"], path, f"reference_qualifiers ({rule.get('qualifier')})", re.I
        )
    for n, over in enumerate(spec.get("reference_qualifier_overrides") or [], start=1):
        _check_override(path, n, over)
    return spec


def _check_override(path: Path, n: int, over: dict) -> None:
    """An entry of ``reference_qualifier_overrides`` must match at least one reference row."""
    where = f"{path}: reference_qualifier_overrides entry {n} ({over})"
    for key in ("file", "qualifier", "why"):
        if key not in over:
            raise ConfigError(
                f"{where}: missing key {key!r}; every override names its file, qualifier and why."
            )
    df = _reference(str(over["file"]))
    for key, value in over.items():
        if key in ("file", "qualifier", "why"):
            continue
        if key not in df.columns:
            raise ConfigError(
                f"{where}: key {key!r} is not a column of data/reference/{over['file']}.csv "
                f"({', '.join(c for c in df.columns if c != 'row')}); fix the key's name."
            )
        narrowed = df[df[key].astype(str) == str(value)]
        if narrowed.empty:
            found = sorted(set(df[key].astype(str)))
            raise ConfigError(
                f"{where}: no row of data/reference/{over['file']}.csv matching the keys before it has "
                f"{key} = {value!r} (values there: {', '.join(found[:12])}{', ...' if len(found) > 12 else ''}); "
                "write the key's value exactly as in the CSV, or remove the override if the row is gone."
            )
        df = narrowed


# ------------------------------------------------------------------------------------------ series


@lru_cache(maxsize=16)
def _reference(name: str) -> pd.DataFrame:
    df = load_reference(name)
    df.insert(0, "row", range(2, len(df) + 2))  # line number in the CSV (header = line 1)
    return df


def reference_qualifier(row: Mapping[str, Any], config: dict | None = None) -> str:
    """How a reference row's own wording qualifies its figure (``exact`` when nothing says otherwise).

    An explicit ``qualifier`` column wins, then the overrides of ``reconcile.yaml`` (matched on
    ``file`` and the row's columns), then the first ``reference_qualifiers`` pattern that matches
    the row's measure, unit or note.
    """
    if row.get("qualifier"):
        return str(row["qualifier"])
    config = config or load_config()
    text = " ".join(str(row.get(c) or "") for c in ("measure", "unit", "note"))
    for over in config.get("reference_qualifier_overrides") or []:
        if all(str(row.get(k)) == str(v) for k, v in over.items() if k not in ("qualifier", "why")):
            return over["qualifier"]
    for rule in config["reference_qualifiers"]:
        if rule["regex"].search(text):
            return rule["qualifier"]
    return "exact"


def _select(source: dict) -> list[dict]:
    """The rows of one source of a series (its file, ``where`` filter and ``value`` column) that have
    a date and a value."""
    df = _reference(source["file"])
    for col, allowed in (source.get("where") or {}).items():
        df = df[df[col].isin([str(a) for a in allowed])]
    value_col = source.get("value", "value")
    return [
        r
        for r in df.to_dict("records")
        if reference_date(r["date"]) is not None and str(r.get(value_col) or "").strip()
    ]


def series_values(measure: str) -> frozenset[float]:
    """Every value the reference series of ``measure`` has had (KeyError when there is no such series).
    Used by the measure rules' ``reference_values`` so that a ceiling is never typed twice."""
    config = load_config()
    spec = config["series"][measure]
    sources = spec.get("sources") or [s for v in (spec.get("by_scope") or {}).values() for s in v]
    return frozenset(float(r[s.get("value", "value")]) for s in sources for r in _select(s))


def _rows(
    source: dict, tolerances: dict[str, float], config: dict, label: str, fixed: str = ""
) -> list[dict]:
    value_col = source.get("value", "value")
    bounds = load_rules().spec["bounds"]
    out = []
    for r in _select(source):
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
    """Reference rows of a measure (its ``contrast`` series if asked), sorted by date, each cited."""
    config = load_config()
    tolerances = tolerances or load_rules().tolerances
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


# ------------------------------------------------------------------------------------------ verdicts


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
        return f"USD {num(x)}"
    if unit == "percent":
        return f"{x:g}%"
    return num(x) if float(x) == int(x) else f"{x:,.2f}".rstrip("0").rstrip(".")


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
    ser = series(measure, scope, tolerances)
    if ser.empty:
        out["verdict_reason"] = (
            spec.get("missing") or f"no reference series for {measure} ({scope or 'any scope'})"
        )
        return out
    cur = value_at(ser[ser["source_tier"].isin(VERIFYING_TIERS)], date)
    latest = value_at(ser, date)
    if latest is None:
        out["verdict_reason"] = f"no reference value dated on or before {date.date()}"
        return out
    newer_secondary = latest if cur is None or latest["valid_from"] > cur["valid_from"] else None
    if newer_secondary is not None and (
        cur is None or bool(_fits(claim, newer_secondary)) != bool(_fits(claim, cur))
    ):
        out["ref"] = newer_secondary
        out["verdict"] = "unverified"
        fits = "fits" if _fits(claim, newer_secondary) else "does not fit"
        checked = (
            f"; the latest UN, FES, SIPRI or wire value, {_ref_text(cur, unit)} [{cur['source_tier']}], "
            f"{'fits' if _fits(claim, cur) else 'does not fit'} it"
            if cur is not None
            else "; no UN, FES or SIPRI document or wire report gives this figure"
        )
        out["verdict_reason"] = (
            f"the latest figure by {date.date()} comes only from a secondary source: "
            f"{_ref_text(newer_secondary, unit)} ({fits} the claim){checked}"
        )
        return out
    out["ref"] = cur
    claim_text = (
        f"“{claim['text']}” = {fmt_interval(claim['value_low'], claim['value_high'], claim['bounds'], unit)}"
    )
    notes = [n for n in (spec.get("note"),) if n]
    after = spec.get("after")
    if after and date > pd.Timestamp(after["date"]):
        notes.append(after["note"])
    contrast = spec.get("contrast")
    if contrast:
        cser = series(measure, scope, tolerances, contrast=True)
        crow = value_at(cser, date)
        if crow is not None:
            notes.append(f"{contrast['label']}: {fmt(crow['value'], unit)} ({crow['date_text']})")
    tail = ("; " + "; ".join(notes)) if notes else ""
    fit = _fits(claim, cur)
    rival = _disagreeing_source(claim, ser, cur, date, fit)
    if rival is not None:
        out["verdict"] = "sources disagree"
        out["verdict_reason"] = (
            f"{claim_text}: the sources disagree. {_ref_text(cur, unit)} [{cur['source_tier']}] "
            f"{'fits' if fit else 'does not fit'} it; {_ref_text(rival, unit)} [{rival['source_tier']}] "
            f"{'fits' if _fits(claim, rival) else 'does not fit'} it{tail}"
        )
        return out
    if fit == "consistent":
        out["verdict"] = "consistent"
        out["verdict_reason"] = f"{claim_text} overlaps the reference {_ref_text(cur, unit)}{tail}"
        return out
    if fit == "rounded":
        out["verdict"] = "rounded"
        out["verdict_reason"] = (
            f"{claim_text} is a round figure; rounded to its last digit it covers the reference "
            f"{_ref_text(cur, unit)}{tail}"
        )
        return out
    earlier = ser[ser["valid_from"] < cur["valid_from"]].iloc[::-1]
    for _, r in earlier.iterrows():
        if _fits(claim, r):
            out["verdict"] = "outdated"
            out["verdict_reason"] = (
                f"{claim_text} matches the earlier reference {_ref_text(r, unit)}, superseded by "
                f"{_ref_text(cur, unit)}{tail}"
            )
            return out
    side = "below" if float(claim["value_high"]) <= float(cur["value_low"]) else "above"
    verb = "understates" if side == "below" else "overstates"
    out["verdict"] = "inconsistent"
    out["verdict_reason"] = (
        f"{claim_text} lies {side} the reference {_ref_text(cur, unit)}: it {verb} it{tail}"
    )
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
    docs = documents.set_index("doc_id")
    definitional = {
        r["id"]: r["reference_series"] for r in load_rules().measure_rules if "reference_series" in r
    }
    config = load_config()
    rows = []
    for c in _clean(claims).to_dict("records"):
        d = docs.loc[c["doc_id"]]
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
    for col in ("ref_row", *quantities.OFFSET_COLUMNS):
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


def sensitivity(
    claims: pd.DataFrame, documents: pd.DataFrame, name: str = "approximately", values=(0.05, 0.10, 0.20)
) -> pd.DataFrame:
    """Verdict counts of the comparable claims when one tolerance changes (claims and references),
    with the claims whose verdict differs from the stored one. Definitional verdicts are counted in
    their own column, as in :func:`verdict_table`."""
    claims = _clean(claims)
    labels = outlet_labels(documents)
    comparable = claims[claims["verdict"] != "not comparable"]
    rows = []
    for v in values:
        tol = with_tolerance(name, v)
        res = reconcile(requalify(comparable[CLAIM_COLUMNS], tol), documents, tol)
        definitional = res["verdict_basis"] == BASIS_DEFINITIONAL
        counts = res.loc[~definitional, "verdict"].value_counts()
        row = {f"{name} tolerance": f"±{v:.0%}" if name == "approximately" else f"{v:.0%}"}
        row.update({k: int(counts.get(k, 0)) for k in VERDICTS})
        row[BASIS_DEFINITIONAL] = int(definitional.sum())
        row.update(_changed_verdicts(res, comparable, labels))
        rows.append(row)
    return pd.DataFrame(rows)


def _changed_verdicts(res: pd.DataFrame, stored: pd.DataFrame, labels: dict[str, str]) -> dict:
    """How many verdicts of ``res`` differ from the ``stored`` ones, and which claims, as text."""
    moved = res["verdict"].to_numpy() != stored["verdict"].to_numpy()
    changed = "; ".join(
        f"{labels[d]} “{t}”: {old} → {new}"
        for d, t, old, new in zip(
            res["doc_id"][moved],
            res["text"][moved],
            stored["verdict"][moved],
            res["verdict"][moved],
            strict=True,
        )
    )
    return {"verdicts changed": int(moved.sum()), "changed claims": changed}


def convention_sensitivity(
    claims: pd.DataFrame, documents: pd.DataFrame, qualifier: str = "nearly", bounds=("[)", "[]")
) -> pd.DataFrame:
    """Verdict counts when the convention for ``qualifier`` changes: whether "nearly 500" may be 500
    itself ("[]") or stops short of it ("[)", the rules file's default). Claims only; the claims whose
    verdict differs from the stored one are listed."""
    claims = _clean(claims)
    labels = outlet_labels(documents)
    comparable = claims[claims["verdict"] != "not comparable"]
    rows = []
    for b in bounds:
        c = comparable[CLAIM_COLUMNS].copy()
        c.loc[c["qualifier"] == qualifier, "bounds"] = b
        res = reconcile(c, documents)
        counts = res["verdict"].value_counts()
        row = {f"“{qualifier} N” is": f"{b[0]}…, N{b[1]}" + (" (rules file)" if b == bounds[0] else "")}
        row.update({k: int(counts.get(k, 0)) for k in VERDICTS if k != "not comparable"})
        row.update(_changed_verdicts(res, comparable, labels))
        rows.append(row)
    return pd.DataFrame(rows)


def _esc(text: object) -> str:
    """:func:`findings.esc`, and "$" as an HTML entity (Markdown reads "$...$" as mathematics)."""
    return esc(text).replace("$", "&#36;")


def _clean(q: pd.DataFrame) -> pd.DataFrame:
    """Empty text cells as "" (``processed.load`` reads them as missing)."""
    q = q.copy()
    for col in q.columns:
        if not (pd.api.types.is_numeric_dtype(q[col]) or pd.api.types.is_bool_dtype(q[col])):
            q[col] = q[col].fillna("").astype(str)
    return q


def hedged_qualifiers() -> tuple[str, ...]:
    """Qualifiers that widen a figure into an interval: every qualifier of rules.yaml (``bounds``)
    except ``exact`` and ``vague`` (so "about", "nearly", "more than", ..., and ranges)."""
    return tuple(x for x in load_rules().spec["bounds"] if x not in ("exact", "vague"))


def qualifier_counts(q: pd.DataFrame) -> dict[str, int]:
    """How many claims are exact, hedged (:func:`hedged_qualifiers`) and vague: the one count behind
    :func:`ledger_summary` and :func:`ledger_prose`."""
    qual = q["qualifier"]
    return {
        "exact": int((qual == "exact").sum()),
        "hedged": int(qual.isin(hedged_qualifiers()).sum()),
        "vague": int((qual == "vague").sum()),
    }


def ledger_summary(q: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: how many claims, how exact, how often sourced, and what they measure."""
    q = _clean(q)
    labels = outlet_labels(documents)
    words = documents.set_index("doc_id")["n_body_words"]
    rows = []
    for d in outlet_order(documents):
        r = q[q["doc_id"] == d]
        n = len(r)
        rows.append(
            {
                "outlet": labels[d],
                "claims": n,
                "per 1,000 words": round(1000 * n / words[d], 1),
                **qualifier_counts(r),
                "attributed": int((r["attribution"] != "").sum()),
                "personnel": int(
                    r["measure"].isin(STRENGTH_MEASURES + ("national_contingent", "wagner_personnel")).sum()
                ),
                "deaths": int(
                    r["measure"]
                    .isin(
                        [
                            "peacekeeper_fatalities",
                            "moura_deaths",
                            "militants_claimed_killed",
                            "conflict_deaths",
                        ]
                    )
                    .sum()
                ),
                "money": int((r["unit"] == "USD").sum()),
                "durations": int((r["measure"] == "duration").sum()),
                "compared": int(r["verdict"].isin(COMPARED).sum()),
            }
        )
    return pd.DataFrame(rows)


def ledger(q: pd.DataFrame, documents: pd.DataFrame, compared_only: bool = False) -> pd.DataFrame:
    """Every claim, in outlet order: what was said, how exact, who said it, and the verdict."""
    q = _clean(q)
    labels = outlet_labels(documents)
    order = {d: i for i, d in enumerate(outlet_order(documents))}
    q = q.assign(_o=q["doc_id"].map(order)).sort_values(["_o", "start"], kind="stable")
    if compared_only:
        q = q[q["verdict"] != "not comparable"]
    return pd.DataFrame(
        {
            "outlet": q["doc_id"].map(labels),
            "claim": q["text"],
            "interval": [fmt_interval(r.value_low, r.value_high, r.bounds, r.unit) for r in q.itertuples()],
            "qualifier": q["qualifier"].str.replace("_", " "),
            "unit": q["unit"],
            "counted": q["noun"],
            "measure": q["measure"].map(measure_labels()).fillna(q["measure"]),
            "attribution": q["attribution"],
            "verdict": q["verdict"],
        }
    ).reset_index(drop=True)


def split_compared(q: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The compared claims whose verdict is evidence (basis independent) and the definitional ones,
    whose measure was assigned because the value equals a reference value (they cannot disagree)."""
    q = _clean(q)
    comp = q[q["verdict"].isin(COMPARED)]
    definitional = comp["verdict_basis"] == BASIS_DEFINITIONAL
    return comp[~definitional], comp[definitional]


def verdict_table(q: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Verdict counts per outlet. Definitional verdicts (measure assigned because the value equals a
    reference value) are counted in their own column, not under their verdict."""
    q = _clean(q)
    labels = outlet_labels(documents)
    definitional = q["verdict_basis"] == BASIS_DEFINITIONAL
    column = q["verdict"].where(~definitional, BASIS_DEFINITIONAL)
    t = (
        pd.crosstab(q["doc_id"], column)
        .reindex(index=outlet_order(documents), columns=[*VERDICTS, BASIS_DEFINITIONAL])
        .fillna(0)
    )
    t = t.astype(int)
    t.index = [labels[d] for d in t.index]
    t.loc["all outlets"] = t.sum()
    t.index.name = "outlet"
    return t.reset_index()


def verdict_details(q: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The compared claims with the reference used and the reason for each verdict."""
    q = _clean(q)
    labels = outlet_labels(documents)
    order = {d: i for i, d in enumerate(outlet_order(documents))}
    c = q[q["verdict"].isin(COMPARED)].copy()
    c = c.assign(_o=c["doc_id"].map(order)).sort_values(["_o", "start"], kind="stable")
    return pd.DataFrame(
        {
            "outlet": c["doc_id"].map(labels),
            "date": c["date_compared"],
            "claim": c["text"],
            "measure": c["measure"].map(measure_labels()).fillna(c["measure"]),
            "verdict": c["verdict"],
            "basis": c["verdict_basis"],
            "reference": [
                f"{fmt_interval(r.ref_low, r.ref_high, r.ref_bounds, r.unit)} ({r.ref_date})"
                for r in c.itertuples()
            ],
            "reason": c["verdict_reason"],
            "stable over date range": c["verdict_stable"].map({True: "yes", False: "no"}),
        }
    ).reset_index(drop=True)


def not_comparable_table(q: pd.DataFrame) -> pd.DataFrame:
    """Claims that were not compared, grouped by the reason."""
    q = _clean(q)
    nc = q[q["verdict"] == "not comparable"]
    reason = nc["verdict_reason"].str.replace(
        r"^no reference series for the measure .*$", "no reference series for this measure", regex=True
    )
    g = nc.assign(reason=reason).groupby("reason", sort=True)
    return (
        pd.DataFrame(
            {
                "reason": [k for k, _ in g],
                "claims": [len(x) for _, x in g],
                "measures": [", ".join(sorted(x["measure"].map(measure_labels()).unique())) for _, x in g],
            }
        )
        .sort_values("claims", ascending=False, kind="stable")
        .reset_index(drop=True)
    )


def _definitional_prose(defs: pd.DataFrame, documents: pd.DataFrame) -> str:
    """The definitional verdicts in words, as a sentence (empty when there are none)."""
    if defs.empty:
        return ""
    labels, names = outlet_labels(documents), measure_labels()
    which = join(
        f"{_esc(labels[r.doc_id])}'s “{_esc(r.text)}” ({names.get(r.measure, r.measure)})"
        for r in defs.itertuples()
    )
    one = len(defs) == 1
    return (
        f"{plural(len(defs), 'of them', 'of them')} ({which}) {'is' if one else 'are'} set apart as "
        f"*definitional*: {'its' if one else 'their'} measure was assigned because the value equals a value "
        f"of the reference series {'it is' if one else 'they are'} compared with, so "
        f"{'it agrees' if one else 'they agree'} with it by construction and {'is' if one else 'are'} left out "
        "of the verdict counts."
    )


def headline(q: pd.DataFrame, documents: pd.DataFrame) -> str:
    """One paragraph: how many figures, how many comparable, and the verdicts of the claims whose
    measure did not come from the reference values (the definitional ones are named apart)."""
    q = _clean(q)
    scored, defs = split_compared(q)
    counts = scored["verdict"].value_counts()
    parts = [
        f"{int(counts[v])} {'is' if counts[v] == 1 else 'are'} {v}" for v in COMPARED if counts.get(v, 0)
    ]
    bad = scored[scored["verdict"] == "inconsistent"]
    labels, names = outlet_labels(documents), measure_labels()
    bad_desc = join(
        f"{_esc(labels[r.doc_id])}'s “{_esc(r.text)}” ({names.get(r.measure, r.measure)})"
        for r in bad.itertuples()
    )
    unchecked = q[q["verdict"].isin(UNCHECKED)]
    text = (
        f"The {plural(len(documents), 'text')} state {plural(len(q), 'numeric claim')}; "
        f"{len(scored) + len(defs)} of them can be checked against a primary (UN, FES, SIPRI) or wire "
        "(AFP, Reuters, AP, dpa) value in force at the article's date."
    )
    defs_text = _definitional_prose(defs, documents)
    if len(scored):
        text += f" {defs_text} Of the other {len(scored)}, " if defs_text else " Of those, "
        text += join(parts) + (f"; the inconsistent ones are {bad_desc}." if len(bad) else ".")
    elif defs_text:
        text += f" {defs_text}"
    if len(unchecked):
        kinds = unchecked["verdict"].value_counts()
        text += (
            f" {len(unchecked)} more cannot be judged on that evidence: "
            + join(f"{int(kinds[v])} {v}" for v in UNCHECKED if kinds.get(v, 0))
            + " (only secondary sources, or sources that disagree)."
        )
    return text


def ledger_prose(q: pd.DataFrame, documents: pd.DataFrame) -> str:
    """Who states most figures, how exact and how sourced they are."""
    q = _clean(q)
    s = ledger_summary(q, documents)
    top = s.loc[s["per 1,000 words"].idxmax()]
    counts = qualifier_counts(q)
    hedges = hedged_qualifiers()
    words = list(
        dict.fromkeys(x["words"][0] for x in load_rules().spec["qualifiers"] if x["qualifier"] in hedges)
    )
    if "range" in hedges:
        words.append("a range")
    hedge_words = join(words, "or")
    vague_words = sorted(set(q.loc[q["qualifier"] == "vague", "text"].str.lower()))
    attributed = q["attribution"] != ""
    bot = documents[documents["genre"] == "ai_chatbot_transcript"]["doc_id"]
    own = q[~q["doc_id"].isin(bot)]
    in_bot = q[q["doc_id"].isin(bot)]
    voiced = int((in_bot["attribution_rule_id"] == "a_document_voice").sum())
    bot_part = (
        f"Outside {'the chatbot transcript' if len(bot) == 1 else f'the {len(bot)} chatbot transcripts'} "
        f"(where {voiced} of {len(in_bot)} figures are "
        f"attributed to the chatbot itself), {pct((own['attribution'] != '').sum(), len(own))} of the figures "
        f"name a source ({plural(int((own['attribution'] != '').sum()), 'claim')}); "
        f"{pct(attributed.sum(), len(q))} including {'it' if len(bot) == 1 else 'them'}."
        if len(bot)
        else f"{pct(attributed.sum(), len(q))} of the figures name a source."
    )
    return (
        f"{_esc(top['outlet'])} is the densest in figures ({top['per 1,000 words']:g} claims per 1,000 body "
        f"words, {plural(int(top['claims']), 'claim')}). Across the corpus {pct(counts['hedged'], len(q))} of "
        f"the claims carry a hedge ({_esc(hedge_words)}) and {pct(counts['vague'], len(q))} are "
        f"vague quantities ({_esc(join(vague_words))}). " + bot_part
    )


def reference_points(measures: tuple[str, ...], since: str | None = None) -> pd.DataFrame:
    """Reference rows of these measures (and their contrast series) for a dot-and-interval chart."""
    frames = []
    for m in measures:
        for contrast in (False, True):
            s = series(m, contrast=contrast)
            if not s.empty:
                frames.append(s.assign(measure=m, contrast=contrast))
    out = pd.concat(frames, ignore_index=True)
    if since:
        out = out[out["date"] >= pd.Timestamp(since)]
    return out.sort_values(["measure", "contrast", "valid_from"], kind="stable").reset_index(drop=True)


def _resolution(r: Any) -> str:
    """The Security Council resolution a reference row's note or source names ("Res 2295"), or ""."""
    found = re.search(r"\b(?:Res\.?|resolution)\s*(\d{4})", f"{r.note} {r.source_title}", re.I)
    return found.group(1) if found else ""


def reference_table(measures: tuple[str, ...]) -> pd.DataFrame:
    """The reference rows of these measures as read for reconciliation, each with its source; the
    resolution is named where the row's note or source names it ("Res 2295", "resolution 2640")."""
    rows = []
    names = measure_labels()
    for m in measures:
        for r in series(m).itertuples():
            rows.append(
                {
                    "measure": names.get(m, m),
                    "date": r.date_text,
                    "resolution": _resolution(r),
                    "value": fmt(r.value),
                    "read as": r.qualifier.replace("_", " "),
                    "source": r.source_title,
                    "source_url": r.source_url,
                }
            )
    return pd.DataFrame(rows)


def strength_reference() -> dict[str, pd.DataFrame]:
    """The reference series of MINUSMA's size (ceilings, deployed snapshots and monthly data)."""
    return {m: series(m) for m in (*STRENGTH_MEASURES, "deployed_military")}


def in_force_since(ser: pd.DataFrame, date: pd.Timestamp) -> tuple[pd.Series, pd.Series] | None:
    """The row of ``ser`` in force at ``date`` and the first row of the uninterrupted run of rows with
    the same value that ends with it (the date from which that value has been in force)."""
    cur = value_at(ser, date)
    if cur is None:
        return None
    before = ser[ser["valid_from"] <= date]
    first = cur
    for _, r in before.iloc[::-1].iterrows():
        if r["value"] != cur["value"]:
            break
        first = r
    return cur, first


def strength_prose(q: pd.DataFrame, documents: pd.DataFrame) -> str:
    """How the outlets' size figures sit against the ceilings and deployed strength. Each ceiling is
    given with the date since which its value at the mandate's end had been in force without
    interruption (:func:`in_force_since`), computed per ceiling."""
    q = _clean(q)
    labels, names = outlet_labels(documents), measure_labels()
    config = load_config()
    s = q[q["measure"].isin(STRENGTH_MEASURES)]
    ceilings = []  # (word, row in force, first row of its run, date)
    for m, word in (("authorised_military", "military"), ("authorised_police", "police")):
        spec, ser = config["series"][m], series(m)
        if ser.empty:
            continue
        end = pd.Timestamp(spec["after"]["date"]) if spec.get("after") else ser["valid_from"].max()
        found = in_force_since(ser, end)
        if found is not None:
            ceilings.append((word, found[0], found[1], end))
    items = []
    for r in s.itertuples():
        definitional = ", definitional" if r.verdict_basis == BASIS_DEFINITIONAL else ""
        items.append(
            f"{_esc(labels[r.doc_id])} “{_esc(r.text)}” ({names.get(r.measure, r.measure)}, {r.verdict}{definitional}"
            + (f", against {fmt(r.ref_value)} of {r.ref_date}" if r.ref_date else "")
            + ")"
        )

    def since(row: pd.Series) -> str:
        res = _resolution(row)
        return f"{row['date_text']}" + (f" (Res {res})" if res else "")

    if not ceilings:
        intro = "No Security Council ceiling is in the reference data."
    else:
        ends = {c[3] for c in ceilings}
        when = (
            f"when the mandate ended ({max(ends).date()})" if len(ends) == 1 else "at the end of each series"
        )
        firsts = {since(c[2]) for c in ceilings}
        if len(ceilings) > 1 and len(firsts) == 1:
            values = join(f"{fmt(c[1]['value'])} {c[0]}" for c in ceilings)
            intro = f"The ceilings in force {when} were {values}, both unchanged since {firsts.pop()}"
        else:
            values = join(f"{fmt(c[1]['value'])} {c[0]} (unchanged since {since(c[2])})" for c in ceilings)
            intro = f"The ceilings in force {when} were {values}"
        total = (
            f"; {fmt(sum(c[1]['value'] for c in ceilings))} uniformed in all" if len(ceilings) == 2 else ""
        )
        intro += total + "."
    return (
        f"{intro} The outlets' size figures: {join(items)}. The figures measure different things — a "
        "ceiling, soldiers on the ground, or all staff including civilians — so each is compared only with "
        "its own series."
    )


def measure_prose(q: pd.DataFrame, documents: pd.DataFrame, measures: tuple[str, ...]) -> str:
    """One sentence per claim of these measures: claim, verdict, reference."""
    q = _clean(q)
    labels = outlet_labels(documents)
    s = q[q["measure"].isin(measures)]
    if s.empty:
        return "No text states such a figure."
    out = []
    for r in s.itertuples():
        ref = ""
        if r.ref_date:
            words = "" if r.ref_qualifier == "exact" else r.ref_qualifier.replace("_", " ") + " "
            ref = f" against {words}{fmt(r.ref_value, r.unit)} ({r.ref_date}, {_esc(r.ref_source_title)})"
        why = "" if r.ref_date else f" ({_esc(r.verdict_reason)})"
        basis = " (definitional: not counted)" if r.verdict_basis == BASIS_DEFINITIONAL else ""
        out.append(f"{_esc(labels[r.doc_id])} “{_esc(r.text)}”: **{r.verdict}**{basis}{ref}{why}.")
    return " ".join(out)


def caveats_prose(documents: pd.DataFrame) -> str:
    """Which texts are translations or chatbot transcripts (from the manifest), as a caveat."""
    from minusma_lib.core.labels import LANGUAGES

    labels = outlet_labels(documents)
    items = [
        f"the {_esc(labels[r.doc_id])} text is a {r.translation} translation from "
        f"{LANGUAGES.get(r.translated_from, r.translated_from)}"
        for r in documents.itertuples()
        if r.translation != "none"
    ]
    items += [
        f"the {_esc(labels[r.doc_id])} text is an AI chatbot's answers (every figure in its answers is "
        "attributed to the chatbot)"
        for r in documents.itertuples()
        if r.genre == "ai_chatbot_transcript"
    ]
    if not items:
        return "**Caveats:** every text is an original, human-written text."
    return f"**Caveats:** {join(items)}."


def strength_markers() -> str:
    """What each claim marker shape of the strength chart stands for (from ``plots.STRENGTH_STYLE``)."""
    from minusma_lib.plots import STRENGTH_STYLE

    names = measure_labels()

    def shape(symbol: str) -> str:
        base = symbol.replace("-open", "").replace("-up", "")
        return ("open " if symbol.endswith("-open") else "") + base

    return (
        "Claim marker shapes tell the measure: "
        + join(
            f"{shape(STRENGTH_STYLE[m][2])} = {names.get(m, m)}"
            for m in STRENGTH_MEASURES
            if m in STRENGTH_STYLE
        )
        + "."
    )


def limitations_prose(q: pd.DataFrame, documents: pd.DataFrame) -> str:
    """The limitations of the comparison, as a Markdown list; every figure in it is computed."""
    q = _clean(q)
    config = load_config()
    labels = outlet_labels(documents)
    rules = load_rules()
    deployed = series("deployed_uniformed")
    monthly = deployed[deployed["file"] == "minusma_monthly_strength"]
    end = pd.Timestamp(config["series"]["authorised_military"]["after"]["date"])
    notes = [
        f"{_esc(spec.get('label', m))}: {_esc(spec['note'])}"
        for m, spec in config["series"].items()
        if spec.get("note") and re.search(r"not found|no source|no official", spec["note"])
    ]
    _, defs = split_compared(q)
    ref_rules = [r["id"] for r in rules.measure_rules if "reference_values" in r]
    bots = documents[documents["genre"] == "ai_chatbot_transcript"]["doc_id"]
    bot_scope = q[q["doc_id"].isin(bots) & q["verdict_reason"].str.startswith("different scope")]
    undated = documents[documents["date_earliest"] != documents["date_latest"]]
    items = []
    if len(monthly):
        last = monthly["date"].max()
        items.append(
            f"The reference is thin exactly where these texts are: the UN monthly strength data end in "
            f"{last:%B %Y}, {(end - last).days / 365.25:.1f} years before the mandate ended ({end.date()}); "
            "later deployed strength comes from UN-platform snapshots and wire copy (“more than”, “about”), so "
            "the deployed-strength verdicts are loose."
        )
    if notes:
        items.append(
            "What the reference data lack, as recorded in `data/quantities/reconcile.yaml`: "
            + "; ".join(notes)
            + "."
        )
    items.append(
        "An interval from a qualifier is a convention: “more than” has no natural upper end, so its upper "
        "tolerance is a parameter; the sensitivity table shows how the verdicts move with the main tolerance."
    )
    items.append(
        "Measures come from keyword rules on the counted noun and its sentence, plus "
        f"{plural(len(ref_rules), 'rule')} ({', '.join(ref_rules)}) that read a figure equal to a value of a "
        f"reference series as that measure whatever verb the author uses; the {plural(len(defs), 'claim')} so "
        "classified agree with their series by construction, so they are marked *definitional* and left out of "
        "the verdict counts. The rules were written with these texts in view; the validation scores show agreement "
        "with the hand coding on them, not performance on new articles."
    )
    items.append(
        "Attribution follows the text's grammar (“according to”, speech verbs, quotations); a figure stated in "
        "the author's voice but taken from an unnamed source counts as unattributed."
    )
    if len(bot_scope):
        which = join(
            f"{_esc(labels[r.doc_id])} “{_esc(r.text)}” ({_esc(r.verdict_reason.removeprefix('different scope: '))})"
            for r in bot_scope.itertuples()
        )
        items.append(f"The chatbot's figures not compared because of their scope: {which}.")
    items.append(
        f"The publication dates of {plural(len(undated), 'text')} are estimates (notebook 00); their verdicts "
        "are also computed at both ends of their date ranges."
    )
    return "\n".join(f"- {x}" for x in items)


def verdict_prose(q: pd.DataFrame, documents: pd.DataFrame) -> str:
    """Verdicts per outlet (definitional ones apart), the unstable ones, and what could not be compared."""
    q = _clean(q)
    labels, names = outlet_labels(documents), measure_labels()
    scored, defs = split_compared(q)
    per = []
    for d in outlet_order(documents):
        r = scored[scored["doc_id"] == d]
        if len(r):
            good = r["verdict"].isin(["consistent", "rounded"]).sum()
            per.append(f"{_esc(labels[d])} {good} of {len(r)}")
    comp = pd.concat([scored, defs])
    unstable = comp[~comp["verdict_stable"].astype(bool)]
    undated = documents[documents["date_earliest"] != documents["date_latest"]]
    nc = q[q["verdict"] == "not comparable"]
    unchecked = q[q["verdict"].isin(UNCHECKED)]
    scope = nc[nc["verdict_reason"].str.startswith("different scope")]
    no_series = nc[nc["verdict_reason"].str.startswith("no reference series for the measure")]
    other = nc[~nc.index.isin(scope.index) & ~nc.index.isin(no_series.index)]
    reasons = []
    if len(scope):
        reasons.append(
            f"{len(scope)} because of a different scope ({_esc(join(sorted(set(scope['scope']))))})"
        )
    if len(no_series):
        measured = join(sorted({names.get(m, m) for m in no_series["measure"]}))
        reasons.append(
            f"{len(no_series)} because no reference series exists for what they measure ({_esc(measured)})"
        )
    if len(other):
        measured = join(sorted({names.get(m, m) for m in other["measure"]}))
        reasons.append(
            f"{len(other)} because no reference value was found for their scope or date ({_esc(measured)})"
        )
    return (
        "Claims consistent with the reference or rounded from it, per outlet"
        + (f" (the {plural(len(defs), 'definitional verdict')} left out)" if len(defs) else "")
        + f": {join(per)}. "
        + (
            f"{plural(len(unstable), 'verdict')} would change within the article's plausible date range. "
            if len(unstable)
            else "No verdict changes anywhere within the plausible date range of the "
            f"{plural(len(undated), 'text')} whose date is an estimate. "
        )
        + (
            f"{plural(len(unchecked), 'claim')} could not be judged on primary or wire evidence ("
            + join(f"{_esc(labels[r.doc_id])} “{_esc(r.text)}”: {r.verdict}" for r in unchecked.itertuples())
            + "). "
            if len(unchecked)
            else ""
        )
        + f"{plural(len(nc), 'claim')} could not be compared"
        + (f": {join(reasons)}." if reasons else ".")
    )


def validation_table(scores: dict[str, Any]) -> pd.DataFrame:
    """The extractor's scores against the hand coding, with the thresholds of ``rules.yaml``
    (``validation_thresholds``, also asserted by the tests)."""
    thresholds = quantities.validation_thresholds()
    names = {
        "recall": "recall (manual claims found)",
        "precision": "precision (extracted claims that are manual claims)",
        "value_accuracy": "value correct (matched pairs)",
        "measure_accuracy": "measure correct (matched pairs)",
        "qualifier_accuracy": "qualifier correct (matched pairs)",
        "unit_accuracy": "unit correct (matched pairs)",
        "exact_span_share": "identical span (matched pairs)",
        "attribution_agreement": "attribution present/absent agrees (matched pairs)",
    }
    return pd.DataFrame(
        [
            {
                "score": names[k],
                "value": round(scores[k], 3),
                "threshold": thresholds.get(k, ""),
                "holds": ("yes" if scores[k] >= thresholds[k] else "NO") if k in thresholds else "",
            }
            for k in names
        ]
    )


def validation_prose(scores: dict[str, Any], documents: pd.DataFrame) -> str:
    """The scores in words, and which documents have no hand coding (left out of every score)."""
    labels = outlet_labels(documents)
    not_coded = [d for d in outlet_order(documents) if d in set(scores["not_coded"])]
    coverage = (
        f"{plural(len(not_coded), 'text')} ({_esc(join(labels[d] for d in not_coded))}) "
        f"{'has' if len(not_coded) == 1 else 'have'} no hand coding yet: {'its' if len(not_coded) == 1 else 'their'} "
        f"{plural(scores['extracted_not_coded'], 'extracted claim')} are left out of every score (neither "
        "matches nor false positives). "
        if not_coded
        else "Every text with extracted claims is hand-coded. "
    )
    return coverage + (
        f"Against the {scores['manual']} hand-coded claims, the extractor found {scores['matched']} "
        f"(recall {scores['recall']:.3f}) and produced {scores['extracted'] - scores['matched']} extra "
        f"(precision {scores['precision']:.3f}). Of the matched claims, {pct(scores['value_accuracy'], 1)} have "
        f"the right value, {pct(scores['measure_accuracy'], 1)} the right measure and "
        f"{pct(scores['qualifier_accuracy'], 1)} the right qualifier; attribution (present or absent) agrees for "
        f"{pct(scores['attribution_agreement'], 1)}. The rules were written while looking at these texts, so "
        "these scores show that the rules reproduce the coding, not how they would do on new articles."
    )


def method_prose() -> str:
    """The tolerances in force (from ``rules.yaml``), as a sentence."""
    rules = load_rules()
    t = rules.tolerances
    shown = ("v_a_dozen", "v_hundreds", "v_thousands", "v_tens_of_thousands")
    vague = [
        f"{v['words'][0]} = {num(v['low'])} to {num(v['high'])}"
        for v in rules.spec["vague"]
        if v["id"] in shown
    ]
    return (
        f"Intervals: *about/around/roughly* ±{t['approximately']:.0%}; *nearly/almost* up to "
        f"{t['nearly']:.0%} below the value (the value itself excluded); *more than/over* up to "
        f"{t['more_than']:.0%} above (the value excluded); *at least* up to {t['at_least']:.0%} above; "
        f"*up to* down to {t['up_to']:.0%} below; *less than* down to {t['less_than']:.0%} below; vague words "
        f"their own range ({join(vague)}). A reference figure worded the same way gets the same interval. "
        "The tolerances are named parameters in `data/quantities/rules.yaml`."
    )


def measure_table(q: pd.DataFrame) -> pd.DataFrame:
    """The measure vocabulary with how many claims each has and how many were compared."""
    q = _clean(q)
    rows = []
    for m, entry in load_rules().spec["measures"].items():
        r = q[q["measure"] == m]
        rows.append(
            {
                "measure": m,
                "definition": entry["definition"],
                "claims": len(r),
                "compared": int(r["verdict"].isin(COMPARED).sum()),
                "reference series": "yes" if m in load_config()["series"] else "",
            }
        )
    return pd.DataFrame(rows)


def sensitivity_prose(table: pd.DataFrame) -> str:
    """What the sensitivity table says: which claims change verdict at which tolerance."""
    col = table.columns[0]
    changed = table[table["verdicts changed"] > 0]
    if changed.empty:
        return f"No verdict changes over the tolerances tried ({join(table[col])})."
    parts = [
        f"at {r[col]} {plural(int(r['verdicts changed']), 'verdict')} "
        f"{'changes' if r['verdicts changed'] == 1 else 'change'} ({_esc(r['changed claims'])})"
        for r in changed.to_dict("records")
    ]
    steady = table[table["verdicts changed"] == 0][col]
    return (
        f"Compared with the stored verdicts, {join(parts)}"
        + (f"; at {join(steady)} none changes" if len(steady) else "")
        + ". A claim whose verdict moves with the tolerance sits at the edge of its reference interval."
    )
