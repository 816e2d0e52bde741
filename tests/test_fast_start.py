"""Query commands never import spaCy (nor the date parser): they start fast."""
from __future__ import annotations

import subprocess
import sys

from conftest import SEED


def test_query_commands_do_not_import_spacy(tmp_path, cli):
    db = tmp_path / "kb.db"
    assert cli("ingest", SEED, "--db", db).exit_code == 0
    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from newskb.cli import app\n"
        "runner = CliRunner()\n"
        f"for command in (['quotes'], ['meetings'], ['people'], ['articles'], ['timeline'], ['show', 'Sherman']):\n"
        f"    result = runner.invoke(app, command + ['--json', '--db', {str(db)!r}])\n"
        "    assert result.exit_code == 0, result.output\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'dateparser')\n"
        "               or m.startswith('newskb.nlp'))\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
