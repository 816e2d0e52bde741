"""Who a statement's speaker mention stands for.

- a name, surname, acronym, demonym or capital: the entity it names (entities.py);
- a pronoun: the nearest compatible mention before it, subjects first, sentence by sentence back,
  with gender from titles and first names and number from the pronoun; a statement's speaker
  just before is the likeliest "he" of the next one;
- "who" / "which": the noun the relative clause belongs to;
- a description ("the NATO chief", "the foreign secretary"): the person whose role it matches, or
  the person the next sentences name, the way news introduces someone by role before name;
- "X's spokesman": X, an organisation or country speaking through its spokesman;
- otherwise an unnamed speaker known by the description itself ("critics", "a source").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..lexicon import lexicon, name_key
from .entities import (
    ORGANIZATION,
    PERSON,
    PLACE,
    Entities,
    EntityBuilder,
    EntityDraft,
    EntityMention,
    affiliations_in,
    is_title_word,
)
from .first_names import first_name_gender
from .layout import doc_layout
from .sentences import WordClass, sentences, text_of
from .statements import Statement, np_span

MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
PLURAL = {"they", "them", "their", "themselves"}
NEUTER = {"it", "its", "itself"}
RELATIVE = {"who", "which", "that", "whom"}
FIRST_PERSON = {"i", "we", "me", "us"}
THIRD_PERSON = frozenset(MALE | FEMALE | PLURAL)  # the pronouns a chain of "he ... he said" runs through
_PRONOUNS = WordClass(lambda: THIRD_PERSON)
PRONOUNS = frozenset(THIRD_PERSON | NEUTER | RELATIVE | FIRST_PERSON)
LOOKBACK_SENTENCES = 4


@dataclass(frozen=True)
class Said:
    """A statement with the speaker it is attributed to (entity keys of the stage's table)."""

    statement: Statement
    speaker: str | None
    co_speakers: tuple[str, ...]  # "Moscow and Washington said": the second and later
    subject: Token | None
    speaker_span: Span | None


@dataclass(frozen=True)
class Speakers:
    """What the stage hands on: the attributed statements in text order, and the entities with what
    resolving taught (unnamed speakers, roles from descriptions, pronouns as mentions)."""

    said: tuple[Said, ...]
    entities: Entities


@dataclass(eq=False)
class _Resolution:
    subject: Token | None
    speaker_span: Span | None
    entity: EntityDraft | None = None
    co_entities: list[EntityDraft] = field(default_factory=list)


def _description_phrase(head: Token) -> Span:
    """'the U.S. ambassador to the OSCE' without relative clauses, appositions, examples ('officials
    including X') or asides ('the banks, for their part,'): what restricts the noun, not what is
    said about it."""
    tokens = [head]
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj") or _aside(child):
            continue
        tokens.extend(child.subtree)
    ids = sorted(t.i for t in tokens)
    doc = head.doc
    start, end = ids[0], ids[-1] + 1
    # the first of coordinated people ("bankers and sources close to the delegation") ends at "and"
    stop = next((t.i for t in doc[head.i + 1:end] if t.text in (",", "(", "\u2014", "\u2013") or t.dep_ == "cc"), None)
    return doc[start:stop if stop is not None else end]


def _aside(child: Token) -> bool:
    """A modifier that does not restrict its noun: 'including X', 'such as X' (examples), or a phrase
    about the noun's own share ('for their part', 'in its view')."""
    if child.dep_ != "prep":
        return False
    if child.tag_ == "VBG" or child.lower_ in ("like", "such"):
        return True
    objects = [g for g in child.children if g.dep_ == "pobj"]
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for g in objects for c in g.children)


def description_name(phrase: Span) -> Span:
    """An unnamed speaker's name: the description without its determiner or count ('a senior
    official', 'one source close to Opec', 'some U.S. officials': 'senior official', ...)."""
    start = phrase.start
    doc = phrase.doc
    while start < phrase.end - 1 and (doc[start].tag_ in ("DT", "PDT", "CD") or doc[start].lower_ in lexicon().quantifiers) \
            and doc[start].dep_ in ("det", "predet", "nummod", "amod", "quantmod"):
        start += 1
    return doc[start:phrase.end]


class SpeakerResolver:
    def __init__(self, doc: Doc, index: EntityBuilder, statements: tuple[Statement, ...]):
        self.doc = doc
        self.index = index
        self.statements = statements
        self.resolved: dict[int, _Resolution] = {}
        self.sentences = sentences(doc)
        self.sentence_of = {i: n for n, sent in enumerate(self.sentences) for i in range(sent.start, sent.end)}
        quoted = set()
        for s in statements:
            if s.quote is not None:
                span = doc.char_span(s.quote.start, s.quote.end, alignment_mode="expand")
                if span is not None:
                    quoted.update(range(span.start, span.end))
        self.quoted = quoted
        # what each speaker token said (character offsets), which it cannot be named inside
        self.content_of = {st.subject.i: (st.start, st.end) for st in statements if st.subject is not None}
        headline = doc_layout(doc).headline
        body = headline[1] if headline is not None else 0
        text = text_of(doc)
        self.lead = next((n for n, sent in enumerate(self.sentences)
                          if sent.start_char >= body and text[sent.start_char:sent.end_char].strip()), 0)

    # -- compatibility ---------------------------------------------------------------------------
    @staticmethod
    def _compatible(entity: EntityDraft, pronoun: str) -> bool:
        if pronoun in MALE:
            return entity.type == PERSON and entity.gender != "female" and not entity.plural
        if pronoun in FEMALE:
            return entity.type == PERSON and entity.gender != "male" and not entity.plural
        if pronoun in NEUTER:
            return entity.type in (ORGANIZATION, PLACE) and not entity.plural
        if pronoun in PLURAL:
            return entity.plural or entity.type == ORGANIZATION
        return False

    def _candidates(self, token: Token):
        """Mentions before the token, nearest sentence first, subjects before the rest; unnamed
        people as subjects ("bankers said") without an entity yet. A speaker is not named inside
        what it said ("That spoils a bill introduced by Senator Bentsen, he said")."""
        n = self.sentence_of.get(token.i, 0)
        content = self.content_of.get(token.i)
        for back in range(0, LOOKBACK_SENTENCES + 1):
            if n - back < 0:
                return
            sent = self.sentences[n - back]
            mentions = []
            for i in range(sent.start, min(sent.end, token.i) if back == 0 else sent.end):
                if i in self.quoted:
                    continue
                t = self.doc[i]
                if content is not None and content[0] <= t.idx < content[1]:
                    continue
                entity = self.index.at(t)
                if entity is None and t.pos_ in ("NOUN", "PROPN") and self._is_subject(t) and _human_noun(t):
                    mentions.append((t, None))  # "ICO observers doubted ..., they said"
                    continue
                if entity is None or (mentions and mentions[-1][1] is entity and mentions[-1][0].i == t.i - 1):
                    continue
                if entity.type == PLACE and not self._agentive_place(t, entity):
                    continue
                mentions.append((t, entity))
            subjects = [m for m in mentions if self._is_subject(m[0])]
            others = [m for m in mentions if m not in subjects]
            yield back, subjects + others

    def _agentive_place(self, token: Token, entity: EntityDraft) -> bool:
        mention = next((m for m in entity.mentions if m.start <= token.i < m.end), None)
        return entity.kind == "country" and (mention is None or mention.form in ("name", "capital"))

    @staticmethod
    def _is_subject(token: Token) -> bool:
        head = token
        while head.dep_ in ("compound", "flat", "appos") and head.head.i != head.i:
            head = head.head
        return head.dep_ in ("nsubj", "nsubjpass")

    def _recent_speaker(self, token: Token) -> EntityDraft | None:
        before = [(s, r) for s, r in ((self.statements[n], r) for n, r in sorted(self.resolved.items()))
                  if r.entity is not None and s.cue is not None and s.cue.start < token.i
                  and self.sentence_of.get(token.i, 0) - self.sentence_of.get(s.cue.start, 0) <= 2]
        return before[-1][1].entity if before else None

    def resolve_pronoun(self, token: Token) -> EntityDraft | None:
        pronoun = token.lower_
        recent = self._recent_speaker(token)
        best = None
        for back, mentions in self._candidates(token):
            compatible = [(t, e) for t, e in mentions
                          if (self._compatible(e, pronoun) if e is not None else self._agrees(t, pronoun))]
            if not compatible:
                continue
            if recent is not None and any(e is recent for _, e in compatible):
                return recent
            # a gender that is known to agree beats one that is merely not known to clash
            known = [(t, e) for t, e in compatible
                     if pronoun not in MALE | FEMALE or (e is not None and e.gender is not None)]
            t, best = (known or compatible)[0]
            if best is None:
                best = self.anonymous(np_span(t))
            break
        return best

    @staticmethod
    def _agrees(token: Token, pronoun: str) -> bool:
        """An unnamed person agrees with a pronoun in number, and in gender where the noun has one."""
        plural = token.tag_ in ("NNS", "NNPS")
        if pronoun in PLURAL:
            return plural
        gender = lexicon().gendered_nouns.get(token.lower_)
        return not plural and pronoun in MALE | FEMALE and gender in (None, "male" if pronoun in MALE else "female")

    # -- descriptions ----------------------------------------------------------------------------
    def resolve_description(self, span: Span) -> EntityDraft | None:
        head = span.root
        lemma = head.lemma_.lower()
        words = {name_key(t.text) for t in span if not t.is_stop and not t.is_punct} - {""}
        # "the NATO chief": the person whose role says so, the most recently named first
        matches = []
        for entity in self.index.persons:
            role_words = {name_key(w) for role in entity.roles for w in role.split()}
            if words and words <= role_words | {name_key(a) for a in entity.aliases}:
                last = max((m.start for m in entity.mentions if m.start < span.start), default=-1)
                matches.append((last, entity))
        if matches:
            return max(matches, key=lambda m: m[0])[1]
        if span[0].lower_ in ("the", "this", "that", "these", "those"):
            earlier = self._described_before(span, words)
            if earlier is not None:
                return earlier
        if lemma in lexicon().organization_nouns and span[0].lower_ in ("the", "its"):
            return self._recent_organization(span)
        if span[0].lower_ == "the" and head.tag_ == "NN":
            if lemma in lexicon().title_nouns or _human_noun(head):
                return self._named_next(span) or self._titled_recent(span)
            if self.sentence_of.get(head.i) == self.lead:
                return self._named_next(span)  # whoever speaks: "the senior U.S. planner said"
        return None

    def _described_before(self, span: Span, words: set[str]) -> EntityDraft | None:
        """'a senior Japanese government official said ... The official said': a definite description
        takes up the unnamed speaker described before with the same noun, the latest first."""
        head = span.root
        plural = head.tag_ in ("NNS", "NNPS")
        for entity in reversed(self.index.entities):
            if entity.anonymous and entity.plural == plural and entity.mentions \
                    and min(m.start for m in entity.mentions) < span.start \
                    and entity.name.split()[-1].lower() == head.lower_ \
                    and words <= {name_key(w) for w in entity.name.split()}:
                return entity
        return None

    def _titled_recent(self, span: Span) -> EntityDraft | None:
        """'Tony Blair has said ... The prime minister said ...': a bare title is the person the text
        is about: the last speaker, else the last named subject, if no role of theirs says otherwise."""
        head = span.root
        gender = lexicon().gendered_nouns.get(head.lower_)
        recent = self._recent_speaker(head)
        candidates = [recent] if recent is not None and recent.type == PERSON else []
        for _, mentions in self._candidates(span[0]):
            candidates += [e for t, e in mentions if e is not None and e.type == PERSON and self._is_subject(t)]
        for entity in candidates:
            if entity.anonymous or (gender and entity.gender and gender != entity.gender):
                continue
            # a title must be one of theirs ("the prime minister" is no president); a plain noun for a
            # person ("the central banker") describes whoever the text is about
            titled = head.lemma_.lower() in lexicon().title_nouns
            if titled and entity.roles and any(head.lower_ not in role.lower() for role in entity.roles):
                continue
            phrase = _description_phrase(head)
            entity.add_role(phrase[1:].text if phrase[0].dep_ == "det" else phrase.text)
            affiliations_in(self.index, entity, phrase)
            return entity
        return None

    def _recent_organization(self, span: Span) -> EntityDraft | None:
        for back, mentions in self._candidates(span[0]):
            orgs = [e for _, e in mentions if e is not None and e.type == ORGANIZATION]
            if orgs:
                return orgs[0]
        return None

    def _named_next(self, span: Span) -> EntityDraft | None:
        """'the U.S. ambassador to the OSCE has admitted …' then '"…," said Michael Carpenter.'"""
        n = self.sentence_of.get(span.start, 0)
        for sent in self.sentences[n + 1:n + 3]:
            for t in sent:
                entity = self.index.at(t)
                if entity is None or entity.type != PERSON or entity.anonymous:
                    continue
                first = min(m.start for m in entity.mentions)
                # one given a role of their own is someone else, except after a lead that holds back
                # the name of the one who speaks next ("..., the senior U.S. planner said." then
                # '"...," Allen Wallis, undersecretary of state, told Reuters.')
                if first >= sent.start and (not entity.roles or n == self.lead and self._speaks_in(entity, sent)):
                    phrase = _description_phrase(span.root)
                    entity.add_role(phrase[1:].text if phrase[0].dep_ == "det" else phrase.text)
                    entity.aliases.add(phrase.text)
                    affiliations_in(self.index, entity, phrase)
                    self.index.mention(entity, span.start, span.end, "description")
                    return entity
        return None

    def _speaks_in(self, entity: EntityDraft, sent: Span) -> bool:
        return any(s.subject is not None and sent.start <= s.subject.i < sent.end and self.index.at(s.subject) is entity
                   for s in self.statements)

    def anonymous(self, span: Span) -> EntityDraft:
        """A speaker known by a description: 'critics', 'US officials', 'those behind the talks'."""
        head = span.root
        phrase = _description_phrase(head)
        if len(phrase) > 8:
            phrase = span
        text = description_name(phrase).text
        type_ = ORGANIZATION if head.lemma_.lower() in lexicon().organization_nouns and head.lemma_.lower() not in lexicon().human_nouns else PERSON
        entity = self.index.find(type_, text)
        if entity is None:
            entity = self.index.new(type_, text, anonymous=True, plural=head.tag_ in ("NNS", "NNPS"),
                                    gender=lexicon().gendered_nouns.get(head.lower_))
        entity.mentions.append(EntityMention(span.start, span.end, "description"))
        self._refer(entity, head)
        return entity

    def _refer(self, entity: EntityDraft, head: Token) -> None:
        """An unnamed speaker's head word stands for it, so that a pronoun after it can take it up
        ('a senior official said ... he said')."""
        if self.index.at(head) is None:
            self.index.by_token[head.i] = entity

    # -- the speaker of one statement ---------------------------------------------------------------
    def resolve(self, n: int) -> None:
        statement = self.statements[n]
        if statement.follows is not None:
            source = statement.follows
            while self.statements[source].follows is not None:
                source = self.statements[source].follows
            # the statement it continues is resolved first (see resolve_speakers' reading order)
            self.resolved[n] = self.resolved.get(source) or _Resolution(self.statements[source].subject,
                                                                        self.statements[source].speaker_span)
            return
        token = statement.subject
        resolution = self.resolved[n] = _Resolution(token, statement.speaker_span)
        if token is None:
            return
        resolution.entity = self.entity_for(token, statement.speaker_span)
        if resolution.entity is not None:
            self._refer(resolution.entity, token)  # "The official said ... he said": the one before
        for conj in token.conjuncts:
            other = self.entity_for(conj, None)
            if other is not None and other is not resolution.entity:
                resolution.co_entities.append(other)
        if resolution.co_entities and resolution.speaker_span is not None:
            last = max(c.i for c in token.conjuncts)
            resolution.speaker_span = self.doc[resolution.speaker_span.start:max(resolution.speaker_span.end, last + 1)]

    def entity_for(self, token: Token, span: Span | None) -> EntityDraft | None:
        entity = self._named_after_title(token) or self.index.at(token)
        if entity is not None:
            return entity
        lower = token.lower_
        if lower in PRONOUNS:
            if lower in RELATIVE:
                return self._relative(token)
            if lower in FIRST_PERSON:
                return None
            return self.resolve_pronoun(token)
        if lower in RELATIVE:
            return self._relative(token)
        lemma = token.lemma_.lower()
        if lemma in lexicon().spokes_nouns | lexicon().document_nouns:
            owner = self._owner(token)
            if owner is not None and lemma in lexicon().document_nouns:
                return owner  # "the World Bank report said": the World Bank
            if owner is not None:
                return self.spokesperson(token, owner)
            if lemma in lexicon().document_nouns and self._document_owner(token) is not None:
                return self._document_owner(token)
        span = span if span is not None else self.doc[token.i:token.i + 1]
        # a name inside the phrase ("Blair's aides" is not Blair; "the Kremlin" is; "U.S. Officials",
        # capitalised in a wire story, are officials)
        if token.pos_ == "PROPN" and not _human_noun(token):
            for t in span:
                if self.index.at(t) is not None and t.dep_ != "poss":
                    return self.index.at(t)
        found = self.resolve_description(span)
        if found is not None:
            return found
        named = self._unrecognised_person(token)
        if named is not None:
            return named
        if token.pos_ in ("NOUN", "PROPN") or lower in ("those", "these", "many", "some", "others"):
            return self.anonymous(span)
        return None

    def _named_after_title(self, token: Token) -> EntityDraft | None:
        """A title the parser made the subject, and the person it titles: named in apposition
        ('Reagan's National Security Adviser, Frank Carlucci added') or at the end of the capitalised
        words that follow it ('said Treasury Under Secretary John Taylor')."""
        if token.pos_ != "PROPN" or (self.index.at(token) is not None and self.index.at(token).type == PERSON):
            return None
        if is_title_word(token):
            for child in token.children:
                person = self.index.at(child) if child.dep_ == "appos" else None
                if person is not None and person.type == PERSON:
                    return person
        doc = self.doc
        end = token.i + 1
        while end < len(doc) and doc[end].is_title and doc[end].is_alpha:
            end += 1
        run = doc[token.i:end]
        person = self.index.at(run[-1])
        if len(run) > 2 and person is not None and person.type == PERSON and any(is_title_word(t) for t in run[:-1]):
            return person
        return None

    def _unrecognised_person(self, token: Token) -> EntityDraft | None:
        """A speaker written as a name the recogniser missed: capitalised words ending in the subject,
        the first a given name ('Bronwyn Curtis of Landell Mills said'), or the end of a full name."""
        if token.pos_ != "PROPN" or _human_noun(token):
            return None
        doc = self.doc
        start = token.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ in ("compound", "flat") \
                and doc[start - 1].head.i == token.i and doc[start - 1].is_title:
            start -= 1
        words = doc[start:token.i + 1]
        # the end of a name the article gives in full ("Suu Kyi" of "Aung San Suu Kyi")
        longer = [e for e in self.index.persons if name_key(e.name).endswith(" " + name_key(words.text))]
        if len(longer) == 1:
            self.index.mention(longer[0], words.start, words.end, "short")
            return longer[0]
        gender = first_name_gender(words[0].text)
        if len(words) < 2 or not all(t.is_title and t.is_alpha for t in words) or gender is None:
            return None
        entity = self.index.find(PERSON, words.text) or self.index.new(PERSON, words.text, gender=gender)
        self.index.mention(entity, words.start, words.end, "name")
        return entity

    def _owner(self, token: Token) -> EntityDraft | None:
        """Whose spokesman or report: 'X's', 'of X', 'for X', 'by X' or a name in front ('WSIS')."""
        for child in token.children:
            if child.dep_ in ("poss", "compound", "nmod") and child.i < token.i:
                entity = self.index.at(child) or (self.entity_for(child, None) if child.dep_ == "poss" else None)
                if entity is not None and entity.type in (ORGANIZATION, PLACE, PERSON):
                    return entity
            # a spokesman for X speaks for X; a memo for X is written to X
            owners = ("of", "for", "by", "from") if token.lemma_.lower() in lexicon().spokes_nouns else ("of", "by", "from")
            if child.dep_ == "prep" and child.lower_ in owners:
                for obj in (g for g in child.children if g.dep_ == "pobj"):
                    entity = self.index.at(obj)
                    if entity is None and _human_noun(obj):
                        # "statements by several members of the Reagan cabinet": those members
                        return self.anonymous(obj.doc[obj.left_edge.i:obj.i + 1])
                    if entity is None:
                        entity = next((self.index.at(t) for t in obj.subtree if self.index.at(t) is not None), None)
                    if entity is not None:
                        return entity
        return None

    def _document_owner(self, token: Token) -> EntityDraft | None:
        """'the report said': whose report the text last named ('a World Bank report')."""
        lemma = token.lemma_.lower()
        for earlier in reversed(self.doc[:token.i]):
            if earlier.lemma_.lower() == lemma and earlier.pos_ == "NOUN":
                owner = self._owner(earlier)
                if owner is not None:
                    return owner
        return None

    def spokesperson(self, token: Token, owner: EntityDraft) -> EntityDraft:
        """'a spokesman for the WSIS': an unnamed person, the WSIS spokesman, who speaks for it."""
        short = min([owner.name, *(a for a in owner.aliases if a.isupper() and len(a) > 1)], key=len)
        entity = self.index.find(PERSON, f"{short} {token.lower_}")
        if entity is None:
            entity = self.index.new(PERSON, f"{short} {token.lower_}", anonymous=True,
                                    gender=lexicon().gendered_nouns.get(token.lower_))
            entity.add_affiliation(owner)
        entity.mentions.append(EntityMention(token.i, token.i + 1, "description"))
        self._refer(entity, token)
        return entity

    def _relative(self, token: Token) -> EntityDraft | None:
        clause = token.head
        while clause.dep_ not in ("relcl", "acl") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ not in ("relcl", "acl"):
            return None
        noun = clause.head
        return self.entity_for(noun, None) if noun.i != token.i else None


def _human_noun(token: Token) -> bool:
    """'officials', 'Officials', 'sources': a common noun for people, whatever its case."""
    human = lexicon().human_nouns | lexicon().spokes_nouns
    lower = token.lower_
    return lower in human or token.lemma_.lower() in human or (lower.endswith("s") and lower[:-1] in human)


def _attributed(statement: Statement, speaker_span: Span | None) -> bool:
    """What someone can be said to have said: a statement needs a speaker mention, unless the text
    withholds one on purpose ('it was announced that ...'). A quote nobody is named for is a pull
    quote, a slogan or a caption."""
    if speaker_span is not None:
        return True
    return statement.cue is not None and any(c.dep_ == "auxpass" for c in statement.cue[0].children)  # agentless


def resolve_speakers(doc: Doc, entities: Entities, statements: tuple[Statement, ...]) -> Speakers:
    """Speakers in reading order, with every subject pronoun on the way resolved too, so that a
    chain of "he ... he ... he said" leads back to the name it started from."""
    index = entities.builder()
    resolver = SpeakerResolver(doc, index, statements)

    def anchor(n: int, depth: int = 0) -> float:
        s = statements[n]
        if s.follows is not None and depth < 20:
            return anchor(s.follows, depth + 1) + 0.5  # after the statement it takes its speaker from
        if s.subject is not None:
            return s.subject.i
        return s.cue.start if s.cue is not None else doc.char_span(s.start, s.end, alignment_mode="expand").start

    events: list[tuple[float, int, object]] = [(anchor(n), 1, n) for n in range(len(statements))]
    for i in _PRONOUNS.tokens(doc, "LOWER"):  # by their words' hashes, not by making every token
        token = doc[i]
        if token.dep_ in ("nsubj", "nsubjpass") and i not in resolver.quoted:
            events.append((i, 0, token))
    for _, kind, item in sorted(events, key=lambda e: (e[0], e[1])):
        if kind == 1:
            resolver.resolve(item)
        elif index.at(item) is None:
            entity = resolver.resolve_pronoun(item)
            if entity is not None:
                index.by_token[item.i] = entity
    said = []
    for n, s in enumerate(statements):
        r = resolver.resolved[n]
        if _attributed(s, r.speaker_span):
            said.append(Said(statement=s, speaker=r.entity.key if r.entity else None,
                             co_speakers=tuple(e.key for e in r.co_entities), subject=r.subject,
                             speaker_span=r.speaker_span))
    return Speakers(said=tuple(said), entities=index.freeze())
