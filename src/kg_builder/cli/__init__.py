"""The ``kg`` command: a thin shell over the library; the only package that prints or exits.

Every command parses its options, calls one library function and renders the result; each
lives in a module of this package and is registered below.

Exit codes, as pySHACL documents them: 0 success (the graph conforms), 1 SHACL violations,
2 the command could not run (bad input, configuration, query, endpoint or output).
"""

from __future__ import annotations

from pathlib import Path

import click

from kg_builder import __version__


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


# Each command lives in its own module, registered here.
from kg_builder.cli import build as _build  # noqa: E402
from kg_builder.cli import export as _export  # noqa: E402
from kg_builder.cli import publish as _publish  # noqa: E402
from kg_builder.cli import query as _query  # noqa: E402
from kg_builder.cli import serve as _serve  # noqa: E402
from kg_builder.cli import site as _site  # noqa: E402
from kg_builder.cli import validate as _validate  # noqa: E402
from kg_builder.cli import viz as _viz  # noqa: E402

for _command in (
    _build.build,
    _query.query,
    _publish.publish,
    _serve.serve,
    _viz.viz,
    _export.export,
    _site.site,
    _validate.validate,
):
    main.add_command(_command)

from kg_builder.cli import export_brat as _export_brat  # noqa: E402
from kg_builder.cli import import_ as _import  # noqa: E402
from kg_builder.cli import suggest as _suggest  # noqa: E402

for _command in (_suggest.suggest, _import.import_, _export_brat.export_brat):
    main.add_command(_command)
