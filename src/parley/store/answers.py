"""How remote servers' answers are read: SPARQL 1.1 JSON and XML results, whatever the engine.

Virtuoso 7.2 answers in the SPARQL 1.0 draft form (`typed-literal`), ASK as a one-column table,
booleans as 1/0, xsd:duration as seconds, language tags upper-cased and blank nodes with labels
that are not valid labels (`nodeID://b1`); these functions fold all that into the standard.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

XSD = "http://www.w3.org/2001/XMLSchema#"
ASK_COLUMN = "__ASK_RETVAL"  # Virtuoso answers ASK as a table of this one column
_SECONDS = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _iso_duration(seconds: float) -> str:
    """Seconds (Virtuoso's form of an xsd:duration) as the ISO 8601 lexical form."""
    sign, rest = ("-" if seconds < 0 else ""), abs(seconds)
    days, rest = divmod(rest, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    date = f"{int(days)}D" if days else ""
    clock = "".join(f"{value}{unit}" for value, unit in (
        (int(hours), "H"), (int(minutes), "M"), (f"{secs:g}" if secs else 0, "S")) if value)
    if not date and not clock:
        return "PT0S"
    return f"{sign}P{date}" + (f"T{clock}" if clock else "")


def normal_term(binding: Mapping[str, str]) -> dict[str, str]:
    """One term of a JSON result in the SPARQL 1.1 form, whichever form the server wrote."""
    kind = binding["type"]
    value = binding["value"]
    if kind == "bnode":
        # Labels such as Virtuoso's `nodeID://b10000` are not valid in Turtle or N-Quads.
        return {"type": "bnode", "value": re.sub(r"[^A-Za-z0-9]", "", value) or "b"}
    if kind == "uri":
        return {"type": "uri", "value": value}
    if "xml:lang" in binding:
        # RDF compares language tags case-insensitively; Oxigraph and Virtuoso both lower-case.
        return {"type": "literal", "value": value, "xml:lang": binding["xml:lang"].lower()}
    datatype = binding.get("datatype")
    if datatype == XSD + "boolean" and value in ("1", "0"):
        value = "true" if value == "1" else "false"
    elif datatype == XSD + "duration" and _SECONDS.fullmatch(value):
        # Virtuoso keeps a duration as a number of seconds; months and years are not kept.
        value = _iso_duration(float(value))
    if datatype and datatype != XSD + "string":  # RDF 1.1: "x"^^xsd:string is just "x"
        return {"type": "literal", "value": value, "datatype": datatype}
    return {"type": "literal", "value": value}


def to_term(binding: Mapping[str, str]) -> Identifier:
    term = normal_term(binding)
    if term["type"] == "uri":
        return URIRef(term["value"])
    if term["type"] == "bnode":
        return BNode(term["value"])
    if "xml:lang" in term:
        return Literal(term["value"], lang=term["xml:lang"])
    datatype = term.get("datatype")
    return Literal(term["value"], datatype=URIRef(datatype) if datatype else None)


def ask_answer(result: Mapping[str, object]) -> bool | None:
    """The truth value of a JSON ASK answer, standard or Virtuoso's table; None for SELECT."""
    if "boolean" in result:
        return bool(result["boolean"])
    head = result.get("head")
    if isinstance(head, Mapping) and head.get("vars") == [ASK_COLUMN]:
        bindings = result["results"]["bindings"]  # type: ignore[index]
        return any(ASK_COLUMN in row and row[ASK_COLUMN]["value"] not in ("0", "false")
                   for row in bindings)
    return None


def normal_json(body: bytes) -> bytes:
    """A JSON results document rewritten in the SPARQL 1.1 form (see `normal_term`)."""
    result = json.loads(body)
    truth = ask_answer(result)
    if truth is not None:
        return json.dumps({"head": {}, "boolean": truth}).encode()
    head = result.get("head", {})
    rows = [{name: normal_term(value) for name, value in row.items()}
            for row in result["results"]["bindings"]]
    return json.dumps({"head": {"vars": head.get("vars", [])}, "results": {"bindings": rows}},
                      ensure_ascii=False).encode()


_XML_ASK = re.compile(rb'<variable\s+name="' + ASK_COLUMN.encode() + rb'"\s*/>')


def normal_xml(body: bytes) -> bytes:
    """An XML ASK answer given as Virtuoso's one-column table, rewritten as a boolean."""
    if not _XML_ASK.search(body):
        return body
    truth = re.search(rb"<result[\s>]", body) is not None  # true: one row; false: none
    return (b'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            b"<head/><boolean>" + (b"true" if truth else b"false") + b"</boolean></sparql>\n")


# `GRAPH ?g { }` matches no graph on Virtuoso; a sub-select over the graphs' triples projects
# the same one row per (non-empty) graph, and no other variable leaks out.
