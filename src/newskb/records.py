"""The records newskb extracts and stores: pydantic models, one per kind of node and edge.

Every node and edge carries its provenance: the article it came from and, where the text names it,
the character offsets of the words that ground it (`Mention`).
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


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


# The dates of meetings the text does not date, which news tells as going on or just over.
REPORTED_DATES = ("now, as reported", "recently, as reported")


class DateInterval(Record):
    """When something happened: the interval the text and the publication date allow."""

    text: str | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None

    def overlaps(self, other: DateInterval) -> bool:
        if None in (self.earliest, self.latest, other.earliest, other.latest):
            return False
        return self.earliest <= other.latest and other.earliest <= self.latest  # type: ignore[operator]


Tense = Literal["past", "present", "future"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


class TimeExpression(Record):
    """A TimeML TIMEX3 in an article: `article_text[start:end] == text`; `value` is resolved against the
    publication date, the clause's `tense` and, where the text moved away from the publication date,
    the expression at index `anchor` of the article's list. Dates and times bound the days they may
    denote (`earliest`, `latest`); durations and sets do not."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    earliest: dt.date | None = None
    latest: dt.date | None = None
    tense: Tense | None = None
    anchor: int | None = None
    governor: int | None = None  # index of the token it modifies (a verb or noun) in the parsed Doc


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


def same_family(a: str, b: str) -> bool:
    """Can one event be called both a and b ('the talks' and 'the negotiations'; 'the meeting' and
    any deliberation: talks, summit, hearing)? The families are the lexicon's."""
    from .lexicon import lexicon

    lex = lexicon()
    families = lex.meeting_kind_families
    if a == b or any(a in f and b in f for f in families.values()):
        return True
    deliberative = {*families["talks"], *families["summit"], *families["hearing"], *lex.general_meeting_kinds}
    return (a in lex.general_meeting_kinds or b in lex.general_meeting_kinds) and a in deliberative and b in deliberative


class Meeting(Node):
    type: Literal["meeting"] = "meeting"
    kind: str
    place: str | None = None  # the name of the place, for display; the edge held_in links the node
    body: str | None = None
    date: DateInterval = Field(default_factory=DateInterval)
    sequence: int | None = None  # "a third set of talks": 3; "the last": a large number
    duration: str | None = None
    position: int = 0  # where the article first names it, for ordering ties
    parties: list[str] = Field(default_factory=list)  # who took part, by name: what other articles match


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
    utterance: str | None = None  # quotes of one act of speech share it: '"A," X said. "B."'


AnyNode = Annotated[
    Union[Article, Person, Organization, Place, Meeting, Statement], Field(discriminator="type")
]
NODE_ADAPTER: TypeAdapter[AnyNode] = TypeAdapter(AnyNode, config=ConfigDict(defer_build=True))

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
    times: list[TimeExpression] = Field(default_factory=list)
