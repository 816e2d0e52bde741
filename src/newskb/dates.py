"""Dates as intervals, resolved against an article's publication date.

`dateparser` does the calendar work it does well (absolute dates in any common spelling, with the
granularity it recognised); rules here do what it cannot: periods such as "earlier this week" or
"later this month", which it returns nothing or a single day for, and the tense of the sentence,
which decides whether "on Thursday" is the last Thursday or the next.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from .records import DateInterval, Tense

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "few": 3, "several": 5,
           "couple of": 2, "a couple of": 2}
UNIT = r"(day|week|month|year|fortnight)s?"

_LEAD = re.compile(r"^(?:on|in|at|by|during|for|from|since|until|over|of)\s+", re.I)


def _week(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _shift(day: dt.date, unit: str, n: int) -> dt.date:
    unit = unit.rstrip("s")
    if unit == "day":
        return day + dt.timedelta(days=n)
    if unit == "week":
        return day + dt.timedelta(weeks=n)
    if unit == "fortnight":
        return day + dt.timedelta(weeks=2 * n)
    if unit == "month":
        return _add_months(day, n)
    return _add_months(day, 12 * n)


def _period(unit: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if unit == "week":
        return _week(day)
    if unit == "weekend":
        saturday = _week(day)[0] + dt.timedelta(days=5)
        return saturday, saturday + dt.timedelta(days=1)
    if unit == "month":
        return _month(day.year, day.month)
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)


def _count(word: str) -> int | None:
    word = word.lower().strip()
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def _part(lo: dt.date, hi: dt.date, part: str | None) -> tuple[dt.date, dt.date]:
    """early / mid / late of a period: its first, middle or last third."""
    if not part:
        return lo, hi
    third = (hi - lo).days // 3
    if part == "early":
        return lo, lo + dt.timedelta(days=third)
    if part in ("mid", "middle"):
        return lo + dt.timedelta(days=third), hi - dt.timedelta(days=third)
    return hi - dt.timedelta(days=third), hi


def _relative(expr: str, base: dt.date, tense: Tense | None) -> tuple[dt.date, dt.date] | None:
    """The periods and counts dateparser does not resolve to an interval."""
    day = dt.timedelta(days=1)
    simple = {
        "today": (base, base), "tonight": (base, base), "this morning": (base, base),
        "this afternoon": (base, base), "this evening": (base, base), "now": (base, base),
        "yesterday": (base - day, base - day), "last night": (base - day, base),
        "tomorrow": (base + day, base + day), "the day before": (base - day, base - day),
        "the day after": (base + day, base + day),
        "recently": (base - dt.timedelta(days=30), base),
        "soon": (base, base + dt.timedelta(days=30)),
    }
    if expr in simple:
        return simple[expr]
    if m := re.fullmatch(r"(?:(earlier|later) )?this (week|weekend|month|year)", expr):
        lo, hi = _period(m[2], base)
        if m[1] == "earlier":
            return lo, base
        if m[1] == "later":
            return base, hi
        return lo, hi
    if m := re.fullmatch(r"(next|last|past|coming|previous|following) (week|weekend|month|year)", expr):
        step = 1 if m[1] in ("next", "coming", "following") else -1
        if m[2] in ("week", "weekend"):
            return _period(m[2], base + dt.timedelta(weeks=step))
        return _period(m[2], _shift(base, m[2], step))
    if m := re.fullmatch(r"(?:the )?(early|mid|late)[- ]?(\w+)", expr):
        word = m[2]
        if word.isdigit() and len(word) == 4:
            return _part(dt.date(int(word), 1, 1), dt.date(int(word), 12, 31), m[1])
        if word in MONTHS:
            day = {"early": 1, "mid": 15, "middle": 15}.get(m[1], 28)
            lo, hi = _month(_pick_year(base, MONTHS[word], day, tense), MONTHS[word])
            return _part(lo, hi, m[1])
        if word in ("week", "month", "year"):
            return _part(*_period(word, base), m[1])
    if m := re.fullmatch(r"(?:the )?(?:next|coming|past|last|previous) (\w+(?: of)?) " + UNIT, expr):
        n = _count(m[1])
        if n is not None:
            ahead = not re.match(r"(?:the )?(?:past|last|previous)", expr)
            return (base, _shift(base, m[2], n)) if ahead else (_shift(base, m[2], -n), base)
    if m := re.fullmatch(r"(\w+(?: of)?) " + UNIT + r" (ago|earlier|before|later|after|from now|hence)", expr):
        n = _count(m[1])
        if n is not None:
            sign = -1 if m[3] in ("ago", "earlier", "before") else 1
            when = _shift(base, m[2], sign * n)
            return when, when
    if m := re.fullmatch(r"(?:(last|next|this) )?(" + "|".join(WEEKDAYS) + r")(?: (?:morning|afternoon|evening|night))?", expr):
        target = WEEKDAYS[m[2]]
        back = (base.weekday() - target) % 7
        ahead = (target - base.weekday()) % 7 or 7
        if m[1] == "next" or (m[1] is None and tense == "future"):
            when = base + dt.timedelta(days=ahead)
        elif m[1] == "last" or tense == "past" or back <= ahead:
            when = base - dt.timedelta(days=back)
        else:
            when = base + dt.timedelta(days=ahead)
        return when, when
    return None


def _pick_year(base: dt.date, month: int, day: int, tense: Tense | None) -> int:
    """The year of a date written without one: the nearest, or the nearest on the tense's side."""
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(dt.date(year, month, min(day, calendar.monthrange(year, month)[1])))
        except ValueError:
            continue
    if tense == "future":
        candidates = [c for c in candidates if c >= base] or candidates
    elif tense == "past":
        candidates = [c for c in candidates if c <= base] or candidates
    return min(candidates, key=lambda c: abs((c - base).days)).year


@lru_cache(maxsize=64)
def _parser(base: dt.date):
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": dt.datetime.combine(base, dt.time()), "PREFER_DAY_OF_MONTH": "first"}
    return DateDataParser(languages=["en"], settings=settings)


def _absolute(expr: str, base: dt.date, tense: Tense | None) -> tuple[dt.date, dt.date] | None:
    if not re.search(r"\d|" + "|".join(MONTHS), expr):
        return None
    data = _parser(base).get_date_data(expr)
    if data is None or data.date_obj is None:
        return None
    when, period = data.date_obj.date(), data.period
    year_written = re.search(r"\b\d{4}\b", expr) is not None
    if period == "year":
        return dt.date(when.year, 1, 1), dt.date(when.year, 12, 31)
    if not year_written:
        when = when.replace(year=_pick_year(base, when.month, when.day, tense))
    if period == "month":
        return _month(when.year, when.month)
    if period == "week":
        return _week(when)
    return when, when


def resolve(text: str, published: dt.date | None, tense: Tense | None = None) -> DateInterval:
    """The interval a date expression stands for; bounds stay null where the text gives none."""
    expr = re.sub(r"\s+", " ", text.strip().lower().replace("\u2019", "'")).rstrip(".,;")
    expr = _LEAD.sub("", expr)
    # "the end of January", "the beginning of next week": the last or first third
    expr = re.sub(r"^(?:the )?(end|close|beginning|start|middle) of (?:the )?", lambda m: {
        "end": "late ", "close": "late ", "beginning": "early ", "start": "early ", "middle": "mid "}[m[1]], expr)
    if published is not None:
        span = _relative(expr, published, tense) or _absolute(expr, published, tense)
    else:
        # Without a publication date only a date that names its year can be placed.
        span = _absolute(expr, dt.date(2000, 1, 1), tense) if re.search(r"\b\d{4}\b", expr) else None
    if span is None:
        return DateInterval(text=text)
    return DateInterval(text=text, earliest=span[0], latest=span[1])
