"""The VoID and DCAT description of the dataset and of each file it is published as.

Every count in it is measured on the store (queries `void_*.rq`) or on the files just written,
so `void:triples` always equals what a reader gets when parsing the dump.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, SKOS, TIME, VOID, XSD

from parley.namespaces import BASE, GRAPH, ID, ORG, PARLEY, PREFIXES, SEM
from parley.queries import load_query
from parley.settings import Settings
from parley.store import GraphStore

if TYPE_CHECKING:
    from parley.export import FileEntry

SPDX = Namespace("http://spdx.org/rdf/terms#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
IANA = "https://www.iana.org/assignments/media-types/"
WIKIDATA = URIRef("http://www.wikidata.org/")
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
DATASET = URIRef(BASE + "dataset")
TITLE = "Parley: a knowledge graph of the 2025 Russia–Ukraine direct talks in Istanbul"
DESCRIPTION = (
    "Actors, delegations, rounds, agreements, prisoner exchanges, repatriations of remains, "
    "proposals and statements around the 2025 Russia–Ukraine direct talks in Istanbul, "
    "extracted from five news articles. Every fact is a claim (a named graph) with its article "
    "and quote; the default graph is the curated view, without deprecated or superseded claims."
)
# Turtle and N-Triples hold no named graphs: they are dumps of the curated view alone.
CURATED_MEDIA_TYPES = {"text/turtle", "application/n-triples"}
# W3C format IRIs, for void:feature.
FEATURES = {
    "text/turtle": FORMATS_NS.Turtle,
    "application/n-triples": FORMATS_NS["N-Triples"],
    "application/trig": FORMATS_NS.TriG,
    "application/n-quads": FORMATS_NS["N-Quads"],
    "application/ld+json": FORMATS_NS["JSON-LD"],
}


def _int(value: object) -> Literal:
    return Literal(int(str(value)), datatype=XSD.integer)


def build_void(
    store: GraphStore,
    settings: Settings,
    files: Sequence[FileEntry],
    *,
    version: str,
    issued: date,
    quads: int,
    default_triples: int,
) -> Graph:
    from parley.export import public_base

    base = public_base(settings)
    downloads = base + "downloads/"
    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace, replace=True)
    g.bind("spdx", SPDX)

    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((d, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((d, DCTERMS.license, LICENSE))
    g.add((d, DCTERMS.creator, Literal("The Parley contributors")))
    g.add((d, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
    g.add((d, DCTERMS.modified, Literal(issued.isoformat(), datatype=XSD.date)))
    g.add((d, OWL.versionInfo, Literal(version)))
    g.add((d, DCTERMS.hasVersion, Literal(version)))
    g.add((d, DCTERMS.bibliographicCitation, Literal(
        f"The Parley contributors. {TITLE}. Version {version}, {issued.isoformat()}. "
        f"{base} (CC BY 4.0).")))
    g.add((d, DCAT.landingPage, URIRef(downloads)))
    g.add((d, FOAF.homepage, URIRef(base)))
    g.add((d, VOID.sparqlEndpoint, URIRef(base + "sparql")))
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g.add((d, VOID.rootResource, URIRef(BASE + "ontology")))
    for vocabulary in (PARLEY, ORG, PROV, TIME, SEM, SKOS, DCTERMS, FOAF):
        g.add((d, VOID.vocabulary, URIRef(str(vocabulary))))
    for keyword in ("Russia", "Ukraine", "Istanbul talks", "prisoner exchange", "diplomacy"):
        g.add((d, DCAT.keyword, Literal(keyword, lang="en")))
    for row in store.select(load_query("void_sources")):
        g.add((d, DCTERMS.source, row["article"]))
    example = ID["round/1"]
    g.add((d, VOID.exampleResource, example))

    # The whole dataset is every quad; the curated view is the default graph alone.
    g.add((d, VOID.triples, _int(quads)))
    stats = store.select(load_query("void_stats"))[0]
    classes = store.select(load_query("void_classes"))[0]
    curated = URIRef(BASE + "dataset/curated")
    g.add((d, VOID.subset, curated))
    g.add((curated, RDF.type, VOID.Dataset))
    g.add((curated, DCTERMS.title, Literal("The curated view (default graph)", lang="en")))
    g.add((curated, VOID.triples, _int(default_triples)))
    for name in ("distinctSubjects", "properties", "distinctObjects"):
        g.add((curated, VOID[name], _int(stats[name])))
    g.add((curated, VOID.classes, _int(classes["classes"])))
    g.add((curated, VOID.entities, _int(classes["entities"])))

    claims = claim_triples = 0
    for row in store.select(load_query("void_graphs")):
        name, count = row["graph"], int(str(row["triples"]))
        if str(name).startswith(str(GRAPH)):
            g.add((d, VOID.subset, name))
            g.add((name, RDF.type, VOID.Dataset))
            g.add((name, VOID.triples, _int(count)))
        else:
            claims += 1
            claim_triples += count
    claim_set = URIRef(BASE + "dataset/claims")
    g.add((d, VOID.subset, claim_set))
    g.add((claim_set, RDF.type, VOID.Dataset))
    g.add((claim_set, DCTERMS.description, Literal(
        f"The {claims} claims, each a named graph of the triples one article states.", lang="en")))
    g.add((claim_set, VOID.triples, _int(claim_triples)))

    links = URIRef(BASE + "dataset/wikidata-links")
    g.add((d, VOID.subset, links))
    g.add((links, RDF.type, VOID.Linkset))
    g.add((links, VOID.linkPredicate, OWL.sameAs))
    g.add((links, VOID.subjectsTarget, d))
    g.add((links, VOID.objectsTarget, WIKIDATA))
    count = store.select(load_query("void_wikidata_links"))[0]["links"]
    g.add((links, VOID.triples, _int(count)))
    g.add((WIKIDATA, RDF.type, VOID.Dataset))
    g.add((WIKIDATA, DCTERMS.title, Literal("Wikidata", lang="en")))
    g.add((WIKIDATA, VOID.uriSpace, Literal("http://www.wikidata.org/entity/")))

    for entry in files:
        url = URIRef(downloads + entry.name)
        feature = FEATURES.get(entry.media_type)
        if feature is not None:
            # Only the RDF dumps are dumps of the dataset; VoID and the citation describe it.
            g.add((d, VOID.dataDump, url))
            g.add((d, VOID.feature, feature))
            if entry.media_type in CURATED_MEDIA_TYPES:
                g.add((curated, VOID.dataDump, url))
        g.add((d, DCAT.distribution, url))
        g.add((url, RDF.type, DCAT.Distribution))
        g.add((url, DCTERMS.title, Literal(entry.title, lang="en")))
        g.add((url, DCAT.downloadURL, url))
        g.add((url, DCAT.mediaType, URIRef(IANA + entry.media_type)))
        g.add((url, DCAT.byteSize, Literal(entry.size, datatype=XSD.nonNegativeInteger)))
        g.add((url, DCTERMS.license, LICENSE))
        if entry.triples is not None and feature is not None:
            g.add((url, VOID.triples, _int(entry.triples)))
        checksum = URIRef(f"{url}#sha256")
        g.add((url, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(entry.sha256, datatype=XSD.hexBinary)))
    return g
