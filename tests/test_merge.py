"""One entity across documents: the article and two invented documents about its entities.

``tests/documents/`` holds two documents invented for these tests (each says so): they
describe the article's Shigatse, Bainang, Jinan, Qingdao's team and Hisense Ultrasound again,
under the same ids, with other names and two figures that disagree with the article.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import PROV, RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.compare import isomorphic

from kg_builder.annotations import annotation_files, load_corpus
from kg_builder.build import build_graph, item_iri, source_iri
from kg_builder.config import Config
from kg_builder.merge import Merged, merge_documents, single_valued
from kg_builder.model import Corpus
from kg_builder.pipeline import dataset_store
from kg_builder.queries import load_query
from kg_builder.schema import Schema
from kg_builder.store import run_query
from kg_builder.validation import Severity, load_shapes, validate_graph
from kg_builder.vocab import OA, PA

DOCUMENTS = Path(__file__).parent / "documents"
INVENTED = ("invented-bainang-2024", "invented-samzhubze-2024")


def corpus_with_invented(tmp_path: Path, config: Config, schema: Schema) -> Corpus:
    sources, annotations = tmp_path / "sources", tmp_path / "annotations"
    shutil.copytree(config.sources_dir, sources)
    shutil.copytree(config.annotations_dir, annotations)
    for name in INVENTED:
        for suffix in (".txt", ".meta.yaml"):
            shutil.copy(DOCUMENTS / f"{name}{suffix}", sources)
        shutil.copy(DOCUMENTS / f"{name}.yaml", annotations)
    return load_corpus(annotation_files(annotations), sources, schema)


def merged_of(corpus: Corpus, config: Config, schema: Schema) -> Merged:
    built = build_graph(corpus, schema, base=config.base)
    single = single_valued(load_shapes(config.ontology_dir))
    return merge_documents(built, single=single, base=config.base)


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory, config: Config, schema: Schema) -> Merged:
    corpus = corpus_with_invented(tmp_path_factory.mktemp("merge"), config, schema)
    return merged_of(corpus, config, schema)


def iri(config: Config, type_: str, item_id: str) -> URIRef:
    return item_iri(config.base, type_, item_id)


def labels(merged: Merged, subject: URIRef, predicate: URIRef) -> set[str]:
    return {
        f"{o}@{o.language}"
        for o in merged.built.graph.objects(subject, predicate)
        if isinstance(o, Literal)
    }


def test_one_resource_keeps_every_quote_of_every_document(merged: Merged, config: Config) -> None:
    graph = merged.built.graph
    hisense = iri(config, "Enterprise", "hisense-ultrasound")
    sources = sorted(
        str(graph.value(graph.value(a, OA.hasTarget), OA.hasSource)).rsplit("/", 1)[-1]
        for a in graph.subjects(OA.hasBody, hisense)
    )
    assert sources == ["invented-samzhubze-2024", "invented-samzhubze-2024", "luzang-aid-2023"]


def test_the_earliest_document_names_it_other_names_become_alt_labels(
    merged: Merged, config: Config
) -> None:
    shigatse = iri(config, "Prefecture", "shigatse")
    assert labels(merged, shigatse, RDFS.label) == {"日喀则市@zh", "Shigatse@en"}
    assert "日喀则地区@zh" in labels(merged, shigatse, SKOS.altLabel)
    hisense = iri(config, "Enterprise", "hisense-ultrasound")
    assert labels(merged, hisense, RDFS.label) == {"海信超声@zh", "Hisense Ultrasound@en"}
    assert "海信医疗超声@zh" in labels(merged, hisense, SKOS.altLabel)
    samzhubze = iri(config, "County", "samzhubze")
    assert "日喀则市区@zh" in labels(merged, samzhubze, SKOS.altLabel)
    assert merged.renamed[shigatse] == (Literal("日喀则地区", lang="zh"),)


def test_conflicting_values_are_kept_with_their_documents(merged: Merged, config: Config) -> None:
    graph = merged.built.graph
    flow = iri(config, "FundingFlow", "jinan-aid-funds-2022")
    # The resource keeps the earliest document's amount: a sum counts the flow once.
    assert set(graph.objects(flow, PA.amount)) == {Literal("51040000", datatype=XSD.decimal)}
    assert set(graph.objects(flow, PA.originalText)) == {Literal("5104 万元")}
    said = {
        (
            str(graph.value(s, RDF.object)),
            str(graph.value(s, PROV.wasDerivedFrom)).rsplit("/", 1)[-1],
        )
        for s in graph.subjects(RDF.type, PA.ConflictingValue)
        if graph.value(s, RDF.subject) == flow and graph.value(s, RDF.predicate) == PA.amount
    }
    assert said == {("51040000", "luzang-aid-2023"), ("51400000", "invented-bainang-2024")}
    team = iri(config, "Team", "qingdao-10")
    conflict = next(
        c for c in merged.conflicts if (c.subject, c.predicate) == (team, PA.memberCount)
    )
    assert [(str(v.value), v.document) for v in conflict.values] == [
        ("15", source_iri(config.base, "luzang-aid-2023")),
        ("16", source_iri(config.base, "invented-samzhubze-2024")),
    ]
    assert [(o.path.name, o.line) for v in conflict.values for o in v.origins] == [
        ("luzang-aid-2023.yaml", 165),
        ("invented-samzhubze-2024.yaml", 28),
    ]


def test_documents_that_agree_make_no_conflict(merged: Merged, config: Config) -> None:
    subjects = {c.subject for c in merged.conflicts}
    assert iri(config, "Team", "jinan-10") not in subjects  # same batch in both documents
    assert {
        (c.subject.rsplit("/", 1)[-1], c.predicate.rsplit("#", 1)[-1]) for c in merged.conflicts
    } == {
        ("jinan-aid-funds-2022", "amount"),
        ("qingdao-10", "memberCount"),
    }


def test_the_merge_does_not_depend_on_the_order_documents_come_in(
    tmp_path: Path, config: Config, schema: Schema, merged: Merged
) -> None:
    corpus = corpus_with_invented(tmp_path, config, schema)
    reversed_corpus = Corpus(tuple(reversed(corpus.documents)))
    assert isomorphic(merged_of(reversed_corpus, config, schema).built.graph, merged.built.graph)


def test_one_document_merges_to_itself(config: Config, schema: Schema, corpus: Corpus) -> None:
    built = build_graph(corpus, schema, base=config.base)
    result = merge_documents(
        built, single=single_valued(load_shapes(config.ontology_dir)), base=config.base
    )
    assert result.conflicts == ()
    assert isomorphic(result.built.graph, built.graph)


def test_the_conflicts_can_be_queried(merged: Merged, config: Config, schema: Schema) -> None:
    store = dataset_store(config, merged.built.graph, schema.graph)
    result = run_query(store, load_query(config.queries_dir / "conflicting-values.rq"))
    rows = {tuple(str(cell) for cell in row) for row in result.rows}
    samzhubze_report = "青岛援藏：桑珠孜区的企业新伙伴（测试虚构）"
    bainang_report = "济南援藏白朗：蔬菜大棚里的新希望（测试虚构）"
    assert ("青岛市第十批援藏干部人才工作组", "人数", "16", "", samzhubze_report) in rows
    # An amount's original text goes with it.
    assert ("济南市2022年援藏资金", "金额", "51400000", "5140 万元", bainang_report) in rows
    assert len(rows) == 4


def test_a_conflict_across_documents_is_a_warning_inside_one_a_violation(
    tmp_path: Path, config: Config, schema: Schema, merged: Merged
) -> None:
    shapes = load_shapes(config.ontology_dir)
    report = validate_graph(merged.built, shapes=shapes, ontology=schema.graph)
    assert report.conforms
    warnings = [r for r in report.results if r.severity is Severity.WARNING]
    assert len(warnings) == 4  # the two values of the amount, the two of the team's size
    team = next(w for w in warnings if "memberCount = 16" in w.focus_label)
    assert [(o.path.name, o.line) for o in team.origins] == [
        ("invented-samzhubze-2024.yaml", 28),
        ("luzang-aid-2023.yaml", 165),
    ]
    # The same team given two sizes by one document: not a conflict between documents.
    corpus = corpus_with_invented(tmp_path, config, schema)
    annotation = next(
        d for d in corpus.documents if d.id == "invented-samzhubze-2024"
    ).annotation_path
    text = annotation.read_text("utf-8").replace(
        "memberCount: 16 名", "memberCount: [16 名, 17 名]"
    )
    annotation.write_text(text, encoding="utf-8")
    corpus = load_corpus(annotation_files(annotation.parent), tmp_path / "sources", schema)
    result = merged_of(corpus, config, schema)
    team_iri = iri(config, "Team", "qingdao-10")
    assert not any(c.subject == team_iri for c in result.conflicts)
    report = validate_graph(result.built, shapes=shapes, ontology=schema.graph)
    (violation,) = [r for r in report.results if r.severity is Severity.VIOLATION]
    assert (violation.focus, violation.path) == (team_iri, PA.memberCount)
