"""The store layer: the only code that talks to a SPARQL engine.

`GraphStore` is what the rest of Parley sees. Two engines sit behind it: the embedded on-disk
Oxigraph store (`embedded.EmbeddedStore`, the default) and any SPARQL 1.1 server reached
through SPARQLWrapper (`remote.RemoteStore`). `open_store(settings)` picks one.
"""

from __future__ import annotations

from parley.settings import Settings
from parley.store.base import (
    GraphStore,
    Overloaded,
    QueryExecutor,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    ResultTooLarge,
    StoreError,
    StoreInfo,
    StoreMissing,
)

__all__ = [
    "GraphStore",
    "Overloaded",
    "QueryRefused",
    "QuerySyntaxError",
    "QueryTimeout",
    "ResultTooLarge",
    "StoreError",
    "StoreInfo",
    "StoreMissing",
    "open_executor",
    "open_store",
]


def open_store(settings: Settings) -> GraphStore:
    """Open the configured backend; the caller closes it (the web app does so in its lifespan)."""
    if settings.backend == "embedded":
        from parley.store.embedded import EmbeddedStore

        return EmbeddedStore.open(settings)
    if settings.backend == "remote":
        from parley.store.remote import RemoteStore

        return RemoteStore.open(settings)
    raise ValueError(f"unknown backend {settings.backend!r}: use 'embedded' or 'remote'")


def open_executor(settings: Settings, workers: int | None = None) -> QueryExecutor:
    """What runs public queries under the deadline and caps: the embedded worker pool (of
    `workers` processes, default `max_concurrent_queries`), or the remote server itself."""
    if settings.backend == "embedded":
        from parley.store.workers import WorkerPool, pool_config

        return WorkerPool(pool_config(settings, size=workers))
    from parley.store.remote import RemoteExecutor

    return RemoteExecutor(settings)
