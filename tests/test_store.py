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
