"""SPARQL text the remote backend sends: bindings, updates, and the rewrites engines need."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.term import Identifier, Node

from parley.store.answers import XSD
from parley.store.base import Quad

# Literals Virtuoso refuses as constants in an update (SR553 for xsd:duration); computed with
# STRDT in a WHERE clause they are taken, and every other engine stores them as written.
COMPUTED_DATATYPES = frozenset({XSD + "duration"})


_EMPTY_GRAPH = re.compile(r"GRAPH\s+([?$]\w+)\s*\{\s*\}", re.IGNORECASE)


def fill_empty_graphs(query: str) -> str:
    return _EMPTY_GRAPH.sub(
        lambda m: f"{{ SELECT DISTINCT {m.group(1)} WHERE {{ GRAPH {m.group(1)} "
                  "{ ?parley_s ?parley_p ?parley_o } } }", query)


# Strings, IRIs and comments are matched first so that a brace or WHERE inside them is skipped.
_TOKENS = re.compile(
    r"'''.*?'''"
    r'|""".*?"""'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|"(?:[^"\\\n]|\\.)*"'
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*"
    r"|(?P<word>\b(?:WHERE|CONSTRUCT)\b)"
    r"|(?P<brace>\{)",
    re.IGNORECASE | re.DOTALL,
)


def _body_start(query: str) -> int | None:
    """Offset just inside the query's WHERE group, or None when there is no safe place."""
    seen_where = seen_construct = False
    first_brace: int | None = None
    for match in _TOKENS.finditer(query):
        word = (match.group("word") or "").upper()
        if word == "WHERE":
            seen_where = True
        elif word == "CONSTRUCT":
            seen_construct = True
        elif match.group("brace"):
            if seen_where:
                return match.end()
            if first_brace is None:
                first_brace = match.end()
    # Without WHERE the first group is the pattern, except in CONSTRUCT (it is the template).
    return None if seen_construct else first_brace


def with_bindings(query: str, bindings: Mapping[str, Node] | None) -> str:
    """Bindings as a VALUES block opening the WHERE group, which engines join first, so BIND
    and FILTER see a bound variable as they would with substitution."""
    if not bindings:
        return query
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(value.n3() for value in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    start = _body_start(query)
    if start is None:
        return f"{query}\n{block}"
    return query[:start] + block + query[start:]


def _n3(term: Identifier) -> str:
    # "x"^^xsd:string is the plain literal "x" in RDF 1.1, but Virtuoso keeps the two apart and
    # answers the typed one as typed: write the plain form, which every engine reads alike.
    if isinstance(term, Literal) and term.datatype == URIRef(XSD + "string"):
        return Literal(str(term)).n3()
    return term.n3()


def insert_data(quads: Iterable[Quad], template: bool = False) -> str:
    """One INSERT DATA operation; with `template`, `INSERT { } WHERE { }` instead, which takes
    blank nodes on every engine (Virtuoso refuses them in INSERT DATA) and, with its one empty
    solution, still makes one node per label."""
    default: list[str] = []
    named: dict[str, list[str]] = {}
    for s, p, o, g in quads:
        line = f"{_n3(s)} {_n3(p)} {_n3(o)} ."
        if g is None:
            default.append(line)
        else:
            named.setdefault(g.n3(), []).append(line)
    blocks = ["\n".join(default)]
    blocks += [f"GRAPH {name} {{\n" + "\n".join(lines) + "\n}" for name, lines in named.items()]
    body = "\n".join(blocks)
    if template:
        return "INSERT {\n" + body + "\n} WHERE {}"
    return "INSERT DATA {\n" + body + "\n}"


def insert_computed(quads: Iterable[Quad]) -> str:
    """An INSERT whose objects are computed by STRDT (see COMPUTED_DATATYPES); no blank nodes."""
    named: dict[str, list[str]] = {}
    binds: list[str] = []
    for i, (s, p, o, g) in enumerate(quads):
        assert isinstance(o, Literal) and o.datatype is not None
        binds.append(f"BIND(STRDT({Literal(str(o)).n3()}, {o.datatype.n3()}) AS ?v{i})")
        line = f"{_n3(s)} {_n3(p)} ?v{i} ."
        named.setdefault(g.n3() if g is not None else "", []).append(line)
    blocks = [("\n".join(lines) if not name else
               f"GRAPH {name} {{\n" + "\n".join(lines) + "\n}") for name, lines in named.items()]
    return "INSERT {\n" + "\n".join(blocks) + "\n} WHERE {\n" + "\n".join(binds) + "\n}"
