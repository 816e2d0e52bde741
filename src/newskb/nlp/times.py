"""Time expressions of a parsed article (TimeML TIMEX3): the grammar of `timex.py` finds them in the
text, the parse says which are not times ("may" the verb, "Sunday" in a newspaper's name, "days" as
in "the days of empire"), what each modifies, and in which tense, and the grammar reads each in its
context: the publication date, the clause's tense, and the last date the text named.

    find_times(doc, published)  -> (TimeExpression, ...), in text order (`doc._.times` in the pipeline)
    attached_to(times, token)   -> the expressions that modify this token (a verb, a meeting noun)
    within(times, span)         -> the expressions inside a span (a clause: `doc[verb.left_edge.i:verb.right_edge.i + 1]`)
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from spacy.tokens import Doc, Span, Token

from .. import timex
from ..lexicon import lexicon
from ..records import Tense, TimeExpression
from .sentences import sent_of, text_of
from .tense import tense_of

# Named entities whose words are not times even where they look like one ("The Sunday Times").
NAME_LABELS = {"ORG", "PERSON", "WORK_OF_ART", "FAC", "PRODUCT", "LAW", "NORP", "GPE", "LOC"}


def _keep(doc: Doc, found: timex.Found, span: Span) -> bool:
    """Is what the grammar found a time in this sentence, by the parse?"""
    lex = lexicon()
    words = found.text.lower().split()
    if any(t.ent_type_ in NAME_LABELS for t in span):
        return False
    if found.rule == "month" and not any(t.tag_ == "NNP" and t.text[:1].isupper() for t in span):
        return False  # "May" the month, not the verb; "march" the verb
    if found.rule in ("duration", "ago", "set_per") and not _counts_time(doc, span):
        return False
    if found.rule == "holiday" and span.start > 0 and doc[span.start - 1].pos_ == "PROPN" \
            and doc[span.start - 1].head.i in range(span.start, span.end):
        return False  # "Holocaust Memorial Day" is not Memorial Day
    if found.rule == "season" and len(words) == 1:
        return span[0].pos_ in ("NOUN", "PROPN")
    if found.rule == "vague_duration" and re.fullmatch(r"[a-z]+s", found.text.lower()):
        # a bare plural is a duration where it says how long: "for years", "within weeks"
        before = doc[span.start - 1] if span.start > 0 else None
        return before is not None and before.lower_ in lex.timex_duration_heads
    if found.rule == "year" and len(span) == 1:
        token = span[0]
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if token.ent_type_ in ("MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"):
            return False
        if (before is not None and before.text in ("$", "#", "No.")) or (after is not None and after.text in ("%",)):
            return False
    return True


def _counts_time(doc: Doc, span: Span) -> bool:
    """A number and a unit that measure time: not an age ("52 years old", "a 6-month-old son"), an
    ordinal ("a second group"), a fraction ("three-quarters of its food")."""
    after = doc[span.end] if span.end < len(doc) else None
    last = span[-1]
    if last.lower_ == "old" or (after is not None and after.lower_ == "old") or "-old" in span.text.lower():
        return False
    if last.lower_ == "second" and (last.pos_ == "ADJ" or (after is not None and after.pos_ in ("NOUN", "ADJ", "PROPN"))):
        return False
    if last.lower_ == "quarters" and "-" in span.text and after is not None and after.lower_ == "of":
        return False
    return True


def _governor(span: Span) -> Token | None:
    """The word the expression modifies: through a preposition to its head ("met on Friday": met)."""
    node = span.root
    for _ in range(4):
        if node.head.i == node.i:
            return None if node.i in range(span.start, span.end) else node
        node = node.head
        if node.pos_ != "ADP" and not (span.start <= node.i < span.end):
            return node
    return node


def _tense(span: Span) -> Tense | None:
    """The tense the expression is read in: a signal of what is ahead on the way to its verb ("ahead of
    talks on Friday", "until Tuesday", "the upcoming vote on Friday") makes it future; else the tense
    of the verb of its clause."""
    lex = lexicon()
    signals = lex.timex_future_signals
    node = span.root
    until = False
    for _ in range(8):
        if node.lower_ in signals or (node.pos_ == "NOUN" and any(c.lower_ in signals for c in node.children
                                                                  if c.dep_ == "amod")):
            return "future"
        until = until or node.lower_ in lex.timex_deadline_prepositions
        if node.pos_ in ("VERB", "AUX") and not (span.start <= node.i < span.end):
            # "spoke ahead of talks with the LSE on Friday": the parser hangs "on Friday" on the verb,
            # but a time right after "ahead of ..." belongs to what lies ahead
            phrase_start = span.start - 1 if span.start and span.doc[span.start - 1].pos_ == "ADP" else span.start
            if any(c.lower_ in signals and c.right_edge.i + 1 == phrase_start for c in node.children):
                return "future"
            tense = tense_of(node)
            # "postponed until Tuesday", "has until Friday": a deadline ahead; "had not until Thursday": past
            if until and (tense != "past" or node.lemma_.lower() in lex.timex_deadline_verbs):
                return "future"
            return tense
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _after_quantity(doc: Doc, span: Span) -> bool:
    """'$5 million a year', 'interviews a day': the unit is a rate, not a length of time."""
    if span.start == 0:
        return False
    before = doc[span.start - 1]
    return before.like_num or before.lower_ in lexicon().timex_rate_words or before.tag_ == "NNS"


def _trim(doc: Doc, found: timex.Found, span: Span) -> tuple[timex.Found, Span]:
    """'the day before the shooting': 'before' governs the event, the time is 'the day'."""
    if found.rule == "relative_day" and span[-1].lower_ in ("before", "after") and span.end < len(doc) \
            and doc[span.end].pos_ in ("DET", "NOUN", "PROPN", "PRON", "NUM", "ADJ"):
        shorter = span[:-1]
        text = text_of(doc)[shorter.start_char:shorter.end_char]
        if (rule := timex.match(text)) is not None:
            return timex.Found(shorter.start_char, shorter.end_char, text, rule.rule), shorter
    return found, span


def _reported(reading: timex.Timex, text: str, published: dt.date | None) -> timex.Period | None:
    """The period a report gives figures for, which "a year earlier" compares with: a quarter or half,
    or the months of this year so far ("in the first nine months")."""
    if reading.period is not None and reading.anchor is None and reading.period.grain in ("quarter", "half"):
        return reading.period
    if reading.type == "DURATION" and published is not None and re.fullmatch(r"the (?:first |latest )?\S+ months", text.lower()):
        return timex.Period.of("year", published)
    return None


def find_times(doc: Doc, published: dt.date | None) -> tuple[TimeExpression, ...]:
    """Every time expression of the article, each read in its context, in text order."""
    out: list[TimeExpression] = []
    anchor: timex.Period | None = None
    index: dict[timex.Period, int] = {}  # each period the text named: the last expression naming it
    mentions: Counter[timex.Period] = Counter()  # quarters and halves: the report's topic is named most
    reported: tuple[int, timex.Period] | None = None  # the last reported period and its sentence
    for found in timex.scan(text_of(doc)):
        span = doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is None or not len(span) or not _keep(doc, found, span):
            continue
        found, span = _trim(doc, found, span)
        governor = _governor(span)
        tense = _tense(span)
        sentence = sent_of(span).start
        if reported is not None and reported[0] == sentence:
            topic = reported[1]  # "in the nine months, net rose from $5 million a year earlier"
        else:
            topic = max(mentions, key=mentions.__getitem__) if mentions else None  # the first on a tie
        context = timex.Context(published=published, tense=tense, anchor=anchor, topic=topic,
                                after_quantity=_after_quantity(doc, span))
        reading = timex.read(found, context)
        if reading is None:
            continue
        out.append(TimeExpression(
            start=found.start, end=found.end, text=found.text, type=reading.type, value=reading.value,
            earliest=reading.earliest, latest=reading.latest, tense=tense,
            anchor=index.get(reading.anchor) if reading.anchor is not None else None,
            governor=governor.i if governor is not None else None))
        if reading.period is not None and reading.anchor is None:
            anchor = reading.period
            index[anchor] = len(out) - 1
            if anchor.grain in ("quarter", "half"):
                mentions[anchor] += 1
        if (period := _reported(reading, found.text, published)) is not None:
            reported = (sentence, period)
            index.setdefault(period, len(out) - 1)
    return tuple(out)


def attached_to(times: tuple[TimeExpression, ...], token: Token) -> tuple[TimeExpression, ...]:
    """The expressions that modify this token: 'the talks on Friday' -> talks; 'met on Friday' -> met."""
    return tuple(t for t in times if t.governor == token.i)


def within(times: tuple[TimeExpression, ...], span: Span) -> tuple[TimeExpression, ...]:
    """The expressions whose words lie inside the span (a sentence, a clause, a noun phrase)."""
    return tuple(t for t in times if span.start_char <= t.start and t.end <= span.end_char)
