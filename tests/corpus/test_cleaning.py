"""Cleaning: boilerplate removed and logged, mojibake repaired, offsets map back to raw."""

from __future__ import annotations

import shutil

import pytest

from minusma_lib.core.errors import ConfigError, CorpusError
from minusma_lib.corpus.cleaning import BODY_KINDS, clean_corpus, clean_document, load_rules
from minusma_lib.corpus.seeds import load_corpus

BOILERPLATE = [
    "Donate",
    "standing order",
    "Leave a Reply",
    "email address will not be published",
    "marketing managers",
    "IMPORTANT NOTE",
    "Image: MINUSMA",
    "mins read",
    "Copyright",
    "Publication date",
    "Photo Credits",
    "Share this article",
    "Thank you for your time and insights",
    "Don't Miss",
    "IV582",
]


@pytest.fixture(scope="module")
def cleaned():
    return clean_corpus(load_corpus())


def test_every_clean_char_maps_to_the_same_raw_char_or_a_logged_repair(cleaned):
    for c in cleaned:
        repairs = {(e.start, e.end) for e in c.log if e.action == "repair"}
        for b in c.blocks:
            assert len(b.text) == len(b.starts) == len(b.ends)
            for ch, s, e in zip(b.text, b.starts, b.ends, strict=True):
                assert c.doc.raw[s:e] == ch or (s, e) in repairs, (c.doc_id, ch, s, e)


def test_log_offsets_are_raw_offsets(cleaned):
    for c in cleaned:
        for e in c.log:
            assert c.doc.raw[e.start : e.end] == e.text


def test_boilerplate_phrases_absent_from_clean_text(cleaned):
    for c in cleaned:
        for phrase in BOILERPLATE:
            assert phrase not in c.text, (c.doc_id, phrase)


def test_mojibake_repaired_and_curly_quotes_kept(cleaned):
    ctp = next(c for c in cleaned if c.doc_id == "contrapuntal")
    assert "â€œ" in ctp.doc.raw and "â€œ" not in ctp.text
    assert "Mali\xa0“to continue honoring the ceasefire as MINUSMA withdraws”" in ctp.text
    assert [e.replacement for e in ctp.log if e.action == "repair"] == ["“"]
    bard = next(c for c in cleaned if c.doc_id == "bard")
    assert "“We decided to reaffirm" in bard.text  # curly quotes are not straightened


def test_duplicated_heading_removed_title_kept(cleaned):
    iv = next(c for c in cleaned if c.doc_id == "iv")
    titles = [b.text for b in iv.blocks if b.kind == "title"]
    assert titles == ["The end of the UN mission Minusma"]
    assert sum(b.text == "The end of the UN mission Minusma" for b in iv.blocks) == 1
    assert [e.category for e in iv.log if e.rule_id == "iv-duplicated-title"] == ["duplicated_heading"]


def test_block_kinds(cleaned):
    by_id = {c.doc_id: c for c in cleaned}
    assert sum(b.kind == "prompt" for b in by_id["bard"].blocks) == 9
    assert {b.text for b in by_id["dpa"].blocks if b.kind == "heading"} == {
        "Military relies on Russia",
        "Serious human rights violations",
        "Bad security situation",
    }
    bullets = [b.text for b in by_id["bard"].blocks if b.kind == "list_item"]
    assert bullets[1] == "the mission has failed failing to prevent the spread of terrorism in Mali."
    for c in cleaned:
        assert any(b.kind in BODY_KINDS for b in c.blocks)


def test_stale_document_rule_is_an_error(tmp_path):
    src = load_rules.__globals__["rules_path"]()
    path = tmp_path / "rules.yaml"
    shutil.copy(src, path)
    text = path.read_text(encoding="utf-8").replace("pattern: 'July 1, 2023'", "pattern: 'July 2, 2023'")
    path.write_text(text, encoding="utf-8")
    rules = load_rules(path)
    doc = next(d for d in load_corpus() if d.doc_id == "contrapuntal")
    with pytest.raises(CorpusError, match=r"rule\(s\) ctp-dateline for contrapuntal .* matched nothing"):
        clean_document(doc, rules)


def test_bad_rule_file_is_an_error(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        "version: 1\nglobal:\n  - {id: x, kind: zap, category: metadata, pattern: a, reason: r}\n"
    )
    with pytest.raises(CorpusError, match=r"rule x has kind 'zap'; use one of line"):
        load_rules(path)


def test_mojibake_deletions_are_logged_too():
    from minusma_lib.corpus.seeds import Document

    raw = "Title\n\nThe site says Copyright Â©2023 and 20Â°C in the shade.\n"
    doc = Document("x", "x.txt", raw, "", {"title": "Title"})
    clean = clean_document(doc, {"version": "1", "global": [], "documents": {}})
    assert "Copyright ©2023 and 20°C" in clean.text
    repairs = [e for e in clean.log if e.action == "repair"]
    assert len(repairs) == 2 and all(e.text == "Â" and e.replacement == "" for e in repairs)
    assert all(raw[e.start : e.end] == e.text for e in repairs)


def test_misspelled_rule_file_keys_are_errors(tmp_path):
    path = tmp_path / "rules.yaml"
    text = load_rules.__globals__["rules_path"]().read_text(encoding="utf-8")
    path.write_text(
        text.replace("    headings:\n      - Background", "    heading:\n      - Background"),
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=r"documents\.sanaren has unknown key\(s\) \['heading'\]"):
        load_rules(path)
    path.write_text(
        text.replace("    reason: Site section label", "    raeson: Site section label"), encoding="utf-8"
    )
    with pytest.raises(CorpusError, match=r"rule iv-section-tag in iv has unknown key\(s\) \['raeson'\]"):
        load_rules(path)


def test_line_of_only_a_byte_order_mark_is_dropped_not_a_crash():
    from minusma_lib.corpus.seeds import Document

    raw = "Title\n\ufeff\nA sentence of body text.\n"
    doc = Document("x", "x.txt", raw, "", {"title": "Title"})
    clean = clean_document(doc, {"version": "1", "global": [], "documents": {}})
    assert [b.text for b in clean.blocks] == ["Title", "A sentence of body text."]
    assert all(raw[b.raw_start : b.raw_end] == b.text for b in clean.blocks)


@pytest.mark.parametrize("key", ["no", "2023"])
def test_doc_id_keys_that_yaml_reads_as_other_types_are_named(tmp_path, key):
    from minusma_lib.core.errors import ConfigError

    path = tmp_path / "rules.yaml"
    path.write_text(f"version: 1\nglobal: []\ndocuments:\n  {key}:\n    headings: [A]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"the key .* was read by YAML as .*Quote the doc_id"):
        load_rules(path)


def test_catastrophic_cleaning_pattern_stops_with_the_rule_named(tmp_path, monkeypatch):
    from minusma_lib.core import config
    from minusma_lib.core.errors import ConfigError
    from minusma_lib.corpus.seeds import Document

    monkeypatch.setattr(config, "REGEX_TIME_BUDGET", 0.2)
    path = tmp_path / "rules.yaml"
    path.write_text(
        "version: 1\nglobal:\n  - {id: slow, kind: line, category: metadata, pattern: '(a|aa)+$', reason: r}\n",
        encoding="utf-8",
    )
    doc = Document("x", "x.txt", "Title\n\n" + "a" * 3000 + "b\n", "", {"title": "Title"})
    with pytest.raises(ConfigError, match=r"rule slow: regular expression .* ran over"):
        clean_document(doc, load_rules(path))


def test_a_documents_rules_are_checked_when_read_and_compiled_when_looked_up(tmp_path):
    """Issue 13: a rules file is checked whole when read (a bad pattern of any document stops it), but a
    process keeps only the specs and compiles one document's rules when that document is cleaned."""
    path = tmp_path / "rules.yaml"
    rule = "{id: %s, kind: line, category: metadata, pattern: '%s', reason: r}"
    path.write_text(
        "version: 1\ndocuments:\n"
        f"  d1:\n    remove:\n      - {rule % ('a1', 'Share this')}\n"
        f"  d2:\n    remove:\n      - {rule % ('a2', 'Follow us')}\n"
    )
    rules = load_rules(path)
    assert sorted(rules["documents"]) == ["d1", "d2"]
    (compiled,) = rules["documents"]["d1"]["rules"]
    assert compiled.id == "a1" and compiled.pattern.search("Share this")
    path.write_text(path.read_text().replace("Follow us", "(unclosed"))
    with pytest.raises(ConfigError, match="rule a2: invalid regular expression"):
        load_rules(path)
