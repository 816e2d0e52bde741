"""What queries answer: pydantic models that the library returns, `render.py` draws and `--json`
prints (a superset of /work/shared/CONTRACT.md: its fields keep their names, types and meanings).

A row carries the fields of the record it comes from (a meeting's `sequence`, a statement's
`utterance`) besides those it declares, so a field added to a record reaches `--json` without a
change here; the declared fields are the ones the contract and the renderers rely on.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .records import DateInterval, TextSpan

EntityType = Literal["person", "organization", "place"]
StatementKind = Literal["direct", "partial", "indirect"]


class Answer(BaseModel):
    """An answer or a part of one; fields beyond the declared ones come from the record."""

    # Schemas are built when first used: a command builds those of its own answers only.
    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)


class ArticleRef(Answer):
    """An article: where it came from and when it was published (`published`, an ISO date or null)."""

    id: str
    path: str | None = Field(description="the path as given to ingest; null for standard input")
    title: str | None
    published: dt.date | None
    url: str | None = None


class EntityRef(Answer):
    id: str
    name: str
    type: EntityType


class NodeRef(Answer):
    """Any node of the graph, named for a reader (a statement by its opening words)."""

    id: str
    name: str
    type: str


class MeetingRef(Answer):
    id: str
    name: str
    place: str | None
    date: DateInterval


class StatementRow(Answer):
    """One statement: its words, where they stand in the article, who said them, at which meeting."""

    id: str
    article: ArticleRef
    kind: StatementKind
    text: str = Field(description="the quoted or reported words, without enclosing quote marks")
    start: int = Field(description="offset of `text` in the article as read: article_text[start:end] == text")
    end: int
    cue: TextSpan | None = Field(description="the verb or phrase of saying")
    speaker: EntityRef | None = Field(description="the resolved speaker, by canonical name")
    speaker_mention: TextSpan | None = Field(description="the words this statement is attributed to")
    meeting: MeetingRef | None
    meeting_relation: Literal["at", "about"] | None = Field(
        description="'at': made at the meeting or in its course; 'about': its words are about it")
    utterance: str | None = Field(None, description="shared by the quoted passages of one act of speech")
    speakers: list[EntityRef] = Field(default_factory=list, description="every speaker, the resolved one first")
    addressee: TextSpan | None = None


class MeetingFields(Answer):
    """A meeting: when, where, who took part, how much was said there, who reported it."""

    id: str
    name: str
    kind: str | None = None
    place: str | None
    body: str | None = None
    date: DateInterval
    participants: list[EntityRef]
    statements: int = Field(0, description="how many statements were made at or about it")
    duration: str | None = None
    articles: list[str] = Field(description="ids of the articles reporting it")


class MeetingRow(MeetingFields):
    """One meeting in the chronology."""

    order: int = Field(description="its 1-based position in this answer's chronology")


class TimelineRow(MeetingRow):
    """A meeting of the chronology with what was said at or about it."""

    said: list[StatementRow] = Field(default_factory=list)


class EntityRow(Answer):
    """A person or organisation: names, roles, affiliations, how much it said, where it appears."""

    id: str
    name: str
    aliases: list[str]
    roles: list[str] = Field(default_factory=list)
    affiliations: list[EntityRef] = Field(default_factory=list)
    statements: int = 0
    articles: list[str] = Field(default_factory=list)


class OrganizationRow(EntityRow):
    """An organisation, with the people affiliated with it."""

    members: list[EntityRef] = Field(default_factory=list)


class StatementGroup(Answer):
    meeting: MeetingRef | None
    statements: list[StatementRow]


class Profile(Answer):
    """One person, organisation or place: everything the store knows of it."""

    id: str
    name: str
    type: EntityType
    aliases: list[str]
    roles: list[str] = Field(default_factory=list)
    kind: str | None = None
    affiliations: list[EntityRef] = Field(default_factory=list)
    members: list[EntityRef] = Field(default_factory=list)
    meetings: list[MeetingRef] = Field(default_factory=list)
    statements: list[StatementGroup] = Field(default_factory=list)
    met: list[EntityRef] = Field(default_factory=list)
    articles: list[ArticleRef] = Field(default_factory=list)


class MeetingProfile(MeetingFields):
    """One meeting: the chronology's fields, what was said at or about it, the articles reporting it."""

    said: list[StatementRow] = Field(default_factory=list)
    reports: list[ArticleRef] = Field(default_factory=list)
    follows: list[MeetingRef] = Field(default_factory=list, description="meetings the text places before it")


class Paragraph(Answer):
    """A stretch of an article's text; `start` is its offset in the article."""

    text: str
    start: int
    end: int


class StatementProfile(StatementRow):
    """One statement in its paragraph, so that cue, speaker mention and words can be seen in place."""

    paragraph: Paragraph


class ArticleProfile(ArticleRef):
    """One article with what it reports."""

    chars: int | None = None
    statements: list[StatementRow] = Field(default_factory=list)
    meetings: list[MeetingRef] = Field(default_factory=list)


class Neighbor(Answer):
    id: str
    name: str
    type: str
    distance: int
    via: list[str] = Field(description="each link of the way there, told in words")


class PathStep(Answer):
    from_: NodeRef = Field(alias="from")
    relation: str
    to: NodeRef
    sentence: str


class Path(Answer):
    from_: EntityRef = Field(alias="from")
    to: EntityRef
    length: int = Field(description="links on the shortest path; 0 with no link")
    steps: list[PathStep]
    summary: str


class EntityMatch(EntityRef):
    type: str  # search also finds meetings
    aliases: list[str] = Field(default_factory=list)


class SearchResult(Answer):
    statements: list[StatementRow]
    entities: list[EntityMatch]


class DateSpan(Answer):
    earliest: dt.date | None
    latest: dt.date | None


class Stats(Answer):
    nodes: dict[str, int]
    edges: dict[str, int]
    articles: int
    published: DateSpan
    meetings: DateSpan


class Candidate(Answer):
    """One of several things a name may mean."""

    id: str
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)


def dump(answer: object) -> object:
    """An answer (or a list or dict of them) as JSON-ready Python values, fields by their contract
    names; plain values as they are."""
    if isinstance(answer, list):
        return [dump(row) for row in answer]
    if isinstance(answer, dict):
        return {key: dump(value) for key, value in answer.items()}
    if isinstance(answer, BaseModel):
        return answer.model_dump(mode="json", by_alias=True)
    return answer
