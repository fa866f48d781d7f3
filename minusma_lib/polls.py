"""Opinion-poll figures cited in the articles, matched to the published Mali-Mètre series.

The numbers come from the shared claim extraction (``quantities.csv``): a percentage is a poll
result when its sentence carries a poll cue (``data/polls/polls.yaml``). For each one this module
reads the direction (satisfied / dissatisfied), the population or scope, the period and the
pollster from the sentence and its paragraph, and links it to the reference edition it most
plausibly reports, with a verdict: matches, near, scope differs, or not found in the reference.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from minusma_lib.paths import data_dir
from minusma_lib.plots import outlet_labels
from minusma_lib.reference import load_reference

MONTHS = "January February March April May June July August September October November December".split()
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{4})\b")
_PERCENT = re.compile(r"%|\bper\s?cent\b|\bpercent\b", re.I)
VERDICTS = ("matches", "near", "scope differs", "not found in the reference")
POLL_COLUMNS = [
    "doc_id",
    "sent_id",
    "start",
    "end",
    "text",
    "value",
    "direction",
    "direction_cue",
    "scope",
    "scope_text",
    "period",
    "period_text",
    "pollster",
    "pollster_text",
    "ref_edition",
    "ref_group",
    "ref_measure",
    "ref_value",
    "ref_source_url",
    "verdict",
    "reason",
]


def config_path() -> Path:
    return data_dir() / "polls" / "polls.yaml"


@lru_cache(maxsize=2)
def _config(path: Path, mtime: float) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_config() -> dict:
    path = config_path()
    return _config(path, path.stat().st_mtime)


def _words(words: list[str]) -> re.Pattern[str]:
    return re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I
    )


# --- reference series -------------------------------------------------------------------------


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
        return "national", "all adults", ""
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
    """The Mali-Mètre rows, normalised: edition dates and windows, group, direction, level."""
    cfg = load_config()
    polls = load_reference("satisfaction_polls")
    editions = load_reference("poll_editions")
    days = dt.timedelta(days=cfg["tolerances"]["period_days"])
    rows = []
    by_edition = editions.set_index("edition")
    for r in polls.itertuples():
        if r.edition not in by_edition.index:
            raise ValueError(
                f"data/reference/satisfaction_polls.csv: edition {r.edition!r} has no row in "
                "data/reference/poll_editions.csv; add its plotting date and basis there."
            )
        e = by_edition.loc[r.edition]
        plot_date = dt.date.fromisoformat(e["plot_date"]) if e["plot_date"] else None
        start = end = None
        if plot_date:
            start = dt.date.fromisoformat(e["fieldwork_start"]) if e["fieldwork_start"] else plot_date - days
            end = dt.date.fromisoformat(e["fieldwork_end"]) if e["fieldwork_end"] else plot_date
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


# --- claims --------------------------------------------------------------------------------------


def is_percentage(text: str, unit: str = "") -> bool:
    return unit == "percent" or bool(_PERCENT.search(text))


def _nearest(pattern: re.Pattern[str], text: str, pos: int, after_first: bool = False) -> re.Match | None:
    hits = list(pattern.finditer(text))
    if not hits:
        return None
    if after_first:
        after = [m for m in hits if m.start() >= pos]
        if after:
            return after[0]
    return min(hits, key=lambda m: min(abs(m.start() - pos), abs(m.end() - pos)))


def describe_claim(sentence: str, claim_start: int, claim_end: int, context: list[str]) -> dict | None:
    """Read a percentage in its sentence (offsets relative to the sentence); None if not a poll."""
    cfg = load_config()
    if not _words(cfg["poll_cues"]).search(sentence):
        return None
    out: dict = {}
    # direction: the first cue after the number (its predicate), else the nearest before
    cues = {c.lower(): d for d, words in cfg["directions"].items() for c in words}
    m = _nearest(_words(list(cues)), sentence, claim_end, after_first=True)
    out["direction"] = cues[m.group().lower()] if m else "unknown"
    out["direction_cue"] = m.group() if m else ""
    # scope: most specific phrase in the sentence, then in the preceding sentences
    out["scope"], out["scope_text"] = "unspecified", ""
    for text in [sentence, *reversed(context)]:
        found = [(s, re.search(s["pattern"], text, re.I)) for s in cfg["scopes"]]
        found = [(s, hit) for s, hit in found if hit]
        if found:
            s, hit = found[0]
            if s["reference_scope"] != "national" or text is sentence:
                out["scope"], out["scope_text"] = s["id"], hit.group()
                break
    # period: the month and year nearest the number
    p = _nearest(_MONTH_YEAR, sentence, (claim_start + claim_end) // 2)
    if p:
        out["period"] = f"{p.group(2)}-{MONTHS.index(p.group(1)) + 1:02d}"
        out["period_text"] = p.group()
    else:
        out["period"], out["period_text"] = "", ""
    # pollster: named in the sentence or the preceding sentences of the paragraph
    out["pollster"], out["pollster_text"] = "unattributed", ""
    for text in [sentence, *reversed(context)]:
        for name, aliases in cfg["pollsters"].items():
            hit = _words(aliases).search(text)
            if hit:
                out["pollster"], out["pollster_text"] = name, hit.group()
                break
        if out["pollster_text"]:
            break
    return out


def poll_claims(
    quantities: pd.DataFrame, sentences: pd.DataFrame, context_sentences: int = 2
) -> pd.DataFrame:
    """Every percentage claim that reports a poll result, with direction, scope, period, pollster."""
    sents = sentences.set_index("sent_id")
    rows = []
    for q in quantities.itertuples():
        if not is_percentage(q.text, getattr(q, "unit", "")):
            continue
        s = sents.loc[q.sent_id]
        same_block = sentences[(sentences["doc_id"] == q.doc_id) & (sentences["block_id"] == s["block_id"])]
        before = same_block[same_block["start"] < s["start"]]["text"].tolist()[-context_sentences:]
        desc = describe_claim(s["text"], q.start - s["start"], q.end - s["start"], before)
        if desc is None:
            continue
        rows.append(
            {
                "doc_id": q.doc_id,
                "sent_id": q.sent_id,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "value": float(q.value),
                **desc,
            }
        )
    return pd.DataFrame(rows, columns=POLL_COLUMNS[:14])


# --- matching ------------------------------------------------------------------------------------


def _month_date(period: str) -> dt.date:
    y, m = period.split("-")
    return dt.date(int(y), int(m), 15)


def match_claim(claim: dict, series: pd.DataFrame, article_date: dt.date) -> dict:
    """Link one poll claim to its most plausible reference row and give a verdict with its reason."""
    cfg = load_config()
    tol = cfg["tolerances"]
    days = dt.timedelta(days=tol["period_days"])
    ref_polls = {"FES Mali-Metre"}
    out = dict.fromkeys(POLL_COLUMNS[14:], "")
    dated = series[series["plot_date"].notna()]
    totals = dated[(dated["direction"] == claim["direction"]) & (dated["level"] == "total")]
    if claim["period"]:
        when = _month_date(claim["period"])
        in_period = totals[(totals["window_start"] - days <= when) & (when <= totals["window_end"] + days)]
        when_text = claim["period_text"]
    else:
        past = totals[totals["plot_date"] <= article_date]
        in_period = past[past["plot_date"] == past["plot_date"].max()] if len(past) else past
        when_text = f"latest edition before the article ({article_date})"
    scope = next((s for s in cfg["scopes"] if s["id"] == claim["scope"]), None)
    ref_scope = scope["reference_scope"] if scope else "national"
    if ref_scope == "national":
        same_scope = in_period[in_period["group_kind"] == "national"]
    else:
        same_scope = in_period[(in_period["group_kind"] == "region") & (in_period["zone"] == ref_scope)]
    if claim["pollster"] not in ref_polls and claim["pollster"] != "unattributed":
        context = in_period[in_period["group_kind"] == "national"]
        seen = (
            f" For comparison, Mali-Mètre {context.iloc[0]['edition_key'][2:]} found {context.iloc[0]['value']:g}% "
            f"{claim['direction']} nationally."
            if len(context)
            else ""
        )
        out.update(
            verdict="not found in the reference",
            reason=f"The reference holds no {claim['pollster']} series (see data/reference/SOURCES.md, gaps).{seen}",
        )
        return out
    candidates = same_scope if len(same_scope) else in_period
    if not len(candidates):
        out.update(
            verdict="not found in the reference",
            reason=f"No Mali-Mètre {claim['direction']} figure for {when_text}.",
        )
        return out
    best = candidates.loc[(candidates["value"] - claim["value"]).abs().idxmin()]
    diff = abs(best["value"] - claim["value"])
    out.update(
        ref_edition=best["edition_key"],
        ref_group=best["group"],
        ref_measure=best["measure"],
        ref_value=best["value"],
        ref_source_url=best["source_url"],
    )
    where = f"Mali-Mètre {best['edition_key'][2:]} ({best['group']}, {best['measure']}: {best['value']:g}%)"
    if not len(same_scope):
        verdict = "scope differs"
        reason = (
            f"The article's scope ({claim['scope_text'] or claim['scope']}) is not covered; nearest: {where}."
        )
    elif diff <= tol["match_pp"]:
        verdict = "matches"
        reason = (
            f"Same figure as {where}; period compatible with {when_text}: {best['window_basis'].rstrip('.')}."
        )
    elif diff <= tol["near_pp"]:
        verdict = "near"
        reason = f"{diff:g} points from {where}."
    else:
        verdict = "not found in the reference"
        reason = f"{diff:g} points from the closest figure, {where}."
    out.update(verdict=verdict, reason=reason)
    return out


def match_claims(claims: pd.DataFrame, series: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    dates = {r.doc_id: dt.date.fromisoformat(r.date_published) for r in documents.itertuples()}
    rows = [{**c, **match_claim(c, series, dates[c["doc_id"]])} for c in claims.to_dict("records")]
    return pd.DataFrame(rows, columns=POLL_COLUMNS)


def load_cited() -> pd.DataFrame:
    """``polls.csv`` with empty text cells as '' (numbers stay numeric, missing ones NaN)."""
    from minusma_lib import processed

    df = processed.load("polls")
    text_cols = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])]
    df[text_cols] = df[text_cols].fillna("")
    return df


def processed_tables(ac, base: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``polls.csv``: every cited poll figure with its reference match and verdict."""
    claims = poll_claims(base["quantities"], base["sentences"])
    return {"polls": match_claims(claims, reference_series(), base["documents"])}


# --- prose -----------------------------------------------------------------------------------------


def claims_prose(polls: pd.DataFrame, documents: pd.DataFrame) -> str:
    """Which outlets cite poll figures, how many, and how they fare against the reference."""
    from minusma_lib.findings import esc, join, plural

    labels = outlet_labels(documents)
    citing = polls["doc_id"].unique().tolist()
    silent = [d for d in documents["doc_id"] if d not in citing]
    parts = [
        f"{plural(len(polls), 'poll figure')} {'is' if len(polls) == 1 else 'are'} cited in the corpus, "
        f"all by {join(esc(labels[d]) for d in citing)}"
        if citing
        else "No text cites a poll figure"
    ]
    if silent:
        parts.append(f"{join(esc(labels[d]) for d in silent)} cite{'s' if len(silent) == 1 else ''} none.")
    for v in VERDICTS:
        sub = polls[polls["verdict"] == v]
        if len(sub):
            figs = join(
                f"{esc(r.text)} ({esc(r.pollster)}, {esc(r.period_text or 'no period')})"
                for r in sub.itertuples()
            )
            parts.append(f"{v.capitalize()}: {figs}.")
    unattributed = polls[polls["pollster"] == "unattributed"]
    if len(unattributed):
        parts.append(
            f"{plural(len(unattributed), 'figure')} {'is' if len(unattributed) == 1 else 'are'} given without naming "
            "the pollster; the match to the reference is this project's inference."
        )
    return (parts[0] + ". " + " ".join(parts[1:])).strip()


def divide_prose(series: pd.DataFrame) -> str:
    """The north–south divide in the latest edition with regional figures."""
    from minusma_lib.findings import join

    reg = series[series["group_kind"] == "region"]
    if reg.empty:
        return "No regional figures are published in the reference."
    latest = reg[reg["plot_date"] == reg["plot_date"].max()]
    key = latest["edition_key"].iloc[0][2:]
    wide = latest.pivot_table(index="group", columns="direction", values="value", aggfunc="first")
    wide = wide.reindex(columns=["satisfied", "dissatisfied"])
    zone = latest.drop_duplicates("group").set_index("group")["zone"]
    north = wide[zone.reindex(wide.index) == "north"]
    majority_sat = north[north["satisfied"] > 50]
    exceptions = north[~(north["satisfied"] > 50)]
    south = wide[(zone.reindex(wide.index) != "north") & wide["dissatisfied"].notna()].sort_values(
        "dissatisfied", ascending=False
    )

    def both(name: str, r: pd.Series) -> str:
        vals = [f"{r[d]:g}% {d}" for d in ("satisfied", "dissatisfied") if pd.notna(r[d])]
        return f"{name} ({', '.join(vals)})"

    text = (
        f"In Mali-Mètre {key}, most regional capitals of the north, where MINUSMA had most of its bases, "
        f"reported majorities satisfied with the mission "
        f"({join(f'{g} {r.satisfied:g}%' for g, r in majority_sat.iterrows())})"
    )
    if len(exceptions):
        text += f", the exception being {join(both(g, r) for g, r in exceptions.iterrows())}"
    text += (
        f"; in the centre and south, {south['dissatisfied'].min():g}–{south['dissatisfied'].max():g}% were "
        f"dissatisfied ({join(f'{g} {r.dissatisfied:g}%' for g, r in south.iterrows())}). The release reports "
        "some regions' satisfied share and others' dissatisfied share, so the two sides of the divide are "
        "not always the same measure."
    )
    return text


def headline(polls: pd.DataFrame, documents: pd.DataFrame) -> str:
    from minusma_lib.findings import esc, plural

    labels = outlet_labels(documents)
    n_match = int((polls["verdict"] == "matches").sum())
    outlets = polls["doc_id"].unique()
    return (
        f"{plural(len(polls), 'poll figure')} cited, by {plural(len(outlets), 'text')} "
        f"({', '.join(esc(labels[d]) for d in outlets)}); {n_match} match{'es' if n_match == 1 else ''} the "
        "published Mali-Mètre series, the rest cannot be checked against it."
    )


def claims_table(polls: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Cited figure → reference → verdict, for display."""
    labels = outlet_labels(documents)
    return pd.DataFrame(
        {
            "outlet": polls["doc_id"].map(labels),
            "cited": polls["text"],
            "direction": polls["direction"],
            "scope": polls["scope_text"].where(polls["scope_text"] != "", polls["scope"]),
            "period": polls["period_text"],
            "pollster": polls["pollster"],
            "reference": [
                f"Mali-Mètre {e[2:]}: {v:g}% ({g})" if e else "—"
                for e, v, g in zip(
                    polls["ref_edition"],
                    pd.to_numeric(polls["ref_value"]).fillna(0),
                    polls["ref_group"],
                    strict=True,
                )
            ],
            "verdict": polls["verdict"],
            "reason": polls["reason"],
        }
    )


def groups_prose(series: pd.DataFrame) -> str:
    """Differences by sex and age in the latest edition that publishes them."""
    sex = series[series["group_kind"] == "sex"]
    age = series[series["group_kind"] == "age"]
    if sex.empty and age.empty:
        return "No figures by sex or age are published in the reference."
    key = (sex if len(sex) else age)["edition_key"].iloc[0][2:]

    def val(df, group, direction):
        r = df[(df["group"] == group) & (df["direction"] == direction)]
        return r["value"].iloc[0] if len(r) else None

    parts = [f"In Mali-Mètre {key},"]
    m, w = val(sex, "men", "dissatisfied"), val(sex, "women", "dissatisfied")
    if m is not None and w is not None:
        no_op = sex[(sex["group"] == "women") & (sex["measure"] == "no opinion")]
        parts.append(
            f"{m:g}% of men and {w:g}% of women were dissatisfied"
            + (f" ({no_op['value'].iloc[0]:g}% of women gave no opinion)" if len(no_op) else "")
            + ";"
        )
    a = age[age["direction"] == "dissatisfied"]
    if len(a):
        rising = a["value"].is_monotonic_increasing
        parts.append(
            f"dissatisfaction {'rises steadily' if rising else 'varies'} with age, from "
            f"{a['value'].iloc[0]:g}% ({a['group'].iloc[0]}) to {a['value'].iloc[-1]:g}% ({a['group'].iloc[-1]})."
        )
    return " ".join(parts)


def reference_table(series: pd.DataFrame) -> pd.DataFrame:
    """The reference rows with their sources, for display."""
    cols = [
        "edition_key",
        "plot_date",
        "group_kind",
        "group",
        "measure",
        "value",
        "sample_size",
        "source_title",
        "source_url",
    ]
    return series[cols].reset_index(drop=True)


def limitations_prose(series: pd.DataFrame, polls: pd.DataFrame, documents: pd.DataFrame) -> str:
    """The numeric part of the limitations: sample sizes, date handling, what cannot be checked."""
    from minusma_lib.findings import esc, join, plural

    cfg = load_config()
    sizes = series.drop_duplicates("edition_key")
    sizes = sizes[sizes["plot_date"].notna()]
    size_text = join(
        f"{r.edition_key[2:]}: {r.sample_size or 'not published'}"
        for r in sizes.sort_values("plot_date").itertuples()
    )
    no_fieldwork = sizes[~sizes["window_basis"].str.startswith("End of fieldwork")]
    unchecked = polls[polls["verdict"] == "not found in the reference"]
    citing = polls["doc_id"].nunique()
    return (
        f"Respondents per edition — {size_text}. Editions without published fieldwork dates are placed at "
        f"their release or presentation date ({join(r.edition_key[2:] for r in no_fieldwork.itertuples())}), and a "
        f"cited month counts as the same period when it falls within {cfg['tolerances']['period_days']} days "
        f"of an edition's window. {plural(len(unchecked), 'cited figure')} cannot be checked against the "
        f"reference ({join(esc(t) for t in unchecked['text'])}), which does not mean "
        f"{'it is' if len(unchecked) == 1 else 'they are'} wrong. {plural(citing, 'text')} of "
        f"{len(documents)} cite{'s' if citing == 1 else ''} any poll figure, so this notebook describes "
        f"{'that text' if citing == 1 else 'those texts'}, not a pattern across outlets."
    )


def verdict_legend() -> str:
    """How verdicts are decided, with the tolerances from ``data/polls/polls.yaml``."""
    tol = load_config()["tolerances"]
    return (
        "Each cited figure, the reference row it was linked to and the verdict: *matches* (within "
        f"{tol['match_pp']:g} point{'s' if tol['match_pp'] != 1 else ''}, same scope, period within "
        f"{tol['period_days']} days of the edition), *near* (within {tol['near_pp']:g} points), *scope differs* "
        "(no reference figure for the article's population), or *not found in the reference*."
    )
