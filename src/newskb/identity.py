"""Which stored node a new record is: where articles meet.

The same person, organisation or place named in two articles is one node; the same meeting
reported by two articles (same place or body, overlapping dates, kinds that can name one event) is
one node, with both articles in its provenance. Every such decision is made here, by pure
functions over `KnownNodes`: the stored nodes the rules may look at, read from the store in one go
(`lookups` says which), plus the nodes this article has merged so far.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .lexicon import lexicon, name_key
from .records import (
    REPORTED_DATES,
    AnyNode,
    DateInterval,
    Extraction,
    Meeting,
    Organization,
    Person,
    Place,
    same_family,
)


def core_name(name: str) -> str:
    """A person's name without middle names, initials and generational suffixes, the given name in
    its formal form: 'Donald J. Trump', 'Joseph R. Biden Jr.', 'Joe Biden' and 'Donald Trump',
    'Joseph Biden' are one name."""
    words = [w for w in name_key(name).split() if w not in lexicon().name_suffixes]
    words = [w for w in words if len(w) > 1] or words
    given = lexicon().given_name_forms.get(words[0], words[0])
    return " ".join([given, words[-1]]) if len(words) > 1 else " ".join(words)


def node_keys(node: AnyNode) -> set[str]:
    """The keys other articles find this node by."""
    if isinstance(node, Meeting):
        keys = set()
        if node.place:
            keys.add("place:" + name_key(node.place))
        if node.body:
            keys.add("body:" + name_key(node.body))
        keys |= {"party:" + name_key(p) for p in node.parties}
        return keys
    if isinstance(node, (Person, Organization, Place)):
        if getattr(node, "anonymous", False):
            return set()
        keys = {name_key(node.name)} | {name_key(a) for a in node.aliases if isinstance(node, (Organization, Place))}
        if isinstance(node, Person) and " " in node.name:
            keys |= {"core:" + core_name(node.name), "surname:" + name_key(node.name.split()[-1])}
        return keys
    return set()


def lookups(node: AnyNode) -> set[tuple[str, str]]:
    """The (type, key) pairs the rules below look up for this node: what to read from the store."""
    if isinstance(node, Meeting):
        return {("meeting", k) for k in node_keys(node)}
    if isinstance(node, Person):
        if node.anonymous:
            return set()
        if " " not in node.name:
            return {("person", "surname:" + name_key(node.name))}
        return {("person", name_key(node.name)), ("person", "core:" + core_name(node.name))}
    if isinstance(node, (Organization, Place)):
        if getattr(node, "anonymous", False):
            return set()
        return {(node.type, name_key(n)) for n in [node.name, *node.aliases]}
    return set()


class KnownNodes:
    """Stored nodes read for one article, with the article's own merged nodes laid over them; asked
    for anything not read, it fails loudly rather than answer "absent" (keep `lookups` in step with
    the rules)."""

    def __init__(self, nodes: dict[str, AnyNode], keys: dict[tuple[str, str], list[str]], ids: Iterable[str]):
        self._nodes = dict(nodes)
        self._ids = set(ids) | set(nodes) | {n for found in keys.values() for n in found}
        self._keys = {k: set(v) for k, v in keys.items()}

    def get_node(self, node_id: str) -> AnyNode | None:
        if node_id not in self._ids:
            raise LookupError(f"node {node_id!r} was not read from the store")
        return self._nodes.get(node_id)

    def nodes_by_key(self, type_: str, key: str) -> list[str]:
        if (type_, key) not in self._keys:
            raise LookupError(f"key {(type_, key)!r} was not read from the store")
        return sorted(self._keys[(type_, key)])

    def put(self, node: AnyNode, keys: set[str]) -> None:
        self._nodes[node.id] = node
        self._ids.add(node.id)
        for key in keys:
            self._keys.setdefault((node.type, key), set()).add(node.id)


def existing_entity(known: KnownNodes, node: AnyNode) -> str | None:
    if known.get_node(node.id) is not None:
        return node.id
    if getattr(node, "anonymous", False):
        return None
    if isinstance(node, Person):
        # a full name is the same person however many middle names or initials it is written
        # with; a surname alone (an article that never names the person in full) is the one
        # person of that surname the store knows, and no one where it knows two ('Clinton')
        if " " not in node.name:
            same = known.nodes_by_key("person", "surname:" + name_key(node.name))
            return same[0] if len(same) == 1 else None
        same = known.nodes_by_key("person", name_key(node.name))
        if same:
            return same[0]
        same = known.nodes_by_key("person", "core:" + core_name(node.name))
        return same[0] if len(same) == 1 else None
    for key in [name_key(node.name), *(name_key(a) for a in node.aliases)]:
        same = known.nodes_by_key(node.type, key)
        if same:
            return same[0]
    return None


def _plausible(date: DateInterval) -> DateInterval:
    """When a meeting may have been: a date the text gave, or, for one reported as recent without
    a date ('recently, as reported'), the week before the report."""
    if date.text in REPORTED_DATES and date.latest is not None:
        return DateInterval(text=date.text, earliest=date.latest - dt.timedelta(days=7), latest=date.latest)
    return date


def existing_meeting(known: KnownNodes, meeting: Meeting, taken: set[str] = frozenset()) -> str | None:
    """The stored meeting this one is: one node per real event. Same kind, overlapping dates, and a
    shared place, body or two participants; never a meeting this article already merged into (two
    meetings of one article are two events)."""
    shared: dict[str, set[str]] = {}
    for key in node_keys(meeting):
        for node_id in known.nodes_by_key("meeting", key):
            shared.setdefault(node_id, set()).add(key)
    best, best_score = None, 0
    for node_id, keys in shared.items():
        other = known.get_node(node_id)
        if node_id in taken or not isinstance(other, Meeting) or not same_family(other.kind, meeting.kind):
            continue
        if meeting.place and other.place and name_key(meeting.place) != name_key(other.place):
            continue
        if meeting.body and other.body and name_key(meeting.body) != name_key(other.body):
            continue
        if not _plausible(meeting.date).overlaps(_plausible(other.date)):
            continue  # undated meetings are told apart by nothing else
        parties = sum(1 for k in keys if k.startswith("party:"))
        if len(keys) == parties and parties < 2:
            continue  # one shared participant is not one shared event
        if keys <= {"place:" + name_key(meeting.place or "")} and not meeting.date.overlaps(other.date):
            continue  # a city holds many meetings a week: a place alone needs the dates the texts give
        score = len(keys) + (1 if meeting.date.overlaps(other.date) else 0)
        if score > best_score:
            best, best_score = node_id, score
    return best


def existing(known: KnownNodes, node: AnyNode, taken: set[str] = frozenset()) -> str | None:
    """The stored node this record is, if any (`taken`: meetings this article merged into already)."""
    if isinstance(node, Meeting):
        return existing_meeting(known, node, taken)
    if node.type in ("person", "organization", "place"):
        return existing_entity(known, node)
    return None


def _narrower(a: DateInterval, b: DateInterval) -> DateInterval:
    if a.earliest is None:
        return b
    if b.earliest is None or not a.overlaps(b):
        return a
    return a if (a.latest - a.earliest) <= (b.latest - b.earliest) else b


def merge_records(old: AnyNode, new: AnyNode) -> AnyNode:
    """One node from two records of the same thing: the old name, everything else united."""
    update: dict = {}
    aliases = {*old.aliases, *new.aliases, new.name} - {old.name}
    update["aliases"] = sorted(aliases)
    if isinstance(old, Person) and isinstance(new, Person):
        update["roles"] = old.roles + [r for r in new.roles if r.lower() not in {x.lower() for x in old.roles}]
        update["gender"] = old.gender or new.gender
    if isinstance(old, Place) and isinstance(new, Place):
        update["kind"] = old.kind or new.kind
    if isinstance(old, Meeting) and isinstance(new, Meeting):
        update.update(date=_narrower(old.date, new.date), place=old.place or new.place, body=old.body or new.body,
                      sequence=old.sequence if old.sequence is not None else new.sequence,
                      duration=old.duration or new.duration)
        update["aliases"] = sorted(aliases - {old.name})
    return old.model_copy(update=update)


# Entities first, so that meetings and statements find them merged.
MERGE_ORDER = {"person": 0, "organization": 0, "place": 0, "meeting": 1, "statement": 2}


def in_merge_order(extraction: Extraction) -> list[AnyNode]:
    return sorted(extraction.nodes, key=lambda n: MERGE_ORDER.get(n.type, 3))
