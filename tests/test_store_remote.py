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
from rdflib import BNode

from parley.build import build_store
from parley.settings import Settings
from parley.store import StoreInfo, open_store
from parley.store.base import GraphStore, Quad, QuerySyntaxError
from tests.conftest import free_port

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
    def counts(info: StoreInfo) -> tuple[int, int, int]:
        return info.quads, info.named_graphs, info.default_graph_triples

    assert counts(remote.info()) == counts(store.info())
    # Blank node labels are the engine's own, so compare the quads that have none, and count
    # the rest.
    def split(quads: Iterator[Quad]) -> tuple[list[str], int]:
        named, anonymous = [], 0
        for quad in quads:
            if any(isinstance(term, BNode) for term in quad):
                anonymous += 1
            else:
                named.append(str(quad))
        return sorted(named), anonymous

    assert split(remote.quads()) == split(store.quads())


def test_remote_bindings_and_syntax_errors(remote: GraphStore) -> None:
    from rdflib import Literal

    rows = remote.select("SELECT ?x WHERE { BIND(?y AS ?x) }", {"y": Literal("Умєров")})
    assert rows == [{"x": Literal("Умєров")}]
    with pytest.raises(QuerySyntaxError):
        remote.select("SELECT WHERE {")
