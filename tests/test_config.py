"""Reading [tool.kg_builder]: mistakes in the configuration are named, with what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg_builder.config import find_project, load_config
from kg_builder.errors import ConfigError


def write(folder: Path, table: str) -> Path:
    (folder / "pyproject.toml").write_text(table, encoding="utf-8")
    return folder


def test_defaults_and_paths(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "[tool.kg_builder]\nbase = 'https://example.org/kg/'\n"))
    assert config.base == "https://example.org/kg/"
    assert config.annotations_dir == tmp_path / "data" / "annotations"
    assert config.dist_dir == tmp_path / "dist"


def test_find_project_walks_up(tmp_path: Path) -> None:
    write(tmp_path, "[tool.kg_builder]\n")
    nested = tmp_path / "data" / "annotations"
    nested.mkdir(parents=True)
    assert find_project(nested) == tmp_path.resolve()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        pytest.param("[project]\nname='x'\n", "no \\[tool.kg_builder\\] table", id="no-table"),
        pytest.param(
            "[tool.kg_builder]\nbsae = 'x/'\n", "unknown key\\(s\\) bsae; allowed:", id="typo"
        ),
        pytest.param(
            "[tool.kg_builder]\nbase = 'https://x.org'\n", "must end in / or #", id="base"
        ),
        pytest.param("[tool.kg_builder]\ndist = 3\n", "dist must be a string", id="type"),
        pytest.param("[tool.kg_builder\n", "pyproject.toml: ", id="bad-toml"),
    ],
)
def test_bad_configuration(tmp_path: Path, table: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(write(tmp_path, table))


def test_no_project_above(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no pyproject\.toml with a \[tool\.kg_builder\] table"):
        find_project(tmp_path)
