"""`parley export`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from parley.cli.load import StoreOption
from parley.export import FORMATS, export_dataset, parse_formats
from parley.settings import load_settings
from parley.store import StoreError, open_store


def export(
    out: Annotated[Path, typer.Argument(help="Folder to write the files into (created).")],
    store: StoreOption = None,
    fmt: Annotated[
        list[str] | None,
        typer.Option(
            "--format", "-f",
            help=f"Dump format, repeatable or comma-separated: {', '.join(FORMATS)} "
                 "(default: all).",
        ),
    ] = None,
) -> None:
    """Write the whole graph as dumps, with void.ttl, CITATION.cff and SHA256SUMS.

    Turtle and N-Triples hold the curated view (the default graph); TriG, N-Quads and JSON-LD
    keep every named graph. Check the files with `sha256sum -c SHA256SUMS` inside OUT.

    Exit codes: 0 written, 2 unknown format or no store (build it with `parley load`).
    """
    keys = [key.strip() for value in fmt or [] for key in value.split(",") if key.strip()]
    try:
        formats = parse_formats(keys)
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    settings = load_settings(store=store)
    started = time.perf_counter()
    try:
        opened = open_store(settings)
    except StoreError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    try:
        manifest = export_dataset(opened, settings, out, formats)
    finally:
        opened.close()
    for entry in manifest.files:
        triples = f"{entry.triples:>8} triples" if entry.triples is not None else " " * 16
        typer.echo(f"{entry.name:18} {entry.size:>10} bytes {triples}  {entry.sha256[:16]}")
    typer.echo(f"exported version {manifest.version} to {out} "
               f"in {time.perf_counter() - started:.1f}s")
