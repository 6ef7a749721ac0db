"""SHACL Core in parts of the graph at once, on every core, by pyshacl-turbo.

Every Core constraint of ``ontology/shapes.ttl`` looks at a focus node and at most one step
around it: its own values (a closed shape, cardinalities, datatypes, patterns, disjoint
properties), the types of its values (``sh:class``, through the ontology's subclasses) and
the annotations whose ``oa:hasBody`` it is (``^oa:hasBody``). So the graph is cut into
runs of subjects (its N-Triples are sorted by subject), and each run is validated with just
what those constraints can see — the run's triples, the ``rdf:type`` of every IRI they name,
the ``oa:hasBody`` triples pointing at its subjects with the types of their annotations, and
the ontology — as focus nodes only its own subjects. The ontology and its concept schemes
are validated once on their own. (SHACL-SPARQL constraints see further and run on the whole
graph: ``sparql_constraints``.) The tests hold the results equal to pySHACL's on the whole
graph, with runs small enough that most neighbours fall in other runs.

pyshacl-turbo releases the GIL while it validates: the runs go to a pool of threads.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg_builder.vocab import OA

RUN_TRIPLES = 20_000
"""Triples per run: pyshacl-turbo's time grows faster than the graph it is given (136 000
triples: 18 s in one run, 9 s in runs of 20 000), and each run carries the ontology."""

_SUBJECT = re.compile(rb"^(<[^>]*>) ", re.MULTILINE)
_IRI_OBJECT = re.compile(rb"^<[^>]*> <[^>]*> (<[^>]*>) \.$", re.MULTILINE)


def validate_core(
    ntriples: bytes,
    *,
    shapes: Graph,
    ontology: bytes,
    run_triples: int | None = None,
    workers: int | None = None,
) -> Graph:
    """One ``sh:ValidationReport`` of the Core shapes over the graph (sorted N-Triples) and
    the ontology (N-Triples), as if validated whole.

    :param run_triples: triples per run (default ``RUN_TRIPLES``).
    :param workers: threads (default: one per core).
    """
    import pyshacl_turbo

    engine: Any = pyshacl_turbo  # untyped
    compiled = engine.CompiledShapes(shapes)
    lines = ntriples.splitlines(keepends=True)
    types = _index(lines, f" <{RDF.type}> ".encode(), by_object=False)
    bodies = _index(lines, f" <{OA.hasBody}> ".encode(), by_object=True)

    def run(start: int, end: int) -> Graph:
        own = lines[start:end]
        subjects = sorted({m.group(1) for m in _SUBJECT.finditer(b"".join(own))})
        around: set[bytes] = set()
        for iri in _IRI_OBJECT.findall(b"".join(own)):
            around.update(types.get(iri, ()))
        for subject in subjects:
            for line in bodies.get(subject, ()):
                around.add(line)
                around.update(types.get(_SUBJECT.match(line).group(1), ()))  # type: ignore[union-attr]
        data = b"".join([*own, *sorted(around), ontology]).decode("utf-8")
        focus = [URIRef(subject[1:-1].decode("utf-8")) for subject in subjects]
        return _validate(compiled, engine, data, focus)

    def ontology_run() -> Graph:
        return _validate(compiled, engine, ontology.decode("utf-8"), None)

    count = workers or os.cpu_count() or 1
    with ThreadPoolExecutor(count) as pool:
        futures = [pool.submit(ontology_run)]
        size = run_triples or RUN_TRIPLES
        futures += [pool.submit(run, start, end) for start, end in _runs(lines, size)]
        reports = [future.result() for future in futures]
    return _merge(reports, shapes)


def _validate(compiled: Any, engine: Any, data: str, focus: list[URIRef] | None) -> Graph:
    _, report, _ = compiled.validate(
        engine.Input(data, "nt", None, {}),
        allow_warnings=True,
        allow_infos=True,
        focus_nodes=focus,
    )
    assert isinstance(report, Graph)
    return report


def _index(lines: list[bytes], marker: bytes, *, by_object: bool) -> dict[bytes, list[bytes]]:
    """The lines holding ``marker`` (a predicate), by their subject or object term."""
    found: dict[bytes, list[bytes]] = defaultdict(list)
    for line in lines:
        if marker in line:
            subject, _, rest = line.partition(marker)
            key = rest.rsplit(b" .", 1)[0] if by_object else subject
            found[key].append(line)
    return found


def _runs(lines: list[bytes], size: int) -> Iterator[tuple[int, int]]:
    """Ranges of lines of about ``size``, never splitting a subject's lines."""
    start = 0
    while start < len(lines):
        end = min(start + size, len(lines))
        if end < len(lines):
            subject = lines[end - 1].split(b" ", 1)[0] + b" "
            while end < len(lines) and lines[end].startswith(subject):
                end += 1
        yield start, end
        start = end


def _merge(reports: list[Graph], shapes: Graph) -> Graph:
    """One report of all results: blank nodes of each report kept apart (those of the
    shapes graph, which results point at, kept as they are)."""
    shape_nodes = {node for triple in shapes for node in triple if isinstance(node, BNode)}
    merged = Graph()
    top = BNode()
    merged.add((top, RDF.type, SH.ValidationReport))
    violations = False
    for report in reports:
        renamed: dict[Node, Node] = {}

        def fresh(node: Node, renamed: dict[Node, Node] = renamed) -> Node:
            if isinstance(node, BNode) and node not in shape_nodes:
                return renamed.setdefault(node, BNode())
            return node

        for subject, predicate, obj in report:
            if predicate == SH.conforms or (predicate == RDF.type and obj == SH.ValidationReport):
                continue
            if predicate == SH.result:
                merged.add((top, SH.result, fresh(obj)))
                continue
            merged.add((fresh(subject), predicate, fresh(obj)))
        violations |= (None, SH.resultSeverity, SH.Violation) in report
    merged.add((top, SH.conforms, Literal(not violations)))
    return merged
