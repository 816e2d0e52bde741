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

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .errors import AmbiguousNameError, InputError, NewskbError, NotFoundError, StoreError
    from .kb import KnowledgeBase

__version__ = "0.1.0"

# Imported on first use, so that importing the package (as the program does, before it can handle a
# Ctrl-C) costs nothing.
_MODULE_OF = {"KnowledgeBase": "kb", "NewskbError": "errors", "InputError": "errors", "StoreError": "errors",
              "NotFoundError": "errors", "AmbiguousNameError": "errors"}

__all__ = [*_MODULE_OF, "__version__"]


def __getattr__(name: str):
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_MODULE_OF[name]}", __name__), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULE_OF])
