"""Read pySHACL's ``sh:ValidationReport`` into results people can act on.

Each result gets the label of its resource, the annotation key it is about, its messages
in Chinese and English, what was found, the name of its shape, and the annotation lines
(``BuiltGraph.origins``) of the statement concerned — or of the item when a statement is
missing.
"""

from __future__ import annotations

import re

from rdflib import RDFS, SH, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from kg_builder.build import BuiltGraph
from kg_builder.validation import Severity, ValidationResult, in_language

ANNOTATION_KEYS = {RDFS.label: "label", SKOS.altLabel: "altLabel", RDFS.comment: "comment"}
"""Terms that annotations write under another name than the term's local name."""

SEVERITIES = {
    SH.Violation: Severity.VIOLATION,
    SH.Warning: Severity.WARNING,
    SH.Info: Severity.INFO,
}


def read_result(
    report: Graph, node: Node, *, built: BuiltGraph, data: Graph, shapes: Graph
) -> ValidationResult:
    """One ``sh:ValidationResult`` of pySHACL's report, with what people need to act on it.

    ``data`` is the graph that was validated (labels, values found); ``shapes`` gives the
    shapes' names and the languages of their messages.
    """
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    shape = report.value(node, SH.sourceShape)
    assert focus is not None, "SHACL results always have a focus node"
    templates = [
        m
        for source in (shape, report.value(node, SH.sourceConstraint))
        if source is not None
        for m in shapes.objects(source, SH.message)
        if isinstance(m, Literal)
    ]
    messages = [
        _with_language(m, templates)
        for m in report.objects(node, SH.resultMessage)
        if isinstance(m, Literal)
    ]
    names = _names(shapes, shape) if shape is not None else ()
    found: tuple[Node, ...] = ()
    if value is None and isinstance(path, URIRef):
        found = tuple(sorted(data.objects(focus, path), key=str))
    return ValidationResult(
        severity=SEVERITIES.get(_iri(report.value(node, SH.resultSeverity)), Severity.VIOLATION),
        focus=focus,
        focus_label=label_of(data, focus) or str(focus),
        path=path,
        key=_key(path, names),
        value=value,
        value_label=label_of(data, value) if isinstance(value, URIRef) else None,
        found=found,
        messages=_sorted_literals(messages),
        shape=shape,
        shape_names=names,
        component=report.value(node, SH.sourceConstraintComponent),
        origins=built.origins(focus, path),
    )


def label_of(graph: Graph, node: Node) -> str | None:
    """The Chinese label of a resource, else its English one, else any (the first in
    sorted order when a resource has several: reports come out the same every run)."""
    labels: dict[str | None, str] = {}
    for literal in sorted(graph.objects(node, RDFS.label), key=str):
        if isinstance(literal, Literal):
            labels.setdefault(literal.language, str(literal))
    return labels.get("zh") or labels.get("en") or next(iter(labels.values()), None)


def _with_language(message: Literal, templates: list[Literal]) -> Literal:
    """The message with the language of the ``sh:message`` it was filled in from.

    pySHACL drops the language tag when it fills in ``{?var}`` (``{$param}``) templates.
    """
    if message.language:
        return message
    for template in templates:
        parts = re.split(r"\{[?$]\w+\}", str(template))
        if re.fullmatch("(.*?)".join(re.escape(part) for part in parts), str(message), re.DOTALL):
            return Literal(str(message), lang=template.language)
    return message


def _names(shapes: Graph, shape: Node) -> tuple[Literal, ...]:
    names = [n for n in shapes.objects(shape, SH.name) if isinstance(n, Literal)]
    if not names:
        names = [n for n in shapes.objects(shape, RDFS.label) if isinstance(n, Literal)]
    return _sorted_literals(names)


def _key(path: Node | None, shape_names: tuple[Literal, ...]) -> str | None:
    """What an annotator calls the property: its annotation key, else the term."""
    if path is None:
        return None
    if not isinstance(path, URIRef):  # a complex path (^oa:hasBody): the shape names it
        return in_language(shape_names, "en") or None
    if path in ANNOTATION_KEYS:
        return ANNOTATION_KEYS[path]
    return str(path).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _sorted_literals(literals: list[Literal] | tuple[Literal, ...]) -> tuple[Literal, ...]:
    return tuple(sorted(literals, key=lambda m: (m.language or "", str(m))))


def _iri(node: Node | None) -> URIRef:
    return node if isinstance(node, URIRef) else SH.Violation
