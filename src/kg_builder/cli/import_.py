"""`kg import brat` and `kg import label-studio`: annotations made in other tools."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import click

from kg_builder.cli.common import project_config, reports_errors, say
from kg_builder.interchange.offsets import OffsetUnit

mapping_option = click.option(
    "--mapping",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A label mapping (YAML: entities, relations, attributes). Default: the one shipped "
    "with kg_builder; every ontology term also maps to itself.",
)
out_option = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write only the annotation files, into this folder.",
)
force_option = click.option("--force", is_flag=True, help="Replace existing annotation files.")


@click.group(name="import")
def import_() -> None:
    """Import annotations made in brat or Label Studio as annotation files.

    Labels become ontology classes and properties through a mapping file (--mapping);
    offsets become quotes that anchor once in the source. Each document's source is copied
    into data/sources/ (with a drafted NAME.meta.yaml) unless the project has it already;
    its annotations go to data/annotations/NAME.yaml. Nothing is written if anything is
    wrong: every problem is listed with its file and line.
    """


@import_.command()
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@mapping_option
@out_option
@force_option
@click.pass_context
@reports_errors
def brat(
    context: click.Context, folder: Path, mapping: Path | None, out: Path | None, force: bool
) -> None:
    """Import the brat standoff documents (NAME.txt + NAME.ann) of FOLDER."""
    from kg_builder.interchange.imports import import_brat
    from kg_builder.pipeline import load_project_schema

    config = project_config(context)
    schema = load_project_schema(config)
    imported = import_brat(config, folder, schema=schema, mapping=mapping, out=out, overwrite=force)
    _write(
        config.root if out is None else out,
        imported.files,
        [d.draft.items for d in imported.drafts],
    )


@import_.command(name="label-studio")
@click.argument("export", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@mapping_option
@out_option
@force_option
@click.option(
    "--offsets",
    type=click.Choice([unit.value for unit in OffsetUnit]),
    default=OffsetUnit.AUTO.value,
    show_default=True,
    help="How the export counts offsets: newer Label Studio counts code points, older "
    "versions UTF-16 code units; auto checks each span against the text saved with it.",
)
@click.option(
    "--text-key", default="text", show_default=True, help="The key of the text in each task's data."
)
@click.option(
    "--name", help="The document name of a one-task export whose text is not a project source yet."
)
@click.pass_context
@reports_errors
def label_studio(
    context: click.Context, *, export: Path, mapping: Path | None, out: Path | None,
    force: bool, offsets: str, text_key: str, name: str | None,
) -> None:  # fmt: skip
    """Import the tasks of a Label Studio JSON export (spans, relations, per-span choices)."""
    from kg_builder.interchange.imports import import_label_studio
    from kg_builder.pipeline import load_project_schema

    config = project_config(context)
    schema = load_project_schema(config)
    imported = import_label_studio(
        config, export, schema=schema, mapping=mapping, out=out, overwrite=force,
        text_key=text_key, offsets=OffsetUnit(offsets), name=name,
    )  # fmt: skip
    _write(
        config.root if out is None else out,
        imported.files,
        [d.draft.items for d in imported.drafts],
    )


def _write(folder: Path, files: Mapping[str, bytes], items: list[tuple[object, ...]]) -> None:
    from kg_builder.outputs import write_outputs

    say(f"{len(items)} document{'s' if len(items) != 1 else ''}, {sum(map(len, items))} items")
    for path in write_outputs(folder, files):
        say(f"wrote {path}")
