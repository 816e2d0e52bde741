"""The records newskb extracts and stores: pydantic models, one per kind of node and edge.

Every node and edge carries its provenance: the article it came from and, where the text names it,
the character offsets of the words that ground it (`Mention`).
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Mention(Record):
    """Words of one article: `article_text[start:end] == text`."""

    article: str
    start: int
    end: int
    text: str


class TextSpan(Record):
    """Words of the statement's own article (the article is implied)."""

    text: str
    start: int
    end: int


class DateInterval(Record):
    """When something happened: the interval the text and the publication date allow."""

    text: str | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None

    def overlaps(self, other: DateInterval) -> bool:
        if None in (self.earliest, self.latest, other.earliest, other.latest):
            return False
        return self.earliest <= other.latest and other.earliest <= self.latest  # type: ignore[operator]


class Node(Record):
    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    provenance: list[Mention] = Field(default_factory=list)


class Article(Node):
    type: Literal["article"] = "article"
    path: str | None = None
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    sha256: str
    chars: int


class Person(Node):
    type: Literal["person"] = "person"
    roles: list[str] = Field(default_factory=list)
    gender: Literal["male", "female"] | None = None
    anonymous: bool = False  # known only by a description ("a source", "critics")


class Organization(Node):
    type: Literal["organization"] = "organization"
    anonymous: bool = False


class Place(Node):
    type: Literal["place"] = "place"
    kind: Literal["country", "city", "region", "venue"] | None = None


# Kinds of meeting one event may be called by: "the talks" can be "the negotiations", "the summit"
# "the conference"; the general words ("the meeting", "the session") can name any of those; nothing
# but a visit is "the visit".
KIND_FAMILIES = [
    {"talks", "negotiations"},
    {"summit", "conference", "assembly", "forum", "congress", "convention"},
    {"hearing"},
    {"news conference", "briefing"},
    {"visit"},
    {"ceremony", "reception", "event"},
    {"rally", "debate"},
]
GENERAL_KINDS = {"meeting", "session", "council", "ministerial"}
_DELIBERATIVE = KIND_FAMILIES[0] | KIND_FAMILIES[1] | KIND_FAMILIES[2] | GENERAL_KINDS


def same_family(a: str, b: str) -> bool:
    """Can one event be called both a and b?"""
    if a == b or any(a in f and b in f for f in KIND_FAMILIES):
        return True
    return (a in GENERAL_KINDS or b in GENERAL_KINDS) and a in _DELIBERATIVE and b in _DELIBERATIVE


class Meeting(Node):
    type: Literal["meeting"] = "meeting"
    kind: str
    place: str | None = None  # the name of the place, for display; the edge held_in links the node
    body: str | None = None
    date: DateInterval = Field(default_factory=DateInterval)
    sequence: int | None = None  # "a third set of talks": 3; "the last": a large number
    duration: str | None = None
    position: int = 0  # where the article first names it, for ordering ties


class Statement(Node):
    type: Literal["statement"] = "statement"
    kind: Literal["direct", "partial", "indirect"]
    article: str
    text: str
    start: int
    end: int
    cue: TextSpan | None = None
    speaker_mention: TextSpan | None = None
    addressee: TextSpan | None = None


AnyNode = Annotated[
    Union[Article, Person, Organization, Place, Meeting, Statement], Field(discriminator="type")
]
NODE_ADAPTER: TypeAdapter[AnyNode] = TypeAdapter(AnyNode)

EdgeType = Literal[
    "said", "at", "about", "held_in", "participated_in", "affiliated_with", "mentioned_in",
    "body_of", "addressed_to", "follows",
]


class Edge(Record):
    source: str
    target: str
    type: EdgeType
    article: str
    evidence: TextSpan | None = None
    joint: bool = False  # `said`: one of several speakers after the first ("Moscow and Washington")


class Extraction(Record):
    """What the pipeline found in one article, with article-local node ids."""

    article: Article
    nodes: list[AnyNode] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
