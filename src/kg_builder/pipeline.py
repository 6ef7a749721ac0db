"""The main job, ``kg build``: load, build, validate, query, write — in that order.

Each stage is a function of its own module; this one only chains them and decides what is
written. Outputs go to the project's ``dist/`` all at once, and only when the graph
conforms: a run with violations writes its validation reports and leaves the last good
graph in place (unless asked to write anyway). ``kg validate`` runs the first three stages
(``check_project``), the same code.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from rdflib import RDF, Graph

from kg_builder.annotations import Declared, annotation_files, corpus_problems
from kg_builder.beside import Beside
from kg_builder.build import BuiltGraph, DocumentPart, assemble_graph
from kg_builder.config import Config
from kg_builder.errors import ConfigError, InputError
from kg_builder.export.fragments import CACHE_SUBDIR as FRAGMENTS_SUBDIR
from kg_builder.export.fragments import FragmentCache
from kg_builder.export.publication import render_publication
from kg_builder.export.settings import read_dataset_settings
from kg_builder.lines import RUN_TRIPLES, graph_cuts
from kg_builder.merge import Conflict, merge_documents, single_valued
from kg_builder.outputs import StagedOutputs
from kg_builder.parts import CACHE_DIR, load_parts
from kg_builder.queries import load_query, query_files
from kg_builder.reports import REPORT_FORMATS
from kg_builder.schema import Schema, load_ontology, read_schema
from kg_builder.shacl_cache import RunCache
from kg_builder.store import LocalStore, load_store, run_query_csv
from kg_builder.validation import (
    SHAPES_FILE,
    Inference,
    ValidationReport,
    Validator,
    load_shapes,
    validate_graph,
)
from kg_builder.vocab import ONTOLOGY_IRI, PA

GRAPH_FILE = "kg.ttl"  # written by the Turtle exporter, with the other publication files
REPORT_STEM = "validation"
"""dist/validation.txt, .json, .ttl and .html: the report in every format of REPORT_FORMATS."""
QUERY_RESULTS_DIR = "queries"
PUBLICATION = "publication"
"""What the parts of the publication are called in progress and timings (``publication:
export turtle``): they are rendered beside validation and the queries."""

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildOutcome:
    """What a build produced, for the CLI to summarise and tests to inspect."""

    parts: tuple[DocumentPart, ...]
    """Every document built, in file order."""
    built: BuiltGraph
    report: ValidationReport
    query_results: Mapping[str, str]
    """Each query's answer, by query name, as the CSV written to ``dist/queries/``."""
    written: tuple[Path, ...]
    timings: Mapping[str, float] = field(default_factory=dict)
    rebuilt: tuple[str, ...] = ()
    """Ids of the documents built anew; the others came from the cache unchanged."""
    conflicts: tuple[Conflict, ...] = ()
    """Values that documents disagree on (kept, both; reported as warnings)."""

    @property
    def graph(self) -> Graph:
        return self.built.graph

    def class_counts(self) -> dict[str, int]:
        """Resources per ontology class, by class name (read off the N-Triples)."""
        typed = re.compile(
            rf"^<[^>]*> <{re.escape(str(RDF.type))}> <{re.escape(str(PA._NS))}(\w+)> \.$".encode(),
            re.MULTILINE,
        )
        counts = Counter(name.decode() for name in typed.findall(self.built.ntriples))
        return dict(sorted(counts.items()))


def dataset_store(config: Config, data: Graph | bytes, ontology: Graph) -> LocalStore:
    """What queries see: the data with the ontology and concept schemes that name its terms,
    each in its own named graph as ``kg publish`` puts them in a store."""
    return load_store({config.data_graph: data, ONTOLOGY_IRI: ontology})


def built_graph_file(config: Config) -> Path:
    """The graph of the last ``kg build`` (``dist/kg.ttl``).

    :raises ConfigError: when there is none yet.
    """
    path = config.dist_dir / GRAPH_FILE
    if not path.is_file():
        raise ConfigError(f"{path}: no built graph yet; run `kg build` first")
    return path


@dataclass(frozen=True)
class CheckOutcome:
    """The project loaded, built and validated."""

    assembled: AssembledProject
    report: ValidationReport
    store: LocalStore | None
    """The graph and the ontology in Oxigraph, as the queries see them (validation's too);
    None once let go."""

    @property
    def built(self) -> BuiltGraph:
        return self.assembled.built


def load_project_schema(config: Config) -> Schema:
    """The schema annotations are checked against, from the project's ontology."""
    return read_schema(load_ontology(config.ontology_dir))


def run_build(
    config: Config,
    *,
    write: bool = True,
    force: bool = False,
    queries: bool = True,
    progress: Progress | None = None,
) -> BuildOutcome:
    """Build the project's graph and write ``dist/``: the reports, the graph in every
    export format with its dataset description and ontology page, the query results.

    The publication (every export, the dataset description, the ontology page) is rendered
    in a process of its own while the graph is validated and queried (``beside.py``): both
    need only the merged graph, and so the two take both cores. It is kept only when the
    graph conforms (or ``force``); otherwise it is stopped and its files removed.

    :param write: write outputs at all (False: check only).
    :param force: write the graph and query results even when it has violations.
    :param queries: run the queries (``kg export`` and ``kg site`` need no answers).
    :raises InputError: bad annotations (nothing is written).
    :raises ConfigError: a missing or broken ontology, shapes file or configuration.
    :raises QueryError: a broken query file.
    :raises OutputError: dist/ cannot be written (nothing is changed).
    """
    timings: dict[str, float] = {}
    timed = _timer(timings, progress)
    settings = read_dataset_settings(config)  # a bad [tool.kg_builder.dataset] fails early
    assembled = assemble_project(config, progress=timed)
    if not write:
        checked = validate_project(config, assembled, progress=timed)
        results = _answers(checked, timed) if queries else {}
        return _outcome(checked, results, (), timings)

    def publish(files: MutableMapping[str, bytes], progress: Callable[[str, float], None]) -> None:
        render_publication(
            assembled.built,
            schema=assembled.schema,
            base=config.base,
            settings=settings,
            files=files,
            progress=progress,
            fragments=FragmentCache(config.root / CACHE_DIR / FRAGMENTS_SUBDIR),
        )

    # Each file goes to disk as it is made; all are put in place at the end, or none.
    with StagedOutputs(config.dist_dir) as files, StagedOutputs(config.dist_dir) as published:
        start = time.perf_counter()
        graph_cuts(assembled.built.ntriples, RUN_TRIPLES)  # for validation and the exports both
        publication = Beside(publish, published, _labelled(PUBLICATION, timed)).start()
        try:
            checked = validate_project(config, assembled, progress=timed)
            results = _answers(checked, timed) if queries else {}
            # The exports read the N-Triples, not the store: let it go (half a GB at a
            # million triples).
            checked = replace(checked, store=None)
            report = checked.report
            keep = report.conforms or force
            if keep:
                publication.wait()
            else:
                publication.stop()
        except BaseException:
            publication.stop()
            raise
        timed("validate, query and publish, side by side", start)
        start = time.perf_counter()
        for form in REPORT_FORMATS.values():
            files[f"{REPORT_STEM}{form.suffix}"] = form.render(report).encode("utf-8")
        timed("validation reports", start)
        if keep:
            files.take(published)
            for name, answer in results.items():
                files[f"{QUERY_RESULTS_DIR}/{name}.csv"] = answer.encode("utf-8")
        start = time.perf_counter()
        written = files.commit()
        timed("write files", start)
    return _outcome(checked, results, tuple(written), timings)


def _answers(checked: CheckOutcome, timed: Callable[[str, float], None]) -> dict[str, str]:
    """Every query's answer, as the CSV written to ``dist/queries/``."""
    assert checked.store is not None
    start = time.perf_counter()
    loaded = [load_query(path) for path in query_files(checked.assembled.config.queries_dir)]
    results = {query.name: run_query_csv(checked.store, query) for query in loaded}
    timed("queries", start)
    return results


def _outcome(
    checked: CheckOutcome,
    results: Mapping[str, str],
    written: tuple[Path, ...],
    timings: Mapping[str, float],
) -> BuildOutcome:
    assembled = checked.assembled
    return BuildOutcome(
        assembled.parts,
        assembled.built,
        checked.report,
        results,
        written,
        timings,
        assembled.rebuilt,
        assembled.conflicts,
    )


@dataclass(frozen=True)
class AssembledProject:
    """The project loaded, each document built, the documents merged: not yet validated."""

    config: Config
    parts: tuple[DocumentPart, ...]
    schema: Schema
    shapes: Graph
    built: BuiltGraph
    rebuilt: tuple[str, ...]
    conflicts: tuple[Conflict, ...]


def check_project(
    config: Config,
    *,
    inference: Inference = Inference.NONE,
    validator: Validator = Validator.FAST,
    progress: Callable[[str, float], None] | None = None,
) -> CheckOutcome:
    """Load and anchor the annotations, build the graph and validate it.

    :param progress: called with each stage's name and start time when it is done.
    :raises InputError: bad annotations, every problem with its file and line.
    :raises ConfigError: a missing or broken ontology or shapes file.
    """
    assembled = assemble_project(config, progress=progress)
    return validate_project(
        config, assembled, inference=inference, validator=validator, progress=progress
    )


def assemble_project(
    config: Config, *, progress: Callable[[str, float], None] | None = None
) -> AssembledProject:
    """Load and anchor the annotations, build each document and merge them into one graph.

    Each document is loaded, anchored and built on its own — taken from the project's
    cache (``.kg-cache/``) when its files have not changed, else on every core — and the
    documents' parts are then assembled into the graph of the corpus.

    :raises InputError: bad annotations, every problem with its file and line.
    :raises ConfigError: a missing or broken ontology or shapes file.
    """
    done = progress or (lambda _stage, _start: None)
    start = time.perf_counter()
    schema = load_project_schema(config)
    loaded = load_parts(
        annotation_files(config.annotations_dir),
        config.sources_dir,
        schema,
        ontology=config.ontology_dir,
        base=config.base,
        cache_dir=config.root / CACHE_DIR,
    )
    declared = (Declared(p.annotation_path, p.defines, p.references) for p in loaded.parts)
    problems = [*loaded.problems, *corpus_problems(declared)]
    if problems:
        raise InputError(problems)
    done("load, anchor and build each document", start)

    start = time.perf_counter()
    shapes = load_shapes(config.ontology_dir)
    # One entity across documents: a step after each document is built (merge.py). The
    # graph before the merge is not kept: it is as big as the graph.
    merged = merge_documents(
        assemble_graph(loaded.parts, base=config.base),
        single=single_valued(shapes),
        base=config.base,
    )
    done("assemble and merge the graph", start)
    return AssembledProject(
        config, loaded.parts, schema, shapes, merged.built, loaded.rebuilt, merged.conflicts
    )


def validate_project(
    config: Config,
    assembled: AssembledProject,
    *,
    inference: Inference = Inference.NONE,
    validator: Validator = Validator.FAST,
    progress: Callable[[str, float], None] | None = None,
) -> CheckOutcome:
    """Validate an assembled project's graph against its shapes."""
    done = progress or (lambda _stage, _start: None)
    start = time.perf_counter()
    # One store for the SPARQL-based constraints and, in `kg build`, the queries: loaded
    # when validation first asks for it, after SHACL Core.
    store = cache(lambda: dataset_store(config, assembled.built.ntriples, assembled.schema.graph))
    report = validate_graph(
        assembled.built,
        shapes=assembled.shapes,
        ontology=assembled.schema.graph,
        inference=inference,
        validator=validator,
        store=store,
        cache=RunCache(config.root / CACHE_DIR, shapes_file=config.ontology_dir / SHAPES_FILE),
    )
    done("validate", start)
    return CheckOutcome(assembled, report, store())


def _labelled(label: str, done: Callable[[str, float], None]) -> Callable[[str, float], None]:
    """``done`` with each stage's name after ``label``: the publication's parts run beside
    the other stages, and say so."""
    return lambda stage, start: done(f"{label}: {stage}", start)


def _timer(timings: dict[str, float], progress: Progress | None) -> Callable[[str, float], None]:
    """Record how long a stage took since ``start`` and say so."""

    def timed(stage: str, start: float) -> None:
        timings[stage] = time.perf_counter() - start
        if progress is not None:
            progress(f"{stage}: {timings[stage]:.2f} s")

    return timed
