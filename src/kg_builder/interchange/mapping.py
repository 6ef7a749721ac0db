"""What the labels of an annotation tool mean in the ontology (``kg import --mapping``).

A mapping file has three tables — ``entities`` (span label → class), ``relations``
(relation label → a property whose value is another item) and ``attributes`` (attribute or
choice name → a property whose value is a concept). Every class and property of the
ontology also maps to itself, so a project that labels in the ontology's own terms needs no
file at all; ``default-mapping.yaml`` beside this module adds common Chinese and
named-entity labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType

from kg_builder.errors import InputError, did_you_mean
from kg_builder.schema import Schema, ValueKind
from kg_builder.yaml_nodes import NodeReader

DEFAULT_MAPPING = "default-mapping.yaml"
TABLES = ("entities", "relations", "attributes")


@dataclass(frozen=True)
class LabelMapping:
    """Tool label -> ontology term, per kind of annotation."""

    entities: Mapping[str, str]
    relations: Mapping[str, str]
    attributes: Mapping[str, str]
    path: Path


def default_mapping_path() -> Path:
    """The mapping shipped with kg_builder."""
    return Path(str(files("kg_builder.interchange").joinpath(DEFAULT_MAPPING)))


def load_mapping(path: Path | None, schema: Schema) -> LabelMapping:
    """Read a mapping file (None: the default one) and check it against the ontology.

    :raises InputError: unknown tables, classes or properties, with their lines.
    """
    path = path or default_mapping_path()
    reader = NodeReader(path)
    root = reader.compose()
    if root is None:
        raise InputError(reader.problems)
    allowed = {
        "entities": list(schema.classes),
        "relations": [p.name for p in schema.properties.values() if p.kind is ValueKind.REFERENCE],
        "attributes": [p.name for p in schema.properties.values() if p.kind is ValueKind.CONCEPT],
    }
    what = {
        "entities": "a class",
        "relations": "a reference property",
        "attributes": "a concept property",
    }
    tables: dict[str, dict[str, str]] = {table: {t: t for t in allowed[table]} for table in TABLES}
    for entry in reader.entries(root, "the mapping file"):
        if entry.key not in TABLES:
            reader.problem(
                entry.line, f"unknown table `{entry.key}`", did_you_mean(entry.key, TABLES)
            )
            continue
        for label in reader.entries(entry.node, f"`{entry.key}`"):
            term = reader.text(label.node, f"`{label.key}`")
            if term is None:
                continue
            if term not in allowed[entry.key]:
                reader.problem(
                    label.line,
                    f"`{label.key}: {term}`: `{term}` is not {what[entry.key]} of the ontology",
                    did_you_mean(term, allowed[entry.key]),
                )
                continue
            tables[entry.key][label.key] = term
    if reader.problems:
        raise InputError(reader.problems)
    return LabelMapping(
        entities=MappingProxyType(tables["entities"]),
        relations=MappingProxyType(tables["relations"]),
        attributes=MappingProxyType(tables["attributes"]),
        path=path,
    )
