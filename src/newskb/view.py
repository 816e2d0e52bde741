"""The graph as one self-contained HTML page, drawn by Cytoscape.js in the browser.

The page holds the people, organisations, places and meetings of a selection (the whole store, an
article, a period, or what lies around an entity) and the statements that link them; the layout
(fCoSE) runs in the browser, so nothing here needs more than the store's read side. The
libraries (pinned in data/vendor/vendor.json) are inlined; the page fetches nothing, under a
content security policy that forbids it. Article text enters the page only as JSON inside a
non-executable script block, with '<', '>' and '&' escaped, and reaches the document through
textContent or the canvas.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from . import queries
from .answers import MeetingRow, StatementRow
from .store import Store

SHOWN = ("person", "organization", "place", "meeting")
LINKS = ("participated_in", "held_in", "affiliated_with", "body_of", "follows")


def _date_text(m: MeetingRow) -> str:
    d = m.date
    if not d.earliest:
        return d.text or "date unknown"
    return str(d.earliest) if d.earliest == d.latest else f"{d.earliest} – {d.latest}"


BATCH = 2000  # statements read at a time: a page of a whole archive holds every one, their rows need not


def _select(r: queries.Reader, around: str | None, depth: int, article: str | None, since: dt.date | None,
            until: dt.date | None) -> tuple[list[MeetingRow], Iterator[StatementRow]]:
    meetings = queries.meetings(r, article=article, since=since, until=until)
    ids = queries.statement_ids(r, article=article, since=since, until=until)
    near = queries.ball(r, queries.resolve(r, around), depth)[0] if around is not None else None
    if near is not None:
        meetings = [m for m in meetings if m.id in near]

    def statements() -> Iterator[StatementRow]:
        for start in range(0, len(ids), BATCH):  # each batch read afresh, the previous one forgotten
            for s in queries.statement_rows(queries.Reader(r.store), ids[start:start + BATCH]):
                if near is None or s.id in near or (s.meeting and s.meeting.id in near):
                    yield s
    return meetings, statements()


def page_data(store: Store, around: str | None = None, depth: int = 2, article: str | None = None,
              since: dt.date | None = None, until: dt.date | None = None) -> dict:
    """What the page draws: articles, nodes (entities and meetings), their links, and statements,
    nodes and articles referred to by their position in the lists."""
    import networkx as nx

    r = queries.Reader(store)
    meetings, statements = _select(r, around, depth, article, since, until)
    shown = nx.Graph()  # entities and meetings, linked directly or through what was said at a meeting
    shown.add_nodes_from(m.id for m in meetings)
    for m in meetings:
        shown.add_edges_from((p.id, m.id) for p in m.participants)
    said = []  # what the page shows of each statement, nodes and articles by id for now
    for s in statements:
        shown.add_nodes_from(x.id for x in s.speakers)
        if s.meeting and s.meeting.id in shown:
            shown.add_edges_from((x.id, s.meeting.id) for x in s.speakers)
        said.append({"speaker": s.speaker.id if s.speaker else None,
                     "who": s.speaker.name if s.speaker else (s.speaker_mention.text + "?" if s.speaker_mention
                                                              else "unknown"),
                     "kind": s.kind, "text": s.text, "article": s.article.id,
                     "meeting": s.meeting.id if s.meeting else None, "relation": s.meeting_relation, "id": s.id})
    # affiliations of those shown, where meetings were held, the bodies that met, what came after what
    grows = {"affiliated_with": "source", "held_in": "source", "body_of": "target"}
    for e in queries.links(r, list(shown), LINKS):
        end = grows.get(e.type)
        if e.source in shown and e.target in shown or end and getattr(e, end) in shown:
            shown.add_edge(e.source, e.target)
    data = r.nodes(shown)
    shown.remove_nodes_from([n for n in list(shown) if data[n]["type"] not in SHOWN or data[n].get("anonymous")])
    entities = [n for n in shown if data[n]["type"] != "meeting"]
    fields = queries.entity_fields(r, entities)
    meeting_rows = {m.id: m for m in meetings}
    missing = [n for n in shown if data[n]["type"] == "meeting" and n not in meeting_rows]
    meeting_rows.update({m.id: m for m in queries.chronology(r, missing)})

    if article is None:
        articles = queries.articles(r, since, until)
    else:
        articles = [r.article_ref(a) for a in queries.find_articles(r, article)]
    article_index = {a.id: i for i, a in enumerate(articles)}
    order = sorted(shown, key=lambda n: (data[n]["type"] != "meeting", n))
    index = {n: i for i, n in enumerate(order)}
    nodes = []
    for n in order:
        d = data[n]
        node = {"id": n, "type": d["type"], "name": queries.label(d), "aliases": d.get("aliases", []),
                "degree": shown.degree(n)}  # a meeting named with its place: 'Talks in Geneva'
        if d["type"] == "meeting":
            m = meeting_rows[n]
            node.update(when=_date_text(m), place=m.place, order=m.order,
                        date=[str(m.date.earliest) if m.date.earliest else None,
                              str(m.date.latest) if m.date.latest else None],
                        articles=[article_index[a] for a in m.articles if a in article_index])
        else:
            f = fields[n]
            node.update(roles=f.get("roles", []), affiliations=[a.name for a in f["affiliations"]],
                        articles=[article_index[a] for a in f["articles"] if a in article_index])
        nodes.append(node)
    for s in said:
        s.update(speaker=index.get(s["speaker"]), meeting=index.get(s["meeting"]), article=article_index[s["article"]])
    return {"articles": [{"id": a.id, "title": a.title or a.path or a.id, "published": str(a.published or ""),
                          "source": a.url or a.path or ""} for a in articles],
            "nodes": nodes, "edges": [[index[u], index[v]] for u, v in shown.edges],
            "statements": said}


def script_safe_json(value) -> str:
    """JSON that cannot end the script block it sits in, whatever the article said."""
    return json.dumps(value, ensure_ascii=False).replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _library() -> str:
    """The pinned libraries, in the order vendor.json lists them, each in its own script block."""
    vendor = resources.files("newskb.data").joinpath("vendor")
    manifest = json.loads(vendor.joinpath("vendor.json").read_text(encoding="utf-8"))
    blocks = []
    for name, pin in manifest["packages"].items():
        code = vendor.joinpath(pin["saved_as"]).read_text(encoding="utf-8")
        blocks.append(f"<script>/* {name} {pin['version']}, MIT licence (newskb/data/vendor) */\n{code}\n</script>")
    return "\n".join(blocks)


def render_page(data: dict) -> str:
    template = resources.files("newskb.data").joinpath("view.html").read_text(encoding="utf-8")
    return template.replace("__LIBRARY__", _library()).replace("__DATA__", script_safe_json(data))


def write_view(store: Store, output: Path, **selection) -> dict:
    """Write the page; returns how many nodes, links and statements it holds."""
    data = page_data(store, **selection)
    output.write_text(render_page(data), encoding="utf-8")
    return {"nodes": len(data["nodes"]), "links": len(data["edges"]), "statements": len(data["statements"])}
