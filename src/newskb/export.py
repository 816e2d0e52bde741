"""The graph in the formats other tools read, and back.

- node-link: networkx's JSON (`node_link_data(G, edges="edges")`), read back by `node_link_graph`
  and by `newskb import`;
- cytoscape: Cytoscape.js elements JSON;
- graphml and gexf, for yEd and Gephi: lists and nested values JSON-encoded into strings, nulls left
  out, since both formats hold only scalars;
- csv: `neo4j-admin database import` files, nodes.csv and relationships.csv with typed headers;
- jsonl: the records themselves, a node or an edge a line.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx

from .errors import NewskbError

FORMATS = ("node-link", "cytoscape", "graphml", "gexf", "csv", "jsonl")


def restrict(graph: nx.MultiDiGraph, around: list[str] | None = None, depth: int = 1,
             articles: list[str] | None = None) -> nx.MultiDiGraph:
    """The part of the graph near some nodes (`around`, within `depth` steps either way) and/or
    grounded in some articles."""
    view = graph
    if articles is not None:
        wanted = set(articles)
        keep = {n for n, d in graph.nodes(data=True)
                if n in wanted or d.get("article") in wanted or any(m["article"] in wanted for m in d.get("provenance", []))}
        view = graph.subgraph(keep).copy()
        view.remove_edges_from([(u, v, k) for u, v, k, d in view.edges(keys=True, data=True) if d["article"] not in wanted])
    if around is not None:
        undirected = view.to_undirected(as_view=True)
        keep = set()
        for node in around:
            if node in view:
                keep |= set(nx.single_source_shortest_path_length(undirected, node, cutoff=depth))
        view = view.subgraph(keep).copy()
    return view


def node_link(graph: nx.MultiDiGraph) -> str:
    return json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=1) + "\n"


def cytoscape(graph: nx.MultiDiGraph) -> str:
    """{"elements": {"nodes": [{"data": ...}], "edges": [{"data": ...}]}}, ready for cytoscape({elements})."""
    nodes = [{"data": {**d, "id": n, "label": d.get("name", n)}} for n, d in graph.nodes(data=True)]
    edges = [{"data": {**d, "id": f"{u}|{k}|{v}", "source": u, "target": v, "label": d["type"]}}
             for u, v, k, d in graph.edges(keys=True, data=True)]
    return json.dumps({"elements": {"nodes": nodes, "edges": edges}}, ensure_ascii=False, indent=1) + "\n"


def _scalar(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # what neo4j-admin reads as a boolean
    return value


def flat(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all strings, numbers or booleans, as GraphML and GEXF require."""
    out = nx.MultiDiGraph()
    for n, d in graph.nodes(data=True):
        out.add_node(n, **{k: _scalar(v) for k, v in d.items() if v is not None})
    for u, v, k, d in graph.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **{a: _scalar(b) for a, b in d.items() if b is not None})
    return out


def graphml(graph: nx.MultiDiGraph) -> str:
    return "\n".join(nx.generate_graphml(flat(graph))) + "\n"


def gexf(graph: nx.MultiDiGraph) -> str:
    g = flat(graph)
    for n, d in g.nodes(data=True):
        d["label"] = d.get("name", n)
    return "\n".join(nx.generate_gexf(g)) + "\n"


NEO4J_TYPES = {bool: "boolean", int: "long", float: "double"}


def _neo4j_header(rows: list[dict], fixed: list[str]) -> list[str]:
    keys: dict[str, str] = {}
    for row in rows:
        for key, value in row.items():
            if key in fixed or value is None:
                continue
            kind = NEO4J_TYPES.get(type(value), "string")
            keys[key] = kind if keys.get(key, kind) == kind else "string"
    return fixed + [f"{k}:{t}" for k, t in sorted(keys.items())]


def neo4j_csv(graph: nx.MultiDiGraph) -> dict[str, str]:
    """nodes.csv (id:ID, :LABEL, typed properties) and relationships.csv (:START_ID, :END_ID, :TYPE)."""
    node_rows = [{"id:ID": n, ":LABEL": d["type"].capitalize(), **{k: _scalar(v) for k, v in d.items() if k != "id"}}
                 for n, d in graph.nodes(data=True)]
    edge_rows = [{":START_ID": u, ":END_ID": v, ":TYPE": d["type"].upper(),
                  **{k: _scalar(x) for k, x in d.items() if k not in ("source", "target", "type")}}
                 for u, v, d in graph.edges(data=True)]
    files = {}
    for name, rows, fixed in (("nodes.csv", node_rows, ["id:ID", ":LABEL"]),
                              ("relationships.csv", edge_rows, [":START_ID", ":END_ID", ":TYPE"])):
        header = _neo4j_header(rows, fixed)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        names = [h.split(":")[0] if not h.startswith(":") and h != "id:ID" else h for h in header]
        for row in rows:
            writer.writerow([_csv_value(row.get(k)) for k in names])
        files[name] = buffer.getvalue()
    return files


def jsonl(graph: nx.MultiDiGraph) -> str:
    lines = [json.dumps({"kind": "node", "data": d}, ensure_ascii=False) for _, d in graph.nodes(data=True)]
    lines += [json.dumps({"kind": "edge", "data": d}, ensure_ascii=False) for *_, d in graph.edges(data=True)]
    return "\n".join(lines) + "\n"


WRITERS = {"node-link": node_link, "cytoscape": cytoscape, "graphml": graphml, "gexf": gexf, "jsonl": jsonl}


def export_graph(graph: nx.MultiDiGraph, format_: str, output: Path | None = None) -> str | None:
    """The graph as text in the format (None when written to files, as csv is)."""
    if format_ == "csv":
        if output is None:
            raise NewskbError("csv export writes two files (nodes.csv, relationships.csv): name a folder with -o")
        output.mkdir(parents=True, exist_ok=True)
        for name, text in neo4j_csv(graph).items():
            (output / name).write_text(text, encoding="utf-8")
        return None
    if format_ not in WRITERS:
        raise NewskbError(f"unknown export format {format_!r}; choose one of {', '.join(FORMATS)}")
    text = WRITERS[format_](graph)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        return None
    return text
