#!/usr/bin/env python3
"""Latency and peak memory of every query command on two stores (e.g. 1,000 and 10,000 Reuters
articles), and start-up against the bare imports.

    # once, under nice: stores of the first 1,000 and 10,000 distinct articles of the corpus
    nice .venv/bin/python scripts/query_benchmark.py build ../shared/corpus/reuters-21578.jsonl /work/bench
    # then
    .venv/bin/python scripts/query_benchmark.py run /work/bench/r1k.db /work/bench/r10k.db --runs 5

Each command runs as a user runs it (a new process, the human table written to a pipe), the two
stores alternating, so that a noisy machine slows both alike; medians are reported, with the
ratio of the second store's median to the first's and each command's peak resident memory
(the largest of its runs). Commands whose answer grows with the archive (a person quoted in more
articles) report how many rows they printed at each size.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NEWSKB = str(Path(sys.executable).with_name("newskb"))
# Questions asked of a 1987 Reuters archive: every query command, with filters an analyst uses.
QUERIES = [
    ["stats"],
    ["articles", "--limit", "20"],
    ["articles", "--since", "1987-03-02", "--until", "1987-03-02"],
    ["quotes", "--limit", "50"],
    ["quotes", "--speaker", "Dilson Funaro"],
    ["quotes", "--since", "1987-03-02", "--until", "1987-03-02", "--limit", "50"],
    ["quotes", "--contains", "interest rates", "--limit", "50"],
    ["meetings", "--since", "1987-03-02", "--until", "1987-03-02", "--limit", "50"],
    ["meetings", "--person", "Dilson Funaro"],
    ["timeline", "--since", "1987-03-02", "--until", "1987-03-02", "--limit", "20"],
    ["people", "--limit", "50"],
    ["people", "--article", "a:b46f0c2f58a3166a"],
    ["organizations", "--limit", "50"],
    ["show", "Dilson Funaro"],
    ["search", "debt talks", "--limit", "50"],
    ["neighbors", "Dilson Funaro", "--depth", "2", "--limit", "50"],
    ["path", "Dilson Funaro", "James Baker"],
]
BARE_IMPORTS = "import networkx, pydantic, typer, rich"
QUERY_IMPORTS = "import pydantic, typer, rich, sqlite3"


def timed(args: list[str]) -> tuple[float, int, bytes]:
    """Wall time (s), peak resident memory (KB) and standard output of one process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if process.returncode:
        sys.exit(f"{' '.join(args)} failed with exit code {process.returncode}")
    return seconds, usage.ru_maxrss, text


def rows_of(command: list[str], db: str) -> int:
    _, _, text = timed([NEWSKB, *command, "--json", "--db", db])
    answer = json.loads(text)
    if isinstance(answer, list):
        return len(answer)
    return sum(len(v) for v in answer.values() if isinstance(v, list)) or 1


def run(args: argparse.Namespace) -> None:
    stores = [str(args.small), str(args.large)]
    names = [Path(s).stem for s in stores]
    for store in stores:  # a store written by an older newskb is upgraded once, before timing
        timed([NEWSKB, "stats", "--db", store])
    print(f"{'command':58} " + " ".join(f"{n + ' s':>8} {n + ' MB':>8} {n + ' rows':>9}" for n in names)
          + f" {'ratio':>6}")
    worst_ratio, worst_seconds, worst_mb = 0.0, 0.0, 0.0
    for command in QUERIES:
        seconds: list[list[float]] = [[], []]
        memory = [0, 0]
        for _ in range(args.runs):
            for i, store in enumerate(stores):
                s, kb, _ = timed([NEWSKB, *command, "--db", store])
                seconds[i].append(s)
                memory[i] = max(memory[i], kb)
        medians = [statistics.median(s) for s in seconds]
        rows = [rows_of(command, store) for store in stores]
        ratio = medians[1] / medians[0]
        worst_ratio, worst_seconds = max(worst_ratio, ratio), max(worst_seconds, medians[1])
        worst_mb = max(worst_mb, memory[1] / 1024)
        print(f"{' '.join(command)[:58]:58} " + " ".join(
            f"{m:8.3f} {kb / 1024:8.1f} {r:9d}" for m, kb, r in zip(medians, memory, rows)) + f" {ratio:6.2f}")
    print(f"worst: ratio {worst_ratio:.2f}, {names[1]} latency {worst_seconds:.3f} s, {names[1]} peak {worst_mb:.1f} MB")
    startup(stores[0], args.runs)


def startup(store: str, runs: int) -> None:
    """Start-up: a query on a store against Python importing the libraries alone, paired runs."""
    programs = {"bare imports (networkx, pydantic, typer, rich)": [sys.executable, "-c", BARE_IMPORTS],
                "what a query needs (pydantic, typer, rich, sqlite3)": [sys.executable, "-c", QUERY_IMPORTS],
                "newskb --version": [NEWSKB, "--version"],
                "newskb stats": [NEWSKB, "stats", "--db", store]}
    seconds: dict[str, list[float]] = {name: [] for name in programs}
    for _ in range(max(runs, 5)):
        for name, program in programs.items():
            seconds[name].append(timed(program)[0])
    medians = {name: statistics.median(s) for name, s in seconds.items()}
    bare = medians[next(iter(programs))]
    for name, m in medians.items():
        print(f"start-up {name:55} {m:6.3f} s  {m / bare:5.2f}x the bare imports")


def build(args: argparse.Namespace) -> None:
    """Stores of the first 1,000 and 10,000 distinct articles of a JSON-lines corpus (the larger
    one grows from a copy of the smaller), ingested in parts of 1,000 lines."""
    args.folder.mkdir(parents=True, exist_ok=True)
    lines, seen = [], set()
    with args.corpus.open(encoding="utf-8") as corpus:
        for line in corpus:
            digest = hashlib.sha256(json.loads(line)["text"].encode("utf-8")).digest()
            if digest not in seen:
                seen.add(digest)
                lines.append(line)
            if len(lines) == max(args.sizes):
                break
    previous, done = None, 0
    for size in sorted(args.sizes):
        db = args.folder / f"r{size // 1000}k.db"
        if previous is not None:
            db.write_bytes(previous.read_bytes())
        with tempfile.TemporaryDirectory() as tmp:
            parts = []
            for start in range(done, size, 1000):
                part = Path(tmp) / f"part{start:06d}.jsonl"
                part.write_text("".join(lines[start:start + 1000]), encoding="utf-8")
                parts.append(str(part))
            subprocess.run([NEWSKB, "ingest", *parts, "--db", str(db)], check=True)
        previous, done = db, size
        print(f"{db}: {size} articles")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    measure = commands.add_parser("run", help="time every query command on two stores")
    measure.add_argument("small", type=Path)
    measure.add_argument("large", type=Path)
    measure.add_argument("--runs", type=int, default=5)
    make = commands.add_parser("build", help="build the stores from a JSON-lines corpus")
    make.add_argument("corpus", type=Path)
    make.add_argument("folder", type=Path)
    make.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    (run if args.command == "run" else build)(args)


if __name__ == "__main__":
    main()
