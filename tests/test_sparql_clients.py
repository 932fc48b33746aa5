"""Real clients against /sparql: SPARQLWrapper (as researchers use it) for every format."""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import Graph, Literal
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.Wrapper import POSTDIRECTLY, URLENCODED

NAMES = '("Умєров"@uk) ("Мединский"@ru)'
SELECT = f"SELECT ?name WHERE {{ VALUES (?name) {{ {NAMES} }} }}"
CONSTRUCT = ("CONSTRUCT { <https://w3id.org/parley/id/person/x> "
             "<http://www.w3.org/2000/01/rdf-schema#label> ?name } "
             f"WHERE {{ VALUES (?name) {{ {NAMES} }} }}")


def wrapper(server, method: str = GET, request: str = URLENCODED) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{server.url}/sparql")
    sparql.setMethod(method)
    if method == POST:
        sparql.setRequestMethod(request)
    return sparql


@pytest.mark.parametrize(("method", "request_method"),
                         [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)])
def test_sparqlwrapper_select_json(server, method: str, request_method: str) -> None:
    sparql = wrapper(server, method, request_method)
    sparql.setQuery(SELECT)
    sparql.setReturnFormat(JSON)
    rows = sparql.queryAndConvert()["results"]["bindings"]
    assert [(r["name"]["value"], r["name"]["xml:lang"]) for r in rows] == [
        ("Умєров", "uk"), ("Мединский", "ru")]


def test_sparqlwrapper_select_xml_csv_tsv(server) -> None:
    sparql = wrapper(server)
    sparql.setQuery(SELECT)
    sparql.setReturnFormat(XML)
    document = sparql.queryAndConvert()
    assert [n.data for n in document.getElementsByTagName("literal")[0].childNodes] == ["Умєров"]
    sparql.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(sparql.queryAndConvert().decode("utf-8"))))
    assert rows == [["name"], ["Умєров"], ["Мединский"]]
    sparql.setReturnFormat(TSV)
    lines = sparql.queryAndConvert().decode("utf-8").splitlines()
    assert lines == ["?name", '"Умєров"@uk', '"Мединский"@ru']


def test_sparqlwrapper_ask(server) -> None:
    sparql = wrapper(server, POST)
    sparql.setQuery("ASK { FILTER(false) }")
    sparql.setReturnFormat(JSON)
    assert sparql.queryAndConvert()["boolean"] is False
    sparql.setQuery("ASK { }")
    sparql.setReturnFormat(XML)
    assert sparql.queryAndConvert().getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", [RDFXML, TURTLE, N3, JSONLD, XML])
def test_sparqlwrapper_construct(server, fmt: str) -> None:
    sparql = wrapper(server)
    sparql.setQuery(CONSTRUCT)
    sparql.setReturnFormat(fmt)
    result = sparql.queryAndConvert()
    if isinstance(result, bytes):
        result = Graph().parse(data=result.decode("utf-8"),
                               format={TURTLE: "turtle", N3: "turtle"}.get(fmt, "json-ld"))
    assert set(result.objects()) == {Literal("Умєров", lang="uk"),
                                     Literal("Мединский", lang="ru")}


def test_sparqlwrapper_sees_errors_as_exceptions(server) -> None:
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    sparql = wrapper(server)
    sparql.setQuery("SELECT * WHERE { ?s ?p }")
    sparql.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="line"):
        sparql.queryAndConvert()
