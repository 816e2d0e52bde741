"""Date expressions as intervals against a fixed publication date (Wednesday 12 January 2022)."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newskb.dates import resolve

PUBLISHED = dt.date(2022, 1, 12)  # a Wednesday


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize("text, tense, earliest, latest", [
    ("January 13", None, "2022-01-13", "2022-01-13"),
    ("13 January 2005", None, "2005-01-13", "2005-01-13"),
    ("Jan. 13", "future", "2022-01-13", "2022-01-13"),
    ("on Thursday", "future", "2022-01-13", "2022-01-13"),
    ("on Thursday", "past", "2022-01-06", "2022-01-06"),
    ("on Wednesday", "past", "2022-01-12", "2022-01-12"),
    ("next week", None, "2022-01-17", "2022-01-23"),
    ("last week", None, "2022-01-03", "2022-01-09"),
    ("this week", None, "2022-01-10", "2022-01-16"),
    ("earlier this week", None, "2022-01-10", "2022-01-12"),
    ("later this week", None, "2022-01-12", "2022-01-16"),
    ("last month", None, "2021-12-01", "2021-12-31"),
    ("later this month", None, "2022-01-12", "2022-01-31"),
    ("tomorrow", None, "2022-01-13", "2022-01-13"),
    ("yesterday", None, "2022-01-11", "2022-01-11"),
    ("in April 2005", None, "2005-04-01", "2005-04-30"),
    ("in December", "future", "2022-12-01", "2022-12-31"),
    ("in December", "past", "2021-12-01", "2021-12-31"),
    ("the end of January", "future", "2022-01-21", "2022-01-31"),
    ("three days ago", None, "2022-01-09", "2022-01-09"),
    ("the next six months", None, "2022-01-12", "2022-07-12"),
    ("2005", None, "2005-01-01", "2005-12-31"),
    ("early 2006", None, "2006-01-01", "2006-05-02"),
])
def test_date_forms(text, tense, earliest, latest):
    interval = resolve(text, PUBLISHED, tense)
    assert (interval.earliest, interval.latest) == (d(earliest), d(latest))
    assert interval.text == text


@pytest.mark.parametrize("text", ["a year", "the talks", "first of the year"])
def test_not_a_date_keeps_the_text_and_no_bounds(text):
    interval = resolve(text, PUBLISHED)
    assert interval.earliest is None and interval.latest is None and interval.text == text


def test_without_publication_date_only_a_written_year_is_placed():
    assert resolve("January 13", None).earliest is None
    assert resolve("13 January 2005", None).earliest == d("2005-01-13")


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
       st.sampled_from(["this week", "earlier this week", "next month", "last year", "on Friday", "June 3",
                        "three weeks ago", "the next two years", "later this month", "mid-May"]),
       st.sampled_from([None, "past", "present", "future"]))
def test_intervals_are_well_formed(published, text, tense):
    interval = resolve(text, published, tense)
    assert interval.earliest is not None and interval.earliest <= interval.latest
