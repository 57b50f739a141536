"""The command line: a thin click layer over the package's functions.

``main`` is the click group; ``cli.main`` holds extract, dates, evaluate and schema,
``cli.inspect`` adds inspect, show and report to it.
"""

from caspianie.cli.consolidate import register as register_consolidation
from caspianie.cli.inspect import register
from caspianie.cli.main import main

register(main)
register_consolidation(main)

__all__ = ["main"]
