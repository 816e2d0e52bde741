"""newskb: who said what, at which meeting, and when, from English news articles.

    from newskb import KnowledgeBase

    with KnowledgeBase.open("data/newskb.db") as kb:
        kb.ingest("seeds/")                      # files, folders, URLs, or text=
        for quote in kb.statements(speaker="Stoltenberg"):
            print(quote.article.published, quote.speaker.name, quote.text)
        for meeting in kb.meetings(since="2022-01-10"):
            print(meeting.order, meeting.name, meeting.place, meeting.date.earliest)

The public API: `KnowledgeBase` (open, ingest, and every question the command line asks), the
typed answers it returns (`newskb.answers`), the records it stores (`newskb.records`) and its
exceptions (`newskb.errors`, all subclasses of `NewskbError`).
"""
from __future__ import annotations

from .errors import AmbiguousNameError, InputError, NewskbError, NotFoundError, StoreError
from .kb import KnowledgeBase

__version__ = "0.1.0"

__all__ = ["KnowledgeBase", "NewskbError", "InputError", "StoreError", "NotFoundError", "AmbiguousNameError",
           "__version__"]
