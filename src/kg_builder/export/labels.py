"""How pages name and link the terms they show: labels by language, short names, anchors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import DCTERMS, FOAF, OWL, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import BNode, Node

from kg_builder.vocab import PA, VOCAB_BASE


@dataclass(frozen=True)
class Link:
    """A resource, term or literal as a page shows it."""

    text: str
    href: str = ""
    iri: str = ""
    note: str = ""
    """A resource's short name or other labels; a literal's language or datatype."""
    lang: str = ""


LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, DCTERMS.title, FOAF.name)
LANGUAGES = ("zh", "en")


def labels(graph: Graph, node: Node) -> dict[str, str]:
    """A resource's labels by language (zh and en first), one each.

    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://ex.org/a"), RDFS.label, Literal("济南市", lang="zh")))
    >>> labels(g, URIRef("https://ex.org/a"))
    {'zh': '济南市'}
    """
    found: dict[str, str] = {}
    for prop in LABEL_PROPERTIES:
        if found:
            break
        for value in sorted(graph.objects(node, prop), key=str):
            if isinstance(value, Literal):
                found.setdefault(value.language or "", str(value))
    return dict(sorted(found.items(), key=lambda item: _language_order(item[0])))


def texts(graph: Graph, node: Node, prop: URIRef) -> dict[str, list[str]]:
    """Every value of a text property, by language."""
    found: dict[str, list[str]] = {}
    for value in sorted(graph.objects(node, prop), key=str):
        if isinstance(value, Literal):
            found.setdefault(value.language or "", []).append(str(value))
    return dict(sorted(found.items(), key=lambda item: _language_order(item[0])))


def _language_order(language: str) -> tuple[int, str]:
    """Chinese first, then English, then the rest in order."""
    return (LANGUAGES.index(language) if language in LANGUAGES else len(LANGUAGES), language)


def short_name(graph: Graph, iri: URIRef) -> str:
    """A prefixed name where a prefix is bound (``pa:Team``), else the IRI."""
    try:
        prefix, _, local = graph.namespace_manager.compute_qname(iri, generate=False)
    except (KeyError, ValueError):
        return str(iri)
    return f"{prefix}:{local}" if prefix else local


def term_anchor(iri: Node) -> str | None:
    """The id of a term's entry on the ontology page, or None for terms it does not show.

    >>> term_anchor(PA.Team), term_anchor(URIRef(VOCAB_BASE + "unit/jin"))
    ('Team', 'vocab-unit-jin')
    """
    text = str(iri)
    if isinstance(iri, URIRef) and iri in PA:
        return text.removeprefix(str(PA._NS))
    if isinstance(iri, URIRef) and text.startswith(VOCAB_BASE):
        return "vocab-" + text.removeprefix(VOCAB_BASE).replace("/", "-")
    return None


def class_members(graph: Graph, node: Node) -> Iterator[URIRef]:
    """The named classes a domain or range stands for (expanding ``owl:unionOf`` lists)."""
    if isinstance(node, URIRef):
        yield node
    elif isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        if union is not None:
            for member in Collection(graph, union):
                yield from class_members(graph, member)
