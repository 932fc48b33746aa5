"""`parley validate`."""

from __future__ import annotations

import typer


def validate() -> None:
    """Not built yet."""
    raise typer.Exit(3)
