"""The knowledge base: a store, the graph loaded from it, and ingestion into it.

    with KnowledgeBase.open("data/newskb.db") as kb:
        kb.ingest("seeds/")                      # a file, a folder, a URL, or a list of them
        kb.ingest(text="Jane Smith said ...", published="2022-01-12")
        kb.statements(speaker="Stoltenberg")
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import networkx as nx

from . import queries
from .graph import IngestResult, load_graph, merge_extraction
from .store import Store
from .textio import Inputs, RawArticle, parse_date, raw_article

Source = str | Path | RawArticle


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

    def ingest(self, sources: Source | Iterable[Source] | Inputs | None = None, *, text: str | None = None,
               title: str | None = None, published: dt.date | str | None = None, url: str | None = None,
               encoding: str | None = None, model: str | None = None, workers: int = 1,
               near_duplicates: bool = True, on_article: Callable[[IngestResult], None] | None = None,
               analyzer=None) -> list[IngestResult]:
        """Extract who said what from articles and add them to the store.

        `sources`: a path (a text, JSON lines, HTML or feed file, or a folder of them), a URL, a
        RawArticle, or a list of these; or `text=` for one article given as a string. `title` and
        `published` (and `url` with `text=`) apply to every article. Every input is read and checked
        before any is analysed (InputError names the first bad one). An article whose text is
        already stored, or with `near_duplicates` a near-duplicate of a stored one, is skipped and
        reported as not added. `workers` > 1 analyses in that many processes; one writer stores
        the results in input order, each article in its own transaction. The spaCy pipeline loads
        only if some article is new. Returns one result per article, in order.
        """
        raws = self._inputs(sources, text, title, published, url, encoding)
        results: list[IngestResult] = []

        def report(result: IngestResult) -> None:
            results.append(result)
            if on_article:
                on_article(result)

        fresh = self._unstored(raws, near_duplicates, report)
        first = next(fresh, None)
        if first is not None:
            if analyzer is None:
                from .nlp import Analyzer

                analyzer = Analyzer(model, workers=workers)
            for raw, extraction in analyzer.analyse_many(itertools.chain([first], fresh)):
                report(merge_extraction(self.store, extraction, raw.text, analyzer.model,
                                        raw.fingerprint if near_duplicates else None))
        self._graph = None
        return results

    @staticmethod
    def _inputs(sources, text, title, published, url, encoding) -> Iterable[RawArticle]:
        """The articles to ingest, every one checked before this returns."""
        if text is not None:
            if sources is not None:
                raise TypeError("ingest() takes sources or text=, not both")
            return [raw_article("text", text, path=None, title=title, published=published, url=url)]
        if not isinstance(sources, Inputs):
            items = [] if sources is None else [sources] if isinstance(sources, (str, Path, RawArticle)) else sources
            sources = Inputs(items, encoding=encoding, published=parse_date(published, "published"), title=title)
        sources.check()
        return sources

    def _unstored(self, raws: Iterable[RawArticle], near_duplicates: bool,
                  report: Callable[[IngestResult], None]) -> Iterator[RawArticle]:
        """The articles not in the store yet (nor earlier in this run); the others are reported.
        The store checks again as it writes each one, for other processes and near-duplicates
        within this run."""
        seen: set[str] = set()
        for raw in raws:
            twin = self.store.stored_as(raw.sha256, raw.fingerprint if near_duplicates else None)
            if twin is not None or raw.sha256 in seen:
                stored, near = twin or ("", False)
                report(IngestResult(stored, raw.path, added=False, near_duplicate=near))
                continue
            seen.add(raw.sha256)
            yield raw

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
        """Stream a node-link export (`newskb export`) into the store; see graph.import_node_link."""
        from .graph import import_node_link

        count = import_node_link(self.store, Path(path))
        self._graph = None
        return count

