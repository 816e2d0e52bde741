"""Reading articles: text files, folders, standard input and JSON lines, with their metadata.

Everything that can be wrong with an input is found here, before anything touches the store.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

MAX_CHARS = 1_000_000  # spaCy's own limit for one Doc; a news article is a few thousand
TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# English news in a legacy 8-bit encoding is overwhelmingly Windows-1252 or Latin-1.
WESTERN_ENCODINGS = {"cp1252", "latin_1", "iso8859_15"}


@dataclass
class RawArticle:
    text: str
    path: str | None
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None


def parse_date(value: object, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _symbol_inside_word(text: str) -> bool:
    """Mojibake sign: a symbol such as '³' between two letters ('Wa³êsa')."""
    for i in range(1, len(text) - 1):
        c = text[i]
        if ord(c) > 127 and unicodedata.category(c)[0] in "SN" and text[i - 1].isalpha() and text[i + 1].isalpha():
            return True
    return False


def decode(data: bytes, where: str, encoding: str | None = None) -> str:
    """Bytes to text: the named encoding, else UTF-8, else a legacy encoding only when detection is sure."""
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InputError(f"{where}: unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as e:
            raise InputError(f"{where}: not valid {encoding} at byte {e.start}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.chaos == 0 and WESTERN_ENCODINGS & set(best.could_be_from_charset):
        text = str(best)
        if not _symbol_inside_word(text):
            return text
    raise InputError(
        f"{where}: not UTF-8 and its encoding cannot be told for sure; name it with --encoding "
        "(for example --encoding latin-1)"
    )


def check_text(text: str, where: str) -> str:
    if not text.strip():
        raise InputError(f"{where}: empty article")
    if len(text) > MAX_CHARS:
        raise InputError(f"{where}: {len(text):,} characters is more than the {MAX_CHARS:,} an article may have")
    controls = sum(1 for c in text[:4096] if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if controls > max(2, len(text[:4096]) // 100):
        raise InputError(f"{where}: looks like a binary file, not text")
    return text


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    try:
        size = path.stat().st_size
        if size > MAX_CHARS * 4:
            raise InputError(f"{path}: {size:,} bytes is too large for one article")
        return path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None


def _is_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def headline(text: str) -> str | None:
    """The first line when it stands alone as a headline: short, followed by a blank line."""
    first, sep, rest = text.partition("\n")
    if sep and rest.startswith(("\n", "\r\n")) and 0 < len(first.strip()) <= 200:
        return first.strip()
    return None


def load_meta(path: Path) -> dict:
    """The `.meta.json` beside an article, if any: {"title", "published", "url"}."""
    meta_path = path.with_name(path.stem + ".meta.json")
    if not meta_path.is_file():
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{meta_path}: not readable JSON ({e})") from None
    if not isinstance(meta, dict):
        raise InputError(f"{meta_path}: expected a JSON object")
    return meta


def load_date_table(path: Path) -> dict[str, dt.date]:
    """A TSV or CSV index of articles (a news archive's metadata) mapping file names to dates.

    It needs a column naming the file (`filename`, `file`, `name` or `path`) and one with the date
    (`published`, `publication_date` or `date`); file names match with or without their suffix.
    """
    data = _read_bytes(path)
    text = decode(data, str(path))
    dialect = "excel-tab" if "\t" in text.partition("\n")[0] else "excel"
    rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
    if not rows:
        raise InputError(f"{path}: no rows")
    columns = set(rows[0])
    name_col = next((c for c in ("filename", "file", "name", "path") if c in columns), None)
    date_col = next((c for c in ("published", "publication_date", "date") if c in columns), None)
    if not name_col or not date_col:
        raise InputError(f"{path}: needs a file-name column and a date column, has {sorted(columns)}")
    table = {}
    for i, row in enumerate(rows, start=2):
        day = parse_date(row[date_col], f"{path}:{i}")
        if day:
            table[Path(row[name_col]).stem] = day
    return table


def read_text_file(path: Path, encoding: str | None = None) -> RawArticle:
    data = _read_bytes(path)
    if _is_binary(data):
        raise InputError(f"{path}: looks like a binary file, not text")
    text = check_text(decode(data, str(path), encoding), str(path))
    meta = load_meta(path)
    return RawArticle(
        text=text,
        path=str(path),
        title=meta.get("title") or headline(text),
        published=parse_date(meta.get("published"), f"{path.stem}.meta.json"),
        url=meta.get("url"),
    )


def read_jsonl(path: Path, encoding: str | None = None) -> list[RawArticle]:
    """Articles as news crawlers write them: one {"text", "title", "published", "url"} a line.

    The whole file is checked before any article is returned, so a bad line ingests nothing.
    """
    data = _read_bytes(path)
    if _is_binary(data):
        raise InputError(f"{path}: looks like a binary file, not JSON lines")
    articles = []
    for number, line in enumerate(decode(data, str(path), encoding).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{where}: not JSON ({e.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(f'{where}: expected an object with a "text" string')
        articles.append(RawArticle(
            text=check_text(record["text"], where),
            path=where,
            title=record.get("title") or headline(record["text"]),
            published=parse_date(record.get("published"), where),
            url=record.get("url"),
        ))
    if not articles:
        raise InputError(f"{path}: no articles")
    return articles


def expand(paths: list[str]) -> list[Path | str]:
    """The files named, folders opened to their text and JSON-lines files; '-' stays standard input."""
    found: list[Path | str] = []
    for given in paths:
        if given == "-":
            found.append("-")
            continue
        path = Path(given)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES
            )
            if not files:
                raise InputError(f"{path}: no .txt or .jsonl files in this folder")
            found.extend(files)
        elif not path.exists():
            raise InputError(f"{path}: no such file or folder")
        else:
            found.append(path)
    return found


def read_stdin(data: bytes, encoding: str | None = None) -> RawArticle:
    where = "standard input"
    if _is_binary(data):
        raise InputError(f"{where}: looks like binary data, not text")
    text = check_text(decode(data, where, encoding), where)
    return RawArticle(text=text, path=None, title=headline(text))


def read_inputs(
    paths: list[str], stdin: bytes | None = None, encoding: str | None = None
) -> Iterator[RawArticle]:
    """Every article the paths name, in order. Missing paths fail before anything is read."""
    for item in expand(paths):
        if item == "-":
            yield read_stdin(stdin or b"", encoding)
        elif item.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(item, encoding)
        else:
            yield read_text_file(item, encoding)
