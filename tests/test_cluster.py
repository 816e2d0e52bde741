"""Ingest on a Dask cluster: the workers analyse, this process writes, and the store is the one a
single process makes of the same articles."""
from __future__ import annotations

import pytest

from conftest import SEED, SHARED, json_of

BBC = sorted((SHARED / "gold" / "bbc").glob("*.txt"))[:3]


def store_contents(cli, db) -> dict:
    return json_of(cli("export", "--format", "node-link", "--db", db))


def test_a_local_cluster_stores_what_one_process_stores(cli, tmp_path, analyzer):
    pytest.importorskip("distributed")
    from newskb import KnowledgeBase

    articles = [SEED, *BBC]
    with KnowledgeBase.open(tmp_path / "one.db") as kb:
        kb.ingest(articles, analyzer=analyzer)
    result = cli("ingest", *articles, "--dask", "local:2", "--db", tmp_path / "cluster.db")
    assert result.exit_code == 0, result.stderr
    assert f"Ingested {len(articles)} articles" in result.stderr
    contents = store_contents(cli, tmp_path / "cluster.db")
    assert contents["nodes"] and contents == store_contents(cli, tmp_path / "one.db")


@pytest.mark.parametrize("args, code, message", [
    (["--dask", "somewhere"], 2, "local:N"),
    (["--dask", "local:0"], 2, "local:N"),
    (["--dask", "local:2", "--workers", "2"], 2, "not both"),
    (["--dask", "tcp://127.0.0.1:1"], 1, "cannot reach the Dask scheduler"),
])
def test_a_cluster_that_cannot_be_used_is_one_line(cli, tmp_path, monkeypatch, args, code, message):
    pytest.importorskip("distributed")
    monkeypatch.setattr("newskb.cluster.CONNECT_TIMEOUT", "1s")
    result = cli("ingest", SEED, *args, "--db", tmp_path / "kb.db")
    assert result.exit_code == code and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
