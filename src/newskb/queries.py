"""Questions asked of the graph, answered as plain dicts in the shape of shared/CONTRACT.md."""
from __future__ import annotations

import difflib
from collections.abc import Iterable

import networkx as nx

from .errors import NotFoundError
from .lexicon import name_key

ENTITY_TYPES = ("person", "organization", "place")


def _edges(graph: nx.MultiDiGraph, node: str, type_: str, out: bool = True) -> list[dict]:
    view = graph.out_edges(node, data=True) if out else graph.in_edges(node, data=True)
    return [d for _, _, d in view if d["type"] == type_]


def article_ref(graph: nx.MultiDiGraph, article: str) -> dict:
    a = graph.nodes[article]
    return {"id": article, "path": a.get("path"), "title": a.get("title"), "published": a.get("published")}


def entity_ref(graph: nx.MultiDiGraph, node: str) -> dict:
    n = graph.nodes[node]
    return {"id": node, "name": n["name"], "type": n["type"]}


def date_ref(meeting: dict) -> dict:
    d = meeting.get("date") or {}
    return {"text": d.get("text"), "earliest": d.get("earliest"), "latest": d.get("latest")}


def meeting_ref(graph: nx.MultiDiGraph, node: str) -> dict:
    m = graph.nodes[node]
    return {"id": node, "name": m["name"], "place": m.get("place"), "date": date_ref(m)}


# -- names ------------------------------------------------------------------------------------------
def _names(data: dict) -> list[str]:
    return [data["name"], *data.get("aliases", [])]


def find_entities(graph: nx.MultiDiGraph, query: str, types: Iterable[str] = ENTITY_TYPES) -> list[str]:
    """Nodes a loosely written name means: 'stoltenberg' finds Jens Stoltenberg; 'osce' the OSCE."""
    types = set(types)
    key = name_key(query)
    candidates = [(n, d) for n, d in graph.nodes(data=True) if d.get("type") in types]
    for test in (
        lambda names: key in {name_key(x) for x in names},
        lambda names: any(key in name_key(x).split() for x in names[:1]),
        lambda names: any(set(key.split()) <= set(name_key(x).split()) for x in names),
        lambda names: any(key in name_key(x) for x in names),
    ):
        found = [n for n, d in candidates if test(_names(d))]
        if found:
            return sorted(found, key=lambda n: (graph.nodes[n].get("anonymous", False), -graph.degree(n)))
    return []


def suggestions(graph: nx.MultiDiGraph, query: str, types: Iterable[str]) -> list[str]:
    types = set(types)
    names = sorted({x for _, d in graph.nodes(data=True) if d.get("type") in types for x in _names(d)})
    return difflib.get_close_matches(query, names, n=3, cutoff=0.5) or difflib.get_close_matches(
        query.title(), names, n=3, cutoff=0.5)


def require_entities(graph: nx.MultiDiGraph, query: str, types: Iterable[str] = ENTITY_TYPES,
                     what: str = "person, organisation or place") -> list[str]:
    found = find_entities(graph, query, types)
    if not found:
        raise NotFoundError(what, query, suggestions(graph, query, types))
    return found


def find_meetings(graph: nx.MultiDiGraph, query: str) -> list[str]:
    """Meetings by id, name, place, body or kind: 'brussels', 'NATO-Russia Council', 'summit'."""
    key = name_key(query)
    found = []
    for n, d in graph.nodes(data=True):
        if d.get("type") != "meeting":
            continue
        fields = [n, d["name"], d.get("place") or "", d.get("body") or "", d.get("kind") or "", *d.get("aliases", [])]
        if any(key == name_key(f) or key in name_key(f) for f in fields if f):
            found.append(n)
    return found


# -- statements ------------------------------------------------------------------------------------------
def speakers_of(graph: nx.MultiDiGraph, statement: str) -> list[str]:
    said = [(d.get("joint", False), s) for s, _, d in graph.in_edges(statement, data=True) if d["type"] == "said"]
    return [s for _, s in sorted(said)]


def meeting_of(graph: nx.MultiDiGraph, statement: str) -> tuple[str, str] | None:
    for _, target, d in graph.out_edges(statement, data=True):
        if d["type"] in ("at", "about"):
            return target, d["type"]
    return None


def statement_record(graph: nx.MultiDiGraph, node: str) -> dict:
    s = graph.nodes[node]
    speakers = speakers_of(graph, node)
    meeting = meeting_of(graph, node)
    return {
        "id": node,
        "article": article_ref(graph, s["article"]),
        "kind": s["kind"],
        "text": s["text"],
        "start": s["start"],
        "end": s["end"],
        "cue": s.get("cue"),
        "speaker": entity_ref(graph, speakers[0]) if speakers else None,
        "speaker_mention": s.get("speaker_mention"),
        "meeting": meeting_ref(graph, meeting[0]) if meeting else None,
        "meeting_relation": meeting[1] if meeting else None,
        "speakers": [entity_ref(graph, x) for x in speakers],
        "addressee": s.get("addressee"),
        "utterance": s.get("utterance"),
    }


def statements(graph: nx.MultiDiGraph, speaker: str | None = None, meeting: str | None = None,
               place: str | None = None, contains: str | None = None, article: str | None = None,
               ids: Iterable[str] | None = None) -> list[dict]:
    """Statements in article order, narrowed by any of the filters."""
    wanted_speakers = set(require_entities(graph, speaker)) if speaker else None
    wanted_meetings = None
    if meeting:
        wanted_meetings = set(find_meetings(graph, meeting))
        if not wanted_meetings:
            names = sorted({d["name"] for _, d in graph.nodes(data=True) if d.get("type") == "meeting"}
                           | {d.get("place") or "" for _, d in graph.nodes(data=True) if d.get("type") == "meeting"})
            raise NotFoundError("meeting", meeting, difflib.get_close_matches(meeting.title(), names, n=3, cutoff=0.4))
    wanted_articles = set(find_articles(graph, article)) if article else None
    id_filter = set(ids) if ids is not None else None
    rows = []
    order = {a: i for i, a in enumerate(n for n, d in graph.nodes(data=True) if d.get("type") == "article")}
    for n, d in graph.nodes(data=True):
        if d.get("type") != "statement" or (id_filter is not None and n not in id_filter):
            continue
        if wanted_articles is not None and d["article"] not in wanted_articles:
            continue
        if wanted_speakers is not None and not wanted_speakers & set(speakers_of(graph, n)):
            continue
        m = meeting_of(graph, n)
        if wanted_meetings is not None and (m is None or m[0] not in wanted_meetings):
            continue
        if place is not None:
            held = graph.nodes[m[0]].get("place") if m else None
            if not held or name_key(place) not in name_key(held):
                continue
        if contains and contains.lower() not in d["text"].lower():
            continue
        rows.append((order.get(d["article"], 0), d["start"], n))
    return [statement_record(graph, n) for *_, n in sorted(rows)]


# -- articles -----------------------------------------------------------------------------------------------
def find_articles(graph: nx.MultiDiGraph, query: str) -> list[str]:
    found = [n for n, d in graph.nodes(data=True) if d.get("type") == "article"
             and (n == query or n.startswith(query) or query in (d.get("path") or "") or query == d.get("sha256"))]
    if not found:
        raise NotFoundError("article", query)
    return found


def articles(graph: nx.MultiDiGraph) -> list[dict]:
    return [article_ref(graph, n) for n, d in graph.nodes(data=True) if d.get("type") == "article"]


# -- meetings ----------------------------------------------------------------------------------------------
def _articles_of(graph: nx.MultiDiGraph, node: str) -> list[str]:
    return sorted({d["article"] for d in _edges(graph, node, "mentioned_in")})


def _chronology_key(graph: nx.MultiDiGraph, node: str, depth: int = 0) -> tuple:
    m = graph.nodes[node]
    date = m.get("date") or {}
    if date.get("earliest"):
        anchor = (date["earliest"], date["latest"])
    else:
        follows = _edges(graph, node, "follows")
        if follows and depth < 5:
            before = _chronology_key(graph, follows[0]["target"], depth + 1)
            return before[:-1] + (before[-1] + 0.5,)
        # undated: around when the first article reporting it was published
        published = sorted(filter(None, (graph.nodes[a].get("published") for a in _articles_of(graph, node))))
        anchor = (published[0], published[0]) if published else ("9999", "9999")
    sequence = m.get("sequence")
    return anchor + (sequence if sequence is not None else 50, m.get("position", 0))


def _in_articles(graph: nx.MultiDiGraph, node: str, articles: set[str] | None) -> bool:
    return articles is None or bool(articles & set(_articles_of(graph, node)))


def chronology(graph: nx.MultiDiGraph, article: str | None = None) -> list[dict]:
    """Meetings in the order they took place: by date where known, else by the order the text
    implies; with `article`, only those that article reports."""
    wanted = set(find_articles(graph, article)) if article else None
    meetings = [n for n, d in graph.nodes(data=True) if d.get("type") == "meeting" and _in_articles(graph, n, wanted)]
    ordered = sorted(meetings, key=lambda n: _chronology_key(graph, n))
    out = []
    for order, node in enumerate(ordered, start=1):
        m = graph.nodes[node]
        participants = [d["source"] for d in _edges(graph, node, "participated_in", out=False)]
        said = [s for s, _, d in graph.in_edges(node, data=True) if d["type"] in ("at", "about")]
        out.append({
            "id": node, "name": m["name"], "kind": m.get("kind"), "place": m.get("place"), "body": m.get("body"),
            "date": date_ref(m), "order": order,
            "participants": [entity_ref(graph, p) for p in dict.fromkeys(participants)],
            "statements": len(said), "duration": m.get("duration"), "articles": _articles_of(graph, node),
        })
    return out


# -- people ----------------------------------------------------------------------------------------------------
def _affiliations(graph: nx.MultiDiGraph, node: str) -> list[dict]:
    targets = dict.fromkeys(d["target"] for d in _edges(graph, node, "affiliated_with"))
    return [entity_ref(graph, t) for t in targets]


def people(graph: nx.MultiDiGraph, include_unnamed: bool = False, article: str | None = None) -> list[dict]:
    wanted = set(find_articles(graph, article)) if article else None
    rows = []
    for n, d in graph.nodes(data=True):
        if d.get("type") != "person" or (d.get("anonymous") and not include_unnamed) \
                or not _in_articles(graph, n, wanted):
            continue
        rows.append({"id": n, "name": d["name"], "aliases": d.get("aliases", []), "roles": d.get("roles", []),
                     "affiliations": _affiliations(graph, n), "statements": len(_edges(graph, n, "said")),
                     "articles": _articles_of(graph, n)})
    return sorted(rows, key=lambda r: (-r["statements"], r["name"]))


def profile(graph: nx.MultiDiGraph, name: str) -> dict:
    """One entity: names, roles, affiliations, meetings, statements by meeting, who it met, articles."""
    node = require_entities(graph, name)[0]
    d = graph.nodes[node]
    meetings = list(dict.fromkeys(e["target"] for e in _edges(graph, node, "participated_in")))
    meetings += [e["source"] for e in _edges(graph, node, "held_in", out=False)
                 if e["source"] not in meetings]
    meetings += [e["target"] for e in _edges(graph, node, "body_of") if e["target"] not in meetings]
    said = [e["target"] for e in _edges(graph, node, "said")]
    grouped: dict[str | None, list[dict]] = {}
    for s in statements(graph, ids=said):
        grouped.setdefault(s["meeting"]["id"] if s["meeting"] else None, []).append(s)
    met = {}
    for m in meetings:
        for e in _edges(graph, m, "participated_in", out=False):
            if e["source"] != node and graph.nodes[e["source"]]["type"] == "person":
                met[e["source"]] = entity_ref(graph, e["source"])
    members = [entity_ref(graph, e["source"]) for e in _edges(graph, node, "affiliated_with", out=False)]
    return {
        **entity_ref(graph, node),
        "aliases": d.get("aliases", []), "roles": d.get("roles", []), "kind": d.get("kind"),
        "affiliations": _affiliations(graph, node), "members": members,
        "meetings": [meeting_ref(graph, m) for m in meetings],
        "statements": [{"meeting": meeting_ref(graph, m) if m else None, "statements": rows}
                       for m, rows in grouped.items()],
        "met": list(met.values()),
        "articles": [article_ref(graph, a) for a in _articles_of(graph, node)],
    }


# -- exploring the graph ------------------------------------------------------------------------------------
RELATIONS = {
    "said": "said", "at": "was said at", "about": "is about", "held_in": "was held in",
    "participated_in": "took part in", "affiliated_with": "is affiliated with", "mentioned_in": "is mentioned in",
    "body_of": "met as", "addressed_to": "was said to", "follows": "came after",
}
# Articles link everything they mention; paths through them explain nothing.
STRUCTURAL = {"mentioned_in"}


def _label(graph: nx.MultiDiGraph, node: str) -> str:
    d = graph.nodes[node]
    if d["type"] == "meeting" and d.get("place") and d["place"] not in d["name"]:
        return f"{d['name']} in {d['place']}"
    if d["type"] == "statement":
        return f"“{d['text'][:60]}{'…' if len(d['text']) > 60 else ''}”"
    return d["name"]


def _semantic(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected graph of meaningful links, each pair remembering the relations between them."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v, d in graph.edges(data=True):
        if d["type"] in STRUCTURAL:
            continue
        if simple.has_edge(u, v):
            simple[u][v]["relations"].add((u, d["type"], v))
        else:
            simple.add_edge(u, v, relations={(u, d["type"], v)})
    return simple


def _step(graph: nx.MultiDiGraph, simple: nx.Graph, a: str, b: str) -> dict:
    source, relation, target = sorted(simple[a][b]["relations"])[0]
    return {"from": entity_ref(graph, source) if graph.nodes[source]["type"] in ENTITY_TYPES else
            {"id": source, "name": _label(graph, source), "type": graph.nodes[source]["type"]},
            "relation": relation,
            "to": {"id": target, "name": _label(graph, target), "type": graph.nodes[target]["type"]},
            "sentence": f"{_label(graph, source)} {RELATIONS[relation]} {_label(graph, target)}."}


def neighbors(graph: nx.MultiDiGraph, name: str, depth: int = 1, types: Iterable[str] | None = None) -> list[dict]:
    """What lies within `depth` links of an entity, nearest first, with how it is linked."""
    node = require_entities(graph, name)[0]
    simple = _semantic(graph)
    wanted = set(types) if types else None
    paths = nx.single_source_shortest_path(simple, node, cutoff=depth)
    rows = []
    for other, path in paths.items():
        if other == node or (wanted and graph.nodes[other]["type"] not in wanted):
            continue
        rows.append({**{"id": other, "name": _label(graph, other), "type": graph.nodes[other]["type"]},
                     "distance": len(path) - 1,
                     "via": [_step(graph, simple, a, b)["sentence"] for a, b in zip(path, path[1:])]})
    return sorted(rows, key=lambda r: (r["distance"], r["type"], r["name"]))


def path(graph: nx.MultiDiGraph, a: str, b: str) -> dict:
    """How two entities are connected, the shortest way, each link told in words."""
    start, end = require_entities(graph, a)[0], require_entities(graph, b)[0]
    simple = _semantic(graph)
    try:
        nodes = nx.shortest_path(simple, start, end)
    except nx.NetworkXNoPath:
        nodes = []
    steps = [_step(graph, simple, x, y) for x, y in zip(nodes, nodes[1:])]
    summary = None
    if len(nodes) == 3 and graph.nodes[nodes[1]]["type"] == "meeting" and \
            all(s["relation"] == "participated_in" for s in steps):
        summary = f"{_label(graph, start)} and {_label(graph, end)} were both at {_label(graph, nodes[1])}."
    elif steps:
        summary = " ".join(s["sentence"] for s in steps)
    return {"from": entity_ref(graph, start), "to": entity_ref(graph, end), "length": len(steps),
            "steps": steps, "summary": summary or f"No link between {_label(graph, start)} and {_label(graph, end)}."}


def search(graph: nx.MultiDiGraph, statement_ids: list[str], text: str) -> dict:
    """Statements whose words match (ids from the store's full-text index) and entities by name."""
    entities = [{**entity_ref(graph, n), "aliases": graph.nodes[n].get("aliases", [])}
                for n in find_entities(graph, text, ENTITY_TYPES + ("meeting",))]
    return {"statements": statements(graph, ids=[i for i in statement_ids if i in graph]), "entities": entities}


def stats(graph: nx.MultiDiGraph) -> dict:
    nodes: dict[str, int] = {}
    for _, d in graph.nodes(data=True):
        nodes[d["type"]] = nodes.get(d["type"], 0) + 1
    edges: dict[str, int] = {}
    for *_, d in graph.edges(data=True):
        edges[d["type"]] = edges.get(d["type"], 0) + 1
    published = sorted(d["published"] for _, d in graph.nodes(data=True) if d["type"] == "article" and d.get("published"))
    met = sorted(x for _, d in graph.nodes(data=True) if d["type"] == "meeting"
                 for x in ((d.get("date") or {}).get("earliest"), (d.get("date") or {}).get("latest")) if x)
    return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items())),
            "articles": nodes.get("article", 0),
            "published": {"earliest": published[0] if published else None, "latest": published[-1] if published else None},
            "meetings": {"earliest": met[0] if met else None, "latest": met[-1] if met else None}}
