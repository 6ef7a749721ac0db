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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph

from kg_builder.annotations import Declared, annotation_files, corpus_problems
from kg_builder.build import BuiltGraph, DocumentPart, assemble_graph
from kg_builder.config import Config
from kg_builder.errors import ConfigError, InputError
from kg_builder.export.publication import render_publication
from kg_builder.export.settings import read_dataset_settings
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

    parts: tuple[DocumentPart, ...]
    schema: Schema
    built: BuiltGraph
    report: ValidationReport
    rebuilt: tuple[str, ...]
    store: LocalStore
    """The graph and the ontology in Oxigraph, as the queries see them (validation's too)."""
    conflicts: tuple[Conflict, ...] = ()
    """Values that documents disagree on (all kept; reported as warnings)."""


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
    checked = check_project(config, progress=timed)
    results: dict[str, str] = {}
    if queries:
        start = time.perf_counter()
        loaded = [load_query(path) for path in query_files(config.queries_dir)]
        results = {query.name: run_query_csv(checked.store, query) for query in loaded}
        timed("queries", start)
    parts, schema, built, report = checked.parts, checked.schema, checked.built, checked.report
    rebuilt, conflicts = checked.rebuilt, checked.conflicts
    # The exports read the N-Triples, not the store: let it go (half a GB at a million triples).
    del checked

    written: list[Path] = []
    if write:
        # Each file goes to disk as it is made; all are put in place at the end, or none.
        with StagedOutputs(config.dist_dir) as files:
            start = time.perf_counter()
            for form in REPORT_FORMATS.values():
                files[f"{REPORT_STEM}{form.suffix}"] = form.render(report).encode("utf-8")
            timed("validation reports", start)
            if report.conforms or force:
                render_publication(
                    built,
                    schema=schema,
                    base=config.base,
                    settings=settings,
                    files=files,
                    progress=timed,
                )
                for name, answer in results.items():
                    files[f"{QUERY_RESULTS_DIR}/{name}.csv"] = answer.encode("utf-8")
            start = time.perf_counter()
            written = files.commit()
            timed("write files", start)
    return BuildOutcome(parts, built, report, results, tuple(written), timings, rebuilt, conflicts)


def check_project(
    config: Config,
    *,
    inference: Inference = Inference.NONE,
    validator: Validator = Validator.FAST,
    progress: Callable[[str, float], None] | None = None,
) -> CheckOutcome:
    """Load and anchor the annotations, build the graph and validate it.

    Each document is loaded, anchored and built on its own — taken from the project's
    cache (``.kg-cache/``) when its files have not changed, else on every core — and the
    documents' parts are then assembled into the graph of the corpus.

    :param progress: called with each stage's name and start time when it is done.
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

    start = time.perf_counter()
    # One store for the SPARQL-based constraints and, in `kg build`, the queries.
    store = dataset_store(config, merged.built.ntriples, schema.graph)
    report = validate_graph(
        merged.built,
        shapes=shapes,
        ontology=schema.graph,
        inference=inference,
        validator=validator,
        store=store,
        cache=RunCache(config.root / CACHE_DIR, shapes_file=config.ontology_dir / SHAPES_FILE),
    )
    done("validate", start)
    return CheckOutcome(
        loaded.parts, schema, merged.built, report, loaded.rebuilt, store, merged.conflicts
    )


def _timer(timings: dict[str, float], progress: Progress | None) -> Callable[[str, float], None]:
    """Record how long a stage took since ``start`` and say so."""

    def timed(stage: str, start: float) -> None:
        timings[stage] = time.perf_counter() - start
        if progress is not None:
            progress(f"{stage}: {timings[stage]:.2f} s")

    return timed
