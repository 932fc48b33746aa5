"""`parley serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parley.build import build_store, store_is_current
from parley.cli.load import StoreOption
from parley.settings import load_settings


def serve(
    store: StoreOption = None,
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind (default 8000).")] = None,
    rebuild: Annotated[
        bool, typer.Option(help="Rebuild the store first when the source files changed.")
    ] = True,
) -> None:
    """Serve the graph: SPARQL endpoint, linked-data pages, lookups and the query UI.

    Builds the store first when it is missing (or, with --rebuild, out of date).
    """
    import uvicorn

    from parley.web.app import create_app

    settings = load_settings(store=store, host=host, port=port)
    missing = not _exists(settings.store_path)
    if settings.backend == "embedded" and (rebuild or missing) and not store_is_current(settings):
        typer.echo(f"building the store at {settings.store_path} ...", err=True)
        build_store(settings)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        timeout_graceful_shutdown=5,
    )


def _exists(path: Path) -> bool:
    return (path / "current").exists()
