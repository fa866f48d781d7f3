"""The appraisal stance design: JUDGEMENT of the target as the appraised actor (capacity, veracity,
propriety, blame, outcome), each rule on an invented sentence and on its near misses."""

from __future__ import annotations

import shutil

import pytest

from minusma_lib.core.errors import ConfigError
from minusma_lib.extract import stance_appraisal as ap


def _score(text: str, mention: str) -> tuple[int, str]:
    rows = [r for r in ap.appraisal_in_text(text) if r["text"] == mention]
    assert len(rows) == 1, rows
    return rows[0]["score"], rows[0]["rule"]


@pytest.mark.parametrize(
    ("text", "mention", "score", "rule"),
    [
        ("MINUSMA failed to protect the convoys.", "MINUSMA", -1, "appraisal:capacity_verb"),
        ("The army could not hold the town.", "army", -1, "appraisal:capacity_inability"),
        ("The army was unable to secure the road.", "army", -1, "appraisal:capacity_attribute"),
        ("The army was able to retake Kidal.", "army", 1, "appraisal:capacity_attribute"),
        ("The failure of the mission was plain.", "the mission", -1, "appraisal:capacity_act"),
        ("The mission's failure was plain.", "The mission", -1, "appraisal:capacity_act"),
        ("The junta lied about the massacre.", "junta", -1, "appraisal:veracity_verb"),
        ("The junta spread disinformation about the mission.", "junta", -1, "appraisal:veracity_act"),
        ("Wagner's claims were false.", "Wagner", -1, "appraisal:veracity_claim"),
        ("The junta's figures were accurate.", "junta", 1, "appraisal:veracity_claim"),
        (
            "Civilians were executed by Wagner mercenaries.",
            "Wagner mercenaries",
            -1,
            "appraisal:propriety_verb",
        ),
        ("The army committed abuses in the north.", "army", -1, "appraisal:propriety_act"),
        ("The junta bears responsibility for the deaths.", "junta", -1, "appraisal:blame_act"),
        ("The junta deserves most of the blame.", "junta", -1, "appraisal:blame_act"),
        ("The junta is responsible for the killings.", "junta", -1, "appraisal:blame_attribute"),
        ("MINUSMA brought peace.", "MINUSMA", 1, "appraisal:outcome_object"),
        ("MINUSMA did not bring peace.", "MINUSMA", -1, "appraisal:outcome_object"),
        ("Wagner brought neither peace nor security.", "Wagner", -1, "appraisal:outcome_object"),
        ("MINUSMA was excellent.", "MINUSMA", 1, "appraisal:vader_predicate"),
    ],
)
def test_each_rule_fires_and_is_recorded(text, mention, score, rule):
    assert _score(text, mention) == (score, rule)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        # the target as object or patient, not the judged actor
        ("The rebels failed to defeat the junta.", "junta"),
        ("Wagner mercenaries were executed.", "Wagner mercenaries"),
        ("The failure of the talks angered the junta.", "junta"),
        ("Disinformation targeted the junta.", "junta"),
        # another noun is the judged one
        ("The junta's plan failed.", "junta"),
        ("The claims about Wagner were false.", "Wagner"),
        ("The army investigated abuses.", "army"),
        # a duty, not blame; a neutral object of an outcome verb
        ("MINUSMA's responsibility is to protect civilians.", "MINUSMA"),
        ("The junta is responsible for security.", "junta"),
        ("The junta brought troops.", "junta"),
        # can without negation, refusal rather than incapacity, a passive with the target as agent
        ("The army could hold the town.", "army"),
        ("The army could not accept the terms.", "army"),
        ("The town could not be held by the army.", "army"),
        # the locative sense of lie; a hedge; reported content without quote marks
        ("Mali lies at the heart of the Sahel.", "Mali"),
        ("The army allegedly committed abuses.", "army"),
        ("We were told that the junta could not hold the town.", "junta"),
        # an event the target takes part in is not a judgement of it (no fallback on subject verbs)
        ("The peacekeepers died in the attack.", "peacekeepers"),
    ],
)
def test_near_misses_score_nothing(text, mention):
    assert _score(text, mention) == (0, "")


def test_negation_scope():
    # negation flips the judgement
    assert _score("MINUSMA did not fail.", "MINUSMA") == (1, "appraisal:capacity_verb")
    # ... but with a because-clause it denies the reason, not the failure
    assert _score("MINUSMA did not fail because Malians were ungrateful.", "MINUSMA") == (
        -1,
        "appraisal:capacity_verb",
    )
    # a negated copula covers the modifiers of its predicate nominal
    assert _score("This is not the behaviour of a confident junta.", "junta") == (
        -1,
        "appraisal:vader_modifier",
    )
    # doubt over a capacity questions it
    assert _score("It is unclear whether the army will be able to hold Kidal.", "army") == (
        -1,
        "appraisal:capacity_attribute_doubted",
    )


def test_voice():
    # the author's own view stays the author's
    assert _score("I think that MINUSMA failed to protect civilians.", "MINUSMA")[0] == -1
    # a quoted judgement is the speaker's: no author row for the quoted mention
    rows = ap.appraisal_in_text('The minister said: "MINUSMA failed to protect the convoys."')
    assert not [r for r in rows if r["target"] == "minusma" and r["score"]]
    rows = ap.appraisal_in_text("Critics say that MINUSMA failed to protect civilians.")
    assert not [r for r in rows if r["target"] == "minusma" and r["score"]]


def test_every_entry_says_why_and_bad_files_stop(tmp_path):
    lex = ap.load_appraisal()
    assert ("fail", "VERB") in lex.entries and lex.entries["fail", "VERB"].category == "capacity"
    assert "withdrawal_harm" in lex.fallback and "subject" not in lex.fallback
    path = tmp_path / "stance_appraisal.yaml"
    shutil.copy(ap.appraisal_path(), path)
    text = ap.appraisal_path().read_text(encoding="utf-8")
    path.write_text(text.replace("  propriety:\n", "  proprieties:\n"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown category 'proprieties'"):
        ap.load_appraisal(path)
    path.write_text(
        text.replace('why: "Capacity: failing at an undertaking."', 'why: ""', 1), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"add `why:`"):
        ap.load_appraisal(path)
    path.write_text(text.replace("margin: 1", "margin: 9"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"margin must be one of"):
        ap.load_appraisal(path)
