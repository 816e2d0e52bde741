"""The knowledge graph across articles: one node for one person and one meeting, every article its
provenance; stores written whole or not at all."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from conftest import SEED, json_of

SECOND = (
    "NATO Secretary General Jens Stoltenberg said on Wednesday after a meeting of the NATO-Russia Council "
    "in Brussels that deep differences remained.\n"
    "Russian Deputy Foreign Minister Alexander Grushko also spoke after the meeting.\n"
)


def test_same_meeting_and_person_in_two_articles(cli, tmp_path):
    db = tmp_path / "kb.db"
    second = tmp_path / "second.txt"
    second.write_text(SECOND, encoding="utf-8")
    assert cli("ingest", SEED, "--db", db).exit_code == 0
    assert cli("ingest", second, "--published", "2022-01-12", "--db", db).exit_code == 0
    articles = {a["id"] for a in json_of(cli("articles", "--json", "--db", db))}
    brussels = [m for m in json_of(cli("meetings", "--json", "--db", db)) if m["place"] == "Brussels"
                and m["kind"] != "news conference"]
    assert len(brussels) == 1 and set(brussels[0]["articles"]) == articles
    people = [p for p in json_of(cli("people", "--json", "--db", db)) if "Stoltenberg" in p["name"]]
    assert len(people) == 1 and set(people[0]["articles"]) == articles
    quotes = json_of(cli("quotes", "--json", "--speaker", "Stoltenberg", "--meeting", "brussels", "--db", db))
    assert {q["article"]["id"] for q in quotes} == articles


def test_a_failing_article_leaves_nothing_behind(tmp_path, monkeypatch, analyzer):
    from newskb import graph
    from newskb.kb import KnowledgeBase
    from newskb.textio import read_text_file

    db = tmp_path / "kb.db"
    with KnowledgeBase.open(db) as kb:
        def broken(store, edges):
            raise RuntimeError("disk full")
        monkeypatch.setattr(graph.Store, "add_edges", broken)
        with pytest.raises(RuntimeError):
            kb.ingest([read_text_file(SEED)], analyzer=analyzer)
    with sqlite3.connect(db) as con:
        for table in ("articles", "nodes", "edges", "mentions"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_incremental_ingest_writes_only_the_new_article(tmp_path, analyzer):
    from newskb.kb import KnowledgeBase
    from newskb.textio import RawArticle, read_text_file

    with KnowledgeBase.open(tmp_path / "kb.db") as kb:
        kb.ingest([read_text_file(SEED)], analyzer=analyzer)
        before = kb.store.counts()
        results = kb.ingest([read_text_file(SEED),
                             RawArticle(text="Jane Smith said the talks had failed.", path=None,
                                        published=dt.date(2022, 1, 13))], analyzer=analyzer)
        after = kb.store.counts()
    assert [r.added for r in results] == [False, True]
    assert after["articles"] == before["articles"] + 1
    assert 0 < after["nodes"] - before["nodes"] < 10


DEBATE_REPORTS = ("breitbart_2016-09-26_green-party-candidate-jill-stein.txt",
                  "huff-post_2016-09-27_hillary-clinton-goes-after-donal.txt",
                  "breitbart_2016-09-30_the-latest-trump-urges-supporter.txt")


def test_one_debate_reported_by_several_articles(cli, tmp_path):
    """The first presidential debate of 2016-09-26, reported on three days by three outlets, is one
    meeting with three articles."""
    from conftest import SHARED

    db = tmp_path / "kb.db"
    texts = [SHARED / "polnear" / "dev" / "text" / name for name in DEBATE_REPORTS]
    assert cli("ingest", *texts, "--dates-from", SHARED / "polnear" / "metadata.tsv", "--db", db).exit_code == 0
    debates = [m for m in json_of(cli("meetings", "--json", "--db", db))
               if (m["date"] or {}).get("earliest") == "2016-09-26" and "debate" in m["name"].lower()]
    assert len(debates) == 1 and len(debates[0]["articles"]) == 3
