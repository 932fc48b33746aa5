"""Search by name in any script or spelling: /search (HTML) and /api/search (JSON)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from parley.describe import local_href
from parley.search import Hit, SearchIndex
from parley.web.problems import problem_response
from parley.web.templating import templates

router = APIRouter(tags=["lookups"])


def startup(app: FastAPI) -> None:
    app.state.search_index = SearchIndex.build(app.state.store, app.state.settings.base_iri + "id/")


class SearchResult(BaseModel):
    id: str = Field(description="The node's slug, unique across the dataset (e.g. `umerov`).")
    iri: str = Field(description="The node's IRI; it dereferences on this server.")
    label: str = Field(description="The English label (or the first label found).")
    type: str = Field(description="The node's most specific Parley class, as its label.")
    kind: str = Field(description="The IRI's kind segment: person, org, place, round, ...")
    score: float = Field(description="Match quality, 0-100; 100 is an exact label match.")
    matched: str = Field(description="The label (folded to ASCII) that matched best.")
    page: str = Field(description="The path of the node's HTML page on this server.")


class SearchResults(BaseModel):
    query: str
    results: list[SearchResult]


QueryParam = Annotated[str, Query(description="A name in any script or spelling.")]
LimitParam = Annotated[int, Query(ge=1, le=100, description="At most this many results.")]
KindParam = Annotated[
    list[str] | None, Query(description="Only these kinds (person, org, place, round, ...).")
]


def _result(hit: Hit, base: str) -> SearchResult:
    return SearchResult(
        id=hit.id,
        iri=hit.iri,
        label=hit.label,
        type=hit.type,
        kind=hit.kind,
        score=hit.score,
        matched=hit.matched,
        page=local_href(hit.iri, base),
    )


@router.get(
    "/api/search",
    response_model=SearchResults,
    summary="Find people, organisations, places, rounds and events by any label",
    responses={422: {"description": "Missing or empty `q` (problem JSON)."}},
)
def api_search(
    request: Request, q: QueryParam = "", limit: LimitParam = 20, kind: KindParam = None
) -> SearchResults | Response:
    if not q.strip():
        return problem_response(
            422,
            "invalid-parameter",
            title="Invalid parameter",
            detail="q must not be empty",
            invalid_params=[{"name": "q", "in": "query", "reason": "empty"}],
        )
    base = request.app.state.settings.base_iri
    hits = request.app.state.search_index.search(q, limit=limit, kinds=kind)
    return SearchResults(query=q, results=[_result(h, base) for h in hits])


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, q: str = "") -> Response:
    base = request.app.state.settings.base_iri
    hits = request.app.state.search_index.search(q, limit=30) if q.strip() else []
    return templates.TemplateResponse(
        request,
        "search.html",
        {"q": q, "results": [_result(h, base) for h in hits], "nav": "search"},
    )
