"""The package's word lists and world table (`newskb/data/`), loaded once."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType


def _load(name: str):
    return json.loads(resources.files("newskb.data").joinpath(name).read_text(encoding="utf-8"))


class Lexicon:
    """The word lists of `data/lexicon.json`, each an attribute named by its key: a list becomes a
    frozenset (a str tuple where the key ends in `_suffixes`), a mapping stays a mapping (its lists
    as tuples). A key ending in `_about` documents the list it follows."""

    def __init__(self, raw: dict):
        for key, value in raw.items():
            if key.startswith("_") or key.endswith("_about"):
                continue
            if isinstance(value, list):
                value = tuple(value) if key.endswith("_suffixes") else frozenset(value)
            elif isinstance(value, dict):
                value = MappingProxyType({k: tuple(v) if isinstance(v, list) else v for k, v in value.items()})
            setattr(self, key, value)

    def __setattr__(self, key, value):
        if key in self.__dict__:
            raise AttributeError(f"the lexicon is read-only ({key})")
        super().__setattr__(key, value)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon(_load("lexicon.json"))


_LEADING_THE = re.compile(r"^the\s+")
_SEPARATORS = re.compile(r"[\s\-]+")


@lru_cache(maxsize=1 << 16)  # the same names come back in every stage and article
def name_key(name: str) -> str:
    """A spelling-insensitive key: case, dots, typographic apostrophes and a leading 'the' dropped."""
    key = name.replace("\u2019", "'").replace(".", "").lower().strip()
    return _SEPARATORS.sub(" ", _LEADING_THE.sub("", key))


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
