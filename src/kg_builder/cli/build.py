"""`kg build`: the main job."""

from __future__ import annotations

import sys

import click

from kg_builder.cli.common import EXIT_VIOLATIONS, project_config, reports_errors, say


@click.command()
@click.option("--force", is_flag=True, help="Write the graph even when it has SHACL violations.")
@click.option("--check", is_flag=True, help="Build and validate, but write nothing.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.pass_context
@reports_errors
def build(context: click.Context, force: bool, check: bool, quiet: bool) -> None:
    """Build the graph: load and anchor, build, validate, run the queries, write dist/.

    Writes dist/kg.ttl (sorted Turtle, byte-identical across rebuilds), the SHACL report
    as dist/validation.txt, .json, .ttl and .html (as `kg validate` gives it) and
    dist/queries/NAME.csv, all at once. With SHACL violations only the reports are
    written (the last good graph stays) and the exit code is 1; bad input exits 2.
    """
    from kg_builder.pipeline import run_build
    from kg_builder.reports import describe, render_text

    config = project_config(context)
    progress = None if quiet else say
    outcome = run_build(config, write=not check, force=force, progress=progress)
    if not quiet:
        counts = outcome.class_counts()
        say(rebuilt_line(outcome.rebuilt, len(outcome.parts)))
        say(f"{len(outcome.built)} triples; " + ", ".join(f"{n} {c}" for c, n in counts.items()))
        for conflict in outcome.conflicts:
            values = ", ".join(
                f"{describe(v.value)} ({describe(v.document)})" for v in conflict.values
            )
            where = f"{describe(conflict.subject)} · {describe(conflict.predicate)}"
            say(f"documents disagree on {where}: {values}; all kept, the resource keeps the first")
        for path in outcome.written:
            say(f"wrote {path}")
    if not outcome.report.conforms or not quiet:
        say(render_text(outcome.report, color=sys.stderr.isatty()).rstrip())
    if not outcome.report.conforms:
        if not force and not check:
            say(f"{config.dist / 'kg.ttl'} was not updated: fix the violations or use --force")
        sys.exit(EXIT_VIOLATIONS)


LISTED = 20
"""Rebuilt documents named one by one; beyond this many, the rest are counted."""


def rebuilt_line(rebuilt: tuple[str, ...], total: int) -> str:
    """Which documents were built anew, and which came from the cache.

    >>> rebuilt_line(("report-2",), 3)
    'rebuilt 1 of 3 documents (the others are unchanged, from .kg-cache/): report-2'
    >>> rebuilt_line((), 1)
    'rebuilt no document: all unchanged, from .kg-cache/ (1 document)'
    """
    count = f"{total} document{'' if total == 1 else 's'}"
    if not rebuilt:
        return f"rebuilt no document: all unchanged, from .kg-cache/ ({count})"
    named = ", ".join(rebuilt[:LISTED])
    if len(rebuilt) > LISTED:
        named += f" and {len(rebuilt) - LISTED} more"
    if len(rebuilt) == total:
        return f"rebuilt every document ({count}): {named}"
    unchanged = "the others are unchanged, from .kg-cache/"
    return f"rebuilt {len(rebuilt)} of {count} ({unchanged}): {named}"
