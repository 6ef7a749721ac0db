"""Check a built graph against the SHACL shapes of ``ontology/`` (https://www.w3.org/TR/shacl/).

pySHACL runs the shapes; this module turns its report into results a person can act on:
each with the label of the resource, the message, and the annotation line that produced
the statement. A violation is data, returned in the report, never raised.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from rdflib import RDF, RDFS, SH, Graph, Literal, URIRef
from rdflib.term import Node

from kg_builder.build import BuiltGraph, Origin
from kg_builder.errors import ConfigError

SHAPES_FILE = "shapes.ttl"


class Severity(StrEnum):
    """SHACL severities, most serious first."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"


_SEVERITIES = {
    SH.Violation: Severity.VIOLATION,
    SH.Warning: Severity.WARNING,
    SH.Info: Severity.INFO,
}


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with what is needed to find and fix its cause."""

    severity: Severity
    focus: Node
    focus_label: str
    path: Node | None
    value: Node | None
    messages: tuple[Literal, ...]
    shape: Node | None
    component: Node | None
    origins: tuple[Origin, ...]

    def message(self, language: str = "en") -> str:
        """The shape's message in a language, falling back to any."""
        for message in self.messages:
            if message.language == language:
                return str(message)
        return str(self.messages[0]) if self.messages else ""


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validation: conforms means no result of severity Violation."""

    results: tuple[ValidationResult, ...]
    report_graph: Graph

    @property
    def conforms(self) -> bool:
        return not any(r.severity is Severity.VIOLATION for r in self.results)

    def counts(self) -> dict[Severity, int]:
        """How many results of each severity (every severity present, zero included)."""
        found = Counter(r.severity for r in self.results)
        return {severity: found[severity] for severity in Severity}


def load_shapes(folder: Path) -> Graph:
    """The SHACL shapes graph of a project.

    :raises ConfigError: when the file is missing or not valid Turtle.
    """
    path = folder / SHAPES_FILE
    try:
        return Graph().parse(path, format="turtle")
    except FileNotFoundError as error:
        raise ConfigError(f"{path}: the shapes file is missing") from error
    except Exception as error:  # rdflib raises many kinds for bad Turtle
        raise ConfigError(f"{path}: not valid Turtle: {error}") from error


def validate_graph(built: BuiltGraph, *, shapes: Graph, ontology: Graph) -> ValidationReport:
    """Run the shapes over the built graph.

    The ontology and its concept schemes join the data graph: ``sh:class`` needs the class
    hierarchy, and the concepts (units, categories) must be typed where shapes look.
    """
    from pyshacl import validate  # heavy; imported where used

    data = Graph()
    data += built.graph
    data += ontology
    _, report_graph, _ = validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    results = [
        _result(report_graph, node, built)
        for node in report_graph.subjects(RDF.type, SH.ValidationResult)
    ]
    results.sort(key=_result_order)
    return ValidationReport(tuple(results), report_graph)


def _result(report: Graph, node: Node, built: BuiltGraph) -> ValidationResult:
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    assert focus is not None, "SHACL results always have a focus node"
    label = _label(built.graph, focus)
    messages = tuple(m for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal))
    return ValidationResult(
        severity=_SEVERITIES.get(_iri(report.value(node, SH.resultSeverity)), Severity.VIOLATION),
        focus=focus,
        focus_label=label,
        path=path,
        value=report.value(node, SH.value),
        messages=tuple(sorted(messages, key=lambda m: (m.language or "", str(m)))),
        shape=report.value(node, SH.sourceShape),
        component=report.value(node, SH.sourceConstraintComponent),
        origins=built.origins(focus, path),
    )


def _iri(node: Node | None) -> URIRef:
    return node if isinstance(node, URIRef) else SH.Violation


def _label(graph: Graph, node: Node) -> str:
    labels = {
        lit.language: str(lit)
        for lit in graph.objects(node, RDFS.label)
        if isinstance(lit, Literal)
    }
    return labels.get("zh") or labels.get("en") or next(iter(labels.values()), str(node))


def _result_order(result: ValidationResult) -> tuple[int, tuple[Origin, ...], str, str]:
    return (
        list(Severity).index(result.severity),
        result.origins,
        str(result.focus),
        str(result.path),
    )
