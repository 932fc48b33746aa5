"""`parley serve`."""

from __future__ import annotations

import typer


def serve() -> None:
    """Not built yet."""
    raise typer.Exit(3)
