"""Nothing lost, nothing half-stored, no traceback: every failure a user can cause ends in one line
on standard error and its documented exit code, with the store as it was; concurrent writers, kills
and damaged or read-only stores included (subprocesses where processes meet)."""
from __future__ import annotations

import ctypes
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEED, SHARED

NEWSKB = [sys.executable, "-m", "newskb"]
REUTERS = SHARED / "corpus" / "reuters-21578.jsonl"


def newskb(*args, env: dict | None = None, timeout: float = 120, **options) -> subprocess.CompletedProcess:
    return subprocess.run([*NEWSKB, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, **options)


def start(*args, env: dict | None = None, ctrl_c: bool = False) -> subprocess.Popen:
    """newskb with `args`; with `ctrl_c`, Ctrl-C (SIGINT) as a terminal gives it, whatever this process has."""
    return subprocess.Popen([*NEWSKB, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})},
                            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) if ctrl_c else None)


def one_line_error(stderr: str) -> bool:
    lines = [line for line in stderr.splitlines() if line.strip()]
    return len(lines) == 1 and "Traceback" not in stderr and lines[0].startswith("newskb:")


def content(db: Path) -> dict[str, list]:
    """Everything a store holds, but the time each article was written."""
    with sqlite3.connect(db) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE "
                                            "'statement_text_%' ORDER BY name")]
        out = {}
        for table in tables:
            columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] != "ingested_at"]
            rowid = "rowid, " if table in ("edges", "statement_text") else ""
            out[table] = sorted(map(repr, con.execute(f"SELECT {rowid}{', '.join(columns)} FROM {table}")))
    return out


def reuters(n: int, skip: int = 0) -> list[dict]:
    """Reuters articles with something said in them, no two near-duplicates (the wire repeats itself)."""
    from newskb.nearduplicates import fingerprint

    rows, seen = [], []
    with open(REUTERS, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if len(record["text"]) > 400 and " said " in record["text"]:
                mark = fingerprint(record["text"])
                if not any(mark.matches(other) for other in seen):
                    rows.append(record)
                    seen.append(mark.signature)
            if len(rows) >= skip + n:
                break
    return rows[skip:skip + n]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def hold_write_lock(db: Path) -> subprocess.Popen:
    """Another process holding the store's write lock, as a long import does, until a line on its
    standard input (or its end); it prints once it has the lock."""
    code = ("import sqlite3, sys\n"
            f"con = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
            "con.execute('BEGIN IMMEDIATE')\n"
            "print('locked', flush=True)\n"
            "sys.stdin.readline()\n"
            "con.execute('ROLLBACK')\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def without_root_override():
    """For a subprocess run as root: drop the capabilities that let root ignore file permissions,
    so that a read-only file or folder is read-only to it too."""
    if os.geteuid() != 0:
        return None

    def drop():
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP: gone from the program exec'd next
    return drop


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "seed.db"
    result = newskb("ingest", SEED, "--db", db)
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def seeded(seed_store, tmp_path) -> Path:
    db = tmp_path / "seeded.db"
    db.write_bytes(seed_store.read_bytes())
    return db


# -- bad input: one line, its exit code, the store untouched (in process: no subprocess needed) ------
JANE = "Jane Smith said the talks in Geneva had failed."


@pytest.mark.parametrize("name, data, message", [
    ("feed.jsonl", f'{{"text": "{JANE}"}}\n{{"text": "{JANE} Again.", "title": 123}}\n', "feed.jsonl:2: title"),
    ("feed.jsonl", f'{{"text": "{JANE}", "url": [1, 2]}}\n', "url"),
    ("feed.jsonl", f'{{"text": "{JANE}", "published": 20220112}}\n', "ISO date"),
    ("feed.jsonl", "[" * 100_000 + "]" * 100_000 + "\n", "feed.jsonl:1"),
    ("bad.txt", "\x00\x01binary\x02", "binary"),
    ("empty.txt", "  \n\n", "empty"),
    ("page.html", "<html><head><script>var x = 1;</script></head><body></body></html>", "no article text"),
    ("feed.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>', "no entries"),
    ("feed.xml", "<catalog><book>Not a feed</book></catalog>", "not an RSS or Atom feed"),
], ids=["jsonl-title-number", "jsonl-url-list", "jsonl-date-number", "jsonl-deep", "binary", "empty", "html-empty",
        "rss-empty", "xml-not-feed"])
def test_bad_input_is_one_line_and_stores_nothing(cli, seeded, tmp_path, name, data, message):
    bad = tmp_path / name
    bad.write_text(data, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("John Brown said the talks in Vienna would go on.\n", encoding="utf-8")
    before = content(seeded)
    result = cli("ingest", good, bad, "--db", seeded)
    assert result.exit_code == 2 and message in result.stderr and one_line_error(result.stderr)
    assert content(seeded) == before


def test_bad_metadata_file_is_named(cli, seeded, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(JANE + "\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": 42}', encoding="utf-8")
    before = content(seeded)
    result = cli("ingest", article, "--db", seeded)
    assert result.exit_code == 2 and "a.meta.json: title" in result.stderr and one_line_error(result.stderr)
    assert content(seeded) == before


@pytest.mark.parametrize("data, message", [
    ("[1, 2, 3]", "expected a JSON object"),
    ('{"nodes": [1, 2]}', "node 1 is not an object"),
    ('{"nodes": [{"id": ' + "[" * 100_000 + "]" * 100_000 + "}]}", "nested more than"),
    ("[" * 100_000 + "]" * 100_000, "expected a JSON object"),
    ('{"nodes": [{"id": "p", "type": "person"}]}', "name"),
    ('{"nodes": [], "edges": []}', "no nodes"),
    ('{"nodes": [{"id": "p", "type": "person", "name": "P"}], "edges": [{"source": "p"}]}', "edge 1"),
    ('{"nodes": [', "invalid JSON"),
], ids=["list", "scalar-nodes", "deep-node", "deep-list", "invalid-node", "empty", "invalid-edge", "truncated"])
def test_bad_import_is_one_line_and_imports_nothing(cli, seeded, tmp_path, data, message):
    path = tmp_path / "graph.json"
    path.write_text(data, encoding="utf-8")
    before = content(seeded)
    result = cli("import", path, "--db", seeded)
    assert result.exit_code == 2 and message in result.stderr and one_line_error(result.stderr)
    assert content(seeded) == before


def test_import_of_an_export_round_trips(cli, seeded, tmp_path):
    exported = tmp_path / "graph.json"
    assert cli("export", "-o", exported, "--db", seeded).exit_code == 0
    copy = tmp_path / "copy.db"
    result = cli("import", exported, "--db", copy)
    assert result.exit_code == 0, result.output
    again = tmp_path / "again.json"
    assert cli("export", "-o", again, "--db", copy).exit_code == 0
    assert json.loads(again.read_text()) == json.loads(exported.read_text())
    assert cli("import", exported, "--db", seeded).exit_code == 0  # into itself: merged, nothing new
    assert cli("export", "-o", again, "--db", seeded).exit_code == 0
    assert json.loads(again.read_text()) == json.loads(exported.read_text())


@pytest.mark.parametrize("variant", [
    lambda t: "\ufeff" + t,
    lambda t: t.replace("\n", "\r\n"),
    lambda t: t + "\n\n\n",
    lambda t: t.replace("\n", "  \n"),
], ids=["bom", "crlf", "trailing-newlines", "trailing-spaces"])
def test_the_same_text_differently_encoded_is_stored_once(cli, seeded, tmp_path, variant):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(variant(SEED.read_text(encoding="utf-8")).encode("utf-8"))
    before = content(seeded)
    result = cli("ingest", copy, "--db", seeded)
    assert result.exit_code == 0 and "1 already in the store" in result.stderr
    assert content(seeded) == before


@pytest.mark.parametrize("encoding, options", [
    ("utf-16", ["--encoding", "utf-16"]),
    ("utf-16-le", ["--encoding", "utf-16-le"]),
    ("utf-16", []),  # its byte order mark says so
    ("utf-32", []),
])
def test_utf16_and_utf32(cli, tmp_path, encoding, options):
    path = tmp_path / "wide.txt"
    path.write_bytes(JANE.encode(encoding))
    db = tmp_path / "kb.db"
    result = cli("ingest", path, *options, "--db", db)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT text FROM articles").fetchone()[0] == JANE


def test_utf16_without_a_mark_or_option_names_the_option(cli, tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(JANE.encode("utf-16-le"))
    result = cli("ingest", path, "--db", tmp_path / "kb.db")
    assert result.exit_code == 2 and "--encoding" in result.stderr and one_line_error(result.stderr)


# -- damaged, read-only, foreign stores ------------------------------------------------------------
def damage(db: Path) -> None:
    """Garbage over pages behind an intact header."""
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    rng = random.Random(7)
    for offset in range(page * 2, min(len(data), page * 12)):
        data[offset] = rng.randrange(256)
    db.write_bytes(bytes(data))


@pytest.mark.parametrize("command", [["quotes"], ["stats"], ["people", "--json"], ["ingest", SEED],
                                     ["export"], ["search", "talks"]])
def test_damaged_store_is_one_line(cli, seeded, command):
    damage(seeded)
    result = cli(*command, "--db", seeded)
    assert result.exit_code == 3 and "damaged" in result.stderr and one_line_error(result.stderr)


def read_only(path: Path, folder_too: bool) -> None:
    path.chmod(0o444)
    if folder_too:
        path.parent.chmod(0o555)


@pytest.mark.parametrize("folder_too", [False, True], ids=["file", "folder"])
def test_read_only_store_is_queryable_and_says_so_when_written(seeded, tmp_path, folder_too):
    expected = newskb("quotes", "--json", "--db", seeded).stdout
    read_only(seeded, folder_too)
    try:
        query = newskb("quotes", "--json", "--db", seeded, preexec_fn=without_root_override())
        assert query.returncode == 0, query.stderr
        assert query.stdout == expected
        graph = tmp_path.parent / f"{tmp_path.name}-graph.json"
        graph.write_text('{"nodes": [{"id": "p", "type": "person", "name": "P"}]}', encoding="utf-8")
        for command in (["ingest", SEED], ["import", graph]):
            result = newskb(*command, "--db", seeded, preexec_fn=without_root_override())
            assert result.returncode == 3 and "read-only" in result.stderr and one_line_error(result.stderr)
    finally:
        seeded.parent.chmod(0o755)
        seeded.chmod(0o644)


def test_store_of_another_program_is_refused(cli, tmp_path):
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE t (x)")
    result = cli("ingest", SEED, "--db", db)
    assert result.exit_code == 3 and "not a newskb store" in result.stderr and one_line_error(result.stderr)


def downgrade_to_version_1(db: Path) -> None:
    """Rewrite a store in the layout newskb wrote before schema version 2."""
    with sqlite3.connect(db) as con:
        articles = con.execute("SELECT id, sha256, path, title, published, url, text, model, ingested_at "
                               "FROM articles").fetchall()
        nodes = con.execute("SELECT id, type, name, data FROM nodes ORDER BY seq").fetchall()
        keys = con.execute("SELECT * FROM node_keys").fetchall()
        mentions = con.execute("SELECT * FROM mentions").fetchall()
        edges = con.execute("SELECT source, target, type, article, data FROM edges ORDER BY rowid").fetchall()
    db.unlink()
    with sqlite3.connect(db) as con:
        con.executescript("""
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES ('schema_version', '1');
            CREATE TABLE articles (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, path TEXT, title TEXT,
                published TEXT, url TEXT, text TEXT NOT NULL, model TEXT, ingested_at TEXT NOT NULL);
            CREATE TABLE nodes (id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL);
            CREATE INDEX nodes_type ON nodes(type);
            CREATE TABLE node_keys (key TEXT NOT NULL, type TEXT NOT NULL, node TEXT NOT NULL,
                PRIMARY KEY (key, type, node));
            CREATE TABLE mentions (node TEXT NOT NULL, article TEXT NOT NULL, start INTEGER NOT NULL,
                end INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (node, article, start, end));
            CREATE INDEX mentions_article ON mentions(article);
            CREATE TABLE edges (source TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL,
                article TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (source, target, type, article));
            CREATE INDEX edges_target ON edges(target);
            CREATE INDEX edges_article ON edges(article);
            CREATE VIRTUAL TABLE statement_text USING fts5(id UNINDEXED, text);
        """)
        con.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?)", articles)
        con.executemany("INSERT INTO nodes VALUES (?,?,?,?)", nodes)
        con.executemany("INSERT INTO node_keys VALUES (?,?,?)", keys)
        con.executemany("INSERT INTO mentions VALUES (?,?,?,?,?)", mentions)
        full = [(s, t, k, a, json.dumps({"source": s, "target": t, "type": k, "article": a, "evidence": None,
                                         "joint": False, **json.loads(d)})) for s, t, k, a, d in edges]
        con.executemany("INSERT INTO edges VALUES (?,?,?,?,?)", full)
        con.executemany("INSERT INTO statement_text VALUES (?, ?)",
                        [(i, json.loads(d)["text"]) for i, t, _, d in nodes if t == "statement"])


def downgrade_to_version_3(db: Path) -> None:
    """Take away what schema version 4 added: each node's count of statements, and its index."""
    with sqlite3.connect(db) as con:
        con.execute("DROP INDEX nodes_by_said")
        con.execute("ALTER TABLE nodes DROP COLUMN said")
        con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")


@pytest.mark.parametrize("downgrade", [downgrade_to_version_1, downgrade_to_version_3], ids=["v1", "v3"])
def test_an_older_store_is_upgraded_on_open(cli, seeded, downgrade):
    answers = {c: cli(c, "--json", "--db", seeded).stdout
               for c in ("quotes", "meetings", "people", "organizations", "articles")}
    search = cli("search", "differences", "--json", "--db", seeded).stdout
    before = content(seeded)
    downgrade(seeded)
    for command, expected in answers.items():
        assert cli(command, "--json", "--db", seeded).stdout == expected
    assert cli("search", "differences", "--json", "--db", seeded).stdout == search
    assert content(seeded) == before


# -- processes that meet: concurrency, locks, kills ------------------------------------------------
@pytest.fixture(scope="module")
def reuters_batch(tmp_path_factory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("reuters") / "batch.jsonl", reuters(12))


def test_two_ingests_of_the_same_files_at_once(tmp_path, reuters_batch):
    db = tmp_path / "kb.db"
    runs = [start("ingest", reuters_batch, "--db", db) for _ in range(2)]
    outcomes = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    for code, stderr in outcomes:
        assert code == 0 and "Traceback" not in stderr, stderr
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 12


def test_two_first_ingests_create_one_store(tmp_path, reuters_batch):
    db = tmp_path / "new" / "kb.db"
    halves = [write_jsonl(tmp_path / f"{n}.jsonl", reuters(2, skip=2 * n)) for n in range(2)]
    runs = [start("ingest", half, "--db", db) for half in halves]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read()
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 4


def test_a_writer_waits_for_a_long_lock(seeded, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(JANE + "\n", encoding="utf-8")
    holder = hold_write_lock(seeded)
    run = start("ingest", article, "--db", seeded)
    assert "Waiting for another newskb" in run.stderr.readline()
    time.sleep(7)  # well past SQLite's own busy timeout (5 s)
    holder.communicate("release\n")
    assert run.wait(timeout=120) == 0, run.stderr.read()
    assert articles_in(seeded) == 2


def test_a_lock_held_too_long_is_one_line(seeded, tmp_path):
    before = content(seeded)
    holder = hold_write_lock(seeded)
    article = tmp_path / "a.txt"
    article.write_text(JANE + "\n", encoding="utf-8")
    result = newskb("ingest", article, "--db", seeded, env={"NEWSKB_LOCK_TIMEOUT": "1"})
    holder.kill()
    holder.wait()
    assert result.returncode == 6 and "another process" in result.stderr
    assert one_line_error(result.stderr.replace("Waiting for another newskb writing to the store…", ""))
    assert content(seeded) == before


def articles_in(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def run_until_first_article(*args) -> tuple[subprocess.Popen, Path]:
    db = Path(args[args.index("--db") + 1])
    run = start(*args)
    deadline = time.monotonic() + 120
    while articles_in(db) == 0 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return run, db


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory, reuters_batch) -> tuple[dict, float]:
    """What an uninterrupted ingest stores, and how long it spends writing articles."""
    run, db = run_until_first_article("ingest", reuters_batch, "--db", tmp_path_factory.mktemp("clean") / "kb.db")
    first = time.monotonic()
    assert run.wait(timeout=300) == 0, run.stderr.read()
    return content(db), time.monotonic() - first


@pytest.mark.parametrize("attempt", range(5))
def test_kill_at_a_random_moment_then_run_again(tmp_path, reuters_batch, clean_run, attempt):
    expected, writing = clean_run
    run, db = run_until_first_article("ingest", reuters_batch, "--db", tmp_path / "kb.db")
    time.sleep(random.uniform(0, writing))  # somewhere among the articles' analyses and writes
    run.send_signal(signal.SIGKILL)
    run.wait()
    again = newskb("ingest", reuters_batch, "--db", db, timeout=300)
    assert again.returncode == 0, again.stderr
    assert content(db) == expected


def test_parallel_ingest_stores_what_one_process_stores(tmp_path, reuters_batch, clean_run):
    db = tmp_path / "kb.db"
    result = newskb("ingest", reuters_batch, "--workers", "2", "--db", db, timeout=300)
    assert result.returncode == 0, result.stderr
    assert content(db) == clean_run[0]


def parallel_analyzer(analyzer):
    """An Analyzer of 2 workers, this process (with the session's pipeline, loaded already) and one
    other."""
    from newskb.nlp import Analyzer

    parallel = Analyzer(workers=2)
    parallel.nlp, parallel.model = analyzer.nlp, analyzer.model
    return parallel


def test_parallel_ingest_analysing_here_too_stores_what_one_process_stores(tmp_path, reuters_batch, clean_run,
                                                                           analyzer, monkeypatch):
    from newskb import KnowledgeBase, dispatch

    # tasks of 4 articles, the last ones of 1: 2 sent to the worker, which loads its pipeline meanwhile
    monkeypatch.setattr(dispatch, "TASK_ARTICLES", 4)
    parallel = parallel_analyzer(analyzer)
    here: list[int] = []
    analyse = parallel._task
    monkeypatch.setattr(parallel, "_task", lambda task, batch_size: here.append(len(task)) or analyse(task, batch_size))
    with KnowledgeBase.open(tmp_path / "kb.db") as kb:
        kb.ingest(reuters_batch, analyzer=parallel)
    assert here and sum(here) <= 4
    assert content(tmp_path / "kb.db") == clean_run[0]


def test_a_worker_that_dies_ends_a_parallel_ingest_with_one_clear_error(analyzer, monkeypatch):
    import multiprocessing

    from newskb import dispatch
    from newskb.errors import NewskbError
    from newskb.textio import raw_article

    monkeypatch.setattr(dispatch, "TASK_ARTICLES", 2)

    def articles():  # read as tasks are made: the worker is killed once it has one
        killed = False
        for n in range(12):
            if not killed and multiprocessing.active_children():
                for worker in multiprocessing.active_children():
                    worker.kill()
                killed = True
            yield raw_article("text", f"{JANE} Talks {n} resume tomorrow.", path=None)
    with pytest.raises(NewskbError, match="an analysis worker process died"):
        for _ in parallel_analyzer(analyzer).analyse_many(articles()):
            pass


def test_ctrl_c_while_the_program_imports_its_command_line_is_one_line():
    """Where the command line imports typer, a Ctrl-C lands (as a user's early one does)."""
    probe = ("import sys\n"
             "class CtrlC:\n"
             "    def find_spec(self, name, path=None, target=None):\n"
             "        if name == 'typer':\n"
             "            raise KeyboardInterrupt\n"
             "sys.meta_path.insert(0, CtrlC())\n"
             "from newskb.__main__ import main\n"
             "assert 'newskb.kb' not in sys.modules, 'the package imported more than the program needs'\n"
             "main()\n")
    result = subprocess.run([sys.executable, "-c", probe, "stats"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 130 and one_line_error(result.stderr), result.stderr


def test_ctrl_c_stops_a_parallel_ingest_with_one_line(tmp_path, reuters_batch):
    # as from a terminal, even where the tests run as a background job (which ignores Ctrl-C, and
    # so would newskb, as it should)
    run = start("ingest", reuters_batch, "--workers", "2", "--db", tmp_path / "kb.db", ctrl_c=True)
    deadline = time.monotonic() + 120
    while len(workers_of(run.pid)) < 2 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = workers_of(run.pid)
    assert workers, run.stderr.read()
    run.send_signal(signal.SIGINT)
    code = run.wait(timeout=120)
    stderr = run.stderr.read()
    assert code == 130, (stderr, run.stdout.read())
    assert one_line_error(stderr) and "interrupted" in stderr, stderr
    deadline = time.monotonic() + 10  # the fork server ends once it sees this process gone
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)


def workers_of(pid: int) -> list[int]:
    """The analysis worker processes a process started, and the server they are forked from (not
    multiprocessing's resource tracker)."""
    servers = [p for p in _children(pid) if b"forkserver" in _command_line(p)]
    return [int(p) for p in servers + [w for server in servers for w in _children(int(server))]]


def alive(pid: int) -> bool:
    """Running, or stopped (an ended process is a zombie until its new parent, init, reaps it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _children(pid: int) -> list[str]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return children.read_text().split()
    except OSError:
        return []  # gone meanwhile


def _command_line(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""  # gone meanwhile


# -- the CLI's own failures --------------------------------------------------------------------------
@pytest.mark.parametrize("args, code", [
    (["ingest"], 2),
    (["ingest", SEED, "--workers", "many"], 2),
    (["ingest", SEED, "--workers", "0"], 2),
    (["quotes", "--no-such-option"], 2),
    (["no-such-command"], 2),
])
def test_usage_errors_are_one_line(args, code):
    result = newskb(*args)
    assert result.returncode == code and one_line_error(result.stderr), result.stderr


# -- how the program ends ----------------------------------------------------------------------------
BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as Python buffers a pipe


@pytest.mark.parametrize("command", ["export", "--version"])
def test_output_and_what_exit_handlers_print_are_whole_at_the_end(seeded, command):
    """The program skips the interpreter's teardown at its end, not its exit handlers nor the
    flushing of all that it and they print."""
    result = subprocess.run([sys.executable, "-c", "import atexit; atexit.register(print, 'handler ran'); "
                             "from newskb.__main__ import main; main()", command,
                             *(["--db", str(seeded)] if command == "export" else [])],
                            capture_output=True, text=True, timeout=120, env=BUFFERED)
    assert result.returncode == 0 and result.stdout.endswith("\nhandler ran\n"), (result.stdout[-200:], result.stderr)
    output = result.stdout.removesuffix("handler ran\n")
    assert json.loads(output)["nodes"] if command == "export" else output.startswith("newskb ")


@pytest.mark.parametrize("command", [["quotes"], ["stats", "--json"]])
def test_a_reader_gone_before_the_output_ends_it_quietly(seeded, command):
    """A table whose reader goes away while it is written, and a short answer at the end's flush."""
    process = subprocess.Popen([*NEWSKB, *command, "--db", str(seeded)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=BUFFERED)
    process.stdout.close()  # as `newskb quotes | head` does, only sooner
    assert process.wait(timeout=120) == 141 and process.stderr.read() == ""


def test_an_internal_error_is_one_line(cli, seeded, monkeypatch):
    from newskb import kb

    def broken(*args, **kwargs):
        raise RuntimeError("something newskb did not expect")
    monkeypatch.setattr(kb.KnowledgeBase, "statements", broken)
    result = cli("quotes", "--db", seeded)
    assert result.exit_code == 70 and "internal error" in result.stderr and one_line_error(result.stderr)


def test_lock_timeout_that_is_not_a_number(cli, seeded, monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSKB_LOCK_TIMEOUT", "soon")
    article = tmp_path / "a.txt"
    article.write_text(JANE + "\n", encoding="utf-8")
    result = cli("ingest", article, "--db", seeded)
    assert result.exit_code == 3 and "NEWSKB_LOCK_TIMEOUT" in result.stderr and one_line_error(result.stderr)
