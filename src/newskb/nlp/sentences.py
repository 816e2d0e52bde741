"""What spaCy computes anew on every access, computed once per Doc: its text (Doc.text joins every
token, and so does Span.text over its tokens), its sentences (Token.sent walks the Doc on every call)."""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

_KEY = "newskb_sentences"
_TEXT = "newskb_text"


def known_text(doc: Doc, text: str) -> Doc:
    """The Doc of this very text (spaCy's tokens give back the text they were made from)."""
    doc.user_data[_TEXT] = text
    return doc


def text_of(doc: Doc) -> str:
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def span_text(span: Span) -> str:
    """`span.text`, cut from the Doc's text (a Span joins its tokens' texts one by one)."""
    return text_of(span.doc)[span.start_char:span.end_char]


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
