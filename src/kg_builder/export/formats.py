"""The export formats: one registry that the CLI choices, the docs and the tests all read.

Every exporter turns the same content into the bytes of one file, UTF-8 and stable: the
same graph always gives the same bytes, whatever Python's hash seed, so rebuilds can be
diffed and checksummed. The graph arrives as sorted N-Triples; Oxigraph's serialisers
(pyoxigraph) write Turtle, TriG and RDF/XML from the triples in that order — exactly as
given, never through a store, which would rewrite some literals (``xsd:nonNegativeInteger``
as ``xsd:integer``) — at a million triples a second; JSON-LD is compacted here against the
published context (``jsonld.py``). Turtle, RDF/XML and JSON-LD are written run by run of
subjects, TriG a few dozen documents' graphs at a time, so that ``kg build`` can keep each
run's text and rewrite only what an edit changed (``fragments.py``).

pyoxigraph and rdflib are imported where a file is written, not with the registry: the
``kg`` command lists the formats without loading them.

Each file also says which dataset it belongs to, with one header triple
``<file> void:inDataset <dataset>`` (VoID §6.3, https://www.w3.org/TR/void/#discovery), so
that a file found on its own leads to its description in ``dataset.ttl``.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg_builder.export.fragments import FragmentCache, cached_texts, graph_runs
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
    fragments: FragmentCache | None = None
    """Where the texts of runs of the last build are kept (``kg build``'s cache), if anywhere."""

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


def _in_runs(
    content: ExportContent,
    runs: Iterable[bytes],
    name: str,
    render: Callable[[bytes], bytes],
    shape: Any,
) -> list[bytes]:
    """The texts of runs in one format (``fragments.py``); ``shape`` is what else decides
    them (prefixes, context)."""
    fingerprint = json.dumps([name, shape], sort_keys=True).encode()
    return cached_texts(runs, render, fingerprint=fingerprint, cache=content.fragments)


def _after_prefixes(text: bytes, head: bytes) -> bytes:
    """A Turtle or TriG text without the prefix declarations that open it (``head``)."""
    assert text.startswith(head)
    return text[len(head) :]


def _prefix_lines(text: bytes) -> bytes:
    """The ``@prefix`` lines that open a Turtle or TriG text."""
    head = []
    for line in text.splitlines(keepends=True):
        if not line.startswith(b"@prefix "):
            break
        head.append(line)
    return b"".join(head)


def _oxigraph(
    triples: bytes, form: str, prefixes: Mapping[str, str], *, quads: bool = False
) -> bytes:
    """Oxigraph's serialiser of a format, fed N-Triples (or N-Quads) in their order."""
    import pyoxigraph

    rdf_format = getattr(pyoxigraph.RdfFormat, form)
    given = pyoxigraph.RdfFormat.N_QUADS if quads else pyoxigraph.RdfFormat.N_TRIPLES
    parsed = pyoxigraph.parse(triples, format=given)
    data = pyoxigraph.serialize(parsed, format=rdf_format, prefixes=dict(prefixes))
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
    """The prefixes, then each run as Oxigraph writes it after them."""
    declared = prefixes(content)
    head = _prefix_lines(_oxigraph(header, "TURTLE", declared))
    runs = graph_runs(content.built.ntriples, header)

    def body(run: bytes) -> bytes:
        return _after_prefixes(_oxigraph(run, "TURTLE", declared), head)

    return head + b"".join(_in_runs(content, runs, "turtle", body, declared))


def _ntriples(content: ExportContent, header: bytes) -> bytes:
    return with_header(content.built.ntriples, header)


def _rdfxml(content: ExportContent, header: bytes) -> bytes:
    """The XML declaration and the ``rdf:RDF`` element with its namespaces, each run's
    descriptions as Oxigraph writes them inside it, the element's end."""
    declared = prefixes(content)
    empty = _oxigraph(b"", "RDF_XML", declared)
    tail = b"</rdf:RDF>"
    head = empty.removesuffix(tail)

    def body(run: bytes) -> bytes:
        text = _oxigraph(run, "RDF_XML", declared)
        assert text.startswith(head)
        assert text.endswith(tail)
        return text[len(head) : -len(tail)]

    runs = graph_runs(content.built.ntriples, header)
    return head + b"".join(_in_runs(content, runs, "rdfxml", body, declared)) + tail


def _trig(content: ExportContent, header: bytes) -> bytes:
    """The header in the default graph, then one named graph per source document, in the
    order of their names, each graph's triples sorted.

    Each document's N-Triples become N-Quads by naming the graph at the end of every line
    (a line ends with `` .``; no literal holds a raw line break), so that Oxigraph reads the
    quads itself instead of Python making a million of them. The graphs are written a few
    dozen at a time (``fragments.py``), cut where a document's name says.
    """
    declared = prefixes(content)
    first = _oxigraph(header, "TRIG", declared)
    head = _prefix_lines(first)

    def body(run: bytes) -> bytes:
        return _after_prefixes(_oxigraph(run, "TRIG", declared, quads=True), head)

    runs = _document_runs(content)
    return first + b"".join(_in_runs(content, runs, "trig", body, declared))


DOCUMENTS_PER_RUN = 32
"""Documents per run of TriG graphs, on average."""


def _document_runs(content: ExportContent) -> Iterator[bytes]:
    """The N-Quads of the documents' graphs in the order of their names, cut before a
    name whose CRC-32 is a multiple of ``DOCUMENTS_PER_RUN``: an edit moves no cut."""
    run: list[bytes] = []
    for name, data in sorted(content.built.documents.items()):
        if run and zlib.crc32(name.encode()) % DOCUMENTS_PER_RUN == 0:
            yield b"".join(run)
            run = []
        run.append(in_graph(data, name))
    if run:
        yield b"".join(run)


def in_graph(ntriples: bytes, graph: str) -> bytes:
    """N-Triples lines as the N-Quads lines of a named graph.

    >>> in_graph(b'<a:s> <a:p> "x ." .\\n<a:s> <a:p> <a:o> .\\n', "a:g")
    b'<a:s> <a:p> "x ." <a:g> .\\n<a:s> <a:p> <a:o> <a:g> .\\n'
    """
    if ntriples and not ntriples.endswith(b"\n"):
        ntriples += b"\n"
    return ntriples.replace(b" .\n", f" <{graph}> .\n".encode())


def _jsonld(content: ExportContent, header: bytes) -> bytes:
    from kg_builder.export.jsonld import jsonld_document, node_writer

    runs = graph_runs(content.built.ntriples, header)
    nodes = _in_runs(content, runs, "jsonld", node_writer(content.context), content.context)
    return jsonld_document(content.context, nodes)


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
