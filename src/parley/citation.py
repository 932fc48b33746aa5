"""CITATION.cff (Citation File Format 1.2.0, type dataset) for a published version of the graph.

Written as text rather than through a YAML library: the layout is fixed and the only values that
vary are a version string and a date, so quoting them is all the escaping needed.
"""

from __future__ import annotations

from datetime import date

from parley.settings import Settings
from parley.void import TITLE


def citation_cff(settings: Settings, version: str, released: date) -> str:
    from parley.export import public_base

    base = public_base(settings)
    return f"""\
cff-version: 1.2.0
message: "If you use this dataset, please cite it as below."
type: dataset
title: "{TITLE}"
abstract: >-
  An open knowledge graph of the 2025 Russia-Ukraine direct talks in Istanbul: actors,
  delegations, rounds, agreements, prisoner exchanges, repatriations of remains, proposals and
  statements, extracted from five news articles. Every fact is a claim with its article and quote.
authors:
  - name: "The Parley contributors"
version: "{version}"
date-released: "{released.isoformat()}"
license: CC-BY-4.0
url: "{base}"
identifiers:
  - type: url
    value: "{base}downloads/"
    description: "Dumps (Turtle, N-Triples, TriG, N-Quads, JSON-LD), VoID and checksums"
  - type: url
    value: "{base}sparql"
    description: "SPARQL endpoint"
keywords:
  - knowledge graph
  - RDF
  - Russia
  - Ukraine
  - Istanbul talks
  - prisoner exchange
"""
