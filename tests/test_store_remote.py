"""The remote backend against a real Oxigraph server: same load path, same answers as embedded."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from parley.build import build_store
from parley.settings import Settings
from parley.store import open_store
from parley.store.base import GraphStore, QuerySyntaxError
from tests.backends import (
    check_graph_and_error_answers,
    check_lookups,
    comparable,
    counts,
)
from tests.conftest import LiveServer, free_port, start_server, stop_server

pytestmark = pytest.mark.external

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))

QUERIES = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    " ORDER BY ?label",
]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    location = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    process = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{url}/query", params={"query": "ASK {}"}).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("the Oxigraph server did not start")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def remote(built_settings: Settings, oxigraph_server: str) -> Iterator[GraphStore]:
    settings = built_settings.replace(
        backend="remote",
        remote_query_url=f"{oxigraph_server}/query",
        remote_update_url=f"{oxigraph_server}/update",
    )
    build_store(settings)
    store = open_store(settings)
    yield store
    store.close()


@pytest.mark.parametrize("query", QUERIES)
def test_remote_answers_as_embedded(remote: GraphStore, store: GraphStore, query: str) -> None:
    assert remote.select(query) == store.select(query)


def test_remote_keeps_every_quad(remote: GraphStore, store: GraphStore) -> None:
    assert counts(remote.info()) == counts(store.info())
    assert comparable(remote.quads()) == comparable(store.quads())


def test_remote_bindings_and_syntax_errors(remote: GraphStore) -> None:
    from rdflib import Literal

    rows = remote.select("SELECT ?x WHERE { BIND(?y AS ?x) }", {"y": Literal("Умєров")})
    assert rows == [{"x": Literal("Умєров")}]
    with pytest.raises(QuerySyntaxError):
        remote.select("SELECT WHERE {")


@pytest.fixture(scope="module")
def remote_app(
    remote: GraphStore, oxigraph_server: str, built_settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveServer]:
    """The whole app with the remote backend: nothing but the settings changes."""
    live = start_server(
        built_settings, tmp_path_factory.mktemp("remote-app") / "server.log",
        PARLEY_BACKEND="remote",
        PARLEY_REMOTE_QUERY_URL=f"{oxigraph_server}/query",
        PARLEY_REMOTE_UPDATE_URL=f"{oxigraph_server}/update",
    )
    yield live
    stop_server(live)


def test_app_on_remote_backend_answers_sparql(remote_app: LiveServer) -> None:
    with remote_app.client() as http:
        select = http.get("/sparql", params={"query": QUERIES[0]},
                          headers={"Accept": "application/sparql-results+json"})
        assert select.status_code == 200
        assert int(select.json()["results"]["bindings"][0]["n"]["value"]) > 1000
        check_graph_and_error_answers(http)


def test_app_on_remote_backend_answers_lookups(remote_app: LiveServer) -> None:
    with remote_app.client() as http:
        check_lookups(http)


def test_export_from_the_remote_backend(
    remote: GraphStore, store: GraphStore, built_settings: Settings, tmp_path: Path
) -> None:
    """A backend without a native writer is dumped through rdflib: same counts as embedded."""
    from rdflib import Dataset, Graph

    from parley.export import export_dataset

    manifest = export_dataset(remote, built_settings, tmp_path)
    info = store.info()
    assert (manifest.quads, manifest.default_triples) == (info.quads, info.default_graph_triples)
    dataset = Dataset()
    dataset.parse(tmp_path / "parley.nq", format="nquads")
    assert sum(1 for _ in dataset.quads()) == info.quads
    curated = Graph().parse(tmp_path / "parley.ttl", format="turtle")
    assert len(curated) == info.default_graph_triples
