"""The NLP pipeline: the only package that imports spaCy.

    analyzer = Analyzer()            # loads the configured English pipeline once
    extraction = analyzer.analyse(raw_article)
    for raw, extraction in Analyzer(workers=2).analyse_many(raws): ...

The model's components (tagger, parser, recogniser) see an article in batches of paragraphs, so a
long article is parsed in bounded memory; the batches are joined into one Doc before newskb's rule
components (pipeline.RULE_COMPONENTS), which need the whole article, run. An article shorter than one batch is parsed whole,
exactly as before. With `workers` > 1, this process and `workers` - 1 processes of our own each
load the pipeline and analyse articles; results come back in input order for the store's single
writer, in this process.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import Extraction
from ..textio import RawArticle

BATCH_CHARS = 50_000  # paragraphs parsed as one Doc; the parser's memory grows with a Doc's length
PIPE_CHARS = 100_000  # characters parsed in one batch: large batches are faster, bounded ones fit memory
PIPE_TEXTS = 64  # Docs parsed in one batch at the most


def paragraph_batches(text: str, limit: int | None = None) -> list[str]:
    """The text cut at line ends into pieces of at most `limit` (BATCH_CHARS) characters (a longer
    paragraph at a sentence end or a space), which joined give the text back exactly."""
    limit = limit or BATCH_CHARS
    pieces = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind("\n", start, end) + 1
        if cut <= start:
            cut = max(text.rfind(". ", start, end), text.rfind(" ", start, end)) + 1
        if cut <= start:
            cut = end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


class Analyzer:
    def __init__(self, model: str | None = None, workers: int = 1):
        self.workers = max(1, workers)
        self.model_option = model
        self.model: str | None = None
        self.nlp = None
        if self.workers == 1:
            self._load()

    def _load(self) -> None:
        from . import pipeline

        self.nlp = pipeline.load(self.model_option)
        self.model = self.nlp.meta.get("name", "?")

    def analyse_many(self, raws: Iterable[RawArticle], batch_size: int = PIPE_TEXTS,
                     cache_dir: Path | None = None) -> Iterator[tuple[RawArticle, Extraction]]:
        """Each article with its records, in the order given; input is read only as needed. With
        `cache_dir`, parses are kept there and reused, so that only newskb's rules run again on an
        article parsed before."""
        if cache_dir is not None:
            yield from self._cached(raws, batch_size, cache_dir)
        elif self.workers > 1:
            yield from self._in_workers(raws, batch_size)
        else:
            yield from self._here(raws, batch_size)

    def analyse(self, raw: RawArticle) -> Extraction:
        return next(self.analyse_many([raw]))[1]

    def _here(self, raws: Iterable[RawArticle], batch_size: int) -> Iterator[tuple[RawArticle, Extraction]]:
        from spacy.tokens import Doc

        from .doccache import apply_rules
        from .pipeline import RULE_COMPONENTS
        from .records_from_doc import to_records
        from .sentences import known_text

        nlp = self.nlp

        def pieces():
            for raw in raws:
                batches = paragraph_batches(raw.text)
                for n, piece in enumerate(batches, start=1):
                    yield nlp.make_doc(piece), (raw, n == len(batches))

        parts: list[Doc] = []
        rules = [n for n in RULE_COMPONENTS if n in nlp.pipe_names]
        for batch in _batches(pieces(), batch_size, PIPE_CHARS):
            for doc, (raw, last) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch), disable=rules):
                parts.append(doc)
                if not last:
                    continue
                if len(parts) > 1:
                    doc = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])
                parts = []
                doc._.published = raw.published
                yield raw, to_records(apply_rules(nlp, known_text(doc, raw.text)), raw.article())

    def _cached(self, raws: Iterable[RawArticle], batch_size: int,
                cache_dir: Path) -> Iterator[tuple[RawArticle, Extraction]]:
        from .doccache import apply_rules, parsed
        from .records_from_doc import to_records

        raws = list(raws)
        for raw, doc in zip(raws, parsed(self.nlp, (r.text for r in raws), cache_dir, batch_size)):
            doc._.published = raw.published
            yield raw, to_records(apply_rules(self.nlp, doc), raw.article())

    def _in_workers(self, raws: Iterable[RawArticle], batch_size: int) -> Iterator[tuple[RawArticle, Extraction]]:
        """Tasks of a few articles to a pool of `workers` - 1 processes, and to this one whenever the
        oldest result is not ready yet; results taken in order. This process loads the pipeline
        on its first task of its own, while the pool's processes load theirs."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        from ..dispatch import in_order
        from ..errors import NewskbError

        # Workers are forked from a server process that has imported nothing (forking this process,
        # with its threads and perhaps a model, is unsafe), so it starts at once and each worker
        # imports and loads the pipeline while this process loads its own; a forked worker also
        # ends without the interpreter's teardown, which a spawned one spent half a second on while
        # the last results waited.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([])
        with ProcessPoolExecutor(self.workers - 1, mp_context=context, initializer=_worker_start,
                                 initargs=(self.model_option, batch_size)) as pool:
            try:
                yield from in_order(raws, lambda task: _submit(pool, task), 2 * (self.workers - 1),
                                    lambda model: setattr(self, "model", model),
                                    here=lambda task: self._task(task, batch_size))
            except BrokenProcessPool:
                raise NewskbError("an analysis worker process died (out of memory?); run again with fewer "
                                  "--workers") from None

    def _task(self, task: list[RawArticle], batch_size: int) -> tuple[str | None, list[Extraction]]:
        """The model's name and the records of a task's articles (the pipeline loaded on first use)."""
        if self.nlp is None:
            self._load()
        return self.model, [extraction for _, extraction in self._here(task, batch_size)]


def _submit(pool, task: list[RawArticle]):
    """`pool.submit` of a task, with Ctrl-C held until it returns. A submit starts the pool's thread
    and processes; interrupted half-way, it left a pool that could not be shut down (CPython's
    "cannot join thread before it is started") and a worker reading its set-up from a process
    gone."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return pool.submit(_worker_analyse, task)  # Ctrl-C interrupts only the main thread
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: pressed.append(number))
    try:
        future = pool.submit(_worker_analyse, task)
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        future.cancel()
        raise KeyboardInterrupt
    return future


def _batches(items: Iterable[tuple], most: int, chars: int) -> Iterator[list[tuple]]:
    """(Doc, context) pairs in lists of at most `most` items and, unless one alone is longer,
    `chars` characters."""
    batch: list[tuple] = []
    size = 0
    for item in items:
        if batch and (len(batch) >= most or size + len(item[0].text) > chars):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += len(item[0].text)
    if batch:
        yield batch


_worker: dict = {}  # in a worker process: what to load, then the loaded Analyzer


def _worker_start(model: str | None, batch_size: int) -> None:
    """In each worker process: ignore Ctrl-C (the parent handles it) and remember what to load."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker.update(model=model, batch_size=batch_size)


def _worker_analyse(task: list[RawArticle]) -> tuple[str | None, list[Extraction]]:
    """Loads the pipeline on first use, here rather than in the initializer, so that a failure to
    load (ModelError) reaches the parent as the task's error."""
    if "analyzer" not in _worker:
        _worker["analyzer"] = Analyzer(_worker["model"])
    return _worker["analyzer"]._task(task, _worker["batch_size"])
