"""What spaCy computes anew on every access, computed once per Doc: its text (Doc.text joins every
token, and so does Span.text over its tokens), its sentences (Token.sent walks the Doc on every call);
and whether a word is in a class of words, tested once per process (Token.lower_ and .lemma_ build a
string at every call)."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection

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


class WordClass:
    """Whether a word, lower-cased, is in a fixed class of words, asked by the hash the Doc's arrays
    hold (the same in every Doc): each distinct word is read and tested once per process."""

    KEPT = 1 << 16  # distinct words remembered, at the most

    def __init__(self, words: Callable[[], Collection[str]]):
        self._read_words = words  # at first use: the lexicon loads lazily
        self._words: frozenset[str] | None = None
        self._known: dict[int, bool] = {}

    def holds(self, doc: Doc, word: int) -> bool:
        known = self._known.get(word)
        if known is None:
            if self._words is None:
                self._words = frozenset(self._read_words())
            if len(self._known) >= self.KEPT:
                self._known.clear()
            known = self._known[word] = doc.vocab.strings[word].lower() in self._words
        return known

    def tokens(self, doc: Doc, attribute: str) -> list[int]:
        """The indexes of the tokens whose `attribute` ("LOWER", "LEMMA") is in the class."""
        return [i for i, word in enumerate(doc.to_array(attribute).tolist()) if self.holds(doc, word)]
