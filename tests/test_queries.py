"""Questions as an analyst asks them: filters, output formats, tracing a statement to its source,
names that mean several things, and the library behind the command line."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys

import pytest

from conftest import SHARED, build_store, json_of

LATER = [
    ("Hillary Clinton said on Monday that the talks in Geneva had failed.\n"
     "Bill Clinton said the summit in Paris would go ahead.\n", "clintons.txt", dt.date(2022, 1, 20)),
    ('Jane Smith said "\x1b[31mred alert\x1b]0;pwned\x07 now" at the talks in Geneva.\n',
     "escapes.txt", dt.date(2022, 1, 25)),
]


@pytest.fixture(scope="session")
def desk_store(stores, analyzer):
    """The seed (published 2022-01-12) and two later articles: two Clintons, and terminal escapes;
    in each engine's store."""
    return build_store(stores.new("desk"), analyzer, *LATER)


@pytest.fixture
def desk(stores, desk_store, tmp_path):
    return stores.copy(desk_store, tmp_path)


def run(cli, db, *args):
    result = cli(*args, "--db", db)
    assert result.exit_code == 0, result.output
    return result.stdout


# -- filters ----------------------------------------------------------------------------------------
def test_quotes_since_until_as_csv(cli, desk):
    rows = list(csv.DictReader(io.StringIO(run(cli, desk, "quotes", "--since", "2022-01-13", "--until",
                                               "2022-01-21", "--format", "csv"))))
    assert {r["Speaker"] for r in rows} == {"Hillary Clinton", "Bill Clinton"}
    assert {r["Published"] for r in rows} == {"2022-01-20"}
    assert all("clintons.txt" in r["Source"] for r in rows)


@pytest.mark.parametrize("args, speakers", [
    (["--since", "2022-01-21"], {"Jane Smith"}),
    (["--until", "2022-01-12"], {"Jens Stoltenberg", "Wendy Sherman", "Aleksandr Grushko", "Michael Carpenter",
                                 "Russia", "NATO"}),
    (["--org", "NATO"], {"NATO", "Jens Stoltenberg"}),
    (["--speaker", "clinton"], {"Hillary Clinton", "Bill Clinton"}),  # a filter takes every match
    (["--place", "Vienna"], {"Michael Carpenter"}),
    (["--contains", "POLAR"], {"Michael Carpenter"}),
    (["--article", "clintons.txt"], {"Hillary Clinton", "Bill Clinton"}),
])
def test_quotes_filters(cli, desk, args, speakers):
    quotes = json_of(cli("quotes", *args, "--json", "--db", desk))
    assert {q["speaker"]["name"] for q in quotes if q["speaker"]} == speakers


def test_limit_keeps_the_first_rows(cli, desk):
    every = json_of(cli("quotes", "--json", "--db", desk))
    assert json_of(cli("quotes", "--limit", "3", "--json", "--db", desk)) == every[:3]


@pytest.mark.parametrize("args, places", [
    (["--since", "2022-01-13", "--until", "2022-01-13"], ["Vienna"]),
    (["--until", "2022-01-12"], ["Geneva", "Brussels"]),
    (["--person", "Zbigniew Rau"], ["Vienna"]),
    (["--org", "OSCE"], ["Vienna"]),
    (["--place", "brussels"], ["Brussels"]),
    (["--since", "2022-01-24"], ["Geneva"]),
])
def test_meetings_filters(cli, desk, args, places):
    meetings = json_of(cli("meetings", *args, "--json", "--db", desk))
    assert [m["place"] for m in meetings] == places
    assert [m["order"] for m in meetings] == list(range(1, len(places) + 1))


def test_timeline_narrowed_by_date(cli, desk):
    [meeting] = json_of(cli("timeline", "--since", "2022-01-13", "--until", "2022-01-13", "--json", "--db", desk))
    assert meeting["place"] == "Vienna" and {s["speaker"]["name"] for s in meeting["said"]} == {"Michael Carpenter"}


def test_people_and_organizations(cli, desk):
    assert [p["name"] for p in json_of(cli("people", "--org", "NATO", "--json", "--db", desk))] == ["Jens Stoltenberg"]
    orgs = {o["name"]: o for o in json_of(cli("organizations", "--json", "--db", desk))}
    assert "OSCE" in orgs["Organization for Security and Cooperation in Europe"]["aliases"]
    assert [m["name"] for m in orgs["NATO"]["members"]] == ["Jens Stoltenberg"]
    assert len(json_of(cli("people", "--limit", "2", "--json", "--db", desk))) == 2


def test_articles_by_publication_date(cli, desk):
    assert [a["path"] for a in json_of(cli("articles", "--since", "2022-01-20", "--json", "--db", desk))] == [
        "clintons.txt", "escapes.txt"]


@pytest.mark.parametrize("args, message", [
    (["quotes", "--since", "last week"], "YYYY-MM-DD"),
    (["meetings", "--since", "2022-02-01", "--until", "2022-01-01"], "after"),
    (["quotes", "--format", "yaml"], "--format"),
    (["meetings", "--person", "Nobody Atall"], "no person matches"),
])
def test_bad_filters_get_one_line(cli, desk, args, message):
    result = cli(*args, "--db", desk)
    assert result.exit_code in (2, 5) and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


# -- every query command, every format -------------------------------------------------------------------
QUERIES = [["articles"], ["quotes"], ["meetings"], ["timeline"], ["people"], ["organizations"], ["show", "rau"],
           ["show", "m:e33b9320-1"], ["neighbors", "rau"], ["path", "Sherman", "Stoltenberg"],
           ["search", "differences"], ["stats"]]


@pytest.mark.parametrize("command", QUERIES, ids=lambda c: " ".join(c))
def test_every_format(cli, desk, command):
    as_json = json.loads(run(cli, desk, *command, "--format", "json"))
    assert json.loads(run(cli, desk, *command, "--json")) == as_json
    table = run(cli, desk, *command)
    rows = list(csv.reader(io.StringIO(run(cli, desk, *command, "--format", "csv"))))
    markdown = run(cli, desk, *command, "--format", "markdown")
    assert table.strip() and len(rows) >= 2 and len({len(r) for r in rows}) == 1
    assert markdown.startswith("**") and "\x1b" not in table + markdown


# -- tracing ----------------------------------------------------------------------------------------
def test_a_quote_traces_to_its_article_date_and_paragraph(cli, desk):
    [quote] = json_of(cli("quotes", "--speaker", "Grushko", "--contains", "binding", "--json", "--db", desk))
    assert quote["article"]["published"] == "2022-01-12" and quote["article"]["path"].endswith(".txt")
    assert "2022-01-12" in run(cli, desk, "quotes", "--speaker", "Grushko")
    [row] = csv.DictReader(io.StringIO(run(cli, desk, "quotes", "--speaker", "Grushko", "--contains", "binding",
                                           "--format", "csv")))
    assert row["Published"] == "2022-01-12" and row["Source"].split() == [quote["article"]["path"], quote["id"]]
    shown = json_of(cli("show", quote["id"], "--json", "--db", desk))
    paragraph = shown["paragraph"]
    for span in (quote, quote["cue"], quote["speaker_mention"]):
        assert paragraph["text"][span["start"] - paragraph["start"]:span["end"] - paragraph["start"]] == span["text"]
    markdown = run(cli, desk, "show", quote["id"], "--format", "markdown")
    assert f"**{quote['speaker_mention']['text']}**" in markdown and f"_{quote['cue']['text']}_" in markdown
    assert "«" in markdown


def test_show_a_meeting_and_an_article(cli, desk):
    meeting = json_of(cli("show", "m:e33b9320-1", "--json", "--db", desk))
    assert meeting["place"] == "Vienna" and {s["speaker"]["name"] for s in meeting["said"]} == {"Michael Carpenter"}
    assert meeting["reports"][0]["published"] == "2022-01-12"
    article = json_of(cli("show", meeting["reports"][0]["id"], "--json", "--db", desk))
    assert article["statements"] == json_of(cli("quotes", "--article", article["id"], "--json", "--db", desk))
    assert [m["id"] for m in article["meetings"]] == [
        m["id"] for m in json_of(cli("meetings", "--article", article["id"], "--json", "--db", desk))]


def test_url_is_shown_where_known(cli, tmp_path, analyzer):
    from newskb.kb import KnowledgeBase
    from newskb.textio import RawArticle

    db = tmp_path / "kb.db"
    with KnowledgeBase.open(db) as kb:
        kb.ingest([RawArticle(text="Jane Smith said the talks in Geneva had failed.\n", path="feed.jsonl:1",
                              url="https://example.org/news/1", published=dt.date(2022, 1, 12))], analyzer=analyzer)
    assert "https://example.org/news/1" in run(cli, db, "quotes", "--format", "csv")
    assert json_of(cli("articles", "--json", "--db", db))[0]["url"] == "https://example.org/news/1"


# -- names -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["show", "clinton"], ["neighbors", "clinton"], ["path", "clinton", "rau"]])
def test_a_name_of_two_people_lists_them(cli, desk, command):
    result = cli(*command, "--db", desk)
    assert result.exit_code == 7 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Hillary Clinton (person:hillary-clinton)" in result.stderr and "Bill Clinton" in result.stderr
    assert json_of(cli("show", "hillary clinton", "--json", "--db", desk))["id"] == "person:hillary-clinton"


@pytest.mark.parametrize("command", [["show", ""], ["show", "   "], ["neighbors", ""], ["path", "", "rau"],
                                     ["path", "rau", " "], ["quotes", "--speaker", ""]])
def test_a_blank_name_is_refused(cli, desk, command):
    result = cli(*command, "--db", desk)
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "blank" in result.stderr


def test_ids_name_their_node(cli, desk):
    assert json_of(cli("show", "person:jens-stoltenberg", "--json", "--db", desk))["name"] == "Jens Stoltenberg"
    near = json_of(cli("neighbors", "org:nato", "--json", "--db", desk))
    assert "person:jens-stoltenberg" in {n["id"] for n in near}


# -- what reaches the terminal -----------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["quotes"], ["timeline"], ["search", "alert"], ["show", "Jane Smith"]])
@pytest.mark.parametrize("format_", ["table", "csv", "markdown"])
def test_terminal_escapes_never_reach_the_terminal(cli, desk, command, format_):
    out = run(cli, desk, *command, "--since" if command == ["quotes"] else "--format", *(
        ["2022-01-25", "--format", format_] if command == ["quotes"] else [format_]))
    assert "\x1b" not in out and "\x07" not in out and "x1b" in out


def test_json_keeps_escapes_as_json_does(cli, desk):
    text = run(cli, desk, "quotes", "--since", "2022-01-25", "--json")
    assert "\x1b" not in text and "\\u001b[31mred" in text
    assert json.loads(text)[0]["text"].startswith("\x1b[31mred")


def test_errors_never_carry_escapes(cli, desk):
    result = cli("show", "\x1b]0;pwned\x07", "--db", desk)
    assert result.exit_code == 5 and "\x1b" not in result.stderr and "\\x1b" in result.stderr


def test_long_tables_go_through_the_pager_on_a_terminal(monkeypatch):
    import pydoc

    from rich.console import Console

    from newskb import render

    paged = []
    monkeypatch.setattr(pydoc, "pager", paged.append)
    monkeypatch.setattr(render, "console", Console(force_terminal=True, height=10, width=80))
    long = render.Grid("rows", [render.Column("n")], [[render.cell(str(i))] for i in range(40)])
    render._page(render._rich(long))
    short = render.Grid("rows", [render.Column("n")], [[render.cell("1")]])
    render._page(render._rich(short))
    assert len(paged) == 1 and "39" in paged[0]


# -- reading through indexes ------------------------------------------------------------------------
QUESTIONS = {
    "articles": dict(limit=5), "statements": dict(speaker="stoltenberg", since="2022-01-01", limit=5),
    "meetings": dict(since="2022-01-13", until="2022-01-13", person="rau"), "timeline": dict(place="vienna"),
    "people": dict(org="NATO", limit=3), "organizations": dict(article="clintons.txt"),
    "show": dict(name="stoltenberg"), "neighbors": dict(name="rau", depth=2), "path": dict(a="sherman", b="rau"),
    "search": dict(text="differences"), "stats": {},
}
ALSO = [("statements", dict(meeting="brussels", org="NATO")), ("statements", dict(contains="polar", article="a:e33b")),
        ("statements", dict(place="Geneva", until="2022-01-31")), ("show", dict(name="m:e33b9320-1")),
        ("meetings", dict(org="OSCE")), ("statements", {})]


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # SQLite's plans; PostgreSQL plans by statistics
@pytest.mark.parametrize("question, filters", list(QUESTIONS.items()) + ALSO, ids=lambda x: str(x)[:40])
def test_every_question_reads_through_indexes(desk, question, filters):
    """No table is read whole: SQLite's plan for every statement a question runs finds rows through
    an index. Two read an index whole, never a table: stats counting by type, and an article named
    by part of its path."""
    from newskb import KnowledgeBase

    with KnowledgeBase.open(desk, create=False) as kb:
        statements: list[str] = []
        kb.store.db.set_trace_callback(statements.append)
        getattr(kb, question)(**filters)
        kb.store.db.set_trace_callback(None)
        scans = []
        for sql in statements:
            if sql.startswith("--"):
                continue  # the full-text index's own lookups
            for *_, detail in kb.store.db.execute("EXPLAIN QUERY PLAN " + sql):
                if detail.startswith("SCAN") and "json_each" not in detail and "VIRTUAL TABLE" not in detail \
                        and not ("COVERING INDEX" in detail and ("GROUP BY" in sql or "instr(path" in sql)) \
                        and "statement_text_config" not in detail:
                    scans.append((detail, sql))
    assert not scans


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
@pytest.mark.parametrize("question, filters, in_rank_order", [
    ("people", dict(limit=3), True), ("organizations", dict(limit=3), True),
    ("people", dict(org="NATO"), False), ("organizations", dict(article="clintons.txt"), False)])
def test_who_said_most_is_not_counted_for_everyone(desk, question, filters, in_rank_order):
    """The people or organisations who said most are read from the index that ranks them, in its
    order, as far as the limit; with a filter, the few the filter links to are found by id and
    sorted. No question reads every node of a type to rank them."""
    from newskb import KnowledgeBase

    with KnowledgeBase.open(desk, create=False) as kb:
        statements: list[str] = []
        kb.store.db.set_trace_callback(statements.append)
        getattr(kb, question)(**filters)
        kb.store.db.set_trace_callback(None)
        ranked = [sql for sql in statements if sql.startswith("SELECT e.id FROM nodes e")]
        plans = [[row[-1] for row in kb.store.db.execute("EXPLAIN QUERY PLAN " + sql)] for sql in ranked]
    assert len(plans) == 1
    searched_by_type = any("(type=?)" in step for step in plans[0])
    sorted_after = any("FOR ORDER BY" in step for step in plans[0])
    assert (searched_by_type and not sorted_after) if in_rank_order else not searched_by_type


def test_each_node_holds_the_number_of_its_statements(desk):
    """What ranks people is kept in each node's row: the count of its statements, on every engine,
    after later articles that name the same people again and so rewrite their rows."""
    from newskb.store import Store

    with Store.open(desk, create=False) as store:
        rows = list(store._rows("SELECT id, said, (SELECT count(*) FROM edges WHERE source = nodes.id "
                                "AND type = 'said') FROM nodes"))
    assert [r for r in rows if r[1] != r[2]] == [] and sum(r[1] for r in rows) > 10


# -- the contract, the library, the command line ----------------------------------------------------------
def _contract_examples() -> dict[str, dict]:
    """The JSON example of each `newskb COMMAND --json` section of CONTRACT.md, by command."""
    text = (SHARED / "CONTRACT.md").read_text(encoding="utf-8")
    examples = {}
    for command, block in re.findall(r"## `newskb (\w+) --json`.*?```json\n(.*?)```", text, re.S):
        try:
            examples[command] = json.loads(block)[0]
        except json.JSONDecodeError:
            pass  # an example with elisions ('[ … as quotes --json … ]')
    return examples


def _schema_fields(schema: dict, node: dict, path: str = "") -> set[str]:
    """Dotted names of every field a JSON schema declares, nested models and lists followed."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].split("/")[-1]]
    for option in node.get("anyOf", []):
        if option.get("type") != "null":
            return _schema_fields(schema, option, path)
    if node.get("type") == "array":
        return _schema_fields(schema, node["items"], path)
    fields = set()
    for name, sub in node.get("properties", {}).items():
        fields.add(path + name)
        fields |= _schema_fields(schema, sub, path + name + ".")
    return fields


def _example_fields(value, path: str = "") -> set[str]:
    if isinstance(value, list):
        return set().union(*(_example_fields(v, path) for v in value)) if value else set()
    if not isinstance(value, dict):
        return set()
    return set().union(*({path + k} | _example_fields(v, path + k + ".") for k, v in value.items()))


@pytest.mark.skipif(not (SHARED / "CONTRACT.md").exists(), reason="the shared contract is not here")
def test_every_contract_field_is_in_the_answer_schemas():
    from newskb.answers import ArticleRef, EntityRow, MeetingRow, StatementRow

    models = {"articles": ArticleRef, "quotes": StatementRow, "meetings": MeetingRow, "people": EntityRow}
    examples = _contract_examples()
    assert set(models) <= set(examples)
    for command, model in models.items():
        declared = _schema_fields(model.model_json_schema(by_alias=True), model.model_json_schema(by_alias=True))
        wanted = _example_fields(examples[command])
        if command == "quotes":
            wanted |= {"meeting_relation", "utterance"}  # named in the contract's notes
        assert wanted <= declared, (command, wanted - declared)


def test_the_library_is_importable_and_typed():
    from importlib import resources

    probe = "from newskb import KnowledgeBase, __version__; print(__version__, KnowledgeBase.statements.__doc__ is not None)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert re.fullmatch(r"\d+\.\d+\.\d+ True\n", out.stdout)
    assert resources.files("newskb").joinpath("py.typed").is_file()


def test_library_answers_are_typed_and_filter_as_the_cli(desk):
    from newskb import KnowledgeBase
    from newskb.answers import StatementRow

    with KnowledgeBase.open(desk, create=False) as kb:
        quotes = kb.statements(since="2022-01-20", until=dt.date(2022, 1, 21))
        assert quotes and all(isinstance(q, StatementRow) for q in quotes)
        assert {q.speaker.name for q in quotes} == {"Hillary Clinton", "Bill Clinton"}
        assert [m.place for m in kb.meetings(person="rau")] == ["Vienna"]
        assert kb.stats().articles == 3
    public = [name for name in dir(KnowledgeBase) if not name.startswith("_")]
    assert all(getattr(KnowledgeBase, name).__doc__ for name in public if callable(getattr(KnowledgeBase, name)))


def test_version_and_short_help(cli):
    from newskb import __version__

    assert cli("--version").stdout.strip() == f"newskb {__version__}"
    assert "[OPTIONS] COMMAND" in cli("-h").stdout
    assert "--install-completion" in cli("--help").stdout


def test_help_is_readable_and_stays_in_the_repository(cli):
    from newskb.cli import app

    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        text = cli(name, "-h").stdout
        assert "shared/" not in text and "CONTRACT" not in text, name
        # metavars in capitals: no '<bool>', '<list[str]>' or '{paths}' (typer braces a required argument)
        assert not re.search(r"<\w+|\{[a-z_]+\}", text), (name, text)
