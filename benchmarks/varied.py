"""A benchmark corpus in which no article repeats, made deterministically from the bundled articles.

Repeating the bundled articles lets every cache (the tokenizer's, the string store's,
any per-word or per-date cache) stay warm from the second copy on, which no user's
corpus does. Each generated article here keeps the headline and dateline paragraphs of
one bundled article, takes its body paragraphs plus paragraphs drawn from the other
articles in a shuffled order, and substitutes, consistently within the article:

- every person, place and country name of the gazetteer by another of its kind;
- month names, days, years and other numbers by others of the same shape.

``make_corpus`` reports how many of the generated paragraphs are distinct, so a reader
of the benchmark sees how cold the corpus is.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
PATTERNS = ROOT / "src" / "caspianie" / "patterns"
MONTHS = ("January February March April May June July August September October November "
          "December").split()
NUMBER = re.compile(r"\b\d+\b")


def _names(path: Path, field: str = "name") -> list[str]:
    names = []
    for line in path.open(encoding="utf-8"):
        if line.strip():
            entry = json.loads(line)
            names.append(entry[field])
            names.extend(alias for alias in entry.get("aliases", []) if alias[:1].isupper())
    return names


def name_pools() -> dict[str, list[str]]:
    """Gazetteer names by kind: the substitutes one kind of name may take."""
    countries = [json.loads(line) for line in (PATTERNS / "gazetteer" / "countries.jsonl").open() if line.strip()]
    persons = _names(PATTERNS / "gazetteer" / "persons.jsonl")
    return {
        "person": persons,
        "surname": sorted({name.split()[-1] for name in persons}),
        "place": _names(PATTERNS / "places.jsonl"),
        "country": [entry["name"] for entry in countries],
        "adjective": [entry["adjectives"][0] if entry.get("adjectives") else entry["name"] for entry in countries],
    }


def _name_pattern(pools: dict[str, list[str]]) -> re.Pattern:
    every = sorted({name for names in pools.values() for name in names}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(name) for name in every) + r")\b")


def _number(match: re.Match, rng: random.Random) -> str:
    digits = match.group(0)
    value = int(digits)
    if len(digits) == 4 and 1900 <= value <= 2039:
        return str(rng.randint(1991, 2029))
    if len(digits) <= 2 and 1 <= value <= 31:
        return str(rng.randint(1, 28))
    return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1)) if len(digits) > 1 else str(rng.randint(1, 9))


class Varier:
    """Rewrites one article's paragraphs with substitutions chosen once per article."""

    def __init__(self, pools: dict[str, list[str]], rng: random.Random):
        self.rng = rng
        self.kind_of = {name: kind for kind, names in pools.items() for name in names}
        self.kind_of.update({name: "person" for name in pools["person"]})
        self.pools = pools
        self.names = _name_pattern(pools)
        self.months = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b")
        self.chosen: dict[str, str] = {}

    def _substitute(self, match: re.Match) -> str:
        """The name's substitute; a person's surname and a country's adjective follow their name."""
        name = match.group(0)
        if name not in self.chosen:
            kind = self.kind_of[name]
            index = self.rng.randrange(len(self.pools[kind]))
            self.chosen[name] = self.pools[kind][index]
            if kind == "person":
                self.chosen.setdefault(name.split()[-1], self.chosen[name].split()[-1])
            if kind == "country":
                self.chosen.setdefault(self.pools["adjective"][self.pools["country"].index(name)],
                                       self.pools["adjective"][index])
        return self.chosen[name]

    def _month(self, match: re.Match) -> str:
        month = match.group(0)
        if month not in self.chosen:
            self.chosen[month] = self.rng.choice(MONTHS)
        return self.chosen[month]

    def vary(self, paragraph: str) -> str:
        paragraph = self.names.sub(self._substitute, paragraph)
        paragraph = self.months.sub(self._month, paragraph)
        return NUMBER.sub(lambda m: _number(m, self.rng), paragraph)


def bundled_articles() -> list[list[str]]:
    """The bundled articles, each as its list of paragraphs."""
    return [[p for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]
            for path in sorted(CORPUS.glob("*.txt"))]


def generate(words: int, seed: int = 15):
    """Yield ``(id, text)`` articles, none repeating, until about ``words`` words."""
    rng = random.Random(seed)
    pools = name_pools()
    articles = bundled_articles()
    bodies = [p for article in articles for p in article[2:]]
    total, number = 0, 0
    while total < words:
        base = articles[number % len(articles)]
        varier = Varier(pools, rng)
        body = base[2:] + rng.sample(bodies, min(len(bodies), max(2, len(base) // 2)))
        rng.shuffle(body)
        text = "\n\n".join(varier.vary(p) for p in base[:2] + body) + "\n"
        total += len(text.split())
        yield f"varied-{number:06d}", text
        number += 1


def make_corpus(path: Path, words: int) -> dict:
    """Write the generated corpus as JSONL; return its word count and its share of distinct paragraphs."""
    total, paragraphs, distinct = 0, 0, set()
    with path.open("w", encoding="utf-8") as handle:
        for doc_id, text in generate(words):
            handle.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
            total += len(text.split())
            parts = text.split("\n\n")
            paragraphs += len(parts)
            distinct.update(hash(p) for p in parts)
    return {"words": total, "distinct_paragraphs": len(distinct) / paragraphs}
