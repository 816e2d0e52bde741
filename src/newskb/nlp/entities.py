"""People, organisations and places of one article, each with every mention that names it.

Rules, in the order they run:
- named-entity spans are cleaned (a leading "the", a trailing "'s", titles in front of a name);
- a surname or first name alone joins the full name it shortens, whatever label the model gave it
  ("Stoltenberg", labelled ORG, joins "Jens Stoltenberg");
- an acronym joins the name it abbreviates ("... in Europe (OSCE)", or its initials);
- countries are named by name, alias or demonym ("Polish" is Poland); a capital or seat of
  government names its country where it acts ("Moscow insists", "Washington's objections") and
  itself where it is a place ("in Moscow");
- titles before a name and appositions beside it are the person's roles ("NATO chief Jens
  Stoltenberg"; "Wendy Sherman, the top American negotiator"), and the organisations and countries
  they name are the person's affiliations.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from spacy.tokens import Doc, Span, Token

from ..lexicon import lexicon, name_key, world
from .first_names import first_name_gender
from .layout import doc_layout
from .sentences import span_text, text_of

PERSON, ORGANIZATION, PLACE = "person", "organization", "place"
LOCATIVE_PREPS = {"in", "at", "to", "from", "near", "into", "across", "outside", "inside", "around", "throughout", "via"}


@dataclass(frozen=True)
class EntityMention:
    start: int  # token indices into the Doc, end exclusive
    end: int
    form: str  # name | short | acronym | demonym | capital | description | pronoun


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place of one article, as a stage hands it on."""

    key: str
    type: str
    name: str
    aliases: frozenset[str] = frozenset()
    roles: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()  # keys of other entities
    gender: str | None = None
    kind: str | None = None  # places: country | city | region | venue
    anonymous: bool = False  # a speaker known only by a description ("a source")
    plural: bool = False
    mentions: tuple[EntityMention, ...] = ()


@dataclass(eq=False)
class EntityDraft:
    """An entity while a stage is still learning about it (see EntityBuilder)."""

    key: str
    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    roles: list[str] = field(default_factory=list)
    affiliations: list[EntityDraft] = field(default_factory=list)
    gender: str | None = None
    kind: str | None = None
    anonymous: bool = False
    plural: bool = False
    mentions: list[EntityMention] = field(default_factory=list)

    def add_role(self, role: str) -> None:
        role = role.strip(" ,")
        if role and role.lower() not in {r.lower() for r in self.roles}:
            self.roles.append(role)

    def add_affiliation(self, other: EntityDraft) -> None:
        if other is not self and all(a is not other for a in self.affiliations):
            self.affiliations.append(other)

    def freeze(self) -> Entity:
        return Entity(key=self.key, type=self.type, name=self.name, aliases=frozenset(self.aliases),
                      roles=tuple(self.roles), affiliations=tuple(a.key for a in self.affiliations),
                      gender=self.gender, kind=self.kind, anonymous=self.anonymous, plural=self.plural,
                      mentions=tuple(self.mentions))


def clean_span(span: Span) -> Span | None:
    """A named-entity span without a leading article, trailing possessive or punctuation."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end <= start:
        return None
    if (start, end) == (span.start, span.end):
        return span  # most need no trimming: no new Span
    return Span(doc, start, end, label=span.label_)


def is_honorific(token: Token) -> bool:
    return token.lower_ in lexicon().honorifics


def is_title_word(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in lexicon().title_nouns or token.lower_ in lexicon().title_nouns


@dataclass(frozen=True)
class Entities:
    """The entities of one Doc as a stage hands them on, and for each token that names one, which.
    A later stage that learns more (a role, an unnamed speaker, a venue) works on a `builder()`
    copy and hands on a new table."""

    doc: Doc
    items: tuple[Entity, ...]
    by_key: Mapping[str, Entity]
    by_token: Mapping[int, str]

    def at(self, token: Token) -> Entity | None:
        key = self.by_token.get(token.i)
        return self.by_key[key] if key is not None else None

    def get(self, key: str | None) -> Entity | None:
        return self.by_key.get(key) if key is not None else None

    def builder(self) -> EntityBuilder:
        return EntityBuilder(self.doc, self)


class EntityBuilder:
    """The entities of one Doc while a stage finds or learns about them."""

    def __init__(self, doc: Doc, start_from: Entities | None = None):
        self.doc = doc
        self.entities: list[EntityDraft] = []
        self.by_token: dict[int, EntityDraft] = {}
        self._by_name: dict[tuple[str, str], EntityDraft] = {}
        if start_from is not None:
            drafts = {}
            for e in start_from.items:
                drafts[e.key] = EntityDraft(key=e.key, type=e.type, name=e.name, aliases=set(e.aliases),
                                            roles=list(e.roles), gender=e.gender, kind=e.kind,
                                            anonymous=e.anonymous, plural=e.plural, mentions=list(e.mentions))
                self.entities.append(drafts[e.key])
                self._by_name[(e.type, e.key.partition(":")[2])] = drafts[e.key]
            for e in start_from.items:
                drafts[e.key].affiliations = [drafts[k] for k in e.affiliations]
            self.by_token = {i: drafts[k] for i, k in start_from.by_token.items()}

    def freeze(self) -> Entities:
        items = tuple(e.freeze() for e in self.entities)
        return Entities(doc=self.doc, items=items, by_key=MappingProxyType({e.key: e for e in items}),
                        by_token=MappingProxyType({i: e.key for i, e in self.by_token.items()}))

    # -- registration -------------------------------------------------------------------------
    def new(self, type_: str, name: str, **kw) -> EntityDraft:
        key = (type_, name_key(name))
        if key in self._by_name:
            return self._by_name[key]
        entity = EntityDraft(key=f"{type_}:{name_key(name)}", type=type_, name=name, **kw)
        self.entities.append(entity)
        self._by_name[key] = entity
        return entity

    def find(self, type_: str, name: str) -> EntityDraft | None:
        return self._by_name.get((type_, name_key(name)))

    def get(self, key: str) -> EntityDraft:
        type_, _, name = key.partition(":")
        return self._by_name[(type_, name)]

    def mention(self, entity: EntityDraft, start: int, end: int, form: str) -> None:
        if any(self.by_token.get(i) is not None for i in range(start, end)):
            return
        entity.mentions.append(EntityMention(start, end, form))
        text = span_text(self.doc[start:end])
        if text != entity.name:
            entity.aliases.add(text)
        for i in range(start, end):
            self.by_token[i] = entity

    def claim(self, entity: EntityDraft, start: int, end: int, form: str) -> None:
        """A mention that replaces shorter ones inside it ("NATO" inside "NATO-Russia Council")."""
        for i in range(start, end):
            other = self.by_token.get(i)
            if other is None or other is entity:
                continue
            for m in [m for m in other.mentions if m.start <= i < m.end]:
                if not (start <= m.start and m.end <= end):
                    return
                other.mentions.remove(m)
                for j in range(m.start, m.end):
                    self.by_token.pop(j, None)
        if not any(self.by_token.get(i) is entity for i in range(start, end)):
            self.mention(entity, start, end, form)

    def at(self, token: Token) -> EntityDraft | None:
        return self.by_token.get(token.i)

    @property
    def persons(self) -> list[EntityDraft]:
        return [e for e in self.entities if e.type == PERSON and not e.anonymous]


def _strip_person_titles(span: Span) -> tuple[Span, list[Token]]:
    """'Foreign Secretary Jack Straw' as one PERSON span: the name and the title words before it."""
    doc = span.doc
    start = span.start
    titles = []
    while start < span.end - 1 and (is_honorific(doc[start]) or is_title_word(doc[start])
                                    or (doc[start].is_title and doc[start + 1].is_title and is_title_word(doc[start + 1]))):
        titles.append(doc[start])
        start += 1
    if titles and start == span.end - 1 and titles[-1].lower_ in lexicon().name_titles:
        start -= 1
        titles.pop()
    return doc[start:span.end], titles


def _is_locative(token: Token) -> bool:
    """'in Moscow', 'to Auschwitz', 'visit Auschwitz': the name is a place, not an agent."""
    head = token
    while head.dep_ in ("compound", "conj", "appos") and head.head.i != head.i:
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS:
        return True
    return head.dep_ == "dobj" and head.head.lemma_ in ("visit", "leave", "reach", "enter", "tour")


def _is_agentive(token: Token) -> bool:
    """A place name doing what a government does: subject, possessor, or coordinated with one."""
    head = token
    while head.dep_ in ("compound", "conj") and head.head.i != head.i:
        if head.dep_ == "conj" and head.head.ent_type_ in ("GPE", "NORP", "ORG"):
            head = head.head
            continue
        if head.dep_ == "compound":
            return False
        head = head.head
    if head.dep_ in ("nsubj", "nsubjpass", "poss"):
        return True
    # "by Moscow"; "talks with Ankara", "relations between London and Paris": a party, not a place
    return head.dep_ == "pobj" and (head.head.dep_ == "agent" or head.head.lower_ in ("with", "between", "against"))


def _bare_name(span: Span) -> Span:
    """A person span without what the recogniser took into it: a possessive ('Donald Trump’s'), a
    word of saying or an occasion after it ('Obama Says', 'Obama Speech'), words before a given name
    ('Crooked Hillary Clinton', 'Miss Universe Alicia Machado'), a stance word before it ('pro-Clinton')."""
    doc = span.doc
    lex = lexicon()
    start, end = span.start, span.end
    while end - start > 1 and (doc[end - 1].lemma_.lower() in lex.speech_verbs | lex.occasion_nouns | lex.document_nouns
                               or doc[end - 1].lower_.rstrip("s") in lex.speech_verbs):
        end -= 1
    while end - start > 2 and doc[start].is_lower and doc[start + 1].text == "-":
        start += 2  # "pro-Clinton", "anti-Trump": a stance toward the person, the name after it
    while end - start > 2 and not first_name_gender(doc[start].text) and not is_title_word(doc[start]) \
            and not is_honorific(doc[start]) and first_name_gender(doc[start + 1].text):
        start += 1
    return doc[start:end]


def _name_before_of(span: Span) -> Span:
    """'Bronwyn Curtis of Landell Mills', 'Manaspas Xuto of Thailand': a full name, then where the
    person is from, which the recogniser took into the name."""
    of = next((t.i for t in span if t.lower_ == "of"), None)
    if of is None or len([t for t in span.doc[span.start:of] if t.is_alpha and t.is_title]) < 2:
        return span
    return span.doc[span.start:of]


def _add_persons(index: EntityBuilder, spans: list[Span]) -> None:
    """Full names first, so that a surname met before its full name still finds it."""
    named = [_strip_person_titles(_bare_name(_name_before_of(span))) for span in spans]
    full = [(n, t) for n, t in named if len([tok for tok in n if tok.is_alpha]) >= 2]
    # "Derelict Obama" beside "Barack Obama": a word that is no given name before a surname the
    # article gives someone in full is an epithet, and the surname alone names the person
    given = {name_key(n[-1].text) for n, _ in full if first_name_gender(n[0].text)}
    epithets = [(n, t) for n, t in full if len(n) == 2 and not first_name_gender(n[0].text)
                and name_key(n[-1].text) in given]
    full = [f for f in full if f not in epithets]
    # "Aung San Suu Kyi" ... "Suu Kyi", "Chandler Van Voorhis" ... "Mr. Van Voorhis": the end of a
    # longer name is a surname of several words
    keys = [_name_words(n) for n, _ in full]
    full = [(n, t) for (n, t), k in zip(full, keys)
            if not any(len(other) > len(k) and other[-len(k):] == k for other in keys)]
    short = [(n, t) for n, t in named if (n, t) not in full and (n, t) not in epithets]
    short += [(n[-1:], t) for n, t in epithets]
    by_last: dict[str, list[EntityDraft]] = {}
    for name, titles in full:
        canonical = _without_possessive(re.sub(r"\s+", " ", span_text(name)))
        entity = index.find(PERSON, canonical)
        if entity is None:
            # "George W Bush" and "George Bush" are one person
            last = name_key(surname(canonical))
            same = [e for e in by_last.get(last, []) if name_key(e.name.split()[0]) == name_key(name[0].text)]
            entity = same[0] if same else index.new(PERSON, canonical)
            if entity not in by_last.get(last, []):
                by_last.setdefault(last, []).append(entity)
        index.mention(entity, name.start, name.end, "name")
        _person_titles(index, entity, titles)
    for name, titles in short:
        entity = _person_for_short_name(index, name, by_last)
        if entity is None:
            entity = index.new(PERSON, _without_possessive(span_text(name)))
        index.mention(entity, name.start, name.end, "short")
        _person_titles(index, entity, titles)
    for entity in index.persons:
        if entity.gender is None and " " in entity.name:
            entity.gender = first_name_gender(entity.name.split()[0])


def surname(name: str) -> str:
    """The last word of a name that is not a generational suffix ('Joseph R. Biden Jr.': Biden)."""
    words = name.split()
    kept = [w for w in words if name_key(w) not in lexicon().name_suffixes] or words
    return kept[-1]


def _name_words(name: Span) -> list[str]:
    return name_key(_without_possessive(span_text(name))).split()


_POSSESSIVE = re.compile(r"[\u2019']s$")


def _without_possessive(name: str) -> str:
    """'Donald Trump’s' is Donald Trump (the tokenizer leaves a typographic possessive on the name)."""
    return _POSSESSIVE.sub("", name)


def _person_for_short_name(index: EntityBuilder, name: Span, by_last: dict[str, list[EntityDraft]]) -> EntityDraft | None:
    key = name_key(_without_possessive(span_text(name)))
    if by_last.get(key):
        return _bearer(index.doc, by_last[key])
    if " " in key:  # a surname of several words: the one person whose name ends with it
        longer = [e for e in index.persons if name_key(e.name).endswith(" " + key)]
        return longer[0] if len(longer) == 1 else None
    firsts = [e for e in index.persons if " " in e.name and name_key(e.name.split()[0]) == key]
    return firsts[0] if len(firsts) == 1 else None


def _bearer(doc: Doc, family: list[EntityDraft]) -> EntityDraft:
    """Which of the people sharing a surname a bare surname means, all through the article (one sense
    per story): the one named in full last before the surname is first used alone ('Donald Trump
    said ... Trump ... his daughter Ivanka Trump ... Trump'), else the one named in full most often."""
    if len(family) == 1:
        return family[0]
    first_bare = _first_bare_use(doc, family)
    before = [(min(m.start for m in e.mentions if m.form == "name"), e) for e in family
              if any(m.form == "name" and m.start < first_bare for m in e.mentions)]
    if before:
        return max(before, key=lambda b: b[0])[1]
    return max(family, key=lambda e: (sum(m.form == "name" for m in e.mentions), -family.index(e)))


def _first_bare_use(doc: Doc, family: list[EntityDraft]) -> int:
    """Where the family's surname first stands alone (token index), as far as the mentions tell."""
    family_name = name_key(surname(family[0].name))
    full = {i for e in family for m in e.mentions if m.form == "name" for i in range(m.start, m.end)}
    layout = doc_layout(doc)
    return next((i for i in _tokens_by_name_key(doc).get(family_name, ()) if i not in full
                 and not layout.in_headline(doc[i].idx)), len(doc))


def _tokens_by_name_key(doc: Doc) -> dict[str, list[int]]:
    """The tokens of each name key (a possessive dropped), in text order: read once per Doc, as a
    walk over every token for every surname shared by two people is quadratic in a long article."""
    found = doc.user_data.get("newskb_tokens_by_name_key")
    if found is None:
        found = doc.user_data["newskb_tokens_by_name_key"] = {}
        for token in doc:
            found.setdefault(name_key(_without_possessive(token.text)), []).append(token.i)
    return found


def _person_titles(index: EntityBuilder, entity: EntityDraft, titles: list[Token]) -> None:
    for token in titles:
        gender = lexicon().honorifics.get(token.lower_)
        if gender and entity.gender is None:
            entity.gender = gender
    words = [t for t in titles if t.lower_.rstrip(".") not in lexicon().plain_honorifics]
    if words:
        entity.add_role(" ".join(t.text for t in words))


def _surname_mentions(index: EntityBuilder) -> None:
    """A known person's surname wherever it stands alone, whatever the model labelled it."""
    doc = index.doc
    surnames: dict[str, list[EntityDraft]] = {}
    for entity in index.persons:
        if " " in entity.name:
            surnames.setdefault(surname(entity.name), []).append(entity)
    for token in _tokens_written_as(doc, surnames):
        family = surnames[_without_possessive(token.text)]
        if index.at(token) is not None or token.pos_ not in ("PROPN", "NOUN", "ADJ", "VERB"):
            continue
        entity = _bearer(doc, family)
        neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
        if any(n.pos_ == "PROPN" and n.ent_type_ not in ("", "PERSON") and index.at(n) is None for n in neighbours):
            continue  # part of another name ("Clinton Foundation")
        start = token.i
        if start > 0 and is_honorific(doc[start - 1]) and index.at(doc[start - 1]) is None:
            _person_titles(index, entity, [doc[start - 1]])
            start -= 1
        index.mention(entity, start, token.i + 1, "short")


def _tokens_written_as(doc: Doc, words: Iterable[str]) -> list[Token]:
    """The tokens, in text order, that are one of the words, a possessive dropped: looked for in the
    text, where a few names are quickly found, rather than by reading every token."""
    text = text_of(doc)
    found = set()
    for word in words:
        for written in (word, word + "'s", word + "\u2019s"):
            if _without_possessive(written) != word:
                continue  # a word that itself ends in "'s"
            at = text.find(written)
            while at != -1:
                span = doc.char_span(at, at + len(written))
                if span is not None and len(span) == 1:
                    found.add(span.start)
                at = text.find(written, at + 1)
    return [doc[i] for i in sorted(found)]


@lru_cache(maxsize=1 << 14)  # asked of every organisation for every organisation name met
def _acronym_of(long_name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", long_name) if w[0].isupper())


def _add_organizations(index: EntityBuilder, spans: list[Span]) -> None:
    doc = index.doc
    for span in spans:
        # "council of the Organization for ..." : the organisation is the capitalised part
        start = span.start
        while start < span.end and doc[start].is_lower:
            start += 1
        while start < span.end and doc[start].lower_ in ("of", "the", "for"):
            start += 1
        end = span.end
        # "Group of Seven (G-7": the recogniser ran into the acronym's parenthesis
        opened = next((t.i for t in doc[start:end] if t.text == "("), None)
        if opened is not None and not any(t.text == ")" for t in doc[opened:end]):
            end = opened
        span = doc[start:end]
        if not len(span):
            continue
        text = re.sub(r"\s+", " ", span_text(span))
        entity = index.find(ORGANIZATION, text)
        if entity is None:
            entity = next((e for e in index.entities if e.type == ORGANIZATION
                           and (_acronym_of(e.name) == text or text in e.aliases)), None)
        if entity is None:
            entity = index.new(ORGANIZATION, text)
        index.mention(entity, span.start, span.end, "acronym" if text.isupper() and len(text) <= 6 else "name")
        # "Organization for Security and Cooperation in Europe (OSCE)"
        after = span.end
        if after + 2 < len(doc) and doc[after].text == "(" and doc[after + 2].text == ")" \
                and doc[after + 1].is_upper and index.at(doc[after + 1]) is None:
            index.mention(entity, after + 1, after + 2, "acronym")
    # an acronym met first keeps the long name as canonical once both are known
    for entity in [e for e in index.entities if e.type == ORGANIZATION]:
        if entity.name.isupper():
            longer = next((a for a in entity.aliases if _acronym_of(a) == entity.name), None)
            if longer:
                entity.aliases.add(entity.name)
                entity.aliases.discard(longer)
                entity.name = longer


def _add_places(index: EntityBuilder, spans: list[Span]) -> None:
    w = world()
    dateline = doc_layout(index.doc).dateline
    for span in spans:
        text = re.sub(r"\s+", " ", span_text(span))
        label = span.label_
        if not text[:1].isupper() or dateline is not None and dateline.start <= span.start_char < dateline.end:
            continue  # the city a story is filed from is that city (_dateline_place), not its government
        country = w.country(text)
        demonym = w.demonym(text) if label == "NORP" or country is None else None
        capital = w.capital(text)
        if country:
            entity = index.new(PLACE, country.name, kind="country")
            index.mention(entity, span.start, span.end, "name")
        elif demonym:
            entity = index.new(PLACE, demonym.name, kind="country")
            index.mention(entity, span.start, span.end, "demonym")
        elif capital and not _is_locative(span.root) and _is_agentive(span.root):
            entity = index.new(PLACE, capital.name, kind="country")
            index.mention(entity, span.start, span.end, "capital")
        elif label == "NORP":
            if name_key(text) in lexicon().party_words:
                entity = index.new(ORGANIZATION, text, plural=True)
                index.mention(entity, span.start, span.end, "name")
        else:
            kind = "venue" if label == "FAC" else "city" if capital else "region" if label == "LOC" else None
            entity = index.new(PLACE, text, kind=kind)
            if entity.kind is None and span.root.dep_ == "pobj" and span.root.head.lower_ in LOCATIVE_PREPS:
                entity.kind = "city"  # 'in Hempstead': a place things happen in, not a misread name
            index.mention(entity, span.start, span.end, "name")


def _roles_and_affiliations(index: EntityBuilder) -> None:
    doc = index.doc
    for entity in index.persons:
        for mention in list(entity.mentions):
            if mention.form not in ("name", "short"):
                continue
            head = doc[mention.end - 1]
            _pre_name_role(index, entity, mention, head)
            for child in head.children:
                if child.dep_ == "appos" and child.i > head.i and index.at(child) is None:
                    _role_from_phrase(index, entity, child)
                if child.dep_ == "prep" and child.lower_ == "of":
                    place = next((index.at(t) for t in child.children if t.dep_ == "pobj" and index.at(t)), None)
                    if place is not None and place.type in (PLACE, ORGANIZATION):
                        entity.add_affiliation(place)
            # "the chairman of the working party, Ambassador Stefan Johannesson"
            if head.dep_ == "appos" and head.head.i < mention.start and index.at(head.head) is None \
                    and head.head.pos_ == "NOUN":
                _role_from_phrase(index, entity, head.head, stop=mention.start)


def _pre_name_role(index: EntityBuilder, entity: EntityDraft, mention: EntityMention, head: Token) -> None:
    """'NATO chief Jens Stoltenberg', 'U.S. Deputy Secretary of State Wendy Sherman'."""
    doc = index.doc
    subtree = {t.i for t in head.subtree}
    i = mention.start - 1
    while i >= 0 and i in subtree and doc[i].dep_ not in ("det", "poss", "case", "punct") \
            and doc[i].tag_ not in ("DT", "PRP$", "POS") and index.at(doc[i]) is not entity:
        i -= 1
    words = doc[i + 1:mention.start]
    if not len(words) or not any(is_title_word(t) for t in words):
        return
    if all(t.lower_.rstrip(".") in lexicon().plain_honorifics for t in words):
        return
    entity.add_role(words.text)
    affiliations_in(index, entity, words)


def affiliations_in(index: EntityBuilder, entity: EntityDraft, words: Span) -> None:
    """Organisations and countries named in a role ("U.S. Deputy Secretary of State"); a city in it
    ("negotiator at the Geneva talks") is where, not whom, the person works for."""
    for t in words:
        other = index.at(t)
        if other is not None and other is not entity and (other.type == ORGANIZATION or other.kind == "country"):
            entity.add_affiliation(other)


def _role_from_phrase(index: EntityBuilder, entity: EntityDraft, head: Token, stop: int | None = None) -> None:
    tokens = [t for t in head.subtree if stop is None or t.i < stop]
    while tokens and (tokens[0].dep_ == "det" or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens or not any(is_title_word(t) or t.lemma_ in lexicon().human_nouns for t in tokens):
        return
    if any(index.at(t) is entity for t in tokens):
        return
    doc = index.doc
    role = doc[tokens[0].i:tokens[-1].i + 1]
    if len(role) > 16:
        return
    entity.add_role(role.text)
    gender = lexicon().gendered_nouns.get(head.lower_)
    if gender and entity.gender is None:
        entity.gender = gender
    affiliations_in(index, entity, role)


def _fix_place_persons(spans: list[Span]) -> tuple[list[Span], list[Span]]:
    """A one-word 'person' that is elsewhere a place, or stands where places stand ('visit X'), or
    is a country's name modifying a noun ('the Uruguay meeting')."""
    other_labels = {name_key(span_text(s)) for s in spans if s.label_ in ("GPE", "FAC", "LOC")}
    persons, places = [], []
    for span in spans:
        if span.label_ != "PERSON":
            continue
        country_modifier = span.root.dep_ in ("compound", "nmod") and span.root.head.pos_ == "NOUN" \
            and world().country(span_text(span)) is not None
        if len(span) == 1 and (name_key(span_text(span)) in other_labels or _is_locative(span.root) or country_modifier):
            places.append(span)
        else:
            persons.append(span)
    return persons, places


def _part_of_title(span: Span) -> bool:
    """'State' in 'Secretary of State', 'Defence' in 'Minister of Defence': an office, not a body."""
    root = span.root
    return len(span) == 1 and root.dep_ == "pobj" and root.head.lower_ == "of" and is_title_word(root.head.head)


def _propagate_names(index: EntityBuilder) -> None:
    """A name the model found once is the same name wherever else it is written (one sense per
    document): 'the NATO-Russia Council' labelled in one sentence and missed in another."""
    doc = index.doc
    names = []
    for entity in index.entities:
        if entity.type in (ORGANIZATION, PERSON) and not entity.anonymous:
            names += [(name, entity) for name in {entity.name, *entity.aliases}
                      if " " in name or "-" in name or (entity.type == ORGANIZATION and name.isupper() and len(name) > 1)]
    text = text_of(doc)
    starts = word_starts(text)  # a name is looked up where its first word is, not in the whole text
    for name, entity in sorted(names, key=lambda n: -len(n[0])):
        for start in occurrences(name, text, starts):
            span = doc.char_span(start, start + len(name))
            if span is not None:
                index.claim(entity, span.start, span.end, "name")


_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


def word_starts(text: str) -> dict[str, list[int]]:
    """Where each word (a run of word characters) of the text begins, in text order: found for a
    word when it is first asked for, as an article's names begin with only a few of its words."""
    return _WordStarts(text)


class _WordStarts(dict):
    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def __missing__(self, word: str) -> list[int]:
        text, found = self.text, []
        at = text.find(word)
        while at != -1:
            # a word stands here if no word character runs on before or after it
            if not (at and _WORD_CHAR.match(text, at - 1)) and not _WORD_CHAR.match(text, at + len(word)):
                found.append(at)
            at = text.find(word, at + 1)
        self[word] = found
        return found


def occurrences(name: str, text: str, starts: dict[str, list[int]]) -> list[int]:
    r"""Where the name stands as a whole word in the text, left to right, none overlapping: what
    `re.finditer(r"(?<!\w)NAME(?!\w)", text)` finds. A name that begins with a word begins where
    that very word does (a word character before or after it would make a longer word)."""
    first = _WORD.match(name)
    if first is None:
        return [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)]
    found: list[int] = []
    free = 0  # where the last occurrence ends: finditer resumes there
    for start in starts[first[0]]:
        end = start + len(name)
        if start >= free and text.startswith(name, start) and not _WORD_CHAR.match(text, end):
            found.append(start)
            free = end
    return found


def find_entities(doc: Doc) -> Entities:
    """Every person, organisation and place the article names."""
    index = EntityBuilder(doc)
    spans = [s for s in (clean_span(e) for e in doc.ents) if s is not None]
    persons, place_persons = _fix_place_persons(spans)
    # a headline capitalises every word, so the recogniser takes its verbs and adjectives for names
    # ("Obama Says", "Derelict Obama"): a person named there is one the story names, by surname
    layout = doc_layout(doc)
    _add_persons(index, [s for s in persons if not layout.in_headline(s.start_char)])
    _surname_mentions(index)
    known_person_text = {name_key(surname(e.name)) for e in index.persons} | {name_key(e.name) for e in index.persons}
    orgs = [s for s in spans if s.label_ == "ORG" and name_key(span_text(s)) not in known_person_text
            and not _part_of_title(s)
            and not (w := world()).country(span_text(s)) and not (span_text(s)[:1].isupper() and w.capital(span_text(s)))]
    places = [s for s in spans if s.label_ in ("GPE", "LOC", "NORP", "FAC")] + place_persons
    places += [s for s in spans if s.label_ == "ORG" and span_text(s)[:1].isupper() and world().country(span_text(s))]
    _add_places(index, sorted(places, key=lambda s: s.start))
    _add_organizations(index, orgs)
    _propagate_names(index)
    _roles_and_affiliations(index)
    _dateline_place(index)
    return index.freeze()


def _dateline_place(index: EntityBuilder) -> None:
    """'TAUPO, New Zealand, March 23 -': the city the story was filed from is a place, whatever the
    recogniser made of its capitals."""
    dateline = doc_layout(index.doc).dateline
    if dateline is None:
        return
    span = index.doc.char_span(dateline.start, dateline.end, alignment_mode="expand")
    if span is None:
        return
    entity = index.find(PLACE, dateline.city) or index.new(PLACE, dateline.city, kind="city")
    if entity.name.isupper():
        entity.aliases.add(entity.name)
        entity.name = dateline.city  # "LONDON" is London
    index.claim(entity, span.start, span.end, "name")
