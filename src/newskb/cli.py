"""The newskb command line: parses arguments, calls the library, renders. Nothing else."""
# No `from __future__ import annotations` here: typer reads every command's annotations at each
# start, and resolving them from strings costs more than the whole of some queries.
import atexit
import datetime as dt
import functools
import os
import sqlite3
import sys
import threading
import unicodedata
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from . import render
from .config import db_path, model_name
from .errors import InputError, NewskbError
from .kb import KnowledgeBase

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]})

DbOption = Annotated[Optional[str], typer.Option(
    "--db", metavar="PATH|URL", help="The store: an SQLite file, or a postgresql:// URL (default $NEWSKB_DB, "
    "else data/newskb.db).", show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON, as --format json.")]
FormatOption = Annotated[str, typer.Option(
    "--format", "-f", metavar="FORMAT", help="table (for people), json (for programs), csv or markdown.",
    show_default=False)]
LimitOption = Annotated[Optional[int], typer.Option(metavar="N", min=1, help="At most N rows.")]
ArticleOption = Annotated[Optional[str], typer.Option(
    metavar="ARTICLE", help="Only what this article reports (its id, or part of its path).")]
SinceOption = Annotated[Optional[str], typer.Option(metavar="YYYY-MM-DD", help="From this day on.")]
UntilOption = Annotated[Optional[str], typer.Option(metavar="YYYY-MM-DD", help="Up to this day.")]
PersonOption = Annotated[Optional[str], typer.Option(metavar="NAME", help="Only meetings this person took part in.")]
OrgOption = Annotated[Optional[str], typer.Option(
    "--org", metavar="NAME", help="Only meetings this organisation took part in or met as.")]
PlaceOption = Annotated[Optional[str], typer.Option(metavar="NAME", help="Only meetings held here.")]
# Arguments are told of in their command's help: typer would show them with Python's types.
NameArgument = Annotated[str, typer.Argument(metavar="NAME", hidden=True)]


def _version(value: bool) -> None:
    if value:
        from . import __version__

        print(f"newskb {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False) -> None:
    """newskb: who said what at which meeting, from news articles.

    Query commands print a table, or --format csv, markdown or json. Exit codes: 0 done, 1 other
    error, 2 bad input, 3 the store cannot be used, 4 no language model, 5 no such name, 7 a name
    that means several things (they are listed), 130 interrupted, 141 the reader of the output went away.
    """


DEBUG_ENV = "NEWSKB_DEBUG"  # set to 1 to see the traceback of an internal error
INTERNAL_ERROR = 70  # a defect in newskb (sysexits' EX_SOFTWARE)


def one_line(message: str) -> str:
    """A message as one line of plain text: line ends and other control characters escaped."""
    return "".join(c if unicodedata.category(c) not in ("Cc", "Cf") or c == "\t" else repr(c)[1:-1]
                   for c in message.strip())


def fail(message: str, code: int) -> typer.Exit:
    render.error(one_line(message))
    return typer.Exit(code)


def command(*args, **kwargs):
    """Register a command whose every failure becomes one line on standard error and an exit code
    (the README lists them); no traceback reaches the user."""
    def register(fn):
        @functools.wraps(fn)
        def run(*a, **k):
            try:
                return fn(*a, **k)
            except (typer.Exit, typer.Abort, typer.TyperException):
                raise
            except NewskbError as e:
                raise fail(str(e), e.exit_code) from None
            except KeyboardInterrupt:
                raise fail("interrupted", 130) from None
            except BrokenPipeError:
                # The reader went away (`newskb quotes | head`): stop quietly, as other tools do.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                raise typer.Exit(141) from None
            except sqlite3.Error as e:
                from .store.sqlite import store_error

                error = store_error(e, db_path(k.get("db")))
                raise fail(str(error), error.exit_code) from None
            except MemoryError:
                raise fail("out of memory", 1) from None
            except OSError as e:
                where = f"{e.filename}: " if e.filename else ""
                raise fail(f"{where}{e.strerror or e}", 1) from None
            except Exception as e:
                if os.environ.get(DEBUG_ENV):
                    raise
                raise fail(f"internal error ({type(e).__name__}: {e}); please report it (${DEBUG_ENV}=1 shows "
                           "the traceback)", INTERNAL_ERROR) from None
        return app.command(*args, **kwargs)(run)
    return register


def _open(db: str | None, create: bool = False) -> KnowledgeBase:
    return KnowledgeBase.open(db_path(db), create=create)


def _day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} {value!r} is not an ISO date (YYYY-MM-DD)") from None


PathsArgument = Annotated[list[str], typer.Argument(metavar="PATH", hidden=True)]
PublishedOption = Annotated[Optional[str], typer.Option(
    metavar="YYYY-MM-DD", help="Publication date for every article given.")]
TitleOption = Annotated[Optional[str], typer.Option(metavar="TEXT", help="Title for every article given.")]
EncodingOption = Annotated[Optional[str], typer.Option(
    metavar="NAME", help="Text encoding of the files, e.g. latin-1, utf-16 (default: UTF-8, a byte order mark's, "
    "or detected).")]
DatesFromOption = Annotated[Optional[Path], typer.Option(
    "--dates-from", metavar="FILE", help="A TSV/CSV index of file names and publication dates (a news archive's metadata).")]
ModelOption = Annotated[Optional[str], typer.Option(
    metavar="NAME", help="spaCy pipeline to use (default $NEWSKB_MODEL or the best installed).")]


def _articles_given(paths: list[str], published: str | None, title: str | None, encoding: str | None,
                    dates_from: Path | None):
    """Every article the arguments name (textio.Inputs), with its publication date and title, all
    read and checked before any is used."""
    from .textio import Inputs, load_date_table

    day = _day(published, "--published")
    table = load_date_table(dates_from) if dates_from else {}
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    inputs = Inputs(paths, stdin=stdin, encoding=encoding, published=day, title=title, dates=table)
    inputs.check()
    return inputs


def _progress(label: str, total: int, work):
    """Run work(on_article) with a progress bar on standard error when there are several articles."""
    if total <= 1:
        return work(None)
    from rich.progress import Progress

    with Progress(console=render.errors, transient=True) as progress:
        task = progress.add_task(label, total=total)
        return work(lambda result: progress.advance(task))


def _tell_waits(kb: KnowledgeBase) -> None:
    kb.store.on_wait = lambda: render.errors.print("Waiting for another newskb writing to the store…")


@command()
def ingest(
    paths: PathsArgument,
    published: PublishedOption = None,
    title: TitleOption = None,
    encoding: EncodingOption = None,
    dates_from: DatesFromOption = None,
    model: ModelOption = None,
    workers: Annotated[int, typer.Option(
        metavar="N", help="Processes analysing articles at once (one writes the store).", min=1)] = 1,
    dask: Annotated[Optional[str], typer.Option(
        "--dask", metavar="ADDRESS", help="Analyse on a Dask cluster: its scheduler's address (tcp://host:8786), "
        "or local:N for N processes here; this process writes the store. Needs newskb[dask].")] = None,
    keep_near_duplicates: Annotated[bool, typer.Option(
        "--keep-near-duplicates", help="Store an article even when a near-identical one is stored.")] = False,
    db: DbOption = None,
) -> None:
    """Read articles (text, .jsonl, HTML, RSS/Atom files, folders of them, http(s) URLs, or - for
    standard input), extract who said what at which meeting, and add them to the store."""
    inputs = _articles_given(paths, published, title, encoding, dates_from)
    with _open(db, create=True) as kb:
        _tell_waits(kb)
        results = _progress("Ingesting", inputs.checked, lambda on_article: kb.ingest(
            inputs, model=model_name(model), workers=workers, dask=dask, near_duplicates=not keep_near_duplicates,
            on_article=on_article))
    for r in results:
        if r.near_duplicate:
            render.errors.print(one_line(f"{r.path or 'standard input'}: a near-duplicate of stored article "
                                         f"{r.article}; not stored again"), markup=False, soft_wrap=True)
    render.errors.print(render.ingest_summary(results), soft_wrap=True)


def _format(format_: str, json_: bool) -> str:
    if json_:
        return "json"
    if format_ not in render.FORMATS:
        raise InputError(f"unknown --format {format_!r}; choose one of {', '.join(render.FORMATS)}")
    return format_


@command()
def extract(
    paths: PathsArgument,
    published: PublishedOption = None,
    title: TitleOption = None,
    encoding: EncodingOption = None,
    dates_from: DatesFromOption = None,
    model: ModelOption = None,
    json_: JsonOption = False,
) -> None:
    """What newskb reads in articles (text files, folders, .jsonl files, or -), without storing them:
    time expressions, statements, meetings, people."""
    from .extract import extract as extract_articles
    from .ids import article_id, content_hash

    raws = list(_articles_given(paths, published, title, encoding, dates_from))
    rows = _progress("Reading", len(raws),
                     lambda on_article: extract_articles(raws, model=model_name(model), on_article=on_article))
    texts = {article_id(content_hash(raw.text)): raw.text for raw in raws}
    render.emit(rows, "json" if json_ else "table", lambda rows: render.extract_view(rows, texts))


@command()
def articles(since: SinceOption = None, until: UntilOption = None, limit: LimitOption = None, db: DbOption = None,
             format_: FormatOption = "table", json_: JsonOption = False) -> None:
    """The articles in the store, with when they were published and where they came from."""
    with _open(db) as kb:
        rows = kb.articles(_day(since, "--since"), _day(until, "--until"), limit)
    render.emit(rows, _format(format_, json_), render.articles_grid)


@command()
def quotes(
    speaker: Annotated[Optional[str], typer.Option(
        metavar="NAME", help="Only what this person, organisation or country said.")] = None,
    meeting: Annotated[Optional[str], typer.Option(
        metavar="NAME", help="Only statements at or about this meeting (name, place, body or kind).")] = None,
    place: Annotated[Optional[str], typer.Option(metavar="NAME", help="Only statements tied to a meeting held here.")] = None,
    contains: Annotated[Optional[str], typer.Option(metavar="WORDS", help="Only statements holding these words, in order.")] = None,
    org: Annotated[Optional[str], typer.Option(
        "--org", metavar="NAME", help="Only what this organisation or its people said.")] = None,
    article: ArticleOption = None,
    since: Annotated[Optional[str], typer.Option(metavar="YYYY-MM-DD", help="Only articles published from this day on.")] = None,
    until: Annotated[Optional[str], typer.Option(metavar="YYYY-MM-DD", help="Only articles published up to this day.")] = None,
    limit: LimitOption = None,
    db: DbOption = None,
    format_: FormatOption = "table",
    json_: JsonOption = False,
) -> None:
    """Who said what: direct, partial and indirect statements with speaker, meeting, date and source."""
    with _open(db) as kb:
        rows = kb.statements(speaker=speaker, meeting=meeting, place=place, contains=contains, article=article,
                             org=org, since=_day(since, "--since"), until=_day(until, "--until"), limit=limit)
    render.emit(rows, _format(format_, json_), render.quotes_grid)


@command()
def meetings(article: ArticleOption = None, since: SinceOption = None, until: UntilOption = None,
             person: PersonOption = None, org: OrgOption = None, place: PlaceOption = None, limit: LimitOption = None,
             db: DbOption = None, format_: FormatOption = "table", json_: JsonOption = False) -> None:
    """The chronology of meetings: when, where, who took part, how much was said."""
    with _open(db) as kb:
        rows = kb.meetings(article, _day(since, "--since"), _day(until, "--until"), person, org, place, limit)
    render.emit(rows, _format(format_, json_), render.meetings_grid)


@command()
def timeline(article: ArticleOption = None, since: SinceOption = None, until: UntilOption = None,
             person: PersonOption = None, org: OrgOption = None, place: PlaceOption = None, limit: LimitOption = None,
             db: DbOption = None, format_: FormatOption = "table", json_: JsonOption = False) -> None:
    """The chronology as a tree: each meeting with what was said at or about it."""
    with _open(db) as kb:
        rows = kb.timeline(article, _day(since, "--since"), _day(until, "--until"), person, org, place, limit)
    render.emit(rows, _format(format_, json_), render.timeline_outline)


UnnamedOption = Annotated[bool, typer.Option("--all", help="Also those known only by a description ('a source').")]


@command()
def people(
    all_: UnnamedOption = False,
    article: ArticleOption = None,
    org: Annotated[Optional[str], typer.Option(
        "--org", metavar="NAME", help="Only people affiliated with this organisation.")] = None,
    limit: LimitOption = None,
    db: DbOption = None,
    format_: FormatOption = "table",
    json_: JsonOption = False,
) -> None:
    """People with their roles and affiliations, those who said most first."""
    with _open(db) as kb:
        rows = kb.people(include_unnamed=all_, article=article, org=org, limit=limit)
    render.emit(rows, _format(format_, json_), render.people_grid)


@command()
def organizations(all_: UnnamedOption = False, article: ArticleOption = None, limit: LimitOption = None,
                  db: DbOption = None, format_: FormatOption = "table", json_: JsonOption = False) -> None:
    """Organisations with the people affiliated with them, those who said most first."""
    with _open(db) as kb:
        rows = kb.organizations(include_unnamed=all_, article=article, limit=limit)
    render.emit(rows, _format(format_, json_), render.organizations_grid)


@command()
def show(name: NameArgument, db: DbOption = None, format_: FormatOption = "table", json_: JsonOption = False) -> None:
    """What NAME names: a person, organisation or place (roles, meetings, statements, articles),
    loosely written ('stoltenberg' finds Jens Stoltenberg); or, by its id, a meeting (m:...), a
    statement in its paragraph (q:...) or an article (a:...)."""
    with _open(db) as kb:
        answer = kb.show(name)
    render.emit(answer, _format(format_, json_), render.show_view)


@command()
def export(
    format_: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT", help="node-link, cytoscape, graphml, gexf, csv (Neo4j) or jsonl.")] = "node-link",
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="PATH", help="Write here (a folder for csv) instead of standard output.")] = None,
    subgraph: Annotated[Optional[str], typer.Option(metavar="NAME", help="Only what lies around this entity.")] = None,
    depth: Annotated[int, typer.Option(metavar="N", help="With --subgraph: how many links away.", min=0)] = 1,
    article: ArticleOption = None,
    db: DbOption = None,
) -> None:
    """Export the graph for other tools (Gephi, yEd, Cytoscape, Neo4j, networkx)."""
    with _open(db) as kb:
        text = kb.export(format_, output, around=subgraph, depth=depth, article=article)
    if text is not None:
        sys.stdout.write(text)
    else:
        render.errors.print(f"Wrote {output}")


@command(name="import")
def import_(path: Annotated[Path, typer.Argument(metavar="FILE", hidden=True)], db: DbOption = None) -> None:
    """Read FILE, a node-link export (newskb export), back into a store (streamed; all of it or, on
    a bad record, none)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    with _open(db, create=True) as kb:
        _tell_waits(kb)
        count = kb.import_node_link(path)
    render.errors.print(f"Imported {count} nodes")


@command()
def neighbors(
    name: NameArgument,
    depth: Annotated[int, typer.Option(metavar="N", help="How many links away.", min=1)] = 1,
    type_: Annotated[Optional[list[str]], typer.Option(
        "--type", metavar="TYPE", help="Only nodes of this type: person, organization, place, meeting, "
        "statement (repeatable).")] = None,
    limit: LimitOption = None,
    db: DbOption = None,
    format_: FormatOption = "table",
    json_: JsonOption = False,
) -> None:
    """What NAME (a person, organisation or place) is linked to, nearest first: meetings,
    statements, people, places."""
    with _open(db) as kb:
        rows = kb.neighbors(name, depth, type_)
    render.emit(rows[:limit], _format(format_, json_), render.neighbors_grid)


@command()
def path(a: NameArgument, b: Annotated[str, typer.Argument(metavar="OTHER", hidden=True)],
         db: DbOption = None, format_: FormatOption = "table", json_: JsonOption = False) -> None:
    """How NAME and OTHER (people, organisations or places) are connected, the shortest way, in words."""
    with _open(db) as kb:
        answer = kb.path(a, b)
    render.emit(answer, _format(format_, json_), render.path_outline)


@command()
def search(text: Annotated[str, typer.Argument(metavar="WORDS", hidden=True)],
           limit: LimitOption = None, db: DbOption = None, format_: FormatOption = "table",
           json_: JsonOption = False) -> None:
    """Statements holding WORDS, and people, organisations, places and meetings named so."""
    with _open(db) as kb:
        answer = kb.search(text, limit)
    render.emit(answer, _format(format_, json_), render.search_outline)


@command()
def stats(db: DbOption = None, format_: FormatOption = "table", json_: JsonOption = False) -> None:
    """Counts of nodes and edges by type, articles and the dates they span."""
    with _open(db) as kb:
        answer = kb.stats()
    render.emit(answer, _format(format_, json_), render.stats_grid)


LARGE_VIEW = 3000  # nodes: about what 1,000 news articles yield, laid out in a few seconds


@command()
def view(output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE", help="The HTML file to write.")] = Path("newskb.html"),
         around: Annotated[Optional[str], typer.Option(metavar="NAME", help="Only what lies around this entity.")] = None,
         depth: Annotated[int, typer.Option(metavar="N", help="With --around: how many links away.", min=1)] = 2,
         article: ArticleOption = None,
         since: SinceOption = None, until: UntilOption = None,
         db: DbOption = None) -> None:
    """Write the graph (or a part of it) as one self-contained interactive HTML page."""
    from .view import write_view

    with _open(db) as kb:
        counts = write_view(kb.store, output, around=around, depth=depth, article=article,
                            since=_day(since, "--since"), until=_day(until, "--until"))
    render.errors.print(f"Wrote {output}: {counts['nodes']} nodes, {counts['links']} links, "
                        f"{counts['statements']} statements")
    if counts["nodes"] > LARGE_VIEW:
        render.errors.print("A page this large is slow to lay out in a browser; --since/--until, --article or "
                            "--around NAME draw a part.")


@command()
def evaluate(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", hidden=True)],
    format_: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="polnear (BRAT attributions), gold (newskb gold JSON) or timeml (TIMEX3).")] = "polnear",
    quoted: Annotated[bool, typer.Option(help="polnear: score only statements holding a quotation mark.")] = False,
    model: Annotated[Optional[str], typer.Option(metavar="NAME", help="spaCy pipeline to use.")] = None,
    json_: JsonOption = False,
) -> None:
    """Score newskb on annotated articles: a BRAT split folder of PolNeAR attributions (polnear), gold
    answer files in newskb's format (gold), or a folder of TimeML .tml files (timeml)."""
    from . import evaluate as ev

    if format_ == "polnear":
        if len(paths) != 1:
            raise InputError("--format polnear takes one split folder (with text/ and attributions/)")
        result = ev.evaluate_brat(paths[0], quoted_only=quoted, model=model_name(model))
        render.emit(result.figures, "json" if json_ else "table", render.brat_scores)
    elif format_ == "gold":
        scores = ev.evaluate_gold(paths, model=model_name(model))
        rows = [{"file": name, **{k: v for k, v in s.items() if k != "misses"}} for name, s in scores]
        if len(rows) > 1:
            rows.append({"file": "total", **ev.total([s for _, s in scores])})
        render.emit(rows, "json" if json_ else "table", render.gold_scores)
    elif format_ == "timeml":
        if len(paths) != 1:
            raise InputError("--format timeml takes one folder of .tml files")
        documents = ev.read_timeml_folder(paths[0])
        figures = _progress("Reading", len(documents), lambda on_article: ev.evaluate_timeml(
            documents, model=model_name(model), on_article=on_article))
        render.emit(figures, "json" if json_ else "table", render.timeml_scores)
    else:
        raise InputError(f"unknown --format {format_!r}; choose polnear, gold or timeml")


def main() -> None:
    """The `newskb` program: usage errors too end in one line (and exit 2), not a framed panel."""
    if not sys.argv[1:]:
        app()  # no arguments: the help
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        render.error("interrupted")
        code = 130
    except typer.TyperException as e:  # the command line's own errors: usage, bad values
        ctx = getattr(e, "ctx", None)
        command = f" {ctx.info_name}" if ctx is not None and ctx.parent is not None else ""
        hint = f" (see 'newskb{command} --help')" if getattr(e, "exit_code", 1) == 2 else ""
        render.error(one_line(e.format_message() + hint))
        code = getattr(e, "exit_code", 1)
    end(code if isinstance(code, int) else 0)


def end(code: int) -> NoReturn:
    """Exit with `code` once exit handlers have run and output is flushed, skipping the
    interpreter's teardown: freeing a loaded pipeline object by object took 0.6 s, a sixth of a
    5-article ingest. Every command has closed its store and its worker processes by now; should
    a thread or child process still run, the exit is Python's own, which waits for them."""
    try:
        atexit._run_exitfuncs()
        if sys.stdout is not None:  # None when the program was started without one
            sys.stdout.flush()
    except BrokenPipeError:  # the reader went away before the last of the output
        code = 141
    except (OSError, ValueError) as e:  # a full disk; a stream closed
        render.error(one_line(f"standard output: {getattr(e, 'strerror', None) or e}"))
        code = 1
    except KeyboardInterrupt:
        code = 130
    try:
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):
        pass  # nowhere left to say so
    processes = sys.modules.get("multiprocessing")  # imported only if some were started
    if threading.active_count() > 1 or (processes is not None and processes.active_children()):
        sys.exit(code)
    os._exit(code)
