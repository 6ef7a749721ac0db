"""The export formats: one registry that the CLI choices, the docs and the tests all read.

Every exporter turns the same content into the bytes of one file, UTF-8 and stable: the
same graph always gives the same bytes, whatever Python's hash seed, so rebuilds can be
diffed and checksummed. The graph arrives as sorted N-Triples; Oxigraph's serialisers
(pyoxigraph) write Turtle, TriG and RDF/XML from the triples in that order — exactly as
given, never through a store, which would rewrite some literals (``xsd:nonNegativeInteger``
as ``xsd:integer``) — at a million triples a second; JSON-LD is compacted here against the
published context (``jsonld.py``).

pyoxigraph and rdflib are imported where a file is written, not with the registry: the
``kg`` command lists the formats without loading them.

Each file also says which dataset it belongs to, with one header triple
``<file> void:inDataset <dataset>`` (VoID §6.3, https://www.w3.org/TR/void/#discovery), so
that a file found on its own leads to its description in ``dataset.ttl``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from kg_builder.lines import line_place

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

    from kg_builder.build import BuiltGraph

DATASET_SEGMENT = "dataset"


@dataclass(frozen=True)
class ExportContent:
    """What every export serializes."""

    built: BuiltGraph
    """The whole graph (sorted N-Triples, and the triples of each source document)."""
    context: Mapping[str, Any]
    """The JSON-LD ``@context`` (the value, without the ``@context`` key)."""
    base: str
    """The base of the data IRIs; the dataset and its files are named under it."""

    @property
    def dataset(self) -> URIRef:
        return dataset_iri(self.base)

    @property
    def graph(self) -> Graph:
        """The whole graph as rdflib's, with the prefixes of the outputs bound."""
        return self.built.graph

    @property
    def documents(self) -> Mapping[URIRef, Graph]:
        """Source document IRI -> the triples built from it, as rdflib graphs."""
        return self.built.document_graphs


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
    write: Callable[[ExportContent, bytes], bytes]
    """Serialize the graph with this file's header triple (one N-Triples line)."""

    def header(self, content: ExportContent) -> bytes:
        """``<file> void:inDataset <dataset>``: how a file found alone leads to its description."""
        return (
            f"<{download_iri(content.base, self.filename)}> <{VOID_IN_DATASET}> "
            f"<{content.dataset}> .\n"
        ).encode()


VOID_NAMESPACE = "http://rdfs.org/ns/void#"
VOID_IN_DATASET = f"{VOID_NAMESPACE}inDataset"


def render_exports(
    content: ExportContent,
    names: Iterable[str] = (),
    *,
    progress: Callable[[str, float], None] | None = None,
) -> dict[Exporter, bytes]:
    """The files of the named exporters (all by default), each with its header triple.

    :param progress: called with ``export NAME`` and its start time when each is written.
    """
    import time

    chosen = [EXPORTERS[name] for name in names] or list(EXPORTERS.values())
    files = {}
    for exporter in chosen:
        start = time.perf_counter()
        files[exporter] = exporter.write(content, exporter.header(content))
        if progress is not None:
            progress(f"export {exporter.name}", start)
    return files


def with_header(ntriples: bytes, header: bytes) -> bytes:
    """The graph's sorted N-Triples with one more line, in its sorted place.

    >>> with_header(b"<a:1> <a:p> <a:o> .\\n<a:3> <a:p> <a:o> .\\n", b"<a:2> <a:p> <a:o> .\\n")
    b'<a:1> <a:p> <a:o> .\\n<a:2> <a:p> <a:o> .\\n<a:3> <a:p> <a:o> .\\n'
    """
    place = header_place(ntriples, header)
    return ntriples[:place] + header + ntriples[place:]


def header_place(ntriples: bytes, header: bytes) -> int:
    """Where a line goes in sorted N-Triples (as ``bisect.insort`` would put it in the list
    of lines, after the lines equal to it), found by bisecting the bytes: a million lines
    are not split for one more."""
    return line_place(ntriples, header, after_equal=True)


def sorted_ntriples(graph: Graph) -> bytes:
    """An rdflib graph as N-Triples lines sorted by their bytes (the form exporters take)."""
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
    return b"".join(sorted(line for line in lines if line.strip()))


def prefixes(content: ExportContent) -> dict[str, str]:
    """The prefixes the files declare, in a stable order."""
    found = dict(content.built.prefixes())
    found["void"] = VOID_NAMESPACE
    return dict(sorted(found.items()))


def _oxigraph(content: ExportContent, header: bytes, form: str) -> bytes:
    """Oxigraph's serialiser of a format, fed the sorted triples in order."""
    import pyoxigraph

    rdf_format = getattr(pyoxigraph.RdfFormat, form)
    n_triples, graph = pyoxigraph.RdfFormat.N_TRIPLES, content.built.ntriples
    # the header's triple is put in its place in the stream, not in a copy of the N-Triples
    before = graph.count(b"\n", 0, header_place(graph, header))  # one triple a line
    triples = pyoxigraph.parse(graph, format=n_triples)
    in_order = chain(islice(triples, before), pyoxigraph.parse(header, format=n_triples), triples)
    data = pyoxigraph.serialize(in_order, format=rdf_format, prefixes=prefixes(content))
    assert data is not None  # no output file was given
    return data


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


def _turtle(content: ExportContent, header: bytes) -> bytes:
    return _oxigraph(content, header, "TURTLE")


def _ntriples(content: ExportContent, header: bytes) -> bytes:
    return with_header(content.built.ntriples, header)


def _rdfxml(content: ExportContent, header: bytes) -> bytes:
    return _oxigraph(content, header, "RDF_XML")


def _trig(content: ExportContent, header: bytes) -> bytes:
    """The header in the default graph, then one named graph per source document, in the
    order of their names, each graph's triples sorted.

    Each document's N-Triples become N-Quads by naming the graph at the end of every line
    (a line ends with `` .``; no literal holds a raw line break), so that Oxigraph reads the
    quads itself instead of Python making a million of them.
    """
    import pyoxigraph

    n_quads = pyoxigraph.RdfFormat.N_QUADS
    documents = sorted(content.built.documents.items())
    quads = chain.from_iterable(
        pyoxigraph.parse(data, format=n_quads)
        for data in chain([header], (in_graph(data, name) for name, data in documents))
    )
    data = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG, prefixes=prefixes(content))
    assert data is not None
    return data


def in_graph(ntriples: bytes, graph: str) -> bytes:
    """N-Triples lines as the N-Quads lines of a named graph.

    >>> in_graph(b'<a:s> <a:p> "x ." .\\n<a:s> <a:p> <a:o> .\\n', "a:g")
    b'<a:s> <a:p> "x ." <a:g> .\\n<a:s> <a:p> <a:o> <a:g> .\\n'
    """
    if ntriples and not ntriples.endswith(b"\n"):
        ntriples += b"\n"
    return ntriples.replace(b" .\n", f" <{graph}> .\n".encode())


def _jsonld(content: ExportContent, header: bytes) -> bytes:
    from kg_builder.export.jsonld import jsonld_bytes

    return jsonld_bytes(content.built.ntriples, content.context, header=header)


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
