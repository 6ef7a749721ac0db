"""The fast path gives the results of the reference path: same graph, same SHACL results.

- pyshacl-turbo (the default validator) against pySHACL (the reference) on every case of
  the validation gallery and on an invented synthetic corpus (``benchmarks/generate.py``);
- documents built in parallel against documents built one by one;
- a build from the cache against a build without one, after an edit and after damage to
  the cache.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph
from rdflib.term import Node

from kg_builder import shacl_core
from kg_builder.annotations import annotation_files
from kg_builder.config import load_config
from kg_builder.parts import CACHE_DIR, load_parts
from kg_builder.pipeline import check_project, load_project_schema, run_build
from kg_builder.validation import ValidationReport, Validator
from tests.conftest import ROOT
from tests.test_cli import run
from tests.test_validation_cases import BROKEN, CASES, gallery_project

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate_corpus  # benchmarks/ is not a package: its folder is on the path

GALLERY = [
    case
    for case in (CASES / "valid.yaml", *BROKEN)
    if "# expect: error" not in case.read_text(encoding="utf-8")  # rejected before any graph
]


def comparable(report: ValidationReport) -> list[tuple[object, ...]]:
    """Everything a result says, blank nodes (a path such as ^oa:hasBody) by their shape."""

    def term(node: Node | None) -> object:
        if isinstance(node, BNode):
            graph = report.report_graph
            return tuple(sorted((str(p), str(term(o))) for p, o in graph.predicate_objects(node)))
        return None if node is None else node.n3()

    return sorted(
        (
            r.severity.value,
            term(r.focus),
            term(r.path),
            term(r.value),
            term(r.shape),
            term(r.component),
            tuple(sorted(m.n3() for m in r.messages)),
            r.origins,
        )
        for r in report.results
    )


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An invented corpus of 70 documents: enough to be built by a pool of processes."""
    return generate_corpus(tmp_path_factory.mktemp("synthetic") / "project", 70)


@pytest.fixture
def small_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs of forty triples: most neighbours of a focus node fall in another run."""
    monkeypatch.setattr(shacl_core, "RUN_TRIPLES", 40)


@pytest.mark.usefixtures("small_runs")
@pytest.mark.parametrize("case", GALLERY, ids=[case.stem for case in GALLERY])
def test_the_fast_validator_reports_what_pyshacl_reports(tmp_path: Path, case: Path) -> None:
    config = load_config(gallery_project(tmp_path, case))
    fast = check_project(config, validator=Validator.FAST).report
    reference = check_project(config, validator=Validator.PYSHACL).report
    assert comparable(fast) == comparable(reference)
    assert fast.conforms == reference.conforms


@pytest.mark.usefixtures("small_runs")
def test_the_fast_validator_agrees_on_a_synthetic_corpus(tmp_path: Path) -> None:
    """Twelve documents: pySHACL's time grows much faster than the graph."""
    config = load_config(generate_corpus(tmp_path / "project", 12))
    fast = check_project(config, validator=Validator.FAST)
    reference = check_project(config, validator=Validator.PYSHACL)
    assert len(fast.built) > 2000
    assert comparable(fast.report) == comparable(reference.report) == []


def test_documents_built_in_parallel_are_the_ones_built_one_by_one(synthetic: Path) -> None:
    config = load_config(synthetic)
    schema = load_project_schema(config)
    paths = annotation_files(config.annotations_dir)

    def parts(workers: int) -> tuple[object, ...]:
        return load_parts(
            paths,
            config.sources_dir,
            schema,
            ontology=config.ontology_dir,
            base=config.base,
            cache_dir=None,
            workers=workers,
        ).parts

    assert parts(2) == parts(1)


def outputs(project: Path) -> dict[str, bytes]:
    dist = project / "dist"
    return {
        str(p.relative_to(dist)): p.read_bytes() for p in sorted(dist.rglob("*")) if p.is_file()
    }


def test_the_cache_rebuilds_what_changed_and_nothing_else(tmp_path: Path, synthetic: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(synthetic, project)
    shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
    config = load_config(project)
    first = run_build(config)
    assert len(first.rebuilt) == 70
    cold = outputs(project)

    again = run_build(config)
    assert again.rebuilt == ()
    assert outputs(project) == cold  # byte-identical from the cache
    assert list((project / CACHE_DIR / "exports").iterdir())  # the exports' runs too

    edited = project / "data" / "annotations" / "report-00007.yaml"
    edited.write_text(edited.read_text("utf-8").replace("aid team, batch", "aid team no."), "utf-8")
    changed = run_build(config)
    assert changed.rebuilt == ("report-00007",)
    from_cache = outputs(project)
    shutil.rmtree(project / CACHE_DIR)
    assert run_build(config).rebuilt != ()
    assert outputs(project) == from_cache  # the same as a build from nothing
    assert from_cache["kg.nt"] != cold["kg.nt"]


def test_a_damaged_cache_entry_is_rebuilt_not_trusted(tmp_path: Path, synthetic: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(synthetic, project)
    config = load_config(project)
    run_build(config, write=False)
    entries = sorted((project / CACHE_DIR).rglob("*.pickle"))
    assert len(entries) == 70
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # as if a crash cut it short
    entries[1].write_bytes(b"not a pickle at all")
    outcome = run_build(config, write=False)
    assert len(outcome.rebuilt) == 2
    assert len(outcome.built) == len(check_project(config).built)
    assert Graph().parse(data=outcome.built.ntriples, format="nt")


def test_kg_build_names_the_documents_it_rebuilt(tmp_path: Path) -> None:
    """An invented project of three documents (the gazetteer and two reports) with its own
    copy of the ontology: an edit rebuilds its document alone; the ontology, every one."""
    project = generate_corpus(tmp_path / "project", 3)
    shutil.copytree(ROOT / "ontology", project / "ontology")
    pyproject = project / "pyproject.toml"
    settings = pyproject.read_text("utf-8").splitlines(keepends=True)
    pyproject.write_text("".join(s for s in settings if not s.startswith("ontology =")), "utf-8")
    annotations = project / "data" / "annotations"
    names = [path.name.removesuffix(".yaml") for path in annotation_files(annotations)]
    assert len(names) == 3

    def rebuilt() -> str:
        code, _, err = run("--project", str(project), "build", "--check")
        assert code == 0, err
        return next(line for line in err.splitlines() if line.startswith("rebuilt"))

    assert rebuilt() == f"rebuilt every document (3 documents): {', '.join(names)}"
    assert rebuilt() == "rebuilt no document: all unchanged, from .kg-cache/ (3 documents)"
    edited = annotations / f"{names[1]}.yaml"
    edited.write_text(edited.read_text("utf-8").replace('en: "', 'en: "Edited: ', 1), "utf-8")
    assert rebuilt() == (
        f"rebuilt 1 of 3 documents (the others are unchanged, from .kg-cache/): {names[1]}"
    )
    assert rebuilt() == "rebuilt no document: all unchanged, from .kg-cache/ (3 documents)"
    ontology = project / "ontology" / "ontology.ttl"
    ontology.write_text(ontology.read_text("utf-8") + "\n# an edit\n", "utf-8")
    assert rebuilt() == f"rebuilt every document (3 documents): {', '.join(names)}"
