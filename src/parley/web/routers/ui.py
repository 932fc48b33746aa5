"""The query UI (/query: YASGUI with the example queries) and the OpenAPI docs (/docs).

Both pages load their scripts from /static/vendor (see scripts/vendor-js), never from a CDN.
"""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from parley.examples import examples
from parley.web.templating import templates

router = APIRouter(tags=["pages"])

SWAGGER = "/static/vendor/swagger-ui"
ENDPOINT = "/sparql"


@router.get("/query", response_class=HTMLResponse)
def query_page(request: Request, example: str | None = None) -> HTMLResponse:
    """The SPARQL editor with the example queries; `?example=NAME` opens that example."""
    found = examples()
    return templates.TemplateResponse(request, "query.html", {
        "nav": "query",
        "endpoint": ENDPOINT,
        "examples": found,
        "examples_json": [asdict(e) for e in found],
        "selected": example or "",
    })


@router.get("/query/examples.json")
def query_examples() -> JSONResponse:
    """The example queries: name, title, description and SPARQL text of each."""
    return JSONResponse([asdict(e) for e in examples()])


@router.get("/docs", include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url or "/openapi.json",
        title=f"{request.app.title} API",
        swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
        # The validator badge would fetch an image from validator.swagger.io.
        swagger_ui_parameters={"validatorUrl": None},
    )
