#!/usr/bin/env python3
"""The time-expression stage on a TimeML corpus, fast: the corpus is parsed once (into the parse cache
of nlp/doccache.py, .cache/parsed or $NEWSKB_PARSE_CACHE), then only newskb's time rules run, scored
as timeml_score.py scores, with the errors by class.

    .venv/bin/python scripts/timeml_dev.py ../shared/timeml/tbaq              # figures and error classes
    .venv/bin/python scripts/timeml_dev.py ../shared/timeml/tbaq --show value  # every value error, in context
    .venv/bin/python scripts/timeml_dev.py ../shared/timeml/tbaq --show missed --show spurious

The figures equal those of `newskb extract` + shared/tools/newskb_times.py + timeml_score.py on the
same texts: the cached Docs are what the time component sees inside the full pipeline.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

from newskb.evaluate import TimemlDocument, match_timexes, read_timeml_folder, score_timeml

CACHE = Path(os.environ.get("NEWSKB_PARSE_CACHE", Path(__file__).resolve().parents[1] / ".cache" / "parsed"))


def parsed(docs: list[TimemlDocument]):
    """The corpus as the time component receives it: parsed once, then read from the parse cache."""
    from newskb.nlp import pipeline
    from newskb.nlp.doccache import parsed as cached_parses

    started = time.perf_counter()
    out = list(cached_parses(pipeline.load(), (d.text for d in docs), CACHE))
    print(f"{len(docs)} parses ready in {time.perf_counter() - started:.0f} s ({CACHE})", file=sys.stderr)
    return out


def shape(value: str) -> str:
    return re.sub(r"\d", "9", value.upper())


def value_error_class(gold: dict, pred: dict) -> str:
    g, p = gold["value"].upper(), pred["value"].upper()
    if "X" in g.replace("PX", "P").replace("TX", "T") and not g.endswith("REF"):
        return "gold value underspecified (X)"
    if g.endswith("REF") or p.endswith("REF"):
        return f"reference {g if g.endswith('REF') else shape(g)} read as {p if p.endswith('REF') else shape(p)}"
    if g.startswith("P") != p.startswith("P"):
        return "duration/point mismatch"
    if shape(g) == shape(p):
        if g.startswith("P"):
            return "duration: wrong amount or unit"
        if g[:4] != p[:4] and g[4:] == p[4:]:
            return "wrong year"
        return "same granularity, other period"
    return f"granularity {shape(g)} read as {shape(p)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--show", action="append", default=[], choices=["missed", "spurious", "type", "value"],
                        help="list these errors in context (repeatable)")
    args = parser.parse_args()

    from newskb.nlp.times import find_times

    docs = read_timeml_folder(args.folder)
    spacy_docs = parsed(docs)
    started = time.perf_counter()
    predictions = {}
    for d, doc in zip(docs, spacy_docs):
        published = dt.date.fromisoformat(d.published) if d.published else None
        predictions[d.name] = [t.model_dump(mode="json") for t in find_times(doc, published)]
    seconds = time.perf_counter() - started
    figures = score_timeml(docs, predictions)
    print(f"{len(docs)} documents, times found in {seconds:.2f} s")
    print(f"{'':9} {'gold':>5} {'system':>6}  {'strict':>6} {'relaxed':>7} {'type':>6} {'value':>6}   (F1 %)")
    for name, f in [("all", figures), *figures["by_type"].items()]:
        print(f"{name:9} {f['gold']:5} {f['system']:6}  " + " ".join(
            f"{100 * f[k]['f1']:6.1f}" + (" " if k == "relaxed" else "") for k in ("strict", "relaxed", "type", "value")))

    classes: Counter = Counter()
    shown: list[str] = []
    for d in docs:
        pred = predictions[d.name]
        pairs = match_timexes(d.gold, pred)
        matched = {j for j, _ in pairs.values()}

        def context(start, end, text=d.text):
            return repr(text[max(0, start - 50):start] + "[" + text[start:end] + "]" + text[end:end + 30])
        for i, g in enumerate(d.gold):
            if i not in pairs:
                classes[f"missed {g['type']}"] += 1
                if "missed" in args.show:
                    shown.append(f"missed   {g['type']:8} {g['value']:12} {d.published} {context(g['start'], g['end'])}")
                continue
            p = pred[pairs[i][0]]
            if g["type"] != p["type"]:
                classes[f"type {g['type']} read as {p['type']}"] += 1
                if "type" in args.show:
                    shown.append(f"type     {g['type']}->{p['type']} {g['value']}/{p['value']} {context(g['start'], g['end'])}")
            if g["value"].upper() != p["value"].upper():
                cls = value_error_class(g, p)
                classes[f"value: {cls}"] += 1
                if "value" in args.show:
                    shown.append(f"value    {g['value']:12} {p['value']:12} {d.published} {p.get('tense')} "
                                 f"[{cls}] {context(g['start'], g['end'])} pred={p['text']!r}")
        for j, p in enumerate(pred):
            if j not in matched:
                classes[f"spurious {p['type']}"] += 1
                if "spurious" in args.show:
                    shown.append(f"spurious {p['type']:8} {p['value']:12} {context(p['start'], p['end'])}")
    print("\nerrors by class")
    for cls, n in classes.most_common():
        print(f"{n:5}  {cls}")
    if shown:
        print()
        print("\n".join(shown))


if __name__ == "__main__":
    main()
