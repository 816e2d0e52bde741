"""The seed article scored by shared/tools/gold_score.py exactly as newskb is judged."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SEED, SEED_GOLD, SHARED


@pytest.fixture(scope="module")
def seed_scores(tmp_path_factory):
    from typer.testing import CliRunner

    from newskb.cli import app

    folder = tmp_path_factory.mktemp("seed")
    db = folder / "kb.db"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(SEED), "--db", str(db)]).exit_code == 0
    files = []
    for command in ("quotes", "meetings", "people"):
        result = runner.invoke(app, [command, "--json", "--db", str(db)])
        assert result.exit_code == 0, result.output
        path = folder / f"{command}.json"
        path.write_text(result.stdout, encoding="utf-8")
        files.append(str(path))
    out = subprocess.run([sys.executable, str(SHARED / "tools" / "gold_score.py"), str(SEED_GOLD), *files],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_statements_found_with_speaker_and_kind(seed_scores):
    assert seed_scores["quotes_found"] == 15
    assert seed_scores["speaker_right"] >= 14
    assert seed_scores["kind_right"] == 15


def test_statements_tied_to_their_meeting(seed_scores):
    assert seed_scores["meeting_right"] >= 14


def test_chronology(seed_scores):
    assert seed_scores["meetings_mapped"] == 3
    assert seed_scores["meeting_dates_right"] == 3
    assert seed_scores["chronology_right"] is True


def test_people(seed_scores):
    assert seed_scores["people_found"] == 5
