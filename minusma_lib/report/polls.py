"""Notebook 02's tables and computed prose: cited poll figures and the published series."""

from __future__ import annotations

import re

import pandas as pd

from minusma_lib.core import tables
from minusma_lib.core.labels import outlet_labels
from minusma_lib.extract.polls import load_config
from minusma_lib.judge.polls import UNCHECKABLE, VERDICTS, edition_name
from minusma_lib.report.text import esc, evidence_link, join, plural


def load_cited() -> pd.DataFrame:
    """``polls.csv`` with empty text cells as '' (numbers stay numeric, missing ones NaN)."""

    df = tables.load("polls")
    text_cols = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])]
    df[text_cols] = df[text_cols].fillna("")
    return df


def _verdict_counts(polls: pd.DataFrame) -> dict[str, int]:
    return {v: int((polls["verdict"] == v).sum()) for v in VERDICTS}


def verdict_legend() -> str:
    """How verdicts are decided, with the tolerances from ``data/polls/polls.yaml``."""
    tol = load_config()["tolerances"]
    return (
        "Each cited figure, the reference row it was linked to and the verdict. A figure is compared with "
        f"reference figures for the same direction and population whose edition lies within "
        f"{tol['period_days']} days of the month the article gives (fieldwork dates, or the release date "
        f"where they are not published): *matches* (within {tol['match_pp']:g} point"
        f"{'s' if tol['match_pp'] != 1 else ''}), *near* (within {tol['near_pp']:g} points), *differs* "
        "(further apart), *scope differs* (no reference figure for the article's population), or *not found "
        "in the reference* (no series for that pollster or period)."
    )


def headline(polls: pd.DataFrame, documents: pd.DataFrame) -> str:
    labels = outlet_labels(documents)
    if polls.empty:
        return "No text cites an opinion-poll figure about MINUSMA."
    c = _verdict_counts(polls)
    outlets = polls["doc_id"].unique()
    parts = [f"{c['matches']} match{'es' if c['matches'] == 1 else ''} the published Mali-Mètre series"]
    if c["near"]:
        parts.append(f"{c['near']} {'is' if c['near'] == 1 else 'are'} near it")
    if c["differs"]:
        parts.append(f"{c['differs']} differ{'s' if c['differs'] == 1 else ''} from it")
    unchecked = sum(c[v] for v in UNCHECKABLE)
    if unchecked:
        parts.append(f"{unchecked} cannot be checked against it")
    figures = join(evidence_link(f"“{esc(r.text)}”", r.doc_id, r.start, r.end) for r in polls.itertuples())
    return (
        f"{plural(len(polls), 'poll figure')} cited ({figures}), by {plural(len(outlets), 'text')} "
        f"({', '.join(esc(labels[d]) for d in outlets)}): {join(parts)}."
    )


def claims_prose(polls: pd.DataFrame, documents: pd.DataFrame) -> str:
    """Which outlets cite poll figures, how many, and how they fare against the reference."""
    labels = outlet_labels(documents)
    citing = polls["doc_id"].unique().tolist()
    silent = [d for d in documents["doc_id"] if d not in citing]
    if not citing:
        return "No text cites a poll figure."
    parts = [
        f"{plural(len(polls), 'poll figure')} {'is' if len(polls) == 1 else 'are'} cited in the corpus, "
        f"all by {join(esc(labels[d]) for d in citing)}."
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
            f"{plural(len(unattributed), 'figure')} {'is' if len(unattributed) == 1 else 'are'} given without "
            "naming the pollster; the match to the reference is this project's inference."
        )
    return " ".join(parts)


def claims_table(polls: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Cited figure → reference → verdict, for display."""
    labels = outlet_labels(documents)
    values = pd.to_numeric(polls["ref_value"])
    return pd.DataFrame(
        {
            "outlet": polls["doc_id"].map(labels),
            "cited": polls["text"],
            "direction": polls["direction"],
            "scope": polls["scope_text"].where(polls["scope_text"] != "", polls["scope"]),
            "period": polls["period_text"],
            "pollster": polls["pollster"],
            "reference": [
                f"{edition_name(e)}: {v:g}% ({g})" if e else "—"
                for e, v, g in zip(polls["ref_edition"], values, polls["ref_group"], strict=True)
            ],
            "verdict": polls["verdict"],
            "reason": polls["reason"],
            # Raw-file offsets of the cited figure: on the site, each row links to its sentence.
            "start": polls["start"].astype(int),
            "end": polls["end"].astype(int),
        }
    )


def _latest(series: pd.DataFrame, kind: str) -> pd.DataFrame:
    rows = series[(series["group_kind"] == kind) & series["plot_date"].notna()]
    return rows[rows["plot_date"] == rows["plot_date"].max()] if len(rows) else rows


def _how_many(k: int, n: int, noun: str) -> str:
    """'all 5 regional capitals', '4 of the 5 regional capitals', 'none of the 5 …', 'the one …'."""
    if n == 1:
        return f"the one {noun}"
    if k == n:
        return f"all {n} {noun}s"
    return f"{'none' if k == 0 else k} of the {n} {noun}s"


def divide_prose(series: pd.DataFrame) -> str:
    """The north–south divide in the latest edition with regional figures."""
    latest = _latest(series, "region")
    if latest.empty:
        return "No regional figures are published in the reference."
    key = latest["edition_key"].iloc[0]
    wide = latest.pivot_table(index="group", columns="direction", values="value", aggfunc="first")
    wide = wide.reindex(columns=["satisfied", "dissatisfied"])
    zone = latest.drop_duplicates("group").set_index("group")["zone"].reindex(wide.index)
    north, south = wide[zone == "north"], wide[zone != "north"]

    def both(name: str, r: pd.Series) -> str:
        vals = [f"{r[d]:g}% {d}" for d in ("satisfied", "dissatisfied") if pd.notna(r[d])]
        return f"{name} ({', '.join(vals)})"

    majority = north[north["satisfied"] > 50]
    others = north[~(north["satisfied"] > 50)]
    who = _how_many(len(majority), len(north), "regional capital")
    text = f"In {edition_name(key)}, "
    if len(majority):
        text += (
            f"{who} of the north reported a majority satisfied with the mission "
            f"({join(f'{g} {r.satisfied:g}%' for g, r in majority.iterrows())})"
        )
        if len(others):
            text += f"; not so {join(both(g, r) for g, r in others.iterrows())}"
    elif len(north) == 1:
        text += f"{who} of the north did not report a majority satisfied ({join(both(g, r) for g, r in north.iterrows())})"
    else:
        text += f"{who} of the north reported a majority satisfied ({join(both(g, r) for g, r in north.iterrows())})"
    if len(south):
        dis = south["dissatisfied"].dropna()
        text += (
            f". In the centre and south ({plural(len(south), 'regional capital')}), "
            + (
                f"{dis.min():g}–{dis.max():g}% were dissatisfied where that share is published; "
                if len(dis)
                else ""
            )
            + join(both(g, r) for g, r in south.sort_values("dissatisfied", ascending=False).iterrows())
        )
    return (
        text + ". The release gives some regions' satisfied share and others' dissatisfied share, so the "
        "two sides of the divide are not always the same measure."
    )


def _age_key(group: str) -> int:
    m = re.match(r"\d+", group)
    return int(m.group()) if m else 10**6


def groups_prose(series: pd.DataFrame) -> str:
    """Differences by sex and age in the latest edition that publishes them."""
    sex, age = _latest(series, "sex"), _latest(series, "age")
    if sex.empty and age.empty:
        return "No figures by sex or age are published in the reference."
    parts = []

    def val(df: pd.DataFrame, group: str, measure: str) -> float | None:
        r = df[(df["group"] == group) & ((df["direction"] == measure) | (df["measure"] == measure))]
        return r["value"].iloc[0] if len(r) else None

    if len(sex):
        m, w = val(sex, "men", "dissatisfied"), val(sex, "women", "dissatisfied")
        if m is not None and w is not None:
            no_op = val(sex, "women", "no opinion")
            parts.append(
                f"In {edition_name(sex['edition_key'].iloc[0])}, {m:g}% of men and {w:g}% of women were "
                "dissatisfied"
                + (f" ({no_op:g}% of women gave no opinion)" if no_op is not None else "")
                + "."
            )
    a = age[age["direction"] == "dissatisfied"]
    if len(a):
        a = a.assign(k=a["group"].map(_age_key)).sort_values("k")
        diffs = a["value"].diff().dropna()
        trend = (
            "rises with every older age group"
            if (diffs > 0).all()
            else "never falls with age"
            if (diffs >= 0).all()
            else "does not change steadily with age"
        )
        same = bool(parts) and a["edition_key"].iloc[0] == sex["edition_key"].iloc[0]
        lead = "D" if same else f"In {edition_name(a['edition_key'].iloc[0])}, d"
        parts.append(
            f"{lead}issatisfaction {trend}, from "
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
    cfg = load_config()
    sizes = series.drop_duplicates("edition_key")
    sizes = sizes[sizes["plot_date"].notna()].sort_values("plot_date")
    size_text = join(
        f"{r.edition_key.removeprefix('mm')}: {r.sample_size or 'not published'}" for r in sizes.itertuples()
    )
    no_fieldwork = sizes[sizes["window_start"] == sizes["window_end"]]
    unchecked = polls[polls["verdict"].isin(UNCHECKABLE)]
    differs = polls[polls["verdict"] == "differs"]
    citing = polls["doc_id"].nunique()
    text = (
        f"Respondents per edition — {size_text}. Editions without published fieldwork dates are placed at "
        f"their release or presentation date ({join(r.edition_key.removeprefix('mm') for r in no_fieldwork.itertuples())}), "
        f"and a cited month counts as the same period when it lies within {cfg['tolerances']['period_days']} "
        "days of an edition's fieldwork or release date. "
    )
    if len(unchecked):
        text += (
            f"{plural(len(unchecked), 'cited figure')} cannot be checked against the reference "
            f"({join(esc(t) for t in unchecked['text'])}), which does not mean "
            f"{'it is' if len(unchecked) == 1 else 'they are'} wrong. "
        )
    if len(differs):
        text += (
            f"{plural(len(differs), 'cited figure')} differ{'s' if len(differs) == 1 else ''} from the closest "
            f"reference figure ({join(esc(t) for t in differs['text'])}). "
        )
    text += (
        f"{plural(citing, 'text')} of {len(documents)} cite{'s' if citing == 1 else ''} any poll figure, so "
        f"this notebook describes {'that text' if citing == 1 else 'those texts'}, not a pattern across outlets."
    )
    return text
