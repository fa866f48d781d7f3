"""Annotation: cache behaviour, block boundaries, the actor gazetteer."""

from __future__ import annotations

import csv
import shutil

import pytest

from minusma_lib.core.errors import CorpusError
from minusma_lib.corpus import annotate as nlp


def test_second_run_reads_the_cache_and_gives_identical_tables(tmp_path):
    first = nlp.annotate(cache_root=tmp_path, progress=False)
    n = len(first.documents)
    assert n and (first.parsed, first.from_cache) == (n, 0)
    second = nlp.annotate(cache_root=tmp_path, progress=False)
    assert (second.parsed, second.from_cache) == (0, n)
    assert first.sentences().equals(second.sentences())
    assert first.entities().equals(second.entities())
    nlp._vocab.cache_clear()  # a fresh process reads the cache without the model
    third = nlp.annotate(cache_root=tmp_path, progress=False)
    for a, b in zip(first, third, strict=True):
        attrs = [
            (t.text, t.lemma_, t.tag_, t.dep_, t.head.i, t.ent_type_, t.like_num, t.is_stop) for t in a.doc
        ]
        assert attrs == [
            (t.text, t.lemma_, t.tag_, t.dep_, t.head.i, t.ent_type_, t.like_num, t.is_stop) for t in b.doc
        ]
        assert [c.text for c in a.doc.noun_chunks] == [c.text for c in b.doc.noun_chunks]
        assert [(s.text, s.label_, s.id_) for s in a.doc.spans[nlp.ACTORS_KEY]] == [
            (s.text, s.label_, s.id_) for s in b.doc.spans[nlp.ACTORS_KEY]
        ]
    keys = [p.name for p in (tmp_path / "annotations").iterdir()]
    assert keys == [nlp.pipeline_key()]


def test_cache_key_changes_with_the_gazetteer(tmp_path, monkeypatch):
    before = nlp.pipeline_key()
    gaz = tmp_path / "actors.csv"
    shutil.copy(nlp.gazetteer_path(), gaz)
    with gaz.open("a", encoding="utf-8") as fh:
        fh.write("minusma,MINUSMA,minusma,the blue berets,lower,\n")
    monkeypatch.setattr(nlp, "gazetteer_path", lambda: gaz)
    assert nlp.pipeline_key() != before


def test_actor_aliases_typos_and_longest_match(annotated):
    ents = annotated.entities()
    gaz = ents[ents["source"] == "gazetteer"]

    def actor(doc_id, text):
        return set(gaz[(gaz["doc_id"] == doc_id) & (gaz["text"] == text)]["actor_id"])

    assert actor("sanaren", "MINSUMA") == {"minusma"}
    assert actor("iv", "Prigozhin's group") == {"wagner"}
    assert actor("iv", "putschists") == {"malian_government"}
    assert actor("iv", "UN mission") == {"minusma"}  # not the shorter "UN"
    assert actor("contrapuntal", "ECOWAS") == set()
    assert actor("sanaren", "ECOWAS") == {"ecowas"}
    assert "is" not in set(gaz["text"])  # 'IS' matches case-sensitively only


def test_no_sentence_spans_a_heading_and_its_paragraph(annotated):
    sents = annotated.sentences()
    dpa = sents[sents["doc_id"] == "dpa"]
    assert "Military relies on Russia" in dpa["text_clean"].tolist()


def test_gazetteer_rejects_bad_rows(tmp_path):
    path = tmp_path / "actors.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["actor_id", "canonical", "group", "alias", "match", "note"])
        w.writerow(["x", "X", "aliens", "x", "lower", ""])
    with pytest.raises(CorpusError, match=r"row 2: group 'aliens' is not one of minusma"):
        nlp.load_gazetteer(path)


def test_corrupt_cache_entry_is_rebuilt_with_a_warning(tmp_path):
    first = nlp.annotate(cache_root=tmp_path, progress=False)
    entry = sorted((tmp_path / "annotations").rglob("*.spacy"))[0]
    entry.write_bytes(b"not a DocBin")
    with pytest.warns(UserWarning, match="corrupt annotation cache entry"):
        again = nlp.annotate(cache_root=tmp_path, progress=False)
    assert again.parsed == 1
    assert first.sentences().equals(again.sentences())


def test_text_over_the_parser_limit_is_refused_with_file_and_limit(monkeypatch, tmp_path):
    monkeypatch.setattr(nlp, "MAX_CHARS", 1000)
    with pytest.raises(CorpusError, match=r"characters.*\. The parser takes at most 1,000"):
        nlp.annotate(cache_root=tmp_path, progress=False)


@pytest.mark.parametrize("alias", ["the", "The", "of the", "—"])
def test_gazetteer_alias_of_stop_words_is_refused(tmp_path, alias):
    from minusma_lib.core.errors import ConfigError

    path = tmp_path / "actors.csv"
    rows = list(csv.DictReader(nlp.gazetteer_path().read_text(encoding="utf-8").splitlines()))
    rows.append({**rows[0], "alias": alias, "match": "lower"})
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(ConfigError, match=r"is only stop words or punctuation"):
        nlp.load_gazetteer(path)


def test_a_huge_file_is_refused_before_cleaning(monkeypatch, tmp_path):
    """Issue 15: a 50 MB seed ran 40 s and 4.5 GB inside spaCy before failing."""
    from minusma_lib.corpus.seeds import Document

    monkeypatch.setattr(nlp, "MAX_CHARS", 100)
    big = Document("big", "big.txt", "Word " * 100, "", {"title": ""})
    with pytest.raises(CorpusError, match=r"big.txt \(big\): 500 characters\. The parser takes at most 100"):
        nlp.annotate([big], cache_root=tmp_path, progress=False, check_rules=False)
