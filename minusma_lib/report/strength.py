"""Notebook 03's strength section: MINUSMA's ceilings and deployed strength, and the claims about them.

Reference series come from :mod:`minusma_lib.judge.reconcile` (cited rows of ``data/reference/``);
the prose names each figure's date and source.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from minusma_lib.core.labels import MEASURE_STYLE, outlet_labels
from minusma_lib.core.tables import text_cells
from minusma_lib.corpus.series import load_config
from minusma_lib.extract.quantity_rules import measure_labels
from minusma_lib.judge.reconcile import BASIS_DEFINITIONAL, fmt, series, value_at
from minusma_lib.report.text import esc_dollar, join

STRENGTH_MEASURES = (
    "authorised_military",
    "authorised_police",
    "deployed_uniformed",
    "deployed_police",
    "civilian_staff",
    "total_personnel",
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
    """The reference series of MINUSMA's size (ceilings, deployed snapshots and monthly data), with
    the uniformed ceiling (military + police) as ``authorised_uniformed`` when both are known."""
    out = {m: series(m) for m in (*STRENGTH_MEASURES, "deployed_military")}
    mil, pol = out.get("authorised_military"), out.get("authorised_police")
    if mil is not None and pol is not None and not mil.empty and not pol.empty:
        out["authorised_uniformed"] = uniformed_ceiling(mil, pol)
    return out


def uniformed_ceiling(military: pd.DataFrame, police: pd.DataFrame) -> pd.DataFrame:
    """The authorised uniformed ceiling at every date either ceiling changed: military + police."""
    dates = sorted(set(military["date"]) | set(police["date"]))
    value = [
        military[military["date"] <= d]["value"].iloc[-1] + police[police["date"] <= d]["value"].iloc[-1]
        for d in dates
    ]
    return pd.DataFrame({"date": dates, "value": value})


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
    q = text_cells(q)
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
            f"{esc_dollar(labels[r.doc_id])} “{esc_dollar(r.text)}” ({names.get(r.measure, r.measure)}, {r.verdict}{definitional}"
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
    q = text_cells(q)
    labels = outlet_labels(documents)
    s = q[q["measure"].isin(measures)]
    if s.empty:
        return "No text states such a figure."
    out = []
    for r in s.itertuples():
        ref = ""
        if r.ref_date:
            words = "" if r.ref_qualifier == "exact" else r.ref_qualifier.replace("_", " ") + " "
            ref = (
                f" against {words}{fmt(r.ref_value, r.unit)} ({r.ref_date}, {esc_dollar(r.ref_source_title)})"
            )
        why = "" if r.ref_date else f" ({esc_dollar(r.verdict_reason)})"
        basis = " (definitional: not counted)" if r.verdict_basis == BASIS_DEFINITIONAL else ""
        out.append(
            f"{esc_dollar(labels[r.doc_id])} “{esc_dollar(r.text)}”: **{r.verdict}**{basis}{ref}{why}."
        )
    return " ".join(out)


def strength_markers() -> str:
    """What each claim marker shape of the strength chart stands for (``core.labels.MEASURE_STYLE``)."""
    names = measure_labels()

    def shape(symbol: str) -> str:
        base = symbol.replace("-open", "").replace("-up", "")
        return ("open " if symbol.endswith("-open") else "") + base

    return (
        "Claim marker shapes tell the measure: "
        + join(
            f"{shape(MEASURE_STYLE[m][2])} = {names.get(m, m)}"
            for m in STRENGTH_MEASURES
            if m in MEASURE_STYLE
        )
        + "."
    )
