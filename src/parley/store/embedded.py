"""The embedded default backend: an on-disk Oxigraph store, one immutable snapshot at a time.

Layout of the store folder:
    snapshots/<id>/   one complete Oxigraph database per distinct set of input files
    current           symlink to the snapshot being served, swapped atomically

A load builds a new snapshot beside the old one and swaps the link only when it is complete, so a
failed load leaves the served store exactly as it was, and loading the same inputs twice is a no-op.
Readers open snapshots read-only, so any number of processes (the query workers) may share one.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from parley.media import Kind, by_name
from parley.namespaces import PREFIXES
from parley.settings import Settings
from parley.store.base import (
    Quad,
    QuerySyntaxError,
    Row,
    StoreInfo,
    StoreMissing,
    store_info,
)
from parley.store.terms import graph_to_oxigraph, graph_to_rdflib, to_oxigraph, to_rdflib

CURRENT = "current"
SNAPSHOTS = "snapshots"
_POSITION = re.compile(r"(?:at|line)\s+(\d+):(\d+)")


def current_snapshot(store_dir: Path) -> Path | None:
    link = store_dir / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def syntax_error(error: SyntaxError) -> QuerySyntaxError:
    message = str(error)
    found = _POSITION.search(message)
    if found:
        return QuerySyntaxError(message, int(found.group(1)), int(found.group(2)))
    return QuerySyntaxError(message)


def _substitutions(bindings: Mapping[str, Node] | None) -> dict[ox.Variable, object] | None:
    if not bindings:
        return None
    return {ox.Variable(name): to_oxigraph(value) for name, value in bindings.items()}


class EmbeddedStore:
    def __init__(self, settings: Settings, snapshot: Path):
        self.settings = settings
        self.snapshot = snapshot
        self._store = ox.Store.read_only(str(snapshot))

    @classmethod
    def open(cls, settings: Settings) -> EmbeddedStore:
        snapshot = current_snapshot(settings.store_path)
        if snapshot is None:
            raise StoreMissing(
                f"no store at {settings.store_path}: build it with `parley load`"
            )
        return cls(settings, snapshot)

    def _query(self, query: str, bindings: Mapping[str, Node] | None) -> object:
        try:
            return self._store.query(query, substitutions=_substitutions(bindings))
        except SyntaxError as error:
            raise syntax_error(error) from None

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        solutions = self._query(query, bindings)
        names = [v.value for v in solutions.variables]  # type: ignore[attr-defined]
        rows: list[Row] = []
        for solution in solutions:  # type: ignore[attr-defined]
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = to_rdflib(value)
            rows.append(row)
        return rows

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        return bool(self._query(query, bindings))

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        graph = Graph()
        for triple in self._query(query, bindings):  # type: ignore[attr-defined]
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                       to_rdflib(triple.object)))
        return graph

    def quads(self) -> Iterator[Quad]:
        for quad in self._store.quads_for_pattern(None, None, None, None):
            yield (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object),
                   graph_to_rdflib(quad.graph_name))

    def info(self) -> StoreInfo:
        return store_info(self, "embedded", self.snapshot.name)

    def dump(self, path: Path, fmt: str, named_graphs: bool) -> None:
        """Write the default graph (or, with `named_graphs`, every graph) in `fmt`, a
        `parley.media` format name, with the engine's own streaming writer: seconds for a
        million quads, where building an rdflib dataset takes minutes and gigabytes."""
        media_format = by_name(fmt)
        if media_format is None or media_format.kind is not Kind.GRAPH:
            raise ValueError(f"{fmt!r} is not an RDF format")
        rdf_format = getattr(ox.RdfFormat, media_format.engine)
        if named_graphs:
            self._store.dump(str(path), rdf_format, prefixes=_prefixes_for(rdf_format))
        else:
            self._store.dump(str(path), rdf_format, from_graph=ox.DefaultGraph(),
                             prefixes=_prefixes_for(rdf_format))

    def replace_all(self, quads: Iterable[Quad], snapshot: str) -> None:
        write_snapshot(self.settings.store_path, quads, snapshot)

    def close(self) -> None:
        # pyoxigraph closes the database when the last reference goes.
        self._store = None  # type: ignore[assignment]


def _prefixes_for(rdf_format: ox.RdfFormat) -> dict[str, str] | None:
    # Line-based formats have no prefixes; pyoxigraph refuses them there.
    if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        return None
    return dict(PREFIXES)


def write_snapshot(store_dir: Path, quads: Iterable[Quad], snapshot: str) -> Path:
    """Build snapshot `snapshot` from `quads` and make it current; a no-op if it already is."""
    target = store_dir / SNAPSHOTS / snapshot
    if current_snapshot(store_dir) == target.resolve():
        return target
    building = store_dir / SNAPSHOTS / f"{snapshot}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.parent.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(building))
    try:
        store.bulk_extend(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph_to_oxigraph(g))
            for s, p, o, g in quads
        )
        store.flush()
        store.optimize()
    except BaseException:
        del store
        shutil.rmtree(building, ignore_errors=True)
        raise
    del store
    if target.exists():
        shutil.rmtree(target)
    building.rename(target)
    _point_current(store_dir, target)
    _prune(store_dir, keep={target.name})
    return target


def _point_current(store_dir: Path, target: Path) -> None:
    link = store_dir / CURRENT
    temp = store_dir / f".{CURRENT}.{os.getpid()}"
    if temp.is_symlink() or temp.exists():
        temp.unlink()
    temp.symlink_to(Path(SNAPSHOTS) / target.name)
    os.replace(temp, link)


def _prune(store_dir: Path, keep: set[str]) -> None:
    """Drop old snapshots; readers that still have one open keep their files until they close."""
    for path in (store_dir / SNAPSHOTS).iterdir():
        if path.name not in keep and ".building-" not in path.name:
            shutil.rmtree(path, ignore_errors=True)
