"""The knowledge base: a store, the graph loaded from it, and ingestion into it.

    with KnowledgeBase.open("data/newskb.db") as kb:
        kb.ingest(read_inputs(["seeds/"]))
        kb.statements(speaker="Stoltenberg")
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx

from . import queries
from .graph import IngestResult, load_graph, merge_extraction
from .ids import content_hash
from .store import Store
from .textio import RawArticle


class KnowledgeBase:
    def __init__(self, store: Store):
        self.store = store
        self._graph: nx.MultiDiGraph | None = None

    @classmethod
    def open(cls, path: Path, create: bool = True) -> KnowledgeBase:
        return cls(Store.open(path, create=create))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def graph(self) -> nx.MultiDiGraph:
        if self._graph is None:
            self._graph = load_graph(self.store)
        return self._graph

    def ingest(self, raws: Iterable[RawArticle], model: str | None = None,
               on_article: Callable[[IngestResult], None] | None = None, analyzer=None) -> list[IngestResult]:
        """Extract and store each article not already present; the NLP pipeline loads only if needed."""
        results: list[IngestResult] = []
        fresh: list[RawArticle] = []
        seen: set[str] = set()
        for raw in raws:
            sha = content_hash(raw.text)
            existing = self.store.has_article(sha)
            if existing or sha in seen:
                result = IngestResult(existing or "", raw.path, added=False)
                results.append(result)
                if on_article:
                    on_article(result)
            else:
                seen.add(sha)
                fresh.append(raw)
        if fresh:
            if analyzer is None:
                from .nlp import Analyzer

                analyzer = Analyzer(model)
            for raw, extraction in analyzer.analyse_many(fresh):
                result = merge_extraction(self.store, extraction, raw.text, analyzer.model)
                results.append(result)
                if on_article:
                    on_article(result)
        self._graph = None
        return results

    # -- questions (see queries.py) ---------------------------------------------------------------
    def articles(self) -> list[dict]:
        return queries.articles(self.graph)

    def statements(self, **filters) -> list[dict]:
        return queries.statements(self.graph, **filters)

    def meetings(self, article: str | None = None) -> list[dict]:
        return queries.chronology(self.graph, article)

    def timeline(self) -> list[dict]:
        """The chronology, each meeting with the statements made at or about it."""
        rows = self.meetings()
        said = self.statements()
        for m in rows:
            m["said"] = [s for s in said if s["meeting"] and s["meeting"]["id"] == m["id"]]
        return rows

    def people(self, include_unnamed: bool = False, article: str | None = None) -> list[dict]:
        return queries.people(self.graph, include_unnamed, article)

    def profile(self, name: str) -> dict:
        return queries.profile(self.graph, name)

    def neighbors(self, name: str, depth: int = 1, types: list[str] | None = None) -> list[dict]:
        return queries.neighbors(self.graph, name, depth, types)

    def path(self, a: str, b: str) -> dict:
        return queries.path(self.graph, a, b)

    def search(self, text: str) -> dict:
        return queries.search(self.graph, self.store.search_statements(text), text)

    def stats(self) -> dict:
        return queries.stats(self.graph)

    def export(self, format_: str, output: Path | None = None, around: str | None = None, depth: int = 1,
               article: str | None = None) -> str | None:
        from .export import export_graph, restrict

        graph = load_graph(self.store, with_text=True)
        if around is not None or article is not None:
            graph = restrict(graph, queries.require_entities(graph, around) if around else None, depth,
                             queries.find_articles(graph, article) if article else None)
        return export_graph(graph, format_, output)

    def import_node_link(self, path: Path) -> int:
        from .export import read_node_link
        from .graph import import_graph

        count = import_graph(self.store, read_node_link(path))
        self._graph = None
        return count
