"""The embedded store: one SQLite database holding articles, nodes, their mentions and edges.

Every SQL statement of newskb lives here, behind methods another backend can implement alike.

Writing: `Store.write` adds one article and its records in one transaction that first checks the
article is not there already (the same text, or a near-duplicate of a stored one), so a crash never
leaves half an article and two processes never store one article twice. Writers wait for each
other's lock (SQLite's busy timeout, then a bounded retry) and give up with `StoreBusyError`.
Every lookup a write makes is on an index, so an article costs the same at any store size.

Opening: a store that cannot be written (its file or folder read-only) is opened read-only and can
be queried; writing to it raises `ReadOnlyStoreError`. The schema carries a version: older stores
are upgraded on open, a store written by a newer newskb is refused rather than misread.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol
from urllib.parse import quote

from .errors import (
    DamagedStoreError,
    ReadOnlyStoreError,
    SchemaVersionError,
    StoreBusyError,
    StoreError,
)
from .lexicon import name_key
from .records import NODE_ADAPTER, AnyNode, Article, Edge, Mention

SCHEMA_VERSION = 3
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, path TEXT, title TEXT, published TEXT,
    url TEXT, text TEXT NOT NULL, model TEXT, ingested_at TEXT NOT NULL, minhash BLOB);
CREATE TABLE article_bands (band INTEGER NOT NULL, hash INTEGER NOT NULL, article TEXT NOT NULL,
    PRIMARY KEY (band, hash, article)) WITHOUT ROWID;
CREATE TABLE nodes (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX nodes_type ON nodes(type);
CREATE TABLE node_keys (key TEXT NOT NULL, type TEXT NOT NULL, node TEXT NOT NULL,
    PRIMARY KEY (key, type, node)) WITHOUT ROWID;
CREATE TABLE mentions (
    node TEXT NOT NULL, article TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (node, article, start, end)) WITHOUT ROWID;
CREATE INDEX mentions_article ON mentions(article);
CREATE TABLE edges (
    source TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL, article TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (source, target, type, article));
CREATE INDEX edges_target ON edges(target);
CREATE INDEX edges_article ON edges(article);
"""
# Full-text search over statements, where this SQLite has FTS5: one row per statement node, its
# rowid the node's `seq`, so a statement is found, and replaced, by rowid.
FTS = "CREATE VIRTUAL TABLE statement_text USING fts5(text)"
EDGE_KEYS = ("source", "target", "type", "article")  # columns of their own, not repeated in `data`

# The read side: a name index, and indexes every query command finds its rows through. Statement
# and meeting fields live in each node's JSON; expression indexes reach into it.


def json_field(path: str, table: str = "") -> str:
    """A field of a node's record, as SQL (the same expression as the index on it, so it is used)."""
    return f"json_extract({table + '.' if table else ''}data, '$.{path}')"


READ_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS names (word TEXT NOT NULL, name TEXT NOT NULL, node TEXT NOT NULL, type TEXT NOT NULL,
    field TEXT NOT NULL, PRIMARY KEY (word, name, node, field)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_by_name ON names(name);
CREATE INDEX IF NOT EXISTS names_by_node ON names(node);
CREATE INDEX IF NOT EXISTS statements_by_article ON nodes({json_field('article')}, {json_field('start')})
    WHERE type = 'statement';
CREATE INDEX IF NOT EXISTS meetings_by_earliest ON nodes({json_field('date.earliest')}) WHERE type = 'meeting';
CREATE INDEX IF NOT EXISTS meetings_by_latest ON nodes({json_field('date.latest')}) WHERE type = 'meeting';
CREATE INDEX IF NOT EXISTS articles_by_published ON articles(published, id);
CREATE INDEX IF NOT EXISTS articles_by_path ON articles(path, id);
CREATE INDEX IF NOT EXISTS edges_by_source_type ON edges(source, type);
CREATE INDEX IF NOT EXISTS edges_by_target_type ON edges(target, type);
CREATE INDEX IF NOT EXISTS edges_by_type_source ON edges(type, source);
"""
NAMED_TYPES = ("person", "organization", "place", "meeting")
# statements by their words: the full-text index's rows are the statement nodes' rowids (`seq`)
STATEMENT_WORDS = "SELECT rowid FROM statement_text WHERE statement_text MATCH ?"
MEETING_NAME_FIELDS = ("place", "body", "kind")


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


LOCK_TIMEOUT_ENV = "NEWSKB_LOCK_TIMEOUT"
LOCK_TIMEOUT = 600.0  # seconds a writer waits for another's lock (a large import can hold it minutes)
BUSY_SLICE = 5.0  # SQLite's own wait per attempt, in seconds
WRITE_CACHE_KB = 65536  # page cache of a writer: a large import's indexes stay in memory, not re-read


def lock_timeout() -> float:
    value = os.environ.get(LOCK_TIMEOUT_ENV)
    try:
        return float(value) if value else LOCK_TIMEOUT
    except ValueError:
        raise StoreError(f"${LOCK_TIMEOUT_ENV}={value!r} is not a number of seconds") from None


def _locked(error: sqlite3.Error) -> bool:
    return isinstance(error, sqlite3.OperationalError) and ("locked" in str(error) or "busy" in str(error))


def store_error(error: sqlite3.Error, path: Path | str) -> StoreError:
    """The newskb error an SQLite error means, in one line."""
    message = str(error)
    if "malformed" in message or "corrupt" in message:
        return DamagedStoreError(f"{path}: the store is damaged ({message}); restore it from a copy, "
                                 "or ingest the articles again into a new store")
    if "readonly" in message or "read-only" in message:
        return ReadOnlyStoreError(f"{path}: the store is read-only; it can be queried but not written")
    if _locked(error):
        return StoreBusyError(f"{path}: another process is writing to the store; try again when it is done")
    if "disk is full" in message or "database or disk is full" in message:
        return StoreError(f"{path}: the disk is full")
    return StoreError(f"{path}: {message}")


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


class Store:
    """Open with `Store.open(path)`; use as a context manager to close."""

    def __init__(self, connection: sqlite3.Connection, path: Path, read_only: bool = False):
        self.db = connection
        self.path = path
        self.read_only = read_only
        self.has_fts = True
        self.on_wait: Callable[[], None] | None = None  # told once when a write must wait for a lock

    @classmethod
    def open(cls, path: Path, create: bool = True) -> Store:
        """`create`: open to write, creating the store if needed; else open an existing store to
        query it (read-only where it cannot be written)."""
        path = Path(path)
        if not create and not path.exists():
            raise StoreError(f"{path}: no knowledge base here yet; run 'newskb ingest' first")
        writable = _writable(path)
        if create and not writable:
            raise ReadOnlyStoreError(f"{path}: cannot write here (read-only); a store there can be queried, "
                                     "not added to")
        try:
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
            store = cls(_connect(path, read_only=not writable), path, read_only=not writable)
            store._check_schema(create)
        except sqlite3.Error as e:
            error = store_error(e, path)
            if type(error) is StoreError:
                error = StoreError(f"{path}: not a newskb store ({e})")
            raise error from None
        except OSError as e:
            raise StoreError(f"{path}: cannot open ({e.strerror})") from None
        return store

    def _check_schema(self, create: bool) -> None:
        tables = self._tables()
        if not tables and not create:
            raise StoreError(f"{self.path}: no knowledge base here yet; run 'newskb ingest' first")
        if tables and "meta" not in tables:
            raise StoreError(f"{self.path}: an SQLite database, but not a newskb store")
        version = self._version() if tables else None
        if version == SCHEMA_VERSION:
            self.has_fts = "statement_text" in tables
            return
        if version is not None and version > SCHEMA_VERSION:
            raise SchemaVersionError(f"{self.path}: store schema version {version} is newer than this newskb "
                                     "reads; upgrade newskb")
        if self.read_only:
            raise SchemaVersionError(f"{self.path}: store schema version {version} needs an upgrade, and the "
                                     "store is read-only; open it once where it can be written")
        self.db.execute("PRAGMA journal_mode=WAL")  # persistent: readers never block the writer
        with self.transaction():
            # Decided again under the write lock: another process may have created or upgraded it.
            tables = self._tables()
            version = self._version() if tables else None
            if not tables:
                self._create()
            elif version in MIGRATIONS:
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](self)
                self.db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION),))
            elif version != SCHEMA_VERSION:
                raise SchemaVersionError(f"{self.path}: store schema version {version!r} is unknown to this newskb "
                                         f"(it reads version {SCHEMA_VERSION})")
        self.has_fts = "statement_text" in self._tables()

    def _tables(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    def _version(self) -> int | str:
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        value = row[0] if row else "missing"
        return int(value) if value.isdigit() else value

    def _create(self) -> None:
        for statement in (SCHEMA + READ_SCHEMA).split(";"):
            if statement.strip():
                self.db.execute(statement)
        self._create_fts()
        self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def _create_fts(self) -> None:
        try:
            self.db.execute(FTS)
        except sqlite3.OperationalError:
            pass  # no FTS5 in this SQLite: search falls back to LIKE

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, holding the write lock from its start; SQLite errors inside become
        newskb errors and roll everything back."""
        if self.read_only:
            raise ReadOnlyStoreError(f"{self.path}: the store is read-only; it can be queried but not written")
        self._begin()
        try:
            yield
        except BaseException as e:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite rolled back already (after a full disk, for one)
            if isinstance(e, sqlite3.Error):
                raise store_error(e, self.path) from None
            raise
        else:
            try:
                self.db.execute("COMMIT")
            except sqlite3.Error as e:
                raise store_error(e, self.path) from None

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting for another writer's lock: a short first try (so that a wait can
        be told at once), then SQLite's busy timeout in slices until the deadline."""
        deadline = time.monotonic() + lock_timeout()
        self.db.execute("PRAGMA busy_timeout=100")
        try:
            while True:
                try:
                    self.db.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.Error as e:
                    if not _locked(e):
                        raise store_error(e, self.path) from None
                    if time.monotonic() >= deadline:
                        raise StoreBusyError(
                            f"{self.path}: another process has been writing to the store for more than "
                            f"{lock_timeout():.0f} s; try again later (${LOCK_TIMEOUT_ENV} sets the wait)") from None
                    if self.on_wait is not None:
                        self.on_wait()
                        self.on_wait = None
                    slice_ms = int(1000 * max(0.05, min(BUSY_SLICE, deadline - time.monotonic())))
                    self.db.execute(f"PRAGMA busy_timeout={slice_ms}")
        finally:
            self.db.execute(f"PRAGMA busy_timeout={int(1000 * BUSY_SLICE)}")

    # -- writing -----------------------------------------------------------------------------------
    def stored_as(self, sha256: str, near: NearKey | None = None) -> tuple[str, bool] | None:
        """The stored article this text is, and whether only as a near-duplicate; None if new."""
        row = self.db.execute("SELECT id FROM articles WHERE sha256=?", (sha256,)).fetchone()
        if row:
            return row[0], False
        if near is None:
            return None
        candidates: list[str] = []
        for band, value in near.bands:
            for (article,) in self.db.execute(
                    "SELECT article FROM article_bands WHERE band=? AND hash=?", (band, value)):
                if article not in candidates:
                    candidates.append(article)
        for article in candidates:
            (signature,) = self.db.execute("SELECT minhash FROM articles WHERE id=?", (article,)).fetchone()
            if signature is not None and near.matches(signature):
                return article, True
        return None

    def write(self, article: Article, text: str, model: str | None, near: NearKey | None,
              ids: Iterable[str], keys: Iterable[tuple[str, str]], merge: Merge) -> tuple[str, bool] | None:
        """Store one article and its records in one transaction, unless it is stored already (then
        return what `stored_as` says). `merge` turns the stored nodes found by `ids` and `keys`
        into the nodes and edges to write."""
        with self.transaction():
            twin = self.stored_as(article.sha256, near)
            if twin is not None:
                return twin
            nodes, edges = merge(self._found(ids, keys))
            self.add_article(article, text, model, near)
            self.put_nodes(nodes)
            self.add_edges(edges)
        return None

    def _found(self, ids: Iterable[str], keys: Iterable[tuple[str, str]]) -> Found:
        wanted = set(keys)
        by_key: dict[tuple[str, str], list[str]] = {k: [] for k in wanted}
        rows = self.db.execute(
            "SELECT key, type, node FROM node_keys WHERE key IN (SELECT value FROM json_each(?)) ORDER BY node",
            (json.dumps(sorted({k for _, k in wanted})),))
        for key, type_, node in rows:
            if (type_, key) in wanted:
                by_key[(type_, key)].append(node)
        node_ids = set(ids) | {n for found in by_key.values() for n in found}
        return Found(nodes=self.get_nodes(node_ids), keys=by_key)

    def get_nodes(self, ids: Iterable[str]) -> dict[str, AnyNode]:
        rows = self.db.execute("SELECT id, data FROM nodes WHERE id IN (SELECT value FROM json_each(?))",
                               (json.dumps(sorted(set(ids))),))
        return {node_id: NODE_ADAPTER.validate_json(data) for node_id, data in rows}

    def add_article(self, article: Article, text: str, model: str | None, near: NearKey | None = None) -> None:
        """The article's row, with its text and fingerprint (its node goes to `put_nodes`); call
        inside `transaction()`."""
        self.db.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)",
            (article.id, article.sha256, article.path, article.title,
             article.published.isoformat() if article.published else None, article.url, text, model,
             dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), near.signature if near else None))
        if near is not None:
            self.db.executemany("INSERT OR IGNORE INTO article_bands VALUES (?,?,?)",
                                [(band, value, article.id) for band, value in near.bands])

    def put_nodes(self, writes: Iterable[NodeWrite]) -> None:
        """Write nodes in order (a node written again moves to the end, as in insertion order), with
        their keys and mentions; call inside `transaction()`."""
        for w in writes:
            node = w.node
            if w.replaces and node.type == "statement" and self.has_fts:
                self.db.execute("DELETE FROM statement_text WHERE rowid=(SELECT seq FROM nodes WHERE id=?)", (node.id,))
            (seq,) = self.db.execute(
                "INSERT OR REPLACE INTO nodes (id, type, name, data) VALUES (?,?,?,?) RETURNING seq",
                (node.id, node.type, node.name, node.model_dump_json(exclude={"provenance"}))).fetchone()
            if w.keys:
                self.db.executemany("INSERT OR IGNORE INTO node_keys VALUES (?,?,?)",
                                    [(k, node.type, node.id) for k in w.keys])
            if w.mentions:
                self.db.executemany("INSERT OR IGNORE INTO mentions VALUES (?,?,?,?,?)",
                                    [(node.id, m.article, m.start, m.end, m.text) for m in w.mentions])
            self.index_names(node.model_dump(include={"id", "type", "name", "aliases", *MEETING_NAME_FIELDS}))
            if node.type == "statement" and self.has_fts:
                self.db.execute("INSERT INTO statement_text (rowid, text) VALUES (?, ?)", (seq, node.text))

    def add_edges(self, edges: Iterable[Edge]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO edges VALUES (?,?,?,?,?)",
            [(e.source, e.target, e.type, e.article, e.model_dump_json(exclude=set(EDGE_KEYS), exclude_defaults=True))
             for e in edges])

    # -- reading -----------------------------------------------------------------------------------
    def articles(self) -> list[Article]:
        rows = self.db.execute(
            "SELECT id, sha256, path, title, published, url, length(text) FROM articles ORDER BY ingested_at, rowid")
        return [Article(id=r[0], name=r[3] or r[2] or r[0], sha256=r[1], path=r[2], title=r[3],
                        published=r[4], url=r[5], chars=r[6]) for r in rows]

    def article_text(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT text FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def get_node(self, node_id: str) -> AnyNode | None:
        row = self.db.execute("SELECT data FROM nodes WHERE id=?", (node_id,)).fetchone()
        return NODE_ADAPTER.validate_json(row[0]) if row else None

    def nodes_by_key(self, type_: str, key: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT node FROM node_keys WHERE key=? AND type=? ORDER BY node",
                                              (key, type_))]

    def all_nodes(self) -> Iterator[dict]:
        for (data,) in self.db.execute("SELECT data FROM nodes ORDER BY seq"):
            yield json.loads(data)

    def all_mentions(self) -> Iterator[tuple[str, Mention]]:
        for node, article, start, end, text in self.db.execute("SELECT * FROM mentions ORDER BY article, start"):
            yield node, Mention(article=article, start=start, end=end, text=text)

    def all_edges(self) -> Iterator[dict]:
        for row in self.db.execute("SELECT source, target, type, article, data FROM edges ORDER BY rowid"):
            yield edge_fields(row)

    def search_statements(self, query: str) -> list[str]:
        if not self.has_fts:
            like = f"%{query}%"
            return [r[0] for r in self.db.execute(
                "SELECT id FROM nodes WHERE type='statement' AND json_extract(data, '$.text') LIKE ?", (like,))]
        terms = " ".join('"' + w.replace('"', '""') + '"' for w in query.split())
        try:
            return [r[0] for r in self.db.execute(
                "SELECT nodes.id FROM statement_text JOIN nodes ON nodes.seq = statement_text.rowid "
                "WHERE statement_text MATCH ? ORDER BY rank", (terms,))]
        except sqlite3.OperationalError:
            return []

    def counts(self) -> dict[str, int]:
        return {
            "articles": self.db.execute("SELECT count(*) FROM articles").fetchone()[0],
            "nodes": self.db.execute("SELECT count(*) FROM nodes").fetchone()[0],
            "edges": self.db.execute("SELECT count(*) FROM edges").fetchone()[0],
        }

    # == the read side ==============================================================================
    # What queries ask of the store, each answered through an index (READ_SCHEMA): never the whole
    # store. Ids go in and come out as lists; nodes come out as their records' fields (JSON-decoded);
    # node order is the order nodes were written, as networkx would hold them.

    def index_names(self, node: dict) -> None:
        """Keep the name index of one node (just written) in step with its names."""
        if node["type"] in NAMED_TYPES:
            self.db.execute("DELETE FROM names WHERE node=?", (node["id"],))
            self.db.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?,?)", sorted(name_rows(node)))

    def _read_schema(self) -> None:
        """Create the read side's table and indexes and fill the name index from the nodes."""
        for statement in READ_SCHEMA.split(";"):
            if statement.strip():
                self.db.execute(statement)
        placeholders = ",".join("?" * len(NAMED_TYPES))
        for (data,) in self.db.execute(f"SELECT data FROM nodes WHERE type IN ({placeholders})", NAMED_TYPES).fetchall():
            self.index_names(json.loads(data))

    def nodes(self, ids: Iterable[str]) -> dict[str, dict]:
        """The fields of each node asked for that exists, in node order."""
        rows = self.db.execute("SELECT id, data FROM nodes WHERE id IN (SELECT value FROM json_each(?)) ORDER BY rowid",
                               (_ids(ids),))
        return {node_id: json.loads(data) for node_id, data in rows}

    def node_ids(self, type_: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM nodes WHERE type=? ORDER BY rowid", (type_,))]

    def edges(self, sources: Iterable[str] | None = None, targets: Iterable[str] | None = None,
              types: Iterable[str] | None = None, joint: bool = False) -> list[EdgeRow]:
        """Edges out of `sources` or into `targets` (one of the two), of some types, in the order
        written; `joint` read only if asked (the indexes hold the rest: the edges' rows stay unread)."""
        column, ids = ("source", sources) if sources is not None else ("target", targets)
        shared = "json_extract(data, '$.joint')" if joint else "0"
        sql = f"SELECT source, target, type, article, {shared} FROM edges WHERE {column} IN " \
              "(SELECT value FROM json_each(?))"
        args: list = [_ids(ids)]
        if types is not None:
            sql += " AND type IN (SELECT value FROM json_each(?))"
            args.append(_ids(types))
        return [EdgeRow(*r[:4], bool(r[4])) for r in self.db.execute(sql + " ORDER BY rowid", args)]

    def edge_counts(self, ids: Iterable[str], types: Iterable[str], outgoing: bool) -> dict[str, int]:
        """How many edges of the types each node has (out of it, or into it)."""
        column = "source" if outgoing else "target"
        rows = self.db.execute(
            f"SELECT {column}, count(*) FROM edges WHERE {column} IN (SELECT value FROM json_each(?)) "
            f"AND type IN (SELECT value FROM json_each(?)) GROUP BY {column}", (_ids(ids), _ids(types)))
        return dict(rows.fetchall())

    def degrees(self, ids: Iterable[str]) -> dict[str, int]:
        """Edges of every type at each node, both ways (as networkx counts a node's degree)."""
        wanted = _ids(ids)
        degree: dict[str, int] = {}
        for column in ("source", "target"):
            for node, count in self.db.execute(
                    f"SELECT {column}, count(*) FROM edges WHERE {column} IN (SELECT value FROM json_each(?)) "
                    f"GROUP BY {column}", (wanted,)):
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
            condition = ("(k.node, k.name) IN (SELECT node, name FROM names WHERE word IN (SELECT value FROM json_each(?))"
                         " GROUP BY node, name HAVING count(DISTINCT word) = ?)")
            args = [json.dumps(words), len(set(words))]
        elif match == "prefix":
            condition = "(k.word >= ? AND k.word < ? OR k.name >= ? AND k.name < ?)"
            args = [key, key + "\U0010ffff"] * 2
        else:
            raise ValueError(match)
        rows = self.db.execute(
            f"SELECT DISTINCT n.id FROM names k JOIN nodes n ON n.id = k.node WHERE {condition} "
            "AND k.type IN (SELECT value FROM json_each(?)) AND k.field IN (SELECT value FROM json_each(?)) "
            "ORDER BY n.rowid", [*args, _ids(types), _ids(fields)])
        return [r[0] for r in rows]

    def names_near(self, key: str, types: Iterable[str], fields: Iterable[str] = ("name", "alias"),
                   limit: int = 2000) -> list[str]:
        """Names (as written) of nodes of the types with a word beginning as `key` does, for suggestions."""
        head = key[:2]
        if not head:
            return []
        rows = self.db.execute(
            "SELECT DISTINCT node FROM names WHERE word >= ? AND word < ? "
            "AND type IN (SELECT value FROM json_each(?)) AND field IN (SELECT value FROM json_each(?)) LIMIT ?",
            (head, head + "\U0010ffff", _ids(types), _ids(fields), limit))
        found = self.nodes(r[0] for r in rows)
        names = []
        for node in found.values():
            names.append(node["name"])
            names.extend(node.get("aliases") or [])
        return names

    def article_ids(self, since: str | None = None, until: str | None = None, limit: int | None = None) -> list[str]:
        """Articles in the order stored: all, or those published within `since`..`until` (ISO dates)."""
        if since is None and until is None:
            sql, args = "SELECT id FROM nodes WHERE type = 'article' ORDER BY rowid", []
        else:
            sql = ("SELECT n.id FROM articles a JOIN nodes n ON n.id = a.id WHERE a.published BETWEEN ? AND ? "
                   "ORDER BY n.rowid")
            args = [since or "0000", until or "9999"]
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self.db.execute(sql, args)]

    def articles_named(self, query: str) -> list[str]:
        """Articles `query` names: its id, the SHA-256 of its text or its path; else the beginning of
        its id or part of its path. In the order stored."""
        for found in ("SELECT id FROM articles WHERE id = ?1 UNION SELECT id FROM articles WHERE sha256 = ?1 "
                      "UNION SELECT id FROM articles WHERE path = ?1",
                      "SELECT id FROM articles WHERE id >= ?1 AND id < ?1 || char(1114111)",
                      # part of a path: the path index is read whole, the articles themselves are not
                      "SELECT id FROM articles INDEXED BY articles_by_path WHERE instr(path, ?1) > 0"):
            rows = self.db.execute(f"SELECT id FROM nodes WHERE id IN ({found}) ORDER BY rowid", (query,)).fetchall()
            if rows:
                return [r[0] for r in rows]
        return []

    def statement_ids(self, ids: Iterable[str] | None = None, articles: Iterable[str] | None = None,
                      speakers: Iterable[str] | None = None, meetings: Iterable[str] | None = None,
                      contains: str | None = None, since: str | None = None, until: str | None = None,
                      limit: int | None = None) -> list[str]:
        """Statements in article order, then by offset: those meeting every condition given (among
        `ids`; in one of `articles`; said by one of `speakers`; at or about one of `meetings`;
        holding the words `contains`, in any case, in that order, the last one perhaps the
        beginning of a word; in an article published `since`..`until`)."""
        conditions, args = _id_conditions([(ids, _among("s.id")),
                                           (speakers, _linked("s.id", "target", ("said",), "source")),
                                           (meetings, _linked("s.id", "source", ("at", "about"), "target"))])
        words = self.has_fts and contains and re.search(r"\w", contains)
        if words:
            # a phrase of the full-text index: its tokens in order, the last one a prefix
            conditions.append(f"s.rowid IN ({STATEMENT_WORDS})")
            args.append('"' + contains.replace('"', '""') + '"*')
        elif contains:
            escaped = contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(f"{json_field('text', 's')} LIKE ? ESCAPE '\\'")
            args.append(f"%{escaped}%")
        in_articles, article_args = _id_conditions([(articles, _among("a.id"))])
        if since is not None or until is not None:
            in_articles.append("a.id IN (SELECT id FROM articles WHERE published BETWEEN ? AND ?)")
            article_args += [since or "0000", until or "9999"]
        # The plan is spelled out: SQLite, without statistics, would rather walk every statement.
        # A '+' keeps a term off an index; `+a.id` also drops the column's affinity, which would
        # keep the expression index from being used.
        if ids is None and speakers is None and meetings is None and not words:
            # Walk the articles in order (all, or those asked for), each one's statements through
            # the index, so that a limit ends the walk early.
            article_type = "+a.type = 'article'" if in_articles else "a.type = 'article'"
            sql = (f"SELECT s.id FROM nodes a CROSS JOIN nodes s INDEXED BY statements_by_article "
                   f"ON {json_field('article', 's')} = +a.id "
                   f"AND s.type = 'statement' WHERE {' AND '.join([article_type, *in_articles, *conditions])}")
            args = [*article_args, *args]
        else:
            sql = (f"SELECT s.id FROM nodes s CROSS JOIN nodes a ON a.id = {json_field('article', 's')} "
                   f"WHERE {' AND '.join(['+s.type = ?', *conditions, *in_articles])}")
            args = ["statement", *args, *article_args]
        sql += f" ORDER BY a.rowid, {json_field('start', 's')}, s.id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self.db.execute(sql, args)]

    def meeting_ids(self, ids: Iterable[str] | None = None, articles: Iterable[str] | None = None,
                    with_: Iterable[str] | None = None, since: str | None = None, until: str | None = None,
                    ) -> list[str]:
        """Meetings in node order: those meeting every condition given (among `ids`; reported by
        one of `articles`; with one of `with_` taking part or meeting as its body; dated within
        `since`..`until`, or undated and reported by an article published then)."""
        conditions, args = _id_conditions([
            (ids, _among("m.id")), (articles, _linked("m.id", "source", ("mentioned_in",), "target")),
            (with_, _linked("m.id", "target", ("participated_in", "body_of"), "source"))])
        # Another condition narrows more than the type, or the dates (through their index) do.
        where = " AND ".join(["+m.type = 'meeting'", *conditions] if conditions else ["m.type = 'meeting'"])
        if since is None and until is None:
            return [r[0] for r in self.db.execute(f"SELECT m.id FROM nodes m WHERE {where} ORDER BY m.rowid", args)]
        low, high = since or "0000", until or "9999"
        # Dated meetings through the date index, undated ones through the articles published then.
        by_date = "" if conditions else "INDEXED BY meetings_by_earliest "
        undated = " AND ".join(["+m.type = 'meeting'", *conditions])
        sql = (f"SELECT m.id, m.rowid FROM nodes m {by_date}WHERE {where} AND {json_field('date.earliest', 'm')} <= ? "
               f"AND {json_field('date.latest', 'm')} >= ? "
               f"UNION SELECT m.id, m.rowid FROM nodes m WHERE {undated} AND {json_field('date.earliest', 'm')} IS NULL "
               "AND m.id IN (SELECT source FROM edges WHERE type = 'mentioned_in' "
               "AND target IN (SELECT id FROM articles WHERE published BETWEEN ? AND ?)) ORDER BY 2")
        return [r[0] for r in self.db.execute(sql, [*args, high, low, *args, low, high])]

    def entity_ids(self, type_: str, articles: Iterable[str] | None = None, affiliated_with: Iterable[str] | None = None,
                   anonymous: bool = False, limit: int | None = None) -> list[str]:
        """People, organisations or places, those who said most first, then by name: those named in
        one of `articles`, or affiliated with one of `affiliated_with`; unnamed ones only if asked."""
        conditions, args = _id_conditions([
            (articles, _linked("e.id", "source", ("mentioned_in",), "target")),
            (affiliated_with, _linked("e.id", "source", ("affiliated_with",), "target"))])
        if not anonymous:
            conditions.append(f"NOT coalesce({json_field('anonymous', 'e')}, 0)")
        sql = " AND ".join(["SELECT e.id FROM nodes e WHERE e.type = ?", *conditions])
        args = [type_, *args]
        sql += (" ORDER BY (SELECT count(*) FROM edges WHERE source = e.id AND type = 'said') DESC, "
                "e.name, e.rowid")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self.db.execute(sql, args)]

    def mentions(self, ids: Iterable[str]) -> dict[str, list[dict]]:
        """Each node's mentions (its provenance), by article and offset."""
        out: dict[str, list[dict]] = {}
        for node, article, start, end, text in self.db.execute(
                "SELECT node, article, start, end, text FROM mentions WHERE node IN (SELECT value FROM json_each(?)) "
                "ORDER BY article, start", (_ids(ids),)):
            out.setdefault(node, []).append({"article": article, "start": start, "end": end, "text": text})
        return out

    def edges_among(self, ids: Iterable[str], articles: Iterable[str] | None = None) -> list[dict]:
        """The edges (every field) between nodes of a set; only those grounded in `articles`, if given."""
        wanted = _ids(ids)
        sql = ("SELECT source, target, type, article, data FROM edges WHERE source IN (SELECT value FROM json_each(?)) "
               "AND target IN (SELECT value FROM json_each(?))")
        args = [wanted, wanted]
        if articles is not None:
            sql += " AND article IN (SELECT value FROM json_each(?))"
            args.append(_ids(articles))
        return [edge_fields(row) for row in self.db.execute(sql + " ORDER BY rowid", args)]

    def grounded_in(self, article: str) -> list[str]:
        """The article's node and every node it mentions or holds (its statements)."""
        rows = self.db.execute(
            "SELECT ?1 UNION SELECT node FROM mentions WHERE article = ?1 "
            f"UNION SELECT id FROM nodes INDEXED BY statements_by_article WHERE type = 'statement' "
            f"AND {json_field('article')} = ?1", (article,))
        return [r[0] for r in rows]

    def published(self, articles: Iterable[str]) -> dict[str, str | None]:
        rows = self.db.execute("SELECT id, published FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                               (_ids(articles),))
        return dict(rows.fetchall())

    def type_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Nodes by type and edges by type."""
        nodes = dict(self.db.execute("SELECT type, count(*) FROM nodes GROUP BY type").fetchall())
        edges = dict(self.db.execute("SELECT type, count(*) FROM edges GROUP BY type").fetchall())
        return nodes, edges

    def date_spans(self) -> dict[str, tuple[str | None, str | None]]:
        """The first and last publication date, and the first and last day a meeting may have been on."""
        published = [self.db.execute(f"SELECT {end}(published) FROM articles").fetchone()[0] for end in ("min", "max")]
        first = self.db.execute(f"SELECT min({json_field('date.earliest')}), min({json_field('date.latest')}) FROM nodes "
                                "WHERE type = 'meeting'").fetchone()
        last = self.db.execute(f"SELECT max({json_field('date.earliest')}), max({json_field('date.latest')}) FROM nodes "
                               "WHERE type = 'meeting'").fetchone()
        firsts, lasts = [d for d in first if d], [d for d in last if d]
        return {"published": (published[0], published[1]),
                "meetings": (min(firsts) if firsts else None, max(lasts) if lasts else None)}


EDGE_DEFAULTS = {name: f.default for name, f in Edge.model_fields.items() if name not in EDGE_KEYS}


def edge_fields(row: tuple[str, str, str, str, str]) -> dict:
    """An edge row as the record's fields: the indexed columns, then `data` over the defaults."""
    *key, data = row
    return {**dict(zip(EDGE_KEYS, key)), **EDGE_DEFAULTS, **json.loads(data)}


def _writable(path: Path) -> bool:
    """Whether newskb may write here: the file (if any) and its folder (SQLite writes journals beside it)."""
    folder = path.parent if str(path.parent) else Path(".")
    while not folder.exists():
        folder = folder.parent
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if not read_only:
        db = sqlite3.connect(path, timeout=BUSY_SLICE, isolation_level=None)
        db.execute(f"PRAGMA cache_size=-{WRITE_CACHE_KB}")
    else:
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        db = sqlite3.connect(uri, uri=True, timeout=BUSY_SLICE, isolation_level=None)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # A store in WAL mode in a read-only folder: SQLite cannot make its shared-memory file;
            # nobody can write there either, so the file can be read as immutable.
            db.close()
            db = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None)
    db.execute("PRAGMA foreign_keys=ON")
    # With WAL, NORMAL syncs at checkpoints rather than at every commit: a killed process loses
    # nothing, a power cut at most the last articles written (never the store's consistency).
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def _migrate_1_to_2(store: Store) -> None:
    """Version 2: duplicate identity on normalised text with near-duplicate fingerprints, node rows
    numbered for the full-text index, edge data without the indexed columns."""
    from .ids import content_hash
    from .nearduplicates import fingerprint

    db = store.db
    db.execute("ALTER TABLE articles RENAME TO articles_v1")
    for table in ("nodes", "node_keys", "mentions", "edges"):
        db.execute(f"ALTER TABLE {table} RENAME TO {table}_v1")
    for index in ("nodes_type", "mentions_article", "edges_target", "edges_article"):
        db.execute(f"DROP INDEX IF EXISTS {index}")
    db.execute("DROP TABLE IF EXISTS statement_text")
    db.execute("DROP TABLE meta")
    store._create()
    db.execute("INSERT INTO nodes (id, type, name, data) SELECT id, type, name, data FROM nodes_v1 ORDER BY rowid")
    db.execute("INSERT INTO node_keys SELECT * FROM node_keys_v1")
    db.execute("INSERT INTO mentions SELECT * FROM mentions_v1")
    db.execute("INSERT INTO edges SELECT source, target, type, article, json_remove(data, "
               "'$.source', '$.target', '$.type', '$.article', "
               "CASE WHEN json_extract(data, '$.evidence') IS NULL THEN '$.evidence' ELSE '$.-' END, "
               "CASE WHEN json_extract(data, '$.joint') = 0 THEN '$.joint' ELSE '$.-' END) FROM edges_v1 ORDER BY rowid")
    if "statement_text" in store._tables():
        db.execute("INSERT INTO statement_text (rowid, text) "
                   "SELECT seq, json_extract(data, '$.text') FROM nodes WHERE type='statement'")
    taken: set[str] = set()
    for row in db.execute("SELECT * FROM articles_v1 ORDER BY rowid").fetchall():
        aid, raw_sha, path, title, published, url, text, model, ingested_at = row
        sha = content_hash(text)
        sha = raw_sha if sha in taken else sha  # two v1 copies of one text: both stay, as they were
        taken.add(sha)
        near = fingerprint(text)
        db.execute("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)",
                   (aid, sha, path, title, published, url, text, model, ingested_at, near.signature))
        db.execute("UPDATE nodes SET data=json_set(data, '$.sha256', ?) WHERE id=?", (sha, aid))
        db.executemany("INSERT OR IGNORE INTO article_bands VALUES (?,?,?)",
                       [(band, value, aid) for band, value in near.bands])
    for table in ("articles", "nodes", "node_keys", "mentions", "edges"):
        db.execute(f"DROP TABLE {table}_v1")

def _ids(ids: Iterable[str] | None) -> str:
    """Ids as one SQL parameter (a JSON array, unpacked by json_each)."""
    return json.dumps(list(dict.fromkeys(ids or ())))


def _id_conditions(given: list[tuple[Iterable[str] | None, str]]) -> tuple[list[str], list[str]]:
    """The SQL conditions (each with one parameter, a set of ids) of those whose ids are given."""
    chosen = [(ids, sql) for ids, sql in given if ids is not None]
    return [sql for _, sql in chosen], [_ids(ids) for ids, _ in chosen]


def _among(column: str) -> str:
    """SQL: the column's value is among the ids of a parameter (see `_ids`)."""
    return f"{column} IN (SELECT value FROM json_each(?))"


def _linked(column: str, end: str, types: tuple[str, ...], other: str) -> str:
    """SQL: the column's value is the `end` of an edge of the types whose `other` end is among the
    ids of a parameter."""
    kinds = ", ".join(f"'{t}'" for t in types)
    return f"{column} IN (SELECT {end} FROM edges WHERE type IN ({kinds}) AND {_among(other)})"


def _add_read_schema(store: Store) -> None:
    """Version 3: the name index and the read side's indexes."""
    store._read_schema()


# MIGRATIONS[v] upgrades a store of version v to v + 1, inside the opening transaction.
MIGRATIONS: dict[int, Callable[[Store], None]] = {1: _migrate_1_to_2, 2: _add_read_schema}
