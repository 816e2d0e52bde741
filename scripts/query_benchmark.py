#!/usr/bin/env python3
"""Latency and peak memory of every query command on two stores (e.g. 1,000 and 10,000 Reuters
articles), and start-up against the bare imports.

    # once, under nice: stores of the first 1,000 and 10,000 distinct articles of the corpus
    nice .venv/bin/python scripts/query_benchmark.py build ../shared/corpus/reuters-21578.jsonl /work/bench
    # then
    .venv/bin/python scripts/query_benchmark.py run /work/bench/r1k.db /work/bench/r10k.db --runs 5

Each command runs as a user runs it (a new process, the human table written to a pipe), the two
stores alternating, so that a noisy machine slows both alike. Reported: the median wall time and
the median CPU time (user + system: what the command itself costs, on a shared machine the
steadier figure), the ratio of the second store's medians to the first's, and each command's peak
resident memory (the largest of its runs). Commands whose answer grows with the archive (a person
quoted in more articles) report how many rows they printed at each size.
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
FIRST_ARTICLE = "{the first article}"  # an article id depends on its text: read from the smaller store
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
    ["people", "--article", FIRST_ARTICLE],
    ["organizations", "--limit", "50"],
    ["show", "Dilson Funaro"],
    ["search", "debt talks", "--limit", "50"],
    ["neighbors", "Dilson Funaro", "--depth", "2", "--limit", "50"],
    ["path", "Dilson Funaro", "James Baker"],
]
BARE_IMPORTS = "import networkx, pydantic, typer, rich"
# what a query needs, with pydantic's models themselves (importing pydantic alone loads little)
QUERY_IMPORTS = "import sqlite3, typer, rich.console; from pydantic import BaseModel"


def timed(args: list[str]) -> tuple[float, float, int, bytes]:
    """Wall time (s), CPU time (s), peak resident memory (KB) and standard output of one process."""
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
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, text


def rows_of(command: list[str], db: str) -> int:
    *_, text = timed([NEWSKB, *command, "--json", "--db", db])
    answer = json.loads(text)
    if isinstance(answer, list):
        return len(answer)
    return sum(len(v) for v in answer.values() if isinstance(v, list)) or 1


def compiled() -> None:
    """newskb's bytecode written once, as an installed package has it (PYTHONDONTWRITEBYTECODE, set
    on some machines, would otherwise make every run compile the sources again)."""
    import compileall

    import newskb

    compileall.compile_dir(Path(newskb.__file__).parent, quiet=1)


def run(args: argparse.Namespace) -> None:
    compiled()
    stores = [str(args.small), str(args.large)]
    names = [Path(s).stem for s in stores]
    for store in stores:  # a store written by an older newskb is upgraded once, before timing
        timed([NEWSKB, "stats", "--db", store])
    # the larger store grows from the smaller, so the smaller's first article is in both
    first = json.loads(timed([NEWSKB, "articles", "--limit", "1", "--json", "--db", stores[0]])[3])[0]["id"]
    queries = [[first if word == FIRST_ARTICLE else word for word in command] for command in QUERIES]
    print(f"{'command':52} " + " ".join(f"{n + ' wall':>9} {n + ' cpu':>8} {n + ' MB':>7} {n + ' rows':>9}"
                                        for n in names) + f" {'ratio wall':>10} {'ratio cpu':>9}")
    worst = {"wall ratio": 0.0, "cpu ratio": 0.0, "wall": 0.0, "cpu": 0.0, "MB": 0.0}
    for command in queries:
        wall: list[list[float]] = [[], []]
        cpu: list[list[float]] = [[], []]
        memory = [0, 0]
        for _ in range(args.runs):
            for i, store in enumerate(stores):
                w, c, kb, _ = timed([NEWSKB, *command, "--db", store])
                wall[i].append(w)
                cpu[i].append(c)
                memory[i] = max(memory[i], kb)
        walls, cpus = [statistics.median(x) for x in wall], [statistics.median(x) for x in cpu]
        rows = [rows_of(command, store) for store in stores]
        ratios = walls[1] / walls[0], cpus[1] / cpus[0]
        for key, value in (("wall ratio", ratios[0]), ("cpu ratio", ratios[1]), ("wall", walls[1]),
                           ("cpu", cpus[1]), ("MB", memory[1] / 1024)):
            worst[key] = max(worst[key], value)
        print(f"{' '.join(command)[:52]:52} " + " ".join(
            f"{w:9.3f} {c:8.3f} {kb / 1024:7.1f} {r:9d}" for w, c, kb, r in zip(walls, cpus, memory, rows))
            + f" {ratios[0]:10.2f} {ratios[1]:9.2f}")
    print(f"worst of every command: wall ratio {worst['wall ratio']:.2f}, CPU ratio {worst['cpu ratio']:.2f}; "
          f"at {names[1]}: wall {worst['wall']:.3f} s, CPU {worst['cpu']:.3f} s, peak {worst['MB']:.1f} MB")
    startup(stores[0], args.runs)


def startup(store: str, runs: int) -> None:
    """Start-up: a query on a store against Python importing the libraries alone, paired runs."""
    programs = {"bare imports (networkx, pydantic, typer, rich)": [sys.executable, "-c", BARE_IMPORTS],
                "what a query needs (sqlite3, typer, rich, pydantic models)": [sys.executable, "-c", QUERY_IMPORTS],
                "newskb --version": [NEWSKB, "--version"],
                "newskb stats": [NEWSKB, "stats", "--db", store]}
    wall: dict[str, list[float]] = {name: [] for name in programs}
    cpu: dict[str, list[float]] = {name: [] for name in programs}
    for _ in range(max(runs, 5)):
        for name, program in programs.items():
            w, c, *_ = timed(program)
            wall[name].append(w)
            cpu[name].append(c)
    first = next(iter(programs))
    bare_wall, bare_cpu = statistics.median(wall[first]), statistics.median(cpu[first])
    for name in programs:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"start-up {name:52} wall {w:6.3f} s ({w / bare_wall:4.2f}x)  CPU {c:6.3f} s ({c / bare_cpu:4.2f}x "
              "the bare imports)")


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
