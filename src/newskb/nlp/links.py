"""Which meeting each statement was made at or is about, and what the statements made at a
meeting tell of its date.

In order of evidence: a meeting named in the cue's own clause ("said after the talks in Brussels")
is where it was said; otherwise the meeting the speaker last spoke at, or one under way that the
speaker takes part in; failing those, one the words speak of (by name, by what it brought about,
"the deal", or by a noun in quoted words, "his first foreign visit") is what they are about, and so
is the one the speaker last spoke of, until others speak or the speaker turns ("But ..."). Nothing
is said at a meeting yet to begin, nor at one going on by words "recently" said.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from spacy.tokens import Doc, Span, Token

from ..lexicon import lexicon, name_key
from ..records import REPORTED_DATES, DateInterval, same_family
from .entities import Entities
from .layout import doc_layout
from .meeting_mentions import is_journey
from .meetings import Meeting, going_on
from .sentences import sent_of, sentences
from .speakers import Said
from .tense import tense_of


@dataclass(frozen=True)
class Links:
    """What the stage hands on: each statement's meeting and relation, by the statement's index in
    `Speakers.said`, and each meeting's date with what its statements tell."""

    meeting_of: Mapping[int, tuple[int, str]]  # said index -> (meeting index, "at" | "about")
    dates: tuple[DateInterval, ...]


def _to_media(cue: Token, entities: Entities) -> bool:
    """The cue frames words given to the press: 'in an interview', 'told the Guardian newspaper',
    'told Reuters'."""
    media = lexicon().media_nouns - {"reporters", "journalists", "press"}

    def is_media(token: Token) -> bool:
        named = entities.at(token)
        return token.lemma_.lower() in media or named is not None and name_key(named.name) in lexicon().news_organizations

    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "to", "on"):
            if any(is_media(g) for g in child.children if g.dep_ == "pobj"):
                return True
        if child.dep_ in ("dobj", "dative") and (is_media(child) or any(
                is_media(g) for g in child.children if g.dep_ == "compound")):
            return True
    return False


CONTINUATION_SENTENCES = 6
TOPIC_PREPOSITIONS = ("of", "about", "on")
CONTENT_CLAUSES = ("ccomp", "xcomp", "parataxis", "conj")


class _Linker:
    def __init__(self, doc: Doc, meetings: tuple[Meeting, ...], said: tuple[Said, ...], entities: Entities,
                 published: dt.date | None):
        self.doc = doc
        self.meetings = meetings
        self.said = said
        self.entities = entities
        self.published = published
        self.number = {sent.start: n for n, sent in enumerate(sentences(doc))}
        self.mention_of: dict[int, int] = {t.i: k for k, m in enumerate(meetings) for t in m.mentions}
        self.outcome_of = outcomes(meetings)
        # (token, meeting, kind) of every mention, in text order: what a quoted meeting noun may name
        self.kinds_named = sorted((t.i, k, lexicon().meeting_nouns.get(t.lemma_.lower(), m.kind))
                                  for k, m in enumerate(meetings) for t in m.mentions)
        dateline = doc_layout(doc).dateline
        span = doc.char_span(dateline.start, dateline.end, alignment_mode="expand") if dateline else None
        place = entities.at(span[0]) if span is not None and len(span) else None
        self.dateline = place.key if place is not None else None

    def sentence(self, token: Token) -> int:
        return self.number[sent_of(token).start]

    def current(self, k: int) -> bool:
        """Under way or just over when the article was written: where its words are being said (not
        a visit the speaker is on the way home from)."""
        return not self.left(k) and going_on(self.meetings[k].date, self.published)

    def left(self, k: int) -> bool:
        """A visit known only as the one someone is on the way home from: nothing is said at it now."""
        return all(is_journey(t) for t in self.meetings[k].mentions)

    def spoken_of(self, s, words: Span, content: set[int]) -> tuple[list[int], set[int]]:
        """The meetings the words speak of, in text order: named in them, named by what they brought
        about ('the deal'), or by a noun inside quoted words; and those of them the speakers say they
        took part in."""
        doc = self.doc
        quoted = self.quoted_meetings(words) if s.quote is not None else []
        named = [self.mention_of[i] for i in sorted(content) if i in self.mention_of]
        brought = [self.outcome_of[doc[i].lemma_.lower()] for i in sorted(content) if i not in self.mention_of
                   and doc[i].lemma_.lower() in self.outcome_of and _refers(doc[i])]
        return named + brought + [k for k, _ in quoted], {k for k, took in quoted if took}

    def quoted_meetings(self, words: Span) -> list[tuple[int, bool]]:
        """The meetings that quoted words speak of, which the meeting stage leaves aside ('his first
        foreign visit', 'We had a businesslike meeting'): the one of the noun's kind the text names
        last before the words, else first in the sentence after them; with whether the speakers say
        they took part ('we had', 'I attended')."""
        found = []
        next_sentence = self.sentence(words[-1]) + 1
        for token in words:
            kind = lexicon().meeting_nouns.get(token.lemma_.lower())
            if kind is None or token.pos_ != "NOUN" or token.i in self.mention_of \
                    or token.lemma_.lower() in lexicon().vague_meeting_nouns:
                continue
            named = [(i, k) for i, k, named_kind in self.kinds_named if same_family(named_kind, kind)]
            before = [k for i, k in named if i < words.start]
            after = [k for i, k in named if i >= words.end and self.sentence(self.doc[i]) <= next_sentence]
            if before or after:
                verb = token.head
                took = token.dep_ == "dobj" and verb.lemma_.lower() in lexicon().partaking_verbs \
                    and any(c.dep_ == "nsubj" and c.lower_ in ("we", "i") for c in verb.children)
                found.append((before[-1] if before else after[0], took))
        return found

    def ahead(self, k: int, when: DateInterval | None) -> bool:
        """The meeting begins after the words were said (or, their day unknown, the story was written)."""
        said = when.latest if when is not None else self.published
        begins = self.meetings[k].date.earliest
        return said is not None and begins is not None and begins > said

    def takes_part(self, x: Said, k: int) -> bool:
        speaker = self.entities.get(x.speaker)
        if speaker is None:
            return False
        participants = set(self.meetings[k].participants)
        if speaker.key in participants:
            return True
        meeting = self.meetings[k]
        if participants & set(speaker.affiliations) and (
                speaker.anonymous or self.dateline is not None and meeting.place == self.dateline):
            # "a spokesman for the WSIS" speaks for the WSIS; filed from where a meeting is under way
            # or just over, the people of its parties speak there
            return True
        return speaker.anonymous and x.speaker_span is not None \
            and x.speaker_span.root.lemma_.lower() in lexicon().participant_nouns

    def links(self) -> dict[int, tuple[int, str]]:
        doc = self.doc
        links: dict[int, tuple[int, str]] = {}
        last_by_speaker: dict[str, tuple[int | None, str, int, int]] = {}  # meeting, relation, sentence, statement
        sentence_of: dict[int, int] = {}
        spans = [doc.char_span(x.statement.start, x.statement.end, alignment_mode="expand") for x in self.said]
        reported: dict[int, set[int]] = {}  # cue token -> the tokens of every statement it reports
        for x, span in zip(self.said, spans):
            if x.statement.cue is not None:
                reported.setdefault(x.statement.cue.start, set()).update(range(span.start, span.end))
        for n, (x, words) in enumerate(zip(self.said, spans)):
            s = x.statement
            anchor = s.cue[0] if s.cue is not None else words[0]
            here = sentence_of[n] = self.sentence(anchor)
            frame = {t.i for t in anchor.subtree} if s.cue is not None else set()
            if s.cue is not None and anchor.pos_ == "NOUN" and anchor.dep_ == "pobj":
                # "ended a weekend meeting with a frank confession that ...": a noun of saying is
                # framed by the clause, or the meeting, it belongs to
                governor = anchor.head.head
                frame |= {t.i for t in governor.subtree} if governor.pos_ in ("VERB", "AUX") else {governor.i}
            if x.subject is not None:
                # "a spokesman for the WSIS, which is meeting in Geneva, told the BBC": that describes
                # the speaker; it does not say where the words were said
                frame -= {t.i for t in x.subject.subtree}
            # what the cue reports is never where it was said: 'Wallis said the U.S. will press at the
            # summit', whichever of the cue's statements this is
            content = set(range(words.start, words.end)) | reported.get(anchor.i, set())
            if s.cue is not None and s.quote is not None:
                # 'said the meeting was "much more efficient"': the clause holding the quoted words
                # is what was said, not where
                for child in s.cue[0].children:
                    clause = [t.i for t in child.subtree] if child.dep_ in CONTENT_CLAUSES else []
                    if any(words.start <= i < words.end for i in clause):
                        content.update(clause)
            frame -= content
            own = sorted((i for i in frame if i in self.mention_of and not self.left(self.mention_of[i])),
                         key=lambda i: abs(i - anchor.i))
            inside, took_part = self.spoken_of(s, words, content)
            framing = _frame_times(doc, s, s.cue[0]) if s.cue is not None else []
            when = _nearest(framing, anchor)
            chosen: tuple[int | None, str] | None = None
            if own:
                # 'an aide said of the meeting': what it is about, not where
                of = doc[own[0]].dep_ == "pobj" and doc[own[0]].head.lower_ in TOPIC_PREPOSITIONS \
                    and doc[own[0]].head.head.i == anchor.i
                chosen = (self.mention_of[own[0]], "about" if of else "at")
            elif s.cue is not None and _to_media(s.cue[0], self.entities):
                # "said in an interview with The Times", "told the Guardian": said to the press, not
                # at a meeting (it may still be about the one the speaker was speaking of), and so is
                # what the speaker goes on to say
                before = last_by_speaker.get(x.speaker) if x.speaker is not None else None
                if before is not None and before[1] == "about" and here - before[2] <= CONTINUATION_SENTENCES:
                    links[n] = (before[0], "about")
                elif x.speaker is not None:
                    last_by_speaker[x.speaker] = (None, "", here, n)
                continue
            else:
                # words said in the course of a meeting are said at it, whatever they are about
                before = last_by_speaker.get(x.speaker) if x.speaker is not None else None
                recent = before is not None and here - before[2] <= CONTINUATION_SENTENCES
                # "Mr Blair recently said", "had earlier said": words of some time before the story
                earlier = any(t.value == "PAST_REF" for t in framing)
                if earlier:
                    chosen = None  # "Mr Blair recently said": not at the meeting going on
                elif recent and before[1] == "at":
                    chosen = (before[0], "at")
                elif recent and before[0] is None:
                    chosen = None  # what the speaker goes on to say in the interview
                else:
                    chosen = self.under_way(x, anchor, when, inside, took_part)
                if chosen is None and inside:
                    chosen = (inside[0], "about")
                elif chosen is None and recent and not earlier and not (before[1] == "about" and (
                        _turns(anchor) or any(y.speaker != x.speaker for y in self.said[before[3] + 1:n]))):
                    # what the speaker goes on to say of it, unless set against it or after others spoke
                    chosen = (before[0], before[1])
            if chosen is not None and chosen[0] is not None and chosen[1] == "at" and self.ahead(chosen[0], when):
                chosen = (chosen[0], "about")  # nothing is said at a meeting yet to begin
            if chosen is not None and chosen[0] is not None and (
                    when is None or chosen[1] != "at" or self.meetings[chosen[0]].date.earliest is None
                    or when.overlaps(self.meetings[chosen[0]].date)):
                links[n] = chosen
            if x.speaker is not None and chosen is not None:
                last_by_speaker[x.speaker] = (chosen[0], chosen[1], here, n)
        self.leads(links, sentence_of)
        return links

    def under_way(self, x: Said, anchor: Token, when: DateInterval | None,
                  spoken_of: list[int], took_part: set[int]) -> tuple[int, str] | None:
        """Words said, with no other occasion named, by someone taking part in a meeting under way
        as the story is told: said at it ("Mr Blair is at a summit ... the French president told
        reporters")."""
        if x.statement.cue is None or tense_of(x.statement.cue[0]) != "past":
            return None  # "Moscow insists ...": a stance it holds, not words said at the meeting
        candidates = [k for k in range(len(self.meetings)) if self.current(k) and (k in took_part or self.takes_part(x, k))
                      and (when is None or when.overlaps(self.meetings[k].date))]
        if not candidates:
            return None
        before = [k for k in candidates if self.meetings[k].position <= anchor.idx]
        if not before and spoken_of:
            # words about a meeting were said at it ('he held "frank" discussions'), not at another
            # the text has not yet named
            candidates = [k for k in candidates if k in spoken_of]
            if not candidates:
                return None
        # the one spoken of most recently before the words, else the first spoken of after them
        last_named = lambda k: max((t.idx for t in self.meetings[k].mentions if t.idx <= anchor.idx), default=-1)
        chosen = max(before, key=last_named) if before else min(candidates, key=lambda k: self.meetings[k].position)
        return chosen, "at"

    def leads(self, links: dict[int, tuple[int, str]], sentence_of: dict[int, int]) -> None:
        """A news lead sums up what its speaker goes on to say at the meeting the next sentences name."""
        topics = sorted((self.sentence(t), k) for k, m in enumerate(self.meetings) for t in m.mentions)
        for n, x in enumerate(self.said):
            s = x.statement
            if n in links or x.speaker is None or s.cue is None or tense_of(s.cue[0]) == "present":
                continue
            later = next((k for k in range(n + 1, len(self.said)) if self.said[k].speaker == x.speaker
                          and sentence_of[k] - sentence_of[n] <= 3), None)
            if later is not None and later in links and links[later][1] == "at":
                between = [t for t in topics if sentence_of[n] <= t[0] <= sentence_of[later]]
                if all(t[1] == links[later][0] for t in between):
                    links[n] = links[later]


def outcomes(meetings: tuple[Meeting, ...]) -> dict[str, int]:
    """What meetings brought about, by the noun that names it: 'a meeting of the WSIS agreed to the
    creation of a fund', 'the deal, struck at the European Council'. Words of the fund or the deal
    are about that meeting; a noun two meetings brought about names neither."""
    found: dict[str, set[int]] = {}
    for k, meeting in enumerate(meetings):
        for token in meeting.mentions:
            for noun in _brought_about(token):
                found.setdefault(noun.lemma_.lower(), set()).add(k)
    return {lemma: next(iter(ks)) for lemma, ks in found.items() if len(ks) == 1}


def _brought_about(mention: Token) -> list[Token]:
    decided = lexicon().decision_verbs | lexicon().outcome_verbs
    objects: list[Token] = []
    head = mention.head
    if mention.dep_ == "nsubj" and head.lemma_.lower() in decided:
        # "the meeting agreed to the creation of a fund": the creation and the fund
        objects = [c for c in head.children if c.dep_ == "dobj"] + [
            g for c in head.children if c.dep_ == "prep" and c.lower_ in ("to", "on") for g in c.children
            if g.dep_ == "pobj"]
    elif mention.dep_ == "pobj" and head.lower_ == "at" and head.head.lemma_.lower() in decided \
            and head.head.dep_ == "acl" and head.head.head.pos_ == "NOUN":
        objects = [head.head.head]  # "the deal, struck at the European Council"
    of = [g for o in objects for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
          for g in c.children if g.dep_ == "pobj"]
    return [t for t in objects + of if t.pos_ in ("NOUN", "PROPN")]


def _turns(cue: Token) -> bool:
    """The sentence is set against the one before: 'But the Tory leader argued ...'."""
    first = next((t for t in sent_of(cue) if not t.is_punct and not t.is_space), None)
    return first is not None and first.lower_ in lexicon().contrastive_connectives


def _refers(noun: Token) -> bool:
    """A noun that refers to a thing already known ('the deal', 'this fund', 'its fund'), or is the
    first the text says of it ('A deal bringing Turkey closer ... , Blair has said')."""
    definite = any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)
    layout = doc_layout(noun.doc)
    first = not any(t.lemma_ == noun.lemma_ and not layout.in_headline(t.idx) for t in noun.doc[:noun.i])
    return definite or first


def _frame_times(doc: Doc, s, cue: Token) -> list:
    """The times of the frame, not of the words: before the cue or governed by it, in its clause."""
    sentence = sent_of(cue)
    dateline = doc_layout(doc).dateline
    begins = max(sentence.start_char, dateline.body if dateline else 0)  # the filing date tells nothing of the frame
    return [t for t in doc._.times if t.type in ("DATE", "TIME")
            and begins <= t.start and t.end <= sentence.end_char and not s.start <= t.start < s.end
            and (t.end <= cue.idx or t.governor == cue.i) and _of_clause(doc, t.governor, cue)]


def _nearest(framing: list, cue: Token) -> DateInterval | None:
    """'On Wednesday Mr Straw said ...': when the words were said, where the frame says (of its times,
    the date nearest to the cue)."""
    near = [t for t in framing if t.earliest is not None]
    if not near:
        return None
    best = min(near, key=lambda t: abs(t.start - cue.idx))
    return DateInterval(text=best.text, earliest=best.earliest, latest=best.latest)


def _of_clause(doc: Doc, governor: int | None, cue: Token) -> bool:
    """Does the time modify the cue's clause ('Speaking on Friday, he said'), not a noun in it ('told
    of a survey published today')?"""
    if governor is None:
        return True
    node = doc[governor]
    while node.i != cue.i:
        if node.head.i == node.i or node.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return node.head.i == cue.i or node.i == cue.i
        node = node.head
    return True


def dates_from_statements(doc: Doc, meetings: tuple[Meeting, ...], links: Mapping[int, tuple[int, str]],
                          said: tuple[Said, ...]) -> tuple[DateInterval, ...]:
    """'On Wednesday Mr Straw said ... he told the committee': a meeting the text leaves undated
    took place when the statements made at it were made."""
    dates = [m.date for m in meetings]
    for n, (k, relation) in links.items():
        s = said[n].statement
        if relation != "at" or s.cue is None or dates[k].text not in (None, *REPORTED_DATES):
            continue
        when = _nearest(_frame_times(doc, s, s.cue[0]), s.cue[0])
        if when is not None:
            dates[k] = when
    return tuple(dates)


def find_links(doc: Doc, meetings: tuple[Meeting, ...], said: tuple[Said, ...], entities: Entities,
               published: dt.date | None) -> Links:
    links = _Linker(doc, meetings, said, entities, published).links()
    return Links(meeting_of=MappingProxyType(links),
                 dates=dates_from_statements(doc, meetings, links, said))
