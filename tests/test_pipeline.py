"""What the pipeline changes in the model it loads: a new line starts a new sentence (its own
component before the parser); the lemmatizer looks its words up in sets, with the same lemmas; the
model multiplies with numpy's BLAS only where blis has no kernels for the CPU, with the same
annotations."""
from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, TAG
from spacy.lookups import Lookups
from spacy.tokens import Doc
from thinc.api import get_current_ops
from threadpoolctl import threadpool_info

from newskb.nlp import matrices
from newskb.nlp.pipeline import choose_model, index_words_as_sets, paragraph_boundaries


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


@pytest.mark.parametrize("kernels, blas, numpy_multiplies", [
    ("generic", ["openblas"], True),  # blis does not know the CPU
    ("generic", ["mkl"], True),
    ("generic", ["blis", "openblas"], True),
    ("generic", [], False),  # numpy's BLAS not an optimised one that threadpoolctl knows
    ("generic", ["flexiblas"], False),
    ("haswell", ["openblas"], False),  # blis has kernels for it: unchanged
    ("zen2", ["openblas"], False),
    (None, ["openblas"], False),  # blis does not say
])
def test_numpy_multiplies_only_where_blis_has_no_kernels(kernels, blas, numpy_multiplies):
    assert matrices.prefer_numpy_blas(kernels, blas) is numpy_multiplies


@pytest.mark.parametrize("prefer", [True, False])
def test_the_ops_while_loading_are_the_chosen_library_and_after_it_the_callers(monkeypatch, prefer):
    monkeypatch.setattr(matrices, "prefer_numpy_blas", lambda kernels, blas: prefer)
    before = get_current_ops()
    with matrices.matrix_products():
        inside = get_current_ops()
    assert get_current_ops() is before
    assert inside.use_blis is not prefer


def test_the_loaded_model_multiplies_as_chosen_with_the_same_annotations_as_blis(analyzer):
    prefer = matrices.prefer_numpy_blas(matrices.blis_kernels(), matrices.numpy_blas())
    if prefer:  # and on one thread
        assert {library["num_threads"] for library in threadpool_info() if library["user_api"] == "blas"} == {1}
    blis_only = spacy.load(choose_model(None))
    for nlp, use_blis in ((analyzer.nlp, not prefer), (blis_only, True)):  # the token vectors, most of the products
        for model in (nlp.get_pipe("tok2vec").model, nlp.get_pipe("ner").model.get_ref("tok2vec")):
            assert {layer.ops.use_blis for layer in model.walk()} == {use_blis}
    texts = ["The foreign ministers of France and Germany met in Geneva on Tuesday, officials said.",
             "\"We have made progress,\" Sergei Lavrov told reporters after the talks in Vienna."]
    attributes = [TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, LEMMA]
    for ours, theirs in zip(analyzer.nlp.pipe(texts), blis_only.pipe(texts)):
        assert numpy.array_equal(ours.to_array(attributes), theirs.to_array(attributes))
