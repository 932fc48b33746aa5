"""The ontology parses, is consistent (OWL RL, HermiT), is OWL 2 DL, and passes the QC queries."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, URIRef

from parley.namespaces import PARLEY
from parley.reasoning import hermit_consistent, owl_rl_errors
from parley.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
DATA = ROOT / "data"
QC = ONTOLOGY / "qc"
MODULES = ["parley.ttl", "declarations.ttl", "vocab.ttl", "alignment.ttl"]
OWLAPI_JARS = Path("/usr/share/java")
# Queries that only make sense on data (the ontology's OWL lists are blank nodes by design).
DATA_ONLY = {"blank_node_in_data.rq"}


def ontology() -> Graph:
    graph = Graph()
    for name in MODULES:
        graph.parse(ONTOLOGY / name, format="turtle")
    return graph


@cache
def data_graph() -> Graph:
    graph = Graph()
    for file in sorted([*DATA.glob("*.trig"), *DATA.glob("*.ttl")]):
        dataset = Dataset()
        dataset.parse(file, format="trig" if file.suffix == ".trig" else "turtle")
        for quad in dataset.triples((None, None, None, None)):
            graph.add(quad[:3])
    return graph


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology()


@pytest.mark.parametrize("name", MODULES)
def test_module_parses(name: str) -> None:
    assert len(Graph().parse(ONTOLOGY / name, format="turtle")) > 0


def test_every_class_in_the_contract_exists(onto: Graph) -> None:
    contract = (ROOT / "docs" / "modelling.md").read_text("utf-8")
    table = contract.split("## Classes", 1)[1].split("## Properties", 1)[0]
    names = {cell.strip("` ") for line in table.splitlines() if line.startswith("| `")
             for cell in [line.split("|")[1]]}
    missing = [n for n in names if (PARLEY[n], RDF.type, OWL.Class) not in onto]
    assert not missing, missing


def test_every_property_in_the_contract_exists(onto: Graph) -> None:
    contract = (ROOT / "docs" / "modelling.md").read_text("utf-8")
    table = contract.split("## Properties", 1)[1].split("## Claims", 1)[0]
    names = {name.strip("` ").split(":", 1)[1] for line in table.splitlines()
             if line.startswith("| `parley:") for name in line.split("|")[1].split(" / ")}
    kinds = {OWL.ObjectProperty, OWL.DatatypeProperty}
    missing = [n for n in names if not kinds & set(onto.objects(PARLEY[n], RDF.type))]
    assert not missing, missing


def test_key_axioms(onto: Graph) -> None:
    assert (PARLEY.ordinal, RDF.type, OWL.FunctionalProperty) in onto
    assert (PARLEY.conflictsWith, RDF.type, OWL.SymmetricProperty) in onto
    assert (None, RDF.type, OWL.AllDisjointClasses) in onto
    membership = URIRef("http://www.w3.org/ns/org#Membership")
    assert (PARLEY.PostHolding, RDFS.subClassOf, membership) in onto


def test_owl_rl_closure_is_consistent(onto: Graph) -> None:
    assert owl_rl_errors(onto) == []


def test_owl_rl_catches_a_disjointness_clash(onto: Graph) -> None:
    clash = onto + Graph()
    node = URIRef("https://w3id.org/parley/id/round/9")
    clash.add((node, RDF.type, PARLEY.TalksRound))
    clash.add((node, RDF.type, PARLEY.Agreement))
    assert owl_rl_errors(clash)


def test_hermit_says_consistent(onto: Graph) -> None:
    assert hermit_consistent(onto)


def test_hermit_says_consistent_with_data(onto: Graph) -> None:
    data = data_graph()
    assert len(data)
    assert hermit_consistent(onto + data)


def test_hermit_catches_a_type_clash(onto: Graph) -> None:
    clash = onto + Graph()
    node = URIRef("https://w3id.org/parley/id/round/9")
    clash.add((node, RDF.type, PARLEY.TalksRound))
    clash.add((node, RDF.type, PARLEY.Person))
    clash.add((node, PARLEY.date, Literal("2025-06-02", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))))
    assert not hermit_consistent(clash)


# ---------------------------------------------------------------- OWL 2 DL profile (OWL API)

JAVA_CHECK = """
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation v : report.getViolations()) System.out.println(v);
        System.exit(report.isInProfile() ? 0 : 1);
    }
}
"""
# The OWL API's own jar comes first; its Turtle parser needs rdf4j's.
CLASSPATH_JARS = ("owlapi-distribution", "rdf4j", "guava", "caffeine", "commons-rdf-api",
                  "commons-io", "commons-lang3", "commons-codec", "slf4j-api", "slf4j-nop",
                  "atinject-jsr330-api", "aopalliance", "jsonld-java", "hppcrt", "xz",
                  "javax.json", "jackson", "httpclient", "httpcore", "trove4j", "guice")


@pytest.fixture(scope="module")
def profile_checker(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    # `make test` installs both (scripts/setup-system); their absence is a setup failure.
    assert shutil.which("javac"), "javac is missing: run scripts/setup-system"
    assert (OWLAPI_JARS / "owlapi-distribution.jar").exists(), "install Debian's libowlapi-java"
    # Debian ships each jar twice (versioned and not); the unversioned links suffice.
    jars = [p for p in sorted(OWLAPI_JARS.glob("*.jar"))
            if p.name.startswith(CLASSPATH_JARS) and not p.name[-5].isdigit()]
    jars.sort(key=lambda p: not p.name.startswith("owlapi"))
    classpath = ":".join(str(p) for p in jars)
    folder = tmp_path_factory.mktemp("owlapi")
    (folder / "ProfileCheck.java").write_text(JAVA_CHECK, encoding="utf-8")
    subprocess.run(["javac", "-cp", classpath, "ProfileCheck.java"], cwd=folder, check=True)
    return folder, f"{folder}:{classpath}"


def profile_violations(checker: tuple[Path, str], graph: Graph) -> list[str]:
    folder, classpath = checker
    source = folder / "input.ttl"
    graph.serialize(source, format="turtle")
    run = subprocess.run(["java", "-cp", classpath, "ProfileCheck", str(source)],
                         capture_output=True, text=True, timeout=120)
    violations = [line for line in run.stdout.splitlines() if line.strip()]
    if run.returncode != 0 and not violations:
        violations.append(f"exit {run.returncode}: {run.stderr[-800:]}")
    return violations


def test_ontology_is_owl2_dl(profile_checker: tuple[Path, str], onto: Graph) -> None:
    assert profile_violations(profile_checker, onto) == []


def test_ontology_and_data_are_owl2_dl(profile_checker: tuple[Path, str], onto: Graph) -> None:
    data = data_graph()
    assert len(data)
    assert profile_violations(profile_checker, onto + data) == []


def test_profile_check_catches_an_undeclared_class(
    profile_checker: tuple[Path, str], onto: Graph
) -> None:
    broken = onto + Graph()
    broken.add((PARLEY.Extra, RDF.type, OWL.Class))
    broken.add((PARLEY.Extra, RDFS.subClassOf, URIRef("http://example.org/Undeclared")))
    assert profile_violations(profile_checker, broken)


# ---------------------------------------------------------------- structural DL checks


def test_every_term_has_one_kind(onto: Graph) -> None:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
             RDFS.Datatype}
    for term in set(onto.subjects(RDF.type, None)):
        declared = kinds & set(onto.objects(term, RDF.type))
        assert len(declared) <= 1, (term, declared)


def test_object_properties_take_iris_and_datatype_properties_literals(onto: Graph) -> None:
    graph = onto + data_graph()
    for prop in onto.subjects(RDF.type, OWL.ObjectProperty):
        bad = [o for o in graph.objects(None, prop) if isinstance(o, Literal)]
        assert not bad, (prop, bad[:3])
    for prop in onto.subjects(RDF.type, OWL.DatatypeProperty):
        bad = [o for o in graph.objects(None, prop) if not isinstance(o, Literal)]
        assert not bad, (prop, bad[:3])


# ---------------------------------------------------------------- QC queries


def _qc_rows(query: Path, graph: Graph) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in graph.query(query.read_text("utf-8"))]


@pytest.mark.parametrize("query", sorted(QC.glob("*.rq")), ids=lambda p: p.stem)
def test_qc_query_finds_nothing(query: Path, onto: Graph) -> None:
    data = data_graph()
    graph = data if query.name in DATA_ONLY else onto + data
    assert _qc_rows(query, graph) == []


def test_qc_queries_can_fail(onto: Graph) -> None:
    """Each query is live: a seeded defect makes it return rows."""
    node = URIRef("https://w3id.org/parley/id/person/x")
    broken = onto + Graph()
    broken.add((PARLEY.Broken, RDF.type, OWL.Class))
    broken.add((node, URIRef("http://example.org/undeclared"), URIRef(
        "https://w3id.org/parley/id/person/nobody")))
    broken.add((node, RDFS.label, Literal(" x", lang="en")))
    broken.add((node, RDFS.label, Literal("y", lang="en")))
    broken.add((PARLEY.Twin, RDFS.label, Literal("Venue", lang="en")))
    for name in ["missing_label", "missing_definition", "undeclared_term", "dangling_reference",
                 "duplicate_label",
                 "label_whitespace", "multiple_labels", "missing_superclass"]:
        assert _qc_rows(QC / f"{name}.rq", broken), name


def test_settings_point_at_this_ontology() -> None:
    assert Settings(root=ROOT).ontology_dir == ONTOLOGY
