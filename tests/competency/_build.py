"""Build the store the way `parley load` does (docs/modelling.md, "Claims and the curated view").

Until `parley.store.load.build_dataset` exists this module builds an in-memory pyoxigraph
store itself. Switching is one import: `build_store` prefers the real loader when it exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

BASE = "https://w3id.org/parley/"
PARLEY = BASE + "ontology#"
GRAPH_ONTOLOGY = ox.NamedNode(BASE + "graph/ontology")
GRAPH_EDITORIAL = ox.NamedNode(BASE + "graph/editorial")
CLAIM_PREFIX = BASE + "id/claim/"

ROOT = Path(__file__).resolve().parents[2]
SOURCES_DIR = ROOT.parent / "shared" / "sources"
DESIGN_DIR = ROOT.parent / "shared" / "design"


def data_files(root: Path = ROOT) -> list[Path]:
    return sorted((root / "data").glob("*.trig"))


def ontology_files(root: Path = ROOT) -> list[Path]:
    return sorted(p for p in (root / "ontology").glob("*.ttl"))


def _quads(path: Path) -> Iterable[ox.Quad]:
    fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.TURTLE
    return ox.parse(path=str(path), format=fmt)


def build_local(root: Path = ROOT) -> ox.Store:
    """Curated default graph + one named graph per claim + graph:ontology + graph:editorial."""
    store = ox.Store()
    dg = ox.DefaultGraph()
    for path in ontology_files(root):
        for q in _quads(path):
            store.add(ox.Quad(q.subject, q.predicate, q.object, dg))
            store.add(ox.Quad(q.subject, q.predicate, q.object, GRAPH_ONTOLOGY))
    claim_quads: list[ox.Quad] = []
    for path in data_files(root):
        for q in _quads(path):
            if isinstance(q.graph_name, ox.DefaultGraph):
                store.add(q)
                store.add(ox.Quad(q.subject, q.predicate, q.object, GRAPH_EDITORIAL))
            else:
                store.add(q)
                claim_quads.append(q)
    excluded = {
        row["c"].value
        for row in store.query(
            f"""PREFIX parley: <{PARLEY}>
            SELECT DISTINCT ?c WHERE {{
              {{ ?c parley:rank parley:DeprecatedRank }} UNION {{ ?c parley:supersededBy ?other }}
            }}"""
        )
    }
    for q in claim_quads:
        if q.graph_name.value not in excluded:
            store.add(ox.Quad(q.subject, q.predicate, q.object, dg))
    return store


def build_store(root: Path = ROOT) -> ox.Store:
    try:
        from parley.store.load import build_dataset  # type: ignore[import-not-found]

        from parley.settings import load_settings
    except ImportError:
        return build_local(root)
    built = build_dataset(load_settings(root=root))
    return built if isinstance(built, ox.Store) else build_local(root)
