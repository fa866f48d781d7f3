"""Which spans name a person (extract.person_names), on invented sentences, and their use as speakers."""

from __future__ import annotations

import pytest

from minusma_lib.corpus.annotate import load_nlp
from minusma_lib.extract import quotes
from minusma_lib.extract.person_names import person_names
from minusma_lib.extract.speaker_roles import load_roles


def _names(text: str) -> list[str]:
    return [s.text for s in person_names(load_nlp()(text), load_roles())]


def _speakers(text: str) -> list[tuple[str, str]]:
    found = quotes.quotes_in_text(text)
    found = found[found["kind"] != "scare"]
    return list(zip(found["speaker"], found["speaker_rule"], strict=True))


def test_a_state_or_city_is_never_a_person():
    text = "Inside Mali the talks went on, and Burkina Faso agreed."
    assert _tagged(text, "Inside Mali", "Burkina Faso") == []
    assert not {"Mali", "Bamako", "Senegal"} & set(
        _names("Mali said that Bamako would host the talks, and Senegal agreed.")
    )


def _tagged(text: str, *people: str):
    """The parsed text with exactly ``people`` (first occurrences after the previous one) as PERSON."""
    doc = load_nlp()(text)
    ents, pos = [], 0
    for p in people:
        start = text.index(p, pos)
        ents.append(doc.char_span(start, start + len(p), label="PERSON"))
        pos = start + len(p)
    doc.ents = ents
    return [s.text for s in person_names(doc, load_roles())]


def test_a_one_word_name_is_a_person_only_as_the_surname_of_a_fuller_name():
    text = (
        "Rennestad left early. Aid worker Halvard Rennestad arrived first. Rennestad said the road was open."
    )
    assert _tagged(text, "Rennestad", "Halvard Rennestad", "Rennestad") == ["Halvard Rennestad", "Rennestad"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("A spokesman for the rebels, Amadou Ag Tiloua, said the group would not leave.", "Amadou Ag Tiloua"),
        ("Yacouba Keïta-Marlow, a senior diplomat, said the talks had stalled.", "Yacouba Keïta-Marlow"),
        ("Government spokesman Colonel Brehima Tounkara said the army was ready.", "Brehima Tounkara"),
        ("Oumou Dialla-Renk, who runs a clinic in the town, said supplies were short.", "Oumou Dialla-Renk"),
    ],
)
def test_a_name_in_apposition_to_a_role_or_with_a_who_clause_is_the_speaker(text, name):
    (speaker, rule), *_ = _speakers(text)
    assert speaker.endswith(name) and rule == "person_entity"


def test_a_pronoun_goes_to_the_person_not_to_a_country_named_in_between():
    text = (
        "Kadiatou Soumbounou-Lee, the mission's spokeswoman, said the convoy had left Gao. "
        "Mali welcomed the move. She added that the base would close on Friday."
    )
    assert _speakers(text)[-1] == ("Kadiatou Soumbounou-Lee", "pronoun")


def test_a_name_with_its_state_in_brackets_is_a_person_and_the_pronoun_follows_it():
    from minusma_lib.extract import quotes

    text = (
        "Ama Serwaa Mensah-Owusu (Ghana), speaking for the group, stressed that the withdrawal must be "
        "orderly. She noted that most troops came from the region."
    )
    got = quotes.quotes_in_text(text)["speaker"].tolist()
    assert got == ["Ama Serwaa Mensah-Owusu", "Ama Serwaa Mensah-Owusu"]


def test_the_introduction_holds_a_name_hung_on_the_roles_prepositional_phrase():
    from minusma_lib.extract import quotes

    text = (
        "Peru's deputy envoy to the UN, Rosa Quispe Huaman, said the vote was fair. "
        '"We will watch the withdrawal closely," the diplomat said.'
    )
    assert quotes.quotes_in_text(text)["speaker"].tolist()[-1] == "Rosa Quispe Huaman"
