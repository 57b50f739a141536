"""Hard-wrapped pages (text written for these tests)."""

from __future__ import annotations

from caspianie.pipeline.linewrap import unwrap
from caspianie.pipeline.metadata import read_metadata
from conftest import checked_records as run

WRAPPED = (
    "Pipeline construction starts near Baku\n"
    "\n"
    "The presidents of Azerbaijan, Georgia and Turkey -- Heydar\n"
    "Aliyev, Eduard Shevardnadze and Ahmet Necdet Sezer -- watched as\n"
    "the first length of steel pipe was lowered into the ground at a\n"
    "ceremony held near the capital on 18 September 2002, officials\n"
    "said.\n"
)


def test_a_hard_wrapped_page_is_read_as_prose_with_its_offsets_kept() -> None:
    text = unwrap(WRAPPED)
    assert len(text) == len(WRAPPED)
    assert "Heydar Aliyev, Eduard" in text and "at a ceremony held" in text
    assert text.startswith("Pipeline construction starts near Baku\n\n")  # the headline stays a line


def test_a_page_of_short_lines_is_not_unwrapped() -> None:
    page = "Home\nNews\nEnergy\nAzerbaijan and Georgia sign a deal\nBaku, 3 May 2023.\n"
    assert unwrap(page) == page


def test_a_name_broken_by_a_wrap_is_found_and_quoted_as_the_page_has_it(nlp) -> None:
    records = run(nlp, WRAPPED, "2002-09-19")
    aliyev = next(r for r in records if r.type == "actor" and r.key == "heydar-aliyev")
    assert [m.text for m in aliyev.mentions] == ["Heydar\nAliyev"]
    assert aliyev.name == "Heydar Aliyev"


WRAPPED_AFTER_HEADLINE = (
    "Port and railway sign a memorandum of cooperation on container transit today\n"
    "BAKU, Azerbaijan, May 4. The Minister of\n"
    "Transport of Kazakhstan and the head of the port met in the port office and\n"
    "discussed the growth of container traffic along the corridor across the\n"
    "sea, and they then signed a memorandum of cooperation for the coming\n"
    "years, the port said.\n"
)


def test_the_headline_never_runs_on_and_a_line_ending_in_of_always_does() -> None:
    text = unwrap(WRAPPED_AFTER_HEADLINE)
    assert text.startswith("Port and railway sign a memorandum of cooperation on container transit today\nBAKU")
    assert "The Minister of Transport of Kazakhstan" in text
    assert read_metadata(text).dateline_place == "BAKU"
