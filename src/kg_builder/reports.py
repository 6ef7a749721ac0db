"""Validation reports for people: grouped by severity and shape, pointing at lines.

Someone who typed the YAML should be able to act on each entry without knowing SHACL: it
says which annotation line to open, which resource and property are concerned, what is
wrong (in Chinese and English) and what value was found.
"""

from __future__ import annotations

from itertools import groupby

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg_builder.validation import Severity, ValidationReport, ValidationResult

_COLORS = {Severity.VIOLATION: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def render_text(report: ValidationReport, *, color: bool = False) -> str:
    """The report as plain text (ANSI-coloured when ``color``)."""

    def paint(text: str, severity: Severity) -> str:
        return f"\x1b[{_COLORS[severity]}m{text}\x1b[0m" if color else text

    counts = report.counts()
    verdict = "conforms" if report.conforms else "does NOT conform"
    summary = ", ".join(f"{n} {s.value.lower()}{'s' if n != 1 else ''}" for s, n in counts.items())
    lines = [f"The graph {verdict}: {summary}."]
    for severity, by_severity in groupby(report.results, key=lambda r: r.severity):
        results = list(by_severity)
        lines += ["", paint(f"== {severity.value} ({len(results)}) ==", severity)]
        for shape, by_shape in groupby(sorted(results, key=_shape_key), key=_shape_key):
            lines.append(f"-- {shape}")
            lines.extend(_entry(result) for result in by_shape)
    return "\n".join(lines) + "\n"


def _entry(result: ValidationResult) -> str:
    where = ", ".join(str(origin) for origin in result.origins) or "(built by the tool)"
    parts = [f"  {where}: {result.focus_label}"]
    if result.path is not None:
        parts[0] += f" · {short(result.path)}"
    zh, en = result.message("zh"), result.message("en")
    parts.append(f"    {zh}" if zh == en else f"    {zh}\n    {en}")
    if result.value is not None:
        parts.append(f"    found: {short(result.value)}")
    return "\n".join(parts)


def _shape_key(result: ValidationResult) -> str:
    return short(result.shape) if result.shape is not None else "(anonymous shape)"


def short(node: Node) -> str:
    """A compact rendering of a term for people: local names, quoted literals."""
    if isinstance(node, Literal):
        return f"«{node}»" + (f"@{node.language}" if node.language else "")
    if isinstance(node, URIRef):
        text = str(node)
        return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 1)[-1]
    return str(node)
