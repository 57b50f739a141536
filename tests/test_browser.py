"""The generated report in a real headless Chromium (Debian's ``chromium`` and
``chromium-driver``, installed by ``.ci/run``), driven by Selenium.

The site is built from the bundled outputs and gold plus one article whose text
and record values carry ``<script>`` and ``<img onerror>``. The tests read the
DOM in a 1280 px wide window: documents listed, sorted, filtered and totalled,
flags for documents without a reference date, highlights for known mentions and
dates (with value and basis), previous/next and actor links, one timeline mark
per dated event and the undated ones listed, clicking an event scrolls to its
sentence, no page wider than the window, and no injected script ran.

Without Chromium and chromedriver the tests are skipped with the reason;
``.ci/run`` installs both and sets ``CASPIANIE_REQUIRE_BROWSER=1``, which turns
that skip into a failure. Screenshots of the index and a document page go to the
pytest temporary directory, or to ``CASPIANIE_SCREENSHOTS`` when set (the README's
pictures: ``CASPIANIE_SCREENSHOTS=docs``).
"""

from __future__ import annotations


import os
import shutil
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
MISSING = [path for path in (CHROMIUM, CHROMEDRIVER) if not Path(path).exists()]
if MISSING:
    reason = (f"headless Chromium not installed ({', '.join(MISSING)} missing): "
              "apt-get install chromium chromium-driver, or run .ci/run")
    if os.environ.get("CASPIANIE_REQUIRE_BROWSER"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from caspianie.contract.refcheck import load_documents
from caspianie.review.report import write_report
from caspianie.review.show import corpus_texts
from conftest import inject_false_positive
from test_inspect import EVIL_TEXT, evil_records, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
DOC = "kz-az-state-visit-baku-2024"
WIDTH = 1280


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the bundled outputs (with gold) plus the injected article."""
    base = tmp_path_factory.mktemp("browser")
    records = base / "records"
    shutil.copytree(ROOT / "outputs", records)
    write_jsonl(records / "evil.jsonl", evil_records())
    inject_false_positive(records / f"{DOC}.jsonl", (ROOT / "corpus" / f"{DOC}.txt").read_text(encoding="utf-8"), DOC)
    corpus = base / "corpus"
    corpus.mkdir()
    for path in (ROOT / "corpus").glob("*.txt"):
        shutil.copy(path, corpus / path.name)
    (corpus / "evil.txt").write_text(EVIL_TEXT, encoding="utf-8")
    out = base / "report"
    write_report(load_documents(records), out, load_documents(ROOT / "corpus" / "gold"), corpus_texts(corpus))
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    """Headless Chromium with a fresh profile, no network services, run as root-safe."""
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", f"--window-size={WIDTH},1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("CASPIANIE_SCREENSHOTS")
    return Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")


def fits_the_window(browser: webdriver.Chrome) -> bool:
    """Whether the page needs no horizontal scrolling."""
    return browser.execute_script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;")


def test_index_lists_every_document(site: Path, browser: webdriver.Chrome, shots: Path) -> None:
    browser.get((site / "index.html").as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.doc-row")
    expected = sorted([*load_documents(ROOT / "outputs"), "evil"])
    assert [row.get_attribute("data-doc") for row in rows] == expected
    link = browser.find_element(By.CSS_SELECTOR, f'tr.doc-row[data-doc="{DOC}"] a.doc-link')
    assert link.text == DOC
    assert browser.find_element(By.CSS_SELECTOR, "table.figures").is_displayed()
    assert fits_the_window(browser)
    shot = shots / "inspect-report-index.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_document_page_highlights_known_mentions(site: Path, browser: webdriver.Chrome, shots: Path) -> None:
    browser.get((site / "docs" / f"{DOC}.html").as_uri())
    actor = next(r for r in load_documents(ROOT / "outputs")[DOC] if r.type == "actor" and r.key == "ilham-aliyev")
    marks = browser.find_elements(By.CSS_SELECTOR, 'article mark[data-key="ilham-aliyev"][data-side="pred"]')
    assert [m.text for m in marks] == [m.text for m in actor.mentions]
    assert marks[0].value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    statuses = {m.get_attribute("data-status") for m in browser.find_elements(By.CSS_SELECTOR, "article mark")}
    assert {"tp", "fp"} <= statuses
    assert browser.find_elements(By.CSS_SELECTOR, "#figures table.figures")
    assert fits_the_window(browser)
    shot = shots / "inspect-document.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_clicking_an_event_scrolls_to_its_sentence(site: Path, browser: webdriver.Chrome) -> None:
    browser.get((site / "docs" / f"{DOC}.html").as_uri())
    links = browser.find_elements(By.CSS_SELECTOR, "li.event a.goto")
    link = links[-1]
    target = browser.find_element(By.ID, link.get_attribute("data-target"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'});", link)
    link.click()
    assert "flash" in target.get_attribute("class").split()
    top, bottom = browser.execute_script(
        "var r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom];", target)
    assert 0 <= top < browser.execute_script("return window.innerHeight;") and bottom > 0
    assert browser.execute_script("return location.hash;") == "#" + target.get_attribute("id")


def test_timeline_has_one_mark_per_dated_event(site: Path, browser: webdriver.Chrome) -> None:
    browser.get((site / "timeline.html").as_uri())
    docs = load_documents(ROOT / "outputs")
    docs["evil"] = [r for r in load_documents(site.parent / "records" / "evil.jsonl")["evil"]]
    dated = {(r.doc_id, r.id) for records in docs.values() for r in records
             if r.type == "event" and r.date is not None and r.date.value is not None}
    marks = browser.find_elements(By.CSS_SELECTOR, "svg .tl-mark")
    assert len(marks) == len(dated)
    assert {(m.get_attribute("data-doc"), m.get_attribute("data-id")) for m in marks} == dated
    title = browser.find_element(By.CSS_SELECTOR, 'svg .tl-mark[data-doc="evil"][data-id="e1"] title')
    assert "visit e1" in title.get_attribute("textContent")


def test_injected_markup_renders_as_text(site: Path, browser: webdriver.Chrome) -> None:
    browser.get((site / "docs" / "evil.html").as_uri())
    assert browser.execute_script("return typeof window.__pwned;") == "undefined"
    article = browser.find_element(By.ID, "text")
    assert "<script>window.__pwned = 1</script>" in article.text
    assert '<img src=x onerror="window.__pwned = 2">' in article.text
    assert browser.find_elements(By.CSS_SELECTOR, "article img, article script") == []
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 1  # the page's own
    assert browser.find_element(By.TAG_NAME, "h1").text == "<script>window.__pwned = 3</script>"
    body = browser.find_element(By.TAG_NAME, "body").text
    assert '<img src=y onerror="window.__pwned = 4">' in body and "<script>window.__pwned = 5</script>" in body
    # The page's own script did run (the CSP allows it by hash): clicking flashes the sentence.
    browser.find_element(By.CSS_SELECTOR, "li.event a.goto").click()
    assert browser.find_elements(By.CSS_SELECTOR, ".sent.flash")


def _visible_docs(browser: webdriver.Chrome) -> list[str]:
    return [row.get_attribute("data-doc") for row in browser.find_elements(By.CSS_SELECTOR, "tr.doc-row")
            if row.is_displayed()]


def test_index_sorts_filters_totals_and_flags(site: Path, browser: webdriver.Chrome) -> None:
    browser.get((site / "index.html").as_uri())
    docs = load_documents(ROOT / "outputs")
    events = {d: sum(r.type == "event" for r in records) for d, records in docs.items()}
    events["evil"] = 3
    header = browser.find_element(By.XPATH, "//table[contains(@class,'documents')]//th[text()='events']")
    header.click()
    column = header.get_attribute("cellIndex")
    counts = [int(row.find_elements(By.TAG_NAME, "td")[int(column)].text)
              for row in browser.find_elements(By.CSS_SELECTOR, "tr.doc-row")]
    assert counts == sorted(counts) and header.get_attribute("aria-sort") == "ascending"
    header.click()
    first = browser.find_element(By.CSS_SELECTOR, "tr.doc-row").get_attribute("data-doc")
    assert events[first] == max(events.values()) and header.get_attribute("aria-sort") == "descending"
    total = browser.find_elements(By.CSS_SELECTOR, "table.documents tfoot td")[int(column)]
    assert int(total.text) == sum(events.values())

    box = browser.find_element(By.CSS_SELECTOR, "p.filters .filter-text")
    box.send_keys("state-visit")
    assert set(_visible_docs(browser)) == {d for d in events if "state-visit" in d} != set()
    assert browser.find_element(By.CSS_SELECTOR, "p.filters .shown").text.startswith(
        f"{len(_visible_docs(browser))} of {len(events)}")
    box.clear()
    box.send_keys(" ")  # an input event with an empty filter shows every row again
    browser.find_element(By.CSS_SELECTOR, "p.filters .filter-flagged").click()
    flagged = set(_visible_docs(browser))
    no_reference = {d for d, records in docs.items() if records[0].reference_date is None}
    assert no_reference and no_reference <= flagged and len(flagged) < len(events)
    for doc_id in no_reference:
        row = browser.find_element(By.CSS_SELECTOR, f'tr.doc-row[data-doc="{doc_id}"]')
        assert row.find_element(By.CSS_SELECTOR, '.flag[data-flag="no-reference-date"]').text == "no reference date"


def test_document_page_shows_dates_with_value_and_basis(site: Path, browser: webdriver.Chrome) -> None:
    browser.get((site / "docs" / f"{DOC}.html").as_uri())
    records = load_documents(ROOT / "outputs")[DOC]
    marks = browser.find_elements(By.CSS_SELECTOR, "article mark.m-date")
    reference = records[0].reference_date
    assert any(m.text == reference.text and m.get_attribute("data-value") == reference.value
               and m.get_attribute("data-basis") == "reference" for m in marks)
    dated = [r for r in records if r.type == "event" and r.date is not None and r.evidence is not None
             and r.date.text in r.evidence.text]
    assert dated
    for event in dated:
        assert any(m.text == event.date.text and m.get_attribute("data-value") == (event.date.value or "")
                   for m in marks), event.id
    for event in (r for r in records if r.type == "event" and r.date is not None):
        item = browser.find_element(By.ID, f"ev-{event.id}")
        basis = item.find_element(By.CSS_SELECTOR, ".basis")
        assert basis.get_attribute("data-basis") == event.date.model_extra["basis"]
        assert item.find_element(By.CSS_SELECTOR, ".ev-date").text == (event.date.value or "no value")
    assert "counted from the reference date" in browser.find_element(By.TAG_NAME, "aside").text


def test_previous_next_and_actor_links(site: Path, browser: webdriver.Chrome) -> None:
    doc_ids = sorted([*load_documents(ROOT / "outputs"), "evil"])
    here = doc_ids.index(DOC)
    browser.get((site / "docs" / f"{DOC}.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, "nav.pager a.next").click()
    assert browser.find_element(By.CSS_SELECTOR, "p.meta code").text == doc_ids[here + 1]
    browser.find_element(By.CSS_SELECTOR, "nav.pager a.prev").click()
    assert browser.find_element(By.CSS_SELECTOR, "p.meta code").text == DOC

    browser.find_element(By.CSS_SELECTOR, 'aside a.actor-link[href$="#actor-ilham-aliyev"]').click()
    row = browser.find_element(By.ID, "actor-ilham-aliyev")
    assert browser.current_url.endswith("actors.html#actor-ilham-aliyev") and "flash" in row.get_attribute("class")
    assert fits_the_window(browser)
    docs = load_documents(ROOT / "outputs")
    naming = {d for d, records in docs.items() for r in records
              if (r.type == "actor" and r.key == "ilham-aliyev") or (r.type == "event" and "ilham-aliyev" in r.participants)}
    naming.add("evil")  # the injected article's event has him as a participant
    linked = {a.get_attribute("textContent") for a in row.find_elements(By.CSS_SELECTOR, "a.actor-doc")}
    assert linked == naming
    event_links = row.find_elements(By.CSS_SELECTOR, "a.actor-event")
    target = event_links[0].get_attribute("href")
    browser.get(target)
    fragment = target.rsplit("#", 1)[1]
    assert "flash" in browser.find_element(By.ID, fragment).get_attribute("class")


def test_timeline_lists_the_undated_events(site: Path, browser: webdriver.Chrome) -> None:
    browser.get((site / "timeline.html").as_uri())
    docs = load_documents(ROOT / "outputs")
    undated = {(r.doc_id, r.id) for records in docs.values() for r in records
               if r.type == "event" and (r.date is None or r.date.value is None)}
    items = browser.find_elements(By.CSS_SELECTOR, "ul.undated li.undated-event")
    listed = {(li.get_attribute("data-doc"), li.get_attribute("data-id")) for li in items}
    assert undated and {pair for pair in listed if pair[0] != "evil"} == undated
    assert fits_the_window(browser)
