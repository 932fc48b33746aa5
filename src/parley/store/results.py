"""Writers for SELECT results in the four SPARQL results formats, one solution at a time.

pyoxigraph can serialize a whole `QuerySolutions` natively, but then nobody can count its rows;
writing them here lets the worker enforce the row cap exactly, before the first byte is sent.
ASK answers and graphs are still serialized by pyoxigraph itself.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


class TooManyRows(Exception):
    pass


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {
            "subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
            "object": _json_term(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return (f"<literal datatype={quoteattr(term.datatype.value)}>"
                    f"{escape(term.value)}</literal>")
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject>"
                f"<predicate>{_xml_term(term.predicate)}</predicate>"
                f"<object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"unexpected term {term!r}")


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term.value)
    return str(term)


def write_select(
    out: IO[bytes], fmt: str, variables: Sequence[str], solutions: Iterable[Any], max_rows: int
) -> int:
    """Write `solutions` to `out` in format `fmt` (json, xml, csv, tsv); return the row count."""
    rows = 0

    def counted() -> Iterable[list[Any]]:
        nonlocal rows
        for solution in solutions:
            rows += 1
            if rows > max_rows:
                raise TooManyRows
            yield [solution[name] for name in variables]

    if fmt == "json":
        head = json.dumps({"vars": list(variables)}, ensure_ascii=False)
        out.write(f'{{"head":{head},"results":{{"bindings":['.encode())
        for i, values in enumerate(counted()):
            binding = {n: _json_term(v) for n, v in zip(variables, values, strict=True)
                       if v is not None}
            out.write(((",\n" if i else "\n") + json.dumps(binding, ensure_ascii=False)).encode())
        out.write(b"\n]}}\n")
    elif fmt == "xml":
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{RESULTS_NS}">'
                  "<head>".encode())
        out.write("".join(f"<variable name={quoteattr(n)}/>" for n in variables).encode())
        out.write(b"</head>\n<results>\n")
        for values in counted():
            cells = "".join(f"<binding name={quoteattr(n)}>{_xml_term(v)}</binding>"
                            for n, v in zip(variables, values, strict=True) if v is not None)
            out.write(f"<result>{cells}</result>\n".encode())
        out.write(b"</results>\n</sparql>\n")
    elif fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(variables)
        for values in counted():
            writer.writerow([_csv_term(v) for v in values])
            if text.tell() > 65536:
                out.write(text.getvalue().encode())
                text.seek(0)
                text.truncate()
        out.write(text.getvalue().encode())
    elif fmt == "tsv":
        out.write(("\t".join(f"?{n}" for n in variables) + "\n").encode())
        for values in counted():
            out.write(("\t".join("" if v is None else str(v) for v in values) + "\n").encode())
    else:
        raise ValueError(f"not a results format: {fmt}")
    return rows
