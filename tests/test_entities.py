"""People, organisations and places of one short text: which names are which."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newskb.nlp.entities import occurrences, word_starts


@pytest.fixture(scope="session")
def entities(analyse):
    """{name: (type, kind)} of the people, organisations and places a text names."""
    def run(text: str) -> dict[str, tuple[str, str | None]]:
        ex = analyse(text)
        return {n.name: (n.type, getattr(n, "kind", None)) for n in ex.nodes
                if n.type in ("person", "organization", "place")}
    return run


@pytest.mark.parametrize("text, name, expected", [
    # a capital acting is its country; a capital as a place stays the city
    ("Moscow insists the deployment is defensive.", "Russia", ("place", "country")),
    ("The talks were held in Moscow.", "Moscow", ("place", "city")),
    ("The EU opened talks with Ankara.", "Turkey", ("place", "country")),
    # a country's name modifying a noun is the country, whatever the recogniser made of it
    ("The Uruguay meeting is considered by most countries to have been particularly successful.", "Uruguay",
     ("place", "country")),
    # a name used with 'in' is a place things happen in
    ("The debate was held in Hempstead.", "Hempstead", ("place", "city")),
    # the wire dateline's city, however the recogniser read its capitals
    ("TAUPO, New Zealand, March 23 - Ministers met here.", "Taupo", ("place", "city")),
    ("LONDON, March 16 - Cocoa prices rose.", "London", ("place", "city")),
])
def test_entity_kinds(entities, text, name, expected):
    assert entities(text)[name] == expected


def test_the_dateline_city_is_not_its_country(analyse):
    nodes = {n.name: n for n in analyse("LONDON, Feb 10 - Britain will press for a deal at the talks.").nodes}
    assert "LONDON" not in nodes["United Kingdom"].aliases and nodes["London"].type == "place"


@pytest.mark.parametrize("text, word", [
    ("The accession talks will open in April 2005.", "April"),
    ("The ministers will meet on Friday.", "Friday"),
])
def test_times_are_not_places(entities, text, word):
    assert word not in entities(text)


@given(st.text(alphabet=st.sampled_from(list("ab Ué_1-'’.\n")), max_size=60),
       st.text(alphabet=st.sampled_from(list("ab Ué_1-'’.")), min_size=1, max_size=6))
def test_name_occurrences_are_those_of_a_whole_word_regex(text, name):
    expected = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)]
    assert occurrences(name, text, word_starts(text)) == expected
