"""Audit the dated offices in persons.jsonl: per country and office, the holders with their
terms in order, with the gaps and overlaps between consecutive terms from 1991 on.

    python scripts/audit_offices.py [persons.jsonl] [--gaps-only]

Offices covered: head of state, head of government, foreign, energy, economy and transport
ministers of the littoral states, Turkey, Georgia, Uzbekistan and China, and the EU's three
top posts. An overlap is reported when a term starts more than 31 days before an
earlier one ends (Iran's separate oil and energy ministers overlap by design). A gap is reported when the next term starts more than 31 days after the previous
one ends (at the precision given); terms still open (end null) run to 2026-12.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / "src/caspianie/patterns/gazetteer/persons.jsonl"
COUNTRIES = ["Azerbaijan", "Kazakhstan", "Russia", "Iran", "Turkmenistan", "Turkey", "Georgia",
             "Uzbekistan", "China"]
CATEGORIES = [  # (category, regex on the role part of the title)
    ("head of state", r"^(Acting )?(President|Head of State|Chairman of the State Council)$"),
    ("halk maslahaty", r"^Chairman of the Halk Maslahaty$"),
    ("head of government", r"^(Acting )?(Prime Minister|Premier|State Minister|Chairman of the Cabinet of Ministers)$"),
    ("foreign", r"^(Acting )?(Minister of Foreign Affairs|Foreign Minister)$"),
    ("energy", r"^(Acting )?Minister of .*(Energy|Oil|Petroleum|Fuel).*$"),
    ("economy", r"^(Acting )?Minister of .*Econom.*$"),
    ("transport", r"^(Acting )?Minister of .*(Transport|Roads|Communications).*$"),
]
EU = {
    "President of the European Commission": "commission president",
    "Acting President of the European Commission": "commission president",
    "President of the European Council": "council president",
    "High Representative for the Common Foreign and Security Policy": "high representative",
    "High Representative of the Union for Foreign Affairs and Security Policy": "high representative",
}
HORIZON_START, HORIZON_END = date(1991, 1, 1), date(2026, 12, 31)


def as_date(text: str | None, end: bool) -> date:
    """An ISO date at any precision, as its first (start) or last (end) day."""
    if text is None:
        return HORIZON_END
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
    if len(parts) == 2:
        if not end:
            return date(parts[0], parts[1], 1)
        nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(*parts)


def classify(title: str) -> tuple[str, str] | None:
    if title in EU:
        return "European Union", EU[title]
    for country in COUNTRIES:
        suffix = f" of {country}"
        if title.endswith(suffix):
            role = title[: -len(suffix)]
            for category, pattern in CATEGORIES:
                if re.match(pattern, role):
                    return country, category
    return None


def main(argv: list[str]) -> int:
    path = Path(next((a for a in argv if not a.startswith("--")), DEFAULT))
    gaps_only = "--gaps-only" in argv
    table: dict[tuple[str, str], list] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        person = json.loads(line)
        for office in person["offices"]:
            found = classify(office["title"])
            if found:
                table[found].append((as_date(office["start"], False), as_date(office.get("end"), True),
                                     person["key"], office, as_date(office.get("end"), False)))
    n_gaps = 0
    for (country, category) in sorted(table):
        terms = sorted(table[(country, category)], key=lambda t: (t[0], t[1]))
        lines = []
        covered = HORIZON_START  # the latest end so far, at its last day (for gaps)
        covered_low = date(1900, 1, 1)  # the same at its first day (for overlaps)
        for start, end, key, office, end_low in terms:
            note = ""
            if end >= HORIZON_START and (start - covered).days > 31:
                note = f"  <-- GAP {covered} .. {start}"
                n_gaps += 1
            elif (covered_low - start).days > 31 and end >= HORIZON_START:
                note = "  (overlap)"
            lines.append(f"    {office['start']!s:>10} .. {office.get('end')!s:<10} {key:<28} "
                         f"{office['title']}{'' if office.get('source') else '  [no source]'}{note}")
            covered, covered_low = max(covered, end), max(covered_low, end_low)
        if covered < HORIZON_END:
            lines.append(f"    <-- GAP {covered} .. end")
            n_gaps += 1
        if not gaps_only or any("GAP" in l or "overlap" in l or "no source" in l for l in lines):
            print(f"{country} / {category}")
            print("\n".join(l for l in lines if not gaps_only or "GAP" in l or "overlap" in l or "no source" in l))
    print(f"{n_gaps} gaps")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
