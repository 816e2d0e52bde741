"""The knowledge base: a store, ingestion into it, and the questions it answers.

    from newskb import KnowledgeBase

    with KnowledgeBase.open("data/newskb.db") as kb:
        kb.ingest("seeds/")                      # a file, a folder, a URL, or a list of them
        kb.ingest(text="Jane Smith said ...", published="2022-01-12")
        for quote in kb.statements(speaker="Stoltenberg", since="2022-01-10"):
            print(quote.article.published, quote.speaker.name, quote.text)

Every question reads what it needs through the store's indexes and answers with the typed models
of `newskb.answers` (`.model_dump(mode="json")` gives the JSON `newskb ... --json` prints). Names
are matched loosely ('stoltenberg' finds Jens Stoltenberg); a name that matches nothing raises
`NotFoundError`, one that a single-entity question finds several things for `AmbiguousNameError`.
Dates are `datetime.date`s or ISO strings; `since` and `until` both include their day.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import queries
from .answers import (
    ArticleProfile,
    ArticleRef,
    EntityRow,
    MeetingProfile,
    MeetingRow,
    Neighbor,
    OrganizationRow,
    Path as PathAnswer,
    Profile,
    SearchResult,
    StatementProfile,
    StatementRow,
    Stats,
    TimelineRow,
)
from .errors import InputError
from .store import Store

if TYPE_CHECKING:  # the write side is imported when ingesting: a query needs none of it
    import networkx as nx

    from .graph import IngestResult
    from .records import Extraction
    from .textio import Inputs, RawArticle

    Source = str | Path | RawArticle

Day = dt.date | str | None

# Articles written in one transaction at most (`Store.grouped`): a commit, with the full-text index's
# merge, for each article was a third of the store's time. At most a second's worth, so that readers
# see new articles soon and a killed ingest has little to do again.
GROUP_ARTICLES = 64
GROUP_SECONDS = 1.0


def _write_in_groups(store: Store, pairs: Iterable[tuple[RawArticle, Extraction]],
                     write: Callable[[RawArticle, Extraction], None]) -> None:
    """`write` each analysed article, in groups that share a transaction; the store's write lock
    is held while a group is written, not while articles are analysed. Articles analysed before
    the analysis fails (or Ctrl-C) are written too."""
    analysed = iter(pairs)
    group: list[tuple[RawArticle, Extraction]] = []
    began = 0.0

    def write_group() -> None:
        if group:
            with store.grouped():
                for pair in group:
                    write(*pair)
            group.clear()
    while True:
        try:
            pair = next(analysed, None)
        except BaseException:
            write_group()
            raise
        if pair is None:
            break
        if not group:
            began = time.monotonic()
        group.append(pair)
        if len(group) >= GROUP_ARTICLES or time.monotonic() - began >= GROUP_SECONDS:
            write_group()
    write_group()


def _day(value: Day, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name} {value!r} is not an ISO date (YYYY-MM-DD)") from None


class KnowledgeBase:
    """A store of articles and what they report, with the questions one asks of it."""

    def __init__(self, store: Store | str | Path):
        """A store, or where one is (as `open` takes it)."""
        self.store = store if isinstance(store, Store) else Store.open(store)

    @classmethod
    def open(cls, location: str | Path, create: bool = True) -> KnowledgeBase:
        """Open the store at `location`, a path (SQLite) or a `postgresql://` URL; `create=False`
        refuses to make a new one (for queries)."""
        return cls(Store.open(location, create=create))

    def close(self) -> None:
        """Close the store (leaving a `with` block does)."""
        self.store.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def ingest(self, sources: Source | Iterable[Source] | Inputs | None = None, *, text: str | None = None,
               title: str | None = None, published: dt.date | str | None = None, url: str | None = None,
               encoding: str | None = None, model: str | None = None, workers: int = 1, dask: str | None = None,
               near_duplicates: bool = True, on_article: Callable[[IngestResult], None] | None = None,
               analyzer=None) -> list[IngestResult]:
        """Extract who said what from articles and add them to the store.

        `sources`: a path (a text, JSON lines, HTML or feed file, or a folder of them), a URL, a
        RawArticle, or a list of these; or `text=` for one article given as a string. `title` and
        `published` (and `url` with `text=`) apply to every article. Every input is read and checked
        before any is analysed (InputError names the first bad one). An article whose text is
        already stored, or with `near_duplicates` a near-duplicate of a stored one, is skipped and
        reported as not added. `workers` > 1 analyses in that many processes, `dask` on the
        workers of a Dask cluster (a scheduler's address, or `local:N` for N processes here); either
        way one writer, here, stores the results in input order, up to a second's worth of
        articles to a transaction: an article is stored whole or not at all, and those analysed
        before a failure or Ctrl-C are kept. The spaCy pipeline loads (the cluster is reached) only
        if some article is new. Returns one result per article, in order.
        """
        from .graph import IngestResult, merge_extraction

        if dask is not None:
            from .cluster import check_address

            if workers > 1:
                raise InputError("analyse in --workers processes here or on a --dask cluster, not both")
            check_address(dask)
        raws = self._inputs(sources, text, title, published, url, encoding)
        results: list[IngestResult] = []

        def report(result: IngestResult) -> None:
            results.append(result)
            if on_article:
                on_article(result)

        fresh = self._unstored(raws, near_duplicates, report)
        first = next(fresh, None)
        if first is None:
            return results
        with contextlib.ExitStack() as owned:
            if analyzer is None and dask is not None:
                from .cluster import ClusterAnalyzer

                analyzer = ClusterAnalyzer(dask, model)
                owned.callback(analyzer.close)
            elif analyzer is None:
                from .nlp import Analyzer

                analyzer = Analyzer(model, workers=workers)
            # Closed here, not when collected: its worker processes stop before ingest returns,
            # even while a traceback still holds it.
            analysed = owned.enter_context(contextlib.closing(analyzer.analyse_many(itertools.chain([first], fresh))))
            _write_in_groups(self.store, analysed,
                             lambda raw, extraction: report(merge_extraction(
                                 self.store, extraction, raw.text, analyzer.model,
                                 raw.fingerprint if near_duplicates else None)))
        self.store.update_statistics()
        return results

    @staticmethod
    def _inputs(sources, text, title, published, url, encoding) -> Iterable[RawArticle]:
        """The articles to ingest, every one checked before this returns."""
        from .textio import Inputs, RawArticle, parse_date, raw_article

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
        from .graph import IngestResult

        seen: set[str] = set()
        for raw in raws:
            twin = self.store.stored_as(raw.sha256, raw.fingerprint if near_duplicates else None)
            if twin is not None or raw.sha256 in seen:
                stored, near = twin or ("", False)
                report(IngestResult(stored, raw.path, added=False, near_duplicate=near))
                continue
            seen.add(raw.sha256)
            yield raw

    # -- questions ---------------------------------------------------------------------------------
    def _reader(self) -> queries.Reader:
        return queries.Reader(self.store)

    def articles(self, since: Day = None, until: Day = None, limit: int | None = None) -> list[ArticleRef]:
        """The articles in the order they were stored; `since`/`until` bound their publication date."""
        return queries.articles(self._reader(), _day(since, "since"), _day(until, "until"), limit)

    def statements(self, speaker: str | None = None, meeting: str | None = None, place: str | None = None,
                   contains: str | None = None, article: str | None = None, org: str | None = None,
                   since: Day = None, until: Day = None, limit: int | None = None) -> list[StatementRow]:
        """Who said what, in article order, then by position in the article.

        speaker: what this person, organisation or place said (every entity the name may mean).
        meeting: statements at or about meetings of this name, place, body or kind.
        place: statements tied to a meeting held here.
        contains: statements holding these words, in this order, in any case (the last word may be
            the beginning of one: 'interest rat' finds 'interest rates').
        article: statements of this article (id, its beginning, or part of its path).
        org: what this organisation or the people affiliated with it said.
        since, until: statements of articles published within these days.
        limit: at most this many.
        """
        return queries.statements(self._reader(), speaker, meeting, place, contains, article, org,
                                  _day(since, "since"), _day(until, "until"), limit)

    def meetings(self, article: str | None = None, since: Day = None, until: Day = None, person: str | None = None,
                 org: str | None = None, place: str | None = None, limit: int | None = None) -> list[MeetingRow]:
        """The chronology of meetings, numbered from 1 in the order they took place.

        article: meetings this article reports. since, until: meetings whose dates meet this period
        (an undated one by when the first article reporting it was published). person, org: meetings
        this person took part in, or this organisation took part in or met as. place: meetings held
        here. limit: the first so many.
        """
        return queries.meetings(self._reader(), article, _day(since, "since"), _day(until, "until"),
                                person, org, place, limit)

    def timeline(self, article: str | None = None, since: Day = None, until: Day = None, person: str | None = None,
                 org: str | None = None, place: str | None = None, limit: int | None = None) -> list[TimelineRow]:
        """The chronology (filters as `meetings`), each meeting with the statements made at or about it."""
        return queries.timeline(self._reader(), article, _day(since, "since"), _day(until, "until"),
                                person, org, place, limit)

    def people(self, include_unnamed: bool = False, article: str | None = None, org: str | None = None,
               limit: int | None = None) -> list[EntityRow]:
        """People with roles and affiliations, those who said most first.

        include_unnamed: also speakers known only by a description ("a source"). article: people
        this article names. org: people affiliated with this organisation. limit: at most so many.
        """
        return queries.people(self._reader(), include_unnamed, article, org, limit)

    def organizations(self, include_unnamed: bool = False, article: str | None = None,
                      limit: int | None = None) -> list[OrganizationRow]:
        """Organisations with the people affiliated with them, those who said most first (filters as `people`)."""
        return queries.organizations(self._reader(), include_unnamed, article, limit)

    def profile(self, name: str) -> Profile:
        """One person, organisation or place: names, roles, affiliations, meetings, statements by
        meeting, whom it met, articles."""
        reader = self._reader()
        return queries.profile(reader, queries.resolve(reader, name))

    def show(self, name: str) -> Profile | MeetingProfile | StatementProfile | ArticleProfile:
        """Whatever `name` names: an entity (by name or id) as `profile`; a meeting (`m:…`) with what
        was said there; a statement (`q:…`) in its paragraph; an article (`a:…`) with what it reports."""
        return queries.show(self._reader(), name)

    def neighbors(self, name: str, depth: int = 1, types: list[str] | None = None) -> list[Neighbor]:
        """What lies within `depth` links of an entity (of `types` only, if given), nearest first,
        with how it is linked."""
        return queries.neighbors(self._reader(), name, depth, types)

    def path(self, a: str, b: str) -> PathAnswer:
        """How two entities are connected, the shortest way, each link told in words."""
        return queries.path(self._reader(), a, b)

    def search(self, text: str, limit: int | None = None) -> SearchResult:
        """Statements whose words match (full-text search) and entities whose names do."""
        return queries.search(self._reader(), text, limit)

    def stats(self) -> Stats:
        """Nodes and edges by type, the number of articles, and the dates they and the meetings span."""
        return queries.stats(self._reader())

    def graph(self, around: str | None = None, depth: int = 1, article: str | None = None,
              with_text: bool = False) -> nx.MultiDiGraph:
        """The graph as networkx holds it: the whole of it, or the part an article grounds and/or
        the part within `depth` links of an entity. `with_text` adds each article's text."""
        return queries.selection(self._reader(), around, depth, article, with_text)

    def export(self, format_: str, output: Path | None = None, around: str | None = None, depth: int = 1,
               article: str | None = None) -> str | None:
        """The graph (or a part, as `graph` selects) in an export format; None when written to `output`."""
        from .export import export_graph

        return export_graph(self.graph(around, depth, article, with_text=True), format_, output)

    def import_node_link(self, path: Path) -> int:
        """Stream a node-link export (`newskb export`) into the store; see graph.import_node_link."""
        from .graph import import_node_link

        imported = import_node_link(self.store, Path(path))
        self.store.update_statistics()
        return imported
