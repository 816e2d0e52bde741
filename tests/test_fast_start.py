"""Query commands import only what they use: never spaCy nor the date parser, and networkx only for
the questions that walk the graph."""
from __future__ import annotations

import subprocess
import sys

import pytest

WALKS = {"neighbors", "path", "export", "view"}
COMMANDS = [["articles"], ["quotes"], ["meetings"], ["timeline"], ["people"], ["organizations"], ["show", "Sherman"],
            ["search", "talks"], ["stats"], ["neighbors", "Sherman"], ["path", "Sherman", "Rau"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_query_commands_import_only_what_they_use(seeded, command):
    probe = (
        "import sys\n"
        "from newskb.cli import app\n"
        "try:\n"
        f"    app({[*command, '--json', '--db', str(seeded)]!r})\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'dateparser', 'networkx')\n"
        "               or m.startswith('newskb.nlp'))\n"
        "print(' '.join(sorted({m.split('.')[0] for m in heavy})), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stderr.split() == (["networkx"] if command[0] in WALKS else [])
