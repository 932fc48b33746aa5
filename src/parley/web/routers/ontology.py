"""The ontology document: /ontology (HTML for browsers, RDF otherwise) and /ontology.{ttl,...}.

The RDF is graph:ontology as loaded in the store. The HTML is pyLODE's page, built by
`parley.ontology_docs` once per version of the ontology files, in a background thread started at
startup, and cached under var/ontology/<digest>/ beside the store.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from parley.loading import input_files
from parley.media import GRAPH_DOCUMENTS, HTML
from parley.namespaces import PREFIXES
from parley.queries import load_query
from parley.settings import Settings
from parley.store import GraphStore
from parley.web.negotiation import negotiate
from parley.web.once import Once

router = APIRouter(tags=["ontology"])

# suffix -> (media type, rdflib format), from the shared table
RDF_FORMATS: dict[str, tuple[str, str]] = {
    suffix: (f.media_type, f.rdflib) for suffix, f in GRAPH_DOCUMENTS.items()
}
# Turtle first: a client that accepts anything (*/*) is a script, and gets RDF; browsers name
# text/html explicitly and get the page.
OFFERED = [RDF_FORMATS["ttl"][0], HTML, *(t for t, _ in list(RDF_FORMATS.values())[1:])]


def cache_root(settings: Settings) -> Path:
    return settings.store_path.parent / "ontology"


def ontology_digest(settings: Settings) -> str:
    sha = hashlib.sha256()
    for path in input_files(settings).ontology:
        sha.update(path.name.encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


def build_page(settings: Settings) -> Path:
    """pyLODE's page for the current ontology files, reused while they do not change."""
    from parley.ontology_docs import build_ontology_docs

    root = cache_root(settings)
    folder = root / ontology_digest(settings)
    page = folder / "index.html"
    if page.is_file():
        return page
    building = root / f".{folder.name}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    built = build_ontology_docs(settings, building)
    try:
        building.rename(folder)
    except OSError:  # another process got there first
        shutil.rmtree(building, ignore_errors=True)
    else:
        for stale in root.iterdir():
            if stale.name != folder.name and not stale.name.startswith("."):
                shutil.rmtree(stale, ignore_errors=True)
    return folder / built.relative_to(building)


def ontology_documents(store: GraphStore) -> dict[str, bytes]:
    """graph:ontology in every format; the snapshot served is fixed while the store is open."""
    graph = store.construct(load_query("ontology_graph"))
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return {suffix: graph.serialize(format=fmt, encoding="utf-8")
            for suffix, (_, fmt) in RDF_FORMATS.items()}


def startup(app: FastAPI) -> None:
    settings = app.state.settings
    app.state.ontology_docs = Once("ontology-docs", lambda: build_page(settings))
    app.state.ontology_docs.start()
    store = app.state.store
    app.state.ontology_rdf = Once("ontology-rdf", lambda: ontology_documents(store))
    app.state.ontology_rdf.start()


def _rdf(request: Request, suffix: str, vary: bool = False) -> Response:
    media_type = RDF_FORMATS[suffix][0]
    headers = {"Content-Location": f"/ontology.{suffix}"}
    if vary:
        headers["Vary"] = "Accept"
    documents = request.app.state.ontology_rdf.get()
    if documents is None:
        raise HTTPException(503, f"the ontology could not be read from the store: "
                                 f"{request.app.state.ontology_rdf.error}")
    body = documents[suffix]
    return Response(body, media_type=f"{media_type}; charset=utf-8", headers=headers)


def _html(request: Request) -> Response:
    docs: Once[Path] = request.app.state.ontology_docs
    page = docs.get()
    if page is None:
        links = " · ".join(f'<a href="/ontology.{s}">{s}</a>' for s in RDF_FORMATS)
        return HTMLResponse(
            f"<!doctype html><title>Ontology - Parley</title><h1>Parley ontology</h1>"
            f"<p>The HTML documentation could not be built ({docs.error}). "
            f"The ontology itself: {links}</p>",
            status_code=503, headers={"Vary": "Accept", "Retry-After": "60"},
        )
    return FileResponse(page, media_type="text/html; charset=utf-8", headers={"Vary": "Accept"})


@router.get("/ontology", response_class=HTMLResponse)
def ontology(request: Request) -> Response:
    """The ontology: pyLODE HTML for browsers; Turtle, JSON-LD, N-Triples or RDF/XML by Accept."""
    chosen = negotiate(request.headers.get("accept"), OFFERED)
    if chosen is None:
        raise HTTPException(406, f"the ontology is available as {', '.join(OFFERED)}")
    if chosen == HTML:
        return _html(request)
    suffix = next(s for s, (t, _) in RDF_FORMATS.items() if t == chosen)
    return _rdf(request, suffix, vary=True)


@router.get("/ontology.html", response_class=HTMLResponse)
def ontology_html(request: Request) -> Response:
    return _html(request)


@router.get("/ontology.{suffix}")
def ontology_document(suffix: str, request: Request) -> Response:
    """graph:ontology as one document: `ttl`, `jsonld`, `nt` or `rdf` (RDF/XML)."""
    if suffix not in RDF_FORMATS:
        raise HTTPException(404, f"no /ontology.{suffix}: use one of {', '.join(RDF_FORMATS)}")
    return _rdf(request, suffix)
