"""Scoring newskb against annotated articles, with the matching rules of shared/tools.

- PolNeAR-style BRAT attribution files (`text/NAME.txt`, `attributions/NAME_<annotator>.ann`):
  statement precision, recall, F1, speaker accuracy and end-to-end F1, as polnear_score.py.
- newskb gold JSON (shared/gold/): statements found, speakers, kinds and meetings right, meetings
  mapped by place, dates within bounds, chronology, people, as gold_score.py.
- TimeML (`NAME.tml`, TempEval-3 Task A): time expressions found (strict and relaxed spans), their
  type and value, as timeml_score.py.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

SPEECH_CUE = re.compile(
    r"\b(say|says|said|saying|tell|tells|told|telling|add|adds|added|adding|state|states|stated|"
    r"declare[sd]?|announce[sd]?|announcing|claim(?:s|ed)?|insist(?:s|ed)?|argue[sd]?|arguing|"
    r"explain(?:s|ed)?|note[sd]?|noting|warn(?:s|ed)?|write|writes|wrote|written|tweet(?:s|ed)?|"
    r"ask(?:s|ed)?|asking|respond(?:s|ed)?|repl(?:y|ies|ied)|accord(?:ing)?|according to|"
    r"call(?:s|ed)? on|urge[sd]?|admit(?:s|ted)?|den(?:y|ies|ied)|acknowledge[sd]?|suggest(?:s|ed)?|"
    r"predict(?:s|ed)?|promise[sd]?|vow(?:s|ed)?|recall(?:s|ed)?|describe[sd]?|testif(?:y|ies|ied)|"
    r"remark(?:s|ed)?|comment(?:s|ed)?|conced(?:e|es|ed)|mention(?:s|ed)?|report(?:s|ed)?|"
    r"assert(?:s|ed)?|contend(?:s|ed)?|maintain(?:s|ed)?|reiterat(?:e|es|ed)|continu(?:e|es|ed)|:)",
    re.I)
QUOTE_MARKS = "\"\u201c\u201d"


# -- BRAT attributions ---------------------------------------------------------------------------------
@dataclass
class Attribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]]
    content_text: str
    cue_text: str

    @property
    def quoted(self) -> bool:
        return any(m in self.content_text for m in QUOTE_MARKS)

    @property
    def is_statement(self) -> bool:
        return self.quoted or bool(SPEECH_CUE.search(self.cue_text or ""))


def read_brat(path: Path) -> list[Attribution]:
    """Attribution relations of one .ann file; a span whose text runs over lines is kept whole."""
    spans: dict[str, tuple[list[tuple[int, int]], str]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0][:1] in ("T", "E"):
            continue  # the rest of a span text that ran over a line
        if parts[0].startswith("T"):
            _label, _, offsets = parts[1].partition(" ")
            try:
                segments = [tuple(map(int, s.split())) for s in offsets.split(";")]
            except ValueError:
                continue
            spans[parts[0]] = (segments, parts[2] if len(parts) > 2 else "")
        else:
            roles = defaultdict(list)
            for role in parts[1].split():
                key, _, value = role.partition(":")
                roles[key].append(value)
            relations.append(roles)
    out = []
    for r in relations:
        def segments(role):
            return [s for t in r.get(role, []) if t in spans for s in spans[t][0]]

        def text(role):
            return " ".join(spans[t][1] for t in r.get(role, []) if t in spans)
        out.append(Attribution(segments("Content"), segments("Source"), text("Content"), text("Cue")))
    return out


def load_brat_gold(split: Path, quoted_only: bool = False) -> dict[str, list[Attribution]]:
    """The statements of every annotated text of a split, by file name (first annotator's file)."""
    if not (split / "text").is_dir():
        raise InputError(f"{split}: expected a text/ folder and an attributions/ folder (BRAT)")
    gold = {}
    for text in sorted((split / "text").glob("*.txt")):
        anns = sorted((split / "attributions").glob(text.stem + "_*.ann"))
        if not anns:
            continue
        atts = [a for a in read_brat(anns[0]) if a.content and a.is_statement]
        gold[text.name] = [a for a in atts if a.quoted] if quoted_only else atts
    return gold


@dataclass
class Prediction:
    file: str
    start: int
    end: int
    speaker_start: int | None
    speaker_end: int | None
    record: dict = field(default_factory=dict)
    segments: list[tuple[int, int]] = field(default_factory=list)  # of one discontinuous statement

    @property
    def covered(self) -> set[int]:
        return _covered(self.segments or [(self.start, self.end)])


def _covered(segments) -> set[int]:
    out: set[int] = set()
    for a, b in segments:
        out.update(range(a, b))
    return out


@dataclass
class BratScore:
    figures: dict
    missed: list[tuple[str, Attribution]]
    spurious: list[Prediction]
    wrong_speaker: list[tuple[str, Attribution, Prediction]]


def score_brat(gold: dict[str, list[Attribution]], predictions: list[Prediction], min_overlap: float = 0.5) -> BratScore:
    """polnear_score.py's matching: greedy one-to-one by character overlap of the shorter side."""
    by_file = defaultdict(list)
    for p in predictions:
        by_file[p.file].append(p)
    tp = fp = fn = speaker_ok = speaker_total = 0
    missed, spurious, wrong = [], [], []
    for name, atts in gold.items():
        preds = by_file.get(name, [])
        pairs = []
        for i, g in enumerate(atts):
            gc = _covered(g.content)
            for j, p in enumerate(preds):
                pc = p.covered
                inter = len(gc & pc)
                if inter and inter / max(1, min(len(gc), len(pc))) >= min_overlap:
                    pairs.append((inter / len(gc | pc), i, j))
        pairs.sort(reverse=True)
        used_g, used_p = set(), set()
        for _, i, j in pairs:
            if i in used_g or j in used_p:
                continue
            used_g.add(i)
            used_p.add(j)
            g, p = atts[i], preds[j]
            if g.source:
                speaker_total += 1
                if p.speaker_start is not None and _covered(g.source) & set(range(p.speaker_start, p.speaker_end)):
                    speaker_ok += 1
                else:
                    wrong.append((name, g, p))
        tp += len(used_g)
        fn += len(atts) - len(used_g)
        fp += len(preds) - len(used_p)
        missed += [(name, g) for i, g in enumerate(atts) if i not in used_g]
        spurious += [p for j, p in enumerate(preds) if j not in used_p]
    for name, preds in by_file.items():
        if name not in gold:
            fp += len(preds)
            spurious += preds
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    e2e_p, e2e_r = speaker_ok / max(1, tp + fp), speaker_ok / max(1, tp + fn)
    figures = {
        "gold": tp + fn, "predicted": tp + fp, "matched": tp, "precision": round(precision, 3),
        "recall": round(recall, 3), "f1": round(f1, 3),
        "speaker_accuracy": round(speaker_ok / speaker_total, 3) if speaker_total else None,
        "end_to_end_f1": round(2 * e2e_p * e2e_r / max(1e-9, e2e_p + e2e_r), 3),
    }
    return BratScore(figures, missed, spurious, wrong)


def predictions_from_statements(rows: list[dict]) -> list[Prediction]:
    """One prediction a statement; quotes of one utterance are one discontinuous statement, as
    PolNeAR annotates them, with the first one's speaker mention."""
    out: list[Prediction] = []
    utterances: dict[tuple[str, str], Prediction] = {}
    for q in rows:
        name = Path((q.get("article") or {}).get("path") or "").name
        key = (name, q["utterance"]) if q.get("utterance") else None
        if key in utterances:
            utterances[key].segments.append((q["start"], q["end"]))
            continue
        mention = q.get("speaker_mention") or {}
        prediction = Prediction(name, q["start"], q["end"], mention.get("start"), mention.get("end"), q,
                                [(q["start"], q["end"])])
        out.append(prediction)
        if key:
            utterances[key] = prediction
    return out


# -- newskb gold JSON -------------------------------------------------------------------------------------
def _norm(s: str) -> str:
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = s.replace("\u2026", "...").lower()
    return re.sub(r"\s+", " ", s).strip(" \"'.,;:!?-")


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", _norm(s))


def _overlap(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    pool, common = list(wb), 0
    for w in wa:
        if w in pool:
            pool.remove(w)
            common += 1
    return min(common / len(wa), common / len(wb))


PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}


def score_gold(gold: dict, quotes: list[dict], meetings: list[dict], people: list[dict] | None) -> dict:
    """gold_score.py's figures for one article's answers."""
    names: dict[str, set[str]] = {}
    for e in gold.get("people", []):
        names[e["name"]] = {_norm(e["name"])}
    for group in ("organizations", "places"):
        for e in gold.get(group, []):
            names[e["name"]] = {_norm(e["name"])} | {_norm(a) for a in e.get("aliases", [])
                                                     if _norm(a) not in PRONOUNS and a[:1].isupper()}
    gold_meetings = {m["id"]: m for m in gold.get("meetings", [])}

    def speaker_ok(pred, want):
        p = _norm((pred or {}).get("name") or "")
        return any(p and (p == _norm(alt) or p in names.get(alt, set())) for alt in want.split("|"))

    def meeting_ok(pred, want):
        if want is None:
            return pred is None
        if pred is None:
            return False
        place = _norm(pred.get("place") or "")
        return any(gold_meetings[g].get("place") is None or (place and place == _norm(gold_meetings[g]["place"]))
                   for g in want.split("|"))

    pairs = sorted(((o, i, j) for i, g in enumerate(gold["quotes"]) for j, p in enumerate(quotes)
                    if (o := _overlap(g["text"], p.get("text", ""))) >= 0.5), reverse=True)
    used_g, used_p = set(), set()
    found = speakers = meetings_right = kinds = 0
    misses = []
    for _, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        g, p = gold["quotes"][i], quotes[j]
        found += 1
        s_ok, m_ok = speaker_ok(p.get("speaker"), g["speaker"]), meeting_ok(p.get("meeting"), g.get("meeting"))
        speakers += s_ok
        meetings_right += m_ok
        kinds += p.get("kind") == g.get("kind")
        if not (s_ok and m_ok):
            misses.append({"gold": g["text"][:60], "speaker": (p.get("speaker") or {}).get("name"),
                           "want_speaker": g["speaker"], "meeting": (p.get("meeting") or {}).get("place"),
                           "want_meeting": g.get("meeting")})
    misses += [{"gold": g["text"][:60], "missing": True} for i, g in enumerate(gold["quotes"]) if i not in used_g]
    mapped, dates_right = [], 0
    for p in meetings:
        place = _norm(p.get("place") or "")
        g = next((m for m in gold.get("meetings", []) if m.get("place") and _norm(m["place"]) == place), None)
        if g is None or any(g is x for _, x in mapped):
            continue
        mapped.append((p, g))
        d = p.get("date") or {}
        lo, hi = d.get("earliest"), d.get("latest")
        g_lo, g_hi = g["date"].get("earliest"), g["date"].get("latest")
        if lo and hi and (g_lo is None or g_lo <= lo) and lo <= hi and (g_hi is None or hi <= g_hi):
            dates_right += 1
    order_ok = all(a[1]["order"] < b[1]["order"] for a, b in zip(mapped, mapped[1:]))
    placed = sum(1 for m in gold.get("meetings", []) if m.get("place"))
    out = {
        "quotes_gold": len(gold["quotes"]), "quotes_predicted": len(quotes), "quotes_found": found,
        "speaker_right": speakers, "meeting_right": meetings_right, "kind_right": kinds,
        "meetings_gold": len(gold.get("meetings", [])), "meetings_placed": placed,
        "meetings_predicted": len(meetings), "meetings_mapped": len(mapped), "meeting_dates_right": dates_right,
        "chronology_right": bool(order_ok and len(mapped) == placed),
        "statements_with_meeting": sum(1 for q in gold["quotes"] if q.get("meeting")),
        "misses": misses,
    }
    if people is not None:
        predicted = {_norm(p.get("name") or "") for p in people}
        out["people_found"] = sum(_norm(p["name"]) in predicted for p in gold.get("people", []))
        out["people_gold"] = len(gold.get("people", []))
        out["people_predicted"] = len(people)
    return out


def total(scores: list[dict]) -> dict:
    """Figures of several articles added up (chronology: how many articles got it right)."""
    out: dict = {}
    for s in scores:
        for k, v in s.items():
            if isinstance(v, bool):
                out[k] = out.get(k, 0) + int(v)
            elif isinstance(v, int):
                out[k] = out.get(k, 0) + v
    return out


# -- running newskb on annotated data ---------------------------------------------------------------------
def _dates_table(split: Path) -> dict:
    from .textio import load_date_table

    for candidate in (split / "metadata.tsv", split.parent / "metadata.tsv"):
        if candidate.is_file():
            return load_date_table(candidate)
    return {}


def evaluate_brat(split: Path, quoted_only: bool = False, model: str | None = None) -> BratScore:
    """Run the pipeline on every text of a BRAT split (a private, temporary store) and score it."""
    import tempfile

    from .kb import KnowledgeBase
    from .textio import read_text_file

    gold = load_brat_gold(split, quoted_only)
    dates = _dates_table(split)
    raws = []
    for name in gold:
        raw = read_text_file(split / "text" / name)
        raw.published = raw.published or dates.get(Path(name).stem)
        raws.append(raw)
    with tempfile.TemporaryDirectory() as tmp, KnowledgeBase.open(Path(tmp) / "kb.db") as kb:
        kb.ingest(raws, model=model)
        rows = kb.statements()
    return score_brat(gold, predictions_from_statements(rows))


def _gold_text(gold_path: Path, gold: dict) -> Path:
    name = gold.get("article") or gold_path.name.replace(".gold.json", ".txt")
    for folder in (gold_path.parent, gold_path.parent.parent / "seeds", gold_path.parent / "seeds"):
        if (folder / name).is_file():
            return folder / name
    raise InputError(f"{gold_path}: its article {name} is not beside it nor in a seeds/ folder")


def evaluate_gold(paths: list[Path], model: str | None = None) -> list[tuple[str, dict]]:
    """All gold files' articles in one store (as users would keep them), each scored on what that
    article reports, as gold_score.py scores one article."""
    import datetime as dt
    import json
    import tempfile

    from .kb import KnowledgeBase
    from .textio import read_text_file

    golds, raws = [], []
    for path in paths:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise InputError(f"{path}: not a readable gold file ({e})") from None
        raw = read_text_file(_gold_text(path, gold))
        if gold.get("published"):
            raw.published = dt.date.fromisoformat(gold["published"])
        golds.append((path, gold))
        raws.append(raw)
    out = []
    with tempfile.TemporaryDirectory() as tmp, KnowledgeBase.open(Path(tmp) / "kb.db") as kb:
        kb.ingest(raws, model=model)
        for (path, gold), raw in zip(golds, raws):
            article = raw.path
            out.append((path.name.removesuffix(".gold.json"),
                        score_gold(gold, kb.statements(article=article), kb.meetings(article), kb.people(article=article))))
    return out


# -- TimeML (TempEval-3 Task A, TIMEX3) -------------------------------------------------------------------
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
_MIDNIGHT = re.compile(r"T00:00(:00(\.0+)?)?$")


@dataclass
class TimemlDocument:
    name: str
    text: str
    published: str | None  # the document creation time, an ISO date
    gold: list[dict]  # {start, end, type, value, text}


def read_timeml(path: Path) -> TimemlDocument:
    """One .tml file: the plain text of <TEXT> (tags removed, verbatim), its DCT and gold TIMEX3s."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        raise InputError(f"{path}: not a readable TimeML file ({e})") from None
    dct = next((t.get("value") for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None)
    if dct is None and (el := root.find(".//DCT/TIMEX3")) is not None:
        dct = el.get("value")
    text_el = root.find(".//TEXT")
    if text_el is None:
        raise InputError(f"{path}: no <TEXT> element")
    parts: list[str] = []
    gold: list[dict] = []
    length = 0

    def walk(el) -> None:
        nonlocal length
        start = length
        if el.text:
            parts.append(el.text)
            length += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)
        if el.tag == "TIMEX3" and length > start:  # an empty TIMEX3 has no span
            gold.append({"start": start, "end": length, "type": el.get("type", ""), "value": el.get("value", "")})

    walk(text_el)
    text = "".join(parts)
    for g in gold:
        g["text"] = text[g["start"]:g["end"]]
    gold.sort(key=lambda g: (g["start"], g["end"]))
    return TimemlDocument(path.name[:-4], text, dct[:10] if dct else None, gold)


def timeml_files(root: Path) -> list[Path]:
    """The .tml files under a folder, by document name (names must be unique)."""
    if not root.is_dir():
        raise InputError(f"{root}: not a folder")
    by_name: dict[str, Path] = {}
    for path in sorted(root.rglob("*.tml")):
        if path.name[:-4] in by_name:
            raise InputError(f"duplicate document name {path.name[:-4]}: {by_name[path.name[:-4]]} and {path}")
        by_name[path.name[:-4]] = path
    if not by_name:
        raise InputError(f"{root}: no .tml files")
    return [by_name[name] for name in sorted(by_name)]


def match_timexes(gold: list[dict], pred: list[dict]) -> dict[int, tuple[int, bool]]:
    """timeml_score.py's matching: exact spans first, then a maximum matching of overlapping spans,
    larger overlaps preferred. {gold index: (prediction index, strict)}."""
    def overlap(a, b):
        return min(a["end"], b["end"]) - max(a["start"], b["start"])

    pairs: dict[int, tuple[int, bool]] = {}
    used: set[int] = set()
    by_span: dict[tuple[int, int], list[int]] = defaultdict(list)
    for j, p in enumerate(pred):
        by_span[(p["start"], p["end"])].append(j)
    for i, g in enumerate(gold):
        if by_span.get((g["start"], g["end"])):
            j = by_span[(g["start"], g["end"])].pop(0)
            pairs[i] = (j, True)
            used.add(j)
    rest_g = [i for i in range(len(gold)) if i not in pairs]
    rest_p = [j for j in range(len(pred)) if j not in used]
    edges = {i: sorted((j for j in rest_p if overlap(gold[i], pred[j]) > 0), key=lambda j: -overlap(gold[i], pred[j]))
             for i in rest_g}
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in rest_g:
        augment(i, set())
    for j, i in owner.items():
        pairs[i] = (j, False)
    return pairs


class _Tally:
    def __init__(self) -> None:
        self.gold = self.system = 0
        self.correct = {k: [0, 0] for k in ("strict", "relaxed", "type", "value")}  # recall side, precision side

    def report(self) -> dict:
        out: dict = {"gold": self.gold, "system": self.system}
        for k, (on_gold, on_system) in self.correct.items():
            p = on_system / self.system if self.system else 0.0
            r = on_gold / self.gold if self.gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            figures: dict = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "correct": on_gold}
            if k in ("type", "value"):
                relaxed = self.correct["relaxed"][0]
                figures["accuracy"] = round(on_gold / relaxed, 4) if relaxed else 0.0
            out[k] = figures
        return out


def _timex_value(v) -> str:
    return _MIDNIGHT.sub("", str(v if v is not None else "").strip().upper())


def _timex_type(t) -> str:
    return str(t if t is not None else "").strip().upper()


def score_timeml(docs: list[TimemlDocument], predictions: dict[str, list[dict] | None],
                 types: tuple[str, ...] = TIMEX_TYPES) -> dict:
    """timeml_score.py's figures: strict and relaxed spans, type and value on relaxed matches,
    overall and by type. `predictions` maps a document name to its times (None: no predictions file)."""
    total, by_type = _Tally(), {t: _Tally() for t in TIMEX_TYPES}
    with_predictions = 0
    for doc in docs:
        pred = predictions.get(doc.name)
        with_predictions += pred is not None
        pred = [p for p in pred or [] if 0 <= p["start"] < p["end"] <= len(doc.text)]
        gold = doc.gold
        pairs = match_timexes(gold, pred)
        matched = {j: i for i, (j, _) in pairs.items()}
        for i, g in enumerate(gold):
            gt = _timex_type(g["type"])
            if gt not in types:
                continue
            tallies = [total] + ([by_type[gt]] if gt in by_type else [])
            for t in tallies:
                t.gold += 1
            if i in pairs:
                j, strict = pairs[i]
                pt = _timex_type(pred[j].get("type"))
                hits = {"relaxed": True, "strict": strict, "type": gt == pt,
                        "value": _timex_value(g["value"]) == _timex_value(pred[j].get("value"))}
                for k, ok in hits.items():
                    if ok:
                        for t in tallies:
                            t.correct[k][0] += 1
                        for t in [total] + ([by_type[pt]] if pt in by_type else []):
                            t.correct[k][1] += 1
        for j, p in enumerate(pred):
            pt = _timex_type(p.get("type"))
            counted = _timex_type(gold[matched[j]]["type"]) in types if j in matched else \
                (pt in types or pt not in TIMEX_TYPES)
            if counted:
                for t in [total] + ([by_type[pt]] if pt in by_type else []):
                    t.system += 1
    out = {"docs": len(docs), "docs_with_predictions": with_predictions, "types": list(types)}
    out.update(total.report())
    out["by_type"] = {t: v.report() for t, v in by_type.items() if t in types}
    out["value_normalisation"] = "strip, upper-case, drop trailing T00:00[:00[.000]]"
    return out


def read_timeml_folder(root: Path) -> list[TimemlDocument]:
    return [read_timeml(path) for path in timeml_files(root)]


def evaluate_timeml(docs: list[TimemlDocument], model: str | None = None, on_article=None) -> dict:
    """Run the pipeline on every TimeML document's text, published on its DCT, and score its times."""
    import datetime as dt

    from .nlp import Analyzer
    from .textio import RawArticle

    raws = [RawArticle(text=d.text, path=d.name, title=d.name,
                       published=dt.date.fromisoformat(d.published) if d.published else None) for d in docs]
    predictions: dict[str, list[dict] | None] = {}
    for raw, extraction in Analyzer(model).analyse_many(raws):
        predictions[raw.path] = [t.model_dump(include={"start", "end", "type", "value"}) for t in extraction.times]
        if on_article:
            on_article(raw)
    return score_timeml(docs, predictions)
