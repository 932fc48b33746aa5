"""create_app(settings): the FastAPI application and its lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from parley import __version__
from parley.settings import Settings, get_settings
from parley.store import open_store
from parley.web import problems
from parley.web.routers import ROUTERS
from parley.web.static import mount_static


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.store = open_store(settings)
        for router in ROUTERS:
            startup = getattr(router, "startup", None)
            if startup:
                startup(app)
        try:
            yield
        finally:
            for router in ROUTERS:
                shutdown = getattr(router, "shutdown", None)
                if shutdown:
                    shutdown(app)
            app.state.store.close()

    app = FastAPI(
        title="Parley",
        version=__version__,
        description="The knowledge graph of the 2025 Russia-Ukraine direct talks in Istanbul.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    # Public reads only: a wildcard origin is safe because no credentials are ever honoured.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["*"],
    )
    problems.install(app)
    for router in ROUTERS:
        app.include_router(router.router)
    mount_static(app)
    return app
