"""What every chart of the notebooks states in the site's Sources and Method views (``layout.meta``): the
files drawn from, one sentence of method, and one of validation computed from the scores (in-sample,
leave-one-article-out and the frozen fixture sets).

Each function returns the ``meta`` dict a ``plots`` function takes; nothing here draws."""

from __future__ import annotations

import pandas as pd

from minusma_lib.extract.frame_rules import Codebook
from minusma_lib.validate import frames as frames_validate
from minusma_lib.validate import frames_pfc
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
    """A chart's meta; ``validation`` sentences joined (empty ones dropped)."""
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


def pfc_profile_meta(pfc_scores: pd.DataFrame) -> dict:
    """The PFC-dimensions-per-text chart of the kept linear-model design."""
    kept = pfc_scores[pfc_scores["design"].str.endswith("(kept)")].set_index("evaluation")
    col = "micro-F1 (PFC 1-14)"
    scores = ", ".join(f"{v:.2f} {k}" for k, v in kept[col].items())
    features = "content-word lemmas and entity types"
    if frames_pfc.domain_frames_on():
        features += ", with the domain lexicon's frames of the sentence"
    return _meta(
        "pfc-model",
        [PROCESSED.format("frames_pfc"), PFC_CODER1, PFC_CODER2, "data/codebooks/pfc.yaml"],
        f"A linear model (one-vs-rest logistic regression on {features}; design "
        f"'{frames_pfc.design_name(frames_pfc.domain_frames_on())}') trained "
        "on the blind PFC coding of the seeds gives each body sentence its Policy Frames Codebook "
        "dimensions; the chart shows each text's share of sentences per dimension with a 95% interval.",
        [f"Micro-F1 on PFC codes 1-14 of the kept design: {scores}."],
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
            f"In-sample: {quote_scores['recall']:.2f} of the hand-coded attributions found with the coder's "
            f"speaker; {quote_scores['category_agreement']:.2f} of those paired have the coder's speaker category.",
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


def kept_stance_meta(validation: str, signs: pd.DataFrame) -> dict:
    """The kept design's article-sign chart (one row per text); ``validation`` is
    :func:`report.stance_signs.validation_prose` of the committed supervised cells."""
    trained = "; ".join(f"{t}: {n}" for t, n in signs["model"].value_counts().items())
    return _meta(
        "author-stance-kept",
        [
            PROCESSED.format("stance_article_signs"),
            PROCESSED.format("stance_model"),
            PROCESSED.format("stance_statements"),
            PROCESSED.format("stance_supervised_cells"),
        ],
        "A logistic regression over the words of the author's own sentences that mention the target "
        "(reported speech left out), trained on hand-coded articles (the fixture development sets and the "
        "seeds), gives each text × target the probability of a negative, neutral and positive stance; the "
        f"label is the most probable sign and its probability. Cells by what their model was trained on: {trained}.",
        [validation],
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


# --- notebook 00 ------------------------------------------------------------------------------------


def cleaning_meta() -> dict:
    return _meta(
        "cleaning",
        [
            "seeds/manifest.csv",
            "data/cleaning/general.yaml",
            "data/cleaning/rules.yaml",
            PROCESSED.format("cleaning_log"),
        ],
        "Characters of each raw text removed as boilerplate before analysis, by kind; every removed span is "
        "logged with the rule that removed it (the raw files are never changed).",
        ["Every removed span is listed, in full, in cleaning_log.csv and in this chart's evidence data."],
    )


def readability_meta() -> dict:
    return _meta(
        "readability",
        [PROCESSED.format("readability"), PROCESSED.format("sentences")],
        "Flesch-Kincaid grade of the cleaned body sentences (spaCy sentence boundaries, headings and titles "
        "left out); the bar is a 95% bootstrap interval from resampling the sentences.",
        ["readability.csv gives textstat's score of the same text beside it (fkgl_textstat)."],
    )


def mentions_meta() -> dict:
    return _meta(
        "mentions",
        ["data/gazetteer/actors.csv", PROCESSED.format("entities"), PROCESSED.format("sentences")],
        "Mentions of each actor group found by the actor gazetteer in body sentences, per 1,000 body words.",
        [
            "Not validated against a hand coding: the counts are exact matches of the gazetteer's names, each "
            "listed with its offsets in entities.csv, so a reader can check any of them."
        ],
    )


# --- notebook 02 ------------------------------------------------------------------------------------


def poll_sources(series: pd.DataFrame) -> list[str]:
    """The poll reference files, the processed cited figures and the publications the series cites."""
    return [
        "data/reference/satisfaction_polls.csv",
        "data/reference/poll_editions.csv",
        PROCESSED.format("polls"),
        *sorted(set(series["source_title"])),
    ]


def poll_validation(scores: dict[str, int]) -> str:
    """One sentence from :func:`validate.polls.poll_scores`."""
    if not scores["n_manual"]:
        return "No poll figure of these texts is hand-coded: the extraction is not validated on them."
    return (
        f"In-sample: {scores['found']} of the {scores['n_manual']} hand-coded poll figures found, "
        f"{scores['attributes_right']} of them with value, direction, population, period and pollster as coded."
    )


def poll_series_meta(series: pd.DataFrame, scores: dict[str, int]) -> dict:
    return _meta(
        "poll-series",
        poll_sources(series),
        "Share of respondents satisfied and dissatisfied with MINUSMA in each Mali-Mètre edition, other "
        "published measures, and the figures the texts cite at the period they give; figures for another "
        "population are not drawn on this national axis.",
        [poll_validation(scores)],
    )


def poll_groups_meta(series: pd.DataFrame, name: str) -> dict:
    return _meta(
        name,
        poll_sources(series),
        "Published shares of respondents of the latest Mali-Mètre edition that reports these groups; bars of "
        "different colours are different measures (satisfied, dissatisfied).",
        ["The published survey figures as released (data/reference/SOURCES.md); nothing is extracted here."],
    )


# --- notebook 03 ------------------------------------------------------------------------------------


def reference_sources(*frames: pd.DataFrame) -> list[str]:
    """The reference files and the sources their drawn rows cite."""
    rows = pd.concat(frames).dropna(subset=["file"])
    files = [f"data/reference/{f}.csv" for f in sorted(set(rows["file"]))]
    return [*files, PROCESSED.format("quantities"), *sorted(set(rows["source_title"]))]


def claims_validation(scores: dict, heldout: pd.DataFrame) -> list[str]:
    return [
        f"Claims against the hand coding of the same texts (in-sample): recall {scores['recall']:.2f}, precision "
        f"{scores['precision']:.2f}, measure right for {scores['measure_accuracy']:.0%} of matched claims.",
        fixture_sentence(heldout, "numbers", ("recall", "precision")),
    ]


STRENGTH_METHOD = (
    "Authorised ceilings (steps, by resolution), deployed strength (UN monthly data, then reported snapshots) "
    "and every size figure the texts give, as the interval its wording implies, at the date it is compared with."
)
POINTS_METHOD = (
    "Reference values (grey diamonds, with the interval their own wording implies) and the texts' claims (dots "
    "with the interval of their qualifier), one row each."
)


def numbers_meta(name: str, refs: tuple[pd.DataFrame, ...], scores: dict, heldout: pd.DataFrame) -> dict:
    """A chart of notebook 03: the strength charts (``strength``...) or a claims-and-references chart."""
    method = STRENGTH_METHOD if name.startswith("strength") else POINTS_METHOD
    return _meta(name, reference_sources(*refs), method, claims_validation(scores, heldout))
