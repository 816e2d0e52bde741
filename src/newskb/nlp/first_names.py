"""Which sex a first name usually belongs to, from the gender_guesser library's list of 48,000
names.

The library parses every line of its 4 MB list when it starts, half a second of each process's
start-up, for the few hundred names an archive asks about. Here the list is read once and only
filed by name; a name's lines are parsed by the library's own parser the first time it is asked
about, in the list's order, so the answer is the library's."""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache


@lru_cache(maxsize=1 << 14)  # asked of most words of every name, and the library's answer takes a count
def first_name_gender(name: str) -> str | None:
    guess = _detector().get_gender(name)
    if guess in ("male", "mostly_male"):
        return "male"
    if guess in ("female", "mostly_female"):
        return "female"
    return None


def _filed_as(name: str) -> str:
    """The name without the joins ('+' in the list, for which the library files '', ' ' and '-')."""
    return name.replace("+", "").replace(" ", "").replace("-", "")


@lru_cache(maxsize=1)
def _detector():
    import gender_guesser.detector

    class Detector(gender_guesser.detector.Detector):
        def _parse(self, filename):
            self.names = {}
            self.asked: set[str] = set()
            self.lines_of: defaultdict[str, list[str]] = defaultdict(list)
            with open(filename, encoding="utf-8") as f:
                for line in f.read().splitlines():
                    parts = line.split(None, 2)
                    if parts[0][0] not in "#=":  # as the library's parser skips them
                        self.lines_of[_filed_as(parts[1].lower())].append(line)

        def get_gender(self, name, country=None):
            key = name.lower()  # the detector is made case-insensitive below
            if key not in self.asked:
                self.asked.add(key)
                known, self.names = self.names, {}
                for line in self.lines_of.get(_filed_as(key), ()):
                    self._eat_name_line(line.strip())
                found, self.names = self.names.get(key), known
                if found is not None:
                    self.names[key] = found
            return super().get_gender(name, country)

    return Detector(case_sensitive=False)
