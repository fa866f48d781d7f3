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


def _parsed(words: list[str], heads: list[int], deps: list[str], pos: list[str], ents: list[str]):
    """A Doc with the parse given (to test a rule on a parse the model may or may not produce); a
    hyphen and the word before it take no space, nor does a word before punctuation."""
    from spacy.tokens import Doc

    spaces = [
        not (w == "-" or nxt in ("-", ",", ".")) for w, nxt in zip(words, [*words[1:], "."], strict=True)
    ]
    lemmas = [w.lower() for w in words]
    return Doc(
        load_nlp().vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=pos,
        ents=ents,
        lemmas=lemmas,
    )


def test_a_name_the_parser_read_as_a_comma_conjunct_of_a_role_phrase_is_a_name():
    # "The representative of Chad, Idriss Walla-Gomba, thanked ...", "Walla-Gomba" parsed as "Chad"'s
    # conjunct, typed ORG: the comma-only conjunct is an apposition to the role phrase
    words = [
        "The",
        "representative",
        "of",
        "Chad",
        ",",
        "Idriss",
        "Walla",
        "-",
        "Gomba",
        ",",
        "thanked",
        "us",
    ]
    heads = [1, 10, 1, 2, 3, 8, 8, 8, 3, 8, 10, 10]
    deps = ["det", "nsubj", "prep", "pobj", "punct", "compound", "compound", "punct", "conj", "punct"]
    deps += ["ROOT", "dobj"]
    pos = [
        "DET",
        "NOUN",
        "ADP",
        "PROPN",
        "PUNCT",
        "PROPN",
        "PROPN",
        "PUNCT",
        "PROPN",
        "PUNCT",
        "VERB",
        "PRON",
    ]
    ents = ["O", "O", "O", "B-GPE", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O"]
    doc = _parsed(words, heads, deps, pos, ents)
    assert [s.text for s in person_names(doc, load_roles())] == ["Idriss Walla-Gomba"]
    listed = _parsed(
        ["Chad", ",", "Idriss", "and", "Niger", "won"],
        [5, 0, 0, 2, 0, 5],
        ["nsubj", "punct", "conj", "cc", "conj", "ROOT"],
        ["PROPN", "PUNCT", "PROPN", "CCONJ", "PROPN", "VERB"],
        ["B-GPE", "O", "B-ORG", "O", "B-GPE", "O"],
    )
    assert person_names(listed, load_roles()) == []


def test_part_of_a_hyphenated_surname_is_not_a_known_persons_alias():
    found = _speakers(
        "A French diplomat in Berlin, Claire Vasseur-Diop, said that Paris had learned the lesson."
    )
    assert found == [("Claire Vasseur-Diop", "person_entity")]


def test_a_candidate_of_titles_only_is_not_extended_into_the_next_name():
    """The tagger's "Sergeant Major" and "Ingrid Wellendorf": the name is the second entity, whole,
    not "Major Ingrid" (a cut surname joined to a rank)."""
    text = "“We reached the airport,” said Sergeant Major Ingrid Wellendorf, 29, a driver."
    assert _tagged(text, "Sergeant Major", "Ingrid Wellendorf") == ["Ingrid Wellendorf"]


def test_a_comma_set_name_parsed_as_the_object_of_a_titles_preposition_holds_that_title():
    """ "Kenya's deputy envoy to the AU, X, told ...", parsed as "envoy to [the AU X]": X is introduced
    as the envoy (the parse is set by hand: the tagger reads it so only in some sentences)."""
    from spacy.tokens import Doc

    from minusma_lib.extract.speakers import Context, Resolver, Sentence
    from minusma_lib.extract.speech_lexicon import load_lexicon

    nlp = load_nlp()
    words = ["Kenya", "’s", "deputy", "envoy", "to", "the", "AU", ",", "Wanjiru", "Odhiambo", ",", "told"]
    words += ["the", "meeting", "."]
    pos = ["PROPN", "PART", "ADJ", "NOUN", "ADP", "DET", "PROPN", "PUNCT", "PROPN", "PROPN", "PUNCT"]
    pos += ["VERB", "DET", "NOUN", "PUNCT"]
    deps = ["poss", "case", "amod", "nsubj", "prep", "det", "nmod", "punct", "compound", "pobj", "punct"]
    deps += ["ROOT", "det", "dobj", "punct"]
    heads = [3, 0, 3, 11, 3, 6, 9, 6, 9, 4, 3, 11, 13, 11, 11]
    lemmas = [w.lower() for w in words]
    ents = ["B-GPE", "O", "O", "O", "O", "O", "B-ORG", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O", "O"]
    spaces = [False, True, True, True, True, True, False, True, True, False, True, True, True, False, False]
    doc = Doc(nlp.vocab, words, spaces, pos=pos, deps=deps, heads=heads, lemmas=lemmas, ents=ents)
    ctx = Context("t", doc, [Sentence("t-s0", doc[:], 0, "paragraph")], [(0, len(doc.text))])
    intro = {e.text: nouns for e, _role, _category, nouns in Resolver(ctx, load_lexicon()).introduced}
    assert "envoy" in intro["Wanjiru Odhiambo"]


def test_a_run_holding_a_continents_name_is_not_a_person():
    """ "Sovereign Africa" (of a publication's name), tagged as a person, names no one."""
    text = "Speaking to Pan Africa Weekly, the minister said the talks would resume."
    assert _tagged(text, "Pan Africa") == []


def test_a_proper_noun_run_coordinated_with_a_person_is_a_person():
    """ "X and Henning Løvaas" / "Sigurd Kjærstad", the second untagged or tagged as an organisation:
    coordination joins like kinds."""
    for second in ("Henning Løvaas", "Sigurd Kjærstad"):
        doc = load_nlp()(f"In a study, Lucia Ferreira-Osei and {second} found that deaths fell.")
        assert second in [s.text for s in person_names(doc, load_roles())]


def test_a_headline_title_before_capitalised_words_names_no_one():
    text = "Secretary-General Marks Completion of Mission Withdrawal, Urges Continued Support\n\nThe council met."
    assert _names(text) == []


@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        ("Ciarán Ó Maoláin, the Labour TD for Kerry South, was unimpressed.", "Kerry South"),
        (
            "Labour's Eoin Kilgallen and Aoife Dunmore of the Social Democrats, who had jointly tabled a "
            "motion, said in a joint statement that the house had never had a say.",
            "Social Democrats",
        ),
    ],
)
def test_a_constituency_or_a_party_in_the_plural_is_no_persons_name(text, not_a_name):
    assert not_a_name not in _names(text)


@pytest.mark.parametrize(("mark", "is_name"), [("ret", True), ("Dr", False)])
def test_only_a_retired_mark_in_brackets_makes_the_rank_a_title_of_the_name(mark, is_name):
    # "Colonel (ret.) Hilde Brauning commanded troops.": the parser splits the rank from the name and the
    # tagger reads the surname as a common noun typed GPE; a bracketed title that is no mark of retirement
    # ("Colonel (Dr) Hilde Brauning") does not make the rank a title of the name
    words = ["Colonel", "(", mark, ".", ")", "Hilde", "Brauning", "commanded", "troops", "."]
    heads = [0, 0, 0, 0, 0, 6, 6, 8, 6, 6]
    deps = ["ROOT", "punct", "appos", "punct", "punct", "compound", "ROOT", "amod", "dobj", "punct"]
    pos = ["PROPN", "PUNCT", "NOUN", "PUNCT", "PUNCT", "PROPN", "NOUN", "VERB", "NOUN", "PUNCT"]
    ents = ["O", "O", "O", "O", "O", "B-GPE", "I-GPE", "O", "O", "O"]
    doc = _parsed(words, heads, deps, pos, ents)
    assert ("Hilde Brauning" in [s.text for s in person_names(doc, load_roles())]) is is_name
