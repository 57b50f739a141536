"""The spaCy pipeline: components that annotate a ``Doc`` and the step that builds records from it.

``create_pipeline`` assembles it from ``pipeline.cfg``; it is imported lazily so
that importing one component does not build the whole package.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_pipeline", "default_config"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from caspianie.pipeline import assemble

        return getattr(assemble, name)
    raise AttributeError(f"module 'caspianie.pipeline' has no attribute {name!r}")
