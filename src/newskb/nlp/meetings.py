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
from ..lexicon import lexicon
from ..records import DateInterval, same_family
from .entities import ORGANIZATION, PERSON, PLACE, Entity, EntityIndex
from .statements import Statement

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
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    if lower in ("conference", "conferences", "briefing") and any(
            c.lower_ in ("news", "press") for c in token.children if c.dep_ in ("compound", "amod")):
        return "news conference"
    return lex.meeting_nouns.get(lower) or lex.meeting_nouns.get(lemma)


def _tense(verb: Token) -> Tense | None:
    """Past, present or future, from the verb and its auxiliaries ("is set to", "will", "is due to")."""
    node = verb
    while node.dep_ in ("xcomp", "conj", "auxpass") and node.head.i != node.i:
        node = node.head
    aux = [c for c in node.children if c.dep_ in ("aux", "auxpass")] + [node]
    words = {a.lower_ for a in aux}
    if words & {"will", "'ll", "shall"} or node.lemma_ in ("set", "due", "expect", "schedule", "plan") \
            and any(c.dep_ == "xcomp" for c in node.children):
        return "future"
    tags = {a.tag_ for a in aux}
    if "VBD" in tags or ("VBN" in tags and words & {"has", "have", "had"}):
        return "past"
    if node.lemma_ == "be" and any(c.lower_ in ("going", "due", "set") for c in node.children):
        return "future"
    if tags & {"VBZ", "VBP"}:
        return "present"
    return None


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
    def _place_entities(self, token: Token) -> list[Entity]:
        found = []
        for t in [token, *token.conjuncts]:
            entity = self.index.at(t)
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
            if child.dep_ == "prep" and child.lower_ in ("in", "at"):
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

    def mention_from_noun(self, token: Token) -> MeetingMention | None:
        kind = _kind(token)
        if kind is None:
            return None
        det = next((c for c in token.children if c.dep_ in ("det", "poss")), None)
        definite = det is not None and det.lower_ in ("the", "this", "that", "these", "those", "its", "their")
        mention = MeetingMention(token=token, kind=kind, definite=definite)
        self._attachments(mention, token, own=True)
        governor = _governor(token)
        mention.tense = _tense(governor) if governor.pos_ in ("VERB", "AUX") else None
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
        mention.sequence = self._sequence(token)
        mention.duration = self._duration(token)
        if kind == "council" and not (token.dep_ == "pobj" and token.head.lower_ in TIME_PREPS):
            return None  # "the council meets", "a meeting of the Council": a body, not a meeting
        if token.lower_ in lexicon().meeting_noun_needs_anchor or token.lemma_.lower() in lexicon().meeting_noun_needs_anchor:
            if not (mention.places or mention.dates or mention.body or mention.participants):
                if not definite:
                    return None
                mention.weak = True
        if token.dep_ == "compound" and _kind(token.head) is not None:
            return None  # "council meeting": the meeting is the head
        return mention

    def mention_from_verb(self, token: Token) -> MeetingMention | None:
        """'the permanent council of the OSCE meets in Vienna'; 'X is due to meet Y'."""
        if token.pos_ != "VERB":
            return None
        kind = lexicon().meeting_verbs.get(token.lemma_.lower())
        if kind is None:
            return None
        mention = MeetingMention(token=token, kind=kind, definite=False, tense=_tense(token))
        self._attachments(mention, token, own=False)
        subject = next((c for c in token.children if c.dep_ in ("nsubj",)), None)
        objects = [c for c in token.children if c.dep_ == "dobj"]
        if subject is not None:
            entity = self.index.at(subject)
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
        for obj in objects:
            entity = self.index.at(obj)
            if entity is not None and kind == "visit" and entity.type == PLACE:
                mention.places = [entity]
            elif entity is not None:
                self._participant(mention, entity)
        if not (mention.places or mention.dates or mention.participants or mention.body):
            return None
        if kind == "meeting" and not mention.places and len(mention.participants) < 2 and not mention.body:
            return None
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
            # "the talks in Brussels at a meeting of the NATO-Russia Council": one event
            for child in m.token.children:
                if child.dep_ == "prep" and child.lower_ in ("at", "during"):
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
                              and o.token.sent == m.token.sent and m.token in _governor(o.token).subtree), None)
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

    def _compatible(self, meeting: Meeting, m: MeetingMention, date: DateInterval | None) -> bool:
        if not same_family(meeting.kind, m.kind):
            return False
        if m.places and meeting.place is not None and meeting.place not in m.places:
            return False
        if m.body is not None and meeting.body is not None and m.body is not meeting.body:
            return False
        if date is not None and meeting.date.earliest is not None and not date.overlaps(meeting.date):
            return False
        return True

    def _merge(self, meeting: Meeting, m: MeetingMention, date: DateInterval | None, place: Entity | None) -> None:
        meeting.mentions.append(m)
        m.meeting = meeting
        if meeting.place is None and place is not None:
            meeting.place = place
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
                    candidates = [x for x in meetings if self._compatible(x, m, date)
                                  and (place is not None and x.place is place
                                       or m.body is not None and x.body is m.body
                                       or date is not None and x.date.earliest is not None
                                       and date.earliest == date.latest == x.date.earliest == x.date.latest)]
                    target = candidates[-1] if candidates else None
                    if target is None and m.definite and place is None and last is not None \
                            and self._compatible(last, m, date) and last.place is None or (
                            target is None and m.definite and place is None and m.body is None and last is not None
                            and self._compatible(last, m, date)):
                        target = last
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
                    earlier = meeting.follows
                    meeting.place = meeting.place or earlier.place
                    if meeting.date.earliest is None and earlier.date.earliest is not None:
                        meeting.date = DateInterval(text=earlier.date.text, earliest=earlier.date.earliest,
                                                    latest=earlier.date.latest)
        return meetings


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
            by_sentence.setdefault(m.token.sent.start, []).append(m)
    sentences = list(doc.sents)
    number = {s.start: n for n, s in enumerate(sentences)}
    topics: list[tuple[int, Meeting]] = sorted(
        (number[start], max(ms, key=lambda m: m.token.i).meeting) for start, ms in by_sentence.items())
    links: dict[int, tuple[Meeting, str]] = {}
    last_by_speaker: dict[int, tuple[Meeting, str, int]] = {}
    for n, s in enumerate(statements):
        words = doc.char_span(s.start, s.end, alignment_mode="expand")
        anchor = s.cue[0] if s.cue is not None else words[0]
        here = number[anchor.sent.start]
        in_sentence = sorted(by_sentence.get(anchor.sent.start, []), key=lambda m: m.token.i)
        inside = [m for m in in_sentence if s.start <= m.token.idx < s.end]
        frame = {t.i for t in anchor.subtree} if s.cue is not None else set()
        own = [m for m in in_sentence if m not in inside and m.token.i in frame]
        topic = next((t for t in reversed(topics) if t[0] < here), None)
        chosen = None
        if own:
            chosen = (own[0].meeting, "at")
        elif inside:
            chosen = (inside[0].meeting, "about")
        elif s.entity is not None and id(s.entity) in last_by_speaker:
            meeting, relation, when = last_by_speaker[id(s.entity)]
            if here - when <= 6 and (topic is None or topic[1] is meeting or topic[0] <= when):
                chosen = (meeting, relation)
        if chosen is None and topic is not None and here - topic[0] <= 2 and s.cue is not None \
                and _tense(s.cue[0]) != "present":
            chosen = (topic[1], "at")
        if chosen is not None and chosen[0] is not None:
            links[n] = chosen
            if s.entity is not None:
                last_by_speaker[id(s.entity)] = (chosen[0], chosen[1], here)
    return links


def find_meetings(doc: Doc, index: EntityIndex, published: dt.date | None) -> list[Meeting]:
    return MeetingFinder(doc, index, published).meetings()
