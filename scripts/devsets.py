#!/usr/bin/env python3
"""Score newskb on every development set at once, with parses cached so that a rules-only re-run
takes seconds: the seed, BBC dev and Reuters dev (each set in one store, scored per article with
shared/tools/gold_score.py, as shared/tools/gold_set.py does) and PolNeAR dev (one store, scored
with shared/tools/polnear_score.py).

    .venv/bin/python scripts/devsets.py                  # every set, one line each
    .venv/bin/python scripts/devsets.py bbc reuters -v   # per article, with the misses
    .venv/bin/python scripts/devsets.py polnear --meetings

The first run parses every article (a few minutes) into the cache folder (default
.cache/parsed, or $NEWSKB_PARSE_CACHE); later runs only apply the rules.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TOOLS = SHARED / "tools"
NEWSKB = str(Path(sys.executable).with_name("newskb"))
GOLD_SETS = {
    "seed": (SHARED / "gold", SHARED / "seeds"),
    "bbc": (SHARED / "gold" / "bbc", SHARED / "gold" / "bbc"),
    "reuters": (SHARED / "gold" / "reuters", SHARED / "gold" / "reuters"),
}
COLUMNS = ["quotes_gold", "quotes_found", "speaker_right", "meeting_right", "meetings_gold",
           "meetings_predicted", "meetings_mapped", "meeting_dates_right", "chronology_right"]


class CachedAnalyzer:
    """The Analyzer, reading and writing parses in the cache."""

    def __init__(self, cache: Path):
        from newskb.nlp import Analyzer

        self.analyzer = Analyzer()
        self.model = self.analyzer.model
        self.cache = cache

    def analyse_many(self, raws, **_):
        return self.analyzer.analyse_many(raws, cache_dir=self.cache)


def query(db: Path, command: str) -> list:
    out = subprocess.run([NEWSKB, command, "--json", "--db", str(db)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def ingest(raws, db: Path, analyzer: CachedAnalyzer) -> None:
    from newskb.kb import KnowledgeBase

    with KnowledgeBase.open(db) as kb:
        kb.ingest(raws, analyzer=analyzer)


def gold_raws(gold_dir: Path, text_dir: Path) -> list[tuple[Path, object]]:
    from newskb.textio import RawArticle

    out = []
    for path in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = text_dir / gold["article"]
        meta = text.with_suffix(".meta.json")
        title = json.loads(meta.read_text(encoding="utf-8")).get("title") if meta.exists() else None
        out.append((path, RawArticle(text=text.read_text(encoding="utf-8"), path=str(text), title=title,
                                     published=dt.date.fromisoformat(gold["published"]))))
    return out


def score_gold_set(name: str, analyzer: CachedAnalyzer, verbose: bool) -> dict:
    gold_dir, text_dir = GOLD_SETS[name]
    pairs = gold_raws(gold_dir, text_dir)
    total: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kb.db"
        ingest([raw for _, raw in pairs], db, analyzer)
        out = {c: query(db, c) for c in ("articles", "quotes", "meetings", "people")}
        by_path = {os.path.basename(a.get("path") or ""): a["id"] for a in out["articles"]}
        for gold_path, raw in pairs:
            aid = by_path[os.path.basename(raw.path)]
            files = {}
            for key, rows in (("q", [x for x in out["quotes"] if x["article"]["id"] == aid]),
                              ("m", [x for x in out["meetings"] if aid in (x.get("articles") or [])]),
                              ("p", out["people"])):
                files[key] = Path(tmp) / f"{key}.json"
                files[key].write_text(json.dumps(rows), encoding="utf-8")
            result = json.loads(subprocess.run(
                [sys.executable, str(TOOLS / "gold_score.py"), str(gold_path), *(str(files[k]) for k in "qmp")],
                check=True, capture_output=True, text=True).stdout)
            for c in COLUMNS:
                total[c] += int(result[c])
            if verbose:
                print(f"  {os.path.basename(raw.path):28s} " + " ".join(f"{c.split('_')[0][:4]}.{c.split('_')[-1][:4]}={int(result[c])}" for c in COLUMNS))
                for miss in result.get("misses", []):
                    print("      ", json.dumps(miss, ensure_ascii=False))
                if verbose:
                    for m in json.loads(files["m"].read_text()):
                        d = m.get("date") or {}
                        print(f"       meeting {m['order']}: {m['name']!r} @ {m.get('place')} "
                              f"[{d.get('earliest')}..{d.get('latest')}] ({d.get('text')})")
    total["articles"] = len(pairs)
    return total


def line(name: str, t: Counter) -> str:
    share = t["meeting_right"] / t["quotes_gold"] if t["quotes_gold"] else 0
    return (f"{name:14s} statements {t['quotes_found']}/{t['quotes_gold']} found, {t['speaker_right']} right speakers, "
            f"{t['meeting_right']} right meetings ({share:.0%}); meetings mapped {t['meetings_mapped']}, "
            f"dated {t['meeting_dates_right']}, {t['meetings_predicted']} predicted for {t['meetings_gold']}; "
            f"chronology right in {t['chronology_right']}/{t['articles']}")


def score_polnear(analyzer: CachedAnalyzer, split: Path, meetings_report: bool) -> str:
    from newskb.textio import RawArticle, load_date_table

    dates = load_date_table(SHARED / "polnear" / "metadata.tsv")
    raws = [RawArticle(text=p.read_text(encoding="utf-8"), path=str(p), published=dates.get(p.stem))
            for p in sorted((split / "text").glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kb.db"
        ingest(raws, db, analyzer)
        quotes = Path(tmp) / "quotes.json"
        quotes.write_text(json.dumps(query(db, "quotes")), encoding="utf-8")
        figures = json.loads(subprocess.run([sys.executable, str(TOOLS / "polnear_score.py"), str(split), str(quotes)],
                                            check=True, capture_output=True, text=True).stdout)
        text = (f"polnear  f1 {figures['f1']:.3f}, speaker accuracy {figures['speaker_accuracy']:.3f}, "
                f"end-to-end f1 {figures['end_to_end_f1']:.3f} ({figures['matched']} matched, "
                f"{figures['predicted']} predicted, {figures['gold']} gold)")
        meetings = query(db, "meetings")
        text += "\n" + meeting_summary(meetings)
        if meetings_report:
            for m in meetings:
                d = m.get("date") or {}
                print(f"  {m['name']!r:60s} @ {m.get('place')!s:20s} [{d.get('earliest')}..{d.get('latest')}] "
                      f"{len(m.get('articles') or [])} art.; " + ", ".join(p["name"] for p in m.get("participants", [])))
    return text


def meeting_summary(meetings: list[dict]) -> str:
    import calendar

    kinds = {"talks", "meeting", "meetings", "visit", "negotiations", "summit", "conference", "debate", "session",
             "news conference", "hearing", "ceremony", "briefing", "rally", "election", "council", "event"}
    months = {m.lower() for m in calendar.month_name if m} | {d.lower() for d in calendar.day_name}
    bare = sum(1 for m in meetings if m["name"].lower() in kinds)
    at_time = [m["place"] for m in meetings if (m.get("place") or "").lower() in months]
    return (f"         {len(meetings)} meetings, {bare} named by a bare kind word ({bare / max(len(meetings), 1):.0%}), "
            f"{len(at_time)} placed at a month or weekday")


def time_rules(analyzer: CachedAnalyzer) -> None:
    """Seconds the rules take over every development article, parses read from the cache."""
    from newskb.nlp.doccache import apply_rules, parsed
    from newskb.textio import load_date_table

    texts = [raw for name in ("seed", "bbc", "reuters") for _, raw in gold_raws(*GOLD_SETS[name])]
    dates = load_date_table(SHARED / "polnear" / "metadata.tsv")
    texts += [type(texts[0])(text=p.read_text(encoding="utf-8"), path=str(p), published=dates.get(p.stem))
              for p in sorted((SHARED / "polnear" / "dev" / "text").glob("*.txt"))]
    nlp = analyzer.analyzer.nlp
    docs = list(parsed(nlp, (r.text for r in texts), analyzer.cache))
    start = time.perf_counter()
    for raw, doc in zip(texts, docs):
        doc._.published = raw.published
        apply_rules(nlp, doc)
    print(f"rules over {len(docs)} cached articles: {time.perf_counter() - start:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*")
    parser.add_argument("-v", "--verbose", action="store_true", help="per article, with misses and meetings")
    parser.add_argument("--meetings", action="store_true", help="polnear: list every meeting")
    parser.add_argument("--time-rules", action="store_true",
                        help="only time newskb's rules over the cached parses of every set, and stop")
    parser.add_argument("--gold-dir", type=Path, action="append", default=[],
                        help="another folder of gold files with their texts, scored like the gold sets")
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("NEWSKB_PARSE_CACHE", ROOT / ".cache" / "parsed")))
    args = parser.parse_args()
    if not args.sets and not args.gold_dir:
        args.sets = ["seed", "bbc", "reuters", "polnear"]
    start = time.perf_counter()
    analyzer = CachedAnalyzer(args.cache)
    loaded = time.perf_counter()
    if args.time_rules:
        time_rules(analyzer)
        return
    for folder in args.gold_dir:
        name = f"{folder.parent.name}/{folder.name}"
        GOLD_SETS[name] = (folder, folder)
        args.sets.append(name)
    for name in args.sets:
        if name in GOLD_SETS:
            print(line(name, score_gold_set(name, analyzer, args.verbose)), flush=True)
        elif name in ("polnear", "polnear-train"):
            split = SHARED / "polnear" / ("dev" if name == "polnear" else "train")
            print(score_polnear(analyzer, split, args.meetings), flush=True)
        else:
            parser.error(f"unknown set {name!r}")
    print(f"({time.perf_counter() - loaded:.1f} s after {loaded - start:.1f} s loading the pipeline)", file=sys.stderr)


if __name__ == "__main__":
    main()
