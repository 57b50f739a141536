"""The date layer: date expressions, datelines, normalization and relative resolution."""
