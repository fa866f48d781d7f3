"""General boilerplate rules: each fires on an invented case, body sentences are left alone."""

from __future__ import annotations

import pytest

from minusma_lib.core.errors import ConfigError
from minusma_lib.corpus.boilerplate import detect, load_general_rules
from minusma_lib.corpus.cleaning import clean_document, general_rules_path
from minusma_lib.corpus.seeds import Document

RULES = load_general_rules(general_rules_path())

POSITIVE = {
    "gen-caption-label": "Photo: Two trucks wait at a river crossing near a market",
    "gen-credit-parenthesis": "Trucks at the crossing (Photo: Ann Smith)",
    "gen-agency-credit": "Ann Smith/AFP via Getty Images",
    "gen-teaser": "READ MORE: Floods close the northern road",
    "gen-share": "Share this story",
    "gen-newsletter": "Sign up for our weekly newsletter",
    "gen-follow-us": "Follow us on Facebook and Instagram",
    "gen-comments": "Comments (12)",
    "gen-download": "Download the full report (PDF, 2.4 MB)",
    "gen-click-here": "Click here to watch the video",
    "gen-wire-credit": "(Reporting by Ann Smith; Editing by Bo Lee)",
    "gen-byline": "By Ana Duarte Lima",
    "gen-compiled-by": "Compiled by Bo Lee",
    "gen-translated-from": "Translated from Portuguese",
    "gen-date-line": "Tuesday, 4 March 2025",
    "gen-date-glued": "2025-03-04The council met for three hours.",
    "gen-ellipsis-bracket": "The council met for three hours [...]",
    "gen-continue-reading": "Continue reading",
    "gen-trailing-ellipsis": "…",
    "gen-author-bio": "Ana Duarte Lima is a senior researcher at the Institute for Coastal Studies in Porto.",
}

NEGATIVE = [
    "The photo of the convoy was shared thousands of times.",
    "Readers can read more about the budget in the annual report.",
    "Related talks are expected to resume on 12 May 2025.",
    "Officials said the vote, held on 2025-03-04, was close … but valid.",
    "Comments by the minister drew criticism from the opposition.",
    "She said people should follow us on the path to peace.",
    "Image rights were not discussed at the meeting.",
    "Download speeds in Gao fell after the report was published.",
    "Omar Keita is the mayor of the town and said the market would reopen.",
    "By Friday Most Troops Had Gone, officials said.",
    "By December the camp was empty.",
]


def test_an_author_bio_goes_only_near_the_end():
    bio = "Ana Duarte Lima is a senior researcher at the Institute for Coastal Studies."
    early = "Title\n\n" + bio + "\n\nOne.\n\nTwo.\n\nThree.\n"
    assert detect(early, RULES) == []
    late = "Title\n\nOne.\n\n" + bio + "\n\nFollow us on Facebook\n"
    assert [s.rule_id for s in detect(late, RULES)] == ["gen-author-bio", "gen-follow-us"]


def test_every_rule_has_a_case():
    assert set(POSITIVE) == {r.id for r in RULES}


@pytest.mark.parametrize("rule_id", sorted(POSITIVE))
def test_rule_fires_on_its_case(rule_id):
    raw = "A body line about the council.\n\n" + POSITIVE[rule_id] + "\n"
    spans = detect(raw, RULES)
    assert [s.rule_id for s in spans] == [rule_id]
    for s in spans:
        assert s.why and s.category
        assert raw[s.start : s.end].strip()


@pytest.mark.parametrize("line", NEGATIVE)
def test_body_sentences_are_kept(line):
    assert detect("Heading\n\n" + line + "\nA last line of prose.\n", RULES) == []


def test_glued_date_removes_only_the_date():
    raw = "Title\n2025-03-04The council met.\n"
    (span,) = detect(raw, RULES)
    assert raw[span.start : span.end] == "2025-03-04"


def test_spans_do_not_overlap_and_kept_text_plus_spans_cover_the_document():
    raw = "\n".join(POSITIVE.values()) + "\n" + "\n".join(NEGATIVE) + "\n…\n"
    spans = detect(raw, RULES)
    kept, pos = [], 0
    for s in spans:
        assert s.start >= pos
        kept.append(raw[pos : s.start])
        pos = s.end
    kept.append(raw[pos:])
    rebuilt = "".join(k + raw[s.start : s.end] for k, s in zip(kept, spans, strict=False)) + kept[-1]
    assert rebuilt == raw
    for line in NEGATIVE:
        assert line in "".join(kept)


def test_bad_rules_file_names_the_problem(tmp_path):
    path = tmp_path / "general.yaml"
    path.write_text("version: '1'\nrules:\n  - id: x\n    category: nope\n    pattern: a\n    why: b\n")
    with pytest.raises(ConfigError, match="category 'nope'"):
        load_general_rules(path)
    path.write_text("version: '1'\nrules:\n  - id: x\n    category: widget\n    pattern: a\n")
    with pytest.raises(ConfigError, match="missing key"):
        load_general_rules(path)


def _clean(raw, general, documents=None):
    doc = Document("x", "x.txt", raw, "", {"title": "Title"})
    return clean_document(
        doc, {"version": "1", "global": [], "documents": documents or {}, "general": general}
    )


def test_cleaning_logs_general_spans_and_keeps_body():
    raw = "Title\n\n2025-03-04The council met.\n\nREAD MORE: Floods\n\nThe photo was shared [...]\n"
    clean = _clean(raw, RULES)
    assert clean.text == "Title\n\nThe council met.\n\nThe photo was shared"
    assert [e.rule_id for e in clean.log] == ["gen-date-glued", "gen-teaser", "gen-ellipsis-bracket"]
    assert all(raw[e.start : e.end] == e.text for e in clean.log)
    kept = sum(len(b.text) for b in clean.blocks)
    assert kept + sum(e.end - e.start for e in clean.log) == len(raw) - raw.count("\n")


def test_per_document_rule_wins_and_general_rule_can_be_off():
    from minusma_lib.core.config import compile_regex
    from minusma_lib.corpus.cleaning import Rule

    raw = "Title\n\nBody text here.\n\nRead more: Floods\n"
    own = Rule("x-teaser", "line", "widget", compile_regex("Read more: .*", "t", "t"), "own rule")
    clean = _clean(raw, RULES, {"x": {"rules": [own], "headings": [], "prompts": []}})
    assert [e.rule_id for e in clean.log] == ["x-teaser"]
    off = [r for r in RULES if r.id != "gen-teaser"]
    assert "Read more: Floods" in _clean(raw, off).text


@pytest.mark.parametrize(
    "line", ["Read also: Five years of the mission in numbers", "READ ALSO: The road north"]
)
def test_a_read_also_teaser_is_boilerplate(line):
    """A "Read also:" line is a link teaser."""
    assert [s.rule_id for s in detect("A body line about the council.\n\n" + line + "\n", RULES)] == [
        "gen-teaser"
    ]


def test_a_photo_caption_label_is_boilerplate():
    line = "Photo caption: A trader loads bread onto a cart. “Half my customers are gone,” he says."
    assert [s.rule_id for s in detect("A body line about the council.\n\n" + line + "\n", RULES)] == [
        "gen-caption-label"
    ]
