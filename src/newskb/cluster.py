"""Ingest on a Dask cluster: its workers run the language analysis, and the store's one writer, in
the process that asked, stores the results in input order, as `--workers` does (one write path).

    newskb ingest --dask tcp://scheduler:8786 ...   # workers started by `dask worker ADDRESS`
    newskb ingest --dask local:4 ...                # a cluster of 4 worker processes on this machine

Why the writer stays here, also with PostgreSQL: merging an article into the store reads what the
articles before it stored (the same person, the same meeting), so writes are taken in turn either
way; one writer in input order gives the same store as one process does, and keeps workers free
of store credentials. Writing costs a few per cent of analysing (issue 11's profile).
"""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Iterator

from .errors import ClusterError, InputError
from .dispatch import in_order
from .records import Extraction
from .textio import RawArticle

LOCAL = re.compile(r"local:(\d+)")
CONNECT_TIMEOUT = "20s"  # to reach a scheduler


def check_address(address: str) -> None:
    """Refuse, before any article is read, what is neither `local:N` nor a scheduler's address."""
    local = LOCAL.fullmatch(address)
    if local and int(local[1]) >= 1 or not address.startswith("local") and ":" in address:
        return
    raise InputError(f"--dask {address!r}: give a scheduler's address (tcp://host:8786) or local:N "
                     "(N worker processes here)")


class ClusterAnalyzer:
    """An Analyzer (`analyse_many`, `model`) whose work is done by a Dask cluster's workers."""

    def __init__(self, address: str, model: str | None = None):
        check_address(address)
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ClusterError("--dask needs Dask's distributed scheduler: pip install 'newskb[dask]'") from None
        self.model_option = model
        self.model: str | None = None
        self.cluster = None
        local = LOCAL.fullmatch(address)
        try:
            if local:
                self.cluster = LocalCluster(n_workers=int(local[1]), threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
            else:
                self.client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as e:
            self.close()
            raise ClusterError(f"cannot reach the Dask scheduler at {address} ({e})") from None

    def close(self) -> None:
        for part in (getattr(self, "client", None), self.cluster):
            if part is not None:
                part.close()

    def analyse_many(self, raws: Iterable[RawArticle]) -> Iterator[tuple[RawArticle, Extraction]]:
        """Each article with its records, in the order given: tasks to the workers, a bounded number
        in flight, results taken in order."""
        from distributed import KilledWorker

        in_flight = 2 * max(1, sum(self.client.nthreads().values()))
        try:
            yield from in_order(raws, lambda task: self.client.submit(analyse_task, self.model_option, task, pure=False),
                                in_flight, lambda model: setattr(self, "model", model))
        except KilledWorker:
            raise ClusterError("Dask workers died analysing articles (out of memory?); give them more memory "
                               "or fewer processes per machine") from None


_analyzers: dict = {}  # in a worker process: the loaded Analyzer of each model asked for
_analysing = threading.Lock()  # a worker may run tasks in threads: spaCy's pipeline is not shared by them


def analyse_task(model: str | None, task: list[RawArticle]) -> tuple[str | None, list[Extraction]]:
    """On a worker: the records of a few articles (the pipeline loaded on first use)."""
    from .nlp import Analyzer

    with _analysing:
        analyzer = _analyzers.get(model) or _analyzers.setdefault(model, Analyzer(model))
        return analyzer.model, [extraction for _, extraction in analyzer.analyse_many(task)]
