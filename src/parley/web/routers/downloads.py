"""/downloads: the whole graph as files, with sizes, SHA-256, triple counts and the licence.

The files are written by `parley.export` once per store snapshot (in a background thread at
startup), cached under var/downloads/<snapshot>/ beside the store, and streamed from disk with
ETag = their SHA-256.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from parley.export import Manifest, cached_export, public_base
from parley.void import LICENSE, TITLE
from parley.web.once import Once
from parley.web.templating import templates

router = APIRouter(tags=["downloads"])


def startup(app: FastAPI) -> None:
    settings, store = app.state.settings, app.state.store
    root = settings.store_path.parent / "downloads"
    app.state.downloads = Once("downloads", lambda: cached_export(store, settings, root))
    app.state.downloads.start()


def _export(request: Request) -> tuple[Path, Manifest]:
    built: Once[tuple[Path, Manifest]] = request.app.state.downloads
    result = built.get()
    if result is None:
        raise HTTPException(503, f"the downloads could not be built: {built.error}",
                            headers={"Retry-After": "60"})
    return result


@router.get("/downloads", response_class=HTMLResponse)
@router.get("/downloads/", response_class=HTMLResponse, include_in_schema=False)
def downloads_page(request: Request) -> HTMLResponse:
    """The files of the current version, with their size, SHA-256 and triple count."""
    _, manifest = _export(request)
    return templates.TemplateResponse(request, "downloads.html", {
        "nav": "downloads",
        "manifest": manifest,
        "title": TITLE,
        "license": str(LICENSE),
        "base": public_base(request.app.state.settings),
        "alternates": [{"href": "/downloads/void.ttl", "type": "text/turtle",
                        "title": "VoID and DCAT description"}],
    })


@router.api_route("/downloads/{name}", methods=["GET", "HEAD"])
def download(name: str, request: Request) -> Response:
    """One file: a dump, void.ttl, CITATION.cff or SHA256SUMS. ETag is its SHA-256."""
    folder, manifest = _export(request)
    entry = manifest.file(name)
    if entry is None:
        raise HTTPException(404, f"no file {name!r}: see /downloads")
    etag = f'"{entry.sha256}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=3600"}
    if etag in {t.strip() for t in request.headers.get("if-none-match", "").split(",")}:
        return Response(status_code=304, headers=headers)
    media_type = entry.media_type
    if media_type.startswith("text/") or media_type.endswith(("+json", "x-yaml")):
        media_type += "; charset=utf-8"
    return FileResponse(folder / entry.name, media_type=media_type, filename=entry.name,
                        headers=headers, content_disposition_type="inline")
