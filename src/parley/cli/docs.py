"""`parley docs`: HTML documentation of the ontology."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parley.settings import get_settings


def docs(
    out: Annotated[
        Path | None, typer.Option("--out", help="Output folder; default: docs/ontology.")
    ] = None,
) -> None:
    """Generate the ontology's HTML documentation (index.html) with pyLODE."""
    from parley.ontology_docs import build_ontology_docs

    settings = get_settings()
    target = build_ontology_docs(settings, out or settings.root / "docs" / "ontology")
    typer.echo(f"wrote {target}")
