"""VoID statistics of a graph (https://www.w3.org/TR/void/#statistics).

Counts are computed, never written by hand: triples, entities (subjects under the base),
classes and properties with how often each is used, and the links that leave the
dataset, grouped by predicate and target dataset (a void:Linkset each).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kg_builder.lines import line_chunks
from kg_builder.vocab import PA

DATE_TYPES = (XSD.date, XSD.gYearMonth, XSD.gYear)
SOURCE = f"<{PA.SourceDocument}>".encode()


@dataclass(frozen=True)
class Statistics:
    """What a VoID description counts, and what else the description reads from the data."""

    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: Mapping[URIRef, int]
    """Class -> resources typed with it."""
    properties: Mapping[URIRef, int]
    """Predicate -> triples using it."""
    links: Mapping[tuple[URIRef, URIRef], int]
    """(predicate, target dataset) -> triples linking out of the dataset."""
    vocabularies: tuple[URIRef, ...]
    """The vocabularies whose terms are used as classes and predicates."""
    sources: tuple[URIRef, ...] = ()
    """The source documents (``pa:SourceDocument``), sorted."""
    dates: tuple[Literal, ...] = ()
    """The earliest and the latest date-like value of a ``pa:`` property (none: no dates)."""
    languages: frozenset[str] = frozenset()
    """The language tags of the literals."""
    first_members: Mapping[URIRef, URIRef] = field(default_factory=dict)
    """Class -> its first member IRI (in IRI order), for the description's examples."""


def graph_statistics(ntriples: bytes, *, base: str, ontology: Graph) -> Statistics:
    """Count what VoID describes, in one pass over the graph's N-Triples lines.

    Terms are counted as Oxigraph reads them: a literal typed ``xsd:string`` is the plain
    literal, and language tags are lower case.

    A link is a triple whose object is an IRI outside the base that is not a term of the
    ontology or of a vocabulary the data uses (like ``oa:identifying``); its target is the
    concept scheme the ontology puts the object in, or else the object's site.

    >>> data = (b"<https://ex.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    ...     b"<https://ex.org/o#T> .\\n<https://ex.org/a> <http://www.w3.org/2002/07/owl#sameAs> "
    ...     b"<http://dbpedia.org/r/A> .\\n")
    >>> stats = graph_statistics(data, base="https://ex.org/", ontology=Graph())
    >>> stats.entities, [(str(p), str(target)) for p, target in stats.links]
    (1, [('http://www.w3.org/2002/07/owl#sameAs', 'http://dbpedia.org/')])
    """
    counts = _Counts(base)
    for lines in line_chunks(ntriples):
        counts.add(lines)
    return counts.statistics(ontology)


class _Counts:
    """What one pass over the lines gathers: terms as their N-Triples bytes (``<iri>``)."""

    def __init__(self, base: str) -> None:
        self.triples = 0
        self.subjects: set[bytes] = set()
        self.objects: set[bytes] = set()
        self.classes: Counter[bytes] = Counter()
        self.properties: dict[bytes, int] = {}  # (a Counter's += is slower, once a line)
        self.outside: Counter[tuple[bytes, bytes]] = Counter()
        """(predicate, object IRI outside the base) -> triples; rdf:type left out."""
        self.first: dict[bytes, bytes] = {}
        """Class -> the least IRI typed with it (without its brackets)."""
        self.sources: list[bytes] = []
        self.dates: set[bytes] = set()
        """The date-like literals of ``pa:`` properties."""
        self.suffixes: dict[bytes, bytes] = {}
        """What follows the closing quote of a literal (``@tag`` or ``^^<datatype>``) -> the
        same as Oxigraph writes it."""
        self.inside = f"<{base}".encode()

    def add(self, lines: list[bytes]) -> None:
        rdf_type, pa = f"<{RDF.type}>".encode(), f"<{PA._NS}".encode()
        dated = {f"^^<{t}>".encode() for t in DATE_TYPES}
        subjects, objects, properties = self.subjects, self.objects, self.properties
        suffixes, inside = self.suffixes, self.inside
        last = b""
        self.triples += len(lines)
        for line in lines:
            subject, predicate, obj = line[:-2].split(b" ", 2)
            if subject != last:
                subjects.add(subject)
                last = subject
            properties[predicate] = properties.get(predicate, 0) + 1
            start = obj[0]
            if start == 34:  # b'"': a literal
                close = obj.rfind(b'"') + 1
                suffix = obj[close:]
                if suffix:
                    same = suffixes.get(suffix)
                    if same is None:
                        same = suffixes[suffix] = _oxigraph_suffix(suffix)
                    if same != suffix:
                        obj = obj[:close] + same
                    elif suffix in dated and predicate.startswith(pa):
                        self.dates.add(obj)
            elif start == 60:  # b"<": an IRI
                if predicate == rdf_type:
                    self._typed(subject, obj)
                elif not obj.startswith(inside):
                    self.outside[(predicate, obj)] += 1
            objects.add(obj)

    def _typed(self, subject: bytes, cls: bytes) -> None:
        self.classes[cls] += 1
        if subject[0] == 60:
            known = self.first.get(cls)
            if known is None or subject[1:-1] < known:
                self.first[cls] = subject[1:-1]
        if cls == SOURCE:
            self.sources.append(subject)

    def statistics(self, ontology: Graph) -> Statistics:
        classes = {_value(c): n for c, n in self.classes.items()}
        properties = {_value(p): n for p, n in self.properties.items()}
        vocabularies = sorted({_vocabulary(URIRef(term)) for term in (*classes, *properties)})
        terms = {str(t) for t in _declared_terms(ontology)} | set(classes) | set(properties)
        links: Counter[tuple[URIRef, URIRef]] = Counter()
        for (predicate, obj), count in self.outside.items():
            iri = _value(obj)
            if iri not in terms and _vocabulary(URIRef(iri)) not in vocabularies:
                links[(URIRef(_value(predicate)), _target(URIRef(iri), ontology))] += count
        dates = [_span(*_date(obj)) for obj in self.dates]
        span = (
            (
                Literal(min(s for s, _ in dates), datatype=XSD.date),
                Literal(max(e for _, e in dates), datatype=XSD.date),
            )
            if dates
            else ()
        )
        return Statistics(
            triples=self.triples,
            entities=sum(1 for s in self.subjects if s.startswith(self.inside)),
            distinct_subjects=len(self.subjects),
            distinct_objects=len(self.objects),
            classes={URIRef(c): n for c, n in sorted(classes.items())},
            properties={URIRef(p): n for p, n in sorted(properties.items())},
            links=dict(sorted(links.items())),
            vocabularies=tuple(vocabularies),
            sources=tuple(URIRef(s) for s in sorted(map(_value, self.sources))),
            dates=span,
            languages=frozenset(s[1:].decode() for s in self.suffixes.values() if s[:1] == b"@"),
            first_members={
                URIRef(c): URIRef(s)
                for c, s in sorted((_value(c), s.decode()) for c, s in self.first.items())
            },
        )


def _value(term: bytes) -> str:
    """The IRI of ``<iri>``, the id of ``_:id``."""
    return term[1:-1].decode() if term[:1] == b"<" else term[2:].decode()


def _oxigraph_suffix(suffix: bytes) -> bytes:
    """A literal's language tag in lower case; no datatype for ``xsd:string``.

    >>> _oxigraph_suffix(b"@zh-Hans"), _oxigraph_suffix(f"^^<{XSD.string}>".encode())
    (b'@zh-hans', b'')
    """
    if suffix.startswith(b"@"):
        return suffix.lower()
    return b"" if suffix == f"^^<{XSD.string}>".encode() else suffix


def _date(literal: bytes) -> tuple[str, str]:
    """The text and the datatype IRI of a typed literal."""
    close = literal.rfind(b'"')
    return literal[1:close].decode(), literal[close + 4 : -1].decode()


def _span(text: str, datatype: str) -> tuple[str, str]:
    """First and last day of a date, year-month or year, as ISO strings.

    >>> _span("2020-02", str(XSD.gYearMonth))
    ('2020-02-01', '2020-02-29')
    """
    import calendar

    if datatype == str(XSD.gYear):
        return f"{text}-01-01", f"{text}-12-31"
    if datatype == str(XSD.gYearMonth):
        year, month = (int(part) for part in text.split("-")[:2])
        return f"{text}-01", f"{text}-{calendar.monthrange(year, month)[1]:02d}"
    return text, text


def _declared_terms(ontology: Graph) -> set[URIRef]:
    kinds = (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
    return {t for kind in kinds for t in ontology.subjects(RDF.type, kind) if isinstance(t, URIRef)}


def _target(obj: URIRef, ontology: Graph) -> URIRef:
    scheme = ontology.value(obj, SKOS.inScheme)
    if isinstance(scheme, URIRef):
        return scheme
    scheme_name, _, rest = str(obj).partition("://")
    return URIRef(f"{scheme_name}://{rest.split('/', 1)[0]}/")


def _vocabulary(term: URIRef) -> URIRef:
    """The vocabulary a term belongs to: its namespace (without a closing ``#``).

    >>> str(_vocabulary(URIRef("http://www.w3.org/ns/oa#exact")))
    'http://www.w3.org/ns/oa'
    >>> str(_vocabulary(URIRef("https://schema.org/genre")))
    'https://schema.org/'
    """
    text = str(term)
    if "#" in text:
        return URIRef(text.rsplit("#", 1)[0])
    return URIRef(text.rsplit("/", 1)[0] + "/")
