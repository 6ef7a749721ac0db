"""Every error kg_builder raises, under one root.

::

    KgError                       anything the tool could not do; the CLI exits 2
    ├── ConfigError               [tool.kg_builder] in pyproject.toml is wrong or missing
    ├── InputError                bad input files; carries every Problem of the run at once
    ├── AnchorError (ValueError)  a quote is not in its source, or is there more than once
    ├── AmountError (ValueError)  a Chinese amount or quantity cannot be read
    ├── QueryError                a .rq file is malformed or a parameter does not fit it
    ├── EndpointError             a SPARQL endpoint or graph store failed us
    ├── OutputError               an output could not be written
    └── ViewError                 a view of the graph cannot be drawn: an unknown focus or
                                  class, or a missing font, browser or bundled script

A SHACL violation is not an error: it is data, returned in a validation report.
Messages say where, what was found, and what is allowed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class KgError(Exception):
    """Root of kg_builder's errors."""


class ConfigError(KgError):
    """The project's configuration is wrong or missing."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a line a person can go to."""

    path: Path
    line: int | None
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else f"{self.path}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += "\n    " + self.hint.replace("\n", "\n    ")
        return text


class InputError(KgError):
    """Input files are wrong; every problem found in the run is listed, sorted by place."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=_problem_key))
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the input:"
        super().__init__("\n".join([heading, *(str(p) for p in self.problems)]))


def _problem_key(problem: Problem) -> tuple[str, int, str]:
    return (str(problem.path), problem.line or 0, problem.message)


class AnchorError(KgError, ValueError):
    """A quote could not be anchored in its source text."""


class AmountError(KgError, ValueError):
    """A Chinese amount or quantity could not be parsed."""


class QueryError(KgError):
    """A SPARQL query file or one of its parameters is wrong."""


class EndpointError(KgError):
    """A remote SPARQL endpoint or graph store failed."""


class OutputError(KgError):
    """An output file could not be written."""


class ViewError(KgError):
    """A view of the graph (``kg viz``) cannot be drawn as asked or on this machine."""


def did_you_mean(word: str, choices: Iterable[str], *, listing: bool = False) -> str:
    """A hint naming the closest allowed words (and, with ``listing``, all of them)."""
    options = list(choices)
    close = difflib.get_close_matches(word, options, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(f'`{c}`' for c in close)}?" if close else ""
    if listing or not close:
        hint = f"{hint} allowed: {', '.join(options)}".strip()
    return hint
