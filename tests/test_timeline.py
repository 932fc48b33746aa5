"""The timeline: date order, counts with their qualifiers, sources, filters, and the page."""

from __future__ import annotations

import re

from parley import lookup


def test_timeline_use_case_orders_by_date(store) -> None:
    items = lookup.timeline(store)
    assert items
    assert [i.date for i in items] == sorted(i.date for i in items)
    rounds = [i for i in items if i.kind == "round"]
    assert [str(r.date) for r in rounds][:3] == ["2025-05-16", "2025-06-02", "2025-07-23"]


def test_api_timeline_shape(client) -> None:
    items = client.get("/api/timeline").json()["items"]
    for item in items:
        assert set(item) >= {"id", "iri", "kind", "label", "date", "counts", "actors", "sources"}
        assert item["kind"] in lookup.TIMELINE_KINDS
    counts = [c for i in items for c in i["counts"]]
    assert counts and set(counts[0]) >= {"value", "qualifier", "statedAs"}
    assert any(c["qualifier"].endswith("#AtLeast") for c in counts if c["qualifier"])
    assert any("at least" in (c["statedAs"] or "") for c in counts)
    assert all(i["sources"] for i in items), "every event has a source"
    assert all(s["article"] and s["quote"] for i in items for s in i["sources"])


def test_api_timeline_filters(client) -> None:
    rounds = client.get("/api/timeline", params={"kind": "round"}).json()["items"]
    assert rounds and {i["kind"] for i in rounds} == {"round"}
    medinsky = client.get("/api/timeline", params={"actor": "medinsky"}).json()["items"]
    assert medinsky and all(any(a["id"] == "medinsky" for a in i["actors"]) for i in medinsky)
    both = client.get("/api/timeline", params={"kind": "round,statement"}).json()["items"]
    assert {i["kind"] for i in both} <= {"round", "statement"}


def test_api_timeline_bad_filters(client) -> None:
    bad = client.get("/api/timeline", params={"kind": "picnic"})
    assert bad.status_code == 422
    assert bad.json()["invalid_params"][0]["name"] == "kind"
    assert client.get("/api/timeline", params={"actor": "nobody"}).status_code == 404


def test_timeline_page(client) -> None:
    page = client.get("/timeline").text
    assert "/static/vendor/vis-timeline/vis-timeline-graph2d.min.js" in page
    assert "/static/vendor/vis-timeline/vis-timeline-graph2d.min.css" in page
    assert 'id="timeline-data"' in page and "2025-06-02" in page
    assert not re.search(r'(src|href)="https?://', page), "no external assets"
    for path in ("/static/vendor/vis-timeline/vis-timeline-graph2d.min.js", "/static/timeline.js"):
        assert client.get(path).status_code == 200
    filtered = client.get("/timeline", params={"kind": "round", "actor": "umerov"})
    assert filtered.status_code == 200 and 'value="round" selected' in filtered.text
