"""The embedded store: one SQLite database holding articles, nodes, their mentions and edges.

Each article is written in one transaction, so a crash never leaves half an article; an article
already present (same text, by SHA-256) is not written again. The schema carries a version; a
store written by a newer newskb is refused rather than misread.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import SchemaVersionError, StoreError
from .records import NODE_ADAPTER, AnyNode, Article, Edge, Mention

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, path TEXT, title TEXT, published TEXT,
    url TEXT, text TEXT NOT NULL, model TEXT, ingested_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS nodes_type ON nodes(type);
CREATE TABLE IF NOT EXISTS node_keys (key TEXT NOT NULL, type TEXT NOT NULL, node TEXT NOT NULL,
    PRIMARY KEY (key, type, node));
CREATE TABLE IF NOT EXISTS mentions (
    node TEXT NOT NULL, article TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (node, article, start, end));
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article);
CREATE TABLE IF NOT EXISTS edges (
    source TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL, article TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (source, target, type, article));
CREATE INDEX IF NOT EXISTS edges_target ON edges(target);
CREATE INDEX IF NOT EXISTS edges_article ON edges(article);
"""


class Store:
    """Open with `Store.open(path)`; use as a context manager to close."""

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self.db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path, create: bool = True) -> Store:
        path = Path(path)
        if not path.exists() and not create:
            raise StoreError(f"{path}: no knowledge base here yet; run 'newskb ingest' first")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            store = cls(db, path)
            store._migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{path}: not a newskb store ({e})") from None
        except OSError as e:
            raise StoreError(f"{path}: cannot open ({e.strerror})") from None
        return store

    def _migrate(self) -> None:
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if tables and "meta" not in tables:
            raise StoreError(f"{self.path}: an SQLite database, but not a newskb store")
        if "meta" in tables:
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            version = row[0] if row else "missing"
            if version != str(SCHEMA_VERSION):
                newer = version.isdigit() and int(version) > SCHEMA_VERSION
                raise SchemaVersionError(
                    f"{self.path}: store schema version {version!r} is "
                    + ("newer than this newskb reads; upgrade newskb" if newer else
                       f"unknown to this newskb (it reads version {SCHEMA_VERSION})"))
            self._fts()
            return
        with self.transaction():
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            self._fts()

    def _fts(self) -> None:
        """Full-text search over statements, where this SQLite has FTS5."""
        try:
            self.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS statement_text USING fts5(id UNINDEXED, text)")
            self.has_fts = True
        except sqlite3.OperationalError:
            self.has_fts = False

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # -- articles --------------------------------------------------------------------------------
    def has_article(self, sha256: str) -> str | None:
        row = self.db.execute("SELECT id FROM articles WHERE sha256=?", (sha256,)).fetchone()
        return row[0] if row else None

    def add_article(self, article: Article, text: str, model: str | None) -> None:
        self.db.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?)",
            (article.id, article.sha256, article.path, article.title,
             article.published.isoformat() if article.published else None, article.url, text, model,
             dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
        )

    def articles(self) -> list[Article]:
        rows = self.db.execute(
            "SELECT id, sha256, path, title, published, url, length(text) FROM articles ORDER BY ingested_at, rowid")
        return [Article(id=r[0], name=r[3] or r[2] or r[0], sha256=r[1], path=r[2], title=r[3],
                        published=r[4], url=r[5], chars=r[6]) for r in rows]

    def article_text(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT text FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    # -- nodes -----------------------------------------------------------------------------------
    def get_node(self, node_id: str) -> AnyNode | None:
        row = self.db.execute("SELECT data FROM nodes WHERE id=?", (node_id,)).fetchone()
        return NODE_ADAPTER.validate_json(row[0]) if row else None

    def nodes_by_key(self, type_: str, key: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT node FROM node_keys WHERE key=? AND type=?", (key, type_))]

    def put_node(self, node: AnyNode, keys: Iterable[str] = ()) -> None:
        """Write a node's own fields; its mentions go to `add_mentions`."""
        data = node.model_dump_json(exclude={"provenance"})
        self.db.execute("INSERT OR REPLACE INTO nodes VALUES (?,?,?,?)", (node.id, node.type, node.name, data))
        self.db.executemany("INSERT OR IGNORE INTO node_keys VALUES (?,?,?)", [(k, node.type, node.id) for k in keys])
        if node.type == "statement" and self.has_fts:
            self.db.execute("DELETE FROM statement_text WHERE id=?", (node.id,))
            self.db.execute("INSERT INTO statement_text VALUES (?, ?)", (node.id, node.text))

    def add_mentions(self, node_id: str, mentions: Iterable[Mention]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO mentions VALUES (?,?,?,?,?)",
                            [(node_id, m.article, m.start, m.end, m.text) for m in mentions])

    def add_edges(self, edges: Iterable[Edge]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO edges VALUES (?,?,?,?,?)",
            [(e.source, e.target, e.type, e.article, e.model_dump_json()) for e in edges])

    # -- reading everything ------------------------------------------------------------------------
    def all_nodes(self) -> Iterator[dict]:
        for (data,) in self.db.execute("SELECT data FROM nodes ORDER BY rowid"):
            yield json.loads(data)

    def all_mentions(self) -> Iterator[tuple[str, Mention]]:
        for node, article, start, end, text in self.db.execute("SELECT * FROM mentions ORDER BY article, start"):
            yield node, Mention(article=article, start=start, end=end, text=text)

    def all_edges(self) -> Iterator[dict]:
        for (data,) in self.db.execute("SELECT data FROM edges ORDER BY rowid"):
            yield json.loads(data)

    def search_statements(self, query: str) -> list[str]:
        if not self.has_fts:
            like = f"%{query}%"
            return [r[0] for r in self.db.execute(
                "SELECT id FROM nodes WHERE type='statement' AND json_extract(data, '$.text') LIKE ?", (like,))]
        terms = " ".join('"' + w.replace('"', '""') + '"' for w in query.split())
        try:
            return [r[0] for r in self.db.execute(
                "SELECT id FROM statement_text WHERE statement_text MATCH ? ORDER BY rank", (terms,))]
        except sqlite3.OperationalError:
            return []

    def counts(self) -> dict[str, int]:
        return {
            "articles": self.db.execute("SELECT count(*) FROM articles").fetchone()[0],
            "nodes": self.db.execute("SELECT count(*) FROM nodes").fetchone()[0],
            "edges": self.db.execute("SELECT count(*) FROM edges").fetchone()[0],
        }
