"""`parley load` and `parley serve` building the store: idempotent, atomic, loud on bad input."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from parley.build import build_store
from parley.settings import PROJECT_ROOT, Settings, load_settings
from parley.store import open_store
from tests.conftest import start_server, stop_server


def parley(*args: str, root: Path = PROJECT_ROOT) -> subprocess.CompletedProcess[str]:
    env = {"PARLEY_ROOT": str(root), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "parley.cli", *args], capture_output=True,
                          text=True, env=env, timeout=300)


@pytest.fixture()
def sandbox(tmp_path: Path) -> Settings:
    """A copy of the sources, so a test may break a file without touching the checkout."""
    for folder in ("ontology", "shapes", "data"):
        shutil.copytree(PROJECT_ROOT / folder, tmp_path / folder)
    return load_settings(root=tmp_path, store=tmp_path / "store")


def test_load_keeps_every_named_graph(built_settings: Settings) -> None:
    store = open_store(built_settings)
    try:
        graphs = {row["g"] for row in store.select("SELECT DISTINCT ?g { GRAPH ?g {} }")}
        info = store.info()
    finally:
        store.close()
    names = {str(g) for g in graphs}
    assert "https://w3id.org/parley/graph/ontology" in names
    assert "https://w3id.org/parley/graph/shapes" in names
    assert "https://w3id.org/parley/graph/editorial" in names
    assert sum(n.startswith("https://w3id.org/parley/id/claim/") for n in names) >= 100
    assert info.named_graphs == len(names)


def test_load_twice_gives_the_same_store(sandbox: Settings) -> None:
    first = parley("load", "--store", str(sandbox.store_path), root=sandbox.root)
    assert first.returncode == 0, first.stderr
    snapshot = (sandbox.store_path / "current").resolve()
    before = open_store(sandbox).info()
    second = parley("load", "--store", str(sandbox.store_path), root=sandbox.root)
    assert second.returncode == 0, second.stderr
    assert (sandbox.store_path / "current").resolve() == snapshot
    assert open_store(sandbox).info() == before
    assert "loaded" in second.stdout


def test_a_bad_file_names_file_and_line_and_leaves_the_store_as_it_was(sandbox: Settings) -> None:
    build_store(sandbox)
    before = open_store(sandbox).info()
    broken = sandbox.data_dir / "actors.trig"
    lines = broken.read_text("utf-8").splitlines()
    lines.insert(9, "this is not turtle ;;")
    broken.write_text("\n".join(lines), "utf-8")

    result = parley("load", "--store", str(sandbox.store_path), root=sandbox.root)

    assert result.returncode == 2
    assert "actors.trig:10" in result.stderr
    assert open_store(sandbox).info() == before


def test_a_changed_file_makes_a_new_snapshot(sandbox: Settings) -> None:
    build_store(sandbox)
    old = (sandbox.store_path / "current").resolve()
    extra = sandbox.data_dir / "zz-extra.trig"
    extra.write_text(
        "<https://w3id.org/parley/id/place/nowhere> "
        "<http://www.w3.org/2000/01/rdf-schema#label> \"Nowhere\"@en .\n", "utf-8"
    )
    build_store(sandbox)
    new = (sandbox.store_path / "current").resolve()
    assert new != old
    assert not old.exists()  # the previous snapshot is pruned once the new one is current
    store = open_store(sandbox)
    assert store.ask('ASK { ?s ?p "Nowhere"@en }')


def test_serve_builds_a_missing_store(sandbox: Settings, tmp_path: Path) -> None:
    assert not (sandbox.store_path / "current").exists()
    # --no-rebuild still builds a store that is missing altogether.
    server = start_server(sandbox, tmp_path / "serve.log")
    try:
        response = httpx.get(f"{server.url}/sparql", params={"query": "ASK { ?s ?p ?o }"},
                             headers={"Accept": "application/sparql-results+json"})
        assert response.json()["boolean"] is True
    finally:
        stop_server(server)
    assert (sandbox.store_path / "current").exists()
