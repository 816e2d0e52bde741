"""The shared store: a PostgreSQL database (`--db postgresql://user@host/dbname`), which many
newskb processes on many machines can query, and write one article at a time.

The tables are SQLite's, with `seq` columns keeping the order rows were written in (SQLite's
rowid), text compared byte by byte (collation "C", as SQLite does), and full-text search by a
`tsvector` index over the statements' text (the 'simple' configuration: words as written, in any
case, as SQLite's FTS5 finds them; a database of a UTF-8 locale cuts words where FTS5 does, at
apostrophes and quotation marks too). Writers take a transaction-scoped advisory lock, so one writes
at a time, as in SQLite; the others wait for it up to $NEWSKB_LOCK_TIMEOUT seconds. Errors of the
server or the connection become newskb's store errors, with the password never shown.
"""
from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import ReadOnlyStoreError, SchemaVersionError, StoreBusyError, StoreError
from ..records import AnyNode
from .base import RANKING_INDEX, SCHEMA_VERSION, Store, busy_error, lock_timeout, statements_of

TEXT = 'TEXT COLLATE "C"'
SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id {TEXT} PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, path {TEXT}, title TEXT, published {TEXT},
    url TEXT, text TEXT NOT NULL, model TEXT, ingested_at {TEXT} NOT NULL, minhash BYTEA,
    seq BIGSERIAL NOT NULL UNIQUE);
CREATE TABLE article_bands (band INTEGER NOT NULL, hash BIGINT NOT NULL, article {TEXT} NOT NULL,
    PRIMARY KEY (band, hash, article));
CREATE TABLE nodes (
    seq BIGSERIAL PRIMARY KEY, id {TEXT} NOT NULL UNIQUE, type TEXT NOT NULL, name {TEXT} NOT NULL, data TEXT NOT NULL,
    said INTEGER NOT NULL DEFAULT 0);
CREATE INDEX nodes_type ON nodes(type, seq);
{RANKING_INDEX};
CREATE TABLE node_keys (key {TEXT} NOT NULL, type TEXT NOT NULL, node {TEXT} NOT NULL, PRIMARY KEY (key, type, node));
CREATE TABLE mentions (
    node {TEXT} NOT NULL, article {TEXT} NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (node, article, start, "end"));
CREATE INDEX mentions_article ON mentions(article);
CREATE TABLE edges (
    source {TEXT} NOT NULL, target {TEXT} NOT NULL, type TEXT NOT NULL, article {TEXT} NOT NULL,
    data TEXT NOT NULL DEFAULT '{{}}', seq BIGSERIAL NOT NULL UNIQUE, PRIMARY KEY (source, target, type, article));
CREATE INDEX edges_target ON edges(target);
CREATE INDEX edges_article ON edges(article);
CREATE TABLE names (word {TEXT} NOT NULL, name {TEXT} NOT NULL, node {TEXT} NOT NULL, type TEXT NOT NULL,
    field TEXT NOT NULL, PRIMARY KEY (word, name, node, field));
CREATE INDEX names_by_name ON names(name);
CREATE INDEX names_by_node ON names(node);
CREATE INDEX statements_by_article ON nodes((data::json #>> '{{article}}'), ((data::json #>> '{{start}}')::int))
    WHERE type = 'statement';
CREATE INDEX statement_words ON nodes USING gin (to_tsvector('simple', data::json #>> '{{text}}'))
    WHERE type = 'statement';
CREATE INDEX meetings_by_earliest ON nodes((data::json #>> '{{date,earliest}}')) WHERE type = 'meeting';
CREATE INDEX meetings_by_latest ON nodes((data::json #>> '{{date,latest}}')) WHERE type = 'meeting';
CREATE INDEX articles_by_published ON articles(published, id);
CREATE INDEX articles_by_path ON articles(path, id);
CREATE INDEX edges_by_source_type ON edges(source, type);
CREATE INDEX edges_by_target_type ON edges(target, type);
CREATE INDEX edges_by_type_source ON edges(type, source);
"""
WRITE_LOCK = 0x6E65_7773_6B62  # the advisory lock every writer of a newskb database takes ('newskb')
CONNECT_TIMEOUT = 10  # seconds, unless the URL says otherwise
WAIT = (0.05, 1.0)  # first and longest pause between tries of the write lock, in seconds


def shown(url: str) -> str:
    """The URL as messages show it: without its password."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        host = parts.netloc.rsplit("@", 1)[1]
        user = f"{parts.username}:***@" if parts.username else ":***@"
        return urlunsplit(parts._replace(netloc=user + host))
    except ValueError:
        return re.sub(r":[^:@/]*@", ":***@", url)


def _first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def store_error(error: Exception, location: str) -> StoreError:
    """The newskb error a PostgreSQL error means, in one line."""
    from psycopg import errors

    message = _first_line(error)
    if isinstance(error, (errors.InsufficientPrivilege, errors.ReadOnlySqlTransaction)):
        return ReadOnlyStoreError(f"{location}: the store cannot be written by this user ({message}); "
                                  "it can be queried")
    if isinstance(error, (errors.LockNotAvailable, errors.DeadlockDetected, errors.SerializationFailure)):
        return StoreBusyError(f"{location}: another process is writing to the store; try again when it is done")
    if isinstance(error, errors.DiskFull):
        return StoreError(f"{location}: the server's disk is full")
    if isinstance(error, (errors.UndefinedTable, errors.UndefinedColumn, errors.UndefinedObject)):
        return StoreError(f"{location}: not a newskb store, or one damaged ({message})")
    if isinstance(error, errors.OperationalError):
        return StoreError(f"{location}: the connection to the server failed ({message})")
    return StoreError(f"{location}: {message}")


def _adapt(sql: str) -> str:
    """A statement written for both engines (`?` placeholders) as psycopg takes it."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgreSQLStore(Store):
    IDS = "SELECT value FROM json_array_elements_text(?::json)"
    ORDER = "seq"
    IGNORE = ("INSERT INTO", " ON CONFLICT DO NOTHING")
    LIKE = "ILIKE"

    def __init__(self, connection, location: str):
        self.db = connection
        self.location = location
        self.on_wait = None

    @classmethod
    def open(cls, url: str, create: bool = True) -> PostgreSQLStore:
        location = shown(url)
        try:
            import psycopg
            from psycopg.conninfo import conninfo_to_dict
        except ImportError:
            raise StoreError(f"{location}: a PostgreSQL store needs psycopg: pip install 'newskb[postgresql]'") from None
        try:
            given = conninfo_to_dict(url)
        except psycopg.Error as e:
            raise StoreError(f"{location}: not a PostgreSQL URL ({_first_line(e)})") from None
        timeout = {} if "connect_timeout" in given else {"connect_timeout": CONNECT_TIMEOUT}
        try:
            connection = psycopg.connect(url, autocommit=True, **timeout)
        except psycopg.Error as e:
            raise StoreError(f"{location}: cannot connect ({_first_line(e)})") from None
        store = cls(connection, location)
        try:
            store._check_schema(create)
        except BaseException:
            store.close()
            raise
        return store

    def _rows(self, sql: str, args: Iterable[Any] = ()) -> Iterator[tuple]:
        import psycopg

        try:
            cursor = self.db.execute(_adapt(sql), tuple(args))
            return iter(cursor.fetchall() if cursor.description else ())
        except psycopg.Error as e:
            raise store_error(e, self.location) from None

    def _run_many(self, sql: str, rows: list[tuple]) -> None:
        import psycopg

        try:
            with self.db.cursor() as cursor:
                cursor.executemany(_adapt(sql), rows)
        except psycopg.Error as e:
            raise store_error(e, self.location) from None

    @contextmanager
    def _pipelined(self) -> Iterator[None]:
        import psycopg

        try:
            with self.db.pipeline():
                yield
        except psycopg.Error as e:
            raise store_error(e, self.location) from None

    @staticmethod
    def field(path: str, table: str = "") -> str:
        return f"({table + '.' if table else ''}data::json #>> '{{{path.replace('.', ',')}}}')"

    @classmethod
    def flag(cls, path: str, table: str = "") -> str:
        return f"coalesce({cls.field(path, table)}::boolean, false)"

    def _start(self, table: str) -> str:
        return f"({self.field('start', table)}::int)"

    def _path_holds(self) -> str:
        return "strpos(path, ?) > 0"

    def close(self) -> None:
        self.db.close()

    def _check_schema(self, create: bool) -> None:
        tables, version = self._stored_schema(create, "a PostgreSQL")
        if version == SCHEMA_VERSION:
            return
        if version == 3:  # version 4: each node's statements in its row
            with self.transaction():
                self._rows("ALTER TABLE nodes ADD COLUMN IF NOT EXISTS said INTEGER NOT NULL DEFAULT 0")
                self._count_statements()
                self._rows("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
            return
        if tables:
            raise SchemaVersionError(f"{self.location}: store schema version {version!r} is unknown to this newskb "
                                     f"(it reads version {SCHEMA_VERSION})")
        with self.transaction():
            if not self._tables():  # decided again under the write lock: another may have created it
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        self._rows(statement)
                self._rows("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def _tables(self) -> set[str]:
        return {r[0] for r in self._rows("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, holding the write lock from its start; errors inside roll it back."""
        self._rows("BEGIN")
        try:
            self._lock()
            yield
        except BaseException:
            try:
                self.db.execute("ROLLBACK")
            except Exception:
                pass  # the connection is gone: the server rolled back
            raise
        else:
            self._rows("COMMIT")

    def _lock(self) -> None:
        """The write lock, tried at once (so that a wait can be told), then again until the deadline."""
        deadline = time.monotonic() + lock_timeout()
        pause = WAIT[0]
        while not self._one("SELECT pg_try_advisory_xact_lock(?)", (WRITE_LOCK,))[0]:
            if time.monotonic() >= deadline:
                raise busy_error(self.location)
            if self.on_wait is not None:
                self.on_wait()
                self.on_wait = None
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause = min(2 * pause, WAIT[1])

    def update_statistics(self) -> None:
        # A sample of each table (bounded, at any size): the server's autovacuum does it too, but
        # only a minute or so later, and a query planned without statistics reads every statement.
        self._rows("ANALYZE")

    # -- what differs from SQLite ------------------------------------------------------------------
    def _put_node_rows(self, nodes: list[AnyNode], stored: set[str]) -> None:
        # A node written again takes a new `seq`, so it moves to the end, as SQLite's REPLACE does;
        # the full-text index follows the row.
        self._run_many(f"INSERT INTO nodes (id, type, name, data, said) VALUES (?,?,?,?,{statements_of('?')}) "
                       "ON CONFLICT (id) DO UPDATE SET seq = nextval(pg_get_serial_sequence('nodes', 'seq')), "
                       "type = excluded.type, name = excluded.name, data = excluded.data, said = excluded.said",
                       [(n.id, n.type, n.name, n.model_dump_json(exclude={"provenance"}), n.id) for n in nodes])

    def _words(self, table: str = "") -> str:
        return f"to_tsvector('simple', {self.field('text', table)})"

    def search_statements(self, query: str) -> list[str]:
        words = self._words()
        return [r[0] for r in self._rows(
            f"SELECT id FROM nodes, plainto_tsquery('simple', ?) AS q WHERE type = 'statement' AND {words} @@ q "
            f"ORDER BY ts_rank({words}, q) DESC, seq", (query,))]

    def _words_condition(self, contains: str, table: str) -> tuple[str, str] | None:
        if not re.search(r"\w", contains):
            return None
        # a phrase of the words as the index cuts them, in order, the last one a prefix
        phrase = "regexp_replace(phraseto_tsquery('simple', ?)::text, '''$', ''':*')"
        return f"{self._words(table)} @@ to_tsquery('simple', {phrase})", contains
