"""Scoring records against gold, as the record contract's "Evaluation" section defines it."""
