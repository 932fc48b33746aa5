"""Checks shared by the tests of every backend; blank node labels are each engine's own."""

from __future__ import annotations

from collections.abc import Iterable

import httpx
from rdflib import BNode

from parley.store.base import Quad, StoreInfo


def comparable(quads: Iterable[Quad]) -> tuple[list[str], int]:
    """The quads without blank nodes, sorted, and how many quads had one."""
    named: list[str] = []
    anonymous = 0
    for quad in quads:
        if any(isinstance(term, BNode) for term in quad):
            anonymous += 1
        else:
            named.append(str(quad))
    return sorted(named), anonymous


def counts(info: StoreInfo) -> tuple[int, int, int]:
    return info.quads, info.named_graphs, info.default_graph_triples


def check_graph_and_error_answers(http: httpx.Client) -> None:
    """The app on any backend: a CONSTRUCT as Turtle, and a syntax error as a 400."""
    graph = http.post("/sparql", content="CONSTRUCT WHERE { ?s a ?o } LIMIT 5",
                      headers={"Content-Type": "application/sparql-query",
                               "Accept": "text/turtle"})
    assert graph.status_code == 200
    assert graph.headers["content-type"].startswith("text/turtle")
    assert http.get("/sparql", params={"query": "SELECT WHERE {"}).status_code == 400


def check_lookups(http: httpx.Client) -> None:
    """The app on any backend: a role at a date, and a Cyrillic search."""
    roles = http.get("/api/actors/umerov/roles", params={"at": "2025-06-02"}).json()
    assert [role["post"] for role in roles["roles"]] == [
        "https://w3id.org/parley/id/post/ua-defence-minister"
    ]
    found = http.get("/api/search", params={"q": "Мединский"}).json()["results"]
    assert found[0]["id"] == "medinsky"
