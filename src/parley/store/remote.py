"""A backend for any SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki...) via SPARQLWrapper.

Reads use the query endpoint; `replace_all` uses SPARQL Update (CLEAR ALL, then INSERT DATA in
batches), which every conformant server accepts, so no engine-specific bulk loader is needed.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node
from SPARQLWrapper import DIGEST, JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from parley import media
from parley.queries import load_query
from parley.settings import Settings
from parley.store.base import (
    Quad,
    QueryJob,
    QuerySyntaxError,
    QueryTimeout,
    ResultTooLarge,
    Row,
    StoreError,
    StoreInfo,
    store_info,
)

INSERT_BATCH = 2000
USER_AGENT = "parley-kg (SPARQLWrapper)"


def _term(binding: Mapping[str, str]) -> Identifier:
    kind = binding["type"]
    if kind == "uri":
        return URIRef(binding["value"])
    if kind == "bnode":
        return BNode(binding["value"])
    if "xml:lang" in binding:
        return Literal(binding["value"], lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    return Literal(binding["value"], datatype=URIRef(datatype) if datatype else None)


# Strings, IRIs and comments are matched first so that a brace or WHERE inside them is skipped.
_TOKENS = re.compile(
    r"'''.*?'''"
    r'|""".*?"""'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|"(?:[^"\\\n]|\\.)*"'
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*"
    r"|(?P<word>\b(?:WHERE|CONSTRUCT)\b)"
    r"|(?P<brace>\{)",
    re.IGNORECASE | re.DOTALL,
)


def _body_start(query: str) -> int | None:
    """Offset just inside the query's WHERE group, or None when there is no safe place."""
    seen_where = seen_construct = False
    first_brace: int | None = None
    for match in _TOKENS.finditer(query):
        word = (match.group("word") or "").upper()
        if word == "WHERE":
            seen_where = True
        elif word == "CONSTRUCT":
            seen_construct = True
        elif match.group("brace"):
            if seen_where:
                return match.end()
            if first_brace is None:
                first_brace = match.end()
    # Without WHERE the first group is the pattern, except in CONSTRUCT (it is the template).
    return None if seen_construct else first_brace


def with_bindings(query: str, bindings: Mapping[str, Node] | None) -> str:
    """Bindings as a VALUES block opening the WHERE group, which engines join first, so BIND
    and FILTER see a bound variable as they would with substitution."""
    if not bindings:
        return query
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(value.n3() for value in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    start = _body_start(query)
    if start is None:
        return f"{query}\n{block}"
    return query[:start] + block + query[start:]


class RemoteStore:
    def __init__(self, settings: Settings):
        if not settings.remote_query_url:
            raise StoreError("the remote backend needs PARLEY_REMOTE_QUERY_URL")
        self.settings = settings

    @classmethod
    def open(cls, settings: Settings) -> RemoteStore:
        return cls(settings)

    def _client(self, endpoint: str | None = None) -> SPARQLWrapper:
        client = SPARQLWrapper(endpoint or self.settings.remote_query_url, agent=USER_AGENT)
        client.setTimeout(int(self.settings.query_timeout))
        if self.settings.remote_user:
            # Digest is what Virtuoso's authenticated endpoints speak; others accept it too.
            client.setHTTPAuth(DIGEST)
            client.setCredentials(self.settings.remote_user, self.settings.remote_password)
        return client

    def _json(self, query: str) -> dict[str, object]:
        client = self._client()
        client.setMethod(POST)
        client.setQuery(query)
        client.setReturnFormat(JSON)
        try:
            raw = client.query().response.read()
        except QueryBadFormed as error:
            raise QuerySyntaxError(str(error)) from None
        except Exception as error:
            raise StoreError(f"remote SPARQL server failed: {error}") from None
        return json.loads(raw)  # type: ignore[no-any-return]

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        result = self._json(with_bindings(query, bindings))
        rows = result["results"]["bindings"]  # type: ignore[index]
        return [{name: _term(value) for name, value in row.items()} for row in rows]

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        return bool(self._json(with_bindings(query, bindings))["boolean"])

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        client = self._client()
        client.setMethod(POST)
        client.setQuery(with_bindings(query, bindings))
        client.setReturnFormat(TURTLE)
        try:
            data = client.query().response.read()
        except QueryBadFormed as error:
            raise QuerySyntaxError(str(error)) from None
        return Graph().parse(data=data, format="turtle")

    def quads(self) -> Iterator[Quad]:
        for row in self.select(load_query("store_quads")):
            yield row["s"], row["p"], row["o"], row.get("g")

    def info(self) -> StoreInfo:
        return store_info(self, "remote", "")

    def _update(self, text: str) -> None:
        endpoint = self.settings.remote_update_url or self.settings.remote_query_url
        client = self._client(endpoint)
        client.setMethod(POST)
        client.setQuery(text)
        try:
            client.query()
        except Exception as error:
            raise StoreError(f"remote SPARQL update failed: {error}") from None

    def replace_all(self, quads: Iterable[Quad], snapshot: str) -> None:
        # A blank node label means one node only within one request, so every quad that
        # mentions a blank node (OWL axioms, lists) goes into the same first request.
        with_bnodes: list[Quad] = []
        plain: list[Quad] = []
        for quad in quads:
            (with_bnodes if any(isinstance(t, BNode) for t in quad) else plain).append(quad)
        self._update("CLEAR ALL")
        if with_bnodes:
            self._update(insert_data(with_bnodes))
        iterator = iter(plain)
        while batch := list(islice(iterator, INSERT_BATCH)):
            self._update(insert_data(batch))

    def close(self) -> None:
        """Nothing to release: every request opens its own connection."""


def insert_data(quads: Iterable[Quad]) -> str:
    default: list[str] = []
    named: dict[str, list[str]] = {}
    for s, p, o, g in quads:
        line = f"{s.n3()} {p.n3()} {o.n3()} ."
        if g is None:
            default.append(line)
        else:
            named.setdefault(g.n3(), []).append(line)
    blocks = ["\n".join(default)]
    blocks += [f"GRAPH {name} {{\n" + "\n".join(lines) + "\n}" for name, lines in named.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


@dataclass
class BufferedAnswer:
    """A remote answer read whole (within the byte cap), so any error still sets the status."""

    first: bytes
    fmt: str
    rows: int
    size: int

    def __iter__(self) -> Iterator[bytes]:
        return iter(())

    def close(self) -> None:
        """Nothing held open: the response was read to the end."""


class RemoteExecutor:
    """Public queries forwarded to the remote server with the negotiated media type.

    The deadline is the socket timeout here; the remote server should enforce its own query
    timeout as well (Oxigraph: `--timeout-s`), since only it can stop its own work. Rows are
    not counted (that would mean parsing every format); the byte cap still holds.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self._lock = threading.Lock()
        self._counts = {"queries": 0.0, "failures": 0.0}

    def run(self, job: QueryJob, cancelled: threading.Event | None = None) -> BufferedAnswer:
        fmt = media.by_name(job.fmt)
        if fmt is None:
            raise StoreError(f"unknown format {job.fmt!r}")
        client = SPARQLWrapper(self.settings.remote_query_url, agent=USER_AGENT)
        client.setMethod(POST)
        client.setQuery(job.query)
        client.setOnlyConneg(True)
        client.addCustomHttpHeader("Accept", fmt.media_type)
        client.setTimeout(int(self.settings.query_timeout))
        for graph in job.default_graphs or ():
            client.addDefaultGraph(graph)
        for graph in job.named_graphs or ():
            client.addNamedGraph(graph)
        with self._lock:
            self._counts["queries"] += 1
        try:
            response = client.query().response
            body = response.read(self.settings.max_result_bytes + 1)
        except QueryBadFormed as error:
            raise QuerySyntaxError(str(error)) from None
        except TimeoutError:
            raise QueryTimeout("the remote SPARQL server did not answer in time") from None
        except Exception as error:
            with self._lock:
                self._counts["failures"] += 1
            raise StoreError(f"remote SPARQL server failed: {error}") from None
        if len(body) > self.settings.max_result_bytes:
            raise ResultTooLarge(
                f"the answer is over {self.settings.max_result_bytes} bytes; page it with "
                "LIMIT and OFFSET"
            )
        return BufferedAnswer(body, fmt.name, 0, len(body))

    def stats(self) -> dict[str, float]:
        with self._lock:
            return dict(self._counts)

    def close(self) -> None:
        """Nothing to release."""
