"""The export formats: one registry that the CLI choices, the docs and the tests all read.

Every exporter turns the same content into the bytes of one file, UTF-8 and stable: the
same graph always gives the same bytes, whatever Python's hash seed, so rebuilds can be
diffed and checksummed. rdflib writes every format; where its output order depends on set
iteration (N-Triples, RDF/XML, TriG, JSON-LD) the input or the output is sorted here.

rdflib is imported where a file is written, not with the registry: the ``kg`` command
lists the formats without loading it.

Each file also says which dataset it belongs to, with one header triple
``<file> void:inDataset <dataset>`` (VoID §6.3, https://www.w3.org/TR/void/#discovery), so
that a file found on its own leads to its description in ``dataset.ttl``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

DATASET_SEGMENT = "dataset"


@dataclass(frozen=True)
class ExportContent:
    """What every export serializes."""

    graph: Graph
    """The whole graph, with the prefixes of the outputs bound."""
    documents: Mapping[URIRef, Graph]
    """Source document IRI -> the triples built from it (TriG writes one graph for each)."""
    context: Mapping[str, Any]
    """The JSON-LD ``@context`` (the value, without the ``@context`` key)."""
    base: str
    """The base of the data IRIs; the dataset and its files are named under it."""

    @property
    def dataset(self) -> URIRef:
        return dataset_iri(self.base)


@dataclass(frozen=True)
class Exporter:
    """One export format and how to write it."""

    name: str
    """The name users choose it by (``kg export --format NAME``)."""
    title: str
    filename: str
    media_type: str
    """IANA media type (https://www.iana.org/assignments/media-types/)."""
    file_type: str
    """Code in the EU file-type authority table (what DCAT-AP expects in dct:format)."""
    w3c_format: str
    """Its IRI under http://www.w3.org/ns/formats/ (VoID's void:feature)."""
    write: Callable[[Graph, ExportContent], bytes]
    """Serialize the graph with this file's header triple (and the content it came from)."""

    def header(self, content: ExportContent) -> tuple[URIRef, URIRef, URIRef]:
        """``<file> void:inDataset <dataset>``: how a file found alone leads to its description."""
        from rdflib import VOID

        return (download_iri(content.base, self.filename), VOID.inDataset, content.dataset)


def render_exports(content: ExportContent, names: Iterable[str] = ()) -> dict[Exporter, bytes]:
    """The files of the named exporters (all by default), each with its header triple."""
    from rdflib import VOID, Graph

    chosen = [EXPORTERS[name] for name in names] or list(EXPORTERS.values())
    # one private copy of the graph; each file's header triple is added, then taken out
    graph = Graph(namespace_manager=content.graph.namespace_manager)
    graph += content.graph
    graph.bind("void", VOID)
    files = {}
    for exporter in chosen:
        header = exporter.header(content)
        graph.add(header)
        files[exporter] = exporter.write(graph, content)
        graph.remove(header)
    return files


def dataset_iri(base: str) -> URIRef:
    """The IRI of the dataset a base names: described in ``dataset.ttl``.

    >>> dataset_iri("https://example.org/kg/")
    rdflib.term.URIRef('https://example.org/kg/dataset')
    """
    from rdflib import URIRef

    return URIRef(f"{base}{DATASET_SEGMENT}")


def download_iri(base: str, filename: str) -> URIRef:
    """Where a published file is downloaded from: beside the resources, under the base."""
    from rdflib import URIRef

    return URIRef(f"{base}{filename}")


def _turtle(graph: Graph, _content: ExportContent) -> bytes:
    from kg_builder.export.turtle import turtle_bytes

    return turtle_bytes(graph)


def _ntriples(graph: Graph, _content: ExportContent) -> bytes:
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
    return b"".join(sorted(line for line in lines if line.strip()))


def _rdfxml(graph: Graph, _content: ExportContent) -> bytes:
    from rdflib import Graph

    # rdflib writes subjects in store order: a dict-backed store filled in sorted order
    # makes that order, and so the file, the same on every run.
    ordered = Graph(store="SimpleMemory")
    for prefix, namespace in graph.namespaces():
        ordered.bind(prefix, namespace)
    for triple in sorted(graph):
        ordered.add(triple)
    return ordered.serialize(format="xml", encoding="utf-8")


def _trig(graph: Graph, content: ExportContent) -> bytes:
    """The header in the default graph, then one named graph per source document.

    rdflib's TriG writer orders graphs by set iteration; each graph is written here as
    (stable) Turtle instead, in the order of their names, under one block of prefixes.
    """
    from rdflib import VOID, Graph

    header = Graph(namespace_manager=graph.namespace_manager)
    for triple in graph.triples((None, VOID.inDataset, content.dataset)):
        header.add(triple)
    prefixes, body = _turtle_parts(header)
    blocks = [body]
    for name in sorted(content.documents):
        used, body = _turtle_parts(content.documents[name])
        prefixes |= used
        blocks.append(f"<{name}> {{\n{body}}}\n")
    return ("".join(sorted(prefixes)) + "\n" + "\n".join(blocks)).encode("utf-8")


def _turtle_parts(graph: Graph) -> tuple[set[str], str]:
    """The prefix lines and the statements of a graph's Turtle."""
    from kg_builder.export.turtle import turtle_bytes

    lines = turtle_bytes(graph).decode("utf-8").splitlines(keepends=True)
    prefixes = {line for line in lines if line.startswith("@prefix")}
    body = "".join(line for line in lines if not line.startswith("@prefix"))
    return prefixes, body.strip("\n") + "\n"


def _jsonld(graph: Graph, content: ExportContent) -> bytes:
    from kg_builder.export.jsonld import jsonld_bytes

    return jsonld_bytes(graph, content.context)


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter(
            "turtle",
            "Turtle",
            "kg.ttl",
            "text/turtle",
            "RDF_TURTLE",
            "http://www.w3.org/ns/formats/Turtle",
            _turtle,
        ),
        Exporter(
            "ntriples",
            "N-Triples",
            "kg.nt",
            "application/n-triples",
            "RDF_N_TRIPLES",
            "http://www.w3.org/ns/formats/N-Triples",
            _ntriples,
        ),
        Exporter(
            "jsonld",
            "JSON-LD",
            "kg.jsonld",
            "application/ld+json",
            "JSON_LD",
            "http://www.w3.org/ns/formats/JSON-LD",
            _jsonld,
        ),
        Exporter(
            "trig",
            "TriG",
            "kg.trig",
            "application/trig",
            "RDF_TRIG",
            "http://www.w3.org/ns/formats/TriG",
            _trig,
        ),
        Exporter(
            "rdfxml",
            "RDF/XML",
            "kg.rdf",
            "application/rdf+xml",
            "RDF_XML",
            "http://www.w3.org/ns/formats/RDF_XML",
            _rdfxml,
        ),
    )
}
"""Every export format by name, in the order they are documented."""
