"""What every command shares: exit codes, error reporting, the project, stderr output."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from kg_builder.config import Config, find_project, load_config
from kg_builder.errors import KgError

EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2

F = TypeVar("F", bound=Callable[..., Any])


class KgCommandError(click.ClickException):
    """A KgError on its way out: printed as it is, exit 2 (ClickException's 1 is for violations)."""

    exit_code = EXIT_BAD_INPUT

    def format_message(self) -> str:
        return self.message


def reports_errors(command: F) -> F:
    """Turn the library's errors into exit 2 with their message."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KgError as error:
            raise KgCommandError(str(error)) from error

    return wrapper  # type: ignore[return-value]


def project_config(context: click.Context) -> Config:
    """The configuration of the project the command works on."""
    try:
        root = context.obj if context.obj is not None else find_project(Path.cwd())
        # Paths in messages read best relative to where the user stands.
        relative = os.path.relpath(root)
        return load_config(Path(relative) if not relative.startswith("..") else root)
    except KgError as error:
        raise KgCommandError(str(error)) from error


def say(message: str) -> None:
    """Progress and summaries go to stderr; stdout is for results."""
    click.echo(message, err=True)
