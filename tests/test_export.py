"""Every export reads back, in rdflib and in pyoxigraph, as the graph that was built."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import warnings

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import VOID, Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg_builder.export import EXPORTERS, Exporter
from kg_builder.export.formats import download_iri
from kg_builder.export.jsonld import CONTEXT_FILE
from kg_builder.export.publication import Publication
from kg_builder.terms import rdflib_term
from tests.conftest import ROOT

RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "trig": "trig",
    "rdfxml": "xml",
}
EXPORTS = [pytest.param(exporter, id=name) for name, exporter in EXPORTERS.items()]


def expected(publication: Publication, exporter: Exporter) -> Graph:
    """The built graph and the file's one header triple."""
    graph = Graph()
    graph += publication.content.graph
    graph.add(
        (
            download_iri(publication.content.base, exporter.filename),
            VOID.inDataset,
            publication.content.dataset,
        )
    )
    return graph


def parse_dataset(data: bytes, format: str) -> Dataset:
    dataset = Dataset()
    with warnings.catch_warnings():
        # rdflib 7.6's own quad parsers still use what it has deprecated
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        warnings.filterwarnings("ignore", "Dataset.default_context", DeprecationWarning)
        dataset.parse(data=data, format=format)
    return dataset


def rdflib_graph(exporter: Exporter, data: bytes) -> Graph:
    """Parsed by rdflib, as one graph (TriG and JSON-LD through a Dataset, as rdflib wants)."""
    if exporter.name not in ("trig", "jsonld"):
        return Graph().parse(data=data, format=RDFLIB_FORMATS[exporter.name])
    dataset = parse_dataset(data, RDFLIB_FORMATS[exporter.name])
    union = Graph()
    for quad in dataset.quads():
        union.add(quad[:3])
    return union


def oxigraph_graph(exporter: Exporter, data: bytes) -> Graph:
    """Parsed by Oxigraph's own parsers, then turned into rdflib terms to compare."""
    graph = Graph()
    for quad in ox.parse(data, ox.RdfFormat.from_media_type(exporter.media_type)):
        graph.add(
            (rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object))
        )
    return graph


def test_the_registry_holds_the_five_formats_the_portal_takes() -> None:
    assert list(EXPORTERS) == ["turtle", "ntriples", "jsonld", "trig", "rdfxml"]
    assert len({e.filename for e in EXPORTERS.values()}) == len(EXPORTERS)


@pytest.mark.parametrize("exporter", EXPORTS)
def test_rdflib_reads_back_the_built_graph(publication: Publication, exporter: Exporter) -> None:
    parsed = rdflib_graph(exporter, publication.files[exporter.filename])
    assert isomorphic(parsed, expected(publication, exporter))


@pytest.mark.parametrize("exporter", EXPORTS)
def test_oxigraph_reads_back_the_built_graph(publication: Publication, exporter: Exporter) -> None:
    parsed = oxigraph_graph(exporter, publication.files[exporter.filename])
    assert isomorphic(parsed, expected(publication, exporter))


@pytest.mark.parametrize("exporter", EXPORTS)
def test_chinese_is_written_as_utf8_not_escaped(
    publication: Publication, exporter: Exporter
) -> None:
    text = publication.files[exporter.filename].decode("utf-8")
    assert "济南市第十批援藏干部人才工作组" in text


def test_trig_keeps_each_source_document_in_its_own_named_graph(publication: Publication) -> None:
    dataset = parse_dataset(publication.files["kg.trig"], "trig")
    names = {g.identifier for g in dataset.graphs() if isinstance(g.identifier, URIRef)}
    documents = publication.content.documents
    assert set(documents) <= names
    for name, graph in documents.items():
        assert isomorphic(dataset.graph(name), graph), name
    header = set(dataset.default_graph)
    assert header == {
        (
            download_iri(publication.content.base, "kg.trig"),
            VOID.inDataset,
            publication.content.dataset,
        )
    }


def test_ntriples_lines_are_sorted(publication: Publication) -> None:
    lines = publication.files["kg.nt"].decode("utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(publication.content.graph) + 1


def test_jsonld_writes_labels_as_language_maps_under_the_published_context(
    publication: Publication,
) -> None:
    document = json.loads(publication.files["kg.jsonld"])
    assert document["@context"] == json.loads(publication.files[CONTEXT_FILE])["@context"]
    team = next(node for node in document["@graph"] if node["id"] == "team:jinan-10")
    assert team["label"] == {
        "zh": "济南市第十批援藏干部人才工作组",
        "en": "Jinan's 10th Tibet aid team of cadres and professionals",
    }
    assert team["type"] == "Team"
    assert team["sentBy"] == "city:jinan"


RENDER_HASHES = """
import hashlib, sys
from kg_builder.config import load_config
from kg_builder.pipeline import run_build, load_project_schema
from kg_builder.export.publication import render_publication
from kg_builder.export.settings import read_dataset_settings
config = load_config(__import__("pathlib").Path(sys.argv[1]))
built = run_build(config, write=False).built
settings = read_dataset_settings(config)
schema = load_project_schema(config)
publication = render_publication(built, schema=schema, base=config.base, settings=settings)
for name, data in sorted(publication.files.items()):
    print(name, hashlib.sha256(data).hexdigest())
"""


def test_every_file_is_the_same_bytes_whatever_the_hash_seed(publication: Publication) -> None:
    """Set iteration order changes with Python's hash seed: the files must not."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    run = subprocess.run(
        [sys.executable, "-c", RENDER_HASHES, str(ROOT)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = dict(line.split() for line in run.stdout.splitlines())
    ours = {name: hashlib.sha256(data).hexdigest() for name, data in publication.files.items()}
    assert theirs == ours


NTRIPLES_LINES = {
    "iri": "<https://e.org/a> <https://e.org/p> <https://e.org/b> .",
    "blank nodes": "_:b1 <https://e.org/p> _:b2 .",
    "plain literal": '<https://e.org/a> <https://e.org/p> "甲 乙 ." .',
    "empty literal": '<https://e.org/a> <https://e.org/p> "" .',
    "language": '<https://e.org/a> <https://e.org/p> "Jinan"@en .',
    "subtag": '<https://e.org/a> <https://e.org/p> "Jinan"@en-gb .',
    "upper-case language": '<https://e.org/a> <https://e.org/p> "Jinan"@EN .',
    "direction": '<https://e.org/a> <https://e.org/p> "Jinan"@en--ltr .',
    "datatype": '<https://e.org/a> <https://e.org/p> "16"^^<https://e.org/decimal> .',
    "escapes": '<https://e.org/a> <https://e.org/p> "a\\"b\\\\c\\nd\\u00e9"@zh .',
    "escaped IRI": "<https://e.org/\\u00e9> <https://e.org/p> <https://e.org/b> .",
    "angle brackets": '<https://e.org/a> <https://e.org/p> "<b> > \'" .',
}


@pytest.mark.parametrize("line", [pytest.param(v, id=k) for k, v in NTRIPLES_LINES.items()])
def test_jsonld_reads_each_ntriples_line_as_oxigraph_does(line: str) -> None:
    """Plain lines are read by slicing; they must give the terms Oxigraph's parser gives."""
    from kg_builder.export.jsonld import _node, _term, _triples

    data = f"{line}\n".encode()
    expected = [
        (_node(t.subject), t.predicate.value, _term(t.object))
        for t in ox.parse(data, ox.RdfFormat.N_TRIPLES)
    ]
    assert list(_triples([line])) == expected


HEADER_PLACES = {
    "first": b"<a:0> <a:p> <a:o> .\n",
    "middle": b"<a:2> <a:p> <a:o> .\n",
    "after an equal line": b"<a:3> <a:p> <a:o> .\n",
    "prefix of a line": b"<a:3> <a:p> <a:o",
    "last": b"<a:9> <a:p> <a:o> .\n",
}


@pytest.mark.parametrize("header", [pytest.param(v, id=k) for k, v in HEADER_PLACES.items()])
@pytest.mark.parametrize("count", [0, 1, 2, 5, 6])
def test_the_header_line_goes_where_sorting_the_lines_would_put_it(
    header: bytes, count: int
) -> None:
    from bisect import insort

    from kg_builder.export.formats import with_header

    objects = ["<a:o>", '"甲 ."@zh']  # lines of two lengths
    lines = [f"<a:{n}> <a:p> {objects[n % 2]} .\n".encode() for n in range(1, count + 1)]
    lines = sorted(lines + [b"<a:3> <a:p> <a:o> .\n"] * (count > 2))
    expected = list(lines)
    insort(expected, header)
    assert with_header(b"".join(lines), header) == b"".join(expected)


@pytest.mark.parametrize("name", ["turtle", "rdfxml"])
def test_oxigraph_writes_the_header_triple_in_its_sorted_place(
    publication: Publication, name: str
) -> None:
    """The header's triple is slipped into the stream of triples: the file is the one the
    sorted lines with the header among them give."""
    from kg_builder.export.formats import prefixes, with_header

    exporter, content = EXPORTERS[name], publication.content
    lines = with_header(content.built.ntriples, exporter.header(content))
    triples = ox.parse(lines, ox.RdfFormat.N_TRIPLES)
    expected = ox.serialize(
        triples,
        format=ox.RdfFormat.from_media_type(exporter.media_type),
        prefixes=prefixes(content),
    )
    assert publication.files[exporter.filename] == expected


@pytest.mark.parametrize("chunk", [1, 1000, 1 << 22])
def test_jsonld_reads_the_header_and_the_graph_in_chunks_as_one_sorted_whole(
    publication: Publication, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg_builder.export import jsonld
    from kg_builder.export.formats import with_header

    content, exporter = publication.content, EXPORTERS["jsonld"]
    header = exporter.header(content)
    monkeypatch.setattr(jsonld, "_CHUNK", chunk)
    whole = with_header(content.built.ntriples, header)
    assert (
        jsonld.jsonld_bytes(content.built.ntriples, content.context, header=header)
        == (publication.files[exporter.filename])
    )
    assert jsonld.jsonld_bytes(whole, content.context) == publication.files[exporter.filename]


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(),
    tag=st.sampled_from(["", "zh", "en-gb", "EN", "zh-Hans"]),
    datatype=st.sampled_from(["", "http://www.w3.org/2001/XMLSchema#integer", "urn:x:d"]),
)
def test_jsonld_reads_any_literal_oxigraph_writes_as_oxigraph_reads_it(
    text: str, tag: str, datatype: str
) -> None:
    """Literals with quotes, backslashes, line breaks and control characters (escaped by
    Oxigraph's writer) read by slicing and unescaping give Oxigraph's own terms."""
    from kg_builder.export.jsonld import _lines, _node, _term, _triples

    typed = ox.NamedNode(datatype) if datatype and not tag else None
    literal = ox.Literal(text, language=tag or None, datatype=typed)
    triple = ox.Triple(ox.NamedNode("https://e.org/a"), ox.NamedNode("https://e.org/p"), literal)
    data = ox.serialize([triple], format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    expected = [
        (_node(t.subject), t.predicate.value, _term(t.object))
        for t in ox.parse(data, ox.RdfFormat.N_TRIPLES)
    ]
    assert list(_triples(_lines(data))) == expected
