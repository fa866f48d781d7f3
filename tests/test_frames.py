"""Framing: codebook, lexicon file checks, tagger (pattern ids, negation), validation scores, frames.csv."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from minusma_lib import frames, processed
from minusma_lib.cleaning import BODY_KINDS
from minusma_lib.nlp import _sentences, load_nlp, sent_id

MIN_MICRO_F1 = 0.7


@pytest.fixture(scope="module")
def codebook() -> frames.Codebook:
    return frames.load_codebook()


@pytest.fixture(scope="module")
def lexicon(codebook) -> frames.Lexicon:
    return frames.load_lexicon(codebook=codebook)


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    return processed.load("sentences")


@pytest.fixture(scope="module")
def fresh(annotated, sentences, codebook, lexicon) -> pd.DataFrame:
    """frames.csv recomputed now from the parsed corpus, the codebook, the lexicon and the coding."""
    return frames.frames_table(annotated, sentences, codebook, lexicon)


def _lexicon_file(tmp_path: Path, entries: list[dict]) -> Path:
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        yaml.safe_dump({"version": "test", "entries": entries}, allow_unicode=True), encoding="utf-8"
    )
    return path


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


def test_codebook_with_a_missing_pfc_code_is_rejected(tmp_path):
    spec = yaml.safe_load(frames.codebook_path().read_text(encoding="utf-8"))
    spec["pfc"] = [p for p in spec["pfc"] if p["code"] != 7]
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with pytest.raises(frames.FramesError, match=r"missing \[7\]"):
        frames.load_codebook(path)


def test_manual_coding_covers_every_body_sentence_once(codebook, sentences):
    manual = frames.load_manual(codebook, sentences)
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)]
    missing = sorted(set(body["sent_id"]) - set(manual["sent_id"]))
    assert not missing, (
        f"{len(missing)} body sentence(s) have no manual frame code, e.g. {missing[:5]}: code them in "
        f"{frames.manual_path()} following data/annotations/frames_coding_guide.md"
    )
    assert manual["sent_id"].tolist() == body["sent_id"].tolist()


def test_a_coding_row_with_an_unknown_frame_is_rejected(tmp_path, codebook):
    df = pd.read_csv(frames.manual_path(), dtype=str, keep_default_na=False).head(3)
    df.loc[1, "primary_frame"] = "securty"
    path = tmp_path / "coding.csv"
    df.to_csv(path, index=False)
    with pytest.raises(frames.FramesError, match=r"row 3 \(.*\): primary_frame 'securty'"):
        frames.load_coding(path, codebook)


# --- lexicon file ---------------------------------------------------------------------------------


def test_lexicon_has_a_version_and_valid_unique_entries(lexicon, codebook):
    assert lexicon.version
    ids = [e.id for e in lexicon.entries]
    assert len(ids) == len(set(ids))
    docs = set(processed.load("documents")["doc_id"]) | {frames.GENERAL}
    for e in lexicon.entries:
        assert e.frame in codebook.frames and e.rationale and e.source_doc in docs, e.id
    assert sum(e.source_doc == frames.GENERAL for e in lexicon.active) > len(lexicon.active) / 2


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
    ],
)
def test_lexicon_errors_name_the_entry_and_the_fix(tmp_path, codebook, entries, message):
    with pytest.raises(frames.FramesError, match=message):
        frames.load_lexicon(_lexicon_file(tmp_path, entries), codebook)


def test_lexicon_without_version_is_rejected(tmp_path, codebook):
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump({"entries": [_entry()]}), encoding="utf-8")
    with pytest.raises(frames.FramesError, match="version"):
        frames.load_lexicon(path, codebook)


# --- tagger -----------------------------------------------------------------------------------------


def test_every_lexicon_label_lists_the_pattern_ids_that_fired(fresh, lexicon):
    lex = fresh[fresh["method"] == "lexicon"]
    labelled = lex[lex["frame"] != frames.NONE]
    assert len(labelled) > 300
    for r in labelled.itertuples():
        ids = r.pattern_ids.split(";")
        assert ids and all(i in lexicon.by_id for i in ids), (r.sent_id, r.pattern_ids)
        assert all(lexicon.by_id[i] in lexicon.active for i in ids), (r.sent_id, r.pattern_ids)
        assert all(r.frame in (lexicon.by_id[i].frame, lexicon.by_id[i].negated_frame) for i in ids), (
            r.sent_id
        )
        assert r.evidence
    assert (lex[lex["frame"] == frames.NONE]["pattern_ids"] == "").all()
    assert (lex.groupby("sent_id")["role"].apply(lambda x: (x == "primary").sum()) == 1).all()


def test_negation_flips_a_negatable_entry(lexicon):
    nlp = load_nlp()
    tagger = frames.Tagger(lexicon)
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
    lex = frames.load_lexicon(
        _lexicon_file(
            tmp_path,
            [_entry(id="me-001", frame="mission_effectiveness", pattern="effective", negatable=True)],
        ),
        codebook,
    )
    tagger = frames.Tagger(lex)
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
        assert t.labels == {} and t.primary == frames.NONE and t.negated[0].startswith("me-001:")


def test_a_non_negatable_entry_ignores_negation(tmp_path, codebook):
    lex = frames.load_lexicon(_lexicon_file(tmp_path, [_entry()]), codebook)
    (tags,) = frames.Tagger(lex).tag_text(load_nlp(), "There were no jihadists in the town.")
    assert tags.labels == {"security_counterterrorism": ["sec-001"]} and tags.negated == []


def test_tagger_leaves_the_annotated_docs_unchanged(annotated, lexicon):
    doc = annotated["dpa"].doc
    before = sorted(doc.spans)
    frames.Tagger(lexicon).spans(doc)
    assert sorted(doc.spans) == before and frames.SPANS_KEY not in doc.spans


# --- validation -------------------------------------------------------------------------------------


def test_micro_f1_against_the_manual_coding_is_at_least_0_7(fresh, codebook):
    f1 = frames.micro_f1(fresh, codebook, "lexicon")
    assert f1 >= MIN_MICRO_F1, f"micro-F1 {f1:.3f} of the lexicon tagger against the manual coding"
    s = frames.scores(fresh, codebook).set_index("frame")
    assert s.loc["micro", "support"] == sum(
        1 + len([x for x in r.secondary_frames.split(";") if x]) - (r.primary_frame == frames.NONE)
        for r in frames.load_manual(codebook).itertuples()
    )


def test_leave_one_article_out_is_computed_by_re_tagging(fresh, annotated, codebook, lexicon, sentences):
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)]
    loao = fresh[fresh["method"] == "lexicon_loao"]
    assert set(loao["sent_id"]) == set(body["sent_id"])
    for doc_id in body["doc_id"].unique():
        held_out = lexicon.without_source(doc_id)
        assert not any(e.source_doc == doc_id for e in held_out.active)
        ad = annotated[doc_id]
        pairs = [(sent_id(doc_id, i), s) for i, s in enumerate(_sentences(ad))]
        pairs = [(sid, s) for sid, s in pairs if sid in set(body["sent_id"])]
        tags = frames.Tagger(held_out).tag_sentences(ad.doc, [s for _, s in pairs])
        for (sid, _), t in zip(pairs, tags, strict=True):
            stored = loao.loc[(loao["sent_id"] == sid) & (loao["frame"] != frames.NONE), "frame"]
            assert set(t.labels) == set(stored), sid
    replaced = {e.replaces: e for e in lexicon.entries if e.replaces}
    assert replaced, "no entry replaces another"
    old, new = next(iter(replaced.items()))
    assert old in {e.id for e in lexicon.without_source(new.source_doc).active}
    scores = frames.summary_scores(fresh, codebook)
    assert 0 < scores["micro_f1_loao"] <= scores["micro_f1_full"]
    table = frames.loao_table(fresh, codebook, lexicon, processed.load("documents"))
    assert table["micro F1 (LOAO)"].notna().all()


def test_errors_table_lists_every_disagreement(fresh, codebook):
    s = frames.scores(fresh, codebook).set_index("frame")
    e = frames.errors_table(fresh, codebook)
    assert (e["error"] == "false positive").sum() == s.loc["micro", "fp"]
    assert (e["error"] == "false negative").sum() == s.loc["micro", "fn"]
    fp = e[e["error"] == "false positive"]
    assert fp["pattern ids"].str.match(r"^[a-z]+-\d{3}").all()


def test_krippendorff_alpha_tagger_and_coders(fresh, codebook, sentences):
    assert frames.alpha_nominal(["a", "b", "a", "c"], ["a", "b", "a", "c"]) == pytest.approx(1.0)
    coder2 = frames.load_coder2(codebook, sentences)
    t = frames.agreement_table(fresh, codebook, coder2).set_index(["comparison", "sentences"])
    a = t.loc[("tagger (full lexicon) vs. coder 1", "all body sentences"), "alpha, primary frame"]
    assert -1 <= a <= 1 and not math.isnan(a)
    if coder2 is None:
        pytest.skip("data/annotations/frames_manual_coder2.csv not there yet")
    c2 = t.loc[("coder 2 vs. coder 1", "all body sentences")]
    assert c2["n"] == len(coder2) and -1 <= c2["alpha, primary frame"] <= 1
    per_frame = frames.frame_alpha_table(fresh, codebook, coder2)["coder 2 vs. coder 1"]
    assert per_frame.notna().all()
    assert "Inter-coder agreement" in frames.agreement_prose(fresh, codebook, coder2)


def test_everything_works_without_a_second_coding(fresh, codebook, tmp_path, monkeypatch):
    monkeypatch.setattr(frames, "coder2_path", lambda: tmp_path / "missing.csv")
    assert frames.load_coder2(codebook) is None
    assert "No second coding yet" in frames.agreement_prose(fresh, codebook, None)
    assert frames.disagreements_table(fresh, None).empty
    assert not frames.agreement_table(fresh, codebook, None)["comparison"].str.contains("coder 2").any()


# --- comparison -------------------------------------------------------------------------------------


def test_permutation_test_is_seeded_and_sane(fresh, codebook):
    a = frames.permutation_test(fresh, codebook, "manual", "primary", n_perm=500)
    b = frames.permutation_test(fresh, codebook, "manual", "primary", n_perm=500)
    assert a == b
    assert a["chi2"] > 0 and 1 / 501 <= a["p_value"] <= 1
    one = frames.permutation_test(fresh, codebook, "manual", "labels", docs=["iv", "dpa"], n_perm=200)
    assert one["outlets"] == ["iv", "dpa"] and one["sentences"] == 70


# --- processed tables -------------------------------------------------------------------------------


def test_frames_csv_is_what_the_code_produces_with_exact_offsets(fresh, raws, codebook):
    stored = processed.load("frames")
    assert stored["method"].unique().tolist() == list(frames.METHODS)
    for r in stored.itertuples():
        assert raws[r.doc_id][r.start : r.end] == r.text, (r.sent_id, r.start, r.end)
        if r.frame == frames.NONE:
            assert pd.isna(r.pfc_code)
        else:
            assert r.pfc_code == codebook.pfc_code(r.frame)
    sents = processed.load("sentences").set_index("sent_id")
    assert (sents.loc[stored["sent_id"], "start"].to_numpy() == stored["start"].to_numpy()).all()
    key = ["method", "sent_id", "frame", "role"]
    assert stored[key].astype(str).values.tolist() == fresh[key].astype(str).values.tolist()


def test_outlet_summary_is_consistent(codebook):
    summary = processed.load("frames_by_outlet")
    docs = processed.load("documents")
    assert set(summary["method"]) == {"manual", "lexicon"}
    assert len(summary) == 2 * len(docs) * (len(codebook.frames) + 1)
    assert np.allclose(summary["share"], (summary["n_sentences"] / summary["n_body_sentences"]).round(4))
    assert (summary["share_low"] <= summary["share"] + 1e-9).all()
    assert (summary["share"] <= summary["share_high"] + 1e-9).all()
    assert (summary.groupby(["method", "doc_id"])["outlet_primary"].sum() == 1).all()
    merged = summary.merge(docs[["doc_id", "genre", "translation"]], on="doc_id", suffixes=("", "_doc"))
    assert (merged["genre"] == merged["genre_doc"]).all() and (
        merged["translation"] == merged["translation_doc"]
    ).all()
