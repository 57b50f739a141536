"""What every command shares: exit codes and the wrapper that turns input errors into ``error:`` lines."""

from __future__ import annotations

import functools
import sys
from typing import Any, Callable

import click

from caspianie.errors import CaspianieError

EXIT_OK, EXIT_FAILED_DOCS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130


def reports_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the package's input errors into a clean message and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CaspianieError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(EXIT_USAGE)
        except OSError as err:  # a path of the wrong kind (a file for a folder, or the reverse), permissions
            where = f"{err.filename}: " if err.filename else ""
            click.echo(f"error: {where}{err.strerror or err}. Check the paths given and their permissions.",
                       err=True)
            sys.exit(EXIT_USAGE)

    return wrapper
