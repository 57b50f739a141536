"""``caspianie consolidate`` and ``export``, and the database options of ``evaluate``,
``inspect`` and ``report``: a thin click layer over ``caspianie.consolidation``.

``register(main)`` adds the two commands and extends the three existing ones in
place (new options, and a callback that handles them before handing over to
the original), so their own modules stay untouched.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Callable, Optional

import click

from caspianie.cli.common import reports_errors


@click.command("consolidate")
@click.argument("outputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "db_path", required=True, type=click.Path(dir_okay=False),
              help="The SQLite database to create or update.")
@click.option("--dask", "dask", default=None, metavar="local[:N]|ADDRESS",
              help='Cluster the event blocks as Dask partitions (pip install "caspianie[dask]").')
@click.option("--rebuild", is_flag=True, help="Re-cluster every block, not only those whose records changed.")
@reports_errors
def consolidate(outputs: tuple[str, ...], db_path: str, dask: Optional[str], rebuild: bool) -> None:
    """Read record folders (or .jsonl files) into an SQLite database with one row per real
    event and legal instrument across articles. Run it again with more folders to add
    articles: only what changed is rebuilt."""
    from caspianie.consolidation.build import consolidate as run

    click.echo(run(outputs, db_path, dask=dask, rebuild=rebuild).describe(), err=True)


@click.command("export")
@click.argument("db_path", type=click.Path())
@click.option("--format", "fmt", required=True, type=click.Choice(["plover", "dyadic-csv", "csv", "parquet"]),
              help="plover: JSONL of PLOVER events; dyadic-csv: one row per source-target pair; "
                   "csv/parquet: one file per table.")
@click.option("-o", "--output", "output", required=True, type=click.Path(),
              help="A file (plover, dyadic-csv) or a directory (csv, parquet).")
@reports_errors
def export(db_path: str, fmt: str, output: str) -> None:
    """Export a consolidation database for other tools."""
    from caspianie.consolidation.export import export as run

    for path, rows in run(db_path, fmt, output):
        click.echo(f"wrote {rows} rows to {path}", err=True)


def _extend(group: click.Group, name: str, options: list[click.Option],
            handler: Callable[[dict[str, Any], dict[str, Any], Callable[..., Any]], Any]) -> None:
    """Add ``options`` to an existing command; ``handler(kwargs, extra, original)`` runs instead of it."""
    command = group.commands.get(name)
    if command is None or command.callback is None:
        return
    original = command.callback
    command.params.extend(options)

    @functools.wraps(original)
    @reports_errors
    def callback(**kwargs: Any) -> Any:
        extra = {option.name: kwargs.pop(option.name) for option in options}
        return handler(kwargs, extra, original)

    command.callback = callback


def _evaluate(kwargs: dict[str, Any], extra: dict[str, Any], original: Callable[..., Any]) -> Any:
    if extra["clusters"] is None and extra["db"] is None:
        if kwargs["gold_path"] is None or kwargs["pred_path"] is None:
            raise click.UsageError("give --gold and --pred (or --clusters and --db to score consolidation)")
        return original(**kwargs)
    if extra["clusters"] is None or extra["db"] is None:
        raise click.UsageError("--clusters and --db go together")
    from caspianie.contract.refcheck import load_documents
    from caspianie.evaluation.clusters import (db_clusters, evaluate_clusters, format_cluster_table, gold_refs,
                                               read_clusters)

    refs = None
    if kwargs["gold_path"] is not None:
        if kwargs["pred_path"] is None:
            raise click.UsageError("with --clusters, --gold needs --pred: the records the database was built from")
        refs = gold_refs(load_documents(kwargs["gold_path"]), load_documents(kwargs["pred_path"]))
    result = evaluate_clusters(read_clusters(extra["clusters"]), db_clusters(extra["db"]), refs)
    click.echo(format_cluster_table(result))
    if kwargs.get("json_file") is not None:
        json.dump(result, kwargs["json_file"], indent=2)
        kwargs["json_file"].write("\n")


def _inspect(kwargs: dict[str, Any], extra: dict[str, Any], original: Callable[..., Any]) -> Any:
    from caspianie.consolidation.export import connect
    from caspianie.consolidation.inspectdb import is_database, select_events, summary

    if not is_database(kwargs["path"]):
        return original(**kwargs)
    conn = connect(kwargs["path"])
    if any(kwargs.get(k) for k in ("event_types", "actors", "since", "until", "search")):
        click.echo(select_events(conn, kwargs["event_types"], kwargs["actors"], kwargs["since"], kwargs["until"],
                                 kwargs["search"]))
    else:
        click.echo(summary(conn))


def _report(kwargs: dict[str, Any], extra: dict[str, Any], original: Callable[..., Any]) -> Any:
    result = original(**kwargs)
    if extra["db"] is None:
        return result
    from caspianie.consolidation.export import connect
    from caspianie.contract.refcheck import load_documents
    from caspianie.review.consolidated import consolidated_page, consolidated_timeline_rows
    from caspianie.review.report import _nav, _page_names

    names = _page_names(sorted(load_documents(kwargs["path"])))
    events = consolidated_timeline_rows(connect(extra["db"]))
    target = Path(kwargs["output"]) / "consolidated.html"
    page = consolidated_page(events, lambda doc: names.get(doc, doc + ".html"),
                             _nav() + [("consolidated.html", "consolidated")])
    target.write_text(page, encoding="utf-8")
    click.echo(f"wrote {target} ({len(events)} consolidated events)", err=True)


def register(group: click.Group) -> None:
    """Add ``consolidate`` and ``export``; give ``evaluate``, ``inspect`` and ``report`` their database options."""
    group.add_command(consolidate)
    group.add_command(export)
    evaluate = group.commands.get("evaluate")
    for param in evaluate.params if evaluate is not None else []:
        if param.name in ("gold_path", "pred_path"):
            param.required = False
    _extend(group, "evaluate", [
        click.Option(["--clusters"], type=click.Path(), default=None,
                     help="Cluster gold (a directory with events.json and agreements.json): score a "
                          "consolidation database given with --db; add --gold/--pred when the database was "
                          "built from extracted records."),
        click.Option(["--db"], type=click.Path(), default=None, help="The consolidation database to score.")],
        _evaluate)
    _extend(group, "inspect", [], _inspect)
    _extend(group, "report", [click.Option(["--db"], type=click.Path(), default=None,
                                           help="A consolidation database: also write consolidated.html, the "
                                                "timeline of real events with their sources.")], _report)
