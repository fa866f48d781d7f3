"""Notebook 03's verdict ledger: tables and computed prose over ``quantities.csv``.

Every count and figure in the prose is computed from the claims table and the rules; the verdicts
themselves come from :mod:`minusma_lib.judge.reconcile`.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from minusma_lib.core.labels import LANGUAGES, outlet_labels, outlet_order
from minusma_lib.core.paths import is_study_corpus
from minusma_lib.core.tables import text_cells
from minusma_lib.corpus.series import load_config
from minusma_lib.extract.quantities import CLAIM_COLUMNS
from minusma_lib.extract.quantity_rules import load_rules, measure_labels, validation_thresholds
from minusma_lib.judge.reconcile import (
    BASIS_DEFINITIONAL,
    COMPARED,
    UNCHECKED,
    VERDICTS,
    fmt_interval,
    reconcile,
    requalify,
    series,
    with_tolerance,
)
from minusma_lib.report.strength import STRENGTH_MEASURES
from minusma_lib.report.text import esc_dollar, evidence_link, join, num, pct, plural


def sensitivity(
    claims: pd.DataFrame, documents: pd.DataFrame, name: str = "approximately", values=(0.05, 0.10, 0.20)
) -> pd.DataFrame:
    """Verdict counts of the comparable claims when one tolerance changes (claims and references),
    with the claims whose verdict differs from the stored one. Definitional verdicts are counted in
    their own column, as in :func:`verdict_table`."""
    claims = text_cells(claims)
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
    claims = text_cells(claims)
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
    q = text_cells(q)
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
    q = text_cells(q)
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
    q = text_cells(q)
    comp = q[q["verdict"].isin(COMPARED)]
    definitional = comp["verdict_basis"] == BASIS_DEFINITIONAL
    return comp[~definitional], comp[definitional]


def verdict_table(q: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Verdict counts per outlet. Definitional verdicts (measure assigned because the value equals a
    reference value) are counted in their own column, not under their verdict."""
    q = text_cells(q)
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
    q = text_cells(q)
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
            # Raw-file offsets of the claim: on the site, each row links to its sentence.
            "start": c["start"].astype(int),
            "end": c["end"].astype(int),
        }
    ).reset_index(drop=True)


def not_comparable_table(q: pd.DataFrame) -> pd.DataFrame:
    """Claims that were not compared, grouped by the reason."""
    q = text_cells(q)
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
        f"{esc_dollar(labels[r.doc_id])}'s “{evidence_link(esc_dollar(r.text), r.doc_id, r.start, r.end)}” "
        f"({names.get(r.measure, r.measure)})"
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
    q = text_cells(q)
    scored, defs = split_compared(q)
    counts = scored["verdict"].value_counts()
    parts = [
        f"{int(counts[v])} {'is' if counts[v] == 1 else 'are'} {v}" for v in COMPARED if counts.get(v, 0)
    ]
    bad = scored[scored["verdict"] == "inconsistent"]
    labels, names = outlet_labels(documents), measure_labels()
    bad_desc = join(
        f"{esc_dollar(labels[r.doc_id])}'s “{evidence_link(esc_dollar(r.text), r.doc_id, r.start, r.end)}” "
        f"({names.get(r.measure, r.measure)})"
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
    q = text_cells(q)
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
        f"{esc_dollar(top['outlet'])} is the densest in figures ({top['per 1,000 words']:g} claims per 1,000 body "
        f"words, {plural(int(top['claims']), 'claim')}). Across the corpus {pct(counts['hedged'], len(q))} of "
        f"the claims carry a hedge ({esc_dollar(hedge_words)}) and {pct(counts['vague'], len(q))} are "
        f"vague quantities ({esc_dollar(join(vague_words))}). " + bot_part
    )


def limitations_prose(q: pd.DataFrame, documents: pd.DataFrame) -> str:
    """The limitations of the comparison, as a Markdown list; every figure in it is computed."""
    q = text_cells(q)
    config = load_config()
    labels = outlet_labels(documents)
    rules = load_rules()
    deployed = series("deployed_uniformed")
    monthly = deployed[deployed["file"] == "minusma_monthly_strength"]
    end = pd.Timestamp(config["series"]["authorised_military"]["after"]["date"])
    notes = [
        f"{esc_dollar(spec.get('label', m))}: {esc_dollar(spec['note'])}"
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
            f"{esc_dollar(labels[r.doc_id])} “{esc_dollar(r.text)}” ({esc_dollar(r.verdict_reason.removeprefix('different scope: '))})"
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
    q = text_cells(q)
    labels, names = outlet_labels(documents), measure_labels()
    scored, defs = split_compared(q)
    per = []
    for d in outlet_order(documents):
        r = scored[scored["doc_id"] == d]
        if len(r):
            good = r["verdict"].isin(["consistent", "rounded"]).sum()
            per.append(f"{esc_dollar(labels[d])} {good} of {len(r)}")
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
            f"{len(scope)} because of a different scope ({esc_dollar(join(sorted(set(scope['scope']))))})"
        )
    if len(no_series):
        measured = join(sorted({names.get(m, m) for m in no_series["measure"]}))
        reasons.append(
            f"{len(no_series)} because no reference series exists for what they measure ({esc_dollar(measured)})"
        )
    if len(other):
        measured = join(sorted({names.get(m, m) for m in other["measure"]}))
        reasons.append(
            f"{len(other)} because no reference value was found for their scope or date ({esc_dollar(measured)})"
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
            + join(
                f"{esc_dollar(labels[r.doc_id])} “{esc_dollar(r.text)}”: {r.verdict}"
                for r in unchecked.itertuples()
            )
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
    thresholds = validation_thresholds()
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
                "holds": ("yes" if scores[k] >= thresholds[k] else "NO")
                if k in thresholds and scores[k] == scores[k]  # NaN: nothing coded to score
                else "",
            }
            for k in names
        ]
    )


def validation_prose(scores: dict[str, Any], documents: pd.DataFrame) -> str:
    """The scores in words, and which documents have no hand coding (left out of every score)."""
    if not scores["manual"]:
        return (
            "No text of this corpus has hand-coded numeric claims, so the extractor has no in-sample score "
            "here (the table shows n/a). Code claims as the coding guide describes "
            "(`data/annotations/quantities_coding_guide.md`) in an `annotations/quantities_manual.csv` beside "
            "the corpus folder to score it; the held-out scores below describe the method on unseen texts."
        )
    labels = outlet_labels(documents)
    not_coded = [d for d in outlet_order(documents) if d in set(scores["not_coded"])]
    coverage = (
        f"{plural(len(not_coded), 'text')} ({esc_dollar(join(labels[d] for d in not_coded))}) "
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
        f"{pct(scores['attribution_agreement'], 1)}. "
        + (
            "The rules were written while looking at these texts, so these scores show that the rules "
            "reproduce the coding, not how they would do on new articles."
            if is_study_corpus()
            else "These scores are on this corpus's own hand coding."
        )
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
    q = text_cells(q)
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
        f"{'changes' if r['verdicts changed'] == 1 else 'change'} ({esc_dollar(r['changed claims'])})"
        for r in changed.to_dict("records")
    ]
    steady = table[table["verdicts changed"] == 0][col]
    return (
        f"Compared with the stored verdicts, {join(parts)}"
        + (f"; at {join(steady)} none changes" if len(steady) else "")
        + ". A claim whose verdict moves with the tolerance sits at the edge of its reference interval."
    )


def caveats_prose(documents: pd.DataFrame) -> str:
    """Which texts are translations or chatbot transcripts (from the manifest), as a caveat."""

    labels = outlet_labels(documents)
    items = [
        f"the {esc_dollar(labels[r.doc_id])} text is a {r.translation} translation from "
        f"{LANGUAGES.get(r.translated_from, r.translated_from)}"
        for r in documents.itertuples()
        if r.translation != "none"
    ]
    items += [
        f"the {esc_dollar(labels[r.doc_id])} text is an AI chatbot's answers (every figure in its answers is "
        "attributed to the chatbot)"
        for r in documents.itertuples()
        if r.genre == "ai_chatbot_transcript"
    ]
    if not items:
        return "**Caveats:** every text is an original, human-written text."
    return f"**Caveats:** {join(items)}."
