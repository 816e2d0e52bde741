"""The graph as one self-contained HTML page: no network at view time, no library fetched.

People, organisations, places and meetings are drawn (colour by type, size by degree, positions
from networkx's spring layout); statements and articles appear in the side panel when their node
is clicked; a strip below lists the meetings in chronological order. Article text enters the page
only as JSON inside a non-executable script block, with '<', '>' and '&' escaped, and reaches the
document through textContent.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import networkx as nx

from .answers import dump

SHOWN = ("person", "organization", "place", "meeting")
LINKS = ("participated_in", "held_in", "affiliated_with", "body_of", "follows")


def _speakers(graph: nx.MultiDiGraph, statement: str) -> list[str]:
    return [s for s, _, d in graph.in_edges(statement, data=True) if d["type"] == "said"]


def _projection(graph: nx.MultiDiGraph) -> nx.Graph:
    """Entities and meetings, linked directly or through what they said at a meeting."""
    shown = nx.Graph()
    shown.add_nodes_from(n for n, d in graph.nodes(data=True) if d["type"] in SHOWN and not d.get("anonymous"))
    for u, v, d in graph.edges(data=True):
        if d["type"] in LINKS and u in shown and v in shown:
            shown.add_edge(u, v)
    for statement, meeting, d in graph.edges(data=True):
        if d["type"] in ("at", "about") and meeting in shown:
            for speaker in _speakers(graph, statement):
                if speaker in shown:
                    shown.add_edge(speaker, meeting)
    return shown


def _date_text(date: dict) -> str:
    if not date or not date.get("earliest"):
        return (date or {}).get("text") or "date unknown"
    same = date["earliest"] == date["latest"]
    return date["earliest"] if same else f"{date['earliest']} – {date['latest']}"


def page_data(graph: nx.MultiDiGraph, chronology: list[dict], statements: list[dict]) -> dict:
    shown = _projection(graph)
    positions = nx.spring_layout(shown, seed=7, scale=500) if len(shown) else {}
    said = {}
    for s in statements:
        record = {"kind": s["kind"], "text": s["text"], "speaker": (s["speaker"] or {}).get("name"),
                  "meeting": s["meeting"]["name"] if s["meeting"] else None, "relation": s.get("meeting_relation")}
        for speaker in s["speakers"]:
            said.setdefault(speaker["id"], []).append(record)
        if s["meeting"]:
            said.setdefault(s["meeting"]["id"], []).append(record)
    by_meeting = {m["id"]: m for m in chronology}
    nodes = []
    for n in shown.nodes:
        d = graph.nodes[n]
        node = {"id": n, "type": d["type"], "name": d["name"], "aliases": d.get("aliases", []),
                "roles": d.get("roles", []), "statements": said.get(n, []),
                "x": round(float(positions[n][0]), 1), "y": round(float(positions[n][1]), 1),
                "size": round(4 + 2.5 * min(shown.degree(n), 12) ** 0.8, 1)}
        if d["type"] == "meeting":
            m = by_meeting.get(n, {})
            node["detail"] = f"{_date_text(d.get('date'))}" + (f", {d['place']}" if d.get("place") else "")
            node["participants"] = [p["name"] for p in m.get("participants", [])]
        else:
            node["meetings"] = [graph.nodes[x]["name"] for x in shown.neighbors(n) if graph.nodes[x]["type"] == "meeting"]
        nodes.append(node)
    edges = [{"source": u, "target": v} for u, v in shown.edges]
    timeline = [{"id": m["id"], "order": m["order"], "name": m["name"], "place": m["place"],
                 "when": _date_text(m["date"])} for m in chronology if m["id"] in shown]
    return {"nodes": nodes, "edges": edges, "timeline": timeline}


def script_safe_json(value) -> str:
    """JSON that cannot end the script block it sits in, whatever the article said."""
    return json.dumps(value, ensure_ascii=False).replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def write_view(kb, output: Path, around=None, depth=2, article=None, since=None, until=None) -> None:
    graph = kb.graph(around, depth, article)
    chronology = dump(kb.meetings(article=article, since=since, until=until))
    statements = dump(kb.statements(article=article, since=since, until=until))
    template = resources.files("newskb.data").joinpath("view.html").read_text(encoding="utf-8")
    page = template.replace("__DATA__", script_safe_json(page_data(graph, chronology, statements)))
    output.write_text(page, encoding="utf-8")
