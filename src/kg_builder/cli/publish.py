"""`kg publish`: put the built graph and the ontology into a store, and check they arrived."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg_builder.cli.common import (
    EXIT_BAD_INPUT,
    KgCommandError,
    project_config,
    reports_errors,
    say,
)
from kg_builder.cli.connection import connect, connection_options

if TYPE_CHECKING:
    from kg_builder.remote import Connection
    from kg_builder.upload import Upload
    from kg_builder.verify import GraphCheck

JOURNALS = Path(".kg-cache") / "publish"
"""Where interrupted uploads are journalled, under the project (git-ignored)."""


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
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=50_000,
    show_default=True,
    help="Triples per request.",
)
@click.option(
    "--restart", is_flag=True, help="Start from the first chunk even after an interruption."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
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
    chunk_size: int,
    restart: bool,
    quiet: bool,
    timeout: float,
    retries: int,
) -> None:
    """Publish dist/kg.nt (and the ontology) with the SPARQL 1.1 Graph Store Protocol.

    The data goes in chunks of --chunk-size triples, with a progress bar on a terminal. After
    an interruption (Ctrl-C, a lost connection, a store that went away), the same command
    resumes after the last chunk the store acknowledged; a new build, or --restart, starts
    afresh. Each graph is read back afterwards and compared with what was sent: exit 2 when
    a triple is missing (or, when replacing, when the graph holds triples nobody sent).
    Changes a store makes that keep the value (Oxigraph stores xsd:nonNegativeInteger as
    xsd:integer, numbers in canonical form) are counted and shown, not hidden.
    Credentials: KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD.
    """
    from kg_builder.errors import ConfigError
    from kg_builder.export import EXPORTERS
    from kg_builder.publish import Mode, publish_graphs
    from kg_builder.remote import check_graph_iri
    from kg_builder.schema import load_ontology
    from kg_builder.upload import plan_upload, read_ntriples
    from kg_builder.vocab import ONTOLOGY_IRI

    config = project_config(context)
    for name in (graph, ontology_graph):
        if name is not None:
            check_graph_iri(name)  # before the work of reading the graph
    path = config.dist_dir / EXPORTERS["ntriples"].filename
    if not path.is_file():
        raise ConfigError(f"{path}: no built graph yet; run `kg build` first")
    mode = Mode.APPEND if append else Mode.REPLACE
    connection = connect(store_url, timeout=timeout, retries=retries)
    upload = plan_upload(
        read_ntriples(path),
        store=connection.url,
        graph=graph or config.data_graph,
        journal_dir=config.root / JOURNALS,
        chunk_size=chunk_size,
        mode=mode,
        restart=restart,
    )
    checks = [send(connection, upload, quiet=quiet)]
    if not no_ontology:
        ontology = {ontology_graph or ONTOLOGY_IRI: load_ontology(config.ontology_dir)}
        checks += publish_graphs(connection, ontology, mode=mode)
    for check in checks:
        say(describe(check))
    if not all(c.complete and not c.unexpected for c in checks):
        raise SystemExit(EXIT_BAD_INPUT)


def send(connection: Connection, upload: Upload, *, quiet: bool) -> GraphCheck:
    """Send the data in chunks with a progress bar; say where it resumes and where it stops."""
    from tqdm import tqdm

    from kg_builder.upload import ChunkSent, send_upload

    if upload.set_aside:
        say(f"not resuming the earlier upload ({upload.set_aside}): starting afresh")
    if upload.first_chunk >= upload.chunks:
        say("every chunk is in the store already: reading the graph back to compare")
    elif upload.first_chunk:
        sent = f"{upload.already_sent:,}".replace(",", " ")
        say(
            f"resuming at chunk {upload.first_chunk + 1} of {upload.chunks}, "
            f"{sent} triples already in the store"
        )
    done = upload.first_chunk
    with tqdm(
        total=upload.source.triples,
        initial=upload.already_sent,
        unit=" triples",
        unit_scale=True,
        desc=f"<{upload.graph}>",
        disable=True if quiet else None,  # None: shown on a terminal only
        file=sys.stderr,
    ) as bar:

        def acknowledged(chunk: ChunkSent) -> None:
            nonlocal done
            done = chunk.number
            bar.update(chunk.triples)

        try:
            return send_upload(connection, upload, progress=acknowledged)
        except KeyboardInterrupt:
            raise KgCommandError(
                f"interrupted: {done} of {upload.chunks} chunks are in the store; "
                "run the same command again to resume"
            ) from None


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
