"""Everything newskb shows: each kind of answer drawn once, as a grid or an outline, then written
in the format asked for (a rich table or tree, CSV, Markdown) or dumped as JSON.

Text from articles never reaches a terminal raw: control characters (a terminal's escape
sequences among them) are shown as `\\x1b`-style escapes in every format but JSON, which escapes
them as JSON does; rich markup in article text is never interpreted.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel
from rich.console import Console, Group
from rich.rule import Rule
from rich.text import Text

from . import answers as a
from .answers import dump

FORMATS = ("table", "json", "csv", "markdown")


class _Console(Console):
    def on_broken_pipe(self) -> None:
        raise BrokenPipeError  # the CLI ends as it does for --json (exit 141), not rich's exit 1


console = _Console(highlight=False)
errors = Console(stderr=True, highlight=False)

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Text safe to show: control characters other than newline and tab as visible escapes."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


# -- the two shapes of a view --------------------------------------------------------------------
@dataclass
class Cell:
    """A cell's text in parts, each with a rich style (the formats other than the table drop
    styles; `mark`, the text before and after, shows a part in Markdown)."""

    parts: list[tuple[str, str, tuple[str, str]]] = field(default_factory=list)  # (text, rich style, mark)
    brief: Cell | None = None  # what a table on a terminal shows instead, where space is short

    def add(self, text: str | None, style: str = "", mark: tuple[str, str] = ("", "")) -> Cell:
        if text:
            self.parts.append((text, style, mark))
        return self

    @property
    def plain(self) -> str:
        return clean("".join(t for t, _, _ in self.parts))

    def rich(self) -> Text:
        text = Text()
        for part, style, _ in self.parts:
            text.append(clean(part), style=style or None)
        return text

    def markdown(self) -> str:
        return "".join(f"{before}{_md_escape(clean(t))}{after}" for t, _, (before, after) in self.parts)


Content = str | Cell | None


def cell(content: Content, style: str = "") -> Cell:
    return content if isinstance(content, Cell) else Cell().add(content, style)


@dataclass
class Column:
    header: str
    options: dict = field(default_factory=dict)  # rich column options: style, justify, ratio, ...
    on_terminal: bool = True  # False: in CSV and Markdown only, where width costs nothing


@dataclass
class Grid:
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    empty: str = "Nothing matches."
    lines: bool = False  # rules between rows (for rows of several lines)


@dataclass
class Outline:
    label: Cell
    children: list[Outline] = field(default_factory=list)

    def add(self, content: Content, style: str = "") -> Outline:
        child = Outline(cell(content, style))
        self.children.append(child)
        return child


View = Grid | Outline


# -- writing a view in a format ---------------------------------------------------------------------
def _rich(view: View):
    from rich.table import Table
    from rich.tree import Tree

    if isinstance(view, Outline):
        def grow(tree, node: Outline):
            for child in node.children:
                grow(tree.add(child.label.rich()), child)
            return tree
        return grow(Tree(view.label.rich()), view)
    if not view.rows:
        return Text(view.empty, style="dim")
    table = Table(title=clean(view.title), show_lines=view.lines, expand=any("ratio" in c.options for c in view.columns))
    shown = [i for i, column in enumerate(view.columns) if column.on_terminal]
    for i in shown:
        table.add_column(view.columns[i].header, **view.columns[i].options)
    for row in view.rows:
        table.add_row(*((row[i].brief or row[i]).rich() for i in shown))
    return table


def _csv(view: View) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if isinstance(view, Outline):
        writer.writerow(["depth", "text"])
        for depth, node in _walk(view):
            writer.writerow([depth, node.label.plain])
    else:
        writer.writerow([c.header for c in view.columns])
        writer.writerows([c.plain for c in row] for row in view.rows)
    return out.getvalue()


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>|#])", r"\\\1", text).replace("\n", " ")


def _markdown(view: View) -> str:
    if isinstance(view, Outline):
        return "\n".join(("  " * (depth - 1) + "- " if depth else "**") + node.label.markdown()
                         + ("" if depth else "**") for depth, node in _walk(view)) + "\n"
    if not view.rows:
        return f"_{view.empty}_\n"
    lines = [f"**{_md_escape(view.title)}**", "", "| " + " | ".join(_md_escape(c.header) for c in view.columns) + " |",
             "|" + "|".join("---:" if c.options.get("justify") == "right" else "---" for c in view.columns) + "|"]
    lines += ["| " + " | ".join(c.markdown() for c in row) + " |" for row in view.rows]
    return "\n".join(lines) + "\n"


def _walk(node: Outline, depth: int = 0):
    yield depth, node
    for child in node.children:
        yield from _walk(child, depth + 1)


def emit(answer: BaseModel | list, format_: str, draw: Callable[..., View]) -> None:
    """Print an answer: JSON for programs (exactly the answer, nothing else on standard output),
    else its view in the format; a long table on a terminal goes through the pager."""
    if format_ == "json":
        sys.stdout.write(json.dumps(dump(answer), ensure_ascii=False, indent=1) + "\n")
        return
    view = draw(answer)
    if not isinstance(view, (Grid, Outline)):  # a page of several views, for the terminal only
        _page(view)
    elif format_ == "csv":
        sys.stdout.write(_csv(view))
    elif format_ == "markdown":
        sys.stdout.write(_markdown(view))
    else:
        _page(_rich(view))


def _page(renderable) -> None:
    if not console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    text = captured.get()
    if text.count("\n") < console.height or not os.environ.get("PAGER", "less"):
        sys.stdout.write(text)
        return
    import pydoc

    os.environ.setdefault("LESS", "FRX")  # colours kept; a page that fits is not paged
    pydoc.pager(text)


# -- the answers, drawn ---------------------------------------------------------------------------------
def _date(d) -> str:
    if d is None or not d.earliest:
        return (d.text if d else None) or "?"
    span = str(d.earliest) if d.earliest == d.latest else f"{d.earliest} – {d.latest}"
    return f"{span} ({d.text})" if d.text else span


def _who(s: a.StatementRow) -> Cell:
    if s.speaker:
        return Cell().add(s.speaker.name, "bold")
    if s.speaker_mention:
        return Cell().add(f"{s.speaker_mention.text}?", "dim")
    return Cell().add("unknown", "dim")


def _meeting_label(m: a.MeetingRef | None) -> str:
    if not m:
        return ""
    return m.name + (f", {m.place}" if m.place and m.place not in m.name else "")


def _words(s: a.StatementRow) -> str:
    return s.text if s.kind == "indirect" else f"“{s.text}”"


def _source(ref: a.ArticleRef, brief: bool = False) -> str:
    """Where an article came from: its URL, else its path (in brief, the file's name)."""
    if ref.url or not ref.path:
        return ref.url or ref.title or ref.id
    return ref.path.rsplit("/", 1)[-1] if brief else ref.path


def quotes_grid(rows: list[a.StatementRow]) -> Grid:
    columns = [Column("Published", {"no_wrap": True}), Column("Speaker", {"style": "bold", "max_width": 22}),
               Column("Statement", {"ratio": 5}), Column("Kind", on_terminal=False),
               Column("Meeting", {"ratio": 2}), Column("Source", {"ratio": 2, "overflow": "fold"})]
    body = []
    for s in rows:
        meeting = Cell().add(_meeting_label(s.meeting))
        if s.meeting_relation == "about":
            meeting.add(" (about)", "dim")
        source = Cell().add(_source(s.article)).add(f"\n{s.id}", "dim")
        source.brief = Cell().add(_source(s.article, brief=True)).add(f"\n{s.id}", "dim")
        body.append([cell(str(s.article.published or "?")), _who(s), cell(_words(s)), cell(s.kind), meeting, source])
    return Grid(f"{len(rows)} statement{'s' * (len(rows) != 1)}", columns, body, "No statements match.", lines=True)


def meetings_grid(rows: list[a.MeetingRow]) -> Grid:
    columns = [Column("#", {"justify": "right"}), Column("When", {"ratio": 2, "min_width": 24}),
               Column("Meeting", {"ratio": 3}), Column("Where", {"ratio": 1}),
               Column("Who took part", {"ratio": 4}), Column("Said", {"justify": "right"})]
    return Grid("Chronology of meetings", columns, [
        [cell(str(m.order)), cell(_date(m.date)), Cell().add(m.name, "bold").add(f"\n{m.id}", "dim"),
         cell(m.place or "?"), cell(", ".join(p.name for p in m.participants)), cell(str(m.statements))]
        for m in rows], "No meetings match.", lines=True)


def people_grid(rows: list[a.EntityRow]) -> Grid:
    columns = [Column("Name", {"style": "bold"}), Column("Roles"), Column("Affiliations"),
               Column("Statements", {"justify": "right"}), Column("Articles", {"justify": "right"})]
    return Grid("People", columns, [
        [cell(p.name), cell("; ".join(p.roles)), cell(", ".join(x.name for x in p.affiliations)),
         cell(str(p.statements)), cell(str(len(p.articles)))] for p in rows], "No people match.")


def organizations_grid(rows: list[a.OrganizationRow]) -> Grid:
    columns = [Column("Name", {"style": "bold"}), Column("Also"), Column("People"),
               Column("Statements", {"justify": "right"}), Column("Articles", {"justify": "right"})]
    return Grid("Organisations", columns, [
        [cell(o.name), cell(", ".join(o.aliases)), cell(", ".join(x.name for x in o.members)),
         cell(str(o.statements)), cell(str(len(o.articles)))] for o in rows], "No organisations match.")


def articles_grid(rows: list[a.ArticleRef]) -> Grid:
    # an id or a date cut across lines cannot be read or copied (and rich need not try where to cut)
    columns = [Column("Id", {"no_wrap": True}), Column("Published", {"no_wrap": True}), Column("Title", {"style": "bold"}),
               Column("Source")]
    return Grid("Articles", columns, [
        [cell(r.id), cell(str(r.published or "?")), cell(r.title or ""), cell(r.url or r.path or "-")] for r in rows],
        "No articles yet: newskb ingest PATH")


def _statement_line(s: a.StatementRow) -> Cell:
    line = _who(s).add(": ").add(_words(s))
    return line.add(f"  {s.article.published or '?'}, {_source(s.article)}", "dim")


def timeline_outline(rows: list[a.TimelineRow]) -> Outline:
    """Meetings in order, each with who said what there."""
    tree = Outline(Cell().add("Timeline", "bold"))
    if not rows:
        tree.add("No meetings match.", "dim")
    for m in rows:
        node = tree.add(Cell().add(f"{m.order}. {m.name}", "bold").add(f" — {m.place or '?'}, {_date(m.date)}"))
        if m.participants:
            node.add("with " + ", ".join(p.name for p in m.participants), "dim")
        for s in m.said:
            node.add(_statement_line(s))
    return tree


def _names(tree: Outline, label: str, names: Sequence[str]) -> None:
    if names:
        tree.add(f"{label}: " + ", ".join(names))


def profile_outline(p: a.Profile) -> Outline:
    tree = Outline(Cell().add(p.name, "bold").add(f" ({p.type}, {p.id})", "dim"))
    _names(tree, "also", p.aliases)
    if p.roles:
        tree.add("roles: " + "; ".join(p.roles))
    _names(tree, "affiliations", [x.name for x in p.affiliations])
    if p.meetings:
        branch = tree.add("meetings")
        for m in p.meetings:
            branch.add(Cell().add(_meeting_label(m)).add(f" {_date(m.date)}", "dim").add(f"  {m.id}", "dim"))
    if p.statements:
        branch = tree.add("statements")
        for group in p.statements:
            sub = branch.add(_meeting_label(group.meeting) if group.meeting else "not tied to a meeting", "italic")
            for s in group.statements:
                sub.add(Cell().add(s.text).add(f"  {s.article.published or '?'}, {_source(s.article)}", "dim"))
    _names(tree, "met", [x.name for x in p.met])
    _names(tree, "people affiliated", [x.name for x in p.members])
    branch = tree.add("articles")
    for ref in p.articles:
        branch.add(Cell().add(ref.title or ref.path or ref.id).add(f"  {ref.published or '?'}, {_source(ref)}", "dim"))
    return tree


def meeting_outline(m: a.MeetingProfile) -> Outline:
    tree = Outline(Cell().add(m.name, "bold").add(f" (meeting, {m.id})", "dim"))
    tree.add(f"when: {_date(m.date)}")
    tree.add(f"where: {m.place or '?'}")
    if m.body:
        tree.add(f"body: {m.body}")
    _names(tree, "who took part", [p.name for p in m.participants])
    if m.follows:
        tree.add("after: " + ", ".join(_meeting_label(x) for x in m.follows))
    if m.said:
        branch = tree.add(f"statements ({len(m.said)})")
        for s in m.said:
            branch.add(_statement_line(s).add(f" ({s.meeting_relation})" if s.meeting_relation == "about" else "", "dim"))
    branch = tree.add("reported by")
    for ref in m.reports:
        branch.add(Cell().add(ref.title or ref.id).add(f"  {ref.published or '?'}, {_source(ref)}", "dim"))
    return tree


def statement_outline(s: a.StatementProfile) -> Outline:
    """The statement in its paragraph: on a terminal its words underlined, the speaker mention in
    bold, the cue in italics; in Markdown the words «between guillemets», the speaker mention
    **bold**, the cue _italic_."""
    tree = Outline(Cell().add(f"{s.kind} statement", "bold").add(f" ({s.id})", "dim"))
    who = Cell().add("speaker: ").add(s.speaker.name if s.speaker else "unknown", "bold")
    if s.speaker_mention:
        who.add(f", as “{s.speaker_mention.text}” ({s.speaker_mention.start}–{s.speaker_mention.end})")
    tree.add(who)
    if s.cue:
        tree.add(f"cue: “{s.cue.text}” ({s.cue.start}–{s.cue.end})")
    tree.add(f"words: {s.start}–{s.end}")
    if s.meeting:
        tree.add(f"{s.meeting_relation}: {_meeting_label(s.meeting)}, {_date(s.meeting.date)}")
    tree.add(f"article: {s.article.title or s.article.id}, published {s.article.published or '?'}, "
             f"{_source(s.article)}")
    marks = [(s.start, s.end, "underline", ("«", "»"))]
    marks += [(x.start, x.end, style, mark) for x, style, mark in
              ((s.speaker_mention, "bold cyan", ("**", "**")), (s.cue, "italic magenta", ("_", "_"))) if x]
    paragraph, at, text, offset = Cell(), s.paragraph.start, s.paragraph.text, s.paragraph.start
    for start, end, style, mark in sorted(marks):
        if start < at:
            continue  # a mark inside another (a speaker named inside the quote) stays unmarked
        paragraph.add(text[at - offset:start - offset])
        paragraph.add(text[start - offset:end - offset], style, mark)
        at = end
    paragraph.add(text[at - offset:])
    tree.add(paragraph)
    return tree


def article_outline(p: a.ArticleProfile) -> Outline:
    tree = Outline(Cell().add(p.title or p.id, "bold").add(f" (article, {p.id})", "dim"))
    tree.add(f"published: {p.published or '?'}")
    tree.add(f"source: {p.url or p.path or '-'}")
    if p.meetings:
        branch = tree.add(f"meetings ({len(p.meetings)})")
        for m in p.meetings:
            branch.add(Cell().add(_meeting_label(m)).add(f" {_date(m.date)}  {m.id}", "dim"))
    branch = tree.add(f"statements ({len(p.statements)})")
    for s in p.statements:
        branch.add(_who(s).add(": ").add(_words(s)).add(f"  {s.id}", "dim"))
    return tree


def show_view(answer) -> Outline:
    for kind, draw in ((a.StatementProfile, statement_outline), (a.MeetingProfile, meeting_outline),
                       (a.ArticleProfile, article_outline)):
        if isinstance(answer, kind):
            return draw(answer)
    return profile_outline(answer)


def neighbors_grid(rows: list[a.Neighbor]) -> Grid:
    columns = [Column("Distance", {"justify": "right"}), Column("Type"), Column("Name", {"style": "bold"}),
               Column("How")]
    return Grid("Neighbours", columns, [
        [cell(str(r.distance)), cell(r.type), cell(r.name), cell(" ".join(r.via))] for r in rows],
        "Nothing linked.", lines=True)


def path_outline(p: a.Path) -> Outline:
    tree = Outline(Cell().add(p.from_.name, "bold").add(" → ").add(p.to.name, "bold").add(f": {p.summary}"))
    for step in p.steps:
        tree.add(step.sentence)
    return tree


def search_outline(result: a.SearchResult) -> Outline:
    tree = Outline(Cell().add("Search", "bold"))
    if result.entities:
        branch = tree.add("entities")
        for e in result.entities:
            branch.add(Cell().add(e.name).add(f" ({e.type}, {e.id})", "dim"))
    branch = tree.add(f"statements ({len(result.statements)})")
    for s in result.statements:
        branch.add(_statement_line(s))
    return tree


def stats_grid(st: a.Stats) -> Grid:
    rows = [[cell(f"{kind} nodes"), cell(str(n))] for kind, n in st.nodes.items()]
    rows += [[cell(f"{kind} edges"), cell(str(n))] for kind, n in st.edges.items()]
    rows += [[cell(name), cell(f"{span.earliest or '?'} – {span.latest or '?'}")]
             for name, span in (("published", st.published), ("meetings", st.meetings))]
    return Grid("Knowledge base", [Column("What"), Column("Count", {"justify": "right"})], rows)


BRAT_COLUMNS = ("gold", "predicted", "matched", "precision", "recall", "f1", "speaker_accuracy", "end_to_end_f1")


def brat_scores(figures: dict) -> Grid:
    return Grid("Statements against the annotations",
                [Column(name.replace("_", " "), {"justify": "right"}) for name in BRAT_COLUMNS],
                [[cell(str(figures[k])) for k in BRAT_COLUMNS]])


GOLD_COLUMNS = {"quotes_gold": "quotes", "quotes_found": "found", "speaker_right": "speaker", "kind_right": "kind",
                "meeting_right": "meeting", "meetings_placed": "placed", "meetings_mapped": "mapped",
                "meeting_dates_right": "dates", "chronology_right": "order", "people_found": "people"}


def gold_scores(rows: list[dict]) -> Grid:
    columns = [Column("file", {"style": "bold", "overflow": "fold"})] + [
        Column(h, {"justify": "right"}) for h in GOLD_COLUMNS.values()]
    return Grid("Answers against the gold files (statements: found, right speaker, kind, meeting; meetings with "
                "a place: mapped, dates in bounds; chronology; people)", columns,
                [[cell(row["file"]), *(cell(str(row.get(k, ""))) for k in GOLD_COLUMNS)] for row in rows])


TIMEML_COLUMNS = ("strict", "relaxed", "type", "value")


def timeml_scores(figures: dict) -> Grid:
    """F1 (and precision, recall) per TIMEX3 type, as timeml_score.py counts them."""
    columns = [Column("", {"style": "bold"}), Column("gold", {"justify": "right"}), Column("found", {"justify": "right"})]
    columns += [Column(f"{k} F1", {"justify": "right"}) for k in TIMEML_COLUMNS]
    columns += [Column("value P/R", {"justify": "right", "no_wrap": True})]

    def row(name: str, f: dict) -> list[Cell]:
        return [cell(name), cell(str(f["gold"])), cell(str(f["system"])),
                *(cell(f"{100 * f[k]['f1']:.1f}") for k in TIMEML_COLUMNS),
                cell(f"{100 * f['value']['p']:.1f}/{100 * f['value']['r']:.1f}")]
    return Grid(f"Time expressions against the TimeML annotations ({figures['docs']} documents)", columns,
                [row("all", figures), *(row(t, f) for t, f in figures["by_type"].items())])


def _interval(t: dict) -> str:
    if not t.get("earliest") and not t.get("latest"):
        return ""
    lo, hi = t.get("earliest") or "…", t.get("latest") or "…"
    return lo if lo == hi else f"{lo} – {hi}"


TIME_STYLE = {"DATE": "bold cyan", "TIME": "bold magenta", "DURATION": "bold yellow", "SET": "bold green"}


def _marked_text(text: str, times: list[dict]) -> Text:
    """The article with its time expressions coloured by type."""
    out = Text(clean(text.strip("\n")))
    offset = len(text) - len(text.lstrip("\n"))
    for t in times:
        out.stylize(TIME_STYLE.get(t["type"], "bold"), t["start"] - offset, t["end"] - offset)
    return out


def times_grid(times: list[dict]) -> Grid:
    columns = [Column("Expression", {"style": "bold"}), Column("Type"), Column("Value"), Column("Interval"),
               Column("Tense", {"style": "dim"})]
    return Grid(f"{len(times)} time expression{'s' * (len(times) != 1)}", columns, [
        [cell(t["text"]), cell(t["type"], TIME_STYLE.get(t["type"], "")), cell(t["value"]), cell(_interval(t)),
         cell(t.get("tense") or "")] for t in times], "No time expressions.")


def extract_view(rows: list[dict], texts: dict[str, str] | None = None):
    """Per article: its time expressions, statements, meetings and people, as newskb read them."""
    if not rows:
        return Text("No articles.", style="dim")
    parts: list = []
    for row in rows:
        article = row["article"]
        where = f"{article['path']}, " if article.get("path") and article.get("title") else ""
        title = Text(clean(article.get("title") or article.get("path") or article["id"]), style="bold")
        parts.append(Rule(title + Text(f" {clean(where)}published {article.get('published') or '?'}", style="dim")))
        if texts and article.get("id") in texts:
            parts.append(_marked_text(texts[article["id"]], row["times"]))
        parts += [_rich(view) for view in (times_grid(row["times"]), quotes_grid(row["quotes"]),
                                           meetings_grid(row["meetings"]), people_grid(row["people"]))]
    return Group(*parts)


def ingest_summary(results) -> str:
    added = [r for r in results if r.added]
    skipped = len(results) - len(added)
    line = (f"Ingested {len(added)} article{'s' * (len(added) != 1)}: "
            f"{sum(r.statements for r in added)} statements, {sum(r.meetings for r in added)} meetings")
    if skipped:
        near = sum(1 for r in results if r.near_duplicate)
        line += f"; {skipped} already in the store" + (f" ({near} as near-duplicates)" if near else "")
    return line


def error(message: str) -> None:
    errors.print(Text("newskb: ", style="red") + Text(clean(message).replace("\n", " ")), soft_wrap=True)
