"""The timeline of rounds, exchanges, repatriations, proposals, ultimatums and statements:
/timeline (vis-timeline, from our own static files) and /api/timeline (JSON)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from parley import lookup
from parley.web.deps import StoreDep
from parley.web.problems import problem_response
from parley.web.sources import Source, source_out
from parley.web.templating import local, templates

router = APIRouter(tags=["lookups"])


class CountOut(BaseModel):
    value: int | None = Field(description="The number.")
    qualifier: str | None = Field(description="IRI of the qualifier (parley:AtLeast, ...).")
    qualifier_label: str | None = None
    statedAs: str | None = Field(description="The verbatim phrase, e.g. 'at least 1,200'.")
    perSide: bool | None = Field(None, description="True when the number is 'from each side'.")
    category: str | None = None
    category_label: str | None = None
    fromParty: str | None = None
    toParty: str | None = None
    asOf: dt.date | None = None
    via: str = Field(description="`event`, or `agreement` for terms agreed at a round.")
    text: str = Field(description="A readable form: the verbatim phrase or qualifier + value.")


class ActorRef(BaseModel):
    id: str
    iri: str
    label: str
    role: str = Field(description="The linking property: speaker, headedBy, host, ...")


class ItemOut(BaseModel):
    id: str
    iri: str
    kind: str = Field(description="round, exchange, repatriation, proposal, ultimatum, statement")
    label: str
    date: dt.date
    counts: list[CountOut]
    actors: list[ActorRef]
    sources: list[Source]
    quote: str | None = None
    page: str


class TimelineOut(BaseModel):
    items: list[ItemOut]


ActorParam = Annotated[str | None, Query(description="Only events involving this actor (slug).")]
KindParam = Annotated[
    list[str] | None,
    Query(
        description="Only these kinds (repeat or comma-separate): "
        + ", ".join(lookup.TIMELINE_KINDS)
    ),
]


def _kinds(kind: list[str] | None) -> list[str] | None:
    if not kind:
        return None
    return [k.strip() for value in kind for k in value.split(",") if k.strip()]


def _item(i: lookup.TimelineItem) -> ItemOut:
    return ItemOut(
        id=i.id,
        iri=i.iri,
        kind=i.kind,
        label=i.label,
        date=i.date,
        quote=i.quote,
        page=local(i.iri),
        counts=[
            CountOut(
                value=c.value,
                qualifier=c.qualifier,
                qualifier_label=c.qualifier_label,
                statedAs=c.stated_as,
                perSide=c.per_side,
                category=c.category,
                category_label=c.category_label,
                fromParty=c.from_party,
                toParty=c.to_party,
                asOf=c.as_of,
                via=c.via,
                text=c.text,
            )
            for c in i.counts
        ],
        actors=[ActorRef(id=a.id, iri=a.iri, label=a.label, role=a.role) for a in i.actors],
        sources=[source_out(s) for s in i.sources],
    )


def _filtered(store: StoreDep, actor: str | None, kind: list[str] | None) -> TimelineOut | Response:
    kinds = _kinds(kind)
    bad = [k for k in kinds or [] if k not in lookup.TIMELINE_KINDS]
    if bad:
        reason = f"unknown kind {bad[0]!r}; use one of {', '.join(lookup.TIMELINE_KINDS)}"
        return problem_response(
            422,
            "invalid-parameter",
            title="Invalid parameter",
            detail=f"kind: {reason}",
            invalid_params=[{"name": "kind", "in": "query", "reason": reason}],
        )
    if actor and lookup.actor_iri(store, actor) is None:
        return problem_response(
            404,
            "not-found",
            detail=f"No person or organisation has the id {actor!r}.",
            invalid_params=[{"name": "actor", "in": "query", "reason": "unknown"}],
        )
    items = lookup.timeline(store, actor=actor or None, kinds=kinds)
    return TimelineOut(items=[_item(i) for i in items])


@router.get(
    "/api/timeline",
    response_model=TimelineOut,
    summary="Events in date order, with counts, actors and sources",
    responses={
        404: {"description": "Unknown actor (problem JSON)."},
        422: {"description": "Unknown kind (problem JSON)."},
    },
)
def api_timeline(
    store: StoreDep, actor: ActorParam = None, kind: KindParam = None
) -> TimelineOut | Response:
    return _filtered(store, actor, kind)


@router.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(
    request: Request, store: StoreDep, actor: str | None = None, kind: str | None = None
) -> Response:
    result = _filtered(store, actor, [kind] if kind else None)
    error = None
    if isinstance(result, Response):
        error = "That actor or kind is unknown; showing everything."
        result = _filtered(store, None, None)
    assert isinstance(result, TimelineOut)
    everyone = lookup.timeline(store)
    involved = {a.id: a.label for item in everyone for a in item.actors}
    return templates.TemplateResponse(
        request,
        "timeline.html",
        {
            "items": result.items,
            "data": result.model_dump(mode="json")["items"],
            "actors": sorted(involved.items(), key=lambda pair: pair[1].lower()),
            "kinds": lookup.TIMELINE_KINDS,
            "actor": actor or "",
            "kind": kind or "",
            "error": error,
            "nav": "timeline",
        },
        status_code=200 if error is None else 400,
    )
