"""The package's word lists and world table (`newskb/data/`), loaded once."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


def _load(name: str):
    return json.loads(resources.files("newskb.data").joinpath(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Lexicon:
    speech_verbs: frozenset[str]
    frame_only_verbs: frozenset[str]
    evaluative_verbs: frozenset[str]
    clause_optional_verbs: frozenset[str]
    object_content_verbs: frozenset[str]
    control_verbs: frozenset[str]
    prep_content: dict[str, tuple[str, ...]]
    phrasal_speech_verbs: dict[str, str]
    light_verb_constructions: dict[str, tuple[str, ...]]
    cognition_verbs: frozenset[str]
    human_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    honorifics: dict[str, str | None]
    gendered_nouns: dict[str, str]
    title_nouns: frozenset[str]
    meeting_nouns: dict[str, str]
    meeting_noun_needs_anchor: frozenset[str]
    meeting_verbs: dict[str, str]
    participation_verbs: frozenset[str]
    media_nouns: frozenset[str]
    legislature_houses: dict[str, str]
    speech_nouns: frozenset[str]
    participle_reporting_verbs: frozenset[str]
    timex_months: dict[str, int]
    timex_weekdays: dict[str, int]
    timex_seasons: dict[str, str]
    timex_day_parts: dict[str, str]
    timex_units: dict[str, tuple[str, str]]
    timex_irregular_plurals: dict[str, str]
    timex_unit_modifiers: frozenset[str]
    timex_numbers: dict[str, float]
    timex_vague_numbers: frozenset[str]
    timex_ordinals: dict[str, int]
    timex_references: dict[str, str]
    timex_frequencies: dict[str, str]
    timex_holidays: dict[str, str]
    timex_duration_heads: frozenset[str]
    timex_future_signals: frozenset[str]
    timex_deadline_verbs: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = _load("lexicon.json")
    return Lexicon(
        speech_verbs=frozenset(raw["speech_verbs"]),
        frame_only_verbs=frozenset(raw["frame_only_verbs"]),
        evaluative_verbs=frozenset(raw["evaluative_verbs"]),
        clause_optional_verbs=frozenset(raw["clause_optional_verbs"]),
        object_content_verbs=frozenset(raw["object_content_verbs"]),
        control_verbs=frozenset(raw["control_verbs"]),
        prep_content={k: tuple(v) for k, v in raw["prep_content"].items()},
        phrasal_speech_verbs=dict(raw["phrasal_speech_verbs"]),
        light_verb_constructions={k: tuple(v) for k, v in raw["light_verb_constructions"].items()},
        cognition_verbs=frozenset(raw["cognition_verbs"]),
        human_nouns=frozenset(raw["human_nouns"]),
        organization_nouns=frozenset(raw["organization_nouns"]),
        honorifics=dict(raw["honorifics"]),
        gendered_nouns=dict(raw["gendered_nouns"]),
        title_nouns=frozenset(raw["title_nouns"]),
        meeting_nouns=dict(raw["meeting_nouns"]),
        meeting_noun_needs_anchor=frozenset(raw["meeting_noun_needs_anchor"]),
        meeting_verbs=dict(raw["meeting_verbs"]),
        participation_verbs=frozenset(raw["participation_verbs"]),
        media_nouns=frozenset(raw["media_nouns"]),
        legislature_houses=dict(raw["legislature_houses"]),
        speech_nouns=frozenset(raw["speech_nouns"]),
        participle_reporting_verbs=frozenset(raw["participle_reporting_verbs"]),
        timex_months=dict(raw["timex_months"]),
        timex_weekdays=dict(raw["timex_weekdays"]),
        timex_seasons=dict(raw["timex_seasons"]),
        timex_day_parts=dict(raw["timex_day_parts"]),
        timex_units={k: tuple(v) for k, v in raw["timex_units"].items()},
        timex_irregular_plurals=dict(raw["timex_irregular_plurals"]),
        timex_unit_modifiers=frozenset(raw["timex_unit_modifiers"]),
        timex_numbers=dict(raw["timex_numbers"]),
        timex_vague_numbers=frozenset(raw["timex_vague_numbers"]),
        timex_ordinals=dict(raw["timex_ordinals"]),
        timex_references=dict(raw["timex_references"]),
        timex_frequencies=dict(raw["timex_frequencies"]),
        timex_holidays=dict(raw["timex_holidays"]),
        timex_duration_heads=frozenset(raw["timex_duration_heads"]),
        timex_future_signals=frozenset(raw["timex_future_signals"]),
        timex_deadline_verbs=frozenset(raw["timex_deadline_verbs"]),
    )


def name_key(name: str) -> str:
    """A spelling-insensitive key: case, dots, typographic apostrophes and a leading 'the' dropped."""
    key = name.replace("\u2019", "'").replace(".", "").lower().strip()
    key = re.sub(r"^the\s+", "", key)
    return re.sub(r"[\s\-]+", " ", key)


@dataclass
class Country:
    name: str
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    capital: str | None = None
    seats: list[str] = field(default_factory=list)
    population: int = 0


@dataclass(frozen=True)
class World:
    """Countries by every way English news names them."""

    by_name: dict[str, Country]  # canonical name or alias
    by_demonym: dict[str, Country]
    by_capital: dict[str, Country]  # capitals and seats of government

    def country(self, text: str) -> Country | None:
        return self.by_name.get(name_key(text))

    def demonym(self, text: str) -> Country | None:
        return self.by_demonym.get(name_key(text))

    def capital(self, text: str) -> Country | None:
        return self.by_capital.get(name_key(text))

    def any(self, text: str) -> Country | None:
        return self.country(text) or self.demonym(text)


@lru_cache(maxsize=1)
def world() -> World:
    by_name: dict[str, Country] = {}
    by_demonym: dict[str, Country] = {}
    by_capital: dict[str, Country] = {}
    for row in _load("world.json"):  # most populous first, so it wins a shared name
        country = Country(**row)
        for alias in [country.name, *country.aliases]:
            by_name.setdefault(name_key(alias), country)
        for demonym in country.demonyms:
            by_demonym.setdefault(name_key(demonym), country)
        for seat in [country.capital or "", *country.seats]:
            if seat:
                by_capital.setdefault(name_key(seat), country)
                # "Washington D.C." is also written "Washington"
                by_capital.setdefault(name_key(re.sub(r"\s+D\.?C\.?$", "", seat)), country)
    return World(by_name, by_demonym, by_capital)
