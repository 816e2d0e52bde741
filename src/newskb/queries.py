"""Questions asked of the knowledge base, answered from the store's indexes as typed answers.

Each question reads what it needs through `Store`'s read side, never the whole store. The graph
stays the model the code reasons with: questions that walk it (neighbours, paths, the view,
exports) build a networkx graph of the part they need, found by a bounded search over the store's
indexed adjacency.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .answers import (
    ArticleProfile,
    ArticleRef,
    Candidate,
    DateSpan,
    EntityMatch,
    EntityRef,
    EntityRow,
    MeetingProfile,
    MeetingRef,
    MeetingRow,
    Neighbor,
    OrganizationRow,
    Paragraph,
    Path,
    PathStep,
    Profile,
    SearchResult,
    StatementGroup,
    StatementProfile,
    StatementRow,
    Stats,
    TimelineRow,
)
from .errors import AmbiguousNameError, InputError, NotFoundError
from .lexicon import name_key
from .store import EdgeRow, Store

if TYPE_CHECKING:
    import datetime as dt

    import networkx as nx

ENTITY_TYPES = ("person", "organization", "place")
RELATIONS = {
    "said": "said", "at": "was said at", "about": "is about", "held_in": "was held in",
    "participated_in": "took part in", "affiliated_with": "is affiliated with", "mentioned_in": "is mentioned in",
    "body_of": "met as", "addressed_to": "was said to", "follows": "came after",
}
# Articles link everything they mention; paths through them explain nothing.
STRUCTURAL = {"mentioned_in"}
SEMANTIC = tuple(t for t in RELATIONS if t not in STRUCTURAL)
MAX_PATH = 12  # links a path may have; longer ones explain nothing either
MAX_EXPLORED = 200_000  # nodes a search for a path may reach before it gives up


class Reader:
    """The store as one question reads it: nodes fetched in batches and kept for the question's length."""

    def __init__(self, store: Store):
        self.store = store
        self._nodes: dict[str, dict] = {}

    def nodes(self, ids: Iterable[str]) -> dict[str, dict]:
        ids = list(dict.fromkeys(ids))
        missing = [i for i in ids if i not in self._nodes]
        if missing:
            self._nodes.update(self.store.nodes(missing))
        return {i: self._nodes[i] for i in ids if i in self._nodes}

    def node(self, node_id: str) -> dict:
        return self.nodes([node_id])[node_id]

    def exists(self, node_id: str) -> bool:
        return bool(self.nodes([node_id]))

    def article_ref(self, article: str) -> ArticleRef:
        a = self.node(article)
        return ArticleRef(id=article, path=a.get("path"), title=a.get("title"), published=a.get("published"),
                          url=a.get("url"))

    def entity_ref(self, node: str) -> EntityRef:
        n = self.node(node)
        return EntityRef(id=node, name=n["name"], type=n["type"])

    def meeting_ref(self, node: str) -> MeetingRef:
        m = self.node(node)
        return MeetingRef(id=node, name=m["name"], place=m.get("place"), date=m.get("date") or {})

    def node_ref(self, node: str) -> dict:
        return {"id": node, "name": label(self.node(node)), "type": self.node(node)["type"]}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _check_period(since: dt.date | None, until: dt.date | None) -> None:
    if since and until and since > until:
        raise InputError(f"--since {since} is after --until {until}")


# -- names ------------------------------------------------------------------------------------------
def require_name(query: str, what: str = "name") -> str:
    if not query or not query.strip():
        raise InputError(f"the {what} is blank; give a name, or an id as listed by --json")
    return query


def find_entities(r: Reader, query: str, types: Iterable[str] = ENTITY_TYPES) -> list[str]:
    """Nodes a loosely written name means, by the first test any name passes: the name or an alias
    itself ('stoltenberg' for Jens Stoltenberg, called so), a word of the name ('sherman'), every
    word ('jens stoltenberg'), the beginning of a word or name ('stolt'). An id means its node.
    Named before unnamed, then the most connected first."""
    types = tuple(types)
    if r.exists(query) and r.node(query)["type"] in types:
        return [query]
    key = name_key(query)
    for match, fields in (("exact", ("name", "alias")), ("word", ("name",)), ("words", ("name", "alias")),
                          ("prefix", ("name", "alias"))):
        found = r.store.named(key, types, fields, match)
        if found:
            degree = r.store.degrees(found)
            data = r.nodes(found)
            return sorted(found, key=lambda n: (bool(data[n].get("anonymous")), -degree.get(n, 0)))
    return []


def suggestions(r: Reader, query: str, types: Iterable[str], fields: Iterable[str] = ("name", "alias")) -> list[str]:
    names = sorted(set(r.store.names_near(name_key(query), tuple(types), tuple(fields))))
    return difflib.get_close_matches(query, names, n=3, cutoff=0.5) or difflib.get_close_matches(
        query.title(), names, n=3, cutoff=0.5)


def require_entities(r: Reader, query: str, types: Iterable[str] = ENTITY_TYPES,
                     what: str = "person, organisation or place") -> list[str]:
    """Every entity the name may mean (a filter takes them all); none is an error."""
    require_name(query, what)
    found = find_entities(r, query, types)
    if not found:
        raise NotFoundError(what, query, suggestions(r, query, types))
    return found


def resolve(r: Reader, query: str, types: Iterable[str] = ENTITY_TYPES,
            what: str = "person, organisation or place") -> str:
    """The one entity a name means; several named ones are listed to choose from, not guessed."""
    found = require_entities(r, query, types, what)
    named = [n for n in found if not r.node(n).get("anonymous")] or found
    if len(named) > 1:
        raise AmbiguousNameError(query, [_candidate(r, n) for n in named])
    return named[0]


def _candidate(r: Reader, node: str) -> Candidate:
    d = r.node(node)
    return Candidate(id=node, name=d["name"], type=d["type"], aliases=d.get("aliases", []))


def find_meetings(r: Reader, query: str, fields: Iterable[str] = ("name", "alias", "place", "body", "kind")
                  ) -> list[str]:
    """Meetings by id, or by name, place, body or kind: 'brussels', 'NATO-Russia Council', 'summit'."""
    if r.exists(query) and r.node(query)["type"] == "meeting":
        return [query]
    key, fields = name_key(query), tuple(fields)
    found: dict[str, None] = {}
    for match in ("exact", "words", "prefix"):
        found.update(dict.fromkeys(r.store.named(key, ("meeting",), fields, match)))
    return list(found)


def require_meetings(r: Reader, query: str, fields: Iterable[str] = ("name", "alias", "place", "body", "kind"),
                     what: str = "meeting") -> list[str]:
    require_name(query, what)
    found = find_meetings(r, query, fields)
    if not found:
        names = sorted(set(r.store.names_near(name_key(query), ("meeting",), ("name", "place"))))
        raise NotFoundError(what, query, difflib.get_close_matches(query.title(), names, n=3, cutoff=0.4))
    return found


def find_articles(r: Reader, query: str) -> list[str]:
    require_name(query, "article")
    found = r.store.articles_named(query)
    if not found:
        raise NotFoundError("article", query)
    return found


# -- statements -------------------------------------------------------------------------------------
STATEMENT_OWN = ("type", "name", "aliases", "provenance", "article")  # record fields a row replaces


def statement_rows(r: Reader, ids: list[str]) -> list[StatementRow]:
    """Rows for statements, in the order given."""
    data = r.nodes(ids)
    said: dict[str, list[tuple[bool, str]]] = {}
    for e in r.store.edges(targets=ids, types=("said",), joint=True):
        said.setdefault(e.target, []).append((e.joint, e.source))
    meeting: dict[str, EdgeRow] = {}
    for e in r.store.edges(sources=ids, types=("at", "about")):
        meeting.setdefault(e.source, e)
    r.nodes([d["article"] for d in data.values()] + [s for x in said.values() for _, s in x]
            + [e.target for e in meeting.values()])
    rows = []
    for node in ids:
        d = data[node]
        speakers = [s for _, s in sorted(said.get(node, []))]
        m = meeting.get(node)
        rows.append(StatementRow(
            **{k: v for k, v in d.items() if k not in STATEMENT_OWN},
            article=r.article_ref(d["article"]),
            speaker=r.entity_ref(speakers[0]) if speakers else None,
            meeting=r.meeting_ref(m.target) if m else None,
            meeting_relation=m.type if m else None,
            speakers=[r.entity_ref(s) for s in speakers]))
    return rows


def statements(r: Reader, speaker: str | None = None, meeting: str | None = None, place: str | None = None,
               contains: str | None = None, article: str | None = None, org: str | None = None,
               since: dt.date | None = None, until: dt.date | None = None, limit: int | None = None,
               ids: Iterable[str] | None = None) -> list[StatementRow]:
    """Statements in article order, narrowed by every filter given."""
    return statement_rows(r, statement_ids(r, speaker, meeting, place, contains, article, org, since, until,
                                           limit, ids))


def statement_ids(r: Reader, speaker: str | None = None, meeting: str | None = None, place: str | None = None,
                  contains: str | None = None, article: str | None = None, org: str | None = None,
                  since: dt.date | None = None, until: dt.date | None = None, limit: int | None = None,
                  ids: Iterable[str] | None = None) -> list[str]:
    """The ids of `statements`, for questions that read the rows a few at a time."""
    _check_period(since, until)
    speakers: set[str] | None = None
    if speaker is not None:
        speakers = set(require_entities(r, speaker))
    if org is not None:
        found = require_entities(r, org, ("organization",), "organisation")
        members = {e.source for e in r.store.edges(targets=found, types=("affiliated_with",))}
        speakers = (speakers & (set(found) | members)) if speakers is not None else set(found) | members
    meetings: set[str] | None = None
    if meeting is not None:
        meetings = set(require_meetings(r, meeting))
    if place is not None:
        held = set(require_meetings(r, place, ("place",), "meeting held in a place"))
        meetings = meetings & held if meetings is not None else held
    articles = find_articles(r, article) if article is not None else None
    return r.store.statement_ids(ids=ids, articles=articles, speakers=speakers, meetings=meetings,
                                 contains=contains, since=_iso(since), until=_iso(until), limit=limit)


def _paragraph(text: str, start: int, end: int) -> Paragraph:
    """The lines of the article holding text[start:end]."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    return Paragraph(text=text[first:last], start=first, end=last)


def statement_profile(r: Reader, node: str) -> StatementProfile:
    row = statement_rows(r, [node])[0]
    spans = [(row.start, row.end)] + [(s.start, s.end) for s in (row.cue, row.speaker_mention) if s]
    text = r.store.article_text(row.article.id) or ""
    paragraph = _paragraph(text, min(a for a, _ in spans), max(b for _, b in spans))
    return StatementProfile(**row.model_dump(by_alias=True), paragraph=paragraph)


# -- articles ------------------------------------------------------------------------------------------
def articles(r: Reader, since: dt.date | None = None, until: dt.date | None = None,
             limit: int | None = None) -> list[ArticleRef]:
    _check_period(since, until)
    return [r.article_ref(a) for a in r.nodes(r.store.article_ids(_iso(since), _iso(until), limit))]


def article_profile(r: Reader, node: str) -> ArticleProfile:
    meetings = chronology(r, r.store.meeting_ids(articles=[node]))
    return ArticleProfile(**r.article_ref(node).model_dump(), chars=r.node(node).get("chars"),
                          statements=statement_rows(r, r.store.statement_ids(articles=[node])),
                          meetings=[r.meeting_ref(m.id) for m in meetings])


# -- meetings ------------------------------------------------------------------------------------------
MEETING_OWN = ("type", "provenance")


class _Chronology:
    """What placing meetings in time needs: their dates, what the text says follows what, and when
    the articles reporting them were published; read for a set of meetings at once."""

    def __init__(self, r: Reader, ids: list[str]):
        self.r = r
        self.follows: dict[str, str] = {}
        self.articles: dict[str, list[str]] = {}
        self.published: dict[str, str | None] = {}
        self._read(ids)

    def _read(self, ids: list[str]) -> None:
        ids = [m for m in ids if m not in self.articles]
        if not ids:
            return
        self.r.nodes(ids)
        reported: dict[str, set[str]] = {m: set() for m in ids}
        for e in self.r.store.edges(sources=ids, types=("follows", "mentioned_in")):
            if e.type == "follows":
                self.follows.setdefault(e.source, e.target)
            else:
                reported[e.source].add(e.article)
        self.articles.update({m: sorted(a) for m, a in reported.items()})
        self.published.update(self.r.store.published({a for x in reported.values() for a in x}))

    def key(self, node: str, depth: int = 0) -> tuple:
        """By date where known; else just after the meeting the text puts before it; else around
        when the first article reporting it was published. Then by the order the text implies."""
        self._read([node])
        m = self.r.node(node)
        date = m.get("date") or {}
        if date.get("earliest"):
            anchor = (date["earliest"], date["latest"])
        else:
            before = self.follows.get(node)
            if before and depth < 5:
                key = self.key(before, depth + 1)
                return key[:-1] + (key[-1] + 0.5,)
            published = sorted(filter(None, (self.published.get(a) for a in self.articles[node])))
            anchor = (published[0], published[0]) if published else ("9999", "9999")
        sequence = m.get("sequence")
        return anchor + (sequence if sequence is not None else 50, m.get("position", 0))


def meeting_fields(r: Reader, ids: list[str], chronology: _Chronology) -> dict[str, dict]:
    """Each meeting's record fields with who took part, how much was said there, who reported it."""
    entered: dict[str, dict[str, bool]] = {m: {} for m in ids}
    for e in r.store.edges(targets=ids, types=("participated_in", "body_of")):
        took_part = entered[e.target].get(e.source, False) or e.type == "participated_in"
        entered[e.target][e.source] = took_part
    said = r.store.edge_counts(ids, ("at", "about"), outgoing=False)
    r.nodes(p for x in entered.values() for p in x)
    out = {}
    for m in ids:
        d = r.node(m)
        out[m] = {**{k: v for k, v in d.items() if k not in MEETING_OWN}, "date": d.get("date") or {},
                  "participants": [r.entity_ref(p) for p, took_part in entered[m].items() if took_part],
                  "statements": said.get(m, 0), "articles": chronology.articles[m]}
    return out


def chronology(r: Reader, ids: list[str], limit: int | None = None) -> list[MeetingRow]:
    """Meetings in the order they took place, numbered from 1 (the first `limit` of them)."""
    order = _Chronology(r, ids)
    ordered = sorted(ids, key=order.key)[:limit]
    fields = meeting_fields(r, ordered, order)
    return [MeetingRow(**fields[m], order=i) for i, m in enumerate(ordered, start=1)]


def _meeting_ids(r: Reader, article: str | None, since: dt.date | None, until: dt.date | None,
                 person: str | None, org: str | None, place: str | None) -> list[str]:
    _check_period(since, until)
    with_: set[str] | None = None
    for name, types, what in ((person, ("person",), "person"), (org, ("organization",), "organisation")):
        if name is not None:
            found = set(require_entities(r, name, types, what))
            with_ = with_ & found if with_ is not None else found
    held = set(require_meetings(r, place, ("place",), "meeting held in a place")) if place is not None else None
    articles = find_articles(r, article) if article is not None else None
    return r.store.meeting_ids(ids=held, articles=articles, with_=with_, since=_iso(since), until=_iso(until))


def meetings(r: Reader, article: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
             person: str | None = None, org: str | None = None, place: str | None = None,
             limit: int | None = None) -> list[MeetingRow]:
    return chronology(r, _meeting_ids(r, article, since, until, person, org, place), limit)


def timeline(r: Reader, article: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
             person: str | None = None, org: str | None = None, place: str | None = None,
             limit: int | None = None) -> list[TimelineRow]:
    """The chronology, each meeting with the statements made at or about it."""
    rows = meetings(r, article, since, until, person, org, place, limit)
    said: dict[str, list[StatementRow]] = {}
    for s in statement_rows(r, r.store.statement_ids(meetings=[m.id for m in rows])):
        said.setdefault(s.meeting.id if s.meeting else "", []).append(s)
    return [TimelineRow(**m.model_dump(), said=said.get(m.id, [])) for m in rows]


def meeting_profile(r: Reader, node: str) -> MeetingProfile:
    order = _Chronology(r, [node])
    fields = meeting_fields(r, [node], order)[node]
    said = statement_rows(r, r.store.statement_ids(meetings=[node]))
    before = [order.follows[node]] if node in order.follows else []
    return MeetingProfile(**fields, said=said, reports=[r.article_ref(a) for a in order.articles[node]],
                          follows=[r.meeting_ref(m) for m in before])


# -- people and organisations -----------------------------------------------------------------------
ENTITY_OWN = ("provenance",)


def entity_fields(r: Reader, ids: list[str]) -> dict[str, dict]:
    """Each entity's record fields with its affiliations, how many statements it made, where it appears."""
    out_edges: dict[str, list[EdgeRow]] = {n: [] for n in ids}
    for e in r.store.edges(sources=ids, types=("affiliated_with", "mentioned_in")):
        out_edges[e.source].append(e)
    said = r.store.edge_counts(ids, ("said",), outgoing=True)  # counted in the index, not read one by one
    r.nodes([e.target for x in out_edges.values() for e in x if e.type == "affiliated_with"])
    fields = {}
    for n in ids:
        d, edges = r.node(n), out_edges[n]
        fields[n] = {**{k: v for k, v in d.items() if k not in ENTITY_OWN},
                     "affiliations": [r.entity_ref(t) for t in dict.fromkeys(
                         e.target for e in edges if e.type == "affiliated_with")],
                     "statements": said.get(n, 0),
                     "articles": sorted({e.article for e in edges if e.type == "mentioned_in"})}
    return fields


def people(r: Reader, include_unnamed: bool = False, article: str | None = None, org: str | None = None,
           limit: int | None = None) -> list[EntityRow]:
    """People, those who said most first: all, or those an article names, or an organisation's."""
    articles = find_articles(r, article) if article is not None else None
    orgs = require_entities(r, org, ("organization",), "organisation") if org is not None else None
    ids = r.store.entity_ids("person", articles, orgs, anonymous=include_unnamed, limit=limit)
    fields = entity_fields(r, ids)
    return [EntityRow(**fields[n]) for n in ids]


def organizations(r: Reader, include_unnamed: bool = False, article: str | None = None,
                  limit: int | None = None) -> list[OrganizationRow]:
    """Organisations, those who said most first, each with the people affiliated with it."""
    articles = find_articles(r, article) if article is not None else None
    ids = r.store.entity_ids("organization", articles, anonymous=include_unnamed, limit=limit)
    fields = entity_fields(r, ids)
    members: dict[str, list[str]] = {n: [] for n in ids}
    for e in r.store.edges(targets=ids, types=("affiliated_with",)):
        members[e.target].append(e.source)
    r.nodes(m for x in members.values() for m in x)
    return [OrganizationRow(**fields[n], members=[r.entity_ref(m) for m in dict.fromkeys(members[n])])
            for n in ids]


def profile(r: Reader, node: str) -> Profile:
    """One entity: names, roles, affiliations, meetings, statements by meeting, who it met, articles."""
    out_edges = r.store.edges(sources=[node])
    in_edges = r.store.edges(targets=[node])
    meetings = list(dict.fromkeys(e.target for e in out_edges if e.type == "participated_in"))
    meetings += [m for m in dict.fromkeys(e.source for e in in_edges if e.type == "held_in") if m not in meetings]
    meetings += [m for m in dict.fromkeys(e.target for e in out_edges if e.type == "body_of") if m not in meetings]
    said = [e.target for e in out_edges if e.type == "said"]
    grouped: dict[str | None, list[StatementRow]] = {}
    for s in statement_rows(r, r.store.statement_ids(ids=said)):
        grouped.setdefault(s.meeting.id if s.meeting else None, []).append(s)
    met: dict[str, None] = {}
    for e in r.store.edges(targets=meetings, types=("participated_in",)):
        if e.source != node and r.node(e.source)["type"] == "person":
            met[e.source] = None
    d = r.node(node)
    return Profile(
        **r.entity_ref(node).model_dump(),
        aliases=d.get("aliases", []), roles=d.get("roles", []), kind=d.get("kind"),
        affiliations=entity_fields(r, [node])[node]["affiliations"],
        members=[r.entity_ref(e.source) for e in in_edges if e.type == "affiliated_with"],
        meetings=[r.meeting_ref(m) for m in meetings],
        statements=[StatementGroup(meeting=r.meeting_ref(m) if m else None, statements=rows)
                    for m, rows in grouped.items()],
        met=[r.entity_ref(p) for p in met],
        articles=[r.article_ref(a) for a in sorted({e.article for e in out_edges if e.type == "mentioned_in"})])


def show(r: Reader, name: str) -> Profile | MeetingProfile | StatementProfile | ArticleProfile:
    """Whatever `name` names: an entity by name or id; a meeting, statement or article by id."""
    require_name(name)
    if r.exists(name):
        kind = r.node(name)["type"]
        if kind == "meeting":
            return meeting_profile(r, name)
        if kind == "statement":
            return statement_profile(r, name)
        if kind == "article":
            return article_profile(r, name)
    return profile(r, resolve(r, name))


# -- exploring the graph -------------------------------------------------------------------------------
def label(d: dict) -> str:
    if d["type"] == "meeting" and d.get("place") and d["place"] not in d["name"]:
        return f"{d['name']} in {d['place']}"
    if d["type"] == "statement":
        return f"“{d['text'][:60]}{'…' if len(d['text']) > 60 else ''}”"
    return d["name"]


def links(r: Reader, nodes: Iterable[str], types: Iterable[str] = SEMANTIC) -> list[EdgeRow]:
    """Every edge of the types at the nodes, either way."""
    nodes, types = list(nodes), tuple(types)
    return r.store.edges(sources=nodes, types=types) + r.store.edges(targets=nodes, types=types)


def _semantic(edges: Iterable[EdgeRow], nodes: Iterable[str]) -> nx.Graph:
    """The undirected graph of meaningful links among `nodes`, each pair remembering its relations."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    for e in edges:
        if e.source in simple and e.target in simple:
            if simple.has_edge(e.source, e.target):
                simple[e.source][e.target]["relations"].add((e.source, e.type, e.target))
            else:
                simple.add_edge(e.source, e.target, relations={(e.source, e.type, e.target)})
    return simple


def ball(r: Reader, node: str, depth: int, types: Iterable[str] = SEMANTIC) -> tuple[set[str], list[EdgeRow]]:
    """The nodes within `depth` links of a node, and the edges of the types at them (either way)."""
    seen, frontier, edges = {node}, [node], []
    for _ in range(depth):
        if not frontier:
            break
        found = links(r, frontier, types)
        edges += found
        frontier = [n for n in dict.fromkeys(x for e in found for x in (e.source, e.target)) if n not in seen]
        seen.update(frontier)
    return seen, edges


def _step(r: Reader, simple: nx.Graph, a: str, b: str) -> PathStep:
    source, relation, target = sorted(simple[a][b]["relations"])[0]
    d_source, d_target = r.node(source), r.node(target)
    return PathStep(**{"from": r.node_ref(source), "relation": relation, "to": r.node_ref(target),
                       "sentence": f"{label(d_source)} {RELATIONS[relation]} {label(d_target)}."})


def neighbors(r: Reader, name: str, depth: int = 1, types: Iterable[str] | None = None) -> list[Neighbor]:
    """What lies within `depth` links of an entity, nearest first, with how it is linked."""
    import networkx as nx

    node = resolve(r, name)
    seen, edges = ball(r, node, depth)
    simple = _semantic(edges, seen)
    wanted = set(types) if types else None
    paths = nx.single_source_shortest_path(simple, node, cutoff=depth)
    r.nodes(paths)
    rows = []
    for other, path in paths.items():
        if other == node or (wanted and r.node(other)["type"] not in wanted):
            continue
        rows.append(Neighbor(**r.node_ref(other), distance=len(path) - 1,
                             via=[_step(r, simple, a, b).sentence for a, b in zip(path, path[1:])]))
    return sorted(rows, key=lambda n: (n.distance, n.type, n.name, n.id))


def _meet_between(r: Reader, start: str, end: str) -> tuple[set[str], list[EdgeRow]]:
    """A bidirectional breadth-first search: the nodes and edges it explored, which hold a shortest
    path where there is one within MAX_PATH links; always the smaller side grows."""
    sides = [({start}, [start]), ({end}, [end])]
    edges: list[EdgeRow] = []
    for _ in range(MAX_PATH):
        if sides[0][0] & sides[1][0]:
            break
        grow = min(sides, key=lambda side: len(side[1]))
        seen, frontier = grow
        if not frontier or len(sides[0][0]) + len(sides[1][0]) > MAX_EXPLORED:
            break
        found = links(r, frontier)
        edges += found
        frontier[:] = [n for n in dict.fromkeys(x for e in found for x in (e.source, e.target)) if n not in seen]
        seen.update(frontier)
    return sides[0][0] | sides[1][0], edges


def path(r: Reader, a: str, b: str) -> Path:
    """How two entities are connected, the shortest way, each link told in words."""
    import networkx as nx

    start, end = resolve(r, a), resolve(r, b)
    explored, edges = _meet_between(r, start, end)
    simple = _semantic(edges, explored)
    try:
        nodes = nx.shortest_path(simple, start, end)
    except nx.NetworkXNoPath:
        nodes = []
    r.nodes(nodes)
    steps = [_step(r, simple, x, y) for x, y in zip(nodes, nodes[1:])]
    first, last = label(r.node(start)), label(r.node(end))
    summary = None
    if len(nodes) == 3 and r.node(nodes[1])["type"] == "meeting" and all(s.relation == "participated_in" for s in steps):
        summary = f"{first} and {last} were both at {label(r.node(nodes[1]))}."
    elif steps:
        summary = " ".join(s.sentence for s in steps)
    return Path(**{"from": r.entity_ref(start), "to": r.entity_ref(end), "length": len(steps), "steps": steps,
                   "summary": summary or f"No link between {first} and {last}."})


def search(r: Reader, text: str, limit: int | None = None) -> SearchResult:
    """Statements whose words match (the store's full-text index), in article order, and entities by name."""
    require_name(text, "search")
    found = find_entities(r, text, ENTITY_TYPES + ("meeting",))
    entities = [EntityMatch(id=n, name=r.node(n)["name"], type=r.node(n)["type"], aliases=r.node(n).get("aliases", []))
                for n in found]
    ids = r.store.search_statements(text)
    return SearchResult(statements=statement_rows(r, r.store.statement_ids(ids=ids, limit=limit)), entities=entities)


def stats(r: Reader) -> Stats:
    nodes, edges = r.store.type_counts()
    spans = r.store.date_spans()
    return Stats(nodes=dict(sorted(nodes.items())), edges=dict(sorted(edges.items())),
                 articles=nodes.get("article", 0),
                 published=DateSpan(earliest=spans["published"][0], latest=spans["published"][1]),
                 meetings=DateSpan(earliest=spans["meetings"][0], latest=spans["meetings"][1]))


# -- parts of the graph ------------------------------------------------------------------------------
def subgraph(r: Reader, nodes: Iterable[str], articles: Iterable[str] | None = None,
             with_text: bool = False) -> nx.MultiDiGraph:
    """A networkx graph of some nodes, with their fields and provenance, and the edges among them
    (those grounded in `articles` only, if given), keyed by type and article as the whole graph's are."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    data = r.store.nodes(nodes)
    mentions = r.store.mentions(data)
    for node, d in data.items():
        d = {**d, "provenance": mentions.get(node, [])}
        if with_text and d["type"] == "article":
            d["text"] = r.store.article_text(node)
        graph.add_node(node, **d)
    for e in r.store.edges_among(list(data), articles):
        graph.add_edge(e["source"], e["target"], key=f"{e['type']}@{e['article']}", **e)
    return graph


def selection(r: Reader, around: str | None = None, depth: int = 1, article: str | None = None,
              with_text: bool = False) -> nx.MultiDiGraph:
    """The part of the graph grounded in an article (its nodes, and the edges it gives them) and/or
    within `depth` links of an entity, any link counted, either way."""
    import networkx as nx

    if article is None:
        if around is None:
            from .graph import load_graph

            return load_graph(r.store, with_text)
        return subgraph(r, ball(r, resolve(r, around), depth, tuple(RELATIONS))[0], with_text=with_text)
    found = find_articles(r, article)
    graph = subgraph(r, {n for a in found for n in r.store.grounded_in(a)}, found, with_text)
    if around is not None:
        near = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), resolve(r, around), cutoff=depth)
        graph = graph.subgraph(near).copy()
    return graph
