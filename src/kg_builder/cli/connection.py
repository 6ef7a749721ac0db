"""What the commands that talk to a remote service share: --timeout, --retries and the
credentials, read from the environment (never from the command line, where they would be
echoed into shell history and process lists)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from kg_builder.cli.common import KgCommandError
from kg_builder.remote import PASSWORD_VARIABLE, USER_VARIABLE, Connection, Credentials

F = TypeVar("F", bound=Callable[..., Any])


def connection_options(*, timeout: float, what: str = "") -> Callable[[F], F]:
    """Add --timeout (default ``timeout`` seconds) and --retries to a command."""

    def text(help_: str) -> str:
        return f"{what}{help_}" if what else help_[0].upper() + help_[1:]

    def decorate(command: F) -> F:
        command = click.option(
            "--retries",
            type=click.IntRange(min=0),
            default=3,
            show_default=True,
            help=text("attempts after a server error or a lost connection."),
        )(command)
        return click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=timeout,
            show_default=True,
            help=text("seconds to wait for an answer."),
        )(command)

    return decorate


def connect(url: str, *, timeout: float, retries: int) -> Connection:
    """A connection to ``url`` with the credentials of the environment, if any."""
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if (user is None) != (password is None):
        raise KgCommandError(f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither")
    credentials = Credentials(user, password) if user is not None and password is not None else None
    return Connection(url, credentials=credentials, timeout=timeout, retries=retries)
