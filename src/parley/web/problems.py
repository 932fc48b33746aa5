"""RFC 9457 problem bodies, and the exception handlers that turn every failure into one.

A status must tell the truth: the client's fault is a 4xx whose `detail` says what to change,
an overloaded or stopped query a 503 with Retry-After, and our own fault an opaque 500 whose
details (with the incident id the client sees) go to the server log only.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from parley.store.base import (
    Overloaded,
    QueryInvalid,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    QueryTooLarge,
    ResultTooLarge,
    StoreError,
    StoreMissing,
    WorkerFailed,
)

log = logging.getLogger("parley.web")

PROBLEM_TYPES = "https://w3id.org/parley/problems/"
MEDIA_TYPE = "application/problem+json"

_TITLES = {
    400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    406: "Not Acceptable", 413: "Content Too Large", 415: "Unsupported Media Type",
    422: "Unprocessable Content", 429: "Too Many Requests", 500: "Internal Server Error",
    503: "Service Unavailable",
}


class Problem(Exception):
    """Raise from a handler to answer with a problem body."""

    def __init__(self, status: int, slug: str, detail: str, title: str | None = None,
                 headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(detail)
        self.status = status
        self.slug = slug
        self.detail = detail
        self.title = title or _TITLES.get(status, "Error")
        self.headers = headers or {}
        self.extra = extra


def problem_response(
    status: int, slug: str, detail: str, title: str | None = None,
    headers: dict[str, str] | None = None, **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPES + slug,
        "title": title or _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, headers=headers, media_type=MEDIA_TYPE)


def store_problem(error: StoreError) -> Problem:
    """The problem a store error stands for (shared by the endpoint and its metrics)."""
    if isinstance(error, QuerySyntaxError):
        return Problem(400, "query-syntax", str(error), "Malformed query",
                       line=error.line, column=error.column)
    if isinstance(error, QueryInvalid):
        return Problem(400, "query-invalid", str(error), "Unacceptable query text",
                       line=error.line, column=error.column)
    if isinstance(error, QueryTooLarge):
        return Problem(413, "query-too-large", str(error), "Query too large")
    if isinstance(error, QueryRefused):
        return Problem(400, "query-refused", str(error), "Query refused")
    if isinstance(error, ResultTooLarge):
        # 422 rather than 413: 413 is kept for request bodies, so a client can tell
        # "shorten your query" from "page through the answer".
        return Problem(
            422, "result-too-large",
            f"{error}. Nothing was truncated: ask for less, or page through the answer "
            "with ORDER BY plus LIMIT and OFFSET (e.g. LIMIT 10000 OFFSET 0, then OFFSET "
            "10000...).", "Answer too large")
    if isinstance(error, QueryTimeout):
        return Problem(503, "query-timeout", str(error), "Query stopped at its deadline",
                       headers={"Retry-After": "5"})
    if isinstance(error, Overloaded):
        return Problem(503, "overloaded", str(error), "Too busy",
                       headers={"Retry-After": str(error.retry_after)})
    if isinstance(error, StoreMissing):
        return Problem(503, "store-missing", str(error), "No store",
                       headers={"Retry-After": "30"})
    if isinstance(error, WorkerFailed):
        return Problem(500, "server-fault", str(error), "Server fault")
    return Problem(500, "server-fault", "the store failed; the incident is logged")


def _from_problem(problem: Problem) -> JSONResponse:
    return problem_response(problem.status, problem.slug, problem.detail, problem.title,
                            problem.headers, **problem.extra)


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return _from_problem(exc)


async def _on_store_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StoreError)
    found = store_problem(exc)
    if found.status >= 500 and not isinstance(exc, QueryTimeout | Overloaded | StoreMissing):
        log.error("store error on %s %s: %r", request.method, request.url.path, exc)
    return _from_problem(found)


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return problem_response(exc.status_code, f"http-{exc.status_code}", detail,
                            headers=dict(exc.headers or {}))


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
    return problem_response(400, "invalid-request", "the request parameters are invalid",
                            errors=errors)


async def _on_crash(request: Request, exc: Exception) -> JSONResponse:
    incident = uuid.uuid4().hex[:12]
    log.error("incident %s on %s %s", incident, request.method, request.url.path,
              exc_info=(type(exc), exc, exc.__traceback__))
    return problem_response(500, "server-fault",
                            f"the server failed; the incident {incident} is logged",
                            "Server fault", incident=incident)


def install(app: FastAPI) -> None:
    """Register the handlers; called once by create_app."""
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(StoreError, _on_store_error)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(Exception, _on_crash)
