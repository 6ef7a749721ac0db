"""The shapes themselves and validation as a library: the bundled data conforms, every shape
says why in two languages at a deliberate severity, the closed class shapes agree with the
ontology, "this year" is computed when validation runs, and results point at lines."""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SH, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import XSD
from rdflib.term import Node

from kg_builder.build import BuiltGraph, Origin, item_iri
from kg_builder.config import Config, load_config
from kg_builder.pipeline import check_project
from kg_builder.schema import Schema
from kg_builder.validation import ValidationReport, load_shapes, validate_graph
from kg_builder.vocab import OA, PA
from tests.conftest import ROOT
from tests.test_validation_cases import CASES, gallery_project

SHAPES = load_shapes(ROOT / "ontology")
PASH = "https://w3id.org/kg-builder/shapes#"
ANNOTATION = ROOT / "data" / "annotations" / "luzang-aid-2023.yaml"

# What makes a shape report something of its own (sh:property and sh:node only delegate).
PARAMETERS = {
    SH[name]
    for name in (  # noqa: SIM905  (the parameters of SHACL Core and SHACL-SPARQL, by name)
        "class datatype nodeKind minCount maxCount minExclusive minInclusive maxExclusive "
        "maxInclusive minLength maxLength pattern languageIn uniqueLang equals disjoint "
        "lessThan lessThanOrEquals not and or xone qualifiedValueShape closed hasValue in sparql"
    ).split()
} | {URIRef(PASH + "earliestYear")}


def named_shapes() -> list[URIRef]:
    shapes = {
        s
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in SHAPES.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
    }
    return sorted(shapes)


def languages(subject: Node, predicate: URIRef) -> set[str | None]:
    return {o.language for o in SHAPES.objects(subject, predicate) if isinstance(o, Literal)}


@pytest.fixture(scope="module")
def bundled(built: BuiltGraph, schema: Schema) -> ValidationReport:
    return validate_graph(built, shapes=SHAPES, ontology=schema.graph)


def test_the_bundled_data_conforms_without_a_single_result(bundled: ValidationReport) -> None:
    assert bundled.conforms
    assert bundled.passes(strict=True)
    assert bundled.results == ()


@pytest.mark.parametrize("shape", named_shapes(), ids=lambda s: s.removeprefix(PASH))
def test_every_shape_has_a_name_and_says_why_at_a_deliberate_severity(shape: URIRef) -> None:
    naming = SH.name if (shape, RDF.type, SH.PropertyShape) in SHAPES else RDFS.label
    assert languages(shape, naming) == {"zh", "en"}
    if not PARAMETERS & set(SHAPES.predicates(shape)):
        return  # it only gathers property shapes, which report for themselves
    assert SHAPES.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info)
    constraints = list(SHAPES.objects(shape, SH.sparql))
    for source in constraints or [shape]:
        assert languages(source, SH.message) == {"zh", "en"}, source


def test_every_class_of_the_built_graph_has_a_node_shape(built: BuiltGraph) -> None:
    targeted = set(SHAPES.objects(None, SH.targetClass))
    used = set(built.graph.objects(None, RDF.type))
    assert used <= targeted, used - targeted


def test_closed_class_shapes_allow_exactly_the_ontology_domain(schema: Schema) -> None:
    """A class shape is closed: its property shapes must be the properties whose rdfs:domain
    (or a union in it, or a superclass) includes the class — the ontology stays the one
    place that says which item has which property."""
    ontology = schema.graph
    ignored = set(Collection(SHAPES, URIRef(PASH + "commonProperties")))
    closed = list(SHAPES.subjects(SH.closed, Literal(True)))
    assert len(closed) == 16
    for shape in closed:
        cls = SHAPES.value(shape, SH.targetClass)
        classes = {cls, *ontology.transitive_objects(cls, RDFS.subClassOf)}
        allowed = set()
        properties = (
            p
            for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
            for p in ontology.subjects(RDF.type, kind)
        )
        for prop in properties:
            domain = ontology.value(prop, RDFS.domain)
            members = set(Collection(ontology, ontology.value(domain, OWL.unionOf) or RDF.nil))
            if str(prop).startswith(str(PA._NS)) and classes & (members | {domain}):
                allowed.add(prop)
        paths = {SHAPES.value(p, SH.path) for p in SHAPES.objects(shape, SH.property)}
        assert paths == allowed - ignored, shape


def test_the_upper_bound_of_years_is_the_current_one(tmp_path: Path) -> None:
    """YEAR(NOW()) is read when validation runs: this year passes, next year does not."""
    project = gallery_project(tmp_path, CASES / "valid.yaml")
    config = load_config(project)
    checked = check_project(config)
    flow = item_iri(config.base, "FundingFlow", "jinan-funds-2023")
    this_year = datetime.date.today().year
    for year, shapes in ((this_year, []), (this_year + 1, ["FundingFlow-yearRange"])):
        graph = Graph()
        graph += checked.built.graph
        graph.set((flow, PA.year, Literal(str(year), datatype=XSD.gYear)))
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        built = replace(checked.built, ntriples=b"".join(sorted(set(lines) - {b"\n"})))
        report = validate_graph(built, shapes=SHAPES, ontology=checked.assembled.schema.graph)
        assert [str(r.shape).removeprefix(PASH) for r in report.results] == shapes


def line_of(text: str) -> int:
    lines = ANNOTATION.read_text(encoding="utf-8").splitlines()
    (number,) = [n for n, line in enumerate(lines, start=1) if line == text]
    return number


def test_labels_and_quotes_point_at_their_lines(built: BuiltGraph, config: Config) -> None:
    jinan = item_iri(config.base, "City", "jinan")
    path = config.annotations_dir / ANNOTATION.name
    label = Origin(path, line_of("    label: {zh: 济南市, en: Jinan}"))
    assert built.origins(jinan, RDFS.label) == (label,)
    quote = Origin(path, line_of("    quote: 济南援藏：持续擦亮白朗“高原果蔬之乡”品牌"))
    (annotation,) = built.graph.subjects(OA.hasBody, jinan)
    target = built.graph.value(annotation, OA.hasTarget)
    assert built.origins(annotation) == (quote,)
    for selector in built.graph.objects(target, OA.hasSelector):
        assert built.origins(selector) == (quote,)
