"""TimeML time expressions (TIMEX3): what a piece of text denotes, given when it was written.

Pure Python (no spaCy): `scan(text)` finds the expressions the grammar knows, `read(found, context)`
gives each its TimeML type and value and, for dates and times, the interval of days it covers.
The grammar's words and patterns are data (`lexicon.json`, keys `timex_*`); what each pattern means
is the function here that bears its name. `python-dateutil` finds Easter and the nth weekday of a
month (holidays).

Context decides what relative expressions mean: the publication date ("yesterday", "last week"),
the tense of the clause ("Friday": the one before for "met", the one after for "will meet") and
the anchor, the last date the text itself named ("in February 1974 ... two days later").
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import re._constants as sre
import re._parser as sre_parse
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta, weekday as rd_weekday

from .lexicon import lexicon
from .records import Tense, TimexType


# -- calendar periods -------------------------------------------------------------------------------
GRAINS = ("day", "week", "weekend", "month", "season", "quarter", "half", "year", "decade", "century")
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # meteorological seasons: first month
DAYS = {"day": 1, "week": 7, "weekend": 2}  # grains measured in days, and in months:
MONTHS = {"month": 1, "season": 3, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day so many months later, or the month's last day if it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Period:
    """A calendar period: its grain and its first day (for a day, optionally a time of that day)."""

    grain: str
    start: dt.date
    time: str = ""  # "T14:30" or a part of the day ("TMO"); days only

    @classmethod
    def of(cls, grain: str, day: dt.date) -> Period:
        """The period of this grain that contains the day."""
        if grain == "week":
            return cls(grain, day - dt.timedelta(days=day.weekday()))
        if grain == "weekend":
            monday = day - dt.timedelta(days=day.weekday())
            return cls(grain, monday + dt.timedelta(days=5))
        if grain == "month":
            return cls(grain, day.replace(day=1))
        if grain == "quarter":
            return cls(grain, dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1))
        if grain == "half":
            return cls(grain, dt.date(day.year, 1 if day.month <= 6 else 7, 1))
        if grain == "season":
            month = 12 if day.month == 12 else 3 * (day.month // 3)
            year = day.year - 1 if day.month < 3 else day.year
            return cls(grain, dt.date(year, month or 12, 1))
        if grain == "year":
            return cls(grain, dt.date(day.year, 1, 1))
        if grain == "decade":
            return cls(grain, dt.date(day.year - day.year % 10, 1, 1))
        if grain == "century":
            return cls(grain, dt.date(day.year - day.year % 100, 1, 1))
        return cls("day", day)

    @property
    def end(self) -> dt.date:
        if self.grain in DAYS:
            return self.start + dt.timedelta(days=DAYS[self.grain] - 1)
        return _add_months(self.start, MONTHS[self.grain]) - dt.timedelta(days=1)

    def shift(self, n: int, unit: str | None = None) -> Period:
        """n units later (earlier if negative), keeping the grain: a quarter a year back is a quarter."""
        unit = unit or self.grain
        if unit in ("day", "week", "weekend", "fortnight"):
            moved = self.start + dt.timedelta(days=n * {"day": 1, "fortnight": 14}.get(unit, 7))
        elif unit in MONTHS:
            moved = _add_months(self.start, n * MONTHS[unit])
        else:
            return self
        return replace(Period.of(self.grain, moved), time=self.time)

    def value(self) -> str:
        d = self.start
        if self.grain == "day":
            return d.isoformat() + self.time
        if self.grain in ("week", "weekend"):
            year, week, _ = d.isocalendar()
            return f"{year}-W{week:02d}" + ("-WE" if self.grain == "weekend" else "")
        if self.grain == "month":
            return f"{d.year}-{d.month:02d}"
        if self.grain == "quarter":
            return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
        if self.grain == "half":
            return f"{d.year}-H{1 if d.month <= 6 else 2}"
        if self.grain == "season":
            code = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}[d.month]
            return f"{d.year}-{code}"
        if self.grain == "year":
            return str(d.year)
        if self.grain == "decade":
            return str(d.year // 10)
        return str(d.year // 100)


# -- results ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Timex:
    """One TIMEX3: type, value and, for dates and times, the days it may denote."""

    type: TimexType
    value: str
    earliest: dt.date | None = None
    latest: dt.date | None = None
    period: Period | None = None  # the calendar period it names, an anchor for what follows
    anchor: Period | None = None  # the period of the text it was read from, if not the publication date


def _date(period: Period, anchor: Period | None = None, type_: TimexType = "DATE") -> Timex:
    return Timex(type_, period.value(), period.start, period.end, period, anchor)


def _ref(value: str, published: dt.date | None) -> Timex:
    lo = hi = published
    if value == "PAST_REF":
        lo = None
    elif value == "FUTURE_REF":
        hi = None
    return Timex("DATE", value, lo, hi)


@dataclass(frozen=True)
class Context:
    """What a relative expression is read against."""

    published: dt.date | None = None
    tense: Tense | None = None
    anchor: Period | None = None  # the last calendar period the text named, if any
    topic: Period | None = None  # the period a report gives figures for (its sentence's, else its main quarter)
    after_quantity: bool = False  # "$5 million a year": a rate, not a length of time

    @property
    def compared(self) -> Period | None:
        """What "a year earlier", "the year-ago period" compare with: the report's period, else the anchor."""
        return self.topic or self.anchor


# -- the grammar --------------------------------------------------------------------------------------
def _alternation(words) -> str:
    """A regex alternation of words, longest first so that "sept." wins over "sep"."""
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def _classes() -> dict[str, str]:
    lex = lexicon()
    months = lex.timex_months
    units = list(lex.timex_units)
    plurals = [lex.timex_irregular_plurals.get(u, u + "s") for u in units]
    numbers = [w for w in lex.timex_numbers if w not in ("a", "an")]
    spelled = _alternation(numbers)
    unit_modifier = _alternation(lex.timex_unit_modifiers)
    unit_any = _alternation(units + plurals)
    return {
        "month": _alternation(list(months) + [m.rstrip(".") for m in months if m.endswith(".")]),
        "month_name": _alternation(m for m in months if not m.endswith(".")),
        "weekday": _alternation(lex.timex_weekdays),
        "season": _alternation(lex.timex_seasons),
        "day_part": _alternation(lex.timex_day_parts),
        "unit": _alternation(units),
        "units": _alternation(plurals),
        "unit_any": unit_any,
        "unit_modifier": unit_modifier,
        "vague": _alternation(lex.timex_vague_numbers),
        "ordinal": "(?:" + _alternation(lex.timex_ordinals) + r"|\d{1,2}(?:st|nd|rd|th))",
        "reference": _alternation(lex.timex_references),
        "frequency": _alternation(lex.timex_frequencies),
        "holiday": _alternation(lex.timex_holidays),
        "spelled": spelled,
        # a count: digits ("2", "2 1/2", "1.5") or words ("twenty four", "a hundred", "two and a half")
        "number": rf"(?:\d+(?:\.\d+)?(?:\s+\d/\d)?|(?:an?\s+(?=hundred|thousand))?{spelled}(?:[\s-]+(?:and\s+)?{spelled})*"
                  rf"(?:\s+and\s+a\s+half)?|an?(?=[\s-]+(?:{unit_modifier}[\s-]+)?{unit_any}\b))",
        "year": r"(?:1[0-9]\d\d|20\d\d)",
        "spelled_year": r"(?:nineteen[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                        r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen"
                        r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+and)?"
                        r"(?:\s+(?:one|two|three|four|five|six|seven|eight|nine|ten))?)",
        "day": r"(?:[12]\d|3[01]|0?[1-9])",
        "approx": _alternation(lex.timex_approximations),
        "clock": r"(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:a\.?m\b\.?|p\.?m\b\.?)|(?:[01]?\d|2[0-3]):[0-5]\d"
                 r"|(?:[01]?\d|2[0-3])\s+o'clock)",
        "zone": r"(?:\s*\(?" + _alternation(lex.timex_time_zones) + r"\)?)",
        "day_name": _alternation(lex.timex_day_names),
        "named_time": _alternation(_named_times()),
        "decade_word": _alternation(lex.timex_decades),
        "direction": _alternation(lex.timex_directions),
        "deixis": _alternation(lex.timex_deixis),
    }


WINDOW = 8  # words: the furthest a needed word lies from where an expression starts ("the end of the third quarter")
WORD = re.compile(r"[\w']+")
DIGIT = frozenset({"digit"})


def _named_times() -> list[str]:
    """Parts of the day that are a clock time ("noon", "midnight")."""
    return [word for word, value in lexicon().timex_day_parts.items() if value[1:2].isdigit()]


CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
              sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}


def _first(items) -> tuple[list[str] | None, bool]:
    """The pieces of a character class that a match of these parsed regex items begins with (None:
    any character), and whether they can match the empty string. Look-arounds are left out: they
    only narrow what can match."""
    pieces: list[str] = []
    for op, arg in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue
        if op is sre.LITERAL:
            return pieces + [re.escape(chr(arg))], False
        if op is sre.IN:
            for kind, value in arg:
                if kind is sre.LITERAL:
                    pieces.append(re.escape(chr(value)))
                elif kind is sre.RANGE:
                    pieces.append(re.escape(chr(value[0])) + "-" + re.escape(chr(value[1])))
                elif kind is sre.CATEGORY and value in CATEGORIES:
                    pieces.append(CATEGORIES[value])
                else:
                    return None, False
            return pieces, False
        if op is sre.SUBPATTERN:
            inner, empty = _first(arg[3])
        elif op is sre.BRANCH:
            branches = [_first(branch) for branch in arg[1]]
            if any(b is None for b, _ in branches):
                return None, False
            inner, empty = [p for b, _ in branches for p in b], any(e for _, e in branches)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            inner, empty = _first(arg[2])
            empty = empty or arg[0] == 0
        else:
            return None, False
        if inner is None:
            return None, False
        pieces += inner
        if not empty:
            return pieces, False
    return pieces, True


def _first_char(pattern: re.Pattern) -> re.Pattern | None:
    """The characters a non-empty match of the pattern can begin with, as a class (None: any)."""
    pieces, _ = _first(sre_parse.parse(pattern.pattern, pattern.flags))
    return None if pieces is None else re.compile("[" + "".join(pieces) + "]", pattern.flags)


@dataclass(frozen=True)
class Grammar:
    rules: list[tuple[str, re.Pattern, frozenset[str]]]  # name, pattern, the word classes it needs
    word_classes: dict[str, frozenset[str]]  # a lower-case word -> the classes it belongs to
    starters: frozenset[str]  # every word of the grammar: no expression starts with another
    first_chars: list[re.Pattern | None]  # for each rule, the characters its matches begin with
    by_first_char: dict[str, list[tuple[str, re.Pattern, frozenset[str]]]] = field(default_factory=dict)

    def rules_from(self, char: str) -> list[tuple[str, re.Pattern, frozenset[str]]]:
        """The rules that can match from a character: most cannot from most words ("the", a digit)."""
        if (found := self.by_first_char.get(char)) is None:
            found = self.by_first_char[char] = [rule for rule, first in zip(self.rules, self.first_chars)
                                                if first is None or first.match(char)]
        return found


def _expand(template: str) -> str:
    """A pattern of the grammar with its word classes ("{month}") written out."""
    classes = _classes()
    return re.sub(r"\{([a-z_]+)\}", lambda m: classes[m[1]], template)


@lru_cache(maxsize=None)
def _regex(template: str) -> re.Pattern:
    """A pattern with word classes, compiled once: spelling out the classes anew on every call made
    `re` hash and look up a pattern of thousands of characters."""
    return re.compile(_expand(template))


@lru_cache(maxsize=1)
def _grammar() -> Grammar:
    lex = lexicon()
    classes = _classes()
    patterns = {name: rule["pattern"] for name, rule in lex.timex_patterns.items()}
    # not inside a word ('2005-style', 'mid-March'), but both ends of a range are dates ('March 31-April 2')
    rules = [(name, re.compile(r"(?<![\w'])(?<![^\W\d]-)(?:" + _expand(p) + r")(?![\w]|-(?!\d|" + classes["month"] + r")\w)", re.I),
              frozenset(lex.timex_patterns[name]["needs"])) for name, p in patterns.items()]
    members: dict[str, set[str]] = {}

    def tag(words, cls: str) -> None:
        for word in words:
            members.setdefault(word.lower().rstrip("."), set()).add(cls)
    tag(lex.timex_months, "month")
    tag(lex.timex_weekdays, "weekday")
    tag(lex.timex_seasons, "season")
    tag(lex.timex_day_parts, "day_part")
    tag([*lex.timex_units, *(lex.timex_irregular_plurals.get(u, u + "s") for u in lex.timex_units)], "unit")
    tag(["weekend"], "unit")
    tag(lex.timex_day_names, "day_word")
    tag([WORD.findall(phrase)[-1] for phrase in lex.timex_directions], "ago")
    tag(_named_times(), "named_time")
    tag(["century"], "century")
    tag(lex.timex_decades, "decade")
    tag(["quarter", "half", "q1", "q2", "q3", "q4"], "quarter")
    tag(["period"], "period")
    tag(["end"], "end")
    tag(["nineteen", "thousand"], "spelled_year")
    tag(lex.timex_frequencies, "frequency")
    # phrases: their last word is the one they cannot do without ("the near [future]", "new year's [day]")
    tag([WORD.findall(phrase)[-1] for phrase in lex.timex_references], "reference")
    tag([WORD.findall(phrase)[-1] for phrase in lex.timex_holidays], "holiday")
    vocabulary = set(re.findall(r"[a-z']+", " ".join(_expand(p) for p in patterns.values()).lower()))
    return Grammar(rules, {w: frozenset(c) for w, c in members.items()}, frozenset(vocabulary | set(members)),
                   [_first_char(pattern) for _, pattern, _ in rules])


@dataclass(frozen=True)
class Found:
    """An expression the grammar found: where it is and which rule read it."""

    start: int
    end: int
    text: str
    rule: str


@lru_cache(maxsize=1 << 16)  # articles repeat their words: each is looked at once
def _word_tags(word: str) -> tuple[frozenset[str] | None, bool]:
    """A lower-case word's classes, if any ("friday's" is a weekday, "1990" a digit), and whether an
    expression may start with it (it has a class or is another word of the grammar)."""
    grammar = _grammar()
    cls = DIGIT if word[:2].lstrip("'")[:1].isdigit() else grammar.word_classes.get(word.rstrip("'").removesuffix("'s"))
    return cls, bool(cls) or word in grammar.starters


def scan(text: str) -> list[Found]:
    """Every expression the grammar finds, leftmost-longest, none overlapping."""
    grammar = _grammar()
    # the classes of each word that has any ("Friday's" is a weekday), and the words an expression
    # may start with: those and the grammar's other words
    tags: dict[int, frozenset[str]] = {}
    candidates: list[tuple[int, int]] = []  # a word's index and where it starts
    for i, w in enumerate(WORD.finditer(text)):
        cls, candidate = _word_tags(w[0].lower())
        if cls:
            tags[i] = cls
        if candidate:
            candidates.append((i, w.start()))
    out: list[Found] = []
    taken_until = -1
    tagged = list(tags)  # in text order
    k = 0  # tagged[k] is the first tagged word at or after i
    for i, start in candidates:
        while k < len(tagged) and tagged[k] < i:
            k += 1
        if k == len(tagged):
            break
        if tagged[k] >= i + WINDOW or start < taken_until:
            continue
        near = frozenset().union(*(tags[j] for j in tagged[k:k + WINDOW] if j < i + WINDOW))
        best: tuple[int, str] | None = None
        for name, pattern, needs in grammar.rules_from(text[start]):
            if needs & near and (m := pattern.match(text, start)) and m.end() > start \
                    and (best is None or m.end() > best[0]):
                best = (m.end(), name)
        if best is not None:
            out.append(Found(start, best[0], text[start:best[0]], best[1]))
            taken_until = best[0]
    return out


def match(text: str) -> Found | None:
    """The rule that reads the whole text, if one does."""
    for name, pattern, _ in _grammar().rules:
        if pattern.fullmatch(text.strip()):
            return Found(0, len(text), text, name)
    return None


# -- reading ------------------------------------------------------------------------------------------
def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2018", "'").lower()).strip()


def _number(text: str) -> float | None:
    """'2', '2 1/2', '1.5', 'twenty four', 'a hundred', 'two and a half' -> the number; None if vague."""
    numbers = lexicon().timex_numbers
    text = text.strip()
    if m := re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+(\d)/(\d))?", text):
        return float(m[1]) + (int(m[2]) / int(m[3]) if m[2] else 0)
    if text in numbers:
        return float(numbers[text])
    total = current = 0.0
    half = text.endswith("and a half")
    words = re.split(r"[\s-]+", text.removesuffix("and a half"))
    for word in words:
        if word in ("and", ""):
            continue
        if word not in numbers:
            return None
        value = numbers[word]
        if value in (100, 1000):
            current = (current or 1) * value
            if value == 1000:
                total, current = total + current, 0
        else:
            current += value
    result = total + current
    return (result + 0.5 if half else result) or None


def _unit(word: str) -> str | None:
    """The singular unit a word names ('centuries' -> 'century')."""
    lex = lexicon()
    word = word.lower()
    if word in lex.timex_units:
        return word
    for unit, plural in lex.timex_irregular_plurals.items():
        if word == plural:
            return unit
    if word.endswith("s") and word[:-1] in lex.timex_units:
        return word[:-1]
    return None


# a fraction of a unit in the next smaller one: 2 1/2 years -> P2Y6M, 1 1/2 minutes -> PT1M30S
SMALLER = {("P", "Y"): ("M", 12), ("P", "Q"): ("M", 3), ("P", "M"): ("W", 4), ("P", "W"): ("D", 7),
           ("P", "D"): ("H", 24), ("PT", "H"): ("M", 60), ("PT", "M"): ("S", 60)}


def _duration(n: float | None, unit: str) -> str:
    """A TimeML duration: 3 days -> P3D, 90 minutes -> PT90M, 2 1/2 years -> P2Y6M, a few years -> PXY."""
    one, vague = lexicon().timex_units[unit]
    if n is None:
        return vague
    m = re.fullmatch(r"(PT?)(\d+)([A-Z])", one)
    prefix, size, letter = m[1], int(m[2]), m[3]
    whole, frac = int(n), n - int(n)
    if whole * size and not frac:
        return f"{prefix}{whole * size}{letter}"
    smaller, per = SMALLER.get((prefix, letter), (None, 0))
    rest = round(frac * size * per)
    if smaller is None or not rest:
        return f"{prefix}{max(1, round(n * size))}{letter}"
    head = f"{prefix}{whole * size}{letter}" if whole else prefix
    return head + ("T" if letter == "D" else "") + f"{rest}{smaller}"


def _pick(candidates: list[Period], ref: dt.date, tense: Tense | None, reach: int | None = None) -> Period:
    """Of periods with the same name ("Friday", "the third quarter"), the one the tense points to:
    the earliest not yet over for the future, the latest begun by the reference day for the past
    (unless that lies more than `reach` days back: past verbs also report plans, "invited them to a
    ceremony on March 12"), else the nearest, the earlier one on a tie."""
    if tense == "future":
        ahead = [p for p in candidates if p.end >= ref]
        return min(ahead, key=lambda p: p.start) if ahead else candidates[-1]
    if tense in ("past", None):
        begun = [p for p in candidates if p.start <= ref]
        if begun and (reach is None or (ref - max(p.start for p in begun)).days <= reach):
            return max(begun, key=lambda p: p.start)
    return min(candidates, key=lambda p: (0 if p.start <= ref <= p.end else
                                          min(abs((p.start - ref).days), abs((p.end - ref).days)), p.start))


PAST_REACH = 300  # days: a date named without its year lies at most this far back for a past verb


def _safe_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _weekday(iso: int, ref: dt.date, word: str | None, tense: Tense | None) -> dt.date:
    """The day named by a weekday, from the reference day: 'last'/'next' are strict, the tense picks
    the one before or after, and a weekday that is the reference day's own is that day."""
    delta = iso - ref.isoweekday()
    if word in ("last", "this past", "the previous"):
        return ref + dt.timedelta(days=(delta % 7) - 7 if delta % 7 else -7)
    if word in ("next", "this coming", "the following"):
        return ref + dt.timedelta(days=delta % 7 or 7)
    if word == "this":
        return ref + dt.timedelta(days=delta)
    if delta == 0:
        return ref
    if tense == "future":
        return ref + dt.timedelta(days=delta % 7)
    return ref - dt.timedelta(days=(-delta) % 7)


def _year_of(text: str) -> int | None:
    if m := re.search(r"\b(1[0-9]\d\d|20\d\d)\b", text):
        return int(m[1])
    if m := _regex("{spelled_year}").search(text):
        return _spelled_year(m[0])
    return None


def _year_named(text: str, ref: dt.date | None) -> int | None:
    """The year a month or quarter is given: written ('March 1996'), or said from the publication
    date ('July last year', "next year's first quarter", 'this September')."""
    if (year := _year_of(text)) is not None:
        return year
    if ref is None:
        return None
    if re.search(r"\blast year|\byear-(?:earlier|ago)\b", text):
        return ref.year - 1
    if re.search(r"\bnext year", text):
        return ref.year + 1
    if re.search(r"\bthis\b", text):
        return ref.year
    return None


def _spelled_year(text: str) -> int | None:
    words = [w for w in re.split(r"[\s-]+", text) if w != "and"]
    numbers = lexicon().timex_numbers
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(int(numbers.get(w, 0)) for w in words[2:])
    if words[0] == "nineteen" and len(words) > 1:
        return 1900 + sum(int(numbers.get(w, 0)) for w in words[1:])
    return None


def _narrow(period: Period, text: str, ref: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """early / mid / late (or 'the beginning / middle / end of') a period: a third of it; 'earlier' /
    'later' this period: up to or from the reference day."""
    lo, hi = period.start, period.end
    third = dt.timedelta(days=(hi - lo).days // 3)
    if re.search(r"\bearlier\b", text) and ref and lo <= ref <= hi:
        return lo, ref
    if re.search(r"\blater\b", text) and ref and lo <= ref <= hi:
        return ref, hi
    if re.search(r"\b(early|beginning|start)\b", text):
        return lo, lo + third
    if re.search(r"\b(mid|middle)\b", text):
        return lo + third, hi - third
    if re.search(r"\b(late|end|close)\b", text):
        return hi - third, hi
    return lo, hi


def _narrowed(period: Period, text: str, ref: dt.date | None = None, anchor: Period | None = None) -> Timex:
    lo, hi = _narrow(period, text, ref)
    return Timex("DATE", period.value(), lo, hi, period, anchor)


Reader = Callable[[str, Context], "Timex | None"]
READERS: dict[str, Reader] = {}


def reads(*names: str):
    def register(fn: Reader) -> Reader:
        for name in names:
            READERS[name] = fn
        return fn
    return register


def _day_of(text: str, ctx: Context) -> tuple[dt.date | None, Period | None]:
    """The day a clock time or part of day belongs to: the day the text names, else the anchor's day,
    else the publication date. Returns the day and the anchor if it came from there."""
    ref = ctx.published
    lex = lexicon()
    if ref is not None:
        if re.search(r"\byesterday\b", text):
            return ref - dt.timedelta(days=1), None
        if re.search(r"\btomorrow\b", text):
            return ref + dt.timedelta(days=1), None
        if re.search(r"\b(today|tonight)\b", text):
            return ref, None
    if m := _regex(r"{month}\s+(\d{1,2})(?:st|nd|rd|th)?\b").search(text):
        month = _month_number(m[0].rsplit(" ", 1)[0])
        if ref is not None and month:
            return _pick([Period("day", d) for k in (-1, 0, 1) if (d := _safe_day(ref.year + k, month, int(m[1])))],
                         ref, ctx.tense, PAST_REACH).start, None
    for name, iso in lex.timex_weekdays.items():
        if re.search(rf"\b{name}\b", text) and ref is not None:
            return _weekday(iso, ref, None, ctx.tense), None
    if ctx.anchor is not None and ctx.anchor.grain == "day":
        return ctx.anchor.start, ctx.anchor
    return ref, None


def _month_number(word: str) -> int | None:
    months = lexicon().timex_months
    word = word.strip().lower()
    return months.get(word) or months.get(word + ".")


def _time(day: dt.date | None, clock: str, anchor: Period | None) -> Timex:
    if day is None:
        return Timex("TIME", "XXXX-XX-XX" + clock)
    return _date(Period("day", day, clock), anchor, "TIME")


@reads("clock_time")
def _clock_time(text: str, ctx: Context) -> Timex | None:
    m = re.search(r"\b([01]?\d|2[0-3])(?::([0-5]\d))?\s*(a\.?m|p\.?m|o'clock)?", text)
    if not m:
        return None
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3] and m[3].startswith("p") and hour < 12:
        hour += 12
    elif m[3] and m[3].startswith("a") and hour == 12:
        hour = 0
    day, anchor = _day_of(text[:m.start()] + text[m.end():], ctx)
    return _time(day, f"T{hour:02d}:{minute:02d}", anchor)


@reads("named_time")
def _named_time(text: str, ctx: Context) -> Timex | None:
    word = _regex("{named_time}").search(text)[0]
    day, anchor = _day_of(text.replace(word, ""), ctx)
    return _time(day, lexicon().timex_day_parts[word], anchor)


@reads("month_day", "day_month")
def _month_day(text: str, ctx: Context) -> Timex | None:
    m = _regex(r"({month})\s+(\d{1,2})(?:st|nd|rd|th)?\b").search(text) or \
        _regex(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?({month})").search(text)
    if not m:
        return None
    month_word, day_text = (m[1], m[2]) if not m[1][0].isdigit() else (m[2], m[1])
    month, day = _month_number(month_word), int(day_text)
    year = _year_of(text[m.end():])
    if not month or not 1 <= day <= 31:
        return None
    if year is not None:
        when = _safe_day(year, month, day)
        return _date(Period("day", when)) if when else None
    ref = ctx.published
    if ref is None:
        return Timex("DATE", f"XXXX-{month:02d}-{day:02d}")
    days = [Period("day", d) for k in (-1, 0, 1) if (d := _safe_day(ref.year + k, month, day))]
    if weekday := _regex("{weekday}").match(text):  # "Saturday, April 25" says which year
        iso = lexicon().timex_weekdays[weekday[0]]
        days = [p for p in days if p.start.isoweekday() == iso] or days
    return _date(_pick(days, ref, ctx.tense, PAST_REACH)) if days else None


@reads("iso_date")
def _iso_date(text: str, ctx: Context) -> Timex | None:
    try:
        return _date(Period("day", dt.date.fromisoformat(text)))
    except ValueError:
        return None


@reads("slash_date")
def _slash_date(text: str, ctx: Context) -> Timex | None:
    month, day, year = (int(x) for x in text.split("/"))
    if year < 100:
        century = (ctx.published.year if ctx.published else 2000) // 100 * 100
        year += century if century + year <= (ctx.published.year if ctx.published else 2099) + 1 else century - 100
    when = _safe_day(year, month, day)
    return _date(Period("day", when)) if when else None


@reads("month_year", "month")
def _month(text: str, ctx: Context) -> Timex | None:
    m = _regex("{month}").search(text)
    month = _month_number(m[0]) if m else None
    if not month:
        return None
    ref = ctx.published
    if (year := _year_named(text, ref)) is not None:
        return _narrowed(Period("month", dt.date(year, month, 1)), text)
    if ref is None:
        return Timex("DATE", f"XXXX-{month:02d}")
    candidates = [Period("month", dt.date(ref.year + k, month, 1)) for k in (-1, 0, 1)]
    if re.search(r"\blast\b|\bthis past\b", text):
        period = max((p for p in candidates if p.end < Period.of("month", ref).start), key=lambda p: p.start)
    elif re.search(r"\bnext\b|\bthis coming\b", text):
        period = min((p for p in candidates if p.start > ref), key=lambda p: p.start)
    else:
        period = _pick(candidates, ref, ctx.tense, PAST_REACH)
    return _narrowed(period, text)


@reads("decade")
def _decade(text: str, ctx: Context) -> Timex | None:
    words = lexicon().timex_decades
    if m := re.search(r"\b(\d{3})0'?s", text):
        start = int(m[1]) * 10
    else:
        m = re.search(r"'(\d)0s|(" + "|".join(words) + ")", text)
        tens = int(m[1]) if m[1] else words[m[2]]
        century = 1900 if ctx.published is None else (ctx.published.year // 100) * 100
        start = century + 10 * tens
        if ctx.published is not None and start > ctx.published.year:
            start -= 100
    return _narrowed(Period("decade", dt.date(start, 1, 1)), text)


@reads("century")
def _century(text: str, ctx: Context) -> Timex | None:
    m = _regex(r"(\d{1,2})(?:st|nd|rd|th)|({ordinal})").search(text)
    number = int(m[1]) if m[1] else lexicon().timex_ordinals.get(m[2].replace(" ", "-"))
    if not number:
        return None
    return _narrowed(Period("century", dt.date(100 * (number - 1) or 1, 1, 1)), text)


def _ordinal(text: str) -> int | None:
    if m := re.search(r"\b(\d{1,2})(?:st|nd|rd|th)\b", text):
        return int(m[1])
    for word, n in sorted(lexicon().timex_ordinals.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{word}\b", text):
            return n
    return None


def _anchor_or_now(ctx: Context, grain: str, anchor: Period | None = None) -> tuple[Period | None, Period | None]:
    """The anchor at the grain asked for, else the publication date's period of that grain; and the
    anchor if it was used."""
    anchor = anchor or ctx.anchor
    if anchor is not None and GRAINS.index(anchor.grain) <= GRAINS.index(grain):
        return Period.of(grain, anchor.start), anchor
    if ctx.published is None:
        return None, None
    return Period.of(grain, ctx.published), None


@reads("quarter")
def _quarter(text: str, ctx: Context) -> Timex | None:
    grain = "half" if re.search(r"\bhalf\b", text) else "quarter"
    n = _ordinal(re.sub(r"\b(fiscal|calendar)\b", "", text))
    if n is None or n > (2 if grain == "half" else 4):
        return None
    month = 1 + (n - 1) * (6 if grain == "half" else 3)
    ref = ctx.published
    if (year := _year_named(text, ref)) is not None:
        return _date(Period(grain, dt.date(year, month, 1)))
    if ref is None:
        return Timex("DATE", f"XXXX-{'H' if grain == 'half' else 'Q'}{n}")
    periods = [Period(grain, dt.date(ref.year + k, month, 1)) for k in (-1, 0, 1)]
    # the latest begun (a report speaks of the quarter just over); ahead only for the future tense
    # when that one ended long ago ("expects first-quarter sales" in November)
    period = _pick(periods, ref, "past")
    if ctx.tense == "future" and (ref - period.end).days > 120:
        period = _pick(periods, ref, "future")
    return _date(period)


@reads("quarter_code")
def _quarter_code(text: str, ctx: Context) -> Timex | None:
    """'Q3', 'Q3 2013': read as 'the third quarter (of 2013)'."""
    n = int(re.search(r"q([1-4])", text)[1])
    year = _year_of(text)
    ordinal = {1: "first", 2: "second", 3: "third", 4: "fourth"}[n]
    return _quarter(f"{ordinal} quarter" + (f" of {year}" if year else ""), ctx)


@reads("year_ago_period")
def _year_ago_period(text: str, ctx: Context) -> Timex | None:
    base, anchor = _anchor_or_now(ctx, "quarter", ctx.compared)
    if base is None:
        return None
    if anchor is not None and anchor.grain in ("quarter", "half", "month"):
        base = anchor
    if (n := _ordinal(text)) is not None and n <= 4:
        base = Period("quarter", dt.date(base.start.year, 1 + 3 * (n - 1), 1))
    year = _year_of(text)
    period = base.shift(-1, "year") if year is None else \
        Period.of(base.grain, base.start.replace(year=year))
    return _date(period, anchor)


@reads("this_period")
def _this_period(text: str, ctx: Context) -> Timex | None:
    lex = lexicon()
    m = _regex(r"\b({deixis})\s+(?:fiscal\s+|calendar\s+)?(\w+)$").search(text)
    if not m:
        return None
    word, noun = re.sub(r"\s+", " ", m[1]), m[2]
    seasons = lex.timex_seasons
    grain = "season" if noun in seasons else noun
    if grain == "period":
        grain = ctx.anchor.grain if ctx.anchor is not None and ctx.anchor.grain != "day" else "quarter"
    if grain not in GRAINS or ctx.published is None:
        return None
    step = lex.timex_deixis[word]
    if word in lex.timex_anaphoric_deixis and ctx.anchor is not None:
        base, anchor = Period.of(grain, ctx.anchor.start), ctx.anchor
    else:
        base, anchor = Period.of(grain, ctx.published), None
    if grain == "season":
        code = seasons[noun]
        ref = ctx.published
        candidates = [Period("season", dt.date(ref.year + k, SEASON_MONTH[code], 1)) for k in (-2, -1, 0, 1)]
        current = Period.of("season", ref)
        if step < 0:
            period = max((p for p in candidates if p.start < current.start), key=lambda p: p.start)
        elif step > 0:
            period = min((p for p in candidates if p.start > current.start), key=lambda p: p.start)
        else:
            period = next(p for p in candidates if p.start.year == ref.year or (code == "WI" and p.start.year == ref.year - 1 and ref.month < 3))
        return _narrowed(period, text, ref)
    if word == "the latest" and grain == "quarter":
        step = -1  # the latest quarter reported: the last one over
    return _narrowed(base.shift(step), text, ctx.published, anchor)


@reads("early_later")
def _early_later(text: str, ctx: Context) -> Timex | None:
    grain = re.search(r"(week|month|year|day)$", text)[1]
    if ctx.published is None:
        return None
    base, anchor = (_anchor_or_now(ctx, grain) if " the " in f" {text} " else (Period.of(grain, ctx.published), None))
    return _narrowed(base, text, ctx.published, anchor)


@reads("season")
def _season(text: str, ctx: Context) -> Timex | None:
    m = _regex("{season}").search(text)
    code = lexicon().timex_seasons[m[0]]
    year = _year_of(text)
    if year is not None:
        return _narrowed(Period("season", dt.date(year, SEASON_MONTH[code], 1)), text)
    if ctx.published is None:
        return Timex("DATE", f"XXXX-{code}")
    ref = ctx.published
    return _narrowed(_pick([Period("season", dt.date(ref.year + k, SEASON_MONTH[code], 1)) for k in (-1, 0, 1)],
                           ref, ctx.tense), text)


@reads("weekday")
def _weekday_rule(text: str, ctx: Context) -> Timex | None:
    lex = lexicon()
    m = _regex("{weekday}").search(text)
    iso = lex.timex_weekdays[m[0]]
    part = _regex("{day_part}$").search(text)
    clock = lex.timex_day_parts[part[0]] if part else ""
    word = re.match(r"(last|next|this past|this coming|this|the previous|the following)\b", text)
    word = word[1] if word else None
    ref, anchor = ctx.published, None
    if word in ("the previous", "the following") and ctx.anchor is not None:
        ref, anchor = ctx.anchor.start, ctx.anchor
    if ref is None:
        return Timex("TIME" if clock else "DATE", f"XXXX-WXX-{iso}" + clock)
    day = _weekday(iso, ref, word, ctx.tense)
    # "Friday night": a day with a part of it, a DATE as the TimeML corpora annotate it
    return _date(Period("day", day, clock), anchor)


@reads("day_word")
def _day_word(text: str, ctx: Context) -> Timex | None:
    ref = ctx.published
    if ref is None:
        return None
    lex = lexicon()
    named_day = _regex("{day_name}").search(text)
    offset = lex.timex_day_names[named_day[0]] if named_day else 0
    if re.search(r"\bday before\b", text):
        offset -= 1
    elif re.search(r"\bday after\b", text):
        offset += 1
    part = _regex("{day_part}").search(text)
    clock = lex.timex_day_parts[part[0]] if part else ""
    if text == "tonight":
        clock = "TNI"
    elif text.startswith("last "):
        offset = -1
    # "this morning", "last night", "tonight" name a part of a day: TIMEs; "yesterday morning" a day
    named_day = named_day and named_day[0] != "tonight"
    return _date(Period("day", ref + dt.timedelta(days=offset), clock), type_="TIME" if clock and not named_day else "DATE")


@reads("relative_day")
def _relative_day(text: str, ctx: Context) -> Timex | None:
    grain = re.search(r"(day|morning|afternoon|evening|night|week|month|year)\b(?!.*\b(?:day|week|month|year)\b)", text)[1]
    clock = lexicon().timex_day_parts.get(grain, "")
    grain = "day" if clock else grain
    base, anchor = _anchor_or_now(ctx, grain)
    if base is None:
        return None
    step = 1 if re.search(r"\b(next|following|after)\b", text) else -1 if re.search(r"\b(previous|preceding|before)\b", text) else 0
    period = replace(base.shift(step), time=clock if grain == "day" else "")
    return replace(_narrowed(period, text, None, anchor), type="TIME" if period.time else "DATE")


@reads("ago")
def _ago(text: str, ctx: Context) -> Timex | None:
    m = _regex(r"(?:({number})|{vague})\s+(?:{unit_modifier}\s+)?({unit_any})(?:\s+or\s+so)?\s+({direction})$").search(
        _regex(r"^{approx}\s+").sub("", text))
    if not m:
        return None
    unit = _unit(m[2])
    n = _number(m[1]) if m[1] else None
    direction = re.sub(r"\s+", " ", m[3])
    forward = lexicon().timex_directions[direction] > 0
    if n is None:
        return Timex("DATE", "FUTURE_REF" if forward else "PAST_REF", *((ctx.published, None) if forward else (None, ctx.published)))
    step = int(n) if forward else -int(n)
    comparison = n == 1 and unit == "year"  # "up from $5 million a year earlier": the report's period
    anchor = ctx.compared if comparison else ctx.anchor
    if direction in lexicon().timex_deictic_directions:
        # from the publication date, except "a year ago" after a quarter's results: that quarter a year before
        if not (comparison and anchor is not None and anchor.grain in ("quarter", "half")):
            anchor = None
    if anchor is None:
        if ctx.published is None:
            return None
        grain = {"fortnight": "week", "decade": "year", "century": "year"}.get(unit, unit)
        return _date(Period.of(grain if grain in GRAINS else "day", ctx.published).shift(step, unit))
    # "two days later", "a year earlier": the anchor moved, as precise as the anchor (a quarter a year
    # earlier is a quarter); two days after a month lies between its third day and two days after it
    moved = anchor.shift(step, unit)
    reading = _date(moved, anchor)
    if unit in GRAINS and GRAINS.index(unit) < GRAINS.index(anchor.grain):
        lo, hi = Period(unit, anchor.start).shift(step), Period(unit, anchor.end).shift(step)
        reading = replace(reading, earliest=lo.start, latest=hi.end)
    return reading


@reads("year_earlier")
def _year_earlier(text: str, ctx: Context) -> Timex | None:
    anchor = ctx.compared
    base = anchor or (Period.of("year", ctx.published) if ctx.published else None)
    if base is None:
        return None
    return _date(base.shift(-1, "year"), anchor)


@reads("year_end")
def _year_end(text: str, ctx: Context) -> Timex | None:
    base, anchor = _anchor_or_now(ctx, "year")
    if base is None:
        return None
    return replace(_date(base, anchor), earliest=dt.date(base.start.year, 12, 1))


def _holiday_date(rule: str, year: int) -> dt.date | None:
    if m := re.fullmatch(r"EASTER([+-]\d+)", rule):
        return easter(year) + dt.timedelta(days=int(m[1]))
    if m := re.fullmatch(r"(\d\d)-(\d\d)", rule):
        return dt.date(year, int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d\d)-(MO|TU|WE|TH|FR|SA|SU)(-?\d)(?:\+(\d))?", rule):
        weekday = rd_weekday(["MO", "TU", "WE", "TH", "FR", "SA", "SU"].index(m[2]))(int(m[3]))
        month = int(m[1])
        start = dt.date(year, month, 1) if int(m[3]) > 0 else dt.date(year, month, 1) + relativedelta(months=1, days=-1)
        return start + relativedelta(weekday=weekday) + dt.timedelta(days=int(m[4] or 0))
    return None


@reads("holiday")
def _holiday(text: str, ctx: Context) -> Timex | None:
    holidays = lexicon().timex_holidays
    name = _regex("{holiday}").search(text)[0]
    rule = holidays[re.sub(r"\s+", " ", name)]
    ref = ctx.published
    if ref is None:
        return None
    days = [Period("day", d) for k in (-1, 0, 1) if (d := _holiday_date(rule, ref.year + k))]
    if text.startswith("last "):
        tense = "past"
        days = [p for p in days if p.start < ref] or days
    elif text.startswith("next "):
        tense = "future"
        days = [p for p in days if p.start > ref] or days
    else:
        tense = ctx.tense
    return _date(_pick(days, ref, tense))


@reads("year", "year_word")
def _year(text: str, ctx: Context) -> Timex | None:
    year = _year_of(text)
    if year is None:
        m = re.search(r"two thousand(?: and)?(?: (\w+))?", text)
        if not m:
            return None
        year = 2000 + int(lexicon().timex_numbers.get(m[1] or "", 0))
    return _narrowed(Period("year", dt.date(year, 1, 1)), text)


def _strip_approx(text: str) -> str:
    return _regex(r"^(?:{approx}\s+)+").sub("", text)


@reads("duration")
def _duration_rule(text: str, ctx: Context) -> Timex | None:
    body = _strip_approx(text)
    if re.search(r"\byears?[\s-]old\b", body):
        return None  # an age, not a time
    m = _regex(r"(?:({number})|({vague}))(?:\s+(?:to|or)\s+{number})?[\s-]+(?:{unit_modifier}[\s-]+)?({unit_any})\b"
               r"(\s+and\s+a\s+half)?").search(body)
    if not m:
        return None
    unit = _unit(m[3])
    n = _number(m[1]) if m[1] else None
    if m[1] and n is None:
        return None
    if n is not None and m[4]:
        n += 0.5
    if ctx.after_quantity and m[1] and m[1] in ("a", "an") and n == 1:
        return Timex("SET", _duration(1, unit))
    if body in ("one day", "some day") and ctx.tense == "future":  # "it will one day be": some time ahead
        return _ref("FUTURE_REF", ctx.published)
    return Timex("DURATION", _duration(n, unit))


@reads("vague_duration")
def _vague_duration(text: str, ctx: Context) -> Timex | None:
    if m := re.fullmatch(r"(\w+)-long", text):  # "a day-long meeting", "a decades-long battle"
        unit = _unit(m[1])
        return Timex("DURATION", _duration(None if m[1] != unit else 1, unit)) if unit else None
    unit = _unit(_regex("{units}").search(text)[0])
    return Timex("DURATION", _duration(None, unit)) if unit else None


@reads("set_every")
def _set_every(text: str, ctx: Context) -> Timex | None:
    lex = lexicon()
    word = text.split()[-1]
    other = " other " in text
    if (unit := _unit(word)) is not None:
        return Timex("SET", _duration(2 if other else 1, unit))
    if word in lex.timex_weekdays:
        return Timex("SET", f"XXXX-WXX-{lex.timex_weekdays[word]}")
    if (month := _month_number(word)) is not None:
        return Timex("SET", f"XXXX-{month:02d}")
    if word in lex.timex_seasons:
        return Timex("SET", f"XXXX-{lex.timex_seasons[word]}")
    if word in lex.timex_day_parts:
        return Timex("SET", f"XXXX-XX-XX{lex.timex_day_parts[word]}")
    return None


@reads("set_per")
def _set_per(text: str, ctx: Context) -> Timex | None:
    unit = _unit(text.split()[-1])
    return Timex("SET", _duration(1, unit)) if unit else None


@reads("frequency")
def _frequency(text: str, ctx: Context) -> Timex | None:
    return Timex("SET", lexicon().timex_frequencies[text])


@reads("the_unit")
def _the_unit(text: str, ctx: Context) -> Timex | None:
    noun = text.split()[-1]
    if ctx.published is None:
        return None
    if re.search(r"\b(current|full|fiscal)\b", text):
        return _narrowed(Period.of(noun, ctx.published), text)
    if noun == "quarter":  # the quarter a report is about, else the last one over
        if ctx.compared is not None and ctx.compared.grain in ("quarter", "day", "month"):
            return _date(Period.of("quarter", ctx.compared.start), ctx.compared)
        return _date(Period.of("quarter", ctx.published).shift(-1))
    if noun == "weekend":
        ref = ctx.published
        weekends = [Period.of("weekend", ref + dt.timedelta(weeks=k)) for k in (-1, 0, 1)]
        return _date(_pick(weekends, ref, ctx.tense or "past"))
    base, anchor = _anchor_or_now(ctx, noun)
    return _narrowed(base, text, ctx.published, anchor) if base else None


@reads("unit_ended")
def _unit_ended(text: str, ctx: Context) -> Timex | None:
    """'the year ended March 31', 'the nine months ended Sept. 30': a length of time, not a date."""
    if m := _regex(r"({number}|{vague})\s+({units})").search(text):
        unit = _unit(m[2])
        return Timex("DURATION", _duration(_number(m[1]) if not _regex("{vague}").fullmatch(m[1]) else None, unit))
    return Timex("DURATION", _duration(1, "year"))


@reads("week_of")
def _week_of(text: str, ctx: Context) -> Timex | None:
    """'the week of March 6', 'the weekend of March 9': the week or weekend that holds the day."""
    day = _month_day(text, ctx)
    grain = "weekend" if "weekend" in text else "week"
    return _date(Period.of(grain, day.period.start)) if day is not None and day.period is not None else None


@reads("reference")
def _reference(text: str, ctx: Context) -> Timex | None:
    return _ref(lexicon().timex_references[text], ctx.published)


NOMINAL = dt.date(2000, 1, 1)  # a date to read against when there is none, to learn the reading's shape


def _unplaced(value: str) -> str:
    """A value with its date left unknown ("2000-W02" -> "XXXX-WXX"), its time of day kept."""
    if value.endswith("_REF") or value.startswith("P"):
        return value
    day, t, time = value.partition("T")
    return re.sub(r"\d", "X", day) + t + time


def read(found: Found, context: Context) -> Timex | None:
    """What a found expression denotes in this context; None if the grammar cannot read it, or if it
    would fall outside the calendar (year 1 to 9999). Without a publication date, what only that date
    could place keeps its kind and an unknown date ("next week": a week, XXXX-WXX)."""
    reader, text = READERS[found.rule], _norm(found.text)
    try:
        reading = reader(text, context)
        if reading is None and context.published is None:
            nominal = reader(text, replace(context, published=NOMINAL))
            if nominal is not None:
                reading = Timex(nominal.type, _unplaced(nominal.value))
        return reading
    except (ValueError, OverflowError):
        return None


def resolve(text: str, published: dt.date | None, tense: Tense | None = None, anchor: Period | None = None) -> Timex | None:
    """The TIMEX3 reading of one whole expression ('next Friday', 'the third quarter', 'two days later')."""
    found = match(text)
    if found is None:
        return None
    return read(found, Context(published=published, tense=tense, anchor=anchor))
