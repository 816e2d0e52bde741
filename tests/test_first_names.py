"""First names' sex: the answers of the gender_guesser library's own detector, read lazily."""
from __future__ import annotations

import gender_guesser.detector
import pytest

from newskb.nlp import first_names
from newskb.nlp.first_names import first_name_gender


@pytest.fixture(scope="module")
def library():
    return gender_guesser.detector.Detector(case_sensitive=False)


def test_every_name_of_the_list_has_the_librarys_answer(library):
    # names with joins ('Jean+Pierre' files 'jeanpierre', 'jean pierre' and 'jean-pierre'), in any case
    names = [*library.names, "Jean-Pierre", "JEAN PIERRE", "Jeanpierre", "Stoltenberg", "of", ""]
    assert [first_names._detector().get_gender(name) for name in names] == [library.get_gender(name)
                                                                            for name in names]


@pytest.mark.parametrize("name, expected", [("Wendy", "female"), ("jens", "male"), ("Stoltenberg", None),
                                            ("Kim", "female"), ("Jean-Pierre", "male")])
def test_a_first_names_sex(name, expected):
    assert first_name_gender(name) == expected
