"""The linked-data site: a page for every IRI, links that resolve offline, quotes marked."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg_builder.config import Config
from kg_builder.errors import ConfigError
from kg_builder.export.publication import Publication
from kg_builder.export.site import render_site
from kg_builder.export.site_pages import PageBuilder, document_of, page_path
from kg_builder.schema import Schema
from kg_builder.vocab import PA


class Links(HTMLParser):
    """The links, sources and ids of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (tag, target)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name):
                self.links.append((tag, str(values[name])))


def parse(html: bytes) -> Links:
    parser = Links()
    parser.feed(html.decode("utf-8"))
    return parser


def pages(site_files: dict[str, bytes]) -> Iterator[tuple[str, bytes]]:
    return ((name, data) for name, data in site_files.items() if name.endswith(".html"))


def expected_file(iri: URIRef, publication: Publication) -> str:
    """The file the site answers an IRI under the base with."""
    base = publication.content.base
    name = str(iri).removeprefix(base)
    if not name:
        return "index.html"
    if name in publication.files:
        return name
    return page_path(document_of(iri), base)


def test_every_resource_iri_of_the_graph_has_its_page(
    publication: Publication, site_files: dict[str, bytes]
) -> None:
    base = publication.content.base
    graphs = (publication.content.graph, publication.description)
    iris = {
        t
        for g in graphs
        for triple in g
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(base)
    }
    assert len(iris) > 1700
    missing = sorted(str(i) for i in iris if expected_file(i, publication) not in site_files)
    assert missing == []


def test_every_page_has_its_turtle_and_json_ld_beside_it(site_files: dict[str, bytes]) -> None:
    for name, html in pages(site_files):
        if name in ("index.html", "ontology.html"):
            continue
        stem = name.removesuffix(".html")
        alternates = {target for tag, target in parse(html).links if tag == "link"}
        leaf = stem.rsplit("/", 1)[-1]
        assert {f"{leaf}.ttl", f"{leaf}.jsonld"} <= alternates, name
        assert f"{stem}.ttl" in site_files, name
        assert f"{stem}.jsonld" in site_files, name


def test_a_resource_document_holds_every_statement_about_it(
    publication: Publication, site_files: dict[str, bytes]
) -> None:
    team = URIRef(f"{publication.content.base}team/jinan-10")
    about = Graph()
    for graph in (publication.content.graph, publication.description):
        for triple in (*graph.triples((team, None, None)), *graph.triples((None, None, team))):
            about.add(triple)
    assert len(about) > 20
    turtle = Graph().parse(data=site_files["team/jinan-10.ttl"], format="turtle")
    assert isomorphic(turtle, about)
    quads = ox.parse(site_files["team/jinan-10.jsonld"], ox.RdfFormat.JSON_LD)
    assert len(list(quads)) == len(about)


def test_every_resource_document_reads_in_oxigraph(site_files: dict[str, bytes]) -> None:
    for name, data in site_files.items():
        if name.endswith((".ttl", ".jsonld")) and not name.startswith(("kg.", "context.")):
            fmt = ox.RdfFormat.TURTLE if name.endswith(".ttl") else ox.RdfFormat.JSON_LD
            assert list(ox.parse(data, fmt)), name


def test_every_relative_link_leads_to_a_file_and_an_anchor_there(
    site_files: dict[str, bytes],
) -> None:
    ids = {name: parse(html).ids for name, html in pages(site_files)}
    broken = []
    for name, html in pages(site_files):
        for _, target in parse(html).links:
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            path, _, fragment = target.partition("#")
            resolved = (
                posixpath.normpath(posixpath.join(posixpath.dirname(name), path)) if path else name
            )
            if resolved not in site_files or (
                fragment and fragment not in ids.get(resolved, {fragment})
            ):
                broken.append((name, target))
    assert broken == []


def test_pages_load_nothing_from_elsewhere(site_files: dict[str, bytes]) -> None:
    for name, html in pages(site_files):
        for tag, target in parse(html).links:
            if tag in ("link", "script", "img", "iframe", "source"):
                assert not target.startswith(("http:", "https:", "//")), (name, target)


def test_a_supporting_passage_is_marked_in_its_context(site_files: dict[str, bytes]) -> None:
    html = site_files["team/jinan-10.html"].decode("utf-8")
    assert "<mark>济南市第十批援藏干部人才工作组</mark>" in html
    assert "进藏以来，<" in html  # the text before the passage, line breaks taken out
    assert 'href="../source/luzang-aid-2023.html#at-217"' in html


def test_the_source_page_shows_the_whole_verbatim_text(
    publication: Publication, schema: Schema, article: str
) -> None:
    base = publication.content.base
    source = URIRef(f"{base}source/luzang-aid-2023")
    builder = PageBuilder(
        publication.content.graph, schema.graph, base=base, sources={source: article}
    )
    page = builder.page(source)
    assert "".join(segment.text for segment in page.segments) == article
    marked = [segment for segment in page.segments if segment.covered_by]
    assert len({a for segment in page.segments for a in segment.anchors}) > 100
    assert marked


def test_the_index_lists_every_page_and_searches_in_the_page(site_files: dict[str, bytes]) -> None:
    index = site_files["index.html"].decode("utf-8")
    links = {target for _, target in parse(site_files["index.html"]).links}
    assert "search.js" in links
    for name, _ in pages(site_files):
        if "/" in name:
            assert name in links, name
    assert 'id="search"' in index


def test_the_ontology_page_shows_every_term_in_both_languages(
    schema: Schema, site_files: dict[str, bytes]
) -> None:
    html = site_files["ontology.html"].decode("utf-8")
    ids = parse(site_files["ontology.html"]).ids
    for name in (*schema.classes, *schema.properties):
        assert name in ids, name
    assert "援藏工作组" in html
    assert "aid team" in html
    assert 'href="team/jinan-10.html"' in html  # an example from the data, linked


def test_the_stand_alone_ontology_page_inlines_its_styles(publication: Publication) -> None:
    html = publication.files["ontology.html"].decode("utf-8")
    assert "<style>" in html
    assert 'id="Team"' in html
    assert str(PA.Team) in html


def test_a_base_ending_in_a_hash_cannot_have_a_site(
    publication: Publication, schema: Schema, config: Config
) -> None:
    content = publication.content
    hashed = type(publication)(
        content=replace(content, base="https://example.org/kg#"),
        description=publication.description,
        statistics=publication.statistics,
        files=publication.files,
    )
    with pytest.raises(ConfigError, match="ending in /"):
        render_site(hashed, schema=schema, sources={})
