"""dataset.ttl: DCAT-AP 3.0.1 (checked with its official shapes) and VoID, true to the files.

The shapes are read from ``../shared/reference/dcat-ap/dcat-ap-3.0.1`` (see SOURCE.txt
there); they are not copied into the project, and the tests that need them say so and skip
where that folder is absent.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

import pytest
from rdflib import DCAT, DCTERMS, RDF, SH, VOID, XSD, Graph, Literal, Namespace, URIRef

from kg_builder.build import BuiltGraph
from kg_builder.config import Config
from kg_builder.errors import ConfigError
from kg_builder.export import EXPORTERS
from kg_builder.export.dataset import describe_dataset
from kg_builder.export.formats import download_iri
from kg_builder.export.publication import DATASET_FILE, Publication, render_publication
from kg_builder.export.settings import DatasetSettings, read_dataset_settings
from kg_builder.schema import Schema
from tests.conftest import ROOT

SHAPES = ROOT.parent / "shared" / "reference" / "dcat-ap" / "dcat-ap-3.0.1"
SPDX = Namespace("http://spdx.org/rdf/terms#")
needs_shapes = pytest.mark.skipif(
    not (SHAPES / "dcat-ap-SHACL.ttl").is_file(),
    reason=f"the DCAT-AP 3.0.1 shapes are not at {SHAPES} (they come with ../shared)",
)


DANGLING = {
    # The release file lists these property shapes under DataServiceShape but never defines
    # them; pySHACL refuses to run such a file once a DataService is there to check.
    URIRef(f"https://semiceu.github.io/DCAT-AP/releases/3.0.1#dcat:DataServiceShape/{name}")
    for name in (
        "dc08f4dca4377fade57f89454e3fa06a8389d314",
        "eb3ac4e4fdde2e2588a9502c5956060a18c5c99f",
    )
}


def load_shapes(*files: str) -> Graph:
    """The shapes, less references to property shapes that the files do not define."""
    shapes = Graph()
    for name in files:
        shapes.parse(SHAPES / name)
    dangling = {
        (shape, prop)
        for shape, prop in shapes.subject_objects(SH.property)
        if isinstance(prop, URIRef) and (prop, SH.path, None) not in shapes
    }
    assert {prop for _, prop in dangling} <= DANGLING, "the shapes changed: look again"
    for shape, prop in dangling:
        shapes.remove((shape, SH.property, prop))
    return shapes


def shacl_results(data: Graph, *files: str) -> list[tuple[str, str, str]]:
    """(severity, focus node, path) of every top-level result of the shapes."""
    from pyshacl import validate

    shapes = load_shapes(*files)
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    return sorted(
        (
            str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            str(report.value(result, SH.focusNode)),
            str(report.value(result, SH.resultPath)),
        )
        for result in report.objects(None, SH.result)
    )


@pytest.fixture(scope="module")
def description(publication: Publication) -> Graph:
    return Graph().parse(data=publication.files[DATASET_FILE], format="turtle")


@needs_shapes
def test_the_official_release_shapes_find_nothing(description: Graph) -> None:
    assert shacl_results(description, "dcat-ap-SHACL.ttl") == []


@needs_shapes
def test_the_modular_shapes_find_no_violation_and_only_the_known_warnings(
    description: Graph, config: Config
) -> None:
    """Mandatory, recommended, range and deprecation shapes of the release's html/shacl.

    What is left are recommendations we choose not to meet: a publisher type from the
    ADMS list (we do not claim one), and a bounding box and centroid for the places (we
    link to authorities that hold the geometry rather than copy it).
    """
    results = shacl_results(
        description,
        "modular/shapes.ttl",
        "modular/shapes_recommended.ttl",
        "modular/range.ttl",
        "modular/deprecateduris.ttl",
    )
    assert [r for r in results if r[0] == "Violation"] == []
    publisher = f"{config.base}dataset#publisher"
    places = [
        "http://publications.europa.eu/resource/authority/country/CHN",
        "https://sws.geonames.org/1279685/",
    ]
    expected = {("Warning", publisher, str(DCTERMS.type))}
    expected |= {("Warning", place, str(DCAT[p])) for place in places for p in ("bbox", "centroid")}
    assert set(results) == expected


@needs_shapes
def test_the_controlled_vocabulary_shapes_object_only_to_the_spdx_namespace(
    description: Graph,
) -> None:
    """mdr-vocabularies.shape.ttl (carried over from DCAT-AP 2.1.1) wants checksum
    algorithms under https://spdx.org/rdf/terms, but SPDX's namespace, which DCAT-AP 3.0.1
    itself uses, is http://spdx.org/rdf/terms#: only that may fail, nothing else."""
    results = shacl_results(description, "modular/mdr-vocabularies.shape.ttl")
    violations = [r for r in results if r[0] == "Violation"]
    assert violations
    assert {path for _, _, path in violations} == {str(SPDX.algorithm)}
    warnings = [r for r in results if r[0] == "Warning"]
    assert [path for _, _, path in warnings] == [str(DCTERMS.publisher)]  # not an EU body


def test_each_export_file_is_a_distribution_with_its_true_size_and_checksum(
    publication: Publication, description: Graph
) -> None:
    dataset = publication.content.dataset
    distributions = set(description.objects(dataset, DCAT.distribution))
    assert len(distributions) == len(EXPORTERS)
    for exporter in EXPORTERS.values():
        data = publication.files[exporter.filename]
        url = download_iri(publication.content.base, exporter.filename)
        (distribution,) = description.subjects(DCAT.downloadURL, url)
        assert distribution in distributions
        assert description.value(distribution, DCAT.byteSize) == Literal(
            len(data), datatype=XSD.nonNegativeInteger
        )
        checksum = description.value(distribution, SPDX.checksum)
        assert description.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert (
            str(description.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        )
        media = URIRef(f"https://www.iana.org/assignments/media-types/{exporter.media_type}")
        assert description.value(distribution, DCAT.mediaType) == media
        assert (dataset, VOID.dataDump, url) in description


def test_the_void_statistics_are_counted_from_the_graph(
    publication: Publication, description: Graph
) -> None:
    graph, dataset = publication.content.graph, publication.content.dataset
    assert description.value(dataset, VOID.triples) == Literal(len(graph), datatype=XSD.integer)
    teams = set(graph.subjects(RDF.type, URIRef("https://w3id.org/kg-builder/ontology#Team")))
    partition = next(
        p
        for p in description.objects(dataset, VOID.classPartition)
        if description.value(p, VOID["class"])
        == URIRef("https://w3id.org/kg-builder/ontology#Team")
    )
    assert len(teams) == 6
    assert description.value(partition, VOID.entities) == Literal(6, datatype=XSD.integer)
    linked = {
        description.value(s, VOID.objectsTarget) for s in description.objects(dataset, VOID.subset)
    }
    assert URIRef("https://w3id.org/kg-builder/vocab/unit") in linked


def test_title_description_and_keywords_are_in_chinese_and_english(
    description: Graph, publication: Publication
) -> None:
    dataset = publication.content.dataset
    for prop in (DCTERMS.title, DCTERMS.description, DCAT.keyword):
        languages = {
            getattr(value, "language", None) for value in description.objects(dataset, prop)
        }
        assert {"zh", "en"} <= languages, prop


def test_the_temporal_coverage_comes_from_the_dates_in_the_data(
    description: Graph, publication: Publication
) -> None:
    period = description.value(publication.content.dataset, DCTERMS.temporal)
    assert description.value(period, DCAT.startDate) == Literal("2020-08-01", datatype=XSD.date)
    assert description.value(period, DCAT.endDate) == Literal("2023-12-31", datatype=XSD.date)


@needs_shapes
def test_a_configured_sparql_endpoint_is_a_data_service_that_validates(
    publication: Publication, schema: Schema
) -> None:
    settings = DatasetSettings(sparql_endpoint=URIRef("http://127.0.0.1:7878/query"))
    described = describe_dataset(
        prefixes=publication.content.built.prefixes(),
        base=publication.content.base,
        ontology=schema.graph,
        settings=settings,
        statistics=publication.statistics,
        files={},
    )
    (service,) = described.subjects(RDF.type, DCAT.DataService)
    assert described.value(service, DCAT.endpointURL) == settings.sparql_endpoint
    assert (publication.content.dataset, VOID.sparqlEndpoint, settings.sparql_endpoint) in described
    assert shacl_results(described, "dcat-ap-SHACL.ttl") == []


def test_without_a_dataset_table_the_ontology_names_the_dataset(
    publication: Publication, schema: Schema
) -> None:
    described = describe_dataset(
        prefixes=publication.content.built.prefixes(),
        base=publication.content.base,
        ontology=schema.graph,
        settings=DatasetSettings(),
        statistics=publication.statistics,
        files={},
    )
    titles = {str(t) for t in described.objects(publication.content.dataset, DCTERMS.title)}
    assert "对口支援知识图谱本体" in titles
    assert (
        publication.content.dataset,
        DCTERMS.license,
        URIRef("https://creativecommons.org/licenses/by/4.0/"),
    ) in described


BAD_SETTINGS = [
    pytest.param(
        {"titel": {"zh": "x"}}, "titel is not a known key; did you mean `title`?", id="unknown-key"
    ),
    pytest.param(
        {"title": "知识图谱"}, "title must be a table of languages", id="title-not-a-table"
    ),
    pytest.param(
        {"license": "CC-BY-4.0"}, "license must be an absolute IRI", id="license-not-an-iri"
    ),
    pytest.param(
        {"issued": "29.11.2026"},
        "issued must be a date like 2024-05-31, got '29.11.2026'",
        id="bad-date",
    ),
    pytest.param(
        {"temporal": {"start": "2023-01-01", "end": "2020-01-01"}},
        "temporal starts (2023-01-01) after it ends",
        id="period-backwards",
    ),
    pytest.param(
        {"publisher": {"nom": "x"}},
        "publisher must be a table with at least a name",
        id="publisher-without-name",
    ),
    pytest.param(
        {"contact": {"name": "x", "email": "nobody"}},
        "contact.email must be an e-mail address",
        id="bad-email",
    ),
    pytest.param(
        {"themes": ["http://x/"]},
        'themes must be a table of IRI = "label"',
        id="themes-without-labels",
    ),
]


@pytest.mark.parametrize(("table", "message"), BAD_SETTINGS)
def test_a_bad_dataset_table_is_named_in_the_error(
    config: Config, table: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError) as error:
        read_dataset_settings(replace(config, dataset=table))
    assert str(error.value).startswith(f"{config.pyproject}: [tool.kg_builder.dataset] ")
    assert message in str(error.value)


def test_the_project_settings_are_read(config: Config) -> None:
    settings = read_dataset_settings(config)
    assert str(settings.issued) == "2026-11-29"
    assert URIRef("https://sws.geonames.org/1279685/") in settings.spatial


def test_the_description_does_not_depend_on_the_clock(
    publication: Publication, built: BuiltGraph, schema: Schema, config: Config
) -> None:
    again = render_publication(
        built, schema=schema, base=config.base, settings=read_dataset_settings(config)
    )
    assert again.files[DATASET_FILE] == publication.files[DATASET_FILE]


@needs_shapes
def test_only_the_known_dangling_reference_is_left_out_of_the_release_shapes() -> None:
    shapes = Graph().parse(SHAPES / "dcat-ap-SHACL.ttl")
    undefined = {
        prop
        for prop in shapes.objects(None, SH.property)
        if isinstance(prop, URIRef) and (prop, SH.path, None) not in shapes
    }
    assert undefined == DANGLING
    assert len(load_shapes("dcat-ap-SHACL.ttl")) == len(shapes) - len(DANGLING)
