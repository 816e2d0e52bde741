#!/usr/bin/env python3
"""Regenerate src/newskb/data/world.json, the table of countries, capitals and demonyms.

    pip install countryinfo && python scripts/build_world_table.py

The base table comes from the `countryinfo` package (names, alternative spellings, capitals,
demonyms); the supplement below adds the forms English news writes that the base lacks.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from countryinfo import CountryInfo  # noqa: F401  (located for its data files)
import countryinfo

OUT = Path(__file__).resolve().parents[1] / "src" / "newskb" / "data" / "world.json"

# Forms English news uses that the base table does not carry: {country: (aliases, demonyms)}.
SUPPLEMENT = {
    "United States": (["U.S.", "US", "U.S.A.", "USA", "America", "United States of America", "the States"],
                      ["American", "Americans", "U.S."]),
    "United Kingdom": (["U.K.", "UK", "Britain", "Great Britain"], ["British", "Briton", "Britons", "Brits", "English", "Scottish", "Welsh"]),
    "Russia": (["Russian Federation"], ["Russian", "Russians"]),
    "China": (["People's Republic of China", "PRC"], ["Chinese"]),
    "South Korea": (["Republic of Korea"], ["South Korean", "South Koreans"]),
    "North Korea": (["DPRK"], ["North Korean", "North Koreans"]),
    "Netherlands": (["Holland", "the Netherlands"], ["Dutch"]),
    "Czech Republic": (["Czechia"], ["Czech", "Czechs"]),
    "Ivory Coast": (["Côte d'Ivoire", "Cote d'Ivoire"], ["Ivorian"]),
    "Myanmar": (["Burma"], ["Burmese"]),
    "Iran": ([], ["Iranian", "Iranians", "Persian"]),
    "Israel": ([], ["Israeli", "Israelis"]),
    "Palestine": (["Palestinian territories"], ["Palestinian", "Palestinians"]),
    "Vatican City": (["Vatican", "Holy See"], ["Vatican"]),
    "Germany": ([], ["German", "Germans"]),
    "France": ([], ["French"]),
    "Poland": ([], ["Polish", "Pole", "Poles"]),
    "Ukraine": ([], ["Ukrainian", "Ukrainians"]),
    "Turkey": (["Türkiye"], ["Turkish", "Turk", "Turks"]),
    "Switzerland": ([], ["Swiss"]),
    "Sweden": ([], ["Swedish", "Swede", "Swedes"]),
    "Denmark": ([], ["Danish", "Dane", "Danes"]),
    "Finland": ([], ["Finnish", "Finn", "Finns"]),
    "Spain": ([], ["Spanish", "Spaniard", "Spaniards"]),
    "Ireland": (["Republic of Ireland"], ["Irish"]),
    "Japan": ([], ["Japanese"]),
    "Taiwan": ([], ["Taiwanese"]),
    "Greece": ([], ["Greek", "Greeks"]),
    "Cyprus": ([], ["Cypriot", "Cypriots", "Greek Cypriot"]),
    "Afghanistan": ([], ["Afghan", "Afghans"]),
    "Pakistan": ([], ["Pakistani", "Pakistanis"]),
    "India": ([], ["Indian", "Indians"]),
    "Iraq": ([], ["Iraqi", "Iraqis"]),
    "Syria": ([], ["Syrian", "Syrians"]),
    "Saudi Arabia": ([], ["Saudi", "Saudis"]),
    "New Zealand": ([], ["New Zealander", "Kiwi"]),
    "Belgium": ([], ["Belgian", "Belgians"]),
    "Portugal": ([], ["Portuguese"]),
    "Norway": ([], ["Norwegian", "Norwegians"]),
    "Thailand": ([], ["Thai"]),
    "Vietnam": (["Viet Nam"], ["Vietnamese"]),
    "Philippines": (["the Philippines"], ["Filipino", "Filipinos", "Philippine"]),
    "Lebanon": ([], ["Lebanese"]),
    "Sudan": ([], ["Sudanese"]),
    "Republic of the Congo": (["Congo-Brazzaville"], []),
    "Democratic Republic of the Congo": (["DR Congo", "Democratic Republic of the Congo", "DRC", "Democratic Republic of Congo"], ["Congolese"]),
}
# Capitals whose name the base table spells otherwise than the news does.
CAPITAL_FIX = {"United States": "Washington", "Israel": "Jerusalem"}
# Seats of government that stand for a country as its capital does ("Beijing said").
SEATS = {"United States": ["Washington", "White House"], "United Kingdom": ["Downing Street", "Whitehall"],
         "Russia": ["Kremlin"], "Netherlands": ["The Hague"], "Israel": ["Tel Aviv"],
         "Switzerland": ["Bern", "Berne"], "South Africa": ["Pretoria"], "Bolivia": ["La Paz"]}


def ascii_words(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z .,'()-]+", s)) and not re.fullmatch(r"[A-Z]{2,3}", s)


def main() -> None:
    folder = Path(countryinfo.__file__).parent / "data"
    rows = {}
    for path in sorted(folder.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        name = info.get("name")
        if not name or not info.get("ISO") or re.search(r"[,(]|State$", name):
            continue
        aliases = [a for a in info.get("altSpellings") or [] if ascii_words(a) and "," not in a]
        demonym = info.get("demonym")
        rows[name] = {
            "name": name,
            "aliases": aliases,
            "demonyms": [demonym] if demonym else [],
            "capital": CAPITAL_FIX.get(name, info.get("capital") or None),
            "seats": [],
            "population": info.get("population") or 0,
        }
    for name, (aliases, demonyms) in SUPPLEMENT.items():
        row = rows.setdefault(name, {"name": name, "aliases": [], "demonyms": [], "capital": None, "seats": [],
                                     "population": 0})
        row["aliases"] = sorted(set(row["aliases"]) | set(aliases))
        row["demonyms"] = sorted(set(row["demonyms"]) | set(demonyms))
    for name, seats in SEATS.items():
        rows[name]["seats"] = seats
    # most populous first: where two share a name or demonym ("American"), the country news means
    OUT.write_text(json.dumps(sorted(rows.values(), key=lambda r: -r["population"]), indent=0, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    print(f"{len(rows)} countries written to {OUT}")


if __name__ == "__main__":
    main()
