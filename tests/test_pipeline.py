"""The pipeline's own component before the parser: a new line starts a new sentence."""
from __future__ import annotations

import pytest

from newskb.nlp.pipeline import paragraph_boundaries


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
