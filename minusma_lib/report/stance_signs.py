"""Notebook 04: the kept stance design's article signs (``stance_article_signs.csv``) as chart cells, a
table and computed prose. A cell is a text × target; its sign is the model's most probable one, and the
probability the model gives it is the cell's uncertainty (notebook 04 shows, on cells the model never
saw, how often a sign given such a probability is right)."""

from __future__ import annotations

import pandas as pd

from minusma_lib.core.labels import outlet_labels, row_labels
from minusma_lib.extract.stance_aggregate import SMALL_N
from minusma_lib.extract.stance_lexicon import TARGET_LABELS, TARGETS
from minusma_lib.judge.stance_model import cell_sentence_ids
from minusma_lib.report.heldout import supervised_group
from minusma_lib.report.text import esc, join, num, plural
from minusma_lib.validate.stance_supervised import agreement, calibration, held_out

SIGN_WORDS = {-1: "negative", 0: "neutral", 1: "positive"}
# A sign given at least this probability is called *clear* in prose; below it, a non-neutral sign only
# *leans*. The notebook prints how often such signs were right on cells the model never saw.
CONFIDENT = 0.9


def reading(sign: int, p_sign: float) -> str:
    """How prose may describe a cell."""
    if p_sign >= CONFIDENT:
        return f"clearly {SIGN_WORDS[sign]}"
    return f"leaning {SIGN_WORDS[sign]}" if sign else "neutral, without confidence"


def _with_flags(signs: pd.DataFrame) -> pd.DataFrame:
    out = signs.copy()
    out["sign"] = out["sign"].astype(int)
    out["small"] = out["n_sentences"].astype(int) < SMALL_N
    return out


def sign_cells(
    signs: pd.DataFrame, stmts: pd.DataFrame, sentences: pd.DataFrame, documents: pd.DataFrame
) -> pd.DataFrame:
    """One row per text × target for the chart, in target order then manifest order, with the cell's
    author sentences as evidence ``(text, [], 0, doc_id, start, end)`` (offsets in the raw file)."""
    labels = row_labels(documents)
    order = {d: k for k, d in enumerate(documents["doc_id"])}
    s = _with_flags(signs)
    sents = sentences.set_index("sent_id")
    by_cell = cell_sentence_ids(stmts, sentences)
    rows = []
    for t in TARGETS:
        for r in sorted(s[s["target"] == t].itertuples(), key=lambda r: order.get(r.doc_id, len(order))):
            ids = by_cell.get((r.doc_id, t), [])
            rows.append(
                {
                    "target_label": TARGET_LABELS[t],
                    "row": labels.get(r.doc_id, r.doc_id),
                    "n_sentences": int(r.n_sentences),
                    "p_negative": float(r.p_negative),
                    "p_neutral": float(r.p_neutral),
                    "p_positive": float(r.p_positive),
                    "sign": r.sign,
                    "p_sign": float(r.p_sign),
                    "small": bool(r.small),
                    "words": str(r.evidence),
                    "evidence": [
                        (
                            str(sents.loc[i, "text"]),
                            [],
                            0,
                            r.doc_id,
                            int(sents.loc[i, "start"]),
                            int(sents.loc[i, "end"]),
                        )
                        for i in ids
                    ],
                }
            )
    return pd.DataFrame(rows)


def sign_table(signs: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The article signs as a readable table, in manifest order then target order."""
    labels = outlet_labels(documents)
    order = {d: k for k, d in enumerate(documents["doc_id"])}
    s = _with_flags(signs)
    s = s.assign(_d=s["doc_id"].map(order), _t=s["target"].map({t: k for k, t in enumerate(TARGETS)}))
    s = s.sort_values(["_d", "_t"], kind="stable")
    return pd.DataFrame(
        {
            "outlet": s["doc_id"].map(lambda d: labels.get(d, d)),
            "target": s["target"].map(TARGET_LABELS),
            "sentences": s["n_sentences"],
            "sign": s["sign"].map(lambda v: f"{v:+d}" if v else "0"),
            "P(−1)": s["p_negative"].map(lambda v: f"{v:.2f}"),
            "P(0)": s["p_neutral"].map(lambda v: f"{v:.2f}"),
            "P(+1)": s["p_positive"].map(lambda v: f"{v:.2f}"),
            "reading": [reading(v, p) for v, p in zip(s["sign"], s["p_sign"], strict=True)],
            "few sentences": s["small"].map({True: "yes", False: ""}),
            "words that weigh most": s["evidence"],
            "read by a model trained on": s["model"],
        }
    ).reset_index(drop=True)


def sign_prose(signs: pd.DataFrame, documents: pd.DataFrame) -> str:
    """Per target, each text's sign with its probability, and how many signs are clear."""
    labels = outlet_labels(documents)
    s = _with_flags(signs)
    out = []
    for t in TARGETS:
        g = s[s["target"] == t]
        if g.empty:
            continue
        bits = [
            f"{esc(labels.get(r.doc_id, r.doc_id))} {SIGN_WORDS[r.sign]} (P {r.p_sign:.2f}, "
            f"{plural(int(r.n_sentences), 'sentence')})"
            for r in g.itertuples()
        ]
        out.append(f"**{TARGET_LABELS[t]}**: " + "; ".join(bits) + ".")
    n_clear = int((s["p_sign"] >= CONFIDENT).sum())
    absent = len(documents) * len(TARGETS) - len(s)
    return (
        f"The kept design read {plural(len(s), 'text × target cell')} in which the author's own voice mentions "
        f"the target ({num(int(s['n_sentences'].sum()))} author-voice sentences, each once); "
        + (
            f"{plural(absent, 'cell')} {'has' if absent == 1 else 'have'} no author mention and no sign. "
            if absent
            else "every text mentions every target in its own voice. "
        )
        + f"{n_clear} of the {len(s)} signs have a probability of at least {CONFIDENT} and are called clear; "
        "the others are leans, and a neutral sign below it is no measured neutrality.\n\n" + "\n\n".join(out)
    )


def chart_title(signs: pd.DataFrame) -> str:
    """The chart's title, with how many cells and sentences it reads."""
    return (
        f"Author stance, kept design: {plural(len(signs), 'cell')} read from "
        f"{num(int(signs['n_sentences'].sum()))} author-voice sentences"
    )


def contrast_prose(signs: pd.DataFrame, documents: pd.DataFrame, target: str) -> str:
    """Which outlets read which way toward a target: only clear signs (probability at least
    ``CONFIDENT``) are contrasted, the others are named as uncertain; the AI chatbot transcript is not
    an outlet and is reported apart."""
    labels = outlet_labels(documents)
    chatbots = set(documents.loc[documents["genre"] == "ai_chatbot_transcript", "doc_id"])
    s = _with_flags(signs)
    g = s[s["target"] == target]
    outlets, bots = g[~g["doc_id"].isin(chatbots)], g[g["doc_id"].isin(chatbots)]
    parts = []
    for v in (-1, 0, 1):
        sure = outlets[(outlets["sign"] == v) & (outlets["p_sign"] >= CONFIDENT)]
        names = [labels.get(d, d) for d in sure["doc_id"]]
        if names:
            parts.append(f"{esc(join(names))} {'reads' if len(names) == 1 else 'read'} {SIGN_WORDS[v]}")
    unsure = [
        f"{labels.get(r.doc_id, r.doc_id)} {'leans ' + SIGN_WORDS[r.sign] if r.sign else 'is neutral'}, "
        f"P {r.p_sign:.2f}"
        for r in outlets[outlets["p_sign"] < CONFIDENT].itertuples()
    ]
    if unsure:
        parts.append(f"the model is not confident for the others ({esc('; '.join(unsure))})")
    silent = [
        labels.get(d, d) for d in documents["doc_id"] if d not in set(g["doc_id"]) and d not in chatbots
    ]
    if silent:
        parts.append(
            f"{esc(join(silent))} {'does' if len(silent) == 1 else 'do'} not mention it in its own voice"
        )
    text = (
        f"Toward {TARGET_LABELS[target]}, in the author's own voice, "
        + ("; ".join(parts) or "no outlet is read")
        + "."
    )
    for r in bots.itertuples():
        text += (
            f" The AI chatbot transcript ({esc(labels.get(r.doc_id, r.doc_id))}), reported apart: "
            f"{reading(r.sign, r.p_sign)} (P {r.p_sign:.2f})."
        )
    return text


def validation_prose(cells: pd.DataFrame) -> str:
    """What the kept design scores on cells it never saw (``stance_supervised_cells.csv``)."""
    parts = []
    n_seeds = supervised_group(cells, "seeds")["doc_id"].nunique()
    for what, group in (
        (f"on the {plural(n_seeds, 'seed text')}, each read by a model trained without it", "seeds"),
        ("on fixture sets nobody read, scored once", "untouched"),
    ):
        a = agreement(supervised_group(cells, group))
        if not a["cells"]:
            continue
        parts.append(
            f"{what}, the sign agrees with the hand coding in {a['agreement']:.2f} of {a['cells']} cells "
            f"(always neutral {a['always_neutral']:.2f}) and in {a['non_neutral_right']} "
            f"of {a['non_neutral_cells']} non-neutral ones"
        )
    if not parts:
        return "The kept design has no scored cells in this checkout."
    return "Checked on cells it never saw: " + "; ".join(parts) + "."


CALIBRATION_GROUPS = (
    ("seed articles, each left out in turn", "seeds"),
    ("development fixture sets, each left out in turn", "development"),
    ("untouched fixture sets", "untouched"),
)


def calibration_table(cells: pd.DataFrame) -> pd.DataFrame:
    """How often the sign is right by the probability given to it, per group of cells no model that
    read them predicted (:func:`validate.stance_supervised.calibration`; the held-out set C never)."""
    parts = []
    for label, group in CALIBRATION_GROUPS:
        g = supervised_group(cells, group)
        if len(g):
            parts.append(calibration(g).assign(group=label))
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True)
    return out[["group", *[c for c in out.columns if c != "group"]]]


def calibration_prose(cells: pd.DataFrame) -> str:
    """Whether a sign called clear (probability at least ``CONFIDENT``) earns the word, per group."""

    def right(g: pd.DataFrame) -> str:
        k = int((g["predicted"] == g["gold"]).sum())
        return f"{k} of {len(g)} ({k / len(g):.2f})" if len(g) else "none (no such cell)"

    parts = []
    for label, group in CALIBRATION_GROUPS:
        g = held_out(supervised_group(cells, group))
        if g.empty:
            continue
        sure, rest = g[g["p_predicted"] >= CONFIDENT], g[g["p_predicted"] < CONFIDENT]
        parts.append(f"on the {label}, {right(sure)} at or above it and {right(rest)} below it")
    if not parts:
        return "No scored cell is in this checkout."
    return (
        f"Signs given a probability of at least {CONFIDENT}, which the prose calls clear, were the coder's "
        + "; ".join(parts)
        + ". The threshold was set from the development sets' and the seeds' cells; the fixture cells are "
        "invented articles, so the seeds' row is the one that speaks for real texts, on few cells."
    )


def reading_note(signs: pd.DataFrame) -> str:
    """How to read the kept design's chart: its thresholds, and what each text's model was trained on."""
    trained = signs["model"].value_counts()
    return (
        f"A sign given a probability below {CONFIDENT} is drawn faint (a lean, not a finding), and a cell "
        f"read from fewer than {SMALL_N} sentences is grey. The cells are read by a model trained on "
        + join(f"{t} ({plural(int(n), 'cell')})" for t, n in trained.items())
        + "."
    )


def choice_prose(designs: pd.DataFrame, cells: pd.DataFrame, heldout: pd.DataFrame) -> str:
    """Why the supervised design is kept, computed: its sign agreement beside the rule designs' on the
    seeds (leave one article out; ``designs`` from :func:`validate.stance.design_comparison`) and beside
    the rule design in use on the fixture cells (``heldout_scores.csv``)."""
    seeds = agreement(supervised_group(cells, "seeds"))
    parts = []
    if seeds["cells"] and len(designs):
        best = designs.sort_values("agree", ascending=False, kind="stable").iloc[0]
        k = seeds["right"]
        diff = int(best["agree"]) - k
        more = f", {plural(diff, 'cell')} more" if diff > 0 else (f", {-diff} fewer" if diff < 0 else "")
        parts.append(
            f"on the {seeds['cells']} seed cells (leave one article out) it agrees in {k}, the best rule design "
            f"({esc(str(best['design']))}) in {int(best['agree'])}{more}"
        )
    rule = heldout[(heldout["analysis"] == "stance") & (heldout["measure"] == "sign agreement, all cells")]
    fixture_wins = []
    for label, group in (("development fixture", "development"), ("untouched fixture", "untouched")):
        mine = supervised_group(cells, group)
        sup = agreement(mine)
        r = rule[rule["fixture_set"].isin(set(mine["fixture_set"]))]
        if not sup["cells"] or r.empty:
            continue
        hits, n = int(r["hits"].sum()), int(r["n"].sum())
        fixture_wins.append(sup["agreement"] > hits / n)
        parts.append(
            f"on the {label} cells it agrees in {sup['agreement']:.2f} of {sup['cells']}, the rule design in use "
            f"in {hits / n:.2f} of {n}"
        )
    if not parts:
        return "No comparison is possible in this checkout."
    return (
        "Sign agreement with the coders, the supervised design against the rule designs: "
        + "; ".join(parts)
        + ". "
        + (
            "The supervised design is kept because it does better on the fixture cells, which no design was "
            "tuned on and which are many; the seeds are few cells, coded by the process that wrote the rule "
            "lexicon."
            if fixture_wins and all(fixture_wins)
            else "The supervised design does not do better on every group of fixture cells, so keeping it "
            "should be revisited."
        )
    )
