"""How much of the extraction comes from generic patterns rather than gazetteers.

Runs the pipeline on the bundled corpus with the person and organization
gazetteers emptied (and, with ``--no-projects``, the project gazetteer too) and
prints the evaluation figures, so that the README's generalization table can
be reproduced: ``python scripts/ablation.py [--no-projects]``.
"""

from __future__ import annotations

import argparse
import tempfile

import caspianie.pipeline.actors
import caspianie.pipeline.projects
import caspianie.pipeline.ruler
from caspianie.knowledge import gazetteer
from caspianie.evaluation.evaluate import evaluate
from caspianie.batch.extract import extract_paths
from caspianie.pipeline import create_pipeline

FIGURES = ("actors_f", "projects_f", "agreements_f", "events_f", "args_f", "events_date_acc", "actors_country_acc")


def reduced_gazetteer(keep_projects: bool) -> gazetteer.Gazetteer:
    """The packaged gazetteer with persons and organizations (and maybe projects) removed."""
    full = gazetteer.load_gazetteer()
    return gazetteer.Gazetteer(
        countries=full.countries, organizations={}, persons={},
        projects=full.projects if keep_projects else {},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-projects", action="store_true", help="empty the project gazetteer too")
    args = parser.parse_args()
    small = reduced_gazetteer(keep_projects=not args.no_projects)
    caspianie.pipeline.actors.load_gazetteer = lambda: small
    caspianie.pipeline.projects.load_gazetteer = lambda: small
    caspianie.pipeline.ruler.gazetteer_patterns = small.span_patterns
    with tempfile.TemporaryDirectory() as out:
        extract_paths(create_pipeline(), ["corpus"], out)
        result = evaluate("corpus/gold", out)
    for name in FIGURES:
        print(f"{name:20s} {result[name]:.3f}")


if __name__ == "__main__":
    main()
