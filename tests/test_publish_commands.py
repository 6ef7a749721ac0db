"""`kg export` and `kg site` on a copy of the project: what they write is what they describe."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import DCAT, Graph, Namespace

from kg_builder.cli import main
from kg_builder.export import EXPORTERS
from kg_builder.export.publication import Publication
from kg_builder.outputs import replace_folder
from tests.conftest import ROOT

SPDX = Namespace("http://spdx.org/rdf/terms#")


def copy_project(folder: Path) -> Path:
    """The bundled project's inputs and settings, copied into ``folder``."""
    shutil.copy(ROOT / "pyproject.toml", folder)
    for part in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / part, folder / part)
    return folder


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("project"))


def test_kg_export_writes_the_files_dataset_ttl_describes(project: Path) -> None:
    result = CliRunner().invoke(main, ["--project", str(project), "export", "-q"])
    assert result.exit_code == 0, result.output
    dist = project / "dist"
    description = Graph().parse(dist / "dataset.ttl")
    for exporter in EXPORTERS.values():
        data = (dist / exporter.filename).read_bytes()
        (distribution,) = [
            d for d in description.subjects(DCAT.downloadURL) if str(d).endswith(exporter.name)
        ]
        checksum = description.value(distribution, SPDX.checksum)
        assert (
            str(description.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        )
    assert (dist / "context.jsonld").is_file()
    assert (dist / "ontology.html").is_file()


@pytest.mark.parametrize("name", ["ntriples", "jsonld"])  # every format: test_export.py
def test_kg_export_stdout_prints_one_format(
    project: Path, publication: Publication, name: str
) -> None:
    result = CliRunner().invoke(main, ["--project", str(project), "export", "-q", "--stdout", name])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == publication.files[EXPORTERS[name].filename]


def test_kg_site_writes_a_page_per_resource(project: Path) -> None:
    result = CliRunner().invoke(main, ["--project", str(project), "site"])
    assert result.exit_code == 0, result.output
    site = project / "dist" / "site"
    assert "pages) into" in result.output
    assert (site / "index.html").is_file()
    assert (site / "team" / "jinan-10.html").is_file()
    assert (site / "kg.ttl").read_bytes() == (project / "dist" / "kg.ttl").read_bytes()


def test_an_unknown_format_is_refused_with_the_choices(project: Path) -> None:
    result = CliRunner().invoke(main, ["--project", str(project), "export", "--stdout", "n3"])
    assert result.exit_code == 2
    assert "turtle" in result.output


def test_a_site_is_replaced_whole_leaving_nothing_stale(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    replace_folder(folder, {"team/a.html": b"a", "index.html": b"1"})
    written = replace_folder(folder, {"team/b.html": b"b", "index.html": b"2"})
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "index.html",
        "team/b.html",
    ]
    assert written == [folder / "team/b.html", folder / "index.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left


def test_the_readme_and_the_docs_list_every_export_format() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    docs = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    for exporter in EXPORTERS.values():
        row = f"| `{exporter.name}` | `{exporter.filename}` | `{exporter.media_type}` |"
        assert row in readme, row
        assert f"`dist/{exporter.filename}` | `{exporter.media_type}`" in docs, exporter.name
    for command in ("kg export", "kg site"):
        assert f"### `{command}`" in readme


def test_a_graph_with_violations_is_not_published(tmp_path: Path) -> None:
    """A shape the data breaks (every team must name its leader): exit 1, dist/ untouched."""
    copy_project(tmp_path)
    with (tmp_path / "ontology" / "shapes.ttl").open("a", encoding="utf-8") as shapes:
        shapes.write(
            "\npash:EveryTeamHasALeader a sh:NodeShape ; sh:targetClass pa:Team ;\n"
            "    sh:property [ sh:path pa:leader ; sh:minCount 1 ] .\n"
        )
    for command in ("export", "site"):
        result = CliRunner().invoke(main, ["--project", str(tmp_path), command, "-q"])
        assert result.exit_code == 1, result.output
        assert "SHACL violations" in result.output
    assert not (tmp_path / "dist").exists()
