"""The media-type table, both ways: every name and type resolves, and every advertised type
comes back from the real server in a form a parser accepts."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pytest
from rdflib import Dataset, Graph, Literal

from parley.media import FORMATS, Kind, by_media_type, by_name, formats, listing, offered

RDFLIB = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml", "nq": "nquads",
          "trig": "trig"}
SELECT = 'SELECT ?name ?n WHERE { VALUES (?name ?n) { ("Умєров"@uk 1) ("Мединский"@ru 2) } }'
CONSTRUCT = ('CONSTRUCT { <https://w3id.org/parley/id/person/x> '
             '<http://www.w3.org/2000/01/rdf-schema#label> ?name } '
             'WHERE { VALUES ?name { "Умєров"@uk "Мединский"@ru } }')


def test_every_name_alias_and_media_type_resolves_to_its_format() -> None:
    for fmt in FORMATS:
        assert by_name(fmt.name) is fmt
        assert by_name(fmt.media_type) is fmt
        assert by_media_type(fmt.media_type + "; charset=utf-8") is fmt
        for alias in fmt.aliases:
            assert by_name(alias) is fmt
        for media_type in fmt.also:
            assert by_media_type(media_type) is fmt
    assert by_name("nope") is None


def test_names_and_types_are_unique_and_every_kind_has_a_default() -> None:
    names = [n for f in FORMATS for n in (f.name, *f.aliases)]
    types = [t for f in FORMATS for t in (f.media_type, *f.also)]
    assert len(names) == len(set(names)) and len(types) == len(set(types))
    assert offered(Kind.RESULTS)[0] == "application/sparql-results+json"
    assert offered(Kind.GRAPH)[0] == "text/turtle"
    assert {e["format"] for e in listing()} == {f.name for f in FORMATS}
    assert {f.name for f in formats(Kind.RESULTS)} == {"json", "xml", "csv", "tsv"}
    assert {f.name for f in formats(Kind.GRAPH)} == set(RDFLIB)


def parse_results(fmt: str, body: bytes) -> list[tuple[str, str]]:
    text = body.decode("utf-8")
    if fmt == "json":
        rows = json.loads(text)["results"]["bindings"]
        return [(r["name"]["value"], r["n"]["value"]) for r in rows]
    if fmt == "xml":
        ns = "{http://www.w3.org/2005/sparql-results#}"
        out = []
        for result in ET.fromstring(body).iter(f"{ns}result"):
            cells = {b.get("name"): b[0].text for b in result.iter(f"{ns}binding")}
            out.append((cells["name"], cells["n"]))
        return out
    if fmt == "csv":
        reader = list(csv.reader(io.StringIO(text, newline="")))
        assert reader[0] == ["name", "n"]
        return [(a, b) for a, b in reader[1:]]
    assert fmt == "tsv"
    lines = text.splitlines()
    assert lines[0] == "?name\t?n"
    out = []
    for line in lines[1:]:
        name, n = line.split("\t")
        out.append((json.loads(name.split("@")[0]), n.split('"')[1] if '"' in n else n))
    return out


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.kind is Kind.RESULTS],
                         ids=lambda f: f.name)
def test_every_results_type_parses(client: httpx.Client, fmt) -> None:
    for media_type in (fmt.media_type, *fmt.also):
        response = client.get("/sparql", params={"query": SELECT},
                              headers={"Accept": media_type})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == media_type
        assert parse_results(fmt.name, response.content) == [("Умєров", "1"), ("Мединский", "2")]
    ask = client.get("/sparql", params={"query": "ASK {}", "format": fmt.name})
    assert "true" in ask.text


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.kind is Kind.GRAPH],
                         ids=lambda f: f.name)
def test_every_graph_type_parses(client: httpx.Client, fmt) -> None:
    for media_type in (fmt.media_type, *fmt.also):
        response = client.post("/sparql", data={"query": CONSTRUCT},
                               headers={"Accept": media_type})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == media_type
        if fmt.name in ("nq", "trig"):
            dataset = Dataset()
            dataset.parse(data=response.text, format=RDFLIB[fmt.name])
            graph = dataset.default_graph
            assert not [g for g in dataset.graphs() if len(g) and g != graph]
        else:
            graph = Graph().parse(data=response.text, format=RDFLIB[fmt.name])
        assert set(graph.objects()) == {Literal("Умєров", lang="uk"),
                                        Literal("Мединский", lang="ru")}
    describe = client.get("/sparql", params={"format": fmt.name, "query":
                          "DESCRIBE ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> } "
                          "LIMIT 1"})
    assert describe.status_code == 200
    assert describe.headers["content-type"].split(";")[0] == fmt.media_type
