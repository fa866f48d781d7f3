"""The kept stance design's report (report.stance_signs) and chart, on invented cells and on the study."""

from __future__ import annotations

import pandas as pd

from minusma_lib import plots
from minusma_lib.core import tables
from minusma_lib.extract.stance_lexicon import TARGET_LABELS
from minusma_lib.judge.stance_model import cell_sentences
from minusma_lib.report import stance_signs as ss
from minusma_lib.validate import stance_supervised

DOCS = pd.DataFrame(
    {"doc_id": ["a", "b"], "outlet_short": ["A", "B"], "genre": ["news_report", "news_report"]}
)


def _signs(rows: list[tuple[str, str, int, float, int]]) -> pd.DataFrame:
    out = []
    for d, t, v, p, n in rows:
        probs = {-1: 0.0, 0: 0.0, 1: 0.0}
        probs[v] = p
        rest = [k for k in probs if k != v]
        probs[rest[0]] = probs[rest[1]] = round((1 - p) / 2, 4)
        out.append(
            {
                "doc_id": d,
                "target": t,
                "n_sentences": n,
                "p_negative": probs[-1],
                "p_neutral": probs[0],
                "p_positive": probs[1],
                "sign": v,
                "p_sign": p,
                "evidence": "failed (+0.40)",
                "model": "the pool",
            }
        )
    return pd.DataFrame(out)


def test_reading_calls_a_sign_clear_only_at_the_confidence_threshold():
    assert ss.reading(-1, ss.CONFIDENT) == "clearly negative"
    assert ss.reading(-1, ss.CONFIDENT - 0.01) == "leaning negative"
    assert ss.reading(0, 0.5) == "neutral, without confidence"


def test_sign_prose_counts_cells_sentences_absences_and_clear_signs():
    text = ss.sign_prose(_signs([("a", "minusma", -1, 0.95, 7), ("b", "minusma", 1, 0.6, 3)]), DOCS)
    assert "read 2 text × target cells" in text and "10 author-voice sentences" in text
    assert "6 cells have no author mention" in text  # 2 texts × 4 targets, 2 read
    assert "1 of the 2 signs have a probability of at least" in text
    assert "A negative (P 0.95, 7 sentences)" in text


def _cells(rows: list[tuple[str, int, int, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "fixture_set": s,
                "doc_id": f"{s}{k}",
                "target": "minusma",
                "gold": g,
                "n_sentences": 2,
                "predicted": p,
                "p_predicted": q,
                "evaluation": e,
            }
            for k, (s, g, p, q, e) in enumerate(rows)
        ]
    )


def test_calibration_counts_only_cells_a_model_predicted_without_reading_them():
    cells = _cells(
        [
            ("seeds", 1, 1, 0.95, "leave one article out"),
            ("seeds", -1, 1, 0.92, "leave one article out"),
            ("seeds", 0, 0, 0.65, "leave one article out"),
            ("seeds", 1, 0, 0.0, ""),  # no model could be trained: not counted
        ]
    )
    table = ss.calibration_table(cells).set_index("probability of the sign")
    assert table.loc["0.9 to 1.0", "cells"] == 2 and table.loc["0.9 to 1.0", "right"] == 1
    assert table.loc["0.6 to 0.7", "right"] == 1 and table["cells"].sum() == 3
    assert "1 of 2 (0.50)" in ss.calibration_prose(cells) and "1 of 1 (1.00)" in ss.calibration_prose(cells)


def test_the_study_chart_has_a_bar_per_signed_cell_and_its_sentences_index_the_raw_text():
    signs = tables.load("stance_article_signs")
    docs, stmts, sents = tables.load("documents"), tables.load("stance_statements"), tables.load("sentences")
    cells = ss.sign_cells(signs, stmts, sents, docs)
    assert len(cells) == len(signs)
    own = stmts[stmts["voice"] == "author"]
    read = cell_sentences(stmts, sents)  # the sentences the model read, in text order
    target_of = {label: t for t, label in TARGET_LABELS.items()}
    checked = 0
    for r in cells.itertuples():
        assert len(r.evidence) == r.n_sentences
        if r.evidence:
            doc = r.evidence[0][3]
            assert [e[0] for e in r.evidence] == read[(doc, target_of[r.target_label])]
            checked += 1
    assert checked == (cells["n_sentences"] > 0).sum()
    raws = {d: t for d, t in zip(docs["doc_id"], docs["seed_file"], strict=True)}
    from minusma_lib.core.paths import corpus_dir

    for r in cells.head(3).itertuples():
        for text, _, _, doc, start, end in r.evidence:
            raw = (corpus_dir() / raws[doc]).read_text(encoding="utf-8")
            assert raw[start:end] == text
    assert set(own.groupby(["doc_id", "target"]).groups) == set(
        zip(signs["doc_id"], signs["target"], strict=True)
    )
    fig = plots.stance_sign_chart(cells, list(docs["outlet_short"]), ss.chart_title(signs), ss.CONFIDENT)
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(len(t.x) for t in bars) == 2 * len(signs)
    assert all(len(t.meta["evidence"]) == len(t.x) for t in bars)


def test_the_study_prose_contrasts_only_clear_signs():
    signs, docs = tables.load("stance_article_signs"), tables.load("documents")
    text = ss.contrast_prose(signs, docs, "minusma")
    labels = dict(zip(docs["doc_id"], docs["outlet_short"], strict=True))
    for r in signs[(signs["target"] == "minusma") & (signs["p_sign"] < ss.CONFIDENT)].itertuples():
        assert f"{labels[r.doc_id]} read" not in text.split("not confident")[0]
    assert "never saw" in ss.validation_prose(stance_supervised.load_cells())
