"""`parley load` and `parley settings`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from parley.build import build_store, store_is_current
from parley.loading import UnreadableInput, input_files
from parley.settings import load_settings

StoreOption = Annotated[
    Path | None,
    typer.Option("--store", help="Store folder (default: PARLEY_STORE or var/store)."),
]


def load(store: StoreOption = None) -> None:
    """Build the store from ontology/, shapes/ and data/. Loading the same files twice is a no-op.

    Exit codes: 0 loaded, 2 a source file does not parse (file and line are printed).
    """
    settings = load_settings(store=store)
    total = len(input_files(settings).all())
    unchanged = settings.backend == "embedded" and store_is_current(settings)
    with Progress(
        TextColumn("[bold]loading"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.description}"), transient=True,
    ) as bar:
        task = bar.add_task("", total=total)

        def advance(path: Path) -> None:
            bar.update(task, advance=1, description=path.name)

        try:
            snapshot = build_store(settings, advance)
        except UnreadableInput as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2) from None
    target = settings.store_path if settings.backend == "embedded" else settings.remote_query_url
    note = ", unchanged" if unchanged else ""
    typer.echo(f"loaded {total} files into {target} (snapshot {snapshot}{note})")


def show_settings() -> None:
    """Print every setting: its environment variable, default and meaning."""
    from parley.settings import describe

    for env, default, help_ in describe():
        typer.echo(f"{env:34} {default!s:28} {help_}")
