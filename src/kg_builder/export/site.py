"""The static linked-data site (``kg site`` -> ``dist/site/``).

Every IRI under the base has a page at its path: ``<base>team/jinan-10`` is
``team/jinan-10.html``, with ``team/jinan-10.ttl`` and ``team/jinan-10.jsonld`` beside it
(``<link rel="alternate">``), so the site works from the file system, from any static
host, and with content negotiation where the server offers it (docs/nginx-site.conf).
The dataset (``<base>dataset``) is a page too, and the export files sit at the root,
where the dataset description says they are downloaded from. Links between pages are
relative; nothing is loaded from elsewhere (system fonts, no CDN, search in the page).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from rdflib import RDF, RDFS, Graph, URIRef

from kg_builder.errors import ConfigError
from kg_builder.export.formats import sorted_ntriples
from kg_builder.export.jsonld import jsonld_bytes
from kg_builder.export.labels import labels, short_name
from kg_builder.export.ontology_page import ONTOLOGY_PAGE, render_ontology_page
from kg_builder.export.publication import DATASET_FILE, Publication
from kg_builder.export.site_pages import Page, PageBuilder, document_of, page_path
from kg_builder.export.templating import render
from kg_builder.export.turtle import turtle_bytes
from kg_builder.schema import Schema

STATIC = ("style.css", "search.js")
"""Files the pages share. Resource pages are never at the root (their paths are
``type/id``), so neither these nor ``index.html`` can clash with one."""


def render_site(
    publication: Publication, *, schema: Schema, sources: Mapping[URIRef, str]
) -> dict[str, bytes]:
    """Every file of the site: relative path -> bytes.

    :param sources: source document IRI -> its verbatim text (for the quoted passages).
    :raises ConfigError: when the base ends in ``#`` (all IRIs would be one page).
    """
    base = publication.content.base
    if not base.endswith("/"):
        raise ConfigError(
            f"a linked-data site needs a base IRI ending in /, not {base!r}: "
            "every resource gets a page at its path under the base"
        )
    data = publication.content.graph
    graph = Graph(namespace_manager=data.namespace_manager)
    graph += data
    graph += publication.description
    builder = PageBuilder(graph, schema.graph, base=base, sources=sources, files=publication.files)
    files: dict[str, bytes] = dict(publication.files)
    pages = [builder.page(document) for document in builder.documents()]
    for page in pages:
        files[page.path] = render(
            "site/resource.html.j2", page=page, root=_root(page.path), standalone=False
        )
        stem = page.path.removesuffix(".html")
        if page.iri == str(publication.content.dataset):
            files[f"{stem}.ttl"] = publication.files[DATASET_FILE]
            files[f"{stem}.jsonld"] = jsonld_bytes(
                sorted_ntriples(publication.description), publication.content.context
            )
        else:
            about = builder.about(URIRef(page.iri))
            files[f"{stem}.ttl"] = turtle_bytes(about)
            files[f"{stem}.jsonld"] = jsonld_bytes(
                sorted_ntriples(about), publication.content.context
            )
    files["index.html"] = render(
        "site/index.html.j2",
        groups=_index(graph, schema.graph, pages),
        root="",
        base=base,
        standalone=False,
    )
    files[ONTOLOGY_PAGE] = render_ontology_page(
        schema.graph,
        data,
        base=base,
        href=lambda iri: page_path(document_of(iri), base),
        in_site=True,
    )
    for name in STATIC:
        files[name] = render(f"site/{name}")
    return files


def _root(path: str) -> str:
    """The relative path from a page back to the root of the site."""
    return "../" * path.count("/")


def _index(graph: Graph, ontology: Graph, pages: list[Page]) -> list[dict[str, object]]:
    """The pages by the class of their resource, the most common classes last."""
    by_class: dict[URIRef, list[Page]] = defaultdict(list)
    for page in pages:
        classes = sorted(graph.objects(URIRef(page.iri), RDF.type), key=str)
        key = classes[0] if classes and isinstance(classes[0], URIRef) else RDFS.Resource
        by_class[key].append(page)
    groups = []
    for cls, members in sorted(by_class.items(), key=lambda item: (len(item[1]), str(item[0]))):
        names = labels(ontology, cls)
        groups.append(
            {
                "name": names.get("zh") or short_name(graph, cls),
                "english": names.get("en", "") if names.get("zh") else "",
                "curie": short_name(graph, cls),
                "pages": members,
                "open": len(members) <= 40,
            }
        )
    return groups
