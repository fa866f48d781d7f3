"""What the charts of notebooks 01 (frames) and 04 (voices and stance) state in the site's Sources and
Method views (``layout.meta``): the files drawn from, one sentence of method, and one of validation
computed from the scores (in-sample, leave-one-article-out and the frozen fixture sets).

Each function returns the ``meta`` dict a ``plots`` function takes; nothing here draws."""

from __future__ import annotations

import pandas as pd

from minusma_lib.extract.frame_rules import Codebook
from minusma_lib.validate import frames as frames_validate
from minusma_lib.validate.heldout import SET_ROLES

PROCESSED = "data/processed/{}.csv"
FRAMES_MANUAL = "data/annotations/frames_manual.csv"
FRAMES_CODER2 = "data/annotations/frames_manual_coder2.csv"
FRAMES_GUIDE = "data/annotations/frames_coding_guide.md"
PFC_CODER1 = "data/annotations/frames_pfc_coder1.csv"
PFC_CODER2 = "data/annotations/frames_pfc_coder2.csv"
QUOTES_MANUAL = "data/annotations/quotes_manual.csv"
STANCE_MANUAL = "data/annotations/stance_manual.csv"
SEEDS = "seeds/ (the texts)"


def fixture_sentence(heldout: pd.DataFrame, analysis: str, measures: tuple[str, ...]) -> str:
    """The fixture sets' scores on ``measures`` as one clause per set, with the baseline where one exists."""
    parts = []
    rows = heldout[(heldout["analysis"] == analysis) & heldout["measure"].isin(measures)]
    for k, s in rows.groupby("fixture_set", sort=True):
        scores = []
        for r in s.itertuples():
            base = f" (baseline {r.baseline:.2f})" if pd.notna(r.baseline) else ""
            scores.append(f"{r.measure} {r.score:.2f}{base}")
        parts.append(f"set {k} ({SET_ROLES[k]}): " + ", ".join(scores))
    return (
        ("Out of sample, on articles written and coded for testing: " + "; ".join(parts) + ".")
        if parts
        else ""
    )


def _meta(name: str, sources: list[str], method: str, validation: list[str]) -> dict:
    return {
        "name": name,
        "sources": sources,
        "method": method,
        "validation": " ".join(v for v in validation if v),
    }


def frame_scores_meta(frames: pd.DataFrame, codebook: Codebook) -> dict:
    """The per-frame F1 chart of the lexicon tagger."""
    s = frames_validate.summary_scores(frames, codebook)
    return _meta(
        "frame-scores",
        [PROCESSED.format("frames"), FRAMES_MANUAL, FRAMES_GUIDE, "data/lexicons/frames.yaml"],
        "Each body sentence of the hand-coded texts tagged by the domain-frame lexicon, compared with the "
        "manual coding frame by frame; leave-one-article-out drops the lexicon entries written on the "
        "article scored.",
        [
            f"Micro-F1 {s['micro_f1_full']:.2f} in-sample and {s['micro_f1_loao']:.2f} leave-one-article-out; "
            "in-sample scores are optimistic by construction."
        ],
    )


def frame_profile_meta(
    kind: str, frames: pd.DataFrame, codebook: Codebook, coder2: pd.DataFrame | None, name: str = ""
) -> dict:
    """The frames-per-text charts: ``kind`` is ``manual`` (the hand coding) or ``lexicon`` (the tagger);
    ``name`` defaults to ``frames-<kind>`` (a second chart of the same data needs its own)."""
    if kind == "manual":
        agree = ""
        if coder2 is not None:
            t = frames_validate.agreement_table(frames, codebook, coder2)
            r = t[(t["comparison"] == "coder 2 vs. coder 1") & (t["sentences"] == "all body sentences")].iloc[
                0
            ]
            agree = (
                f"A second coder agrees on the primary frame at Krippendorff's alpha "
                f"{r['alpha, primary frame']:.2f} over {r['n']} sentences."
            )
        sources = [PROCESSED.format("frames_by_outlet"), FRAMES_MANUAL, FRAMES_GUIDE]
        if coder2 is not None:
            sources.append(FRAMES_CODER2)
        method = (
            "Share of each text's body sentences the hand coding gives each frame (primary or secondary)."
        )
        return _meta(name or "frames-manual", sources, method, [agree])
    s = frames_validate.summary_scores(frames, codebook)
    return _meta(
        name or "frames-lexicon",
        [PROCESSED.format("frames_by_outlet"), PROCESSED.format("frames"), "data/lexicons/frames.yaml"],
        "Share of each text's body sentences the domain-frame lexicon tags with each frame, on every text "
        "(hand-coded or not).",
        [f"Tagger micro-F1 against the hand coding: {s['micro_f1_loao']:.2f} leave-one-article-out."],
    )


def pfc_profile_meta(pfc_scores: pd.DataFrame, heldout: pd.DataFrame) -> dict:
    """The PFC-dimensions-per-text chart of the linear model."""
    kept = pfc_scores[pfc_scores["design"] == "linear model (kept)"].set_index("evaluation")
    col = "micro-F1 (PFC 1-14)"
    scores = ", ".join(f"{v:.2f} {k}" for k, v in kept[col].items())
    return _meta(
        "pfc-model",
        [PROCESSED.format("frames_pfc"), PFC_CODER1, PFC_CODER2, "data/codebooks/pfc.yaml"],
        "A linear model (one-vs-rest logistic regression on content-word lemmas and entity types) trained "
        "on the blind PFC coding of the seeds gives each body sentence its Policy Frames Codebook "
        "dimensions; the chart shows each text's share of sentences per dimension with a 95% interval.",
        [f"Micro-F1 on PFC codes 1-14: {scores}."],
    )


def voices_meta(quote_scores: dict, heldout: pd.DataFrame) -> dict:
    """The chart of who is quoted, by speaker category."""
    return _meta(
        "voices",
        [PROCESSED.format("quotes"), QUOTES_MANUAL, "data/lexicons/speech_verbs.yaml"],
        "Direct and reported speech found by speech-verb, quote-mark, 'according to' and colon rules; each "
        "attribution's speaker is the verb's subject or the named source, given a category from its role "
        "words.",
        [
            f"In-sample: {quote_scores['recall']:.2f} of the hand-coded attributions found, "
            f"{quote_scores['category_agreement']:.2f} of them with the coder's speaker category.",
            fixture_sentence(heldout, "quotes", ("attributions detected (recall)", "named-speaker recall")),
        ],
    )


def _stance_validation(checks: dict, heldout: pd.DataFrame) -> list[str]:
    a = checks["author"]
    return [
        f"In-sample: {a['mention_recall']:.2f} of the hand-coded author mentions found, score agreeing on "
        f"{a['accuracy']:.2f} of them.",
        fixture_sentence(
            heldout, "stance", ("sign agreement, all cells", "sign agreement, non-neutral cells")
        ),
    ]


def author_stance_meta(checks: dict, heldout: pd.DataFrame) -> dict:
    """The author's-stance chart (one row per text)."""
    return _meta(
        "author-stance",
        [PROCESSED.format("stance_by_outlet"), PROCESSED.format("stance_statements"), STANCE_MANUAL],
        "Evaluative words tied to a target mention in the author's own sentences (reported speech left out), "
        "each scored -1, 0 or +1; the bar is the net share of positive minus negative mentions with a "
        "bootstrap 95% interval over sentences.",
        _stance_validation(checks, heldout),
    )


def reported_stance_meta(checks: dict) -> dict:
    """The reported-stance chart (one row per speaker category)."""
    r = checks["reported"]
    return _meta(
        "reported-stance",
        [PROCESSED.format("stance_statements"), PROCESSED.format("quotes"), STANCE_MANUAL],
        "The same scoring inside quoted and reported speech, pooled by the speaker's category.",
        [
            f"In-sample: {r['mention_recall']:.2f} of the hand-coded reported mentions found, score agreeing "
            f"on {r['accuracy']:.2f} of them."
        ],
    )


def stance_baseline_meta(comparison: dict) -> dict:
    """The VADER sentence-score baseline chart."""
    return _meta(
        "stance-baseline",
        [PROCESSED.format("stance_statements"), PROCESSED.format("sentences"), STANCE_MANUAL],
        "VADER's compound score (Hutto & Gilbert 2014) of each author sentence that mentions a target, "
        "positive at 0.05 or more and negative at -0.05 or less (VADER's convention), averaged per text.",
        [
            f"Agreement with the hand-coded author mentions: VADER {comparison['accuracy_vader']:.2f}, the "
            f"study's method {comparison['accuracy_cue']:.2f}."
        ],
    )
