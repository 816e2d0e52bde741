"""Meetings of one article: talks, summits, council sessions, conferences, visits, news conferences.

A meeting is found from a noun ("talks", "the Brussels summit", "a meeting of the NATO-Russia
Council") or a verb ("the council meets in Vienna", "X is due to meet Y"). Its place, date, body,
participants, duration and place in a sequence come from the words attached to it or to the verb it
depends on. Mentions of one meeting are merged (same place, body or day; "the meeting" is the one
last spoken of), and each statement is tied to the meeting it was made at or is about.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..dates import Tense, resolve
from ..lexicon import lexicon, world
from ..records import DateInterval, same_family
from .entities import ORGANIZATION, PERSON, PLACE, Entity, EntityIndex
from .sentences import sent_of, sentences
from .statements import Statement
from .tense import tense_of as _tense

MOTION_VERBS = {"go", "travel", "fly", "head", "come", "return", "arrive", "journey"}
REPORTED_DATES = ("now, as reported", "recently, as reported")
PLACE_PRECISION = {"country": 0, "region": 0, "city": 2, "venue": 3}
# Bodies that sit in session: speaking to one is speaking at its meeting.
BODY_NOUNS = {"committee", "commission", "parliament", "senate", "assembly", "congress", "panel", "inquiry",
              "subcommittee", "tribunal", "court", "legislature", "caucus"}
ADDRESS_VERBS = {"tell", "address", "brief", "testify", "appear", "say", "inform"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "last": 99, "final": 99, "latest": 98}
TIME_PREPS = {"during", "at", "after", "before", "following", "ahead", "since", "on", "in", "amid", "until"}
AT_PREPS = {"at", "during", "after", "following", "on", "in", "from", "outside", "on the sidelines of"}
LAST_WORDS = {"last", "final"}


@dataclass
class MeetingMention:
    token: Token
    kind: str
    definite: bool
    places: list[Entity] = field(default_factory=list)
    dates: list[Span] = field(default_factory=list)
    tense: Tense | None = None
    body: Entity | None = None
    participants: list[Entity] = field(default_factory=list)
    sequence: int | None = None
    duration: str | None = None
    weak: bool = False  # "the dialogue": a meeting only if it refers back to one
    inside: MeetingMention | None = None  # "the talks ... at a meeting of X": one event
    after: MeetingMention | None = None  # "a news conference after the meeting"
    meeting: Meeting | None = None


@dataclass
class Meeting:
    mentions: list[MeetingMention]
    kind: str
    place: Entity | None = None
    body: Entity | None = None
    date: DateInterval = field(default_factory=DateInterval)
    participants: list[Entity] = field(default_factory=list)
    sequence: int | None = None
    duration: str | None = None
    follows: Meeting | None = None
    kinds: set[str] = field(default_factory=set)  # every kind it was called: a visit for a ceremony
    first_named: int | None = None  # where "talks in Geneva and Brussels" names this one's place

    @property
    def position(self) -> int:
        return min([m.token.idx for m in self.mentions] + ([self.first_named] if self.first_named is not None else []))

    def name(self) -> str:
        kind = self.kind
        if self.body is not None:
            short = min([self.body.name, *(a for a in self.body.aliases if a.isupper())], key=len)
            label = f"{short} {kind}"
        elif self.place is not None:
            label = f"{self.place.name} {kind}"
        else:
            label = kind
        return label[0].upper() + label[1:]


def _kind(token: Token) -> str | None:
    lex = lexicon()
    lower = token.lower_
    lemma = token.lemma_.lower()
    # "Talks on Russia's membership ...": a noun the tagger took for a verb, in a noun's place
    if token.pos_ not in ("NOUN", "PROPN") and not (token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and token.tag_ == "VBZ"):
        return None
    if lower in ("conference", "conferences", "briefing") and any(
            c.lower_ in ("news", "press") for c in token.children if c.dep_ in ("compound", "amod")):
        return "news conference"
    return lex.meeting_nouns.get(lower) or lex.meeting_nouns.get(lemma)


def _within(fine: Entity, country: Entity) -> bool:
    """Can the finer place lie in the country? A venue or town the world table does not place
    elsewhere can ('Auschwitz' in Poland); another country's capital cannot."""
    if country.kind != "country" or fine.kind == "country":
        return False
    elsewhere = world().capital(fine.name)
    return elsewhere is None or elsewhere.name == country.name


def _governor(token: Token) -> Token:
    """The verb a meeting noun depends on (through prepositions and coordination)."""
    node = token
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") and node.i != token.i:
            return node
        if node.head.i == node.i:
            return node
        node = node.head
    return node


class MeetingFinder:
    def __init__(self, doc: Doc, index: EntityIndex, published: dt.date | None):
        self.doc = doc
        self.index = index
        self.published = published
        self.date_spans = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
        self.place_offsets: dict[int, int] = {}

    # -- one mention ------------------------------------------------------------------------------
    def _venue(self, token: Token) -> Entity | None:
        """'at St James's Palace' where the recogniser saw only 'St James's': a capitalised place name
        after 'at' or 'in' is a place, whole."""
        if token.pos_ != "PROPN":
            return None
        span = self.doc[token.left_edge.i:token.i + 1]
        while len(span) and (span[0].dep_ == "det" or span[0].is_punct):
            span = span[1:]
        if not len(span) or any(t.pos_ not in ("PROPN", "PART") for t in span):
            return None
        entity = self.index.find(PLACE, span.text) or self.index.new(PLACE, span.text, kind="venue")
        self.index.claim(entity, span.start, span.end, "name")
        return entity

    def _place_entities(self, token: Token) -> list[Entity]:
        found = []
        for t in [token, *token.conjuncts]:
            entity = self.index.at(t)
            if entity is None or entity.type != PLACE:
                entity = self._venue(t) or entity
            if entity is not None and entity.type == PLACE and entity not in found:
                found.append(entity)
                self.place_offsets.setdefault(id(entity), t.idx)
        return found

    def _attachments(self, mention: MeetingMention, anchor: Token, own: bool) -> None:
        """Places, dates and bodies attached to the anchor: the noun itself, or its governing verb."""
        for child in anchor.children:
            if own and child.dep_ == "compound" or own and child.dep_ in ("amod", "nmod"):
                entity = self.index.at(child)
                if entity is not None and entity.type == PLACE and not mention.places:
                    mention.places = [entity]
                elif entity is not None and entity.type == ORGANIZATION and mention.body is None:
                    mention.body = entity
            if child.dep_ == "prep" and (child.lower_ in ("in", "at") or child.lower_ == "to" and anchor.lemma_.lower() in MOTION_VERBS):
                objects = [g for g in child.children if g.dep_ == "pobj"]
                for obj in objects:
                    places = self._place_entities(obj)
                    if places and not mention.places:
                        mention.places = places
            if own and child.dep_ == "prep" and child.lower_ in ("of", "by", "between", "with"):
                for obj in (g for g in child.children if g.dep_ == "pobj"):
                    entity = self.index.at(obj)
                    if entity is None:
                        continue
                    if child.lower_ == "of" and entity.type == ORGANIZATION and mention.body is None:
                        mention.body = entity
                    elif entity.type in (PERSON, ORGANIZATION, PLACE):
                        self._participant(mention, entity)
                        for conj in obj.conjuncts:
                            other = self.index.at(conj)
                            if other is not None:
                                self._participant(mention, other)
        for span in self.date_spans:
            root = span.root
            if root.head.i == anchor.i or (root.dep_ == "pobj" and root.head.head.i == anchor.i) or root.i == anchor.i:
                if span not in mention.dates and not self._is_duration(span):
                    mention.dates.append(span)

    def _when_clause_date(self, mention: MeetingMention, verb: Token) -> None:
        """'in December, when the WTO's members gather for a summit': the date the clause hangs on."""
        if mention.dates or verb.dep_ not in ("relcl", "advcl"):
            return
        for span in self.date_spans:
            if span.start <= verb.head.i < span.end:
                mention.dates.append(span)
                mention.tense = _tense(_governor(span.root)) or mention.tense

    @staticmethod
    def _is_duration(span: Span) -> bool:
        text = span.text.lower()
        return text.endswith("-hour") or text.startswith(("a ", "an ", "the next", "the past", "the last")) \
            and any(w in text for w in ("year", "month", "week", "day")) and not any(
                w in text for w in ("this", "next week", "last week", "next month", "last month"))

    @staticmethod
    def _participant(mention: MeetingMention, entity: Entity) -> None:
        if entity not in mention.participants:
            mention.participants.append(entity)

    def _sequence(self, token: Token) -> int | None:
        """'a third set of talks', 'the second round of talks', 'the first summit'."""
        heads = [token]
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in ("set", "round", "series", "day"):
            heads.append(token.head.head)
        for head in heads:
            for child in head.children:
                if child.dep_ in ("amod", "nummod") and child.lower_ in ORDINALS and child.lower_ not in ("latest",):
                    return ORDINALS[child.lower_]
        # "The meeting will be the last in a week of ..."
        governor = token.head if token.dep_ in ("nsubj", "nsubjpass") else None
        if governor is not None and governor.lemma_ == "be":
            for child in governor.children:
                if child.dep_ in ("attr", "acomp") and child.lower_ in LAST_WORDS:
                    return 99
        return None

    def _duration(self, token: Token) -> str | None:
        for child in token.children:
            if child.dep_ in ("compound", "amod", "nummod") and any(
                    w in child.lower_ for w in ("hour", "day", "minute")):
                words = [t for t in child.subtree]
                return self.doc[words[0].i:words[-1].i + 1].text
        return None

    def _entity(self, token: Token) -> Entity | None:
        """The entity a token names, a relative pronoun standing for the noun it follows included."""
        entity = self.index.at(token)
        if entity is None and token.lower_ in ("which", "who", "that") and token.head.dep_ == "relcl":
            entity = self.index.at(token.head.head)
        return entity

    def _addressed_body(self, token: Token) -> tuple[str | None, list[Entity]]:
        """'told a Commons select committee ...': speaking to a body is speaking at its session,
        which sits where the body does (a committee of the Commons in the House of Commons)."""
        doc = self.doc
        k = token.i - 1
        while k >= 0 and doc[k].pos_ in ("DET", "ADJ", "PROPN", "NOUN", "NUM") and token.i - k <= 5:
            k -= 1
        verb = doc[k] if k >= 0 else None
        if verb is None or verb.lemma_.lower() not in ADDRESS_VERBS and _governor(token).lemma_.lower() not in ADDRESS_VERBS:
            return None, []
        houses = lexicon().legislature_houses
        house = next((houses[t.lower_] for t in doc[k + 1:token.i] if t.lower_ in houses), None)
        if house is None:
            return "hearing", []
        entity = self.index.find(PLACE, house) or self.index.new(PLACE, house, kind="venue")
        return "hearing", [entity]

    def mention_from_noun(self, token: Token) -> MeetingMention | None:
        kind = _kind(token)
        if kind is None and token.text == "Day" and any(c.dep_ == "compound" for c in token.children):
            kind = "ceremony"  # a named day ("National Holocaust Memorial Day") is an occasion
        named = self.index.at(token)
        places_of_house: list[Entity] = []
        if kind is None and token.lemma_.lower() in BODY_NOUNS:
            kind, places_of_house = self._addressed_body(token)
        if kind is None:
            return None
        if named is not None and named.type != PLACE:
            # "the World Summit on the Information Society" names a body; "the European Council last
            # week" is its meeting
            governor = _governor(token)
            dated = any(span.root.head.i in (token.i, governor.i) or span.root.head.head.i == governor.i
                        and span.root.head.dep_ == "prep" for span in self.date_spans)
            if not dated and not (token.dep_ == "pobj" and token.head.lower_ in TIME_PREPS):
                return None
        det = next((c for c in token.children if c.dep_ in ("det", "poss")), None)
        if det is None and token.dep_ == "pobj" and token.head.lower_ == "of":
            # "this important act of commemoration": the phrase is as definite as its head
            det = next((c for c in token.head.head.children if c.dep_ in ("det", "poss")), None)
        definite = det is not None and det.lower_ in ("the", "this", "that", "these", "those", "its", "their")
        mention = MeetingMention(token=token, kind=kind, definite=definite)
        if kind == "hearing" and places_of_house:
            mention.places = places_of_house
        self._attachments(mention, token, own=True)
        if not mention.places and token.dep_ == "pobj":
            # "join the UK delegation in Poland for Holocaust Memorial Day": the place of the party
            for obj in (c for c in _governor(token).children if c.dep_ == "dobj"):
                for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ in ("in", "at")):
                    for place in (g for g in prep.children if g.dep_ == "pobj"):
                        mention.places = mention.places or self._place_entities(place)
        if not mention.places:
            # "a reception for holocaust survivors at St James's Palace": further down the phrase
            for t in token.subtree:
                if t.dep_ == "prep" and t.lower_ in ("at", "in") and t.i > token.i:
                    for obj in (g for g in t.children if g.dep_ == "pobj"):
                        mention.places = mention.places or self._place_entities(obj)
        governor = _governor(token)
        mention.tense = _tense(governor) if governor.pos_ in ("VERB", "AUX") else None
        if token.dep_ == "dobj" and governor.lemma_.lower() in lexicon().participation_verbs | {"hold", "lead"}:
            # "The Queen will host a reception": who hosts, holds or attends it takes part
            for subject in (c for c in governor.children if c.dep_ == "nsubj"):
                for t in [subject, *subject.conjuncts]:
                    if self._entity(t) is not None:
                        self._participant(mention, self._entity(t))
        # "talks earlier this week in Geneva and Brussels": adjuncts of the verb the noun hangs on
        if governor.i != token.i and token.dep_ in ("pobj", "nsubj", "nsubjpass", "dobj", "attr"):
            self._attachments(mention, governor, own=False)
            for xcomp in (c for c in governor.children if c.dep_ == "xcomp"):
                self._attachments(mention, xcomp, own=False)
            subject = next((c for c in governor.children if c.dep_ == "nsubj"), None)
            if subject is not None and token.dep_ == "pobj" and token.head.lower_ in ("during", "at", "in"):
                for t in [subject, *subject.conjuncts]:
                    entity = self.index.at(t)
                    if entity is not None:
                        self._participant(mention, entity)
        if token.dep_ == "nsubj" and governor.pos_ in ("VERB", "AUX"):
            # "the meeting will hear Zbigniew Rau present ...", "the summit brought together X and Y"
            for child in governor.children:
                inner = child if child.dep_ in ("dobj",) else next(
                    (g for g in child.children if g.dep_ == "nsubj"), None) if child.dep_ in ("ccomp", "xcomp") else None
                for t in ([inner, *inner.conjuncts] if inner is not None else []):
                    entity = self.index.at(t)
                    if entity is not None and entity.type in (PERSON, ORGANIZATION):
                        self._participant(mention, entity)
        self._when_clause_date(mention, governor)
        mention.sequence = self._sequence(token)
        mention.duration = self._duration(token)
        if kind == "council" and not (token.dep_ == "pobj" and token.head.lower_ in TIME_PREPS):
            return None  # "the council meets", "a meeting of the Council": a body, not a meeting
        anchorless = lexicon().meeting_noun_needs_anchor
        if token.lower_ in anchorless or token.tag_ == "NN" and token.lemma_.lower() in anchorless:
            if not (mention.places or mention.dates or mention.body or mention.participants):
                if not definite:
                    return None
                mention.weak = True
        if token.dep_ == "compound" and _kind(token.head) is not None:
            return None  # "council meeting": the meeting is the head
        return mention

    def mention_from_verb(self, token: Token) -> MeetingMention | None:
        """'the permanent council of the OSCE meets in Vienna'; 'X is due to meet Y'; 'X is due in Y'."""
        lemma = token.lemma_.lower()
        arriving = lemma in ("arrive",) or lemma == "be" and any(c.lower_ == "due" and c.dep_ == "acomp" for c in token.children)
        if token.pos_ not in ("VERB", "AUX") or token.pos_ == "AUX" and not arriving:
            return None
        kind = "visit" if arriving else lexicon().meeting_verbs.get(lemma)
        if kind is None:
            return None
        mention = MeetingMention(token=token, kind=kind, definite=False, tense=_tense(token))
        self._attachments(mention, token, own=False)
        self._when_clause_date(mention, token)
        subject = next((c for c in token.children if c.dep_ in ("nsubj",)), None)
        objects = [c for c in token.children if c.dep_ == "dobj"]
        if subject is not None:
            entity = self._entity(subject)
            if entity is None:
                of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                inner = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
                entity = self.index.at(inner) if inner is not None else None
                if entity is not None and entity.type == ORGANIZATION and _kind(subject) == "council":
                    mention.body = entity
                    entity = None
            if entity is not None:
                if entity.type == ORGANIZATION and not objects:
                    mention.body = entity
                self._participant(mention, entity)
        if arriving:
            due = next(c for c in token.children if c.lower_ in ("due", "arrive") or c.i == token.i) if lemma == "be" else token
            for prep in (c for c in [*token.children, *due.children] if c.dep_ == "prep" and c.lower_ in ("in", "at")):
                for obj in (g for g in prep.children if g.dep_ == "pobj"):
                    mention.places = mention.places or self._place_entities(obj)
            self._attachments(mention, due, own=False)
            if not mention.places or not mention.participants:
                return None
        for obj in objects:
            entity = self.index.at(obj)
            if entity is not None and kind == "visit" and entity.type == PLACE:
                mention.places = [entity]
            elif entity is not None:
                self._participant(mention, entity)
        if not (mention.places or mention.dates or mention.participants or mention.body):
            return None
        if kind == "meeting" and not (mention.places or mention.body or mention.dates) \
                and not (mention.participants and objects):
            return None  # "X met Y", "X is meeting officials this week"; not "the figures meet expectations"
        return mention

    # -- all mentions, then meetings ------------------------------------------------------------------
    def mentions(self) -> list[MeetingMention]:
        found = []
        for token in self.doc:
            mention = self.mention_from_noun(token) or self.mention_from_verb(token)
            if mention is not None:
                found.append(mention)
        by_token = {m.token.i: m for m in found}
        for m in found:
            # "the talks in Brussels at a meeting of the NATO-Russia Council": one event; so is
            # "lead the commemoration at a service"
            holders = [m.token]
            if m.token.dep_ in ("dobj", "nsubjpass") and m.token.head.pos_ == "VERB":
                holders.append(m.token.head)
            for child in [c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in ("at", "during")]:
                for obj in child.children:
                    inner = by_token.get(obj.i)
                    if inner is not None and inner is not m:
                        inner.inside = m
            for child in m.token.children:
                if child.dep_ == "prep" and child.lower_ in ("at", "during"):
                    for obj in child.children:
                        inner = by_token.get(obj.i)
                        if inner is not None:
                            inner.inside = m
                if m.token.pos_ == "VERB" and child.dep_ in ("prep", "dobj"):
                    # "the members gather for a summit", "hold talks": one event
                    for obj in [child, *child.children]:
                        inner = by_token.get(obj.i)
                        if inner is not None and inner is not m:
                            inner.inside = m
                if child.dep_ == "prep" and child.lower_ == "for" and m.kind == "visit":
                    for obj in child.children:
                        inner = by_token.get(obj.i)
                        if inner is not None:
                            inner.inside = m
                if child.dep_ == "prep" and child.lower_ in ("after", "following"):
                    for obj in child.children:
                        if obj.i in by_token:
                            m.after = by_token[obj.i]
            # "talks ... set to take place on January 13 when the council meets in Vienna": one event
            if m.token.pos_ == "VERB" and m.token.dep_ in ("relcl", "advcl"):
                owner = next((o for o in found if o is not m and o.token.pos_ == "NOUN"
                              and sent_of(o.token) == sent_of(m.token) and m.token in _governor(o.token).subtree), None)
                if owner is not None:
                    m.inside = owner
        return found

    def _date(self, mention: MeetingMention) -> DateInterval | None:
        best = None
        for span in mention.dates:
            interval = resolve(span.text, self.published, mention.tense)
            if interval.earliest is None:
                continue
            if best is None or (interval.latest - interval.earliest) < (best.latest - best.earliest):
                best = interval
        return best

    def _reported_as_recent(self, meeting: Meeting) -> DateInterval:
        """No date in the text: news tells what is going on now ('Mr Blair is at a summit') or has
        just happened ('Leaving a Brussels summit, Mr Blair said')."""
        tense = meeting.mentions[0].tense
        day = dt.timedelta(days=1)
        if tense == "present" and any(m.token.dep_ != "nsubj" for m in meeting.mentions):
            return DateInterval(text=REPORTED_DATES[0], earliest=self.published, latest=self.published)
        if tense == "past":
            return DateInterval(text=REPORTED_DATES[1], earliest=self.published - day, latest=self.published)
        return meeting.date

    def _compatible(self, meeting: Meeting, m: MeetingMention, date: DateInterval | None) -> bool:
        kinds = meeting.kinds | {meeting.kind}
        visit_there = ("visit" in kinds or m.kind == "visit") and meeting.place is not None and meeting.place in m.places
        if not visit_there and not any(same_family(k, m.kind) for k in kinds):
            return False
        if m.places and meeting.place is not None and meeting.place not in m.places \
                and not any(_within(p, meeting.place) or _within(meeting.place, p) for p in m.places):
            return False
        if m.body is not None and meeting.body is not None and m.body is not meeting.body:
            return False
        if date is not None and meeting.date.earliest is not None and not date.overlaps(meeting.date):
            return False
        return True

    @staticmethod
    def _shares(meeting: Meeting, m: MeetingMention, place: Entity | None, date: DateInterval | None) -> bool:
        """The same place (or one within the other), the same body, or the same day."""
        if place is not None and meeting.place is not None and (
                meeting.place is place or _within(place, meeting.place) or _within(meeting.place, place)):
            return True
        if m.body is not None and meeting.body is m.body:
            return True
        return date is not None and meeting.date.earliest is not None \
            and date.earliest == date.latest == meeting.date.earliest == meeting.date.latest

    def _merge(self, meeting: Meeting, m: MeetingMention, date: DateInterval | None, place: Entity | None) -> None:
        meeting.mentions.append(m)
        meeting.kinds.add(m.kind)
        m.meeting = meeting
        if place is not None and (meeting.place is None or PLACE_PRECISION.get(place.kind, 1) > PLACE_PRECISION.get(
                meeting.place.kind, 1)):
            meeting.place = place  # the most precise: a hall in a city in a country
        if meeting.body is None and m.body is not None:
            meeting.body = m.body
            if m.body not in meeting.participants:
                meeting.participants.append(m.body)
        if date is not None:
            if meeting.date.earliest is None:
                meeting.date = date
            elif date.overlaps(meeting.date) and (date.latest - date.earliest) < (meeting.date.latest - meeting.date.earliest):
                meeting.date = date
        for p in m.participants:
            if p not in meeting.participants and p is not meeting.place:
                meeting.participants.append(p)
        if m.sequence is not None and meeting.sequence is None:
            meeting.sequence = m.sequence
        meeting.duration = meeting.duration or m.duration
        if meeting.kind in ("meeting", "council") and m.kind not in ("meeting",) and same_family(meeting.kind, m.kind):
            meeting.kind = m.kind

    def meetings(self) -> list[Meeting]:
        meetings: list[Meeting] = []
        last: Meeting | None = None
        recent: list[Meeting] = []  # most recently mentioned last
        for m in self.mentions():
            # "the meeting": the last meeting spoken of that it can be
            last = next((x for x in reversed(recent) if same_family(x.kind, m.kind)), None)
            date = self._date(m)
            places = m.places or [None]
            for place in places:
                target = None
                if m.inside is not None and m.inside.meeting is not None and len(places) == 1:
                    target = m.inside.meeting
                elif place is not None or m.body is not None or date is not None:
                    candidates = [x for x in meetings if self._compatible(x, m, date) and self._shares(x, m, place, date)]
                    target = candidates[-1] if candidates else None
                    if target is None and m.definite and place is None and last is not None \
                            and self._compatible(last, m, date) and (last.place is None or m.body is None):
                        target = last  # "the meeting on January 13": the one last spoken of
                elif m.definite and last is not None and same_family(last.kind, m.kind):
                    target = last
                if target is None and m.weak:
                    continue
                if target is None:
                    target = Meeting(mentions=[], kind=m.kind)
                    if len(places) > 1:
                        target.first_named = self.place_offsets.get(id(place))
                    meetings.append(target)
                self._merge(target, m, date, place)
                if target in recent:
                    recent.remove(target)
                recent.append(target)
        for meeting in meetings:
            for m in meeting.mentions:
                if m.after is not None and m.after.meeting is not None and m.after.meeting is not meeting:
                    meeting.follows = m.after.meeting
        for meeting in meetings:
            earlier = meeting.follows
            if earlier is not None:
                # "a news conference after the meeting": there, and then
                meeting.place = meeting.place or earlier.place
                if meeting.date.earliest is None and earlier.date.earliest is not None:
                    meeting.date = DateInterval(text=earlier.date.text, earliest=earlier.date.earliest,
                                                latest=earlier.date.latest)
        for meeting in meetings:
            if meeting.date.earliest is None and self.published is not None:
                meeting.date = self._reported_as_recent(meeting)
        return meetings


def date_from_statements(doc: Doc, links: dict[int, tuple[Meeting, str]], statements: list[Statement],
                         published: dt.date | None) -> None:
    """'On Wednesday Mr Straw said ... he told the committee': a meeting the text leaves undated
    took place when the statements made at it were made."""
    if published is None:
        return
    dates = [e for e in doc.ents if e.label_ == "DATE"]
    for n, (meeting, relation) in links.items():
        s = statements[n]
        if relation != "at" or s.cue is None or meeting.date.text not in (None, *REPORTED_DATES):
            continue
        sentence = sent_of(s.cue[0])
        # a date of the frame, not of the words: "on Wednesday Mr Straw said he ..."
        near = [span for span in dates if sentence.start <= span.start and span.end <= sentence.end
                and not (s.start <= span.start_char < s.end)
                and (span.end <= s.cue.start or _governor(span.root).i == s.cue.start)]
        for span in sorted(near, key=lambda span: abs(span.start - s.cue.start)):
            interval = resolve(span.text, published, _tense(s.cue[0]))
            if interval.earliest is not None:
                meeting.date = interval
                break


def _to_media(cue: Token) -> bool:
    """The cue frames words given to the press: 'in an interview', 'told the Guardian newspaper'."""
    media = lexicon().media_nouns - {"reporters", "journalists", "press"}
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "to", "on"):
            if any(g.lemma_.lower() in media for g in child.children if g.dep_ == "pobj"):
                return True
        if child.dep_ in ("dobj", "dative") and (child.lemma_.lower() in media or any(
                g.lemma_.lower() in media for g in child.children if g.dep_ == "compound")):
            return True
    return False


def link_statements(doc: Doc, meetings: list[Meeting], statements: list[Statement]) -> dict[int, tuple[Meeting, str]]:
    """For each statement (by its index in the list): the meeting it was made at or is about.

    In order of evidence: a meeting named in the cue's own clause ("said after the talks in
    Brussels") is where it was said; one named in its words is what it is about; otherwise the
    meeting the speaker last spoke at, or, for a statement in the past tense, the meeting the text
    has just been speaking of, while no other meeting has come up since.
    """
    by_sentence: dict[int, list[MeetingMention]] = {}
    for meeting in meetings:
        for m in meeting.mentions:
            by_sentence.setdefault(sent_of(m.token).start, []).append(m)
    number = {s.start: n for n, s in enumerate(sentences(doc))}
    topics: list[tuple[int, Meeting]] = sorted(
        (number[start], max(ms, key=lambda m: m.token.i).meeting) for start, ms in by_sentence.items())
    links: dict[int, tuple[Meeting, str]] = {}
    last_by_speaker: dict[int, tuple[Meeting, str, int]] = {}
    sentence_of: dict[int, int] = {}
    for n, s in enumerate(statements):
        words = doc.char_span(s.start, s.end, alignment_mode="expand")
        anchor = s.cue[0] if s.cue is not None else words[0]
        here = number[sent_of(anchor).start]
        in_sentence = sorted(by_sentence.get(sent_of(anchor).start, []), key=lambda m: m.token.i)
        inside = [m for m in in_sentence if s.start <= m.token.idx < s.end]
        frame = {t.i for t in anchor.subtree} if s.cue is not None else set()
        if s.subject is not None:
            # "a spokesman for the WSIS, which is meeting in Geneva, told the BBC": that describes
            # the speaker; it does not say where the words were said
            frame -= {t.i for t in s.subject.subtree}
        own = [m for m in in_sentence if m not in inside and m.token.i in frame]
        topic = next((t for t in reversed(topics) if t[0] < here), None)
        chosen = None
        if s.cue is not None and _to_media(s.cue[0]) and not own and not inside:
            # "said in an interview with The Times", "told the Guardian": said to the press, not
            # at a meeting (it may still be about the one the speaker was speaking of), and so is
            # what the speaker goes on to say
            before = last_by_speaker.get(id(s.entity)) if s.entity is not None else None
            if before is not None and before[1] == "about" and here - before[2] <= 6:
                links[n] = (before[0], "about")
            elif s.entity is not None:
                last_by_speaker[id(s.entity)] = (None, "", here)
            sentence_of[n] = here
            continue
        if own:
            chosen = (own[0].meeting, "at")
        elif inside:
            chosen = (inside[0].meeting, "about")
        elif s.entity is not None and id(s.entity) in last_by_speaker:
            meeting, relation, when = last_by_speaker[id(s.entity)]
            if here - when <= 6:
                chosen = (meeting, relation)
                if meeting is None:
                    sentence_of[n] = here
                    continue
        if chosen is None and topic is not None and here - topic[0] <= 3 and s.cue is not None \
                and _tense(s.cue[0]) != "present" and s.entity is not None \
                and ({s.entity, *s.entity.affiliations} & set(topic[1].participants)):
            chosen = (topic[1], "at")
        if chosen is not None and chosen[0] is not None:
            links[n] = chosen
            if s.entity is not None:
                last_by_speaker[id(s.entity)] = (chosen[0], chosen[1], here)
        sentence_of[n] = here
    # a news lead sums up what its speaker goes on to say at the meeting the next sentences name
    for n, s in enumerate(statements):
        if n in links or s.entity is None or s.cue is None or _tense(s.cue[0]) == "present":
            continue
        later = next((k for k in range(n + 1, len(statements)) if statements[k].entity is s.entity
                      and sentence_of[k] - sentence_of[n] <= 3), None)
        if later is not None and later in links and links[later][1] == "at":
            between = [t for t in topics if sentence_of[n] <= t[0] <= sentence_of[later]]
            if all(t[1] is links[later][0] for t in between):
                links[n] = links[later]
    return links


def find_meetings(doc: Doc, index: EntityIndex, published: dt.date | None) -> list[Meeting]:
    return MeetingFinder(doc, index, published).meetings()
