"""The embedded store: one SQLite file (the default).

Writers wait for each other's lock (SQLite's busy timeout, then a bounded retry) and give up with
`StoreBusyError`. A store that cannot be written (its file or folder read-only) is opened read-only
and can be queried; writing to it raises `ReadOnlyStoreError`. The schema carries a version: older
stores are upgraded on open, a store written by a newer newskb is refused rather than misread.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import DamagedStoreError, ReadOnlyStoreError, SchemaVersionError, StoreBusyError, StoreError
from ..records import AnyNode
from .base import NAMED_TYPES, RANKING_INDEX, SCHEMA_VERSION, Store, busy_error, lock_timeout, statements_of

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, path TEXT, title TEXT, published TEXT,
    url TEXT, text TEXT NOT NULL, model TEXT, ingested_at TEXT NOT NULL, minhash BLOB);
CREATE TABLE article_bands (band INTEGER NOT NULL, hash INTEGER NOT NULL, article TEXT NOT NULL,
    PRIMARY KEY (band, hash, article)) WITHOUT ROWID;
CREATE TABLE nodes (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL,
    said INTEGER NOT NULL DEFAULT 0);
CREATE INDEX nodes_type ON nodes(type);
{RANKING_INDEX};
CREATE TABLE node_keys (key TEXT NOT NULL, type TEXT NOT NULL, node TEXT NOT NULL,
    PRIMARY KEY (key, type, node)) WITHOUT ROWID;
CREATE TABLE mentions (
    node TEXT NOT NULL, article TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (node, article, start, end)) WITHOUT ROWID;
CREATE INDEX mentions_article ON mentions(article);
CREATE TABLE edges (
    source TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL, article TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{{}}', PRIMARY KEY (source, target, type, article));
CREATE INDEX edges_target ON edges(target);
CREATE INDEX edges_article ON edges(article);
"""
# Full-text search over statements, where this SQLite has FTS5: one row per statement node, its
# rowid the node's `seq`, so a statement is found, and replaced, by rowid.
FTS = "CREATE VIRTUAL TABLE statement_text USING fts5(text)"


def json_field(path: str, table: str = "") -> str:
    """A field of a node's record, as SQL (the same expression as the index on it, so it is used)."""
    return f"json_extract({table + '.' if table else ''}data, '$.{path}')"


# The read side: a name index, and indexes every query command finds its rows through. Statement
# and meeting fields live in each node's JSON; expression indexes reach into it.
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
# statements by their words: the full-text index's rows are the statement nodes' rowids (`seq`)
STATEMENT_WORDS = "SELECT rowid FROM statement_text WHERE statement_text MATCH ?"

BUSY_SLICE = 5.0  # SQLite's own wait per attempt, in seconds
WRITE_CACHE_KB = 65536  # page cache of a writer: a large import's indexes stay in memory, not re-read


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


class SQLiteStore(Store):
    IDS = "SELECT value FROM json_each(?)"
    JOIN_IN_ORDER = "CROSS JOIN"

    def __init__(self, connection: sqlite3.Connection, path: Path, read_only: bool = False):
        self.db = connection
        self.path = path
        self.location = str(path)
        self.read_only = read_only
        self.has_fts = True
        self.on_wait = None

    @classmethod
    def open(cls, path: Path, create: bool = True) -> SQLiteStore:
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

    def _rows(self, sql: str, args: Iterable[Any] = ()) -> Iterator[tuple]:
        return self.db.execute(sql, tuple(args))

    def _run_many(self, sql: str, rows: list[tuple]) -> None:
        self.db.executemany(sql, rows)

    @staticmethod
    def field(path: str, table: str = "") -> str:
        return json_field(path, table)

    @staticmethod
    def flag(path: str, table: str = "") -> str:
        return f"coalesce({json_field(path, table)}, 0)"

    @staticmethod
    def unindexed(term: str) -> str:
        return "+" + term

    @staticmethod
    def indexed_by(index: str) -> str:
        return f"INDEXED BY {index} "

    def _check_schema(self, create: bool) -> None:
        # While another process creates the store (before it is in WAL mode, a writer blocks
        # readers), reading the schema and switching to WAL wait as long as a writer waits for
        # the lock, not SQLite's slice: a machine busy enough to stall the creator fails nobody.
        self.db.execute(f"PRAGMA busy_timeout={int(1000 * lock_timeout())}")
        try:
            self._check_schema_waiting(create)
        finally:
            self.db.execute(f"PRAGMA busy_timeout={int(1000 * BUSY_SLICE)}")

    def _check_schema_waiting(self, create: bool) -> None:
        tables, version = self._stored_schema(create, "an SQLite")
        if version == SCHEMA_VERSION:
            self.has_fts = "statement_text" in tables
            return
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
                        raise busy_error(self.location) from None
                    if self.on_wait is not None:
                        self.on_wait()
                        self.on_wait = None
                    slice_ms = int(1000 * max(0.05, min(BUSY_SLICE, deadline - time.monotonic())))
                    self.db.execute(f"PRAGMA busy_timeout={slice_ms}")
        finally:
            self.db.execute(f"PRAGMA busy_timeout={int(1000 * BUSY_SLICE)}")

    # -- what differs from PostgreSQL --------------------------------------------------------------
    def _put_node_rows(self, nodes: list[AnyNode], stored: set[str]) -> None:
        # each statement's text as last written (its entry goes in under its row's seq)
        statements = {n.id: n.text for n in nodes if n.type == "statement"} if self.has_fts else {}
        if stored & statements.keys():  # stored ones: entries found by the rowids they have until rewritten
            self.db.executemany("DELETE FROM statement_text WHERE rowid=(SELECT seq FROM nodes WHERE id=?)",
                                [(i,) for i in stored & statements.keys()])
        self.db.executemany(f"INSERT OR REPLACE INTO nodes (id, type, name, data, said) VALUES (?,?,?,?,{statements_of('?')})",
                            [(n.id, n.type, n.name, n.model_dump_json(exclude={"provenance"}), n.id) for n in nodes])
        if statements:  # under the rowids the statements have now
            self.db.executemany("INSERT INTO statement_text (rowid, text) SELECT seq, ? FROM nodes WHERE id=?",
                                [(text, i) for i, text in statements.items()])

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

    def _words_condition(self, contains: str, table: str) -> tuple[str, str] | None:
        if not (self.has_fts and re.search(r"\w", contains)):
            return None
        # a phrase of the full-text index: its tokens in order, the last one a prefix
        return f"{table}.rowid IN ({STATEMENT_WORDS})", '"' + contains.replace('"', '""') + '"*'

    def _read_schema(self) -> None:
        """Create the read side's table and indexes and fill the name index from the nodes."""
        for statement in READ_SCHEMA.split(";"):
            if statement.strip():
                self.db.execute(statement)
        placeholders = ",".join("?" * len(NAMED_TYPES))
        self.index_names([json.loads(data) for (data,) in self.db.execute(
            f"SELECT data FROM nodes WHERE type IN ({placeholders}) ORDER BY seq", NAMED_TYPES)])


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


def _migrate_1_to_2(store: SQLiteStore) -> None:
    """Version 2: duplicate identity on normalised text with near-duplicate fingerprints, node rows
    numbered for the full-text index, edge data without the indexed columns."""
    from ..ids import content_hash
    from ..nearduplicates import fingerprint

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


def _add_read_schema(store: SQLiteStore) -> None:
    """Version 3: the name index and the read side's indexes."""
    store._read_schema()


def _add_statement_counts(store: SQLiteStore) -> None:
    """Version 4: each node's statements in its row (a store upgraded from version 1 has the column)."""
    if "said" not in {row[1] for row in store.db.execute("PRAGMA table_info(nodes)")}:
        store.db.execute("ALTER TABLE nodes ADD COLUMN said INTEGER NOT NULL DEFAULT 0")
    store._count_statements()


# MIGRATIONS[v] upgrades a store of version v to v + 1, inside the opening transaction.
MIGRATIONS: dict[int, Callable[[SQLiteStore], None]] = {1: _migrate_1_to_2, 2: _add_read_schema,
                                                        3: _add_statement_counts}
