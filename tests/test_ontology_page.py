"""/ontology: pyLODE's HTML for browsers, graph:ontology as RDF for everyone else."""

from __future__ import annotations

import re

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from parley.queries import load_query
from parley.store import GraphStore

ONTOLOGY = URIRef("https://w3id.org/parley/ontology")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RDFLIB = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}


def test_browsers_get_the_html_documentation(client: httpx.Client) -> None:
    response = client.get("/ontology", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "accept" in response.headers["vary"].lower()
    page = response.text
    assert "TalksRound" in page and "PostHolding" in page
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', page)


def test_scripts_get_turtle(client: httpx.Client, store: GraphStore) -> None:
    response = client.get("/ontology", headers={"Accept": "*/*"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph
    assert len(graph) == len(store.construct(load_query("ontology_graph")))


@pytest.mark.parametrize("accept,suffix", [
    ("application/ld+json", "jsonld"), ("application/n-triples", "nt"),
    ("application/rdf+xml", "rdf"), ("text/turtle", "ttl"),
])
def test_negotiation_and_suffixes_agree(
    client: httpx.Client, store: GraphStore, accept: str, suffix: str
) -> None:
    negotiated = client.get("/ontology", headers={"Accept": accept})
    assert negotiated.status_code == 200
    assert negotiated.headers["content-type"].startswith(accept)
    assert negotiated.headers["content-location"] == f"/ontology.{suffix}"
    direct = client.get(f"/ontology.{suffix}")
    assert direct.status_code == 200
    assert direct.content == negotiated.content
    graph = Graph().parse(data=direct.content, format=RDFLIB[suffix])
    assert len(graph) == len(store.construct(load_query("ontology_graph")))


def test_unacceptable_and_unknown(client: httpx.Client) -> None:
    assert client.get("/ontology", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/ontology.docx").status_code == 404


def test_html_is_cached_beside_the_store(client: httpx.Client, built_settings: object) -> None:
    client.get("/ontology", headers={"Accept": BROWSER})
    root = built_settings.store_path.parent / "ontology"  # type: ignore[attr-defined]
    pages = list(root.glob("*/index.html"))
    assert len(pages) == 1
