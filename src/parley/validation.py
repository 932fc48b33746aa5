"""SHACL validation of Parley's data files: the only module that imports pyshacl.

What is validated: for every data file, its default graph and its named graphs (one per claim),
merged. Claims ranked ``parley:DeprecatedRank`` or ``parley:supersededBy`` another claim are
left out of the merge: they are kept on purpose although they contradict the curated facts
(the misdated round 2 is the standing example), so checking them against "exactly one date"
would fail by design. This is the same set of triples `parley load` puts in the curated view.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import SH
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from parley.namespaces import PARLEY
from parley.settings import Settings

DATA_SUFFIXES = (".ttl", ".trig")


class UnreadableInput(Exception):
    """A file that cannot be read or parsed; `line` is 1-based, or None when unknown."""

    def __init__(self, file: Path, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}, line {line}" if line is not None else str(file)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Result:
    focus_node: str
    path: str | None
    message: str
    severity: str
    source_shape: str
    value: str | None
    source_file: Path | None


@dataclass(frozen=True)
class ValidationOutcome:
    conforms: bool
    results: list[Result]
    report_graph: Graph
    files: list[Path] = field(default_factory=list)

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]


# ---------------------------------------------------------------- reading


def data_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to their .ttl/.trig files, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in DATA_SUFFIXES))
        elif path.exists():
            found.append(path)
        else:
            raise UnreadableInput(path, None, "no such file or folder")
    return found


def read_dataset(file: Path) -> Dataset:
    """Parse one Turtle or TriG file; raise UnreadableInput with the line on a syntax error."""
    dataset = Dataset()
    fmt = "trig" if file.suffix == ".trig" else "turtle"
    try:
        dataset.parse(file, format=fmt)
    except BadSyntax as err:
        raise UnreadableInput(file, err.lines + 1, err._why) from err
    except (OSError, UnicodeDecodeError) as err:
        raise UnreadableInput(file, None, str(err)) from err
    except Exception as err:  # rdflib raises many kinds for bad terms (IRIs, literals)
        raise UnreadableInput(file, None, f"{type(err).__name__}: {err}") from err
    return dataset


def read_graph(files: Iterable[Path]) -> Graph:
    """Merge every triple of every graph of the given files."""
    graph = Graph()
    for file in files:
        for triple in read_dataset(file).triples((None, None, None, None)):
            graph.add(triple[:3])
    return graph


def _graphs(dataset: Dataset) -> Iterator[tuple[Node, Graph]]:
    for graph in dataset.graphs():
        yield graph.identifier, graph


def withdrawn_claims(datasets: Iterable[Dataset]) -> set[Node]:
    """Claims that the curated view leaves out: deprecated, or superseded by another claim."""
    withdrawn: set[Node] = set()
    for dataset in datasets:
        for _, graph in _graphs(dataset):
            withdrawn.update(graph.subjects(PARLEY.rank, PARLEY.DeprecatedRank))
            withdrawn.update(graph.subjects(PARLEY.supersededBy, None))
    return withdrawn


@dataclass
class _DataView:
    graph: Graph
    origin: dict[Node, Path]


def build_view(files: list[Path]) -> _DataView:
    datasets = {file: read_dataset(file) for file in files}
    withdrawn = withdrawn_claims(datasets.values())
    view = _DataView(Graph(), {})
    for file, dataset in datasets.items():
        for name, graph in _graphs(dataset):
            if name != DATASET_DEFAULT_GRAPH_ID and name in withdrawn:
                continue
            for s, p, o in graph:
                view.graph.add((s, p, o))
                view.origin.setdefault(s, file)
    return view


# ---------------------------------------------------------------- validating


def _result(report: Graph, node: Node, view: _DataView, shapes: Graph) -> Result:
    def one(prop: URIRef) -> Node | None:
        return report.value(node, prop)

    focus = one(SH.focusNode)
    shape = one(SH.sourceShape)
    path = one(SH.resultPath)
    value = one(SH.value)
    severity = one(SH.resultSeverity)
    return Result(
        focus_node=str(focus),
        path=str(path) if isinstance(path, URIRef) else None,
        message=str(one(SH.resultMessage) or ""),
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        source_shape=str(named_shape(shapes, shape)),
        value=None if value is None else _show(value),
        source_file=view.origin.get(focus) if focus is not None else None,
    )


def _show(value: Node) -> str:
    return str(value) if not isinstance(value, Literal) else value.n3()


def named_shape(shapes: Graph, shape: Node | None) -> Node | None:
    """An anonymous property shape reports the named node shape that holds it."""
    seen: set[Node] = set()
    while shape is not None and not isinstance(shape, URIRef) and shape not in seen:
        seen.add(shape)
        parent = next(shapes.subjects(SH.property, shape), None)
        if parent is None:
            parent = next(shapes.subjects(None, shape), None)
        if parent is None:
            break
        shape = parent
    return shape


def validate_graph(data: _DataView, shapes: Graph, ontology: Graph) -> ValidationOutcome:
    conforms, report, _ = pyshacl.validate(
        data.graph,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="rdfs",
        abort_on_first=False,
        allow_warnings=True,
        allow_infos=True,
    )
    nodes = report.subjects(RDF.type, SH.ValidationResult)
    results = [_result(report, node, data, shapes) for node in nodes]
    results.sort(key=lambda r: (str(r.source_file), r.focus_node, r.path or "", r.message))
    return ValidationOutcome(conforms=bool(conforms), results=results, report_graph=report)


def validate_paths(paths: list[Path] | None, settings: Settings) -> ValidationOutcome:
    """Validate data files (default: the data folder) against Parley's shapes and ontology."""
    files = data_files(paths or [settings.data_dir])
    view = build_view(files)
    shapes = read_graph(data_files([settings.shapes_dir]))
    ontology = read_graph(data_files([settings.ontology_dir]))
    outcome = validate_graph(view, shapes, ontology)
    return ValidationOutcome(outcome.conforms, outcome.results, outcome.report_graph, files)
