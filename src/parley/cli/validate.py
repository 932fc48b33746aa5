"""`parley validate`: check data files against the SHACL shapes."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from parley.settings import get_settings
from parley.validation import Result, UnreadableInput, ValidationOutcome, validate_paths


class Format(StrEnum):
    text = "text"
    json = "json"
    turtle = "turtle"


def _short(iri: str) -> str:
    from parley.namespaces import PREFIXES

    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and prefix != "id":
            return f"{prefix}:{iri[len(base):]}"
    return iri


def _as_dict(result: Result) -> dict[str, str | None]:
    return {
        "severity": result.severity,
        "focus_node": result.focus_node,
        "path": result.path,
        "value": result.value,
        "message": result.message,
        "source_shape": result.source_shape,
        "source_file": str(result.source_file) if result.source_file else None,
    }


def _print_text(outcome: ValidationOutcome) -> None:
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    for result in outcome.results:
        colour = "red" if result.severity == "Violation" else "yellow"
        where = str(result.source_file) if result.source_file else "(no file)"
        console.print(f"[{colour}]{result.severity}[/] {where}", markup=True)
        console.print(f"  node:    {result.focus_node}", markup=False)
        if result.path:
            console.print(f"  path:    {_short(result.path)}", markup=False)
        if result.value and result.value != result.focus_node:
            console.print(f"  value:   {result.value}", markup=False)
        console.print(f"  problem: {result.message}", markup=False)
        console.print(f"  shape:   {_short(result.source_shape)}", markup=False)
    violations = len(outcome.violations)
    warnings = len(outcome.results) - violations
    files = len(outcome.files)
    subject = "1 file" if files == 1 else f"{files} files"
    if outcome.conforms:
        verdict = "conforms" if files == 1 else "conform"
    else:
        verdict = "does not conform" if files == 1 else "do not conform"
    console.print(
        f"{subject} {verdict}: {_count(violations, 'violation')}, {_count(warnings, 'warning')}",
        markup=False,
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _emit(outcome: ValidationOutcome, fmt: Format) -> None:
    if fmt is Format.json:
        payload = {
            "conforms": outcome.conforms,
            "files": [str(f) for f in outcome.files],
            "results": [_as_dict(r) for r in outcome.results],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    elif fmt is Format.turtle:
        typer.echo(outcome.report_graph.serialize(format="turtle"))
    else:
        _print_text(outcome)


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Data files or folders (.ttl, .trig); default: the data folder."),
    ] = None,
    format: Annotated[
        Format, typer.Option("--format", "-f", help="Report format: text, json or turtle.")
    ] = Format.text,
) -> None:
    """Check data against the shapes. Exit 0 if it conforms, 1 if not, 2 if a file is unreadable."""
    try:
        outcome = validate_paths(list(paths or []), get_settings())
    except UnreadableInput as err:
        typer.echo(f"error: cannot read {err}", err=True)
        raise typer.Exit(2) from err
    _emit(outcome, format)
    raise typer.Exit(0 if outcome.conforms else 1)
