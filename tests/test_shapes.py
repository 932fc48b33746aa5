"""Every shape rejects its invalid fixtures with the expected message; valid data conforms."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SH

from parley.settings import Settings
from parley.validation import validate_paths

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
SHAPES = "https://w3id.org/parley/shapes#"
EXPECTED = tomllib.loads((FIXTURES / "expected.toml").read_text("utf-8"))["fixture"]
SETTINGS = Settings(root=ROOT)


def shapes_graph() -> Graph:
    graph = Graph()
    for file in sorted((ROOT / "shapes").glob("*.ttl")):
        graph.parse(file, format="turtle")
    return graph


@pytest.mark.parametrize("case", EXPECTED, ids=lambda c: c["file"].removesuffix(".trig"))
def test_invalid_fixture_is_rejected_with_its_message(case: dict[str, str]) -> None:
    outcome = validate_paths([FIXTURES / "invalid" / case["file"]], SETTINGS)
    found = {(r.source_shape, r.severity, r.message) for r in outcome.results}
    assert (SHAPES + case["shape"], case["severity"], case["message"]) in found, found
    if case["severity"] == "Violation":
        assert not outcome.conforms


@pytest.mark.parametrize("file", sorted((FIXTURES / "valid").glob("*.trig")), ids=lambda p: p.stem)
def test_valid_fixture_conforms_without_warnings(file: Path) -> None:
    outcome = validate_paths([file], SETTINGS)
    assert outcome.conforms, [(r.focus_node, r.message) for r in outcome.results]
    assert outcome.results == []


def test_every_named_shape_has_an_invalid_fixture() -> None:
    graph = shapes_graph()
    named = {str(s) for kind in (SH.NodeShape, SH.PropertyShape)
             for s in graph.subjects(RDF.type, kind) if str(s).startswith(SHAPES)}
    covered = {SHAPES + case["shape"] for case in EXPECTED}
    # A node shape that only groups named property shapes is covered through them.
    grouping = {RDF.type, RDFS.label, SH.targetClass, SH.property, SH.message}
    for shape in named - covered:
        parts = {str(p) for p in graph.objects(URIRef(shape), SH.property)}
        if parts and parts <= covered and set(graph.predicates(URIRef(shape))) <= grouping:
            covered.add(shape)
    assert named - covered == set()


def test_every_ontology_class_has_a_node_shape() -> None:
    from parley.namespaces import PARLEY

    graph = shapes_graph()
    ontology = Graph().parse(ROOT / "ontology" / "parley.ttl", format="turtle")
    owl_class = URIRef("http://www.w3.org/2002/07/owl#Class")
    targets = set(graph.objects(None, SH.targetClass))
    classes = {c for c in ontology.subjects(RDF.type, None) if str(c).startswith(str(PARLEY))
               and (c, RDF.type, owl_class) in ontology}
    assert classes - targets == set()


def test_every_shape_and_constraint_says_what_to_fix() -> None:
    graph = shapes_graph()
    silent = [s for s in graph.subjects(RDF.type, SH.NodeShape)
              if graph.value(s, SH.message) is None]
    silent += [p for p in graph.objects(None, SH.property) if graph.value(p, SH.message) is None]
    silent += [c for c in graph.objects(None, SH.sparql) if graph.value(c, SH.message) is None]
    assert silent == []


def test_deprecated_claims_are_left_out_of_the_checked_view() -> None:
    """The misdated round in mini.trig would break 'one date per event' if it were checked."""
    outcome = validate_paths([FIXTURES / "valid" / "mini.trig"], SETTINGS)
    assert outcome.conforms


def test_results_name_their_source_file() -> None:
    file = FIXTURES / "invalid" / "count-without-side.trig"
    outcome = validate_paths([file], SETTINGS)
    assert {r.source_file for r in outcome.results} == {file}


def test_real_data_conforms() -> None:
    data = ROOT / "data"
    assert any(data.glob("*.trig"))
    outcome = validate_paths([data], SETTINGS)
    problems = [(r.source_file and r.source_file.name, r.focus_node, r.message)
                for r in outcome.violations]
    assert outcome.conforms, problems
