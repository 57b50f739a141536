"""Known one-word names written with one letter off: "KazMunaiGaz" for KazMunayGas,
"Turkmengas" for Turkmengaz. Real pages transliterate and misspell; a word no layer
claimed that is one letter from exactly one known one-word name of ``MIN_LENGTH``
letters or more is that name. Candidates are found through one-deletion neighbourhoods
(every form with one letter removed), so a word is compared with a handful of names,
not all of them.
"""

from __future__ import annotations

from typing import Iterable, Optional

MIN_LENGTH = 7  # shorter words are too often other words one letter away


def one_letter_apart(x: str, y: str) -> bool:
    """One substitution, insertion, deletion, or swap of two neighbouring letters."""
    if x == y or abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        diffs = [i for i in range(len(x)) if x[i] != y[i]]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and x[diffs[0]] == y[diffs[1]] and x[diffs[1]] == y[diffs[0]])
    short, long_ = (x, y) if len(x) < len(y) else (y, x)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


class TypoIndex:
    """Known one-word names (casefolded) -> key, looked up one letter off."""

    def __init__(self, names: Iterable[tuple[str, str]], taken: Iterable[str] = ()) -> None:
        self.exact = {name.casefold(): key for name, key in names if len(name) >= MIN_LENGTH and " " not in name}
        self.taken = {word.casefold() for word in taken}  # words that are names of their own
        self.near: dict[str, set[str]] = {}
        for name in self.exact:
            for form in _deletions(name):
                self.near.setdefault(form, set()).add(name)

    def key_of(self, word: str) -> Optional[str]:
        """The key of the one known name ``word`` misspells, else None."""
        lowered = word.casefold()
        if len(lowered) < MIN_LENGTH or lowered in self.exact or lowered in self.taken:
            return None
        names = {n for form in _deletions(lowered) for n in self.near.get(form, ())}
        keys = {self.exact[n] for n in names if one_letter_apart(lowered, n)}
        return keys.pop() if len(keys) == 1 else None
