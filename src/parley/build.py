"""Build the store from the source files: the one load path every backend and command uses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from parley.loading import build_quads, input_files, snapshot_id
from parley.settings import Settings
from parley.store.embedded import current_snapshot, write_snapshot


def _current_name(settings: Settings) -> str | None:
    snapshot = current_snapshot(settings.store_path)
    return snapshot.name if snapshot is not None else None


def store_is_current(settings: Settings) -> bool:
    return _current_name(settings) == snapshot_id(input_files(settings), settings.root)


def build_store(settings: Settings, progress: Callable[[Path], None] | None = None) -> str:
    """Load ontology/, shapes/ and data/ into the configured backend; returns the snapshot id."""
    files = input_files(settings)
    snapshot = snapshot_id(files, settings.root)
    if settings.backend == "embedded" and _current_name(settings) == snapshot:
        return snapshot  # the same inputs are already served: nothing to parse or write
    quads = list(build_quads(settings, progress))  # parse everything before touching the store
    if settings.backend == "embedded":
        write_snapshot(settings.store_path, quads, snapshot)
    else:
        from parley.store import open_store

        store = open_store(settings)
        try:
            store.replace_all(quads, snapshot)
        finally:
            store.close()
    return snapshot
