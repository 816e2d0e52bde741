"""The knowledge graph: merging one article's records into the store, and loading them as a
networkx MultiDiGraph.

Merging is where articles meet: the same person, organisation or place named in two articles is
one node; the same meeting reported by two articles (same place or body, overlapping dates, kinds
that can name one event) is one node, with both articles in its provenance.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .lexicon import name_key
from .records import (
    AnyNode,
    DateInterval,
    Extraction,
    Meeting,
    Organization,
    Person,
    Place,
    same_family,
)
from .store import Store


@dataclass
class IngestResult:
    article: str
    path: str | None
    added: bool  # False: the same text was already in the store
    statements: int = 0
    meetings: int = 0


def node_keys(node: AnyNode) -> set[str]:
    """The keys other articles find this node by."""
    if isinstance(node, Meeting):
        keys = set()
        if node.place:
            keys.add("place:" + name_key(node.place))
        if node.body:
            keys.add("body:" + name_key(node.body))
        return keys
    if isinstance(node, (Person, Organization, Place)):
        if getattr(node, "anonymous", False):
            return set()
        keys = {name_key(node.name)} | {name_key(a) for a in node.aliases if isinstance(node, (Organization, Place))}
        if isinstance(node, Person) and " " in node.name:
            keys.add("surname:" + name_key(node.name.split()[-1]))
        return keys
    return set()


def _existing_entity(store: Store, node: AnyNode) -> str | None:
    if store.get_node(node.id) is not None:
        return node.id
    if getattr(node, "anonymous", False):
        return None
    if isinstance(node, Person):
        if " " not in node.name:
            same = store.nodes_by_key("person", "surname:" + name_key(node.name))
            return same[0] if len(same) == 1 else None
        same = store.nodes_by_key("person", name_key(node.name))
        return same[0] if same else None
    for key in [name_key(node.name), *(name_key(a) for a in node.aliases)]:
        same = store.nodes_by_key(node.type, key)
        if same:
            return same[0]
    return None


def _existing_meeting(store: Store, meeting: Meeting) -> str | None:
    candidates: dict[str, int] = {}
    for key in node_keys(meeting):
        for node_id in store.nodes_by_key("meeting", key):
            candidates[node_id] = candidates.get(node_id, 0) + 1
    best, best_score = None, 0
    for node_id, shared in candidates.items():
        other = store.get_node(node_id)
        if not isinstance(other, Meeting) or not same_family(other.kind, meeting.kind):
            continue
        if meeting.place and other.place and name_key(meeting.place) != name_key(other.place):
            continue
        if meeting.body and other.body and name_key(meeting.body) != name_key(other.body):
            continue
        dated = meeting.date.earliest is not None and other.date.earliest is not None
        if dated and not meeting.date.overlaps(other.date):
            continue
        if not dated and shared < 2:
            continue  # undated: only the same place and the same body make it the same meeting
        score = shared + (2 if dated else 0)
        if score > best_score:
            best, best_score = node_id, score
    return best


def _narrower(a: DateInterval, b: DateInterval) -> DateInterval:
    if a.earliest is None:
        return b
    if b.earliest is None or not a.overlaps(b):
        return a
    return a if (a.latest - a.earliest) <= (b.latest - b.earliest) else b


def merge_records(old: AnyNode, new: AnyNode) -> AnyNode:
    """One node from two records of the same thing: the old name, everything else united."""
    update: dict = {}
    aliases = {*old.aliases, *new.aliases, new.name} - {old.name}
    update["aliases"] = sorted(aliases)
    if isinstance(old, Person) and isinstance(new, Person):
        update["roles"] = old.roles + [r for r in new.roles if r.lower() not in {x.lower() for x in old.roles}]
        update["gender"] = old.gender or new.gender
    if isinstance(old, Place) and isinstance(new, Place):
        update["kind"] = old.kind or new.kind
    if isinstance(old, Meeting) and isinstance(new, Meeting):
        update.update(date=_narrower(old.date, new.date), place=old.place or new.place, body=old.body or new.body,
                      sequence=old.sequence if old.sequence is not None else new.sequence,
                      duration=old.duration or new.duration)
        update["aliases"] = sorted(aliases - {old.name})
    return old.model_copy(update=update)


def merge_extraction(store: Store, extraction: Extraction, text: str, model: str | None) -> IngestResult:
    """Write one article's records into the store in one transaction."""
    article = extraction.article
    if store.has_article(article.sha256):
        return IngestResult(article.id, article.path, added=False)
    order = {"person": 0, "organization": 0, "place": 0, "meeting": 1, "statement": 2}
    with store.transaction():
        store.add_article(article, text, model)
        store.put_node(article)
        remap: dict[str, str] = {}
        for node in sorted(extraction.nodes, key=lambda n: order.get(n.type, 3)):
            if isinstance(node, Meeting):
                target = _existing_meeting(store, node)
            elif node.type in ("person", "organization", "place"):
                target = _existing_entity(store, node)
            else:
                target = None
            target = target or node.id
            old = store.get_node(target)
            merged = merge_records(old, node) if old is not None else node.model_copy(update={"id": target})
            store.put_node(merged, node_keys(merged))
            store.add_mentions(target, node.provenance)
            remap[node.id] = target
        store.add_edges(
            e.model_copy(update={"source": remap.get(e.source, e.source), "target": remap.get(e.target, e.target)})
            for e in extraction.edges)
    return IngestResult(article.id, article.path, added=True,
                        statements=sum(1 for n in extraction.nodes if n.type == "statement"),
                        meetings=sum(1 for n in extraction.nodes if n.type == "meeting"))


def load_graph(store: Store, with_text: bool = False) -> nx.MultiDiGraph:
    """Every node with its fields and provenance; every edge keyed by its type and article.
    `with_text` adds each article's text to its node, for exports that must lose nothing."""
    graph = nx.MultiDiGraph()
    for data in store.all_nodes():
        data["provenance"] = []
        if with_text and data["type"] == "article":
            data["text"] = store.article_text(data["id"])
        graph.add_node(data["id"], **data)
    for node, mention in store.all_mentions():
        if node in graph:
            graph.nodes[node]["provenance"].append(mention.model_dump())
    for edge in store.all_edges():
        if edge["source"] in graph and edge["target"] in graph:
            graph.add_edge(edge["source"], edge["target"], key=f"{edge['type']}@{edge['article']}", **edge)
    return graph


def import_graph(store: Store, graph: nx.MultiDiGraph) -> int:
    """Write a graph read from a node-link export into the store, in one transaction; nodes already
    present are merged. Returns how many nodes it held."""
    from pydantic import ValidationError

    from .errors import InputError
    from .records import NODE_ADAPTER, Edge, Mention

    try:
        nodes = []
        for node_id, data in graph.nodes(data=True):
            data = {**data, "id": node_id}  # node_link_graph keeps the id as the node, not a field
            provenance = [Mention(**m) for m in data.pop("provenance", [])]
            text = data.pop("text", None) if data.get("type") == "article" else None
            nodes.append((NODE_ADAPTER.validate_python(data), provenance, text))
        edges = [Edge(**{**{k: x for k, x in d.items() if k in Edge.model_fields}, "source": u, "target": v})
                 for u, v, d in graph.edges(data=True)]
    except (ValidationError, TypeError) as e:
        raise InputError(f"not a newskb graph: {str(e).splitlines()[0]}") from None
    with store.transaction():
        for node, provenance, text in nodes:
            if node.type == "article":
                if store.has_article(node.sha256):
                    continue
                store.add_article(node, text or "", model="import")
            old = store.get_node(node.id)
            merged = merge_records(old, node) if old is not None and node.type != "article" else node
            store.put_node(merged, node_keys(merged))
            store.add_mentions(node.id, provenance)
        store.add_edges(edges)
    return len(nodes)
