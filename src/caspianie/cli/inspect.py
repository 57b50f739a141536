"""``caspianie inspect``, ``show`` and ``report``: a thin click layer over
``inspection``, ``show`` and ``report``. ``register(main)`` adds them to the group."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Optional

import click

from caspianie.cli.common import reports_errors
from caspianie.errors import CaspianieError
from caspianie.contract.records import EVENT_TYPES, RECORD_ORDER
from caspianie.contract.refcheck import load_documents



def gold_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--gold PATH``: gold records, switching on the error-analysis marks."""
    return click.option("--gold", "gold_path", type=click.Path(), default=None,
                        help="Gold records (.jsonl file or directory): mark matched, false-positive "
                             "and false-negative records and show the evaluator's figures.")(func)


def corpus_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--corpus DIR``: where the article texts are (default: each document record's source)."""
    return click.option("--corpus", "corpus", type=click.Path(), default=None,
                        help="Articles (.txt or JSONL article files, or a directory); "
                             "default: the 'source' path of each document record.")(func)


def output_option(required: bool, help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``-o/--output PATH``."""
    return click.option("-o", "--output", "output", type=click.Path(), required=required, help=help_text)


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The record filters of ``inspect``; repeated options mean any of the values."""
    options = [
        click.option("--search", metavar="TEXT", default=None,
                     help="Records with TEXT in any value (case-insensitive)."),
        click.option("--until", metavar="ISO", default=None,
                     help="Dated events/agreements whose date span starts on or before the end of ISO."),
        click.option("--since", metavar="ISO", default=None,
                     help="Dated events/agreements whose date span ends on or after the start of ISO."),
        click.option("--event-type", "event_types", multiple=True, type=click.Choice(EVENT_TYPES),
                     help="Events of this type (repeatable)."),
        click.option("--actor", "actors", multiple=True, metavar="KEY",
                     help="Records that involve this actor key (repeatable)."),
        click.option("--type", "types", multiple=True, type=click.Choice(list(RECORD_ORDER)),
                     help="Records of this type (repeatable)."),
        click.option("--doc", "docs", multiple=True, metavar="DOC_ID", help="Records of this document (repeatable)."),
    ]
    for option in options:
        func = option(func)
    return func


@click.command("inspect")
@click.argument("path", type=click.Path())
@filter_options
@click.option("--jsonl", "as_jsonl", is_flag=True, help="The selected records as JSONL (pipe into jq).")
@click.option("--csv", "as_csv", is_flag=True, help="The selected records as CSV, for spreadsheets.")
@click.option("--summary", "as_summary", is_flag=True, help="A summary of the selected records.")
@click.option("--width", default=48, show_default=True, help="Clip table cells to this many characters.")
@reports_errors
def inspect(path: str, docs: tuple[str, ...], types: tuple[str, ...], actors: tuple[str, ...],
            event_types: tuple[str, ...], since: Optional[str], until: Optional[str], search: Optional[str],
            as_jsonl: bool, as_csv: bool, as_summary: bool, width: int) -> None:
    """Summarise records (a file or directory), or select them with filters and list them.

    Filters combine (AND); a repeated filter means any of its values. Without
    filters the output is a summary; with filters, an aligned table. Events are
    sorted by date, undated last.
    """
    from caspianie.review.inspection import (Filters, check_known, format_csv, format_jsonl, format_summary,
                                             format_table, parse_bound, select, summarize)

    if as_jsonl + as_csv + as_summary > 1:
        raise click.UsageError("choose one of --jsonl, --csv and --summary")
    filters = Filters(docs, types, actors, event_types, parse_bound("--since", since),
                      parse_bound("--until", until), search)
    documents = load_documents(path)
    check_known(documents, filters)
    selected = select(documents, filters)
    if as_jsonl:
        click.echo(format_jsonl(selected), nl=False)
    elif as_csv:
        click.echo(format_csv(selected), nl=False)
    elif as_summary or not filters.active:
        click.echo(format_summary(summarize(selected)))
    else:
        click.echo(format_table(selected, width))


@click.command("show")
@click.argument("doc_id")
@click.option("--records", required=True, type=click.Path(), help="Records (.jsonl file or directory).")
@corpus_option
@gold_option
@output_option(False, "Write the page here (default: standard output).")
@reports_errors
def show(doc_id: str, records: str, corpus: Optional[str], gold_path: Optional[str], output: Optional[str]) -> None:
    """Write the review page of one document: the article with highlighted mentions and
    its events beside it; with --gold, the error-analysis view."""
    from caspianie.review.show import corpus_texts, show_document

    if output is not None and Path(output).is_dir():
        raise CaspianieError(f"{output}: is a directory. Pass -o a file name such as page.html.")
    pred = load_documents(records)
    gold = load_documents(gold_path) if gold_path else None
    texts = corpus_texts(corpus) if corpus else {}
    html = show_document(doc_id, pred, texts, gold, _records_base(records))
    if output is None:
        click.echo(html, nl=False)
        return
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    Path(output).write_text(html, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)


@click.command("report")
@click.argument("path", type=click.Path())
@output_option(True, "Directory for the site (index.html, docs/, timeline.html, actors.html).")
@corpus_option
@gold_option
@reports_errors
def report(path: str, output: str, corpus: Optional[str], gold_path: Optional[str]) -> None:
    """Write a static site for a whole output: index, document pages, timeline, actors."""
    from caspianie.review.report import write_report
    from caspianie.review.show import corpus_texts

    if Path(output).exists() and not Path(output).is_dir():
        raise CaspianieError(f"{output}: exists and is not a directory. Pass -o a directory for the site.")
    pred = load_documents(path)
    gold = load_documents(gold_path) if gold_path else None
    texts = corpus_texts(corpus) if corpus else {}
    click.echo(write_report(pred, output, gold, texts, _records_base(path)).describe(), err=True)


def _records_base(path: str) -> Path:
    """Where relative ``source`` paths may start: the parent of the records directory
    (``outputs/`` -> the project), or of a records file's directory."""
    resolved = Path(path).resolve()
    return resolved.parent if resolved.is_dir() else resolved.parent.parent


def register(group: click.Group) -> None:
    """Add ``inspect``, ``show`` and ``report`` to the ``caspianie`` command group."""
    for command in (inspect, show, report):
        group.add_command(command)
