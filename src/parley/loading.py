"""Read ontology/, shapes/ and data/ into the quads of the store, curated view included.

The layout is documented in docs/modelling.md ("Claims and the curated view"). This module knows
nothing of engines: it yields rdflib quads that any backend's `replace_all` takes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Identifier

from parley.namespaces import GRAPH, ONTOLOGY_GRAPH, PARLEY, SHAPES_GRAPH
from parley.settings import Settings

EDITORIAL_GRAPH = GRAPH["editorial"]
LOADER_VERSION = "2"  # 2: blank node labels stable across builds

Quad = tuple[Identifier, Identifier, Identifier, Identifier | None]
Progress = Callable[[Path], None]


class UnreadableInput(Exception):
    """A source file that does not parse; names the file and, when known, the line."""

    def __init__(self, path: Path, line: int | None, message: str):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.detail = message


@dataclass
class InputFiles:
    ontology: list[Path] = field(default_factory=list)
    shapes: list[Path] = field(default_factory=list)
    data: list[Path] = field(default_factory=list)

    def all(self) -> list[Path]:
        return [*self.ontology, *self.shapes, *self.data]


def input_files(settings: Settings) -> InputFiles:
    def rdf_files(folder: Path) -> list[Path]:
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.rglob("*") if p.suffix in {".ttl", ".trig"})

    return InputFiles(
        ontology=[p for p in rdf_files(settings.ontology_dir) if "qc" not in p.parts],
        shapes=rdf_files(settings.shapes_dir),
        data=rdf_files(settings.data_dir),
    )


def snapshot_id(files: InputFiles, root: Path) -> str:
    """A digest of every input file: the same inputs always give the same store."""
    digest = hashlib.sha256(LOADER_VERSION.encode())
    for path in files.all():
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _line_of(error: Exception) -> int | None:
    for attr in ("lineno", "line"):
        value = getattr(error, attr, None)
        if isinstance(value, int):
            return value
    text = str(error)
    marker = "line "
    if marker in text:
        digits = ""
        for ch in text[text.index(marker) + len(marker) :]:
            if not ch.isdigit():
                break
            digits += ch
        if digits:
            return int(digits)
    return None


def parse_file(path: Path) -> Dataset:
    """Parse one Turtle or TriG file, or raise UnreadableInput with its file and line."""
    dataset = Dataset()
    fmt = "trig" if path.suffix == ".trig" else "turtle"
    try:
        dataset.parse(path, format=fmt, publicID=str(path.resolve().as_uri()))
    except Exception as error:  # rdflib raises many unrelated types for bad syntax
        raise UnreadableInput(path, _line_of(error), str(error).strip().splitlines()[0]) from None
    return dataset


def _default(dataset: Dataset) -> Graph:
    return dataset.graph(DATASET_DEFAULT_GRAPH_ID)


def _stable(graph: Graph, path: Path, root: Path) -> Iterable[tuple[Identifier, ...]]:
    """The graph's triples with blank node labels that depend only on the file and its content.

    rdflib labels blank nodes at random on every parse, which would make the same sources give
    dumps with different bytes (and checksums) on every build. Canonical labels are prefixed
    with the file's path so that alike structures in two files stay two nodes.
    """
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph
    prefix = hashlib.sha256(str(path.relative_to(root)).encode()).hexdigest()[:8]

    def relabel(term: Identifier) -> Identifier:
        return BNode(f"b{prefix}{term}") if isinstance(term, BNode) else term

    return [tuple(relabel(term) for term in triple) for triple in to_canonical_graph(graph)]


def _excluded_claims(defaults: Iterable[Graph]) -> set[Identifier]:
    """Claims whose triples stay out of the curated view: deprecated or superseded ones."""
    excluded: set[Identifier] = set()
    for graph in defaults:
        excluded.update(graph.subjects(PARLEY.rank, PARLEY.DeprecatedRank))
        excluded.update(graph.subjects(PARLEY.supersededBy, None))
    return excluded


def build_quads(settings: Settings, progress: Progress | None = None) -> Iterator[Quad]:
    """Every quad of the store. Parses everything first, so a bad file loads nothing."""
    files = input_files(settings)
    parsed: dict[Path, Dataset] = {}
    for path in files.all():
        parsed[path] = parse_file(path)
        if progress:
            progress(path)

    root = settings.root
    for path in files.ontology:
        for s, p, o in _stable(_default(parsed[path]), path, root):
            yield s, p, o, None
            yield s, p, o, ONTOLOGY_GRAPH
    for path in files.shapes:
        for s, p, o in _stable(_default(parsed[path]), path, root):
            yield s, p, o, SHAPES_GRAPH

    excluded = _excluded_claims(_default(parsed[p]) for p in files.data)
    for path in files.data:
        dataset = parsed[path]
        for s, p, o in _stable(_default(dataset), path, root):
            yield s, p, o, None
            yield s, p, o, EDITORIAL_GRAPH
        for graph in dataset.graphs():
            name = graph.identifier
            if name == DATASET_DEFAULT_GRAPH_ID:
                continue
            for s, p, o in _stable(graph, path, root):
                yield s, p, o, name
                if name not in excluded:
                    yield s, p, o, None


def graph_iri(name: str) -> URIRef:
    return GRAPH[name]
