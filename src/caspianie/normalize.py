"""Name normalization (the contract's matching rule) and key slugs."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_POSSESSIVE = re.compile(r"['\u2019]s\b")
# Alphanumeric means any Unicode letter or digit (str.isalnum), not only ASCII:
# letters with no decomposition (ə, ı, Cyrillic) must survive as part of the name.
_NON_ALNUM = re.compile(r"[\W_]+")
_LEADING_THE = re.compile(r"^the\b\s*")
_REPUBLIC_OF = re.compile(r"\brepublic of\b")
_SPACES = re.compile(r"\s+")


class _CombiningMarks(dict):
    """A ``str.translate`` table that deletes combining marks, filled per code point on first sight."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_DROP_COMBINING = _CombiningMarks()


def strip_accents(text: str) -> str:
    """NFKD-decompose and drop combining marks: ``Türksoy`` -> ``Turksoy``."""
    if text.isascii():  # ASCII is unchanged by NFKD and holds no combining marks
        return text
    return unicodedata.normalize("NFKD", text).translate(_DROP_COMBINING)


@lru_cache(maxsize=1 << 16)
def normalize_name(text: str) -> str:
    """Normalize a name exactly as the contract's evaluation rule 1 says.

    NFKD without accents, lowercase, possessives removed, runs of
    non-alphanumerics made one space, a leading ``the`` and the phrase
    ``republic of`` removed, whitespace trimmed.
    """
    text = strip_accents(text).lower()
    text = _POSSESSIVE.sub("", text)
    text = _NON_ALNUM.sub(" ", text).strip()
    text = _LEADING_THE.sub("", text)
    text = _REPUBLIC_OF.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def slugify(text: str) -> str:
    """A contract key from a name: ``Baku–Tbilisi–Ceyhan pipeline`` -> ``baku-tbilisi-ceyhan-pipeline``."""
    ascii_text = strip_accents(text).lower()
    ascii_text = ascii_text.replace("ə", "a").replace("ı", "i")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug or "x"


def counted(count: int, noun: str) -> str:
    """``1 record``, ``3 records``: a count with its noun in the number it needs."""
    return f"{count} {noun if count == 1 else noun + 's'}"
