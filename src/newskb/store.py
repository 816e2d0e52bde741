"""The embedded store: one SQLite database holding articles, nodes, their mentions and edges.

Each article is written in one transaction, so a crash never leaves half an article; an article
already present (same text, by SHA-256) is not written again. The schema carries a version; a
store written by a newer newskb is refused rather than misread.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from .errors import SchemaVersionError, StoreError
from .lexicon import name_key
from .records import NODE_ADAPTER, AnyNode, Article, Edge, Mention

SCHEMA_VERSION = 2
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
STATEMENT_WORDS = "SELECT id FROM statement_text WHERE statement_text MATCH ?"  # statements by words
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
    for field, name in names:
        key = name_key(name) if name else ""
        for word in key.split():
            rows.add((word, key, node["id"], node["type"], field))
    return rows


class EdgeRow(NamedTuple):
    source: str
    target: str
    type: str
    article: str
    joint: bool


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
            if version.isdigit() and int(version) in MIGRATIONS:
                with self.transaction():
                    for step in range(int(version), SCHEMA_VERSION):
                        MIGRATIONS[step](self)
                    self.db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION),))
                version = str(SCHEMA_VERSION)
            if version != str(SCHEMA_VERSION):
                newer = version.isdigit() and int(version) > SCHEMA_VERSION
                raise SchemaVersionError(
                    f"{self.path}: store schema version {version!r} is "
                    + ("newer than this newskb reads; upgrade newskb" if newer else
                       f"unknown to this newskb (it reads version {SCHEMA_VERSION})"))
            self._fts()
            return
        with self.transaction():
            for statement in (SCHEMA + READ_SCHEMA).split(";"):
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
        self.index_names(node.model_dump(exclude={"provenance"}))
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
            conditions.append(f"s.id IN ({STATEMENT_WORDS})")
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
        return [{"source": source, "target": target, "type": type_, "article": grounded, **json.loads(data)}
                for source, target, type_, grounded, data in self.db.execute(sql + " ORDER BY rowid", args)]

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
    """Version 2: the name index and the read side's indexes."""
    store._read_schema()


# MIGRATIONS[v] upgrades a store of version v to v + 1, inside one transaction.
MIGRATIONS: dict[int, Callable[[Store], None]] = {1: _add_read_schema}
