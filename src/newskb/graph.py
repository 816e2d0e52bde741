"""The knowledge graph: one article's records merged into the store, the store loaded as a
networkx MultiDiGraph, and a node-link export streamed back in.

Which stored node a new record merges with is decided in `identity.py`; here the decisions are
applied: `merge_extraction` reads the stored nodes an article's records may merge with in one go,
resolves them without going back to the store, and writes the article in one transaction.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import TypeAdapter, ValidationError

from .errors import InputError, problem
from .identity import KnownNodes, existing, in_merge_order, lookups, merge_records, node_keys
from .records import NODE_ADAPTER, AnyNode, Article, Edge, Extraction, Mention
from .store import Found, NearKey, NodeWrite, Store

if TYPE_CHECKING:  # ingest writes through here and needs none of networkx (0.3 s to import)
    import networkx as nx

MENTIONS = TypeAdapter(list[Mention])
EDGE_FIELDS = set(Edge.model_fields)


@dataclass
class IngestResult:
    article: str
    path: str | None
    added: bool  # False: the same text (or a near-duplicate) was already in the store
    statements: int = 0
    meetings: int = 0
    near_duplicate: bool = False  # not added as a near-duplicate of `article`, not the same text


def resolve(extraction: Extraction, found: Found) -> tuple[list[NodeWrite], list[Edge]]:
    """The nodes and edges to write for one article, each record merged with the stored node it is."""
    known = KnownNodes(found.nodes, found.keys, (n.id for n in extraction.nodes))
    writes = [NodeWrite(extraction.article)]
    remap: dict[str, str] = {}
    taken: set[str] = set()  # meetings this article merged into: its other meetings are other events
    for node in in_merge_order(extraction):
        target = existing(known, node, taken) or node.id
        if node.type == "meeting":
            taken.add(target)
        old = known.get_node(target)
        merged = merge_records(old, node) if old is not None else node.model_copy(update={"id": target})
        keys = node_keys(merged)
        known.put(merged, keys)
        writes.append(NodeWrite(merged, keys, node.provenance, replaces=old is not None))
        remap[node.id] = target
    return writes, [_remapped(e, remap) for e in extraction.edges]


def _remapped(edge: Edge, remap: dict[str, str]) -> Edge:
    """The edge between the nodes its ends were merged into (itself, not a copy, where neither moved:
    most edges: copying them all was half of resolving an article)."""
    source, target = remap.get(edge.source, edge.source), remap.get(edge.target, edge.target)
    if source == edge.source and target == edge.target:
        return edge
    return edge.model_copy(update={"source": source, "target": target})


def merge_extraction(store: Store, extraction: Extraction, text: str, model: str | None,
                     near: NearKey | None = None) -> IngestResult:
    """Write one article's records into the store in one transaction; an article stored already
    (the same text or, given `near`, a near-duplicate) is reported, not written."""
    article = extraction.article
    wanted = set().union(*(lookups(n) for n in extraction.nodes))
    twin = store.write(article, text, model, near, (n.id for n in extraction.nodes), wanted,
                       lambda found: resolve(extraction, found))
    if twin is not None:
        return IngestResult(twin[0], article.path, added=False, near_duplicate=twin[1])
    return IngestResult(article.id, article.path, added=True,
                        statements=sum(1 for n in extraction.nodes if n.type == "statement"),
                        meetings=sum(1 for n in extraction.nodes if n.type == "meeting"))


def load_graph(store: Store, with_text: bool = False) -> nx.MultiDiGraph:
    """Every node with its fields and provenance; every edge keyed by its type and article.
    `with_text` adds each article's text to its node, for exports that must lose nothing."""
    import networkx as nx

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


MAX_DEPTH = 16  # a node-link export nests six levels deep; anything far deeper is not one
EDGE_BATCH = 5000


def import_node_link(store: Store, path: Path) -> int:
    """Stream a node-link export into the store in one transaction (a bad record anywhere imports
    nothing); nodes already present are merged, articles already present skipped. Memory stays that
    of one record at a time. Returns how many nodes the file held."""
    from .nearduplicates import fingerprint

    count = 0
    edges: list[Edge] = []
    with store.transaction():
        for record, mentions, text in node_link_records(path):
            if isinstance(record, Edge):
                edges.append(record)
                if len(edges) >= EDGE_BATCH:
                    store.add_edges(edges)
                    edges = []
                continue
            count += 1
            if isinstance(record, Article):
                if store.stored_as(record.sha256) is None:
                    store.add_article(record, text or "", model="import", near=fingerprint(text) if text else None)
                    store.put_nodes([NodeWrite(record, mentions=mentions)])
                continue
            old = store.get_node(record.id)
            merged = merge_records(old, record) if old is not None else record
            store.put_nodes([NodeWrite(merged, node_keys(merged), mentions, replaces=old is not None)])
        store.add_edges(edges)
    return count


def node_link_records(path: Path) -> Iterator[tuple[AnyNode | Edge, list[Mention], str | None]]:
    """The records of a node-link export, one at a time, each checked: (node, its mentions, an
    article's text) or (edge, [], None). A first pass over the file's events checks its shape and
    bounds its nesting; then ijson builds one record at a time. Neither the file's size nor its
    nesting can exhaust memory or the stack."""
    import ijson

    def fail(why: str) -> InputError:
        return InputError(f"{path}: not a node-link export ({why})")

    try:
        with open(path, "rb") as f:
            sections = _top_level_keys(ijson.basic_parse(f), fail)
        count = 0
        with open(path, "rb") as f:
            for count, item in enumerate(ijson.items(f, "nodes.item", use_float=True), start=1):
                yield _node_record(item, count, fail)
        if not count:
            raise fail("no nodes")
        for section in sections & {"edges", "links"}:  # networkx wrote "links" before 3.4
            with open(path, "rb") as f:
                for number, item in enumerate(ijson.items(f, f"{section}.item", use_float=True), start=1):
                    yield _edge_record(item, number, fail), [], None
    except ijson.JSONError as e:
        raise fail(f"invalid JSON: {str(e).strip().splitlines()[0]}") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None


def _top_level_keys(events: Iterator[tuple[str, object]], fail) -> set[str]:
    """The keys of the top-level object, having checked it is one and nests at most MAX_DEPTH deep."""
    first, _ = next(events, (None, None))
    if first != "start_map":
        raise fail('expected a JSON object with "nodes" and "edges"')
    depth = 1
    keys = set()
    for event, value in events:
        if event == "start_map" or event == "start_array":
            depth += 1
            if depth > MAX_DEPTH:
                raise fail(f"values nested more than {MAX_DEPTH} deep")
        elif event == "end_map" or event == "end_array":
            depth -= 1
        elif event == "map_key" and depth == 1:
            keys.add(value)
    return keys


def _node_record(item: object, number: int, fail) -> tuple[AnyNode, list[Mention], str | None]:
    if not isinstance(item, dict):
        raise fail(f"node {number} is not an object")
    data = dict(item)
    provenance = data.pop("provenance", [])
    text = data.pop("text", None) if data.get("type") == "article" else None
    try:
        node = NODE_ADAPTER.validate_python(data)
        mentions = MENTIONS.validate_python(provenance)
    except ValidationError as e:
        raise fail(f"node {number} {data.get('id')!r}: {problem(e)}") from None
    if text is not None and not isinstance(text, str):
        raise fail(f"node {number} {node.id!r}: text is not a string")
    return node, mentions, text


def _edge_record(item: object, number: int, fail) -> Edge:
    if not isinstance(item, dict):
        raise fail(f"edge {number} is not an object")
    try:
        return Edge.model_validate({k: v for k, v in item.items() if k in EDGE_FIELDS})
    except ValidationError as e:
        raise fail(f"edge {number}: {problem(e)}") from None
