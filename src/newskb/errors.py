"""newskb's exceptions. The CLI turns each into one line on standard error and its exit code
(the README lists them)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class NewskbError(Exception):
    """Base class of every error newskb reports to its user."""

    exit_code = 1


class InputError(NewskbError):
    """An article could not be read: missing, empty, binary, undecodable, too large, malformed."""

    exit_code = 2


class StoreError(NewskbError):
    """The knowledge base could not be opened or written."""

    exit_code = 3


class SchemaVersionError(StoreError):
    """The store was written by another version of newskb."""


class ReadOnlyStoreError(StoreError):
    """The store (or its folder) cannot be written: it can be queried, not added to."""


class DamagedStoreError(StoreError):
    """SQLite found the store's pages corrupt."""


class StoreBusyError(StoreError):
    """Another process held the store's write lock for longer than newskb waits."""

    exit_code = 6


class ClusterError(NewskbError):
    """The Dask cluster asked for could not be reached, or its workers died."""


class ModelError(NewskbError):
    """No usable spaCy English pipeline is installed, or the one asked for is missing."""

    exit_code = 4


class NotFoundError(NewskbError):
    """A name asked for matches nothing in the knowledge base."""

    exit_code = 5

    def __init__(self, what: str, name: str, suggestions: list[str] | None = None):
        self.suggestions = suggestions or []
        message = f"no {what} matches {name!r}"
        if self.suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in self.suggestions[:3]) + "?"
        super().__init__(message)


class AmbiguousNameError(NewskbError):
    """A name asked for means several things; `candidates` lists them to choose from."""

    exit_code = 7
    SHOWN = 8

    def __init__(self, name: str, candidates: list):
        self.candidates = candidates
        listed = ", ".join(f"{c.name} ({c.id})" for c in candidates[:self.SHOWN])
        more = f" and {len(candidates) - self.SHOWN} more" if len(candidates) > self.SHOWN else ""
        super().__init__(f"{name!r} may mean any of {len(candidates)}: {listed}{more}; "
                         "name one by its full name or id")


def problem(error: ValidationError) -> str:
    """A pydantic validation error as 'field: what is wrong' (its first error, the input left out:
    it may be large or nested deep)."""
    first = error.errors(include_input=False, include_url=False)[0]
    field = ".".join(str(p) for p in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    return f"{field}: {message}" if field else message
