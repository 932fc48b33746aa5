"""Whole-graph dumps: the files a researcher takes home, with checksums, VoID/DCAT and a citation.

A backend with a native writer (the embedded store's `dump`) writes the files itself, streaming;
any other backend is read through `quads()` into rdflib. Either way a dump is the store as
served. The default graph (the curated view) goes to Turtle and N-Triples, which cannot hold
named graphs; TriG, N-Quads and JSON-LD keep every named graph, claims included.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.trig import TrigSerializer

from parley import __version__
from parley.media import MediaFormat, by_name
from parley.namespaces import PREFIXES
from parley.settings import Settings
from parley.store import GraphStore
from parley.store.base import Quad

BASENAME = "parley"
SUMS = "SHA256SUMS"
MANIFEST = "manifest.json"
VOID_FILE = "void.ttl"
CITATION_FILE = "CITATION.cff"


@dataclass(frozen=True)
class DumpFormat:
    key: str
    named_graphs: bool
    title: str

    @property
    def media(self) -> MediaFormat:
        found = by_name(self.key)
        assert found is not None, self.key
        return found

    @property
    def suffix(self) -> str:
        return self.media.extension

    @property
    def media_type(self) -> str:
        return self.media.media_type

    @property
    def rdflib_format(self) -> str:
        return self.media.rdflib

    @property
    def file_name(self) -> str:
        return f"{BASENAME}.{self.suffix}"


FORMATS: dict[str, DumpFormat] = {
    f.key: f
    for f in (
        DumpFormat("ttl", False, "Turtle: the curated view (default graph)"),
        DumpFormat("nt", False, "N-Triples: the curated view (default graph)"),
        DumpFormat("trig", True, "TriG: every graph, claims kept as named graphs"),
        DumpFormat("nq", True, "N-Quads: every graph, claims kept as named graphs"),
        DumpFormat("jsonld", True, "JSON-LD: every graph (expanded form)"),
    )
}

# Files that are not RDF dumps but are published beside them.
EXTRA_MEDIA_TYPES = {
    VOID_FILE: "text/turtle",
    CITATION_FILE: "application/x-yaml",
    SUMS: "text/plain",
}


@dataclass(frozen=True)
class FileEntry:
    name: str
    media_type: str
    size: int
    sha256: str
    triples: int | None
    title: str


@dataclass(frozen=True)
class Manifest:
    snapshot: str
    version: str
    issued: str
    quads: int
    default_triples: int
    files: tuple[FileEntry, ...]

    def file(self, name: str) -> FileEntry | None:
        return next((f for f in self.files if f.name == name), None)

    def write(self, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(asdict(self), indent=2), "utf-8")

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        raw = json.loads((folder / MANIFEST).read_text("utf-8"))
        raw["files"] = tuple(FileEntry(**f) for f in raw["files"])
        return cls(**raw)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parse_formats(keys: Iterable[str] | None) -> list[DumpFormat]:
    """The formats named by `keys` (all of them when none), or ValueError naming the bad one."""
    if not keys:
        return list(FORMATS.values())
    chosen: list[DumpFormat] = []
    for key in keys:
        fmt = FORMATS.get(key.lower().lstrip("."))
        if fmt is None:
            raise ValueError(f"unknown format {key!r}: choose from {', '.join(FORMATS)}")
        if fmt not in chosen:
            chosen.append(fmt)
    return chosen


def dataset_version(snapshot: str) -> str:
    """The software version plus the store snapshot: two dumps with one version are identical."""
    return f"{__version__}+{snapshot}" if snapshot else __version__


def public_base(settings: Settings) -> str:
    """Where the server is reached; links in dumps use it. Defaults to the IRI base (w3id)."""
    return (settings.public_url or settings.base_iri).rstrip("/") + "/"


def _dataset(quads: Iterable[Quad]) -> tuple[Dataset, int, int]:
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, replace=True)
    default = dataset.default_graph
    total = in_default = 0
    for s, p, o, g in quads:
        if g is None:
            default.add((s, p, o))
            in_default += 1
        else:
            dataset.graph(g).add((s, p, o))
        total += 1
    return dataset, total, in_default


def _default_graph(dataset: Dataset) -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    for triple in dataset.default_graph:
        graph.add(triple)
    return graph


def _write_dump(dataset: Dataset, fmt: DumpFormat, path: Path) -> None:
    """Write one dump, byte-identical for identical data: a version's checksums never vary.

    rdflib orders graphs, lines and JSON members by Python's per-process hash seed, so the
    line-based formats are sorted, TriG gets its graphs in IRI order and JSON-LD is sorted.
    """
    if fmt.key == "trig":
        serializer = TrigSerializer(dataset)
        serializer.contexts.sort(key=lambda g: (g.identifier != DATASET_DEFAULT_GRAPH_ID,
                                                str(g.identifier)))
        with path.open("wb") as handle:
            serializer.serialize(handle, encoding="utf-8")
        return
    source: Graph = dataset if fmt.named_graphs else _default_graph(dataset)
    if fmt.key == "jsonld":
        document = json.loads(source.serialize(format="json-ld", context=dict(PREFIXES)))
        text = json.dumps(_sorted_jsonld(document), indent=2, ensure_ascii=False, sort_keys=True)
        path.write_text(text + "\n", "utf-8")
    elif fmt.key in ("nt", "nq"):
        lines = source.serialize(format=fmt.rdflib_format, encoding="utf-8").splitlines(True)
        path.write_bytes(b"".join(sorted(line for line in lines if line.strip())))
    else:  # Turtle: rdflib already sorts subjects, predicates and objects
        source.serialize(destination=str(path), format=fmt.rdflib_format, encoding="utf-8")


def _sorted_jsonld(node: object, key: str = "") -> object:
    """Sort every JSON-LD array by content, except RDF lists (`@list`), whose order is data."""
    if isinstance(node, dict):
        return {k: _sorted_jsonld(v, k) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sorted_jsonld(item) for item in node]
        if key == "@list":
            return items
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True,
                                                         ensure_ascii=False))
    return node


def write_sums(folder: Path, names: Sequence[str]) -> Path:
    """A `sha256sum`-format file (two spaces, text mode), checkable with `sha256sum -c`."""
    lines = [f"{sha256_of(folder / name)}  {name}\n" for name in names]
    path = folder / SUMS
    path.write_text("".join(lines), "utf-8")
    return path


def export_dataset(
    store: GraphStore,
    settings: Settings,
    out: Path,
    formats: Sequence[DumpFormat] | None = None,
    issued: date | None = None,
) -> Manifest:
    """Write the dumps, void.ttl, CITATION.cff, SHA256SUMS and manifest.json into `out`."""
    from parley.citation import citation_cff
    from parley.void import build_void

    formats = list(formats or FORMATS.values())
    issued = issued or datetime.now(UTC).date()
    out.mkdir(parents=True, exist_ok=True)
    info = store.info()
    version = dataset_version(info.snapshot)

    native = getattr(store, "dump", None)
    if native is not None:
        total, in_default = info.quads, info.default_graph_triples
        for fmt in formats:
            native(out / fmt.file_name, fmt.key, fmt.named_graphs)
    else:
        dataset, total, in_default = _dataset(store.quads())
        for fmt in formats:
            _write_dump(dataset, fmt, out / fmt.file_name)
        del dataset
    entries: list[FileEntry] = []
    for fmt in formats:
        path = out / fmt.file_name
        entries.append(FileEntry(fmt.file_name, fmt.media_type, path.stat().st_size,
                                 sha256_of(path), total if fmt.named_graphs else in_default,
                                 fmt.title))

    void = build_void(store, settings, entries, version=version, issued=issued,
                      quads=total, default_triples=in_default)
    void_path = out / VOID_FILE
    void.serialize(destination=str(void_path), format="turtle", encoding="utf-8")
    cff_path = out / CITATION_FILE
    cff_path.write_text(citation_cff(settings, version, issued), "utf-8")
    for path, title in ((void_path, "VoID and DCAT description of the dataset"),
                        (cff_path, "Citation File Format (CFF) record of the dataset")):
        entries.append(FileEntry(path.name, EXTRA_MEDIA_TYPES[path.name], path.stat().st_size,
                                 sha256_of(path), len(void) if path == void_path else None, title))

    sums = write_sums(out, [e.name for e in entries])
    entries.append(FileEntry(SUMS, EXTRA_MEDIA_TYPES[SUMS], sums.stat().st_size,
                             sha256_of(sums), None, "SHA-256 of every file (sha256sum -c)"))
    manifest = Manifest(info.snapshot, version, issued.isoformat(), total, in_default,
                        tuple(entries))
    manifest.write(out)
    return manifest


def cached_export(store: GraphStore, settings: Settings, root: Path) -> tuple[Path, Manifest]:
    """The full export of the store's current snapshot under `root/<snapshot>/`, built at most once.

    Built in a private folder and renamed into place, so a reader (or another process) never sees
    half a set of files; the rename loser discards its copy.
    """
    snapshot = store.info().snapshot or "unversioned"
    folder = root / snapshot
    if (folder / MANIFEST).is_file():
        return folder, Manifest.read(folder)
    building = root / f".{snapshot}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    export_dataset(store, settings, building)
    try:
        building.rename(folder)
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
        if not (folder / MANIFEST).is_file():
            raise
    for stale in root.iterdir():
        # Older snapshots' files are never served again.
        if stale.name != folder.name and not stale.name.startswith("."):
            shutil.rmtree(stale, ignore_errors=True)
    return folder, Manifest.read(folder)
