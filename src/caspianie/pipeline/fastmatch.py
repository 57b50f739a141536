"""``AnchoredMatcher``: spaCy's ``Matcher`` with the same matches and less work.

spaCy's Matcher tries every pattern at every token, and tests ``IN``,
``NOT_IN`` and ``REGEX`` with a Python call per token. Profiling showed the
date and ruler patterns spent most of the pipeline's time there. This module
changes the work, never the matches:

1. **Lexeme flags** (``lexflags``): lexical tests become flag bits computed
   once per word type.
2. **Anchored windows.** Every pattern has a required token with a lexical
   test (a month name, a title word, "agreement"...): its anchor. Patterns
   with the same anchor form a group with a Matcher of its own. One flag finds
   every group's anchors in a ``Doc``; each group runs only near its own:
   within the pattern's reach for patterns of bounded length, in the anchor's
   sentence for patterns with ``+``, ``*`` or ``{n,m}`` (token patterns of this
   package match inside a sentence; see patterns/README.md).

Matches come as ``(match_id, start, end)`` in ``Doc`` offsets, once each,
ordered by start, end and rule; or as spans with ``as_spans``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Union

import numpy
from spacy.attrs import ORTH, SENT_START
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from caspianie.knowledge.lexflags import FREE_FLAG_BITS, LexicalTest, anchor, compile_spec, flag_for, is_hot, repeats

Window = tuple[int, int]
ANCHOR_BATCH = 4096
"""Anchors whose windows are matched at a time (``AnchoredMatcher.match_table``)."""


@dataclass
class AnchorGroup:
    """Patterns that share an anchor test, with how far a match reaches from its anchor."""

    test: Optional[LexicalTest]
    matcher: Matcher
    before: int = 0
    after: int = 0
    unbounded: bool = False
    pending: list[tuple[Any, list[list[dict[str, Any]]], dict[str, Any]]] = field(default_factory=list)

    def windows(self, doc: Doc, positions: list[int], sentences: "Sentences") -> list[Window]:
        """Disjoint token ranges, in order, that hold every match of the group around ``positions``."""
        if self.test is None:
            return [(0, len(doc))] if len(doc) else []
        if self.unbounded:
            spans = sentences.around(doc, positions)
        else:
            spans = [(max(0, p - self.before), min(len(doc), p + self.after)) for p in positions]
        return merge(spans)


class Sentences:
    """The sentence bounds of one ``Doc``, read from ``SENT_START`` when first needed."""

    def __init__(self) -> None:
        self.starts: Optional[numpy.ndarray] = None

    def around(self, doc: Doc, positions: list[int]) -> list[Window]:
        """The sentences holding ``positions`` (the whole ``Doc`` when it has no sentence starts)."""
        if self.starts is None:
            starts = numpy.flatnonzero(doc.to_array([SENT_START]) == 1)
            self.starts = starts if len(starts) and starts[0] == 0 else numpy.concatenate(([0], starts))
        starts = self.starts
        ends = numpy.append(starts[1:], len(doc))
        index = numpy.unique(numpy.searchsorted(starts, positions, side="right") - 1)
        return list(zip(starts[index].tolist(), ends[index].tolist()))


class Packing:
    """Three non-negative integer columns as one ``uint64`` each, the first most significant
    (two of up to ``n_tokens``, the last under ``n_ranks``), so that sorting the integers
    sorts the rows: a match as (start, end, rank of its id)."""

    def __init__(self, n_tokens: int, n_ranks: int) -> None:
        self.rank_bits = max(n_ranks - 1, 1).bit_length()
        self.token_bits = max(n_tokens, 1).bit_length()
        if 2 * self.token_bits + self.rank_bits > 64:
            raise ValueError(f"a Doc of {n_tokens} tokens is too long to match with {n_ranks} rules")

    def pack(self, first: numpy.ndarray, second: numpy.ndarray, ranks: numpy.ndarray) -> numpy.ndarray:
        return ((first.astype(numpy.uint64) << numpy.uint64(self.token_bits + self.rank_bits))
                | (second.astype(numpy.uint64) << numpy.uint64(self.rank_bits)) | ranks.astype(numpy.uint64))

    def unpack(self, packed: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
        first = (packed >> numpy.uint64(self.token_bits + self.rank_bits)).astype(numpy.int64)
        second = ((packed >> numpy.uint64(self.rank_bits)) & numpy.uint64((1 << self.token_bits) - 1)).astype(numpy.int64)
        return first, second, (packed & numpy.uint64((1 << self.rank_bits) - 1)).astype(numpy.int32)


@dataclass
class MatchTable:
    """Matches as arrays, sorted by start, end and id, once each: match ``i`` is rule
    ``ids[rules[i]]`` over tokens ``starts[i]`` to ``ends[i]``. About 20 bytes a match,
    where a list of tuples costs about 150."""

    ids: list[int]  # every rule's match id, ascending
    rules: numpy.ndarray
    starts: numpy.ndarray
    ends: numpy.ndarray

    def __len__(self) -> int:
        return len(self.rules)

    def tuples(self) -> list[tuple[int, int, int]]:
        """``(match_id, start, end)`` per match, as spaCy's ``Matcher`` gives them."""
        ids = self.ids
        return [(ids[r], s, e) for r, s, e in zip(self.rules.tolist(), self.starts.tolist(), self.ends.tolist())]


def first_free(ranges: Iterable[Window], n_tokens: int) -> bytearray:
    """Which token ranges, given in order of preference, are taken (1) or not (0): a range
    whose first and last tokens no range taken before holds (``spacy.util.filter_spans``'
    rule, over ranges sorted longest first)."""
    seen = bytearray(n_tokens)
    taken = bytearray()
    for start, end in ranges:
        free = not seen[start] and not seen[end - 1]
        taken.append(free)
        if free:
            seen[start:end] = b"\x01" * (end - start)
    return taken


def merge(spans: list[Window]) -> list[Window]:
    """Sorted, overlapping or touching ranges joined into disjoint ones."""
    merged: list[Window] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


class AnchoredMatcher:
    """A drop-in for ``spacy.matcher.Matcher`` (``add``, ``remove``, ``in``, ``len``, calling).

    Patterns must be valid Matcher patterns; loaders validate them first
    (``lexflags.pattern_errors``), since flag keys are not in spaCy's schema.
    Flag bits are shared by every matcher on a vocabulary, so the tests run at
    most tokens (``is_hot``) get theirs when patterns are added, the others
    when the first document is matched.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.groups: dict[Any, AnchorGroup] = {}
        self.keys: set[int] = set()
        self._anchor_bit: Optional[int] = None
        self._any_anchor: Optional[LexicalTest] = None
        self._groups_of: dict[int, tuple[AnchorGroup, ...]] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: Union[str, int]) -> bool:
        return self._key(key) in self.keys

    def _key(self, key: Union[str, int]) -> int:
        return self.vocab.strings.add(key) if isinstance(key, str) else key

    def remove(self, key: Union[str, int]) -> None:
        """Remove a rule from every group that has it."""
        self._compile()
        for group in self.groups.values():
            if key in group.matcher:
                group.matcher.remove(key)
        self.keys.discard(self._key(key))

    def add(self, key: Union[str, int], patterns: list[list[dict[str, Any]]], **kwargs: Any) -> None:
        """Add patterns under ``key``, as ``Matcher.add`` does."""
        for pattern in patterns:
            found = anchor(self.vocab, pattern)
            test = LexicalTest(self.vocab, [found[1]]) if found else None
            group = self.groups.get(test)
            if group is None:
                group = self.groups[test] = AnchorGroup(test, Matcher(self.vocab, validate=False))
            index = found[0] if found else 0
            group.before = max(group.before, index)
            group.after = max(group.after, len(pattern) - index)
            group.unbounded = group.unbounded or any(repeats(spec) for spec in pattern)
            group.pending.append((key, [pattern], kwargs))
            for i, spec in enumerate(pattern):
                if is_hot(pattern, i):
                    compile_spec(self.vocab, spec)
        self.keys.add(self._key(key))
        self._any_anchor = None

    def _compile(self) -> None:
        """Add pending patterns to their groups' Matchers, with a flag for every test that gets one."""
        for group in self.groups.values():
            for key, patterns, kwargs in group.pending:
                compiled = [[compile_spec(self.vocab, spec) for spec in p] for p in patterns]
                group.matcher.add(key, compiled, **kwargs)
            group.pending = []
        if self._any_anchor is None:
            tests = [g.test for g in self.groups.values() if g.test is not None]
            self._any_anchor = LexicalTest(self.vocab, [c for t in tests for c in t.groups], any_of=True)
            self._anchor_bit = flag_for(self.vocab, self._any_anchor)
            self._groups_of = {}

    def _groups_for(self, orth: int) -> tuple[AnchorGroup, ...]:
        """The groups whose anchor test a word passes (worked out once per word)."""
        found = self._groups_of.get(orth)
        if found is None:
            text = self.vocab.strings[orth]
            found = self._groups_of[orth] = tuple(
                g for g in self.groups.values() if g.test is not None and g.test(text)
            )
        return found

    def anchors(self, doc: Doc) -> dict[Any, numpy.ndarray]:
        """Token positions of each group's anchors in ``doc`` (an array, in order), keyed by the
        group's test."""
        self._compile()
        if self._anchor_bit is not None:
            hits = numpy.flatnonzero(doc.to_array([self._anchor_bit]))
        else:
            test = self._any_anchor
            hits = numpy.array([t.i for t in doc if test(t.orth_)], dtype="int64")
        out: dict[Any, numpy.ndarray] = {}
        if len(hits):
            orths = doc.to_array([ORTH])[hits]
            words, word_of = numpy.unique(orths, return_inverse=True)
            members: dict[Any, list[int]] = {}  # per group, the words (indices into ``words``) it anchors on
            for k, orth in enumerate(words.tolist()):
                for group in self._groups_for(orth):
                    members.setdefault(group.test, []).append(k)
            for test, ks in members.items():
                out[test] = hits[numpy.isin(word_of.reshape(-1), ks)]
        return out

    def windows(self, doc: Doc) -> list[Window]:
        """Disjoint token ranges, in order, outside which no pattern can match."""
        found = self.anchors(doc)
        sentences = Sentences()
        spans = [w for key, group in self.groups.items() if key is None or key in found
                 for w in group.windows(doc, found[key].tolist() if key in found else [], sentences)]
        return merge(spans)

    def match_table(self, doc: Doc) -> MatchTable:
        """All matches in ``doc``, as arrays (a long document of dates has five matches a date).

        Anchors are taken ``ANCHOR_BATCH`` at a time, so that spaCy's Matcher never lists
        the matches of more than a batch's windows at once (dense anchors merge into one
        window the size of the document). A match lies in the windows of its own anchor, so
        each batch finds those of its anchors; a match found by two batches is kept once.
        While they are collected, matches are packed one ``uint64`` each (``Packing``), so
        sorting and dropping repeats sort plain integers.
        """
        if not isinstance(doc, Doc):
            raise TypeError(f"AnchoredMatcher runs on a whole Doc, not {type(doc).__name__}")
        found = self.anchors(doc)
        ids = sorted(self.keys)
        id_array = numpy.array(ids, dtype=numpy.uint64)
        packing = Packing(len(doc), len(ids))
        sentences = Sentences()
        parts = [numpy.zeros(0, dtype=numpy.uint64)]
        for key, group in self.groups.items():
            if key is not None and key not in found:
                continue
            positions = found.pop(key, numpy.zeros(0, dtype=numpy.int64))
            for first in range(0, max(len(positions), 1), ANCHOR_BATCH):
                for start, end in group.windows(doc, positions[first:first + ANCHOR_BATCH].tolist(), sentences):
                    rows = numpy.array(group.matcher(doc[start:end]), dtype=numpy.uint64).reshape(-1, 3)
                    parts.append(packing.pack(rows[:, 1] + numpy.uint64(start), rows[:, 2] + numpy.uint64(start),
                                              numpy.searchsorted(id_array, rows[:, 0])))
        packed = numpy.concatenate(parts)
        del parts
        packed.sort()  # in place; ``numpy.unique`` would hash a copy
        if len(packed):
            packed = packed[numpy.concatenate(([True], packed[1:] != packed[:-1]))]
        starts, ends, rules = packing.unpack(packed)
        return MatchTable(ids, rules, starts, ends)

    def __call__(self, doc: Doc, *, as_spans: bool = False) -> list[Any]:
        """All matches in ``doc``: ``(match_id, start, end)`` sorted by start, end and id, or spans."""
        ordered = self.match_table(doc).tuples()
        if as_spans:
            return [Span(doc, start, end, label=match_id) for match_id, start, end in ordered]
        return ordered

__all__ = ["AnchoredMatcher", "FREE_FLAG_BITS", "MatchTable", "Packing", "first_free", "merge"]
