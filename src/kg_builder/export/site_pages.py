"""What a resource page shows, gathered from the graph: the view model of the site.

A page is the document of an IRI without its fragment (``annotation/…/jinan-10-1`` holds
``#target``, ``#quote`` and ``#position`` as sections). It shows the resource's labels and
types, every statement about it and pointing to it, and the source passages that support
it, highlighted in their surrounding verbatim text (offsets of its TextPositionSelector).
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from kg_builder.export.labels import Link, labels, short_name, term_anchor
from kg_builder.export.ontology_page import ONTOLOGY_PAGE
from kg_builder.vocab import OA

CONTEXT = 80
"""Code points of verbatim text shown on each side of a quoted passage."""


def reflow(text: str) -> str:
    """Text as it reads, for a quote's display: the extraction's hard line breaks dropped
    between Chinese characters and made spaces elsewhere (offsets still index the file).

    >>> reflow("深入学\\n\\n习贯彻 the\\nparty")
    '深入学习贯彻 the party'
    """
    text = _CJK_BREAK.sub("", text)
    return _BREAK.sub(" ", text)


_CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])[ \t]*\n\s*(?=[^\x00-\x7f])")
_BREAK = re.compile(r"[ \t]*\n\s*")


def document_of(iri: URIRef) -> URIRef:
    """The IRI of the page a resource is on: the IRI without its fragment."""
    return URIRef(str(iri).split("#", 1)[0])


def page_path(document: URIRef, base: str) -> str:
    """Where a document's page lives in the site: its path under the base, plus ``.html``.

    The same name works from the file system and from any static host, and the server
    only appends an extension to serve ``…/team/jinan-10`` (docs/nginx-site.conf).

    >>> page_path(URIRef("https://ex.org/kg/team/jinan-10"), "https://ex.org/kg/")
    'team/jinan-10.html'
    """
    return f"{str(document).removeprefix(base)}.html"


@dataclass(frozen=True)
class Section:
    """One resource on a page (the page's own, or one of its fragments)."""

    anchor: str
    iri: str
    labels: dict[str, str]
    types: list[Link]
    statements: list[tuple[Link, list[Link]]]


@dataclass(frozen=True)
class Quote:
    """A passage of a source, with the text around it."""

    before: str
    exact: str
    after: str
    start: int
    end: int
    source: Link
    source_href: str
    annotation: Link


@dataclass(frozen=True)
class Segment:
    """A stretch of a source text and the quotes that cover it (for the source's page)."""

    text: str
    anchors: list[str] = field(default_factory=list)
    covered_by: list[Link] = field(default_factory=list)


@dataclass(frozen=True)
class Page:
    path: str
    iri: str
    name: str
    """What the page is called where its resource has no label: its path under the base."""
    labels: dict[str, str]
    types: list[Link]
    sections: list[Section]
    incoming: list[tuple[Link, list[Link]]]
    """Predicate -> the subjects that point to this page's resources with it."""
    quotes: list[Quote]
    segments: list[Segment]
    """The whole verbatim text, on the page of a source document."""


class PageBuilder:
    """Builds the pages of one graph, naming terms with the ontology's labels."""

    def __init__(
        self,
        graph: Graph,
        ontology: Graph,
        *,
        base: str,
        sources: Mapping[URIRef, str],
        files: Iterable[str] = (),
    ) -> None:
        self.graph = graph
        self.files = {URIRef(f"{base}{name}") for name in files}
        self.ontology = ontology
        self.base = base
        self.sources = sources
        self.incoming: dict[URIRef, list[tuple[Node, URIRef, URIRef]]] = defaultdict(list)
        self.members: dict[URIRef, list[URIRef]] = defaultdict(list)
        for subject in sorted({s for s in graph.subjects() if isinstance(s, URIRef)}):
            if str(subject).startswith(base):
                self.members[document_of(subject)].append(subject)
        for s, p, o in graph:
            if not (isinstance(o, URIRef) and isinstance(p, URIRef) and str(o).startswith(base)):
                continue
            if not isinstance(s, URIRef) or document_of(s) != document_of(o):
                self.incoming[document_of(o)].append((s, p, o))

    def documents(self) -> list[URIRef]:
        """Every page of the graph: the documents of all IRIs under the base, except the
        base itself (the index) and the published files (they are what they name)."""
        objects = {o for o in self.graph.objects() if isinstance(o, URIRef)}
        found = {document_of(i) for i in objects if str(i).startswith(self.base)}
        return sorted((found | set(self.members)) - self.files - {URIRef(self.base)})

    def about(self, document: URIRef) -> Graph:
        """The triples of a resource's own Turtle and JSON-LD: about it and pointing to it."""
        about = Graph(namespace_manager=self.graph.namespace_manager)
        for member in self.members.get(document, []):
            for triple in self.graph.triples((member, None, None)):
                about.add(triple)
        for triple in self.incoming.get(document, []):
            about.add(triple)
        return about

    def page(self, document: URIRef) -> Page:
        path = page_path(document, self.base)
        link = self._linker(path)
        sections = [self._section(m, link) for m in self.members.get(document, [])]
        main = next((s for s in sections if not s.anchor), None)
        return Page(
            path=path,
            iri=str(document),
            name=self._name(document),
            labels=main.labels if main else {},
            types=main.types if main else [],
            sections=sections,
            incoming=self._incoming(document, link),
            quotes=self._quotes(document, link),
            segments=self._segments(document, link),
        )

    def _linker(self, path: str) -> Callable[[Node], Link]:
        folder = posixpath.dirname(path)

        def link(node: Node) -> Link:
            if isinstance(node, Literal):
                note = node.language or (
                    short_name(self.ontology, node.datatype) if node.datatype else ""
                )
                return Link(str(node), note=note, lang=node.language or "")
            if not isinstance(node, URIRef):
                return Link(str(node))
            names = labels(self.graph, node) or labels(self.ontology, node)
            text = names.get("zh") or names.get("en") or self._name(node)
            short = short_name(self.graph, node)
            note = short if short not in (text, str(node)) else ""  # never the same twice
            return Link(text, href=self._href(node, folder), iri=str(node), note=note)

        return link

    def _name(self, iri: URIRef) -> str:
        """An unlabelled IRI: its path under the base, or its prefixed name."""
        text = str(iri)
        if text.startswith(self.base):
            return text.removeprefix(self.base)
        return short_name(self.graph, iri)

    def _href(self, iri: URIRef, folder: str) -> str:
        text = str(iri)
        if iri in self.files or iri == URIRef(self.base):
            name = text.removeprefix(self.base) or "index.html"
            return posixpath.relpath(name, folder or ".")
        if text.startswith(self.base):
            document, _, fragment = text.partition("#")
            target = posixpath.relpath(page_path(URIRef(document), self.base), folder or ".")
            return f"{target}#{fragment}" if fragment else target
        anchor = term_anchor(iri)
        if anchor is not None:
            return f"{posixpath.relpath(ONTOLOGY_PAGE, folder or '.')}#{anchor}"
        return text

    def _section(self, subject: URIRef, link: Callable[[Node], Link]) -> Section:
        by_predicate: dict[URIRef, list[Node]] = defaultdict(list)
        for p, o in self.graph.predicate_objects(subject):
            if isinstance(p, URIRef) and p != RDF.type:
                by_predicate[p].append(o)
        statements = [
            (link(p), [link(o) for o in sorted(objects, key=_order)])
            for p, objects in sorted(by_predicate.items(), key=lambda item: str(item[0]))
        ]
        types = sorted(self.graph.objects(subject, RDF.type), key=str)
        return Section(
            anchor=str(subject).partition("#")[2],
            iri=str(subject),
            labels=labels(self.graph, subject),
            types=[link(t) for t in types],
            statements=statements,
        )

    def _incoming(
        self, document: URIRef, link: Callable[[Node], Link]
    ) -> list[tuple[Link, list[Link]]]:
        by_predicate: dict[URIRef, set[Node]] = defaultdict(set)
        for s, p, _ in self.incoming.get(document, []):
            by_predicate[p].add(s)
        return [
            (link(p), [link(s) for s in sorted(subjects, key=str)])
            for p, subjects in sorted(by_predicate.items(), key=lambda item: str(item[0]))
        ]

    def _quotes(self, document: URIRef, link: Callable[[Node], Link]) -> list[Quote]:
        """The passages that support the page's resource (or, for an annotation, its own)."""
        if (document, RDF.type, OA.Annotation) in self.graph:
            annotations = [document]
        else:
            found = self.graph.subjects(OA.hasBody, document)
            annotations = sorted((a for a in found if isinstance(a, URIRef)), key=str)
        quotes = [self._quote(a, link) for a in annotations]
        return sorted((q for q in quotes if q is not None), key=lambda q: (q.source.iri, q.start))

    def _quote(self, annotation: URIRef, link: Callable[[Node], Link]) -> Quote | None:
        found = self._selection(annotation)
        if found is None:
            return None
        source, start, end = found
        text = self.sources[source]
        source_value = link(source)
        return Quote(
            before=reflow(text[max(0, start - CONTEXT) : start]),
            exact=reflow(text[start:end]),
            after=reflow(text[end : end + CONTEXT]),
            start=start,
            end=end,
            source=source_value,
            source_href=f"{source_value.href.split('#')[0]}#at-{start}",
            annotation=link(annotation),
        )

    def _selection(self, annotation: URIRef) -> tuple[URIRef, int, int] | None:
        """(source, start, end) of an annotation whose source text is at hand."""
        target = self.graph.value(annotation, OA.hasTarget)
        source = self.graph.value(target, OA.hasSource) if target is not None else None
        if not isinstance(source, URIRef) or source not in self.sources or target is None:
            return None
        for selector in self.graph.objects(target, OA.hasSelector):
            start = self.graph.value(selector, OA.start)
            end = self.graph.value(selector, OA.end)
            if isinstance(start, Literal) and isinstance(end, Literal):
                return source, int(start), int(end)
        return None

    def _segments(self, document: URIRef, link: Callable[[Node], Link]) -> list[Segment]:
        """A source's text cut where quotes begin and end, each piece with its quotes."""
        if document not in self.sources:
            return []
        text = self.sources[document]
        spans: list[tuple[int, int, Node]] = []
        for target in self.graph.subjects(OA.hasSource, document):
            for annotation in self.graph.subjects(OA.hasTarget, target):
                found = self._selection(annotation) if isinstance(annotation, URIRef) else None
                body = self.graph.value(annotation, OA.hasBody)
                if found is not None and body is not None:
                    spans.append((found[1], found[2], body))
        cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
        starts = {s for s, _, _ in spans}
        segments = []
        for start, end in pairwise(cuts):
            bodies = sorted({b for s, e, b in spans if s <= start and end <= e}, key=str)
            anchors = [f"at-{start}"] if start in starts else []
            segments.append(Segment(text[start:end], anchors, [link(b) for b in bodies]))
        return segments


def _order(node: Node) -> tuple[int, str]:
    return (0 if isinstance(node, Literal) else 1, str(node))
