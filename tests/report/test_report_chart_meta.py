"""Chart meta of notebooks 01 and 04: every source a chart names exists, and evidence points at raw text."""

from __future__ import annotations

import pandas as pd
import pytest

from minusma_lib.core import tables
from minusma_lib.core.paths import project_root
from minusma_lib.corpus.seeds import load_corpus
from minusma_lib.extract import frame_rules
from minusma_lib.report import chart_meta
from minusma_lib.report import stance as rstance
from minusma_lib.validate import frames as frames_validate
from minusma_lib.validate import heldout


def _assert_meta(meta: dict) -> None:
    assert meta["name"] and meta["method"] and meta["validation"]
    for source in meta["sources"]:
        path = source.split(" ")[0]
        assert (project_root() / path).exists(), f"{meta['name']}: source {source} does not exist"


def test_frame_chart_meta_names_existing_files_and_computed_scores():
    framed, codebook = tables.load("frames"), frame_rules.load_codebook()
    coder2 = frames_validate.load_coder2(codebook, tables.load("sentences"))
    scores = frames_validate.summary_scores(framed, codebook)
    meta = chart_meta.frame_scores_meta(framed, codebook)
    _assert_meta(meta)
    assert f"{scores['micro_f1_loao']:.2f}" in meta["validation"]
    for kind in ("manual", "lexicon"):
        _assert_meta(chart_meta.frame_profile_meta(kind, framed, codebook, coder2))
    assert chart_meta.frame_profile_meta("manual", framed, codebook, coder2, name="x")["name"] == "x"


def test_fixture_sentence_names_every_set_and_its_baseline():
    scores = pd.DataFrame(
        [
            {"fixture_set": "A", "analysis": "stance", "measure": "m", "score": 0.5, "baseline": 0.7},
            {"fixture_set": "B", "analysis": "stance", "measure": "m", "score": 0.25, "baseline": None},
        ]
    )
    text = chart_meta.fixture_sentence(scores, "stance", ("m",))
    assert "set A" in text and "m 0.50 (baseline 0.70)" in text and "set B" in text and "m 0.25" in text
    assert chart_meta.fixture_sentence(scores, "quotes", ("m",)) == ""


def test_stance_meta_and_evidence_offsets_point_at_the_raw_sentence():
    documents, sentences = tables.load("documents"), tables.load("sentences")
    stmts, agg = tables.load("stance_statements"), tables.load("stance_by_outlet")
    cells = rstance.author_cells(agg, stmts, sentences, documents)
    raws = {d.doc_id: d.raw for d in load_corpus()}
    items = [it for ev in cells["evidence"] for it in ev]
    for text, _spans, _score, doc_id, start, end in items:
        assert raws[doc_id][start:end] == text
    checks = {
        "author": {"mention_recall": 0.5, "accuracy": 0.5},
        "reported": {"mention_recall": 0.5, "accuracy": 0.5},
    }
    _assert_meta(chart_meta.author_stance_meta(checks, heldout.load_scores()))
    _assert_meta(chart_meta.reported_stance_meta(checks))


@pytest.mark.parametrize("missing", ["recall", "category_agreement"])
def test_voices_meta_needs_the_quote_scores(missing):
    scores = {"recall": 0.9, "category_agreement": 0.8}
    del scores[missing]
    with pytest.raises(KeyError):
        chart_meta.voices_meta(scores, heldout.load_scores())


def test_poll_scores_count_found_figures_and_right_attributes():
    from minusma_lib.validate.polls import poll_scores

    manual = pd.DataFrame(
        [
            {
                "doc_id": "d",
                "start": 0,
                "end": 5,
                "value": 23,
                "direction": "satisfied",
                "scope": "national",
                "period": "2023-02",
                "pollster": "FES",
            },
            {
                "doc_id": "d",
                "start": 10,
                "end": 15,
                "value": 40,
                "direction": "satisfied",
                "scope": "national",
                "period": "2023-02",
                "pollster": "FES",
            },
        ]
    )
    found = manual.iloc[:1].assign(value=23.0, other_doc=0)
    found = pd.concat([found, found.assign(doc_id="uncoded")], ignore_index=True)
    scores = poll_scores(found, manual)
    assert scores == {"n_manual": 2, "n_found": 1, "found": 1, "attributes_right": 1}
    assert "1 of the 2" in chart_meta.poll_validation(scores)
    wrong = poll_scores(found.assign(pollster="SIPRI"), manual)
    assert wrong["attributes_right"] == 0


def test_every_chart_meta_function_names_existing_files():
    series = pd.DataFrame({"source_title": ["A survey"]})
    for meta in (
        chart_meta.cleaning_meta(),
        chart_meta.readability_meta(),
        chart_meta.mentions_meta(),
        chart_meta.poll_series_meta(series, {"n_manual": 0, "n_found": 0, "found": 0, "attributes_right": 0}),
        chart_meta.poll_groups_meta(series, "poll-sex"),
    ):
        files = [s for s in meta["sources"] if "/" in s]
        _assert_meta({**meta, "sources": files})


def test_a_corpus_without_poll_coding_is_not_validated_and_says_so(tmp_path):
    from minusma_lib.validate.polls import load_manual, poll_scores

    manual = load_manual(tmp_path / "absent.csv")
    assert manual.empty
    found = pd.DataFrame([{"doc_id": "d", "start": 0, "end": 3, "value": 1.0}])
    scores = poll_scores(found, manual)
    assert scores["n_manual"] == 0 and "not validated" in chart_meta.poll_validation(scores)
