"""Framing: codebook, lexicon file checks, tagger (pattern ids, negation), validation scores, frames.csv."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from minusma_lib import plots
from minusma_lib.build import frames_stage
from minusma_lib.core import tables
from minusma_lib.core.errors import ConfigError
from minusma_lib.corpus.annotate import load_nlp, sent_id, sentence_spans
from minusma_lib.corpus.cleaning import BODY_KINDS
from minusma_lib.extract import frame_rules, frames_aggregate
from minusma_lib.extract import frames as frame_tagger
from minusma_lib.judge import frames_compare
from minusma_lib.report import frames as frames_report
from minusma_lib.validate import agreement
from minusma_lib.validate import frames as frames_validate

MIN_MICRO_F1 = 0.7


@pytest.fixture(scope="module")
def codebook() -> frame_rules.Codebook:
    return frame_rules.load_codebook()


@pytest.fixture(scope="module")
def lexicon(codebook) -> frame_rules.Lexicon:
    return frame_rules.load_lexicon(codebook=codebook)


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    return tables.load("sentences")


@pytest.fixture(scope="module")
def fresh(annotated, sentences, codebook, lexicon) -> pd.DataFrame:
    """frames.csv recomputed now from the parsed corpus, the codebook, the lexicon and the coding."""
    return frames_stage.frames_table(annotated, sentences, codebook, lexicon)


def _real_lexicon() -> dict:
    return yaml.safe_load(frame_rules.lexicon_path().read_text(encoding="utf-8"))


def _lexicon_file(tmp_path: Path, entries: list[dict], **top) -> Path:
    """A lexicon file with ``entries``, the real word lists, and top-level keys overridden by ``top``
    (a value of None removes the key)."""
    real = _real_lexicon()
    spec = {"version": "test", "negators": real["negators"], "subordinators": real["subordinators"]}
    spec = {k: v for k, v in {**spec, **top, "entries": entries}.items() if v is not None}
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


def _coding_file(tmp_path: Path, df: pd.DataFrame) -> Path:
    path = tmp_path / "frames_manual.csv"
    df.to_csv(path, index=False)
    return path


def _manual_csv() -> pd.DataFrame:
    return pd.read_csv(frames_validate.manual_path(), dtype=str, keep_default_na=False)


def _entry(**kw) -> dict:
    base = {
        "id": "sec-001",
        "frame": "security_counterterrorism",
        "pattern": [{"LOWER": "jihadists"}],
        "rationale": "test",
        "source_doc": "general",
    }
    return {**base, **kw}


# --- codebook and coding ------------------------------------------------------------------------


def test_codebook_has_pfc_codes_1_to_15_and_maps_every_domain_frame(codebook):
    assert sorted(codebook.pfc) == list(range(1, 16))
    assert all(codebook.pfc[c]["label"] and codebook.pfc[c]["definition"] for c in codebook.pfc)
    assert len(codebook.frames) >= 9
    for fid, d in codebook.frames.items():
        assert codebook.pfc_code(fid) in range(1, 16), fid
        assert d["definition"] and d["examples"], fid


def test_chart_labels_are_the_codebooks_short_labels(codebook, tmp_path):
    spec = yaml.safe_load(frame_rules.codebook_path().read_text(encoding="utf-8"))
    for d in spec["domain_frames"]:
        assert codebook.label(d["id"]) == d["short_label"], d["id"]
    assert codebook.label(frame_rules.NONE) == spec["none"]["label"]
    assert list(frame_rules.frame_labels(codebook, with_none=True).values()) == [
        *(d["short_label"] for d in spec["domain_frames"]),
        spec["none"]["label"],
    ]
    # without a short_label the full label is used; a repeated short label is rejected
    del spec["domain_frames"][0]["short_label"]
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    assert (
        frame_rules.load_codebook(path).label(spec["domain_frames"][0]["id"])
        == spec["domain_frames"][0]["label"]
    )
    spec["domain_frames"][1]["short_label"] = spec["domain_frames"][2]["short_label"]
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with pytest.raises(
        frame_rules.FramesError, match=r"chart label .* is used by more than one frame\. Fix:"
    ):
        frame_rules.load_codebook(path)


def test_codebook_prose_is_computed_from_the_mapping(codebook):
    used = {codebook.pfc_code(f) for f in codebook.frame_ids}
    text = frames_report.codebook_prose(codebook)
    assert f"onto {len(used)} of the {len(codebook.pfc)} PFC dimensions" in text
    for c in set(codebook.pfc) - used:
        assert f"PFC {c} *{codebook.pfc[c]['label']}*" in text
    one_to_one = len(used) == len(codebook.frames)
    assert ("every score below holds at the PFC level" in text) == one_to_one
    shared = frame_rules.Codebook(
        codebook.version,
        codebook.pfc,
        {**codebook.frames, "extra": {**codebook.frames["public_opinion"], "short_label": "Extra"}},
    )
    assert "Several domain frames share a dimension (PFC 12" in frames_report.codebook_prose(shared)


def test_codebook_with_a_missing_pfc_code_is_rejected(tmp_path):
    spec = yaml.safe_load(frame_rules.codebook_path().read_text(encoding="utf-8"))
    spec["pfc"] = [p for p in spec["pfc"] if p["code"] != 7]
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with pytest.raises(frame_rules.FramesError, match=r"missing \[7\]"):
        frame_rules.load_codebook(path)


def test_manual_coding_covers_every_body_sentence_once(codebook, sentences):
    manual = frames_validate.load_manual(codebook, sentences)
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)]
    missing = sorted(set(body["sent_id"]) - set(manual["sent_id"]))
    assert not missing, (
        f"{len(missing)} body sentence(s) have no manual frame code, e.g. {missing[:5]}: code them in "
        f"{frames_validate.manual_path()} following data/annotations/frames_coding_guide.md"
    )
    assert manual["sent_id"].tolist() == body["sent_id"].tolist()


def test_a_coding_row_with_an_unknown_frame_is_rejected(tmp_path, codebook):
    df = pd.read_csv(frames_validate.manual_path(), dtype=str, keep_default_na=False).head(3)
    df.loc[1, "primary_frame"] = "securty"
    path = tmp_path / "coding.csv"
    df.to_csv(path, index=False)
    with pytest.raises(frame_rules.FramesError, match=r"row 3 \(.*\): primary_frame 'securty'"):
        frames_validate.load_coding(path, codebook)


def test_a_partly_coded_document_is_rejected_naming_the_sentences_and_the_fix(
    tmp_path, codebook, sentences, annotated, lexicon, monkeypatch
):
    df = _manual_csv()
    doc = df["doc_id"].value_counts().idxmin()
    rows = df.index[df["doc_id"] == doc]
    dropped = df.loc[rows[[1, 3]], "sent_id"].tolist()
    path = _coding_file(tmp_path, df.drop(rows[[1, 3]]))
    expected = (
        rf"{re.escape(str(path))}: document '{doc}' is partly coded: 2 of its {len(rows)} body sentences "
        rf"have no row, first {dropped[0]}, {dropped[1]}\. Fix: code them following "
        r"data/annotations/frames_coding_guide\.md"
    )
    with pytest.raises(frame_rules.FramesError, match=expected):
        frames_validate.load_coding(path, codebook, sentences, complete_docs=True)
    monkeypatch.setattr(frames_validate, "manual_path", lambda: path)
    with pytest.raises(frame_rules.FramesError, match=expected):
        frames_validate.load_manual(codebook, sentences)
    with pytest.raises(frame_rules.FramesError, match=expected):  # `make data` stops
        frames_stage.frames_table(annotated, sentences, codebook, lexicon)
    # a second coding may cover part of a document (agreement uses the sentences both coded)
    assert len(frames_validate.load_coding(path, codebook, sentences)) == len(df) - 2


@pytest.mark.parametrize("kind", ["heading", "unknown"])
def test_a_coding_row_that_is_not_a_body_sentence_is_rejected(tmp_path, codebook, sentences, kind):
    df = _manual_csv()
    if kind == "heading":
        s = sentences[~sentences["block_kind"].isin(BODY_KINDS)].iloc[0]
        sid, doc, start, end = s["sent_id"], s["doc_id"], s["start"], s["end"]
        what = rf"a {s['block_kind']} sentence, not a body sentence \(.*\)"
    else:
        sid, doc, start, end = "dpa-s999", "dpa", 0, 1
        what = "not a sentence of data/processed/sentences\\.csv"
    row = {"sent_id": sid, "doc_id": doc, "start": str(start), "end": str(end), "primary_frame": "none"}
    path = _coding_file(
        tmp_path, pd.concat([df, pd.DataFrame([{**row, "secondary_frames": "", "note": ""}])])
    )
    with pytest.raises(
        frame_rules.FramesError,
        match=rf"{re.escape(str(path))} row {len(df) + 2} \({sid}\): the sent_id is {what}\. Fix: code body",
    ):
        frames_validate.load_coding(path, codebook, sentences)


def test_more_secondary_frames_than_rule_p4_allows_are_rejected(tmp_path, codebook):
    df = _manual_csv().head(3)
    others = [f for f in codebook.frame_ids if f != df.loc[0, "primary_frame"]]
    df.loc[0, "secondary_frames"] = ";".join(others[: frame_rules.MAX_SECONDARY + 1])
    with pytest.raises(frame_rules.FramesError, match=r"row 2 .*rule P4 allows at most"):
        frames_validate.load_coding(_coding_file(tmp_path, df), codebook)


@pytest.fixture(scope="module")
def uncoded(annotated, sentences, codebook, lexicon, tmp_path_factory):
    """A newly added article: the coding file without any row of one document, and frames.csv rebuilt
    from it (``manual_path`` points at that file only while the table is built)."""
    df = _manual_csv()
    doc = df["doc_id"].value_counts().idxmin()
    path = _coding_file(tmp_path_factory.mktemp("uncoded"), df[df["doc_id"] != doc])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(frames_validate, "manual_path", lambda: path)
        table = frames_stage.frames_table(annotated, sentences, codebook, lexicon)
    return doc, table


def test_a_document_without_manual_rows_is_not_coded_never_none(uncoded, fresh, codebook, sentences):
    doc, table = uncoded
    documents = tables.load("documents")
    man = table[table["method"] == "manual"]
    assert doc not in set(man["doc_id"]) and doc in set(table.loc[table["method"] == "lexicon", "doc_id"])
    assert frames_aggregate.not_coded(table, documents) == [doc]
    assert frames_aggregate.not_coded(fresh, documents) == []
    key = ["sent_id", "frame", "role"]
    other = fresh[(fresh["method"] == "manual") & (fresh["doc_id"] != doc)]
    assert man[key].values.tolist() == other[key].values.tolist()
    summary = frames_aggregate.outlet_summary(table, documents, codebook, n_boot=200)
    m = summary[(summary["method"] == "manual") & (summary["doc_id"] == doc)]
    assert len(m) == len(codebook.frames) + 1
    for c in ("n_sentences", "share", "share_low", "share_high", "n_primary", "share_primary"):
        assert m[c].isna().all(), c
    assert not m["outlet_primary"].any()
    n_body = int(((sentences["doc_id"] == doc) & sentences["block_kind"].isin(BODY_KINDS)).sum())
    assert (m["n_body_sentences"] == n_body).all()
    lex = summary[(summary["method"] == "lexicon") & (summary["doc_id"] == doc)]
    assert lex["share"].notna().all() and lex["outlet_primary"].sum() == 1
    coded = summary[(summary["method"] == "manual") & (summary["doc_id"] != doc)]
    assert coded["share"].notna().all()
    assert (coded.groupby("doc_id")["outlet_primary"].sum() == 1).all()
    # validation: the uncoded document is left out, not scored as `none`
    s_un = frames_validate.scores(table, codebook).set_index("frame")
    s_other = frames_validate.scores(fresh[fresh["doc_id"] != doc], codebook).set_index("frame")
    assert s_un[["tp", "fp", "fn"]].equals(s_other[["tp", "fp", "fn"]])
    assert frames_validate.summary_scores(table, codebook) == frames_validate.summary_scores(
        fresh[fresh["doc_id"] != doc], codebook
    )


def test_the_notebook_says_which_documents_are_not_coded(uncoded, codebook, lexicon, sentences, tmp_path):
    """Every call notebook 01 makes works with a document not coded, and names it where it is left out."""
    doc, table = uncoded
    documents = tables.load("documents")
    name = plots.outlet_labels(documents)[doc]
    tables.write_csv(
        frames_aggregate.outlet_summary(table, documents, codebook, n_boot=200),
        tmp_path / "frames_by_outlet.csv",
    )
    summary = frames_report.load_summary(
        tmp_path
    )  # as the notebook reads it: empty cells, counts still integers
    assert summary["n_primary"].isna().any() and str(summary["n_primary"].dtype) == "Int64"
    coder2 = frames_validate.load_coder2(codebook, sentences)
    status = frames_report.coding_status_prose(table, documents, coder2)
    assert f"**Not hand-coded yet:** {name} (" in status and "frames_coding_guide.md" in status
    assert f"Not hand-coded yet: {name}." in frames_report.headline(table, summary, codebook, documents)
    assert f"left out of these scores: {name}." in frames_report.validation_prose(
        table, codebook, lexicon, documents
    )
    comparison = frames_report.comparison_prose(summary, table, codebook, documents)
    assert f"- {name} (" in comparison and "not hand-coded yet, so not in this comparison" in comparison
    assert not re.search(r"\d\.0 of \d", comparison)
    assert f"not compared: {name}." in frames_report.method_comparison_prose(summary, documents, codebook)
    profile = frames_report.profile_table(summary, documents, codebook).set_index("outlet")
    assert profile.loc[name, "most frequent primary"] == "not hand-coded"
    assert profile["most frequent primary"].str.match(r"^(not hand-coded|.* \(\d+\))$").all()
    assert (
        name
        not in frames_validate.loao_table(table, codebook, lexicon, documents)["held-out article"].tolist()
    )
    assert name not in frames_validate.error_counts(table, codebook, documents)["text"].tolist()
    counts = frames_report.primary_counts_table(table, documents, codebook)
    assert not any(c.startswith(f"{name} (") for c in counts.columns)
    assert counts.loc["total", "all"] == table.loc[table["method"] == "manual", "sent_id"].nunique()
    assert name not in ", ".join(frames_compare.comparison_tests(table, codebook, documents)["outlets"])
    assert frames_report.agreement_prose(table, codebook, coder2)
    assert not frames_validate.disagreements_table(table, coder2)["sent_id"].str.startswith(f"{doc}-").any()
    assert frames_report.limitations_prose(table, codebook, coder2, documents, sentences)
    labels, fl = frame_rules.frame_labels(codebook), frames_report.flags(documents)
    coded = frames_aggregate.coded_documents(documents, table)
    assert doc not in coded["doc_id"].tolist()
    plots.frame_heatmap(summary, table, coded, labels, fl, "manual")
    plots.frame_profile_chart(summary, coded, labels, fl, "manual")
    plots.frame_heatmap(summary, table, documents, labels, fl, "lexicon")


def test_coding_status_prose_with_every_document_coded(fresh, sentences, codebook):
    documents = tables.load("documents")
    coder2 = frames_validate.load_coder2(codebook, sentences)
    text = frames_report.coding_status_prose(fresh, documents, coder2)
    n = fresh.loc[fresh["method"] == "manual", "sent_id"].nunique()
    assert (
        f"every body sentence of all {frames_report.count_word(len(documents))} texts ({n:,} sentences"
        in text
    )
    assert "Not hand-coded" not in text


# --- lexicon file ---------------------------------------------------------------------------------


def test_lexicon_has_a_version_and_valid_unique_entries(lexicon, codebook):
    assert lexicon.version
    ids = [e.id for e in lexicon.entries]
    assert len(ids) == len(set(ids))
    docs = set(tables.load("documents")["doc_id"]) | {frame_rules.GENERAL}
    for e in lexicon.entries:
        assert e.frame in codebook.frames and e.rationale and e.source_doc in docs, e.id
    assert sum(e.source_doc == frame_rules.GENERAL for e in lexicon.active) > len(lexicon.active) / 2


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            [_entry(frame="securty")],
            r"entry 1 \(sec-001\): frame 'securty' is not in the codebook\. Fix: use one of",
        ),
        ([_entry(), _entry()], r"entry 2 \(sec-001\): id 'sec-001' is used twice\. Fix:"),
        ([_entry(pattern=[{"LEMMAX": "x"}])], r"entry 1 \(sec-001\): invalid spaCy token pattern .*Fix:"),
        (
            [_entry(source_doc="cnn")],
            r"entry 1 \(sec-001\): source_doc 'cnn' is unknown\. Fix: use 'general' or",
        ),
        ([_entry(rationale="")], r"entry 1 \(sec-001\): missing rationale\. Fix:"),
        ([_entry(id="security-1")], r"entry 1 \(security-1\): id 'security-1' is not like 'sec-001'\. Fix:"),
        (
            [_entry(negated_frame="public_opinion")],
            r"entry 1 \(sec-001\): negated_frame .* needs `negatable: true`",
        ),
        (
            [_entry(replaces="sec-009")],
            r"entry 1 \(sec-001\): replaces 'sec-009', which is not an earlier entry",
        ),
        (
            [_entry(requires_actor=["aliens"])],
            r"entry 1 \(sec-001\): requires_actor \['aliens'\] unknown\. Fix:",
        ),
        ([_entry(colour="red")], r"entry 1 \(sec-001\): unknown key\(s\) colour\. Fix: use only"),
        (
            [_entry(negateable=True)],
            r"entry 1 \(sec-001\): unknown key\(s\) negateable\. Fix: rename `negateable` to `negatable`; "
            r"use only",
        ),
    ],
)
def test_lexicon_errors_name_the_entry_and_the_fix(tmp_path, codebook, entries, message):
    with pytest.raises(frame_rules.FramesError, match=message):
        frame_rules.load_lexicon(_lexicon_file(tmp_path, entries), codebook)


def test_lexicon_without_version_is_rejected(tmp_path, codebook):
    path = _lexicon_file(tmp_path, [_entry()], version=None)
    with pytest.raises(frame_rules.FramesError, match="missing top-level key `version`"):
        frame_rules.load_lexicon(path, codebook)


@pytest.mark.parametrize(
    ("top", "message"),
    [
        (
            {"negators": None},
            r"missing top-level key `negators` \(words that negate .*\)\. Fix: add `negators:`",
        ),
        (
            {"subordinators": None},
            r"missing top-level key `subordinators` \(.*\)\. Fix: add `subordinators:`",
        ),
        (
            {"negators": None, "negator": ["not"]},
            r"unknown top-level key `negator`\. Fix: rename it to `negators`; the top-level keys are",
        ),
        (
            {"subordinators": None, "subordinator": ["despite"]},
            r"unknown top-level key `subordinator`\. Fix: rename it to `subordinators`",
        ),
        ({"colour": "red"}, r"unknown top-level key `colour`\. Fix: remove it"),
        ({"negators": "not"}, r"top-level key `negators` must be a non-empty list of single words"),
        ({"negators": [False, "not"]}, r"top-level key `negators` must be .*found \[False, 'not'\].*quoted"),
        ({"subordinators": ["even though"]}, r"top-level key `subordinators` must be a non-empty list"),
        ({"negators": []}, r"top-level key `negators` must be a non-empty list"),
    ],
)
def test_lexicon_top_level_keys_are_checked(tmp_path, codebook, top, message):
    path = _lexicon_file(tmp_path, [_entry()], **top)
    with pytest.raises(frame_rules.FramesError, match=rf"^{re.escape(str(path))}: {message}"):
        frame_rules.load_lexicon(path, codebook)


def test_the_real_lexicon_file_holds_the_word_lists(lexicon):
    real = _real_lexicon()
    assert lexicon.negators == tuple(real["negators"]) and "no" in lexicon.negators
    assert lexicon.subordinators == tuple(real["subordinators"]) and "despite" in lexicon.subordinators
    held_out = lexicon.without_source("dpa")
    assert (held_out.negators, held_out.subordinators) == (lexicon.negators, lexicon.subordinators)


# --- tagger -----------------------------------------------------------------------------------------


def test_every_lexicon_label_lists_the_pattern_ids_that_fired(fresh, lexicon):
    lex = fresh[fresh["method"] == "lexicon"]
    labelled = lex[lex["frame"] != frame_rules.NONE]
    assert len(labelled) > 300
    for r in labelled.itertuples():
        ids = r.pattern_ids.split(";")
        assert ids and all(i in lexicon.by_id for i in ids), (r.sent_id, r.pattern_ids)
        assert all(lexicon.by_id[i] in lexicon.active for i in ids), (r.sent_id, r.pattern_ids)
        assert all(r.frame in (lexicon.by_id[i].frame, lexicon.by_id[i].negated_frame) for i in ids), (
            r.sent_id
        )
        assert r.evidence
    assert (lex[lex["frame"] == frame_rules.NONE]["pattern_ids"] == "").all()
    assert (lex.groupby("sent_id")["role"].apply(lambda x: (x == "primary").sum()) == 1).all()


def test_negation_flips_a_negatable_entry(lexicon):
    nlp = load_nlp()
    tagger = frame_tagger.Tagger(lexicon)
    entry = next(e for e in lexicon.active if e.negatable and e.negated_frame)
    assert entry.id == "poc-008"
    plain, negated = tagger.tag_text(
        nlp,
        "Many civilians were killed in the village. The army said that no civilians were killed in the village.",
    )
    assert entry.id in plain.labels["protection_humanitarian"] and not plain.negated
    assert "protection_humanitarian" not in negated.labels
    assert entry.id in negated.labels["human_rights_accountability"]
    assert negated.negated == [f"{entry.id}:no"]


def test_negation_drops_a_negatable_entry_without_negated_frame(tmp_path, codebook):
    lex = frame_rules.load_lexicon(
        _lexicon_file(
            tmp_path,
            [_entry(id="me-001", frame="mission_effectiveness", pattern="effective", negatable=True)],
        ),
        codebook,
    )
    tagger = frame_tagger.Tagger(lex)
    texts = [
        "The mission was effective in the north.",
        "The mission was not effective in the north.",
        "The mission has never been effective.",
        "It worked without being effective.",
    ]
    tags = tagger.tag_text(load_nlp(), " ".join(texts))
    assert len(tags) == 4
    assert tags[0].labels == {"mission_effectiveness": ["me-001"]}
    for t in tags[1:]:
        assert t.labels == {} and t.primary == frame_rules.NONE and t.negated[0].startswith("me-001:")


def test_negators_come_from_the_lexicon_file(tmp_path, codebook):
    """The real lexicon with `no` removed from `negators`: the flip of poc-008 no longer happens."""
    real = _real_lexicon()
    text = "The army said that no civilians were killed in the village."
    path = _lexicon_file(tmp_path, real["entries"], negators=[w for w in real["negators"] if w != "no"])
    (without_no,) = frame_tagger.Tagger(frame_rules.load_lexicon(path, codebook)).tag_text(load_nlp(), text)
    assert "protection_humanitarian" in without_no.labels and not without_no.negated
    (real_tags,) = frame_tagger.Tagger(frame_rules.load_lexicon(codebook=codebook)).tag_text(load_nlp(), text)
    assert "protection_humanitarian" not in real_tags.labels and real_tags.negated


def test_subordinators_come_from_the_lexicon_file(tmp_path, codebook):
    """'Despite attacks' is subordinate only while `despite` is in the file's subordinators: the deeper
    main-clause match then wins the primary frame."""
    entries = [
        _entry(pattern=[{"LEMMA": "attack"}]),
        _entry(id="cap-001", frame="capacity_logistics", pattern="peacekeepers"),
    ]
    text = "Despite attacks, the mission of the peacekeepers stayed."
    with_despite = frame_rules.load_lexicon(_lexicon_file(tmp_path, entries), codebook)
    (a,) = frame_tagger.Tagger(with_despite).tag_text(load_nlp(), text)
    assert "despite" in with_despite.subordinators and a.primary == "capacity_logistics"
    without = frame_rules.load_lexicon(_lexicon_file(tmp_path, entries, subordinators=["although"]), codebook)
    (b,) = frame_tagger.Tagger(without).tag_text(load_nlp(), text)
    assert b.primary == "security_counterterrorism"


def test_a_non_negatable_entry_ignores_negation(tmp_path, codebook):
    lex = frame_rules.load_lexicon(_lexicon_file(tmp_path, [_entry()]), codebook)
    (tags,) = frame_tagger.Tagger(lex).tag_text(load_nlp(), "There were no jihadists in the town.")
    assert tags.labels == {"security_counterterrorism": ["sec-001"]} and tags.negated == []


def test_tagger_leaves_the_annotated_docs_unchanged(annotated, lexicon):
    doc = annotated["dpa"].doc
    before = sorted(doc.spans)
    frame_tagger.Tagger(lexicon).spans(doc)
    assert sorted(doc.spans) == before and frame_tagger.SPANS_KEY not in doc.spans


# --- validation -------------------------------------------------------------------------------------


def test_micro_f1_against_the_manual_coding_is_at_least_0_7(fresh, codebook):
    f1 = frames_validate.micro_f1(fresh, codebook, "lexicon")
    assert f1 >= MIN_MICRO_F1, f"micro-F1 {f1:.3f} of the lexicon tagger against the manual coding"
    s = frames_validate.scores(fresh, codebook).set_index("frame")
    assert s.loc["micro", "support"] == sum(
        1 + len([x for x in r.secondary_frames.split(";") if x]) - (r.primary_frame == frame_rules.NONE)
        for r in frames_validate.load_manual(codebook).itertuples()
    )


def test_leave_one_article_out_is_computed_by_re_tagging(fresh, annotated, codebook, lexicon, sentences):
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)]
    loao = fresh[fresh["method"] == "lexicon_loao"]
    assert set(loao["sent_id"]) == set(body["sent_id"])
    for doc_id in body["doc_id"].unique():
        held_out = lexicon.without_source(doc_id)
        assert not any(e.source_doc == doc_id for e in held_out.active)
        ad = annotated[doc_id]
        pairs = [(sent_id(doc_id, i), s) for i, s in enumerate(sentence_spans(ad))]
        pairs = [(sid, s) for sid, s in pairs if sid in set(body["sent_id"])]
        tags = frame_tagger.Tagger(held_out).tag_sentences(ad.doc, [s for _, s in pairs])
        for (sid, _), t in zip(pairs, tags, strict=True):
            stored = loao.loc[(loao["sent_id"] == sid) & (loao["frame"] != frame_rules.NONE), "frame"]
            assert set(t.labels) == set(stored), sid
    replaced = {e.replaces: e for e in lexicon.entries if e.replaces}
    assert replaced, "no entry replaces another"
    old, new = next(iter(replaced.items()))
    assert old in {e.id for e in lexicon.without_source(new.source_doc).active}
    scores = frames_validate.summary_scores(fresh, codebook)
    assert 0 < scores["micro_f1_loao"] <= scores["micro_f1_full"]
    table = frames_validate.loao_table(fresh, codebook, lexicon, tables.load("documents"))
    assert table["micro F1 (LOAO)"].notna().all()


def test_errors_table_lists_every_disagreement(fresh, codebook):
    s = frames_validate.scores(fresh, codebook).set_index("frame")
    e = frames_validate.errors_table(fresh, codebook)
    assert (e["error"] == "false positive").sum() == s.loc["micro", "fp"]
    assert (e["error"] == "false negative").sum() == s.loc["micro", "fn"]
    fp = e[e["error"] == "false positive"]
    assert fp["pattern ids"].str.match(r"^[a-z]+-\d{3}").all()


def test_krippendorff_alpha_tagger_and_coders(fresh, codebook, sentences):
    assert agreement.alpha_nominal(["a", "b", "a", "c"], ["a", "b", "a", "c"]) == pytest.approx(1.0)
    coder2 = frames_validate.load_coder2(codebook, sentences)
    t = frames_validate.agreement_table(fresh, codebook, coder2).set_index(["comparison", "sentences"])
    a = t.loc[("tagger (full lexicon) vs. coder 1", "all body sentences"), "alpha, primary frame"]
    assert -1 <= a <= 1 and not math.isnan(a)
    if coder2 is None:
        pytest.skip("data/annotations/frames_manual_coder2.csv not there yet")
    c2 = t.loc[("coder 2 vs. coder 1", "all body sentences")]
    assert c2["n"] == len(coder2) and -1 <= c2["alpha, primary frame"] <= 1
    per_frame = frames_validate.frame_alpha_table(fresh, codebook, coder2)["coder 2 vs. coder 1"]
    assert per_frame.notna().all()
    assert "Inter-coder agreement" in frames_report.agreement_prose(fresh, codebook, coder2)


def test_everything_works_without_a_second_coding(fresh, codebook, tmp_path, monkeypatch):
    monkeypatch.setattr(frames_validate, "coder2_path", lambda: tmp_path / "missing.csv")
    assert frames_validate.load_coder2(codebook) is None
    assert "No second coding yet" in frames_report.agreement_prose(fresh, codebook, None)
    assert frames_validate.disagreements_table(fresh, None).empty
    assert (
        not frames_validate.agreement_table(fresh, codebook, None)["comparison"].str.contains("coder 2").any()
    )


# --- comparison -------------------------------------------------------------------------------------


def test_permutation_test_is_seeded_and_sane(fresh, codebook):
    a = frames_compare.permutation_test(fresh, codebook, "manual", "primary", n_perm=500)
    b = frames_compare.permutation_test(fresh, codebook, "manual", "primary", n_perm=500)
    assert a == b
    assert a["chi2"] > 0 and 1 / 501 <= a["p_value"] <= 1
    one = frames_compare.permutation_test(fresh, codebook, "manual", "labels", docs=["iv", "dpa"], n_perm=200)
    assert one["outlets"] == ["iv", "dpa"] and one["sentences"] == 70


def test_permutation_p_is_at_the_floor_exactly_when_no_permutation_reaches_the_statistic(fresh, codebook):
    for docs in (None, ["iv", "contrapuntal"]):
        t = frames_compare.permutation_test(fresh, codebook, "manual", "primary", docs=docs, n_perm=300)
        assert t["at_floor"] == (t["p_value"] == 1 / 301)
    assert frames_report.p_text(1 / 301, 300) == "p ≤ 0.0033"
    assert frames_report.p_text(2 / 301, 300) == "p = 0.0066"


@pytest.fixture(scope="module")
def comparison_results(fresh, codebook) -> list[dict]:
    return frames_compare.comparison_results(fresh, codebook, tables.load("documents"))


@pytest.mark.parametrize("at_floor", [True, False])
def test_comparison_prose_names_the_floor_only_when_p_is_at_it(
    fresh, codebook, monkeypatch, comparison_results, at_floor
):
    documents = tables.load("documents")
    summary = tables.load("frames_by_outlet")
    real = comparison_results
    n = real[0]["n_perm"]
    p = 1 / (n + 1) if at_floor else 37 / (n + 1)
    fake = [{**t, "p_value": p, "at_floor": at_floor} for t in real]
    monkeypatch.setattr(frames_report, "comparison_results", lambda *a: fake)
    text = frames_report.comparison_prose(summary, fresh, codebook, documents)
    assert ("the smallest p-value" in text) == at_floor
    assert frames_report.p_text(p, n) in text
    assert f"corpus of {frames_report.count_word(len(documents))} texts" in text
    assert "five texts" not in text or len(documents) == 5


def test_the_real_all_texts_test_reports_the_floor_as_computed(fresh, codebook, comparison_results):
    documents = tables.load("documents")
    summary = tables.load("frames_by_outlet")
    (t,) = [
        r for r in comparison_results if (r["scope"], r["method"], r["unit"]) == ("all", "manual", "primary")
    ]
    direct = frames_compare.permutation_test(fresh, codebook, "manual", "primary")
    assert (t["p_value"], t["at_floor"]) == (direct["p_value"], direct["at_floor"])
    text = frames_report.comparison_prose(summary, fresh, codebook, documents)
    assert ("the smallest p-value" in text) == t["at_floor"]


def test_alpha_wording_follows_krippendorffs_cut_offs():
    assert (frames_validate.ALPHA_RELIABLE, frames_validate.ALPHA_TENTATIVE) == (0.8, 0.667)
    assert frames_validate.alpha_class(0.95) == frames_validate.alpha_class(0.8) == "reliable"
    assert frames_validate.alpha_class(0.79) == frames_validate.alpha_class(0.667) == "tentatively acceptable"
    assert frames_validate.alpha_class(0.5).startswith("below 0.667")


def test_limitations_word_the_second_coders_agreement_from_alpha(fresh, codebook, sentences, monkeypatch):
    documents = tables.load("documents")
    coder2 = frames_validate.load_coder2(codebook, sentences)
    if coder2 is None:
        pytest.skip("data/annotations/frames_manual_coder2.csv not there yet")
    text = frames_report.limitations_prose(fresh, codebook, coder2, documents, sentences)
    t = frames_validate.agreement_table(fresh, codebook, coder2).set_index(["comparison", "sentences"])
    a = t.loc[("coder 2 vs. coder 1", "all body sentences"), "alpha, primary frame"]
    assert f"alpha {a:.2f} on the primary frame" in text and frames_validate.alpha_class(a) in text
    assert "very high" not in text
    # a weak second coding is worded as such
    table = frames_validate.agreement_table(fresh, codebook, coder2)
    weak = table.assign(**{"alpha, primary frame": 0.55})
    monkeypatch.setattr(frames_report, "agreement_table", lambda *a: weak)
    text = frames_report.limitations_prose(fresh, codebook, coder2, documents, sentences)
    assert "alpha 0.55" in text and "below 0.667" in text and "not yet applied consistently" in text
    n = len(documents)
    assert text.startswith(
        f"- **{frames_report.count_word(n).capitalize()} texts, not {frames_report.count_word(n)} outlets.**"
    )


def test_genre_and_translation_prose_is_computed_from_documents():
    documents = tables.load("documents")
    n_ai = int((documents["genre"] == "ai_chatbot_transcript").sum())
    n_tr = int((documents["translation"] != "none").sum())
    text = frames_report.corpus_flags_prose(documents)
    assert text.startswith(f"Of the {frames_report.count_word(len(documents))} texts, ")
    assert f"{frames_report.count_word(n_ai)} {'is an AI' if n_ai == 1 else 'are AI'}" in text
    assert (
        f"{frames_report.count_word(n_tr)} {'is a translation' if n_tr == 1 else 'are translations'}" in text
    )
    fewer = documents.assign(translation="none", genre="news_report")
    text = frames_report.corpus_flags_prose(fewer.iloc[:3])
    assert text.startswith(
        "Of the three texts, no text is an AI chatbot transcript and none is a translation"
    )


# --- processed tables -------------------------------------------------------------------------------


def test_frames_csv_is_what_the_code_produces_with_exact_offsets(fresh, raws, codebook):
    stored = tables.load("frames")
    assert stored["method"].unique().tolist() == list(frame_tagger.METHODS)
    for r in stored.itertuples():
        assert raws[r.doc_id][r.start : r.end] == r.text, (r.sent_id, r.start, r.end)
        if r.frame == frame_rules.NONE:
            assert pd.isna(r.pfc_code)
        else:
            assert r.pfc_code == codebook.pfc_code(r.frame)
    sents = tables.load("sentences").set_index("sent_id")
    assert (sents.loc[stored["sent_id"], "start"].to_numpy() == stored["start"].to_numpy()).all()
    key = ["method", "sent_id", "frame", "role"]
    assert stored[key].astype(str).values.tolist() == fresh[key].astype(str).values.tolist()


def test_outlet_summary_is_consistent(codebook):
    summary = tables.load("frames_by_outlet")
    docs = tables.load("documents")
    assert set(summary["method"]) == {"manual", "lexicon"}
    assert len(summary) == 2 * len(docs) * (len(codebook.frames) + 1)
    assert np.allclose(summary["share"], (summary["n_sentences"] / summary["n_body_sentences"]).round(4))
    assert (summary["share_low"] <= summary["share"] + 1e-9).all()
    assert (summary["share"] <= summary["share_high"] + 1e-9).all()
    coded = summary.groupby(["method", "doc_id"])["share"].transform(lambda x: x.notna().all())
    assert (summary[coded].groupby(["method", "doc_id"])["outlet_primary"].sum() == 1).all()
    assert not summary.loc[~coded, "outlet_primary"].any() and summary.loc[~coded, "share"].isna().all()
    merged = summary.merge(docs[["doc_id", "genre", "translation"]], on="doc_id", suffixes=("", "_doc"))
    assert (merged["genre"] == merged["genre_doc"]).all() and (
        merged["translation"] == merged["translation_doc"]
    ).all()


def test_headline_says_most_frequent_not_lead_and_qualifies_the_test(codebook):
    """Issue 14: "each text leads with a different frame" meant the most frequent primary frame, and
    the permutation p-value treated sentences as independent and hid the chatbot's weight."""
    docs = tables.load("documents")
    table = tables.load("frames")
    text = frames_report.headline(table, frames_report.load_summary(), codebook, docs)
    assert "leads with" not in text
    assert "treats sentences as independent" in text
    if (docs["genre"] == "ai_chatbot_transcript").any() and len(frames_aggregate.coded_doc_ids(table)) > 2:
        assert "without the AI chatbot transcript" in text


@pytest.mark.parametrize(
    "pattern", [[{"OP": "*"}], [{"OP": "+"}, {"OP": "?"}], [{"LOWER": "the"}], [{"LOWER": "of"}, {"OP": "*"}]]
)
def test_patterns_that_match_almost_anything_are_refused(tmp_path, codebook, pattern):
    """Issue 15: a frame pattern [{OP: "*"}] ran for minutes; one matching every "the" added hundreds of rows."""
    path = _lexicon_file(tmp_path, [_entry(pattern=pattern)])
    with pytest.raises(frame_rules.FramesError, match="constrains no token beyond stop words or wildcards"):
        frame_rules.load_lexicon(path, codebook)


def test_codebook_key_typos_are_refused(tmp_path):
    """Issue 15: a codebook key typo (`defintion:`) was accepted silently."""
    path = tmp_path / "frames.yaml"
    path.write_text(
        frame_rules.codebook_path()
        .read_text(encoding="utf-8")
        .replace("    definition: >-", "    defintion: >-", 1),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="unknown key.*defintion"):
        frame_rules.load_codebook(path)
