"""The ``caspianie`` command: a thin click layer over the library's functions.

Each command parses options, calls one library function and prints its result.
Bad input ends with a one-line ``file:line: reason`` message and exit code 2.
"""

from __future__ import annotations

import functools
import json
import sys
from typing import Any, Callable

import click

from . import __version__
from .errors import CaspianieError
from .records import records_json_schema

EXIT_OK, EXIT_FAILED_DOCS, EXIT_USAGE = 0, 1, 2


def reports_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the package's input errors into a clean message and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CaspianieError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(EXIT_USAGE)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="caspianie")
def main() -> None:
    """Turn articles on Caspian-region geopolitics into checkable JSONL records."""


@main.command()
@click.option("--indent", default=2, show_default=True, help="JSON indentation.")
def schema(indent: int) -> None:
    """Print the JSON Schema of one record line (contract v1)."""
    click.echo(json.dumps(records_json_schema(), indent=indent, ensure_ascii=False))


@main.command()
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=False),
              help="Gold records: a .jsonl file or a directory of them.")
@click.option("--pred", "pred_path", required=True, type=click.Path(exists=False),
              help="Predicted records: a .jsonl file or a directory of them.")
@click.option("--json", "json_file", type=click.File("w", encoding="utf-8"), default=None,
              help="Also write every figure, the per-document breakdown and the errors as JSON.")
@click.option("--errors", "show_errors", is_flag=True,
              help="List every false positive and false negative with its evidence.")
@reports_errors
def evaluate(gold_path: str, pred_path: str, json_file: Any, show_errors: bool) -> None:
    """Score predicted records against gold (contract v1, section Evaluation)."""
    from .evalreport import format_errors, format_table
    from .evaluate import evaluate as run_evaluation

    result = run_evaluation(gold_path, pred_path)
    click.echo(format_table(result))
    if json_file is not None:
        json.dump(result, json_file, indent=2, ensure_ascii=False)
        json_file.write("\n")
    if show_errors:
        click.echo("")
        click.echo(format_errors(result["errors"]))
