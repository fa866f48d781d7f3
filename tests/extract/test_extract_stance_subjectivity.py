"""The subjectivity stance design: Pattern's adjectives, the general link rules, author voice only."""

from __future__ import annotations

import shutil

import pytest

from minusma_lib.core.errors import ConfigError
from minusma_lib.extract import stance_subjectivity as subj


def _score(text: str, mention: str) -> tuple[int, str]:
    rows = [r for r in subj.subjectivity_in_text(text) if r["text"] == mention]
    assert len(rows) == 1, rows
    return rows[0]["score"], rows[0]["rule"]


def test_pattern_lexicon_is_read_and_averaged_over_senses():
    lex = subj.load_subjectivity()
    assert lex.adjectives["ruthless"] == -1 and lex.adjectives["effective"] == 1
    # "limited" is rated mostly objective by Pattern's raters (a scope word): not evaluative
    assert "limited" in lex.pattern_rated and "limited" not in lex.adjectives
    polarity, subjectivity = subj.pattern_adjectives()["limited"]
    assert subjectivity < lex.threshold


@pytest.mark.parametrize(
    ("text", "mention", "score", "rule"),
    [
        ("The ruthless mercenaries entered the village.", "mercenaries", -1, "subjectivity:modifier"),
        ("The junta was brutal.", "junta", -1, "subjectivity:predicate"),
        ("The junta was not brutal.", "junta", 1, "subjectivity:predicate"),
        ("The junta failed to hold the elections.", "junta", -1, "subjectivity:subject"),
        ("UN peacekeepers have been praised.", "UN peacekeepers", 1, "subjectivity:judged"),
    ],
)
def test_each_rule_fires_and_is_recorded(text, mention, score, rule):
    assert _score(text, mention) == (score, rule)


def test_scope_voice_and_hedges():
    # an adjective on another noun evaluates that noun, not the target
    assert _score("MINUSMA was reconfigured to focus on a few limited priorities.", "MINUSMA") == (0, "")
    # a hedge cancels the word
    assert _score("The junta was allegedly brutal.", "junta") == (0, "")
    # reported speech is not the author's: a target inside a quote gets no author row
    rows = subj.subjectivity_in_text('The minister said: "The junta is ruthless and brutal."')
    assert not [r for r in rows if r["target"] == "malian_authorities" and r["score"]]


def test_config_errors_name_the_file_and_the_fix(tmp_path):
    path = tmp_path / "stance_subjectivity.yaml"
    shutil.copy(subj.subjectivity_path(), path)
    path.write_text(path.read_text().replace("patient_harm:", "patient_harms:"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"stance_subjectivity.yaml: rules: unknown rule 'patient_harms'"):
        subj.load_subjectivity(path)
    path.write_text(subj.subjectivity_path().read_text().replace("margin: 1", "margin: 9"), encoding="utf-8")
    with pytest.raises(ConfigError, match="margin must be one of"):
        subj.load_subjectivity(path)
