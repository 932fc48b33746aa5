"""Resource descriptions: what the page of one IRI shows, and its RDF document in each format.

A description is every curated triple with the node as subject or object, plus the records of
the claims whose named graphs hold such a triple (see docs/linked-data.md). Deprecated claims are
read from their named graphs so a page can show what was stated and why it was set aside.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from parley.media import GRAPH_DOCUMENTS, HTML
from parley.namespaces import PARLEY, PREFIXES
from parley.queries import load_query
from parley.store import GraphStore

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel)
ALT_LABEL_PROPERTIES = (SKOS.altLabel, SKOS.hiddenLabel)
LANGUAGE_ORDER = ("en", "uk", "ru")

# Document suffix -> media type: HTML, then the graph documents of the shared table.
FORMATS: dict[str, str] = {
    "html": HTML, **{suffix: f.media_type for suffix, f in GRAPH_DOCUMENTS.items()}
}


def compact(iri: str) -> str:
    """`parley:date` for a known namespace, else the IRI itself."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            best, name = namespace, prefix
    if best and iri != best:
        return f"{name}:{iri[len(best):]}"
    return iri


def local_href(iri: str, base: str) -> str:
    """The path this server answers an IRI at (same path as under the base), else the IRI."""
    return "/" + iri[len(base) :] if iri.startswith(base) else iri


@dataclass(frozen=True)
class Support:
    """One claim that states a triple: its article, quote, rank, and speaker."""

    claim: str
    claim_href: str
    source: str | None
    source_href: str | None
    source_label: str | None
    quote: str | None
    rank: str | None
    rank_label: str | None
    reason: str | None
    speaker: str | None
    speaker_href: str | None
    speaker_label: str | None

    @property
    def deprecated(self) -> bool:
        return self.rank == str(PARLEY.DeprecatedRank)

    @property
    def rank_name(self) -> str:
        if not self.rank:
            return "unranked"
        return self.rank_label or compact(self.rank).removeprefix("parley:")


@dataclass
class Value:
    term: Node
    label: str | None
    href: str | None
    curated: bool = True
    supports: list[Support] = field(default_factory=list)

    @property
    def is_iri(self) -> bool:
        return isinstance(self.term, URIRef)

    @property
    def text(self) -> str:
        return self.label or (compact(str(self.term)) if self.is_iri else str(self.term))

    @property
    def lang(self) -> str | None:
        return self.term.language if isinstance(self.term, Literal) else None

    @property
    def datatype(self) -> str | None:
        if isinstance(self.term, Literal) and self.term.datatype:
            return compact(str(self.term.datatype))
        return None


@dataclass
class PropertyGroup:
    prop: str
    label: str | None
    href: str
    values: list[Value] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.label or compact(self.prop)

    @property
    def curie(self) -> str:
        return compact(self.prop)


@dataclass
class Assertion:
    """A triple of a claim's own named graph (shown on the claim's page)."""

    subject: Value
    prop: PropertyGroup
    value: Value


@dataclass
class Description:
    iri: str
    labels: list[tuple[str, str]]
    alt_labels: list[tuple[str, str]]
    types: list[Value]
    outgoing: list[PropertyGroup]
    incoming: list[PropertyGroup]
    asserts: list[Assertion]

    @property
    def title(self) -> str:
        for lang in LANGUAGE_ORDER:
            for label_lang, text in self.labels:
                if label_lang == lang:
                    return text
        return self.labels[0][1] if self.labels else compact(self.iri)

    @property
    def deprecated_count(self) -> int:
        return sum(
            1 for group in [*self.outgoing, *self.incoming] for v in group.values if not v.curated
        )


def exists(store: GraphStore, iri: str) -> bool:
    return bool(store.select(load_query("resource_exists"), {"node": URIRef(iri)}))


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _language_key(pair: tuple[str, str]) -> tuple[int, str, str]:
    lang, text = pair
    rank = LANGUAGE_ORDER.index(lang) if lang in LANGUAGE_ORDER else len(LANGUAGE_ORDER)
    return (rank, lang, text)


def _supports(store: GraphStore, node: URIRef, base: str) -> dict[tuple[Node, ...], dict]:
    """(s, p, o) -> {"curated", labels, "supports": {claim: Support}} from every claim graph."""
    found: dict[tuple[Node, ...], dict] = {}
    for row in store.select(load_query("resource_claims"), {"node": node}):
        key = (row["s"], row["p"], row["o"])
        entry = found.setdefault(
            key,
            {"curated": bool(row.get("curated") and row["curated"].toPython()),
             "labels": {}, "supports": {}},
        )
        for name in ("pLabel", "oLabel", "sLabel"):
            if row.get(name) is not None:
                entry["labels"].setdefault(name, str(row[name]))
        claim = str(row["claim"])
        if claim in entry["supports"]:
            continue
        source, speaker = _text(row.get("source")), _text(row.get("speaker"))
        entry["supports"][claim] = Support(
            claim=claim,
            claim_href=local_href(claim, base),
            source=source,
            source_href=local_href(source, base) if source else None,
            source_label=_text(row.get("sourceLabel")),
            quote=_text(row.get("quote")),
            rank=_text(row.get("rank")),
            rank_label=_text(row.get("rankLabel")),
            reason=_text(row.get("reason")),
            speaker=speaker,
            speaker_href=local_href(speaker, base) if speaker else None,
            speaker_label=_text(row.get("speakerLabel")),
        )
    return found


def _value(term: Node, label: Node | str | None, base: str) -> Value:
    href = local_href(str(term), base) if isinstance(term, URIRef) else None
    return Value(term=term, label=_text(label), href=href)


def _sort_groups(groups: Iterable[PropertyGroup]) -> list[PropertyGroup]:
    ordered = sorted(groups, key=lambda g: (g.prop != str(RDF.type), g.text.lower()))
    for group in ordered:
        group.values.sort(key=lambda v: (not v.curated, v.text.lower()))
    return ordered


def describe(store: GraphStore, iri: str, base: str) -> Description:
    """The page model of `iri`: labels, types, statements out and in, each with its claims."""
    node = URIRef(iri)
    supports = _supports(store, node, base)
    out: dict[str, PropertyGroup] = {}
    inc: dict[str, PropertyGroup] = {}
    labels: list[tuple[str, str]] = []
    alt_labels: list[tuple[str, str]] = []
    types: list[Value] = []

    def group(table: dict[str, PropertyGroup], prop: Node, label: Node | None) -> PropertyGroup:
        key = str(prop)
        if key not in table:
            table[key] = PropertyGroup(key, _text(label), local_href(key, base))
        return table[key]

    def attach(value: Value, key: tuple[Node, ...]) -> Value:
        entry = supports.pop(key, None)
        if entry:
            value.supports = list(entry["supports"].values())
        return value

    for row in store.select(load_query("resource_out"), {"node": node}):
        p, o = row["p"], row["o"]
        if p in LABEL_PROPERTIES and isinstance(o, Literal):
            labels.append((o.language or "", str(o)))
        elif p in ALT_LABEL_PROPERTIES and isinstance(o, Literal):
            alt_labels.append((o.language or "", str(o)))
        value = attach(_value(o, row.get("oLabel"), base), (node, p, o))
        if p == RDF.type:
            types.append(value)
        group(out, p, row.get("pLabel")).values.append(value)
    for row in store.select(load_query("resource_in"), {"node": node}):
        s, p = row["s"], row["p"]
        value = attach(_value(s, row.get("sLabel"), base), (s, p, node))
        group(inc, p, row.get("pLabel")).values.append(value)
    # What remains was stated only by claims left out of the curated view (deprecated, superseded).
    for (s, p, o), entry in supports.items():
        outgoing = s == node
        term = o if outgoing else s
        label = entry["labels"].get("oLabel" if outgoing else "sLabel")
        value = _value(term, label, base)
        value.curated = entry["curated"]
        value.supports = list(entry["supports"].values())
        group(out if outgoing else inc, p, entry["labels"].get("pLabel")).values.append(value)

    asserts = [
        Assertion(
            subject=_value(row["s"], row.get("sLabel"), base),
            prop=PropertyGroup(str(row["p"]), _text(row.get("pLabel")),
                               local_href(str(row["p"]), base)),
            value=_value(row["o"], row.get("oLabel"), base),
        )
        for row in store.select(load_query("resource_graph"), {"node": node})
    ]
    return Description(
        iri=iri,
        labels=sorted(set(labels), key=_language_key),
        alt_labels=sorted(set(alt_labels), key=_language_key),
        types=types,
        outgoing=_sort_groups(out.values()),
        incoming=_sort_groups(inc.values()),
        asserts=asserts,
    )


def rdf_description(store: GraphStore, iri: str) -> Graph:
    graph = store.construct(load_query("resource_describe"), {"node": URIRef(iri)})
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def jsonld_context(store: GraphStore) -> dict[str, object]:
    """A compact context: the shared prefixes plus one term per Parley class and property."""
    context: dict[str, object] = dict(PREFIXES)
    terms: dict[str, dict[str, str] | str] = {}
    for row in store.select(load_query("resource_context_terms")):
        iri = str(row["term"])
        name = iri.rsplit("#", 1)[-1]
        if not name or name in context:
            continue
        kind = str(row["kind"])
        if kind.endswith("#Class"):
            terms[name] = iri
            continue
        existing = terms.get(name)
        definition: dict[str, str] = dict(existing) if isinstance(existing, dict) else {"@id": iri}
        iris = row.get("iris")
        if kind.endswith("#ObjectProperty") or (iris is not None and int(iris.toPython()) > 0):
            definition["@type"] = "@id"
        elif kind.endswith("#DatatypeProperty") and row.get("range") is not None:
            range_iri = str(row["range"])
            if range_iri.startswith(str(XSD)) and range_iri != str(XSD.string):
                definition.setdefault("@type", range_iri)
        terms[name] = definition
    context.update(dict(sorted(terms.items())))
    return {"@context": context}


def serialize(graph: Graph, fmt: str, context: Mapping[str, object] | None = None,
              context_url: str | None = None) -> str:
    """The document of a description in one of FORMATS (not html)."""
    if fmt == "jsonld":
        text = graph.serialize(format="json-ld", context=dict(context or {}), auto_compact=True)
        if context_url:
            # Point at the published context rather than repeating it in every document.
            document = json.loads(text)
            if isinstance(document, dict):
                document["@context"] = context_url
                return json.dumps(document, ensure_ascii=False, indent=2)
        return text
    return graph.serialize(format=GRAPH_DOCUMENTS[fmt].rdflib)
