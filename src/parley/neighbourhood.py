"""The neighbourhood of one node, as nodes and edges for the graph view of its page.

Only IRIs of the curated view count as neighbours (literals are on the page already); edges are
labelled with their property's label. The answer is capped at a number of edges, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from parley.describe import compact, local_href
from parley.queries import load_query
from parley.store import GraphStore

EDGE_CAP = 150
EXTERNAL = "external"


@dataclass(frozen=True)
class GraphNode:
    id: str
    label: str
    kind: str
    href: str


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    label: str
    property: str


@dataclass(frozen=True)
class Neighbourhood:
    center: str
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    total_edges: int
    cap: int

    @property
    def truncated(self) -> bool:
        return self.total_edges > len(self.edges)


def _kind(iri: str, base: str) -> str:
    """`person` for <base>id/person/umerov; anything outside /id/ is `external`."""
    prefix = f"{base}id/"
    if iri.startswith(prefix):
        kind, slash, _ = iri[len(prefix) :].partition("/")
        if slash and kind:
            return kind
    return EXTERNAL


def _href(iri: str, base: str) -> str:
    # Link straight to the HTML document: the bare /id/ path would 303 by Accept, and a
    # browser's Accept picks HTML anyway, so this saves a round trip.
    if _kind(iri, base) != EXTERNAL:
        return local_href(iri, base) + ".html"
    return local_href(iri, base)


def _fallback_label(iri: str) -> str:
    return compact(iri).rsplit("/", 1)[-1]


def neighbourhood(store: GraphStore, iri: str, base: str, cap: int = EDGE_CAP) -> Neighbourhood:
    """The node `iri`, its IRI neighbours both ways, and the edges between them (at most `cap`)."""
    rows = store.select(load_query("graph_neighbourhood"), {"node": URIRef(iri)})
    labels: dict[str, str] = {}
    edges: dict[tuple[str, str, str], GraphEdge] = {}
    for row in rows:
        other, prop = str(row["other"]), str(row["p"])
        source, target = (iri, other) if str(row["dir"]) == "out" else (other, iri)
        if row.get("nodeLabel") is not None:
            labels.setdefault(iri, str(row["nodeLabel"]))
        if row.get("otherLabel") is not None:
            labels.setdefault(other, str(row["otherLabel"]))
        label = str(row["pLabel"]) if row.get("pLabel") is not None else compact(prop)
        # A self-loop comes back once each way; keying on the triple keeps it once.
        edges.setdefault((source, prop, target), GraphEdge(source, target, label, prop))
    everything = list(edges.values())
    kept = everything[:cap]
    order = [iri, *(end for e in kept for end in (e.source, e.target))]
    nodes = [
        GraphNode(id=n, label=labels.get(n) or _fallback_label(n), kind=_kind(n, base),
                  href=_href(n, base))
        for n in dict.fromkeys(order)
    ]
    return Neighbourhood(center=iri, nodes=nodes, edges=kept, total_edges=len(everything), cap=cap)
