"""SHACL Core in parts of the graph at once, on every core, by pyshacl-turbo.

Every Core constraint of ``ontology/shapes.ttl`` looks at a focus node and at most one step
around it: its own values (a closed shape, cardinalities, datatypes, patterns, disjoint
properties), the types of its values (``sh:class``, through the ontology's subclasses) and
the annotations whose ``oa:hasBody`` it is (``^oa:hasBody``). So the graph is cut into
runs of subjects (its N-Triples are sorted by subject), and each run is validated with just
what those constraints can see — the run's triples, the ``rdf:type`` of every IRI they name,
the ``oa:hasBody`` triples pointing at its subjects with the types of their annotations, and
the ontology's types and subclasses — as focus nodes only its own subjects. The ontology and
its concept schemes are validated once on their own, whole. (SHACL-SPARQL constraints see
further and run on the whole graph: ``sparql_constraints``.) The tests hold the results
equal to pySHACL's on the whole graph, with runs small enough that most neighbours fall in
other runs.

Runs end where the content says, not at a count: before a subject whose hash meets a
condition. An edit of one document then changes only the runs holding its subjects (or
naming them), and the runs that had nothing to report are known by the SHA-256 of what they
validated (``shacl_cache``): a rebuild validates only what changed.

pyshacl-turbo releases the GIL while it validates: the runs go to a pool of threads.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rdflib import RDF, RDFS, SH, BNode, Graph, Literal
from rdflib.term import Node

from kg_builder.lines import RUN_TRIPLES, graph_cuts
from kg_builder.shacl_cache import RunCache
from kg_builder.vocab import OA

_SUBJECT = re.compile(rb"^(\S+) ", re.MULTILINE)
"""The subject of each line (IRIs and blank node labels hold no space)."""

_IRI_OBJECT = re.compile(rb"> (<[^>\n]*>) \.$", re.MULTILINE)
"""The object of a line when it is an IRI (after a predicate, before the final dot)."""


def validate_core(
    ntriples: bytes,
    *,
    shapes: Graph,
    ontology: bytes,
    run_triples: int | None = None,
    workers: int | None = None,
    cache: RunCache | None = None,
) -> Graph:
    """One ``sh:ValidationReport`` of the Core shapes over the graph (sorted N-Triples) and
    the ontology (N-Triples), as if validated whole.

    :param run_triples: triples per run, on average (default ``RUN_TRIPLES``).
    :param workers: threads (default: one per core).
    :param cache: the runs that had no result last time, skipped; this time's are saved.
    """
    import pyshacl_turbo

    engine: Any = pyshacl_turbo  # untyped
    compiled = engine.CompiledShapes(shapes)
    types = _index(ntriples, f" <{RDF.type}> ".encode(), by_object=False)
    bodies = _index(ntriples, f" <{OA.hasBody}> ".encode(), by_object=True)
    hierarchy = _hierarchy(ontology)

    def run(start: int, end: int) -> Graph | None:
        own = ntriples[start:end]
        focus = [s for s in dict.fromkeys(_SUBJECT.findall(own)) if s.startswith(b"<")]
        around: set[bytes] = set()
        for iri in _IRI_OBJECT.findall(own):
            around.update(types.get(iri, ()))
        for subject in focus:
            for line in bodies.get(subject, ()):
                around.add(line)
                around.update(types.get(_subject(line), ()))
        return checked(b"".join([own, *sorted(around), hierarchy]), focus)

    def checked(data: bytes, focus: list[bytes] | None) -> Graph | None:
        """The run's report; None when it has no result (known from the cache, or now)."""
        key = cache.key(data, focus) if cache is not None else ""
        if cache is not None and cache.is_clean(key):
            return None
        nodes = None if focus is None else [_iri(subject) for subject in focus]
        report = _validate(compiled, engine, data.decode("utf-8"), nodes)
        if (None, SH.result, None) in report:
            return report
        if cache is not None:
            cache.record(key)
        return None

    count = workers or os.cpu_count() or 1
    with ThreadPoolExecutor(count) as pool:
        futures = [pool.submit(checked, ontology, None)]
        size = run_triples or RUN_TRIPLES
        futures += [pool.submit(run, start, end) for start, end in graph_cuts(ntriples, size)]
        reports = [report for future in futures if (report := future.result()) is not None]
    if cache is not None:
        cache.save()
    return _merge(reports, shapes)


def _validate(compiled: Any, engine: Any, data: str, focus: list[str] | None) -> Graph:
    _, report, _ = compiled.validate(
        engine.Input(data, "nt", None, {}),
        allow_warnings=True,
        allow_infos=True,
        focus_nodes=focus,
    )
    assert isinstance(report, Graph)
    return report


def _subject(line: bytes) -> bytes:
    return line.split(b" ", 1)[0]


def _iri(term: bytes) -> str:
    """``<iri>`` as the focus node pyshacl-turbo takes (the text of the IRI)."""
    return term[1:-1].decode("utf-8")


def _index(ntriples: bytes, marker: bytes, *, by_object: bool) -> dict[bytes, list[bytes]]:
    """The lines holding ``marker`` (a predicate), by their subject or object term: found
    by searching the text for the predicate, not by looking into every line."""
    found: dict[bytes, list[bytes]] = defaultdict(list)
    for match in re.finditer(re.escape(marker), ntriples):
        start = ntriples.rfind(b"\n", 0, match.start()) + 1
        end = ntriples.find(b"\n", match.end()) + 1 or len(ntriples)
        if by_object:
            key = ntriples[match.end() : end].rsplit(b" .", 1)[0]
        else:
            key = ntriples[start : match.start()]
        found[key].append(ntriples[start:end])
    return found


def _hierarchy(ontology: bytes) -> bytes:
    """The ontology's lines that runs need: the types of its concepts (values of data
    statements) and its subclasses (``sh:class``, ``sh:targetClass``), between IRIs — its
    blank nodes (OWL restrictions, unions) are neither values nor classes a shape names,
    and their labels would change the runs' cache keys at every build."""
    wanted = (f" <{RDF.type}> ".encode(), f" <{RDFS.subClassOf}> ".encode())
    return b"".join(
        sorted(
            line
            for line in ontology.splitlines(keepends=True)
            if any(marker in line for marker in wanted)
            and not line.startswith(b"_:")
            and b"> _:" not in line
        )
    )


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
