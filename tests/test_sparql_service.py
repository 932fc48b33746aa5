"""/sparql without a query (the Service Description), CORS, and /metrics."""

from __future__ import annotations

import re

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from parley.media import FORMATS

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"), ("application/n-triples", "nt"), (None, "turtle"),
])
def test_service_description_as_rdf(client: httpx.Client, server, accept: str | None,
                                    rdflib_format: str) -> None:
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert "Accept" in response.headers["vary"]
    graph = Graph().parse(data=response.text, format=rdflib_format)
    service = URIRef(f"{server.url}/sparql")
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert {URIRef(f.w3c) for f in FORMATS} <= set(graph.objects(service, SD.resultFormat))
    dataset = graph.value(service, SD.defaultDataset)
    assert graph.value(dataset, SD.defaultGraph) is not None
    names = {graph.value(n, SD.name) for n in graph.objects(dataset, SD.namedGraph)}
    assert URIRef("https://w3id.org/parley/graph/ontology") in names
    ps = Namespace("https://w3id.org/parley/service#")
    settings = server.settings
    assert graph.value(service, ps.queryTimeoutSeconds).toPython() == settings.query_timeout
    assert graph.value(service, ps.maxResultRows) == Literal(settings.max_result_rows)
    assert graph.value(service, ps.maxResultBytes) == Literal(settings.max_result_bytes)


def test_service_description_for_browsers(client: httpx.Client) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", headers={"Accept": browser})
    assert response.headers["content-type"].startswith("text/html")
    assert "curated view" in response.text and "LIMIT/OFFSET" in response.text
    assert client.get("/sparql", params={"format": "jsonld"}).headers[
        "content-type"].startswith("application/ld+json")
    assert client.head("/sparql").status_code == 200
    assert client.get("/sparql", headers={"Accept": "image/png"}).status_code == 406


def test_cors_on_answers_and_errors(client: httpx.Client) -> None:
    origin = {"Origin": "https://notebook.example"}
    ok = client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
    assert ok.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in ok.headers
    bad = client.get("/sparql", params={"query": "SELEC"}, headers=origin)
    assert bad.status_code == 400 and bad.headers["access-control-allow-origin"] == "*"


def test_cors_preflight(client: httpx.Client) -> None:
    response = client.options("/sparql", headers={
        "Origin": "https://yasgui.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, accept",
    })
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in response.headers


def test_metrics_count_outcomes_and_latency(client: httpx.Client) -> None:
    client.get("/sparql", params={"query": "ASK {}"})
    client.get("/sparql", params={"query": "SELEC"})
    response = client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = response.text
    assert re.search(r'^parley_sparql_queries_total\{outcome="ok"\} [1-9]', text, re.M)
    assert re.search(r'^parley_sparql_queries_total\{outcome="query-syntax"\} [1-9]', text, re.M)
    assert "# TYPE parley_sparql_query_duration_seconds histogram" in text
    buckets = re.findall(r'_bucket\{le="([^"]+)"\} (\d+)', text)
    counts = [int(c) for _, c in buckets]
    assert buckets[-1][0] == "+Inf" and counts == sorted(counts)
    total = int(re.search(r"^parley_sparql_query_duration_seconds_count (\d+)", text,
                          re.M).group(1))
    assert total == counts[-1] >= 2
    assert re.search(r'^parley_sparql_workers\{state="idle"\} \d', text, re.M)
    for line in text.splitlines():  # every sample line is `name{labels} value`
        assert line.startswith("#") or re.match(r"^[a-z_]+(\{[^}]*\})? [0-9.e+-]+$", line), line
