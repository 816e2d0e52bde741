"""The newskb command line: parses arguments, calls the library, renders. Nothing else."""
from __future__ import annotations

import datetime as dt
import functools
import os
import sqlite3
import sys
import unicodedata
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import render
from .config import db_path, model_name
from .errors import InputError, NewskbError
from .kb import KnowledgeBase

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="newskb: who said what at which meeting, from news articles.")

DbOption = Annotated[Optional[Path], typer.Option("--db", help="The store (default $NEWSKB_DB or data/newskb.db).",
                                                  show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (shared/CONTRACT.md) instead of a table.")]


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
                from .store import store_error

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


def _open(db: Path | None, create: bool = False) -> KnowledgeBase:
    return KnowledgeBase.open(db_path(db), create=create)


def _date_option(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--published {value!r} is not an ISO date (YYYY-MM-DD)") from None


PathsArgument = Annotated[list[str], typer.Argument(
    help="Text, .jsonl, HTML, RSS/Atom files, folders of them, http(s) URLs, or - for standard input.")]
PublishedOption = Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for every article given.")]
TitleOption = Annotated[Optional[str], typer.Option(help="Title for every article given.")]
EncodingOption = Annotated[Optional[str], typer.Option(
    help="Text encoding of the files, e.g. latin-1, utf-16 (default: UTF-8, a byte order mark's, or detected).")]
DatesFromOption = Annotated[Optional[Path], typer.Option(
    "--dates-from", help="A TSV/CSV index of file names and publication dates (a news archive's metadata).")]
ModelOption = Annotated[Optional[str], typer.Option(help="spaCy pipeline to use (default $NEWSKB_MODEL or the best installed).")]


def _articles_given(paths: list[str], published: str | None, title: str | None, encoding: str | None,
                    dates_from: Path | None):
    """Every article the arguments name (textio.Inputs), with its publication date and title, all
    read and checked before any is used."""
    from .textio import Inputs, load_date_table

    day = _date_option(published)
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
    workers: Annotated[int, typer.Option(help="Processes analysing articles at once (one writes the store).", min=1)] = 1,
    keep_near_duplicates: Annotated[bool, typer.Option(
        "--keep-near-duplicates", help="Store an article even when a near-identical one is stored.")] = False,
    db: DbOption = None,
) -> None:
    """Read articles, extract who said what at which meeting, and add them to the store."""
    inputs = _articles_given(paths, published, title, encoding, dates_from)
    with _open(db, create=True) as kb:
        _tell_waits(kb)
        results = _progress("Ingesting", inputs.checked, lambda on_article: kb.ingest(
            inputs, model=model_name(model), workers=workers, near_duplicates=not keep_near_duplicates,
            on_article=on_article))
    for r in results:
        if r.near_duplicate:
            render.errors.print(one_line(f"{r.path or 'standard input'}: a near-duplicate of stored article "
                                         f"{r.article}; not stored again"), markup=False, soft_wrap=True)
    render.errors.print(render.ingest_summary(results), soft_wrap=True)


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
    """What newskb reads in articles, without storing them: time expressions, statements, meetings, people."""
    from .extract import extract as extract_articles
    from .ids import article_id, content_hash

    raws = list(_articles_given(paths, published, title, encoding, dates_from))
    rows = _progress("Reading", len(raws),
                     lambda on_article: extract_articles(raws, model=model_name(model), on_article=on_article))
    texts = {article_id(content_hash(raw.text)): raw.text for raw in raws}
    render.emit(rows, json_, lambda rows: render.extract_view(rows, texts))


@command()
def articles(db: DbOption = None, json_: JsonOption = False) -> None:
    """The articles in the store."""
    with _open(db) as kb:
        render.emit(kb.articles(), json_, render.articles_table)


@command()
def quotes(
    speaker: Annotated[Optional[str], typer.Option(help="Only what this person, organisation or country said.")] = None,
    meeting: Annotated[Optional[str], typer.Option(help="Only statements at or about this meeting (name or place).")] = None,
    place: Annotated[Optional[str], typer.Option(help="Only statements tied to a meeting held here.")] = None,
    contains: Annotated[Optional[str], typer.Option(help="Only statements containing these words.")] = None,
    article: ArticleOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Who said what: direct, partial and indirect statements with speaker and meeting."""
    with _open(db) as kb:
        rows = kb.statements(speaker=speaker, meeting=meeting, place=place, contains=contains, article=article)
        render.emit(rows, json_, render.quotes_table)


ArticleOption = Annotated[Optional[str], typer.Option(help="Only what this article reports (id or path).")]


@command()
def meetings(article: ArticleOption = None, db: DbOption = None, json_: JsonOption = False) -> None:
    """The chronology of meetings: when, where, who took part."""
    with _open(db) as kb:
        render.emit(kb.meetings(article), json_, render.meetings_table)


@command()
def timeline(db: DbOption = None, json_: JsonOption = False) -> None:
    """The chronology as a tree of meetings with what was said at or about each."""
    with _open(db) as kb:
        rows = kb.timeline()
        render.emit(rows, json_, render.timeline_tree)


@command()
def people(
    all_: Annotated[bool, typer.Option("--all", help="Also speakers known only by a description.")] = False,
    article: ArticleOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """People with their roles and affiliations."""
    with _open(db) as kb:
        render.emit(kb.people(include_unnamed=all_, article=article), json_, render.people_table)


@command()
def show(name: Annotated[str, typer.Argument(help="A name, loosely written: 'stoltenberg' finds Jens Stoltenberg.")],
         db: DbOption = None, json_: JsonOption = False) -> None:
    """One person, organisation or place: roles, meetings, statements, articles."""
    with _open(db) as kb:
        render.emit(kb.profile(name), json_, render.profile_tree)


@command()
def export(
    format_: Annotated[str, typer.Option("--format", "-f", help="node-link, cytoscape, graphml, gexf, csv (Neo4j) or jsonl.")] = "node-link",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here (a folder for csv) instead of standard output.")] = None,
    subgraph: Annotated[Optional[str], typer.Option(help="Only what lies around this entity.")] = None,
    depth: Annotated[int, typer.Option(help="With --subgraph: how many links away.", min=0)] = 1,
    article: Annotated[Optional[str], typer.Option(help="Only what this article says (id or path).")] = None,
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
def import_(path: Annotated[Path, typer.Argument(help="A node-link JSON file written by newskb export.")],
            db: DbOption = None) -> None:
    """Read a node-link export back into a store (streamed; all of it or, on a bad record, none)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    with _open(db, create=True) as kb:
        _tell_waits(kb)
        count = kb.import_node_link(path)
    render.errors.print(f"Imported {count} nodes")


@command()
def neighbors(
    name: Annotated[str, typer.Argument(help="A person, organisation or place.")],
    depth: Annotated[int, typer.Option(help="How many links away.", min=1)] = 1,
    type_: Annotated[Optional[list[str]], typer.Option("--type", help="Only nodes of this type (repeatable).")] = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """What an entity is linked to: meetings, statements, people, places."""
    with _open(db) as kb:
        render.emit(kb.neighbors(name, depth, type_), json_, render.neighbors_table)


@command()
def path(a: Annotated[str, typer.Argument(help="One entity.")], b: Annotated[str, typer.Argument(help="Another.")],
         db: DbOption = None, json_: JsonOption = False) -> None:
    """How two entities are connected, explained in words."""
    with _open(db) as kb:
        render.emit(kb.path(a, b), json_, render.path_tree)


@command()
def search(text: Annotated[str, typer.Argument(help="Words to find in statements and names.")],
           db: DbOption = None, json_: JsonOption = False) -> None:
    """Statements and entities matching words."""
    with _open(db) as kb:
        render.emit(kb.search(text), json_, render.search_view)


@command()
def stats(db: DbOption = None, json_: JsonOption = False) -> None:
    """Counts of nodes and edges by type, articles and the dates they span."""
    with _open(db) as kb:
        render.emit(kb.stats(), json_, render.stats_table)


@command()
def view(output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("newskb.html"),
         db: DbOption = None) -> None:
    """Write the graph as one self-contained interactive HTML page."""
    from .view import write_view

    with _open(db) as kb:
        write_view(kb.graph, kb.meetings(), output)
    render.errors.print(f"Wrote {output}")


@command()
def evaluate(
    paths: Annotated[list[Path], typer.Argument(
        help="A BRAT split folder (polnear), gold JSON files (gold), or a folder of TimeML .tml files (timeml).")],
    format_: Annotated[str, typer.Option(
        "--format", "-f", help="polnear (BRAT attributions), gold (newskb gold JSON) or timeml (TIMEX3).")] = "polnear",
    quoted: Annotated[bool, typer.Option(help="polnear: score only statements holding a quotation mark.")] = False,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline to use.")] = None,
    json_: JsonOption = False,
) -> None:
    """Score newskb on annotated articles, as shared/tools/polnear_score.py, gold_score.py and timeml_score.py do."""
    from . import evaluate as ev

    if format_ == "polnear":
        if len(paths) != 1:
            raise InputError("--format polnear takes one split folder (with text/ and attributions/)")
        result = ev.evaluate_brat(paths[0], quoted_only=quoted, model=model_name(model))
        render.emit(result.figures, json_, render.brat_scores)
    elif format_ == "gold":
        scores = ev.evaluate_gold(paths, model=model_name(model))
        rows = [{"file": name, **{k: v for k, v in s.items() if k != "misses"}} for name, s in scores]
        if len(rows) > 1:
            rows.append({"file": "total", **ev.total([s for _, s in scores])})
        render.emit(rows, json_, render.gold_scores)
    elif format_ == "timeml":
        if len(paths) != 1:
            raise InputError("--format timeml takes one folder of .tml files")
        documents = ev.read_timeml_folder(paths[0])
        figures = _progress("Reading", len(documents), lambda on_article: ev.evaluate_timeml(
            documents, model=model_name(model), on_article=on_article))
        render.emit(figures, json_, render.timeml_scores)
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
    sys.exit(code if isinstance(code, int) else 0)
