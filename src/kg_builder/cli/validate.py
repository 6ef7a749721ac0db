"""`kg validate`: check the annotations against the SHACL shapes and say where to fix them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kg_builder.cli.common import EXIT_VIOLATIONS, project_config, reports_errors, say
from kg_builder.reports import REPORT_FORMATS
from kg_builder.validation import Inference


@click.command()
@click.option(
    "--inference",
    type=click.Choice([i.value for i in Inference]),
    default=Inference.NONE.value,
    show_default=True,
    help="Infer with RDFS or OWL-RL (owlrl) before the shapes run.",
)
@click.option(
    "-f",
    "--format",
    "format_",
    type=click.Choice(list(REPORT_FORMATS)),
    default="text",
    show_default=True,
    help="Report format: "
    + "; ".join(f"{f.name}: {f.description}" for f in REPORT_FORMATS.values())
    + ".",
)
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Write the report to this file.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (infos never fail).")
@click.pass_context
@reports_errors
def validate(
    context: click.Context, inference: str, format_: str, out: Path | None, strict: bool
) -> None:
    """Check the annotations: load and anchor them, build the graph, run the SHACL shapes.

    Prints a report grouped by severity and shape; each result names the resource, the
    annotation key, what is wrong (in Chinese and English), what was found and the
    annotation file and line that produced it. Writes nothing else.

    Exit codes: 0 the graph conforms (warnings and infos alone do not fail unless
    --strict), 1 SHACL violations, 2 bad input (every problem with its file and line).
    """
    from kg_builder.outputs import write_outputs
    from kg_builder.pipeline import check_project
    from kg_builder.reports import render_text, summary

    config = project_config(context)
    report = check_project(config, inference=Inference(inference)).report
    form = REPORT_FORMATS[format_]
    if out is not None:
        write_outputs(out.parent, {out.name: form.render(report).encode("utf-8")})
        say(f"wrote {out}")
        say(summary(report))
    elif form.name == "text":
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        click.echo(render_text(report, color=color), nl=False)
    else:
        click.echo(form.render(report), nl=False)
    if not report.passes(strict=strict):
        sys.exit(EXIT_VIOLATIONS)
