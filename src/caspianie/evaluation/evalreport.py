"""Terminal rendering of an evaluation result: an aligned figure table and an error listing.

These functions only format the dict that ``evaluate.evaluate`` returns; they
compute nothing, so the printed table and the ``--json`` file always agree.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

PRF_HEADER = ("figure", "P", "R", "F", "TP", "FP", "FN")
ACC_HEADER = ("accuracy", "acc", "correct", "total")
ACCURACIES = (("actor country", "actors_country"), ("agreement date", "agreements_date"),
              ("event date", "events_date"))


def percent(value: Optional[float]) -> str:
    """A figure as a percentage with two decimals, ``-`` when it has no denominator."""
    return "-" if value is None else f"{100 * value:.2f}"


def _prf_row(label: str, figures: dict[str, Any]) -> tuple[str, ...]:
    """One table row from a ``{p, r, f, tp, fp, fn}`` dict."""
    return (label, percent(figures["p"]), percent(figures["r"]), percent(figures["f"]),
            str(figures["tp"]), str(figures["fp"]), str(figures["fn"]))


def _flat_prf(result: dict[str, Any], name: str) -> dict[str, Any]:
    """The ``{p, r, f, tp, fp, fn}`` dict of a flat figure such as ``actors``."""
    return {field: result[f"{name}_{field}"] for field in ("p", "r", "f", "tp", "fp", "fn")}


def align(rows: Iterable[tuple[str, ...]]) -> list[str]:
    """Left-align the first column and right-align the others, padded to the widest cell."""
    rows = list(rows)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                      for i, cell in enumerate(row)).rstrip() for row in rows]


def prf_rows(result: dict[str, Any]) -> list[tuple[str, ...]]:
    """Rows for every P/R/F figure: record types, actor kinds, event types, arguments, parties."""
    rows = [PRF_HEADER, _prf_row("actors", _flat_prf(result, "actors"))]
    rows += [_prf_row(f"  {kind}", figures) for kind, figures in result["actors_per_kind"].items()]
    rows.append(_prf_row("projects", _flat_prf(result, "projects")))
    rows.append(_prf_row("agreements", _flat_prf(result, "agreements")))
    rows.append(_prf_row("  parties", _flat_prf(result, "agreements_parties")))
    rows.append(_prf_row("events", _flat_prf(result, "events")))
    rows += [_prf_row(f"  {kind}", figures) for kind, figures in result["events_per_type"].items()]
    rows.append(_prf_row("event arguments", _flat_prf(result, "args")))
    return rows


def accuracy_rows(result: dict[str, Any]) -> list[tuple[str, ...]]:
    """Rows for the accuracy figures (country, agreement date, event date)."""
    rows = [ACC_HEADER]
    for label, name in ACCURACIES:
        rows.append((label, percent(result[f"{name}_acc"]), str(result[f"{name}_correct"]),
                     str(result[f"{name}_total"])))
    return rows


def format_table(result: dict[str, Any]) -> str:
    """The whole figure report as aligned plain text."""
    lines = align(prf_rows(result)) + [""] + align(accuracy_rows(result)) + [""]
    lines.append(f"documents: {result['n_docs']}")
    for label, key in (("missing in predictions", "missing_in_pred"), ("missing in gold", "missing_in_gold")):
        if result[key]:
            lines.append(f"{label}: {', '.join(result[key])}")
    return "\n".join(lines)


def describe_error(error: dict[str, Any]) -> str:
    """One line naming an unmatched record: what it is, and its evidence if any."""
    head = f"{error['error'].upper()} {error['type']:<9} {error['doc_id']}"
    if error["type"] == "event":
        body = (f"{error['id']} {error['event_type']} date={error['date']} location={error['location']} "
                f"participants=[{', '.join(error['participants'])}] trigger={error['trigger']!r}")
    else:
        body = f"{error['key']} {error['name']!r} ({error['kind']})"
        if error["type"] == "agreement":
            body += f" date={error['date']}"
    evidence = error.get("evidence")
    return f"{head}  {body}" + (f"\n    evidence: {evidence!r}" if evidence else "")


def format_errors(errors: list[dict[str, Any]]) -> str:
    """Every false positive and false negative, one per line (plus its evidence)."""
    if not errors:
        return "no errors: every record matched"
    return "\n".join(describe_error(error) for error in errors)
