"""`parley export`: the dumps, their counts, VoID/DCAT, SHA256SUMS and CITATION.cff."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID, XSD

from parley.settings import PROJECT_ROOT, Settings
from parley.store import GraphStore
from parley.void import DATASET, LICENSE, SPDX

DUMPS = {"parley.ttl": "turtle", "parley.nt": "nt", "parley.trig": "trig",
         "parley.nq": "nquads", "parley.jsonld": "json-ld"}
DEFAULT_ONLY = {"parley.ttl", "parley.nt"}
DOWNLOADS = "https://w3id.org/parley/downloads/"


def run_export(
    settings: Settings, out: Path, *args: str, seed: str = "0"
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "parley.cli", "export", str(out), "--store",
         str(settings.store_path), *args],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )


@pytest.fixture(scope="module")
def exported(built_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "dumps"
    result = run_export(built_settings, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def void(exported: Path) -> Graph:
    return Graph().parse(exported / "void.ttl", format="turtle")


def count(path: Path, fmt: str) -> int:
    if path.name in DEFAULT_ONLY:
        return len(Graph().parse(path, format=fmt))
    dataset = Dataset()
    dataset.parse(path, format=fmt)
    return sum(1 for _ in dataset.quads())


def test_every_file_is_written(exported: Path) -> None:
    names = {p.name for p in exported.iterdir()}
    assert set(DUMPS) | {"void.ttl", "CITATION.cff", "SHA256SUMS"} <= names


@pytest.mark.parametrize("name", sorted(DUMPS))
def test_each_dump_parses_and_holds_the_store(
    exported: Path, store: GraphStore, void: Graph, name: str
) -> None:
    info = store.info()
    expected = info.default_graph_triples if name in DEFAULT_ONLY else info.quads
    assert count(exported / name, DUMPS[name]) == expected
    assert void.value(URIRef(DOWNLOADS + name), VOID.triples) == Literal(
        expected, datatype=XSD.integer)


def test_named_graph_dumps_keep_the_claim_graphs(exported: Path, store: GraphStore) -> None:
    dataset = Dataset()
    dataset.parse(exported / "parley.trig", format="trig")
    graphs = {g for _, _, _, g in dataset.quads() if g is not None
              and g != dataset.default_graph.identifier}
    assert len(graphs) == store.info().named_graphs


def test_void_counts_match_the_store(void: Graph, store: GraphStore) -> None:
    info = store.info()
    assert void.value(DATASET, VOID.triples).toPython() == info.quads
    curated = URIRef("https://w3id.org/parley/dataset/curated")
    assert void.value(curated, VOID.triples).toPython() == info.default_graph_triples
    assert set(void.objects(curated, VOID.dataDump)) == {
        URIRef(DOWNLOADS + n) for n in DEFAULT_ONLY}


def test_void_describes_dataset_and_distributions(exported: Path, void: Graph) -> None:
    assert (DATASET, RDF.type, VOID.Dataset) in void
    assert (DATASET, RDF.type, DCAT.Dataset) in void
    assert void.value(DATASET, DCTERMS.license) == LICENSE
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef("https://w3id.org/parley/sparql")
    assert void.value(DATASET, OWL.versionInfo) is not None
    assert void.value(DATASET, DCTERMS.hasVersion) is not None
    assert void.value(DATASET, DCTERMS.issued).datatype == XSD.date
    assert void.value(DATASET, DCTERMS.modified).datatype == XSD.date
    sources = set(void.objects(DATASET, DCTERMS.source))
    assert len(sources) == 5
    assert all(str(s).startswith("https://w3id.org/parley/id/article/") for s in sources)
    dumps = set(void.objects(DATASET, VOID.dataDump))
    assert dumps == {URIRef(DOWNLOADS + n) for n in DUMPS}
    for name in DUMPS:
        url = URIRef(DOWNLOADS + name)
        path = exported / name
        assert (DATASET, DCAT.distribution, url) in void
        assert void.value(url, DCAT.byteSize).toPython() == path.stat().st_size
        assert str(void.value(url, DCAT.mediaType)).startswith(
            "https://www.iana.org/assignments/media-types/")
        checksum = void.value(url, SPDX.checksum)
        assert void.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(
            path.read_bytes()).hexdigest()


def test_void_linkset_counts_the_wikidata_links(exported: Path, void: Graph) -> None:
    linksets = list(void.subjects(RDF.type, VOID.Linkset))
    assert len(linksets) == 1
    linkset = linksets[0]
    assert void.value(linkset, VOID.linkPredicate) == OWL.sameAs
    curated = Graph().parse(exported / "parley.ttl", format="turtle")
    links = [o for o in curated.objects(None, OWL.sameAs)
             if str(o).startswith("http://www.wikidata.org/entity/")]
    assert void.value(linkset, VOID.triples).toPython() == len(links)


def test_sha256sums_verifies(exported: Path) -> None:
    lines = (exported / "SHA256SUMS").read_text("utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
        assert hashlib.sha256((exported / name).read_bytes()).hexdigest() == digest
    assert set(DUMPS) | {"void.ttl", "CITATION.cff"} <= set(listed)
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=exported,
                               capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize("where", ["export", "repository"])
def test_citation_cff_is_a_dataset_record(exported: Path, where: str) -> None:
    path = exported / "CITATION.cff" if where == "export" else PROJECT_ROOT / "CITATION.cff"
    record = yaml.safe_load(path.read_text("utf-8"))
    assert record["cff-version"] == "1.2.0"
    assert record["type"] == "dataset"
    assert record["license"] == "CC-BY-4.0"
    assert record["title"].startswith("Parley")
    assert record["authors"] and record["message"]
    assert str(record["date-released"])[:4].isdigit()


def test_exported_citation_names_the_exact_version(exported: Path, store: GraphStore) -> None:
    record = yaml.safe_load((exported / "CITATION.cff").read_text("utf-8"))
    assert record["version"].endswith("+" + store.info().snapshot)


def test_format_option_limits_the_dumps(built_settings: Settings, tmp_path: Path) -> None:
    result = run_export(built_settings, tmp_path, "--format", "ttl,nq")
    assert result.returncode == 0, result.stderr
    names = {p.name for p in tmp_path.iterdir()}
    assert {"parley.ttl", "parley.nq"} <= names
    assert not names & {"parley.nt", "parley.trig", "parley.jsonld"}


def test_unknown_format_and_missing_store_exit_2(
    built_settings: Settings, tmp_path: Path
) -> None:
    assert run_export(built_settings, tmp_path / "a", "--format", "rdfa").returncode == 2
    missing = built_settings.replace(store=tmp_path / "no-store")
    result = run_export(missing, tmp_path / "b")
    assert result.returncode == 2
    assert "parley load" in result.stderr


def test_same_store_gives_byte_identical_dumps(
    built_settings: Settings, exported: Path, tmp_path: Path
) -> None:
    # Another hash seed reorders rdflib's sets: the dumps, and so their checksums, must not move.
    result = run_export(built_settings, tmp_path, seed="12345")
    assert result.returncode == 0, result.stderr
    for name in DUMPS:
        assert (tmp_path / name).read_bytes() == (exported / name).read_bytes(), name


def test_two_builds_of_the_same_sources_give_the_same_checksums(
    built_settings: Settings, exported: Path, tmp_path: Path
) -> None:
    # A fresh store from the same files (blank nodes parsed anew, with new random labels)
    # must publish the same bytes: a version's checksums are a promise to researchers.
    from parley.build import build_store

    rebuilt = built_settings.replace(store=tmp_path / "store")
    build_store(rebuilt)
    result = run_export(rebuilt, tmp_path / "dumps", seed="999")
    assert result.returncode == 0, result.stderr
    for name in DUMPS:
        assert (tmp_path / "dumps" / name).read_bytes() == (exported / name).read_bytes(), name
