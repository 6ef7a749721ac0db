"""`kg site`: the static linked-data site."""

from __future__ import annotations

import sys

import click

from kg_builder.cli.common import EXIT_VIOLATIONS, project_config, reports_errors, say


@click.command()
@click.option("--force", is_flag=True, help="Publish even when the graph has SHACL violations.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.pass_context
@reports_errors
def site(context: click.Context, force: bool, quiet: bool) -> None:
    """Write the linked-data site into dist/site/ (replacing the last one whole).

    One page per resource at its IRI's path under the base (team/jinan-10.html, with
    team/jinan-10.ttl and .jsonld beside it), an index by class with search, the dataset
    page, the ontology page and the export files. Open dist/site/index.html, or serve the
    folder; docs/nginx-site.conf adds content negotiation.
    """
    from kg_builder.publishing import run_site

    config = project_config(context)
    published = run_site(config, force=force, progress=None if quiet else say)
    if not published.build.report.conforms and not force:
        say("the graph has SHACL violations: the site was not updated (see kg build, or --force)")
        sys.exit(EXIT_VIOLATIONS)
    if not quiet:
        pages = sum(1 for path in published.written if path.suffix == ".html")
        say(f"wrote {len(published.written)} files ({pages} pages) into {config.dist / 'site'}")
