"""What every engine's store is: the write path's logic and the SQL that is the same in SQLite and
PostgreSQL, written once against a few hooks each engine fills in (how ids are passed, how a field
of a node's JSON is read, how an insert ignores a row that exists, which column keeps write order).

Statements are written with `?` placeholders; an engine runs them through `_rows`, which adapts
them. Ids go in as one parameter, a JSON array (`_ids`), unpacked by the engine's `IDS`.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from ..errors import SchemaVersionError, StoreBusyError, StoreError
from ..lexicon import name_key
from ..records import NODE_ADAPTER, AnyNode, Article, Edge, Mention

SCHEMA_VERSION = 4
# A node's statements are kept in its row (`said`), so that "who said most" is read in order from an
# index instead of counted for every person at each question; recounted wherever nodes or edges are
# written.
RANKING_INDEX = "CREATE INDEX IF NOT EXISTS nodes_by_said ON nodes(type, said DESC, name, seq)"
EDGE_KEYS = ("source", "target", "type", "article")  # columns of their own, not repeated in `data`
NAMED_TYPES = ("person", "organization", "place", "meeting")
MEETING_NAME_FIELDS = ("place", "body", "kind")
POSTGRESQL_SCHEMES = ("postgresql://", "postgres://")
LOCK_TIMEOUT_ENV = "NEWSKB_LOCK_TIMEOUT"
LOCK_TIMEOUT = 600.0  # seconds a writer waits for another's lock (a large import can hold it minutes)


def statements_of(node: str) -> str:
    """SQL: how many statements `node` (a parameter, or a column) made."""
    return f"(SELECT count(*) FROM edges WHERE source = {node} AND type = 'said')"


def lock_timeout() -> float:
    value = os.environ.get(LOCK_TIMEOUT_ENV)
    try:
        return float(value) if value else LOCK_TIMEOUT
    except ValueError:
        raise StoreError(f"${LOCK_TIMEOUT_ENV}={value!r} is not a number of seconds") from None


def busy_error(location: str) -> StoreBusyError:
    return StoreBusyError(f"{location}: another process has been writing to the store for more than "
                          f"{lock_timeout():.0f} s; try again later (${LOCK_TIMEOUT_ENV} sets the wait)")


def is_postgresql(location: str | Path) -> bool:
    return isinstance(location, str) and location.startswith(POSTGRESQL_SCHEMES)


def name_rows(node: dict) -> set[tuple[str, str, str, str, str]]:
    """The name index's rows for a node: (word, name key, node, type, field) for each of its names
    (`field` says which: name, alias, or a meeting's place, body or kind)."""
    if node["type"] not in NAMED_TYPES:
        return set()
    names = [("name", node["name"])] + [("alias", a) for a in node.get("aliases") or []]
    if node["type"] == "meeting":
        names += [(f, node.get(f)) for f in MEETING_NAME_FIELDS]
    rows = set()
    for kind, name in names:
        key = name_key(name) if name else ""
        for word in key.split():
            rows.add((word, key, node["id"], node["type"], kind))
    return rows


class EdgeRow(NamedTuple):
    source: str
    target: str
    type: str
    article: str
    joint: bool


class NearKey(Protocol):
    """What near-duplicate detection needs of an article (see nearduplicates.Fingerprint)."""

    signature: bytes
    bands: tuple[tuple[int, int], ...]

    def matches(self, signature: bytes) -> bool: ...


@dataclass
class NodeWrite:
    """One node to store: its own fields (provenance aside), the keys other articles find it by,
    its mentions, and whether it replaces a node the store holds."""

    node: AnyNode
    keys: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    replaces: bool = False


@dataclass
class Found:
    """The stored nodes a merge may need, read in one go: by id, and node ids by (type, key)."""

    nodes: dict[str, AnyNode]
    keys: dict[tuple[str, str], list[str]]


Merge = Callable[[Found], tuple[list[NodeWrite], list[Edge]]]
EDGE_DEFAULTS = {name: f.default for name, f in Edge.model_fields.items() if name not in EDGE_KEYS}


def edge_fields(row: tuple[str, str, str, str, str]) -> dict:
    """An edge row as the record's fields: the indexed columns, then `data` over the defaults."""
    *key, data = row
    return {**dict(zip(EDGE_KEYS, key)), **EDGE_DEFAULTS, **json.loads(data)}


def _ids(ids: Iterable[str] | None) -> str:
    """Ids as one SQL parameter (a JSON array, unpacked by the engine's `IDS`)."""
    return json.dumps(list(dict.fromkeys(ids or ())))


class Store:
    """A knowledge base's store. Open with `Store.open(location)` (a path: SQLite; a
    `postgresql://` URL: PostgreSQL); use as a context manager to close.

    Writing: `write` adds one article and its records in one transaction that first checks the
    article is not there already (the same text, or a near-duplicate of a stored one), so a crash
    never leaves half an article and two processes never store one article twice; inside
    `grouped()`, articles share transactions, each behind a savepoint. One writer at a time holds
    the store's write lock; others wait for it and give up with `StoreBusyError`.
    Every lookup a write makes is on an index, so an article costs the same at any store size.

    Reading: what queries ask of the store, each answered through an index, never the whole
    store. Ids go in and come out as lists; nodes come out as their records' fields
    (JSON-decoded); node order is the order nodes were written, as networkx would hold them.
    """

    # -- what an engine fills in -------------------------------------------------------------------
    IDS = ""  # SQL of a sub-select of the ids passed as one parameter (`_ids`), in a column `value`
    ORDER = "rowid"  # the column of articles and edges that keeps the order they were written in
    IGNORE = ("INSERT OR IGNORE INTO", "")  # an insert that skips rows already there: before, after
    LIKE = "LIKE"  # case-insensitive (for ASCII) pattern match
    location: str  # where the store is, as its messages name it
    read_only = False
    on_wait: Callable[[], None] | None = None  # told once when a write must wait for the lock
    _shared: ExitStack | None = None  # inside `grouped`: the transaction its writes share

    @staticmethod
    def open(location: str | Path, create: bool = True) -> Store:
        """`create`: open to write, creating the store if needed; else open an existing store to
        query it."""
        if is_postgresql(location):
            from .postgresql import PostgreSQLStore

            return PostgreSQLStore.open(str(location), create)
        from .sqlite import SQLiteStore

        return SQLiteStore.open(Path(location), create)

    def _rows(self, sql: str, args: Iterable[Any] = ()) -> Iterator[tuple]:
        raise NotImplementedError

    def _run_many(self, sql: str, rows: list[tuple]) -> None:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction holding the store's write lock; errors inside roll it all back."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    @staticmethod
    def field(path: str, table: str = "") -> str:
        """A field of a node's record, as SQL (the same expression as an index on it, so it is used)."""
        raise NotImplementedError

    @staticmethod
    def flag(path: str, table: str = "") -> str:
        """A true/false field of a node's record (absent: false), as SQL."""
        raise NotImplementedError

    def _put_node_rows(self, nodes: list[AnyNode], stored: set[str]) -> None:
        """Write the nodes' rows in order (a node written again moves to the end) and their
        full-text entries; `stored` are the ids of those the store held before."""
        raise NotImplementedError

    def search_statements(self, query: str) -> list[str]:
        """Statements holding every word of `query`, best match first."""
        raise NotImplementedError

    def _words_condition(self, contains: str, table: str) -> tuple[str, str] | None:
        """SQL and its parameter: a statement holding the words of `contains` in order, the last
        one perhaps the beginning of a word, through the full-text index; None if there is none."""
        raise NotImplementedError

    # Query hints, for SQLite's planner: `unindexed` keeps a term off an index, `indexed_by`
    # names the index to use; `JOIN_IN_ORDER` joins tables in the order written.
    JOIN_IN_ORDER = "JOIN"

    @staticmethod
    def unindexed(term: str) -> str:
        return term

    @staticmethod
    def indexed_by(index: str) -> str:
        return ""

    def _tables(self) -> set[str]:
        raise NotImplementedError

    def _version(self) -> int | str:
        row = self._one("SELECT value FROM meta WHERE key='schema_version'")
        value = row[0] if row else "missing"
        return int(value) if value.isdigit() else value

    def _stored_schema(self, create: bool, engine: str) -> tuple[set[str], int | str | None]:
        """The store's tables and schema version (None: no store yet); refuses what is not a store
        to open, or one of a newer newskb."""
        tables = self._tables()
        if not tables and not create:
            raise StoreError(f"{self.location}: no knowledge base here yet; run 'newskb ingest' first")
        if tables and "meta" not in tables:
            raise StoreError(f"{self.location}: {engine} database, but not a newskb store")
        version = self._version() if tables else None
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise SchemaVersionError(f"{self.location}: store schema version {version} is newer than this newskb "
                                     "reads; upgrade newskb")
        return tables, version

    def _count_statements(self) -> None:
        """Schema version 4, once its column `said` is there: every speaker's statements counted,
        and the index that ranks nodes by them."""
        self._rows(f"UPDATE nodes SET said = {statements_of('nodes.id')} "
                   "WHERE id IN (SELECT source FROM edges WHERE type = 'said')")
        self._rows(RANKING_INDEX)

    def update_statistics(self) -> None:
        """After many writes: what the engine's planner needs to keep finding rows through indexes
        (SQLite's plans are spelled out in the statements; PostgreSQL's planner counts)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _one(self, sql: str, args: Iterable[Any] = ()) -> tuple | None:
        return next(iter(self._rows(sql, args)), None)

    def _insert_ignoring(self, table: str, rows: list[tuple]) -> None:
        if rows:
            before, after = self.IGNORE
            marks = ",".join("?" * len(rows[0]))
            self._run_many(f"{before} {table} VALUES ({marks}){after}", rows)

    def _among(self, column: str) -> str:
        """SQL: the column's value is among the ids of a parameter (see `_ids`)."""
        return f"{column} IN ({self.IDS})"

    def _linked(self, column: str, end: str, types: tuple[str, ...], other: str) -> str:
        """SQL: the column's value is the `end` of an edge of the types whose `other` end is among the
        ids of a parameter."""
        kinds = ", ".join(f"'{t}'" for t in types)
        return f"{column} IN (SELECT {end} FROM edges WHERE type IN ({kinds}) AND {self._among(other)})"

    # -- writing -----------------------------------------------------------------------------------
    def stored_as(self, sha256: str, near: NearKey | None = None) -> tuple[str, bool] | None:
        """The stored article this text is, and whether only as a near-duplicate; None if new."""
        row = self._one("SELECT id FROM articles WHERE sha256=?", (sha256,))
        if row:
            return row[0], False
        if near is None:
            return None
        # one lookup of the primary key a band (an OR of them, which the planners do; `IN (VALUES ...)`
        # of pairs, SQLite does by reading the whole table)
        pairs = " OR ".join(["band=? AND hash=?"] * len(near.bands))
        rows = self._rows(f"SELECT band, article FROM article_bands WHERE {pairs} ORDER BY band, article",
                          [x for pair in near.bands for x in pair])
        candidates = list(dict.fromkeys(article for _, article in rows))
        for article in candidates:
            (signature,) = self._one("SELECT minhash FROM articles WHERE id=?", (article,))
            if signature is not None and near.matches(bytes(signature)):
                return article, True
        return None

    def write(self, article: Article, text: str, model: str | None, near: NearKey | None,
              ids: Iterable[str], keys: Iterable[tuple[str, str]], merge: Merge) -> tuple[str, bool] | None:
        """Store one article and its records in one transaction, unless it is stored already (then
        return what `stored_as` says). `merge` turns the stored nodes found by `ids` and `keys`
        into the nodes and edges to write."""
        with self._article_transaction():
            # Checked again under the write lock: another writer may have stored it meanwhile.
            twin = self.stored_as(article.sha256, near)
            if twin is not None:
                return twin
            nodes, edges = merge(self._found(ids, keys))
            with self._pipelined():
                self.add_article(article, text, model, near)
                self.put_nodes(nodes)
                self.add_edges(edges)
        return None

    @contextmanager
    def grouped(self) -> Iterator[None]:
        """`write`s inside share one transaction, committed at the end: one commit, and one merge of
        the full-text index, for them all. Each article is behind a savepoint, so whatever ends the
        block (its end, Ctrl-C, a failed write), the articles written whole are committed and one
        cut short is rolled back."""
        shared = ExitStack()
        shared.enter_context(self.transaction())
        self._shared = shared
        try:
            yield
        finally:
            shared, self._shared = self._shared, None
            if shared is not None:
                shared.close()

    @contextmanager
    def _article_transaction(self) -> Iterator[None]:
        if self._shared is None:
            with self.transaction():
                yield
            return
        self._rows("SAVEPOINT article")
        try:
            yield
        except BaseException as e:
            try:
                self._rows("ROLLBACK TO article")
                self._rows("RELEASE article")
            except Exception:
                # the engine ended the transaction itself: nothing of the group is kept
                shared, self._shared = self._shared, None
                shared.__exit__(type(e), e, e.__traceback__)
            raise
        self._rows("RELEASE article")

    def _pipelined(self) -> AbstractContextManager[None]:
        """Writes that need no answer, sent without waiting for each (a server's round trips)."""
        return nullcontext()

    def _found(self, ids: Iterable[str], keys: Iterable[tuple[str, str]]) -> Found:
        wanted = set(keys)
        by_key: dict[tuple[str, str], list[str]] = {k: [] for k in wanted}
        rows = self._rows(f"SELECT key, type, node FROM node_keys WHERE key IN ({self.IDS}) ORDER BY node",
                          (json.dumps(sorted({k for _, k in wanted})),))
        for key, type_, node in rows:
            if (type_, key) in wanted:
                by_key[(type_, key)].append(node)
        node_ids = set(ids) | {n for found in by_key.values() for n in found}
        return Found(nodes=self.get_nodes(node_ids), keys=by_key)

    def get_nodes(self, ids: Iterable[str]) -> dict[str, AnyNode]:
        rows = self._rows(f"SELECT id, data FROM nodes WHERE id IN ({self.IDS})", (json.dumps(sorted(set(ids))),))
        return {node_id: NODE_ADAPTER.validate_json(data) for node_id, data in rows}

    def add_article(self, article: Article, text: str, model: str | None, near: NearKey | None = None) -> None:
        """The article's row, with its text and fingerprint (its node goes to `put_nodes`); call
        inside `transaction()`."""
        import datetime as dt

        self._run_many(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(article.id, article.sha256, article.path, article.title,
              article.published.isoformat() if article.published else None, article.url, text, model,
              dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), near.signature if near else None)])
        if near is not None:
            self._insert_ignoring("article_bands", [(band, value, article.id) for band, value in near.bands])

    def put_nodes(self, writes: Iterable[NodeWrite]) -> None:
        """Write nodes in order (a node written again moves to the end, as in insertion order), with
        their keys and mentions; call inside `transaction()`. One statement per table for them all:
        an article's nodes are written at once, not node by node."""
        writes = list(writes)
        stored: set[str] = set()
        latest: dict[str, AnyNode] = {}  # each node as last written, in the order of those writes
        for w in writes:
            if w.node.id not in latest and w.replaces:  # replaces at its first write: a stored node
                stored.add(w.node.id)
            latest.pop(w.node.id, None)
            latest[w.node.id] = w.node
        self._put_node_rows([w.node for w in writes], stored)
        self._insert_ignoring("node_keys", [(k, w.node.type, w.node.id) for w in writes for k in w.keys])
        self._insert_ignoring("mentions", [(w.node.id, m.article, m.start, m.end, m.text)
                                           for w in writes for m in w.mentions])
        self.index_names([n.model_dump(include={"id", "type", "name", "aliases", *MEETING_NAME_FIELDS})
                          for n in latest.values() if n.type in NAMED_TYPES], stored)

    def add_edges(self, edges: Iterable[Edge]) -> None:
        edges = list(edges)
        self._insert_ignoring("edges", [
            (e.source, e.target, e.type, e.article, e.model_dump_json(exclude=set(EDGE_KEYS), exclude_defaults=True))
            for e in edges])
        speakers = sorted({e.source for e in edges if e.type == "said"})
        if speakers:
            self._run_many(f"UPDATE nodes SET said = {statements_of('?')} WHERE id = ?", [(s, s) for s in speakers])

    def index_names(self, nodes: list[dict], stored: set[str] = frozenset()) -> None:
        """Keep the name index in step with the names of nodes just written (of NAMED_TYPES: those
        that have names to look up); of those among `stored` (ids), only the rows of names they no
        longer have go, and only those of new names come: most are written again under the names
        they had, and in a large store each row rewritten is a page of the index written again."""
        rows = {row for n in nodes for row in name_rows(n)}
        replaced = [n["id"] for n in nodes if n["id"] in stored]
        if replaced:
            held = set(self._rows(f"SELECT word, name, node, type, field FROM names WHERE node IN ({self.IDS})",
                                  (_ids(replaced),)))
            self._run_many("DELETE FROM names WHERE word=? AND name=? AND node=? AND field=?",
                           [(word, name, node, field) for word, name, node, _, field in sorted(held - rows)])
            rows -= held
        self._insert_ignoring("names", sorted(rows))

    # -- reading -----------------------------------------------------------------------------------
    def articles(self) -> list[Article]:
        rows = self._rows("SELECT id, sha256, path, title, published, url, length(text) FROM articles "
                          f"ORDER BY ingested_at, {self.ORDER}")
        return [Article(id=r[0], name=r[3] or r[2] or r[0], sha256=r[1], path=r[2], title=r[3],
                        published=r[4], url=r[5], chars=r[6]) for r in rows]

    def article_text(self, article_id: str) -> str | None:
        row = self._one("SELECT text FROM articles WHERE id=?", (article_id,))
        return row[0] if row else None

    def get_node(self, node_id: str) -> AnyNode | None:
        row = self._one("SELECT data FROM nodes WHERE id=?", (node_id,))
        return NODE_ADAPTER.validate_json(row[0]) if row else None

    def nodes_by_key(self, type_: str, key: str) -> list[str]:
        return [r[0] for r in self._rows("SELECT node FROM node_keys WHERE key=? AND type=? ORDER BY node",
                                         (key, type_))]

    def all_nodes(self) -> Iterator[dict]:
        for (data,) in self._rows("SELECT data FROM nodes ORDER BY seq"):
            yield json.loads(data)

    def all_mentions(self) -> Iterator[tuple[str, Mention]]:
        for node, article, start, end, text in self._rows(
                'SELECT node, article, start, "end", text FROM mentions ORDER BY article, start'):
            yield node, Mention(article=article, start=start, end=end, text=text)

    def all_edges(self) -> Iterator[dict]:
        for row in self._rows(f"SELECT source, target, type, article, data FROM edges ORDER BY {self.ORDER}"):
            yield edge_fields(row)

    def counts(self) -> dict[str, int]:
        return {table: self._one(f"SELECT count(*) FROM {table}")[0] for table in ("articles", "nodes", "edges")}

    def nodes(self, ids: Iterable[str]) -> dict[str, dict]:
        """The fields of each node asked for that exists, in node order."""
        rows = self._rows(f"SELECT id, data FROM nodes WHERE id IN ({self.IDS}) ORDER BY seq", (_ids(ids),))
        return {node_id: json.loads(data) for node_id, data in rows}

    def node_ids(self, type_: str) -> list[str]:
        return [r[0] for r in self._rows("SELECT id FROM nodes WHERE type=? ORDER BY seq", (type_,))]

    def edges(self, sources: Iterable[str] | None = None, targets: Iterable[str] | None = None,
              types: Iterable[str] | None = None, joint: bool = False) -> list[EdgeRow]:
        """Edges out of `sources` or into `targets` (one of the two), of some types, in the order
        written; `joint` read only if asked (the indexes hold the rest: the edges' rows stay unread)."""
        column, ids = ("source", sources) if sources is not None else ("target", targets)
        shared = self.flag("joint") if joint else "0"
        sql = f"SELECT source, target, type, article, {shared} FROM edges WHERE {self._among(column)}"
        args: list = [_ids(ids)]
        if types is not None:
            sql += f" AND type IN ({self.IDS})"
            args.append(_ids(types))
        return [EdgeRow(*r[:4], bool(r[4])) for r in self._rows(sql + f" ORDER BY {self.ORDER}", args)]

    def edge_counts(self, ids: Iterable[str], types: Iterable[str], outgoing: bool) -> dict[str, int]:
        """How many edges of the types each node has (out of it, or into it)."""
        column = "source" if outgoing else "target"
        return dict(self._rows(f"SELECT {column}, count(*) FROM edges WHERE {self._among(column)} "
                               f"AND type IN ({self.IDS}) GROUP BY {column}", (_ids(ids), _ids(types))))

    def degrees(self, ids: Iterable[str]) -> dict[str, int]:
        """Edges of every type at each node, both ways (as networkx counts a node's degree)."""
        wanted = _ids(ids)
        degree: dict[str, int] = {}
        for column in ("source", "target"):
            for node, count in self._rows(
                    f"SELECT {column}, count(*) FROM edges WHERE {self._among(column)} GROUP BY {column}", (wanted,)):
                degree[node] = degree.get(node, 0) + count
        return degree

    def named(self, key: str, types: Iterable[str], fields: Iterable[str] = ("name", "alias"),
              match: str = "exact") -> list[str]:
        """Nodes of the types with a name (of the fields) that, as a key (`lexicon.name_key`):
        - exact: is `key`;
        - word: has `key` as one of its words;
        - words: has every word of `key` among its words;
        - prefix: has a word, or begins, with `key`.
        In node order."""
        words = key.split()
        if not words:
            return []
        if match == "exact":
            condition, args = "k.name = ?", [key]
        elif match == "word":
            condition, args = "k.word = ?", [key]
        elif match == "words":
            condition = (f"(k.node, k.name) IN (SELECT node, name FROM names WHERE word IN ({self.IDS})"
                         " GROUP BY node, name HAVING count(DISTINCT word) = ?)")
            args = [json.dumps(words), len(set(words))]
        elif match == "prefix":
            condition = "(k.word >= ? AND k.word < ? OR k.name >= ? AND k.name < ?)"
            args = [key, key + "\U0010ffff"] * 2
        else:
            raise ValueError(match)
        rows = self._rows(
            f"SELECT DISTINCT n.id, n.seq FROM names k JOIN nodes n ON n.id = k.node WHERE {condition} "
            f"AND k.type IN ({self.IDS}) AND k.field IN ({self.IDS}) ORDER BY n.seq", [*args, _ids(types), _ids(fields)])
        return [r[0] for r in rows]

    def names_near(self, key: str, types: Iterable[str], fields: Iterable[str] = ("name", "alias"),
                   limit: int = 2000) -> list[str]:
        """Names (as written) of nodes of the types with a word beginning as `key` does, for suggestions."""
        head = key[:2]
        if not head:
            return []
        rows = self._rows(
            f"SELECT DISTINCT node FROM names WHERE word >= ? AND word < ? AND type IN ({self.IDS}) "
            f"AND field IN ({self.IDS}) LIMIT ?", (head, head + "\U0010ffff", _ids(types), _ids(fields), limit))
        found = self.nodes(r[0] for r in rows)
        names = []
        for node in found.values():
            names.append(node["name"])
            names.extend(node.get("aliases") or [])
        return names

    def article_ids(self, since: str | None = None, until: str | None = None, limit: int | None = None) -> list[str]:
        """Articles in the order stored: all, or those published within `since`..`until` (ISO dates)."""
        if since is None and until is None:
            sql, args = "SELECT id FROM nodes WHERE type = 'article' ORDER BY seq", []
        else:
            sql = ("SELECT n.id FROM articles a JOIN nodes n ON n.id = a.id WHERE a.published BETWEEN ? AND ? "
                   "ORDER BY n.seq")
            args = [since or "0000", until or "9999"]
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self._rows(sql, args)]

    def articles_named(self, query: str) -> list[str]:
        """Articles `query` names: its id, the SHA-256 of its text or its path; else the beginning of
        its id or part of its path. In the order stored."""
        for found, args in (
                ("SELECT id FROM articles WHERE id = ? UNION SELECT id FROM articles WHERE sha256 = ? "
                 "UNION SELECT id FROM articles WHERE path = ?", [query] * 3),
                ("SELECT id FROM articles WHERE id >= ? AND id < ?", [query, query + "\U0010ffff"]),
                # part of a path: the path index is read whole, the articles themselves are not
                (f"SELECT id FROM articles {self.indexed_by('articles_by_path')}WHERE {self._path_holds()}", [query])):
            rows = list(self._rows(f"SELECT id FROM nodes WHERE id IN ({found}) ORDER BY seq", args))
            if rows:
                return [r[0] for r in rows]
        return []

    def _path_holds(self) -> str:
        return "instr(path, ?) > 0"

    def _id_conditions(self, given: list[tuple[Iterable[str] | None, str]]) -> tuple[list[str], list[str]]:
        """The SQL conditions (each with one parameter, a set of ids) of those whose ids are given."""
        chosen = [(ids, sql) for ids, sql in given if ids is not None]
        return [sql for _, sql in chosen], [_ids(ids) for ids, _ in chosen]

    def statement_ids(self, ids: Iterable[str] | None = None, articles: Iterable[str] | None = None,
                      speakers: Iterable[str] | None = None, meetings: Iterable[str] | None = None,
                      contains: str | None = None, since: str | None = None, until: str | None = None,
                      limit: int | None = None) -> list[str]:
        """Statements in article order, then by offset: those meeting every condition given (among
        `ids`; in one of `articles`; said by one of `speakers`; at or about one of `meetings`;
        holding the words `contains`, in any case, in that order, the last one perhaps the
        beginning of a word; in an article published `since`..`until`)."""
        conditions, args = self._id_conditions([
            (ids, self._among("s.id")), (speakers, self._linked("s.id", "target", ("said",), "source")),
            (meetings, self._linked("s.id", "source", ("at", "about"), "target"))])
        words = self._words_condition(contains, "s") if contains else None
        if words:
            conditions.append(words[0])
            args.append(words[1])
        elif contains:
            escaped = contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(f"{self.field('text', 's')} {self.LIKE} ? ESCAPE '\\'")
            args.append(f"%{escaped}%")
        in_articles, article_args = self._id_conditions([(articles, self._among("a.id"))])
        if since is not None or until is not None:
            in_articles.append("a.id IN (SELECT id FROM articles WHERE published BETWEEN ? AND ?)")
            article_args += [since or "0000", until or "9999"]
        # SQLite's plan is spelled out: without statistics, it would rather walk every statement.
        # An unindexed term (SQLite's '+') is kept off an index; for `a.id` it also drops the
        # column's affinity, which would keep the expression index from being used.
        article = self.field("article", "s")
        if ids is None and speakers is None and meetings is None and not words:
            # Walk the articles in order (all, or those asked for), each one's statements through
            # the index, so that a limit ends the walk early.
            article_type = self.unindexed("a.type") + " = 'article'" if in_articles else "a.type = 'article'"
            sql = (f"SELECT s.id FROM nodes a {self.JOIN_IN_ORDER} nodes s {self.indexed_by('statements_by_article')}"
                   f"ON {article} = {self.unindexed('a.id')} "
                   f"AND s.type = 'statement' WHERE {' AND '.join([article_type, *in_articles, *conditions])}")
            args = [*article_args, *args]
        else:
            sql = (f"SELECT s.id FROM nodes s {self.JOIN_IN_ORDER} nodes a ON a.id = {article} "
                   f"WHERE {' AND '.join([self.unindexed('s.type') + ' = ?', *conditions, *in_articles])}")
            args = ["statement", *args, *article_args]
        sql += f" ORDER BY a.seq, {self._start('s')}, s.id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self._rows(sql, args)]

    def _start(self, table: str) -> str:
        """A statement's offset in its article, as SQL that orders as a number."""
        return self.field("start", table)

    def meeting_ids(self, ids: Iterable[str] | None = None, articles: Iterable[str] | None = None,
                    with_: Iterable[str] | None = None, since: str | None = None, until: str | None = None,
                    ) -> list[str]:
        """Meetings in node order: those meeting every condition given (among `ids`; reported by
        one of `articles`; with one of `with_` taking part or meeting as its body; dated within
        `since`..`until`, or undated and reported by an article published then)."""
        conditions, args = self._id_conditions([
            (ids, self._among("m.id")), (articles, self._linked("m.id", "source", ("mentioned_in",), "target")),
            (with_, self._linked("m.id", "target", ("participated_in", "body_of"), "source"))])
        # Another condition narrows more than the type, or the dates (through their index) do.
        is_meeting = self.unindexed("m.type") + " = 'meeting'"
        where = " AND ".join([is_meeting, *conditions] if conditions else ["m.type = 'meeting'"])
        if since is None and until is None:
            return [r[0] for r in self._rows(f"SELECT m.id FROM nodes m WHERE {where} ORDER BY m.seq", args)]
        low, high = since or "0000", until or "9999"
        # Dated meetings through the date index, undated ones through the articles published then.
        by_date = "" if conditions else self.indexed_by("meetings_by_earliest")
        undated = " AND ".join([is_meeting, *conditions])
        earliest, latest = self.field("date.earliest", "m"), self.field("date.latest", "m")
        sql = (f"SELECT m.id, m.seq FROM nodes m {by_date}WHERE {where} AND {earliest} <= ? AND {latest} >= ? "
               f"UNION SELECT m.id, m.seq FROM nodes m WHERE {undated} AND {earliest} IS NULL "
               "AND m.id IN (SELECT source FROM edges WHERE type = 'mentioned_in' "
               "AND target IN (SELECT id FROM articles WHERE published BETWEEN ? AND ?)) ORDER BY 2")
        return [r[0] for r in self._rows(sql, [*args, high, low, *args, low, high])]

    def entity_ids(self, type_: str, articles: Iterable[str] | None = None, affiliated_with: Iterable[str] | None = None,
                   anonymous: bool = False, limit: int | None = None) -> list[str]:
        """People, organisations or places, those who said most first, then by name: those named in
        one of `articles`, or affiliated with one of `affiliated_with`; unnamed ones only if asked."""
        conditions, args = self._id_conditions([
            (articles, self._linked("e.id", "source", ("mentioned_in",), "target")),
            (affiliated_with, self._linked("e.id", "source", ("affiliated_with",), "target"))])
        # the few nodes a filter links to are found by id and sorted; all of a type, read in the order
        # of the index nodes_by_said until the limit
        of_type = f"{self.unindexed('e.type')} = ?" if conditions else "e.type = ?"
        if not anonymous:
            conditions.append(f"NOT {self.flag('anonymous', 'e')}")
        sql = " AND ".join([f"SELECT e.id FROM nodes e WHERE {of_type}", *conditions])
        sql += " ORDER BY e.said DESC, e.name, e.seq"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self._rows(sql, [type_, *args])]

    def mentions(self, ids: Iterable[str]) -> dict[str, list[dict]]:
        """Each node's mentions (its provenance), by article and offset."""
        out: dict[str, list[dict]] = {}
        for node, article, start, end, text in self._rows(
                f'SELECT node, article, start, "end", text FROM mentions WHERE node IN ({self.IDS}) '
                "ORDER BY article, start", (_ids(ids),)):
            out.setdefault(node, []).append({"article": article, "start": start, "end": end, "text": text})
        return out

    def edges_among(self, ids: Iterable[str], articles: Iterable[str] | None = None) -> list[dict]:
        """The edges (every field) between nodes of a set; only those grounded in `articles`, if given."""
        wanted = _ids(ids)
        sql = (f"SELECT source, target, type, article, data FROM edges WHERE {self._among('source')} "
               f"AND {self._among('target')}")
        args = [wanted, wanted]
        if articles is not None:
            sql += f" AND {self._among('article')}"
            args.append(_ids(articles))
        return [edge_fields(row) for row in self._rows(sql + f" ORDER BY {self.ORDER}", args)]

    def grounded_in(self, article: str) -> list[str]:
        """The article's node and every node it mentions or holds (its statements)."""
        rows = self._rows(
            "SELECT CAST(? AS TEXT) UNION SELECT node FROM mentions WHERE article = ? "
            f"UNION SELECT id FROM nodes {self.indexed_by('statements_by_article')}WHERE type = 'statement' "
            f"AND {self.field('article')} = ?", (article,) * 3)
        return [r[0] for r in rows]

    def published(self, articles: Iterable[str]) -> dict[str, str | None]:
        return dict(self._rows(f"SELECT id, published FROM articles WHERE {self._among('id')}", (_ids(articles),)))

    def type_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Nodes by type and edges by type."""
        nodes = dict(self._rows("SELECT type, count(*) FROM nodes GROUP BY type"))
        edges = dict(self._rows("SELECT type, count(*) FROM edges GROUP BY type"))
        return nodes, edges

    def date_spans(self) -> dict[str, tuple[str | None, str | None]]:
        """The first and last publication date, and the first and last day a meeting may have been on."""
        # one aggregate a statement: each is then read off the index's end
        published = [self._one(f"SELECT {end}(published) FROM articles")[0] for end in ("min", "max")]
        earliest, latest = self.field("date.earliest"), self.field("date.latest")
        first = self._one(f"SELECT min({earliest}), min({latest}) FROM nodes WHERE type = 'meeting'")
        last = self._one(f"SELECT max({earliest}), max({latest}) FROM nodes WHERE type = 'meeting'")
        firsts, lasts = [d for d in first if d], [d for d in last if d]
        return {"published": (published[0], published[1]),
                "meetings": (min(firsts) if firsts else None, max(lasts) if lasts else None)}
