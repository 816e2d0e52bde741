"""Node ids: readable, stable, and the same for the same thing in every article."""
from __future__ import annotations

import hashlib
import re
import unicodedata

PREFIX = {"person": "person", "organization": "org", "place": "place"}


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("'", "").replace(".", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def identity_text(text: str) -> str:
    """The text as duplicate detection sees it: Unicode NFC, no byte order mark, newline line ends,
    no whitespace at the end of a line nor at either end of the text."""
    text = unicodedata.normalize("NFC", text.replace("\ufeff", "")).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def content_hash(text: str) -> str:
    """An article's identity: the same for texts that differ only as `identity_text` forgets."""
    return hashlib.sha256(identity_text(text).encode("utf-8")).hexdigest()


def article_id(sha256: str) -> str:
    return f"a:{sha256[:16]}"


def _short(article: str) -> str:
    return article.split(":", 1)[1][:8]


def entity_id(type_: str, name: str, article: str | None = None) -> str:
    """People, organisations and places by canonical name; an unnamed speaker only within its article."""
    base = f"{PREFIX[type_]}:{slug(name)}"
    return f"{base}@{_short(article)}" if article else base


def meeting_id(article: str, number: int) -> str:
    return f"m:{_short(article)}-{number}"


def statement_id(article: str, start: int, end: int) -> str:
    return f"q:{_short(article)}-{start}-{end}"
