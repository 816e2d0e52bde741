#!/usr/bin/env python3
"""What the time-expression stage adds to ingestion: the same articles ingested into fresh stores in
one process, alternately with the stage and with a stand-in that finds nothing, after one warm-up.

    .venv/bin/python scripts/benchmark_times.py ../shared/polnear/dev/text --dates-from ../shared/polnear/metadata.tsv

Prints each round's processor seconds (the process's own user + system time, which other work on a
shared machine disturbs less than the wall clock; wall seconds too), the medians, the ratio of the
medians and the median of the paired ratios (machines are noisy: read medians), and the stage's own
time within the runs with it.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from newskb.kb import KnowledgeBase
from newskb.nlp import Analyzer
from newskb.nlp.times import find_times
from newskb.textio import Inputs, load_date_table

STAGE_SECONDS = [0.0]


@Language.component("benchmark_times")
def timed_times(doc: Doc) -> Doc:
    started = time.process_time()
    doc._.times = find_times(doc, doc._.published)
    STAGE_SECONDS[0] += time.process_time() - started
    return doc


@Language.component("benchmark_no_times")
def no_times(doc: Doc) -> Doc:
    doc._.times = ()
    return doc


def ingest(analyzer: Analyzer, raws, stage: str) -> tuple[float, float]:
    """Processor and wall seconds to ingest the articles into a fresh store with this time component."""
    current = next(name for name in analyzer.nlp.pipe_names if name in ("newskb_times", "benchmark_times",
                                                                          "benchmark_no_times"))
    if current != stage:
        analyzer.nlp.replace_pipe(current, stage)
    with tempfile.TemporaryDirectory() as tmp, KnowledgeBase.open(Path(tmp) / "kb.db") as kb:
        cpu, wall = time.process_time(), time.perf_counter()
        kb.ingest(raws, analyzer=analyzer)
        return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--dates-from", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    table = load_date_table(args.dates_from) if args.dates_from else {}
    raws = list(Inputs([str(args.folder)]))
    for raw in raws:
        raw.published = raw.published or table.get(Path(raw.path).stem)
    words = sum(len(r.text.split()) for r in raws)
    analyzer = Analyzer()
    ingest(analyzer, raws, "benchmark_times")  # warm-up: caches, lexicon, compiled rules
    runs: dict[str, list[tuple[float, float]]] = {"benchmark_times": [], "benchmark_no_times": []}
    STAGE_SECONDS[0] = 0.0
    for n in range(args.rounds):
        order = ("benchmark_times", "benchmark_no_times") if n % 2 == 0 else ("benchmark_no_times", "benchmark_times")
        for stage in order:
            runs[stage].append(ingest(analyzer, raws, stage))
        (cpu_a, wall_a), (cpu_b, wall_b) = runs["benchmark_times"][-1], runs["benchmark_no_times"][-1]
        print(f"round {n + 1}: with the stage {cpu_a:.1f} s processor ({wall_a:.1f} s wall), "
              f"without {cpu_b:.1f} s ({wall_b:.1f} s)", file=sys.stderr)
    print(f"{len(raws)} articles, {words:,} words, {args.rounds} rounds")
    for k, clock in enumerate(("processor", "wall")):
        a = [r[k] for r in runs["benchmark_times"]]
        b = [r[k] for r in runs["benchmark_no_times"]]
        paired = statistics.median(x / y for x, y in zip(a, b))
        print(f"{clock} seconds: with the time stage median {statistics.median(a):.2f}, without "
              f"{statistics.median(b):.2f}; ratio of medians {statistics.median(a) / statistics.median(b):.3f}, "
              f"median paired ratio {paired:.3f}")
    stage = STAGE_SECONDS[0] / args.rounds
    print(f"the stage itself: {stage:.2f} processor seconds per round, "
          f"{100 * stage / statistics.median(r[0] for r in runs['benchmark_no_times']):.1f}% of ingest without it")


if __name__ == "__main__":
    main()
