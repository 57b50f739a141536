"""An article as the pipeline takes it: id, text as read, where it came from, an optional date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Article:
    """One article: its id, its text as read, where it came from and an optional ISO date.

    ``line`` is the line of a JSONL article file (None for a ``.txt``).
    """

    doc_id: str
    text: str
    source: str
    date: Optional[str]
    line: Optional[int] = None
