"""Mentions of meetings: the words that tell of a talk, summit, session, conference, visit or news
conference, each with the evidence the text attaches to it.

A mention comes from a noun ("talks", "the Brussels summit", "a meeting of the NATO-Russia
Council") or a verb ("the council meets in Vienna", "X is due to meet Y", "X will visit Auschwitz").
It is an event only when the text asserts it as one: not in the headline, not under "if" or
"whether", not negated ("did not meet"), not "meet the criteria". Its evidence is what the grammar
attaches to it or to the verb it depends on: places ("in Geneva", "the Brussels summit", "here"),
the body that meets ("a meeting of the OSCE"), participants ("talks with X", "between X and Y",
"hosted by Y", "X met Y and Z"), time expressions, the tense of its clause, its place in a sequence
("a third round") and whether it is another occurrence ("another meeting", "meet again").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from ..lexicon import lexicon
from ..records import TimeExpression
from .entities import ORGANIZATION, PERSON, PLACE, EntityBuilder, EntityDraft
from .layout import Layout
from .sentences import WordClass
from .tense import Tense, tense_of

TIME_PREPS = {"during", "at", "after", "before", "following", "ahead", "since", "on", "in", "amid", "until"}
DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my", "your"}
PROXIMAL = {"this", "these"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
PRONOUN_AGENTS = {"he", "she", "they", "we", "i", "who"}


@dataclass(frozen=True)
class MeetingMention:
    token: Token  # the noun or verb
    kind: str
    definite: bool  # "the talks", "this meeting": may refer back
    proximal: bool  # "this session": the one under way where the story is told, if any
    several: bool  # "preliminary meetings": a plural of a count noun ("talks" is one event)
    another: bool  # "another meeting", "meet again": never an occurrence already spoken of
    places: tuple[str, ...]  # entity keys, as coordinated ("talks in Geneva and Brussels")
    here: bool  # "talks here": where the story was filed
    body: str | None
    base: str | None  # "a meeting of the Paris-based OECD": where the body sits, if nothing else says
    participants: tuple[str, ...]
    times: tuple[TimeExpression, ...]  # dates and times attached to it
    tense: Tense | None
    sequence: int | None  # "a third set of talks": 3; "the last": 99
    duration: str | None
    unnamed: tuple[str, ...]  # participants known by a description: "trade ministers", "the two sides"
    topic: str | None  # "talks on Russia's membership of the WTO": what it is about, where it names someone
    label: str  # the words that classify it: "accession talks", "presidential debate", "news conference"
    inside: int | None  # "the talks in Brussels at a meeting of X": the index of X's mention
    beside: int | None  # "a news conference after the talks", "a ceremony before the talks"

    @property
    def evidence(self) -> bool:
        """Enough to be a meeting of its own: a participant, a body or a place."""
        return bool(self.places or self.here or self.body or self.participants or self.unnamed or self.topic)


@dataclass(eq=False)
class _Draft:
    token: Token
    kind: str
    definite: bool = False
    proximal: bool = False
    several: bool = False
    another: bool = False
    places: list[EntityDraft] = field(default_factory=list)
    here: bool = False
    body: EntityDraft | None = None
    base: EntityDraft | None = None
    participants: list[EntityDraft] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)
    topic: str | None = None
    times: list[TimeExpression] = field(default_factory=list)
    tense: Tense | None = None
    sequence: int | None = None
    duration: str | None = None
    inside: _Draft | None = None
    beside: _Draft | None = None

    def participant(self, entity: EntityDraft | None) -> None:
        if entity is not None and entity.type in (PERSON, ORGANIZATION, PLACE) and entity not in self.participants:
            self.participants.append(entity)


def _addressing() -> frozenset[str]:
    """Verbs of speaking to someone: speaking to a body is speaking at its meeting."""
    lex = lexicon()
    return lex.addressee_object_verbs | lex.addressee_to_verbs | {"appear"}


def governor(token: Token) -> Token:
    """The verb a meeting noun depends on (through prepositions and coordination)."""
    node = token
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") and node.i != token.i:
            return node
        if node.head.i == node.i:
            return node
        node = node.head
    return node


def is_journey(token: Token) -> bool:
    """'on his way home from Jamaica': the word of a visit that is over."""
    return token.lower_ in lexicon().journey_nouns


def _conditional(token: Token) -> bool:
    """Under 'if', 'unless' or 'whether', or a disposition ('would be happy to meet him', 'willing to
    hold talks'): what might happen, not what does."""
    for node in [token, *token.ancestors]:
        if node.dep_ in ("advcl", "ccomp", "csubj") and any(
                c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in node.children):
            return True
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in lexicon().disposition_adjectives:
            return True
    return False


def _meeting_word_list() -> frozenset[str]:
    lex = lexicon()
    return frozenset().union(lex.meeting_nouns, lex.sitting_body_nouns, lex.meeting_verbs, ("arrive",),
                             lex.decision_verbs, lex.journey_nouns)


_MEETING_WORDS = WordClass(_meeting_word_list)  # words that can tell of a meeting


class MentionFinder:
    def __init__(self, doc: Doc, index: EntityBuilder, layout: Layout, quoted: list[tuple[int, int]]):
        self.doc = doc
        self.index = index
        self.layout = layout
        self.quoted = quoted
        lex = lexicon()
        self.nouns = lex.meeting_nouns
        self.verbs = lex.meeting_verbs
        # the dateline is where the story was filed, not part of what it tells
        self.body_from = layout.dateline.body if layout.dateline else 0
        times = [(doc.char_span(t.start, t.end, alignment_mode="expand"), t) for t in doc._.times
                 if t.start >= self.body_from]
        self.time_tokens = {i for span, _ in times if span is not None for i in range(span.start, span.end)}
        # what can date a meeting: dates and times of day, never durations or sets ("after 90 minutes")
        self.dates = [(span, t) for span, t in times if span is not None and t.type in ("DATE", "TIME")]

    # -- entities the grammar points at ------------------------------------------------------------
    def _entity(self, token: Token) -> EntityDraft | None:
        """The entity a token names, a relative pronoun standing for the noun it follows included."""
        if token.idx < self.body_from:
            return None
        entity = self.index.at(token)
        if entity is None and token.lower_ in ("which", "who", "that") and token.head.dep_ == "relcl":
            entity = self.index.at(token.head.head)
        return entity

    def _unnamed(self, m: _Draft, token: Token) -> None:
        """'Four trade ministers', 'the two sides', 'bankers': people the text does not name."""
        for t in [token, *token.conjuncts]:
            lemma = t.lemma_.lower()
            if self.index.at(t) is None and t.pos_ == "NOUN" and (
                    lemma in lexicon().human_nouns | lexicon().participant_nouns | lexicon().organization_nouns):
                phrase = " ".join(c.text for c in t.subtree if c.dep_ in ("compound", "amod") and c.i < t.i) + " " + t.text
                if phrase.strip() not in m.unnamed:
                    m.unnamed.append(phrase.strip())

    def _is_place(self, entity: EntityDraft | None, token: Token) -> bool:
        """A place a meeting can be held at: never a time word, a body or a person."""
        return entity is not None and entity.type == PLACE and token.i not in self.time_tokens

    def _venue(self, token: Token) -> EntityDraft | None:
        """'at St James's Palace' where the recogniser saw only 'St James's': a capitalised name after
        'at' or 'in' that names nothing else is a place, whole."""
        if token.pos_ != "PROPN" or token.i in self.time_tokens or token.ent_type_ in ("DATE", "TIME", "ORG", "PERSON", "NORP"):
            return None
        span = self.doc[token.left_edge.i:token.i + 1]
        while len(span) and (span[0].dep_ == "det" or span[0].is_punct):
            span = span[1:]
        if not len(span) or any(t.pos_ not in ("PROPN", "PART") or t.i in self.time_tokens for t in span):
            return None
        if any(self.index.at(t) is not None and self.index.at(t).type != PLACE for t in span):
            return None
        entity = self.index.find(PLACE, span.text) or self.index.new(PLACE, span.text, kind="venue")
        self.index.claim(entity, span.start, span.end, "name")
        return entity

    def _places(self, token: Token) -> list[EntityDraft]:
        found = []
        for t in [token, *token.conjuncts]:
            if t.idx < self.body_from:
                continue
            entity = self.index.at(t)
            if entity is not None and entity.type == ORGANIZATION and t.dep_ == "pobj" and t.head.lower_ == "at" \
                    and entity.name.split()[-1].lower() in lexicon().premises_nouns:
                # "at the White House", "at the Pontifical Academy": the organisation's premises
                entity = self.index.find(PLACE, entity.name) or self.index.new(PLACE, entity.name, kind="venue")
            elif not self._is_place(entity, t):
                entity = self._venue(t) if entity is None else None
            if entity is not None and entity not in found:
                found.append(entity)
        return found

    def _entities_in(self, token: Token) -> list[EntityDraft]:
        """The entities a noun phrase names: itself and its conjuncts, or those inside it
        ('the leaders of the G-7 nations' names the G-7)."""
        found = []
        for t in [token, *token.conjuncts]:
            if t.idx < self.body_from:
                continue
            entity = self._entity(t)
            if entity is None and t.pos_ == "NOUN":
                entity = next((self.index.at(s) for s in t.subtree if self.index.at(s) is not None
                               and s.dep_ not in ("relcl",) and self.index.at(s).type != PLACE
                               or self.index.at(s) is not None and self.index.at(s).kind == "country"), None)
            if entity is not None and entity not in found:
                found.append(entity)
        return found

    def _base(self, body: Token) -> EntityDraft | None:
        """'the Paris-based OECD': the place a body sits in."""
        for child in body.children:
            if child.dep_ == "amod" and child.lower_ == "based":
                place = next((self.index.at(g) for g in child.children if self._is_place(self.index.at(g), g)), None)
                if place is not None:
                    return place
        return None

    # -- evidence ------------------------------------------------------------------------------------
    def _attach(self, m: _Draft, anchor: Token, own: bool) -> None:
        """Places, bodies, participants and times attached to the anchor: the noun itself (own) or
        the verb it depends on."""
        visit = m.kind == "visit"
        for child in anchor.children:
            dep, word = child.dep_, child.lower_
            if own and dep in ("compound", "amod", "nmod", "poss"):
                entity = self._entity(child)
                if entity is None:
                    if dep == "compound":
                        self._unnamed(m, child)  # "a producer meeting": producers met
                    continue
                if entity.type == PLACE and self._is_place(entity, child) and entity.kind is not None and (
                        entity.kind != "country" or visit) and dep != "poss" and not m.places:
                    m.places = [entity]  # "the Brussels summit", "his China visit"; not "the Ecofin meeting"
                elif entity.type == ORGANIZATION and m.body is None and dep != "poss":
                    m.body = entity  # "ICO talks"
                else:
                    m.participant(entity)  # "Japan-U.S. talks", "Howard's visit"
            elif dep == "advmod" and word == "here":
                m.here = True
            elif dep == "prep" and word == "for":
                # "will visit Auschwitz for Holocaust Memorial Day on 27 January": on the occasion's date
                for obj in (g for g in child.children if g.dep_ == "pobj"):
                    m.times += [t for _, t in self.dates if t.governor == obj.i and t not in m.times]
            elif dep == "prep" and (word in ("in", "at") or word == "to" and (
                    visit or anchor.lemma_.lower() in lexicon().motion_verbs)):
                for obj in (g for g in child.children if g.dep_ == "pobj"):
                    places = self._places(obj)
                    if places and not m.places:
                        m.places = places
                    elif obj.lower_ == "here" or _this_settlement(obj):
                        m.here = True  # "the meeting at this North Island tourist resort"
            elif own and dep == "prep" and word in ("of", "by", "between", "with", "among", "among", "including"):
                for obj in (g for g in child.children if g.dep_ == "pobj"):
                    for entity in self._entities_in(obj):
                        if word == "of" and entity.type == ORGANIZATION and m.body is None:
                            m.body = entity
                            m.base = self._base(obj)
                        elif not (word == "of" and entity.type == PLACE and entity.kind != "country"):
                            m.participant(entity)
                    self._unnamed(m, obj)
            elif own and dep == "prep" and word == "under" and m.body is None:
                # "the agriculture talks under the GATT"
                body = next((e for g in child.children if g.dep_ == "pobj" for e in self._entities_in(g)
                             if e.type == ORGANIZATION), None)
                m.body = body
            elif own and dep == "prep" and word in ("on", "about", "over") and m.topic is None:
                # "talks on Russia's membership of the WTO": a topic that names someone
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if any(self.index.at(t) is not None for o in objects for t in o.subtree):
                    words = [t for o in objects for t in o.subtree]
                    m.topic = self.doc[words[0].i:words[-1].i + 1].text
            elif own and dep == "acl" and child.lemma_.lower() in ("host", "attend", "sponsor", "chair", "organize",
                                                                  "organise", "lead"):
                for agent in (g for g in child.children if g.dep_ == "agent"):  # "a conference hosted by X"
                    for obj in (g for g in agent.children if g.dep_ == "pobj"):
                        for entity in self._entities_in(obj):
                            m.participant(entity)
        phrase = _phrase(anchor) if own else set()
        # "a visit to Japan starting next week", "talks scheduled for Friday": the participle's date
        described = {c.i for c in anchor.children if own and c.dep_ == "acl" and c.tag_ in ("VBG", "VBN")}
        for span, time in self.dates:
            root = span.root
            if time.governor == anchor.i or root.head.i == anchor.i or root.i == anchor.i \
                    or root.dep_ == "pobj" and root.head.head.i == anchor.i or root.i in phrase \
                    or time.governor in described:
                if time not in m.times:
                    m.times.append(time)
        if any(self.doc[i].lower_ == "here" for i in phrase):
            m.here = True  # "an earlier round between the two blocs here last September"

    def _when_clause(self, m: _Draft, verb: Token) -> None:
        """'in December, when the WTO's members gather for a summit': the date the clause hangs on."""
        if m.times or verb.dep_ not in ("relcl", "advcl"):
            return
        for span, time in self.dates:
            if span.start <= verb.head.i < span.end:
                m.times.append(time)
                m.tense = time.tense or m.tense

    def _then_clause(self, m: _Draft, verb: Token) -> None:
        """'met this morning, then broke up into a producer meeting': a clause joined to a dated one,
        with no date of its own, happens on its day."""
        if m.times or verb.dep_ not in ("conj", "dep") or verb.head.pos_ != "VERB" \
                or any(t.governor == verb.i for _, t in self.dates):
            return
        m.times += [t for _, t in self.dates if t.governor == verb.head.i]
        m.tense = m.tense or tense_of(verb.head)

    def _sequence(self, token: Token) -> int | None:
        """'a third set of talks', 'the second round of talks', 'the first summit'."""
        heads = [token]
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in ("set", "round", "series", "day"):
            heads.append(token.head.head)
        for head in heads:
            for child in head.children:
                if child.dep_ in ("amod", "nummod") and child.lower_ in lexicon().ordinal_words:
                    return lexicon().ordinal_words[child.lower_]
        # "The meeting will be the last in a week of ..."
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ == "be":
            for child in token.head.children:
                if child.dep_ in ("attr", "acomp") and child.lower_ in ("last", "final"):
                    return 99
        return None

    def _duration(self, token: Token) -> str | None:
        for child in token.children:
            if child.dep_ in ("compound", "amod", "nummod") and any(w in child.lower_ for w in ("hour", "day", "minute")):
                words = list(child.subtree)
                return self.doc[words[0].i:words[-1].i + 1].text
        return None

    def _addressed_body(self, token: Token) -> tuple[str | None, list[EntityDraft]]:
        """'told a Commons select committee ...': speaking to a body is speaking at its session,
        which sits where the body does (a committee of the Commons in the House of Commons)."""
        doc = self.doc
        k = token.i - 1
        while k >= 0 and doc[k].pos_ in ("DET", "ADJ", "PROPN", "NOUN", "NUM") and token.i - k <= 5:
            k -= 1
        verb = doc[k] if k >= 0 else None
        if verb is None or verb.lemma_.lower() not in _addressing() and governor(token).lemma_.lower() not in _addressing():
            return None, []
        houses = lexicon().legislature_houses
        house = next((houses[t.lower_] for t in doc[k + 1:token.i] if t.lower_ in houses), None)
        if house is None:
            return "hearing", []
        entity = self.index.find(PLACE, house) or self.index.new(PLACE, house, kind="venue")
        return "hearing", [entity]

    def _kind(self, token: Token) -> str | None:
        lower, lemma = token.lower_, token.lemma_.lower()
        # "Talks on Russia's membership ...": a noun the tagger took for a verb, in a noun's place
        if token.pos_ not in ("NOUN", "PROPN") and not (token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and token.tag_ == "VBZ"):
            return None
        if lower in ("conference", "conferences", "briefing") and any(
                c.lower_ in ("news", "press") for c in token.children if c.dep_ in ("compound", "amod")):
            return "news conference"
        return self.nouns.get(lower) or self.nouns.get(lemma)

    # -- one mention ---------------------------------------------------------------------------------
    def from_noun(self, token: Token) -> _Draft | None:
        kind = self._kind(token)
        houses: list[EntityDraft] = []
        if kind is None and token.lemma_.lower() in lexicon().sitting_body_nouns:
            kind, houses = self._addressed_body(token)
        if kind is None:
            return None
        several = token.tag_ == "NNS" and token.lower_ not in self.nouns  # "meetings"; "talks" is one event
        if several and token.dep_ == "pobj" and token.head.head.lemma_.lower() in lexicon().several_nouns:
            return None  # "the series of international meetings": several, not one ("a series of talks" is one)
        named = self.index.at(token)
        in_time_phrase = token.dep_ == "pobj" and token.head.lower_ in TIME_PREPS
        if named is not None and named.type != PLACE:
            # "the World Summit on the Information Society" names a body; "the European Council last
            # week" is its meeting
            gov = governor(token)
            dated = any(span.root.head.i in (token.i, gov.i) or span.root.head.head.i == gov.i
                        and span.root.head.dep_ == "prep" for span, _ in self.dates)
            if not dated and not in_time_phrase:
                return None
        if kind == "council" and not in_time_phrase:
            return None  # "the council meets", "a meeting of the Council": a body, not a meeting
        if token.dep_ == "compound" and self._kind(token.head) is not None:
            return None  # "council meeting": the meeting is the head
        det = next((c for c in token.children if c.dep_ in ("det", "poss")), None)
        if det is None and token.dep_ == "pobj" and token.head.lower_ == "of":
            # "this important act of commemoration": the phrase is as definite as its head
            det = next((c for c in token.head.head.children if c.dep_ in ("det", "poss")), None)
        m = _Draft(token=token, kind=kind,
                   definite=det is not None and (det.lower_ in DEFINITE or det.dep_ == "poss"),
                   proximal=det is not None and det.lower_ in PROXIMAL,
                   several=several,
                   another=_another(token))
        if houses:
            m.places = houses
        self._attach(m, token, own=True)
        gov = governor(token)
        if not m.places and token.dep_ == "pobj":
            # "join the UK delegation in Poland for Holocaust Memorial Day": the place of the party
            for obj in (c for c in gov.children if c.dep_ == "dobj"):
                for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ in ("in", "at")):
                    for place in (g for g in prep.children if g.dep_ == "pobj"):
                        m.places = m.places or self._places(place)
        if not m.places:
            # "a reception for holocaust survivors at St James's Palace": further down the phrase,
            # not in a phrase coordinated with it
            own_phrase = {t.i for t in token.subtree}
            inside_conjuncts = {t.i for c in token.conjuncts for t in c.subtree
                                if t.i not in own_phrase or not c.is_ancestor(token)}
            for t in token.subtree:
                if t.dep_ == "prep" and t.lower_ in ("at", "in") and t.i > token.i and t.head.i != token.i \
                        and t.i not in inside_conjuncts and not _through_clause(t, token):
                    for obj in (g for g in t.children if g.dep_ == "pobj"):
                        m.places = m.places or self._places(obj)
        m.tense = tense_of(gov) if gov.pos_ in ("VERB", "AUX") and _argument_of(token, gov) else None
        if gov.lemma_.lower() in lexicon().planning_verbs and token.dep_ in ("dobj", "nsubjpass"):
            m.tense = "future"  # "no meeting had been scheduled", "called a meeting": it lies ahead
        if gov.i != token.i and _takes_part(token, gov):
            # "The Queen will host a reception", "X took part in the talks", "X said at the summit",
            # "Moscow and Washington underlined their differences during talks": the subject was there
            for subject in (c for c in gov.children if c.dep_ == "nsubj"):
                for t in [subject, *subject.conjuncts]:
                    m.participant(self._entity(t))
                self._unnamed(m, subject)
        if gov.i != token.i and token.dep_ in ("pobj", "nsubj", "nsubjpass", "dobj", "attr"):
            # "talks earlier this week in Geneva and Brussels": adjuncts of the verb the noun hangs on
            self._attach(m, gov, own=False)
            for xcomp in (c for c in gov.children if c.dep_ == "xcomp"):
                self._attach(m, xcomp, own=False)
        if token.dep_ == "nsubj" and gov.pos_ in ("VERB", "AUX"):
            # "the meeting will hear Zbigniew Rau present ...", "the summit brought together X and Y"
            for child in gov.children:
                inner = child if child.dep_ == "dobj" else next(
                    (g for g in child.children if g.dep_ == "nsubj"), None) if child.dep_ in ("ccomp", "xcomp") else None
                for t in ([inner, *inner.conjuncts] if inner is not None else []):
                    entity = self.index.at(t)
                    if entity is not None and entity.type in (PERSON, ORGANIZATION):
                        m.participant(entity)
        self._when_clause(m, gov)
        self._then_clause(m, gov)
        m.sequence = self._sequence(token)
        m.duration = self._duration(token)
        if det is None and token.tag_ == "NNS" and m.tense in (None, "present") \
                and not (m.times or m.places or m.here or m.body):
            return None  # "useful in negotiations", "such meetings": meetings in general, not one
        return m

    def from_verb(self, token: Token) -> _Draft | None:
        """'the permanent council of the OSCE meets in Vienna'; 'X is due to meet Y'; 'X is due in Y'."""
        lemma = token.lemma_.lower()
        arriving = lemma == "arrive" or lemma == "be" and (
            any(c.lower_ == "due" and c.dep_ == "acomp" for c in token.children) or _there_to_act(token))
        if token.pos_ not in ("VERB", "AUX") or token.pos_ == "AUX" and not arriving:
            return None
        kind = "visit" if arriving else self.verbs.get(lemma) or self._decided_at(token)
        if kind is None or any(c.dep_ == "neg" for c in token.children):
            return None  # "did not meet"
        m = _Draft(token=token, kind=kind, tense=tense_of(token),
                   another=any(c.lower_ == "again" for c in token.children))
        self._attach(m, token, own=False)
        self._when_clause(m, token)
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        objects = [c for c in token.children if c.dep_ == "dobj"]
        with_ = [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("with", "between", "among")
                 for g in c.children if g.dep_ == "pobj"]
        if subject is not None:
            entities = self._entities_in(subject) if subject.lower_ not in ("which", "who", "that") else [self._entity(subject)]
            entities = [e for e in entities if e is not None]
            if not entities and subject.lemma_.lower() in lexicon().sitting_body_nouns | {"council", "board", "group", "party"}:
                of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                inner = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
                body = self.index.at(inner) if inner is not None else None
                if body is not None and body.type == ORGANIZATION:
                    m.body = body  # "the permanent council of the OSCE meets"
            for entity in entities:
                if entity.type == ORGANIZATION and not objects and m.body is None:
                    m.body = entity  # "the EC Commission met in Brussels"
                m.participant(entity)
            self._unnamed(m, subject)
            animate = entities or m.body is not None or m.unnamed or subject.lower_ in PRONOUN_AGENTS \
                or subject.lemma_.lower() in lexicon().organization_nouns
            if not animate and lemma not in lexicon().decision_verbs:
                return None  # "the figures met expectations"; not "the plans (were) agreed in Lisbon"
        if arriving:
            due = next((c for c in token.children if c.lower_ == "due"), token) if lemma == "be" else token
            for prep in (c for c in [*token.children, *due.children] if c.dep_ == "prep" and c.lower_ in ("in", "at")):
                for obj in (g for g in prep.children if g.dep_ == "pobj"):
                    m.places = m.places or self._places(obj)
            self._attach(m, due, own=False)
            if not m.places or not m.participants:
                return None
        for obj in [*objects, *with_]:
            # a capitalised plural read as a name keeps its plural as its lemma ("Complaints")
            word = obj.lemma_.lower().removesuffix("s") if obj.pos_ == "PROPN" else obj.lemma_.lower()
            if lemma == "meet" and obj.dep_ == "dobj" and word in lexicon().requirement_nouns:
                return None  # "striving to meet U.S. Complaints", "meet the WTO's requirements"
            entities = self._entities_in(obj)
            if kind == "visit" and entities and entities[0].type == PLACE:
                m.places = m.places or [entities[0]]
                continue
            if lemma == "meet" and obj.dep_ == "dobj" and not entities and obj.lemma_.lower() not in lexicon().human_nouns \
                    and obj.lemma_.lower() not in ("counterpart", "counterparts", "delegation", "team", "group"):
                return None  # "met the criteria", "meet demand"
            for entity in entities:
                m.participant(entity)
        if not (m.places or m.here or m.times or m.participants or m.body):
            return None
        if kind == "meeting" and not (m.places or m.here or m.body or m.times) and not (m.participants and (objects or with_)):
            return None  # "X met Y", "X is meeting officials this week"; not "the figures meet expectations"
        return m

    def _decided_at(self, verb: Token) -> str | None:
        """'the plans agreed in Lisbon in 2000', 'a treaty signed in Paris': a decision taken together
        in a city was taken at a meeting there."""
        if verb.lemma_.lower() not in lexicon().decision_verbs or tense_of(verb) in ("present", "future"):
            return None
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "at")):
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                if any(p.kind in ("city", "venue") for p in self._places(obj)):
                    return "meeting"
        return None

    def from_journey(self, token: Token) -> _Draft | None:
        """'on his way home from Jamaica': he has been visiting Jamaica."""
        if not is_journey(token) or token.pos_ != "NOUN":
            return None
        back = [c for c in token.children if c.dep_ == "advmod" and c.lower_ in lexicon().homeward_adverbs]
        places = [p for c in back for prep in c.children if prep.dep_ == "prep" and prep.lower_ == "from"
                  for obj in prep.children if obj.dep_ == "pobj" for p in self._places(obj)]
        if not places:
            return None
        gov = governor(token)
        m = _Draft(token=token, kind="visit", places=places[:1],
                   tense=tense_of(gov) if gov.pos_ in ("VERB", "AUX") else None)
        for subject in (c for c in gov.children if c.dep_ == "nsubj"):
            entity = self._entity(subject)
            if entity is not None and entity.type == PERSON:
                m.participant(entity)
        return m

    # -- all mentions --------------------------------------------------------------------------------
    def _candidates(self) -> list[Token]:
        """Words that can tell of a meeting, outside the headline and outside conditions."""
        doc = self.doc
        be = doc.vocab.strings["be"]
        found = [doc[i] for i, (lower, lemma) in enumerate(doc.to_array([LOWER, LEMMA]).tolist())
                 if _MEETING_WORDS.holds(doc, lower) or _MEETING_WORDS.holds(doc, lemma)
                 or lemma == be and (any(c.lower_ == "due" for c in doc[i].children) or _there_to_act(doc[i]))]
        return [t for t in found if t.idx >= self.body_from and not self.layout.in_headline(t.idx)
                and not _conditional(t) and not any(a <= t.idx < b for a, b in self.quoted)]

    def mentions(self) -> tuple[MeetingMention, ...]:
        drafts = []
        for token in self._candidates():
            m = self.from_noun(token) or self.from_verb(token) or self.from_journey(token)
            if m is not None:
                drafts.append(m)
        _relate(drafts)
        number = {id(d): n for n, d in enumerate(drafts)}
        return tuple(MeetingMention(
            token=d.token, kind=d.kind, definite=d.definite, proximal=d.proximal, several=d.several,
            another=d.another, places=tuple(p.key for p in d.places),
            here=d.here, body=d.body.key if d.body else None, base=d.base.key if d.base else None,
            participants=tuple(p.key for p in d.participants if p not in d.places), unnamed=tuple(d.unnamed),
            topic=d.topic, label=_label(d.token, d.kind, self.time_tokens, self.index),
            times=tuple(d.times), tense=d.tense, sequence=d.sequence, duration=d.duration,
            inside=number.get(id(d.inside)) if d.inside is not None else None,
            beside=number.get(id(d.beside)) if d.beside is not None else None) for d in drafts)


# Prepositions of what a meeting is of or about, whose own dates are not the meeting's ('the
# commemoration of the Soviets' 1945 liberation').
COMPLEMENT_PREPS = {"of", "on", "about", "over", "for", "against", "to", "into"}


def _phrase(token: Token) -> set[int]:
    """The tokens of a meeting noun's own phrase: not clauses, appositions or coordinated phrases
    in it ('an earlier round between the two blocs here last September', not 'the talks, which
    began on Monday')."""
    keep: set[int] = set()
    stack = [token]
    while stack:
        node = stack.pop()
        keep.add(node.i)
        stack += [c for c in node.children if c.dep_ not in ("relcl", "acl", "advcl", "appos", "conj", "cc", "ccomp")
                  and not (c.dep_ == "prep" and c.lower_ in COMPLEMENT_PREPS)]
    return keep


def _label(token: Token, kind: str, time_tokens: set[int], index: EntityBuilder) -> str:
    """The words that classify the meeting ('accession talks', 'presidential debate'), without those
    that only describe it ('tense talks', 'a lengthy news conference') or name its parties."""
    if kind == "news conference" or is_journey(token):
        return kind
    classifying = lexicon().classifying_suffixes
    words = []
    for child in token.lefts:
        if child.i in time_tokens or index.at(child) is not None or child.dep_ not in ("compound", "amod"):
            continue
        noun = child.dep_ == "compound" and child.pos_ == "NOUN"
        relational = child.dep_ == "amod" and child.lower_.endswith(classifying) \
            and child.lower_ not in lexicon().qualitative_adjectives
        if noun or relational:
            words.append(child.lower_)
    nouns = lexicon().meeting_nouns
    if token.pos_ not in ("NOUN", "PROPN"):
        head = kind  # "the council meets": a meeting
    elif token.lower_ in nouns or token.lemma_.lower() in nouns:
        head = token.lower_
    else:
        head = f"{token.lower_} {kind}"  # "a Commons select committee hearing"
    return " ".join([*words, head])


def _argument_of(token: Token, verb: Token) -> bool:
    """Is the noun an argument or adjunct of the verb, so that the verb's time is the meeting's?
    ('the talks ended', 'at the summit'; not 'the planner for the summit said')."""
    node = _measured(token)
    while node.dep_ == "conj":
        node = node.head
    return node.head.i == verb.i or node.dep_ == "pobj" and node.head.head.i == verb.i


def _there_to_act(verb: Token) -> bool:
    """'He was in London to brief producers', 'is in Paris for talks': being somewhere for a purpose."""
    located = any(c.dep_ == "prep" and c.lower_ in ("in", "at") for c in verb.children)
    purpose = any(c.dep_ in ("advcl", "xcomp") and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)
                  or c.dep_ == "prep" and c.lower_ == "for" for c in verb.children)
    return located and purpose


def _another(token: Token) -> bool:
    """'another meeting', 'the next round of talks', 'fresh talks': an occurrence not yet spoken of."""
    for child in token.children:
        if child.dep_ == "det" and child.lower_ == "another":
            return True
        if child.dep_ == "amod" and child.lower_ in lexicon().another_occurrence_words and all(
                t.pos_ in ("ADJ", "NOUN") for t in token.doc[child.i + 1:token.i]):
            return True
    return False


def _measured(token: Token) -> Token:
    """'three days of talks', 'a round of negotiations': the phrase the meeting noun stands in."""
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in lexicon().measure_nouns:
        return token.head.head
    return token


def _takes_part(token: Token, verb: Token) -> bool:
    """Does the verb's subject take part in the meeting the noun names? It does when it hosts, holds,
    attends or addresses it (the noun is the verb's object) or acts at, during or in it."""
    token = _measured(token)
    if token.dep_ in ("dobj", "dative") and token.head.i == verb.i:
        return verb.lemma_.lower() in lexicon().participation_verbs | _addressing() | lexicon().holding_verbs
    if token.dep_ != "pobj" or token.head.lower_ not in ("at", "during", "in", "to"):
        return False
    attached = token.head.head
    return attached.i == verb.i or attached.dep_ == "dobj" and attached.head.i == verb.i


def _through_clause(t: Token, top: Token) -> bool:
    """Does t hang on a clause inside top's phrase ('the talks, launched after concerns about
    sentiment in the U.S.'), which describes rather than places it?"""
    node = t.head
    while node.i != top.i:
        if node.pos_ in ("VERB", "AUX"):
            return True
        node = node.head
    return False


def _relate(found: list[_Draft]) -> None:
    """Mentions of one event in one sentence ('the talks in Brussels at a meeting of the
    NATO-Russia Council', 'hold talks', 'members gather for a summit') and of events that follow
    one another ('a news conference after the meeting')."""
    from .sentences import sent_of

    by_token = {m.token.i: m for m in found}
    for m in found:
        holders = [m.token]
        if m.token.dep_ in ("dobj", "nsubjpass") and m.token.head.pos_ == "VERB":
            holders.append(m.token.head)
        for child in (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in ("at", "during")):
            for obj in child.children:
                inner = by_token.get(obj.i)
                if inner is not None and inner is not m:
                    inner.inside = m
        for child in m.token.children:
            if m.token.pos_ == "VERB" and child.dep_ in ("prep", "dobj"):
                for obj in [child, *child.children]:
                    inner = by_token.get(obj.i)
                    if inner is not None and inner is not m:
                        inner.inside = m
            if child.dep_ == "prep" and child.lower_ == "for" and m.kind == "visit":
                for obj in child.children:
                    inner = by_token.get(obj.i)
                    if inner is not None:
                        inner.inside = m

        # "a news conference after the meeting", "told colleagues at a ceremony before two days of
        # talks", "ahead of the summit": occasions beside one another
        holders = [m.token]
        if m.token.dep_ == "pobj" and m.kind in lexicon().side_meeting_kinds:
            holders.append(m.token.head.head)  # the verb the occasion's phrase belongs to
        for child in (c for h in holders for c in h.children if c.dep_ == "prep"
                      and c.lower_ in ("after", "following", "before", "ahead")
                      and not c.left_edge.i <= m.token.i <= c.right_edge.i):
            m.beside = m.beside or next((by_token[t.i] for t in child.subtree if t.i in by_token and t.i != m.token.i),
                                        None)
        # "talks ... set to take place on January 13 when the council meets in Vienna": one event
        if m.token.pos_ == "VERB" and m.token.dep_ in ("relcl", "advcl"):
            owner = next((o for o in found if o is not m and o.token.pos_ == "NOUN"
                          and sent_of(o.token) == sent_of(m.token) and m.token in governor(o.token).subtree), None)
            if owner is not None and {owner.tense, m.tense} != {"past", "future"}:
                m.inside = owner  # not "the meeting will assess the plans agreed in Lisbon in 2000"


def find_mentions(doc: Doc, index: EntityBuilder, layout: Layout,
                  quoted: list[tuple[int, int]]) -> tuple[MeetingMention, ...]:
    """The meeting mentions of an article, outside its headline, dateline and quoted words."""
    return MentionFinder(doc, index, layout, quoted).mentions()


def _this_settlement(noun: Token) -> bool:
    """'this tourist resort', 'this capital': the place the story is filed from, named by a proximal
    demonstrative and a noun of a place people live in or visit."""
    return noun.lemma_.lower() in lexicon().settlement_nouns and any(
        c.dep_ == "det" and c.lower_ == "this" for c in noun.children)

