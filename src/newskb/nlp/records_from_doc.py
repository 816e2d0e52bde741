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
from .entities import ORGANIZATION, PERSON, Entities, Entity
from .meetings import Meeting as FoundMeeting
from .sentences import span_text, text_of


def _text_span(span: Span | None) -> TextSpan | None:
    if span is None or not len(span):
        return None
    return TextSpan(text=span_text(span), start=span.start_char, end=span.end_char)


class RecordBuilder:
    def __init__(self, doc: Doc, article: Article):
        self.doc = doc
        self.article = article
        self.entities: Entities = doc._.meetings.entities  # the last stage's table holds everything
        self.nodes: dict[str, object] = {}
        self.edges: list[Edge] = []
        self.ids: dict[str, str] = {}  # entity key -> node id
        self.meeting_ids: list[str] = []

    def _mention(self, start: int, end: int) -> Mention:
        span = self.doc[start:end]
        return Mention(article=self.article.id, start=span.start_char, end=span.end_char, text=span_text(span))

    def entity(self, key: str) -> str:
        if key in self.ids:
            return self.ids[key]
        entity: Entity = self.entities.by_key[key]
        node_id = entity_id(entity.type, entity.name, self.article.id if entity.anonymous else None)
        self.ids[key] = node_id
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

    def meeting(self, found: FoundMeeting, number: int, date) -> str:
        node_id = meeting_id(self.article.id, number)
        provenance = [self._mention(t.i, t.i + 1) for t in found.mentions]
        node = Meeting(id=node_id, name=found.name, kind=found.kind,
                       place=self.entities.by_key[found.place].name if found.place else None,
                       body=self.entities.by_key[found.body].name if found.body else None, date=date,
                       sequence=found.sequence, duration=found.duration, position=found.position,
                       parties=[self.entities.by_key[p].name for p in found.participants
                                if not self.entities.by_key[p].anonymous],
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
        for entity in self.entities.items:
            if entity.mentions and not entity.anonymous:
                self.entity(entity.key)
        meetings = doc._.meetings.meetings
        links = doc._.links
        for n, (found, date) in enumerate(zip(meetings, links.dates), start=1):
            self.meeting_ids.append(self.meeting(found, n, date))
        for k, found in enumerate(meetings):
            if found.follows is not None:
                self.edges.append(Edge(source=self.meeting_ids[k], target=self.meeting_ids[found.follows],
                                       type="follows", article=self.article.id))
        text = text_of(doc)
        utterances = _utterances(doc._.statements)
        for n, said in enumerate(doc._.speakers.said):
            s = said.statement
            node_id = statement_id(self.article.id, s.start, s.end)
            statement = Statement(
                id=node_id, name=text[s.start:s.end][:80], kind=s.kind, article=self.article.id,
                text=text[s.start:s.end], start=s.start, end=s.end, cue=_text_span(s.cue),
                speaker_mention=_text_span(said.speaker_span), addressee=_text_span(s.addressee),
                utterance=statement_id(self.article.id, *utterances[(s.start, s.end)]) if (s.start, s.end) in utterances else None,
                provenance=[Mention(article=self.article.id, start=s.start, end=s.end, text=text[s.start:s.end])],
            )
            self.nodes[node_id] = statement
            self.edges.append(Edge(source=node_id, target=self.article.id, type="mentioned_in", article=self.article.id))
            evidence = _text_span(s.cue)
            speakers = [said.speaker, *said.co_speakers]
            for rank, speaker in enumerate(speakers):
                if speaker is not None:
                    self.edges.append(Edge(source=self.entity(speaker), target=node_id, type="said",
                                           article=self.article.id, evidence=evidence, joint=rank > 0))
            if s.addressee is not None:
                addressee = self.entities.at(s.addressee.root)
                if addressee is not None:
                    self.edges.append(Edge(source=node_id, target=self.entity(addressee.key), type="addressed_to",
                                           article=self.article.id, evidence=_text_span(s.addressee)))
            if n in links.meeting_of:
                k, relation = links.meeting_of[n]
                self.edges.append(Edge(source=node_id, target=self.meeting_ids[k], type=relation,
                                       article=self.article.id))
                if relation == "at":
                    for speaker in speakers:
                        if speaker is not None and not self.entities.by_key[speaker].anonymous:
                            self.edges.append(Edge(source=self.entity(speaker), target=self.meeting_ids[k],
                                                   type="participated_in", article=self.article.id,
                                                   evidence=evidence))
        return Extraction(article=self.article, nodes=list(self.nodes.values()), edges=_unique(self.edges),
                          times=list(doc._.times))


def _utterances(statements) -> dict[tuple[int, int], tuple[int, int]]:
    """Quotes that continue another ('"A," X said. "B."') and the quote they continue, each by its
    offsets, mapped to the offsets of the first quote of their act of speech."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for s in statements:
        if s.follows is None:
            continue
        root = statements[s.follows]
        while root.follows is not None:
            root = statements[root.follows]
        out[(s.start, s.end)] = out[(root.start, root.end)] = (root.start, root.end)
    return out


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
