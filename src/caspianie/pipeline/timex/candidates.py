"""Which date matches become candidate spans, worked out on arrays of matches.

A document of dates has several matches per date ("on 12 March 2024" is matched as a
day, a month, a year...): about a million for 200,000 dates. As ``Span`` objects or
tuples they cost about 150 bytes each, so they stay rows of a numpy table
(``AnchoredMatcher.match_table``) and only the chosen ones become spans. The choice:

1. a match extends left over an optional leading word its pattern allows ("on", "in";
   ``datepatterns.split_optional_prefix``);
2. a ``reject`` match vetoes every match it overlaps;
3. a match whose pattern names the words that must precede it (``after``) needs one;
4. a match that starts at or after the references section (``body_end``) is dropped;
5. among overlapping matches the longest wins, then the one starting first, then the
   pattern listed first in the file: spaCy's ``filter_spans`` over the matches ordered by
   pattern, with its rule that a span is taken when its first and last tokens are free.
"""

from __future__ import annotations

from typing import Iterator, Mapping

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc
from spacy.vocab import Vocab

from caspianie.pipeline import extensions
from caspianie.pipeline.fastmatch import MatchTable, Packing, first_free
from caspianie.pipeline.timex.datepatterns import DatePattern, split_optional_prefix

Candidate = tuple[int, int, str]  # start token, end token, pattern id
CHUNK = 65_536  # rows turned into Python ints at a time


class CandidateRules:
    """Per pattern: its rank in the file, whether it rejects, and the word hashes of its
    optional leading words and of its required preceding words (``after``)."""

    def __init__(self, vocab: Vocab, entries: Mapping[str, DatePattern]) -> None:
        self.rank = {key: i for i, key in enumerate(entries)}
        self.rejects = {key for key, entry in entries.items() if entry.kind == "reject"}
        self.prefix = {key: _hashes(vocab, split_optional_prefix(e.pattern)[1]) for key, e in entries.items()}
        self.after = {key: _hashes(vocab, e.after) for key, e in entries.items() if e.after and e.kind != "reject"}

    def select(self, doc: Doc, matches: MatchTable) -> Iterator[Candidate]:
        """The non-overlapping candidates among ``matches``, in text order."""
        if not len(matches):
            return iter(())
        rules = [doc.vocab.strings[i] for i in matches.ids]
        rule_of, starts, ends = matches.rules, matches.starts.copy(), matches.ends
        present = numpy.unique(rule_of).tolist()
        lowers = doc.to_array([LOWER]).reshape(-1)
        for k in present:
            if len(self.prefix[rules[k]]):
                rows = numpy.flatnonzero((rule_of == k) & (starts > 0))
                starts[rows[numpy.isin(lowers[starts[rows] - 1], self.prefix[rules[k]])]] -= 1
        rejects = numpy.isin(rule_of, [k for k in present if rules[k] in self.rejects])
        keep = ~rejects & _before_limit(doc, starts, extensions.body_end(doc))
        for k in present:
            if rules[k] in self.after:
                rows = numpy.flatnonzero(rule_of == k)
                preceded = (starts[rows] > 0) & numpy.isin(lowers[numpy.maximum(starts[rows] - 1, 0)], self.after[rules[k]])
                keep[rows[~preceded]] = False
        del lowers
        keep &= ~_overlapping(starts, ends, starts[rejects], ends[rejects])
        rows = numpy.flatnonzero(keep)
        del keep, rejects
        rank = numpy.array([self.rank.get(rule, 0) for rule in rules], dtype=numpy.int64)[rule_of[rows]]
        # filter_spans' order: longest first, then leftmost, then pattern order, then match order
        packing = Packing(len(doc), len(rules))
        order = numpy.argsort(packing.pack(len(doc) - (ends[rows] - starts[rows]), starts[rows], rank), kind="stable")
        rows = rows[order]
        del order, rank
        rows = rows[_longest_first(len(doc), starts[rows], ends[rows])]
        rows = rows[numpy.argsort(starts[rows], kind="stable")]  # in text order
        return _candidates(starts[rows], ends[rows], rule_of[rows], rules)


def _hashes(vocab: Vocab, words: object) -> numpy.ndarray:
    return numpy.array([vocab.strings.add(w) for w in words or ()], dtype=numpy.uint64)


def _before_limit(doc: Doc, starts: numpy.ndarray, limit: int) -> numpy.ndarray:
    """Whether each start token begins before character ``limit``."""
    if limit >= len(extensions.doc_text(doc)):
        return numpy.ones(len(starts), dtype=bool)
    first_after = numpy.searchsorted(numpy.asarray(extensions.token_starts(doc)), limit)  # first token at or after
    return starts < first_after


def _overlapping(starts: numpy.ndarray, ends: numpy.ndarray, v_starts: numpy.ndarray, v_ends: numpy.ndarray) -> numpy.ndarray:
    """Whether each range [start, end) overlaps any range [v_start, v_end), by bisection."""
    if not len(v_starts):
        return numpy.zeros(len(starts), dtype=bool)
    order = numpy.argsort(v_starts, kind="stable")
    furthest = numpy.maximum.accumulate(v_ends[order])  # the furthest end among the first k vetoes
    k = numpy.searchsorted(v_starts[order], ends, side="left")  # the vetoes that start before ``end``
    return (k > 0) & (furthest[numpy.maximum(k - 1, 0)] > starts)


def _longest_first(n_tokens: int, starts: numpy.ndarray, ends: numpy.ndarray) -> numpy.ndarray:
    """Which ranges to take, in the given order (``fastmatch.first_free``), as booleans."""
    ranges = (pair for first in range(0, len(starts), CHUNK)
              for pair in zip(starts[first:first + CHUNK].tolist(), ends[first:first + CHUNK].tolist()))
    return numpy.frombuffer(first_free(ranges, n_tokens), dtype=bool)


def _candidates(starts: numpy.ndarray, ends: numpy.ndarray, rule_of: numpy.ndarray, rules: list[str]) -> Iterator[Candidate]:
    for first in range(0, len(starts), CHUNK):
        part = slice(first, first + CHUNK)
        for start, end, k in zip(starts[part].tolist(), ends[part].tolist(), rule_of[part].tolist()):
            yield start, end, rules[k]
