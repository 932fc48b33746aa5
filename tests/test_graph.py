"""The graph view's JSON, /api/graph/{kind}/{slug}, over HTTP against the real server."""

from __future__ import annotations

from parley.namespaces import BASE
from parley.neighbourhood import EDGE_CAP

UMEROV = f"{BASE}id/person/umerov"


def test_shape_of_the_neighbourhood(client) -> None:
    response = client.get("/api/graph/person/umerov")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["center"] == UMEROV
    assert body["truncated"] is False
    assert body["limit"] == EDGE_CAP
    assert body["total_edges"] == len(body["edges"])
    assert body["nodes"][0] == {
        "id": UMEROV, "label": "Rustem Umerov", "kind": "person", "href": "/id/person/umerov.html"
    }
    ids = [n["id"] for n in body["nodes"]]
    assert len(ids) == len(set(ids)), "each node once"
    for node in body["nodes"]:
        assert set(node) == {"id", "label", "kind", "href"} and node["label"]
    for edge in body["edges"]:
        assert set(edge) == {"from", "to", "label", "property"}
        assert edge["from"] in ids and edge["to"] in ids
        assert UMEROV in (edge["from"], edge["to"])
        assert edge["property"] != "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    # Neighbours are IRIs only: his names are literals and stay off the graph.
    assert all(i.startswith(("http://", "https://")) for i in ids)
    assert "Рустем Умеров" not in {n["label"] for n in body["nodes"]}


def test_umerov_neighbours_include_delegations_and_holdings(client) -> None:
    body = client.get("/api/graph/person/umerov").json()
    kinds = {n["id"]: n["kind"] for n in body["nodes"]}
    for n in (1, 2, 3):
        assert kinds[f"{BASE}id/delegation/round-{n}-ua"] == "delegation"
    assert kinds[f"{BASE}id/holding/umerov-defence-minister"] == "holding"
    assert kinds[f"{BASE}id/holding/umerov-nsdc-secretary"] == "holding"
    headed = {
        (e["from"], e["label"]) for e in body["edges"]
        if e["to"] == UMEROV and e["property"].endswith("#headedBy")
    }
    assert (f"{BASE}id/delegation/round-1-ua", "headed by") in headed
    href = next(n["href"] for n in body["nodes"] if n["kind"] == "delegation")
    assert client.get(href).status_code == 200


def test_unknown_node_is_problem_404(client) -> None:
    response = client.get("/api/graph/person/nobody-at-all")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 404 and "nobody-at-all" in problem["detail"]


def test_truncation_is_stated(client) -> None:
    full = client.get("/api/graph/person/umerov").json()
    assert len(full["edges"]) > 3
    cut = client.get("/api/graph/person/umerov", params={"limit": 3}).json()
    assert cut["truncated"] is True
    assert cut["limit"] == 3 and len(cut["edges"]) == 3
    assert cut["total_edges"] == len(full["edges"])
    assert cut["edges"] == full["edges"][:3], "a cut keeps the first edges, in order"
    drawn = {e["from"] for e in cut["edges"]} | {e["to"] for e in cut["edges"]}
    assert {n["id"] for n in cut["nodes"]} == drawn
    assert client.get("/api/graph/person/umerov", params={"limit": EDGE_CAP + 1}).status_code == 400


def test_openapi_documents_the_graph_route(client) -> None:
    spec = client.get("/openapi.json").json()
    route = spec["paths"]["/api/graph/{kind}/{slug}"]["get"]
    assert "404" in route["responses"]
    ref = route["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert {"center", "nodes", "edges", "truncated"} <= set(schema["properties"])
    edge = spec["components"]["schemas"]["GraphEdgeOut"]
    assert {"from", "to", "label", "property"} <= set(edge["properties"])


def test_pages_have_the_graph_section(client) -> None:
    for path, src in [("/id/person/umerov.html", "/api/graph/person/umerov"),
                      ("/actors/umerov", "/api/graph/person/umerov"),
                      ("/id/delegation/round-1-ua.html", "/api/graph/delegation/round-1-ua")]:
        page = client.get(path).text
        assert f'class="graph-view" data-src="{src}"' in page
        assert "<noscript>" in page and "needs JavaScript" in page
        assert '<script src="/static/vendor/vis-network/vis-network.min.js"></script>' in page
        assert '<script src="/static/graph.js"></script>' in page
    assert client.get("/static/graph.js").status_code == 200
