"""What articles yield, without storing them: each article's statements, meetings and people exactly
as `ingest` would store them (read back from a private, temporary store through the knowledge
base's own questions), plus every time expression found in it.

    extract(list(Inputs(["article.txt"])))  ->  [{"article": …, "quotes": […], "meetings": […],
                                                 "people": […], "times": […]}]
"""
from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .graph import IngestResult
from .ids import article_id, content_hash
from .kb import KnowledgeBase
from .records import Extraction
from .textio import RawArticle


class _KeepingTimes:
    """The pipeline, keeping each article's time expressions (the store does not hold them)."""

    def __init__(self, model: str | None):
        from .nlp import Analyzer

        self.analyzer = Analyzer(model)
        self.model = self.analyzer.model
        self.times: dict[tuple[str, dt.date | None], list[dict]] = {}  # by content hash and publication date

    def analyse_many(self, raws) -> Iterator[tuple[RawArticle, Extraction]]:
        for raw, extraction in self.analyzer.analyse_many(raws):
            self.times[_key(raw)] = [t.model_dump(mode="json", exclude={"governor"}) for t in extraction.times]
            yield raw, extraction

    def times_of(self, raws: list[RawArticle]) -> list[list[dict]]:
        """Each article's times; a text given twice is stored once, but read anew if its date differs."""
        for _ in self.analyse_many([raw for raw in raws if _key(raw) not in self.times]):
            pass  # analyse_many records them
        return [self.times[_key(raw)] for raw in raws]


def _key(raw: RawArticle) -> tuple[str, dt.date | None]:
    return content_hash(raw.text), raw.published


def extract(raws: list[RawArticle], model: str | None = None,
            on_article: Callable[[IngestResult], None] | None = None) -> list[dict]:
    """One object per article given (shared/CONTRACT.md, `newskb extract`), in order."""
    pipeline = _KeepingTimes(model)
    out = []
    with tempfile.TemporaryDirectory(prefix="newskb-extract-") as tmp, \
            KnowledgeBase.open(Path(tmp) / "extract.db") as kb:
        # every text given is its own article here, a near-duplicate of another one too: each is
        # read back under its own id
        kb.ingest(raws, on_article=on_article, analyzer=pipeline, near_duplicates=False)
        for raw, times in zip(raws, pipeline.times_of(raws)):
            aid = article_id(content_hash(raw.text))
            # the article as given (a text given twice is stored once, under its first path and date)
            article = {"id": aid, "path": raw.path, "title": raw.title,
                       "published": raw.published.isoformat() if raw.published else None}
            out.append({"article": article, "quotes": kb.statements(article=aid),
                        "meetings": kb.meetings(aid), "people": kb.people(article=aid), "times": times})
    return out
