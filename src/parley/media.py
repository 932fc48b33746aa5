"""The one table of media types Parley serves for SPARQL answers.

Every other module (the endpoint, the worker pool, the service description, the CLI) reads this
table, so adding a format here is the only change needed to advertise, negotiate and serialize it.
`engine` names the pyoxigraph format constant (`QueryResultsFormat.<engine>` for results,
`RdfFormat.<engine>` for graphs); only the store layer turns that name into an object.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    RESULTS = "results"  # SELECT and ASK
    GRAPH = "graph"  # CONSTRUCT and DESCRIBE


@dataclass(frozen=True)
class MediaFormat:
    name: str  # short name, the canonical `format=` value
    media_type: str
    kind: Kind
    engine: str
    extension: str
    w3c: str  # the W3C "formats" IRI the service description lists
    aliases: tuple[str, ...] = ()  # further `format=` values
    also: tuple[str, ...] = ()  # further media types a client may ask for, served as such
    text: bool = True  # whether to add `; charset=utf-8`
    rdflib: str = ""  # rdflib's serializer name, for documents the app writes itself

    def content_type(self, media_type: str | None = None) -> str:
        chosen = media_type or self.media_type
        return f"{chosen}; charset=utf-8" if self.text else chosen


_NS = "http://www.w3.org/ns/formats/"

FORMATS: tuple[MediaFormat, ...] = (
    MediaFormat("json", "application/sparql-results+json", Kind.RESULTS, "JSON", "srj",
                _NS + "SPARQL_Results_JSON", ("srj",), ("application/json",)),
    MediaFormat("xml", "application/sparql-results+xml", Kind.RESULTS, "XML", "srx",
                _NS + "SPARQL_Results_XML", ("srx",), ("application/xml", "text/xml")),
    MediaFormat("csv", "text/csv", Kind.RESULTS, "CSV", "csv", _NS + "SPARQL_Results_CSV"),
    MediaFormat("tsv", "text/tab-separated-values", Kind.RESULTS, "TSV", "tsv",
                _NS + "SPARQL_Results_TSV"),
    MediaFormat("ttl", "text/turtle", Kind.GRAPH, "TURTLE", "ttl", _NS + "Turtle",
                ("turtle", "n3"), ("application/x-turtle", "text/n3", "text/rdf+n3"),
                rdflib="turtle"),
    MediaFormat("nt", "application/n-triples", Kind.GRAPH, "N_TRIPLES", "nt",
                _NS + "N-Triples", ("ntriples", "n-triples"), rdflib="nt11"),
    MediaFormat("jsonld", "application/ld+json", Kind.GRAPH, "JSON_LD", "jsonld",
                _NS + "JSON-LD", ("json-ld",), rdflib="json-ld"),
    MediaFormat("rdfxml", "application/rdf+xml", Kind.GRAPH, "RDF_XML", "rdf",
                _NS + "RDF_XML", ("rdf", "rdf+xml", "rdf-xml", "owl"), rdflib="xml"),
    MediaFormat("nq", "application/n-quads", Kind.GRAPH, "N_QUADS", "nq", _NS + "N-Quads",
                ("nquads", "n-quads"), rdflib="nquads"),
    MediaFormat("trig", "application/trig", Kind.GRAPH, "TRIG", "trig", _NS + "TriG",
                rdflib="trig"),
)

_BY_NAME = {alias: f for f in FORMATS for alias in (f.name, *f.aliases)}
_BY_TYPE = {media_type: f for f in FORMATS for media_type in (f.media_type, *f.also)}


def formats(kind: Kind) -> list[MediaFormat]:
    return [f for f in FORMATS if f.kind is kind]


def offered(kind: Kind) -> list[str]:
    """Media types to negotiate, in the server's order of preference (the first is the default)."""
    primary = [f.media_type for f in formats(kind)]
    return primary + [t for f in formats(kind) for t in f.also]


def by_media_type(media_type: str) -> MediaFormat | None:
    return _BY_TYPE.get(media_type.split(";")[0].strip().lower())


def by_name(value: str) -> MediaFormat | None:
    """A `format=` value: a short name (json, ttl, ...) or a full media type."""
    value = value.strip().lower()
    return _BY_NAME.get(value) or by_media_type(value)


# `format=xml` / `format=json` mean the results format for SELECT and ASK, but clients such as
# SPARQLWrapper send the same words for a CONSTRUCT wanting RDF/XML or JSON-LD.
_COUNTERPART = {"xml": "rdfxml", "rdfxml": "xml", "json": "jsonld", "jsonld": "json"}


def for_kind(fmt: MediaFormat, kind: Kind) -> MediaFormat | None:
    """`fmt`, or its counterpart for the other query kind, or None."""
    if fmt.kind is kind:
        return fmt
    other = _COUNTERPART.get(fmt.name)
    return by_name(other) if other else None


# Documents about one graph (a resource page, the ontology, the service description), by file
# suffix, in the server's order of preference; HTML is offered beside them by each route.
HTML = "text/html"
GRAPH_DOCUMENTS: dict[str, MediaFormat] = {
    f.extension: f for f in FORMATS if f.name in ("ttl", "jsonld", "nt", "rdfxml")
}


def listing(kinds: Sequence[Kind] = (Kind.RESULTS, Kind.GRAPH)) -> list[dict[str, str]]:
    """What is available, for 406 bodies and the service description."""
    return [
        {"format": f.name, "media_type": f.media_type, "for": f.kind.value}
        for f in FORMATS
        if f.kind in kinds
    ]
