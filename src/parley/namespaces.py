"""Parley's namespaces and the prefix map shared by every serializer and query."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, VOID, XSD

BASE = "https://w3id.org/parley/"
PARLEY = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
SH = Namespace("http://www.w3.org/ns/shacl#")

# Well-known named graphs (see docs/graph-layout.md).
ONTOLOGY_GRAPH = GRAPH["ontology"]
SHAPES_GRAPH = GRAPH["shapes"]

PREFIXES: dict[str, str] = {
    "parley": str(PARLEY),
    "id": str(ID),
    "graph": str(GRAPH),
    "org": str(ORG),
    "sem": str(SEM),
    "prov": str(PROV),
    "time": str(TIME),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "schema": str(SCHEMA),
    "wd": str(WD),
    "sh": str(SH),
    "dcat": str(DCAT),
    "void": str(VOID),
}
