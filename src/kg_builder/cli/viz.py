"""`kg viz`: the views of the graph — network page, funding charts, pictures, exports."""

from __future__ import annotations

import time

import click

from kg_builder.cli.common import project_config, reports_errors, say
from kg_builder.visualize.classes import DATA_CLASSES, LANGUAGES, PROVENANCE_CLASSES

CLASSES = click.Choice(DATA_CLASSES + PROVENANCE_CLASSES)


@click.command()
@click.option(
    "--focus", metavar="NAME", help="Only the neighbourhood of this resource (label, id or IRI)."
)
@click.option("--depth", default=2, show_default=True, help="Steps from --focus to keep.")
@click.option(
    "--include", multiple=True, type=CLASSES, metavar="CLASS", help="Only these classes (repeat)."
)
@click.option(
    "--exclude",
    multiple=True,
    type=CLASSES,
    metavar="CLASS",
    help="Leave these classes out (repeat).",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(LANGUAGES),
    default="zh",
    show_default=True,
    help="Language of the labels (pages can switch).",
)
@click.option(
    "--provenance", is_flag=True, help="Also draw source documents, quotes and inferences."
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.pass_context
@reports_errors
def viz(
    context: click.Context,
    *,
    focus: str | None,
    depth: int,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    language: str,
    provenance: bool,
    quiet: bool,
) -> None:
    """Draw the graph: write the network page, funding charts, pictures and exports to dist/.

    Builds the graph as `kg build` does (without validating it or writing anything else:
    `kg build` checks it), projects it to a network
    (funding flows become funder -> recipient edges weighted in yuan) and writes, all at
    once: graph.html and funding.html (single files that work offline), funding-sankey and
    funding-bars (.svg, .png), graph.svg and graph.png, graph.graphml, graph.gexf,
    graph.json (node-link) and graph-metrics.md.
    """
    from kg_builder.annotations import annotation_files, load_corpus
    from kg_builder.build import build_graph
    from kg_builder.outputs import write_outputs
    from kg_builder.pipeline import load_project_schema
    from kg_builder.visualize.projection import ProjectionOptions
    from kg_builder.visualize.views import render_views

    config = project_config(context)
    start = time.perf_counter()
    schema = load_project_schema(config)
    corpus = load_corpus(annotation_files(config.annotations_dir), config.sources_dir, schema)
    built = build_graph(corpus, schema, base=config.base)
    if not quiet:
        say(f"load and build: {time.perf_counter() - start:.2f} s")
    options = ProjectionOptions(
        focus=focus,
        depth=depth,
        include=frozenset(include),
        exclude=frozenset(exclude),
        language=language,
        provenance=provenance,
    )
    start = time.perf_counter()
    views = render_views(built.graph, ontology=schema.graph, options=options)
    written = write_outputs(config.dist_dir, views.files)
    if not quiet:
        say(f"draw and write: {time.perf_counter() - start:.2f} s")
        network = views.network
        say(
            f"{network.number_of_nodes()} nodes, {network.number_of_edges()} edges, "
            f"{len(views.flows)} funding flows"
        )
        for path in written:
            say(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KiB)")
