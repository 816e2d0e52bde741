"""Reading articles: text files, folders, standard input, JSON lines, HTML pages, RSS and Atom
feeds and URLs, with their metadata.

Everything that can be wrong with an input is found here, before anything is analysed or stored:
each article, metadata included, is checked as a `RawArticle` record. `Inputs.check()` reads every
input once and keeps none of them (a large folder costs no memory); iterating reads them again.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import InputError, problem
from .ids import article_id, content_hash
from .records import Article

MAX_CHARS = 1_000_000  # spaCy's own limit for one Doc; a news article is a few thousand
MAX_BYTES = MAX_CHARS * 4  # one article's file (or page) at most
TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".rdf"}
FOLDER_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | {".rss", ".atom"}
# English news in a legacy 8-bit encoding is overwhelmingly Windows-1252 or Latin-1.
WESTERN_ENCODINGS = {"cp1252", "latin_1", "iso8859_15"}
# Byte order marks that name their encoding (UTF-32 first: its little-endian mark begins like UTF-16's).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def parse_date(value: object, where: str) -> dt.date | None:
    try:
        return _iso_date(value)
    except ValueError as e:
        raise InputError(f"{where}: {e}") from None


def _iso_date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)")


class RawArticle(BaseModel):
    """One article as read, its metadata checked; `sha256` is its identity (see `ids.content_hash`)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    text: str = Field(frozen=True)
    path: str | None = None
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _published(cls, value: object) -> dt.date | None:
        return _iso_date(value)

    @cached_property
    def sha256(self) -> str:
        return content_hash(self.text)

    @cached_property
    def fingerprint(self):
        """Its near-duplicate fingerprint (nearduplicates.Fingerprint)."""
        from .nearduplicates import fingerprint

        return fingerprint(self.text)

    def article(self) -> Article:
        aid = article_id(self.sha256)
        return Article(id=aid, name=self.title or self.path or aid, path=self.path, title=self.title,
                       published=self.published, url=self.url, sha256=self.sha256, chars=len(self.text))


def raw_article(where: str, text: str, **fields) -> RawArticle:
    """A checked RawArticle, or an InputError naming the input and the field at fault."""
    check_text(text, where)
    try:
        return RawArticle(text=text, **fields)
    except ValidationError as e:
        raise InputError(f"{where}: {problem(e)}") from None


def _symbol_inside_word(text: str) -> bool:
    """Mojibake sign: a symbol such as '³' between two letters ('Wa³êsa')."""
    for i in range(1, len(text) - 1):
        c = text[i]
        if ord(c) > 127 and unicodedata.category(c)[0] in "SN" and text[i - 1].isalpha() and text[i + 1].isalpha():
            return True
    return False


def decode(data: bytes, where: str, encoding: str | None = None) -> str:
    """Bytes to text: the named encoding, else the one a byte order mark names, else UTF-8, else a
    legacy encoding only when detection is sure. Binary data is refused."""
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InputError(f"{where}: unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as e:
            raise InputError(f"{where}: not valid {encoding} at byte {e.start}") from None
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name)
            except UnicodeDecodeError as e:
                raise InputError(f"{where}: not valid {name} at byte {e.start}") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: looks like a binary file, not text (name its encoding with --encoding "
                         "if it is UTF-16 or UTF-32)")
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
    if not isinstance(text, str):
        raise InputError(f"{where}: the article's text is not a string")
    if not text.strip():
        raise InputError(f"{where}: empty article")
    if len(text) > MAX_CHARS:
        raise InputError(f"{where}: {len(text):,} characters is more than the {MAX_CHARS:,} an article may have")
    controls = sum(1 for c in text[:4096] if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if controls > max(2, len(text[:4096]) // 100):
        raise InputError(f"{where}: looks like a binary file, not text")
    return text


def _read_bytes(path: Path, limit: int | None = MAX_BYTES) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    try:
        size = path.stat().st_size
        if limit is not None and size > limit:
            raise InputError(f"{path}: {size:,} bytes is too large for one article")
        return path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None


def headline(text: str) -> str | None:
    """The first line when it stands alone as a headline: short, followed by a blank line."""
    first, sep, rest = text.partition("\n")
    if sep and rest.startswith(("\n", "\r\n")) and 0 < len(first.strip()) <= 200:
        return first.strip()
    return None


def load_meta(path: Path) -> tuple[dict, str]:
    """The `.meta.json` beside an article, if any ({"title", "published", "url"}), and its name."""
    meta_path = path.with_name(path.stem + ".meta.json")
    if not meta_path.is_file():
        return {}, str(meta_path)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise InputError(f"{meta_path}: not readable JSON ({str(e).splitlines()[0][:200]})") from None
    if not isinstance(meta, dict):
        raise InputError(f"{meta_path}: expected a JSON object")
    return meta, str(meta_path)


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
    text = decode(_read_bytes(path), str(path), encoding)
    meta, meta_name = load_meta(path)
    check_text(text, str(path))
    try:  # the metadata checked on its own, to blame its file; other fields (language, ...) ignored
        fields = RawArticle(text="-", **{k: v for k, v in meta.items() if k in ("title", "published", "url")})
    except ValidationError as e:
        raise InputError(f"{meta_name}: {problem(e)}") from None
    return raw_article(str(path), text, path=str(path), title=fields.title or headline(text),
                   published=fields.published, url=fields.url)


def read_jsonl(path: Path, encoding: str | None = None) -> Iterator[RawArticle]:
    """Articles as news crawlers write them: one {"text", "title", "published", "url"} a line
    (other fields ignored), read a line at a time."""
    count = 0
    try:
        with open(path, encoding=encoding or "utf-8-sig", newline="\n") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(f"{where}: not JSON ({e.msg})") from None
                except RecursionError:
                    raise InputError(f"{where}: JSON nested too deeply") from None
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise InputError(f'{where}: expected an object with a "text" string')
                count += 1
                yield raw_article(where, record["text"], path=where,
                              title=record.get("title") or headline(record["text"]),
                              published=record.get("published"), url=record.get("url"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or folder") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not valid {encoding or 'UTF-8'} at byte {e.start}") from None
    except LookupError:
        raise InputError(f"{path}: unknown encoding {encoding!r}") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if not count:
        raise InputError(f"{path}: no articles")


def html_article(data: bytes | str, where: str, url: str | None = None) -> RawArticle:
    """A web page's main text, title and date, by trafilatura (boilerplate, menus and comments
    left out; character entities decoded)."""
    import trafilatura

    doc = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None or not (doc.text or "").strip():
        raise InputError(f"{where}: no article text found in this page")
    return raw_article(where, doc.text, path=where, title=doc.title or None, published=doc.date or None, url=url or doc.url)


def _fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), a paragraph a line."""
    import trafilatura

    page = f"<html><body><article>{html}</article></body></html>"
    return trafilatura.extract(page, favor_recall=True, include_comments=False) or trafilatura.html2txt(page)


def feed_articles(data: bytes, where: str) -> list[RawArticle]:
    """Each entry of an RSS or Atom feed as an article, with its link and date (feedparser)."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.version and not feed.entries:
        raise InputError(f"{where}: not an RSS or Atom feed")
    if not feed.entries:
        raise InputError(f"{where}: a feed with no entries")
    found = []
    for number, entry in enumerate(feed.entries, start=1):
        entry_where = f"{where}:{number}"
        content = entry.get("content") or []
        body = content[0].get("value") if content else entry.get("summary")
        text = _fragment_text(body) if body else ""
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        found.append(raw_article(entry_where, text, path=entry_where, title=entry.get("title") or None,
                             published=dt.date(*stamp[:3]) if stamp else None, url=entry.get("link") or None))
    return found


def fetch(url: str) -> tuple[bytes, str, str]:
    """The body, content type and final address of a URL (httpx; redirects followed, size bounded)."""
    import httpx

    try:
        with httpx.Client(follow_redirects=True, timeout=30.0, headers={"User-Agent": "newskb"}) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise InputError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > MAX_BYTES:
                        raise InputError(f"{url}: more than {MAX_BYTES:,} bytes, too large for one article")
                kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                return bytes(body), kind, str(response.url)
    except httpx.HTTPError as e:
        raise InputError(f"{url}: cannot fetch ({type(e).__name__}: {str(e) or 'no answer'})") from None


def _is_url(given: str) -> bool:
    return given.lower().startswith(("http://", "https://"))


def _looks_like_feed(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
HTML_TYPES = {"text/html", "application/xhtml+xml"}


def url_articles(url: str, data: bytes, kind: str, final: str, encoding: str | None) -> list[RawArticle]:
    """The articles a fetched document holds, by its content type, else by its first bytes."""
    head = data[:1024].lstrip().lower()
    if kind in FEED_TYPES or _looks_like_feed(data):
        return feed_articles(data, url)
    if kind in HTML_TYPES or head.startswith((b"<!doctype html", b"<html")):
        return [html_article(decode(data, url, encoding) if encoding else data, url, url=final)]
    if kind.startswith("text/") or not kind:
        text = decode(data, url, encoding)
        return [raw_article(url, text, path=url, title=headline(text), url=final)]
    raise InputError(f"{url}: a {kind} document, not an article, page or feed")


def expand(sources: Iterable[str | Path | RawArticle]) -> list[Path | str | RawArticle]:
    """The files named, folders opened to the articles in them; '-', URLs and RawArticles stay."""
    found: list[Path | str | RawArticle] = []
    for source in sources:
        if isinstance(source, RawArticle):
            found.append(source)
            continue
        given = str(source)
        if given == "-" or _is_url(given):
            found.append(given)
            continue
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES)
            if not files:
                raise InputError(f"{path}: no articles in this folder (.txt, .jsonl, .html, .rss or .atom files)")
            found.extend(files)
        elif not path.exists():
            raise InputError(f"{path}: no such file or folder")
        else:
            found.append(path)
    return found


def read_stdin(data: bytes, encoding: str | None = None) -> RawArticle:
    where = "standard input"
    text = decode(data, where, encoding)
    return raw_article(where, text, path=None, title=headline(text))


def read_path(path: Path, encoding: str | None = None) -> Iterator[RawArticle]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, encoding)
    elif suffix in HTML_SUFFIXES:
        data = _read_bytes(path)
        yield html_article(decode(data, str(path), encoding) if encoding else data, str(path))
    elif suffix in FEED_SUFFIXES:
        yield from feed_articles(_read_bytes(path), str(path))
    else:
        yield read_text_file(path, encoding)


class Inputs:
    """The articles some paths, URLs or standard input name (or RawArticles given as they are), with
    metadata given for them all: `published` and `title` override each article's own; `dates`
    (file stem -> date, from a `--dates-from` index) fills in where an article has none."""

    def __init__(self, sources: Iterable[str | Path | RawArticle], stdin: bytes | None = None,
                 encoding: str | None = None, published: dt.date | None = None, title: str | None = None,
                 dates: dict[str, dt.date] | None = None):
        self.sources = expand(sources)
        self.stdin = stdin
        self.encoding = encoding
        self.published = published
        self.title = title
        self.dates = dates or {}
        self.checked: int | None = None
        self._fetched: dict[str, tuple[bytes, str, str]] = {}

    def check(self) -> int:
        """Read and check every input (once); the number of articles. Raises InputError on the first
        bad one."""
        if self.checked is None:
            self.checked = sum(1 for _ in self)
        return self.checked

    def __iter__(self) -> Iterator[RawArticle]:
        for source in self.sources:
            for raw in self._read(source):
                yield self._with_overrides(raw)

    def _read(self, source: Path | str | RawArticle) -> Iterator[RawArticle]:
        if isinstance(source, RawArticle):
            yield source
        elif source == "-":
            yield read_stdin(self.stdin or b"", self.encoding)
        elif isinstance(source, str):
            if source not in self._fetched:
                self._fetched[source] = fetch(source)
            yield from url_articles(source, *self._fetched[source], self.encoding)
        else:
            yield from read_path(source, self.encoding)

    def _with_overrides(self, raw: RawArticle) -> RawArticle:
        stem = Path(raw.path).stem if raw.path else None
        published = self.published or raw.published or self.dates.get(stem)
        title = self.title or raw.title
        if (published, title) == (raw.published, raw.title):
            return raw
        return raw.model_copy(update={"published": published, "title": title})
