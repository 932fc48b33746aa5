"""Dereferenceable IRIs: 303 by Accept, every document format, descriptions with their claims."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDFS

from parley import describe
from parley.namespaces import BASE, ID, PARLEY
from parley.web.routers.resources import split_suffix

UMEROV = ID["person/umerov"]
ROUND_2 = ID["round/2"]
DOCUMENTS = {
    "text/html": "html",
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
}


def parse(text: str, media: str, client: object = None) -> Graph:
    graph = Graph()
    if media == "application/ld+json":
        document = json.loads(text)
        # The document points at /context.jsonld; read that instead of letting rdflib fetch it.
        document["@context"] = client.get("/context.jsonld").json()["@context"]  # type: ignore[attr-defined]
        text = json.dumps(document)
        graph.parse(data=text, format="json-ld")
        return graph
    graph.parse(data=text, format={"text/turtle": "turtle", "application/n-triples": "nt",
                                   "application/rdf+xml": "xml"}[media])
    return graph


def all_id_iris(store: object) -> set[str]:
    found: set[str] = set()
    for s, _p, o, _g in store.quads():  # type: ignore[attr-defined]
        for term in (s, o):
            if isinstance(term, URIRef) and str(term).startswith(str(ID)):
                found.add(str(term))
    return found


def test_split_suffix() -> None:
    assert split_suffix("person/umerov.ttl") == ("person/umerov", "ttl")
    assert split_suffix("person/umerov") == ("person/umerov", None)
    assert split_suffix("article/002.x") == ("article/002.x", None)


@pytest.mark.parametrize(("accept", "ext"), [*DOCUMENTS.items(),
                                             ("*/*", "html"),
                                             ("text/turtle;q=0.5, application/rdf+xml", "rdf")])
def test_thing_redirects_303_by_accept(client, accept: str, ext: str) -> None:
    response = client.get("/id/person/umerov", headers={"Accept": accept})
    assert response.status_code == 303
    assert response.headers["location"] == f"/id/person/umerov.{ext}"
    assert "Accept" in response.headers["vary"]


def test_unacceptable_accept_is_406(client) -> None:
    response = client.get("/id/person/umerov", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("media", [m for m in DOCUMENTS if m != "text/html"])
def test_rdf_documents_parse_and_hold_the_description(client, media: str) -> None:
    response = client.get(f"/id/person/umerov.{DOCUMENTS[media]}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    graph = parse(response.text, media, client)
    assert (UMEROV, RDFS.label, Literal("Рустем Умєров", lang="uk")) in graph
    assert any(graph.subjects(None, UMEROV)), "incoming statements are part of the description"
    claims = set(graph.subjects(PROV.wasDerivedFrom, None))
    assert claims, "the records of the supporting claims are part of the description"


def test_description_includes_deprecated_claim_records(client) -> None:
    graph = parse(client.get("/id/round/2.ttl").text, "text/turtle")
    assert (ROUND_2, PARLEY.date, Literal("2025-06-02", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))) in graph
    ranks = set(graph.objects(None, PARLEY.rank))
    assert PARLEY.DeprecatedRank in ranks
    assert all(graph.value(c, PROV.value) for c in graph.subjects(PARLEY.rank, None))


def test_jsonld_uses_published_context(client) -> None:
    document = client.get("/id/round/2.jsonld").json()
    assert document["@context"].endswith("/context.jsonld")
    context = client.get("/context.jsonld")
    assert context.headers["content-type"].startswith("application/ld+json")
    terms = context.json()["@context"]
    assert terms["parley"] == str(PARLEY)
    assert terms["date"]["@id"] == str(PARLEY.date)
    assert terms["hasDelegation"]["@type"] == "@id"


def test_html_page_shows_labels_statements_and_sources(client) -> None:
    response = client.get("/id/person/umerov.html")
    assert response.status_code == 200
    page = response.text
    for label in ("Rustem Umerov", "Рустем Умєров", "Рустем Умеров"):
        assert label in page
    assert 'href="/ontology#' in page, "properties link to their ontology pages"
    assert 'href="/id/' in page
    assert "Referenced by" in page
    assert 'rel="alternate" type="text/turtle"' in page
    assert "<blockquote" in page, "facts show the quotes behind them"
    assert "https://" not in page.split("<main")[0].replace(BASE, ""), "no CDN in the head"


def test_html_marks_deprecated_claims(client) -> None:
    page = client.get("/id/round/2.html").text
    assert "2025-06-02" in page and "2025-05-22" in page
    assert 'class="badge deprecated"' in page
    assert "Why deprecated" in page


def test_claim_page_lists_what_it_asserts(client, store) -> None:
    claims = [str(s) for s, _, _, g in store.quads()
              if g is None and str(s).startswith(str(ID["claim/"]))]
    response = client.get(claims[0].replace(BASE, "/") + ".html")
    assert response.status_code == 200
    assert "What this claim asserts" in response.text


def test_unknown_iri_404_html_with_search(client) -> None:
    response = client.get("/id/person/nobody-at-all", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert 'action="/search"' in response.text


@pytest.mark.parametrize(("accept", "media"), [("application/json", "application/problem+json"),
                                               ("text/turtle", "text/turtle")])
def test_unknown_iri_404_for_machines(client, accept: str, media: str) -> None:
    response = client.get("/id/person/nobody-at-all", headers={"Accept": accept})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(media)
    assert client.get("/id/person/nobody-at-all.ttl").status_code == 404
    assert client.get("/id/person/nobody-at-all.jsonld").status_code == 404


def test_head_is_answered(client) -> None:
    assert client.head("/id/person/umerov.ttl").status_code == 200


def test_every_iri_under_the_base_dereferences(client, store) -> None:
    iris = all_id_iris(store)
    assert len(iris) > 50
    failures = []
    for iri in sorted(iris):
        path = iri.replace(BASE, "/")
        thing = client.get(path, headers={"Accept": "text/turtle"})
        document = client.get(f"{path}.ttl")
        if thing.status_code != 303 or document.status_code != 200:
            failures.append((iri, thing.status_code, document.status_code))
    assert failures == []


def test_every_kind_has_an_html_page(client, store) -> None:
    by_kind: dict[str, str] = {}
    for iri in sorted(all_id_iris(store)):
        by_kind.setdefault(iri[len(str(ID)):].split("/")[0], iri)
    for iri in by_kind.values():
        assert client.get(iri.replace(BASE, "/") + ".html").status_code == 200, iri


def test_describe_unit(store) -> None:
    d = describe.describe(store, str(ROUND_2), BASE)
    dates = next(g for g in d.outgoing if g.prop == str(PARLEY.date))
    curated = [v for v in dates.values if v.curated]
    assert [str(v.term) for v in curated] == ["2025-06-02"]
    assert any(not v.curated and any(s.deprecated for s in v.supports) for v in dates.values)
    assert describe.compact(str(PARLEY.date)) == "parley:date"
    assert describe.local_href(str(ROUND_2), BASE) == "/id/round/2"
