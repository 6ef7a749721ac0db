"""Validation reports for people and programs: text, JSON, Turtle and HTML.

Someone who typed the YAML should be able to act on each entry without knowing SHACL: it
says which annotation line to open, which resource and key are concerned, what is wrong
(in Chinese and English) and what was found. Results are grouped by severity, then by
shape (one shape, one reason). ``REPORT_FORMATS`` is the one list of formats that the CLI
choices, ``kg build``'s outputs and the tests read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, Any

from kg_builder.validation import Severity

if TYPE_CHECKING:  # rdflib is imported where used: `kg --help` should not wait for it
    from rdflib.term import Node

    from kg_builder.validation import ValidationReport, ValidationResult

SHAPES_NAMESPACE = "https://w3id.org/kg-builder/shapes#"

SEVERITY_TITLES = {
    Severity.VIOLATION: ("错误", "the graph is wrong: fix these"),
    Severity.WARNING: ("警告", "the graph is poorer than it could be"),
    Severity.INFO: ("提示", "hints worth a look"),
}

_COLORS = {Severity.VIOLATION: "31", Severity.WARNING: "33", Severity.INFO: "36"}


@dataclass(frozen=True)
class ShapeGroup:
    """The results of one shape: one reason, every place it occurs."""

    shape_id: str
    name_zh: str
    name_en: str
    results: tuple[ValidationResult, ...]

    @property
    def title(self) -> str:
        names = [n for n in dict.fromkeys((self.name_zh, self.name_en)) if n]
        return " · ".join(names) + f"  [{self.shape_id}]" if names else self.shape_id


@dataclass(frozen=True)
class SeverityGroup:
    severity: Severity
    title_zh: str
    title_en: str
    shapes: tuple[ShapeGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(group.results) for group in self.shapes)

    @property
    def heading(self) -> str:
        """``Violations (3)``, ``Warning (1)``."""
        plural = "s" if self.count != 1 else ""
        return f"{self.severity.value}{plural} ({self.count})"


def group_results(report: ValidationReport) -> tuple[SeverityGroup, ...]:
    """The results by severity (most serious first), then by shape."""
    groups = []
    for severity, by_severity in groupby(report.results, key=lambda r: r.severity):
        shapes = []
        for shape_id, by_shape in groupby(sorted(by_severity, key=_shape_id), key=_shape_id):
            results = tuple(by_shape)
            first = results[0]
            shapes.append(
                ShapeGroup(shape_id, first.shape_name("zh"), first.shape_name("en"), results)
            )
        title_zh, title_en = SEVERITY_TITLES[severity]
        groups.append(SeverityGroup(severity, title_zh, title_en, tuple(shapes)))
    return tuple(groups)


def summary(report: ValidationReport) -> str:
    """One line: does the graph conform, and how many results of each severity."""
    verdict = "conforms" if report.conforms else "does NOT conform"
    counts = ", ".join(
        f"{n} {s.value.lower()}{'s' if n != 1 else ''}" for s, n in report.counts().items()
    )
    return f"The graph {verdict}: {counts}."


def where(result: ValidationResult) -> str:
    """The annotation lines of a result, or why there are none."""
    return ", ".join(str(origin) for origin in result.origins) or "(not from an annotation)"


def describe(node: Node, label: str | None = None) -> str:
    """A term as people read it: ``昂仁县 (ngamring)``, ``«600 余万元»``, ``«Jinan»@en``.

    >>> from rdflib import Literal, URIRef
    >>> describe(URIRef("https://example.org/county/ngamring"), "昂仁县")
    '昂仁县 (ngamring)'
    >>> describe(Literal("Jinan", lang="en"))
    '«Jinan»@en'
    """
    from rdflib import Literal

    if isinstance(node, Literal):
        return f"«{node}»" + (f"@{node.language}" if node.language else "")
    local = _local(node)
    return f"{label} ({local})" if label and label != local else local


def render_text(report: ValidationReport, *, color: bool = False) -> str:
    """The report as plain text (ANSI-coloured when ``color``)."""

    def paint(text: str, severity: Severity) -> str:
        return f"\x1b[{_COLORS[severity]}m{text}\x1b[0m" if color else text

    lines = [summary(report)]
    for group in group_results(report):
        heading = f"== {group.heading} · {group.title_zh} · {group.title_en} =="
        lines += ["", paint(heading, group.severity)]
        for shape in group.shapes:
            lines += ["", f"-- {shape.title}"]
            lines.extend(_entry(result) for result in shape.results)
    return "\n".join(lines) + "\n"


def _entry(result: ValidationResult) -> str:
    head = f"  {where(result)}: {describe(result.focus, result.focus_label)}"
    if result.key:
        head += f" · {result.key}"
    parts = [head]
    zh, en = result.message("zh"), result.message("en")
    parts.append(f"    {zh}" if zh == en else f"    {zh}\n    {en}")
    found = _found(result)
    if found:
        parts.append(f"    found: {found}")
    return "\n".join(parts)


def _found(result: ValidationResult) -> str:
    if result.value is not None:
        return describe(result.value, result.value_label)
    return ", ".join(describe(node) for node in result.found)


def render_json(report: ValidationReport) -> str:
    """The report as JSON: ``conforms``, ``counts`` and ``results`` (sorted, stable)."""
    document = {
        "conforms": report.conforms,
        "counts": {severity.value: n for severity, n in report.counts().items()},
        "results": [_result_json(result) for result in report.results],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _result_json(result: ValidationResult) -> dict[str, Any]:
    from rdflib import URIRef

    return {
        "severity": result.severity.value,
        "shape": {
            "id": str(result.shape) if isinstance(result.shape, URIRef) else None,
            "name": {"zh": result.shape_name("zh"), "en": result.shape_name("en")},
        },
        "constraint": _local(result.component) if result.component is not None else None,
        "focus": {"iri": str(result.focus), "label": result.focus_label},
        "key": result.key,
        "path": str(result.path) if isinstance(result.path, URIRef) else None,
        "value": _node_json(result.value, result.value_label),
        "found": [_node_json(node) for node in result.found],
        "message": {"zh": result.message("zh"), "en": result.message("en")},
        "origins": [{"file": str(o.path), "line": o.line} for o in result.origins],
    }


def _node_json(node: Node | None, label: str | None = None) -> dict[str, Any] | None:
    from rdflib import Literal

    if node is None:
        return None
    if isinstance(node, Literal):
        found: dict[str, Any] = {"literal": str(node)}
        if node.language:
            found["language"] = node.language
        elif node.datatype:
            found["datatype"] = str(node.datatype)
        return found
    return {"iri": str(node), "label": label}


def render_turtle(report: ValidationReport) -> str:
    """pySHACL's standard ``sh:ValidationReport`` as Turtle, its blank nodes canonical.

    Canonical blank-node labels make the file the same for the same results.
    """
    from rdflib import SH, Graph
    from rdflib.compare import to_canonical_graph

    graph = Graph()
    graph += to_canonical_graph(report.report_graph)
    for prefix, namespace in report.report_graph.namespaces():
        graph.bind(prefix, namespace)
    graph.bind("sh", SH)
    graph.bind("pash", SHAPES_NAMESPACE)
    return graph.serialize(format="turtle")


def render_html(report: ValidationReport) -> str:
    """The report as one self-contained HTML page (no scripts, no external requests)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=PackageLoader("kg_builder", "templates/validation"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    template = environment.get_template("report.html.j2")
    return template.render(
        summary=summary(report),
        conforms=report.conforms,
        counts=report.counts(),
        groups=group_results(report),
        where=where,
        describe=describe,
        found=_found,
    )


@dataclass(frozen=True)
class ReportFormat:
    """One way to write a validation report."""

    name: str
    suffix: str
    description: str
    render: Callable[[ValidationReport], str]


REPORT_FORMATS: Mapping[str, ReportFormat] = {
    f.name: f
    for f in (
        ReportFormat("text", ".txt", "plain text, grouped by severity and shape", render_text),
        ReportFormat("json", ".json", "JSON: conforms, counts and every result", render_json),
        ReportFormat("turtle", ".ttl", "the standard sh:ValidationReport (Turtle)", render_turtle),
        ReportFormat("html", ".html", "one self-contained HTML page", render_html),
    )
}


def _shape_id(result: ValidationResult) -> str:
    from rdflib import URIRef

    shape = result.shape
    if isinstance(shape, URIRef):
        return str(shape).removeprefix(SHAPES_NAMESPACE)
    return "(anonymous shape)"


def _local(node: Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 1)[-1]
