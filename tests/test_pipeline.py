"""What the pipeline changes in the model it loads: a new line starts a new sentence (its own
component before the parser); the lemmatizer looks its words up in sets, with the same lemmas."""
from __future__ import annotations

import pytest
import spacy
from spacy.lookups import Lookups
from spacy.tokens import Doc

from newskb.nlp.pipeline import index_words_as_sets, paragraph_boundaries


@pytest.mark.parametrize("text, starts, not_starts", [
    ("Talks ended.\n\nMinisters left.", ["Ministers"], ["\n\n"]),
    ("Headline here\nBody text", ["Body"], ["\n"]),
    ("\nOne line", ["One"], []),  # the first token is the parser's to decide
    ("A line\n\n\n \nB", ["B"], ["\n\n\n \n"]),
    ("A line\n \u2029\nB", ["B"], ["\n \u2029\n"]),
    ("No line end at all.", [], []),
])
def test_a_new_line_starts_a_sentence(analyzer, text, starts, not_starts):
    doc = paragraph_boundaries(analyzer.nlp.make_doc(text))
    assert [t.text for t in doc[1:] if t.is_sent_start] == starts
    assert [t.text for t in doc[1:] if t.is_sent_start is False] == not_starts


def test_the_lemmatizers_word_index_is_sets_with_the_same_lemmas():
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    lookups = Lookups()
    lookups.add_table("lemma_rules", {"noun": [["s", ""], ["ies", "y"]]})
    lookups.add_table("lemma_index", {"noun": ["talk", "party"]})
    lookups.add_table("lemma_exc", {"noun": {}})
    lemmatizer.initialize(lookups=lookups)
    words = ["talks", "parties", "Geneva", "ties"]

    def lemmas():
        lemmatizer.cache.clear()
        return [token.lemma_ for token in lemmatizer(Doc(nlp.vocab, words=words, pos=["NOUN"] * len(words)))]

    from_lists = lemmas()
    index_words_as_sets(lemmatizer)
    assert all(isinstance(words, set) for words in lemmatizer.lookups.get_table("lemma_index").values())
    assert lemmas() == from_lists == ["talk", "party", "Geneva", "tie"]
