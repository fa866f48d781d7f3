"""Opinion-poll figures cited in the articles, matched to the published Mali-Mètre series.

The numbers come from the shared claim extraction (``quantities.csv``): a percentage is a poll
result when its sentence carries a poll cue (``data/polls/polls.yaml``). For each one this module
reads the direction (satisfied / dissatisfied), the population or scope, the period and the
pollster from the sentence and its paragraph (each with raw offsets), and links it to the reference
row it most plausibly reports, with a verdict (see ``VERDICTS``) and the reason.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from minusma_lib.core.config import compile_regex, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.core.labels import outlet_labels
from minusma_lib.core.paths import data_dir
from minusma_lib.corpus.reference import load_reference
from minusma_lib.report.text import esc, join, plural

MONTHS = "January February March April May June July August September October November December".split()
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{4})\b")
_PERCENT = re.compile(r"%|\bper\s?cent\b|\bpercent\b", re.I)
VERDICTS = ("matches", "near", "differs", "scope differs", "not found in the reference")
NATIONAL_SAMPLE = "national sample (adults in Bamako and the regional capitals)"
UNCHECKABLE = ("scope differs", "not found in the reference")
CONFIG_KEYS = {
    "version",
    "poll_cues",
    "directions",
    "pollsters",
    "reference_pollster",
    "scopes",
    "region_zones",
    "tolerances",
}
TOLERANCE_KEYS = {"match_pp", "near_pp", "period_days"}
SCOPE_KEYS = {"id", "pattern", "label", "reference_scope"}
EVIDENCE = ("direction_cue", "scope", "period", "pollster")
POLL_COLUMNS = [
    "doc_id",
    "sent_id",
    "start",
    "end",
    "text",
    "value",
    "direction",
    "direction_cue",
    "direction_cue_start",
    "direction_cue_end",
    "scope",
    "scope_text",
    "scope_start",
    "scope_end",
    "period",
    "period_text",
    "period_start",
    "period_end",
    "pollster",
    "pollster_text",
    "pollster_start",
    "pollster_end",
    "ref_edition",
    "ref_group",
    "ref_measure",
    "ref_value",
    "ref_source_url",
    "verdict",
    "reason",
]
CLAIM_COLUMNS = POLL_COLUMNS[: POLL_COLUMNS.index("ref_edition")]


class PollsError(ConfigError):
    """Bad poll configuration or reference data; the message names the file and the fix."""


def config_path() -> Path:
    return data_dir() / "polls" / "polls.yaml"


def _check_config(path: Path, cfg: object) -> dict:
    if not isinstance(cfg, dict):
        raise PollsError(f"{path}: expected a mapping of {', '.join(sorted(CONFIG_KEYS))}.")
    missing, unknown = CONFIG_KEYS - set(cfg), set(cfg) - CONFIG_KEYS
    if missing or unknown:
        raise PollsError(
            f"{path}: missing key(s) {sorted(missing)}, unknown key(s) {sorted(unknown)}. "
            f"The file needs exactly: {', '.join(sorted(CONFIG_KEYS))}."
        )
    tol = cfg["tolerances"] or {}
    if set(tol) != TOLERANCE_KEYS:
        raise PollsError(f"{path}: tolerances must have exactly {', '.join(sorted(TOLERANCE_KEYS))}.")
    for i, s in enumerate(cfg["scopes"]):
        if set(s) != SCOPE_KEYS:
            raise PollsError(
                f"{path}: scopes entry {i + 1} must have exactly {', '.join(sorted(SCOPE_KEYS))}."
            )
        if s["reference_scope"] != "national" and s["reference_scope"] not in cfg["region_zones"]:
            raise PollsError(
                f"{path}: scope {s['id']!r} has reference_scope {s['reference_scope']!r}; use national or a "
                "region zone."
            )
    if cfg["reference_pollster"] not in cfg["pollsters"]:
        raise PollsError(
            f"{path}: reference_pollster {cfg['reference_pollster']!r} is not a key of pollsters."
        )
    for key in ("poll_cues",):
        if not cfg[key]:
            raise PollsError(f"{path}: {key} is empty.")
    for name, t in tol.items():
        if isinstance(t, bool) or not isinstance(t, int | float) or t < 0:
            raise PollsError(f"{path}: tolerances: {name} is {t!r}; write a non-negative number.")
    for s in cfg["scopes"]:  # compiled once, with a time budget; a bad pattern names the scope
        s["regex"] = compile_regex(s["pattern"], path, f"scopes ({s['id']})", re.I)
    return cfg


@lru_cache(maxsize=2)
def _config(path: Path, mtime: float) -> dict:
    return _check_config(path, copy.deepcopy(load_yaml(path)))


def load_config(path: Path | None = None) -> dict:
    """Read and validate ``data/polls/polls.yaml``."""
    path = path or config_path()
    return _config(path, path.stat().st_mtime)


def _words(words: list[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"\b(?:" + alts + r")\b", re.I)


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
            raise PollsError(
                f"data/reference/satisfaction_polls.csv row {line}: poll {r.poll!r} is not the reference "
                f"pollster {cfg['reference_pollster']!r} of {config_path()}; extend the configuration first."
            )
        if r.edition not in editions.index:
            raise PollsError(
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


def _evidence(out: dict, name: str, text_key: str, m: re.Match | None, offset: int) -> None:
    out[text_key] = m.group() if m else ""
    out[f"{name}_start"] = offset + m.start() if m else ""
    out[f"{name}_end"] = offset + m.end() if m else ""


def describe_claim(
    sentence: str,
    claim_start: int,
    claim_end: int,
    context: list[str],
    sentence_start: int = 0,
    context_starts: list[int] | None = None,
) -> dict | None:
    """Read a percentage in its sentence; None if the sentence is not about a poll.

    ``claim_start``/``claim_end`` are relative to ``sentence``; ``context`` holds the preceding
    sentences of the paragraph, oldest first. Evidence offsets are ``sentence_start`` (or the
    matching ``context_starts`` entry) plus the position of the match.
    """
    cfg = load_config()
    if not _words(cfg["poll_cues"]).search(sentence):
        return None
    texts = [
        (sentence, sentence_start),
        *reversed(list(zip(context, context_starts or [0] * len(context), strict=True))),
    ]
    out: dict = {}
    # direction: the first cue after the number (its predicate), else the nearest before
    cues = {c.lower(): d for d, words in cfg["directions"].items() for c in words}
    m = _nearest(_words(list(cues)), sentence, claim_end, after_first=True)
    out["direction"] = cues[m.group().lower()] if m else "unknown"
    _evidence(out, "direction_cue", "direction_cue", m, sentence_start)
    # scope: the most specific phrase in the sentence; a specific one may come from the paragraph
    out["scope"] = "unspecified"
    _evidence(out, "scope", "scope_text", None, 0)
    for i, (text, offset) in enumerate(texts):
        found = [(s, s["regex"].search(text)) for s in cfg["scopes"]]
        found = [(s, hit) for s, hit in found if hit]
        if found and (i == 0 or found[0][0]["reference_scope"] != "national"):
            out["scope"] = found[0][0]["id"]
            _evidence(out, "scope", "scope_text", found[0][1], offset)
            break
    # period: the month and year nearest the number
    p = _nearest(_MONTH_YEAR, sentence, (claim_start + claim_end) // 2)
    out["period"] = f"{p.group(2)}-{MONTHS.index(p.group(1)) + 1:02d}" if p else ""
    _evidence(out, "period", "period_text", p, sentence_start)
    # pollster: named in the sentence or the preceding sentences of the paragraph
    out["pollster"] = "unattributed"
    _evidence(out, "pollster", "pollster_text", None, 0)
    for text, offset in texts:
        hit = next(((n, h) for n, a in cfg["pollsters"].items() if (h := _words(a).search(text))), None)
        if hit:
            out["pollster"] = hit[0]
            _evidence(out, "pollster", "pollster_text", hit[1], offset)
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
        block = sentences[(sentences["doc_id"] == q.doc_id) & (sentences["block_id"] == s["block_id"])]
        before = block[block["start"] < s["start"]].tail(context_sentences)
        desc = describe_claim(
            s["text"],
            q.start - s["start"],
            q.end - s["start"],
            before["text"].tolist(),
            int(s["start"]),
            [int(x) for x in before["start"]],
        )
        if desc is None:
            continue
        row = {"doc_id": q.doc_id, "sent_id": q.sent_id, "start": q.start, "end": q.end, "text": q.text}
        rows.append({**row, "value": float(q.value), **desc})
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


# --- matching ------------------------------------------------------------------------------------


def _month_date(period: str) -> dt.date:
    y, m = period.split("-")
    return dt.date(int(y), int(m), 15)


def _edition_name(key: str) -> str:
    return f"Mali-Mètre {key.removeprefix('mm')}"


def match_claim(claim: dict, series: pd.DataFrame, article_date: dt.date) -> dict:
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
            f" For comparison, {_edition_name(national.iloc[0]['edition_key'])} found "
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
            reason=f"No {_edition_name('')}{claim['direction']} figure within {tol['period_days']} days of {when_text}.",
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
    where = f"{_edition_name(best['edition_key'])} ({best['group']}, {best['measure']}: {best['value']:g}%)"
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


def match_claims(claims: pd.DataFrame, series: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    dates = {r.doc_id: dt.date.fromisoformat(r.date_published) for r in documents.itertuples()}
    rows = [{**c, **match_claim(c, series, dates[c["doc_id"]])} for c in claims.to_dict("records")]
    return pd.DataFrame(rows, columns=POLL_COLUMNS)


def load_cited() -> pd.DataFrame:
    """``polls.csv`` with empty text cells as '' (numbers stay numeric, missing ones NaN)."""
    from minusma_lib.core import tables

    df = tables.load("polls")
    text_cols = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])]
    df[text_cols] = df[text_cols].fillna("")
    return df


def processed_tables(ac, base: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``polls.csv``: every cited poll figure with its reference match and verdict."""
    claims = poll_claims(base["quantities"], base["sentences"])
    return {"polls": match_claims(claims, reference_series(), base["documents"])}


# --- prose and tables ---------------------------------------------------------------------------


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
    return (
        f"{plural(len(polls), 'poll figure')} cited, by {plural(len(outlets), 'text')} "
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
                f"{_edition_name(e)}: {v:g}% ({g})" if e else "—"
                for e, v, g in zip(polls["ref_edition"], values, polls["ref_group"], strict=True)
            ],
            "verdict": polls["verdict"],
            "reason": polls["reason"],
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
    text = f"In {_edition_name(key)}, "
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
                f"In {_edition_name(sex['edition_key'].iloc[0])}, {m:g}% of men and {w:g}% of women were "
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
        lead = "D" if same else f"In {_edition_name(a['edition_key'].iloc[0])}, d"
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
