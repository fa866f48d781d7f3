"""Stance against the hand coding (``data/annotations/stance_manual.csv``): mentions paired one to
one (:func:`matching.one_to_one`), agreement, the author-voice sign per outlet × target and its
dependence on the neutral band, and the VADER sentence-sentiment baseline. Documents without hand
coding are listed and left out, never scored as misses."""

from __future__ import annotations

from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from minusma_lib.core.errors import ManualCodingError
from minusma_lib.core.paths import annotations_dir
from minusma_lib.corpus.annotate import annotate
from minusma_lib.corpus.seeds import load_corpus
from minusma_lib.extract import stance as extract_stance
from minusma_lib.extract.stance import stance_tables
from minusma_lib.extract.stance_aggregate import DEAD_BAND, sentence_units, sign_of
from minusma_lib.extract.stance_appraisal import load_appraisal
from minusma_lib.extract.stance_clause import load_clause
from minusma_lib.extract.stance_general import load_general
from minusma_lib.extract.stance_lexicon import TARGETS
from minusma_lib.extract.stance_subjectivity import load_subjectivity
from minusma_lib.validate import quotes as vquotes
from minusma_lib.validate.heldout import heldout_dir
from minusma_lib.validate.matching import pair_by_overlap

MANUAL_COLUMNS = ("mention_id", "doc_id", "sent_id", "start", "end", "text", "target", "voice", "speaker")
MANUAL_COLUMNS += ("score", "cue", "note")


def manual_path() -> Path:
    return annotations_dir() / "stance_manual.csv"


def load_manual(path: Path | None = None) -> pd.DataFrame:
    """The stance hand coding of this corpus (empty when it is not coded)."""
    path = path or manual_path()
    if not path.is_file():
        ints = ("start", "end", "score")
        return pd.DataFrame({c: pd.Series(dtype=int if c in ints else str) for c in MANUAL_COLUMNS})
    m = pd.read_csv(path, dtype=str, keep_default_na=False)
    return m.astype({"start": int, "end": int, "score": int})


def hand_coding(documents: pd.DataFrame, sentences: pd.DataFrame) -> dict:
    """Both hand-coding files, checked against the corpus (:func:`quotes.check_coding`: an unknown
    doc_id, a stance row outside a body sentence or its sentence stops with the file and line), and
    which documents each covers. A document with no row in a file is *not coded* for it: it is left
    out of that validation, not scored as a miss."""
    stance_m, quotes_m = load_manual(), vquotes.load_manual()
    vquotes.check_coding(stance_m, manual_path(), "mention_id", documents, sentences, "sent_id")
    vquotes.check_coding(quotes_m, vquotes.manual_path(), "quote_id", documents, sentences)
    s_coded, s_not = vquotes.coverage(stance_m, documents)
    q_coded, q_not = vquotes.coverage(quotes_m, documents)
    return {
        "stance": stance_m,
        "quotes": quotes_m,
        "stance_coded": s_coded,
        "stance_not_coded": s_not,
        "quotes_coded": q_coded,
        "quotes_not_coded": q_not,
    }


def match_mentions(stmts: pd.DataFrame, manual: pd.DataFrame, voice: str = "author") -> pd.DataFrame:
    """Manual rows of one voice (author includes prompt rows) paired one to one
    (:func:`matching.one_to_one`, longest overlap first) with statements of the same document, target
    and voice whose raw spans overlap; reported rows must also have the same canonical speaker.
    Statements of documents without stance coding are not considered."""
    voices = ("author", "prompt") if voice == "author" else (voice,)
    man = manual[manual["voice"].isin(voices)]
    ours = stmts[stmts["voice"].isin(voices) & stmts["doc_id"].isin(set(manual["doc_id"]))]
    same_speaker = (
        (lambda m, h: vquotes.speaker_key(h.speaker) == vquotes.speaker_key(m.speaker))
        if voice == "reported"
        else None
    )
    pairs = pair_by_overlap(
        man, ours, "mention_id", "statement_id", same=("doc_id", "target"), compatible=same_speaker
    )
    by_id = ours.set_index("statement_id")
    rows = []
    for m in man.itertuples():
        h = by_id.loc[pairs[m.mention_id]] if m.mention_id in pairs else None
        rows.append(
            {
                "mention_id": m.mention_id,
                "doc_id": m.doc_id,
                "sent_id": m.sent_id,
                "text": m.text,
                "target": m.target,
                "voice": m.voice,
                "manual_speaker": m.speaker,
                "manual": m.score,
                "found": h is not None,
                "statement_id": "" if h is None else pairs[m.mention_id],
                "speaker": "" if h is None else h["speaker"],
                "score": np.nan if h is None else float(h["score"]),
                "cue_ids": "" if h is None or not isinstance(h["cue_ids"], str) else h["cue_ids"],
                "manual_cue": m.cue,
                "note": m.note,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "mention_id",
            "doc_id",
            "sent_id",
            "text",
            "target",
            "voice",
            "manual_speaker",
            "manual",
            "found",
            "statement_id",
            "speaker",
            "score",
            "cue_ids",
            "manual_cue",
            "note",
        ],
    )


def agreement(pairs: pd.DataFrame) -> dict[str, float]:
    """Accuracy and ordinal Krippendorff's alpha on matched mentions (unmatched ones are missing)."""

    found = pairs[pairs["found"]]
    data = np.array([pairs["manual"].to_numpy(dtype=float), pairs["score"].to_numpy(dtype=float)])
    alpha = float(ordinal_alpha(data)) if len(found) > 1 else float("nan")
    return {
        "n_manual": len(pairs),
        "n_matched": len(found),
        "mention_recall": len(found) / len(pairs) if len(pairs) else float("nan"),
        "accuracy": float((found["manual"] == found["score"]).mean()) if len(found) else float("nan"),
        "alpha": alpha,
    }


def sign_table(
    stmts: pd.DataFrame, manual: pd.DataFrame, documents: pd.DataFrame, band: float = DEAD_BAND
) -> pd.DataFrame:
    """Author-voice mean per outlet × target over sentences (each once), ours and manual, with their signs (net tone within
    ±band is 0, the same rule for both codings). Only documents with stance coding have rows: see
    :func:`quotes.coverage` for the others."""
    coded, _ = vquotes.coverage(manual, documents)
    rows = []
    ours = stmts[stmts["voice"] == "author"]
    man = manual[manual["voice"] == "author"]
    for d in coded:
        for t in TARGETS:
            o = sentence_units(ours[(ours["doc_id"] == d) & (ours["target"] == t)])["score"]
            m = man[(man["doc_id"] == d) & (man["target"] == t)].drop_duplicates("sent_id")["score"]
            om = float(o.mean()) if len(o) else 0.0
            mm = float(m.mean()) if len(m) else 0.0
            rows.append(
                {
                    "doc_id": d,
                    "target": t,
                    "n": len(o),
                    "mean": round(om, 3),
                    "sign": sign_of(om, band),
                    "n_manual": len(m),
                    "mean_manual": round(mm, 3),
                    "sign_manual": sign_of(mm, band),
                    "agree": sign_of(om, band) == sign_of(mm, band),
                }
            )
    return pd.DataFrame(
        rows,
        columns=["doc_id", "target", "n", "mean", "sign", "n_manual", "mean_manual", "sign_manual", "agree"],
    )


SENSITIVITY_BANDS = tuple(round(0.01 * i, 2) for i in range(11))  # 0, 0.01, ..., 0.10


def band_signs(
    stmts: pd.DataFrame,
    manual: pd.DataFrame,
    documents: pd.DataFrame,
    bands: tuple[float, ...] = SENSITIVITY_BANDS,
) -> pd.DataFrame:
    """:func:`sign_table` for each neutral band (and ``DEAD_BAND``), stacked, with a ``band`` column."""
    return pd.concat(
        [sign_table(stmts, manual, documents, b).assign(band=b) for b in sorted(set(bands) | {DEAD_BAND})],
        ignore_index=True,
    )


def validation(
    stmts: pd.DataFrame, quotes_df: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame
) -> dict[str, pd.DataFrame | dict | list]:
    """Everything the notebook and the tests check against the hand coding, computed once, on the
    documents that have hand coding (the others are listed, never scored)."""
    hc = hand_coding(documents, sentences)
    manual, qman = hc["stance"], hc["quotes"]
    author = match_mentions(stmts, manual, "author")
    reported = match_mentions(stmts, manual, "reported")
    found = quotes_df[quotes_df["doc_id"].isin(hc["quotes_coded"])]
    matches = vquotes.match_quotes(found, qman)
    return {
        "quotes": vquotes.quote_scores(found, qman, matches),
        "quote_matches": matches,
        "author": agreement(author),
        "reported": agreement(reported),
        "author_pairs": author,
        "reported_pairs": reported,
        "signs": sign_table(stmts, manual, documents),
        "signs_by_band": band_signs(stmts, manual, documents),
        "coverage": {k: v for k, v in hc.items() if k not in ("stance", "quotes")},
    }


VADER_THRESHOLD = 0.05  # VADER's own convention: compound >= 0.05 positive, <= -0.05 negative


def vader_scores(stmts: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Each author statement with VADER's compound score of its (clean) sentence and its sign."""

    sia = SentimentIntensityAnalyzer()
    text = sentences.set_index("sent_id")["text_clean"]
    compound = {sid: sia.polarity_scores(text[sid])["compound"] for sid in stmts["sent_id"].unique()}
    out = stmts[stmts["voice"] == "author"].copy()
    out["vader"] = out["sent_id"].map(compound)
    out["vader_sign"] = np.select(
        [out["vader"] >= VADER_THRESHOLD, out["vader"] <= -VADER_THRESHOLD], [1, -1], 0
    )
    return out


def ordinal_alpha(data: np.ndarray) -> float:
    """Krippendorff's ordinal alpha on scores -1/0/1 (coders × units); NaN when no unit has two values."""

    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if not pairable.any():
        return float("nan")
    return float(
        krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal", value_domain=[-1, 0, 1])
    )


def baseline_comparison(vader: pd.DataFrame, pairs: pd.DataFrame) -> dict[str, float]:
    """Mention-level agreement of VADER with the stance method and with the hand coding."""

    by_id = vader.set_index("statement_id")["vader_sign"]
    found = pairs[pairs["found"] & pairs["statement_id"].isin(by_id.index)]
    v = found["statement_id"].map(by_id).to_numpy(dtype=float)
    data = np.array([found["manual"].to_numpy(dtype=float), v])
    return {
        "n": len(vader),
        "agree_cue": float((vader["vader_sign"] == vader["score"]).mean()),
        "n_manual": len(found),
        "accuracy_vader": float((v == found["manual"].to_numpy()).mean()),
        "accuracy_cue": float((found["score"] == found["manual"]).mean()),
        "alpha_vader": float(ordinal_alpha(data)),
        "share_nonzero_vader": float((vader["vader_sign"] != 0).mean()),
        "share_nonzero_cue": float((vader["score"] != 0).mean()),
    }


def baseline_table(vader: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per outlet × target: the stance method's author net tone beside VADER's mean sign."""
    rows = []
    for d in documents["doc_id"]:
        for t in TARGETS:
            g = vader[(vader["doc_id"] == d) & (vader["target"] == t)]
            if g.empty:
                continue
            rows.append(
                {
                    "doc_id": d,
                    "target": t,
                    "n": len(g),
                    "cue_method": round(float(g["score"].mean()), 3),
                    "vader_sign": round(float(g["vader_sign"].mean()), 3),
                    "vader_compound": round(float(g["vader"].mean()), 3),
                }
            )
    out = pd.DataFrame(rows)
    out["same_sign"] = [
        sign_of(a) == sign_of(b) for a, b in zip(out["cue_method"], out["vader_sign"], strict=True)
    ]
    return out


# --- comparing designs on article × target cells ---------------------------------------------------

INTENDED_COLUMNS = ("doc_id", "target", "intended_stance", "note")


def intended_from_manual(manual: pd.DataFrame, band: float = DEAD_BAND) -> pd.DataFrame:
    """Article × target intended stance from the mention-level hand coding: the sign of the mean author
    (and prompt) score over hand-coded sentences, one per sentence, for every target it mentions."""
    a = manual[manual["voice"].isin(["author", "prompt"])].drop_duplicates(["doc_id", "target", "sent_id"])
    rows = [
        {"doc_id": d, "target": t, "intended_stance": sign_of(float(g["score"].mean()), band), "note": ""}
        for (d, t), g in a.groupby(["doc_id", "target"], sort=True)
    ]
    return pd.DataFrame(rows, columns=list(INTENDED_COLUMNS))


def load_intended(path: Path) -> pd.DataFrame:
    """An article × target intended-stance CSV (doc_id,target,intended_stance,note; stance -1, 0 or 1;
    rows marked ``absent`` are left out)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in INTENDED_COLUMNS[:3] if c not in df.columns]
    if missing:
        raise ManualCodingError(
            f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(INTENDED_COLUMNS)}."
        )
    df = df[df["intended_stance"].str.strip() != "absent"].copy()
    bad = df[~df["intended_stance"].str.strip().isin(["-1", "0", "1", "+1"])]
    if len(bad):
        line = int(bad.index[0]) + 2
        raise ManualCodingError(
            f"{path}: line {line}: intended_stance must be -1, 0, 1 or absent, not {bad.iloc[0]['intended_stance']!r}."
        )
    df["intended_stance"] = df["intended_stance"].str.strip().astype(int)
    return df.reset_index(drop=True)


def cell_agreement(cells: pd.DataFrame, intended: pd.DataFrame) -> dict:
    """Sign agreement of one design's cells with the intended stance (a missing cell reads 0), with the
    always-neutral baseline, over all cells and over the non-neutral ones."""
    sign = {(r.doc_id, r.target): int(r.sign) for r in cells.itertuples()}
    found = np.array(
        [sign.get((d, t), 0) for d, t in zip(intended["doc_id"], intended["target"], strict=True)]
    )
    gold = intended["intended_stance"].to_numpy(dtype=int)
    non = gold != 0
    return {
        "cells": len(gold),
        "agree": int((found == gold).sum()),
        "agreement": float((found == gold).mean()) if len(gold) else float("nan"),
        "non_neutral_cells": int(non.sum()),
        "non_neutral_agree": int((found[non] == gold[non]).sum()),
        "non_neutral_agreement": float((found[non] == gold[non]).mean()) if non.any() else float("nan"),
        "always_neutral": float((gold == 0).mean()) if len(gold) else float("nan"),
    }


def leave_one_article_out(
    design_cells: pd.DataFrame, intended: pd.DataFrame, default: str, family: str = "general"
) -> pd.DataFrame:
    """A design family (``general@<threshold>``, ``clause@<margin>``) with its setting chosen on the
    other articles, for each article in turn: the setting with the best sign agreement on the others
    (ties: ``default``, then the lowest)."""
    general = sorted(d for d in design_cells["design"].unique() if d.startswith(f"{family}@"))
    picked = []
    for doc in sorted(intended["doc_id"].unique()):
        train = intended[intended["doc_id"] != doc]
        score = {
            g: cell_agreement(design_cells[design_cells["design"] == g], train)["agree"] for g in general
        }
        best = max(score.values())
        choice = default if score.get(default) == best else next(g for g in general if score[g] == best)
        picked.append(
            design_cells[(design_cells["design"] == choice) & (design_cells["doc_id"] == doc)].assign(
                chosen=choice
            )
        )
    return pd.concat(picked, ignore_index=True) if picked else design_cells.iloc[0:0]


def compare_designs(design_cells: pd.DataFrame, intended: pd.DataFrame, kept: str) -> pd.DataFrame:
    """Each design's sign agreement with the intended stance, beside the always-neutral baseline: the
    cue lexicon (written on the seeds: in-sample there), the general design at its stated threshold
    and with its threshold chosen leave-one-article-out, the clause design at its stated margin and
    with its margin chosen leave-one-article-out, and likewise the subjectivity and appraisal designs.
    ``kept`` (a design name of the cells) is marked."""
    general = f"general@{load_general().threshold:g}"
    clause = f"clause@{load_clause().margin}"
    subjectivity = f"subjectivity@{load_subjectivity().margin}"
    appraisal = f"appraisal@{load_appraisal().margin}"
    designs = [
        ("cue lexicon (stance_cues.yaml)", "cues", design_cells[design_cells["design"] == "cues"]),
        (
            f"general lexicon, {general} (stated threshold)",
            general,
            design_cells[design_cells["design"] == general],
        ),
        (
            "general lexicon, threshold chosen leave-one-article-out",
            "",
            leave_one_article_out(design_cells, intended, general),
        ),
        (f"clause VADER, {clause} (stated margin)", clause, design_cells[design_cells["design"] == clause]),
        (
            "clause VADER, margin chosen leave-one-article-out",
            "",
            leave_one_article_out(design_cells, intended, clause, "clause"),
        ),
        (
            f"subjectivity (Pattern), {subjectivity} (stated margin)",
            subjectivity,
            design_cells[design_cells["design"] == subjectivity],
        ),
        (
            "subjectivity (Pattern), margin chosen leave-one-article-out",
            "",
            leave_one_article_out(design_cells, intended, subjectivity, "subjectivity"),
        ),
        (
            f"appraisal (JUDGEMENT), {appraisal} (stated margin)",
            appraisal,
            design_cells[design_cells["design"] == appraisal],
        ),
        (
            "appraisal (JUDGEMENT), margin chosen leave-one-article-out",
            "",
            leave_one_article_out(design_cells, intended, appraisal, "appraisal"),
        ),
    ]
    rows = [
        {"design": name, **cell_agreement(cells, intended), "kept": key == kept}
        for name, key, cells in designs
    ]
    return pd.DataFrame(rows)


def corpus_design_cells(corpus_dir: Path, use_cache: bool = True) -> pd.DataFrame:
    """Every design's author sign per article × target (``stance_design_cells``) of any corpus
    folder: parsed and run through the stance stage; nothing is written."""
    docs = load_corpus(Path(corpus_dir))
    ac = annotate(docs, use_cache=use_cache, progress=False, check_rules=False)
    documents = pd.DataFrame({"doc_id": [d.doc_id for d in docs]})
    return stance_tables(ac, {"documents": documents})["stance_design_cells"]


INTENDED_FILE = "author_stance_intended.csv"


def score_stance(corpus_dir: Path, intended: Path, use_cache: bool = True) -> pd.DataFrame:
    """Score every stance design on any corpus folder against an article × target intended-stance CSV
    (doc_id,target,intended_stance,note), or an annotations folder holding one (``INTENDED_FILE``): one
    row per design with its agreement and the always-neutral baseline."""
    intended = Path(intended)
    path = intended / INTENDED_FILE if intended.is_dir() else intended
    cells = corpus_design_cells(corpus_dir, use_cache)
    return compare_designs(cells, load_intended(path), kept_design())


def fixture_design_comparison(fixture_set: str = "A", use_cache: bool = True) -> pd.DataFrame:
    """:func:`score_stance` on a fixture set (a development set: set A), empty when the set or its
    intended-stance coding is absent."""
    folder = heldout_dir(fixture_set)
    corpus, coding = folder / "corpus", folder / "annotations" / INTENDED_FILE
    if not (corpus / "manifest.csv").is_file() or not coding.is_file():
        return pd.DataFrame()
    return score_stance(corpus, coding, use_cache)


DESIGN_FAMILIES = {
    "cue lexicon": "cues",
    "general lexicon": "general",
    "clause VADER": "clause",
    "subjectivity (Pattern)": "subjectivity",
    "appraisal (JUDGEMENT)": "appraisal",
}


def _overview_cells(row: pd.Series | None, where: str) -> dict:
    if row is None:
        return {where: None, f"{where}_nn": ""}
    return {
        where: row["agreement"],
        f"{where}_nn": f"{int(row['non_neutral_agree'])}/{int(row['non_neutral_cells'])}",
    }


def _stated_and_loao(table: pd.DataFrame | None, label: str) -> tuple[pd.Series | None, pd.Series | None]:
    """A design's rows of a :func:`compare_designs` table: at its stated setting, and leave one out."""
    if table is None or table.empty:
        return None, None
    mine = table[table["design"].str.startswith(label)]
    loao = mine["design"].str.contains("leave-one-article-out")
    return (
        mine[~loao].iloc[0] if (~loao).any() else None,
        mine[loao].iloc[0] if loao.any() else None,
    )


def design_overview(seeds: pd.DataFrame, fixture: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per design: its sign agreement on the seeds at its stated setting (in-sample for the
    cue lexicon and for the settings), with its setting chosen leave-one-article-out on the seeds, and
    on a fixture set at its stated setting (both :func:`compare_designs` tables; either may be empty),
    and a last row for the always-neutral guess. Columns ``<where>`` (share), ``<where>_nn``
    (non-neutral cells agreeing / non-neutral cells); a design without a figure there has None."""
    tables_by_place = {"seeds": seeds, "fixture": fixture}
    tables_by_place = {k: v for k, v in tables_by_place.items() if v is not None and not v.empty}
    if not tables_by_place:
        return pd.DataFrame()
    rows = []
    for label, family in DESIGN_FAMILIES.items():
        seed_stated, seed_loao = _stated_and_loao(tables_by_place.get("seeds"), label)
        fix_stated, _ = _stated_and_loao(tables_by_place.get("fixture"), label)
        stated = seed_stated if seed_stated is not None else fix_stated
        row = {
            "design": family,
            "setting": str(stated["design"]).split(", ")[-1],
            "kept": bool(stated["kept"]),
        }
        row |= _overview_cells(seed_stated, "seeds") | _overview_cells(seed_loao, "seeds_loao")
        row |= _overview_cells(fix_stated, "fixture")
        rows.append(row)
    neutral = {"design": "always neutral", "setting": "", "kept": False}
    for where, place in (("seeds", "seeds"), ("seeds_loao", "seeds"), ("fixture", "fixture")):
        first = tables_by_place[place].iloc[0] if place in tables_by_place else None
        neutral |= (
            {where: first["always_neutral"], f"{where}_nn": f"0/{int(first['non_neutral_cells'])}"}
            if first is not None
            else _overview_cells(None, where)
        )
    return pd.DataFrame([*rows, neutral])


def kept_design() -> str:
    """The name of the design that builds data/processed (as in stance_design_cells.csv)."""
    design = extract_stance.kept_design()
    if design == "clause":
        return f"clause@{load_clause().margin}"
    if design == "subjectivity":
        return f"subjectivity@{load_subjectivity().margin}"
    if design == "appraisal":
        return f"appraisal@{load_appraisal().margin}"
    return f"general@{load_general().threshold:g}" if design == "general" else "cues"


def design_comparison(design_cells: pd.DataFrame, manual: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`compare_designs` on this corpus's hand coding (empty when the corpus is not coded)."""
    manual = load_manual() if manual is None else manual
    intended = intended_from_manual(manual)
    if intended.empty:
        return pd.DataFrame()
    return compare_designs(design_cells, intended, kept_design())
