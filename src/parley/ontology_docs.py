"""HTML documentation of the ontology, made with pyLODE (pinned to 3.3.4; see docs)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from parley.settings import Settings

# Only the ontology and its external declarations go in: a skos:ConceptScheme in pyLODE's
# input would become the page title, so vocab.ttl and alignment.ttl stay out.
DOC_SOURCES = ("parley.ttl", "declarations.ttl")


def ontology_graph(settings: Settings) -> Graph:
    graph = Graph()
    for name in DOC_SOURCES:
        graph.parse(settings.ontology_dir / name, format="turtle")
    return graph


def build_ontology_docs(settings: Settings, out: Path) -> Path:
    """Write index.html for the ontology into folder `out`; return the file's path."""
    from pylode import OntPub

    out.mkdir(parents=True, exist_ok=True)
    source = out / ".ontology-for-pylode.ttl"
    ontology_graph(settings).serialize(source, format="turtle")
    try:
        html = OntPub(ontology=str(source)).make_html()
    finally:
        source.unlink(missing_ok=True)
    target = out / "index.html"
    target.write_text(html, encoding="utf-8")
    return target
