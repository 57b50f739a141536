"""Across articles: one row per real event and per legal instrument, in an SQLite database.

The wing reads record folders through ``caspianie.contract`` only (never spaCy
objects), stores the records as extracted, and adds a consolidated layer:
``consolidated_events`` (with ``consolidated_event_sources``),
``consolidated_agreements`` and ``actor_profiles``. ``build.consolidate`` is the
entry point; ``export`` writes PLOVER, dyadic CSV, CSV and Parquet.
"""
