"""`parley docs`."""

from __future__ import annotations

import typer


def docs() -> None:
    """Not built yet."""
    raise typer.Exit(3)
