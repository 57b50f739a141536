"""The generated report in a real headless Chromium (Debian's ``chromium`` and
``chromium-driver``, installed by ``.ci/run``), driven by Selenium.

The site is built from the bundled outputs and gold plus one article whose text
and record values carry ``<script>`` and ``<img onerror>``. The tests read the
DOM: documents listed, highlights for known mentions, one timeline mark per
dated event, clicking an event scrolls to its sentence, and no injected script
ran. Screenshots of the index and a document page are saved in the pytest
temporary directory (the path is printed; run with ``-s`` to see it).
"""

from __future__ import annotations


import shutil
from pathlib import Path
from typing import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from caspianie.contract.refcheck import load_documents
from caspianie.review.report import write_report
from caspianie.review.show import corpus_texts
from conftest import inject_false_positive
from test_inspect import EVIL_TEXT, evil_records, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DOC = "kz-az-state-visit-baku-2024"


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
    assert Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists(), "run .ci/run: it installs chromium"
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def test_index_lists_every_document(site: Path, browser: webdriver.Chrome, shots: Path) -> None:
    browser.get((site / "index.html").as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.doc-row")
    expected = sorted([*load_documents(ROOT / "outputs"), "evil"])
    assert [row.get_attribute("data-doc") for row in rows] == expected
    link = browser.find_element(By.CSS_SELECTOR, f'tr.doc-row[data-doc="{DOC}"] a.doc-link')
    assert link.text == DOC
    assert browser.find_element(By.CSS_SELECTOR, "table.figures").is_displayed()
    shot = shots / "report-index.png"
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
    shot = shots / "document-page.png"
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
