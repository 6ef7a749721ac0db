"""`kg serve`: a real SPARQL server on the built graph, for exploring it in a browser."""

from __future__ import annotations

import signal
import sys

import click

from kg_builder.cli.common import project_config, reports_errors, say
from kg_builder.server import LOOPBACK


@click.command()
@click.option(
    "--host",
    default=LOOPBACK,
    show_default=True,
    help="The address to listen on (0.0.0.0: every interface — anyone who can "
    "reach this machine can then read the graph).",
)
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.pass_context
@reports_errors
def serve(context: click.Context, host: str, port: int) -> None:
    """Serve dist/kg.ttl and the ontology with the Oxigraph server until Ctrl-C.

    The graphs are loaded into a temporary read-only store (removed on exit) whose default
    graph is the union of the data and the ontology, as `kg query` sees them.
    """
    from kg_builder.pipeline import built_graph_file
    from kg_builder.schema import ONTOLOGY_FILES
    from kg_builder.server import serve_files
    from kg_builder.vocab import ONTOLOGY_IRI

    config = project_config(context)
    graphs = {
        config.data_graph: [built_graph_file(config)],
        ONTOLOGY_IRI: [config.ontology_dir / name for name in ONTOLOGY_FILES],
    }
    # A `kill` stops the server as cleanly as Ctrl-C does: unwinding removes the store.
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(0))
    say("loading the graph into a temporary Oxigraph store...")
    with serve_files(graphs, host=host, port=port) as server:
        say(f"query page: {server.url}")
        say(f"SPARQL endpoint: {server.query_url}  (kg query --endpoint {server.query_url} ...)")
        say("Ctrl-C stops the server")
        try:
            server.wait()
        except KeyboardInterrupt:
            say("stopping the server")
