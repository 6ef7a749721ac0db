"""Check a built graph against the SHACL shapes of ``ontology/`` (https://www.w3.org/TR/shacl/).

Two ways of running the shapes give the same results. By default, SHACL Core runs in
pyshacl-turbo (https://github.com/legra-ai/pyshacl-turbo), a Rust engine, on runs of the
graph in parallel (``shacl_core``), and each SHACL-SPARQL constraint runs once over the whole
graph in Oxigraph (``sparql_constraints``); pySHACL (https://github.com/RDFLib/pySHACL) on
the whole graph is the reference, which the tests hold the fast way equal to (same focus
nodes, paths, values, severities, shapes, messages), and which runs the inference of
``--inference``. The report becomes results a person can act on
(``shacl_results``): each with the label of the resource, the annotation key it is about,
the message, what was found, and the annotation line that produced the statement. A
violation is data, returned in the report, never raised.

rdflib and pySHACL are imported where used: `kg --help` should not wait for them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg_builder.errors import ConfigError

if TYPE_CHECKING:
    from rdflib import Graph, Literal
    from rdflib.term import Node

    from kg_builder.build import BuiltGraph, Origin
    from kg_builder.shacl_cache import RunCache
    from kg_builder.store import LocalStore

SHAPES_FILE = "shapes.ttl"


class Severity(StrEnum):
    """SHACL severities, most serious first."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"


class Validator(StrEnum):
    """Which engine runs the shapes."""

    FAST = "pyshacl-turbo"
    PYSHACL = "pyshacl"


class Inference(StrEnum):
    """What is inferred (by owlrl, through pySHACL) before the shapes run."""

    NONE = "none"
    RDFS = "rdfs"
    OWLRL = "owlrl"


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with what is needed to find and fix its cause."""

    severity: Severity
    focus: Node
    focus_label: str
    path: Node | None
    key: str | None
    """The annotation key (or term) the result is about: ``stationedIn``, ``label``, ``quote``."""
    value: Node | None
    value_label: str | None
    found: tuple[Node, ...]
    """When the result names no value (too many values, say): the values the resource has."""
    messages: tuple[Literal, ...]
    shape: Node | None
    shape_names: tuple[Literal, ...]
    component: Node | None
    origins: tuple[Origin, ...]

    def message(self, language: str = "en") -> str:
        """The shape's message in a language, falling back to any."""
        return in_language(self.messages, language)

    def shape_name(self, language: str = "en") -> str:
        """The shape's name (``sh:name`` or ``rdfs:label``) in a language."""
        return in_language(self.shape_names, language)


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validation: conforms means no result of severity Violation."""

    results: tuple[ValidationResult, ...]
    report_graph: Graph
    """pySHACL's standard ``sh:ValidationReport``."""

    @property
    def conforms(self) -> bool:
        return not any(r.severity is Severity.VIOLATION for r in self.results)

    def passes(self, *, strict: bool = False) -> bool:
        """Conforms, and with ``strict`` has no warnings either (infos never fail)."""
        failing = {Severity.VIOLATION, Severity.WARNING} if strict else {Severity.VIOLATION}
        return not any(r.severity in failing for r in self.results)

    def counts(self) -> dict[Severity, int]:
        """How many results of each severity (every severity present, zero included)."""
        found = Counter(r.severity for r in self.results)
        return {severity: found[severity] for severity in Severity}


def load_shapes(folder: Path) -> Graph:
    """The SHACL shapes graph of a project.

    :raises ConfigError: when the file is missing or not valid Turtle.
    """
    from rdflib import Graph

    path = folder / SHAPES_FILE
    try:
        return Graph().parse(path, format="turtle")
    except FileNotFoundError as error:
        raise ConfigError(f"{path}: the shapes file is missing") from error
    except Exception as error:  # rdflib raises many kinds for bad Turtle
        raise ConfigError(f"{path}: not valid Turtle: {error}") from error


def validate_graph(
    built: BuiltGraph,
    *,
    shapes: Graph,
    ontology: Graph,
    inference: Inference = Inference.NONE,
    validator: Validator = Validator.FAST,
    store: Callable[[], LocalStore] | None = None,
    cache: RunCache | None = None,
) -> ValidationReport:
    """Run the shapes over the built graph, after ``inference`` if asked.

    The ontology and its concept schemes join the data graph: ``sh:class`` needs the class
    hierarchy, and the concepts (units, categories) must be typed where shapes look.
    pySHACL's own ``ont_graph`` would bring only the axioms, not the SKOS concepts.
    Inference runs through pySHACL (with owlrl), whatever ``validator`` says.

    :param store: gives the graph and the ontology in an Oxigraph store (the queries'),
        where the fast validator runs the SPARQL-based constraints; asked for once SHACL
        Core is done, so that the store and Core's indexes are not in memory together.
        Made here if not given.
    :param cache: the runs of SHACL Core that had no result in the last build (the fast
        validator skips them when they are unchanged).
    """
    from rdflib import RDF, SH

    from kg_builder.shacl_results import read_result

    if validator is Validator.FAST and inference is Inference.NONE:
        report_graph = _fast_report(
            built, shapes=shapes, ontology=ontology, store=store, cache=cache
        )
        focus = {report_graph.value(node, SH.focusNode) for node in report_graph.subjects()}
        values = set(report_graph.objects(None, SH.value))
        data = _subgraph(built, ontology, {n for n in focus | values if n is not None})
    else:
        report_graph, data = _pyshacl_report(
            built, shapes=shapes, ontology=ontology, inference=inference
        )
    results = [
        read_result(report_graph, node, built=built, data=data, shapes=shapes)
        for node in report_graph.subjects(RDF.type, SH.ValidationResult)
    ]
    results.sort(key=_result_order)
    return ValidationReport(tuple(results), report_graph)


def _pyshacl_report(
    built: BuiltGraph, *, shapes: Graph, ontology: Graph, inference: Inference
) -> tuple[Graph, Graph]:
    """pySHACL's report, and the graph it validated (with what inference added)."""
    from pyshacl import validate

    data = _validation_graph_class()()
    data += built.graph
    data += ontology
    _, report_graph, _ = validate(
        data,
        shacl_graph=shapes,
        inference=inference.value,
        inplace=True,  # `data` is our own copy: inferred triples may go into it
        allow_warnings=True,
        allow_infos=True,
    )
    return report_graph, data


def _fast_report(
    built: BuiltGraph,
    *,
    shapes: Graph,
    ontology: Graph,
    store: Callable[[], LocalStore] | None,
    cache: RunCache | None,
) -> Graph:
    """SHACL Core by pyshacl-turbo, the SPARQL-based constraints over the whole graph in
    Oxigraph (``sparql_constraints``), in one report."""
    from rdflib import SH, Literal

    from kg_builder.shacl_core import validate_core
    from kg_builder.sparql_constraints import (
        core_shapes,
        run_sparql_constraints,
        sparql_constraints,
    )
    from kg_builder.store import load_store

    ontology_data = ontology.serialize(format="nt", encoding="utf-8")
    report = validate_core(
        built.ntriples, shapes=core_shapes(shapes), ontology=ontology_data, cache=cache
    )
    if store is not None:
        loaded = store()
    else:
        graphs = {"urn:kg-builder:data": built.ntriples, "urn:kg-builder:ontology": ontology_data}
        loaded = load_store(graphs)
    run_sparql_constraints(loaded.store, sparql_constraints(shapes), report)
    violations = (None, SH.resultSeverity, SH.Violation) in report
    for node in list(report.subjects(SH.conforms, None)):
        report.set((node, SH.conforms, Literal(not violations)))
    return report


def _subgraph(built: BuiltGraph, ontology: Graph, nodes: set[Node]) -> Graph:
    """What results are read against: the triples of the nodes they name, and the ontology.

    The graph's lines are sorted, so each subject's triples are found by bisection."""
    from rdflib import Graph

    from kg_builder.lines import subject_block

    graph = Graph()
    graph += ontology
    if not nodes:
        return graph
    chosen = b"".join(subject_block(built.ntriples, node.n3().encode()) for node in nodes)
    return graph.parse(data=chosen, format="nt") if chosen else graph


@cache
def _validation_graph_class() -> type[Graph]:
    """The graph pySHACL validates: an rdflib graph that parses each SPARQL text once.

    pySHACL runs a SPARQL constraint once per focus node and hands rdflib its text each
    time; parsing costs far more than answering, so parsed queries are kept by their text
    (for the life of the process: the shapes' texts do not change).
    """
    from rdflib import Graph
    from rdflib.query import Result

    class ValidationGraph(Graph):
        def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Result:
            if isinstance(query_object, str):
                query_object = _prepared(query_object)
            return super().query(query_object, *args, **kwargs)

    return ValidationGraph


@lru_cache(maxsize=256)
def _prepared(text: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def _result_order(result: ValidationResult) -> tuple[object, ...]:
    """Most serious first, then by annotation line: the same report every run."""
    return (
        list(Severity).index(result.severity),
        result.origins,
        str(result.focus),
        str(result.shape),
        result.key or "",
        str(result.value),
    )


def in_language(literals: tuple[Literal, ...], language: str) -> str:
    """The text of the literal in ``language``, else of the first one, else empty."""
    for literal in literals:
        if literal.language == language:
            return str(literal)
    return str(literals[0]) if literals else ""
