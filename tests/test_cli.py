"""The command line as people and programs use it: output, filters, errors, and a store left intact."""
from __future__ import annotations

import hashlib
import json
import sqlite3

import networkx as nx
import pytest

from conftest import SEED, json_of


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def test_articles_follow_the_contract(cli, seeded):
    [article] = json_of(cli("articles", "--json", "--db", seeded))
    assert set(article) >= {"id", "path", "title", "published"}
    assert article["published"] == "2022-01-12" and article["path"].endswith("000_5a3054c7a7225b8e.txt")


def test_quotes_follow_the_contract(cli, seeded):
    quotes = json_of(cli("quotes", "--json", "--db", seeded))
    text = SEED.read_text(encoding="utf-8")
    for q in quotes:
        assert set(q) >= {"id", "article", "kind", "text", "start", "end", "cue", "speaker", "speaker_mention", "meeting"}
        assert text[q["start"]:q["end"]] == q["text"]
        assert q["kind"] in ("direct", "partial", "indirect")
        if q["speaker"]:
            assert set(q["speaker"]) == {"id", "name", "type"} and q["speaker"]["type"] in ("person", "organization", "place")
        for span in (q["cue"], q["speaker_mention"]):
            if span:
                assert text[span["start"]:span["end"]] == span["text"]
        if q["meeting"]:
            assert set(q["meeting"]) >= {"id", "name", "place", "date"}


def test_meetings_are_a_chronology(cli, seeded):
    meetings = json_of(cli("meetings", "--json", "--db", seeded))
    assert [m["order"] for m in meetings] == list(range(1, len(meetings) + 1))
    placed = [m["place"] for m in meetings if m["place"] in ("Geneva", "Brussels", "Vienna")]
    assert list(dict.fromkeys(placed)) == ["Geneva", "Brussels", "Vienna"]
    vienna = next(m for m in meetings if m["place"] == "Vienna")
    assert vienna["date"] == {"text": "January 13", "earliest": "2022-01-13", "latest": "2022-01-13"}
    assert {"Zbigniew Rau"} <= {p["name"] for p in vienna["participants"]}


def test_speaker_filter_matches_loosely(cli, seeded):
    quotes = json_of(cli("quotes", "--json", "--speaker", "stoltenberg", "--db", seeded))
    assert quotes and {q["speaker"]["name"] for q in quotes} == {"Jens Stoltenberg"}


def test_who_said_what_in_brussels(cli, seeded):
    quotes = json_of(cli("quotes", "--json", "--speaker", "Stoltenberg", "--meeting", "brussels", "--db", seeded))
    assert len(quotes) >= 4 and all(q["meeting"]["place"] == "Brussels" for q in quotes)


def test_unknown_name_gets_one_line_and_a_suggestion(cli, seeded):
    result = cli("quotes", "--speaker", "Stoltenburg", "--db", seeded)
    assert result.exit_code != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Stoltenberg" in result.stderr


def test_human_views_render(cli, seeded):
    for command in (["quotes", "--speaker", "Stoltenberg"], ["meetings"], ["people"], ["articles"],
                    ["timeline"], ["show", "Sherman"]):
        result = cli(*command, "--db", seeded)
        assert result.exit_code == 0, result.output
        assert result.stdout.strip()
    assert "Wendy Sherman" in cli("show", "sherman", "--db", seeded).stdout


def test_people_have_roles_and_affiliations(cli, seeded):
    people = {p["name"]: p for p in json_of(cli("people", "--json", "--db", seeded))}
    assert "NATO chief" in people["Jens Stoltenberg"]["roles"]
    assert "NATO" in {a["name"] for a in people["Jens Stoltenberg"]["affiliations"]}
    assert "Poland" in {a["name"] for a in people["Zbigniew Rau"]["affiliations"]}


def test_ingesting_twice_adds_nothing(cli, seeded):
    before = json_of(cli("quotes", "--json", "--db", seeded))
    result = cli("ingest", SEED, "--db", seeded)
    assert result.exit_code == 0 and "already in the store" in result.stderr
    assert json_of(cli("quotes", "--json", "--db", seeded)) == before
    assert len(json_of(cli("articles", "--json", "--db", seeded))) == 1


def test_extract_shows_what_ingest_stores_plus_the_times_and_stores_nothing(cli, seeded, private_store):
    [row] = json_of(cli("extract", SEED, "--json"))
    assert row["article"]["published"] == "2022-01-12" and row["article"]["path"].endswith(SEED.name)
    for command, key in (("quotes", "quotes"), ("meetings", "meetings"), ("people", "people")):
        assert row[key] == json_of(cli(command, "--json", "--db", seeded))
    text = SEED.read_text(encoding="utf-8")
    assert row["times"]
    for t in row["times"]:
        assert text[t["start"]:t["end"]] == t["text"] and t["type"] in ("DATE", "TIME", "DURATION", "SET")
        if t["type"] in ("DURATION", "SET"):
            assert t["earliest"] is None and t["latest"] is None
        elif t["earliest"] and t["latest"]:
            assert t["earliest"] <= t["latest"]
    assert {"text": "January 13", "type": "DATE", "value": "2022-01-13"}.items() <= next(
        t for t in row["times"] if t["text"] == "January 13").items()
    assert not private_store.exists()


def test_extract_reads_what_ingest_reads(cli, tmp_path):
    (tmp_path / "a.txt").write_text("Ministers met on Friday.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Ministers will meet on Friday.\n", encoding="utf-8")
    rows = json_of(cli("extract", tmp_path / "a.txt", "-", "--published", "2022-01-12", "--json",
                       input="Ministers will meet on Friday.\n"))
    assert [(r["article"]["path"] or "-").rsplit("/", 1)[-1] for r in rows] == ["a.txt", "-"]
    assert [r["times"][0]["value"] for r in rows] == ["2022-01-07", "2022-01-14"]
    human = cli("extract", tmp_path, "--published", "2022-01-12")
    assert human.exit_code == 0 and "2022-01-07" in human.stdout and "2022-01-14" in human.stdout
    assert cli("extract", tmp_path / "missing.txt").exit_code == 2


def test_extract_gives_near_duplicates_each_their_own_answer(cli, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace("said", "says", 1), encoding="utf-8")
    result = cli("extract", tmp_path / "a.txt", tmp_path / "b.txt", "--published", "2022-01-12", "--json")
    rows = json_of(result)
    assert result.exit_code == 0 and [r["article"]["path"].rsplit("/", 1)[-1] for r in rows] == ["a.txt", "b.txt"]
    assert len(rows[0]["quotes"]) == len(rows[1]["quotes"]) > 0


def test_export_node_link_round_trips(cli, seeded, tmp_path):
    out = tmp_path / "graph.json"
    assert cli("export", "--format", "node-link", "-o", out, "--db", seeded).exit_code == 0
    graph = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    types = {d["type"] for _, d in graph.nodes(data=True)}
    assert {"article", "person", "organization", "place", "meeting", "statement"} <= types
    assert all("type" in d and "article" in d for *_, d in graph.edges(data=True))


def test_query_without_a_store_says_so(cli, tmp_path):
    result = cli("quotes", "--db", tmp_path / "none.db")
    assert result.exit_code != 0 and "newskb ingest" in result.stderr
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
])
def test_bad_input_leaves_the_store_as_it_was(cli, seeded, tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = digest(seeded)
    result = cli("ingest", SEED, bad, "--db", seeded)
    assert result.exit_code != 0
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert digest(seeded) == before


def test_missing_path(cli, tmp_path):
    db = tmp_path / "kb.db"
    result = cli("ingest", tmp_path / "nowhere.txt", "--db", db)
    assert result.exit_code != 0 and "no such file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not db.exists()


LATIN1 = "Zbigniew Rau met the café owner in Zürich and said the talks went well.\n"
POLISH = "Prezydent Wałęsa i minister źródło spotkali się w Gdańsku z przedstawicielami.\n"


@pytest.mark.parametrize("options", [["--encoding", "latin-1"], []], ids=["named", "detected"])
def test_latin1_is_read_when_named_or_sure(cli, tmp_path, options):
    path = tmp_path / "latin1.txt"
    path.write_bytes(LATIN1.encode("latin-1"))
    db = tmp_path / "kb.db"
    assert cli("ingest", path, *options, "--db", db).exit_code == 0
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT text FROM articles").fetchone()[0] == LATIN1


def test_unsure_encoding_is_refused_naming_the_option(cli, tmp_path):
    path = tmp_path / "cp1250.txt"
    path.write_bytes(POLISH.encode("cp1250"))
    db = tmp_path / "kb.db"
    result = cli("ingest", path, "--db", db)
    assert result.exit_code != 0 and "--encoding" in result.stderr
    assert not db.exists()
    assert cli("ingest", path, "--encoding", "cp1250", "--db", db).exit_code == 0


def test_standard_input_and_published_option(cli, tmp_path):
    db = tmp_path / "kb.db"
    text = "Jane Smith said the talks in Geneva on Monday had failed.\n"
    assert cli("ingest", "-", "--published", "2022-01-12", "--db", db, input=text).exit_code == 0
    [article] = json_of(cli("articles", "--json", "--db", db))
    assert article["path"] is None and article["published"] == "2022-01-12"
    [quote] = json_of(cli("quotes", "--json", "--db", db))
    assert quote["speaker"]["name"] == "Jane Smith"


def test_bad_published_date(cli, tmp_path):
    result = cli("ingest", SEED, "--published", "12/01/2022", "--db", tmp_path / "kb.db")
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.stderr


def test_json_lines_from_a_crawler(cli, tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [{"text": "Jane Smith said the talks had failed.", "title": "A", "published": "2022-01-12", "url": "u1"},
            {"text": "John Brown said the talks would go on.", "title": "B", "published": "2022-01-13", "url": "u2"}]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = tmp_path / "kb.db"
    assert cli("ingest", feed, "--db", db).exit_code == 0
    assert [a["title"] for a in json_of(cli("articles", "--json", "--db", db))] == ["A", "B"]


def test_malformed_json_line_ingests_nothing(cli, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "Jane Smith said so."}\n{"text": \n', encoding="utf-8")
    db = tmp_path / "kb.db"
    result = cli("ingest", feed, "--db", db)
    assert result.exit_code != 0 and "feed.jsonl:2" in result.stderr
    assert not db.exists()


def test_store_of_another_schema_is_refused(cli, tmp_path):
    db = tmp_path / "kb.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    result = cli("quotes", "--db", db)
    assert result.exit_code != 0 and "upgrade newskb" in result.stderr


def test_not_a_store_is_refused(cli, tmp_path):
    db = tmp_path / "kb.db"
    db.write_bytes(b"not sqlite at all" * 100)
    result = cli("quotes", "--db", db)
    assert result.exit_code != 0 and "not a newskb store" in result.stderr


def test_every_command_has_help(cli):
    from newskb.cli import app

    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert command.callback.__doc__, name
        assert cli(name, "--help").exit_code == 0
