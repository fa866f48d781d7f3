"""Notebook 04: who gets a voice, the author's and the reported stance per outlet and target, in
tables, chart cells and computed prose."""

from __future__ import annotations

import numpy as np
import pandas as pd

from minusma_lib.core.labels import outlet_labels, row_labels
from minusma_lib.extract import speech_lexicon as lexicon
from minusma_lib.extract.stance_aggregate import (
    DEAD_BAND,
    MIN_SIGNAL,
    N_BOOT,
    SEED,
    SMALL_N,
    _cell,
    sentence_units,
    sign_of,
)
from minusma_lib.extract.stance_lexicon import TARGET_LABELS, TARGETS
from minusma_lib.report.stance_signs import contrast_prose
from minusma_lib.report.stance_signs import validation_prose as sign_validation_prose
from minusma_lib.report.text import esc, join, num, pct, plural
from minusma_lib.validate.stance import VADER_THRESHOLD

DIRECT_KINDS = ("direct", "block")
CELL_KEYS = (
    "n",
    "n_sentences",
    "n_neg",
    "n_pos",
    "n_signal",
    "no_signal",
    "net_tone",
    "ci_low",
    "ci_high",
    "small",
)


def direction(net: float, low: float, high: float) -> str:
    """How the prose may describe a cell: *clearly* negative/positive only when the 95% interval
    excludes 0; a net tone outside the neutral band whose interval includes 0 only *leans*."""
    if high < 0:
        return "clearly negative"
    if low > 0:
        return "clearly positive"
    s = sign_of(net)
    if s < 0:
        return "leaning negative (95% interval includes 0)"
    if s > 0:
        return "leaning positive (95% interval includes 0)"
    return "neutral"


def voices_table(quotes_df: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Quotes per outlet × speaker category, direct (quote marks) vs indirect (paraphrase,
    "according to"); scare quotes are left out (no speaker)."""
    q = quotes_df[quotes_df["kind"] != "scare"].copy()
    q["form"] = np.where(q["kind"].isin(DIRECT_KINDS), "direct", "indirect")
    rows = []
    for d in documents["doc_id"]:
        g = q[q["doc_id"] == d]
        for cat in lexicon.CATEGORIES:
            for form in ("direct", "indirect"):
                c = g[(g["speaker_category"] == cat) & (g["form"] == form)]
                rows.append(
                    {
                        "doc_id": d,
                        "speaker_category": cat,
                        "form": form,
                        "n": len(c),
                        "share": len(c) / len(g) if len(g) else 0.0,
                        "speakers": "; ".join(
                            f"{s} ({n})" for s, n in c["speaker"].value_counts().sort_index().items()
                        ),
                    }
                )
    return pd.DataFrame(rows)


def speakers_table(quotes_df: pd.DataFrame, documents: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """The most-quoted speakers of each outlet."""
    labels = outlet_labels(documents)
    q = quotes_df[quotes_df["kind"] != "scare"]
    rows = []
    for d in documents["doc_id"]:
        g = q[q["doc_id"] == d]
        counts = g.groupby(["speaker", "speaker_category"]).size().sort_values(ascending=False)
        for (spk, cat), n in list(counts.items())[:top]:
            rows.append(
                {
                    "outlet": labels[d],
                    "speaker": spk,
                    "category": lexicon.CATEGORY_LABELS[cat],
                    "quotes": int(n),
                    "of all its quotes": pct(n, len(g), 0),
                }
            )
    return pd.DataFrame(rows)


def author_rows(agg: pd.DataFrame) -> pd.DataFrame:
    return agg[(agg["voice"] == "author") & (agg["speaker_category"] == "all")]


def headline(
    signs: pd.DataFrame, quotes_df: pd.DataFrame, v: dict, documents: pd.DataFrame, supervised: pd.DataFrame
) -> str:
    """The notebook's one-sentence finding: the kept design's signs toward MINUSMA and the Malian
    authorities (only clear signs contrasted; the chatbot transcript apart), who is quoted most, and
    how both methods fared on text they never saw or against this corpus's hand coding."""
    q = quotes_df[quotes_df["kind"] != "scare"]
    shares = q["speaker_category"].value_counts(normalize=True)
    top = shares[shares == shares.max()].index.tolist()
    if top == ["malian_authorities"]:
        quoted = (
            f"the Malian authorities are the most quoted source category, with {pct(shares[top[0]], 1, 0)}"
        )
    else:
        quoted = (
            f"the most quoted source {'category is' if len(top) == 1 else 'categories are'} "
            f"{join(lexicon.CATEGORY_LABELS[c] for c in top)} ({pct(shares[top[0]], 1, 0)}"
            f"{' each' if len(top) > 1 else ''}); the Malian authorities have "
            f"{pct(shares.get('malian_authorities', 0.0), 1, 0)}"
        )
    quote_check = (
        f" Quote speakers agree with this corpus's hand coding for {pct(v['quotes']['recall'], 1, 0)} of the "
        "coded quotes."
        if len(v["signs"])
        else ""
    )
    return (
        contrast_prose(signs, documents, "minusma")
        + " "
        + contrast_prose(signs, documents, "malian_authorities")
        + f" Among the {num(len(q))} attributed quotes and paraphrases, {quoted}. "
        + "The stance signs come from the kept (supervised) design. "
        + sign_validation_prose(supervised)
        + quote_check
    )


def voices_prose(quotes_df: pd.DataFrame, documents: pd.DataFrame) -> str:
    labels = outlet_labels(documents)
    q = quotes_df[quotes_df["kind"] != "scare"]
    parts = []
    for d in documents["doc_id"]:
        g = q[q["doc_id"] == d]
        if g.empty:
            continue
        top_cat = g["speaker_category"].value_counts().idxmax()
        direct = g["kind"].isin(DIRECT_KINDS).mean()
        parts.append(
            f"{esc(labels[d])}: {plural(len(g), 'quote')}, {pct(direct, 1, 0)} in quote marks, most often from "
            f"{lexicon.CATEGORY_LABELS[top_cat]} ({pct((g['speaker_category'] == top_cat).mean(), 1, 0)})"
        )
    scare = quotes_df[quotes_df["kind"] == "scare"]
    unattr = (q["speaker_category"] == "unattributed").sum()
    return (
        "Per outlet — " + "; ".join(parts) + ". "
        f"Another {plural(len(scare), 'quoted phrase')} ({esc(join(sorted(set(scare['text']))))}) "
        f"are scare quotes: the author's words set off, not anyone's speech. "
        f'{plural(int(unattr), "attribution")} name no identifiable source (agentless "is seen as", '
        f'"it is estimated that", critics, witnesses, survey respondents).'
    )


def author_prose(agg: pd.DataFrame, documents: pd.DataFrame) -> str:
    labels = outlet_labels(documents)
    a = author_rows(agg)
    out = []
    for t in TARGETS:
        g = a[a["target"] == t]
        bits = []
        for r in g.itertuples():
            if r.no_signal:
                bits.append(
                    f"{esc(labels[r.doc_id])} no signal ({r.n_signal} of {r.n_sentences} sentences evaluative)"
                )
                continue
            flag = " (few sentences)" if r.small else ""
            bits.append(
                f"{esc(labels[r.doc_id])} {r.net_tone:+.2f} [{r.ci_low:+.2f}, {r.ci_high:+.2f}], "
                f"{r.n_signal} of {r.n_sentences} sentences evaluative{flag}"
            )
        out.append(f"**{TARGET_LABELS[t]}**: " + "; ".join(bits) + ".")
    measured = a[~a["no_signal"].astype(bool)]
    quiet = len(a) - len(measured)
    neutral = (measured["net_tone"].abs() < DEAD_BAND).sum()
    words = [(r, direction(r.net_tone, r.ci_low, r.ci_high)) for r in measured.itertuples()]
    clear = {
        w: [f"{labels[r.doc_id]} × {TARGET_LABELS[r.target]}" for r, x in words if x == w]
        for w in ("clearly negative", "clearly positive")
    }
    n_clear = sum(len(x) for x in clear.values())
    signal, total = int(a["n_signal"].sum()), int(a["n_sentences"].sum())
    return (
        "Net tone of the author's voice (mean of −1/0/+1 over the sentences that mention the target, each "
        f"sentence once; 95% interval from resampling sentences). Only {num(signal)} of the {num(total)} "
        f"author-voice sentences ({pct(signal, total, 0)}) carry any evaluative signal. In "
        f"{plural(quiet, 'cell')} of {len(a)} the method found fewer than {MIN_SIGNAL} evaluative sentences: "
        f"they read *no signal*, not a measured neutrality. Of the other {len(measured)}, {neutral} "
        f"{'is' if neutral == 1 else 'are'} neutral (|net tone| < {DEAD_BAND}) and {n_clear} "
        f"{'has' if n_clear == 1 else 'have'} a 95% interval that excludes 0 ("
        + "; ".join(f"{w}: {esc(join(x))}" for w, x in clear.items() if x)
        + "); in the others the direction is at most a lean.\n\n"
        + "\n\n".join(out)
    )


def reported_prose(agg: pd.DataFrame) -> str:
    r = agg[(agg["voice"] == "reported") & (agg["speaker_category"] != "all")]
    pooled = r.groupby(["target", "speaker_category"])[["n_sentences", "n_neg", "n_pos"]].sum().reset_index()
    pooled["net"] = (pooled["n_pos"] - pooled["n_neg"]) / pooled["n_sentences"]
    big = pooled[pooled["n_sentences"] >= SMALL_N].sort_values("net")
    mal_on_minusma = pooled[
        (pooled["target"] == "minusma") & (pooled["speaker_category"] == "malian_authorities")
    ]
    if big.empty:
        return (
            f"No source category is quoted on any target in at least {SMALL_N} sentences in this corpus, so no "
            "reported voice is compared. " + hostility_prose(agg)
        )
    lo, hi = big.iloc[0], big.iloc[-1]
    txt = (
        f"Across outlets, the most negative reported voice is {lexicon.CATEGORY_LABELS[lo['speaker_category']]} "
        f"on {TARGET_LABELS[lo['target']]} (net {lo['net']:+.2f}, sentences = {int(lo['n_sentences'])}); the most positive is "
        f"{lexicon.CATEGORY_LABELS[hi['speaker_category']]} on {TARGET_LABELS[hi['target']]} "
        f"(net {hi['net']:+.2f}, sentences = {int(hi['n_sentences'])})."
    )
    if len(mal_on_minusma):
        x = mal_on_minusma.iloc[0]
        txt += (
            f" The Malian authorities' quoted words about MINUSMA score {x['net']:+.2f} over {int(x['n_sentences'])} sentences: "
            "a score that ignores who speaks would credit them to the outlets."
        )
    return txt + " " + hostility_prose(agg)


def hostility_prose(agg: pd.DataFrame, target: str = "minusma") -> str:
    """Where the negative scores toward a target sit: reported speech or the texts' own voice."""
    cells = agg[(agg["target"] == target) & (agg["speaker_category"] == "all")]
    rep = int(cells[cells["voice"] == "reported"]["n_neg"].sum())
    own = int(cells[cells["voice"].isin(["author", "prompt"])]["n_neg"].sum())
    total = rep + own
    if not total:
        return f"No mention of {TARGET_LABELS[target]} scores −1 in any voice."
    where = (
        "most of the hostility toward it is reported, not the authors' own"
        if rep > own
        else "most of it is in the texts' own voice"
        if own > rep
        else "it is split evenly between reported speech and the texts' own voice"
    )
    return (
        f"Of the {total} sentences that score {TARGET_LABELS[target]} −1, {rep} ({pct(rep, total, 0)}) are in "
        f"quoted or paraphrased speech and {own} in the texts' own voice (author or prompt): {where}."
    )


def reading_note() -> str:
    """How to read the stance charts: the thresholds and the sign rule, from the code that applies them."""
    return (
        f"The unit is the sentence: one sentence counts once for a target (however many mentions it has), and a "
        f"sentence repeated word for word in the same text is not counted again. Cells with fewer than {SMALL_N} "
        f"sentences are grey; a cell with fewer than {MIN_SIGNAL} evaluative sentences reads *no signal* instead "
        f"of a net tone. Intervals come from {num(N_BOOT)} bootstrap "
        f"resamples of sentences (seeded). **Sign rule** (one rule, set in the code as `stance_aggregate.DEAD_BAND` "
        f"and applied unchanged to the stance method and the hand coding): a net tone within ±{DEAD_BAND} — less "
        f"than one net evaluative sentence in {round(1 / DEAD_BAND)}, the same neutral band as VADER's convention for "
        f"its compound score (±{VADER_THRESHOLD}) — is neutral. The prose calls a cell *clearly* negative or "
        "positive only when its 95% interval excludes 0; a net tone outside the band whose interval includes 0 "
        "is called *leaning*. How the sign agreement with the hand coding depends on the band is shown in the "
        "validation section."
    )


def positive_sources(stmts: pd.DataFrame, documents: pd.DataFrame, target: str = "minusma") -> pd.DataFrame:
    """Where each outlet's positive author-voice scores toward a target come from: sentences
    scored +1 whose cues were all read by the withdrawal-harm rule (``rule`` ending
    ``withdrawal_harm``: harm predicted from the mission's departure), partly, or not at all."""
    labels = outlet_labels(documents)
    pos = stmts[(stmts["voice"] == "author") & (stmts["target"] == target) & (stmts["score"] > 0)]
    rows = []
    for d in documents["doc_id"]:
        g = sentence_units(pos[pos["doc_id"] == d])  # each sentence once
        fam = [
            {r.endswith("withdrawal_harm") for r in str(rules).split(";")} for rules in g["rule"].fillna("")
        ]
        only = sum(1 for f in fam if f == {True})
        mixed = sum(1 for f in fam if f == {True, False})
        rows.append(
            {
                "doc_id": d,
                "outlet": labels[d],
                "target": TARGET_LABELS[target],
                "sentences scored +1": len(g),
                "withdrawal-harm cues only": only,
                "withdrawal-harm and other cues": mixed,
                "other cues only": len(g) - only - mixed,
                "share withdrawal-harm only": round(only / len(g), 3) if len(g) else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def positive_sources_prose(table: pd.DataFrame, documents: pd.DataFrame) -> str:
    """The withdrawal-harm share of positive tone toward MINUSMA, per outlet and for the chatbot."""
    t = table[table["sentences scored +1"] > 0]
    if t.empty:
        return "No author-voice sentence scores MINUSMA +1."
    parts = [
        f"{esc(o)} {k} of {n} ({pct(k, n, 0)})"
        for o, k, n in zip(t["outlet"], t["withdrawal-harm cues only"], t["sentences scored +1"], strict=True)
    ]

    def amount(share: float) -> str:
        return (
            "almost entirely"
            if share >= 0.9
            else "mostly"
            if share > 0.5
            else "about half"
            if share == 0.5
            else "partly"
            if share > 0
            else "not at all"
        )

    chat = documents[documents["genre"] == "ai_chatbot_transcript"]["doc_id"].tolist()
    txt = (
        "Author-voice sentences scoring MINUSMA +1 that rest only on withdrawal-harm cues (harm predicted "
        "from the mission's departure, the coding guide's withdrawal-harm rule): " + "; ".join(parts) + "."
    )
    for d in chat:
        r = table[table["doc_id"] == d].iloc[0]
        if r["sentences scored +1"]:
            share = r["withdrawal-harm cues only"] / r["sentences scored +1"]
            txt += (
                f" The chatbot's positive tone toward MINUSMA ({esc(r['outlet'])}) thus comes {amount(share)} "
                f"({pct(share, 1, 0)}) from predicted harms of the withdrawal; "
                f"{r['other cues only']} of its {r['sentences scored +1']} positive sentences rest on other cues only."
            )
    return txt


def _evidence(g: pd.DataFrame, sentences: pd.DataFrame) -> list[tuple]:
    """Distinct evaluated sentences of a cell: (raw sentence, cue spans relative to it, score, doc_id,
    sentence start, sentence end), the offsets in the raw file so the site can open the sentence."""
    sents = sentences.set_index("sent_id")
    out, seen = [], set()
    for r in g[g["score"] != 0].sort_values(["sent_id", "start"]).itertuples():
        if r.sent_id in seen:
            continue
        seen.add(r.sent_id)
        s = sents.loc[r.sent_id]
        spans = []
        for part in str(r.cue_spans or "").split(";"):
            if "-" in part:
                a, b = (int(x) for x in part.split("-"))
                spans.append((a - int(s["start"]), b - int(s["start"])))
        out.append((str(s["text"]), spans, int(r.score), str(s["doc_id"]), int(s["start"]), int(s["end"])))
    return out


def author_cells(
    agg: pd.DataFrame, stmts: pd.DataFrame, sentences: pd.DataFrame, documents: pd.DataFrame
) -> pd.DataFrame:
    """Author-voice cells (outlet × target) for the diverging chart, with their evidence sentences."""
    row_of = row_labels(documents)  # one row per text, as in the kept design's chart
    a = author_rows(agg)
    rows = []
    for r in a.itertuples():
        g = stmts[
            (stmts["doc_id"] == r.doc_id) & (stmts["target"] == r.target) & (stmts["voice"] == "author")
        ]
        rows.append(
            {
                "target_label": TARGET_LABELS[r.target],
                "row": row_of[r.doc_id],
                **{k: getattr(r, k) for k in CELL_KEYS},
                "evidence": _evidence(g, sentences),
            }
        )
    out = pd.DataFrame(rows)
    out["_t"] = out["target_label"].map({v: i for i, v in enumerate(TARGET_LABELS.values())})
    return out.sort_values("_t", kind="stable").drop(columns="_t").reset_index(drop=True)


def reported_cells(stmts: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Reported-voice cells pooled over outlets: target × speaker category, with bootstrap intervals."""
    rng = np.random.default_rng(SEED + 1)
    rep = stmts[stmts["voice"] == "reported"]
    rows = []
    for t in TARGETS:
        for cat in lexicon.CATEGORIES:
            g = rep[(rep["target"] == t) & (rep["speaker_category"] == cat)]
            if g.empty:
                continue
            cell = _cell(g.assign(sent_id=g["doc_id"] + "|" + g["sent_id"]), rng)
            rows.append(
                {
                    "target_label": TARGET_LABELS[t],
                    "row": lexicon.CATEGORY_LABELS[cat],
                    **{k: cell[k] for k in CELL_KEYS},
                    "evidence": _evidence(g, sentences),
                }
            )
    return pd.DataFrame(rows)


def category_order() -> list[str]:
    return [lexicon.CATEGORY_LABELS[c] for c in lexicon.CATEGORIES]


def author_table(agg: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The author-voice cells as a readable table."""
    labels = outlet_labels(documents)
    a = author_rows(agg)
    return pd.DataFrame(
        {
            "outlet": a["doc_id"].map(labels),
            "target": a["target"].map(TARGET_LABELS),
            "sentences": a["n_sentences"],
            "evaluative": a["n_signal"],
            "−1": a["n_neg"],
            "0": a["n_zero"],
            "+1": a["n_pos"],
            "net tone": [
                "no signal" if q else f"{x:+.2f}" for q, x in zip(a["no_signal"], a["net_tone"], strict=True)
            ],
            "95% interval": [
                "" if q else f"{lo:+.2f} to {hi:+.2f}"
                for q, lo, hi in zip(a["no_signal"], a["ci_low"], a["ci_high"], strict=True)
            ],
            "few sentences": a["small"].map({True: "yes", False: ""}),
        }
    ).reset_index(drop=True)


def author_chart_title(agg: pd.DataFrame) -> str:
    """The author chart's title, with how many sentences carried any evaluative signal."""
    a = author_rows(agg)
    signal, total = int(a["n_signal"].sum()), int(a["n_sentences"].sum())
    return (
        f"Author stance per outlet and target (reported speech excluded): {num(signal)} of {num(total)} "
        "sentences carry an evaluative signal"
    )
