"""Time expressions: what each kind of expression denotes (TimeML type, value, interval), read against
the publication date, the tense of its clause and the text's own dates; and found in sentences."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newskb.timex import Period, _grammar, read, resolve, scan

WED = dt.date(2022, 1, 12)  # a Wednesday
THU = dt.date(1989, 11, 2)  # a Thursday, in a season of third-quarter reports
FRI = dt.date(1998, 2, 27)  # a Friday
Q3_1989 = Period("quarter", dt.date(1989, 7, 1))
FEB_1974 = Period("month", dt.date(1974, 2, 1))


@pytest.mark.parametrize("text, published, tense, anchor, expected", [
    # weekdays: the tense decides the direction; the publication day's own weekday is that day
    ("Friday", WED, "past", None, ("DATE", "2022-01-07", "2022-01-07", "2022-01-07")),
    ("Friday", WED, "future", None, ("DATE", "2022-01-14", "2022-01-14", "2022-01-14")),
    ("Friday", WED, None, None, ("DATE", "2022-01-07", "2022-01-07", "2022-01-07")),
    ("Wednesday", WED, "future", None, ("DATE", "2022-01-12", "2022-01-12", "2022-01-12")),
    ("next Tuesday", WED, None, None, ("DATE", "2022-01-18", "2022-01-18", "2022-01-18")),
    ("last Thursday", WED, "future", None, ("DATE", "2022-01-06", "2022-01-06", "2022-01-06")),
    ("Friday night", FRI, "past", None, ("DATE", "1998-02-27TNI", "1998-02-27", "1998-02-27")),
    ("Saturday, April 25", dt.date(1998, 4, 24), "past", None, ("DATE", "1998-04-25", "1998-04-25", "1998-04-25")),
    # days relative to the publication date, and to the text's own date
    ("yesterday", WED, None, None, ("DATE", "2022-01-11", "2022-01-11", "2022-01-11")),
    ("tomorrow morning", WED, None, None, ("DATE", "2022-01-13TMO", "2022-01-13", "2022-01-13")),
    ("this morning", WED, None, None, ("TIME", "2022-01-12TMO", "2022-01-12", "2022-01-12")),
    ("last night", WED, None, None, ("TIME", "2022-01-11TNI", "2022-01-11", "2022-01-11")),
    ("10:35 a.m. Friday", FRI, "past", None, ("TIME", "1998-02-27T10:35", "1998-02-27", "1998-02-27")),
    ("noon Thursday", FRI, "past", None, ("TIME", "1998-02-26T12:00", "1998-02-26", "1998-02-26")),
    ("two days later", WED, "past", FEB_1974, ("DATE", "1974-02", "1974-02-03", "1974-03-02")),
    ("two days later", WED, "past", Period("day", dt.date(1974, 2, 8)), ("DATE", "1974-02-10", "1974-02-10", "1974-02-10")),
    ("the next day", WED, "past", Period("day", dt.date(1974, 2, 8)), ("DATE", "1974-02-09", "1974-02-09", "1974-02-09")),
    ("three days ago", WED, None, None, ("DATE", "2022-01-09", "2022-01-09", "2022-01-09")),
    # dates without a year: the nearest, or the tense's side within reach
    ("Jan. 13", WED, "future", None, ("DATE", "2022-01-13", "2022-01-13", "2022-01-13")),
    ("Oct. 23", dt.date(1999, 5, 6), "past", None, ("DATE", "1998-10-23", "1998-10-23", "1998-10-23")),
    ("March 12", dt.date(1999, 2, 16), "past", None, ("DATE", "1999-03-12", "1999-03-12", "1999-03-12")),
    ("December", WED, "future", None, ("DATE", "2022-12", "2022-12-01", "2022-12-31")),
    ("December", WED, "past", None, ("DATE", "2021-12", "2021-12-01", "2021-12-31")),
    ("13 January 2005", WED, None, None, ("DATE", "2005-01-13", "2005-01-13", "2005-01-13")),
    ("February 1974", WED, None, None, ("DATE", "1974-02", "1974-02-01", "1974-02-28")),
    ("the week of March 6", dt.date(2000, 2, 24), "future", None, ("DATE", "2000-W10", "2000-03-06", "2000-03-12")),
    ("Thanksgiving", THU, "future", None, ("DATE", "1989-11-23", "1989-11-23", "1989-11-23")),
    ("Christmas", WED, "past", None, ("DATE", "2021-12-25", "2021-12-25", "2021-12-25")),
    ("Valentine's Day", WED, "future", None, ("DATE", "2022-02-14", "2022-02-14", "2022-02-14")),
    ("July 4th", WED, "future", None, ("DATE", "2022-07-04", "2022-07-04", "2022-07-04")),
    # weeks, months, years, seasons, decades
    ("last week", WED, None, None, ("DATE", "2022-W01", "2022-01-03", "2022-01-09")),
    ("earlier this week", WED, None, None, ("DATE", "2022-W02", "2022-01-10", "2022-01-12")),
    ("later this month", WED, None, None, ("DATE", "2022-01", "2022-01-12", "2022-01-31")),
    ("the weekend", WED, "past", None, ("DATE", "2022-W01-WE", "2022-01-08", "2022-01-09")),
    ("next month", WED, None, None, ("DATE", "2022-02", "2022-02-01", "2022-02-28")),
    ("this year", THU, None, None, ("DATE", "1989", "1989-01-01", "1989-12-31")),
    ("early next year", THU, None, None, ("DATE", "1990", "1990-01-01", "1990-05-02")),
    ("the end of 1990", THU, None, None, ("DATE", "1990", "1990-09-01", "1990-12-31")),
    ("fiscal 1989", THU, None, None, ("DATE", "1989", "1989-01-01", "1989-12-31")),
    ("nineteen ninety-six", THU, None, None, ("DATE", "1996", "1996-01-01", "1996-12-31")),
    ("last fall", FRI, None, None, ("DATE", "1997-FA", "1997-09-01", "1997-11-30")),
    ("this summer", THU, None, None, ("DATE", "1989-SU", "1989-06-01", "1989-08-31")),
    ("the 1990s", THU, None, None, ("DATE", "199", "1990-01-01", "1999-12-31")),
    ("the late '70s", THU, None, None, ("DATE", "197", "1976-08-31", "1979-12-31")),
    ("the 20th century", THU, None, None, ("DATE", "19", "1900-01-01", "1999-12-31")),
    ("five years ago", THU, None, None, ("DATE", "1984", "1984-01-01", "1984-12-31")),
    # quarters: the one a report is about; "a year earlier" is that quarter a year before
    ("the third quarter", THU, "future", None, ("DATE", "1989-Q3", "1989-07-01", "1989-09-30")),
    ("third-quarter", THU, "past", None, ("DATE", "1989-Q3", "1989-07-01", "1989-09-30")),
    ("the first quarter", THU, "future", None, ("DATE", "1990-Q1", "1990-01-01", "1990-03-31")),
    ("the latest quarter", THU, None, None, ("DATE", "1989-Q3", "1989-07-01", "1989-09-30")),
    ("a year earlier", THU, "past", Q3_1989, ("DATE", "1988-Q3", "1988-07-01", "1988-09-30")),
    ("a year ago", THU, "past", Q3_1989, ("DATE", "1988-Q3", "1988-07-01", "1988-09-30")),
    ("a year ago", THU, "past", None, ("DATE", "1988", "1988-01-01", "1988-12-31")),
    ("the year-earlier period", THU, None, Q3_1989, ("DATE", "1988-Q3", "1988-07-01", "1988-09-30")),
    ("the first half of 1990", THU, None, None, ("DATE", "1990-H1", "1990-01-01", "1990-06-30")),
    ("Q3 2012", WED, None, None, ("DATE", "2012-Q3", "2012-07-01", "2012-09-30")),
    # the present, the past, the future
    ("now", WED, None, None, ("DATE", "PRESENT_REF", "2022-01-12", "2022-01-12")),
    ("currently", WED, None, None, ("DATE", "PRESENT_REF", "2022-01-12", "2022-01-12")),
    ("recently", WED, None, None, ("DATE", "PAST_REF", None, "2022-01-12")),
    ("the near future", WED, None, None, ("DATE", "FUTURE_REF", "2022-01-12", None)),
    ("one day", WED, "future", None, ("DATE", "FUTURE_REF", "2022-01-12", None)),
    # durations have no interval
    ("90 minutes", WED, "past", None, ("DURATION", "PT90M", None, None)),
    ("the past three years", WED, "past", None, ("DURATION", "P3Y", None, None)),
    ("the first nine months", THU, "past", None, ("DURATION", "P9M", None, None)),
    ("two-year", WED, None, None, ("DURATION", "P2Y", None, None)),
    ("2 1/2 years", WED, None, None, ("DURATION", "P2Y6M", None, None)),
    ("a minute and a half", WED, None, None, ("DURATION", "PT1M30S", None, None)),
    ("twenty four hours", WED, None, None, ("DURATION", "PT24H", None, None)),
    ("several years", WED, None, None, ("DURATION", "PXY", None, None)),
    ("recent months", WED, None, None, ("DURATION", "PXM", None, None)),
    ("nearly two decades", WED, None, None, ("DURATION", "P20Y", None, None)),
    ("the year ended March 31", THU, None, None, None),  # "the year" alone: see below
    # sets
    ("daily", WED, None, None, ("SET", "P1D", None, None)),
    ("every Thursday", WED, None, None, ("SET", "XXXX-WXX-4", None, None)),
    ("each July", WED, None, None, ("SET", "XXXX-07", None, None)),
    ("annually", WED, None, None, ("SET", "P1Y", None, None)),
    # without a publication date, only what names its year is placed
    ("Friday", None, "past", None, ("DATE", "XXXX-WXX-5", None, None)),
    ("March 12", None, None, None, ("DATE", "XXXX-03-12", None, None)),
    ("August 1988", None, None, None, ("DATE", "1988-08", "1988-08-01", "1988-08-31")),
    ("next week", None, None, None, ("DATE", "XXXX-WXX", None, None)),
    ("this morning", None, None, None, ("TIME", "XXXX-XX-XXTMO", None, None)),
    ("now", None, None, None, ("DATE", "PRESENT_REF", None, None)),
    # not time expressions
    ("the talks", WED, None, None, None),
    ("first of the year", WED, None, None, None),
])
def test_expressions(text, published, tense, anchor, expected):
    reading = resolve(text, published, tense, anchor)
    if expected is None:
        assert reading is None
        return
    type_, value, earliest, latest = expected
    assert (reading.type, reading.value) == (type_, value)
    assert (reading.earliest, reading.latest) == (
        dt.date.fromisoformat(earliest) if earliest else None, dt.date.fromisoformat(latest) if latest else None)


def test_the_year_ended_is_a_duration():
    [found] = [f for f in scan("In the year ended March 31, sales rose.") if f.text == "the year"]
    assert found.rule == "unit_ended"


EXPRESSIONS = ["Friday", "next Friday", "last week", "the third quarter", "a year earlier", "two days later",
               "March 12", "December", "the weekend", "last fall", "this summer", "early next year", "Thanksgiving",
               "the 1990s", "10 p.m. Wednesday", "the next day", "this week", "the year-ago period", "five years ago",
               "the end of the month", "later this year", "Christmas", "mid-1996", "the following month"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(EXPRESSIONS), st.dates(dt.date(1900, 1, 1), dt.date(2090, 12, 31)),
       st.sampled_from(["past", "present", "future", None]),
       st.one_of(st.none(), st.builds(Period.of, st.sampled_from(["day", "week", "month", "quarter", "year"]),
                                      st.dates(dt.date(1900, 1, 1), dt.date(2090, 12, 31)))))
def test_every_interval_is_ordered(text, published, tense, anchor):
    reading = resolve(text, published, tense, anchor)
    assert reading is not None and reading.type in ("DATE", "TIME")
    assert reading.earliest is not None and reading.earliest <= reading.latest


# words of the grammar and characters around them, strung together in any order
PIECES = list("0123456789 -/:.,'()") + ["May", "Friday", "the", "last", "next", "year", "quarter", "ago", "a.m.",
                                       "1990s", "of", "days", "third", "fiscal", "early", "two", "a", "half",
                                       "week", "ended", "Christmas", "now", "every", "'s", "1/2", "nineteen"]


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join),
                 st.lists(st.sampled_from(PIECES), max_size=30).map("".join)),
       st.one_of(st.none(), st.dates()))
def test_arbitrary_text_never_raises(text, published):
    from newskb.timex import Context

    for found in scan(text):
        assert text[found.start:found.end] == found.text
        reading = read(found, Context(published=published))
        if reading is not None and reading.earliest is not None and reading.latest is not None:
            assert reading.earliest <= reading.latest


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(PIECES + EXPRESSIONS), max_size=20).map(" ".join)))
def test_a_rule_is_left_untried_only_where_it_cannot_match(text):
    """scan tries a rule only from the characters its matches can begin with, as worked out from its
    pattern: wherever a rule matches, it is among those tried there."""
    grammar = _grammar()
    for start in range(len(text)):
        tried = grammar.rules_from(text[start])
        for rule in grammar.rules:
            if (m := rule[1].match(text, start)) and m.end() > start:
                assert rule in tried, (rule[0], text[start:m.end()])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["said", "will", "met", "on", "ahead", "until", ".", "\n"]), max_size=25)
       .map(" ".join), st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))))
def test_the_stage_never_raises_on_arbitrary_text(analyzer, text, published):
    doc = analyzer.nlp.make_doc(text)
    doc._.published = published
    doc = analyzer.nlp(doc)
    assert all(text[t.start:t.end] == t.text for t in doc._.times)


# -- in sentences: the parse decides what is a time, its tense and its anchor -----------------------------
@pytest.fixture(scope="module")
def times(analyse):
    def run(text: str, published: dt.date | None = WED):
        return [(t.text, t.type, t.value) for t in analyse(text, published).times]
    return run


@pytest.mark.parametrize("text, expected", [
    ("The talks ended without agreement after 90 minutes.", [("90 minutes", "DURATION", "PT90M")]),
    ("He spoke ahead of talks with the LSE on Friday.", [("Friday", "DATE", "2022-01-14")]),
    ("The ministers met on Friday.", [("Friday", "DATE", "2022-01-07")]),
    ("The ministers will meet on Friday.", [("Friday", "DATE", "2022-01-14")]),
    ("The deadline was postponed until Tuesday.", [("Tuesday", "DATE", "2022-01-18")]),
    ("In February 1974 the miners struck. Two days later the government fell.",
     [("February 1974", "DATE", "1974-02"), ("Two days later", "DATE", "1974-02")]),
    ("The strike began on Feb. 8, 1974. The next day the government fell.",
     [("Feb. 8, 1974", "DATE", "1974-02-08"), ("The next day", "DATE", "1974-02-09")]),
    ("They may meet again later in the week.", [("later in the week", "DATE", "2022-W02")]),
    ("Mr. Reupke, 52 years old, resigned.", []),
    ("A second group of directors resigned.", []),
    ("Iraq imports about three-quarters of its food.", []),
    ("The Sunday Times reported it.", []),
    ("Third-quarter net fell to $5 million from $7 million a year earlier.",
     [("Third-quarter", "DATE", "2021-Q3"), ("a year earlier", "DATE", "2020-Q3")]),
    ("Prices are now higher than they were recently.",
     [("now", "DATE", "PRESENT_REF"), ("recently", "DATE", "PAST_REF")]),
    ("The company pays $5 million a year.", [("a year", "SET", "P1Y")]),
    ("Rebels have fought for years.", [("years", "DURATION", "PXY")]),
    # both ends of a range are dates; a date is never read inside a word
    ("The board meets on January 31-February 2.",
     [("January 31", "DATE", "2022-01-31"), ("February 2", "DATE", "2022-02-02")]),
    ("Prices rose on a 2005-style rally in mid-January.", [("mid-January", "DATE", "2022-01")]),
    # a holiday's name inside a longer name is not the holiday
    ("They will mark Holocaust Memorial Day on 27 January.", [("27 January", "DATE", "2022-01-27")]),
])
def test_times_in_sentences(times, text, expected):
    assert times(text) == expected


def test_times_keep_their_offsets_and_anchor(analyse):
    text = "In February 1974 the miners struck. Two days later the government fell."
    found = analyse(text).times
    assert all(text[t.start:t.end] == t.text for t in found)
    assert found[1].anchor == 0 and found[0].anchor is None


def test_times_attached_to_a_word_and_within_a_clause(analyzer):
    from newskb.nlp.times import attached_to, within

    doc = analyzer.nlp("The ministers met on Friday and will meet again next week.")
    met = next(t for t in doc if t.text == "met")
    meet = next(t for t in doc if t.text == "meet")
    assert [t.text for t in attached_to(doc._.times, met)] == ["Friday"]
    assert [t.text for t in attached_to(doc._.times, meet)] == ["next week"]
    assert [t.text for t in within(doc._.times, doc[meet.left_edge.i:meet.right_edge.i + 1])] == ["next week"]
