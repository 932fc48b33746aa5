"""What every backend offers, and the errors it raises."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from rdflib import Graph
from rdflib.term import Identifier, Node

Row = dict[str, Node]
Quad = tuple[Identifier, Identifier, Identifier, Identifier | None]


class StoreError(Exception):
    """Base of every store failure; its message is safe to show a user."""


class StoreMissing(StoreError):
    """The store has not been built: run `parley load`."""


class QuerySyntaxError(StoreError):
    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


class QueryRefused(StoreError):
    """The query asks for something Parley never does (SERVICE, LOAD, a remote FROM...)."""


class QueryTimeout(StoreError):
    """The query ran past its deadline and was stopped."""


class Overloaded(StoreError):
    def __init__(self, message: str, retry_after: int = 1):
        super().__init__(message)
        self.retry_after = retry_after


class ResultTooLarge(StoreError):
    """The answer is larger than the configured row or byte cap."""


@dataclass(frozen=True)
class StoreInfo:
    backend: str
    snapshot: str
    quads: int
    named_graphs: int
    default_graph_triples: int


class GraphStore(Protocol):
    """Trusted, named queries for the app's own pages; public queries go through `execute`."""

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Row]: ...

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool: ...

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph: ...

    def quads(self) -> Iterator[Quad]: ...

    def replace_all(self, quads: Iterable[Quad], snapshot: str) -> None: ...

    def info(self) -> StoreInfo: ...

    def close(self) -> None: ...
