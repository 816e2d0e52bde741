"""What nlp/sentences.py computes once instead of at every access gives what spaCy gives."""
from __future__ import annotations

import pytest
import spacy
from spacy.attrs import LOWER, ORTH

from newskb.nlp.sentences import WordClass


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.mark.parametrize("kept", [WordClass.KEPT, 2])  # 2: forgets as it goes, answers the same
def test_a_word_class_answers_as_the_lower_cased_string_would(blank, kept):
    reads = []
    talks = WordClass(lambda: reads.append(1) or {"say", "talk", "summit"})
    talks.KEPT = kept
    doc = blank("SAY Said talk TALKS Summit summit talk say hello")
    for attribute in (LOWER, ORTH):
        held = [t.text for t, word in zip(doc, doc.to_array(attribute).tolist()) if talks.holds(doc, word)]
        assert held == ["SAY", "talk", "Summit", "summit", "talk", "say"]
    assert [doc[i].text for i in talks.tokens(doc, "LOWER")] == ["SAY", "talk", "Summit", "summit", "talk", "say"]
    assert reads == [1]  # the class is read once
