"""The ``kg`` command: a thin shell over the library; the only module that prints or exits.

Exit codes, as pySHACL documents them: 0 success (the graph conforms), 1 SHACL violations,
2 the command could not run (bad input, configuration, query, endpoint or output).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from kg_builder import __version__
from kg_builder.config import Config, find_project, load_config
from kg_builder.errors import KgError

EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2

F = TypeVar("F", bound=Callable[..., Any])


class KgCommandError(click.ClickException):
    """A KgError on its way out: printed as it is, exit 2 (ClickException's 1 is for violations)."""

    exit_code = EXIT_BAD_INPUT

    def format_message(self) -> str:
        return self.message


def reports_errors(command: F) -> F:
    """Turn the library's errors into exit 2 with their message."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KgError as error:
            raise KgCommandError(str(error)) from error

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    help="The project folder (holding pyproject.toml with [tool.kg_builder]). "
    "Default: the nearest one at or above the current folder.",
)
@click.pass_context
def main(context: click.Context, project: Path | None) -> None:
    """kg_builder: annotated documents on paired assistance (对口支援) become a knowledge graph.

    Run `kg COMMAND --help` for the options of each command.
    """
    context.obj = project


def project_config(context: click.Context) -> Config:
    """The configuration of the project the command works on."""
    try:
        root = context.obj if context.obj is not None else find_project(Path.cwd())
        return load_config(root)
    except KgError as error:
        raise KgCommandError(str(error)) from error


def say(message: str) -> None:
    """Progress and summaries go to stderr; stdout is for results."""
    click.echo(message, err=True)


@main.command()
@click.option("--force", is_flag=True, help="Write the graph even when it has SHACL violations.")
@click.option("--check", is_flag=True, help="Build and validate, but write nothing.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.pass_context
@reports_errors
def build(context: click.Context, force: bool, check: bool, quiet: bool) -> None:
    """Build the graph: load and anchor, build, validate, run the queries, write dist/.

    Writes dist/kg.ttl (sorted Turtle, byte-identical across rebuilds), dist/validation.txt
    and dist/queries/NAME.csv, all at once. With SHACL violations only the report is
    written (the last good graph stays) and the exit code is 1; bad input exits 2.
    """
    from kg_builder.pipeline import run_build
    from kg_builder.reports import render_text

    config = project_config(context)
    progress = None if quiet else say
    outcome = run_build(config, write=not check, force=force, progress=progress)
    if not quiet:
        counts = outcome.class_counts()
        say(f"{len(outcome.graph)} triples; " + ", ".join(f"{n} {c}" for c, n in counts.items()))
        for path in outcome.written:
            say(f"wrote {path.relative_to(config.root)}")
    if not outcome.report.conforms or not quiet:
        say(render_text(outcome.report, color=sys.stderr.isatty()).rstrip())
    if not outcome.report.conforms:
        if not force and not check:
            say(f"{config.dist / 'kg.ttl'} was not updated: fix the violations or use --force")
        sys.exit(EXIT_VIOLATIONS)
