"""How long ``kg build`` takes, stage by stage, beside the floor Oxigraph sets.

For each size (documents of the synthetic corpus of ``generate.py``), a fresh process runs
``kg build`` (``pipeline.run_build``) on the corpus while a thread samples the memory of that
process and of every process it starts (the sum of their PSS, so that pages a forked child
shares with its parent count once). Each stage the build reports — load and anchor, build,
validate, the queries, every part of the publication (rendered beside validation, so their
times overlap the others' and have no memory of their own), writing — gets its wall time
and its peak memory. In the same process, for reference, the
N-Triples the build wrote are bulk-loaded into a pyoxigraph store and serialised again: that
is the floor every figure is also given as a multiple of. Optionally (``--pyshacl N``)
whole-graph pySHACL validates the same graph with the same shapes, for sizes up to N.

Each size runs ``--repeat`` times (in fresh processes, the first with an empty cache, the
later ones too unless ``--warm``); the table gives medians. The JSON keeps every run::

    python benchmarks/run.py --sizes 1 100 1000 --pyshacl 100 --incremental --out FILE.json

Nothing here asserts a time: CI runs the smallest size to see that it still runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg_builder.config import Config
    from kg_builder.validation import ValidationReport

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPORA = HERE / "corpora"  # git-ignored
MIB = 1024 * 1024


def tree_memory(pid: int) -> int:
    """Memory of a process and all its descendants, in bytes (Linux /proc): the sum of
    their proportional set sizes (PSS), so that pages a forked child shares with its parent
    count once, not once in each (as summing RSS would)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as kids:
                    pending.extend(int(child) for child in kids.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


class Monitor:
    """Samples the memory of this process tree; ``peak`` gives the highest in a span of time,
    ``lap`` closes a stage of the references: (seconds, peak)."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.samples: list[tuple[float, int]] = []
        self.start = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._sample()
        self._thread.start()

    def _sample(self) -> int:
        memory = tree_memory(os.getpid())
        self.samples.append((time.perf_counter(), memory))
        return memory

    def _run(self) -> None:
        while not self._stop.is_set():
            begun = time.perf_counter()
            self._sample()
            # reading PSS walks the page tables (~20 ms for 1.5 GB): at most a tenth of a core
            time.sleep(max(self.interval, 9 * (time.perf_counter() - begun)))

    def peak(self, since: float, until: float) -> int:
        """The highest memory sampled from ``since`` to ``until`` (perf_counter times)."""
        found = [memory for at, memory in self.samples if since <= at <= until]
        return max(found, default=self._sample())

    def lap(self) -> tuple[float, int]:
        now = time.perf_counter()
        self._sample()
        result = (now - self.start, self.peak(self.start, time.perf_counter()))
        self.start = time.perf_counter()
        return result

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def measure_once(project: Path, pyshacl: bool, check: bool) -> dict[str, object]:
    """One ``kg build`` of a project, in this process: stages, totals and references."""
    from kg_builder.config import load_config
    from kg_builder.pipeline import PUBLICATION, run_build

    config = load_config(project)
    stages: list[dict[str, object]] = []
    monitor = Monitor()
    begun = time.perf_counter()

    def progress(message: str) -> None:
        stage, _, rest = message.rpartition(": ")
        if rest.endswith(" s"):
            seconds, now = float(rest.removesuffix(" s")), time.perf_counter()
            # the publication's parts overlap the other stages: no memory of their own
            beside = stage.startswith(f"{PUBLICATION}: ")
            peak = None if beside else monitor.peak(now - seconds, now) / MIB
            stages.append({"stage": stage, "seconds": seconds, "peak_mib": peak})

    outcome = run_build(config, write=not check, progress=progress)
    total = time.perf_counter() - begun
    result: dict[str, object] = {
        "triples": len(outcome.built),
        "conforms": outcome.report.conforms,
        "results": len(outcome.report.results),
        "rebuilt": len(outcome.rebuilt),
        "stages": stages,
        "build": {"seconds": total, "peak_mib": monitor.peak(begun, time.perf_counter()) / MIB},
    }
    monitor.lap()
    result["reference"] = oxigraph_reference(outcome.built.ntriples, monitor)
    result["queries"] = query_seconds(config, outcome.built.ntriples)
    if pyshacl:
        result["pyshacl"] = pyshacl_reference(project, monitor, outcome.report)
    monitor.stop()
    return result


def oxigraph_reference(data: bytes, monitor: Monitor) -> dict[str, dict[str, float]]:
    """The floor: pyoxigraph bulk-loads the N-Triples of the graph built, and serialises them."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
    load = monitor.lap()
    out = {"bulk load": {"seconds": load[0], "peak_mib": load[1] / MIB}}
    for name, form in (
        ("serialise N-Triples", pyoxigraph.RdfFormat.N_TRIPLES),
        ("serialise Turtle", pyoxigraph.RdfFormat.TURTLE),
    ):
        store.dump(format=form, from_graph=pyoxigraph.DefaultGraph())
        seconds, peak = monitor.lap()
        out[name] = {"seconds": seconds, "peak_mib": peak / MIB}
    return out


def query_seconds(config: Config, ntriples: bytes) -> dict[str, float]:
    """Each shipped query on its own, timed, on the store the build queries."""
    from kg_builder.pipeline import dataset_store, load_project_schema
    from kg_builder.queries import load_query, query_files
    from kg_builder.store import run_query

    store = dataset_store(config, ntriples, load_project_schema(config).graph)
    seconds = {}
    for path in query_files(config.queries_dir):
        query = load_query(path)
        start = time.perf_counter()
        run_query(store, query)
        seconds[query.name] = time.perf_counter() - start
    return seconds


def pyshacl_reference(project: Path, monitor: Monitor, ours: ValidationReport) -> dict[str, object]:
    """Whole-graph pySHACL on the graph just built and the same shapes (the reference),
    and whether it gives our results (focus node, path, value, severity, shape)."""
    from kg_builder.config import load_config
    from kg_builder.pipeline import check_project
    from kg_builder.validation import Validator

    def key(report: ValidationReport) -> list[tuple[str, ...]]:
        return sorted(
            (str(r.focus), str(r.path), str(r.value), r.severity.value, str(r.shape))
            for r in report.results
        )

    monitor.lap()
    checked = check_project(load_config(project), validator=Validator.PYSHACL)
    seconds, peak = monitor.lap()
    return {
        "seconds": seconds,
        "peak_mib": peak / MIB,
        "results": len(checked.report.results),
        "same_results": key(checked.report) == key(ours),
    }


def ensure_corpus(size: int, seed: int) -> Path:
    """The corpus of ``size`` documents, generated once into the git-ignored folder."""
    project = CORPORA / f"{size}-seed{seed}"
    done = project / ".complete"
    if not done.exists():
        shutil.rmtree(project, ignore_errors=True)
        sys.path.insert(0, str(HERE))
        from generate import generate_corpus

        generate_corpus(project, size, seed=seed)
        done.touch()
    return project


def run_size(size: int, args: argparse.Namespace) -> list[dict[str, object]]:
    project = ensure_corpus(size, args.seed)
    runs = []
    for number in range(args.repeat):
        if not args.warm or number == 0:
            shutil.rmtree(project / ".kg-cache", ignore_errors=True)
        shutil.rmtree(project / "dist", ignore_errors=True)
        command = [sys.executable, __file__, "--one", str(project)]
        if args.check:
            command.append("--check")
        if args.pyshacl >= size and number == 0:
            command.append("--with-pyshacl")
        load_before = os.getloadavg()[0]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            raise SystemExit(f"the benchmark of {size} documents failed")
        run = json.loads(done.stdout)
        run["load_average"] = [load_before, os.getloadavg()[0]]
        runs.append(run)
        print(
            f"  {size} documents, run {number + 1}: {run['build']['seconds']:.2f} s",
            file=sys.stderr,
        )
    if args.incremental:
        runs[-1]["incremental"] = incremental(project, args.check)
    return runs


def incremental(project: Path, check: bool) -> dict[str, object]:
    """Edit one document of a built project (a label) and build again, timed."""
    annotations = sorted((project / "data" / "annotations").glob("*.yaml"))
    edited = annotations[len(annotations) // 2]
    original = edited.read_text(encoding="utf-8")
    edited.write_text(original.replace('en: "', 'en: "Edited: ', 1), encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(project), *(["--check"] if check else [])],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(done.stdout) | {"edited": edited.name}
    finally:
        edited.write_text(original, encoding="utf-8")


def median(runs: list[dict[str, object]], pick: Callable[[dict[str, object]], float]) -> float:
    return statistics.median(pick(run) for run in runs)


def stage_cell(
    runs: list[dict[str, object]], pick: Callable[[dict[str, object]], dict[str, float]]
) -> str:
    """Median seconds, as a multiple of the bulk load, and the highest peak (if measured)."""
    try:
        seconds = median(runs, lambda run: pick(run)["seconds"])
        peaks = [pick(run)["peak_mib"] for run in runs]
    except (KeyError, StopIteration):
        return "—"
    floor = median(runs, lambda run: run["reference"]["bulk load"]["seconds"])  # type: ignore[index]
    memory = "" if None in peaks else f" · {max(peaks):.0f} MiB"
    return f"{seconds:.2f} s ({seconds / floor:.1f}×){memory}"


def table(results: dict[str, list[dict[str, object]]]) -> str:
    """One column per size: median seconds (and × the Oxigraph bulk load), peak MiB."""
    sizes = list(results)
    rows: list[tuple[str, Callable[[dict[str, object]], dict[str, float]]]] = []
    first = results[sizes[-1]][0]
    for stage in first["stages"]:  # type: ignore[union-attr]
        name = stage["stage"]  # type: ignore[index]
        rows.append(
            (name, lambda run, name=name: next(s for s in run["stages"] if s["stage"] == name))
        )  # type: ignore[misc,union-attr]
    rows.append(("**kg build, total**", lambda run: run["build"]))  # type: ignore[arg-type,return-value]
    for name in ("bulk load", "serialise N-Triples", "serialise Turtle"):
        rows.append(
            (f"reference: pyoxigraph {name}", lambda run, name=name: run["reference"][name])
        )  # type: ignore[index,misc]
    lines = [
        "| stage | " + " | ".join(f"{s} documents" for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    lines.append("| triples | " + " | ".join(f"{results[s][0]['triples']:,}" for s in sizes) + " |")
    for label, pick in rows:
        cells = [stage_cell(results[size], pick) for size in sizes]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    pyshacl_cells = []
    for size in sizes:
        with_reference = [run for run in results[size] if "pyshacl" in run]
        if not with_reference:
            pyshacl_cells.append("not run")
            continue
        reference = with_reference[0]["pyshacl"]
        ours = next(s for s in with_reference[0]["stages"] if s["stage"] == "validate")  # type: ignore[union-attr]
        same = "same results" if reference.get("same_results") else "DIFFERENT results"
        pyshacl_cells.append(
            f"{reference['seconds']:.2f} s ({reference['seconds'] / ours['seconds']:.0f}× ours,"
            f" {same})"
        )  # type: ignore[index]
    lines.append("| reference: whole-graph pySHACL | " + " | ".join(pyshacl_cells) + " |")
    slowest = []
    for size in sizes:
        runs = [run for run in results[size] if "queries" in run]
        if not runs:
            slowest.append("not run")
            continue
        names = list(runs[0]["queries"])  # type: ignore[call-overload]
        times = {n: median(runs, lambda run, n=n: run["queries"][n]) for n in names}  # type: ignore[index,misc]
        name = max(times, key=times.__getitem__)
        slowest.append(f"{times[name]:.3f} s ({name}; {len(names)} queries)")
    lines.append("| slowest shipped query, on its own | " + " | ".join(slowest) + " |")
    incremental_cells = []
    for size in sizes:
        last = results[size][-1]
        if "incremental" in last:
            run = last["incremental"]
            build = run["build"]
            incremental_cells.append(
                f"{build['seconds']:.2f} s · {build['peak_mib']:.0f} MiB, {run['rebuilt']} rebuilt"
            )
        else:
            incremental_cells.append("not run")
    lines.append(
        "| incremental kg build, one document edited | " + " | ".join(incremental_cells) + " |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000, 10000])
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per size (medians are reported)"
    )
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--warm", action="store_true", help="keep the cache between runs")
    parser.add_argument(
        "--incremental", action="store_true", help="also time a rebuild after editing one document"
    )
    parser.add_argument(
        "--pyshacl",
        type=int,
        default=0,
        metavar="N",
        help="whole-graph pySHACL reference for sizes up to N",
    )
    parser.add_argument("--out", type=Path, help="write every run as JSON")
    parser.add_argument(
        "--check", action="store_true", help="measure `kg build --check` (no write)"
    )
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--with-pyshacl", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        json.dump(measure_once(args.one, args.with_pyshacl, args.check), sys.stdout)
        return 0
    results = {str(size): run_size(size, args) for size in args.sizes}
    text = table(results)
    print(text)
    if args.out is not None:
        machine = {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        }
        args.out.write_text(
            json.dumps({"machine": machine, "results": results, "table": text}, indent=1) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
