#!/usr/bin/env python3
"""newskb's benchmark suite, on the Reuters corpus (../shared/corpus/reuters-21578.jsonl).

    .venv/bin/python scripts/benchmark.py throughput [--articles 300] [--runs 3]
        ingest tokens/s against bare spaCy nlp.pipe at 1 and 2 processes (spaCy as installed, and
        multiplying its matrices with newskb's choice of BLAS); --workers 2 against 1
    .venv/bin/python scripts/benchmark.py shares [--articles 300] [--runs 3]
        one process's CPU time by phase: start-up, spaCy, each rule component, records, store writes
    .venv/bin/python scripts/benchmark.py matrices [--articles 300] [--runs 3]
        spaCy's model components multiplying with blis against numpy's BLAS (nlp/matrices.py), in
        turn in one process, and how many articles' annotations differ between the two
    .venv/bin/python scripts/benchmark.py growth [--sizes 0 1000 10000] [--batch 100] [--runs 3]
        the same 100 articles ingested into stores of those sizes: whole command and store writes alone
    .venv/bin/python scripts/benchmark.py memory [--chars 1000000] [--nodes 1000000]
        peak memory of ingesting one long article and of importing a node-link export of that many nodes
    .venv/bin/python scripts/benchmark.py queries FOLDER [--dates-from INDEX]
        latency of query commands on a store of FOLDER's articles
    .venv/bin/python scripts/benchmark.py dask [--articles 200] [--runs 3]
        ingest on a Dask LocalCluster of 2 worker processes (--dask local:2) against one process
        and against --workers 2
    .venv/bin/python scripts/benchmark.py postgresql [--size 1000] [--batch 100] [--runs 3] [--server URL]
        the PostgreSQL store against SQLite: 100 articles' store writes into a store of --size
        articles, and query latencies there (a throwaway server unless --server names one, as
        postgresql://user@host/postgres, a database to create others from)

Every figure is a whole process started afresh (start-up included), its peak memory the operating
system's own accounting (wait4). Commands compared are run in turn, A B A B ..., and their ratio
taken pair by pair: quote medians and ratios, the machine's speed drifts. Stores built for `growth`
are kept in --workdir (default /tmp/newskb-benchmark) for the next run.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "reuters-21578.jsonl"
NEWSKB = [sys.executable, "-m", "newskb"]
sys.path.insert(0, str(ROOT / "src"))


# -- measuring -------------------------------------------------------------------------------------
class Run(NamedTuple):
    seconds: float  # wall clock
    cpu: float  # user + system seconds of the process and those it waited for
    peak: float  # resident MB of the largest of them
    out: str  # its standard output


def _become_subreaper() -> None:
    """Processes a command leaves to end after it (--workers' fork server and its workers) become
    this process's children, so that their CPU time is counted with the command's (Linux)."""
    import ctypes

    PR_SET_CHILD_SUBREAPER = 36
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def run(args: list[str], quiet: bool = True) -> Run:
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(args, stdout=out, stderr=subprocess.DEVNULL if quiet else None)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start  # the command's own end: what its user waits for
        cpu, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
        while True:  # what it left to end after it
            try:
                _, _, left = os.wait4(-1, 0)
            except ChildProcessError:
                break
            cpu, peak = cpu + left.ru_utime + left.ru_stime, max(peak, left.ru_maxrss)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise SystemExit(f"failed ({child.returncode}): {' '.join(args)}")
        out.seek(0)
        return Run(seconds, cpu, peak / 1024, out.read().decode())


def paired(commands: dict[str, callable], runs: int) -> dict[str, list]:
    """Each command (a function returning a measure) run `runs` times, in turn."""
    measures: dict[str, list] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            measures[name].append(command())
    return measures


def median(measures: list, field: str) -> float:
    return statistics.median(getattr(m, field) for m in measures)


def ratio(a: list, b: list, field: str) -> float:
    """The median of the pairwise ratios a/b of one field."""
    return statistics.median(getattr(x, field) / getattr(y, field) for x, y in zip(a, b))


# -- the corpus ------------------------------------------------------------------------------------
def distinct_articles(count: int, skip: int = 0) -> list[dict]:
    """Reuters articles, no two near-duplicates of each other (the wire repeats stories, and ingest
    stores a near-duplicate once), so that N articles make a store of N."""
    from newskb.nearduplicates import fingerprint

    bands: dict[tuple[int, int], list[bytes]] = {}
    found: list[dict] = []
    with open(CORPUS, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            mark = fingerprint(record["text"])
            candidates = {s for b in mark.bands for s in bands.get(b, [])}
            if any(mark.matches(s) for s in candidates):
                continue
            for b in mark.bands:
                bands.setdefault(b, []).append(mark.signature)
            found.append(record)
            if len(found) >= skip + count:
                break
    if len(found) < skip + count:
        raise SystemExit(f"the corpus has only {len(found)} distinct articles")
    return found[skip:]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


# -- throughput ------------------------------------------------------------------------------------
BARE = """
import contextlib, sys, json, spacy
from newskb.nlp.matrices import matrix_products
from newskb.nlp.pipeline import choose_model
with matrix_products() if sys.argv[3] == "as-newskb" else contextlib.nullcontext():
    nlp = spacy.load(choose_model(None))
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
print(sum(len(doc) for doc in nlp.pipe(texts, n_process=int(sys.argv[2]))))
"""
# spaCy as installed, and spaCy multiplying its matrices as newskb's pipeline does (nlp/matrices.py;
# the same where blis has kernels for the CPU): the first is what a user would otherwise run, the
# second isolates newskb's own cost


def throughput(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_jsonl(Path(tmp) / "articles.jsonl", distinct_articles(args.articles))
        tokens = int(run([sys.executable, "-c", BARE, str(corpus), "1", "as-installed"]).out)
        counter = iter(range(10**6))

        def ingest(workers: int):
            return lambda: run([*NEWSKB, "ingest", str(corpus), "--workers", str(workers),
                                "--db", f"{tmp}/kb{next(counter)}.db"])

        def bare(processes: int, matrices: str = "as-installed"):
            return lambda: run([sys.executable, "-c", BARE, str(corpus), str(processes), matrices])

        load_before = os.getloadavg()
        times = paired({"bare nlp.pipe, 1 process": bare(1), "bare, newskb's BLAS, 1 process": bare(1, "as-newskb"),
                        "newskb ingest --workers 1": ingest(1), "bare nlp.pipe, 2 processes": bare(2),
                        "bare, newskb's BLAS, 2 processes": bare(2, "as-newskb"),
                        "newskb ingest --workers 2": ingest(2)}, args.runs)
        load_after = os.getloadavg()
    print(f"{args.articles} Reuters articles, {tokens:,} tokens; whole processes (start-up and model load "
          f"included), {args.runs} paired runs, medians; cpu = user + system seconds of all its processes; "
          f"{os.cpu_count()} cores, load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
          f"(last 5 minutes {load_after[1]:.1f})")
    for name, measures in times.items():
        wall, cpu = median(measures, "seconds"), median(measures, "cpu")
        print(f"  {name:36s} wall {wall:6.1f} s {tokens / wall:7,.0f} tokens/s   cpu {cpu:6.1f} s "
              f"{tokens / cpu:7,.0f} tokens/cpu-s   peak {median(measures, 'peak'):5.0f} MB")
    for label, a, b in (("ingest / bare, 1 process", "newskb ingest --workers 1", "bare nlp.pipe, 1 process"),
                        ("ingest / bare, its BLAS, 1 process", "newskb ingest --workers 1", "bare, newskb's BLAS, 1 process"),
                        ("ingest / bare, 2 processes", "newskb ingest --workers 2", "bare nlp.pipe, 2 processes"),
                        ("ingest / bare, its BLAS, 2 processes", "newskb ingest --workers 2", "bare, newskb's BLAS, 2 processes"),
                        ("--workers 2 / --workers 1", "newskb ingest --workers 2", "newskb ingest --workers 1")):
        print(f"  {label:36s} throughput by wall {1 / ratio(times[a], times[b], 'seconds'):.2f}x, "
              f"by cpu {1 / ratio(times[a], times[b], 'cpu'):.2f}x")
    # On an idle machine one worker's wall time is about its CPU time, and two workers' at least half of theirs
    one, two = times["newskb ingest --workers 1"], times["newskb ingest --workers 2"]
    bound = min(2, os.cpu_count() or 1) * ratio(one, two, "cpu")
    print(f"  --workers 2 / --workers 1 on an idle machine: about {bound:.2f}x at most "
          f"(2 cores x the CPU time of --workers 1 / that of --workers 2)")


# -- shares ----------------------------------------------------------------------------------------
SHARES = """
import json, sys, tempfile, time
from pathlib import Path
clock = time.process_time
cpu = {}
start = clock()
from newskb.graph import merge_extraction
from newskb.kb import KnowledgeBase, _write_in_groups
from newskb.nlp import PIPE_TEXTS, pipeline
from newskb.nlp.doccache import apply_rules
from newskb.nlp.records_from_doc import to_records
from newskb.nlp.sentences import known_text
from newskb.textio import Inputs
cpu["start-up: imports"] = clock() - start
start = clock()
nlp = pipeline.load(None)
cpu["start-up: model"] = clock() - start
raws = list(Inputs([sys.argv[1]]))
rules = [(name, component) for name, component in nlp.pipeline if name in pipeline.RULE_COMPONENTS]
start = clock()
docs = list(nlp.pipe((raw.text for raw in raws), disable=[name for name, _ in rules], batch_size=PIPE_TEXTS))
cpu["spaCy (the model's components)"] = clock() - start
extractions = []
for raw, doc in zip(raws, docs):
    doc._.published = raw.published
    known_text(doc, raw.text)
    for name, component in rules:
        start = clock()
        doc = component(doc)
        cpu[name] = cpu.get(name, 0) + clock() - start
    start = clock()
    extractions.append((raw, to_records(doc, raw.article())))
    cpu["records"] = cpu.get("records", 0) + clock() - start
with tempfile.TemporaryDirectory() as tmp, KnowledgeBase.open(Path(tmp) / "kb.db") as kb:
    start = clock()
    _write_in_groups(kb.store, extractions, lambda raw, extraction: merge_extraction(  # as ingest writes
        kb.store, extraction, raw.text, "benchmark", raw.fingerprint))
    cpu["store writes"] = clock() - start
print(json.dumps({"tokens": sum(len(doc) for doc in docs), "cpu": cpu}))
"""


def shares(args: argparse.Namespace) -> None:
    """Where one process's CPU time goes, phase by phase (the rules of a gold-set run: scripts/devsets.py
    --time-rules)."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_jsonl(Path(tmp) / "articles.jsonl", distinct_articles(args.articles))
        measures = [json.loads(run([sys.executable, "-c", SHARES, str(corpus)]).out) for _ in range(args.runs)]
    tokens = measures[0]["tokens"]
    phases = {name: statistics.median(m["cpu"][name] for m in measures) for name in measures[0]["cpu"]}
    total = sum(phases.values())
    print(f"{args.articles} Reuters articles, {tokens:,} tokens, in one process: CPU seconds by phase, "
          f"median of {args.runs} runs")
    for name, seconds in phases.items():
        print(f"  {name:32s} {seconds:6.2f} s {100 * seconds / total:5.1f}%")
    rules = sum(seconds for name, seconds in phases.items() if name.startswith("newskb_"))
    print(f"  {'newskb rules together':32s} {rules:6.2f} s {100 * rules / total:5.1f}%; "
          f"everything but spaCy and start-up {100 * (rules + phases['records'] + phases['store writes']) / total:.1f}%")


# -- matrices --------------------------------------------------------------------------------------
MATRICES = """
import json, statistics, sys, time
import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from newskb.nlp import PIPE_TEXTS, matrices, pipeline
from newskb.textio import Inputs
texts, runs = [raw.text for raw in Inputs([sys.argv[1]])], int(sys.argv[2])
found = {"blis kernels": matrices.blis_kernels(), "numpy's BLAS": matrices.numpy_blas()}
models = {}
for library, prefer in (("blis", False), ("numpy's BLAS", True)):  # what pipeline.load would do, either way
    matrices.prefer_numpy_blas = lambda kernels, blas, prefer=prefer: prefer
    models[library] = pipeline.load(None)
attributes = [TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, LEMMA, SENT_START, POS, MORPH]
cpu, annotations = {library: [] for library in models}, {}
for _ in range(runs):
    for library, nlp in models.items():
        start = time.process_time()
        docs = list(nlp.pipe(texts, disable=list(pipeline.RULE_COMPONENTS), batch_size=PIPE_TEXTS))
        cpu[library].append(time.process_time() - start)
        annotations[library] = [doc.to_array(attributes) for doc in docs]
differ = sum(not numpy.array_equal(a, b) for a, b in zip(*annotations.values()))
print(json.dumps({**found, "cpu": {k: statistics.median(v) for k, v in cpu.items()}, "differ": differ}))
"""


def matrices(args: argparse.Namespace) -> None:
    """The model's components with either library, whatever this CPU would choose (the first run of
    each warms its caches too: it counts, as in an ingest)."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_jsonl(Path(tmp) / "articles.jsonl", distinct_articles(args.articles))
        result = json.loads(run([sys.executable, "-c", MATRICES, str(corpus), str(args.runs)]).out)
    blis, numpy_blas = result["cpu"]["blis"], result["cpu"]["numpy's BLAS"]
    libraries = ", ".join(result["numpy's BLAS"]) or "not known to threadpoolctl"
    print(f"{args.articles} Reuters articles, spaCy's model components in one process, in turn, median of "
          f"{args.runs} runs; blis runs its {result['blis kernels']} kernels here, numpy's BLAS is "
          f"{libraries}")
    print(f"  blis          {blis:6.2f} s CPU")
    print(f"  numpy's BLAS  {numpy_blas:6.2f} s CPU ({blis / numpy_blas:.2f}x the speed)")
    print(f"  articles whose annotations differ: {result['differ']} of {args.articles}")


# -- growth ----------------------------------------------------------------------------------------
WRITE_ONLY = """
import pickle, sys, time
from newskb.graph import merge_extraction
from newskb.kb import KnowledgeBase, _write_in_groups
extractions = pickle.load(open(sys.argv[1], "rb"))
with KnowledgeBase.open(sys.argv[2]) as kb:
    start, cpu = time.perf_counter(), time.process_time()
    _write_in_groups(kb.store, extractions, lambda raw, extraction: merge_extraction(  # as ingest writes
        kb.store, extraction, raw.text, "benchmark", raw.fingerprint))
    print(time.perf_counter() - start, time.process_time() - cpu)
"""


def growth(args: argparse.Namespace) -> None:
    import pickle

    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    sizes = sorted(set(args.sizes))
    largest = sizes[-1]
    articles = distinct_articles(largest + args.batch)
    batch = write_jsonl(work / "batch.jsonl", articles[largest:])
    stores = build_stores(work, articles[:largest], sizes)
    extractions = work / "batch.pickle"
    if not extractions.exists():
        from newskb.nlp import Analyzer
        from newskb.textio import Inputs

        pickle.dump(list(Analyzer().analyse_many(Inputs([batch]))), open(extractions, "wb"))

    def copy(size: int) -> Path:
        target = work / "copy.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(stores[size], target)
        return target

    def whole(size: int):
        return lambda: run([*NEWSKB, "ingest", str(batch), "--db", str(copy(size))])

    def writes(size: int):
        return lambda: Writes(*map(float, run([sys.executable, "-c", WRITE_ONLY, str(extractions),
                                                str(copy(size))]).out.split()))

    label = {s: f"{s:,}-article store" for s in sizes}
    whole_times = paired({label[s]: whole(s) for s in sizes}, args.runs)
    write_times = paired({label[s]: writes(s) for s in sizes}, args.runs)
    print(f"{args.batch} Reuters articles ingested into stores of {', '.join(f'{s:,}' for s in sizes)} articles; "
          f"{args.runs} paired runs, medians, ratios to the {sizes[0]:,}-article store")
    base = label[sizes[0]]
    for s in sizes:
        name, whole_runs, write_runs = label[s], whole_times[label[s]], write_times[label[s]]
        print(f"  {name:22s} newskb ingest: wall {median(whole_runs, 'seconds'):5.1f} s "
              f"({ratio(whole_runs, whole_times[base], 'seconds'):.3f}x), cpu {median(whole_runs, 'cpu'):5.1f} s "
              f"({ratio(whole_runs, whole_times[base], 'cpu'):.3f}x); store writes alone: "
              f"{1000 * median(write_runs, 'seconds') / args.batch:5.2f} ms/article "
              f"({ratio(write_runs, write_times[base], 'seconds'):.3f}x), cpu "
              f"{1000 * median(write_runs, 'cpu') / args.batch:5.2f} ms/article "
              f"({ratio(write_runs, write_times[base], 'cpu'):.3f}x)")
    for s in sizes:
        size = stores[s].stat().st_size
        print(f"  {label[s]}: {size / 2**20:,.1f} MB" + (f", {size / s / 1024:.1f} KB per article" if s else ""))


class Writes(NamedTuple):
    seconds: float
    cpu: float


def build_stores(work: Path, articles: list[dict], sizes: list[int]) -> dict[int, Path]:
    """A store of the first N articles for each size (ascending), each grown from the one before
    with 2 analysis workers, and kept for later runs."""
    from newskb.store import SCHEMA_VERSION, Store

    building = work / "building.db"
    stores: dict[int, Path] = {}
    previous: tuple[int, Path] | None = None
    for size in sizes:
        path = work / f"store-v{SCHEMA_VERSION}-{size}.db"
        if not path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{building}{suffix}").unlink(missing_ok=True)
            if previous is None:
                Store.open(building).close()
                start = 0
            else:
                shutil.copyfile(previous[1], building)
                start = previous[0]
            if size > start:
                print(f"building the {size:,}-article store ...", file=sys.stderr)
                part = write_jsonl(work / "part.jsonl", articles[start:size])
                run([*NEWSKB, "ingest", str(part), "--workers", "2", "--db", str(building)])
            shutil.copyfile(building, path)  # newskb's last connection closed: the WAL is merged
        previous = (size, path)
        stores[size] = path
    return stores


# -- memory ----------------------------------------------------------------------------------------
def long_article(chars: int) -> str:
    """Reuters articles, paragraph after paragraph, up to `chars` characters: one very long article."""
    paragraphs: list[str] = []
    size = 0
    with open(CORPUS, encoding="utf-8") as lines:
        for line in lines:
            for paragraph in json.loads(line)["text"].split("\n\n"):
                if size + len(paragraph) + 2 > chars:
                    return "\n\n".join(paragraphs) + "\n"
                paragraphs.append(paragraph)
                size += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"


def node_link_export(path: Path, nodes: int, seed_export: dict) -> int:
    """A node-link export of about `nodes` nodes: copies of a real export, every id made unique."""
    copies = max(1, nodes // len(seed_export["nodes"]))
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"directed": true, "multigraph": true, "graph": {}, "nodes": [\n')
        first = True
        for k in range(copies):
            for node in seed_export["nodes"]:
                copy = _renamed(node, k)
                if copy["type"] == "article":
                    copy["sha256"] = f"{k:016x}" + copy["sha256"][16:]
                out.write(("" if first else ",\n") + json.dumps(copy, ensure_ascii=False))
                first = False
        out.write('\n], "edges": [\n')
        first = True
        for k in range(copies):
            for edge in seed_export["edges"]:
                out.write(("" if first else ",\n") + json.dumps(_renamed(edge, k), ensure_ascii=False))
                first = False
        out.write("\n]}\n")
    return copies * len(seed_export["nodes"])


def _renamed(record: dict, k: int) -> dict:
    out = dict(record)
    for key in ("id", "source", "target", "article"):
        if isinstance(out.get(key), str):
            out[key] = f"{out[key]}~{k}"
    if "provenance" in out:
        out["provenance"] = [{**m, "article": f"{m['article']}~{k}"} for m in out["provenance"]]
    return out


def memory(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        text = long_article(args.chars)
        article = Path(tmp) / "long.txt"
        article.write_text(text, encoding="utf-8")
        measure = run([*NEWSKB, "ingest", str(article), "--db", f"{tmp}/long.db"])
        print(f"ingest of one {len(text):,}-character article: wall {measure.seconds:.0f} s, cpu {measure.cpu:.0f} s, "
              f"peak {measure.peak:,.0f} MB")

        seed = ROOT / "seeds"
        run([*NEWSKB, "ingest", str(seed), "--db", f"{tmp}/seed.db"])
        exported = run([*NEWSKB, "export", "--db", f"{tmp}/seed.db"]).out
        big = Path(tmp) / "big.json"
        count = node_link_export(big, args.nodes, json.loads(exported))
        measure = run([*NEWSKB, "import", str(big), "--db", f"{tmp}/big.db"])
        print(f"import of {count:,} nodes ({big.stat().st_size / 2**20:,.0f} MB of node-link JSON): "
              f"wall {measure.seconds:.0f} s, cpu {measure.cpu:.0f} s, peak {measure.peak:,.0f} MB")


# -- queries ---------------------------------------------------------------------------------------
def queries(args: argparse.Namespace) -> None:
    texts = sorted(args.folder.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "kb.db")
        extra = ["--dates-from", str(args.dates_from)] if args.dates_from else []
        seconds = run([*NEWSKB, "ingest", str(args.folder), "--db", db, *extra]).seconds
        print(f"ingest: {len(texts)} articles in {seconds:.1f} s")
        for command in (["quotes", "--json"], ["meetings", "--json"], ["people", "--json"], ["stats"]):
            seconds = min(run([*NEWSKB, *command, "--db", db]).seconds for _ in range(3))
            print(f"{' '.join(command)}: {seconds:.2f} s (best of 3, process start included)")


# -- the distributed path --------------------------------------------------------------------------
def dask(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_jsonl(Path(tmp) / "articles.jsonl", distinct_articles(args.articles))
        counter = iter(range(10**6))

        def ingest(*how: str):
            return lambda: run([*NEWSKB, "ingest", str(corpus), *how, "--db", f"{tmp}/kb{next(counter)}.db"])

        one, cluster, workers = "newskb ingest (one process)", "newskb ingest --dask local:2", "newskb ingest --workers 2"
        times = paired({one: ingest(), cluster: ingest("--dask", "local:2"), workers: ingest("--workers", "2")},
                       args.runs)
    print(f"{args.articles} Reuters articles; whole processes (start-up, cluster and model loads included), "
          f"{args.runs} paired runs, medians")
    for name, measures in times.items():
        print(f"  {name:30s} wall {median(measures, 'seconds'):6.1f} s")
    for label, a, b in (("--dask local:2 / one process", cluster, one), ("--dask local:2 / --workers 2", cluster, workers)):
        print(f"  {label:30s} throughput by wall {1 / ratio(times[a], times[b], 'seconds'):.2f}x")


QUERIES = (["quotes", "--speaker", "baker", "--json"], ["quotes", "--contains", "interest rates", "--json"],
           ["meetings", "--json"], ["people", "--limit", "20", "--json"], ["search", "oil prices", "--json"],
           ["stats", "--json"])


def postgresql(args: argparse.Namespace) -> None:
    import pickle

    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    articles = distinct_articles(args.size + args.batch)
    base = build_stores(work, articles[:args.size], [0, args.size])[args.size]
    batch = write_jsonl(work / f"batch-{args.size}.jsonl", articles[args.size:])
    extractions = work / f"batch-{args.size}.pickle"
    if not extractions.exists():
        from newskb.nlp import Analyzer
        from newskb.textio import Inputs

        pickle.dump(list(Analyzer().analyse_many(Inputs([batch]))), open(extractions, "wb"))
    server = databases(args.server)
    try:
        exported = work / f"store-{args.size}.json"
        exported.write_text(run([*NEWSKB, "export", "--db", str(base)]).out, encoding="utf-8")
        template = server.database()
        run([*NEWSKB, "import", str(exported), "--db", template])
        name = template.rsplit("/", 1)[1]

        def copy() -> Path:
            target = work / "copy.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(base, target)
            return target

        def writes(store):
            return lambda: Writes(*map(float, run([sys.executable, "-c", WRITE_ONLY, str(extractions),
                                                    str(store())]).out.split()))

        write_times = paired({"SQLite": writes(copy), "PostgreSQL": writes(lambda: server.database(template=name))},
                             args.runs)
        print(f"{args.batch} Reuters articles' store writes into a {args.size:,}-article store, {args.runs} paired "
              "runs, medians; PostgreSQL on this machine, over TCP")
        for engine, measures in write_times.items():
            print(f"  {engine:10s} {1000 * median(measures, 'seconds') / args.batch:6.2f} ms/article, cpu of newskb "
                  f"{1000 * median(measures, 'cpu') / args.batch:6.2f} ms/article")
        print(f"  PostgreSQL / SQLite: {ratio(write_times['PostgreSQL'], write_times['SQLite'], 'seconds'):.2f}x")
        print(f"query latency, whole processes, {args.runs} paired runs, medians")
        for command in QUERIES:
            times = paired({db: (lambda db=db: run([*NEWSKB, *command, "--db", db])) for db in (str(base), template)},
                           args.runs)
            sqlite, pg = times[str(base)], times[template]
            print(f"  {' '.join(command):45s} SQLite {median(sqlite, 'seconds'):5.2f} s, PostgreSQL "
                  f"{median(pg, 'seconds'):5.2f} s ({ratio(pg, sqlite, 'seconds'):.2f}x)")
    finally:
        server.stop()


def databases(url: str | None):
    """Where to make databases: the server at `url`, or a throwaway one as the tests start."""
    sys.path.insert(0, str(ROOT / "tests"))
    from postgresql_server import ExistingServer, Server, server_binaries

    if url is None:
        binaries = server_binaries()
        if binaries is None:
            raise SystemExit("no PostgreSQL server: install Debian's postgresql package, or give --server URL")
        return Server(binaries).start()
    return ExistingServer(url)


def main() -> None:
    _become_subreaper()
    global CORPUS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the Reuters JSON lines")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("throughput")
    p.add_argument("--articles", type=int, default=300)
    p.add_argument("--runs", type=int, default=3)
    p = commands.add_parser("shares")
    p.add_argument("--articles", type=int, default=300)
    p.add_argument("--runs", type=int, default=3)
    p = commands.add_parser("matrices")
    p.add_argument("--articles", type=int, default=300)
    p.add_argument("--runs", type=int, default=3)
    p = commands.add_parser("growth")
    p.add_argument("--sizes", type=int, nargs="+", default=[0, 1000, 10000])
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--workdir", default="/tmp/newskb-benchmark")
    p = commands.add_parser("memory")
    p.add_argument("--chars", type=int, default=1_000_000)
    p.add_argument("--nodes", type=int, default=1_000_000)
    p = commands.add_parser("queries")
    p.add_argument("folder", type=Path)
    p.add_argument("--dates-from", type=Path)
    p = commands.add_parser("dask")
    p.add_argument("--articles", type=int, default=200)
    p.add_argument("--runs", type=int, default=3)
    p = commands.add_parser("postgresql")
    p.add_argument("--size", type=int, default=1000)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--server", metavar="URL")
    p.add_argument("--workdir", default="/tmp/newskb-benchmark")
    args = parser.parse_args()
    CORPUS = args.corpus
    {"throughput": throughput, "shares": shares, "matrices": matrices, "growth": growth, "memory": memory, "queries": queries,
     "dask": dask, "postgresql": postgresql}[args.command](args)


if __name__ == "__main__":
    main()
