"""caspianie: structured, checkable records from articles on Caspian-region geopolitics."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("caspianie")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

PIPELINE_NAME = "caspianie"
