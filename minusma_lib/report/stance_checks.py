"""Notebook 04's validation section: agreement tables and computed prose about the stance method
against the hand coding, the neutral band and the VADER baseline."""

from __future__ import annotations

import importlib.metadata as md

import pandas as pd

from minusma_lib.core.labels import outlet_labels
from minusma_lib.extract.stance_aggregate import DEAD_BAND
from minusma_lib.extract.stance_lexicon import TARGET_LABELS
from minusma_lib.report.text import esc, join, num, pct, plural
from minusma_lib.validate import quotes as vquotes
from minusma_lib.validate.stance import VADER_THRESHOLD


def band_sensitivity(signs_by_band: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Sign agreement of the author net tone with the hand coding for each neutral band (from
    :func:`band_signs`): how much the agreement depends on the band chosen (``DEAD_BAND``)."""
    labels = outlet_labels(documents)
    rows = []
    for b, t in signs_by_band.groupby("band", sort=True):
        bad = t[~t["agree"]]
        rows.append(
            {
                "neutral band (±)": b,
                "cells": len(t),
                "signs agree": int(t["agree"].sum()),
                "share": round(float(t["agree"].mean()), 3) if len(t) else float("nan"),
                "cells that differ (stance method vs hand coding)": "; ".join(
                    f"{labels[r.doc_id]} × {TARGET_LABELS[r.target]} ({r.mean:+.3f} vs {r.mean_manual:+.3f})"
                    for r in bad.itertuples()
                ),
                "stated rule": "yes" if b == DEAD_BAND else "",
            }
        )
    columns = ["neutral band (±)", "cells", "signs agree", "share"]
    columns += ["cells that differ (stance method vs hand coding)", "stated rule"]
    return pd.DataFrame(rows, columns=columns)


def sign_robustness_prose(signs_by_band: pd.DataFrame, documents: pd.DataFrame) -> str:
    """How robust the sign agreement is to the neutral band, in words computed from :func:`band_signs`."""
    labels = outlet_labels(documents)
    sens = band_sensitivity(signs_by_band, documents)
    if sens.empty or not sens["cells"].max():
        return "No outlet × target cell of this corpus has stance hand coding: there is no sign agreement to report."
    bands = sens["neutral band (±)"].tolist()
    n = int(sens["cells"].max())
    agree = dict(zip(bands, sens["signs agree"], strict=True))
    full = [b for b in bands if agree[b] == n]
    worst = min(agree.values())

    def runs(xs: list[float]) -> list[str]:
        out: list[list[float]] = []
        for i, b in enumerate(bands):
            if b in xs:
                if out and i > 0 and bands[i - 1] in xs:
                    out[-1].append(b)
                else:
                    out.append([b])
        return [f"{r[0]:.2f}" if len(r) == 1 else f"{r[0]:.2f} to {r[-1]:.2f}" for r in out]

    txt = (
        f"With the stated neutral band (±{DEAD_BAND:.2f}) the sign agrees in {agree[DEAD_BAND]} of {n} outlet × "
        f"target cells"
    )
    if 0.0 in agree:
        txt += f"; with no band (the plain sign of the mean) in {agree[0.0]} of {n}"
    txt += f". Over the {len(bands)} bands tried, from {bands[0]:.2f} to {bands[-1]:.2f}, "
    if worst == n:
        return txt + f"all {n} cells agree every time: the result does not depend on the band."
    txt += (
        f"all {n} agree only for {'band' if len(full) == 1 else 'bands'} {join(runs(full))}"
        if full
        else f"no band gives agreement in all {n}"
    )
    txt += (
        f", and the fewest, {worst} of {n}, agree at {join(f'{b:.2f}' for b in bands if agree[b] == worst)}. "
    )
    flips = signs_by_band[~signs_by_band["agree"]].drop_duplicates(["doc_id", "target"])
    near = flips[["mean", "mean_manual"]].abs().min(axis=1).max()
    txt += (
        f"So the {agree[DEAD_BAND]} of {n} depends on the band: the {plural(len(flips), 'cell')} that differ at "
        "some band ("
        + esc(join(f"{labels[r.doc_id]} × {TARGET_LABELS[r.target]}" for r in flips.itertuples()))
        + f") each have a net tone within ±{near:.3f} of 0 in at least one of the two codings, so a band just "
        "above or below that value sets one coding's sign to 0 but not the other's."
    )
    return txt


def coverage_prose(v: dict, documents: pd.DataFrame) -> str:
    """Which documents the validation covers; uncoded ones are named."""
    labels = outlet_labels(documents)
    c = v["coverage"]
    parts = []
    for what, key in (("stance", "stance"), ("quote", "quotes")):
        coded, missing = c[f"{key}_coded"], c[f"{key}_not_coded"]
        if missing:
            parts.append(
                f"The {what} hand coding covers {len(coded)} of {len(documents)} texts; not coded, and left "
                f"out of the {what} validation below: {esc(join(labels[d] for d in missing))}."
            )
        else:
            parts.append(f"The {what} hand coding covers all {len(documents)} texts.")
    return " ".join(parts)


def agreement_table(v: dict) -> pd.DataFrame:
    """Quote and stance agreement with the hand coding, one row per measure."""
    q, a, r = v["quotes"], v["author"], v["reported"]
    signs = v["signs"]
    rows = [
        ("Quotes", "speaker recall (manual quotes found with the same speaker)", q["recall"], q["n_manual"]),
        (
            "Quotes",
            "speaker precision (found quotes matching a manual quote and speaker)",
            q["precision"],
            q["n_found"],
        ),
        ("Quotes", "speaker category agreement (paired quotes)", q["category_agreement"], q["n_paired"]),
        ("Quotes", "scare quotes found", q["scare_recall"], q["n_scare"]),
        ("Author stance", "mentions found", a["mention_recall"], a["n_manual"]),
        ("Author stance", "accuracy (-1/0/+1, found mentions)", a["accuracy"], a["n_matched"]),
        ("Author stance", "Krippendorff's alpha (ordinal)", a["alpha"], a["n_manual"]),
        (
            "Reported stance",
            "mentions found (same target, voice, speaker)",
            r["mention_recall"],
            r["n_manual"],
        ),
        ("Reported stance", "accuracy", r["accuracy"], r["n_matched"]),
        ("Reported stance", "Krippendorff's alpha (ordinal)", r["alpha"], r["n_manual"]),
        (
            "Outlet × target",
            "author-stance sign agrees with the hand coding",
            signs["agree"].mean(),
            len(signs),
        ),
    ]
    return pd.DataFrame(rows, columns=["what", "measure", "value", "n"]).round({"value": 3})


def sign_table_display(signs: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    labels = outlet_labels(documents)
    sym = {-1: "−", 0: "0", 1: "+"}
    return pd.DataFrame(
        {
            "outlet": signs["doc_id"].map(labels),
            "target": signs["target"].map(TARGET_LABELS),
            "n (stance method)": signs["n"],
            "mean (stance method)": signs["mean"],
            "sign": signs["sign"].map(sym),
            "n (hand coding)": signs["n_manual"],
            "mean (hand coding)": signs["mean_manual"],
            "sign (hand)": signs["sign_manual"].map(sym),
            "agree": signs["agree"].map({True: "yes", False: "NO"}),
        }
    )


def disagreements(pairs: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Author-voice mentions where the stance method and the hand coding differ, with the sentence."""
    text = sentences.set_index("sent_id")["text_clean"]
    d = pairs[pairs["found"] & (pairs["manual"] != pairs["score"])]
    return pd.DataFrame(
        {
            "sentence": d["sent_id"],
            "mention": d["text"],
            "target": d["target"].map(TARGET_LABELS),
            "hand": d["manual"],
            "stance method": d["score"].astype(int),
            "cues used": d["cue_ids"],
            "hand-coded cue": d["manual_cue"],
            "text": d["sent_id"].map(text).map(lambda s: s if len(s) <= 160 else s[:159] + "…"),
        }
    ).reset_index(drop=True)


def validation_prose(v: dict, documents: pd.DataFrame) -> str:
    q, a, r = v["quotes"], v["author"], v["reported"]
    signs = v["signs"]
    missed = v["quote_matches"]
    missed = missed[(missed["kind"] != "scare") & ~missed["recalled"]]
    n_coded = len(v["coverage"]["stance_coded"])
    quotes_part = (
        f"**Quotes.** Of {q['n_manual']} hand-coded quotes and paraphrases (scare quotes excluded: they have no "
        f"speaker), {q['n_recalled']} ({pct(q['recall'], 1)}) are paired, one to one, with an extracted quote of the "
        f"same canonical speaker (the test suite requires a recall of at least {vquotes.SPEAKER_RECALL_MIN}); of the "
        f"{q['n_found']} extracted ones, {pct(q['precision'], 1)} are paired with a hand-coded quote of the same "
        "speaker (precision). The "
        f"{plural(len(missed), 'miss', 'misses')}: "
        + esc(join(f'"{t[:60]}" ({s})' for t, s in zip(missed["text"], missed["speaker"], strict=True)))
        + ". "
    )
    if not n_coded:
        return quotes_part + (
            "**Stance.** No text of this corpus has stance hand coding, so the stance method has no in-sample "
            "check here; the held-out scores below describe it on unseen texts."
        )
    unfound = v["author_pairs"]
    unfound = unfound[~unfound["found"]]["text"].value_counts()
    return quotes_part + (
        f"**Stance.** The alias tables find {pct(a['mention_recall'], 1)} of the {a['n_manual']} hand-coded target "
        f"mentions; the {plural(int(unfound.sum()), 'mention')} not found: "
        + esc(join(f'"{t}"' + (f" ×{n}" if n > 1 else "") for t, n in unfound.items()))
        + ". On the "
        f"mentions found, the author-voice score agrees with the hand coding for {pct(a['accuracy'], 1)} "
        f"(Krippendorff's ordinal α = {a['alpha']:.2f}, unfound mentions counted as missing); the reported voice "
        f"agrees for {pct(r['accuracy'], 1)} (α = {r['alpha']:.2f}) of {r['n_matched']} mentions found with the same "
        f"speaker. The sign of the author net tone agrees in {int(signs['agree'].sum())} of {len(signs)} outlet × "
        f"target cells (means within ±{DEAD_BAND} count as 0, for both codings; the band-sensitivity table below shows "
        f"other bands). The stance method's vocabulary (VADER's published lexicon and the general rules of "
        f"stance_general.yaml) was not written on these texts, but its one parameter, the valence threshold, was "
        f"chosen on the {plural(n_coded, 'text')} with stance coding: the leave-one-article-out figures of the "
        "design comparison below are the fair estimate for new articles."
    )


def baseline_prose(b: dict, table: pd.DataFrame) -> str:

    return (
        f"VADER (vaderSentiment {md.version('vaderSentiment')}; compound ≥ {VADER_THRESHOLD} read as +1, "
        f"≤ −{VADER_THRESHOLD} as −1) scores whole sentences without knowing the target or the voice. "
        f"It gives a non-zero sign to "
        f"{pct(b['share_nonzero_vader'], 1, 0)} of the {num(b['n'])} author-voice mentions (the stance method: "
        f"{pct(b['share_nonzero_cue'], 1, 0)}) and agrees with the stance method on {pct(b['agree_cue'], 1, 0)} of them. "
        f"Against the hand coding its accuracy is {pct(b['accuracy_vader'], 1, 0)} (ordinal α = {b['alpha_vader']:.2f}), "
        f"against {pct(b['accuracy_cue'], 1, 0)} for the stance method, and its per-cell sign matches the stance method in "
        f"{int(table['same_sign'].sum())} of {len(table)} outlet × target cells. Sentiment is not stance: a sentence "
        "about violence reads negative whatever it says about MINUSMA."
    )


def design_table(overview: pd.DataFrame) -> pd.DataFrame:
    """The designs' sign agreement per article × target (:func:`validate.stance.design_overview`): on
    the seeds at the stated setting, with the setting chosen leave one article out, on fixture set A,
    and the always-neutral guess; non-neutral cells agreeing beside each."""
    if overview.empty:
        return pd.DataFrame()
    out = {
        "design": overview["design"],
        "setting": overview["setting"],
        "rule design in use": overview["kept"].map({True: "yes", False: ""}),
    }
    for where, label in (
        ("seeds", "seeds, stated setting"),
        ("seeds_loao", "seeds, leave-one-article-out"),
        ("fixture", "set A"),
    ):
        if overview[where].notna().any():
            share = overview[where].astype(float)
            out[label] = share.round(2).astype(object).where(share.notna(), "")
            out[f"{label}: non-neutral"] = overview[f"{where}_nn"]
    return pd.DataFrame(out)


def _share(row: pd.Series) -> str:
    return (
        f"{int(row['agree'])} of {int(row['cells'])} ({pct(row['agreement'], 1, 0)}; "
        f"{int(row['non_neutral_agree'])} of {int(row['non_neutral_cells'])} non-neutral)"
    )


def fixture_prose(comparison: pd.DataFrame, fixture: pd.DataFrame | None) -> str:
    """Each design on fixture set A at its stated setting, and the always-neutral guess there."""
    if fixture is None or fixture.empty:
        return ""
    stated = fixture[~fixture["design"].str.contains("leave-one-article-out")]
    parts = [f"{str(r['design']).split(',')[0]} {_share(r)}" for _, r in stated.iterrows()]
    return (
        f" On fixture set A (the development set: its texts were read while the rules were written), "
        f"always neutral agrees in {pct(fixture.iloc[0]['always_neutral'], 1, 0)}; "
        + join(parts)
        + ". A rule design replaces the one in use only when it is better both leave one article out and on set A"
        + _replacement(comparison, fixture)
        + "."
    )


def _replacement(comparison: pd.DataFrame, fixture: pd.DataFrame) -> str:
    """Which rule designs beat the one in use leave one article out, and whether they also do on set A."""
    kept = comparison[comparison["kept"]]
    if kept.empty:
        return ""
    family = str(kept.iloc[0]["design"]).split(",")[0]
    loao = comparison[comparison["design"].str.contains("leave-one-article-out")]
    base = loao[loao["design"].str.startswith(family)]
    base_loao = float(base.iloc[0]["agreement"]) if len(base) else float(kept.iloc[0]["agreement"])
    on_a = fixture.set_index("design")["agreement"]
    kept_a = float(on_a[kept.iloc[0]["design"]])
    out = []
    for _, r in loao.iterrows():
        name = str(r["design"]).split(",")[0]
        if name == family or float(r["agreement"]) <= base_loao:
            continue
        stated = fixture[
            fixture["design"].str.startswith(name) & ~fixture["design"].str.contains("leave-one")
        ]
        a = float(stated.iloc[0]["agreement"])
        verdict = "also better" if a > kept_a else ("equal" if a == kept_a else "worse")
        out.append(
            f"{name} is better leave one article out ({pct(r['agreement'], 1, 0)} against {pct(base_loao, 1, 0)}) and {verdict} on set A over all cells ({pct(a, 1, 0)} against {pct(kept_a, 1, 0)})"
        )
    return (": " + join(out)) if out else ""


def design_prose(comparison: pd.DataFrame, fixture: pd.DataFrame | None = None) -> str:
    """Which rule design is in use and why, from the comparison (computed, not typed)."""
    if comparison.empty:
        return (
            "No text of this corpus has stance hand coding, so the designs are not compared on it"
            + (" (the table has fixture set A only)." if fixture is not None and not fixture.empty else ".")
            + " The held-out scores below describe the rule design in use on unseen texts."
        )
    cue, stated, loao, c_stated, c_loao, s_stated, s_loao = (comparison.iloc[i] for i in range(7))
    kept = comparison[comparison["kept"]]
    kept_name = str(kept.iloc[0]["design"]) if len(kept) else "none of them"
    return (
        f"Four designs, scored on the {int(loao['cells'])} article × target cells of the hand coding; always "
        f"neutral would agree in {pct(loao['always_neutral'], 1, 0)}. The cue lexicon agrees in {_share(cue)}, "
        "but it was written on these very texts, so this is an in-sample figure. The general design (VADER's "
        "published word lexicon, one parse rule per word class; the sign of the author-voice mean over "
        f"sentences, ±{DEAD_BAND} neutral) agrees in {_share(loao)} with its valence threshold chosen on the "
        f"other articles each time (leave one article out), {_share(stated)} at the stated threshold. The clause "
        "design (VADER's sentence scorer on the clause where the target is doer, possessor or described; a cell "
        f"leans one way when its signed sentences differ by a margin) agrees in {_share(c_loao)} with the margin "
        f"chosen leave one article out, {_share(c_stated)} at the stated margin: sentiment of a clause is mostly "
        "the sentiment of the events it reports, not a judgement of its participants. The subjectivity "
        "design (adjectives from the Pattern subjectivity lexicon, verbs and nouns from VADER's, the general "
        f"design's link rules, author voice only, the same margin rule) agrees in {_share(s_loao)} with the "
        f"margin chosen leave one article out, {_share(s_stated)} at the stated margin. The rule design in use "
        f"for the sentence tables (`data/lexicons/stance_design.yaml`): {kept_name}; the study's author "
        "stance comes from the supervised design compared at the end of this notebook."
        + fixture_prose(comparison, fixture)
        + " The held-out "
        "scores below are the rule design's on the fixtures."
    )
