"""Work that writes output files, run in a process of its own beside the caller.

``kg build`` renders the publication (every export, the dataset description, the ontology
page) while it validates and queries the graph: both need only the merged graph, and on two
cores the two together take about as long as the longer one. A thread would not do: both
spend much of their time in Python, and they would take turns holding the GIL. The child is
forked, so it starts with the graph already in memory (shared, copy on write) and nothing
is pickled to it.

The child stages each file as ``StagedOutputs`` does, telling the parent of each temporary
file as soon as it exists, before writing it; the parent adopts them into its own
``StagedOutputs``, so that whatever happens to the child (an error, a stop, Ctrl-C, even
killed mid-write) the parent removes every file the child made, or puts them in place
with its own. Where processes cannot be forked (or on
one core) the work simply runs in the caller's process when it is waited for.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable, MutableMapping
from multiprocessing.connection import Connection
from pathlib import Path

from kg_builder.outputs import StagedOutputs

Progress = Callable[[str, float], None]
"""Called with the name of a part of the work and its start time when it is done."""
Work = Callable[[MutableMapping[str, bytes], Progress], None]
"""The work: writes files into the mapping it is given, reports its parts."""


class Beside:
    """``work`` running beside the caller (``start``), its files staged into ``staged``."""

    def __init__(self, work: Work, staged: StagedOutputs, progress: Progress) -> None:
        self._work = work
        self._staged = staged
        self._progress = progress
        self._process: multiprocessing.process.BaseProcess | None = None
        self._messages: Connection | None = None

    def start(self) -> Beside:
        if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
            return self  # runs in ``wait``
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(
            target=_child, args=(self._work, self._staged.folder, sending), daemon=True
        )
        # Until the child is done, neither process's garbage collector walks (and so writes
        # to) the objects they share: each page written would become a copy in both.
        gc.freeze()
        try:
            process.start()
        except BaseException:
            gc.unfreeze()
            raise
        sending.close()
        self._process, self._messages = process, receiving
        return self

    def wait(self) -> None:
        """Wait for the work; its files are staged. Raises what the work raised."""
        if self._process is None:
            self._work(self._staged, self._progress)
            return
        error = self._receive()
        self._end()
        if error is not None:
            raise error

    def stop(self) -> None:
        """End the work now; the files it staged are still staged (to be discarded)."""
        if self._process is None:
            return
        self._process.terminate()
        self._receive()
        self._end()

    def _end(self) -> None:
        """After the child's last word: reap it, close the pipe, let the collector back in."""
        assert self._process is not None
        assert self._messages is not None
        self._process.join()
        self._messages.close()
        self._process = self._messages = None
        gc.unfreeze()

    def _receive(self) -> BaseException | None:
        """Adopt the staged files the child reported; its error, if it ended with one."""
        assert self._messages is not None
        while True:
            try:
                message = self._messages.recv()
            except EOFError:  # the child is gone without saying it was done
                code = self._process.exitcode if self._process else None
                return RuntimeError(f"the publication process ended abruptly (exit {code})")
            kind, *rest = message
            if kind == "staged":
                relative, temporary = rest
                self._staged.adopt(relative, Path(temporary))
            elif kind == "part":
                name, seconds = rest
                self._progress(name, time.perf_counter() - seconds)
            elif kind == "error":
                return rest[0]  # type: ignore[no-any-return]
            else:
                return None


def _child(work: Work, folder: Path, messages: Connection) -> None:
    """In the forked child: do the work, telling the parent of each file staged."""

    def announce(relative: str, temporary: Path) -> None:
        messages.send(("staged", relative, str(temporary)))

    def part_done(name: str, start: float) -> None:
        messages.send(("part", name, time.perf_counter() - start))

    try:
        work(StagedOutputs(folder, announce=announce), part_done)
    except BaseException as error:  # handed to the parent, which raises it
        try:
            messages.send(("error", error))
        except Exception:  # an error that cannot be pickled: its words
            messages.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
        return
    messages.send(("done",))
