"""/api/graph/{kind}/{slug}: a node's neighbourhood as nodes and edges, for the graph view."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from parley import describe
from parley.neighbourhood import EDGE_CAP, neighbourhood
from parley.web.deps import SettingsDep, StoreDep
from parley.web.problems import problem_response

router = APIRouter(tags=["lookups"])


class GraphNodeOut(BaseModel):
    id: str = Field(description="The node's IRI.")
    label: str = Field(description="Its English label, else the end of its IRI.")
    kind: str = Field(description="The IRI's kind (`person`, `delegation`...) or `external`.")
    href: str = Field(description="Where its page is: a path on this server, or the IRI.")


class GraphEdgeOut(BaseModel):
    # `from` is a Python keyword, so the field has another name and the JSON key is its alias.
    model_config = ConfigDict(populate_by_name=True)

    source: str = Field(alias="from", description="IRI of the subject.")
    target: str = Field(alias="to", description="IRI of the object.")
    label: str = Field(description="The property's English label, else its CURIE.")
    property: str = Field(description="The property's IRI.")


class GraphOut(BaseModel):
    center: str = Field(description="IRI of the node asked for.")
    nodes: list[GraphNodeOut] = Field(description="The node first, then its neighbours.")
    edges: list[GraphEdgeOut]
    truncated: bool = Field(description="True when edges were left out to stay within `limit`.")
    limit: int = Field(description="The most edges this answer may hold.")
    total_edges: int = Field(description="How many edges the neighbourhood has in all.")


LimitParam = Annotated[
    int, Query(ge=1, le=EDGE_CAP, description=f"At most this many edges (1-{EDGE_CAP}).")
]


@router.get(
    "/api/graph/{kind}/{slug}",
    response_model=GraphOut,
    responses={404: {"description": "No such node (problem JSON)."}},
    summary="A node's neighbours in the curated view, as nodes and edges",
    description=(
        "The node `/id/{kind}/{slug}`, every IRI it links to or is linked from in the curated "
        "view (literals and `rdf:type` left out), and the edges, labelled by property. At most "
        f"`limit` edges (default {EDGE_CAP}); `truncated` says when some were left out."
    ),
)
def api_graph(
    kind: str, slug: str, store: StoreDep, settings: SettingsDep, limit: LimitParam = EDGE_CAP
) -> GraphOut | Response:
    iri = f"{settings.base_iri}id/{kind}/{slug}"
    try:
        known = describe.exists(store, iri)
    except ValueError:  # not even a valid IRI
        known = False
    if not known:
        return problem_response(
            404, "not-found", detail=f"Parley has no node <{iri}>.", iri=iri, search="/search"
        )
    found = neighbourhood(store, iri, settings.base_iri, cap=limit)
    return GraphOut(
        center=found.center,
        nodes=[GraphNodeOut(id=n.id, label=n.label, kind=n.kind, href=n.href) for n in found.nodes],
        edges=[
            GraphEdgeOut(source=e.source, target=e.target, label=e.label, property=e.property)
            for e in found.edges
        ],
        truncated=found.truncated,
        limit=found.cap,
        total_edges=found.total_edges,
    )
