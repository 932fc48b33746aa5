"""The static query checks: what must never reach the engine is found in the query text."""

from __future__ import annotations

import pytest

from parley.store.base import QueryInvalid, QueryRefused, QueryTooLarge
from parley.store.guard import check_dataset, inspect


def shape(text: str, max_nesting: int = 64):
    return inspect(text, max_bytes=64 * 1024, max_nesting=max_nesting)


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "select * { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT*{SERVICE<http://127.0.0.1:9/>{?s?p?o}}",
    "SELECT * { ?a ?b ?c OPTIONAL { SERVICE ?endpoint { ?s ?p ?o } } }",
    "SELECT * { { SELECT ?s { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "SELECT * { ?s ?p ?o MINUS { SeRvIcE <http://x/> { ?s ?p ?o } } }",
    "ASK { FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }",
    "SELECT * { ?s ?p <http://a/\\u0041#x> . SERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * { # a comment\n SERVICE <http://x/> { ?s ?p ?o } }",
    'SELECT * { ?s ?p "a" . SERVICE <http://x/> { ?s ?p """b""" } }',
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
])
def test_service_is_refused_wherever_it_hides(query: str) -> None:
    with pytest.raises(QueryRefused, match="SERVICE"):
        shape(query)


@pytest.mark.parametrize("query", [
    'SELECT * { ?s ?p "SERVICE <http://x/> { }" }',
    "SELECT * { ?s ?p '''SERVICE\n<http://x/>''' }",
    "SELECT * { ?s ?p <http://example.org/SERVICE> }",
    "SELECT * { ?s ?p ?o } # SERVICE <http://x/> { }",
    "PREFIX ex: <http://e/> SELECT ?service { ?service ex:SERVICE ex:service }",
    "PREFIX service: <http://e/> SELECT * { ?s service:x ?o }",
    'SELECT * { ?s ?p "x"@en }',
])
def test_service_in_strings_iris_comments_and_names_is_not_a_keyword(query: str) -> None:
    assert shape(query).form == "SELECT"


@pytest.mark.parametrize("query", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "PREFIX ex: <http://e/> DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <http://a>",
    "WITH <http://a> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused(query: str) -> None:
    with pytest.raises(QueryRefused, match="Update"):
        shape(query)


@pytest.mark.parametrize(("query", "form", "kind"), [
    ("SELECT * {}", "SELECT", "results"),
    ("PREFIX a: <http://a/> BASE <http://b/> ask {}", "ASK", "results"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", "graph"),
    ("# comment\nDESCRIBE <http://a>", "DESCRIBE", "graph"),
    ("nonsense", None, None),
])
def test_query_form(query: str, form: str | None, kind: str | None) -> None:
    found = shape(query)
    assert (found.form, found.kind) == (form, kind)


def test_from_and_from_named_are_resolved() -> None:
    found = shape(
        "BASE <https://w3id.org/parley/> PREFIX g: <https://w3id.org/parley/graph/>\n"
        "SELECT * FROM g:ontology FROM NAMED <graph/shapes> FROM <http://127.0.0.1:9/x> "
        "WHERE { ?s ?p ?o }")
    assert found.from_graphs == ("https://w3id.org/parley/graph/ontology", "http://127.0.0.1:9/x")
    assert found.from_named == ("https://w3id.org/parley/graph/shapes",)
    graphs = {"https://w3id.org/parley/graph/ontology", "https://w3id.org/parley/graph/shapes"}
    check_dataset(found.from_named, graphs)
    with pytest.raises(QueryRefused, match=r"127\.0\.0\.1"):
        check_dataset(found.from_graphs, graphs)
    with pytest.raises(QueryRefused, match="file:"):
        check_dataset(shape("SELECT * FROM <file:///etc/passwd> {}").from_graphs, graphs)


def test_from_an_unknown_prefix_is_refused() -> None:
    with pytest.raises(QueryRefused, match="FROM"):
        shape("SELECT * FROM nope:x { }")


def test_nul_is_reported_with_its_position() -> None:
    with pytest.raises(QueryInvalid) as error:
        shape("SELECT *\n{ ?s ?p\x00 ?o }")
    assert (error.value.line, error.value.column) == (2, 8)


def test_nesting_is_capped() -> None:
    shape("SELECT * " + "{" * 10 + "}" * 10, max_nesting=10)
    with pytest.raises(QueryInvalid, match="nested deeper than 10"):
        shape("SELECT * " + "{" * 11 + "}" * 11, max_nesting=10)
    with pytest.raises(QueryInvalid):
        shape("{" * 5000)
    # brackets inside strings do not count
    shape('SELECT * { ?s ?p "' + "{" * 100 + '" }', max_nesting=10)


def test_length_is_capped_in_bytes() -> None:
    with pytest.raises(QueryTooLarge):
        inspect("ASK {}" + " " * 100, max_bytes=100, max_nesting=64)
    with pytest.raises(QueryTooLarge):  # 60 Cyrillic letters are 120 bytes
        inspect('ASK { FILTER("' + "Ж" * 60 + '") }', max_bytes=100, max_nesting=64)


def test_a_64k_query_is_scanned_quickly() -> None:
    import time

    text = "SELECT * { " + " ".join(f"?s{i} ?p ?o ." for i in range(4000)) + " }"
    started = time.perf_counter()
    shape(text)
    assert time.perf_counter() - started < 0.5
