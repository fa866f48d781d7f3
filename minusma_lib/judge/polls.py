"""Cited poll figures against the published Mali-Mètre series (FES): the reference row each figure
most plausibly reports, and a verdict (see :data:`VERDICTS`) with its reason."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from minusma_lib.core.errors import ReferenceDataError
from minusma_lib.corpus.reference import load_reference
from minusma_lib.extract.polls import POLL_COLUMNS, config_path, load_config

VERDICTS = ("matches", "near", "differs", "scope differs", "not found in the reference")

NATIONAL_SAMPLE = "national sample (adults in Bamako and the regional capitals)"

UNCHECKABLE = ("scope differs", "not found in the reference")


def _direction_level(measure: str) -> tuple[str, str]:
    m = measure.lower()
    if "reproach" in m or "opinion" in m or "favourable" in m or "mandate" in m:
        return "other", "single"
    direction = "dissatisfied" if "dissatisfied" in m else "satisfied" if "satisfied" in m else "other"
    if m.startswith(("very ", "rather ")):
        return direction, "component"
    return direction, "total"


def _group(region: str, zones: dict[str, list[str]]) -> tuple[str, str, str]:
    """(group_kind, group, zone) from the reference's region column."""
    if region == "national":
        # The Mali-Mètre "national" sample is adults in Bamako and the regional capitals: an urban
        # sample (data/reference/SOURCES.md, Primary-source audit), not all adults of Mali.
        return "national", NATIONAL_SAMPLE, ""
    if region.startswith("national - "):
        rest = region.removeprefix("national - ")
        if rest in ("men", "women"):
            return "sex", rest, ""
        if rest.startswith("age "):
            return "age", rest.removeprefix("age "), ""
        if rest.startswith("education "):
            return "education", rest.removeprefix("education "), ""
        return "subgroup", rest, ""
    zone = next((z for z, regions in zones.items() if region in regions), "")
    return "region", region, zone


def reference_series() -> pd.DataFrame:
    """The reference poll rows, normalised: edition date and fieldwork window, group, direction."""
    cfg = load_config()
    polls = load_reference("satisfaction_polls")
    editions = load_reference("poll_editions").set_index("edition")
    rows = []
    for line, r in enumerate(polls.itertuples(), start=2):
        if r.poll != cfg["reference_pollster"]:
            raise ReferenceDataError(
                f"data/reference/satisfaction_polls.csv row {line}: poll {r.poll!r} is not the reference "
                f"pollster {cfg['reference_pollster']!r} of {config_path()}; extend the configuration first."
            )
        if r.edition not in editions.index:
            raise ReferenceDataError(
                f"data/reference/satisfaction_polls.csv row {line}: edition {r.edition!r} has no row in "
                "data/reference/poll_editions.csv; add its plotting date and basis there."
            )
        e = editions.loc[r.edition]
        plot_date = dt.date.fromisoformat(e["plot_date"]) if e["plot_date"] else None
        start = end = plot_date  # without published fieldwork dates the window is the release date
        if plot_date and e["fieldwork_start"]:
            start = dt.date.fromisoformat(e["fieldwork_start"])
            end = dt.date.fromisoformat(e["fieldwork_end"])
        direction, level = _direction_level(r.measure)
        kind, group, zone = _group(r.region, cfg["region_zones"])
        rows.append(
            {
                "edition_key": e["edition_key"],
                "edition": r.edition,
                "plot_date": plot_date,
                "window_start": start,
                "window_end": end,
                "window_basis": e["date_basis"],
                "group_kind": kind,
                "group": group,
                "zone": zone,
                "measure": r.measure,
                "direction": direction,
                "level": level,
                "value": float(r.value_pct),
                "sample_size": r.sample_size,
                "note": r.note,
                "source_title": r.source_title,
                "source_url": r.source_url,
            }
        )
    return pd.DataFrame(rows)


def _month_date(period: str) -> dt.date:
    y, m = period.split("-")
    return dt.date(int(y), int(m), 15)


def edition_name(key: str) -> str:
    return f"Mali-Mètre {key.removeprefix('mm')}"


def compare_with_reference(claim: dict, series: pd.DataFrame, article_date: dt.date) -> dict:
    """Link one poll claim to its most plausible reference row; give a verdict and the reason.

    A stated month is the same period as an edition when it lies within ``period_days`` of the
    edition's fieldwork (or of its release date where fieldwork dates are not published). The
    tolerance is applied once, here.
    """
    cfg = load_config()
    tol = cfg["tolerances"]
    days = dt.timedelta(days=tol["period_days"])
    out = dict.fromkeys(POLL_COLUMNS[POLL_COLUMNS.index("ref_edition") :], "")
    dated = series[series["plot_date"].notna()]
    totals = dated[(dated["direction"] == claim["direction"]) & (dated["level"] == "total")]
    if claim["period"]:
        when = _month_date(claim["period"])
        in_period = totals[(totals["window_start"] - days <= when) & (when <= totals["window_end"] + days)]
        when_text = claim["period_text"]
    else:
        past = totals[totals["plot_date"] <= article_date]
        in_period = past[past["plot_date"] == past["plot_date"].max()] if len(past) else past
        when_text = f"the latest edition before the article ({article_date})"
    scope = next((s for s in cfg["scopes"] if s["id"] == claim["scope"]), None)
    ref_scope = scope["reference_scope"] if scope else "national"
    if ref_scope == "national":
        same_scope = in_period[in_period["group_kind"] == "national"]
    else:
        same_scope = in_period[(in_period["group_kind"] == "region") & (in_period["zone"] == ref_scope)]
    if claim["pollster"] not in (cfg["reference_pollster"], "unattributed"):
        national = in_period[in_period["group_kind"] == "national"]
        seen = (
            f" For comparison, {edition_name(national.iloc[0]['edition_key'])} found "
            f"{national.iloc[0]['value']:g}% {claim['direction']} nationally."
            if len(national)
            else ""
        )
        out.update(
            verdict="not found in the reference",
            reason=f"The reference holds no {claim['pollster']} series (see data/reference/SOURCES.md, gaps).{seen}",
        )
        return out
    if not len(in_period):
        out.update(
            verdict="not found in the reference",
            reason=f"No {edition_name('')}{claim['direction']} figure within {tol['period_days']} days of {when_text}.",
        )
        return out
    candidates = same_scope if len(same_scope) else in_period
    best = candidates.loc[(candidates["value"] - claim["value"]).abs().idxmin()]
    diff = abs(best["value"] - claim["value"])
    out.update(
        ref_edition=best["edition_key"],
        ref_group=best["group"],
        ref_measure=best["measure"],
        ref_value=best["value"],
        ref_source_url=best["source_url"],
    )
    where = f"{edition_name(best['edition_key'])} ({best['group']}, {best['measure']}: {best['value']:g}%)"
    basis = best["window_basis"].rstrip(".")
    if not len(same_scope):
        verdict = "scope differs"
        reason = f"No reference figure for the article's population ({claim['scope_text'] or claim['scope']}); nearest: {where}."
    elif diff <= tol["match_pp"]:
        verdict = "matches"
        reason = f"Same figure as {where}; {when_text} is within {tol['period_days']} days of it ({basis})."
    elif diff <= tol["near_pp"]:
        verdict = "near"
        reason = f"{diff:g} points from {where}."
    else:
        verdict = "differs"
        reason = f"{diff:g} points from the closest reference figure for that population and period, {where}."
    out.update(verdict=verdict, reason=reason)
    return out


def on_national_series(polls: pd.DataFrame) -> pd.DataFrame:
    """The cited figures about the population the national series measures (a claim about Central
    Mali, say, is not drawn on the national axis: it is listed in the table instead)."""
    national = {s["id"] for s in load_config()["scopes"] if s["reference_scope"] == "national"}
    return polls[polls["scope"].isin(national) | (polls["scope"].fillna("") == "")]


def compare_claims_with_reference(
    claims: pd.DataFrame, series: pd.DataFrame, documents: pd.DataFrame
) -> pd.DataFrame:
    dates = {r.doc_id: dt.date.fromisoformat(r.date_published) for r in documents.itertuples()}
    rows = [{**c, **compare_with_reference(c, series, dates[c["doc_id"]])} for c in claims.to_dict("records")]
    return pd.DataFrame(rows, columns=POLL_COLUMNS)
