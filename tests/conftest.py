from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "000_5a3054c7a7225b8e.txt"
SEED_GOLD = SHARED / "gold" / "000_5a3054c7a7225b8e.gold.json"


@pytest.fixture(autouse=True)
def private_store(tmp_path, monkeypatch):
    """No test touches a real store: the default store is a fresh file per test."""
    monkeypatch.setenv("NEWSKB_DB", str(tmp_path / "kb.db"))
    return tmp_path / "kb.db"


@pytest.fixture(scope="session")
def analyzer():
    from newskb.nlp import Analyzer

    return Analyzer()


def build_store(path: Path | str, analyzer, *texts: tuple[str, str | None, dt.date | None]) -> Path | str:
    """A store of the seed article and of (text, path, publication date) articles, ingested once."""
    from newskb.kb import KnowledgeBase
    from newskb.textio import RawArticle, read_text_file

    raws = [read_text_file(SEED)] + [RawArticle(text=text, path=name, published=day) for text, name, day in texts]
    with KnowledgeBase.open(path) as kb:
        kb.ingest(raws, analyzer=analyzer)
    return path


class FileStores:
    """SQLite stores for tests: a new file, or a copy of one built once."""

    def __init__(self, tmp_path_factory):
        self.tmp = tmp_path_factory

    def new(self, name: str = "kb") -> Path:
        return self.tmp.mktemp(name) / f"{name}.db"

    def copy(self, built: Path, tmp_path: Path) -> Path:
        copy = tmp_path / built.name
        shutil.copy(built, copy)
        return copy


class DatabaseStores:
    """PostgreSQL stores for tests: a new database, or a copy of one built once (its template)."""

    def __init__(self, server):
        self.server = server

    def new(self, name: str = "kb") -> str:
        return self.server.database()

    def copy(self, built: str, tmp_path: Path) -> str:
        return self.server.database(template=built.rsplit("/", 1)[1])


@pytest.fixture(scope="session")
def postgresql():
    """A PostgreSQL server for the session; without one the test skips (fails where
    $NEWSKB_TEST_POSTGRESQL is set, as in CI)."""
    from postgresql_server import REQUIRED_ENV, Server, server_binaries

    binaries = server_binaries()
    try:
        import psycopg  # noqa: F401
    except ImportError:
        binaries = None
    if binaries is None:
        message = "no PostgreSQL server here (Debian's postgresql package) or no psycopg (newskb[postgresql])"
        if os.environ.get(REQUIRED_ENV):
            pytest.fail(message)
        pytest.skip(message)
    server = Server(binaries).start()
    yield server
    server.stop()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request) -> str:
    """The store's engine: a test using `stores` runs on each."""
    return request.param


@pytest.fixture(scope="session")
def stores(engine, tmp_path_factory, request):
    if engine == "sqlite":
        return FileStores(tmp_path_factory)
    return DatabaseStores(request.getfixturevalue("postgresql"))


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, analyzer):
    return build_store(tmp_path_factory.mktemp("seed") / "seed.db", analyzer)


@pytest.fixture
def seeded(seed_store, tmp_path):
    """A store holding the seed article: a copy of one ingested once for the whole session."""
    db = tmp_path / "seed.db"
    shutil.copy(seed_store, db)
    return db


@pytest.fixture(scope="session")
def analyse(analyzer):
    """Text in, the article's records out, with a fixed publication date unless one is given."""
    from newskb.textio import RawArticle

    def run(text: str, published: dt.date | None = dt.date(2022, 1, 12)):
        return analyzer.analyse(RawArticle(text=text, path=None, published=published))
    return run


@pytest.fixture(scope="session")
def said(analyse):
    """[(kind, text, speaker name, speaker mention)] of a text, in order."""
    def run(text: str, published: dt.date | None = dt.date(2022, 1, 12)):
        ex = analyse(text, published)
        names = {n.id: n.name for n in ex.nodes}
        speaker = {e.target: names[e.source] for e in ex.edges if e.type == "said" and not e.joint}
        rows = []
        for n in sorted((n for n in ex.nodes if n.type == "statement"), key=lambda n: n.start):
            rows.append((n.kind, n.text, speaker.get(n.id), n.speaker_mention.text if n.speaker_mention else None))
        return rows
    return run


@pytest.fixture
def cli():
    from newskb.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
    return run


def load_scorer(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, SHARED / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def json_of(result) -> list | dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
