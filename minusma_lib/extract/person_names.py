"""Which spans of a text name a person: spaCy's PERSON entities, checked, plus names in apposition.

Three general rules, from news-writing conventions and English syntax (not from any one article):
- **A person's name does not contain a place or state name, nor end in an organisation's head noun**
  ("... Report", "... Monitor"). The small English model often tags a
  country or city as PERSON ("Mali", "Dakar"); a candidate containing an affiliation word of
  ``speaker_roles.yaml`` (states, capitals, bodies) is not a person.
- **A one-word name is a surname (or, in features, a first name).** News style names a person in full
  at first mention and by surname (features: by first name) after; a one-word candidate is a person only
  as the surname or first name of a fuller name given earlier, or where it is introduced beside a role
  or kinship noun (features name private people by first name: "his widow, Achta, 24,").
- **A proper-noun phrase in apposition to a role noun, or with a role noun before it, is a person's
  name** ("the UN special envoy to Mali, El-Ghassim Wane"; "Marta Oyelaran, spokeswoman for the UN";
  "one of their spokesmen, X"; "government spokesman Colonel X"), whether or not the tagger saw it;
  so is one followed by a "who" clause, since English uses "who" for people, one followed by a
  bracketed year (an author-date citation: "Okafor (2021) argues"), and a run of two or more
  capitalised proper nouns that is a verb's subject and has no entity type at all.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from minusma_lib.extract.speaker_roles import Roles, affiliation, role_noun, title_noun

NAME_DEPS = ("compound", "flat", "nmod")
# How the parser hangs a role noun on a name: in apposition ("X, spokeswoman"), as a compound ("spokeswoman
# X") or, when the role has its own complement, as a nominal modifier ("Minister of Defence X").
ROLE_DEPS = ("appos", "compound", "nmod")
# Third-person singular pronouns and their gender (English refers to people with them).
PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}

# Lower-case particles inside personal names: patronymic and nobiliary particles of the naming
# conventions of the region and of European languages (Tamasheq ag/walet, Hassaniya and Arabic ould,
# mint, bin, ibn, al; French de, du; Dutch van; German von; Portuguese dos). A particle joins a name only
# between two capitalised parts ("Alhassane ag Efangar", "Sidi Mohamed ould Ebnou").
NAME_PARTICLES = frozenset(
    "ag walet ould wuld mint bint bin ben ibn abu al el de del della di da das dos do du van von der den ter".split()
)


def _is_particle_between(doc: Doc, i: int) -> bool:
    """Token ``i`` is a name particle with a capitalised word on each side."""
    return (
        doc[i].lower_ in NAME_PARTICLES
        and doc[i].text.islower()
        and 0 < i < len(doc) - 1
        and doc[i - 1].text[:1].isupper()
        and (doc[i + 1].text[:1].isupper() or (doc[i + 1].text == "-" and i + 2 < len(doc)))
    )


def _joins_name(doc: Doc, i: int) -> bool:
    """Token ``i`` continues a name leftwards: a capitalised proper noun, or a hyphen written without
    spaces between two of them ("Sidibé-Koné")."""
    tok = doc[i]
    if tok.text == "-" and i > 0 and not doc[i - 1].whitespace_ and not tok.whitespace_:
        return doc[i - 1].pos_ == "PROPN"
    if _is_particle_between(doc, i):
        return True
    return tok.pos_ == "PROPN" and tok.text[:1].isupper()


def _name_span(doc: Doc, head: Token) -> Span:
    """The proper-noun run ending at ``head`` ("Ibrahim Ag Wandaye", "Boubacar Sidibé-Koné")."""
    start = head.i
    while start > 0 and _joins_name(doc, start - 1):
        start -= 1
    return doc[start : head.i + 1]


def _names_a_role(tok: Token, roles: Roles) -> bool:
    """The noun phrase headed by ``tok`` contains a role noun ("spokesman", "one of their spokesmen");
    in an apposition also one written as a title in capitals ("X, Deputy Spokesperson for the
    Secretary-General")."""
    if any(role_noun(t, roles) for t in tok.subtree):
        return True
    # the head of the apposition is itself the title (not a title inside another name, nor a label)
    return tok.dep_ == "appos" and title_noun(tok, roles) and not tok.text.isupper()


def _appended_to_role(tok: Token, roles: Roles) -> bool:
    """``tok`` is in apposition to a role noun, or to the object of a phrase that a role noun heads
    ("a spokesman for the CMA, X": the parser often attaches X to "CMA"; "the representative of Mali,
    X," it may read as a list, a conjunct joined by a comma alone, which an apposition is)."""
    listed = tok.dep_ == "conj" and not any(c.dep_ == "cc" for c in tok.head.children)
    if tok.dep_ != "appos" and not (listed and tok.doc[_name_span(tok.doc, tok).start - 1].text == ","):
        return False
    head = tok.head
    if role_noun(head, roles) or (title_noun(head, roles) and not head.text.isupper()):
        return True  # "the Deputy Spokesperson, X": a role written as a title in capitals too
    if head.dep_ == "pobj" and head.head.dep_ == "prep":
        return role_noun(head.head.head, roles)
    return any(role_noun(t, roles) for c in head.children if c.dep_ == "prep" for t in c.subtree)


def _named_by_who(tok: Token) -> bool:
    """``tok`` has a relative clause opened by "who"/"whom"/"whose": English uses them for people."""
    return any(c.dep_ == "relcl" and c.left_edge.lower_ in ("who", "whom", "whose") for c in tok.children)


def _country_in_brackets(tok: Token) -> bool:
    """``tok`` is followed by a bracketed place ("X (Ghana)"): the style in which UN meeting coverage
    names each delegate with the state they speak for."""
    doc = tok.doc
    i = tok.i + 1
    if i + 2 >= len(doc) or doc[i].text != "(":
        return False
    j = i + 1
    while j < len(doc) and doc[j].ent_type_ == "GPE":
        j += 1
    return j > i + 1 and j < len(doc) and doc[j].text == ")"


def _party_in_brackets(tok: Token) -> bool:
    """``tok`` ends a run of two or more capitalised words followed by a bracketed acronym that does not
    abbreviate them ("Jörg Tiedemann-Achterberg (CDU)"): the style in which parliamentary coverage names
    each member with their party. An organisation's own acronym ("Coordination of Azawad Movements
    (CMA)") is made of its words' initials, in some order."""
    doc = tok.doc
    i = tok.i + 1
    if i + 2 >= len(doc) or doc[i].text != "(" or doc[i + 2].text != ")":
        return False
    acronym = doc[i + 1].text
    if not (
        2 <= len(acronym) <= 6
        and acronym[0].isupper()
        and acronym.isalpha()
        and sum(c.isupper() for c in acronym) >= 2
    ):
        return False
    run = _name_span(doc, tok)
    words = [t for t in run if not t.is_punct]
    # the initials of the capitalised words before the bracket, past "of"/"for" ("Economic Community of
    # West African States (ECOWAS)")
    near = doc[max(tok.sent.start, tok.i - 9) : tok.i + 1]
    initials = {p[:1].upper() for t in near if t.is_alpha or "-" in t.text for p in t.text.split("-") if p}
    return len(words) >= 2 and not {c for c in acronym if c.isupper()} <= initials


def _cited_author(tok: Token) -> bool:
    """``tok`` is followed by a bracketed year ("Okafor (2021) argues"): the author-date citation
    style (Harvard, APA) names authors, who are people, by surname."""
    doc = tok.doc
    i = tok.i + 1
    return (
        i + 2 < len(doc)
        and doc[i].text == "("
        and doc[i + 1].like_num
        and len(doc[i + 1].text) == 4
        and doc[i + 2].text.startswith(")")
    )


def _untagged_subject_name(tok: Token, roles: Roles) -> bool:
    """A run of two or more capitalised proper nouns that is a verb's subject and that the tagger gave
    no entity type ("Abena Whitcombe-Asare spent four years ..."): a name, unless a word of it is a
    role noun (a title) or an affiliation (checked for every candidate)."""
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.pos_ not in ("VERB", "AUX"):
        return False
    run = _name_span(tok.doc, tok)
    words = [t for t in run if not t.is_punct]
    # the tagger gave it no type, or a gendered pronoun later in the sentence refers to it (English
    # "he"/"she" refer to people: "X keeps the calendar on the wall of her kitchen")
    untyped = not any(t.ent_type_ for t in run)
    gendered = any(
        t.lower_ in PRONOUN_GENDER for t in tok.doc[run.end : tok.sent.end]
    ) or _next_subject_is_gendered(tok)
    return (
        len(words) >= 2
        and (untyped or gendered)
        and not any(role_noun(t, roles) for t in run)
        and run.start > 0
        and not run.doc[run.start - 1].text[:1].isupper()
    )


def _next_subject_is_gendered(tok: Token) -> bool:
    """The next sentence, which names no one, has "he" or "she" as a subject: it continues the subject
    of this one (subject preference, centering theory), so that subject is a person ("Speaking for the
    Greens, X said ... Her party would insist ..., she said")."""
    doc = tok.doc
    if tok.sent.end >= len(doc):
        return False
    nxt = doc[tok.sent.end].sent
    if any(e.label_ == "PERSON" for e in nxt.ents) or any(
        t.pos_ == "PROPN" and t.dep_ == "nsubj" for t in nxt
    ):
        return False
    return any(t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass") for t in nxt)


def _titled_name(tok: Token, roles: Roles) -> bool:
    """A proper-noun run opened by a title or honorific ("Colonel Seydou Kanouté", "Dr Ana Sow"): English
    writes titles before personal names; at least two words of name must follow the titles. Not in a
    title-case line, where every word is capitalised ("Secretary-General Marks Completion of ...")."""
    run = _name_span(tok.doc, tok)
    if not (roles.is_title(run[0]) or _bracketed_title_before(run, roles)) or _headline(tok):
        return False
    name = [t for t in _without_titles(run, roles) if not t.is_punct and not roles.is_title(t)]
    return len(name) >= 2


def _bracketed_title_before(run: Span, roles: Roles) -> bool:
    """``run`` follows a title whose status is written in brackets ("Colonel (ret.) Anna X", "Lt Col
    (retd) Y"): the military notation for a retired officer, which the parser splits from the name."""
    doc, i = run.doc, run.start - 1
    if i < 3 or doc[i].text != ")":
        return False
    opened = next((k for k in range(i - 1, max(i - 5, -1), -1) if doc[k].text == "("), None)
    inside = [t for t in doc[opened + 1 : i] if not t.is_punct] if opened is not None else []
    return (
        bool(inside)
        and all(t.lower_.rstrip(".") in roles.retired for t in inside)
        and opened > 0
        and roles.is_title(doc[opened - 1])
    )


def _appositive_names(doc: Doc, roles: Roles) -> list[Span]:
    """Proper-noun phrases in apposition to a role noun (either way round), after a role noun,
    followed by a "who" clause, or followed by a bracketed state name."""
    out = []
    for tok in doc:
        # the tagger may read an unfamiliar surname after a title as a common noun ("Gesine Strübing")
        untagged_titled = tok.pos_ == "NOUN" and tok.text[:1].isupper() and _titled_name(tok, roles)
        if (tok.pos_ != "PROPN" and not untagged_titled) or tok.dep_ in NAME_DEPS:
            continue
        role_kids = [
            c
            for c in tok.children
            if c.dep_ in ROLE_DEPS and (_names_a_role(c, roles) or (c.dep_ == "nmod" and roles.is_title(c)))
        ]
        has_role = bool(role_kids)
        beside_role = _appended_to_role(tok, roles) or has_role or _cited_author(tok)
        # a single word that the text itself marks as a person's name (given "as" a name, "she"/"he"
        # refers to it, an age in apposition)
        marked = (
            _given_as_a_name(tok, roles)
            or _gendered_single_name(tok, roles)
            or _aged_apposition(tok)
            or _named_in_a_naming_request(tok, roles)
        )
        if (
            beside_role
            or marked
            or _named_by_who(tok)
            or _country_in_brackets(tok)
            or _party_in_brackets(tok)
            or _untagged_subject_name(tok, roles)
            or _titled_name(tok, roles)
            or _coordinated_with_a_person(tok)
        ):
            span = _name_span(doc, tok)
            # a role written before the name with its own complement ends where the name begins
            # ("Minister of Territorial Administration X Y": the name is X Y, not "Administration X Y")
            before = [c.right_edge.i for c in role_kids if c.i < tok.i and c.dep_ == "nmod"]
            if before and span.start <= max(before) < tok.i:
                span = doc[max(before) + 1 : tok.i + 1]
            # one word beside a role or kinship noun is a name too: features introduce private people
            # by first name ("his younger brother, Abakar, 22,"); so is a cited author's surname
            one_word = beside_role and tok.ent_type_ in ("", "PERSON")
            if len(span) >= 2 or one_word or marked:
                out.append(span)
    return out


def _given_as_a_name(tok: Token, roles: Roles) -> bool:
    """``tok`` follows "as" after a verb of naming ("identified only as Baba", "gave his name only as
    Lassine"; ``naming_verbs``), or stands in apposition to the noun "name" ("by his first name,
    Lamissa"): the name a source is given. Read on the words, as the parser may take
    the name for the subject of the next verb; "give" counts only with the noun "name"."""
    doc = tok.doc
    if (
        tok.i >= 2
        and doc[tok.i - 1].text == ","
        and doc[tok.i - 2].lemma_.lower() == "name"
        and tok.text[:1].isupper()
    ):
        return True  # "identified only by his first name, Lamissa,": the name in apposition to "name"
    if tok.i < 2 or doc[tok.i - 1].lower_ != "as" or not tok.text[:1].isupper():
        return False
    window = doc[max(tok.i - 6, tok.sent.start) : tok.i - 1]
    verbs = {t.lemma_.lower() for t in window if t.pos_ == "VERB"} & roles.naming
    return bool(verbs - {"give"}) or ("give" in verbs and any(t.lower_ == "name" for t in window))


def _named_in_a_naming_request(tok: Token, roles: Roles) -> bool:
    """``tok`` is the only capitalised proper noun before a request about how its sentence's source is
    named ("Across town, Yéhiya, a teacher, asked to be identified only by his first name"): the request
    (a verb of naming, ``naming_verbs``, with the noun "name") is about the name the sentence gives.
    Not inside a prepositional phrase."""
    sent = tok.sent
    if tok.pos_ != "PROPN" or tok.i == sent.start or _joins_name(tok.doc, tok.i - 1):
        return False
    if any(t.dep_ == "pobj" for t in [tok, *tok.ancestors]):
        return False  # a place a phrase locates the source in ("a teacher at a lycée in Sévaré")
    verb = next(
        (
            t
            for t in tok.doc[tok.i + 1 : sent.end]
            if t.lemma_.lower() in roles.naming
            and any(x.lower_ == "name" and x.pos_ == "NOUN" for x in t.subtree)
        ),
        None,
    )
    if verb is None:
        return False
    others = [
        t for t in tok.doc[sent.start : verb.i] if t.pos_ == "PROPN" and t.i != tok.i and t.i != sent.start
    ]
    return not others and not (tok.i + 1 < len(tok.doc) and _joins_name(tok.doc, tok.i + 1))


def _gendered_single_name(tok: Token, roles: Roles) -> bool:
    """A single capitalised word that is a verb's subject and that a later "he"/"she" of its own sentence
    refers to ("Sitan sells dried fish from a table she has kept for 22 years"): English gendered
    pronouns refer to people, and features name private people by one name. Not sentence-initial
    (where any word is capitalised), not a role noun or a listed place."""
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.pos_ not in ("VERB", "AUX"):
        return False
    if role_noun(tok, roles) or tok.lower_ in roles.places:
        return False
    if (
        tok.i == tok.sent.start
        or _joins_name(tok.doc, tok.i - 1)
        or (tok.i + 1 < len(tok.doc) and _joins_name(tok.doc, tok.i + 1))
    ):
        return False
    if any(c.dep_ == "det" for c in tok.children):  # "the West": a name takes no determiner
        return False
    # a later subject "he"/"she", or "his"/"her" inside the name's own clause ("Madou has not repainted
    # his stall"): a possessive in the clause of its subject refers to that subject (binding)
    later = [
        t
        for t in tok.doc[tok.i + 1 : tok.sent.end]
        if (t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass"))
        or (t.lower_ in ("his", "her") and t.dep_ == "poss" and t.head.head.i == tok.head.i)
    ]
    if not later or any(e.label_ == "PERSON" for e in tok.sent.ents if e.start != tok.i):
        return False
    # the pronoun in the same stretch of the author's words: not across a quote mark ('"Wagner does not
    # write reports," she said'), a bracket or a colon, where it belongs to another voice or a label
    between = tok.doc.text[tok.idx : later[0].idx]
    return not any(ch in between for ch in '"“”«»():')


def _aged_apposition(tok: Token) -> bool:
    """``tok`` has an apposition that gives an age ("Bintou, a 34-year-old seamstress", "Sidi, 24,"):
    news style gives people's ages, so the word names a person, whatever entity type the tagger gave it."""
    doc = tok.doc
    k = tok.i
    if k + 3 < len(doc) and doc[k + 1].text == "," and doc[k + 3].text == ",":
        age = doc[k + 2].text
        if age.isdigit() and 1 <= len(age) <= 2:  # "Sidi, 24, who drives a taxi": the age set off by commas
            return True
    return any(
        AGE_EPITHET.search(doc[c.left_edge.i : c.right_edge.i + 1].text)
        for c in tok.children
        if c.dep_ == "appos"
    )


# "41-year-old", "41 year old": an age used as a description of a person.
AGE_EPITHET = re.compile(r"\b(\d{1,3})\s*-?\s*year\s*-?\s*old\b", re.IGNORECASE)


def _coordinated_with_a_person(tok: Token) -> bool:
    """A run of two or more capitalised proper nouns coordinated by "and" with a personal name the tagger
    found ("X Y and Torben Kjærsgaard found"): a phrase coordinated with a person is another person
    (coordination joins like categories), whatever entity type the tagger gave it."""
    head = tok.head
    run = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i]
    return (
        tok.dep_ == "conj"
        and head.ent_type_ == "PERSON"
        and head.i < tok.i
        and any(c.dep_ == "cc" and c.lower_ == "and" for c in head.children)
        and len(run) >= 1
        and all(t.text[:1].isupper() for t in [*run, tok])
    )


def _names_after_an_office(doc: Doc, roles: Roles) -> list[Span]:
    """Two or more capitalised words after the head noun of an organisation's name, in the complement of
    a title ("Minister of State at the Federal Foreign Office Carola Wendenburg"): an English
    organisation name ends in its head noun, so the words after it, which the tagger read as part of
    it, are the name of the person who holds the title."""
    out = []
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.lower_ not in roles.organisation_heads or tok.dep_ != "compound":
            continue
        run = []
        j = tok.i + 1
        while j < len(doc) and (
            (doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper())
            or (doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_)
        ):
            run.append(doc[j])
            j += 1
        words = [t for t in run if t.text != "-"]
        if len(words) < 2 or run[-1].i != tok.head.i or any(roles.is_title(t) for t in words):
            continue
        ancestors = list(run[-1].ancestors)
        if any(roles.is_title(a) and a.pos_ == "PROPN" for a in ancestors[:4]):
            out.append(doc[run[0].i : run[-1].i + 1])
    return out


def _names_after_a_possessive_body(doc: Doc) -> list[Span]:
    """A person's name after a body in the possessive ("The liberal FDP's Lukas X", "the CDU's Anna Y"):
    news style names a member so, and the possessed phrase, two or more proper nouns ending in the
    possessor's head, is the person's name whatever label the tagger gave it."""
    out = []
    for owner in doc:
        if owner.dep_ != "poss" or owner.pos_ != "PROPN" or owner.head.i <= owner.i:
            continue
        case = next((c for c in owner.children if c.dep_ == "case"), None)
        if case is None:
            continue
        run = doc[case.i + 1 : owner.head.i + 1]
        words = [t for t in run if t.text != "-"]
        if len(words) >= 2 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words):
            out.append(run)
    return out


def _names_before_an_affiliation(doc: Doc) -> list[Span]:
    """A person's name that the tagger merged with the body the person belongs to ("Ronja X of Die
    Linke" read as one organisation): news style names a member as "<name> of <body>", and an
    organisation's own name ends in a generic head noun (``organisation_heads``, checked by
    :func:`_looks_like_name`) and takes "the", where a person's name does not. Two or more proper nouns
    before "of", no determiner."""
    out = []
    for e in doc.ents:
        if e.label_ == "PERSON":
            continue
        k = next((t.i for t in e if t.lower_ == "of"), None)
        if k is None or k - e.start < 2 or (e.start > 0 and doc[e.start - 1].pos_ == "DET"):
            continue
        words = [t for t in doc[e.start : k] if t.text != "-"]
        if all(t.pos_ == "PROPN" for t in words) and doc[k].head.i == k - 1:
            out.append(doc[e.start : k])
    return out


def _looks_like_name(span: Span, roles: Roles) -> bool:
    """Capitalised words only, none of them a place, state or body name, the last not the head noun of
    an organisation's or a publication's name."""
    words = [t for t in span if not t.is_punct]
    return (
        bool(words)
        and words[-1].lower_ not in roles.organisation_heads
        and not roles.is_title(words[-1])  # "Special Representative", "Secretary-General": an office
        and not _plural_role_noun(words[-1], roles)  # "Social Democrats": members of a party
        and not any(t.lower_ in roles.places for t in words)  # "Sovereign Africa (Today)": a title
        and all(t.text[:1].isupper() or _is_particle_between(span.doc, t.i) for t in words)
        and not affiliation(words, roles)
    )


def _plural_role_noun(tok: Token, roles: Roles) -> bool:
    """A role noun in the plural ("Democrats", "Socialists"), as the tagger may leave a proper noun
    unlemmatised: a group's name, not a person's."""
    w = tok.lower_
    return w.endswith("s") and (w[:-1] in roles.nouns or tok.lemma_.lower() in roles.nouns)


def whole_name(doc: Doc, span: Span) -> Span:
    """The candidate extended over a hyphenated part written without spaces ("Tembely" + "-Sow") or a
    name particle and the part after it ("Sidi Mohamed" + "ould Ebnou"): one name, whatever the
    tagger's entity boundary."""
    end = span.end
    while end + 1 < len(doc):
        hyphen = doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_
        if (
            (hyphen or _is_particle_between(doc, end))
            and doc[end + 1].text[:1].isupper()
            and doc[end + 1].is_alpha
        ):
            end += 2
        else:
            break
    return span if end == span.end else doc[span.start : end]


def with_cut_surname(span: Span, roles: Roles) -> Span:
    """The candidate extended over one capitalised word right after it that the tagger left out of
    the entity ("Imam Hamadoun" + "Tembely" tagged as an adverb; "Major Abdourahamane" + "Yattara"):
    in running text a capitalised word directly after a personal name, with no comma
    between and no other entity type, continues the name. Not in a title-case line (a headline
    capitalises its verbs and prepositions: "Mahmoud Dicko Says ..."). Not after a candidate of
    titles only ("Sergeant Major" + "Lena Hoffbauer"): there the name is the next entity, whole."""
    doc = span.doc
    if span.end >= len(doc) or not doc[span.end - 1].whitespace_:
        return span
    if all(roles.is_title(t) for t in span):
        return span
    nxt = doc[span.end]
    if (
        nxt.is_alpha
        and nxt.text[:1].isupper()
        and not nxt.is_sent_start
        and nxt.ent_type_ in ("", "PERSON")
        and nxt.pos_ not in ("NOUN", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "AUX", "PART", "VERB")
        and not roles.is_title(nxt)
        and nxt.lower_ not in roles.organisation_heads
        and not _title_case(nxt)
    ):
        return doc[span.start : span.end + 1]
    return span


def _headline(tok: Token) -> bool:
    """``tok``'s sentence capitalises every word longer than three letters (a headline)."""
    words = [t for t in tok.sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and all(t.text[:1].isupper() for t in words)


def _title_case(tok: Token) -> bool:
    """``tok``'s sentence capitalises most of its words (a headline or a title, not running text)."""
    words = [t for t in tok.sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) * 2 > len(words)


def hyphen_start(doc: Doc, span: Span) -> int:
    """The start of the name ``span`` ends, extended left over parts joined by hyphens written
    without spaces ("Uribe" + "-" + "Keita" when the tagger saw only "Keita")."""
    start = span.start
    while (
        start >= 2
        and doc[start - 1].text == "-"
        and not doc[start - 2].whitespace_
        and not doc[start - 1].whitespace_
        and doc[start - 2].text[:1].isupper()
        and doc[start - 2].is_alpha
    ):
        start -= 2
    return start


def _without_titles(span: Span, roles: Roles) -> Span:
    """The name without the titles and honorifics written before it, and without the words that
    modify those titles ("Analyst Dr Sidi Mohamed ould Ebnou" -> "Sidi Mohamed ould Ebnou"; "Special
    Representative X Y", "Deputy Foreign Minister X Y" -> "X Y"), keeping at least two words of name."""
    doc = span.doc
    start = span.start
    for k in range(span.start, span.end):
        rest = doc[k + 1 : span.end].text.lstrip(".,- ")
        if roles.is_title(doc[k]) and len(rest.split()) >= 2 and rest[:1].isupper():
            start = k + 1
    while start < span.end and doc[start].is_punct:
        start += 1
    return span if start == span.start else doc[start : span.end]


def _names_of_a_courtesy_surname(doc: Doc, roles: Roles) -> list[Span]:
    """Full names ending in a surname the article writes after a courtesy title elsewhere ("Haoua
    Sinayoko-Tessé sold ..." and later "Ms Sinayoko-Tessé"): English puts "Mr", "Ms", "Dr" only before
    a person's surname, so the full name is that person's, whatever entity type the tagger gave it."""
    surnames = {
        whole_name(doc, doc[t.i + 1 : t.i + 2]).text
        for t in doc[:-1]
        if t.lower_.rstrip(".") in roles.courtesy
        and doc[t.i + 1].pos_ == "PROPN"
        and doc[t.i + 1].text[:1].isupper()
    }
    found: list[Span] = []
    for surname in surnames:
        at = doc.text.find(surname)
        while at >= 0:
            span = doc.char_span(at, at + len(surname))
            if span is not None and (span.end == len(doc) or not _joins_name(doc, span.end)):
                run = _name_span(doc, span[-1])
                words = [t for t in run if not t.is_punct]
                if run.start < span.start and len(words) >= 2 and not roles.is_title(run[0]):
                    found.append(run)
            at = doc.text.find(surname, at + len(surname))
    return found


def person_names(doc: Doc, roles: Roles) -> list[Span]:
    """Spans naming a person, in text order, not overlapping (longer first)."""
    appositive = (
        _appositive_names(doc, roles)
        + _names_after_an_office(doc, roles)
        + _names_of_a_courtesy_surname(doc, roles)
        + _names_before_an_affiliation(doc)
        + _names_after_a_possessive_body(doc)
    )
    introduced = {(s.start, s.end) for s in appositive if len(s) == 1}  # a first name beside a role
    cands = [e for e in doc.ents if e.label_ == "PERSON"] + appositive
    # a one-word candidate may be the last part of a hyphenated surname the tagger split ("Uribe-" "Keita")
    cands = [doc[hyphen_start(doc, c) : c.end] if len(c) == 1 else c for c in cands]
    cands = [_without_titles(whole_name(doc, with_cut_surname(c, roles)), roles) for c in cands]
    cands = [c for c in cands if _looks_like_name(c, roles)]
    cands.sort(key=lambda s: (s.start, -len(s)))
    kept: list[Span] = []
    for span in cands:
        if kept and span.start < kept[-1].end:
            continue
        if len(span) == 1 and (span.start, span.end) not in introduced:
            word = span.text.lower()
            full = [k for k in kept if len(k) > 1 or (k.start, k.end) in introduced]
            if not any(word in (k[-1].lower_, k[0].lower_) for k in full):
                continue
        kept.append(span)
    # a one-word name given as a name ("identified only as Baba") or referred to as "she"/"he" recurs as
    # that person; one beside a role or in brackets may be a place ("CORRESPONDENT (Gao)"), so it does not
    one_word_names = {
        (s.start, s.end)
        for s in kept
        if len(s) == 1
        and (
            _given_as_a_name(s[0], roles)
            or _gendered_single_name(s[0], roles)
            or _named_in_a_naming_request(s[0], roles)
        )
    }
    return _with_repeated_names(doc, kept, one_word_names)


def _with_repeated_names(
    doc: Doc, kept: list[Span], one_word_names: set[tuple[int, int]] = frozenset()
) -> list[Span]:
    """Every other occurrence of a full name (two words or more), or of a one-word name a rule introduced
    ("Sitan sells dried fish ... she"), found once is the same person's name, wherever the tagger missed
    it (one sense per discourse: a name keeps its referent in an article)."""
    text = doc.text
    taken = {i for s in kept for i in range(s.start, s.end)}
    more: list[Span] = []
    single = {s.text for s in kept if (s.start, s.end) in one_word_names}
    for name in {s.text for s in kept if len(s.text.split()) >= 2} | single:
        at = text.find(name)
        while at >= 0:
            span = doc.char_span(at, at + len(name))
            alone = name not in single or (span is not None and _stands_alone(doc, span, taken))
            if span is not None and alone and not any(i in taken for i in range(span.start, span.end)):
                more.append(span)
                taken.update(range(span.start, span.end))
            at = text.find(name, at + len(name))
    more += _name_parts_alone(doc, kept, taken)
    return sorted(kept + more, key=lambda s: s.start)


def _name_parts_alone(doc: Doc, kept: list[Span], taken: set[int]) -> list[Span]:
    """A full name's first or last word (a hyphenated surname is one word, or its first element)
    standing alone as a capitalised name is that person (news style: surname after the first mention; features: first
    name), wherever the tagger missed it; a word two full names share is left alone, since it names
    neither for sure."""
    owners: dict[str, set[str]] = {}
    for s in kept:
        words = s.text.split()
        if len(words) >= 2:
            # the first element of a double-barrelled surname stands for it too ("Bagretsov")
            first_part = [words[-1].split("-")[0]] if "-" in words[-1] else []
            for w in (words[0], words[-1], *first_part):
                if w[:1].isupper() and w.replace("-", "").isalpha():
                    owners.setdefault(w, set()).add(s.text)
    text, out = doc.text, []
    for word, names in owners.items():
        if len(names) != 1:
            continue
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            span = doc.char_span(at, end)
            if span is not None and _stands_alone(doc, span, taken):
                out.append(span)
                taken.update(range(span.start, span.end))
            at = text.find(word, end)
    return out


def _stands_alone(doc: Doc, span: Span, taken: set[int]) -> bool:
    """The span is a proper noun not joined to another capitalised word or hyphen on either side."""

    def joined(i: int) -> bool:
        return 0 <= i < len(doc) and (
            doc[i].text == "-" or (doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper())
        )

    return (
        not any(i in taken for i in range(span.start, span.end))
        and span[-1].pos_ == "PROPN"
        and not joined(span.start - 1)
        and not joined(span.end)
    )
