"""`kg publish`: put the built graph and the ontology into a store, and check they arrived."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from kg_builder.cli.common import EXIT_BAD_INPUT, project_config, reports_errors, say
from kg_builder.cli.connection import connect, connection_options

if TYPE_CHECKING:
    from kg_builder.verify import GraphCheck


@click.command()
@click.option(
    "--store",
    "store_url",
    required=True,
    metavar="URL",
    help="The store's Graph Store Protocol URL (Oxigraph: http://HOST:PORT/store; "
    "Fuseki: http://HOST:PORT/DATASET/data).",
)
@click.option("--graph", metavar="IRI", help="The named graph of the data. Default: BASE + graph.")
@click.option(
    "--ontology-graph",
    metavar="IRI",
    help="The named graph of the ontology and concept schemes. Default: the ontology's IRI.",
)
@click.option("--no-ontology", is_flag=True, help="Publish the data only.")
@click.option("--append", is_flag=True, help="Add to the graphs instead of replacing them.")
@connection_options(timeout=300)
@click.pass_context
@reports_errors
def publish(  # noqa: PLR0917 - click passes every option as an argument
    context: click.Context,
    store_url: str,
    graph: str | None,
    ontology_graph: str | None,
    no_ontology: bool,
    append: bool,
    timeout: float,
    retries: int,
) -> None:
    """Publish dist/kg.ttl (and the ontology) with the SPARQL 1.1 Graph Store Protocol.

    Each graph is read back afterwards and compared with what was sent: exit 2 when a
    triple is missing (or, when replacing, when the graph holds triples nobody sent).
    Changes a store makes that keep the value (Oxigraph stores xsd:nonNegativeInteger as
    xsd:integer, numbers in canonical form) are counted and shown, not hidden.
    Credentials: KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD.
    """
    from rdflib import Graph

    from kg_builder.pipeline import built_graph_file
    from kg_builder.publish import Mode, publish_graphs
    from kg_builder.remote import check_graph_iri
    from kg_builder.schema import load_ontology
    from kg_builder.vocab import ONTOLOGY_IRI

    config = project_config(context)
    for name in (graph, ontology_graph):
        if name is not None:
            check_graph_iri(name)  # before the work of reading the graph
    data = Graph().parse(built_graph_file(config), format="turtle")
    graphs = {graph or config.data_graph: data}
    if not no_ontology:
        graphs[ontology_graph or ONTOLOGY_IRI] = load_ontology(config.ontology_dir)
    connection = connect(store_url, timeout=timeout, retries=retries)
    checks = publish_graphs(connection, graphs, mode=Mode.APPEND if append else Mode.REPLACE)
    for check in checks:
        say(describe(check))
    if not all(c.complete and not c.unexpected for c in checks):
        raise SystemExit(EXIT_BAD_INPUT)


def describe(check: GraphCheck, *, shown: int = 5) -> str:
    """What arrived in one graph, for people."""
    from rdflib import Graph

    names = Graph().namespace_manager  # writes xsd:... for datatypes
    lines = [f"<{check.graph}>: {check.sent} triples sent, {check.stored} in the store"]
    if check.complete and not check.unexpected:
        lines[0] += "; every triple arrived"
    for kind, count in check.changed.items():
        sent, stored = (term.n3(names) for term in check.examples[kind])
        lines.append(f"    {count} changed by the store, value kept: {kind} ({sent} → {stored})")
    for title, triples in (("MISSING", check.missing), ("NOT SENT", check.unexpected)):
        if triples:
            lines.append(f"    {title}: {len(triples)} triples, like")
            lines += [f"      {' '.join(t.n3(names) for t in t3)} ." for t3 in triples[:shown]]
    return "\n".join(lines)
