"""`kg export-brat`: the annotations as brat standoff files."""

from __future__ import annotations

from pathlib import Path

import click

from kg_builder.cli.common import project_config, reports_errors, say


@click.command(name="export-brat")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--document", "documents", multiple=True, help="Only this document (repeatable).")
@click.pass_context
@reports_errors
def export_brat(context: click.Context, folder: Path, documents: tuple[str, ...]) -> None:
    """Write the project's documents as brat standoff files into FOLDER.

    NAME.txt (the verbatim source) and NAME.ann per document, and an annotation.conf with
    the ontology's classes and relations. Each item's quotes are entity spans linked to the
    item by a normalisation (kg:ID); references between items are relations; everything
    else the item says is a note. `kg import brat FOLDER` reads it all back.
    """
    from kg_builder.interchange.imports import export_brat as export
    from kg_builder.outputs import write_outputs
    from kg_builder.pipeline import load_project_schema

    config = project_config(context)
    files = export(config, schema=load_project_schema(config), names=documents)
    for path in write_outputs(folder, files):
        say(f"wrote {path}")
