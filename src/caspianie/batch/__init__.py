"""Batch processing: reading articles, extracting in one or many processes, the output manifest."""
