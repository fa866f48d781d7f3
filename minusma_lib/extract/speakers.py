"""Who speaks: the text being read (:class:`Context`), mentions of known speakers, and the
:class:`Resolver` that turns a noun phrase (a subject, a "by" agent, a pronoun) into a speaker.

A named person (spaCy PERSON entity) is a speaker whether or not the lexicon knows them; a known
speaker counts only where the article names them; pronouns go to the nearest earlier compatible
mention.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from minusma_lib.corpus.annotate import block_index, load_nlp, sent_id, sentence_spans
from minusma_lib.corpus.cleaning import BLOCK_SEPARATOR, BODY_KINDS
from minusma_lib.extract.person_names import (
    AGE_EPITHET,
    PRONOUN_GENDER,
    hyphen_start,
    person_names,
    whole_name,
)
from minusma_lib.extract.speaker_roles import (
    affiliation,
    load_roles,
    speaker_category,
    speaks_for,
    title_noun,
)
from minusma_lib.extract.speech_lexicon import SAY_FORMS, Lexicon, Speaker, alias_tokens


@dataclass
class Sentence:
    sent_id: str
    span: Span
    block: int
    kind: str


@dataclass
class Context:
    """A parsed clean text with its body sentences and blocks (clean character offsets)."""

    doc_id: str
    doc: Doc
    sentences: list[Sentence]
    block_bounds: list[tuple[int, int]]

    def sentence_of(self, char: int) -> Sentence | None:
        for s in self.sentences:
            if s.span.start_char <= char < s.span.end_char:
                return s
        return None

    def block_of(self, char: int) -> int:
        for i, (a, b) in enumerate(self.block_bounds):
            if a <= char < b + len(BLOCK_SEPARATOR):
                return i
        return len(self.block_bounds) - 1


def context_from_annotated(ad) -> Context:
    """Body sentences and blocks of an :class:`~minusma_lib.nlp.AnnotatedDocument`."""
    clean = ad.clean
    block_of = block_index(clean)
    bounds, pos = [], 0
    for b in clean.blocks:
        bounds.append((pos, pos + len(b.text)))
        pos += len(b.text) + len(BLOCK_SEPARATOR)
    sents = []
    for i, s in enumerate(sentence_spans(ad)):
        kind = clean.blocks[block_of[s.start_char]].kind
        if kind in BODY_KINDS:
            sents.append(Sentence(sent_id(ad.doc_id, i), s, block_of[s.start_char], kind))
    return Context(ad.doc_id, ad.doc, sents, bounds)


def context_from_text(text: str, doc_id: str = "t", kinds: list[str] | None = None) -> Context:
    """Parse a plain text (blocks separated by a blank line) with the pinned pipeline: for tests."""
    doc = load_nlp()(text)
    bounds, pos = [], 0
    for part in text.split(BLOCK_SEPARATOR):
        bounds.append((pos, pos + len(part)))
        pos += len(part) + len(BLOCK_SEPARATOR)
    kinds = kinds or ["paragraph"] * len(bounds)
    ctx = Context(doc_id, doc, [], bounds)
    i = 0
    for s in doc.sents:
        if s.text.strip():
            b = ctx.block_of(s.start_char)
            ctx.sentences.append(Sentence(sent_id(doc_id, i), s, b, kinds[b]))
            i += 1
    return ctx


@dataclass(frozen=True)
class Mention:
    start: int  # token index
    end: int
    speaker: Speaker


def speaker_mentions(doc: Doc, lex: Lexicon) -> list[Mention]:
    """Every occurrence of a known speaker's alias, longest first, not overlapping."""
    low = [t.lower_ for t in doc]
    out, i = [], 0
    while i < len(doc):
        hit = None
        for toks, sp in lex.alias_index.get(low[i], []):
            if tuple(low[i : i + len(toks)]) == toks and not _in_hyphenated_word(doc, i, i + len(toks)):
                hit = Mention(i, i + len(toks), sp)
                break
        if hit:
            out.append(hit)
            i = hit.end
        else:
            i += 1
    return out


def _in_hyphenated_word(doc: Doc, start: int, end: int) -> bool:
    """Tokens ``start:end`` are part of a word joined by a hyphen without spaces ("Rocheblave-Diop"): a
    hyphenated surname is one name, so its part is not another person's alias."""

    def joined(i: int) -> bool:
        return (
            0 < i < len(doc) and doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_
        )

    return joined(start - 1) or (end < len(doc) and joined(end))


RANK = {"person": 0, "group": 1, "document": 2, "institution": 3}


@dataclass
class Resolved:
    speaker: Speaker | None  # None = unattributed
    mention_start: int  # clean char offsets of the speaker mention ("" when agentless)
    mention_end: int
    name: str = ""  # fallback name when the source is not a known speaker
    agentless: bool = False  # an agentless passive ("is seen as"), open to the nesting rule
    how: str = ""  # the speaker rule that found it (``speaker_rule`` in quotes.csv; see SPEAKER_RULES)
    category: str = ""  # category of a speaker the lexicon does not know (from speaker_roles.yaml)
    role: str = ""  # role words of such a speaker ("UN special envoy to Mali")


# How a speaker is found (``speaker_rule`` of quotes.csv).
SPEAKER_RULES = {
    "known_alias": "the noun phrase names a speaker of the lexicon that the article names",
    "person_entity": "a person named in the noun phrase (spaCy PERSON), known to the lexicon or not",
    "entity": "an organisation, place or group named in the noun phrase (spaCy ORG, GPE, NORP, proper noun)",
    "role_nominal": "a noun phrase headed by a role noun (speaker_roles.yaml), e.g. 'a rebel spokesman'",
    "role_anaphora": "'the <role noun>' refers to the latest person the article introduced with that noun, "
    "or to the latest earlier phrase with that noun that says whose it is ('Mali's government')",
    "role_cataphora": "'the <role noun>' or 'its <role noun>' that no one before it holds refers to the one "
    "person the article introduces later with that noun",
    "pronoun": "a pronoun refers to the nearest earlier person (he, she) or group (they, it), or to the "
    "person a definite role noun that spoke after them refers to",
    "interview": "an answer line ('A:') of a question-and-answer text: the person the article quotes most",
    "transcript": "a transcript line labelled in capitals with the name of a person the article names",
    "unattributed_source": "a universal or vague source ('everyone', 'reports')",
    "quantifier_group": "'many', 'some' with a speech verb of a known group",
    "nearest_known": "no subject in the parse: the nearest known speaker before the verb in its sentence",
    "agentless": "an agentless passive ('it is estimated that'): no speaker",
}


def _names_head(m: Mention, head: Token) -> bool:
    """The alias is the head itself or modifies it directly ("Mali's government", "the UN Human Rights
    Office report"), not a name further down the phrase ("the junta's row with MINUSMA")."""
    last = head.doc[m.end - 1]
    return m.start <= head.i < m.end or (
        last.head.i == head.i and last.dep_ in ("compound", "poss", "amod", "nmod")
    )


def _name_head(ent: Span) -> Token:
    """The head of a name: its last word that hangs outside it (English names are head-final), also when
    the parser split the name ("Colonel X" made a sentence of its own and "Y" the subject)."""
    outside = [t for t in ent if not (ent.start <= t.head.i < ent.end) or t.head.i == t.i]
    return outside[-1] if outside else ent.root


def _np_tokens(head: Token) -> list[Token]:
    """The noun phrase of ``head`` without relative clauses and clausal modifiers."""
    drop: set[int] = set()
    for c in head.children:
        if c.dep_ in ("relcl", "advcl") or (c.dep_ == "acl" and c.tag_ != "VBN"):
            drop.update(t.i for t in c.subtree)
    return [t for t in head.subtree if t.i not in drop]


def _author_tokens(noun: Token, toks: list[Token], citing: frozenset[str] = frozenset()) -> list[Token]:
    """The words of a document's noun phrase that can name its author: a possessor or a noun before it
    ("Amnesty's report", "the OCHA report") and a "by" phrase ("a report published by X"), not what
    it is about ("a report on Moura")."""
    ids = {t.i for t in toks}
    out = [t for c in noun.children if c.dep_ in ("poss", "compound") for t in c.subtree]
    out += [
        t
        for b in toks
        if b.lower_ == "by" and b.dep_ in ("agent", "prep") and b.head.lemma_.lower() not in citing
        for t in b.subtree
    ]
    return [t for t in out if t.i in ids]


def _outside_complements(toks: list[Token], head: Token) -> list[Token]:
    """The tokens of a noun phrase outside the prepositional complements of its words ("Spokesperson
    [for the Secretary-General]", "Minister [of State] [at the Federal Foreign Office]")."""
    inside = {
        x.i
        for t in toks
        if t.dep_ == "prep" and t.i != head.i and t.head.pos_ in ("NOUN", "PROPN")
        for x in t.subtree
    }
    return [t for t in toks if t.i not in inside]


def _after_label(toks: list[Token]) -> tuple[Token, list[Token]] | None:
    """The noun phrase after a label that ends in a colon, when the parser joined the two ("CORRESPONDENT
    (Gao): A spokesman, X, told us" -> "A spokesman, X"): a colon closes a label or heading, so the
    phrase after it is the subject. Returns its head and tokens, or None without such a colon."""
    colon = max((t.i for t in toks if t.is_punct and t.text.endswith(":")), default=None)
    if colon is None:
        return None
    rest = [t for t in toks if t.i > colon]
    ids = {t.i for t in rest}
    head = next((t for t in rest if t.head.i not in ids and not t.is_punct), None)
    return (head, rest) if head is not None else None


class Resolver:
    """Resolve speaker noun phrases and pronouns to known speakers."""

    def __init__(self, ctx: Context, lex: Lexicon):
        self.ctx, self.lex = ctx, lex
        self.text = ctx.doc.text  # computed once: spaCy rebuilds it on every access
        text = self.text.lower()
        # A known person is this article's speaker only if the article names them: an alias that names
        # an office ("the Secretary-General", "top diplomat") never brings in a person from elsewhere.
        self.mentions = [
            m
            for m in speaker_mentions(ctx.doc, lex)
            if m.speaker.kind != "person" or m.speaker.canonical.split()[-1].lower() in text
        ]
        self.roles = load_roles()
        self.named = person_names(ctx.doc, self.roles)
        # How the article introduces each person ("the UN special envoy to Mali, X"): role and category.
        self.introduced = [(e, *self._introduction(e)) for e in self.named]
        self._genders: dict[str, str] | None = None  # surname -> 'm'/'f', built on the first pronoun
        # Token ranges of reported words found so far (filled by the quote rules): a person mentioned
        # only inside someone's reported words is not the antecedent of the next speaker pronoun.
        self.reported: list[tuple[int, int]] = []

    def _introduction(self, ent: Span) -> tuple[str, str, set[str]]:
        """(role words, category, role-noun lemmas) of the noun phrase a person is named in."""
        root = _name_head(ent)
        # a name set after a role noun and a comma, with no "and" between ("the chief, X, 70,"), is its
        # apposition even where the parser coordinated the two
        appos_as_conj = (
            root.dep_ == "conj"
            and title_noun(root.head, self.roles)
            and all(t.text == "," for t in root.doc[root.head.i + 1 : ent.start])
            and ent.start > root.head.i + 1
        )
        head = root.head if root.dep_ == "appos" or appos_as_conj else root
        # The parser often hangs the appositive name on the nearest noun, inside the role's prepositional
        # phrase or a coordinated role ("the deputy envoy to the UN, X"; "Special Representative for Mali
        # and head of MINUSMA, X"): the introduction is the phrase that holds it.
        while root.dep_ == "appos" and (
            (head.dep_ == "pobj" and head.head.dep_ == "prep") or head.dep_ == "conj"
        ):
            head = head.head.head if head.dep_ == "pobj" else head.head
        toks = [t for t in _np_tokens(head) if not (ent.start <= t.i < ent.end)]
        nouns = {t.lemma_.lower() for t in _outside_complements(toks, head) if title_noun(t, self.roles)}
        office = self._office_holding_name(ent, root) if not nouns else None
        if office is not None:
            head = office
            toks = [t for t in _np_tokens(office) if not (ent.start <= t.i < ent.end)]
            nouns = {t.lemma_.lower() for t in _outside_complements(toks, head) if title_noun(t, self.roles)}
        # titles count as its roles, before the name ("Lt. Col. X" ... "the officer") or in its apposition
        # ("X, Special Representative of the Secretary-General" ... "the Special Representative"), not a
        # title inside the role's complement: the spokesperson "for the Secretary-General" is not one
        nouns |= {
            self.roles.title_word(t) for t in _outside_complements(toks, head) if self.roles.is_title(t)
        }
        # a body or a document in the phrase ("Foreign Ministry spokeswoman X") is whom they speak for,
        # not their office: "the Foreign Ministry" later is the body, not X
        nouns -= self.roles.collective | self.roles.documents
        # an age in apposition ("the chief, X, 70,") is no word of the role
        words = " ".join(
            t.text
            for t in toks
            if not t.is_punct and t.dep_ != "det" and not (t.like_num and t.dep_ == "appos")
        ).strip()
        category = speaker_category(toks, self.roles) if (nouns or affiliation(toks, self.roles)) else ""
        return words if nouns else "", category, nouns

    def _office_holding_name(self, ent: Span, root: Token) -> Token | None:
        """The title noun whose prepositional complement the parser ended with the name ("deputy envoy to
        the UN, X" read as "envoy to [the UN X]"; "Minister of State at the Federal Foreign Office X"):
        a name set off by a comma, or written right after an organisation's head noun, is not the
        preposition's object but the person the title before it describes (English apposition)."""
        before = ent.doc[ent.start - 1] if ent.start > 0 else None
        if before is None or not (before.text == "," or before.lower_ in self.roles.organisation_heads):
            return None
        tok = root
        for _ in range(3):  # name -> preposition -> noun, through at most one nested phrase
            if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
                return None
            tok = tok.head.head
            if title_noun(tok, self.roles) or self.roles.is_title(tok):
                return tok
        return None

    def person_speaker(self, ent: Span, start: int, end: int, how: str) -> Resolved:
        """An unknown person: the fullest name the article gives them ("Okonjo" -> "Miriam Okonjo") and
        the category and role of the article's first introduction of that name."""
        last = ent.text.split()[-1].lower()
        same = [x for x in self.introduced if x[0].text.split()[-1].lower() == last]
        if len(ent.text.split()) == 1:  # a first name alone ("Fatouma"): feature style
            same += [x for x in self.introduced if x[0].text.split()[0].lower() == last and x not in same]
            # the first part of a double-barrelled surname ("Bagretsov" for "Timur Bagretsov-Eke"), as
            # compound surnames are shortened to their first element
            same += [
                x
                for x in self.introduced
                if "-" in x[0].text.split()[-1]
                and x[0].text.split()[-1].split("-")[0].lower() == last
                and x not in same
            ]
        same = self._same_person(ent, same)
        fuller = {x[0].text for x in same if len(x[0].text.split()) > 1}
        if len(fuller) > 1 and len(ent.text.split()) == 1:
            same = []  # a word two people's names share ("Amadou") names neither for sure
        name = max((x[0].text for x in same), key=lambda t: len(t.split()), default=ent.text)
        for _e, role, category, _ in same:
            if role or category:
                return Resolved(
                    None, start, end, name=name, how=how, category=category or "unknown", role=role
                )
        return Resolved(None, start, end, name=name, how=how, category="unknown")

    def _same_person(self, ent: Span, same: list[tuple]) -> list[tuple]:
        """The introductions among ``same`` (people sharing the surname of ``ent``) that may be the person
        ``ent`` names: a given name and a surname ("Mariam Sangaré") name one person, not a relative who
        shares the surname; an honorific (:data:`HONORIFIC_GENDER`) opening the name or just before it
        ("Mr Sangaré") rules out the people the article marks as the other gender. A name opened by a
        title or a role ("General Sangaré") is left as it is. Unchanged when nothing tells them apart."""
        first = ent[0] if len(ent) > 1 else (ent.doc[ent.start - 1] if ent.start > 0 else None)
        word = first.lower_ if first is not None else ""
        if word in HONORIFIC_GENDER:
            other = {"m": "f", "f": "m"}[HONORIFIC_GENDER[word]]
            kept = [x for x in same if self._given_name_gender(x[0]) != other]
        elif len(ent) > 1 and not self.roles.is_title(ent[0]) and ent[0].lower_ not in GENDER_WORDS:
            kept = [x for x in same if x[0].text.split()[0].lower() == ent[0].lower_]
        else:
            kept = same
        return kept or same

    def _authors(self, author: Span) -> str:
        """A document's author as named: one name, or two people coordinated ("research by X and Y")."""
        partner = self._coordinated_person(author) if author in self.named else None
        return f"{author.text} and {partner.text}" if partner is not None else author.text

    def age_epithet(self, head: Token, toks: list[Token]) -> Resolved | None:
        """'the 41-year-old (trader)': a definite description by age refers back to a person already
        named (news style's second reference), the one introduced with that age ("X, 41,") or else the
        last person named, unless that person was given another age. Not a phrase that names its
        person ("X, the 71-year-old chief")."""
        if not toks or not any(t.dep_ == "det" and t.lower_ == "the" for t in toks):
            return None
        m = AGE_EPITHET.search(self.text[toks[0].idx : toks[-1].idx + len(toks[-1])])
        if m is None or any(toks[0].i <= e.start <= toks[-1].i for e in self.named):
            return None
        before = [
            x for x in self.introduced if x[0].end <= toks[0].i and not self._in_reported(x[0].start, head.i)
        ]
        same = [x for x in before if self._age_of(x[0]) == m.group(1)]
        if not same and (not before or self._age_of(before[-1][0]) not in ("", m.group(1))):
            return None
        e, role, category, _ = (same or before)[-1]
        found = self.person_speaker(e, head.idx, head.idx + len(head), "role_anaphora")
        return replace(found, category=category or found.category, role=role or found.role)

    def _age_subject_between(self, a: int, b: int) -> Resolved | None:
        """The person the last subject described by age ("the 41-year-old") between tokens ``a`` and
        ``b`` refers to, outside reported words."""
        for t in reversed(self.ctx.doc[a:b]):
            if t.dep_ in ("nsubj", "nsubjpass") and not self._in_reported(t.i, b):
                found = self.age_epithet(t, _np_tokens(t))
                if found is not None:
                    return found
        return None

    def _age_of(self, ent: Span) -> str:
        """The age a person is introduced with: "X, 41," or "X, aged 41" ('' when none)."""
        doc = ent.doc
        k = ent.end
        if k + 1 < len(doc) and doc[k].text == ",":
            nxt = doc[k + 1] if doc[k + 1].lower_ != "aged" else (doc[k + 2] if k + 2 < len(doc) else None)
            if nxt is not None and nxt.text.isdigit() and len(nxt.text) <= 3:
                return nxt.text
        return ""

    def _both_and_partner(self, ent: Span, toks: list[Token]) -> Span | None:
        """The second person of a "both X and Y" subject, whatever the parser made of it: the correlative
        "both ... and" coordinates exactly two phrases."""
        ids = {t.i for t in toks}
        if not any(t.dep_ in ("preconj", "det") and t.lower_ == "both" and t.i < ent.start for t in toks):
            return None
        if not any(t.lower_ == "and" and t.i >= ent.end for t in toks):
            return None
        return next(
            (e for e in self.named if e.start >= ent.end and all(i in ids for i in range(e.start, e.end))),
            None,
        )

    def _coordinated_person(self, ent: Span) -> Span | None:
        """The person coordinated with ``ent`` by "and" in one noun phrase ("X and Y (2022) found",
        "a study by X and Y"), also two roles each with its name in apposition ("the Head of the mission,
        X, and the Humanitarian Coordinator, Y, said"): a coordinated subject is a joint speaker."""
        heads = [_name_head(ent)]
        if heads[0].dep_ == "appos" and title_noun(heads[0].head, self.roles):
            heads.append(heads[0].head)  # the role the name is set beside may be what is coordinated
        for head in heads:
            for c in head.children:
                if c.dep_ != "conj" or not any(k.dep_ == "cc" and k.lower_ == "and" for k in head.children):
                    continue
                # the conjunct is the name, or the role it is set beside ("X and Green defence expert Y";
                # "X, and the Humanitarian Coordinator in Mali, Y,": an apposition right after its phrase)
                other = next(
                    (
                        e
                        for e in self.named
                        if e.start >= ent.end
                        and (
                            e.start <= c.i < e.end
                            or (
                                _name_head(e).dep_ == "appos"
                                and (
                                    c in list(_name_head(e).ancestors)[:4]
                                    or 0 < e.start - c.right_edge.i <= 3
                                )
                            )
                        )
                    ),
                    None,
                )
                if other is not None:
                    return other
        return None

    def _named_before(self, span: Span) -> Span | None:
        """The person named earlier in full whose surname (or full name) this span is."""
        text = span.text.strip().lower()
        for e in self.named:
            if e.end <= span.start and (e.text.lower() == text or e.text.split()[-1].lower() == text):
                return e
        return None

    def _role_nominal(self, head: Token, toks: list[Token]) -> Resolved:
        """'the envoy' -> the latest person introduced earlier with that role noun; else the phrase itself
        ('a rebel spokesman') with the category its words give."""
        lemma = head.lemma_.lower()
        definite = any(t.dep_ == "det" and t.lower_ == "the" for t in head.children) and head.tag_ != "NNS"
        if definite:
            earlier = [x for x in self.introduced if x[0].end <= head.i and lemma in x[3]]
            # a definite description's modifiers restrict its referent ("the Special Representative" is
            # the one introduced as a special representative, not the latest representative)
            mods = {c.lower_ for c in head.children if c.dep_ in ("amod", "compound")}
            if mods and any(mods <= set(x[1].lower().split()) for x in earlier):
                earlier = [x for x in earlier if mods <= set(x[1].lower().split())]
            # "the minister" is preferably not a deputy minister: a rank word before the noun names a lower
            # office (``subordinate_ranks``), unless the description has it too or no one else holds the noun
            earlier = self._without_lower_ranks(earlier, lemma, mods)
            related = self.roles.related(lemma)
            near = [x for x in self.introduced if x[0].end <= head.i and related & x[3]]
            near = self._without_lower_ranks(near, lemma, mods)
            if not earlier and not near and lemma == "diplomat":
                # the staff of a foreign ministry or an embassy are diplomats (``diplomatic_bodies``)
                near = [
                    x
                    for x in self.introduced
                    if x[0].end <= head.i and set(x[1].lower().split()) & self.roles.diplomatic
                ]
            if not earlier:  # the same office under another noun of its class ("envoy" ... "the diplomat")
                earlier = near
            elif (
                near
                and near[-1][0].start > earlier[-1][0].end
                and (not mods or mods <= set(near[-1][1].lower().split()))
                and self._in_previous_sentence(near[-1][0], head)
            ):
                # a person of the same class introduced in the sentence just before ("According to X, a
                # senior fellow, ... The analyst predicted"): the nearer referent, as centering prefers
                earlier = near
            unnamed = self._unnamed_before(head)
            if unnamed is not None and (not earlier or unnamed.i > earlier[-1][0].end):
                # "A Western diplomat, who spoke on condition of anonymity, warned ... the diplomat
                # said": the nearest earlier phrase with the same noun, named or not, is the referent
                return self._phrase_speaker(_np_tokens(unnamed), head, last=unnamed)
            # "the former army officer": a past occupation describes a person's background, so its
            # affiliation names no present office (English adjectives of former status)
            former = any(c.dep_ == "amod" and c.lower_ in FORMER_STATUS for c in head.children)
            if not earlier and unnamed is None and (former or not affiliation(toks, self.roles)):
                earlier = self._agent_of_relative_clause(head) or self._person_without_office_before(head)
            if earlier:
                return self._introduced_person(head, earlier[-1], "role_anaphora")
            if not affiliation([t for t in toks if t.i != head.i], self.roles):
                ref = self._earlier_description(head)
                if ref is not None:
                    return ref
        later = self._named_later(head) if head.tag_ != "NNS" else None
        if later is not None:
            return later
        kept = [t for t in toks if not (t.dep_ == "det" and t.i == toks[0].i)]
        start, end = kept[0].idx, kept[-1].idx + len(kept[-1])
        text = self.text[start:end]
        category = speaker_category(toks, self.roles)
        author = (
            self._entity(_author_tokens(head, toks, self.roles.citing))
            if lemma in self.roles.documents
            else None
        )
        if author is not None:  # "a report published today by X": the document speaks for its author
            author = whole_name(self.ctx.doc, author)
            known = self.best(self._inside(list(author)), author.start)
            if known is not None:
                return Resolved(known.speaker, start, end, how="role_nominal")
            return Resolved(
                None, start, end, name=self._authors(author), how="role_nominal", category=category
            )
        known = self._institution_named_by(head, category)
        if known is not None:
            return Resolved(known, start, end, how="role_nominal")
        return Resolved(None, start, end, name=text, how="role_nominal", category=category, role=text)

    def _named_later(self, head: Token) -> Resolved | None:
        """A definite or possessive role noun no one before it holds ("..., its spokeswoman said", "the
        Special Representative told the Council") that the article gives a name to later, with the same
        noun ("Spokeswoman X", "Special Representative X"): news ledes name the office first and the
        person further down. Only when exactly one person is introduced later with that noun (and the
        description's modifiers)."""
        if not any((c.dep_ == "det" and c.lower_ == "the") or c.dep_ == "poss" for c in head.children):
            return None
        lemma = head.lemma_.lower()
        if any(x[0].end <= head.i and self.roles.related(lemma) & x[3] for x in self.introduced):
            return None
        # the description's modifiers and a possessor that is no pronoun ("Mali's army spokesman") must be
        # in the later person's role words: the same office, not another body's
        mods = {c.lower_ for c in head.children if c.dep_ in ("amod", "compound")}
        mods |= {
            w.lower_
            for c in head.children
            if c.dep_ == "poss" and c.pos_ != "PRON"
            for w in c.subtree
            if w.dep_ != "case"
        }
        later = {
            x[0].text: x
            for x in self.introduced
            if x[0].start > head.i and lemma in x[3] and mods <= set(x[1].lower().replace("'s", "").split())
        }
        if len(later) != 1:
            return None
        return self._introduced_person(head, next(iter(later.values())), "role_cataphora")

    @staticmethod
    def _introduced_person(head: Token, entry: tuple, how: str) -> Resolved:
        """The person of an ``introduced`` entry as the speaker a role noun ``head`` refers to."""
        e, role, category, _ = entry
        return Resolved(
            None,
            head.idx,
            head.idx + len(head),
            name=e.text,
            how=how,
            category=category or "unknown",
            role=role,
        )

    def _without_lower_ranks(self, found: list, lemma: str, mods: set[str]) -> list:
        """``found`` without the people introduced with a subordinate rank before ``lemma`` ("deputy
        foreign minister" for "the minister"), unless the description has such a word or no one is left."""
        if mods & self.roles.subordinate:
            return found
        return [x for x in found if not self._subordinate_rank_before(x[1], lemma)] or found

    def _subordinate_rank_before(self, role: str, lemma: str) -> bool:
        """The role words put a subordinate rank word right before ``lemma`` ("deputy foreign minister")."""
        words = role.lower().replace("-", " ").split()
        at = [k for k, w in enumerate(words) if w == lemma or w.rstrip("s") == lemma]
        return any(w in self.roles.subordinate for k in at for w in words[max(0, k - 2) : k])

    def _in_previous_sentence(self, span: Span, head: Token) -> bool:
        """``span`` names the source of the sentence right before ``head``'s (or of ``head``'s own): the
        subject of a clause or the object of "according to", not a person the sentence only mentions."""
        sent = head.sent
        before = head.doc[sent.start - 1].sent if sent.start > 0 else sent
        if span.start < before.start:
            return False
        name = _name_head(span)
        name = name.head if name.dep_ == "appos" else name
        according = name.dep_ == "pobj" and name.head.lower_ == "to" and name.head.head.lower_ == "according"
        return name.dep_ == "nsubj" or according

    def _agent_of_relative_clause(self, head: Token) -> list[tuple[Span, str, str, set[str]]]:
        """The latest person introduced by a relative clause whose verb the role noun is the agent noun
        of ("X, who teaches French at the school, ... the teacher said"): English forms agent nouns from
        verbs with -er/-or (teach -> teacher, lead -> leader; Quirk et al. 1985, App. I.35)."""
        lemma = head.lemma_.lower()
        for e, _role, category, nouns in reversed([x for x in self.introduced if x[0].end <= head.i]):
            for c in _name_head(e).children:
                if c.dep_ != "relcl" or c.left_edge.lower_ not in ("who", "whom"):
                    continue
                verb = c.lemma_.lower()
                if lemma in {verb + "er", verb + "r", verb + "or"}:
                    return [(e, head.text, category or speaker_category(_np_tokens(head), self.roles), nouns)]
        return []

    def _person_without_office_before(self, head: Token) -> list[tuple[Span, str, str, set[str]]]:
        """The person named last before a definite role noun, in its sentence or the one before (a
        quotation the sentence splitter cut counts as one sentence; sentences of quoted words only, or
        that continue the person by "he"/"she" or "the N-year-old", are passed over back to the sentence
        naming them), when that person is the subject of a clause and was introduced with no office, at
        most a courtesy title, or with an office the noun may describe (:meth:`_other_office`) ("Dr X, who
        heads a research centre, said ... the analyst said"; "X now sells onions ... “...,” the trader
        said"): a definite description refers to a referent already in the discourse. Nobody is returned
        when the text used the same noun in the singular before (that phrase is the referent), when the
        person holds another office ("Army spokesman X ... the minister" is someone else) or is not a
        subject (the person someone met, or a name on a portrait)."""
        if head.lemma_.lower() in self.roles.documents | self.roles.collective:
            return []  # a document or a body ("the ministry") is not a person
        lemma = head.lemma_.lower()
        if any(t.lemma_.lower() == lemma and t.tag_ != "NNS" for t in head.doc[: head.i]):
            return []  # a singular phrase with the noun is the referent ("traders" is a group)
        first = self._quotation_start(head)
        lo = head.doc[first - 1].sent.start if first > 0 else 0
        end = first
        while lo > 0:
            # each sentence passed over is of quoted words only, or has "he"/"she" or "the 38-year-old"
            # as a subject and names no one: it continues the person of the sentence before it
            between = head.doc[lo:end]
            # words only inside quotations already found (or none: a closing mark the splitter cut off)
            quoted = all(
                t.is_punct or t.is_space or any(a <= t.i < b for a, b in self.reported) for t in between
            )
            if not (quoted or self._all_quoted(between) or self._continues_by_pronoun(between)):
                break
            end, lo = lo, head.doc[lo - 1].sent.start
        before = [x for x in self.introduced if x[0].end <= head.i]
        if not before or before[-1][0].start < lo or self._in_reported(before[-1][0].start, head.i):
            return []
        e, _role, _category, nouns = before[-1]
        titles = set()
        i = e.start - 1
        while i >= 0 and self.roles.is_title(head.doc[i]):
            titles.add(self.roles.title_word(head.doc[i]))
            i -= 1
        # "the old man" may be anyone, the chief too; so may "the former staffer" (a past occupation)
        former = any(c.dep_ == "amod" and c.lower_ in FORMER_STATUS for c in head.children)
        generic = head.lemma_.lower() in self.roles.generic or former
        if (
            not generic
            and (not titles <= self.roles.courtesy or nouns - titles)
            and self._other_office(lemma, nouns | (titles - self.roles.courtesy))
        ):
            return []
        name_head = _name_head(e)
        subject = name_head if name_head.dep_ != "appos" else name_head.head  # "The chief, X, receives"
        if subject.dep_ != "nsubj":
            return []
        return [(e, head.text, speaker_category(_np_tokens(head), self.roles) or "unknown", nouns)]

    def _other_office(self, lemma: str, held: set[str]) -> bool:
        """The role noun ``lemma`` names an office other than the ones ``held``, by the role classes
        (``role_classes``: WordNet hypernyms): a held office has a class and ``lemma`` shares none with it
        ("Army spokesman X ... the minister", "... the vendor"), or no held office has a class and
        ``lemma`` has one ("a leader of the youth front" is not "the minister"). A noun of no class ("the
        activist") may describe a person whose offices are of no class: it adds what the text knows of
        them."""

        def classes(word: str) -> set[int]:
            return {k for k, c in enumerate(self.roles.classes) if word in c}

        mine = classes(lemma)
        theirs = [classes(w) for w in held]
        if not any(theirs):
            return bool(mine)
        return not any(mine & t for t in theirs)

    def _quotation_start(self, head: Token) -> int:
        """The first token of ``head``'s sentence, or of the quotation that sentence closes before
        ``head`` when it opened in an earlier sentence ("“A. B,” the trader said": the sentence
        splitter cut the quotation, whose first sentence is the clause's too)."""
        sent = head.sent
        before = self.text[sent.start_char : head.idx]
        close = max(before.rfind("”"), before.rfind("»"))
        if close >= 0 and not any(m in before[:close] for m in "“«"):
            opening = max(self.text.rfind("“", 0, sent.start_char), self.text.rfind("«", 0, sent.start_char))
        elif before.count('"') % 2 == 1:
            opening = self.text.rfind('"', 0, sent.start_char)
        else:
            opening = -1
        if opening < 0 or self.ctx.block_of(opening) != self.ctx.block_of(head.idx):
            return sent.start
        span = head.doc.char_span(opening, opening + 1, alignment_mode="expand")
        return span[0].sent.start if span is not None else sent.start

    def _continues_by_pronoun(self, span: Span) -> bool:
        """``span`` has "he" or "she", or a definite description by age ("the 38-year-old"), as a subject
        and names no person: both are second references to a person already named."""
        return any(
            (t.dep_ == "nsubj" and t.lower_ in ("he", "she"))
            # "the 38-year-old said", the epithet its subject (or, where the parser left "said"
            # without a subject, the words it hung on it)
            or (t.dep_ == "nsubj" and self._age_epithet_ending_at(t.left_edge, t))
            or (
                t.lower_ in SAY_FORMS
                and any(c.dep_ == "det" and self._age_epithet_ending_at(c, t) for c in t.children)
            )
            for t in span
        ) and not any(span.start <= e.start < span.end for e in self.named)

    def _age_epithet_ending_at(self, first: Token, last: Token) -> bool:
        """The words from ``first`` to ``last`` are "the N-year-old", perhaps with a role noun or the
        "said" the tagger read as a noun after it ("the 38-year-old trader"), a person; not "the
        700-year-old mosque"."""
        if first.lower_ != "the" or first.i + 1 >= len(first.doc):
            return False
        person = last.lower_ in ("old", *SAY_FORMS) or title_noun(last, self.roles)
        if not (person or last.lemma_.lower() in self.roles.generic):
            return False
        return AGE_EPITHET.match(self.text, first.doc[first.i + 1].idx, last.idx + len(last)) is not None

    def _all_quoted(self, span: Span) -> bool:
        """Every word of ``span`` lies inside one pair of quote marks (a sentence of quoted words only)."""
        text = span.text.strip()
        return len(text) > 2 and text[0] in '“"«' and text[-1] in '”"»'

    def _phrase_speaker(self, toks: list[Token], anaphor: Token, last: Token | None = None) -> Resolved:
        """The unnamed speaker an earlier noun phrase describes ("a Western diplomat", "Mali's
        government"), for the anaphor that refers to it: the phrase's words without its determiner (up
        to ``last``), with the category they give."""
        kept = [t for t in toks if not (t.dep_ == "det" and t.i == toks[0].i)]
        kept = [t for t in kept if last is None or t.i <= last.i]
        name = self.text[kept[0].idx : kept[-1].idx + len(kept[-1])]
        return Resolved(
            None,
            anaphor.idx,
            anaphor.idx + len(anaphor),
            name=name,
            how="role_anaphora",
            category=speaker_category(toks, self.roles),
            role=name,
        )

    def _unnamed_before(self, head: Token) -> Token | None:
        """The nearest earlier noun with the same lemma that heads an indefinite phrase naming no person
        ("a Western diplomat"), outside anyone's reported words."""
        lemma = head.lemma_.lower()
        if lemma in self.roles.documents or lemma in self.roles.collective:
            return None  # a person's office only: documents and bodies are resolved by their own rules
        for tok in reversed(head.doc[: head.i]):
            if tok.lemma_.lower() != lemma or tok.pos_ != "NOUN" or tok.dep_ == "compound":
                continue
            if self._in_reported(tok.i, head.i):
                continue
            indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)
            # a phrase in apposition to a name ("X, a spokeswoman for ...") introduces that person
            near = [*tok.subtree, tok.head] if tok.dep_ == "appos" else list(tok.subtree)
            names = any(e.start <= t.i < e.end for e in self.named for t in near)
            return tok if indefinite and not names else None
        return None

    def _institution_named_by(self, head: Token, category: str) -> Speaker | None:
        """Enrichment: the one known institution of ``category`` with an alias headed by the same noun
        ("the ruling junta", speaking for the Malian authorities -> the alias "Malian junta"); none when
        no or several institutions fit (the phrase then keeps its own words)."""
        if category in ("", "unknown"):
            return None
        words = {head.lower_, head.lemma_.lower()}
        found = [
            sp
            for sp in self.lex.speakers
            if sp.kind == "institution"
            and sp.category == category
            and any(alias_tokens(a)[-1:] and alias_tokens(a)[-1] in words for a in sp.aliases)
        ]
        return found[0] if len(found) == 1 else None

    def _earlier_description(self, head: Token) -> Resolved | None:
        """'the government' -> the latest earlier phrase headed by the same noun that says whose it is
        ("Mali's government", "the Malian junta"): a definite description refers back to a referent the
        text has introduced (English definiteness), so it takes that phrase's speaker or category."""
        lemma, span = head.lemma_.lower(), (head.idx, head.idx + len(head))
        for tok in reversed(head.doc[: head.i]):
            if tok.lemma_.lower() != lemma or tok.dep_ == "compound":
                continue
            coordinated = {x.i for c in tok.children if c.dep_ in ("conj", "cc") for x in c.subtree}
            toks = [t for t in _np_tokens(tok) if t.i not in coordinated]
            author = (
                self._entity(_author_tokens(tok, toks, self.roles.citing))
                if lemma in self.roles.documents
                else None
            )
            if author is not None:  # "a report published today by X" ... "the report found"
                author = whole_name(self.ctx.doc, author)
                return Resolved(
                    None,
                    *span,
                    name=self._authors(author),
                    how="role_anaphora",
                    category=speaker_category(toks, self.roles),
                )
            if not affiliation([t for t in toks if t.i != tok.i], self.roles):
                continue
            m = self.best([x for x in self._inside(toks) if _names_head(x, tok)], tok.i)
            if m is not None and m.speaker.kind != "person":
                return Resolved(m.speaker, *span, how="role_anaphora")
            return self._phrase_speaker(toks, head)
        return None

    def _entity(self, toks: list[Token]) -> Span | None:
        """The first named entity (person first, then organisation, place, group) inside a noun phrase:
        the speaker's name without its apposition ("X, the UN envoy to Mali" -> X)."""
        ids = {t.i for t in toks}
        for e in self.named:
            if all(i in ids for i in range(e.start, e.end)):
                return e
        for e in self.ctx.doc.ents:
            # a "person" holding a region's name is a body's name ("Sahel Civilian Watch")
            body = e.label_ in ("ORG", "NORP", "GPE") or any(t.lower_ in self.roles.places for t in e)
            if body and all(i in ids for i in range(e.start, e.end)):
                return e
        return None

    def _is_person(self, span: Span) -> bool:
        return any(span.start == n.start and span.end == n.end for n in self.named)

    def _inside(self, toks: list[Token]) -> list[Mention]:
        """Known-speaker mentions inside the noun phrase, outside its "to"/"in"/... phrases ("the
        populations in Central Mali" do not speak for Mali)."""
        ids = {t.i for t in speaks_for(toks)}
        return [m for m in self.mentions if all(i in ids for i in range(m.start, m.end))]

    def best(self, found: list[Mention], anchor: int) -> Mention | None:
        if not found:
            return None
        return min(found, key=lambda m: (RANK[m.speaker.kind], abs(m.start - anchor)))

    def from_np(self, head: Token, anchor: int | None = None, verb: Token | None = None) -> Resolved | None:
        """Speaker of a noun phrase; None when it names no speaker (not a name, role, pronoun or source)."""
        doc = self.ctx.doc
        anchor = (verb.i if verb is not None else head.i) if anchor is None else anchor
        low = head.lower_
        if low in RELATIVE and head.head.i != head.i:
            rel = head.head
            if rel.dep_ == "relcl":
                return self.from_np(rel.head, anchor, verb)
        toks = _np_tokens(head)
        labelled = _after_label(toks)
        if labelled is not None:
            head, toks = labelled
            low = head.lower_
        aged = self.age_epithet(head, toks)
        if aged is not None:
            return aged
        # "A UN review, cited by the researcher X, concluded": the one citing a document is not its voice
        citing = {
            t.i
            for c in head.children
            if c.dep_ == "acl" and c.lemma_.lower() in self.roles.citing
            for t in c.subtree
        }
        toks = [t for t in toks if t.i not in citing]
        cover = next((e for e in self.named if e.start <= head.i < e.end), None)
        if cover is not None and any(t.i not in {x.i for x in toks} for t in cover):
            # the parser split a name ("Roper" and "Achebe" of "Roper-Achebe" as two subjects): whole name
            toks = sorted({*toks, *cover}, key=lambda t: t.i)
        m = self.best(self._inside(toks), anchor)
        ent = self._entity(toks)
        if (
            ent is not None
            and self._is_person(ent)
            and (
                m is None or (m.speaker.kind != "person" and not (m.start <= ent.start and ent.end <= m.end))
            )
        ):
            # A named person outranks an institution or office in the same noun phrase (unless the
            # "person" is itself a known institution's name, e.g. a country the tagger took for one).
            found = self.person_speaker(ent, ent.start_char, ent.end_char, "person_entity")
            partner = self._coordinated_person(ent) or self._both_and_partner(ent, toks)
            if partner is not None:  # "X and Y found that ...": both speak
                other = self.person_speaker(partner, partner.start_char, partner.end_char, "person_entity")
                found = replace(found, name=f"{found.name} and {other.name}", mention_end=partner.end_char)
            return found
        named_member = self._member_named_before_of(head, m)
        if named_member is not None:
            return named_member
        if m:
            end = doc[m.end - 1].idx + len(doc[m.end - 1])
            return Resolved(m.speaker, doc[m.start].idx, end, how="known_alias")
        if low == "it" and verb is not None and verb.lemma_ == "be":
            return None  # "It is important to note that ...": expletive, the text's own voice
        low = POSSESSIVE_PRONOUNS.get(low, low)  # "in his view": the possessor is the pronoun's referent
        if low in PRONOUNS_PERSON or low in PRONOUNS_OTHER:
            found = self._pronoun(head, low)
            if found is not None:
                return found
        text = " ".join(t.lower_ for t in toks if not t.is_punct)
        if any(text == u or text.endswith(" " + u) for u in self.lex.unattributed_sources):
            return Resolved(None, head.idx, head.idx + len(head), how="unattributed_source")
        if low in self.lex.quantifiers and len(toks) <= 2:
            return self._quantifier(head, verb)
        return self._unknown_speaker(head, toks, ent)

    def _member_named_before_of(self, head: Token, m: Mention | None) -> Resolved | None:
        """'Rüdiger X of the far-right Alternative for Germany': a proper-noun head that is no title, office
        or organisation's head noun, with the known body in its "of" phrase, names a member of that body
        (news style "<name> of <party>"); the body is the speaker's affiliation, not the speaker."""
        if m is None or head.pos_ != "PROPN" or not head.text[:1].isupper() or m.start <= head.i < m.end:
            return None
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None or m.start < of.i or self.roles.is_title(head):
            return None
        if head.lower_ in self.roles.organisation_heads or head.lower_ in self.roles.collective:
            return None
        words = []
        for t in reversed(self.ctx.doc[head.left_edge.i : head.i + 1]):
            if not (t.text[:1].isupper() or t.text == "-") or t.dep_ == "det":
                break
            words.insert(0, t)
        if len(words) < 2:
            return None  # one capitalised word may be a body's name ("Friends of the Earth")
        a, b = words[0].idx, words[-1].idx + len(words[-1])
        toks = _np_tokens(head)
        return Resolved(
            None, a, b, name=self.text[a:b], how="person_entity", category=speaker_category(toks, self.roles)
        )

    def _pronoun(self, head: Token, low: str) -> Resolved | None:
        """A pronoun: the nearest earlier person (he, she) or known group (they, it)."""
        want_person = low in PRONOUNS_PERSON
        before = [x for x in self.mentions if x.end <= head.i and (x.speaker.kind == "person") == want_person]
        people = [e for e in self.named if e.end <= head.i] if want_person else []
        # English pronouns agree in gender with the person they refer to: skip a person the article
        # marks as the other gender (an honorific "Mr"/"Ms" or a gendered role noun).
        people = [e for e in people if self._gender(e) != OTHER_GENDER.get(low)]
        # The addressee of a speech act ("X told <outlet> that ...") is not the speaker the pronoun
        # continues (subject preference, as below).
        people = [e for e in people if not self._addressee(e.root)]
        # The subject of a reporting clause set inside the reported words ("The EU, it claimed, has
        # spent ...") is not a referent of those words: its antecedent comes before them.
        # "Asked about X's figure, he said": the one asked about is not the one answering
        asked = self._asked_about(head)
        before = [x for x in before if x.start not in asked]
        people = [e for e in people if e.start not in asked]
        host = self._host_clause(head) | self._fronted_complement(head)
        if host:
            before = [x for x in before if x.start not in host]
            people = [e for e in people if e.start not in host]
        if want_person:
            # Subject preference (centering theory, Grosz, Joshi & Weinstein 1995): a speaker pronoun
            # continues the previous speaker, not a person named inside that speaker's reported words.
            before = [x for x in before if not self._in_reported(x.start, head.i)]
            people = [e for e in people if not self._in_reported(e.start, head.i)]
        span = (head.idx, head.idx + len(head))
        anaphor = None
        if want_person:
            # a definite role noun that spoke after the latest name ("the Special Representative
            # explained ... he said") is the speaker the pronoun continues, when it refers to a person
            lo = max([0] + [e.end for e in people[-1:]] + [m.end for m in before[-1:]])
            anaphor = self._role_subject_between(lo, head.i, exclude=host)
            # an unnamed person given as a source after the latest name ("..., according to a former
            # interpreter who asked not to be named. He said ...") is the referent when nearer
            unnamed = self._unnamed_source_between(max(lo, anaphor.i if anaphor is not None else 0), head.i)
            if unnamed is not None:
                ref = self._phrase_speaker(_np_tokens(unnamed), head, last=unnamed)
                return Resolved(
                    None, *span, name=ref.name, how="pronoun", category=ref.category, role=ref.role
                )
            aged = self._age_subject_between(max(lo, anaphor.i if anaphor is not None else 0), head.i)
            if aged is not None:  # "the 41-year-old has cut her stock. "...," she said"
                return replace(aged, mention_start=span[0], mention_end=span[1], how="pronoun")
            if anaphor is not None:
                ref = self._role_nominal(anaphor, _np_tokens(anaphor))
                if ref.how == "role_anaphora" and ref.speaker is None and ref.name:
                    return Resolved(
                        None, *span, name=ref.name, how="pronoun", category=ref.category, role=ref.role
                    )
                if (
                    ref.how == "role_nominal"
                    and anaphor.tag_ == "NNP"
                    and (ref.speaker is not None or ref.name)
                ):
                    # a capitalised title introduced for no one ("the Secretary-General condemned ... He
                    # called on") names an office: the pronoun continues it, not a person named before it.
                    # A common noun ("the trader") may describe that person, so it is left to the rule below.
                    return replace(ref, mention_start=span[0], mention_end=span[1], how="pronoun")
        if people and (not before or people[-1].start >= before[-1].end):
            # The nearest earlier person named in the article, known to the lexicon or not.
            e = people[-1]
            known = [x for x in before if x.start >= e.start and x.end <= e.end]
            if known:
                return Resolved(known[-1].speaker, *span, how="pronoun")
            return self.person_speaker(e, *span, "pronoun")
        if before:
            return Resolved(before[-1].speaker, *span, how="pronoun")
        if anaphor is not None:
            # no one named before it: the pronoun continues the role noun that spoke ("the chief said
            # ... But he says"), the only person the text offers
            ref = self._role_nominal(anaphor, _np_tokens(anaphor))
            return replace(ref, mention_start=span[0], mention_end=span[1], how="pronoun")
        return None

    def _asked_about(self, subject: Token) -> set[int]:
        """The tokens of a participle clause of inquiring that opens the subject's clause ("Asked about
        X's figure, he said"): its implicit subject is ``subject``, who is asked, so a person it names is
        the topic of the question, not the answerer."""
        return {
            t.i
            for c in subject.head.children
            if c.dep_ == "advcl"
            and c.tag_ == "VBN"
            and c.i < subject.i
            and c.lemma_.lower() in self.roles.inquiring
            for t in c.subtree
        }

    @staticmethod
    def _host_clause(subject: Token) -> set[int]:
        """The tokens of the clause a parenthetical reporting clause is inserted in, outside the
        parenthetical itself (empty when ``subject`` is not the subject of such a clause)."""
        v = subject.head
        if subject.dep_ != "nsubj" or v.dep_ != "parataxis":
            return set()
        own = {t.i for t in v.subtree}
        host = [t for t in v.head.subtree if t.i not in own]
        # a colon before the parenthetical closes a label ("X again: the alliance, he said, ..."), which
        # is not part of the reported words
        colon = max((t.i for t in host if t.i < min(own) and t.text.endswith(":")), default=-1)
        return {t.i for t in host if t.i > colon}

    def _fronted_complement(self, subject: Token) -> set[int]:
        """The tokens of the reported clause a speech verb's pronoun subject follows ("The
        Secretary-General condemns the attacks ..., he said"): the clause is the verb's complement, so by
        binding principle C a full noun phrase inside it cannot be what the pronoun refers to. A clause
        closed by a colon ("X was more cautious: she said ...") is not one: a colon introduces what follows
        it, while reported words fronted before their verb are set off by a comma."""
        v = subject.head
        if subject.dep_ != "nsubj" or v.lemma_.lower() not in self.lex.verbs:
            return set()
        doc = subject.doc
        return {
            t.i
            for c in v.children
            if c.dep_ == "ccomp"
            and c.i < subject.i
            and not any(x.text == ":" for x in doc[c.right_edge.i + 1 : subject.i])
            for t in c.subtree
        }

    def _role_subject_between(self, a: int, b: int, exclude: set[int] = frozenset()) -> Token | None:
        """The last definite singular role noun ("the envoy") that is the subject of a speech verb, or
        of a sentence's main verb ("The Secretary-General is deeply concerned"), between tokens ``a``
        and ``b``, outside reported words and the ``exclude`` tokens: subject preference (centering theory,
        as in ``_pronoun``)."""
        found = [
            t
            for t in self.ctx.doc[a:b]
            if t.dep_ == "nsubj"
            and t.tag_ in ("NN", "NNP")
            and title_noun(t, self.roles)
            and t.lemma_.lower() not in self.roles.collective | self.roles.documents  # "he" is a person
            and (t.head.lemma_.lower() in self.lex.verbs or t.head.dep_ == "ROOT")
            # not the subject of a question ("wanted to know whether the Secretary-General regretted")
            and not any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in t.head.children)
            and t.i not in exclude
            and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
            and not self._in_reported(t.i, b, clauses=True)
        ]
        return found[-1] if found else None

    def _unnamed_source_between(self, a: int, b: int) -> Token | None:
        """The last indefinite singular role noun naming no one ("a former interpreter") given as the
        source of a claim ("according to a ...", "a ... said") or as a main clause's subject ("A
        teacher was less sure": subject preference, as in ``_pronoun``) between tokens ``a`` and ``b``,
        outside reported words. Not the subject of a verb of inquiring: "a reporter asked ... He paused" is the
        one asked."""
        found = [
            t
            for t in self.ctx.doc[a:b]
            if t.tag_ == "NN"
            and title_noun(t, self.roles)
            and t.lemma_.lower() not in self.roles.collective | self.roles.documents  # "he" is a person
            and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children)
            and (
                (t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.lower_ == "according")
                or (
                    t.dep_ == "nsubj"
                    and t.head.lemma_.lower() in self.lex.verbs
                    and t.head.lemma_.lower() not in self.roles.inquiring
                )
                # the subject's apposition ("A colleague of his, a mathematics teacher ..., was less sure")
                or (
                    t.dep_ == "appos"
                    and t.head.dep_ == "nsubj"
                    and t.head.head.dep_ == "ROOT"
                    and t.head.tag_ == "NN"
                    and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.head.children)
                )
            )
            and not any(e.start <= x.i < e.end for e in self.named for x in t.subtree)
            and not self._in_reported(t.i, b)
        ]
        return found[-1] if found else None

    def _addressee(self, tok: Token) -> bool:
        """``tok`` is the addressee of a speech verb: its object ("told Reuters") or after "to"."""
        verb = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "to" else tok.head
        cue = self.lex.verbs.get(verb.lemma_.lower())
        if cue is None or verb.i == tok.i:
            return False
        return tok.dep_ == "pobj" or (tok.dep_ in ("dobj", "dative") and cue.addressee)

    def _in_reported(self, i: int, pronoun: int, clauses: bool = False) -> bool:
        """Token ``i`` lies inside reported words that end before the pronoun at ``pronoun``: a quote
        already recorded or, with ``clauses``, the clausal complement of a speech verb ("X recalled that
        the Secretary-General had called ..."), reported words before the scan records them."""
        return any(a <= i < b <= pronoun for a, b in self.reported) or (
            clauses and self._in_speech_clause(i, pronoun)
        )

    def _in_speech_clause(self, i: int, pronoun: int) -> bool:
        """Token ``i`` lies in the nearest clausal complement (ccomp) of a speech verb above it, and that
        clause ends before the pronoun at ``pronoun``."""
        tok = self.ctx.doc[i]
        for a in (tok, *tok.ancestors):
            if a.dep_ == "ccomp" and a.head.lemma_.lower() in self.lex.verbs:
                return a.right_edge.i < pronoun
        return False

    def _marks(self) -> dict[str, str]:
        """Name word -> gender (:func:`_marked_genders`), built on first use."""
        if self._genders is None:
            self._genders = _marked_genders(self.ctx.doc, self.named)
        return self._genders

    def _gender(self, ent: Span) -> str:
        """'m' or 'f' when the article marks the person named ``ent`` with an honorific or a gendered
        role noun next to any mention of their surname; '' otherwise."""
        words = ent.text.lower().split()
        return self._marks().get(words[-1], "") or self._marks().get(words[0], "")

    def _given_name_gender(self, ent: Span) -> str:
        """The gender the article marks for the given name of ``ent`` ("Mariam" in "Mariam X"); the
        surname's only when the name opens with a title, since relatives share a surname."""
        if len(ent) > 1 and not self.roles.is_title(ent[0]):
            return self._marks().get(ent[0].lower_, "")
        return self._gender(ent)

    def _quantifier(self, head: Token, verb: Token | None) -> Resolved:
        gov = verb if verb is not None else head.head
        name = self.lex.quantifier_groups.get(gov.lemma_.lower(), "")
        if not name and head.head.dep_ == "agent":
            name = self.lex.quantifier_groups.get(head.head.head.lemma_.lower(), "")
        return Resolved(self._by_name(name), head.idx, head.idx + len(head), how="quantifier_group")

    def _unknown_speaker(self, head: Token, toks: list[Token], ent: Span | None) -> Resolved | None:
        """A speaker the lexicon does not know: a role noun phrase, or a named organisation or group."""
        if title_noun(head, self.roles):  # a named person in the phrase was taken before
            return self._role_nominal(head, toks)
        named_body = self._organisation_named_before(head)
        if named_body is not None:
            return named_body
        if head.pos_ != "PROPN" and head.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE"):
            return None
        span = ent if ent is not None else self.ctx.doc[toks[0].i : toks[-1].i + 1]
        if ent is not None:
            # the tagger's entity may stop at a hyphen ("Uribe-" + "Keita"): the whole name
            span = ent = whole_name(self.ctx.doc, self.ctx.doc[hyphen_start(self.ctx.doc, ent) : ent.end])
        person = self._named_before(span)
        if person is not None:
            # The tagger calls a surname alone "ORG" or leaves it untagged; the article named the person.
            return self.person_speaker(person, span.start_char, span.end_char, "person_entity")
        category = speaker_category(toks, self.roles)
        if ent is not None:
            return Resolved(
                None, ent.start_char, ent.end_char, name=ent.text, how="entity", category=category
            )
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        return Resolved(None, start, end, name=self.text[start:end], how="entity", category=category)

    def _organisation_named_before(self, head: Token) -> Resolved | None:
        """A common noun for an organisation or a body ("directorate", "agency", ``organisation_heads``
        and ``collective_nouns``) right after the organisation's name ("the Inter Services Public
        Relations directorate said"): the named organisation speaks, as a proper-noun head would."""
        if (
            head.pos_ != "NOUN"
            or head.lemma_.lower() not in self.roles.organisation_heads | self.roles.collective
        ):
            return None
        for e in self.ctx.doc.ents:
            if (
                e.label_ == "ORG" and e.end == head.i and e.root.head.i == head.i
            ):  # the name modifies the noun
                words = e.text.split()
                name = " ".join(words[1:]) if words[0].lower() == "the" else e.text
                toks = list(e) + [head]
                return Resolved(
                    None,
                    e.start_char,
                    head.idx + len(head),
                    name=name,
                    how="entity",
                    category=speaker_category(toks, self.roles),
                )
        return None

    def _by_name(self, name: str) -> Speaker | None:
        return self.lex.speaker(name) if name else None

    def between(self, a: int, b: int) -> Resolved | None:
        """The best known speaker mentioned between token a and token b; a person named there instead
        when none is, or when the known one lies inside that person's apposition ("X, Special
        Representative ... and Head of MINUSMA, said": the office describes the person who speaks)."""
        found = [m for m in self.mentions if a <= m.start and m.end <= b]
        m = self.best(found, b)
        doc = self.ctx.doc
        people = [e for e in self.named if a <= e.start and e.end <= b and not self._addressee(e.root)]
        if people:
            e = people[-1]
            if m is None or (m.speaker.kind != "person" and doc[m.start] in list(e.root.subtree)):
                return self.person_speaker(e, e.start_char, e.end_char, "nearest_known")
        if m is None:
            return None
        return Resolved(
            m.speaker, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]), how="nearest_known"
        )

    def nearest_source_before(self, sent: Span, tok: int) -> Resolved | None:
        found = [
            m for m in self.mentions if sent.start <= m.start and m.end <= tok and m.speaker.kind != "person"
        ]
        if not found:
            return None
        m = found[-1]
        doc = self.ctx.doc
        return Resolved(
            m.speaker, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]), how="nearest_known"
        )


# English honorifics, gendered role nouns and kinship nouns (closed word classes) that mark a person's gender.
GENDER_WORDS = {
    "mr": "m",
    "mr.": "m",
    "mister": "m",
    "sir": "m",
    "spokesman": "m",
    "chairman": "m",
    "ms": "f",
    "ms.": "f",
    "mrs": "f",
    "mrs.": "f",
    "miss": "f",
    "madam": "f",
    "mme": "f",
    "dame": "f",
    "spokeswoman": "f",
    "chairwoman": "f",
    # kinship and sex nouns
    "husband": "m",
    "father": "m",
    "son": "m",
    "brother": "m",
    "man": "m",
    "grandfather": "m",
    "uncle": "m",
    "wife": "f",
    "mother": "f",
    "daughter": "f",
    "sister": "f",
    "woman": "f",
    "widow": "f",
    "grandmother": "f",
    "aunt": "f",
}
# Honorifics (a closed word class): the gender they mark, also when the tagger puts them inside a name.
HONORIFIC_GENDER = {
    w: g
    for w, g in GENDER_WORDS.items()
    if w.rstrip(".") in {"mr", "mister", "sir", "ms", "mrs", "miss", "madam", "mme", "dame"}
}
# The gender a pronoun excludes.
OTHER_GENDER = {"he": "f", "him": "f", "she": "m", "her": "m"}


def _marked_genders(doc: Doc, named: list[Span]) -> dict[str, str]:
    """Name word -> gender, from an honorific, a gendered role or kinship noun up to two words before a
    mention of the person, or an honorific opening it ("Mr Djigo", "her husband, Boubacar X"), or from
    the subject pronouns that follow the person in a sentence where they are the subject and the only
    person named ("X says she keeps a calendar"). Keyed by the first and last words of the name; a name
    marked both ways is left out."""
    found: dict[str, set[str]] = {}

    def mark(e: Span, g: str) -> None:
        words = e.text.lower().split()
        for w in {words[0], words[-1]}:
            found.setdefault(w, set()).add(g)

    for e in named:
        for t in doc[max(e.start - 2, 0) : e.start]:
            if t.lower_ in GENDER_WORDS:
                mark(e, GENDER_WORDS[t.lower_])
        if e[0].lower_ in HONORIFIC_GENDER:  # the tagger often takes the honorific into the name ("Mr X")
            mark(e, HONORIFIC_GENDER[e[0].lower_])
        sent = e.sent
        in_sent = [x for x in named if sent.start <= x.start < sent.end]
        if len(in_sent) == 1 and e.root.dep_ in ("nsubj", "nsubjpass"):
            # subject pronouns only: a possessive or object pronoun may belong to someone the sentence
            # only mentions ("X, whose brother drove the truck, said the family learned of his death")
            genders = {
                PRONOUN_GENDER[t.lower_]
                for t in doc[e.end : sent.end]
                if t.lower_ in PRONOUN_GENDER and t.dep_ in ("nsubj", "nsubjpass")
            }
            if len(genders) == 1:
                mark(e, genders.pop())
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


RELATIVE = {"which", "who", "that", "whom"}

PRONOUNS_PERSON = {"he", "she", "him", "her"}

PRONOUNS_OTHER = {"they", "it", "them"}

# Adjectives of former status: "the former army officer" describes what a person was.
FORMER_STATUS = frozenset({"former", "retired", "ex", "onetime", "erstwhile"})

# Possessive determiners and the subject pronoun each stands for (a closed word class).
POSSESSIVE_PRONOUNS = {"his": "he", "its": "it", "their": "they"}
