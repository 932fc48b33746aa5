"""`parley query`."""

from __future__ import annotations

import typer


def query() -> None:
    """Not built yet."""
    raise typer.Exit(3)
