"""`kg suggest`: draft the annotation file of a new source."""

from __future__ import annotations

from pathlib import Path

import click

from kg_builder.cli.common import project_config, reports_errors, say


@click.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write the draft here ('-': standard output) instead of into the project.",
)
@click.option("--force", is_flag=True, help="Replace the source's existing annotation file.")
@click.option(
    "--score",
    is_flag=True,
    help="Compare with the project's hand-made annotation of SOURCE (recall and precision); "
    "write nothing.",
)
@click.pass_context
@reports_errors
def suggest(
    context: click.Context, source: Path, out: Path | None, force: bool, score: bool
) -> None:
    """Draft the annotations of SOURCE (a verbatim .txt) for a person to review.

    Proposes the places of the gazetteer (data/reference/gazetteer.yaml), items already
    annotated in other documents, teams (X市第N批援藏工作组), titles in 《》 and every amount and
    quantity, each quoting its passage and marked `suggested:` — `kg build` refuses such an
    item until a person has checked it and deleted that line. Writes data/annotations/NAME.yaml
    (and copies SOURCE into data/sources/ with a drafted NAME.meta.yaml if it is not there).
    """
    from collections import Counter

    from kg_builder.intake import document_files
    from kg_builder.outputs import write_outputs
    from kg_builder.pipeline import load_project_schema
    from kg_builder.suggest import suggest_document
    from kg_builder.suggest_score import score_against_project

    config = project_config(context)
    schema = load_project_schema(config)
    draft = suggest_document(config, source, schema=schema)
    if draft.gazetteer is None:
        say(f"no gazetteer at {config.reference_dir}: places are only found by known names")
    for path in draft.skipped:
        say(f"{path}: has problems; its items were not used as known names")
    counts = Counter(s.item.type for s in draft.suggestions)
    say(
        f"{len(draft.suggestions)} suggestions: "
        + ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    )
    if score:
        result = score_against_project(config, draft, schema=schema)
        click.echo(f"{'type':<14}{'hand-made':>10}{'found':>7}{'suggested':>11}{'kept':>6}")
        for row in result.by_type:
            click.echo(
                f"{row.type:<14}{row.hand_items:>10}{row.found:>7}{row.suggestions:>11}{row.kept:>6}"
            )
        click.echo(
            f"recall {result.recall:.1%} ({result.found} of {result.hand_items} hand-made items "
            f"proposed); precision {result.precision:.1%} ({result.kept} of {result.suggestions} "
            "suggestions kept)"
        )
        click.echo(
            f"category guessed as annotated for {result.categories_right} of "
            f"{result.categories_compared} funding flows and indicators found"
        )
        return
    if out is not None:
        if str(out) == "-":
            click.echo(draft.annotation, nl=False)
            return
        written = write_outputs(out.parent, {out.name: draft.annotation.encode("utf-8")})
    else:
        text = draft.source.text
        files = document_files(config, draft.id, text, draft.annotation, overwrite=force)
        written = write_outputs(config.root, files)
    for path in written:
        say(f"wrote {path}")
    say("next: review each item (delete its `suggested:` line), then run `kg build`")
