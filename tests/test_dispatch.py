"""Tasks sent to workers, and to the writer's own process while it waits: results in input order,
every article once, the tasks still waiting cancelled when the run stops."""
from __future__ import annotations

from concurrent.futures import Future

import pytest

from newskb import dispatch
from newskb.textio import raw_article

ARTICLES = [raw_article("text", f"Article {n}: the minister said talks would resume.", path=None) for n in range(7)]


class Later(Future):
    """A worker's result, there at the latest when it is waited for."""

    def __init__(self, value):
        super().__init__()
        self.value = value

    def result(self, timeout=None):
        if not self.done():
            self.set_result(self.value)
        return super().result(timeout)


class Workers:
    """Workers whose results are ready once `ready` tasks were analysed here (None: only when
    waited for)."""

    def __init__(self, ready: int | None):
        self.ready = ready
        self.sent: list[Later] = []
        self.here: list[int] = []  # the first article of each task analysed here

    def submit(self, task: list) -> Later:
        self.sent.append(Later(("worker", [raw.sha256 for raw in task])))
        self._finish()
        return self.sent[-1]

    def analyse_here(self, task: list) -> tuple[str, list]:
        self.here.append(ARTICLES.index(task[0]))
        self._finish()
        return "here", [raw.sha256 for raw in task]

    def _finish(self) -> None:
        if self.ready is not None and len(self.here) >= self.ready:
            for future in self.sent:
                future.result()


# With tasks of 2 articles, 7 articles are tasks [0, 1], [2, 3], then [4], [5], [6] (the last ones smaller)
@pytest.mark.parametrize("ready, in_flight, ahead, analysed_here", [
    (0, 2, 8, []),  # the workers are always ready: this process only writes
    (1, 2, 8, [4]),  # ready after one task of its own
    (None, 2, 8, [4, 5, 6]),  # never ready before it waits: it analyses what the workers were not sent
    (None, 1, 8, [2, 4, 5, 6]),  # ... however few tasks the workers have in hand ...
    (None, 1, 1, [2, 5, 6]),  # ... but holds at most `ahead` tasks' worth of its own behind the oldest
])
def test_results_in_input_order_whoever_analysed_them(monkeypatch, ready, in_flight, ahead, analysed_here):
    monkeypatch.setattr(dispatch, "TASK_ARTICLES", 2)
    monkeypatch.setattr(dispatch, "AHEAD_TASKS", ahead)
    workers = Workers(ready)
    models: list[str] = []
    out = list(dispatch.in_order(ARTICLES, workers.submit, in_flight, models.append, here=workers.analyse_here))
    assert out == [(raw, raw.sha256) for raw in ARTICLES]
    assert workers.here == analysed_here
    assert sorted(models) == sorted(["worker"] * len(workers.sent) + ["here"] * len(workers.here))


def test_without_analysis_here_it_waits_for_the_workers(monkeypatch):
    monkeypatch.setattr(dispatch, "TASK_ARTICLES", 2)
    workers = Workers(None)
    assert [raw for raw, _ in dispatch.in_order(ARTICLES, workers.submit, 2, lambda model: None)] == ARTICLES
    assert not workers.here and len(workers.sent) == 5


@pytest.mark.parametrize("articles, sizes", [
    (0, []),
    (3, [1, 1, 1]),
    (8, [4, 1, 1, 1, 1]),
    (12, [4, 4, 1, 1, 1, 1]),
])
def test_tasks_are_smaller_at_the_end(monkeypatch, articles, sizes):
    monkeypatch.setattr(dispatch, "TASK_ARTICLES", 4)
    raws = [raw_article("text", f"Article {n}.", path=None) for n in range(articles)]
    made = list(dispatch.tasks(iter(raws)))
    assert [len(task) for task in made] == sizes and [raw for task in made for raw in task] == raws


def test_a_long_article_ends_its_task(monkeypatch):
    monkeypatch.setattr(dispatch, "TASK_CHARS", 30)
    raws = [raw_article("text", text, path=None) for text in ("Short one.", "A longer article than thirty.", "Short.")]
    assert [len(task) for task in dispatch.tasks(raws)] == [2, 1]


def test_a_failed_task_stops_the_run_and_cancels_the_tasks_waiting(monkeypatch):
    monkeypatch.setattr(dispatch, "TASK_ARTICLES", 2)
    sent: list[Future] = []

    def submit(task):
        sent.append(Future())
        if len(sent) == 1:
            sent[0].set_exception(RuntimeError("worker gone"))
        return sent[-1]
    with pytest.raises(RuntimeError, match="worker gone"):
        list(dispatch.in_order(ARTICLES, submit, 3, lambda model: None, here=lambda task: ("here", task)))
    assert len(sent) == 3 and all(f.cancelled() for f in sent[1:])
