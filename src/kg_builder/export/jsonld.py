"""JSON-LD with a published, compact ``@context`` (https://www.w3.org/TR/json-ld11/).

The context is derived from the ontology, so it stays in step with it: every class and
property of the ontology becomes a term named by its local name (object properties coerce
to ``@id``, datatype properties to their XSD range), labels and definitions are language
maps (``"label": {"zh": "济南市", "en": "Jinan"}``), and the data's IRIs compact to
``team:jinan-10`` as in Turtle. A prefix that would clash with a term is left out (the
term wins; such IRIs then compact with a shorter prefix).

rdflib compacts the graph; its node and value order follows set iteration, so the
document is sorted here (nodes by ``id``, values by their JSON) to be the same bytes on
every run.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rdflib import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD, Graph, URIRef

from kg_builder.build import ANNOTATION_SEGMENT, INFERRED_SEGMENT, SOURCE_SEGMENT, type_segment
from kg_builder.schema import Schema
from kg_builder.vocab import OA, ORG, PA, SCHEMA, VOCAB_BASE

CONTEXT_FILE = "context.jsonld"

STANDARD_PREFIXES = {
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    "void": VOID,
    "prov": PROV,
    "org": ORG,
    "schema": SCHEMA,
    "oa": OA,
}

LANGUAGE_MAPS = {
    "label": RDFS.label,
    "altLabel": SKOS.altLabel,
    "prefLabel": SKOS.prefLabel,
    "comment": RDFS.comment,
    "definition": SKOS.definition,
    "title": DCTERMS.title,
    "description": DCTERMS.description,
}
"""Properties whose values are written as ``{"zh": ..., "en": ...}``."""

OTHER_TERMS: dict[str, URIRef | tuple[URIRef, str]] = {
    # Web Annotation, named as in its own context (http://www.w3.org/ns/anno.jsonld)
    "Annotation": OA.Annotation,
    "SpecificResource": OA.SpecificResource,
    "TextQuoteSelector": OA.TextQuoteSelector,
    "TextPositionSelector": OA.TextPositionSelector,
    "body": (OA.hasBody, "@id"),
    "target": (OA.hasTarget, "@id"),
    "hasSource": (OA.hasSource, "@id"),  # anno.jsonld's "source" is our source: prefix
    "selector": (OA.hasSelector, "@id"),
    "motivation": (OA.motivatedBy, "@id"),
    "exact": OA.exact,
    "prefix": OA.prefix,
    "suffix": OA.suffix,
    "start": (OA.start, str(XSD.nonNegativeInteger)),
    "end": (OA.end, str(XSD.nonNegativeInteger)),
    # how inferred statements are kept, and where a file belongs
    "subject": (RDF.subject, "@id"),
    "predicate": (RDF.predicate, "@id"),
    "object": RDF.object,
    "wasDerivedFrom": (PROV.wasDerivedFrom, "@id"),
    "inDataset": (VOID.inDataset, "@id"),
}


def jsonld_context(schema: Schema, base: str) -> dict[str, Any]:
    """The ``@context`` of the graph's JSON-LD: prefixes and terms, as a JSON object.

    >>> from rdflib import Graph
    >>> from kg_builder.schema import read_schema
    >>> context = jsonld_context(read_schema(Graph()), "https://example.org/")
    >>> context["label"]
    {'@id': 'rdfs:label', '@container': '@language'}
    >>> context["annotation"]
    'https://example.org/annotation/'
    """
    terms: dict[str, Any] = {"id": "@id", "type": "@type"}
    for name, prop in LANGUAGE_MAPS.items():
        terms[name] = {"@id": _curie(prop), "@container": "@language"}
    for name, term in OTHER_TERMS.items():
        terms[name] = _definition(term)
    terms.update(_ontology_terms(schema.graph))
    prefixes: dict[str, str] = {name: str(ns) for name, ns in STANDARD_PREFIXES.items()}
    prefixes["pa"] = str(PA._NS)
    prefixes["vocab"] = VOCAB_BASE
    segments = [type_segment(name) for name in schema.classes]
    for segment in (*segments, SOURCE_SEGMENT, ANNOTATION_SEGMENT, INFERRED_SEGMENT):
        prefixes[segment] = f"{base}{segment}/"
    for name, iri in prefixes.items():
        terms.setdefault(name, iri)  # a term of the same name wins over the prefix
    return dict(sorted(terms.items()))


def _ontology_terms(ontology: Graph) -> dict[str, Any]:
    terms: dict[str, Any] = {}
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for iri in ontology.subjects(RDF.type, kind):
            if not isinstance(iri, URIRef) or iri not in PA:
                continue
            name = str(iri).removeprefix(str(PA._NS))
            if kind == OWL.Class:
                terms[name] = _curie(iri)
            elif kind == OWL.ObjectProperty:
                terms[name] = {"@id": _curie(iri), "@type": "@id"}
            else:
                terms[name] = _datatype_term(iri, ontology.value(iri, RDFS.range))
    return terms


def _datatype_term(prop: URIRef, range_: object) -> Any:
    # plain strings carry no datatype in rdflib, so only other XSD types are coerced
    if isinstance(range_, URIRef) and range_ in XSD and range_ != XSD.string:
        return {"@id": _curie(prop), "@type": _curie(range_)}
    return _curie(prop)


def _definition(term: URIRef | tuple[URIRef, str]) -> Any:
    if isinstance(term, tuple):
        iri, coercion = term
        kind = coercion if coercion.startswith("@") else _curie(URIRef(coercion))
        return {"@id": _curie(iri), "@type": kind}
    return _curie(term)


def _curie(iri: URIRef) -> str:
    text = str(iri)
    for name, namespace in (*STANDARD_PREFIXES.items(), ("pa", PA._NS)):
        if text.startswith(str(namespace)) and len(text) > len(str(namespace)):
            return f"{name}:{text.removeprefix(str(namespace))}"
    return text


def jsonld_bytes(graph: Graph, context: Mapping[str, Any]) -> bytes:
    """The graph as compacted JSON-LD with the context embedded, sorted to be stable.

    The context is embedded rather than referenced, so that the file parses anywhere,
    offline included; the same context is published on its own as ``context.jsonld``.
    """
    compacted = json.loads(graph.serialize(format="json-ld", context=dict(context)))
    nodes = compacted.get("@graph", [compacted] if len(compacted) > 1 else [])
    nodes = [_canonical({k: v for k, v in node.items() if k != "@context"}) for node in nodes]
    nodes.sort(key=lambda node: str(node.get("id", node.get("@id", ""))))
    document = {"@context": dict(context), "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def context_bytes(context: Mapping[str, Any]) -> bytes:
    """The published context file: ``{"@context": {...}}``."""
    text = json.dumps({"@context": dict(context)}, ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode("utf-8")


def _canonical(value: Any) -> Any:
    """Arrays sorted by their JSON (JSON-LD arrays are sets unless @list, unused here)."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return value
