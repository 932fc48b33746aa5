"""Build the store from the source files: the one load path every backend and command uses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from parley.loading import build_quads, input_files, snapshot_id
from parley.settings import Settings
from parley.store.embedded import current_snapshot, write_snapshot


def store_is_current(settings: Settings) -> bool:
    snapshot = current_snapshot(settings.store_path)
    files = input_files(settings)
    return snapshot is not None and snapshot.name == snapshot_id(files, settings.root)


def build_store(settings: Settings, progress: Callable[[Path], None] | None = None) -> str:
    """Load ontology/, shapes/ and data/ into the configured backend; returns the snapshot id."""
    files = input_files(settings)
    snapshot = snapshot_id(files, settings.root)
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
