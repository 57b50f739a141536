"""The ``caspianie`` command: a thin click layer over the library's functions.

Each command parses options, calls one library function and prints its result.
Bad input ends with a one-line ``file:line: reason`` message and exit code 2.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Callable

import click

from caspianie import __version__
from caspianie.contract.records import records_json_schema

from caspianie.cli.common import EXIT_FAILED_DOCS, EXIT_INTERRUPTED, reports_errors


RELATIVE_UNANCHORED = "relative dates in it have no value (give it a dateline or pass --reference-date ISO)"


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
@click.option("--json", "json_file", type=click.Path(dir_okay=False), default=None,
              help="Also write every figure, the per-document breakdown and the errors as JSON.")
@click.option("--errors", "show_errors", is_flag=True,
              help="List every false positive and false negative with its evidence.")
@reports_errors
def evaluate(gold_path: str, pred_path: str, json_file: Any, show_errors: bool) -> None:
    """Score predicted records against gold (contract v1, section Evaluation)."""
    from caspianie.evaluation.evalreport import format_errors, format_table
    from caspianie.evaluation.evaluate import evaluate as run_evaluation

    result = run_evaluation(gold_path, pred_path)
    click.echo(format_table(result))
    if json_file is not None:
        with open(json_file, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
    if show_errors:
        click.echo("")
        click.echo(format_errors(result["errors"]))


def pipeline_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by the commands that run the pipeline."""
    func = click.option("--model", default=None, metavar="NAME",
                        help="Stack the rules on an installed spaCy pipeline (default: blank English).")(func)
    func = click.option("--max-length", type=click.IntRange(min=1), default=None, metavar="CHARS",
                        help="Longest article accepted, in characters (default 5,000,000; "
                             "local runs and -j; Dask workers use the default).")(func)
    func = click.option("--reference-date", "reference", default=None, metavar="ISO",
                        help="Anchor for relative dates (YYYY, YYYY-MM or YYYY-MM-DD); "
                             "overrides datelines and metadata.")(func)
    func = click.option("--encoding", default="utf-8", show_default=True,
                        help="Encoding of articles without a byte-order mark (e.g. cp1251, utf-16-le).")(func)
    func = click.option("--errors", "decode_errors", default="strict", show_default=True,
                        type=click.Choice(["strict", "replace", "ignore"]),
                        help="What to do with bytes the encoding cannot decode.")(func)
    return func


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory for <doc_id>.jsonl record files, errors.jsonl and the run manifest.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(min=1),
              help="Worker processes; output is identical for any number.")
@click.option("--force", is_flag=True, help="Re-extract documents the manifest says are unchanged.")
@click.option("--prune", is_flag=True,
              help="Remove the records of documents that are not among these inputs (default: keep them).")
@click.option("--dask", "dask", default=None, metavar="local[:N]|ADDRESS",
              help='Run on Dask: a loopback LocalCluster of N workers or a scheduler address '
                   '(pip install "caspianie[dask]").')
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(min=1),
              help="Documents per nlp.pipe batch and per worker task.")
@pipeline_options
@reports_errors
def extract(paths: tuple[str, ...], out_dir: str, jobs: int, force: bool, prune: bool, dask: str | None,
            batch_size: int, model: str | None, max_length: int | None, reference: str | None, encoding: str,
            decode_errors: str) -> None:
    """Extract contract records from .txt articles, JSONL article files or directories.

    Unchanged documents (same text, same pipeline) are skipped; records of documents
    not among the inputs are kept unless --prune is given; one run at a time writes to
    a folder; an interrupted run resumes where it stopped.
    """
    from caspianie.batch.extract import extract_paths
    from caspianie.pipeline.assemble import create_pipeline

    nlp = create_pipeline(model, max_length)
    progress = _ProgressPrinter()
    try:
        summary = extract_paths(nlp, paths, out_dir, reference, batch_size, on_document=progress,
                                jobs=jobs, force=force, dask=dask, model=model,
                                encoding=encoding, errors=decode_errors, prune=prune,
                                notify=lambda message: click.echo(message, err=True))
    except KeyboardInterrupt:
        click.echo(f"\ninterrupted: every file in {out_dir} is complete; run the same command again "
                   "to resume", err=True)
        sys.exit(EXIT_INTERRUPTED)
    for warning, doc_ids in sorted(summary.warnings.items()):
        for doc_id in doc_ids:
            click.echo(f"warning: {doc_id}: {warning}; {RELATIVE_UNANCHORED}", err=True)
    click.echo(("\r" if progress.tty else "") + summary.describe(), err=True)
    if summary.failed:
        click.echo(f"see {out_dir}/errors.jsonl for the documents that failed", err=True)
        sys.exit(EXIT_FAILED_DOCS)


class _ProgressPrinter:
    """Counts documents on one rewritten stderr line when stderr is a terminal."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.count = 0

    def __call__(self, _doc_id: str) -> None:
        self.count += 1
        if self.tty and self.count % 10 == 0:
            click.echo(f"\rextracting: {self.count} documents", err=True, nl=False)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@pipeline_options
@reports_errors
def dates(paths: tuple[str, ...], model: str | None, max_length: int | None, reference: str | None,
          encoding: str, decode_errors: str) -> None:
    """Print one JSONL line per date expression found in the articles."""
    from caspianie.pipeline.timex.recognizer import date_rows
    from caspianie.batch.extract import make_doc
    from caspianie.pipeline.assemble import create_pipeline
    from caspianie.batch.reading import ArticleError, iter_articles, require_articles
    from caspianie.pipeline.build import document_warnings

    require_articles(paths)
    nlp = create_pipeline(model, max_length)
    keep = ["caspianie_metadata", "caspianie_sentences", "caspianie_dates"]
    with nlp.select_pipes(enable=[name for name in keep if name in nlp.pipe_names]):
        for item in iter_articles(paths, encoding, decode_errors):
            if isinstance(item, ArticleError):
                click.echo(f"error: {item.message}", err=True)
                continue
            doc = nlp(make_doc(nlp, item, reference))
            for row in date_rows(doc):
                click.echo(json.dumps(row, ensure_ascii=False))
            for warning in document_warnings(doc):
                click.echo(f"warning: {item.source}: {warning}; {RELATIVE_UNANCHORED}", err=True)

