"""Which stored node a new record is: the rules of identity across articles, on records alone."""
from __future__ import annotations

import datetime as dt

import pytest

from newskb.identity import KnownNodes, core_name, existing, lookups, node_keys
from newskb.records import DateInterval, Meeting, Person


@pytest.mark.parametrize("a, b, same", [
    ("Donald J. Trump", "Donald Trump", True),
    ("Joseph R. Biden Jr.", "Joseph Biden", True),
    ("Paul D. Ryan", "Paul Ryan", True),
    ("Joe Biden", "Joseph R. Biden", True),
    ("Len Burman", "Leonard E. Burman", True),
    ("Hillary Clinton", "Bill Clinton", False),
])
def test_one_name_however_written(a, b, same):
    assert (core_name(a) == core_name(b)) is same


def known(new, *stored) -> KnownNodes:
    """What the store would hand the rules for `new`: the stored nodes under the keys it looks up."""
    keys: dict[tuple[str, str], list[str]] = {key: [] for key in lookups(new)}
    for node in stored:
        for key in node_keys(node):
            if (node.type, key) in keys:
                keys[(node.type, key)].append(node.id)
    return KnownNodes({n.id: n for n in stored}, keys, [new.id])


def meeting(id_: str, kind="debate", day=dt.date(2016, 9, 26), place=None, parties=(), text=None) -> Meeting:
    date = DateInterval(text=text or (day.isoformat() if day else None), earliest=day, latest=day)
    return Meeting(id=id_, name=kind, kind=kind, place=place, date=date, parties=list(parties))


def test_person_across_articles():
    stored = Person(id="person:donald-trump", name="Donald Trump")
    new = Person(id="person:donald-j-trump", name="Donald J. Trump")
    assert existing(known(new, stored), new) == stored.id
    # a surname alone is the one bearer of it the store knows, and no one where it knows two
    hillary = Person(id="person:hillary-clinton", name="Hillary Clinton")
    bill = Person(id="person:bill-clinton", name="Bill Clinton")
    new = Person(id="person:clinton", name="Clinton")
    assert existing(known(new, hillary), new) == hillary.id
    assert existing(known(new, hillary, bill), new) is None


@pytest.mark.parametrize("new, same", [
    (meeting("m:2", place="Hempstead"), True),  # same kind, day and place
    (meeting("m:2", parties=("Donald Trump", "Hillary Clinton")), True),  # two participants
    (meeting("m:2", parties=("Donald Trump",)), False),  # one participant is not one event
    (meeting("m:2", place="Hempstead", day=dt.date(2016, 10, 9)), False),  # another day
    (meeting("m:2", place="Hempstead", day=None), False),  # undated: nothing tells it apart
    (meeting("m:2", kind="rally", place="Hempstead"), False),  # another kind
    # reported as recent, days later: the week before the report, if more than the place is shared
    (meeting("m:2", day=dt.date(2016, 9, 30), text="recently, as reported",
             parties=("Donald Trump", "Hillary Clinton")), True),
    (meeting("m:2", place="Hempstead", day=dt.date(2016, 9, 30), text="recently, as reported"), False),
])
def test_meeting_across_articles(new, same):
    stored = meeting("m:1", place="Hempstead", parties=("Donald Trump", "Hillary Clinton"))
    assert (existing(known(new, stored), new) == stored.id) is same


def test_two_meetings_of_one_article_are_two_events():
    stored = meeting("m:1", place="Hempstead")
    new = meeting("m:2", place="Hempstead")
    assert existing(known(new, stored), new, taken={"m:1"}) is None
