"""The dataset description, ``dataset.ttl``: DCAT-AP 3.0.1 with VoID statistics.

DCAT-AP (https://semiceu.github.io/DCAT-AP/releases/3.0.1/) is what European data portals
harvest: a ``dcat:Dataset`` with its title and description in Chinese and English,
publisher, contact point, licence, dates, keywords, themes, spatial and temporal coverage,
and one ``dcat:Distribution`` per export file with its media type (an IANA IRI), format
(EU file-type table), byte size and SHA-256 checksum. The same resource is a
``void:Dataset`` (https://www.w3.org/TR/void/) with its statistics, partitions and links.

Nothing depends on the clock: dates come from the settings and the data, so rebuilding the
same input gives the same bytes. Every IRI of the description is minted under the dataset
IRI (``…/dataset#distribution-turtle``), never a blank node, for the same reason.

DCAT-AP's shapes check ``sh:class`` on values (a licence must be a dct:LicenseDocument, a
media type a dct:MediaType, …) and, for the EU tables, that a concept is in its scheme;
a harvester finds those facts in the imported tables, a validator offline does not, so
the description states them for the IRIs it uses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import (
    DCAT,
    DCTERMS,
    FOAF,
    PROV,
    RDF,
    SKOS,
    VOID,
    XSD,
    Graph,
    Literal,
    Namespace,
    URIRef,
)
from rdflib.term import Node

from kg_builder.build import SOURCE_SEGMENT
from kg_builder.export.formats import Exporter, dataset_iri, download_iri
from kg_builder.export.labels import short_name
from kg_builder.export.settings import CC_BY_4, Agent, DatasetSettings
from kg_builder.export.statistics import Statistics
from kg_builder.vocab import ONTOLOGY_IRI, PA

SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
IANA = "https://www.iana.org/assignments/media-types/"
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
STABLE = URIRef(f"{EU_AUTHORITY}planned-availability/STABLE")
PUBLIC = URIRef(f"{EU_AUTHORITY}access-right/PUBLIC")
LICENCE_TYPES = {
    # licence -> its ADMS licence type (https://purl.org/adms/licencetype/1.0), when known
    CC_BY_4: URIRef("http://purl.org/adms/licencetype/Attribution"),
}
LICENCE_TYPE_SCHEME = URIRef("http://purl.org/adms/licencetype/1.0")

EU_LANGUAGES = {"zh": "ZHO", "en": "ENG", "bo": "BOD"}
"""Language tags of the data -> codes of the EU language table (dct:language)."""


@dataclass(frozen=True)
class FileFacts:
    """What the description says about an export file's bytes: taken as the file is made,
    so that the files need not be kept (or read back) to be described."""

    size: int
    sha256: str

    @classmethod
    def of(cls, content: bytes) -> FileFacts:
        """
        >>> FileFacts.of(b"").sha256[:12]
        'e3b0c44298fc'
        """
        return cls(len(content), hashlib.sha256(content).hexdigest())


def describe_dataset(
    *,
    prefixes: Mapping[str, str],
    base: str,
    ontology: Graph,
    settings: DatasetSettings,
    statistics: Statistics,
    files: Mapping[Exporter, FileFacts],
) -> Graph:
    """The DCAT-AP and VoID description of the graph and its export files (everything it
    says about the data is in ``statistics``, read in one pass over the graph; about each
    file, in its ``FileFacts``)."""
    return _Description(prefixes, base, ontology, settings, statistics).build(files)


class _Description:
    def __init__(
        self,
        prefixes: Mapping[str, str],
        base: str,
        ontology: Graph,
        settings: DatasetSettings,
        statistics: Statistics,
    ):
        self.statistics = statistics
        self.base = base
        self.ontology = ontology
        self.settings = settings
        self.dataset = dataset_iri(base)
        self.graph = Graph()
        bindings: tuple[tuple[str, object], ...] = (
            ("dcat", DCAT),
            ("dcterms", DCTERMS),
            ("foaf", FOAF),
            ("prov", PROV),
            ("skos", SKOS),
            ("spdx", SPDX),
            ("vcard", VCARD),
            ("void", VOID),
            ("dcatap", DCATAP),
            ("pa", PA._NS),
        )
        for prefix, namespace in (*bindings, *prefixes.items()):
            self.graph.bind(prefix, str(namespace))

    def part(self, name: str) -> URIRef:
        return URIRef(f"{self.dataset}#{name}")

    def add(self, subject: Node, predicate: URIRef, *objects: Node) -> None:
        for obj in objects:
            self.graph.add((subject, predicate, obj))

    def build(self, files: Mapping[Exporter, FileFacts]) -> Graph:
        dataset, settings, statistics = self.dataset, self.settings, self.statistics
        self.add(dataset, RDF.type, DCAT.Dataset, VOID.Dataset)
        self.add(dataset, DCTERMS.title, *(settings.title or self._ontology_texts(DCTERMS.title)))
        description = settings.description or self._ontology_texts(DCTERMS.description)
        self.add(dataset, DCTERMS.description, *description)
        self.add(dataset, DCTERMS.identifier, Literal(str(dataset)))
        self.add(dataset, DCAT.keyword, *settings.keywords)
        self.add(dataset, DCTERMS.publisher, self._agent(settings.publisher))
        if settings.contact is not None:
            self.add(dataset, DCAT.contactPoint, self._contact(settings.contact))
        self.add(dataset, DCTERMS.license, self._license())
        self.add(dataset, DCTERMS.accessRights, self._eu_concept(PUBLIC, DCTERMS.RightsStatement))
        self._dates(dataset)
        if settings.version:
            self.add(dataset, DCAT.version, Literal(settings.version))
        for theme, label in settings.themes.items():
            self.add(dataset, DCAT.theme, self._eu_concept(theme, SKOS.Concept))
            self.add(theme, SKOS.prefLabel, label)
        for place in settings.spatial:
            self.add(dataset, DCTERMS.spatial, self._eu_concept(place, DCTERMS.Location))
        self._temporal(dataset)
        for language in self._languages():
            self.add(dataset, DCTERMS.language, language)
        ontology = URIRef(ONTOLOGY_IRI)
        self.add(dataset, DCTERMS.conformsTo, ontology)
        self.add(ontology, RDF.type, DCTERMS.Standard)
        landing = settings.landing_page or URIRef(self.base)
        self.add(dataset, DCAT.landingPage, landing)
        self.add(landing, RDF.type, FOAF.Document)
        self.add(dataset, PROV.wasDerivedFrom, *statistics.sources)
        for exporter, facts in files.items():
            self.add(dataset, DCAT.distribution, self._distribution(exporter, facts))
        if settings.sparql_endpoint is not None:
            self._service(settings.sparql_endpoint)
        self._void(statistics, files)
        return self.graph

    def _ontology_texts(self, predicate: URIRef) -> tuple[Literal, ...]:
        found = self.ontology.objects(URIRef(ONTOLOGY_IRI), predicate)
        return tuple(sorted((t for t in found if isinstance(t, Literal)), key=str))

    def _agent(self, agent: Agent) -> URIRef:
        iri = agent.iri or self.part("publisher")
        self.add(iri, RDF.type, FOAF.Agent)
        self.add(iri, FOAF.name, *agent.name)
        if agent.type is not None:
            self.add(iri, DCTERMS.type, agent.type)
        if agent.url is not None:
            self.add(iri, FOAF.homepage, agent.url)
        return iri

    def _contact(self, agent: Agent) -> URIRef:
        iri = agent.iri or self.part("contact")
        self.add(iri, RDF.type, VCARD.Kind, VCARD.Organization)
        self.add(iri, VCARD.fn, *agent.name)
        if agent.email is not None:
            self.add(iri, VCARD.hasEmail, URIRef(f"mailto:{agent.email}"))
        if agent.url is not None:
            self.add(iri, VCARD.hasURL, agent.url)
        return iri

    def _license(self) -> URIRef:
        license_ = self.settings.license
        self.add(license_, RDF.type, DCTERMS.LicenseDocument)
        kind = LICENCE_TYPES.get(license_)
        if kind is not None:
            self.add(license_, DCTERMS.type, kind)
            self.add(kind, RDF.type, SKOS.Concept)
            self.add(kind, SKOS.inScheme, LICENCE_TYPE_SCHEME)
            self.add(kind, SKOS.prefLabel, Literal(str(kind).rsplit("/", 1)[-1], lang="en"))
        return license_

    def _eu_concept(self, iri: URIRef, kind: URIRef) -> URIRef:
        """Type a value; an EU authority IRI also gets its scheme (…/authority/TABLE)."""
        self.add(iri, RDF.type, kind)
        if str(iri).startswith(EU_AUTHORITY):
            table = str(iri).removeprefix(EU_AUTHORITY).split("/", 1)[0]
            self.add(iri, SKOS.inScheme, URIRef(f"{EU_AUTHORITY}{table}"))
        return iri

    def _dates(self, subject: URIRef) -> None:
        if self.settings.issued is not None:
            self.add(subject, DCTERMS.issued, self.settings.issued)
        if self.settings.modified is not None:
            self.add(subject, DCTERMS.modified, self.settings.modified)

    def _temporal(self, dataset: URIRef) -> None:
        period = self.settings.temporal or self.statistics.dates or None
        if period is None:
            return
        temporal = self.part("temporal")
        self.add(dataset, DCTERMS.temporal, temporal)
        self.add(temporal, RDF.type, DCTERMS.PeriodOfTime)
        self.add(temporal, DCAT.startDate, period[0])
        self.add(temporal, DCAT.endDate, period[1])

    def _languages(self) -> list[URIRef]:
        primary = {tag.split("-")[0] for tag in self.statistics.languages}
        codes = sorted(EU_LANGUAGES[tag] for tag in primary if tag in EU_LANGUAGES)
        return [
            self._eu_concept(URIRef(f"{EU_AUTHORITY}language/{code}"), DCTERMS.LinguisticSystem)
            for code in codes
        ]

    def _distribution(self, exporter: Exporter, facts: FileFacts) -> URIRef:
        distribution = self.part(f"distribution-{exporter.name}")
        checksum = self.part(f"checksum-{exporter.name}")
        url = download_iri(self.base, exporter.filename)
        self.add(distribution, RDF.type, DCAT.Distribution)
        self.add(distribution, DCTERMS.title, Literal(f"{exporter.filename} ({exporter.title})"))
        self.add(
            distribution,
            DCTERMS.description,
            Literal(f"整个知识图谱，{exporter.title} 格式，UTF-8 编码", lang="zh"),
            Literal(f"The whole knowledge graph as {exporter.title}, UTF-8", lang="en"),
        )
        self.add(distribution, DCAT.accessURL, url)
        self.add(distribution, DCAT.downloadURL, url)
        media_type = URIRef(f"{IANA}{exporter.media_type}")
        self.add(distribution, DCAT.mediaType, media_type)
        self.add(media_type, RDF.type, DCTERMS.MediaType)
        file_type = URIRef(f"{EU_AUTHORITY}file-type/{exporter.file_type}")
        file_type = self._eu_concept(file_type, DCTERMS.MediaTypeOrExtent)
        self.add(distribution, DCTERMS.format, file_type)
        size = Literal(facts.size, datatype=XSD.nonNegativeInteger)
        self.add(distribution, DCAT.byteSize, size)
        self.add(distribution, SPDX.checksum, checksum)
        self.add(checksum, RDF.type, SPDX.Checksum)
        self.add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        self.add(checksum, SPDX.checksumValue, Literal(facts.sha256, datatype=XSD.hexBinary))
        self.add(SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm)
        self.add(distribution, DCTERMS.license, self.settings.license)
        self.add(distribution, DCATAP.availability, self._eu_concept(STABLE, SKOS.Concept))
        self.add(STABLE, SKOS.prefLabel, Literal("stable", lang="en"))
        self.add(distribution, DCTERMS.conformsTo, URIRef(exporter.w3c_format))
        self.add(URIRef(exporter.w3c_format), RDF.type, DCTERMS.Standard)
        self._dates(distribution)
        return distribution

    def _service(self, endpoint: URIRef) -> None:
        service = self.part("sparql")
        self.add(service, RDF.type, DCAT.DataService)
        self.add(
            service,
            DCTERMS.title,
            Literal("SPARQL 查询端点", lang="zh"),
            Literal("SPARQL endpoint", lang="en"),
        )
        self.add(service, DCAT.endpointURL, endpoint)
        self.add(service, DCAT.servesDataset, self.dataset)
        self.add(service, DCTERMS.conformsTo, SPARQL_PROTOCOL)
        self.add(SPARQL_PROTOCOL, RDF.type, DCTERMS.Standard)
        self.add(service, DCTERMS.license, self.settings.license)
        self.add(self.dataset, VOID.sparqlEndpoint, endpoint)

    def _void(self, statistics: Statistics, files: Mapping[Exporter, FileFacts]) -> None:
        dataset = self.dataset
        self.add(dataset, VOID.uriSpace, Literal(self.base))
        self.add(dataset, VOID.triples, _count(statistics.triples))
        self.add(dataset, VOID.entities, _count(statistics.entities))
        self.add(dataset, VOID.distinctSubjects, _count(statistics.distinct_subjects))
        self.add(dataset, VOID.distinctObjects, _count(statistics.distinct_objects))
        self.add(dataset, VOID.classes, _count(len(statistics.classes)))
        self.add(dataset, VOID.properties, _count(len(statistics.properties)))
        self.add(dataset, VOID.vocabulary, *statistics.vocabularies)
        for exporter in files:
            self.add(dataset, VOID.dataDump, download_iri(self.base, exporter.filename))
            self.add(dataset, VOID.feature, URIRef(exporter.w3c_format))
        for example in self._examples():
            self.add(dataset, VOID.exampleResource, example)
        for cls, count in statistics.classes.items():
            partition = self.part(f"class-{self._slug(cls)}")
            self.add(dataset, VOID.classPartition, partition)
            self.add(partition, VOID["class"], cls)
            self.add(partition, VOID.entities, _count(count))
        for prop, count in statistics.properties.items():
            partition = self.part(f"property-{self._slug(prop)}")
            self.add(dataset, VOID.propertyPartition, partition)
            self.add(partition, VOID.property, prop)
            self.add(partition, VOID.triples, _count(count))
        for (predicate, target), count in statistics.links.items():
            linkset = self.part(f"links-{self._slug(predicate)}-to-{self._slug(target)}")
            self.add(dataset, VOID.subset, linkset)
            self.add(linkset, RDF.type, VOID.Linkset)
            self.add(linkset, VOID.subjectsTarget, dataset)
            self.add(linkset, VOID.objectsTarget, target)
            self.add(linkset, VOID.linkPredicate, predicate)
            self.add(linkset, VOID.triples, _count(count))
            self.add(target, RDF.type, VOID.Dataset)
            for label in self.ontology.objects(target, SKOS.prefLabel):
                self.add(target, DCTERMS.title, label)

    def _examples(self) -> list[URIRef]:
        """The first resource (by IRI) of each class of the ontology that has any."""
        examples = [
            first
            for cls, first in sorted(self.statistics.first_members.items())
            if cls in PA and cls != PA.SourceDocument
        ]
        source = f"{self.base}{SOURCE_SEGMENT}/"
        return [e for e in examples if not str(e).startswith(source)]

    def _slug(self, iri: URIRef) -> str:
        """A fragment naming a term: ``pa:Team`` -> ``pa-Team``, else from its IRI."""
        text = short_name(self.graph, iri).split("://")[-1]
        return "".join(c if c.isalnum() or c in "-_." else "-" for c in text).strip("-")


def _count(number: int) -> Literal:
    return Literal(number, datatype=XSD.integer)
