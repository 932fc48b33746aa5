"""Search across scripts, transliterations and small typos."""

from __future__ import annotations

import pytest

from parley.namespaces import ID
from parley.search import SearchIndex, fold, loose

FIRST = {
    "Medinsky": "person/medinsky",
    "Мединский": "person/medinsky",
    "Umerov": "person/umerov",
    "Умєров": "person/umerov",
    "Zelenskyy": "person/zelensky",
    "Zelensky": "person/zelensky",
    "Ciragan": "place/ciragan-palace",
}


@pytest.fixture(scope="module")
def index(store) -> SearchIndex:
    return SearchIndex.build(store, str(ID))


def test_fold_and_loose() -> None:
    assert fold("Çırağan Palace") == "ciragan palace"
    assert fold("Мединский") == "medinskiy"
    assert loose(fold("Zelenskyy")) == loose(fold("Зеленский")) == loose("zelensky")
    assert loose(fold("Умєров")) == loose(fold("Umerov"))


@pytest.mark.parametrize(("query", "expected"), FIRST.items())
def test_index_finds_node_first(index: SearchIndex, query: str, expected: str) -> None:
    hits = index.search(query)
    assert hits and hits[0].iri == f"{ID}{expected}"


@pytest.mark.parametrize("query", ["Medinskyi", "Umerow", "Zelenskiy", "Istanbull"])
def test_small_typos(index: SearchIndex, query: str) -> None:
    assert index.search(query), query


def test_unrelated_query_finds_nothing(index: SearchIndex) -> None:
    assert index.search("xqzvbn") == []
    assert index.search("   ") == []


def test_bookkeeping_nodes_are_not_indexed(index: SearchIndex) -> None:
    assert not {e.kind for e in index.entries} & {"holding", "claim", "interval", "count"}


@pytest.mark.parametrize(("query", "expected"), FIRST.items())
def test_api_search_first(client, query: str, expected: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 200
    results = response.json()["results"]
    first = results[0]
    assert set(first) >= {"id", "iri", "label", "type"}
    assert first["iri"] == f"{ID}{expected}"
    assert first["id"] == expected.split("/")[1]


def test_api_search_kind_filter_and_empty(client) -> None:
    results = client.get("/api/search", params={"q": "Istanbul", "kind": "place"}).json()
    assert results["results"] and {r["kind"] for r in results["results"]} == {"place"}
    empty = client.get("/api/search", params={"q": " "})
    assert empty.status_code == 422
    assert empty.headers["content-type"].startswith("application/problem+json")


def test_search_page(client) -> None:
    page = client.get("/search", params={"q": "Мединский"}).text
    results = page.split('id="results"', 1)[1]
    assert results.index('href="/id/person/medinsky"') < results.index("</li>")
    assert "Nothing matches" in client.get("/search", params={"q": "xqzvbn"}).text
    assert 'name="q"' in client.get("/search").text
