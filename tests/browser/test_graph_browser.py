"""The graph view drawn by vis-network in a real browser, with off-site requests blocked."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_umerov_graph_renders(page, offsite, server) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server.url}/id/person/umerov.html")
    page.wait_for_selector(".graph-view canvas", state="attached")
    page.wait_for_function("window.parleyGraph && window.parleyGraph.nodes > 0")
    drawn = page.evaluate("window.parleyGraph.network.body.data.nodes.length")
    expected = len(page.request.get(f"{server.url}/api/graph/person/umerov").json()["nodes"])
    assert drawn == expected >= 10
    assert page.locator(".graph-view noscript").count() == 0, "the script replaced the fallback"
    assert errors == []
    assert offsite.urls == []


def test_actor_page_graph_renders(page, offsite, server) -> None:
    page.goto(f"{server.url}/actors/umerov")
    page.wait_for_selector(".graph-view canvas", state="attached")
    page.wait_for_function("window.parleyGraph && window.parleyGraph.edges > 0")
    assert offsite.urls == []
