"""The store's write path at constant cost: every statement an ingest runs finds its rows through
an index (no scan of a table that grows with the store), and the full-text index is keyed by rowid."""
from __future__ import annotations

import sqlite3

import pytest

from conftest import SEED, json_of

SECOND = "NATO Secretary General Jens Stoltenberg said in Brussels on Wednesday that the talks had been useful.\n"


def statements_of_an_ingest(tmp_path, analyzer) -> list[str]:
    from newskb.kb import KnowledgeBase
    from newskb.textio import RawArticle, read_text_file

    with KnowledgeBase.open(tmp_path / "kb.db") as kb:
        kb.ingest([read_text_file(SEED)], analyzer=analyzer)
        seen: list[str] = []
        kb.store.db.set_trace_callback(seen.append)
        kb.ingest([RawArticle(text=SECOND, path=None, published="2022-01-12")], analyzer=analyzer)
        kb.store.db.set_trace_callback(None)
    return seen


def test_every_lookup_of_an_ingest_is_on_an_index(tmp_path, analyzer):
    statements = [s for s in statements_of_an_ingest(tmp_path, analyzer)
                  if s.lstrip().upper().startswith(("SELECT", "DELETE", "UPDATE", "INSERT"))]
    assert statements
    with sqlite3.connect(tmp_path / "kb.db") as con:
        for statement in statements:
            plan = [row[-1] for row in con.execute("EXPLAIN QUERY PLAN " + statement)]
            scans = [step for step in plan if step.startswith("SCAN") and "json_each" not in step
                     and "VIRTUAL TABLE" not in step]
            assert not scans, (statement, plan)


def test_full_text_search_finds_statements_by_rowid(cli, tmp_path):
    db = tmp_path / "kb.db"
    assert cli("ingest", SEED, "--db", db).exit_code == 0
    found = json_of(cli("search", "differences", "--json", "--db", db))
    assert "differences" in str(found)
    with sqlite3.connect(db) as con:
        fts = con.execute("SELECT count(*) FROM statement_text").fetchone()[0]
        statements = con.execute("SELECT count(*) FROM nodes WHERE type='statement'").fetchone()[0]
        assert fts == statements
        assert con.execute("SELECT count(*) FROM statement_text JOIN nodes ON nodes.seq = statement_text.rowid "
                           "WHERE nodes.type = 'statement'").fetchone()[0] == statements


def test_edges_do_not_repeat_their_columns(cli, tmp_path):
    db = tmp_path / "kb.db"
    assert cli("ingest", SEED, "--db", db).exit_code == 0
    with sqlite3.connect(db) as con:
        for (data,) in con.execute("SELECT data FROM edges"):
            assert not {"source", "target", "type", "article"} & set(__import__("json").loads(data))


@pytest.mark.parametrize("node_id, key", [("person:nobody", None), (None, ("person", "nobody"))])
def test_the_merge_rules_ask_only_for_what_was_read(node_id, key):
    from newskb.identity import KnownNodes

    known = KnownNodes({}, {("person", "jane smith"): []}, ["person:jane-smith"])
    assert known.get_node("person:jane-smith") is None and known.nodes_by_key("person", "jane smith") == []
    with pytest.raises(LookupError):
        known.get_node(node_id) if node_id else known.nodes_by_key(*key)


# -- articles written in groups: one commit for many, none of them ever half there ------------------
STATEMENTS = [f"{name} said in Geneva on Monday that the talks had been useful.\n"
              for name in ("Jane Smith", "Tom Brown", "Ann Lee", "Raj Patel")]


class StoppingAnalyzer:
    """The real analyses of the articles, then `stop` raised before the article numbered `at`."""

    def __init__(self, analyzer, stop: BaseException, at: int):
        self.analyzer, self.stop, self.at, self.model = analyzer, stop, at, analyzer.model

    def analyse_many(self, raws):
        for n, pair in enumerate(self.analyzer.analyse_many(raws)):
            if n == self.at:
                raise self.stop
            yield pair


def raws_of(texts: list[str]):
    from newskb.textio import RawArticle

    return [RawArticle(text=text, path=None, published="2022-01-12") for text in texts]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request, tmp_path):
    return request.getfixturevalue("postgresql").database() if request.param == "postgresql" else tmp_path / "kb.db"


@pytest.mark.parametrize("stop", [KeyboardInterrupt(), RuntimeError("a worker died")], ids=["ctrl-c", "failure"])
def test_an_ingest_stopped_midway_keeps_the_articles_written_before(store_location, analyzer, stop):
    from newskb.kb import KnowledgeBase

    with KnowledgeBase.open(store_location) as kb:
        with pytest.raises(type(stop)):
            kb.ingest(raws_of(STATEMENTS), analyzer=StoppingAnalyzer(analyzer, stop, at=3))
        assert kb.store.counts()["articles"] == 3


def test_a_write_that_fails_midway_leaves_nothing_of_its_article(store_location, analyzer, monkeypatch):
    from newskb.kb import KnowledgeBase

    with KnowledgeBase.open(store_location) as kb:
        store = kb.store
        add_edges = store.add_edges
        calls = []

        def failing_third(edges):
            calls.append(1)
            if len(calls) == 3:  # after the third article's row and nodes are written
                raise OSError("disk full")
            add_edges(edges)

        monkeypatch.setattr(store, "add_edges", failing_third)
        with pytest.raises(OSError):
            kb.ingest(raws_of(STATEMENTS), analyzer=analyzer)
        assert store.counts()["articles"] == 2
        names = {node["name"] for node in store.all_nodes() if node.get("type") == "person"}
        assert names == {"Jane Smith", "Tom Brown"}


def test_the_articles_of_an_ingest_share_a_commit(tmp_path, analyzer):
    from newskb.kb import KnowledgeBase

    with KnowledgeBase.open(tmp_path / "kb.db") as kb:
        seen: list[str] = []
        kb.store.db.set_trace_callback(seen.append)
        kb.ingest(raws_of(STATEMENTS), analyzer=analyzer)
        kb.store.db.set_trace_callback(None)
        assert kb.store.counts()["articles"] == 4
    assert [s for s in seen if s.strip().upper() == "COMMIT"] == ["COMMIT"]


def test_a_node_written_again_changes_only_the_name_rows_it_changes(tmp_path):
    """A person stored again under one more alias and one fewer: the rows of the new alias come, those
    of the dropped one go, and the rows of the names it kept are not written again."""
    from newskb.records import Person
    from newskb.store import NodeWrite, Store

    def person(*aliases: str) -> Person:
        return Person(id="person:jens-stoltenberg", name="Jens Stoltenberg", aliases=list(aliases))

    with Store.open(tmp_path / "kb.db") as store:
        with store.transaction():
            store.put_nodes([NodeWrite(person("Stoltenberg", "Jens"))])
        seen: list[str] = []
        store.db.set_trace_callback(seen.append)
        with store.transaction():
            store.put_nodes([NodeWrite(person("Stoltenberg", "J. Stoltenberg"), replaces=True)])
        store.db.set_trace_callback(None)
        rows = sorted(store.db.execute("SELECT field, name, word FROM names"))
    assert rows == [("alias", "j stoltenberg", "j"), ("alias", "j stoltenberg", "stoltenberg"),
                    ("alias", "stoltenberg", "stoltenberg"),
                    ("name", "jens stoltenberg", "jens"), ("name", "jens stoltenberg", "stoltenberg")]
    deleted = [s for s in seen if s.startswith("DELETE FROM names")]
    inserted = [s for s in seen if s.startswith("INSERT OR IGNORE INTO names")]
    assert len(deleted) == 1 and "'jens'" in deleted[0] and "'alias'" in deleted[0]
    assert len(inserted) == 2 and all("'j stoltenberg'" in s for s in inserted)


# -- PostgreSQL: the same store, its errors, its writers -------------------------------------------
def store_contents(cli, db) -> dict:
    """What a store holds, as its node-link export (no ingest times in it)."""
    return json_of(cli("export", "--format", "node-link", "--db", db))


def test_postgresql_holds_what_sqlite_holds(cli, postgresql, seed_store, analyzer):
    from conftest import build_store

    assert store_contents(cli, build_store(postgresql.database(), analyzer)) == store_contents(cli, seed_store)


def test_a_postgresql_store_of_version_3_is_upgraded_on_open(cli, postgresql, analyzer):
    import psycopg

    from conftest import build_store

    url = build_store(postgresql.database(), analyzer)
    ranked = [json_of(cli(command, "--json", "--db", url)) for command in ("people", "organizations")]
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("DROP INDEX nodes_by_said")
        con.execute("ALTER TABLE nodes DROP COLUMN said")
        con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    assert [json_of(cli(command, "--json", "--db", url)) for command in ("people", "organizations")] == ranked
    with psycopg.connect(url) as con:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("4",)
        assert con.execute("SELECT count(*) FROM nodes WHERE said != (SELECT count(*) FROM edges "
                           "WHERE source = nodes.id AND type = 'said')").fetchone() == (0,)
        assert con.execute("SELECT sum(said) FROM nodes").fetchone()[0] > 10


@pytest.mark.parametrize("command", [["search", "differences"], ["search", "NATO allies"],
                                     ["quotes", "--contains", "european secur"], ["quotes", "--contains", "Moscow’s dem"]])
def test_postgresql_finds_the_words_sqlite_finds(cli, postgresql, seed_store, tmp_path, command):
    exported = tmp_path / "seed.json"
    exported.write_text(cli("export", "--format", "node-link", "--db", seed_store).stdout)
    url = postgresql.database()
    assert cli("import", exported, "--db", url).exit_code == 0
    found = [json_of(cli(*command, "--json", "--db", db)) for db in (seed_store, url)]
    assert found[0] and found[0] == found[1]


@pytest.mark.parametrize("where, message", [
    ("127.0.0.1:1/newskb", "cannot connect"),  # no server listens on port 1
    ("SERVER/no_such_database", "does not exist"),
    ("SERVER/postgres", "not a newskb store"),  # a database with tables of its own
])
def test_postgresql_errors_are_one_line_and_exit_3(cli, postgresql, where, message):
    import psycopg

    with psycopg.connect(postgresql.url("postgres"), autocommit=True) as admin:
        admin.execute("CREATE TABLE IF NOT EXISTS other (x int)")
    url = "postgresql://newskb:secret@" + where.replace("SERVER", f"127.0.0.1:{postgresql.port}")
    for command in (["stats"], ["ingest", SEED]):
        result = cli(*command, "--db", url)
        assert result.exit_code == 3 and message in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "secret" not in result.stderr


def test_postgresql_query_of_an_empty_database(cli, postgresql):
    result = cli("stats", "--db", postgresql.database())
    assert result.exit_code == 3 and "no knowledge base here yet" in result.stderr


def test_postgresql_writers_take_turns_and_check_again(postgresql, monkeypatch):
    """One writer at a time; a writer that waited finds the article its rival stored meanwhile and
    stores nothing."""
    from newskb.errors import StoreBusyError
    from newskb.ids import article_id, content_hash
    from newskb.records import Article
    from newskb.store import NodeWrite, Store

    text = "Jane Smith said the talks were useful.\n"
    sha = content_hash(text)
    article = Article(id=article_id(sha), name="jane", sha256=sha, chars=len(text))

    def merge(found):
        raise AssertionError("a stored article is not merged again")

    monkeypatch.setenv("NEWSKB_LOCK_TIMEOUT", "0.3")
    url = postgresql.database()
    with Store.open(url) as first, Store.open(url) as second:
        told = []
        second.on_wait = lambda: told.append("waiting")
        with first.transaction():
            with pytest.raises(StoreBusyError):
                second.write(article, text, None, None, [], [], merge)
            first.add_article(article, text, None)
            first.put_nodes([NodeWrite(article)])
        assert told == ["waiting"]
        assert second.write(article, text, None, None, [], [], merge) == (article.id, False)
        assert second.counts() == {"articles": 1, "nodes": 1, "edges": 0}
