"""The remote backend against a real Virtuoso 7 (Debian): the same answers as embedded.

Virtuoso is the engine that breaks naive clients (union default graph with system graphs,
CLEAR ALL that clears nothing, typed-literal JSON, ASK as a table, Digest-only updates...), so
passing here is what shows that `parley.store.remote` is portable. It runs on a fresh database
in a temporary folder, bound to 127.0.0.1, with its own ini; docs/backends.md has the commands.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from rdflib import Literal, URIRef

from parley.build import build_store
from parley.settings import Settings
from parley.store import open_executor, open_store
from parley.store.base import GraphStore, QueryJob, QuerySyntaxError
from tests.backends import (
    check_graph_and_error_answers,
    check_lookups,
    comparable,
    counts,
)
from tests.conftest import LiveServer, free_port, start_server, stop_server

pytestmark = pytest.mark.external

CURATED = "urn:x-parley:default"
ROUND_2 = "https://w3id.org/parley/id/round/2"
PARLEY = "https://w3id.org/parley/ontology#"
QUERIES = [
    # the curated default graph, not Virtuoso's union of every graph
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    # the claim graphs; on Virtuoso `GRAPH ?g` also meets its system graphs and the curated
    # graph, which a join on the claim records leaves out, as Parley's own queries do
    f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} ?g a <{PARLEY}Claim> }}",
    f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} ?g a <{PARLEY}Claim> }}"
    " GROUP BY ?g ORDER BY ?g",
    f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ }} ?g a <{PARLEY}Claim> }} ORDER BY ?g",
    # labels in Cyrillic and Latin, with language tags
    "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    " ORDER BY ?s ?label",
    'SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> "Владимир Мединский"@ru }',
    'SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label '
    'FILTER(CONTAINS(?label, "Умєров")) }',
    # literal datatypes: dates, integers, booleans, durations, xsd:string
    "SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && LANG(?o) = '') }",
    # (not DATATYPE of a tagged literal: rdf:langString in SPARQL 1.1, unbound on Virtuoso 7)
    "SELECT ?type (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isLiteral(?o) && LANG(?o) = '') "
    "BIND(DATATYPE(?o) AS ?type) } GROUP BY ?type",
    "SELECT ?lang (COUNT(*) AS ?n) WHERE { ?s ?p ?o BIND(LANG(?o) AS ?lang) "
    "FILTER(?lang != '') } GROUP BY ?lang",
    f"SELECT ?d WHERE {{ <{ROUND_2}> <{PARLEY}date> ?d }}",
]


@dataclass(frozen=True)
class Virtuoso:
    http: str
    sql_port: int
    user: str
    password: str
    dba_password: str
    folder: Path


def _isql(sql_port: int, password: str, sql: str) -> str:
    isql = shutil.which("isql-vt")
    assert isql, "isql-vt is missing: run scripts/setup-system (Debian virtuoso-opensource)"
    done = subprocess.run(
        [isql, f"127.0.0.1:{sql_port}", "dba", password, f"exec={sql}"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    # isql-vt exits 0 even when a statement fails; its errors start with `*** Error`.
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql-vt failed on {sql!r}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
; ORDER BY with LIMIT + OFFSET past 10,000 rows is refused (SR353) below this
MaxSortedTopRows = 1000000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = .

[SPARQL]
; the packaged ini caps answers at 10,000 rows; quads() pages anyway
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    binary = shutil.which("virtuoso-t")
    if binary is None or shutil.which("isql-vt") is None:
        pytest.fail("virtuoso-t or isql-vt is missing: run scripts/setup-system, which installs "
                    "Debian's virtuoso-opensource")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(
        INI.format(sql_port=sql_port, http_port=http_port), "utf-8")
    log = (folder / "server.out").open("wb")
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", "virtuoso.ini"],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT,
    )
    http = f"http://127.0.0.1:{http_port}"
    dba_password = "dba"  # what a fresh database starts with; replaced below
    try:
        # A fresh database builds itself and its system graphs first: 7 to 16 s measured.
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"virtuoso-t exited:\n{(folder / 'server.out').read_text()}")
            try:
                if httpx.get(f"{http}/sparql", params={"query": "ASK {}"}).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("Virtuoso was not ready after 60 s")
            time.sleep(0.2)
        user, password = "parley", secrets.token_hex(8)
        new_dba = secrets.token_hex(8)
        _isql(sql_port, dba_password,
              f"DB.DBA.USER_CREATE('{user}', '{password}'); "
              f'GRANT SPARQL_UPDATE TO "{user}"; '
              f"DB.DBA.USER_CHANGE_PASSWORD('dba', 'dba', '{new_dba}');")
        dba_password = new_dba
        yield Virtuoso(http, sql_port, user, password, dba_password, folder)
    finally:
        try:
            _isql(sql_port, dba_password, "shutdown;")
            process.wait(timeout=30)
        except (RuntimeError, subprocess.TimeoutExpired, AssertionError):
            process.kill()
            process.wait()
        log.close()


def virtuoso_settings(built_settings: Settings, server: Virtuoso) -> Settings:
    return built_settings.replace(
        backend="remote",
        remote_query_url=f"{server.http}/sparql",
        # Virtuoso refuses anonymous updates; its authenticated endpoint speaks Digest only.
        remote_update_url=f"{server.http}/sparql-auth",
        remote_user=server.user,
        remote_password=server.password,
        remote_default_graph=CURATED,
    )


@pytest.fixture(scope="module")
def remote(built_settings: Settings, virtuoso: Virtuoso) -> Iterator[GraphStore]:
    settings = virtuoso_settings(built_settings, virtuoso)
    build_store(settings)
    # A second load must replace the first, not add to it (Virtuoso's CLEAR ALL clears nothing).
    build_store(settings)
    store = open_store(settings)
    yield store
    store.close()


def _canonical(rows: list[dict[str, object]]) -> list[str]:
    return sorted(str(sorted((k, v.n3()) for k, v in row.items())) for row in rows)  # type: ignore[attr-defined]


@pytest.mark.parametrize("query", QUERIES)
def test_virtuoso_answers_as_embedded(remote: GraphStore, store: GraphStore, query: str) -> None:
    expected = store.select(query)
    assert expected, "the query should have answers"
    # ORDER BY ties (and the order of labels in different scripts) are each engine's own, so
    # the rows are compared as sets of terms, datatypes and language tags included.
    assert _canonical(remote.select(query)) == _canonical(expected)  # type: ignore[arg-type]


def test_default_graph_is_curated_and_claims_keep_the_deprecated_date(
    remote: GraphStore,
) -> None:
    date = f"<{PARLEY}date>"
    curated = remote.select(f"SELECT ?d WHERE {{ <{ROUND_2}> {date} ?d }}")
    assert [str(row["d"]) for row in curated] == ["2025-06-02"]
    claimed = remote.select(f"SELECT DISTINCT ?d WHERE {{ GRAPH ?g {{ <{ROUND_2}> {date} ?d }} }}"
                            " ORDER BY ?d")
    assert [str(row["d"]) for row in claimed] == ["2025-05-22", "2025-06-02"]
    # Virtuoso's own graphs are there for `GRAPH ?g` (see RemoteStore.dataset), but neither
    # they nor the curated graph are counted or dumped as Parley's named graphs
    graphs = {str(row["g"]) for row in remote.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")}
    assert "http://www.openlinksw.com/schemas/virtrdf#" in graphs
    dumped = {str(quad[3]) for quad in remote.quads() if quad[3] is not None}
    assert CURATED not in dumped
    assert all(graph.startswith("https://w3id.org/parley/") for graph in dumped)


def test_virtuoso_keeps_every_quad(remote: GraphStore, store: GraphStore) -> None:
    assert counts(remote.info()) == counts(store.info())
    assert comparable(remote.quads()) == comparable(store.quads())


def test_virtuoso_ask_bindings_and_syntax_errors(remote: GraphStore) -> None:
    assert remote.ask(f"ASK {{ <{ROUND_2}> ?p ?o }}") is True
    assert remote.ask("ASK { <urn:x-nothing> ?p ?o }") is False
    rows = remote.select("SELECT ?x WHERE { BIND(?y AS ?x) }", {"y": Literal("Умєров", lang="uk")})
    assert rows == [{"x": Literal("Умєров", lang="uk")}]
    graph = remote.construct(f"CONSTRUCT {{ <{ROUND_2}> ?p ?o }} WHERE {{ <{ROUND_2}> ?p ?o }}")
    assert (URIRef(ROUND_2), URIRef(PARLEY + "ordinal"), Literal(2)) in graph
    with pytest.raises(QuerySyntaxError):
        remote.select("SELECT WHERE {")


def test_public_queries_name_their_own_dataset(
    built_settings: Settings, virtuoso: Virtuoso,
) -> None:
    """FROM, or the protocol's dataset parameters, replace the curated default graph."""
    import json

    executor = open_executor(virtuoso_settings(built_settings, virtuoso))
    claim = "https://w3id.org/parley/id/claim/002-round-2-date"
    query = f"SELECT ?d WHERE {{ <{ROUND_2}> <{PARLEY}date> ?d }}"

    def dates(job: QueryJob) -> list[str]:
        body = json.loads(executor.run(job).first)
        return [row["d"]["value"] for row in body["results"]["bindings"]]

    assert dates(QueryJob(query, "json")) == ["2025-06-02"]
    assert dates(QueryJob(query.replace("WHERE", f"FROM <{claim}> WHERE"), "json")) == [
        "2025-05-22"]
    assert dates(QueryJob(query, "json", (claim,), ())) == ["2025-05-22"]
    asked = json.loads(executor.run(QueryJob(f"ASK {{ <{ROUND_2}> ?p ?o }}", "json")).first)
    assert asked["boolean"] is True


@pytest.fixture(scope="module")
def virtuoso_app(
    remote: GraphStore, virtuoso: Virtuoso, built_settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveServer]:
    """The whole app on Virtuoso: nothing but the settings changes."""
    live = start_server(
        built_settings, tmp_path_factory.mktemp("virtuoso-app") / "server.log",
        PARLEY_BACKEND="remote",
        PARLEY_REMOTE_QUERY_URL=f"{virtuoso.http}/sparql",
        PARLEY_REMOTE_UPDATE_URL=f"{virtuoso.http}/sparql-auth",
        PARLEY_REMOTE_USER=virtuoso.user,
        PARLEY_REMOTE_PASSWORD=virtuoso.password,
        PARLEY_REMOTE_DEFAULT_GRAPH=CURATED,
    )
    yield live
    stop_server(live)


def test_app_on_virtuoso_answers_sparql(virtuoso_app: LiveServer, store: GraphStore) -> None:
    expected = int(store.select(QUERIES[0])[0]["n"])  # type: ignore[call-overload]
    with virtuoso_app.client() as http:
        select = http.get("/sparql", params={"query": QUERIES[0]},
                          headers={"Accept": "application/sparql-results+json"})
        assert select.status_code == 200
        n = select.json()["results"]["bindings"][0]["n"]
        # SPARQL 1.1 JSON, not Virtuoso's own `typed-literal`
        assert n == {"type": "literal", "value": str(expected),
                     "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
        asked = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                         headers={"Accept": "application/sparql-results+json"})
        assert asked.json()["boolean"] is True
        asked = http.get("/sparql", params={"query": "ASK { <urn:x-nothing> ?p ?o }"},
                         headers={"Accept": "application/sparql-results+xml"})
        assert "<boolean>false</boolean>" in asked.text
        check_graph_and_error_answers(http)


def test_app_on_virtuoso_answers_lookups(virtuoso_app: LiveServer) -> None:
    with virtuoso_app.client() as http:
        check_lookups(http)
