"""What every backend offers, and the errors it raises."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from rdflib import Graph
from rdflib.term import Identifier, Node

from parley.queries import load_query

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


def store_info(store: GraphStore, backend: str, snapshot: str) -> StoreInfo:
    """Counts of any backend, by one query."""
    row = store.select(load_query("store_counts"))[0]
    named, default = int(row["named"]), int(row["default"])
    return StoreInfo(backend, snapshot, named + default, int(row["graphs"]), default)


class GraphStore(Protocol):
    """Trusted, named queries for the app's own pages; public queries go through `execute`."""

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Row]: ...

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool: ...

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph: ...

    def quads(self) -> Iterator[Quad]: ...

    def replace_all(self, quads: Iterable[Quad], snapshot: str) -> None: ...

    def info(self) -> StoreInfo: ...

    def close(self) -> None: ...


# --- Public query execution (the SPARQL endpoint and `parley query`) -----------------------------


class QueryTooLarge(StoreError):
    """The query text itself is longer than the configured cap."""


class QueryInvalid(StoreError):
    """The query text cannot be a SPARQL query (NUL bytes, too deep nesting...); no parse tried."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


class WorkerFailed(StoreError):
    """A query worker died or misbehaved; the message is opaque, the details are logged."""


@dataclass(frozen=True)
class QueryJob:
    """One public query, checked by `guard.inspect`, with its dataset and wanted serialization.

    `default_graphs` / `named_graphs` are IRIs (None: the store's own dataset); `fmt` is the
    `parley.media.MediaFormat.name` to serialize to.
    """

    query: str
    fmt: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


class QueryAnswer(Protocol):
    """A running answer: `first` is buffered (so an early error still changes the status);
    iterating yields the remaining chunks; `close()` frees the engine even if not exhausted.
    `fmt` is the `MediaFormat.name` actually written (the engine may know the query form
    better than the guard), `rows` and `size` the row count and byte length of the answer."""

    first: bytes
    fmt: str
    rows: int
    size: int

    def __iter__(self) -> Iterator[bytes]: ...

    def close(self) -> None: ...


class QueryExecutor(Protocol):
    """Runs public queries under the deadline and caps; the embedded worker pool is one, the
    remote backend another. `cancelled` is set when the client went away."""

    def run(self, job: QueryJob, cancelled: threading.Event | None = None) -> QueryAnswer: ...

    def stats(self) -> dict[str, float]: ...

    def close(self) -> None: ...
