"""`parley load`."""

from __future__ import annotations

import typer


def load() -> None:
    """Not built yet."""
    raise typer.Exit(3)


def show_settings() -> None:
    """Print every setting: its environment variable, default and meaning."""
    from parley.settings import describe

    for env, default, help_ in describe():
        typer.echo(f"{env:34} {default!s:28} {help_}")
