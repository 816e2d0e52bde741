#!/usr/bin/env python3
"""Run the examples of README.md and check (or rewrite) what they print, so that it cannot drift.

    .venv/bin/python scripts/readme.py            # check: differences are printed, exit 1
    .venv/bin/python scripts/readme.py --update   # rewrite the outputs in README.md

A ```console block holds commands (lines beginning with `$ `) each followed by what it prints
(standard output and standard error, then `(exit code N)` when it fails). They run in order, from
the repository's root, on one fresh store, 100 columns wide. A ```pycon block is a doctest, run
where that store is data/newskb.db.
"""
from __future__ import annotations

import argparse
import doctest
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"```(console|pycon)\n(.*?)```", re.S)


def run(command: str, env: dict[str, str]) -> str:
    args = shlex.split(command)
    args[0] = str(Path(sys.executable).with_name(args[0]))
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    out = (done.stdout + done.stderr).rstrip("\n")
    out = "\n".join(line.rstrip() for line in out.splitlines())
    if done.returncode:
        out += f"\n(exit code {done.returncode})"
    return out


def console(block: str, env: dict[str, str]) -> str:
    """The block with each command's output as it is now."""
    out = []
    for part in re.split(r"^(?=\$ )", block, flags=re.M):
        if not part.strip():
            continue
        command = part.splitlines()[0][2:]
        printed = run(command, env)
        out.append(f"$ {command}\n{printed}\n" if printed else f"$ {command}\n")
    return "\n".join(out)


def pycon(block: str, env: dict[str, str]) -> list[str]:
    """Failures of the block as a doctest, run where the store is data/newskb.db."""
    os.chdir(Path(env["NEWSKB_DB"]).parents[1])
    test = doctest.DocTestParser().get_doctest(block, {}, "README.md", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    failures = []
    runner.run(test, out=failures.append)
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "NEWSKB_DB": str(Path(tmp) / "data" / "newskb.db"), "COLUMNS": "100", "TERM": "dumb",
               "NO_COLOR": "1"}
        env.pop("NEWSKB_MODEL", None)
        failures: list[str] = []

        def refresh(match: re.Match) -> str:
            kind, block = match.groups()
            if kind == "pycon":
                failures.extend(pycon(block, env))
                return match.group(0)
            now = console(block, env)
            if now.strip() != block.strip():
                failures.append(f"README.md: the output of\n{block.splitlines()[0]}\nis now\n{now}")
            return f"```console\n{now}```"

        updated = BLOCK.sub(refresh, text)
    if args.update:
        README.write_text(updated, encoding="utf-8")
        print("README.md updated" if updated != text else "README.md is up to date")
        sys.exit(1 if any(not f.startswith("README.md: the output of") for f in failures) else 0)
    for failure in failures:
        print(failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
