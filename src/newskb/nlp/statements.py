"""Statements of one article: direct quotes, partial quotes and indirect (reported) speech.

Each statement has its words (character offsets), its cue (the reporting verb, "according to", a
colon or a dash), the mention of its speaker as written and, for `told`, whom it was said to.
Speakers are resolved to entities by the next stage (`speakers.py`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy

from spacy.tokens import Doc, Span, Token

from ..lexicon import lexicon
from .layout import doc_layout
from .quotemarks import QuoteSpan, find_quotes
from .sentences import WordClass, sent_of, text_of

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
DASHES = "\u2014\u2013\u2015-"  # em dash, en dash, horizontal bar, hyphen


@dataclass(frozen=True)
class Statement:
    """A statement as the stage hands it on; its speaker is resolved by the next stage."""

    kind: str  # direct | partial | indirect
    start: int  # character offsets of the words, marks excluded
    end: int
    cue: Span | None = None
    subject: Token | None = None  # the token standing for the speaker
    speaker_span: Span | None = None  # the speaker mention as written
    addressee: Span | None = None
    quote: QuoteSpan | None = None
    follows: int | None = None  # a continuation takes its speaker from this statement (an index)


@dataclass(eq=False)
class Draft:
    """A statement while the finder is still deciding its cue, speaker and extent."""

    kind: str
    start: int
    end: int
    cue: Span | None = None
    subject: Token | None = None
    speaker_span: Span | None = None
    addressee: Span | None = None
    quote: QuoteSpan | None = None
    follows: Draft | None = None


def _is_verb(token: Token) -> bool:
    """A verb used as one: not 'so-called' or 'the reported figures'."""
    return (token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")) and token.dep_ not in ("amod", "compound")


def _phrasal(token: Token) -> bool:
    """'point out', 'spell out': a particle makes the verb one of saying; so does 'make clear'."""
    lex = lexicon()
    lemma = token.lemma_.lower()
    # the lists first: most verbs are in neither, and their children need not be read
    particle = lex.phrasal_speech_verbs.get(lemma)
    if particle is not None and next((c.lower_ for c in token.children if c.dep_ == "prt"), None) == particle:
        return True
    words = lex.light_verb_constructions.get(lemma)
    return bool(words) and any(c.lower_ in words and c.dep_ in ("acomp", "oprd", "advmod", "ccomp", "dobj")
                               for c in token.children)


def is_speech_verb(token: Token) -> bool:
    """A verb that can frame a quotation: 'said', 'told', 'added', and 'continued:'."""
    if not _is_verb(token):
        return False
    lex = lexicon()
    lemma = token.lemma_.lower()
    return lemma in lex.speech_verbs or lemma in lex.frame_only_verbs or _phrasal(token)


def reports_speech(token: Token) -> bool:
    """A verb whose complement is what someone said: 'said (that) ...', 'urged X to ...'."""
    if not _is_verb(token):
        return False
    lex = lexicon()
    lemma = token.lemma_.lower()
    if lemma in lex.frame_only_verbs or lemma in lex.evaluative_verbs:
        return False
    if token.tag_ == "VBG" and token.dep_ in ("advcl", "acl", "xcomp", "conj", "pcomp") \
            and lemma not in lex.participle_reporting_verbs \
            and not any(c.dep_ in ("nsubj", "aux") for c in token.children):  # "while officials are urging"
        return False  # "..., suggesting that ...", "..., urging X to ...": a gloss on the statement
    if _put_to_the_subject(token):
        return False
    if lemma in lex.speech_verbs:
        return lemma not in lex.clause_optional_verbs or _has_content(token)
    return _phrasal(token)


def _put_to_the_subject(token: Token) -> bool:
    """'Asked whether Comecon would accept ..., he replied': a passive participle of a verb whose
    object is the one spoken to reports what someone else asked or told the subject."""
    return token.tag_ == "VBN" and token.dep_ in ("advcl", "acl", "ROOT") \
        and token.lemma_.lower() in lexicon().addressee_object_verbs \
        and not any(c.dep_ in ("auxpass", "aux", "nsubjpass", "nsubj") for c in token.children)


def governs_quote(token: Token) -> bool:
    """A verb a quoted fragment can be the words of: saying, judging or thinking."""
    if not _is_verb(token):
        return False
    lex = lexicon()
    lemma = token.lemma_.lower()
    return is_speech_verb(token) or lemma in lex.evaluative_verbs or lemma in lex.cognition_verbs


def _has_content(token: Token) -> bool:
    deps = {c.dep_ for c in token.children}
    allowed = set(lexicon().prep_content.get(token.lemma_.lower(), ()))
    # "called on X to ...", "called for X to ..." (a for-to clause: "for" is its mark)
    preps = {c.lower_ for c in token.children if c.dep_ == "prep"}
    marks = {m.lower_ for c in token.children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark"}
    return bool(deps & {"ccomp", "xcomp"}) or bool((preps | marks) & allowed)


def _holds_clause(roots: list[Token]) -> bool:
    """A prepositional object reports speech only when it holds a clause: 'called on Russia to stay',
    'called for him to go'; not 'called for calm'."""
    return any(t.tag_.startswith("VB") and t.dep_ not in ("amod", "compound") for r in roots for t in r.subtree)


def np_span(token: Token) -> Span:
    """A noun phrase as a speaker mention: the head and what stands before it, not appositions."""
    doc = token.doc
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "compound", "amod", "nmod", "poss", "nummod", "case", "punct", "quantmod", "advmod"):
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "case") or (child.dep_ == "prep" and child.lower_ == "of" and token.lemma_ in lexicon().spokes_nouns):
            right = max(right, child.right_edge.i)
    while left < token.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return doc[left:right + 1]


def _is_header(token: Token) -> bool:
    """A dateline or section header the parser read into the sentence: 'WASHINGTON --',
    'THE BORROWING Back when ...'."""
    if not (token.is_upper and len(token.text) > 1 and token.is_alpha):
        return False
    doc = token.doc
    after = doc[token.i + 1:token.i + 4]
    dateline = any(t.text in ("--", "\u2014", "\u2013", "(") for t in after)
    return dateline or (token.ent_type_ not in ("ORG", "GPE", "NORP", "PERSON") and
                        any(t.is_upper and t.is_alpha and t.i != token.i for t in doc[token.i - 2:token.i + 3]))


def _past_header(verb: Token, subject: Token) -> Token | None:
    """The real subject after a dateline: the noun phrase that opens the story after its dash
    ('WASHINGTON -- President Obama, dedicating the museum, said'), else the last noun before the
    verb that is not a header."""
    doc = verb.doc
    dash = next((t for t in doc[subject.i + 1:min(verb.i, subject.i + 8)] if t.text in ("--", "-", "\u2014", "\u2013")), None)
    if dash is not None:
        first = next((t for t in doc[dash.i + 1:verb.i] if not t.is_space), None)
        if first is not None and first.pos_ in ("PROPN", "NOUN", "PRON", "DET", "ADJ"):
            token = first
            while token.dep_ in ("compound", "flat", "det", "amod", "nmod", "poss") and dash.i < token.head.i < verb.i:
                token = token.head
            if token.pos_ in ("PROPN", "NOUN", "PRON"):
                return token
    for token in reversed(doc[subject.i + 1:verb.i]):
        if token.pos_ in ("PROPN", "NOUN", "PRON") and not _is_header(token) and token.dep_ in (
                "nsubj", "appos", "compound", "npadvmod", "conj", "ROOT", "dobj", "nmod") and token.head.i >= token.i:
            while token.dep_ in ("compound", "flat") and token.head.i > token.i:
                token = token.head
            return token
    return None


def _subject_of(verb: Token) -> Token | None:
    """The speaker's token (see _subject_in_frame), never a dateline or section header."""
    subject = _subject_in_frame(verb)
    if subject is not None and _is_header(subject):
        return _past_header(verb, subject)
    return subject


def _subject_in_frame(verb: Token) -> Token | None:
    """The speaker's token: the verb's subject, inherited through coordination and participles."""
    current = verb
    for _ in range(6):
        subjects = [c for c in current.children
                    if c.dep_ in ("nsubj", "csubj") or c.dep_ == "nsubjpass" and not is_speech_verb(current)]
        if subjects:
            # two subjects are a misparse of a clause before the frame ("... stipulate West Berlin
            # as part of the Community, he replied"): the verb's own is the nearer
            return min(subjects, key=lambda c: abs(c.i - current.i))
        agent = _agent(current)
        if agent is not None or any(c.dep_ == "nsubjpass" for c in current.children):
            return agent  # "it was announced (by X)"
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_ == "conj":
            # "Moscow insists X is Y and denies Z": a reporting verb the parser coordinated with a
            # verb of the reported clause belongs with the reporting verb of the same inflection
            if not is_speech_verb(head) or _inflection(head) != _inflection(current):
                head = next((a for a in head.ancestors if _inflection(a) == _inflection(current) and is_speech_verb(a)), head)
            current = head
        elif current.dep_ == "xcomp" and not is_speech_verb(head) \
                and any(c.dep_ in ("dobj", "dative") and c.i < current.i for c in head.children):
            # "got Stumpf to admit ...", "forced him to concede ...": the object does the speaking
            return _doer_before(next(c for c in head.children if c.dep_ in ("dobj", "dative") and c.i < current.i), current)
        elif current.dep_ in ("advcl", "xcomp"):
            # "..., reiterating X": the participle shares the subject of the reporting verb above it
            above = next((a for a in current.ancestors if is_speech_verb(a)), None)
            current = above if current.tag_ == "VBG" and above is not None else head
        elif current.dep_ in ("pcomp", "pobj") and head.pos_ == "ADP":
            # "began by saying ...": the subject of the verb the phrase belongs to
            current = head.head
        elif current.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            if current.dep_ == "acl" and _doer_before(head, current) is not head:
                return _doer_before(head, current)
            # "issued a statement saying ...": the statement's author; "officials saying ...": them
            if head.lemma_.lower() in lexicon().document_nouns | lexicon().occasion_nouns and head.head.pos_ in ("VERB", "AUX", "ADP"):
                current = head.head if head.head.pos_ != "ADP" else head.head.head
                continue
            return head
        else:
            return None
    return None


def _author_of(noun: Token) -> Token | None:
    """Whose words a noun for words is: its possessor, 'by' or 'from' whom, or the subject of the verb
    that makes or gives them ('ended the meeting with a confession that ...', 'issued a denial')."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    node = noun
    for _ in range(3):  # through the noun a phrase belongs to: "ended a meeting with a confession"
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            node = node.head.head
        elif node.dep_ in ("dobj", "attr") and node.head.pos_ in ("VERB", "AUX"):
            return _subject_of(node.head)
        else:
            return None
        if node.pos_ in ("VERB", "AUX"):
            return _subject_of(node)
    return None


def _doer_before(noun: Token, participle: Token) -> Token:
    """'footage of Hillary Clinton asking ...': a participle right after a name in an of-phrase is
    what the named one does, not the noun the phrase belongs to."""
    held = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" and c.i < participle.i
            for g in c.children if g.dep_ == "pobj" and g.right_edge.i == participle.i - 1]
    return held[0] if held and held[0].pos_ in ("PROPN", "PRON") else noun


def _inflection(verb: Token) -> str:
    """'have told ... but acknowledged': past forms, whichever the tagger chose, are one inflection."""
    return "past" if verb.tag_ in ("VBD", "VBN") else verb.tag_


def _named_outside(cue: Token, subject: Token | None) -> tuple[Token, Token | None]:
    """'Ban Ki-moon condemned what he called a "brazen breach"': a pronoun naming whoever calls
    something so in a free relative is the subject of the clause around it, named there."""
    if subject is None or subject.pos_ != "PRON" or subject.lower_ not in ("he", "she", "it", "they") \
            or not any(c.lower_ in ("what", "whatever") for c in cue.children):
        return cue, subject
    outer = next((c for c in cue.head.children if c.dep_ in ("nsubj", "nsubjpass")), None) if cue.dep_ in ("ccomp", "dobj", "pobj") else None
    return (cue, outer) if outer is not None and outer.i < subject.i else (cue, subject)


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _content_root(verb: Token) -> tuple[list[Token], Token | None]:
    """The tokens whose subtrees hold what was said, and an addressee if the frame has one."""
    lex = lexicon()
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    addressee = next((c for c in children if c.dep_ in ("dobj", "dative") and lemma in lexicon().addressee_object_verbs), None)
    if addressee is None:
        to_prep = next((c for c in children if c.dep_ in ("prep", "dative") and c.lower_ == "to" and lemma in lexicon().addressee_to_verbs | {"tell"}), None)
        if to_prep is not None:
            addressee = next((g for g in to_prep.children if g.dep_ == "pobj"), None)
    # one reported clause: the nearest after the verb, else the one before it ("..., he said");
    # a clause before a colon is not what the verb reports ("X happened: Y said Z")
    after = [c for c in children if c.dep_ == "ccomp" and c.i > verb.i]
    before = [c for c in children if c.dep_ == "ccomp" and c.i < verb.i
              and not any(t.text in (":", ";") for t in verb.doc[c.right_edge.i + 1:verb.i])]
    if after:
        # a clause the parser split in two ("they are not satisfied | the mechanisms are robust")
        clauses = [after[0]]
        for c in after[1:]:
            if c.left_edge.i == clauses[-1].right_edge.i + 1:
                clauses.append(c)
        return clauses, addressee
    if before:
        return [before[-1]], addressee
    if addressee is not None and _can_be_spoken_to(addressee):
        # "told a meeting of brokers that Britain believed ...": the parser hung the reported clause
        # on the one spoken to, as if it were the content of that noun (not "tells the truth that")
        held = [c for c in addressee.children if c.dep_ in ("acl", "relcl") and c.i > addressee.i
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                and any(g.dep_ in SUBJECT_DEPS for g in c.children)]
        if held:
            return held[:1], addressee
    allowed = lex.prep_content.get(lemma, ())
    # "called for the embargo to be lifted": a for-to clause
    for_to = [c for c in children if c.dep_ == "advcl" and c.i > verb.i
              and any(m.dep_ == "mark" and m.lower_ in allowed for m in c.children)]
    if for_to:
        return for_to, addressee
    if lemma in lex.control_verbs or lemma in lex.prep_content:
        for prep in (c for c in children if c.dep_ == "prep" and c.lower_ in lex.prep_content.get(lemma, ())):
            objects = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]
            xcomps = [c for c in children if c.dep_ in ("xcomp", "ccomp") and c.i > prep.i]
            if objects and _holds_clause(objects + xcomps):
                return objects + xcomps, addressee
        xcomp = [c for c in children if c.dep_ == "xcomp"]
        dobj = [c for c in children if c.dep_ in ("dobj",)]
        if xcomp:
            if dobj and dobj[0].i < xcomp[0].i and lemma in lex.control_verbs and addressee is not None \
                    and addressee.i == dobj[0].i:
                return dobj + xcomp, None
            return dobj + xcomp if dobj and dobj[0].i < xcomp[0].i else xcomp, addressee
    dobj = [c for c in children if c.dep_ == "dobj"]
    if dobj and lemma in lex.object_content_verbs:
        return dobj + _object_complements(verb, dobj[0]), None
    xcomp = [c for c in children if c.dep_ == "xcomp"]
    # "subsidies, which competitors say give them an advantage": in a relative clause the reported
    # clause has lost its subject to the relative pronoun, and the parser reads it as an infinitive
    if xcomp and (lemma != "say" or verb.dep_ == "relcl"):
        return xcomp, addressee
    return [], addressee


def _can_be_spoken_to(token: Token) -> bool:
    """People, a body or a gathering: a name, a pronoun or a noun for them."""
    lex = lexicon()
    return token.pos_ in ("PROPN", "PRON") or token.lemma_.lower() in (
        lex.human_nouns | lex.organization_nouns | lex.occasion_nouns | lex.sitting_body_nouns | lex.participant_nouns)


def _object_complements(verb: Token, obj: Token) -> list[Token]:
    """What completes an object of saying that the parser hung on the verb, right after the object:
    'pledged their support | to maintaining prices', 'reconfirmed their promises | to solve it'."""
    lex = lexicon()
    out: list[Token] = []
    edge = obj.right_edge.i
    for child in (c for c in verb.children if c.i > edge):
        if child.left_edge.i != edge + 1:
            break
        infinitive = child.dep_ in ("advcl", "xcomp") and obj.lemma_.lower() in lex.speech_nouns \
            and any(c.tag_ == "TO" for c in child.children)
        if not (infinitive or child.dep_ == "prep" and child.lower_ in lex.object_complement_prepositions):
            break
        out.append(child)
        edge = child.right_edge.i
    return out


def _span_of(tokens: list[Token], exclude: set[int], across_gaps: bool = False) -> tuple[int, int] | None:
    """The contiguous token range covering the subtrees, trimmed of what does not belong to it."""
    ids = sorted({t.i for root in tokens for t in root.subtree} - exclude)
    if not ids:
        return None
    doc = tokens[0].doc
    start, end = ids[0], ids[-1] + 1
    # stop at a gap: tokens of the frame (the cue, the speaker) interrupt the content, unless the
    # frame is a parenthesis inside it ("The challenge, he said, is to ...")
    for a, b in zip(ids, ids[1:]):
        if not across_gaps and b != a + 1 and any(not doc[k].is_punct for k in range(a + 1, b)) and a >= tokens[0].i:
            end = a + 1
            break
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ in ("that",) and doc[start].dep_ == "mark"):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    return (start, end) if end > start else None


def _nested_cuts(verb: Token, roots: list[Token]) -> set[int]:
    """Tokens inside the content that belong to another frame: a coordinated or participial speech
    verb with its own content ("..., reiterating NATO's position", "... and denies it plans")."""
    cut: set[int] = set()
    for root in roots:
        for t in root.subtree:
            if t.i == verb.i or t.i in cut:
                continue
            if t.dep_ == "prep" and t.lower_ == "according":
                cut.update(range(t.left_edge.i, t.right_edge.i + 1))
            if t.dep_ not in ("conj", "advcl"):  # only these frame words of their own (below)
                continue
            # a coordinated verb frames words of its own only with a clause ("... and denies it plans
            # to ..."), not with an object ("could revoke or deny licences"); an adjunct frames words
            # as a participle ("..., reiterating X"), not as a purpose ("to guarantee their part")
            own_subject = any(c.dep_ in SUBJECT_DEPS for c in t.children)
            # a participle of thinking says how the subject took something, not words of its own
            # ("Britain reacted optimistically to the letter, seeing it as a signal that ...")
            thinking = t.lemma_.lower() in lexicon().cognition_verbs
            if governs_quote(t) and not thinking and t.dep_ in ("conj", "advcl") and not own_subject \
                    and (t.dep_ == "advcl" and t.tag_ in ("VBG", "VBN") or any(c.dep_ in ("ccomp", "xcomp") for c in t.children)) \
                    or own_subject and t.dep_ == "advcl" and reports_speech(t) \
                    and any(c.dep_ in ("ccomp", "xcomp") for c in t.children) \
                    and not any(c.tag_ == "TO" for c in t.children):  # "while X are urging Y to", not "for X to promise"
                lo = t.left_edge.i
                doc = t.doc
                # take the coordinator or comma before it too
                while lo > 0 and (doc[lo - 1].dep_ == "cc" or doc[lo - 1].is_punct):
                    lo -= 1
                cut.update(range(lo, t.right_edge.i + 1))
    return cut


@lru_cache(maxsize=1)
def _reporting_lemmas() -> frozenset[str]:
    lex = lexicon()
    return frozenset().union(lex.speech_verbs, lex.phrasal_speech_verbs, lex.light_verb_constructions,
                             lex.speech_nouns, ("accord",))


_REPORTING = WordClass(_reporting_lemmas)


def _may_report(doc: Doc) -> list[Token]:
    """The tokens, in order, whose lemma may open reported speech (a speech verb, a phrasal or
    light-verb one, a speech noun, 'according to'): only they need a closer look."""
    return [doc[i] for i in _REPORTING.tokens(doc, "LEMMA")]


class Finder:
    """Finds the statements of one Doc."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = text_of(doc)
        self.quotes = find_quotes(self.text)
        self._cues: dict[tuple[str, int], tuple[Token, Token | None] | None] = {}
        self.quote_tokens: dict[int, QuoteSpan] = {}
        for q in self.quotes:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.quote_tokens.setdefault(t.i, q)

    def in_quote(self, token: Token) -> QuoteSpan | None:
        return self.quote_tokens.get(token.i)

    # -- quotes --------------------------------------------------------------------------------
    def _tokens(self, start: int, end: int) -> Span | None:
        return self.doc.char_span(start, end, alignment_mode="expand")

    def _np_head_at(self, k: int) -> Token | None:
        """The head of the noun phrase starting at token k ("said Leslie Wimes, a ...": Wimes)."""
        doc = self.doc
        while k < len(doc) and doc[k].is_space and "\n" not in doc[k].text:
            k += 1
        while k < len(doc) and doc[k].dep_ in ("amod", "advmod") and doc[k].pos_ in ("VERB", "ADV", "ADJ") \
                and doc[k].head.i > k:
            k += 1  # "said retired neurosurgeon Ben Carson"
        if k >= len(doc) or self.in_quote(doc[k]) or doc[k].pos_ not in ("PROPN", "NOUN", "PRON", "DET", "ADJ"):
            return None
        token = doc[k]
        while token.dep_ in ("compound", "flat", "det", "amod", "nmod", "poss") and token.head.i > token.i:
            token = token.head
        return token if token.pos_ in ("PROPN", "NOUN", "PRON") else None

    def _np_between(self, i: int, j: int) -> Token | None:
        """The noun phrase filling tokens i..j-1, if that is all they are: its head."""
        words = [t for t in self.doc[i:j] if not t.is_punct and not t.is_space]
        if not words or any(t.pos_ not in ("PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PART", "ADP", "CCONJ")
                            for t in words):
            return None
        heads = [t for t in words if not i <= t.head.i < j or t.head.i == t.i]
        return heads[0] if heads and heads[0].pos_ in ("PROPN", "NOUN", "PRON") else None

    def _cue_after(self, q: QuoteSpan) -> tuple[Token, Token | None] | None:
        return self._cached("after", q, self._find_cue_after)

    def _cue_before(self, q: QuoteSpan) -> tuple[Token, Token | None] | None:
        return self._cached("before", q, self._find_cue_before)

    def _cached(self, side: str, q: QuoteSpan, find):
        """A quote's cues are asked for several times while it is classified: look once."""
        key = (side, q.start)
        if key not in self._cues:
            self._cues[key] = find(q)
        return self._cues[key]

    def _find_cue_after(self, q: QuoteSpan) -> tuple[Token, Token | None] | None:
        """'"…," said X', '"…," X said', '"…," X, the …, said', '"…" — X', '"…," X told Y'.

        The words between the quote and the verb may only be the verb's subject and modifiers, on
        the same line: '"…," when Clinton blasted him' is not an attribution."""
        doc = self.doc
        after = (q.close_mark + 1) if q.close_mark is not None else q.end
        rest = doc.char_span(after, len(self.text), alignment_mode="expand")
        if rest is None or not len(rest):
            return None
        i = rest.start
        while i < len(doc) and (doc[i].text in (",", "\u201d", '"', "'", "\u2019") or doc[i].is_space and "\n" not in doc[i].text):
            i += 1
        if i >= len(doc) or "\n" in doc[i].text:
            return None
        if self.text[q.end - 1] == "." and doc[i].is_title and doc[i].pos_ != "PRON":
            return None  # the quote ended its sentence; a new one begins
        if doc[i].text[:1] in DASHES:
            # '"…" — Jane Smith' attributes; '"…" - increasing his name recognition' does not
            speaker = self._np_head_at(i + 1)
            return (doc[i], speaker) if speaker is not None and speaker.pos_ == "PROPN" else None
        for j in range(i, min(len(doc), i + 16)):
            t = doc[j]
            if self.in_quote(t) or "\n" in t.text or t.text in (".", "!", "?", ";"):
                return None
            if t.lemma_ == "accord" and t.dep_ == "prep":
                to = next((c for c in t.children if c.lower_ == "to"), None)
                return t, next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
            if not is_speech_verb(t):
                continue
            if t.dep_ == "relcl" and self.in_quote(t.head):
                return None  # '"objective criteria," which would have threatened ...': about the words
            subject = _subject_of(t)
            if subject is not None and (self.in_quote(subject) or subject.i < i):
                subject = self._np_between(i, j)  # the parser took a word of the quote for the subject
            allowed = {k.i for k in subject.subtree} if subject is not None else set()
            allowed |= {c.i for c in t.children if c.dep_ in ("advmod", "aux", "neg", "punct")}
            if any(k not in allowed and not doc[k].is_punct and not doc[k].is_space for k in range(i, j)):
                return None
            if subject is None or subject.i > j and subject.dep_ not in ("nsubj", "nsubjpass"):
                subject = self._np_head_at(j + 1) or subject
            return t, subject
        return None

    def _find_cue_before(self, q: QuoteSpan) -> tuple[Token, Token | None] | None:
        """'X said: "…"', 'X said "…"', 'X told Y: "…"', '"…," he said, "…"'."""
        doc = self.doc
        if q.open_mark is None:
            return None
        lead = doc.char_span(0, q.open_mark, alignment_mode="contract")
        if lead is None or not len(lead):
            return None
        end = lead.end
        first_in = self._tokens(q.start, q.end)
        sentence = sent_of(first_in) if first_in is not None else sent_of(doc[end - 1])
        start = max(sentence.start, end - 25)
        # a colon at the end of the paragraph before introduces the quote too
        j = end - 1
        while j >= 0 and (doc[j].is_space or doc[j].text in ('"', "\u201c")):
            j -= 1
        if j < 0:
            return None
        colon = doc[j].text == ":"
        if colon or doc[j].text == ",":
            start = min(start, max(sent_of(doc[j]).start, j - 25))
        if colon and j > 0 and doc[j - 1].ent_type_ in ("PERSON", "ORG", "NORP", "GPE") \
                and not any(_is_verb(t) for t in doc[sent_of(doc[j]).start:j]):
            # "Former secretary of state Hillary Clinton: “We learned that ...”" (a transcript line);
            # not "Mr Thorpe told Sir Edward: ...", where the name is the one spoken to
            return doc[j], doc[j - 1]
        if colon and j > 0 and doc[j - 1].pos_ in ("VERB", "ADV") and not self.in_quote(doc[j - 1]):
            # "Canadian Trade Minister Patricia Carney also agreed: “...”": a clause whose subject
            # announces what follows the colon
            verb = doc[j - 1] if doc[j - 1].pos_ == "VERB" else doc[j - 1].head
            subject = _subject_of(verb) if verb.pos_ == "VERB" and verb.i < j else None
            if subject is not None and (subject.pos_ == "PROPN" or subject.lower_ in ("he", "she", "they")):
                return verb, subject
        if colon:
            # "Clinton's response was: “...”": a noun for words, and whose they are
            for noun in reversed(doc[sent_of(doc[j]).start:j]):
                if noun.lemma_.lower() in lexicon().speech_nouns and noun.pos_ == "NOUN":
                    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
                    if owner is not None:
                        return doc[j], owner
                    break
        for k in range(j, start - 1, -1):
            t = doc[k]
            if self.in_quote(t) and k != j:
                continue
            if t.text in (".", "!", "?") and k != j:
                break
            if is_speech_verb(t) or t.lemma_ == "accord":
                between = doc[k + 1:j + 1]
                # the verb must introduce this quote, not report something else in between; a colon
                # announces what follows whatever came between ("As X reported after Y: '...'")
                if not colon and any(self._is_clause_word(b) for b in between if not self.in_quote(b)):
                    return None
                if t.lemma_ == "accord":
                    to = next((c for c in t.children if c.lower_ == "to"), None)
                    return t, next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
                return _named_outside(t, _subject_of(t))
        return None

    def _is_clause_word(self, token: Token) -> bool:
        """Words between a cue and a quote that show the quote is not what the cue introduces."""
        if token.is_punct or token.is_space or token.dep_ in ("nsubj", "dobj", "dative", "pobj", "prep", "det",
                                                                 "compound", "amod", "poss", "case", "advmod",
                                                                 "npadvmod", "prt", "appos", "cc", "conj", "mark",
                                                                 "nummod", "acl", "relcl", "attr", "aux", "neg"):
            return False
        return token.pos_ in ("VERB", "AUX")

    def _embedded(self, q: QuoteSpan) -> bool:
        """A quoted fragment inside someone else's sentence (partial), not a whole utterance."""
        doc = self.doc
        text = self.text
        words = self._tokens(q.start, q.end)
        if words is not None and len(words):
            head = words.root.head
            if not words.start <= head.i < words.end and head.i != words.root.i and not is_speech_verb(head) \
                    and head.dep_ != "parataxis" and words.root.dep_ not in ("parataxis", "ccomp") \
                    and sent_of(words.root).start == sent_of(head).start and head.pos_ in ("VERB", "AUX"):
                return True  # "... was, she said, 'awful'": the quote completes another clause
        j = (q.open_mark if q.open_mark is not None else q.start) - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        before = text[j] if j >= 0 else "\n"
        k = (q.close_mark + 1) if q.close_mark is not None else q.end
        while k < len(text) and text[k] in " \t":
            k += 1
        after = text[k] if k < len(text) else "\n"
        inner_end = text[q.end - 1]
        starts_utterance = before in "\n:" or before in ".!?" or (before == "," and self._cue_before(q) is not None)
        if not starts_utterance and before not in "\u2014\u2013-":
            lead_cue = self._cue_before(q)
            # 'Mr Blair said "the fact ..."' : the quote is the whole reported clause
            if lead_cue is None or not self._ends_utterance(q, after, inner_end):
                return True
            cue = lead_cue[0]
            between = doc.char_span(cue.idx + len(cue.text), q.open_mark or q.start, alignment_mode="contract")
            return between is not None and not all(self._frame_word(cue, t) for t in between)
        return not self._ends_utterance(q, after, inner_end)

    @staticmethod
    def _frame_word(cue: Token, token: Token) -> bool:
        """Words that may stand between a cue and the quote it introduces: 'said in a statement',
        'told reporters', 'said on Tuesday'; not an object ('calling the issue a "red line"')."""
        if token.is_punct or token.is_space or token.dep_ in ("advmod", "npadvmod", "neg", "aux", "mark", "prt"):
            return True
        for above in [token, *token.ancestors]:
            if above.head.i != cue.i:
                continue
            return above.dep_ in ("prep", "agent", "dative", "npadvmod", "advmod", "nsubj") or (
                above.dep_ == "dobj" and cue.lemma_.lower() in lexicon().addressee_object_verbs)
        return False

    def _ends_utterance(self, q: QuoteSpan, after: str, inner_end: str) -> bool:
        if after in "\n.!?" or q.close_mark is None:
            return True
        if inner_end in ",.!?\u2014\u2013-:;\u2026" or after in ",\u2014\u2013-;:":
            return self._cue_after(q) is not None or after in ".;" or inner_end in ".!?"
        return False

    def _is_title(self, q: QuoteSpan) -> bool:
        """'“Meet the Press”', '“The Walking Dead”': a quoted name of a show, book or film, not words
        anyone said: every word capitalised but the small ones, and no verb."""
        words = self._tokens(q.start, q.end)
        if words is None:
            return False
        small = {"the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by"}

        def title_case(tokens) -> bool:
            alpha = [t for t in tokens if t.is_alpha]
            return len(alpha) >= 2 and alpha[0].is_title and all(t.is_title or t.lower_ in small for t in alpha)

        sentence = [t for t in sent_of(words) if not (words.start <= t.i < words.end)]
        if title_case(sentence) or not title_case(words) or any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN" for t in words):
            return False  # a headline capitalises everything, quotes included
        # where a name stands: 'said on “Meet the Press”', 'told “Good Morning America”'; a name
        # given to someone ('called her “Miss Piggy”', 'hailed him as “The Comeback Kid”') is words
        root = words.root
        return root.dep_ == "pobj" and root.head.lower_ != "as" or root.dep_ in ("dobj", "dative") and \
            root.head.lemma_.lower() in lexicon().addressee_object_verbs

    def quote_statements(self) -> list[Draft]:
        doc = self.doc
        found: list[Draft] = []
        for q in self.quotes:
            if not self.text[q.start:q.end].strip(" .,;:!?'\"\u2026") or self._is_title(q):
                continue
            partial = self._embedded(q)
            cue_subject = self._cue_after(q) if not partial else None
            if cue_subject is None and not partial:
                cue_subject = self._cue_before(q)
            if partial:
                cue_subject = self._cue_after(q) or self._governing_cue(q) or self._cue_before(q)
            statement = Draft(kind="partial" if partial else "direct", start=q.start, end=q.end, quote=q)
            if cue_subject is not None:
                cue, subject = cue_subject
                statement.cue = doc[cue.i:cue.i + 1]
                statement.subject = subject
                if cue.text not in DASHES:
                    statement.addressee = self._addressee(cue)
            found.append(statement)
        self._link_continuations(found)
        return found

    def _governing_cue(self, q: QuoteSpan) -> tuple[Token, Token | None] | None:
        """The reporting verb a quoted fragment stands under ('said there were "…"')."""
        span = self._tokens(q.start, q.end)
        if span is None or not len(span):
            return None
        lex = lexicon()
        node = span.root
        governing: list[tuple[Token, Token | None]] = []
        for _ in range(12):
            if node.head.i == node.i:
                break
            node = node.head
            if self.in_quote(node) and node.i in range(span.start, span.end):
                continue
            lemma = node.lemma_.lower()
            if governs_quote(node):
                subject = _subject_of(node)
                if subject is not None or lemma in lex.speech_verbs:
                    governing.append((node, subject))
            if node.lemma_ == "accord":
                break
        if governing:
            # "McCain told reporters he viewed Obama as “directly responsible”": a verb of thinking
            # inside a report is part of what was reported; the nearest verb of saying frames it
            speaking = [g for g in governing if reports_speech(g[0]) and g[1] is not None]
            return _named_outside(*(speaking[0] if speaking else governing[0]))
        # "..., according to X" anywhere in the sentence
        for t in sent_of(span):
            if t.lemma_ == "accord" and t.dep_ == "prep":
                to = next((c for c in t.children if c.lower_ == "to"), None)
                pobj = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
                return t, pobj
        return None

    def _continued_reports(self, quoted: list[Draft], reported: list[Draft]) -> None:
        """'But he said the objections were based on a "lack of information". And "intense discussions"
        were taking place': a sentence that opens with a coordinator goes on with the report of the
        sentence before, and a quoted fragment in it is the same speaker's."""
        doc = self.doc
        reports = sorted((r for r in quoted + reported if r.cue is not None), key=lambda r: r.start)
        for s in quoted:
            if s.kind != "partial" or s.cue is not None or s.follows is not None:
                continue
            sentence = sent_of(doc.char_span(s.start, s.end, alignment_mode="expand"))
            if not _opens_with_coordinator(sentence) or sentence.start == 0:
                continue
            before = sent_of(doc[sentence.start - 1])
            last = [r for r in reports if before.start_char <= r.start < before.end_char]
            if last:
                s.follows = last[-1]

    def _agent_of_clause(self, q: QuoteSpan) -> tuple[Token, Token] | None:
        """The verb above a quoted fragment whose subject is a person or organisation."""
        span = self._tokens(q.start, q.end)
        if span is None or not len(span):
            return None
        lex = lexicon()
        node = span.root
        while node.head.i != node.i:
            node = node.head
            if not _is_verb(node) or self.in_quote(node):
                continue
            subject = next((c for c in node.children if c.dep_ == "nsubj" and not self.in_quote(c)), None)
            if subject is None:
                continue
            if subject.pos_ == "PROPN" or subject.lower_ in ("he", "she", "they") or \
                    subject.lemma_.lower() in lex.human_nouns | lex.organization_nouns:
                return node, subject
            return None
        return None

    def _addressee(self, cue: Token) -> Span | None:
        if cue.lemma_.lower() not in lexicon().addressee_object_verbs | lexicon().addressee_to_verbs:
            return None
        _, addressee = _content_root(cue)
        if addressee is None:
            return None
        doc = self.doc
        return doc[addressee.left_edge.i:addressee.right_edge.i + 1]

    def _link_continuations(self, found: list[Draft]) -> None:
        """A quote without a cue continues the previous speaker's quote, if it follows closely; a
        paragraph that opens a quote and leaves it open takes the speaker of the one that goes on."""
        for s, after in zip(reversed(found[:-1]), reversed(found[1:])):
            if s.cue is None and s.quote is not None and s.quote.continues and (after.cue is not None or after.follows):
                s.follows = after
        previous: Draft | None = None
        for s in found:
            if s.subject is None and s.cue is None and s.follows is None and previous is not None and s.kind == "direct":
                gap = self.text[previous.end:s.start]
                if gap.count("\n") <= 3 and len(gap) < 600:
                    s.follows = previous
            if s.subject is not None or s.follows is not None:
                previous = s

    # -- reported speech ----------------------------------------------------------------------
    def indirect_statements(self, quoted: list[Draft]) -> list[Draft]:
        doc = self.doc
        found: list[Draft] = []
        for verb in _may_report(doc):
            if self.in_quote(verb):
                continue
            if verb.lemma_ == "accord" and verb.dep_ == "prep":
                statement = self._according_to(verb)
            elif reports_speech(verb):
                statement = self._reported(verb)
            elif verb.pos_ == "NOUN" and verb.lemma_.lower() in lexicon().speech_nouns:
                statement = self._nominal(verb)
            else:
                continue
            if statement is None:
                continue
            inner = [s for s in quoted if s.start < statement.end and statement.start < s.end
                     and (s.kind == "partial" or s.start >= statement.start or statement.end <= s.end)]
            if inner:
                # a quoted fragment inside reported speech is a statement of its own; the report
                # around it is one too where the fragment is a small part of it ('Wallis said the
                # leaders should endorse a "comprehensive" negotiation'), of the same act of speech
                for s in inner:
                    if s.cue is None and s.subject is None and s.follows is None:
                        s.cue, s.subject = statement.cue, statement.subject
                quoted_chars = sum(min(s.end, statement.end) - max(s.start, statement.start) for s in inner)
                cue = statement.cue
                if cue is not None and not statement.start <= cue.start_char < statement.end \
                        and all(s.kind == "partial" and s.cue is not None and s.cue.start == cue.start
                                and statement.start <= s.start for s in inner) \
                        and quoted_chars < (statement.end - statement.start) / 2:
                    statement.follows = inner[0]
                    found.append(statement)
                continue
            overlapping = [s for s in quoted if s.start < statement.end and statement.start < s.end]
            if overlapping and statement.cue is not None and all(
                    s.cue is not None and s.cue.start == statement.cue.start for s in overlapping):
                continue
            found.append(statement)
        return found

    def _reported(self, verb: Token) -> Draft | None:
        roots, addressee = _content_root(verb)
        doc = self.doc
        parenthesis = not roots and verb.dep_ == "parataxis"
        if parenthesis:
            # "The challenge, he said, is to ..." : the clause around the parenthesis
            roots = [verb.head]
            exclude = {t.i for t in verb.subtree}
        else:
            exclude = set()
        if not roots:
            return None
        if verb.dep_ == "conj" and not is_speech_verb(verb.head) and all(r.dep_ == "dobj" for r in roots) \
                and not any(c.dep_ == "dobj" for c in verb.head.children):
            return None  # "could revoke or deny licences": one object of two acts, neither of them speech
        exclude |= {verb.i} | _nested_cuts(verb, roots)
        if verb.dep_ == "relcl":
            # "the cuts, which he said would help the rich": what was said follows the verb
            exclude |= set(range(verb.left_edge.i, verb.i))
        subject = _subject_of(verb)
        if subject is not None:
            exclude |= {t.i for t in subject.subtree}
        span = _span_of(roots, exclude, across_gaps=parenthesis)
        if span is None:
            return None
        start, end = span
        if addressee is None and verb.lemma_.lower() in lexicon().addressee_object_verbs and start == verb.i + 1:
            # "told a Commons select committee human rights concerns remained": the parser put the
            # addressee inside the clause; it is the noun phrase the clause's own subject follows
            clause_subject = next((c for r in roots for c in r.children if c.dep_ in SUBJECT_DEPS), None)
            held = [c for c in clause_subject.lefts if c.dep_ in ("nmod", "npadvmod")] if clause_subject else []
            if held and doc[start].pos_ == "DET":
                addressee = held[0]
                start = held[0].i + 1
        if end - start < 2 and not doc[start].pos_ in ("NOUN", "PROPN"):
            return None
        chars = (doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
        statement = Draft(kind="indirect", start=chars[0], end=chars[1], cue=doc[verb.i:verb.i + 1],
                              subject=subject)
        if addressee is not None:
            right = addressee.right_edge.i if roots[0].head.i != addressee.i else roots[0].left_edge.i - 1
            statement.addressee = doc[min(addressee.left_edge.i, addressee.i):addressee.i + 1] \
                if addressee.dep_ == "nmod" else doc[addressee.left_edge.i:right + 1]
        return statement

    def _nominal(self, noun: Token) -> Draft | None:
        """'denials by Paul Channon that Britain was on the verge of a trade war', 'a frank confession
        that their governments are losing credibility': a noun for words with the clause they say."""
        clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and c.i > noun.i
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
        if clause is None:
            return None
        span = _span_of([clause], {noun.i})
        if span is None:
            return None
        start, end = span
        doc = self.doc
        # a document speaks for itself ("industry reports that ...", "a New York Times report that ..."),
        # not for whoever acts on it ("seized upon a report", "asked about reports")
        document = noun.lemma_.lower() in lexicon().document_nouns
        return Draft(kind="indirect", start=doc[start].idx, end=doc[end - 1].idx + len(doc[end - 1].text),
                     cue=doc[noun.i:noun.i + 1], subject=noun if document else _author_of(noun))

    def _according_to(self, according: Token) -> Draft | None:
        doc = self.doc
        to = next((c for c in according.children if c.lower_ == "to"), None)
        source = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
        if source is None:
            return None
        clause = according.head
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        exclude = set(range(according.left_edge.i, according.right_edge.i + 1))
        span = _span_of([clause], exclude)
        if span is None:
            return None
        start, end = span
        cue_end = to.i + 1
        return Draft(kind="indirect", start=doc[start].idx, end=doc[end - 1].idx + len(doc[end - 1].text),
                         cue=doc[according.i:cue_end], subject=source)

    def block_quotes(self) -> list[Draft]:
        """'Limbaugh added:' ending a paragraph, the next paragraph unquoted: his words."""
        doc = self.doc
        text = self.text
        found = []
        colons = numpy.flatnonzero(doc.to_array("ORTH") == doc.vocab.strings[":"]).tolist()
        for colon in (doc[i] for i in colons):
            if self.in_quote(colon):
                continue
            line_end = text.find("\n", colon.idx)
            if line_end == -1 or text[colon.idx + 1:line_end].strip():
                continue
            verb = next((t for t in reversed(doc[sent_of(colon).start:colon.i]) if is_speech_verb(t)), None)
            if verb is None or any(c.dep_ == "ccomp" for c in verb.children):
                continue
            start = line_end
            while start < len(text) and text[start].isspace():
                start += 1
            end = text.find("\n", start)
            end = len(text) if end == -1 else end
            while end > start and text[end - 1].isspace():
                end -= 1
            block = text[start:end]
            if not block or block[0] in '"\u201c\u201d\u2018\'' or len(block.split()) < 3:
                continue
            found.append(Draft(kind="direct", start=start, end=end, cue=doc[verb.i:verb.i + 1],
                                   subject=_subject_of(verb)))
        return found

    def statements(self) -> list[Draft]:
        quoted = self.quote_statements() + self.block_quotes()
        reported = self.indirect_statements(quoted)
        # a quoted fragment under no reporting verb is someone's words if its clause has a
        # speaking subject ('Cruz coached Trump to "breathe"'); otherwise it is a title, a name or
        # scare quotes
        for s in quoted:
            if s.kind == "partial" and s.cue is None and s.quote is not None:
                found = self._agent_of_clause(s.quote)
                if found is not None:
                    s.cue, s.subject = self.doc[found[0].i:found[0].i + 1], found[1]
        self._continued_reports(quoted, reported)
        quoted = _merge_fragments(self.doc, [s for s in quoted if not (s.kind == "partial" and s.cue is None
                                                                        and s.follows is None)])
        everything = sorted(quoted + reported, key=lambda s: (s.start, s.end))
        for s in everything:
            if s.subject is not None:
                s.speaker_span = np_span(s.subject)
        return everything


def _opens_with_coordinator(sentence: Span) -> bool:
    first = next((t for t in sentence if not t.is_space and not t.is_punct), None)
    return first is not None and first.pos_ == "CCONJ"


def _merge_fragments(doc: Doc, statements: list[Draft]) -> list[Draft]:
    """Quoted fragments of one sentence under one cue are one statement:
    'Cruz called Trump a "pathological liar" who is "utterly amoral"'."""
    out: list[Draft] = []
    for s in statements:
        last = out[-1] if out else None
        if (last is not None and s.kind == last.kind == "partial" and s.cue is not None and last.cue is not None
                and s.cue.start == last.cue.start and not last.end <= s.cue.start_char < s.start
                and sent_of(doc.char_span(last.start, s.end, alignment_mode="expand")).end_char >= s.end):
            # not across the cue: '"quick fix", Wallis said ... "expeditiously"' are two reports
            last.end = s.end
            continue
        out.append(s)
    return out


def _in_running_text(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """A headline restates the story in its own grammar ('Blair says UK aid to soar'): no statement
    is read from it. A wire dateline ('NEW YORK, Feb 26 - ') is where the story was filed, not
    words anyone said: a statement the parser ran over it begins after it."""
    layout = doc_layout(doc)
    text = text_of(doc)
    out = []
    for d in drafts:
        if layout.in_headline(d.start):
            continue
        body = layout.dateline.body if layout.dateline is not None else None
        if body is not None and d.start < body < d.end:
            d.start = body
            while d.start < d.end and text[d.start].isspace():
                d.start += 1
        out.append(d)
    return out


def find_statements(doc: Doc) -> tuple[Statement, ...]:
    """Every statement of the article in text order, speakers not yet resolved."""
    drafts = _in_running_text(doc, Finder(doc).statements())
    index = {id(d): n for n, d in enumerate(drafts)}

    def source(d: Draft) -> int | None:
        # a continuation of a quote that was dropped goes on from what that one went on from
        while d.follows is not None and id(d.follows) not in index:
            d = d.follows
        return index[id(d.follows)] if d.follows is not None else None
    return tuple(Statement(kind=d.kind, start=d.start, end=d.end, cue=d.cue, subject=d.subject,
                           speaker_span=d.speaker_span, addressee=d.addressee, quote=d.quote, follows=source(d))
                 for d in drafts)
