"""The parts of a news article that are not its running text: the headline and the wire dateline.

A headline is the article's first line when a blank line follows it and it is short (or it is the
title the article came with); statements and meetings are not read from it, since a headline
restates the story in its own grammar ("Blair says UK aid to soar"). A dateline opens the first
paragraph of wire copy, "TAUPO, New Zealand, March 23 - " or "WASHINGTON (AP) — ": the place the
story was filed from, which is the place of what happens "here".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import text_of

HEADLINE_MAX_WORDS = 25
_DATELINE = re.compile(
    r"(?P<city>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+)*)"      # TAUPO, NEW YORK, ST. LOUIS
    r"(?:, (?P<region>[A-Z][A-Za-z.'\-]*(?: [A-Z][A-Za-z.'\-]*)*))?"  # , New Zealand / , N.Y.
    r"(?:,? (?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}))?"          # , March 23 / Sept. 26
    r"(?: \([A-Za-z.\- ]+\))?"                                # (Reuters), (AP)
    r"\s*(?:--|-|\u2014|\u2013|\u2015)\s")


@dataclass(frozen=True)
class Dateline:
    city: str  # as a name: "Taupo", "New York"
    start: int  # character offsets of the city as written
    end: int
    region: str | None  # "New Zealand", "N.Y."
    date: str | None  # "March 23"
    body: int  # where the story's own words begin


@dataclass(frozen=True)
class Layout:
    headline: tuple[int, int] | None
    dateline: Dateline | None

    def in_headline(self, offset: int) -> bool:
        return self.headline is not None and self.headline[0] <= offset < self.headline[1]


def _city_name(written: str) -> str:
    return " ".join(w if len(w) <= 2 and "." in w else w.capitalize() for w in written.split())


def doc_layout(doc) -> Layout:
    """The layout of a parsed article, read once (a Doc's text is built anew on every access)."""
    found = doc.user_data.get("newskb_layout")
    if found is None:
        found = doc.user_data["newskb_layout"] = layout(text_of(doc))
    return found


def layout(text: str, title: str | None = None) -> Layout:
    first = next((m.span() for m in re.finditer(r"[^\n]+", text) if m[0].strip()), None)  # the first line not blank
    headline = None
    body_from = 0
    if first is not None:
        a, b = first
        # a headline may run over two lines ("Derelict Obama and Clinton;\nTrump will go on offense")
        block = re.match(r"[^\n]*(?:\n[ \t]*[^\s][^\n]*)?", text[a:])
        second = block.end() if block is not None else b - a
        if text[a:a + second].count("\n") == 1 and re.match(r"[ \t]*\n[ \t]*\n", text[a + second:]) \
                and not re.match(r"[ \t]*\n[ \t]*\n", text[b:]) and len(text[a:a + second].split()) <= HEADLINE_MAX_WORDS:
            b = a + second
        line = text[a:b].strip()
        blank_after = re.match(r"[ \t]*\n[ \t]*\n", text[b:]) is not None
        if (title and line == title.strip()) or (blank_after and len(line.split()) <= HEADLINE_MAX_WORDS):
            headline = (a, b)
            body_from = b
    dateline = None
    para = re.search(r"\S", text[body_from:])
    if para is not None:
        start = body_from + para.start()
        m = _DATELINE.match(text, start)
        if m is not None and len(m["city"]) >= 3:
            dateline = Dateline(city=_city_name(m["city"]), start=m.start("city"), end=m.end("city"),
                                region=m["region"], date=m["date"], body=m.end())
    return Layout(headline=headline, dateline=dateline)
