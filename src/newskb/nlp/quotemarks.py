"""Quoted passages found from quote marks alone, before any parse.

Handles curly and straight double quotes, a quote running over several paragraphs (a paragraph that
opens a quote and does not close it, the next one reopening it), single quote marks used as quotes
(headlines, or text with no double quotes) but not as apostrophes (`Jess'`, `'90s`, `don't`), and an
odd number of marks: an unclosed quote ends with its paragraph, and no text is ever dropped. A
straight double quote between letters is an apostrophe (wire copy typed 'Nigeria"s').
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = "\u201c\u201e\u00ab"  # “ „ «
DOUBLE_CLOSE = "\u201d\u00bb"  # ” »
STRAIGHT = '"'
SINGLE_OPEN = "\u2018"  # ‘
SINGLE_CLOSE = "\u2019"  # ’ (also the typographic apostrophe)
OPENERS_BEFORE = " \t\n([{\u2014\u2013-/:"
MAX_SINGLE_WORDS = 40
_SINGLE_OPENING = re.compile("[" + SINGLE_OPEN + "']")


@dataclass
class QuoteSpan:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    open_mark: int | None  # offset of the opening mark (None: the paragraph continues a quote)
    close_mark: int | None  # offset of the closing mark (None: unclosed)
    continues: bool = False  # the same utterance goes on in the next quote span
    single: bool = False

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _straight_role(text: str, i: int, lo: int, hi: int) -> str:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    opens = before in OPENERS_BEFORE or before in DOUBLE_OPEN + SINGLE_OPEN
    closes = after.isspace() or after in ".,;:!?)]}\u2014\u2013-\u2019'" or i + 1 >= hi
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _double_quotes(text: str, lo: int, hi: int) -> tuple[list[QuoteSpan], bool]:
    """Double-quoted spans of one paragraph, and whether its last quote is left open."""
    spans: list[QuoteSpan] = []
    opened: int | None = None
    content_start: int | None = None
    for i in range(lo, hi):
        c = text[i]
        if c in DOUBLE_OPEN:
            # an opening mark typed where a quote closes ("“Apparently not,“ he said") closes it
            after = text[i + 1] if i + 1 < hi else " "
            closes = content_start is not None and not text[i - 1].isspace() and (after.isspace() or after in ".,;:!?")
            role = "close" if closes else "open"
        elif c in DOUBLE_CLOSE:
            # a closing mark typed where a quote opens ("”What is ...") still opens it
            at_start = i == lo or text[i - 1].isspace()
            role = "open" if content_start is None and at_start and i + 1 < hi and text[i + 1].isalnum() else "close"
        elif c == STRAIGHT:
            if lo < i < hi - 1 and text[i - 1].isalpha() and text[i + 1].isalpha():
                continue  # typed for an apostrophe, between letters ('Nigeria"s', 'don"t')
            role = _straight_role(text, i, lo, hi)
        else:
            continue
        if content_start is None:
            if role in ("open", "either"):
                opened, content_start = i, i + 1
            continue
        if role == "open":
            # a new quote opens before the last one closed: the writer started a new paragraph of it
            start, end = _trim(text, content_start, i)
            if end > start:
                spans.append(QuoteSpan(start, end, opened, None, continues=True))
            opened, content_start = i, i + 1
            continue
        start, end = _trim(text, content_start, i)
        if end > start:
            spans.append(QuoteSpan(start, end, opened, i))
        opened, content_start = None, None
    still_open = False
    if content_start is not None:
        start, end = _trim(text, content_start, hi)
        if end > start:
            spans.append(QuoteSpan(start, end, opened, None))
            still_open = True
    return spans, still_open


def _single_quotes(text: str, lo: int, hi: int, taken: list[QuoteSpan]) -> list[QuoteSpan]:
    """'…' and ‘…’ pairs outside double quotes, told apart from apostrophes by what surrounds them."""
    spans = []
    i = lo
    while (mark := _SINGLE_OPENING.search(text, i, hi)) is not None:  # nothing opens elsewhere
        i = mark.start()
        inside = any(q.start - 1 <= i <= q.end for q in taken)
        if not inside:
            before = text[i - 1] if i > lo else " "
            after = text[i + 1] if i + 1 < hi else " "
            decade = re.match(r"\d\ds\b", text[i + 1:i + 4]) is not None
            if (before in OPENERS_BEFORE or before in DOUBLE_OPEN) and (after.isalnum()) and not decade:
                close = _single_close(text, i + 1, hi, taken)
                if close is not None:
                    spans.append(QuoteSpan(i + 1, close, i, close, single=True))
                    i = close + 1
                    continue
        i += 1
    return spans


def _single_close(text: str, start: int, hi: int, taken: list[QuoteSpan]) -> int | None:
    words = 0
    for j in range(start, hi):
        c = text[j]
        if c.isspace():
            words += 1
            if words > MAX_SINGLE_WORDS:
                return None
        if any(q.start - 1 <= j <= q.end for q in taken):
            return None
        if c in SINGLE_CLOSE + "'":
            after = text[j + 1] if j + 1 < hi else " "
            if text[j - 1].isspace() or after.isalnum():
                continue  # an apostrophe inside a word ("don't") or before one
            if text[j - 1] == "s" and after == " " and j + 2 < hi and text[j + 2].islower() \
                    and not re.match(r"[a-z]+[,.;:!?]", text[j + 2:j + 20]):
                continue  # "Jess' book": a plural possessive, not the end of a quote
            return j
    return None


def find_quotes(text: str) -> list[QuoteSpan]:
    """Every quoted span of the text, in order."""
    spans: list[QuoteSpan] = []
    paragraphs = _paragraphs(text)
    for n, (lo, hi) in enumerate(paragraphs):
        doubles, still_open = _double_quotes(text, lo, hi)
        # a paragraph that opens a quote and does not close it goes on in the next only if that
        # one reopens it; otherwise the quote simply ends with its paragraph
        if still_open and n + 1 < len(paragraphs):
            following = text[paragraphs[n + 1][0]:paragraphs[n + 1][1]].lstrip()
            doubles[-1].continues = following[:1] in DOUBLE_OPEN + STRAIGHT
        spans.extend(doubles)
        spans.extend(_single_quotes(text, lo, hi, doubles))
    return sorted(spans, key=lambda q: q.start)
