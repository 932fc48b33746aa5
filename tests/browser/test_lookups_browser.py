"""The lookups in a real browser, with every off-site request blocked and recorded."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_search_cyrillic_and_open_result(page, offsite, server) -> None:
    page.goto(f"{server.url}/search")
    page.fill("#q", "Мединский")
    page.press("#q", "Enter")
    first = page.locator("#results li a").first
    assert "Medinsky" in first.inner_text()
    first.click()
    page.wait_for_url("**/id/person/medinsky.html")
    assert "Владимир Мединский" in page.content() or "Мединский" in page.content()
    assert offsite.urls == []


def test_umerov_posts_by_date(page, offsite, server) -> None:
    page.goto(f"{server.url}/actors/umerov")
    for day, post, other in [("2025-06-02", "Minister of Defence", "National Security"),
                             ("2025-07-23", "National Security and Defense Council", "Defence")]:
        page.fill("#at", day)
        page.click("#at-form button[type=submit]")
        page.wait_for_url(f"**/actors/umerov?at={day}")
        held = page.locator("#held")
        assert post in held.inner_text()
        assert other not in held.locator("tbody").inner_text()
    assert offsite.urls == []


def test_timeline_renders_items(page, offsite, server) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server.url}/timeline")
    page.wait_for_selector("#timeline .vis-item", state="visible")
    assert page.locator("#timeline .vis-item").count() >= 3
    assert page.locator("#timeline .vis-item.kind-round").count() >= 1
    assert errors == []
    assert offsite.urls == []
