"""Which meeting each statement was made at or is about, and what the statements made at a
meeting tell of its date.

In order of evidence: a meeting named in the cue's own clause ("said after the talks in Brussels")
is where it was said; one named in its words is what it is about; otherwise the meeting the speaker
last spoke at, or, for a statement in the past tense, the meeting the text has just been speaking
of, while no other meeting has come up since.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from spacy.tokens import Doc, Token

from ..dates import resolve
from ..lexicon import lexicon
from ..records import DateInterval
from .entities import Entities
from .meeting_mentions import governor
from .meetings import REPORTED_DATES, Meeting
from .sentences import sent_of, sentences
from .speakers import Said
from .tense import tense_of


@dataclass(frozen=True)
class Links:
    """What the stage hands on: each statement's meeting and relation, by the statement's index in
    `Speakers.said`, and each meeting's date with what its statements tell."""

    meeting_of: Mapping[int, tuple[int, str]]  # said index -> (meeting index, "at" | "about")
    dates: tuple[DateInterval, ...]


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


def link_statements(doc: Doc, meetings: tuple[Meeting, ...], said: tuple[Said, ...],
                    entities: Entities) -> dict[int, tuple[int, str]]:
    """For each statement (by its index in `said`): the meeting it was made at or is about."""
    by_sentence: dict[int, list[tuple[Token, int]]] = {}
    for k, meeting in enumerate(meetings):
        for token in meeting.mentions:
            by_sentence.setdefault(sent_of(token).start, []).append((token, k))
    number = {s.start: n for n, s in enumerate(sentences(doc))}
    topics: list[tuple[int, int]] = sorted(
        (number[start], max(ms, key=lambda m: m[0].i)[1]) for start, ms in by_sentence.items())
    links: dict[int, tuple[int, str]] = {}
    last_by_speaker: dict[str, tuple[int | None, str, int]] = {}
    sentence_of: dict[int, int] = {}
    for n, x in enumerate(said):
        s = x.statement
        words = doc.char_span(s.start, s.end, alignment_mode="expand")
        anchor = s.cue[0] if s.cue is not None else words[0]
        here = number[sent_of(anchor).start]
        in_sentence = sorted(by_sentence.get(sent_of(anchor).start, []), key=lambda m: m[0].i)
        inside = [m for m in in_sentence if s.start <= m[0].idx < s.end]
        frame = {t.i for t in anchor.subtree} if s.cue is not None else set()
        if x.subject is not None:
            # "a spokesman for the WSIS, which is meeting in Geneva, told the BBC": that describes
            # the speaker; it does not say where the words were said
            frame -= {t.i for t in x.subject.subtree}
        own = [m for m in in_sentence if m not in inside and m[0].i in frame]
        topic = next((t for t in reversed(topics) if t[0] < here), None)
        chosen = None
        if s.cue is not None and _to_media(s.cue[0]) and not own and not inside:
            # "said in an interview with The Times", "told the Guardian": said to the press, not
            # at a meeting (it may still be about the one the speaker was speaking of), and so is
            # what the speaker goes on to say
            before = last_by_speaker.get(x.speaker) if x.speaker is not None else None
            if before is not None and before[1] == "about" and here - before[2] <= 6:
                links[n] = (before[0], "about")
            elif x.speaker is not None:
                last_by_speaker[x.speaker] = (None, "", here)
            sentence_of[n] = here
            continue
        if own:
            chosen = (own[0][1], "at")
        elif inside:
            chosen = (inside[0][1], "about")
        elif x.speaker is not None and x.speaker in last_by_speaker:
            meeting, relation, when = last_by_speaker[x.speaker]
            if here - when <= 6:
                chosen = (meeting, relation)
                if meeting is None:
                    sentence_of[n] = here
                    continue
        if chosen is None and topic is not None and here - topic[0] <= 3 and s.cue is not None \
                and tense_of(s.cue[0]) != "present" and x.speaker is not None:
            speaker = entities.get(x.speaker)
            if {speaker.key, *speaker.affiliations} & set(meetings[topic[1]].participants):
                chosen = (topic[1], "at")
        if chosen is not None and chosen[0] is not None:
            links[n] = chosen
            if x.speaker is not None:
                last_by_speaker[x.speaker] = (chosen[0], chosen[1], here)
        sentence_of[n] = here
    # a news lead sums up what its speaker goes on to say at the meeting the next sentences name
    for n, x in enumerate(said):
        s = x.statement
        if n in links or x.speaker is None or s.cue is None or tense_of(s.cue[0]) == "present":
            continue
        later = next((k for k in range(n + 1, len(said)) if said[k].speaker == x.speaker
                      and sentence_of[k] - sentence_of[n] <= 3), None)
        if later is not None and later in links and links[later][1] == "at":
            between = [t for t in topics if sentence_of[n] <= t[0] <= sentence_of[later]]
            if all(t[1] == links[later][0] for t in between):
                links[n] = links[later]
    return links


def dates_from_statements(doc: Doc, meetings: tuple[Meeting, ...], links: Mapping[int, tuple[int, str]],
                          said: tuple[Said, ...], published: dt.date | None) -> tuple[DateInterval, ...]:
    """'On Wednesday Mr Straw said ... he told the committee': a meeting the text leaves undated
    took place when the statements made at it were made."""
    dates = [m.date for m in meetings]
    if published is None:
        return tuple(dates)
    date_spans = [e for e in doc.ents if e.label_ == "DATE"]
    for n, (k, relation) in links.items():
        s = said[n].statement
        if relation != "at" or s.cue is None or dates[k].text not in (None, *REPORTED_DATES):
            continue
        sentence = sent_of(s.cue[0])
        # a date of the frame, not of the words: "on Wednesday Mr Straw said he ..."
        near = [span for span in date_spans if sentence.start <= span.start and span.end <= sentence.end
                and not (s.start <= span.start_char < s.end)
                and (span.end <= s.cue.start or governor(span.root).i == s.cue.start)]
        for span in sorted(near, key=lambda span: abs(span.start - s.cue.start)):
            interval = resolve(span.text, published, tense_of(s.cue[0]))
            if interval.earliest is not None:
                dates[k] = interval
                break
    return tuple(dates)


def find_links(doc: Doc, meetings: tuple[Meeting, ...], said: tuple[Said, ...], entities: Entities,
               published: dt.date | None) -> Links:
    links = link_statements(doc, meetings, said, entities)
    return Links(meeting_of=MappingProxyType(links),
                 dates=dates_from_statements(doc, meetings, links, said, published))
