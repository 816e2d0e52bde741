"""Articles sent to workers (processes of ours, or a Dask cluster's) in tasks of a few, a bounded
number in flight, their records taken back in input order, so that one writer stores them as a
single process would."""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .records import Extraction
from .textio import RawArticle

# Articles sent to a worker at once. Small tasks keep workers even at the end of a run (the last
# task is done by one worker while the others wait: 32 Reuters articles are 3 s of it), large ones
# parse in larger batches (16 parse within 3% of the CPU time of 64 per article).
TASK_ARTICLES = 16
TASK_CHARS = 50_000


def tasks(raws: Iterable[RawArticle]) -> Iterator[list[RawArticle]]:
    task: list[RawArticle] = []
    chars = 0
    for raw in raws:
        task.append(raw)
        chars += len(raw.text)
        if len(task) >= TASK_ARTICLES or chars >= TASK_CHARS:
            yield task
            task, chars = [], 0
    if task:
        yield task


def in_order(raws: Iterable[RawArticle], submit: Callable[[list[RawArticle]], Any], in_flight: int,
             on_model: Callable[[str | None], None]) -> Iterator[tuple[RawArticle, Extraction]]:
    """Each article with its records. `submit` sends a task and returns its future, whose result is
    (the model's name, the task's extractions); at most `in_flight` tasks wait at once, and those
    still waiting are cancelled if the caller stops early or a worker fails."""
    pending: deque = deque()

    def done() -> Iterator[tuple[RawArticle, Extraction]]:
        task, future = pending.popleft()
        model, extractions = future.result()
        on_model(model)
        yield from zip(task, extractions)

    try:
        for task in tasks(raws):
            pending.append((task, submit(task)))
            while len(pending) > in_flight:
                yield from done()
        while pending:
            yield from done()
    finally:
        for _, future in pending:
            future.cancel()
