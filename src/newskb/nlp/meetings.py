"""Meetings of one article: the events its meeting mentions tell of, one per event.

Mentions corefer by what they say of the event, not by their words: a kind that can name the same
event ("the talks" can be "the meeting", not "the visit"), and no clash of place, body, date or
place in a sequence. A mention with evidence of its own joins the event it shares a place, a body,
two participants or a day with; a definite mention without evidence of its own ("the meeting") is
the one last spoken of that it can be; "another meeting" never joins one spoken of. Each event
then takes the most precise place, the body, every participant, a date chosen from the time
expressions of all its mentions, and a name a reader can tell apart from the others.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..lexicon import lexicon
from ..records import REPORTED_DATES, DateInterval, same_family
from .entities import PLACE, Entities, EntityBuilder, EntityDraft
from .layout import Dateline, doc_layout
from .meeting_mentions import MeetingMention, find_mentions, is_journey
from .tense import Tense
from .sentences import text_of

PLACE_PRECISION = {"country": 0, "region": 0, "city": 2, "venue": 3}


@dataclass(frozen=True)
class Meeting:
    """A meeting of one article as the stage hands it on; entities by their keys."""

    kind: str
    name: str
    mentions: tuple[Token, ...]  # the words that name it, in text order
    tense: Tense | None  # of the clause of its first mention
    place: str | None
    body: str | None
    participants: tuple[str, ...]
    date: DateInterval
    sequence: int | None
    duration: str | None
    follows: int | None  # "a news conference after the meeting": the meeting it follows (an index)
    position: int  # where the text first names it


@dataclass(frozen=True)
class Meetings:
    meetings: tuple[Meeting, ...]
    entities: Entities  # with the venues the stage found


@dataclass(eq=False)
class _Event:
    """Mentions of one event while they are being gathered."""

    mentions: list[MeetingMention] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    body: str | None = None
    participants: list[str] = field(default_factory=list)
    date: DateInterval = field(default_factory=DateInterval)
    sequence: int | None = None
    first_named: int | None = None  # where "talks in Geneva and Brussels" names this one's place

    @property
    def kind(self) -> str:
        # the most specific name it was given: "talks" said of a "council" session stays talks; a
        # news conference folded into the talks it closed does not name them
        main = [k for k in self.kinds if k not in lexicon().side_meeting_kinds] or self.kinds
        specific = [k for k in main if k not in ("meeting", "council")]
        return specific[0] if specific else main[0]


class _Coreference:
    def __init__(self, doc: Doc, entities: EntityBuilder, published: dt.date | None, dateline: EntityDraft | None,
                 located: set[tuple[str, str]]):
        self.doc = doc
        self.entities = entities
        self.published = published
        self.dateline = dateline
        self.located = located

    def _kind_of(self, key: str) -> str | None:
        return self.entities.get(key).kind if key else None

    def place_compatible(self, a: str | None, b: str | None) -> bool:
        return a is None or b is None or a == b or self.within(a, b) or self.within(b, a)

    def within(self, fine: str, coarse: str) -> bool:
        """Does the finer place lie in the coarser one, as the world table ('Brussels' in Belgium) or
        the text ('Westminster Hall, London'; 'TAUPO, New Zealand') says?"""
        from ..lexicon import world

        if (fine, coarse) in self.located:
            return True
        f, c = self.entities.get(fine), self.entities.get(coarse)
        if c.kind != "country" or f.kind == "country":
            return False
        capital_of = world().capital(f.name)
        return capital_of is not None and capital_of.name == c.name

    @staticmethod
    def date_of(m: MeetingMention) -> DateInterval | None:
        """The narrowest of the dates attached to the mention."""
        dated = [t for t in m.times if t.earliest is not None and t.latest is not None]
        if not dated:
            return None
        best = min(dated, key=lambda t: t.latest - t.earliest)
        return DateInterval(text=best.text, earliest=best.earliest, latest=best.latest)

    def current(self, date: DateInterval) -> bool:
        """A date a definite mention may share with the event the text is telling of ('today's
        session', 'this month's meeting')."""
        return going_on(date, self.published, days_ahead=1)  # 'tomorrow's session' too

    def under_way(self, e: _Event) -> bool:
        """Going on as the story is told: dated so, or held 'here' in a clause neither past nor future."""
        if e.date.earliest is not None:
            return self.current(e.date)
        return any(m.here for m in e.mentions) and not {m.tense for m in e.mentions} & {"past", "future"}

    @staticmethod
    def same_time(e: _Event, m: MeetingMention) -> bool:
        tenses = {x.tense for x in e.mentions} - {None, "present"}
        return m.tense not in ("past", "future") or not tenses or m.tense in tenses

    def compatible(self, e: _Event, m: MeetingMention, place: str | None, date: DateInterval | None) -> bool:
        visit_there = ("visit" in e.kinds or m.kind == "visit") and place is not None and place in e.places
        if not visit_there and not any(same_family(k, m.kind) for k in e.kinds):
            return False
        if place is not None and e.places and not any(self.place_compatible(place, p) for p in e.places):
            return False
        if m.body is not None and e.body is not None and m.body != e.body:
            return False
        if date is not None and e.date.earliest is not None and not date.overlaps(e.date):
            return False
        hours = {t.value for x in e.mentions for t in x.times if t.type == "TIME"}
        if hours and not hours & {t.value for t in m.times if t.type == "TIME"} and any(t.type == "TIME" for t in m.times):
            return False  # "met this morning" is not "the meeting this afternoon"
        if self.published is not None and e.date.earliest is not None and (
                m.tense == "past" and e.date.earliest > self.published
                or m.tense == "future" and e.date.latest < self.published):
            return False  # "the meeting was useful" is not the summit planned for December
        if not self.same_time(e, m):
            return False  # what will happen is not what has happened
        return m.sequence is None or e.sequence is None or m.sequence == e.sequence

    def shares(self, e: _Event, m: MeetingMention, place: str | None, date: DateInterval | None) -> bool:
        """The same place (or one within the other), the same body, two participants or the same day."""
        if place is not None and any(p == place or self.within(place, p) or self.within(p, place) for p in e.places):
            return True
        if m.body is not None and m.body == e.body:
            return True
        if len(set(m.participants) & set(e.participants)) >= 2:
            return True
        # the same day: "a meeting on Friday ... the Friday meeting"; "a producer meeting" that
        # day is another
        return m.definite and date is not None and e.date.earliest is not None \
            and date.earliest == date.latest == e.date.earliest == e.date.latest

    def events(self, mentions: tuple[MeetingMention, ...]) -> list[tuple[_Event, list[int]]]:
        events: list[_Event] = []
        recent: list[_Event] = []  # most recently mentioned last
        of_mention: dict[int, list[_Event]] = {}
        for n in _reading_order(mentions):
            m = mentions[n]
            date = self.date_of(m)
            places = list(m.places) or ([self.dateline.key] if m.here and self.dateline else [None])
            targets = []
            for place in places:
                target = None
                if m.inside is not None and of_mention.get(m.inside) and len(places) == 1:
                    target = of_mention[m.inside][0]
                elif m.kind in lexicon().side_meeting_kinds and m.beside is not None and of_mention.get(m.beside):
                    # "a news conference after the talks", "a ceremony before the talks": part of them
                    target = of_mention[m.beside][0]
                elif m.kind in lexicon().press_meeting_kinds and place is None and m.body is None and not m.another:
                    # "X told a news conference": the one closing the meeting just spoken of, if any
                    target = next((e for e in reversed(recent) if not set(e.kinds) <= lexicon().side_meeting_kinds
                                   and (date is None or e.date.earliest is None or date.overlaps(e.date))
                                   and self.same_time(e, m)), None)
                elif not m.another:
                    fitting = [e for e in events if self.compatible(e, m, place, date)]
                    sharing = [e for e in fitting if self.shares(e, m, place, date)]
                    if sharing:
                        target = max(sharing, key=recent.index)
                    elif m.definite and place is None and m.body is None and (date is None or self.current(date)):
                        # "the meeting on January 13": the one last spoken of that it can be, one
                        # called by the same word before one it would name more generally
                        fitting = [e for e in reversed(recent) if e in fitting]
                        if m.proximal and date is None:
                            fitting.sort(key=lambda e: not self.under_way(e))
                        target = next((e for e in fitting if m.kind in e.kinds), fitting[0] if fitting else None)
                if target is None:
                    if not (m.evidence or m.beside is not None):
                        continue  # "the talks" with nothing spoken of before: no event to refer to
                    target = _Event()
                    if len(places) > 1:
                        target.first_named = next((t.idx for t in self.doc[m.token.i:]
                                                   if self.entities.at(t) is not None
                                                   and self.entities.at(t).key == place), None)
                    events.append(target)
                self.join(target, m, place, date)
                targets.append(target)
                if target in recent:
                    recent.remove(target)
                recent.append(target)
            of_mention[n] = targets
        return [(e, [n for n, ts in of_mention.items() if e in ts]) for e in events]

    def join(self, e: _Event, m: MeetingMention, place: str | None, date: DateInterval | None) -> None:
        e.mentions.append(m)
        e.kinds.append(m.kind)
        if place is not None and place not in e.places:
            e.places.append(place)
        if e.body is None and m.body is not None:
            e.body = m.body
        if m.body is not None and m.body not in e.participants:
            e.participants.append(m.body)
        for p in m.participants:
            if p not in e.participants:
                e.participants.append(p)
        if date is not None and (e.date.earliest is None or date.overlaps(e.date) and (
                date.latest - date.earliest) < (e.date.latest - e.date.earliest)):
            e.date = date
        if e.sequence is None:
            e.sequence = m.sequence

    def absorb(self, e: _Event, other: _Event) -> None:
        """One event from two found apart."""
        for m in other.mentions:
            self.join(e, m, None, None)
        e.places += [p for p in other.places if p not in e.places]

    def place_of(self, e: _Event) -> str | None:
        """The most precise: a hall in a city in a country; else where the body that meets sits."""
        if not e.places:
            return next((m.base for m in e.mentions if m.base is not None), None)
        return max(e.places, key=lambda k: PLACE_PRECISION.get(self._kind_of(k), 1))


def _reading_order(mentions: tuple[MeetingMention, ...]) -> list[int]:
    """Text order, except that the meeting a side occasion belongs to comes before it ("a news
    conference after the meeting")."""
    order: list[int] = []
    for n, m in enumerate(mentions):
        if m.beside is not None and m.beside > n and m.beside not in order:
            order.append(m.beside)
        if n not in order:
            order.append(n)
    return order


def going_on(date: DateInterval, published: dt.date | None, days_ahead: int = 0) -> bool:
    """Under way when the story was written ('today', 'this week', 'this month') or held in the two
    days before (and `days_ahead` after) it ('yesterday'); 'last week' is past."""
    if published is None or date.earliest is None or date.latest is None:
        return False
    return date.earliest <= published <= date.latest or \
        published - dt.timedelta(days=2) <= date.earliest and date.latest <= published + dt.timedelta(days=days_ahead)


def _near(date: DateInterval, published: dt.date | None, days: int) -> bool:
    near = dt.timedelta(days=days)
    return published is not None and date.earliest is not None and date.latest is not None \
        and published - near <= date.earliest and date.latest <= published + near


def _recent_default(e: _Event, published: dt.date | None) -> DateInterval:
    """No date in the text: news tells what is going on now ('Mr Blair is at a summit') or has just
    happened ('Leaving a Brussels summit, Mr Blair said'); of a planned event it knows no date."""
    tense = e.mentions[0].tense
    if published is None:
        return e.date
    here = any(m.here for m in e.mentions) and tense not in ("past", "future")
    if here or tense == "present" and any(m.token.dep_ != "nsubj" for m in e.mentions):
        return DateInterval(text=REPORTED_DATES[0], earliest=published, latest=published)
    if tense == "past":
        # a visit someone is on the way home from ended before the day the story tells of
        end = published - dt.timedelta(days=1 if all(is_journey(m.token) for m in e.mentions) else 0)
        return DateInterval(text=REPORTED_DATES[1], earliest=end - dt.timedelta(days=1), latest=end)
    return e.date


def _additive(e: _Event) -> bool:
    """'will also be visiting', 'met X too': one more event beside one told of before."""
    return any(c.lower_ in lexicon().additive_adverbs for m in e.mentions for c in m.token.children
               if c.dep_ == "advmod")


def _future_reference(doc: Doc, published: dt.date | None) -> DateInterval | None:
    """The one day ahead the article speaks of, if it speaks of one: what it announces without a
    date of its own happens then ('will visit Auschwitz ... join the delegation for Holocaust Memorial
    Day on 27 January ... will host a reception')."""
    if published is None:
        return None
    days = {(t.earliest, t.text) for t in doc._.times if t.type == "DATE" and t.tense == "future"
            and t.earliest is not None and t.earliest == t.latest and t.earliest > published}
    if len({d for d, _ in days}) != 1:
        return None
    day, text = days.pop()
    return DateInterval(text=text, earliest=day, latest=day)


def _short(entity: EntityDraft) -> str:
    acronyms = [a for a in entity.aliases if a.isupper() and len(a) > 1 and " " not in a]
    return min([entity.name, *acronyms], key=len)


def _name(e: _Event, place: str | None, entities: EntityBuilder) -> str:
    """A name a reader can tell apart: who met, what kind of meeting, where ('NATO-Russia Council
    talks, Brussels', 'Japan-United States trade talks, Tokyo', 'presidential debate, Hempstead')."""
    main = [m for m in e.mentions if m.kind not in lexicon().side_meeting_kinds] or e.mentions
    label = max((m.label for m in main), key=lambda words: (len(words.split()), -main.index(
        next(m for m in main if m.label == words))))
    parties = [entities.get(p) for p in e.participants if p != place]
    if e.body is not None:
        who = _short(entities.get(e.body))
    elif 1 <= len(parties) <= 3 and not (e.kind == "visit" and len(parties) > 1):
        who = "-".join(_short(p) for p in parties)
    else:
        who = ""
    if who and who.split()[-1].lower() == label.split()[-1]:
        label = " ".join([*label.split()[:-1], "meeting"])  # "European Council meeting", not "... council"
    name = f"{who} {label}".strip()
    topic = next((m.topic for m in e.mentions if m.topic), None)
    if not who and topic:
        name += " on " + " ".join(topic.split()[:6])
    if place is not None:
        name += ", " + entities.get(place).name
    return name[0].upper() + name[1:]


def find_meetings(doc: Doc, entities: Entities, published: dt.date | None) -> Meetings:
    index = entities.builder()
    layout = doc_layout(doc)
    quoted = [(s.start, s.end) for s in doc._.statements if s.quote is not None]
    mentions = find_mentions(doc, index, layout, quoted)
    dateline = _dateline_place(doc, index, layout.dateline)
    coreference = _Coreference(doc, index, published, dateline, _located(doc, index, layout.dateline, dateline))
    events = coreference.events(mentions)
    reference = _future_reference(doc, published)
    event_of = {n: e for e, ns in events for n in ns}
    found: list[_Placed] = []
    for e, _ in events:
        follows = next((event_of[m.beside] for m in e.mentions if m.beside is not None and m.beside in event_of
                        and event_of[m.beside] is not e), None)
        place = coreference.place_of(e)
        date = e.date
        if follows is not None:
            # "talks after the summit": there, and then
            place = place or coreference.place_of(follows)
            if date.earliest is None and follows.date.earliest is not None:
                date = follows.date
        if date.earliest is None:
            date = _recent_default(e, published)
        if date.earliest is None and e.mentions[0].tense == "future":
            date = reference or date
        if date.earliest is None and _additive(e):
            # "Howard, who will also be visiting South Korea": on the trip the text has just dated
            parallel = next((x for x in reversed(found) if x.date.earliest is not None
                             and any(same_family(k, j) for k in e.kinds for j in x.event.kinds)
                             and set(e.participants) & set(x.event.participants)), None)
            date = parallel.date if parallel is not None else date
        deliberation = any(same_family(k, "meeting") or k in lexicon().press_meeting_kinds for k in e.kinds)
        from_dateline = place is None and dateline is not None and not all(m.several for m in e.mentions) and (
            _near(date, published, 7) if deliberation else _near(date, published, 1) and date.text not in REPORTED_DATES)
        if from_dateline:
            # wire copy: talks and meetings around the dateline's day, nowhere else placed, happen
            # where the story was filed ("talks here", "a meeting today"); a debate, a rally or a
            # ceremony only if it happened that day or the day before (the story filed from it);
            # "preliminary meetings" may have been held anywhere
            place = dateline.key
        found.append(_Placed(e, place, date, follows, from_dateline))
    found = _merge_dateline_events(found, coreference)
    number = {id(x.event): k for k, x in enumerate(found)}
    meetings = []
    for e, place, date, follows, _ in ((x.event, x.place, x.date, x.follows, x.from_dateline) for x in found):
        tokens = sorted({m.token.i: m.token for m in e.mentions}.values(), key=lambda t: t.i)
        meetings.append(Meeting(
            kind=e.kind, name=_name(e, place, index), mentions=tuple(tokens), tense=e.mentions[0].tense,
            place=place, body=e.body, participants=tuple(p for p in e.participants if p != place), date=date,
            sequence=e.sequence, duration=next((m.duration for m in e.mentions if m.duration), None),
            follows=number[id(follows)] if follows is not None else None,
            position=min([t.idx for t in tokens] + ([e.first_named] if e.first_named is not None else []))))
    return Meetings(meetings=tuple(meetings), entities=index.freeze())


@dataclass(eq=False)
class _Placed:
    event: _Event
    place: str | None
    date: DateInterval
    follows: _Event | None
    from_dateline: bool


def _merge_dateline_events(found: list[_Placed], coreference: _Coreference) -> list[_Placed]:
    """An event placed by the dateline may be one the text also places more broadly ('a weekend
    meeting' at the dateline's Kashikojima, and 'talks in central Japan'): one event, at the more
    precise place, on the date the text gives."""
    out: list[_Placed] = []
    for x in found:
        same = next((y for y in out if (x.from_dateline or y.from_dateline) and x.place and y.place
                     and (coreference.within(x.place, y.place) or coreference.within(y.place, x.place))
                     and any(same_family(k, j) for k in x.event.kinds for j in y.event.kinds)
                     and (x.date.text in REPORTED_DATES or y.date.text in REPORTED_DATES or x.date.overlaps(y.date))),
                    None)
        if same is None:
            out.append(x)
            continue
        coreference.absorb(same.event, x.event)
        if x.from_dateline:
            same.place = x.place if coreference.within(x.place, same.place) else same.place
        elif coreference.within(x.place, same.place):
            same.place = x.place
        if x.date.earliest is not None and (same.date.earliest is None or same.date.text in REPORTED_DATES
                                            and x.date.text not in REPORTED_DATES):
            same.date = x.date
        same.from_dateline = same.from_dateline and x.from_dateline
    return out


def _located(doc: Doc, index: EntityBuilder, dateline: Dateline | None,
             dateline_place: EntityDraft | None) -> set[tuple[str, str]]:
    """Places the text puts inside others: 'Westminster Hall, London', 'in Hempstead, New York',
    and the dateline's city in its region."""
    located = set()
    for comma in doc[1:-1]:
        if comma.text != ",":
            continue
        fine, coarse = index.at(doc[comma.i - 1]), index.at(doc[comma.i + 1])
        if fine is not None and coarse is not None and fine.type == coarse.type == PLACE and fine is not coarse \
                and index.at(comma) is None:
            located.add((fine.key, coarse.key))
    if dateline is not None and dateline_place is not None and dateline.region:
        region = doc.char_span(text_of(doc).find(dateline.region, dateline.end), text_of(doc).find(dateline.region, dateline.end)
                               + len(dateline.region), alignment_mode="expand")
        coarse = index.at(region[0]) if region is not None and len(region) else None
        if coarse is not None and coarse.type == PLACE:
            located.add((dateline_place.key, coarse.key))
    # what lies in a city lies in the city's country
    for fine, city in list(located):
        for inner, outer in list(located):
            if inner == city:
                located.add((fine, outer))
    return located


def _dateline_place(doc: Doc, index: EntityBuilder, dateline: Dateline | None) -> EntityDraft | None:
    if dateline is None:
        return None
    span = doc.char_span(dateline.start, dateline.end, alignment_mode="expand")
    entity = index.at(span[0]) if span is not None else None
    return entity if entity is not None and entity.type == PLACE else None
