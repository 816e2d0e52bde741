"""Articles sent to workers (processes of ours, or a Dask cluster's) in tasks of a few, a bounded
number in flight, their records taken back in input order, so that one writer stores them as a
single process would; the writer's process may analyse tasks too, while it waits."""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .records import Extraction
from .textio import RawArticle

# Articles sent to a worker at once. Small tasks keep workers even at the end of a run (the last
# task is done by one worker while the others wait: 32 Reuters articles are 3 s of it), large ones
# parse in larger batches (16 parse within 3% of the CPU time of 64 per article). The last
# articles of a run go in tasks TAIL_SPLIT times smaller, so that the workers end together.
TASK_ARTICLES = 16
TASK_CHARS = 50_000
TAIL_SPLIT = 8
# Tasks' worth of articles the writer's process may analyse ahead of the oldest result it waits
# for (their records, a few MB, wait in memory): a worker slower than this process (a busier core)
# then paces only its own tasks; at 2 such tasks this process stood idle a tenth of a run.
AHEAD_TASKS = 8


def tasks(raws: Iterable[RawArticle]) -> Iterator[list[RawArticle]]:
    """Tasks of TASK_ARTICLES articles (or TASK_CHARS characters, an article at least); the input
    is read two tasks ahead, so that the last two tasks' worth go in smaller tasks."""
    source = iter(raws)
    ahead: deque[RawArticle] = deque()
    while True:
        while len(ahead) < 2 * TASK_ARTICLES and (raw := next(source, None)) is not None:
            ahead.append(raw)
        if not ahead:
            return
        size = TASK_ARTICLES if len(ahead) >= 2 * TASK_ARTICLES else max(1, TASK_ARTICLES // TAIL_SPLIT)
        task: list[RawArticle] = []
        chars = 0
        while ahead and len(task) < size and chars < TASK_CHARS:
            task.append(ahead.popleft())
            chars += len(task[-1].text)
        yield task


def in_order(raws: Iterable[RawArticle], submit: Callable[[list[RawArticle]], Any], in_flight: int,
             on_model: Callable[[str | None], None],
             here: Callable[[list[RawArticle]], tuple[str | None, list[Extraction]]] | None = None,
             ) -> Iterator[tuple[RawArticle, Extraction]]:
    """Each article with its records. `submit` sends a task and returns its future, whose result is
    (the model's name, the task's extractions); at most `in_flight` tasks wait at once, and those
    still waiting are cancelled if the caller stops early or a worker fails. With `here` (which
    returns that result, analysed in this process), this process is a worker too: whenever the
    oldest result is not ready, it analyses the next task itself rather than wait, holding at most
    AHEAD_TASKS full tasks' worth of articles of its own behind the oldest."""
    pending: deque = deque()  # (task, its future or None, its result if analysed here), in input order
    sent = 0  # futures among them
    todo = tasks(raws)
    try:
        while True:
            while sent < in_flight and (task := next(todo, None)) is not None:
                pending.append((task, submit(task), None))
                sent += 1
            if not pending:
                return
            task, future, result = pending[0]
            held = sum(len(t) for t, f, _ in pending if f is None)
            if (here is not None and future is not None and not future.done() and held < AHEAD_TASKS * TASK_ARTICLES
                    and (mine := next(todo, None)) is not None):
                pending.append((mine, None, here(mine)))
                continue
            pending.popleft()
            if future is not None:
                sent -= 1
                result = future.result()
            model, extractions = result
            on_model(model)
            yield from zip(task, extractions)
    finally:
        for _, future, _ in pending:
            if future is not None:
                future.cancel()
