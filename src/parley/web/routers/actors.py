"""Who held which post when: /actors, /actors/{id}[?at=], and the JSON twins under /api/actors."""

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
from parley.web.templating import templates

router = APIRouter(tags=["lookups"])

AT_HELP = (
    "A date, YYYY-MM-DD. A post counts as held on it when one of its intervals contains "
    "it (ends inclusive, missing ends open) or an article attests it on that day."
)


class Actor(BaseModel):
    id: str = Field(description="The slug, unique across the dataset (e.g. `umerov`).")
    iri: str
    kind: str = Field(description="`person` or `org`.")
    label: str = Field(description="The English label.")
    types: list[str] = Field(description="Parley classes of the actor.")
    page: str = Field(description="Path of the actor's page on this server.")


class RoleOut(BaseModel):
    post: str = Field(description="IRI of the post.")
    organisation: str | None = Field(description="IRI of the organisation the post is in.")
    start: dt.date | None = Field(description="First day of the term, when known.")
    end: dt.date | None = Field(description="Last day of the term (inclusive); null if open.")
    attested: list[dt.date] = Field(description="Days an article shows the post held.")
    sources: list[Source]
    post_label: str | None = None
    organisation_label: str | None = None
    holding: str = Field(description="IRI of the post holding (org:Membership).")


class RolesOut(BaseModel):
    actor: Actor
    roles: list[RoleOut]
    at: dt.date | None = Field(None, description="The date asked for, if any.")


class DelegationOut(BaseModel):
    delegation: str
    delegation_label: str | None
    role: str = Field(description="head, member, party or represented.")
    round: str | None
    round_label: str | None
    date: dt.date | None
    party: str | None
    sources: list[Source]


class StatementOut(BaseModel):
    item: str
    kind: str
    label: str | None
    role: str = Field(description="How the actor took part: speaker, proposedBy, addressee...")
    date: dt.date | None
    quote: str | None
    sources: list[Source]


class ClaimOut(BaseModel):
    claim: str
    label: str | None
    source: Source


class ActorOut(BaseModel):
    actor: Actor
    labels: dict[str, list[str]] = Field(description="Labels by language tag.")
    alt_labels: dict[str, list[str]] = Field(description="Spelling variants by language tag.")
    same_as: list[str]
    roles: list[RoleOut]
    delegations: list[DelegationOut]
    statements: list[StatementOut]
    claims: list[ClaimOut] = Field(description="Claims whose words are attributed to the actor.")


class ActorList(BaseModel):
    actors: list[Actor]


def _actor(a: lookup.ActorSummary) -> Actor:
    return Actor(
        id=a.id, iri=a.iri, kind=a.kind, label=a.label, types=list(a.types), page=f"/actors/{a.id}"
    )


def _role(r: lookup.Role) -> RoleOut:
    return RoleOut(
        post=r.post,
        organisation=r.organisation,
        start=r.start,
        end=r.end,
        attested=r.attested,
        sources=[source_out(s) for s in r.sources],
        post_label=r.post_label,
        organisation_label=r.organisation_label,
        holding=r.holding,
    )


def _by_lang(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for lang, text in pairs:
        grouped.setdefault(lang, []).append(text)
    return grouped


def _bad_date(error: ValueError) -> Response:
    return problem_response(
        422,
        "invalid-parameter",
        title="Invalid parameter",
        detail=f"at: {error}",
        invalid_params=[{"name": "at", "in": "query", "reason": str(error)}],
    )


def _unknown(actor_id: str) -> Response:
    return problem_response(
        404,
        "not-found",
        detail=f"No person or organisation has the id {actor_id!r}.",
        search=f"/api/search?q={actor_id}",
    )


NOT_FOUND = {404: {"description": "No such actor (problem JSON)."}}
AtParam = Annotated[str | None, Query(description=AT_HELP, examples=["2025-06-02"])]
BAD_DATE = {422: {"description": "`at` is not a date YYYY-MM-DD (problem JSON naming it)."}}


@router.get("/api/actors", response_model=ActorList, summary="People and organisations")
def api_actors(store: StoreDep) -> ActorList:
    return ActorList(actors=[_actor(a) for a in lookup.list_actors(store)])


@router.get(
    "/api/actors/{actor_id}",
    response_model=ActorOut,
    responses=NOT_FOUND,
    summary="An actor's posts, delegations, statements and claims, with sources",
)
def api_actor(actor_id: str, store: StoreDep) -> ActorOut | Response:
    profile = lookup.actor_profile(store, actor_id)
    if profile is None:
        return _unknown(actor_id)
    return ActorOut(
        actor=_actor(profile.actor),
        labels=_by_lang(profile.labels),
        alt_labels=_by_lang(profile.alt_labels),
        same_as=profile.same_as,
        roles=[_role(r) for r in profile.roles],
        delegations=[
            DelegationOut(
                delegation=d.delegation,
                delegation_label=d.delegation_label,
                role=d.role_name,
                round=d.round,
                round_label=d.round_label,
                date=d.date,
                party=d.party,
                sources=[source_out(s) for s in d.sources],
            )
            for d in profile.delegations
        ],
        statements=[
            StatementOut(
                item=u.item,
                kind=u.kind,
                label=u.label,
                role=u.role,
                date=u.date,
                quote=u.quote,
                sources=[source_out(s) for s in u.sources],
            )
            for u in profile.statements
        ],
        claims=[
            ClaimOut(claim=c.claim, label=c.label, source=source_out(c.source))
            for c in profile.claims
        ],
    )


@router.get(
    "/api/actors/{actor_id}/roles",
    response_model=RolesOut,
    responses={**NOT_FOUND, **BAD_DATE},
    summary="The posts an actor held, optionally only those held on one date",
    description=AT_HELP,
)
def api_roles(actor_id: str, store: StoreDep, at: AtParam = None) -> RolesOut | Response:
    day = None
    if at is not None:
        try:
            day = lookup.parse_date(at)
        except ValueError as error:
            return _bad_date(error)
    found = lookup.actor_roles(store, actor_id)
    if found is None:
        return _unknown(actor_id)
    actor, roles = found
    if day is not None:
        roles = [r for r in roles if r.held_on(day)]
    return RolesOut(actor=_actor(actor), roles=[_role(r) for r in roles], at=day)


@router.get("/actors", response_class=HTMLResponse, include_in_schema=False)
def actors_page(request: Request, store: StoreDep) -> Response:
    actors = lookup.list_actors(store)
    return templates.TemplateResponse(
        request,
        "actors.html",
        {
            "people": [a for a in actors if a.kind == "person"],
            "organisations": [a for a in actors if a.kind == "org"],
            "nav": "actors",
        },
    )


@router.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
def actor_page(actor_id: str, request: Request, store: StoreDep, at: str | None = None) -> Response:
    profile = lookup.actor_profile(store, actor_id)
    if profile is None:
        return templates.TemplateResponse(
            request,
            "not_found.html",
            {"iri": f"/actors/{actor_id}", "query": actor_id.replace("-", " "), "suggestions": []},
            status_code=404,
        )
    day, error = None, None
    if at:
        try:
            day = lookup.parse_date(at)
        except ValueError as problem_:
            error = str(problem_)
    base = request.app.state.settings.base_iri
    return templates.TemplateResponse(
        request,
        "actor.html",
        {
            "p": profile,
            "at": at or "",
            "day": day,
            "error": error,
            "held": profile.roles_on(day) if day else None,
            "page_iri": profile.actor.iri[len(base) - 1 :]
            if profile.actor.iri.startswith(base)
            else profile.actor.iri,
            "nav": "actors",
            "alternates": [{"href": f"/api/actors/{actor_id}", "type": "application/json"}],
        },
        status_code=400 if error else 200,
    )
