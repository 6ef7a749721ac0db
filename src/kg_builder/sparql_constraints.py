"""SHACL-SPARQL constraints run once each over the whole graph, in Oxigraph.

A SPARQL-based constraint (https://www.w3.org/TR/shacl/#sparql-constraints) is defined by a
SELECT query with ``$this`` pre-bound to each focus node in turn; an engine that follows the
letter runs it once per focus node — ten thousand queries for ten thousand teams. Here each
query runs once, with ``$this`` left free and joined with the shape's targets: the same
solutions, since every query of ``ontology/shapes.ttl`` binds ``$this`` in a triple pattern
of its main group. Each solution becomes a result as pySHACL makes it (focus node, path,
value, severity, source shape and constraint, component, the messages filled in from the
solution, without their language tag). The tests hold the results equal to pySHACL's.

Both kinds of SPARQL-based constraint are read from the shapes graph: ``sh:sparql`` on a
shape, and constraint components with a ``sh:SPARQLSelectValidator`` (``$PATH`` and the
parameters substituted, as the spec says, for each property shape that uses them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from kg_builder.sparql_text import bind_values
from kg_builder.terms import rdflib_term

if TYPE_CHECKING:
    import pyoxigraph

TARGETS = {
    SH.targetClass: "?this a/rdfs:subClassOf* {0}",
    SH.targetSubjectsOf: "?this {0} []",
    SH.targetObjectsOf: "[] {0} ?this",
    SH.targetNode: "VALUES ?this {{ {0} }}",
}


@dataclass(frozen=True)
class SparqlConstraint:
    """One SPARQL-based constraint of one shape, ready to run over the whole graph."""

    shape: Node
    constraint: Node | None
    """The ``sh:sparql`` node (pySHACL's ``sh:sourceConstraint``); None for a component."""
    component: URIRef
    severity: Node
    path: Node | None
    """The shape's path, for a property shape."""
    messages: tuple[Literal, ...]
    query: str
    """The SELECT, with prefixes, run for the shape's focus nodes all at once."""


def sparql_constraints(shapes: Graph) -> list[SparqlConstraint]:
    """Every SPARQL-based constraint of the shapes graph, with the focus nodes it applies to."""
    found: list[SparqlConstraint] = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        select = shapes.value(constraint, SH.select)
        if select is None or shapes.value(constraint, SH.deactivated) == Literal(True):
            continue
        found.append(
            SparqlConstraint(
                shape=shape,
                constraint=constraint,
                component=SH.SPARQLConstraintComponent,
                severity=shapes.value(shape, SH.severity) or SH.Violation,
                path=None,
                messages=(*_messages(shapes, shape), *_messages(shapes, constraint)),
                query=_query(shapes, shape, constraint, str(select)),
            )
        )
    found.extend(_component_constraints(shapes))
    return found


def _component_constraints(shapes: Graph) -> Iterator[SparqlConstraint]:
    for component in sorted(shapes.subjects(RDF.type, SH.ConstraintComponent), key=str):
        parameters = [
            shapes.value(parameter, SH.path)
            for parameter in shapes.objects(component, SH.parameter)
        ]
        validator = shapes.value(component, SH.propertyValidator)
        select = shapes.value(validator, SH.select) if validator is not None else None
        if select is None or not all(isinstance(p, URIRef) for p in parameters):
            continue
        for shape in sorted(shapes.subjects(parameters[0], None), key=str):
            values = {p: shapes.value(shape, p) for p in parameters if isinstance(p, URIRef)}
            path = shapes.value(shape, SH.path)
            if None in values.values() or path is None:
                continue
            bindings = {_local(p): v for p, v in values.items() if isinstance(v, Identifier)}
            text = re.sub(r"\$PATH\b", _path_sparql(shapes, path), str(select))
            assert isinstance(component, URIRef)
            yield SparqlConstraint(
                shape=shape,
                constraint=None,
                component=component,
                severity=shapes.value(shape, SH.severity) or SH.Violation,
                path=path,
                messages=_messages(shapes, shape),
                query=_query(shapes, shape, validator, bind_values(text, bindings)),
            )


def _query(shapes: Graph, shape: Node, constraint: Node | None, select: str) -> str:
    """The SELECT run over all focus nodes: its prefixes, the shape's targets, the query
    (parameters already bound in it, as the spec's pre-binding does)."""
    prefixes = {"rdf": str(RDF), "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    source = shapes.value(constraint, SH.prefixes) if constraint is not None else None
    for declaration in shapes.objects(source, SH.declare) if source is not None else ():
        prefix, namespace = (
            shapes.value(declaration, SH.prefix),
            shapes.value(declaration, SH.namespace),
        )
        if prefix is not None and namespace is not None:
            prefixes[str(prefix)] = str(namespace)
    header = "".join(f"PREFIX {p}: <{n}>\n" for p, n in sorted(prefixes.items()))
    targets = " UNION ".join(f"{{ {pattern} }}" for pattern in _targets(shapes, shape))
    focus = f"{{ SELECT DISTINCT ?this WHERE {{ {targets} }} }}"
    return f"{header}SELECT * WHERE {{\n{focus}\n{{ {select} }}\n}}"


def _targets(shapes: Graph, shape: Node) -> list[str]:
    """The target patterns of a shape, or of the node shapes whose sh:property it is."""
    own = [
        TARGETS[kind].format(value.n3())
        for kind in TARGETS
        for value in sorted(shapes.objects(shape, kind), key=str)
    ]
    if own:
        return own
    return [
        pattern
        for parent in sorted(shapes.subjects(SH.property, shape), key=str)
        for pattern in _targets(shapes, parent)
    ]


def _path_sparql(shapes: Graph, path: Node) -> str:
    """A SHACL path as a SPARQL property path (an IRI or ``^IRI``, what the shapes use)."""
    if isinstance(path, URIRef):
        return path.n3()
    inverse = shapes.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return f"^{inverse.n3()}"
    raise NotImplementedError(f"SHACL path {path!r} in a SPARQL-based component")


def _messages(shapes: Graph, node: Node) -> tuple[Literal, ...]:
    return tuple(sorted(m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)))


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def run_sparql_constraints(
    store: pyoxigraph.Store, constraints: list[SparqlConstraint], report: Graph
) -> None:
    """Add a ``sh:ValidationResult`` to ``report`` (a ``sh:ValidationReport``) for every
    solution of every constraint."""
    import pyoxigraph

    top = report.value(None, RDF.type, SH.ValidationReport, any=False)
    assert top is not None, "a report to add to"

    for constraint in constraints:
        solutions = store.query(constraint.query, use_default_graph_as_union=True)
        assert isinstance(solutions, pyoxigraph.QuerySolutions)
        names = [variable.value for variable in solutions.variables]
        for solution in solutions:
            bound = {
                name: rdflib_term(solution[name]) for name in names if solution[name] is not None
            }
            report.add((top, SH.result, _add_result(report, constraint, bound)))


def _add_result(report: Graph, constraint: SparqlConstraint, bound: dict[str, Node]) -> BNode:
    result = BNode()
    report.add((result, RDF.type, SH.ValidationResult))
    report.add((result, SH.sourceConstraintComponent, constraint.component))
    report.add((result, SH.sourceShape, constraint.shape))
    report.add((result, SH.resultSeverity, constraint.severity))
    report.add((result, SH.focusNode, bound["this"]))
    if "value" in bound:
        report.add((result, SH.value, bound["value"]))
    path = bound.get("path", constraint.path)
    if path is not None:
        report.add((result, SH.resultPath, path))
    if constraint.constraint is not None:
        report.add((result, SH.sourceConstraint, constraint.constraint))
    for message in dict.fromkeys(constraint.messages):
        text = str(message)
        for name, value in bound.items():
            text = re.sub(f"{{[?$]{name}}}", str(value).replace("\\", "\\\\"), text)
        report.add((result, SH.resultMessage, Literal(text)))
    return result


def core_shapes(shapes: Graph) -> Graph:
    """The shapes without their SPARQL-based constraints (which run here, once each)."""
    core = Graph()
    core += shapes
    core.remove((None, SH.sparql, None))
    for component in shapes.subjects(RDF.type, SH.ConstraintComponent):
        if shapes.value(component, SH.propertyValidator) is None:
            continue
        for parameter in shapes.objects(component, SH.parameter):
            path = shapes.value(parameter, SH.path)
            for shape in list(core.subjects(path, None)):
                if (shape, RDF.type, SH.Parameter) not in shapes and shape != parameter:
                    core.remove((shape, path, None))
    return core
