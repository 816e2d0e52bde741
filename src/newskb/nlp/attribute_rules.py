"""The model's attribute rules (spaCy's AttributeRuler: a token's tag gives its part of speech and
morphology; some words and contractions their lemma), applied to the same effect in a tenth of the
time.

spaCy runs all its rules, 179 in the English pipelines, through a Matcher at every token, a tenth
of the model's time. Almost all of them test one token for equal or listed values of its tag,
lowercase form, dependency or whiteness: those are looked up here, by value, in the token's row of
an array; the others still go through a Matcher of their own. As in spaCy, every rule is matched
before any is applied, they are applied in the order they were added (a later rule overriding an
earlier), and the part of speech, morphology and lemma are written back in one array.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

TESTED = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}  # what a rule looked up here tests
COLUMNS = list(TESTED.values())
WRITTEN = (POS, MORPH, LEMMA)  # what rules set, written back as an array


@dataclass(frozen=True)
class Test:
    column: int  # in COLUMNS
    values: frozenset[int]
    wanted: bool  # the value is among `values` (== and IN) or not (NOT_IN)


@dataclass(frozen=True)
class Rule:
    number: int  # its order in the ruler: a later rule overrides an earlier
    index: int  # which token of the match it sets (0 or -1 for one token)
    written: tuple[tuple[int, int], ...]  # (column in WRITTEN, value)
    others: dict  # other attributes, set on the token as spaCy does


class AttributeRules:
    """A component giving a Doc the attributes the `ruler` gives it."""

    def __init__(self, ruler: AttributeRuler):
        self.ruler = ruler
        strings = ruler.vocab.strings
        self.rules = []
        for number, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices)):
            written = tuple((WRITTEN.index(a), v) for a, v in attrs.items() if a in WRITTEN)
            self.rules.append(Rule(number, index, written, {a: v for a, v in attrs.items() if a not in WRITTEN}))
        # rules keyed by a value one of their tests wants: (column, value) -> [(rule, its other tests)]
        keyed: list[defaultdict[int, list[tuple[Rule, tuple[Test, ...]]]]] = [defaultdict(list) for _ in COLUMNS]
        self.matcher = Matcher(ruler.vocab)  # the other rules
        for rule in self.rules:
            for pattern in ruler.matcher.get(str(rule.number))[1]:
                tests = _tests(pattern, strings) if rule.index in (0, -1) else None
                key = next((t for t in tests or () if t.wanted), None)
                if key is None:
                    self.matcher.add(str(rule.number), [pattern])
                    continue
                for value in key.values:
                    keyed[key.column][value].append((rule, tuple(t for t in tests if t is not key)))
        self.keyed = [dict(k) for k in keyed]

    def __call__(self, doc: Doc) -> Doc:
        matches = []  # (rule number, start, end, rule, the token it sets)
        rows = doc.to_array(COLUMNS).tolist()
        keyed = list(enumerate(self.keyed))
        for i, row in enumerate(rows):
            for column, rules in keyed:
                for rule, tests in rules.get(row[column], ()):
                    if all((row[t.column] in t.values) == t.wanted for t in tests):
                        matches.append((rule.number, i, i + 1, rule, i))
        if len(self.matcher):
            strings = doc.vocab.strings
            for key, start, end in self.matcher(doc, allow_missing=True, as_spans=False):
                rule = self.rules[int(strings[key])]
                at = start + rule.index if rule.index >= 0 else end + rule.index
                if not start <= at < end:
                    self.ruler.set_annotations(doc, [(rule.number, key, start, end)])  # raises spaCy's error
                matches.append((rule.number, start, end, rule, at))
        matches.sort(key=lambda match: match[:3])
        written = doc.to_array(list(WRITTEN))
        for _, _, _, rule, at in matches:
            for column, value in rule.written:
                written[at, column] = value
            if rule.others:
                set_token_attrs(doc[at], rule.others)
        doc.from_array(list(WRITTEN), written)
        return doc


def _tests(pattern: list[dict], strings) -> tuple[Test, ...] | None:
    """The tests of a one-token pattern, if it only tests values of what TESTED names; else None."""
    if len(pattern) != 1:
        return None
    tests = []
    for name, wanted in pattern[0].items():
        if name not in TESTED:
            return None
        column = COLUMNS.index(TESTED[name])
        if isinstance(wanted, dict) and len(wanted) == 1 and set(wanted) <= {"IN", "NOT_IN"}:
            (how, values), = wanted.items()
            tests.append(Test(column, frozenset(_value(v, strings) for v in values), how == "IN"))
        elif isinstance(wanted, (str, bool, int)):
            tests.append(Test(column, frozenset([_value(wanted, strings)]), True))
        else:
            return None
    return tuple(tests)


def _value(value, strings) -> int:
    """A pattern's value as the Matcher compares it: a string by its hash, a truth as 1 or 0."""
    return strings.add(value) if isinstance(value, str) else int(value)
