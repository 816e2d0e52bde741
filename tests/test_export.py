"""Every export format opened by the tool that reads it; node-link round-trips through a store."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from conftest import SEED, json_of


def export(cli, db, *args) -> str:
    result = cli("export", *args, "--db", db)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_node_link_reads_back_with_networkx(cli, seeded):
    graph = nx.node_link_graph(json.loads(export(cli, seeded, "-f", "node-link")), edges="edges")
    assert graph.is_directed() and graph.is_multigraph()
    assert graph.nodes["person:jens-stoltenberg"]["roles"] == ["NATO chief"]
    assert all(d.get("provenance") is not None for _, d in graph.nodes(data=True))


@pytest.mark.parametrize("format_, reader", [("graphml", nx.parse_graphml), ("gexf", nx.readwrite.gexf.GEXFReader)])
def test_graphml_and_gexf_read_back(cli, seeded, format_, reader):
    text = export(cli, seeded, "-f", format_)
    if format_ == "gexf":
        graph = reader(node_type=str)(io.BytesIO(text.encode("utf-8")))
    else:
        graph = reader(text)
    types = {d["type"] for _, d in graph.nodes(data=True)}
    assert {"person", "meeting", "statement", "article"} <= types
    roles = graph.nodes["person:jens-stoltenberg"]["roles"]
    assert json.loads(roles) == ["NATO chief"]  # lists travel JSON-encoded


def test_cytoscape_elements(cli, seeded):
    data = json.loads(export(cli, seeded, "-f", "cytoscape"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    ids = {n["data"]["id"] for n in nodes}
    assert all({"id", "label", "type"} <= set(n["data"]) for n in nodes)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert len({e["data"]["id"] for e in edges}) == len(edges)


def test_neo4j_csv_files(cli, seeded, tmp_path):
    out = tmp_path / "neo4j"
    assert cli("export", "-f", "csv", "-o", out, "--db", seeded).exit_code == 0
    nodes = list(csv.reader((out / "nodes.csv").open(encoding="utf-8")))
    rels = list(csv.reader((out / "relationships.csv").open(encoding="utf-8")))
    assert nodes[0][:2] == ["id:ID", ":LABEL"] and rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert all(":" in h for h in nodes[0] + rels[0])  # every column typed
    ids = {row[0] for row in nodes[1:]}
    assert all(row[0] in ids and row[1] in ids for row in rels[1:])
    assert {row[2] for row in rels[1:]} >= {"SAID", "PARTICIPATED_IN", "HELD_IN"}


def test_csv_needs_a_folder(cli, seeded):
    result = cli("export", "-f", "csv", "--db", seeded)
    assert result.exit_code != 0 and "-o" in result.stderr


def test_jsonl_records(cli, seeded):
    lines = [json.loads(line) for line in export(cli, seeded, "-f", "jsonl").splitlines()]
    assert {line["kind"] for line in lines} == {"node", "edge"}
    assert any(line["kind"] == "node" and line["data"]["type"] == "statement" for line in lines)


def test_subgraph_and_article_restrict_the_export(cli, seeded):
    whole = nx.node_link_graph(json.loads(export(cli, seeded)), edges="edges")
    near = nx.node_link_graph(json.loads(export(cli, seeded, "--subgraph", "Sherman", "--depth", "1")), edges="edges")
    assert "person:wendy-sherman" in near and 1 < len(near) < len(whole)
    article = json_of(cli("articles", "--json", "--db", seeded))[0]["id"]
    same = nx.node_link_graph(json.loads(export(cli, seeded, "--article", article)), edges="edges")
    assert len(same) == len(whole)


def test_import_round_trip(cli, seeded, tmp_path):
    first = export(cli, seeded)
    dump = tmp_path / "graph.json"
    dump.write_text(first, encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    assert cli("import", dump, "--db", fresh).exit_code == 0
    assert export(cli, fresh) == first
    for command in ("quotes", "people", "organizations"):  # people ranked by statements, counted on import
        assert json_of(cli(command, "--json", "--db", fresh)) == json_of(cli(command, "--json", "--db", seeded))


def test_import_rejects_what_is_not_a_graph(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"nodes": 3}', encoding="utf-8")
    result = cli("import", bad, "--db", tmp_path / "kb.db")
    assert result.exit_code != 0 and "node-link" in result.stderr


def test_path_explains_the_brussels_meeting(cli, seeded):
    result = json_of(cli("path", "Wendy Sherman", "Jens Stoltenberg", "--json", "--db", seeded))
    assert "both at" in result["summary"] and "Brussels" in result["summary"]


def test_neighbors_search_stats(cli, seeded):
    near = json_of(cli("neighbors", "Zbigniew Rau", "--json", "--db", seeded))
    assert any(n["type"] == "meeting" and "OSCE" in n["name"] for n in near)
    found = json_of(cli("search", "binding guarantees", "--json", "--db", seeded))
    assert [s["speaker"]["name"] for s in found["statements"]] == ["Aleksandr Grushko"]
    st = json_of(cli("stats", "--json", "--db", seeded))
    assert st["articles"] == 1 and st["nodes"]["person"] == 5 and st["meetings"]["latest"] == "2022-01-13"
