"""/sparql after the W3C SPARQL 1.1 Protocol test suite (rdf-tests sparql11/protocol manifest).

Test names follow the manifest's entries. The suite's update_* cases need a writable service;
/sparql is read-only, so updates are covered by the bad_* cases (all must get a 4xx).
Queries use only what any build of the data has (ontology terms, counts), never given facts.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pytest
from rdflib import Graph, Literal

GRAPH = "https://w3id.org/parley/graph/"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
SR = "{http://www.w3.org/2005/sparql-results#}"

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert body["title"] and body["detail"]
    assert "Traceback" not in response.text
    return body  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def graphs(server) -> list[str]:
    with server.client() as http:
        rows = http.get("/sparql", params={"query": "SELECT DISTINCT ?g { GRAPH ?g { } }"},
                        headers={"Accept": JSON}).json()["results"]["bindings"]
    names = sorted(r["g"]["value"] for r in rows)
    assert GRAPH + "ontology" in names
    return names


# --- the query_* cases (must succeed) ------------------------------------------------------------


def test_query_get(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": JSON})
    assert response.status_code == 200
    assert response.json() == {"head": {}, "boolean": True}


def test_query_post_form(client: httpx.Client) -> None:
    response = client.post("/sparql", data={"query": COUNT}, headers={"Accept": JSON})
    assert count(response) > 0


def test_query_post_direct(client: httpx.Client) -> None:
    response = client.post("/sparql", content=COUNT.encode(),
                           headers={"Content-Type": DIRECT, "Accept": JSON})
    assert count(response) > 0


def test_query_direct_with_utf8_charset_param(client: httpx.Client) -> None:
    response = client.post("/sparql", content=COUNT.encode(),
                           headers={"Content-Type": f"{DIRECT}; charset=UTF-8"})
    assert count(response) > 0


def test_query_dataset_default_graph(client: httpx.Client) -> None:
    whole = count(client.get("/sparql", params={"query": COUNT}))
    ontology = count(client.get("/sparql", params={
        "query": COUNT, "default-graph-uri": GRAPH + "ontology"}))
    assert 0 < ontology != whole


def test_query_dataset_default_graphs_get(client: httpx.Client, graphs: list[str]) -> None:
    one = count(client.get("/sparql", params={"query": COUNT,
                                              "default-graph-uri": GRAPH + "ontology"}))
    two = count(client.get("/sparql", params=[("query", COUNT),
                                              ("default-graph-uri", GRAPH + "ontology"),
                                              ("default-graph-uri", GRAPH + "shapes")]))
    assert two >= one


def test_query_dataset_default_graphs_post(client: httpx.Client) -> None:
    get = count(client.get("/sparql", params={"query": COUNT,
                                              "default-graph-uri": GRAPH + "ontology"}))
    post = count(client.post("/sparql", data={"query": COUNT,
                                              "default-graph-uri": GRAPH + "ontology"}))
    direct = count(client.post("/sparql", params={"default-graph-uri": GRAPH + "ontology"},
                               content=COUNT, headers={"Content-Type": DIRECT}))
    assert get == post == direct


def test_query_dataset_named_graphs_post(client: httpx.Client) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.post("/sparql", data={"query": query,
                                            "named-graph-uri": [GRAPH + "ontology"]})
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [
        GRAPH + "ontology"]


def test_query_dataset_named_graphs_get(client: httpx.Client) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    response = client.get("/sparql", params=[("query", query),
                                              ("named-graph-uri", GRAPH + "ontology"),
                                              ("named-graph-uri", GRAPH + "shapes")])
    found = [b["g"]["value"] for b in response.json()["results"]["bindings"]]
    assert set(found) <= {GRAPH + "ontology", GRAPH + "shapes"}
    assert GRAPH + "ontology" in found


def test_query_dataset_full(client: httpx.Client) -> None:
    query = ("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION "
             "{ GRAPH ?g { ?s ?p ?o } } }")
    full = count(client.get("/sparql", params=[("query", query),
                                               ("default-graph-uri", GRAPH + "ontology"),
                                               ("named-graph-uri", GRAPH + "ontology")]))
    ontology = count(client.get("/sparql", params={"query": COUNT,
                                                   "default-graph-uri": GRAPH + "ontology"}))
    assert full == 2 * ontology


def test_query_multiple_dataset_protocol_overrides_from(client: httpx.Client) -> None:
    """Protocol parameters take precedence over FROM / FROM NAMED in the query."""
    with_from = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH}shapes> WHERE {{ ?s ?p ?o }}"
    by_from = count(client.get("/sparql", params={"query": with_from}))
    overridden = count(client.get("/sparql", params={"query": with_from,
                                                     "default-graph-uri": GRAPH + "ontology"}))
    ontology = count(client.get("/sparql", params={"query": COUNT,
                                                   "default-graph-uri": GRAPH + "ontology"}))
    assert overridden == ontology
    assert by_from != ontology


def test_query_content_type_select(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x { BIND(1 AS ?x) }"},
                          headers={"Accept": XML})
    assert response.headers["content-type"].startswith(XML)
    ET.fromstring(response.content)


def test_query_content_type_ask(client: httpx.Client) -> None:
    response = client.post("/sparql", data={"query": "ASK {}"}, headers={"Accept": XML})
    assert response.headers["content-type"].startswith(XML)
    assert ET.fromstring(response.content).find(f"{SR}boolean").text == "true"


def test_query_content_type_describe(client: httpx.Client) -> None:
    query = "DESCRIBE ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> } LIMIT 1"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=response.text, format="turtle")) > 0


def test_query_content_type_construct(client: httpx.Client) -> None:
    query = "CONSTRUCT WHERE { ?s a ?o } LIMIT 5"
    response = client.post("/sparql", content=query,
                           headers={"Content-Type": DIRECT, "Accept": "application/rdf+xml"})
    assert response.headers["content-type"].startswith("application/rdf+xml")
    assert len(Graph().parse(data=response.text, format="xml")) == 5


# --- the bad_* cases (must get a 4xx) ------------------------------------------------------------


def test_bad_query_method(client: httpx.Client) -> None:
    assert_problem(client.put("/sparql", params={"query": "ASK {}"}), 405)
    assert_problem(client.delete("/sparql", params={"query": "ASK {}"}), 405)


def test_bad_multiple_queries(client: httpx.Client) -> None:
    body = assert_problem(client.get("/sparql", params=[("query", "ASK {}"),
                                                        ("query", "ASK {}")]), 400)
    assert "one query" in str(body["detail"])
    assert_problem(client.post("/sparql", data={"query": ["ASK {}", "ASK {}"]}), 400)
    assert_problem(client.post("/sparql", params={"query": "ASK {}"}, content="ASK {}",
                               headers={"Content-Type": DIRECT}), 400)


def test_bad_query_wrong_media_type(client: httpx.Client) -> None:
    assert_problem(client.post("/sparql", content="query=ASK%20%7B%7D",
                               headers={"Content-Type": "text/plain"}), 415)


def test_bad_query_missing_form_type(client: httpx.Client) -> None:
    assert_problem(client.post("/sparql", content="query=ASK%20%7B%7D"), 415)


def test_bad_query_missing_direct_type(client: httpx.Client) -> None:
    assert_problem(client.post("/sparql", content="ASK {}"), 415)


def test_bad_query_non_utf8(client: httpx.Client) -> None:
    query = 'ASK { FILTER("Умєров" = "x") }'
    assert_problem(client.post("/sparql", content=query.encode("utf-16"),
                               headers={"Content-Type": f"{DIRECT}; charset=UTF-16"}), 415)
    assert_problem(client.post("/sparql", content=query.encode("cp1251"),
                               headers={"Content-Type": DIRECT}), 400)


def test_bad_query_syntax(client: httpx.Client) -> None:
    body = assert_problem(client.get("/sparql", params={"query": "SELECT * {\n ?s ?p }"}), 400)
    assert body["line"] == 2 and isinstance(body["column"], int)
    assert "2:" in str(body["detail"])


def test_bad_update_get(client: httpx.Client) -> None:
    assert_problem(client.get("/sparql", params={"update": "CLEAR ALL"}), 400)


def test_bad_multiple_updates(client: httpx.Client) -> None:
    assert_problem(client.post("/sparql", data={"update": ["CLEAR ALL", "CLEAR ALL"]}), 400)


def test_bad_update_wrong_media_type(client: httpx.Client) -> None:
    assert_problem(client.post("/sparql", content="CLEAR ALL",
                               headers={"Content-Type": "application/sparql-update"}), 415)
    assert_problem(client.post("/sparql", content="update=CLEAR%20ALL",
                               headers={"Content-Type": "text/plain"}), 415)


def test_bad_update_missing_form_type(client: httpx.Client) -> None:
    assert_problem(client.post("/sparql", content="update=CLEAR%20ALL"), 415)


def test_bad_update_non_utf8(client: httpx.Client) -> None:
    assert_problem(client.post("/sparql", content="update=CLEAR%FF",
                               headers={"Content-Type": FORM}), 400)


def test_bad_update_syntax(client: httpx.Client) -> None:
    assert_problem(client.post("/sparql", data={"update": "CLEAR XYZ"}), 400)


def test_bad_update_dataset_conflict(client: httpx.Client) -> None:
    assert_problem(client.post("/sparql", data={
        "update": "CLEAR ALL", "using-graph-uri": GRAPH + "ontology"}), 400)


def test_bad_query_and_update_together(client: httpx.Client) -> None:
    assert_problem(client.post("/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"}), 400)


def test_bad_update_sent_as_query(client: httpx.Client) -> None:
    body = assert_problem(client.post("/sparql", data={"query": "INSERT DATA { <a:b> <a:c> 1 }"}),
                          400)
    assert "Update" in str(body["detail"])


def test_bad_post_without_query(client: httpx.Client) -> None:
    assert_problem(client.post("/sparql", data={"default-graph-uri": GRAPH + "ontology"}), 400)


def test_bad_dataset_outside_the_store(client: httpx.Client) -> None:
    assert_problem(client.get("/sparql", params={
        "query": COUNT, "default-graph-uri": "http://example.org/not-here"}), 400)
    assert_problem(client.get("/sparql", params={
        "query": COUNT, "named-graph-uri": "file:///etc/passwd"}), 400)


# --- UTF-8 by every route ---------------------------------------------------------------------

NAMES = ["Умєров", "Мединский", "Зеленський"]


@pytest.mark.parametrize("route", ["get", "form", "direct"])
def test_utf8_roundtrip(client: httpx.Client, route: str) -> None:
    values = " ".join(f'"{n}"@uk' for n in NAMES)
    query = ('SELECT ?name ?echo ?len WHERE { VALUES ?name { ' + values + ' } '
             'BIND(CONCAT(STR(?name), " — ", "Мединский") AS ?echo) '
             'BIND(STRLEN(?name) AS ?len) '
             'FILTER(?name != "Умєров" || LANG(?name) = "uk") }')
    headers = {"Accept": JSON}
    if route == "get":
        response = client.get("/sparql", params={"query": query}, headers=headers)
    elif route == "form":
        response = client.post("/sparql", data={"query": query}, headers=headers)
    else:
        response = client.post("/sparql", content=query.encode("utf-8"),
                               headers={**headers, "Content-Type": DIRECT})
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    assert [r["name"]["value"] for r in rows] == NAMES
    assert [r["name"]["xml:lang"] for r in rows] == ["uk"] * 3
    assert rows[0]["echo"]["value"] == "Умєров — Мединский"
    assert [int(r["len"]["value"]) for r in rows] == [len(n) for n in NAMES]


@pytest.mark.parametrize("fmt", ["xml", "csv", "tsv"])
def test_utf8_in_every_results_format(client: httpx.Client, fmt: str) -> None:
    query = 'SELECT ?x WHERE { BIND("Умєров, \\"Мединский\\"\tЗеленський" AS ?x) }'
    response = client.get("/sparql", params={"query": query, "format": fmt})
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    if fmt == "xml":
        value = ET.fromstring(response.content).find(f".//{SR}literal").text
    elif fmt == "csv":
        value = list(csv.reader(io.StringIO(text)))[1][0]
    else:
        cell = text.splitlines()[1]
        value = json.loads(cell.replace("\\t", "\\u0009"))
    assert value == 'Умєров, "Мединский"\tЗеленський'


def test_utf8_in_construct(client: httpx.Client) -> None:
    query = 'CONSTRUCT { <urn:x:a> <urn:x:name> "Умєров"@uk } WHERE { }'
    response = client.get("/sparql", params={"query": query, "format": "nt"})
    graph = Graph().parse(data=response.text, format="nt")
    assert Literal("Умєров", lang="uk") in set(graph.objects())


# --- negotiation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "expected"), [
    (None, JSON),
    ("*/*", JSON),
    ("text/csv", "text/csv"),
    ("application/sparql-results+json;q=0.5, text/csv", "text/csv"),
    ("text/csv;q=0, */*;q=0.1", JSON),
    ("text/*", "text/csv"),
    ("text/tab-separated-values;q=0.9, text/csv;q=0.8", "text/tab-separated-values"),
    ("application/json", "application/json"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/xml"),
])
def test_negotiation_follows_rfc9110(client: httpx.Client, accept: str | None,
                                     expected: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": "ASK {}"}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected
    assert "Accept" in response.headers["vary"]


def test_unacceptable_accept_gets_406_listing_the_formats(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "ASK {}"},
                          headers={"Accept": "image/png"})
    body = assert_problem(response, 406)
    assert "Accept" in response.headers["vary"]
    types = {entry["media_type"] for entry in body["available"]}  # type: ignore[union-attr]
    assert {JSON, XML, "text/csv", "text/tab-separated-values"} <= types
    graph = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"},
                       headers={"Accept": JSON})
    assert "text/turtle" in {e["media_type"] for e in assert_problem(graph, 406)["available"]}


def test_format_parameter_beats_accept(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "ASK {}", "format": "tsv"},
                          headers={"Accept": JSON})
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    response = client.post("/sparql", data={"query": "ASK {}", "format": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert_problem(client.get("/sparql", params={"query": "ASK {}", "format": "ttl"}), 406)
    assert_problem(client.get("/sparql", params={"query": "ASK {}", "format": "nope"}), 406)


def test_errors_carry_vary_accept(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELEC"})
    assert response.status_code == 400
    assert "Accept" in response.headers["vary"]


# --- large answers -------------------------------------------------------------------------------


def test_large_answer_streams_whole(client: httpx.Client) -> None:
    total = count(client.get("/sparql", params={"query": COUNT}))
    with client.stream("GET", "/sparql", params={"query": "SELECT * { ?s ?p ?o }"},
                       headers={"Accept": "text/tab-separated-values"}) as response:
        assert response.status_code == 200
        chunks = list(response.iter_raw())
        body = b"".join(chunks)
    assert int(response.headers["content-length"]) == len(body)
    assert int(response.headers["parley-result-rows"]) == total
    assert len(body.decode("utf-8").splitlines()) == total + 1
