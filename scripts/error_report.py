#!/usr/bin/env python3
"""Error classes of newskb's statements on a BRAT split (PolNeAR), by cause.

    .venv/bin/newskb ingest ../shared/polnear/dev/text --dates-from ../shared/polnear/metadata.tsv --db /tmp/dev.db
    .venv/bin/newskb quotes --json --db /tmp/dev.db > /tmp/dev.json
    .venv/bin/python scripts/error_report.py ../shared/polnear/dev /tmp/dev.json
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from newskb.evaluate import _covered, load_brat_gold, predictions_from_statements, read_brat, score_brat

PRONOUNS = {"he", "she", "they", "it", "i", "we", "who", "which"}


def main() -> None:
    split, path = Path(sys.argv[1]), Path(sys.argv[2])
    gold = load_brat_gold(split)
    every = {t.name: read_brat(sorted((split / "attributions").glob(t.stem + "_*.ann"))[0])
             for t in (split / "text").glob("*.txt") if list((split / "attributions").glob(t.stem + "_*.ann"))}
    predictions = predictions_from_statements(json.loads(path.read_text(encoding="utf-8")))
    result = score_brat(gold, predictions)
    print(json.dumps(result.figures))

    spurious = Counter()
    for p in result.spurious:
        span = set(range(p.start, p.end))
        if any(_covered(g.content) & span for g in gold.get(p.file, [])):
            cause = "a second part of one gold attribution (quote continued after its cue, or two clauses)"
        elif any(_covered(g.content) & span for g in every.get(p.file, [])):
            cause = "an attribution the scorer does not count (its cue is not on the scorer's list)"
        else:
            cause = "nothing annotated there"
        spurious[f"{cause} [{p.record['kind']}]"] += 1

    by_file: dict[str, list] = {}
    for p in predictions:
        by_file.setdefault(p.file, []).append(p)
    missed = Counter()
    for name, g in result.missed:
        covered = _covered(g.content)
        if any(set(range(p.start, p.end)) & covered for p in by_file.get(name, [])):
            cause = "overlapped, but matched to another attribution or too little overlap"
        elif g.quoted:
            cause = "quoted words, no statement found (unusual cue or none)"
        elif g.cue_text.lower().startswith(("according", "reported")) or " " in g.cue_text.strip():
            cause = "unquoted, multi-word or nominal cue"
        else:
            cause = "unquoted, verb cue missed or parsed elsewhere"
        missed[cause] += 1

    wrong = Counter()
    for name, g, p in result.wrong_speaker:
        text = (split / "text" / name).read_text(encoding="utf-8")
        gold_source = " ".join(text[a:b] for a, b in g.source).lower()
        mention = (p.record.get("speaker_mention") or {}).get("text")
        if mention is None:
            cause = "no speaker mention (agentless cue)"
        elif p.record.get("cue") is None:
            cause = "continuation quote linked to the wrong speaker"
        elif mention.lower() in PRONOUNS and gold_source not in PRONOUNS:
            cause = "pronoun where the gold source is a name (often a gold span over two sentences)"
        else:
            cause = "another noun phrase chosen (nested reports, parse errors)"
        wrong[f"{cause} [{p.record['kind']}]"] += 1

    for title, counter in (("spurious", spurious), ("missed", missed), ("wrong speaker", wrong)):
        print(f"\n{title}: {sum(counter.values())}")
        for cause, n in counter.most_common():
            print(f"  {n:5d}  {cause}")


if __name__ == "__main__":
    main()
