"""The SPARQL 1.1 Service Description of /sparql (W3C `sd:` vocabulary), as RDF or HTML.

It states what a client needs before its first query: the result formats, the dataset (the
default graph is the curated view; claims are named graphs) and the limits every query runs
under, so that nobody has to discover the deadline or the row cap by hitting it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD

from parley.media import FORMATS, GRAPH_DOCUMENTS, HTML, Kind
from parley.settings import Settings
from parley.store.base import StoreInfo

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

# Media types the description itself is offered in (-> rdflib serializer); Turtle is the default.
OFFERED = {
    GRAPH_DOCUMENTS["ttl"].media_type: GRAPH_DOCUMENTS["ttl"].rdflib,
    GRAPH_DOCUMENTS["jsonld"].media_type: GRAPH_DOCUMENTS["jsonld"].rdflib,
    HTML: "html",
    **{f.media_type: f.rdflib for f in GRAPH_DOCUMENTS.values()},
}


def limits_namespace(settings: Settings) -> Namespace:
    return Namespace(settings.base_iri + "service#")


def describe(endpoint: str, settings: Settings, info: StoreInfo, graphs: Iterable[str]) -> Graph:
    ps = limits_namespace(settings)
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    graph.bind("dct", DCTERMS)
    graph.bind("ps", ps)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, RDFS.label, Literal("Parley SPARQL endpoint", lang="en")))
    graph.add((service, RDFS.comment, Literal(
        "Read-only SPARQL 1.1 query endpoint of the Parley knowledge graph. SERVICE, LOAD, "
        "updates and FROM/FROM NAMED or dataset parameters naming anything but a graph of "
        "this store are refused before evaluation. Every query is stopped at its deadline; "
        "answers over the row or byte cap are refused (never truncated).", lang="en")))
    for fmt in FORMATS:
        graph.add((service, SD.resultFormat, URIRef(fmt.w3c)))
    for name, value, datatype in (
        ("queryTimeoutSeconds", settings.query_timeout, XSD.decimal),
        ("maxResultRows", settings.max_result_rows, XSD.integer),
        ("maxResultBytes", settings.max_result_bytes, XSD.integer),
        ("maxQueryBytes", settings.max_query_bytes, XSD.integer),
        ("maxRequestBodyBytes", settings.max_body_bytes, XSD.integer),
        ("maxNesting", settings.max_nesting, XSD.integer),
        ("maxConcurrentQueries", settings.max_concurrent_queries, XSD.integer),
        ("queueTimeoutSeconds", settings.queue_timeout, XSD.decimal),
    ):
        graph.add((service, ps[name], Literal(value, datatype=datatype)))

    dataset = BNode("dataset")
    default = BNode("defaultGraph")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, DCTERMS.description, Literal(
        "The curated view: the ontology, the editorial skeleton, every claim record, and the "
        "triples of every claim that is neither deprecated nor superseded.", lang="en")))
    graph.add((default, VOID.triples, Literal(info.default_graph_triples)))
    graph.add((dataset, VOID.triples, Literal(info.quads)))
    graph.add((dataset, DCTERMS.description, Literal(
        f"{info.named_graphs} named graphs: each claim is a named graph holding exactly what "
        "its article states; graph/ontology, graph/shapes and graph/editorial hold the "
        "ontology, the shapes and the files' default graphs.", lang="en")))
    for name in sorted(graphs):
        node = BNode()
        graph.add((dataset, SD.namedGraph, node))
        graph.add((node, RDF.type, SD.NamedGraph))
        graph.add((node, SD.name, URIRef(name)))
    return graph


def render_html(endpoint: str, settings: Settings, info: StoreInfo) -> str:
    e = html.escape
    rows = "".join(
        f"<tr><td><code>{e(f.name)}</code></td><td><code>{e(f.media_type)}</code></td>"
        f"<td>{'SELECT, ASK' if f.kind is Kind.RESULTS else 'CONSTRUCT, DESCRIBE'}</td></tr>"
        for f in FORMATS
    )
    example = e(f"curl -H 'Accept: text/csv' --data-urlencode "
                f"'query=SELECT (COUNT(*) AS ?n) {{ ?s ?p ?o }}' {endpoint}")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley SPARQL endpoint</title></head>
<body>
<h1>Parley SPARQL endpoint</h1>
<p>Endpoint: <code>{e(endpoint)}</code>. SPARQL 1.1 Query by GET (<code>?query=</code>),
POST form or POST <code>application/sparql-query</code>. Read-only; SERVICE, LOAD and
remote FROM are refused.</p>
<h2>Dataset</h2>
<p>The default graph is the <strong>curated view</strong>
({info.default_graph_triples} triples); {info.named_graphs} named graphs hold the claims
(one graph per claim) and the ontology, shapes and editorial graphs; {info.quads} quads in
all. Snapshot <code>{e(info.snapshot)}</code>.</p>
<h2>Formats</h2>
<p>Chosen by <code>Accept</code>, or by <code>format=</code> for clients that cannot set
headers.</p>
<table><tr><th>format=</th><th>media type</th><th>for</th></tr>{rows}</table>
<h2>Limits</h2>
<ul>
<li>Each query is stopped after {settings.query_timeout:g} s (503 with Retry-After).</li>
<li>At most {settings.max_result_rows} rows or triples and {settings.max_result_bytes} bytes
per answer: larger answers are refused with 422, never truncated; page with LIMIT/OFFSET.</li>
<li>Queries up to {settings.max_query_bytes} bytes, request bodies up to
{settings.max_body_bytes} bytes, brackets nested up to {settings.max_nesting} deep.</li>
<li>{settings.max_concurrent_queries} queries run at once; others wait up to
{settings.queue_timeout:g} s, then get 503 with Retry-After.</li>
</ul>
<h2>Example</h2>
<pre>{example}</pre>
<p>This description as <a href="?format=ttl">Turtle</a> or
<a href="?format=jsonld">JSON-LD</a>.</p>
</body></html>
"""
