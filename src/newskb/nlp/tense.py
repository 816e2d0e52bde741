"""The time of a clause: past, present or future, from its verb and auxiliaries."""
from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import lexicon
from ..records import Tense

MODALS = {"will", "'ll", "shall", "could", "may", "might", "would", "should"}
PLANNING = {"set", "due", "expect", "schedule", "plan"}


def tense_of(verb: Token) -> Tense | None:
    """Past, present or future ("is set to", "will", "is due to" are future)."""
    node = verb
    # a participle or infinitive takes its time from the clause it belongs to ("Leaving the summit, he
    # said", "reacted by saying"), except an infinitive that lies ahead of its verb ("called for him to
    # go", "plans to visit")
    while (node.dep_ in ("xcomp", "conj", "auxpass") or node.tag_ in ("VBG", "VB") and node.dep_ in ("advcl", "acl")
           or node.tag_ == "VBG" and node.dep_ == "pcomp" and node.head.head.pos_ in ("VERB", "AUX")) \
            and node.head.i != node.i:
        if node.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children) \
                and node.head.lemma_.lower() in lexicon().future_complement_verbs:
            return "future"
        node = node.head.head if node.dep_ == "pcomp" else node.head
    aux = [c for c in node.children if c.dep_ in ("aux", "auxpass")] + [node]
    words = {a.lower_ for a in aux}
    if words & MODALS or node.lemma_ in PLANNING and any(c.dep_ == "xcomp" for c in node.children):
        return "future"
    tags = {a.tag_ for a in aux}
    if "VBD" in tags or ("VBN" in tags and words & {"has", "have", "had"}):
        return "past"
    if node.lemma_ == "be" and any(c.lower_ in ("going", "due", "set") for c in node.children):
        return "future"
    if tags & {"VBZ", "VBP"}:
        return "present"
    return None
