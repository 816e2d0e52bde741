"""The graph in the formats other tools read."""
from __future__ import annotations

import json

import networkx as nx

from .errors import NewskbError

FORMATS = ("node-link",)


def node_link(graph: nx.MultiDiGraph) -> str:
    """networkx node-link JSON; `networkx.node_link_graph(data, edges="edges")` reads it back."""
    return json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=1) + "\n"


def export_graph(graph: nx.MultiDiGraph, format_: str) -> str:
    writers = {"node-link": node_link}
    if format_ not in writers:
        raise NewskbError(f"unknown export format {format_!r}; choose one of {', '.join(writers)}")
    return writers[format_](graph)
