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
from importlib.util import find_spec
from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = ["KnowledgeBase", "NewskbError", "InputError", "StoreError", "NotFoundError", "AmbiguousNameError",
           "__version__"]

if TYPE_CHECKING:
    from .errors import AmbiguousNameError as AmbiguousNameError
    from .errors import InputError as InputError
    from .errors import NewskbError as NewskbError
    from .errors import NotFoundError as NotFoundError
    from .errors import StoreError as StoreError
    from .kb import KnowledgeBase as KnowledgeBase
else:
    def __getattr__(name: str):
        """The public names and the package's modules (`newskb.records`), imported on first use, so
        that importing the package, as the program does before it can handle a Ctrl-C, costs nothing."""
        if name in __all__:
            return getattr(import_module(".kb" if name == "KnowledgeBase" else ".errors", __name__), name)
        if find_spec(f"{__name__}.{name}") is not None:
            return import_module(f".{name}", __name__)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
