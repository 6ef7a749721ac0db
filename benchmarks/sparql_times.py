"""How long each SHACL-SPARQL constraint and each shipped query takes on a built graph.

``run.py`` times whole stages; this finds which query of a stage is slow. The graph's
N-Triples (``dist/kg.nt`` of a built project) and the ontology go into one Oxigraph store,
as ``kg build`` loads them; each SPARQL-based constraint of the shapes (``--shapes``) and
each query of ``--queries`` then runs on its own, ``--repeat`` times (the median is
printed, with the number of solutions)::

    python benchmarks/sparql_times.py benchmarks/corpora/1000-seed6/dist/kg.nt --match Twice

Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(run: object, repeat: int) -> tuple[float, int]:
    """Median seconds of ``run()`` (a callable giving the number of solutions), and that number."""
    assert callable(run)
    seconds, count = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = run()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ntriples", type=Path, help="the graph, as N-Triples (dist/kg.nt)")
    parser.add_argument("--ontology", type=Path, default=ROOT / "ontology")
    parser.add_argument("--queries", type=Path, default=ROOT / "queries")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--match", default="", help="only what names this text")
    args = parser.parse_args(argv)

    import pyoxigraph

    from kg_builder.queries import load_query, query_files
    from kg_builder.schema import load_ontology
    from kg_builder.sparql_constraints import sparql_constraints
    from kg_builder.store import load_store, run_query
    from kg_builder.validation import load_shapes

    ontology = load_ontology(args.ontology)
    store = load_store(
        {
            "urn:kg-builder:data": args.ntriples.read_bytes(),
            "urn:kg-builder:ontology": ontology.serialize(format="nt", encoding="utf-8"),
        }
    )
    print(f"{len(store)} triples loaded", file=sys.stderr)

    def solutions(text: str) -> int:
        found = store.store.query(text, use_default_graph_as_union=True)
        assert isinstance(found, pyoxigraph.QuerySolutions)
        return sum(1 for _ in found)

    for constraint in sparql_constraints(load_shapes(args.ontology)):
        name = str(constraint.shape).rsplit("#", 1)[-1]
        if constraint.path is not None:
            name += f" {constraint.path.n3()}"
        if args.match in name:
            seconds, count = timed(lambda c=constraint: solutions(c.query), args.repeat)
            print(f"{seconds:8.3f} s  {count:7d}  constraint {name}", flush=True)
    for path in query_files(args.queries):
        query = load_query(path)
        if args.match in query.name:
            seconds, count = timed(lambda q=query: len(run_query(store, q).rows), args.repeat)
            print(f"{seconds:8.3f} s  {count:7d}  query {query.name}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
