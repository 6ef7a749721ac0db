"""The checked, anchored content of annotation files: what the builder turns into RDF.

Every value keeps the line it was written on, so that anything said about the graph later
(a SHACL violation, a conflict between documents) can point back at the annotation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from rdflib import Literal, URIRef

from kg_builder.amounts import Quantity
from kg_builder.schema import PropertyInfo
from kg_builder.text import SourceText, Span


@dataclass(frozen=True)
class Reference:
    """A value that names another item by its id."""

    id: str


Value = Reference | URIRef | Literal | Quantity


def written(value: Value) -> str:
    """A value as the annotator wrote it: an id, a concept notation, a literal, an amount."""
    if isinstance(value, Reference):
        return value.id
    if isinstance(value, Quantity):
        return value.text
    if isinstance(value, URIRef):
        return str(value).rsplit("/", 1)[-1]
    return str(value)


@dataclass(frozen=True)
class InferredNote:
    """How a fact the text implies rather than states was inferred.

    ``values`` limits the note to some values of a many-valued property (as written);
    None means every value of the property.
    """

    how: tuple[Literal, ...]
    values: frozenset[str] | None = None

    def covers(self, value: Value) -> bool:
        return self.values is None or written(value) in self.values


@dataclass(frozen=True)
class Statement:
    """One property value of an item, as written on one line of its file."""

    prop: PropertyInfo
    value: Value
    line: int


@dataclass(frozen=True)
class Quote:
    """A passage of the source that supports an item."""

    span: Span
    line: int


@dataclass(frozen=True)
class Item:
    """One annotated thing: a place, team, project, funding flow, indicator, ..."""

    id: str
    type: str
    line: int
    labels: tuple[Literal, ...]
    alt_labels: tuple[Literal, ...]
    comments: tuple[Literal, ...]
    quotes: tuple[Quote, ...]
    statements: tuple[Statement, ...]
    inferred: Mapping[str, InferredNote]
    key_lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    """The line of each key written for the item (``label``, ``altLabel``, ...)."""


@dataclass(frozen=True)
class SourceMeta:
    """What ``NAME.meta.yaml`` says about a source."""

    titles: tuple[Literal, ...]
    language: str
    sha256: str
    issued: Literal | None
    genre: str | None
    inferred: Mapping[str, InferredNote]


@dataclass(frozen=True)
class Document:
    """One source with its metadata and its annotations, checked and anchored."""

    id: str
    source_path: Path
    annotation_path: Path
    text: SourceText
    meta: SourceMeta
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Corpus:
    """Every annotated document of a project; ids resolve across all of them."""

    documents: tuple[Document, ...]

    def items(self) -> Iterable[tuple[Document, Item]]:
        for document in self.documents:
            for item in document.items:
                yield document, item
