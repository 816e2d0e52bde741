"""Sentences of a parsed Doc, computed once: spaCy's Token.sent walks the Doc on every call."""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

_KEY = "newskb_sentences"


def sentences(doc: Doc) -> list[Span]:
    cached = doc.user_data.get(_KEY)
    if cached is None:
        cached = list(doc.sents)
        doc.user_data[_KEY] = cached
        doc.user_data[_KEY + "_starts"] = [s.start for s in cached]
    return cached


def sent_of(item: Token | Span) -> Span:
    """The sentence a token (or a span's first token) is in."""
    doc = item.doc
    spans = sentences(doc)
    i = item.i if isinstance(item, Token) else item.start
    return spans[bisect_right(doc.user_data[_KEY + "_starts"], i) - 1]
