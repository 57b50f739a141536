"""Coded error messages, in the style of spaCy's ``errors.py``.

Every message names what went wrong and what to do about it, so that a user
who sees it on the terminal can fix the input without reading the code.
"""

from __future__ import annotations


class Errors:
    """Message templates. Format them with ``str.format`` keyword arguments."""

    E001 = "{path}:{line}: invalid JSON ({reason}). Each line must be one JSON object."
    E002 = "{path}:{line}: {reason}"
    E003 = "{path}: no such file or directory. Pass a .jsonl file or a directory of them."
    E004 = (
        "{path}:{line}: pattern file entry is invalid: {reason}. "
        "See patterns/README.md for the format of each pattern file."
    )
    E005 = "{path}: cannot read ({reason}). Check that the file exists and is readable."
    E006 = (
        "{path}:{line}: duplicate {what} '{key}' in document '{doc_id}'. "
        "Keys must be unique within a document."
    )
    E007 = "{path}: not UTF-8 text ({reason}). Re-encode the file as UTF-8 or pass --encoding."
    E008 = (
        "{path}:{line}: article line needs a non-empty string 'text' and an 'id'; {reason}."
    )
    E009 = "Reference date '{value}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)."
    E011 = (
        "{path}: no records found (no .jsonl record file, or only empty ones). Pass the output "
        "directory of 'caspianie extract' or a record file."
    )
    E010 = "{path}: input must be a .txt article, a .jsonl article file or a directory."

    E120 = (
        "{path}:{line}: gazetteer key '{key}' is already defined at {other}. "
        "Keys must be unique across all gazetteer files; merge the two entries or rename one."
    )
    E121 = (
        "{path}:{line}: '{key}' refers to country '{country}', which is not a key in "
        "countries.jsonl. Fix the key or add the country."
    )
    E122 = (
        "{path}: cannot tell which gazetteer this file holds. Name it countries.jsonl, "
        "organizations.jsonl, persons.jsonl or projects.jsonl (a suffix such as "
        "persons-extra.jsonl is allowed)."
    )
    E123 = (
        "{path}:{line}: surface form '{form}' of '{key}' is already a name or alias of "
        "'{other_key}' ({other}). A surface form must point to one entry; "
        "remove it from one of them."
    )
    E124 = (
        "{path}:{line}: office '{title}' of '{key}' does not name a known country or "
        "organization after 'of'. Write the title as '<role> of <name>' or add 'role' and 'of'."
    )
    E125 = (
        "{path}:{line}: {what} '{value}' of '{key}' is also listed for '{other_key}'. "
        "An adjective or capital must point to one country; drop it from one entry."
    )

    E140 = (
        "{path}:{line}: date pattern entry is invalid: {reason}. Each line is a JSON object "
        "with 'id', 'kind' and a spaCy Matcher 'pattern'; see docs/dates.md (Dates)."
    )

    E160 = (
        "{path}: no such file or directory. Pass .txt articles, .jsonl article files "
        "or directories holding them."
    )
    E161 = (
        "{path}: duplicate article id '{doc_id}', first seen at {first}. "
        "Give every article a unique id (the file name of a .txt, 'id' in JSONL)."
    )
    E162 = (
        "{path}: looks like a binary file (NUL byte at byte offset {offset}). "
        "Pass plain-text articles only."
    )
    E163 = (
        "{path}: cannot decode as {encoding} ({reason} at byte offset {offset}). Pass "
        "--encoding with the file's encoding, or --errors replace to substitute U+FFFD."
    )
    E164 = "unknown encoding '{encoding}'. Pass a Python codec name such as utf-8, utf-16 or cp1251."
    E165 = "unknown decoding error handler '{errors}'. Pass strict, replace or ignore."

    # Document-level record checks (refcheck.document_problems): reasons, prefixed with
    # file:line by load_documents.
    E180 = (
        "{owner} of document '{doc_id}' has '{key}' in '{what}', but the document has no {target} "
        "record with that key. Add the {target} record or drop '{key}' from '{what}'."
    )
    E181 = (
        "{owner} of document '{doc_id}' has a mention at {start}:{end}, outside the document's "
        "{n_chars} characters. Fix the offsets, or re-extract the document."
    )
    E182 = (
        "{owner} of document '{doc_id}' has mention {text!r} at {start}:{end}, but {found}. "
        "Fix the offsets or the mention text, or re-extract the document from the same text."
    )
    E183 = (
        "duplicate {what} '{key}' in document '{doc_id}' (first at record {first} of the document). "
        "Keys and event ids must be unique within a document; merge or rename one."
    )
    E184 = (
        "document '{doc_id}' has {count} document records. Keep one document record per document "
        "(records of one document may not come from two extraction runs)."
    )
    E185 = (
        "the document record of '{doc_id}' says n_chars {n_chars}, but its text has {actual} "
        "characters. Re-extract the document from the same text."
    )
    E186 = (
        "{path}: looks like UTF-16 text without a byte-order mark (a NUL byte every other byte, "
        "from byte offset {offset}). Pass --encoding {encoding}, or re-save the file as UTF-8."
    )
    E190 = (
        "{path}: cannot create the output directory ({reason}). Pass an -o directory you can write to."
    )
    E192 = (
        "{paths}: no articles found (.txt files or .jsonl article files; record files are skipped). "
        "Pass the files or directories that hold the articles."
    )
    E191 = (
        "{doc_id}: the text has {length} characters, over the limit of {limit}. "
        "Pass --max-length {length} or more (from Python: create_pipeline(max_length=...)) to process it."
    )


class CaspianieError(Exception):
    """Base class of the errors the package raises for bad input.

    The CLI turns these into a one-line message and exit code 2, never a
    traceback.
    """


class RecordFileError(CaspianieError):
    """A record or pattern file has a line that cannot be used."""

    def __init__(self, message: str, path: str = "", line: int = 0) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
