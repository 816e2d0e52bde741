"""Quote marks found from the text alone: pairs, apostrophes, paragraphs, odd marks."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newskb.nlp.quotemarks import find_quotes


def quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotes(text)]


@pytest.mark.parametrize("text, expected", [
    ('He said "we will win" and left.', ["we will win"]),
    ("“I don’t think so,” she said.", ["I don’t think so,"]),
    ("Jess’ book on the ’90s was ‘awful’, he said.", ["awful"]),
    ("Flynn says Trump 'absolutely right' on generals' pay", ["absolutely right"]),
    ("EU China arms ban 'to be lifted'", ["to be lifted"]),
    ('“A nested ‘quote’ inside,” he said.', ["A nested ‘quote’ inside,"]),
    ('”What a day,” ― Ann Lee', ["What a day,"]),  # a closing mark typed where the quote opens
    ('Opec"s agency said output was "well below" its ceiling.', ["well below"]),  # an apostrophe typed as "
])
def test_quote_spans(text, expected):
    assert quoted(text) == expected


def test_quote_reopened_in_a_new_paragraph_continues():
    text = "“We are stating a principle.\n“On the contrary, it works,” he said."
    first, second = find_quotes(text)
    assert first.continues and not second.continues
    assert text[first.start:first.end] == "We are stating a principle."


def test_quote_reopened_without_closing_is_split_where_it_reopens():
    text = 'He said: "I am glad. "Once again they failed."'
    assert quoted(text) == ["I am glad.", "Once again they failed."]


def test_odd_quote_mark_ends_with_its_paragraph_and_keeps_the_rest():
    text = 'He said "this never closes\nA new paragraph "with a quote" here.'
    assert quoted(text) == ["this never closes", "with a quote"]


def test_apostrophes_are_not_quotes():
    assert quoted("Russia’s troops and the allies’ plans, and don't forget Jess' dog.") == []


@given(st.text(alphabet=st.sampled_from(list('ab "“”‘’\'\n.,')), max_size=200))
def test_spans_are_ordered_inside_the_text_and_never_cross_a_paragraph(text):
    spans = find_quotes(text)
    for q in spans:
        assert 0 <= q.start < q.end <= len(text)
        assert "\n" not in text[q.start:q.end]
    assert [q.start for q in spans] == sorted(q.start for q in spans)
