"""The NLP pipeline: the only package that imports spaCy.

    analyzer = Analyzer()            # loads the configured English pipeline once
    extraction = analyzer.analyse(raw_article)
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..ids import article_id, content_hash
from ..records import Article, Extraction
from ..textio import RawArticle


def article_record(raw: RawArticle) -> Article:
    sha = content_hash(raw.text)
    aid = article_id(sha)
    return Article(id=aid, name=raw.title or raw.path or aid, path=raw.path, title=raw.title,
                   published=raw.published, url=raw.url, sha256=sha, chars=len(raw.text))


class Analyzer:
    def __init__(self, model: str | None = None):
        from . import pipeline

        self.nlp = pipeline.load(model)
        self.model = self.nlp.meta.get("name", "?")

    def analyse_many(self, raws: Iterable[RawArticle], batch_size: int = 8,
                     cache_dir: Path | None = None) -> Iterator[tuple[RawArticle, Extraction]]:
        """Each article's records. With `cache_dir`, parses are kept there and reused, so that
        only newskb's rules run again on an article parsed before."""
        from .records_from_doc import to_records

        if cache_dir is not None:
            from .doccache import apply_rules, parsed

            raws = list(raws)
            for raw, doc in zip(raws, parsed(self.nlp, (r.text for r in raws), cache_dir, batch_size)):
                doc._.published = raw.published
                yield raw, to_records(apply_rules(self.nlp, doc), article_record(raw))
            return

        def docs():
            for raw in raws:
                doc = self.nlp.make_doc(raw.text)
                doc._.published = raw.published
                yield doc, raw

        for doc, raw in self.nlp.pipe(docs(), as_tuples=True, batch_size=batch_size):
            yield raw, to_records(doc, article_record(raw))

    def analyse(self, raw: RawArticle) -> Extraction:
        return next(self.analyse_many([raw]))[1]
