"""Reasoner helpers for tests and QC: OWL RL closure (owlrl) and HermiT (owlready2, Java)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, Namespace

# HermiT rejects datatypes outside the OWL 2 datatype map even when they are declared.
_DATE_LIKE = {XSD.date: XSD.dateTime}
_UNSUPPORTED = {XSD.duration}
_ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


def owl_rl_errors(graph: Graph) -> list[str]:
    """Run the OWL 2 RL closure; return the inconsistencies owlrl reports (empty if none)."""
    import owlrl

    closure = Graph()
    for triple in graph:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    errors = []
    for report in closure.subjects(RDF.type, _ERR.ErrorMessage):
        errors.extend(str(o) for o in closure.objects(report, _ERR.error))
    return sorted(set(errors))


def hermit_input(graph: Graph) -> Graph:
    """A copy HermiT accepts: xsd:date becomes xsd:dateTime, xsd:duration values are dropped."""
    out = Graph()
    for s, p, o in graph:
        if o in _UNSUPPORTED or s in _UNSUPPORTED:
            continue
        if isinstance(o, Literal) and o.datatype in _UNSUPPORTED:
            continue
        if isinstance(o, Literal) and o.datatype in _DATE_LIKE:
            o = Literal(f"{o}T00:00:00", datatype=_DATE_LIKE[o.datatype])
        elif o in _DATE_LIKE:
            o = _DATE_LIKE[o]
        if s in _DATE_LIKE:
            continue  # the declaration of xsd:date itself
        out.add((s, p, o))
    return out


def hermit_consistent(graph: Graph) -> bool:
    """True when HermiT finds the graph consistent. Needs Java on the PATH."""
    import owlready2

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "input.nt"
        hermit_input(graph).serialize(source, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(source.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return False
    return True

