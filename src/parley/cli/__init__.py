"""The `parley` command line. Each command lives in its own module; this one only wires them."""

from __future__ import annotations

import typer

from parley.cli import docs, export, load, query, serve, validate

app = typer.Typer(
    name="parley",
    help="Parley: the graph of the 2025 Istanbul talks. Build, check, query and serve it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("load")(load.load)
app.command("serve")(serve.serve)
app.command("query")(query.query)
app.command("export")(export.export)
app.command("validate")(validate.validate)
app.command("docs")(docs.docs)
app.command("settings")(load.show_settings)


def main() -> None:
    app()
