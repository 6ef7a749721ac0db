"""Exports written run by run (``export/fragments.py``) are the whole-graph serialisations,
byte for byte, whether the runs are made now or taken from the cache."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg_builder.export import formats, fragments
from kg_builder.export.formats import EXPORTERS, ExportContent, in_graph, prefixes, with_header
from kg_builder.export.fragments import FragmentCache
from kg_builder.export.jsonld import jsonld_bytes
from kg_builder.export.publication import Publication

IN_RUNS = ["turtle", "rdfxml", "jsonld", "trig"]

# INVENTED triples around the bundled graph's: subjects sorting before and after every
# other (and the header's), a blank node, literals with escapes, line breaks and a datatype
EDGES = (
    b'<a:first> <a:p> "say \\"hi\\"\\n\\u00E9" .\n'
    b"<a:first> <a:q> _:b1 .\n"
    b'_:b1 <a:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    b'<zz:last> <a:p> "\xe7\x94\xb2"@zh .\n'
)


def whole(content: ExportContent, name: str) -> bytes:
    """The file as one serialisation of the whole graph with its header line gives it."""
    exporter = EXPORTERS[name]
    header = exporter.header(content)
    if name == "jsonld":
        return jsonld_bytes(content.built.ntriples, content.context, header=header)
    if name == "trig":
        graphs = sorted(content.built.documents.items())
        lines = header + b"".join(in_graph(data, graph) for graph, data in graphs)
    else:
        lines = with_header(content.built.ntriples, header)
    data = ox.serialize(
        ox.parse(lines, ox.RdfFormat.N_QUADS),
        format=ox.RdfFormat.from_media_type(exporter.media_type),
        prefixes=prefixes(content),
    )
    assert data is not None
    return data


def in_runs(content: ExportContent, name: str) -> bytes:
    exporter = EXPORTERS[name]
    return exporter.write(content, exporter.header(content))


def with_edges(content: ExportContent) -> ExportContent:
    """The graph with ``EDGES``, its lines in 30 INVENTED documents (the article is one)."""
    lines = sorted(content.built.ntriples.splitlines(keepends=True) + EDGES.splitlines(True))
    documents = {f"urn:invented:{n:02}": b"".join(lines[n::30]) for n in range(30)}
    built = replace(content.built, ntriples=b"".join(lines), documents=documents)
    return replace(content, built=built)


@pytest.mark.parametrize("size", [1, 7, 40, 10**7])
@pytest.mark.parametrize("name", IN_RUNS)
def test_runs_of_any_size_make_the_whole_graph_file(
    publication: Publication, name: str, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fragments, "RUN_TRIPLES", size)
    for content in (publication.content, with_edges(publication.content)):
        assert in_runs(content, name) == whole(content, name)


@pytest.mark.parametrize("name", IN_RUNS)
def test_an_empty_graph_is_its_header(publication: Publication, name: str) -> None:
    built = replace(publication.content.built, ntriples=b"", documents={})
    empty = replace(publication.content, built=built)
    assert in_runs(empty, name) == whole(empty, name)


def edited(content: ExportContent) -> ExportContent:
    """One label of the graph changed (about in the middle of it), in the graph and in the
    document it came from."""

    def edit(ntriples: bytes) -> bytes:
        lines = ntriples.splitlines(keepends=True)
        middle = next(n for n in range(len(lines) // 2, len(lines)) if b"@zh ." in lines[n])
        lines[middle] = lines[middle].replace(b'"@zh', b' (edited)"@zh')
        return b"".join(sorted(lines))

    documents = dict(content.built.documents)
    name = sorted(documents)[len(documents) // 2]
    documents[name] = edit(documents[name])
    built = replace(content.built, ntriples=edit(content.built.ntriples), documents=documents)
    return replace(content, built=built)


@pytest.mark.parametrize("name", IN_RUNS)
def test_a_rebuild_makes_only_the_runs_an_edit_changed(
    publication: Publication, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fragments, "RUN_TRIPLES", 40)
    monkeypatch.setattr(formats, "DOCUMENTS_PER_RUN", 1)
    made: list[str] = []
    keep = FragmentCache.keep

    def counted(cache: FragmentCache, key: str, text: bytes) -> None:
        made.append(key)
        keep(cache, key, text)

    monkeypatch.setattr(FragmentCache, "keep", counted)

    def build(content: ExportContent) -> bytes:
        cache = FragmentCache(tmp_path)
        data = in_runs(replace(content, fragments=cache), name)
        cache.prune()
        return data

    content = with_edges(publication.content)
    first = build(content)
    runs = len(made)
    assert runs > 20
    assert build(content) == first
    assert len(made) == runs  # every run from the cache
    changed = edited(content)
    assert build(changed) == whole(changed, name)
    assert 1 <= len(made) - runs <= 2
    assert len(list(tmp_path.iterdir())) == runs  # the runs of the old graph's edit are gone


def test_a_damaged_entry_is_made_again(publication: Publication, tmp_path: Path) -> None:
    content = replace(publication.content, fragments=FragmentCache(tmp_path))
    first = in_runs(content, "turtle")
    entry = next(tmp_path.iterdir())
    good = entry.read_bytes()
    entry.write_bytes(good[:-5] + b"XXXXX")
    assert in_runs(replace(content, fragments=FragmentCache(tmp_path)), "turtle") == first
    assert entry.read_bytes() == good
