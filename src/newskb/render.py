"""Everything newskb shows people: rich tables and trees, one function per kind of answer."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable

from rich.console import Console, Group
from rich.markup import escape
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


def emit(rows, as_json: bool, human: Callable[[object], object]) -> None:
    """JSON for programs (exactly the rows, nothing else on standard output), else the human view."""
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        console.print(human(rows))


def _table(title: str, columns: list[tuple[str, dict]], rows: list[list[str]], **options) -> Table:
    """One table: column headers with their rich options, rows of already escaped cells."""
    table = Table(title=title, **options)
    for header, column_options in columns:
        table.add_column(header, **column_options)
    for row in rows:
        table.add_row(*row)
    return table


def _date(d: dict | None) -> str:
    if not d or not d.get("earliest"):
        return (d or {}).get("text") or "?"
    span = d["earliest"] if d["earliest"] == d["latest"] else f"{d['earliest']} – {d['latest']}"
    return f"{span} ({d['text']})" if d.get("text") else span


def _who(statement: dict) -> str:
    speaker = statement.get("speaker")
    if speaker:
        return speaker["name"]
    mention = statement.get("speaker_mention")
    return f"[dim]{escape(mention['text'])}?[/dim]" if mention else "[dim]unknown[/dim]"


def _meeting_label(m: dict | None) -> str:
    if not m:
        return ""
    return f"{m['name']}" + (f", {m['place']}" if m.get("place") and m["place"] not in m["name"] else "")


def quotes_table(rows: list[dict]) -> Table | str:
    if not rows:
        return "[dim]No statements match.[/dim]"
    table = Table(title=f"{len(rows)} statement{'s' * (len(rows) != 1)}", show_lines=True, expand=True)
    table.add_column("Speaker", style="bold", ratio=2)
    table.add_column("Statement", ratio=6)
    table.add_column("Kind", min_width=8, no_wrap=True)
    table.add_column("Meeting", ratio=3)
    for s in rows:
        text = escape(s["text"])
        text = f"“{text}”" if s["kind"] != "indirect" else text
        relation = f" [dim]({s['meeting_relation']})[/dim]" if s.get("meeting_relation") == "about" else ""
        table.add_row(_who(s), text, s["kind"], escape(_meeting_label(s.get("meeting"))) + relation)
    return table


def meetings_table(rows: list[dict]) -> Table | str:
    if not rows:
        return "[dim]No meetings yet.[/dim]"
    columns = [("#", {"justify": "right"}), ("When", {"ratio": 2, "min_width": 24}),
               ("Meeting", {"style": "bold", "ratio": 3}), ("Where", {"ratio": 1}), ("Who took part", {"ratio": 4}),
               ("Said", {"justify": "right"})]
    return _table("Chronology of meetings", columns, [
        [str(m["order"]), escape(_date(m["date"])), escape(m["name"]), escape(m.get("place") or "?"),
         escape(", ".join(p["name"] for p in m["participants"])), str(m.get("statements", 0))] for m in rows],
        show_lines=True, expand=True)


def people_table(rows: list[dict]) -> Table | str:
    if not rows:
        return "[dim]No people yet.[/dim]"
    columns = [("Name", {"style": "bold"}), ("Roles", {}), ("Affiliations", {}), ("Statements", {"justify": "right"})]
    return _table("People", columns, [
        [escape(p["name"]), escape("; ".join(p["roles"])), escape(", ".join(a["name"] for a in p["affiliations"])),
         str(p.get("statements", 0))] for p in rows], expand=True)


def articles_table(rows: list[dict]) -> Table | str:
    if not rows:
        return "[dim]No articles yet: newskb ingest PATH[/dim]"
    columns = [("Id", {}), ("Published", {}), ("Title", {"style": "bold"}), ("Path", {})]
    return _table("Articles", columns, [
        [a["id"], a.get("published") or "?", escape(a.get("title") or ""), escape(a.get("path") or "-")] for a in rows])


def profile_tree(p: dict) -> Tree:
    tree = Tree(f"[bold]{escape(p['name'])}[/bold] [dim]({p['type']}, {p['id']})[/dim]")
    if p["aliases"]:
        tree.add("also: " + escape(", ".join(p["aliases"])))
    if p["roles"]:
        tree.add("roles: " + escape("; ".join(p["roles"])))
    if p["affiliations"]:
        tree.add("affiliations: " + escape(", ".join(a["name"] for a in p["affiliations"])))
    if p["meetings"]:
        branch = tree.add("meetings")
        for m in p["meetings"]:
            branch.add(f"{escape(_meeting_label(m))} [dim]{escape(_date(m['date']))}[/dim]")
    if p["statements"]:
        branch = tree.add("statements")
        for group in p["statements"]:
            label = _meeting_label(group["meeting"]) if group["meeting"] else "not tied to a meeting"
            sub = branch.add(f"[italic]{escape(label)}[/italic]")
            for s in group["statements"]:
                sub.add(escape(s["text"]))
    if p["met"]:
        tree.add("met: " + escape(", ".join(x["name"] for x in p["met"])))
    if p.get("members"):
        tree.add("people affiliated: " + escape(", ".join(x["name"] for x in p["members"])))
    branch = tree.add("articles")
    for a in p["articles"]:
        branch.add(escape(a.get("title") or a.get("path") or a["id"]))
    return tree


def timeline_tree(rows: list[dict]) -> Tree | str:
    """Meetings in order, each with who said what there."""
    if not rows:
        return "[dim]No meetings yet.[/dim]"
    tree = Tree("[bold]Timeline[/bold]")
    for m in rows:
        node = tree.add(f"[bold]{m['order']}. {escape(m['name'])}[/bold] — {escape(m.get('place') or '?')}, "
                        f"{escape(_date(m['date']))}")
        if m["participants"]:
            node.add("[dim]with " + escape(", ".join(p["name"] for p in m["participants"])) + "[/dim]")
        for s in m.get("said", []):
            words = escape(s["text"])
            node.add(f"[bold]{_who(s)}[/bold]: " + (words if s["kind"] == "indirect" else f"“{words}”"))
    return tree


BRAT_COLUMNS = ("gold", "predicted", "matched", "precision", "recall", "f1", "speaker_accuracy", "end_to_end_f1")


def brat_scores(figures: dict) -> Table:
    return _table("Statements against the annotations",
                  [(name.replace("_", " "), {"justify": "right"}) for name in BRAT_COLUMNS],
                  [[str(figures[k]) for k in BRAT_COLUMNS]])


GOLD_COLUMNS = {"quotes_gold": "quotes", "quotes_found": "found", "speaker_right": "speaker", "kind_right": "kind",
                "meeting_right": "meeting", "meetings_placed": "placed", "meetings_mapped": "mapped",
                "meeting_dates_right": "dates", "chronology_right": "order", "people_found": "people"}


def gold_scores(rows: list[dict]) -> Table:
    columns = [("file", {"style": "bold", "overflow": "fold"})] + [(h, {"justify": "right"}) for h in GOLD_COLUMNS.values()]
    return _table("Answers against the gold files (statements: found, right speaker, kind, meeting; meetings with "
                  "a place: mapped, dates in bounds; chronology; people)", columns,
                  [[row["file"], *(str(row.get(k, "")) for k in GOLD_COLUMNS)] for row in rows])


TIMEML_COLUMNS = ("strict", "relaxed", "type", "value")


def timeml_scores(figures: dict) -> Table:
    """F1 (and precision, recall) per TIMEX3 type, as timeml_score.py counts them."""
    columns = [("", {"style": "bold"}), ("gold", {"justify": "right"}), ("found", {"justify": "right"})] + \
        [(f"{k} F1", {"justify": "right"}) for k in TIMEML_COLUMNS] + [("value P/R", {"justify": "right", "no_wrap": True})]

    def row(name: str, f: dict) -> list[str]:
        return [name, str(f["gold"]), str(f["system"]), *(f"{100 * f[k]['f1']:.1f}" for k in TIMEML_COLUMNS),
                f"{100 * f['value']['p']:.1f}/{100 * f['value']['r']:.1f}"]
    return _table(f"Time expressions against the TimeML annotations ({figures['docs']} documents)", columns,
                  [row("all", figures), *(row(t, f) for t, f in figures["by_type"].items())])


def _interval(t: dict) -> str:
    if not t.get("earliest") and not t.get("latest"):
        return ""
    lo, hi = t.get("earliest") or "…", t.get("latest") or "…"
    return lo if lo == hi else f"{lo} – {hi}"


TIME_STYLE = {"DATE": "bold cyan", "TIME": "bold magenta", "DURATION": "bold yellow", "SET": "bold green"}


def _marked_text(text: str, times: list[dict]) -> Text:
    """The article with its time expressions coloured by type."""
    out = Text(text.strip("\n"))
    offset = len(text) - len(text.lstrip("\n"))
    for t in times:
        out.stylize(TIME_STYLE.get(t["type"], "bold"), t["start"] - offset, t["end"] - offset)
    return out


def times_table(times: list[dict]) -> Table | str:
    if not times:
        return "[dim]No time expressions.[/dim]"
    columns = [("Expression", {"style": "bold"}), ("Type", {}), ("Value", {}), ("Interval", {}), ("Tense", {"style": "dim"})]
    return _table(f"{len(times)} time expression{'s' * (len(times) != 1)}", columns, [
        [escape(t["text"]), f"[{TIME_STYLE.get(t['type'], '')}]{t['type']}[/]", escape(t["value"]), _interval(t),
         t.get("tense") or ""] for t in times])


def extract_view(rows: list[dict], texts: dict[str, str] | None = None) -> Group | str:
    """Per article: its time expressions, statements, meetings and people, as newskb read them."""
    if not rows:
        return "[dim]No articles.[/dim]"
    parts: list = []
    for row in rows:
        a = row["article"]
        where = f"{a['path']}, " if a.get("path") and a.get("title") else ""
        parts.append(Rule(f"[bold]{escape(a.get('title') or a.get('path') or a['id'])}[/bold] "
                          f"[dim]{escape(where)}published {a.get('published') or '?'}[/dim]"))
        if texts and a.get("id") in texts:
            parts.append(_marked_text(texts[a["id"]], row["times"]))
        parts += [times_table(row["times"]), quotes_table(row["quotes"]), meetings_table(row["meetings"]),
                  people_table(row["people"])]
    return Group(*parts)


def neighbors_table(rows: list[dict]) -> Table | str:
    if not rows:
        return "[dim]Nothing linked.[/dim]"
    columns = [("Distance", {"justify": "right"}), ("Type", {}), ("Name", {"style": "bold"}), ("How", {})]
    return _table("Neighbours", columns, [
        [str(r["distance"]), r["type"], escape(r["name"]), escape(" ".join(r["via"]))] for r in rows], show_lines=True)


def path_tree(p: dict) -> Tree:
    tree = Tree(f"[bold]{escape(p['from']['name'])}[/bold] → [bold]{escape(p['to']['name'])}[/bold]: "
                f"{escape(p['summary'])}")
    for step in p["steps"]:
        tree.add(escape(step["sentence"]))
    return tree


def search_view(result: dict) -> Tree:
    tree = Tree("[bold]Search[/bold]")
    if result["entities"]:
        branch = tree.add("entities")
        for e in result["entities"]:
            branch.add(f"{escape(e['name'])} [dim]({e['type']})[/dim]")
    branch = tree.add(f"statements ({len(result['statements'])})")
    for s in result["statements"]:
        branch.add(f"[bold]{_who(s)}[/bold]: {escape(s['text'])}")
    return tree


def stats_table(st: dict) -> Table:
    rows = [[f"{kind} nodes", str(n)] for kind, n in st["nodes"].items()]
    rows += [[f"{kind} edges", str(n)] for kind, n in st["edges"].items()]
    rows += [[name, f"{st[name]['earliest'] or '?'} – {st[name]['latest'] or '?'}"] for name in ("published", "meetings")]
    return _table("Knowledge base", [("What", {}), ("Count", {"justify": "right"})], rows)


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
    errors.print(f"[red]newskb:[/red] {escape(message)}", soft_wrap=True)
