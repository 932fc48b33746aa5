"""The SPARQL 1.1 Protocol query operation at /sparql.

Everything a request carries is checked before any engine sees it: parameters (strict UTF-8, no
duplicate `query`, no `update`), body size and type, then the query text (`store.guard`), the
dataset it names, and the answer format. Evaluation happens in the backend's `QueryExecutor`
(the embedded worker pool, or later the remote backend), off the event loop, under a deadline.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from urllib.parse import unquote_to_bytes

import anyio
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response, StreamingResponse

from parley.media import (
    Kind,
    MediaFormat,
    by_media_type,
    by_name,
    for_kind,
    listing,
    offered,
)
from parley.queries import load_query
from parley.settings import Settings
from parley.store import open_executor
from parley.store.base import QueryAnswer, QueryExecutor, QueryJob, StoreError
from parley.store.guard import check_dataset, inspect
from parley.web import service_description as sd
from parley.web.negotiation import negotiate
from parley.web.problems import Problem, store_problem

router = APIRouter(tags=["sparql"])

MAX_PARAMS = 100
GRAPHS_TTL = 30.0
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
VARY = {"Vary": "Accept"}


# --- lifecycle ------------------------------------------------------------------------------------


def startup(app: FastAPI) -> None:
    app.state.query_executor = open_executor(app.state.settings)
    app.state.sparql_graphs = (0.0, frozenset())
    app.state.sparql_description = None


def shutdown(app: FastAPI) -> None:
    executor = getattr(app.state, "query_executor", None)
    if executor is not None:
        executor.close()


# --- parameters -----------------------------------------------------------------------------------


def _pairs(raw: bytes) -> list[tuple[str, str]]:
    """application/x-www-form-urlencoded pairs, decoded as strict UTF-8 (400 otherwise)."""
    pairs: list[tuple[str, str]] = []
    for part in raw.split(b"&"):
        if not part:
            continue
        key, _, value = part.partition(b"=")
        try:
            pairs.append((unquote_to_bytes(key.replace(b"+", b" ")).decode("utf-8"),
                          unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")))
        except UnicodeDecodeError as error:
            raise Problem(400, "invalid-encoding",
                          f"parameters must be UTF-8 (percent-encoded): {error.reason} at byte "
                          f"{error.start}") from None
        if len(pairs) > MAX_PARAMS:
            raise Problem(400, "too-many-parameters", f"more than {MAX_PARAMS} parameters")
    return pairs


def _media_type(header: str | None) -> tuple[str, dict[str, str]]:
    if not header:
        return "", {}
    main, *rest = header.split(";")
    params = {}
    for item in rest:
        key, _, value = item.partition("=")
        params[key.strip().lower()] = value.strip().strip('"').lower()
    return main.strip().lower(), params


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise Problem(413, "body-too-large", f"the request body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Problem(413, "body-too-large", f"the request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Problem(400, "invalid-encoding",
                      f"{what} is not valid UTF-8 ({error.reason} at byte {error.start})") from None


async def _read_request(
    request: Request, settings: Settings
) -> tuple[str | None, dict[str, list[str]]]:
    """(query text or None, all other parameters) from the URL and, for POST, the body."""
    pairs = _pairs(request.scope.get("query_string", b""))
    query: list[str] = []
    if request.method == "POST":
        media_type, params = _media_type(request.headers.get("content-type"))
        charset = params.get("charset", "utf-8")
        if media_type in (FORM, DIRECT) and charset not in ("utf-8", "utf8"):
            raise Problem(415, "unsupported-charset",
                          f"charset {charset} is not supported: send UTF-8")
        if media_type == FORM:
            pairs += _pairs(await _body(request, settings.max_body_bytes))
        elif media_type == DIRECT:
            query.append(_utf8(await _body(request, settings.max_body_bytes), "the query"))
        elif media_type == "application/sparql-update":
            raise Problem(415, "update-not-supported",
                          "this endpoint is read-only: SPARQL Update is not accepted here",
                          accepted=[FORM, DIRECT])
        else:
            what = f"Content-Type {media_type}" if media_type else "a missing Content-Type"
            raise Problem(415, "unsupported-media-type",
                          f"POST needs Content-Type {FORM} or {DIRECT}, not {what}",
                          accepted=[FORM, DIRECT])
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        values.setdefault(key, []).append(value)
    if "update" in values or "using-graph-uri" in values or "using-named-graph-uri" in values:
        raise Problem(400, "update-not-supported",
                      "this endpoint is read-only: SPARQL Update is not accepted here")
    query += values.pop("query", [])
    if len(query) > 1:
        raise Problem(400, "multiple-queries", "exactly one query per request, not several")
    return (query[0] if query else None), values


# --- formats -------------------------------------------------------------------------------------


def _choose(values: dict[str, list[str]], accept: str | None, kind: str | None) -> tuple[
        MediaFormat, str]:
    """The format to answer in and the media type to label it with; 406 if none fits."""
    kinds = [Kind(kind)] if kind else [Kind.RESULTS, Kind.GRAPH]
    wanted = (values.get("format") or values.get("output") or [None])[0]
    if wanted:
        named = by_name(wanted)
        found = next((f for k in kinds if named and (f := for_kind(named, k))), None)
        if found is None:
            raise Problem(406, "not-acceptable",
                          f"format={wanted} is not available for this query", available=listing(
                              kinds))
        exact = wanted.strip().lower()
        return found, exact if by_media_type(exact) is found else found.media_type
    types = [t for k in kinds for t in offered(k)]
    chosen = negotiate(accept, types)
    if chosen is None:
        raise Problem(406, "not-acceptable",
                      f"none of the media types in Accept: {accept} is available for this query",
                      headers=VARY, available=listing(kinds))
    found = by_media_type(chosen)
    assert found is not None
    return found, chosen


# --- the endpoint --------------------------------------------------------------------------------


def _graphs(request: Request) -> frozenset[str]:
    """Named graphs of the store, refreshed now and then (they change only on reload)."""
    stamp, graphs = request.app.state.sparql_graphs
    if time.monotonic() - stamp > GRAPHS_TTL:
        rows = request.app.state.store.select(load_query("named_graphs"))
        graphs = frozenset(str(row["g"]) for row in rows if "g" in row)
        request.app.state.sparql_graphs = (time.monotonic(), graphs)
    return graphs  # type: ignore[no-any-return]


def _endpoint(request: Request, settings: Settings) -> str:
    if settings.public_url:
        return settings.public_url.rstrip("/") + "/sparql"
    return str(request.url.replace(query=""))


def _description(request: Request, settings: Settings, values: dict[str, list[str]]) -> Response:
    wanted = (values.get("format") or [None])[0]
    if wanted:
        found = by_name(wanted)
        media_type = "text/html" if wanted == "html" else found.media_type if found else None
        if media_type not in sd.OFFERED:
            raise Problem(406, "not-acceptable", f"format={wanted} is not available here",
                          available=list(sd.OFFERED))
    else:
        media_type = negotiate(request.headers.get("accept"), list(sd.OFFERED))
        if media_type is None:
            raise Problem(406, "not-acceptable", "the service description is available as "
                          + ", ".join(sd.OFFERED), headers=VARY, available=list(sd.OFFERED))
    endpoint = _endpoint(request, settings)
    info = request.app.state.store.info()
    if media_type == "text/html":
        body = sd.render_html(endpoint, settings, info)
    else:
        graph = sd.describe(endpoint, settings, info, _graphs(request))
        body = graph.serialize(format=sd.OFFERED[media_type])
    return Response(body, media_type=f"{media_type}; charset=utf-8", headers=VARY)


def _record(request: Request, outcome: str, started: float) -> None:
    metrics = getattr(request.app.state, "metrics", None)
    if metrics is not None:
        metrics.observe(outcome, time.monotonic() - started)


@router.api_route("/sparql", methods=["GET", "HEAD", "POST"], response_model=None)
async def sparql(request: Request) -> Response:
    """SPARQL 1.1 Protocol query operation; GET without a query: the service description."""
    started = time.monotonic()
    settings: Settings = request.app.state.settings
    try:
        response = await _handle(request, settings)
    except Problem as problem:
        _record(request, problem.slug, started)
        problem.headers = {**VARY, **problem.headers}
        raise
    except Exception:
        _record(request, "server-fault", started)
        raise
    _record(request, "ok", started)
    return response


async def _handle(request: Request, settings: Settings) -> Response:
    query, values = await _read_request(request, settings)
    if query is None:
        if request.method == "POST":
            raise Problem(400, "missing-query", "POST needs a query (form field `query` or an "
                          f"{DIRECT} body)")
        return await anyio.to_thread.run_sync(_description, request, settings, values)
    try:
        shape = inspect(query, max_bytes=settings.max_query_bytes,
                        max_nesting=settings.max_nesting)
        defaults = values.get("default-graph-uri")
        named = values.get("named-graph-uri")
        if shape.from_graphs or shape.from_named or defaults or named:
            graphs = await anyio.to_thread.run_sync(_graphs, request)
            check_dataset((*shape.from_graphs, *shape.from_named), graphs)
            check_dataset(defaults or (), graphs, "default-graph-uri")
            check_dataset(named or (), graphs, "named-graph-uri")
        fmt, media_type = _choose(values, request.headers.get("accept"), shape.kind)
        dataset = defaults is not None or named is not None
        job = QueryJob(query, fmt.name,
                       tuple(defaults or ()) if dataset else None,
                       tuple(named or ()) if dataset else None)
        answer = await _run(request, job)
    except StoreError as error:
        raise store_problem(error) from None
    if answer.fmt != fmt.name:  # the engine knew better what the query form was
        fmt = by_name(answer.fmt) or fmt
        media_type = fmt.media_type
    headers = {**VARY, "Content-Length": str(answer.size),
               "Parley-Result-Rows": str(answer.rows)}
    return StreamingResponse(_stream(answer), media_type=fmt.content_type(media_type),
                             headers=headers)


async def _run(request: Request, job: QueryJob) -> QueryAnswer:
    """Run `job` off the event loop; if the client goes away meanwhile, stop the query."""
    executor: QueryExecutor = request.app.state.query_executor
    cancelled = threading.Event()

    async def watch() -> None:
        while True:
            await anyio.sleep(0.25)
            if await request.is_disconnected():
                cancelled.set()
                return

    failure: StoreError | None = None
    answer: QueryAnswer | None = None
    async with anyio.create_task_group() as group:
        group.start_soon(watch)
        try:
            answer = await anyio.to_thread.run_sync(executor.run, job, cancelled)
        except StoreError as error:  # raised outside the group, not wrapped in an ExceptionGroup
            failure = error
        finally:
            group.cancel_scope.cancel()
    if failure is not None:
        raise failure
    assert answer is not None
    return answer


def _stream(answer: QueryAnswer) -> Iterator[bytes]:
    try:
        yield answer.first
        yield from answer
    finally:
        answer.close()
