"""/downloads on the real server: the listing, the files, their checksums and ETags."""

from __future__ import annotations

import hashlib
import re

import httpx
import pytest
from rdflib import Dataset, Graph

from parley.store import GraphStore
from tests.conftest import LiveServer

MEDIA_TYPES = {
    "parley.ttl": "text/turtle",
    "parley.nt": "application/n-triples",
    "parley.trig": "application/trig",
    "parley.nq": "application/n-quads",
    "parley.jsonld": "application/ld+json",
    "void.ttl": "text/turtle",
    "SHA256SUMS": "text/plain",
}


@pytest.fixture(scope="module")
def sums(server: LiveServer) -> dict[str, str]:
    with server.client() as http:
        response = http.get("/downloads/SHA256SUMS")
    assert response.status_code == 200
    return {name: digest for digest, name in
            (line.split("  ", 1) for line in response.text.splitlines())}


def test_page_lists_every_file_with_size_checksum_and_licence(
    client: httpx.Client, sums: dict[str, str], store: GraphStore
) -> None:
    response = client.get("/downloads")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    for name, digest in sums.items():
        assert f'href="/downloads/{name}"' in page
        assert digest in page
    assert "creativecommons.org/licenses/by/4.0/" in page
    assert f"{store.info().default_graph_triples:,}" in page
    assert f"{store.info().quads:,}" in page
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', page)


@pytest.mark.parametrize("name", sorted(MEDIA_TYPES))
def test_file_streams_with_media_type_and_sha256_etag(
    client: httpx.Client, sums: dict[str, str], name: str
) -> None:
    response = client.get(f"/downloads/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == MEDIA_TYPES[name]
    digest = hashlib.sha256(response.content).hexdigest()
    assert response.headers["etag"] == f'"{digest}"'
    if name != "SHA256SUMS":
        assert sums[name] == digest


def test_if_none_match_gives_304(client: httpx.Client, sums: dict[str, str]) -> None:
    etag = f'"{sums["parley.nq"]}"'
    response = client.get("/downloads/parley.nq", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_dumps_parse_to_the_store_counts(client: httpx.Client, store: GraphStore) -> None:
    info = store.info()
    turtle = Graph().parse(data=client.get("/downloads/parley.ttl").text, format="turtle")
    assert len(turtle) == info.default_graph_triples
    dataset = Dataset()
    dataset.parse(data=client.get("/downloads/parley.jsonld").text, format="json-ld")
    assert sum(1 for _ in dataset.quads()) == info.quads


def test_files_are_built_once_per_snapshot(server: LiveServer, store: GraphStore) -> None:
    folder = server.settings.store_path.parent / "downloads" / store.info().snapshot
    assert (folder / "manifest.json").is_file()
    before = (folder / "parley.trig").stat().st_mtime_ns
    with server.client() as http:
        http.get("/downloads")
        http.get("/downloads/parley.trig")
    assert (folder / "parley.trig").stat().st_mtime_ns == before


def test_unknown_file_is_404(client: httpx.Client) -> None:
    assert client.get("/downloads/passwords.txt").status_code == 404
    assert client.get("/downloads/manifest.json").status_code == 404
    assert client.get("/downloads/..%2Fstore").status_code == 404


def test_head_gives_size_and_etag_without_body(client: httpx.Client, sums: dict[str, str]) -> None:
    response = client.head("/downloads/parley.trig")
    assert response.status_code == 200
    assert response.headers["etag"] == f'"{sums["parley.trig"]}"'
    assert int(response.headers["content-length"]) > 0
    assert response.content == b""
