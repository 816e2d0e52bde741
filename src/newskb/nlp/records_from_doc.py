"""A processed Doc as newskb records: nodes and edges with their provenance, ids by name."""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ..ids import entity_id, meeting_id, statement_id
from ..records import (
    Article,
    Edge,
    Extraction,
    Meeting,
    Mention,
    Organization,
    Person,
    Place,
    Statement,
    TextSpan,
)
from .entities import ORGANIZATION, PERSON, Entity
from .meetings import Meeting as FoundMeeting


def _text_span(span: Span | None) -> TextSpan | None:
    if span is None or not len(span):
        return None
    return TextSpan(text=span.text, start=span.start_char, end=span.end_char)


class RecordBuilder:
    def __init__(self, doc: Doc, article: Article):
        self.doc = doc
        self.article = article
        self.nodes: dict[str, object] = {}
        self.edges: list[Edge] = []
        self.ids: dict[int, str] = {}

    def _mention(self, start: int, end: int) -> Mention:
        span = self.doc[start:end]
        return Mention(article=self.article.id, start=span.start_char, end=span.end_char, text=span.text)

    def entity(self, entity: Entity) -> str:
        if id(entity) in self.ids:
            return self.ids[id(entity)]
        node_id = entity_id(entity.type, entity.name, self.article.id if entity.anonymous else None)
        self.ids[id(entity)] = node_id
        provenance = [self._mention(m.start, m.end) for m in entity.mentions]
        aliases = sorted(a for a in entity.aliases if a != entity.name)
        if entity.type == PERSON:
            node = Person(id=node_id, name=entity.name, aliases=aliases, roles=list(entity.roles),
                          gender=entity.gender, provenance=provenance, anonymous=entity.anonymous)
        elif entity.type == ORGANIZATION:
            node = Organization(id=node_id, name=entity.name, aliases=aliases, provenance=provenance,
                                anonymous=entity.anonymous)
        else:
            node = Place(id=node_id, name=entity.name, aliases=aliases, kind=entity.kind, provenance=provenance)
        self.nodes[node_id] = node
        if provenance:
            self.edges.append(Edge(source=node_id, target=self.article.id, type="mentioned_in", article=self.article.id))
        for other in entity.affiliations:
            self.edges.append(Edge(source=node_id, target=self.entity(other), type="affiliated_with",
                                   article=self.article.id))
        return node_id

    def meeting(self, found: FoundMeeting, number: int) -> str:
        if id(found) in self.ids:
            return self.ids[id(found)]
        node_id = meeting_id(self.article.id, number)
        self.ids[id(found)] = node_id
        provenance = [self._mention(m.token.i, m.token.i + 1) for m in found.mentions]
        node = Meeting(id=node_id, name=found.name(), kind=found.kind,
                       place=found.place.name if found.place else None,
                       body=found.body.name if found.body else None, date=found.date,
                       sequence=found.sequence, duration=found.duration, position=found.position,
                       provenance=provenance)
        self.nodes[node_id] = node
        article = self.article.id
        self.edges.append(Edge(source=node_id, target=article, type="mentioned_in", article=article))
        if found.place is not None:
            self.edges.append(Edge(source=node_id, target=self.entity(found.place), type="held_in", article=article))
        if found.body is not None:
            self.edges.append(Edge(source=self.entity(found.body), target=node_id, type="body_of", article=article))
        for p in found.participants:
            self.edges.append(Edge(source=self.entity(p), target=node_id, type="participated_in", article=article))
        return node_id

    def build(self) -> Extraction:
        doc = self.doc
        for entity in doc._.entities.entities:
            if entity.mentions and not entity.anonymous:
                self.entity(entity)
        meetings = doc._.meetings
        for n, found in enumerate(meetings, start=1):
            self.meeting(found, n)
        for found in meetings:
            if found.follows is not None:
                self.edges.append(Edge(source=self.ids[id(found)], target=self.ids[id(found.follows)], type="follows",
                                       article=self.article.id))
        links = doc._.statement_meetings
        text = doc.text  # built anew on every access: read once
        for n, s in enumerate(doc._.statements):
            node_id = statement_id(self.article.id, s.start, s.end)
            statement = Statement(
                id=node_id, name=text[s.start:s.end][:80], kind=s.kind, article=self.article.id,
                text=text[s.start:s.end], start=s.start, end=s.end, cue=_text_span(s.cue),
                speaker_mention=_text_span(s.speaker_span), addressee=_text_span(s.addressee),
                provenance=[Mention(article=self.article.id, start=s.start, end=s.end, text=text[s.start:s.end])],
            )
            self.nodes[node_id] = statement
            self.edges.append(Edge(source=node_id, target=self.article.id, type="mentioned_in", article=self.article.id))
            evidence = _text_span(s.cue)
            for rank, speaker in enumerate([s.entity, *s.co_entities]):
                if speaker is not None:
                    self.edges.append(Edge(source=self.entity(speaker), target=node_id, type="said",
                                           article=self.article.id, evidence=evidence, joint=rank > 0))
            if s.addressee is not None:
                addressee = doc._.entities.at(s.addressee.root)
                if addressee is not None:
                    self.edges.append(Edge(source=node_id, target=self.entity(addressee), type="addressed_to",
                                           article=self.article.id, evidence=_text_span(s.addressee)))
            if n in links:
                meeting, relation = links[n]
                self.edges.append(Edge(source=node_id, target=self.ids[id(meeting)], type=relation,
                                       article=self.article.id))
                if relation == "at":
                    for speaker in [s.entity, *s.co_entities]:
                        if speaker is not None and not speaker.anonymous:
                            self.edges.append(Edge(source=self.entity(speaker), target=self.ids[id(meeting)],
                                                   type="participated_in", article=self.article.id,
                                                   evidence=evidence))
        return Extraction(article=self.article, nodes=list(self.nodes.values()), edges=_unique(self.edges),
                          times=list(doc._.times))


def _unique(edges: list[Edge]) -> list[Edge]:
    seen, out = set(), []
    for e in edges:
        key = (e.source, e.target, e.type)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def to_records(doc: Doc, article: Article) -> Extraction:
    return RecordBuilder(doc, article).build()
