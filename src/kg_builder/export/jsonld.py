"""JSON-LD with a published, compact ``@context`` (https://www.w3.org/TR/json-ld11/).

The context is derived from the ontology, so it stays in step with it: every class and
property of the ontology becomes a term named by its local name (object properties coerce
to ``@id``, datatype properties to their XSD range), labels and definitions are language
maps (``"label": {"zh": "济南市", "en": "Jinan"}``), and the data's IRIs compact to
``team:jinan-10`` as in Turtle. A prefix that would clash with a term is left out (the
term wins; such IRIs then compact with a shorter prefix).

The graph is compacted here against that one context, in a single pass over its sorted
N-Triples (a general JSON-LD processor takes minutes on a million triples): a node object
per subject, in the order of the N-Triples, each value under the term of its predicate in
the form the term's definition coerces it to (a language map, an IRI, a datatype), and in
its expanded form (``{"@value": …, "@type": …}`` under the predicate's compact IRI) where the
term does not fit it. Values are sorted by their JSON, keys by name: the same bytes on every
run. One node object per line keeps a large file readable and diffable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain
from typing import Any

from rdflib import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD, Graph, URIRef

from kg_builder.build import ANNOTATION_SEGMENT, INFERRED_SEGMENT, SOURCE_SEGMENT, type_segment
from kg_builder.export.formats import header_place
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


def jsonld_bytes(ntriples: bytes, context: Mapping[str, Any], *, header: bytes = b"") -> bytes:
    """The graph (N-Triples sorted by subject) as compacted JSON-LD, the context embedded.

    The context is embedded rather than referenced, so that the file parses anywhere,
    offline included; the same context is published on its own as ``context.jsonld``.

    :param header: one more N-Triples line, read in its sorted place (the graph is not
        copied to hold it).

    >>> line = '<https://e.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "甲"@zh .\\n'
    >>> context = {"label": {"@id": "rdfs:label", "@container": "@language"},
    ...     "rdfs": str(RDFS), "e": "https://e.org/"}
    >>> print(jsonld_bytes(line.encode(), context).decode().splitlines()[-3])
    {"id": "e:a", "label": {"zh": "甲"}}
    """
    compactor = _Compactor(context)
    place = header_place(ntriples, header)
    lines = chain(_lines(ntriples, 0, place), _lines(header), _lines(ntriples, place))
    return jsonld_document(context, [_node_objects(lines, compactor)])


def node_writer(context: Mapping[str, Any]) -> Callable[[bytes], bytes]:
    """Writes the node objects of some sorted N-Triples lines (whole subjects), one a line,
    joined by ``,\n``: a run of the graph, for ``jsonld_document`` to put together."""
    compactor = _Compactor(context)  # one for every run: it remembers compact IRIs
    return lambda ntriples: _node_objects(_lines(ntriples), compactor)


def jsonld_document(context: Mapping[str, Any], runs: Iterable[bytes]) -> bytes:
    """The file: the context, then the node objects of the runs in order, in ``@graph``."""
    start = context_bytes(context).removesuffix(b"\n}\n") + b',\n "@graph": ['
    return b"".join((start, b"\n", b",\n".join(run for run in runs if run), b"\n ]\n}\n"))


def _node_objects(lines: Iterable[str], compactor: _Compactor) -> bytes:
    """The node object of each subject of the lines (sorted by subject), one a line."""
    nodes = []
    subject: str | None = None
    values: dict[str, list[Any]] = {}
    entry = compactor.entry
    for triple_subject, predicate, obj in _triples(lines):
        if triple_subject != subject:
            if subject is not None:
                nodes.append(compactor.node(subject, values))
            subject, values = triple_subject, {}
        key, value = entry(predicate, obj)
        found = values.get(key)
        if found is None:
            values[key] = [value]
        else:
            found.append(value)
    if subject is not None:
        nodes.append(compactor.node(subject, values))
    # the node objects, each encoded as it is made, are joined once
    return b",\n".join(nodes)


_Literal = tuple[str, str, str]
"""A literal as (lexical form, language tag or "", datatype IRI)."""
_Term = str | _Literal
"""An IRI, a blank node as ``_:label``, or a literal."""

_LANGUAGE = re.compile(r"[a-z]+(?:-[a-z0-9]+)*")
"""A language tag as Oxigraph writes one (lower case, no base direction)."""
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([tbnrf\"'\\]))")
"""An escape of an N-Triples literal (ECHAR or UCHAR)."""
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _triples(lines: Iterable[str]) -> Iterator[tuple[str, str, _Term]]:
    """The subject, predicate and object of each line, as plain strings and tuples.

    Building Oxigraph's terms for a million triples, and reading their values back, took
    most of the time; a line is cut at its spaces and quotes (``_plain``), and only the few
    it cannot read so (an escaped IRI, an upper-case language tag, a base direction) go
    through Oxigraph's parser.
    """
    import pyoxigraph

    for line in lines:
        plain = _plain(line)
        if plain is not None:
            yield plain
            continue
        for triple in pyoxigraph.parse(line.encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES):
            yield _node(triple.subject), triple.predicate.value, _term(triple.object)


def _plain(line: str) -> tuple[str, str, _Term] | None:
    """A line as Oxigraph writes it, read by slicing: ``subject predicate object .`` with
    one space between (IRIs and blank node labels hold none); None when it is not plain."""
    subject, predicate, rest = line.split(" ", 2)
    if "\\" in subject or "\\" in predicate or not rest.endswith(" ."):
        return None
    obj = _object(rest[:-2])
    if obj is None:
        return None
    return (subject[1:-1] if subject[0] == "<" else subject), predicate[1:-1], obj


def _object(obj: str) -> _Term | None:
    """An object term as ``_plain`` reads it; None when it is not plain."""
    first = obj[0]
    if first == "<":
        return None if "\\" in obj else obj[1:-1]
    if first == "_":
        return obj
    close = obj.rfind('"')  # inner quotes are escaped
    text, tail = obj[1:close], obj[close + 1 :]
    if "\\" in text:
        text = _ESCAPE.sub(_unescaped, text)
    if not tail:
        return text, "", _STRING
    if tail[0] == "@":
        language = tail[1:]
        return (text, language, _LANGUAGE_STRING) if _LANGUAGE.fullmatch(language) else None
    return None if "\\" in tail else (text, "", tail[3:-1])  # ^^<datatype>


def _unescaped(escape: re.Match[str]) -> str:
    code = escape[1] or escape[2]
    return chr(int(code, 16)) if code else _ESCAPED[escape[3]]


def _lines(ntriples: bytes, start: int = 0, stop: int | None = None) -> Iterator[str]:
    """The lines of the N-Triples (from ``start`` to ``stop``, both at the start of a line)
    as text, decoded a few megabytes at a time: the text of all of them at once would be
    twice their bytes, and a list of a million lines more again.

    >>> list(_lines(b"<a:1> <a:p> <a:o> .\\n<a:2> <a:p> <a:o> .\\n<a:3> <a:p> <a:o> .\\n", 20))
    ['<a:2> <a:p> <a:o> .', '<a:3> <a:p> <a:o> .']
    """
    stop = len(ntriples) if stop is None else stop
    while start < stop:
        end = ntriples.find(b"\n", start + _CHUNK, stop) + 1 or stop
        lines = ntriples[start:end].decode("utf-8").split("\n")
        if not lines[-1]:  # after the last line break
            lines.pop()
        yield from lines
        start = end


_CHUNK = 1 << 22


def _term(term: Any) -> _Term:
    import pyoxigraph

    if isinstance(term, pyoxigraph.Literal):
        return term.value, term.language or "", term.datatype.value
    return _node(term)


def _node(term: Any) -> str:
    import pyoxigraph

    return f"_:{term.value}" if isinstance(term, pyoxigraph.BlankNode) else str(term.value)


_STRING = str(XSD.string)
_LANGUAGE_STRING = str(RDF.langString)
_TYPE = str(RDF.type)
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


class _Compactor:
    """Compacts terms and values against one context (the one ``jsonld_context`` makes)."""

    def __init__(self, context: Mapping[str, Any]) -> None:
        self.prefixes = {
            name: value
            for name, value in context.items()
            if isinstance(value, str) and value.endswith(("/", "#")) and "://" in value
        }
        self.terms: dict[str, tuple[str, Any, Any]] = {}  # IRI -> (term, @type, @container)
        self.classes: dict[str, str] = {}  # IRI -> term
        for name, definition in sorted(context.items()):
            if name in self.prefixes or name in ("id", "type"):
                continue
            if isinstance(definition, str):
                self.classes.setdefault(self.expand(definition), name)
                self.terms.setdefault(self.expand(definition), (name, None, None))
            elif isinstance(definition, dict) and "@id" in definition:
                coercion = definition.get("@type")
                if coercion not in (None, "@id"):
                    coercion = self.expand(coercion)
                iri = self.expand(definition["@id"])
                self.terms.setdefault(iri, (name, coercion, definition.get("@container")))
        self.by_length = sorted(self.prefixes.items(), key=lambda item: -len(item[1]))
        self.compacted: dict[str, str] = {}  # IRI -> its compact form; IRIs recur a lot

    def expand(self, value: str) -> str:
        prefix, colon, rest = value.partition(":")
        if colon and prefix in self.prefixes and not rest.startswith("//"):
            return f"{self.prefixes[prefix]}{rest}"
        return value

    def iri(self, iri: str) -> str:
        """``team:jinan-10`` for an IRI under a prefix of the context; else the IRI (and a
        blank node's ``_:label``, which is under no prefix)."""
        compact = self.compacted.get(iri)
        if compact is None:
            compact = self.compacted[iri] = self._compact(iri)
        return compact

    def _compact(self, iri: str) -> str:
        for name, namespace in self.by_length:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                rest = iri[len(namespace) :]
                if not rest.startswith("/"):
                    return f"{name}:{rest}"
        return iri

    def node(self, subject: str, values: dict[str, list[Any]]) -> bytes:
        # a subject is seen once: its compact form is not worth remembering
        node: dict[str, Any] = {"id": self.compacted.get(subject) or self._compact(subject)}
        for key, found in values.items():
            if key == "type":
                types = sorted(self.classes.get(v, self.iri(v)) for v in found)
                node["type"] = types[0] if len(types) == 1 else types
            elif isinstance(found[0], tuple):  # a language map
                languages: dict[str, list[str]] = {}
                for language, text in found:
                    languages.setdefault(language, []).append(text)
                node[key] = {k: v[0] if len(v) == 1 else sorted(v) for k, v in languages.items()}
            else:
                node[key] = found[0] if len(found) == 1 else _canonical(found)
        return _ENCODE(node).encode("utf-8")

    def entry(self, predicate: str, obj: _Term) -> tuple[str, Any]:
        """The key and the value of one triple in its subject's node object."""
        if predicate == _TYPE and isinstance(obj, str) and not obj.startswith("_:"):
            return "type", obj
        name, coercion, container = self.terms.get(predicate, (None, None, None))
        value = None if name is None else self.fitted(obj, coercion, container)
        if name is None or value is None:  # under the predicate's compact IRI, expanded
            return self.iri(predicate), self.expanded(obj)
        return name, value

    def fitted(self, obj: _Term, coercion: Any, container: Any) -> Any:
        """The value in the form its term coerces it to; None when the term does not fit."""
        if isinstance(obj, str):  # an IRI or a blank node
            if coercion == "@id" and container != "@language":
                return self.iri(obj)
            return None if coercion is not None or container == "@language" else self.expanded(obj)
        text, language, datatype = obj
        if container == "@language":
            return (language, text) if language else None
        if coercion == "@id":
            return None
        if coercion is not None:
            return text if not language and datatype == coercion else None
        return text if not language and datatype == _STRING else self.expanded(obj)

    def expanded(self, obj: _Term) -> dict[str, str]:
        if isinstance(obj, str):
            return {"id": self.iri(obj)}
        text, language, datatype = obj
        if language:
            return {"@value": text, "@language": language}
        if datatype == _STRING:
            return {"@value": text}
        return {"@value": text, "@type": self.iri(datatype)}


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
        return sorted(items, key=_ENCODE)
    return value
