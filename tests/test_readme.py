"""The README shows what newskb prints (scripts/readme.py runs its examples) and every command."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_readme_examples_print_what_the_readme_shows():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "readme.py")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_command_is_in_the_readme():
    from newskb.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"| `newskb {name}" in readme, name
