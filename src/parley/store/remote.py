"""A backend for any SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki...) via SPARQLWrapper.

Reads use the query endpoint; `replace_all` uses SPARQL Update (CLEAR ALL, then INSERT DATA in
batches), which every conformant server accepts, so no engine-specific bulk loader is needed.

Servers differ where the standard leaves room, or where they ignore it; what is handled here
(docs/backends.md has the whole list, found on Virtuoso 7.2):

* a default graph that is the union of all graphs: with `remote_default_graph` set, the
  curated default graph is written into that named graph, and every read sends it as
  `default-graph-uri` (`RemoteStore.dataset` says what `GRAPH ?g` then sees);
* CLEAR ALL accepted but not done: Parley's graphs left over are dropped one by one;
* blank nodes refused in INSERT DATA: they go in an `INSERT { } WHERE { }` template instead,
  one request per graph; xsd:duration refused as a constant: computed with STRDT, and read
  back from Virtuoso's seconds; long INSERT DATA requests refused: smaller batches;
* JSON results in the SPARQL 1.0 draft form (`typed-literal`), ASK answered as a one-column
  table, booleans as 1/0, `xsd:string` kept apart from plain literals, upper-case language
  tags folded, blank node labels that are not valid labels (`nodeID://b1`);
* `GRAPH ?g { }` (an empty group) matching nothing;
* a cap on result rows: `quads()` pages with ORDER BY, LIMIT and OFFSET.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node
from SPARQLWrapper import DIGEST, JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from parley import media
from parley.settings import Settings
from parley.store.answers import ask_answer, normal_json, normal_xml, to_term
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
from parley.store.guard import inspect
from parley.store.sparql_text import (
    COMPUTED_DATATYPES,
    fill_empty_graphs,
    insert_computed,
    insert_data,
    with_bindings,
)

# Triples per INSERT DATA request, quads sorted by graph: Virtuoso compiles each request to SQL
# and refuses one over 10,000 lines, which about 2,000 triples over a hundred graphs reach.
INSERT_BATCH = 1000
# Rows per request in `quads()`: at most Virtuoso's packaged ResultSetMaxRows (10,000), so a
# server that caps answers still hands over every row, page by page.
PAGE_SIZE = 10_000
USER_AGENT = "parley-kg (SPARQLWrapper)"


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

    # --- the dataset every read names -----------------------------------------------------------

    def _server_graphs(self) -> list[str]:
        """Parley's graphs on the server: the curated graph and those under the base IRI, asked
        without any dataset so none is hidden. Other graphs (Virtuoso's system graphs, other
        tenants) are never dropped, counted or dumped."""
        owned = [f"STRSTARTS(STR(?g), {Literal(self.settings.base_iri).n3()})"]
        if self.settings.remote_default_graph:
            owned.append(f"?g = {URIRef(self.settings.remote_default_graph).n3()}")
        query = (f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                 f"FILTER({' || '.join(owned)}) }}")
        rows = self._json(query, dataset=False)["results"]["bindings"]  # type: ignore[index]
        return [str(row["g"]["value"]) for row in rows if "g" in row]

    def dataset(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(default-graph-uri, named-graph-uri) to send with a read; both empty when the
        server's own default graph is the curated view (no `remote_default_graph`).

        Named graphs are not listed: the standard says `default-graph-uri` alone leaves no
        named graph, but Virtuoso still ranges `GRAPH ?g` over all of its graphs, and it echoes
        each listed graph as a response header, past the 100 that Python's HTTP client reads.
        So on Virtuoso `GRAPH ?g` also meets the curated graph and the system graphs; Parley's
        own claim queries join `?g a parley:Claim`, and `quads()` and `info()` keep to
        Parley's graphs (`_own_graphs_filter`)."""
        curated = self.settings.remote_default_graph
        return ((curated,), ()) if curated else ((), ())

    def _own_graphs_filter(self) -> str:
        """A FILTER keeping `?g` to Parley's named graphs, for `quads()` and `info()`."""
        if not self.settings.remote_default_graph:
            return ""
        curated = URIRef(self.settings.remote_default_graph).n3()
        base = Literal(self.settings.base_iri).n3()
        return f"FILTER(?g != {curated} && STRSTARTS(STR(?g), {base}))"

    def _add_dataset(self, client: SPARQLWrapper) -> None:
        defaults, named = self.dataset()
        for graph in defaults:
            client.addDefaultGraph(graph)
        for graph in named:
            client.addNamedGraph(graph)

    # --- reads ------------------------------------------------------------------------------------

    def _json(self, query: str, dataset: bool = True) -> dict[str, object]:
        client = self._client()
        client.setMethod(POST)
        client.setQuery(query)
        client.setReturnFormat(JSON)
        if dataset:
            self._add_dataset(client)
        try:
            raw = client.query().response.read()
        except QueryBadFormed as error:
            raise QuerySyntaxError(str(error)) from None
        except Exception as error:
            raise StoreError(f"remote SPARQL server failed: {error}") from None
        return json.loads(raw)  # type: ignore[no-any-return]

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        result = self._json(fill_empty_graphs(with_bindings(query, bindings)))
        rows = result["results"]["bindings"]  # type: ignore[index]
        return [{name: to_term(value) for name, value in row.items()} for row in rows]

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        return bool(ask_answer(self._json(fill_empty_graphs(with_bindings(query, bindings)))))

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        client = self._client()
        client.setMethod(POST)
        client.setQuery(fill_empty_graphs(with_bindings(query, bindings)))
        client.setReturnFormat(TURTLE)
        self._add_dataset(client)
        try:
            data = client.query().response.read()
        except QueryBadFormed as error:
            raise QuerySyntaxError(str(error)) from None
        except Exception as error:
            raise StoreError(f"remote SPARQL server failed: {error}") from None
        return Graph().parse(data=data, format="turtle")

    def quads(self) -> Iterator[Quad]:
        # Counted, then paged in a fixed order until the count is reached, so a server that
        # caps its answers (Virtuoso: ResultSetMaxRows, silently) still gives every row, and a
        # short answer is an error, not a short dump. The curated graph is the dataset's
        # default graph, and is never output as a named one.
        pattern = f"{{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} {self._own_graphs_filter()} }}"
        total = int(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"])  # type: ignore[call-overload]
        offset = 0
        while offset < total:
            rows = self.select(f"SELECT ?s ?p ?o ?g WHERE {{ {pattern} }}\n"
                               f"ORDER BY ?g ?s ?p ?o LIMIT {PAGE_SIZE} OFFSET {offset}")
            if not rows:
                raise StoreError(f"the remote server gave {offset} of {total} quads")
            for row in rows:
                yield row["s"], row["p"], row["o"], row.get("g")
            offset += len(rows)

    def info(self) -> StoreInfo:
        keep = self._own_graphs_filter()
        if not keep:
            return store_info(self, "remote", "")
        row = self.select(
            "SELECT ?named ?default ?graphs WHERE {\n"
            "  { SELECT (COUNT(*) AS ?named) (COUNT(DISTINCT ?g) AS ?graphs) WHERE "
            f"{{ GRAPH ?g {{ ?s ?p ?o }} {keep} }} }}\n"
            "  { SELECT (COUNT(*) AS ?default) WHERE { ?s ?p ?o } }\n}")[0]
        named, default = int(row["named"]), int(row["default"])  # type: ignore[call-overload]
        return StoreInfo("remote", "", named + default, int(row["graphs"]),  # type: ignore[call-overload]
                         default)

    # --- writes -----------------------------------------------------------------------------------

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
        curated = URIRef(self.settings.remote_default_graph) \
            if self.settings.remote_default_graph else None
        # A blank node label means one node only within one operation, so the quads that
        # mention a blank node (OWL axioms, lists, shapes) go in one request per graph. Not
        # one for all graphs: Virtuoso 7 inserts such a template but then fails (500, SR002)
        # while writing its report. So a node shared by two graphs (the ontology's axioms are
        # in its own graph and in the default graph) becomes one node per graph.
        with_bnodes: dict[Identifier | None, list[Quad]] = {}
        computed: list[Quad] = []
        plain: list[Quad] = []
        for s, p, o, g in quads:
            quad = (s, p, o, g if g is not None else curated)
            if any(isinstance(t, BNode) for t in quad):
                with_bnodes.setdefault(quad[3], []).append(quad)
            elif isinstance(o, Literal) and str(o.datatype) in COMPUTED_DATATYPES:
                computed.append(quad)
            else:
                plain.append(quad)
        plain.sort(key=lambda quad: str(quad[3] or ""))  # fewer graphs per request
        self._update("CLEAR ALL")
        # Virtuoso 7 answers CLEAR ALL with success and removes nothing: drop what is left of
        # Parley's graphs by name (on other servers nothing is left, so this is one query).
        left = self._server_graphs()
        if left:
            self._update(" ;\n".join(f"DROP SILENT GRAPH {URIRef(g).n3()}" for g in left))
        # One request each: Virtuoso also refuses a label reused by two operations of a request.
        for group in with_bnodes.values():
            self._update(insert_data(group, template=True))
        iterator = iter(plain)
        while batch := list(islice(iterator, INSERT_BATCH)):
            self._update(insert_data(batch))
        iterator = iter(computed)
        while batch := list(islice(iterator, INSERT_BATCH)):
            self._update(insert_computed(batch))

    def close(self) -> None:
        """Nothing to release: every request opens its own connection."""


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

    A query gets the store's dataset (`RemoteStore.dataset`) unless it names its own, with
    FROM / FROM NAMED or the protocol's dataset parameters. JSON answers, and XML answers to
    ASK, are rewritten in the standard form, so a client cannot tell the engines apart there.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = RemoteStore(settings)
        self._lock = threading.Lock()
        self._counts = {"queries": 0.0, "failures": 0.0}

    def _dataset(self, job: QueryJob) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if job.default_graphs is not None or job.named_graphs is not None:
            return job.default_graphs or (), job.named_graphs or ()
        if not self.settings.remote_default_graph:
            return (), ()
        # The protocol's parameters would override the query's own FROM, so send none then.
        shape = inspect(job.query, max_bytes=self.settings.max_query_bytes,
                        max_nesting=self.settings.max_nesting)
        if shape.from_graphs or shape.from_named:
            return (), ()
        return self.store.dataset()

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
        with self._lock:
            self._counts["queries"] += 1
        try:
            defaults, named = self._dataset(job)
            for graph in defaults:
                client.addDefaultGraph(graph)
            for graph in named:
                client.addNamedGraph(graph)
            response = client.query().response
            body = response.read(self.settings.max_result_bytes + 1)
        except QueryBadFormed as error:
            raise QuerySyntaxError(str(error)) from None
        except TimeoutError:
            raise QueryTimeout("the remote SPARQL server did not answer in time") from None
        except StoreError:
            raise
        except Exception as error:
            with self._lock:
                self._counts["failures"] += 1
            raise StoreError(f"remote SPARQL server failed: {error}") from None
        if len(body) > self.settings.max_result_bytes:
            raise ResultTooLarge(
                f"the answer is over {self.settings.max_result_bytes} bytes; page it with "
                "LIMIT and OFFSET"
            )
        if fmt.name == "json":
            body = normal_json(body)
        elif fmt.name == "xml":
            body = normal_xml(body)
        return BufferedAnswer(body, fmt.name, 0, len(body))

    def stats(self) -> dict[str, float]:
        with self._lock:
            return dict(self._counts)

    def close(self) -> None:
        """Nothing to release."""
