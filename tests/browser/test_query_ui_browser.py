"""The query page in a real browser: pick an example, run it, read the rows; nothing offsite."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from parley.examples import examples
from tests.browser.conftest import Offsite
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser


def open_query_page(page: Page, server: LiveServer) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.url}/query")
    page.wait_for_function("() => window.parleyYasgui && document.querySelector('.CodeMirror')")
    return errors


def test_pick_an_example_run_it_and_see_rows(
    page: Page, server: LiveServer, offsite: Offsite
) -> None:
    errors = open_query_page(page, server)
    example = next(e for e in examples() if e.name.endswith("rounds-and-dates"))
    page.select_option("#examples", example.name)
    editor = page.evaluate("() => document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert editor == example.query
    page.click(".yasqe_queryButton")
    rows = page.locator(".yasr table.dataTable tbody tr")
    rows.first.wait_for(timeout=20_000)
    assert rows.count() >= 3
    assert "2025-06-02" in page.locator(".yasr table.dataTable").inner_text()
    assert offsite.urls == []
    assert errors == []


def test_remote_completers_are_off(page: Page, server: LiveServer, offsite: Offsite) -> None:
    open_query_page(page, server)
    enabled = page.evaluate("() => window.parleyYasgui.getTab().getYasqe().config.autocompleters")
    assert "class" not in enabled and "property" not in enabled
    # In a class position Ctrl+Space would ask LOV for classes (verified with it enabled).
    page.evaluate("""text => {
        const yasqe = window.parleyYasgui.getTab().getYasqe();
        yasqe.setValue(text);
        yasqe.focus();
        yasqe.setCursor(yasqe.lineCount(), 0);
    }""", "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nSELECT * WHERE { ?s a foaf:Pers")
    page.keyboard.type("o")
    page.keyboard.press("Control+Space")
    page.wait_for_timeout(1000)
    assert offsite.urls == []


def test_docs_page_renders_offline(page: Page, server: LiveServer, offsite: Offsite) -> None:
    page.goto(f"{server.url}/docs")
    title = page.locator(".swagger-ui .info .title")
    title.wait_for(timeout=20_000)
    assert "Parley" in title.inner_text()
    assert offsite.urls == []


@pytest.mark.parametrize("button,first", [("#download-csv", "ordinal"), ("#download-json", "{")])
def test_download_buttons_fetch_the_results_from_the_endpoint(
    page: Page, server: LiveServer, offsite: Offsite, button: str, first: str
) -> None:
    open_query_page(page, server)
    example = next(e for e in examples() if e.name.endswith("rounds-and-dates"))
    page.select_option("#examples", example.name)
    with page.expect_download() as info:
        page.click(button)
    text = Path(info.value.path()).read_text("utf-8")
    assert first in text.splitlines()[0]
    assert "2025-06-02" in text
    assert offsite.urls == []
