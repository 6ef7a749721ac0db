"""A project's settings: the ``[tool.kg_builder]`` table of its ``pyproject.toml``.

A kg_builder project is a folder with sources, annotations, an ontology and queries; every
path in the table is relative to the folder that holds ``pyproject.toml``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kg_builder.errors import ConfigError

PYPROJECT = "pyproject.toml"

TABLES = ("dataset",)
"""Sub-tables of [tool.kg_builder], kept as read; the stage that uses one checks its keys."""


@dataclass(frozen=True)
class Config:
    """Where a project's inputs and outputs are, and the base of its IRIs."""

    root: Path
    base: str = "https://w3id.org/kg-builder/luzang/"
    sources: Path = Path("data/sources")
    annotations: Path = Path("data/annotations")
    ontology: Path = Path("ontology")
    queries: Path = Path("queries")
    dist: Path = Path("dist")
    reference: Path = Path("data/reference")
    dataset: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """``[tool.kg_builder.dataset]``: how the published dataset describes itself."""

    @property
    def sources_dir(self) -> Path:
        return self.root / self.sources

    @property
    def annotations_dir(self) -> Path:
        return self.root / self.annotations

    @property
    def ontology_dir(self) -> Path:
        return self.root / self.ontology

    @property
    def queries_dir(self) -> Path:
        return self.root / self.queries

    @property
    def reference_dir(self) -> Path:
        """Reference data: the gazetteer of places (``kg suggest``, ``kg import``)."""
        return self.root / self.reference

    @property
    def dist_dir(self) -> Path:
        return self.root / self.dist

    @property
    def pyproject(self) -> Path:
        """The file the settings come from (for messages about them)."""
        return self.root / PYPROJECT

    @property
    def data_graph(self) -> str:
        """The named graph that holds the built graph in a store (``kg publish``, ``kg serve``)."""
        return f"{self.base}graph"


def find_project(start: Path) -> Path:
    """The nearest folder at or above ``start`` whose pyproject.toml has [tool.kg_builder].

    :raises ConfigError: when there is none.
    """
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / PYPROJECT
        if candidate.is_file() and "kg_builder" in _read_toml(candidate).get("tool", {}):
            return folder
    raise ConfigError(
        f"no {PYPROJECT} with a [tool.kg_builder] table at or above {start}; "
        "run kg inside a kg_builder project or pass --project DIR"
    )


def load_config(root: Path) -> Config:
    """Read ``root/pyproject.toml``'s ``[tool.kg_builder]`` table.

    :raises ConfigError: when the file or table is missing, a key is unknown, or the base
        IRI does not end in ``/`` or ``#``.
    """
    path = root / PYPROJECT
    if not path.is_file():
        raise ConfigError(f"{path}: not found")
    table = _read_toml(path).get("tool", {}).get("kg_builder")
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: no [tool.kg_builder] table")
    known = {f.name for f in fields(Config)} - {"root"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(
            f"{path}: [tool.kg_builder] has unknown key(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(sorted(known))}"
        )
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in TABLES:
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: [tool.kg_builder] {key} must be a table, got {value!r}")
            values[key] = MappingProxyType(value)
            continue
        if not isinstance(value, str):
            raise ConfigError(f"{path}: [tool.kg_builder] {key} must be a string, got {value!r}")
        values[key] = value if key == "base" else Path(value)
    config = Config(root=root, **values)
    if not config.base.endswith(("/", "#")):
        raise ConfigError(f"{path}: [tool.kg_builder] base {config.base!r} must end in / or #")
    return config


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from error
