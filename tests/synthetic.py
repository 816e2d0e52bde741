"""A synthetic archive as a node-link graph (what `newskb export` writes and `newskb import` reads):
as many articles, people, meetings and statements as a real one of that size, made in a second
without the language pipeline, for testing what must hold at scale."""
from __future__ import annotations

import datetime as dt
import hashlib
import random

FIRST = ["Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Irene", "Jonas", "Kofi", "Lena",
         "Marco", "Nadia", "Omar", "Petra", "Quentin", "Rosa", "Sven", "Tara", "Umar", "Vera", "Walid", "Yara"]
LAST = ["Abel", "Brandt", "Costa", "Duarte", "Eriksen", "Fischer", "Garcia", "Horvat", "Ivanova", "Jensen", "Kowalski",
        "Larsen", "Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rossi", "Sato", "Tanaka", "Umarov", "Varga",
        "Weber", "Xu", "Yilmaz", "Zhou", "Almeida", "Berger", "Chen", "Dumont", "Engel", "Ferrari", "Gomez",
        "Hansen", "Ito", "Jovanovic", "Keller", "Lindqvist", "Meyer", "Nilsen", "Olsen", "Popescu", "Richter",
        "Schmidt", "Toth", "Urban", "Vogel", "Wolf", "Young", "Zimmermann", "Arnold", "Bauer", "Clark", "Dietrich",
        "Evans", "Frank", "Graf", "Hartmann"]
CITIES = ["Geneva", "Brussels", "Vienna", "Paris", "Berlin", "Madrid", "Rome", "Warsaw", "Prague", "Oslo", "Lisbon",
          "Athens", "Dublin", "Helsinki", "Tallinn", "Riga", "Vilnius", "Sofia", "Zagreb", "Belgrade", "Tirana",
          "Ankara", "Cairo", "Nairobi", "Lagos", "Tokyo", "Seoul", "Manila", "Jakarta", "Lima", "Quito", "Bogota"]
KINDS = ["talks", "summit", "meeting", "conference", "visit", "session"]
WORDS = ["the talks had been useful", "no agreement was in sight", "both sides would meet again",
         "the proposal deserved a careful answer", "sanctions would stay in place", "trade would grow this year",
         "the deadline could not be moved", "progress had been made on the details", "the ceasefire must hold"]


def slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def archive(articles: int = 1000, seed: int = 7) -> dict:
    rng = random.Random(seed)
    people = [f"{f} {l}" for f in FIRST for l in LAST][:articles * 3 // 2]
    orgs = [f"{c} Council" for c in CITIES] + [f"Ministry of {w.title()}" for w in ("trade", "defence", "energy")]
    nodes: dict[str, dict] = {}
    edges: list[dict] = []

    def mention(node: dict, article: str, start: int, end: int, text: str) -> None:
        node["provenance"].append({"article": article, "start": start, "end": end, "text": text})

    def edge(source: str, target: str, type_: str, article: str, **more) -> None:
        edges.append({"source": source, "target": target, "type": type_, "article": article, "evidence": None,
                      "joint": False, "key": f"{type_}@{article}", **more})

    meetings = []
    for m in range(max(articles * 2 // 5, 1)):
        city, kind = rng.choice(CITIES), rng.choice(KINDS)
        day = dt.date(2022, 1, 1) + dt.timedelta(days=m * 90 // max(articles * 2 // 5, 1))
        meetings.append({"id": f"m:synth-{m}", "name": f"{city} {kind}", "aliases": [], "type": "meeting", "kind": kind,
                         "place": city, "body": None, "date": {"text": str(day), "earliest": str(day), "latest": str(day)},
                         "sequence": None, "duration": None, "position": 0, "provenance": []})
    for a in range(articles):
        published = dt.date(2022, 1, 1) + dt.timedelta(days=a * 90 // articles)
        held = [m for m in meetings if m["date"]["earliest"] <= str(published)][-8:] or meetings[:1]
        lines = [(rng.choice(people), rng.choice(held), rng.choice(WORDS)) for _ in range(4)]
        text, spans = "", []
        for speaker, meeting, words in lines:
            start = len(text)
            text += f"{speaker} said {words} at the {meeting['name']}.\n"
            spans.append((start, speaker, meeting, words))
        digest = hashlib.sha256(text.encode() + str(a).encode()).hexdigest()
        text += f"({a})\n"
        article = f"a:{digest[:16]}"
        nodes[article] = {"id": article, "name": f"Report {a}", "aliases": [], "type": "article",
                          "path": f"synthetic/{a:05d}.txt", "title": f"Report {a} from {lines[0][1]['place']}",
                          "published": str(published), "url": None, "sha256": hashlib.sha256(text.encode()).hexdigest(),
                          "chars": len(text), "provenance": [], "text": text}
        for start, speaker, meeting, words in spans:
            person = f"person:{slug(speaker)}"
            node = nodes.setdefault(person, {"id": person, "name": speaker, "aliases": [speaker.split()[-1]],
                                             "type": "person", "roles": [], "gender": None, "anonymous": False,
                                             "provenance": []})
            mention(node, article, start, start + len(speaker), speaker)
            quote_start = start + len(speaker) + len(" said ")
            statement = f"q:{digest[:8]}-{quote_start}-{quote_start + len(words)}"
            nodes[statement] = {"id": statement, "name": words, "aliases": [], "type": "statement", "kind": "indirect",
                                "article": article, "text": words, "start": quote_start,
                                "end": quote_start + len(words),
                                "cue": {"text": "said", "start": start + len(speaker) + 1, "end": start + len(speaker) + 5},
                                "speaker_mention": {"text": speaker, "start": start, "end": start + len(speaker)},
                                "addressee": None, "provenance": [
                                    {"article": article, "start": quote_start, "end": quote_start + len(words),
                                     "text": words}]}
            nodes.setdefault(meeting["id"], meeting)  # every meeting reported, if only in passing
            place = f"place:{slug(meeting['place'])}"
            nodes.setdefault(place, {"id": place, "name": meeting["place"], "aliases": [], "type": "place",
                                     "kind": "city", "provenance": []})
            edge(person, statement, "said", article)
            edge(person, article, "mentioned_in", article)
            if rng.random() < 0.3:  # as in real news, most statements are made at no meeting named
                edge(statement, meeting["id"], "at", article)
                edge(person, meeting["id"], "participated_in", article)
                edge(meeting["id"], place, "held_in", article)
                edge(meeting["id"], article, "mentioned_in", article)
            if rng.random() < 0.3:
                org = rng.choice(orgs)
                org_id = f"org:{slug(org)}"
                nodes.setdefault(org_id, {"id": org_id, "name": org, "aliases": [], "type": "organization",
                                          "anonymous": False, "provenance": []})
                edge(person, org_id, "affiliated_with", article)
    unique = {(e["source"], e["target"], e["type"], e["article"]): e for e in edges}
    return {"directed": True, "multigraph": True, "graph": {}, "nodes": list(nodes.values()),
            "edges": list(unique.values())}
