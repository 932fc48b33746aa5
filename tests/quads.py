"""Comparing what two backends hold: blank node labels are each engine's own."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode

from parley.store.base import Quad, StoreInfo


def comparable(quads: Iterable[Quad]) -> tuple[list[str], int]:
    """The quads without blank nodes, sorted, and how many quads had one."""
    named: list[str] = []
    anonymous = 0
    for quad in quads:
        if any(isinstance(term, BNode) for term in quad):
            anonymous += 1
        else:
            named.append(str(quad))
    return sorted(named), anonymous


def counts(info: StoreInfo) -> tuple[int, int, int]:
    return info.quads, info.named_graphs, info.default_graph_triples
