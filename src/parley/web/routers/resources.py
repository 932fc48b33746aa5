"""Dereferenceable IRIs: /id/{kind}/{slug} answers 303 to its document, chosen by Accept;
/id/{kind}/{slug}.{html,ttl,jsonld,nt,rdf} are the documents. Also the JSON-LD context."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from parley import describe
from parley.describe import FORMATS
from parley.web.deps import SettingsDep, StoreDep
from parley.web.negotiation import negotiate
from parley.web.problems import MEDIA_TYPE as PROBLEM_MEDIA_TYPE
from parley.web.problems import problem_response
from parley.web.templating import templates

router = APIRouter(tags=["linked data"])

# What a 404 can be written as; RDF clients get a comment in their syntax, others problem JSON.
NOT_FOUND_OFFERS = [
    "text/html",
    "application/json",
    PROBLEM_MEDIA_TYPE,
    "application/ld+json",
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
]


def startup(app: FastAPI) -> None:
    # The context follows the ontology in the store, so it is computed once the store is open.
    app.state.jsonld_context = describe.jsonld_context(app.state.store)


def split_suffix(path: str) -> tuple[str, str | None]:
    """("person/umerov", "ttl") for "person/umerov.ttl"; the suffix is None when there is none."""
    head, dot, ext = path.rpartition(".")
    if dot and ext in FORMATS and "/" not in ext:
        return head, ext
    return path, None


def _not_found(request: Request, iri: str, fmt: str | None, thing: str) -> Response:
    accept = request.headers.get("accept")
    media = FORMATS[fmt] if fmt else negotiate(accept, NOT_FOUND_OFFERS) or PROBLEM_MEDIA_TYPE
    detail = f"Parley has no node <{iri}>."
    if media == "text/html":
        index = getattr(request.app.state, "search_index", None)
        words = thing.rsplit("/", 1)[-1].replace("-", " ")
        hits = index.search(words, limit=5) if index else []
        base = request.app.state.settings.base_iri
        suggestions = [
            {"label": h.label, "type": h.type, "href": describe.local_href(h.iri, base)}
            for h in hits
        ]
        return templates.TemplateResponse(
            request,
            "not_found.html",
            {"iri": iri, "query": words, "suggestions": suggestions},
            status_code=404,
        )
    if media in ("text/turtle", "application/n-triples"):
        return Response(
            f"# 404 Not Found: {detail}\n", status_code=404, media_type=f"{media}; charset=utf-8"
        )
    return problem_response(404, "not-found", detail=detail, iri=iri, search="/search")


@router.get("/context.jsonld", summary="The JSON-LD context of Parley's documents")
def context(request: Request) -> Response:
    return JSONResponse(
        request.app.state.jsonld_context,
        media_type="application/ld+json",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.api_route(
    "/id/{path:path}",
    methods=["GET", "HEAD"],
    summary="Resolve a Parley IRI",
    description=(
        "`/id/{kind}/{slug}` answers **303 See Other** to the document chosen by `Accept` "
        "(HTML, Turtle, JSON-LD, N-Triples, RDF/XML); `/id/{kind}/{slug}.{html,ttl,jsonld,nt,rdf}` "
        "is that document. Unknown IRIs answer 404."
    ),
    response_class=Response,
)
def resource(path: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    thing, fmt = split_suffix(path)
    base = settings.base_iri
    iri = f"{base}id/{thing}"
    try:
        known = bool(thing) and describe.exists(store, iri)
    except ValueError:  # not even a valid IRI
        known = False
    if not known:
        return _not_found(request, iri, fmt, thing)
    if fmt is None:
        media = negotiate(request.headers.get("accept"), list(FORMATS.values()))
        if media is None:
            return problem_response(
                406,
                "not-acceptable",
                detail="No offered format matches the Accept header.",
                available=list(FORMATS.values()),
            )
        ext = next(e for e, m in FORMATS.items() if m == media)
        return RedirectResponse(f"/id/{thing}.{ext}", status_code=303, headers={"Vary": "Accept"})
    headers = {"Link": f'<{iri}>; rel="describes"'}
    if fmt == "html":
        description = describe.describe(store, iri, base)
        kind, _, slug = thing.partition("/")
        alternates = [
            {"href": f"/id/{thing}.{e}", "type": m} for e, m in FORMATS.items() if e != "html"
        ]
        return templates.TemplateResponse(
            request,
            "resource.html",
            {
                "d": description,
                "path": f"/id/{thing}",
                "formats": FORMATS,
                "alternates": alternates,
                "base_iri": base,
                "actor_href": f"/actors/{slug}" if kind in ("person", "org") else None,
            },
            headers=headers,
        )
    graph = describe.rdf_description(store, iri)
    context_url = str(request.base_url).rstrip("/") + "/context.jsonld"
    body = describe.serialize(graph, fmt, request.app.state.jsonld_context, context_url)
    return Response(body, media_type=f"{FORMATS[fmt]}; charset=utf-8", headers=headers)
