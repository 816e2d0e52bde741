#!/usr/bin/env python3
"""Throughput of ingestion and latency of queries on a folder of articles (e.g. PolNeAR).

    .venv/bin/python scripts/benchmark.py ../shared/polnear/dev/text --dates-from ../shared/polnear/metadata.tsv
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--dates-from", type=Path)
    args = parser.parse_args()
    newskb = str(Path(sys.executable).with_name("newskb"))
    texts = sorted(args.folder.glob("*.txt"))
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in texts)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "kb.db")
        extra = ["--dates-from", str(args.dates_from)] if args.dates_from else []
        seconds = run([newskb, "ingest", str(args.folder), "--db", db, *extra])
        again = run([newskb, "ingest", str(args.folder), "--db", db, *extra])
        print(f"ingest: {len(texts)} articles, {words:,} words in {seconds:.1f} s "
              f"({len(texts) / seconds:.2f} articles/s, {words / seconds:,.0f} words/s); "
              f"again (nothing new): {again:.1f} s")
        for command in (["quotes", "--json"], ["meetings", "--json"], ["people", "--json"], ["stats"]):
            seconds = min(run([newskb, *command, "--db", db]) for _ in range(3))
            print(f"{' '.join(command)}: {seconds:.2f} s (best of 3, process start included)")


if __name__ == "__main__":
    main()
