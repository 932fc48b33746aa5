"""Every router of the app, in inclusion order. A router module exposes `router` and may expose
`startup(app)` / `shutdown(app)`, which the lifespan calls (e.g. to start the query workers)."""

from __future__ import annotations

from types import ModuleType

from parley.web.routers import (
    actors,
    downloads,
    graph,
    ontology,
    ops,
    resources,
    search,
    sparql,
    timeline,
    ui,
)

ROUTERS: list[ModuleType] = [
    ops, sparql, ui, ontology, downloads, resources, actors, search, timeline, graph,
]
