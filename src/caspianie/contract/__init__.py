"""The record contract: article input, record models, JSON Schema and document-level checks.

Nothing here depends on spaCy: evaluation and review read records through this wing only.
"""
