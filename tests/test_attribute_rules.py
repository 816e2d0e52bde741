"""The model's attribute rules applied by newskb give every token what spaCy's AttributeRuler gives
it: part of speech, tag, dependency, morphology and lemma."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from newskb.nlp.attribute_rules import AttributeRules

# words the rules test ("ai n't", "gon na", "let 's", "there is", "y' all"), others, and white space
WORDS = ["ai", "n't", "nt", "gon", "na", "got", "ta", "let", "'s", "c'm", "on", "y'", "y", "all", "nothin'",
         "is", "are", "was", "'re", "there", "that", "which", "the", "talks", "held", "Geneva", "said", "to",
         " ", "\n", "\n\n"]
DEPS = ["aux", "auxpass", "det", "quantmod", "expl", "nsubj", "ROOT", "dep", ""]


@pytest.fixture(scope="module")
def rules(analyzer) -> AttributeRules:
    return analyzer.nlp.get_pipe("attribute_ruler")


def tags_tested(rules: AttributeRules) -> list[str]:
    """Every tag a rule tests for, and none."""
    tested = {""}
    for pattern in rules.ruler.patterns:
        for token in (token for alternative in pattern["patterns"] for token in alternative):
            tag = token.get("TAG", "")
            tested.update([tag] if isinstance(tag, str) else next(iter(tag.values())))
    return sorted(tested)


def attributes(doc: Doc) -> list[tuple]:
    return [(t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in doc]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_doc_gets_what_spacys_ruler_gives_it(rules, data):
    words = data.draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
    tag_of = data.draw(st.lists(st.sampled_from(tags_tested(rules)), min_size=len(words), max_size=len(words)))
    dep_of = data.draw(st.lists(st.sampled_from(DEPS), min_size=len(words), max_size=len(words)))

    def doc():
        return Doc(rules.ruler.vocab, words=words, tags=tag_of, deps=dep_of, heads=list(range(len(words))))

    assert attributes(rules(doc())) == attributes(rules.ruler(doc()))


def test_the_pipelines_ruler_is_newskbs_and_looks_most_rules_up(rules):
    assert isinstance(rules, AttributeRules)
    looked_up = {rule.number for column in rules.keyed for entries in column.values() for rule, _ in entries}
    assert len(looked_up) > 0.9 * len(rules.rules)
