"""`kg export`: publish the graph in every format, with its dataset description."""

from __future__ import annotations

import sys

import click

from kg_builder.cli.common import EXIT_VIOLATIONS, project_config, reports_errors, say
from kg_builder.export.formats import EXPORTERS


@click.command()
@click.option(
    "--stdout",
    "to_stdout",
    type=click.Choice(list(EXPORTERS)),
    help="Print the graph in this one format on stdout instead; write nothing.",
)
@click.option("--force", is_flag=True, help="Publish even when the graph has SHACL violations.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.pass_context
@reports_errors
def export(context: click.Context, to_stdout: str | None, force: bool, quiet: bool) -> None:
    """Write the graph in every format, with dataset.ttl and ontology.html, into dist/.

    Formats: {formats}. Also context.jsonld (the JSON-LD context), dataset.ttl
    (DCAT-AP 3.0.1 and VoID, with each file's size and SHA-256) and ontology.html.
    Everything is written at once, and only when the graph conforms to the SHACL shapes
    (exit 1 otherwise).
    """
    from kg_builder.publishing import run_export, run_format

    config = project_config(context)
    progress = None if quiet else say
    if to_stdout is not None:
        outcome = run_format(config, to_stdout, force=force, progress=progress)
        if outcome.data is not None:
            sys.stdout.buffer.write(outcome.data)
        conforms = outcome.build.report.conforms
    else:
        published = run_export(config, force=force, progress=progress)
        for path in published.written if not quiet else ():
            say(f"wrote {path}")
        conforms = published.build.report.conforms
    if not conforms and not force:
        say("the graph has SHACL violations: nothing was published (see kg build, or --force)")
        sys.exit(EXIT_VIOLATIONS)


# the formats listed in --help are those of the registry
export.help = (export.help or "").format(
    formats=", ".join(f"{e.filename} ({e.title})" for e in EXPORTERS.values())
)
