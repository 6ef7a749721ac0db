"""`kg query`: run query files on the built graph or on a remote SPARQL endpoint."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg_builder.cli.common import KgCommandError, project_config, reports_errors, say
from kg_builder.cli.connection import connect, connection_options
from kg_builder.config import Config
from kg_builder.errors import did_you_mean
from kg_builder.remote import PASSWORD_VARIABLE, USER_VARIABLE
from kg_builder.results import FORMATS

if TYPE_CHECKING:
    from kg_builder.queries import QueryFile
    from kg_builder.results import QueryResult

SUFFIXES = {"table": ".txt", "csv": ".csv", "tsv": ".tsv", "json": ".json", "markdown": ".md"}


@click.command()
@click.argument("queries", nargs=-1, metavar="[NAME|FILE]...")
@click.option("--all", "run_all", is_flag=True, help="Run every query of the project.")
@click.option("--list", "list_only", is_flag=True, help="List the queries with their parameters.")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a parameter the query header declares (typed by it; never pasted as text).",
)
@click.option(
    "-f",
    "--format",
    "format_",
    type=click.Choice(list(FORMATS)),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    help="Write to this file (with --all: into this folder, one file per query), atomically.",
)
@click.option(
    "--endpoint",
    metavar="URL",
    help=f"Run on a SPARQL 1.1 endpoint instead of dist/kg.ttl. Credentials: "
    f"{USER_VARIABLE} and {PASSWORD_VARIABLE}.",
)
@click.option(
    "--default-graph",
    "default_graphs",
    multiple=True,
    metavar="IRI",
    help="With --endpoint: query the union of these graphs (for stores whose default graph "
    "is not the union of all graphs).",
)
@connection_options(timeout=60, what="With --endpoint: ")
@click.pass_context
@reports_errors
def query(  # noqa: PLR0917 - click passes every option as an argument
    context: click.Context,
    queries: tuple[str, ...],
    run_all: bool,
    list_only: bool,
    params: tuple[str, ...],
    format_: str,
    out: Path | None,
    endpoint: str | None,
    default_graphs: tuple[str, ...],
    timeout: float,
    retries: int,
) -> None:
    """Run SPARQL query files: by NAME (a file of queries/) or FILE path, or --all.

    Locally the queries run on the graph of the last `kg build` (dist/kg.ttl) with the
    ontology; with --endpoint on the store that `kg publish` filled. Exit 2 when a query,
    a parameter or the endpoint fails, with one line saying why.

    \b
    Examples:
      kg query funding-by-city
      kg query fact-sources --param label=白朗县 --format csv
      kg query --all --endpoint http://127.0.0.1:7878/query
    """
    from kg_builder.queries import load_query, query_files

    config = project_config(context)
    if list_only:
        click.echo(_listing([load_query(p) for p in query_files(config.queries_dir)]), nl=False)
        return
    if run_all == bool(queries):
        raise click.UsageError("name the queries to run, or give --all (not both)")
    paths = query_files(config.queries_dir) if run_all else [_path(config, q) for q in queries]
    loaded = [load_query(path) for path in paths]
    bindings = _bindings(params)
    if params and len(loaded) > 1:
        raise click.UsageError("--param binds the parameters of one query; name just one")
    many = len(loaded) > 1
    if many and out is None and format_ not in ("table", "markdown"):
        raise click.UsageError(f"several queries in {format_}: give --out FOLDER for their files")
    run = _runner(config, endpoint, default_graphs, timeout, retries)
    rendered: dict[str, bytes] = {}
    for loaded_query in loaded:
        result = run(loaded_query, bindings)
        text = FORMATS[format_](result)
        if many and format_ in ("table", "markdown") and out is None:
            heading = (
                f"== {loaded_query.name}: {loaded_query.title('zh')} / {loaded_query.title('en')}"
            )
            text = f"{heading if format_ == 'table' else '## ' + heading[3:]}\n\n{text}\n"
        rendered[loaded_query.name] = text.encode("utf-8")
        say(f"{loaded_query.name}: {len(result)} row{'s' if len(result) != 1 else ''}")
    _emit(rendered, out, many=many, suffix=SUFFIXES[format_])


def _path(config: Config, name: str) -> Path:
    given = Path(name)
    if given.suffix == ".rq" or len(given.parts) > 1:
        if not given.is_file():
            raise KgCommandError(f"{given}: no such query file")
        return given
    path = config.queries_dir / f"{name}.rq"
    if not path.is_file():
        from kg_builder.queries import query_files

        names = [p.stem for p in query_files(config.queries_dir)]
        raise KgCommandError(
            f"no query `{name}` in {config.queries_dir}; {did_you_mean(name, names, listing=True)}"
        )
    return path


def _bindings(params: tuple[str, ...]) -> dict[str, str]:
    bindings: dict[str, str] = {}
    for param in params:
        name, equals, value = param.partition("=")
        if not equals or not name:
            raise click.UsageError(f"--param {param!r}: write NAME=VALUE")
        bindings[name.strip()] = value
    return bindings


def _runner(
    config: Config,
    endpoint: str | None,
    default_graphs: tuple[str, ...],
    timeout: float,
    retries: int,
) -> Callable[[QueryFile, Mapping[str, str]], QueryResult]:
    """Where the queries run: the built graph, or the endpoint."""
    if endpoint is None:
        if default_graphs:
            raise click.UsageError("--default-graph goes with --endpoint")
        from kg_builder.pipeline import built_graph_file
        from kg_builder.schema import ONTOLOGY_FILES
        from kg_builder.store import load_store, run_query
        from kg_builder.vocab import ONTOLOGY_IRI

        store = load_store(
            {
                config.data_graph: [built_graph_file(config)],
                ONTOLOGY_IRI: [config.ontology_dir / name for name in ONTOLOGY_FILES],
            }
        )
        return lambda query, bindings: run_query(store, query, bindings=bindings)
    from kg_builder.endpoint import query_endpoint

    connection = connect(endpoint, timeout=timeout, retries=retries)
    return lambda query, bindings: query_endpoint(
        connection, query, bindings=bindings, default_graphs=default_graphs
    )


def _listing(queries: list[QueryFile]) -> str:
    width = max((len(q.name) for q in queries), default=0)
    lines = []
    for query in queries:
        lines.append(f"{query.name:<{width}}  {query.title('zh')} / {query.title('en')}")
        lines += [
            f"{'':<{width}}    --param {p.name}=<{p.datatype}>  {p.description}".rstrip()
            for p in query.params
        ]
    return "\n".join(lines) + "\n"


def _emit(rendered: Mapping[str, bytes], out: Path | None, *, many: bool, suffix: str) -> None:
    from kg_builder.outputs import write_outputs

    if out is None:
        sys.stdout.buffer.write(b"".join(rendered.values()))
        sys.stdout.flush()
        return
    if many:
        files = {f"{name}{suffix}": content for name, content in rendered.items()}
        written = write_outputs(out, files)
    else:
        written = write_outputs(out.parent, {out.name: b"".join(rendered.values())})
    for path in written:
        say(f"wrote {path}")
