"""Talking to a remote SPARQL endpoint or graph store: credentials, timeout, retries, and
one clear line for each way it can fail.

Transient failures — an HTTP 5xx answer, a refused or dropped connection — are tried again
with exponential backoff (``backoff``, then twice that, ...); a 4xx answer or a timeout is
not, as asking again would give the same answer. Credentials are sent as HTTP Basic
authentication and never appear in a message: a URL that carries them is refused.
"""

from __future__ import annotations

import http.client
import re
import socket
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit

from kg_builder.errors import EndpointError

USER_VARIABLE = "KG_ENDPOINT_USER"
PASSWORD_VARIABLE = "KG_ENDPOINT_PASSWORD"
"""The environment variables the CLI reads credentials from (the library never reads them)."""

T = TypeVar("T")


@dataclass(frozen=True)
class Credentials:
    """HTTP Basic credentials; the password never shows in a repr or message."""

    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class Connection:
    """Where a service is and how patiently to talk to it."""

    url: str
    credentials: Credentials | None = None
    timeout: float = 60.0
    """Seconds to wait for an answer."""
    retries: int = 3
    """Attempts after the first, for transient failures."""
    backoff: float = 1.0
    """Seconds before the first retry; each later one waits twice as long."""

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise EndpointError(f"{self.url}: not an http(s) URL")
        if parts.username or parts.password:
            raise EndpointError(
                f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}"
                f"{parts.path}: the URL holds credentials; "
                f"pass them in {USER_VARIABLE} and {PASSWORD_VARIABLE} instead"
            )


def check_graph_iri(iri: str) -> str:
    """A graph name, checked to be an absolute IRI (a store would resolve a relative one
    against its own URL and file the triples somewhere unexpected).

    >>> check_graph_iri("relative")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg_builder.errors.EndpointError: graph name 'relative' is not an absolute IRI ...
    """
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]+", iri):
        raise EndpointError(
            f"graph name {iri!r} is not an absolute IRI (like https://example.org/graph)"
        )
    return iri


class AttemptError(Exception):
    """One failed attempt: what to tell the user, and whether another attempt may help."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


def with_retries(
    connection: Connection,
    attempt: Callable[[], T],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """The result of ``attempt``, trying again after transient failures.

    ``attempt`` raises ``AttemptError`` (see ``http_failure``) for a failure it has explained.

    :raises EndpointError: ``URL: what went wrong`` on one line, after the last attempt.
    """
    attempts = connection.retries + 1
    for number in range(1, attempts + 1):
        try:
            return attempt()
        except AttemptError as failure:
            if not failure.transient or number == attempts:
                tries = f" (after {number} attempts)" if number > 1 else ""
                raise EndpointError(f"{connection.url}: {failure}{tries}") from failure
            sleep(connection.backoff * 2 ** (number - 1))
    raise AssertionError("unreachable: the loop returns or raises")


def http_failure(error: BaseException, connection: Connection) -> AttemptError:
    """Explain an exception raised while talking to the service."""
    if isinstance(error, urllib.error.HTTPError):
        return status_failure(error.code, _read(error))
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, TimeoutError):  # socket.timeout is TimeoutError
        return AttemptError(f"timeout: no answer within {connection.timeout:g} s", transient=False)
    if isinstance(reason, ConnectionRefusedError):
        return AttemptError(
            "unreachable: connection refused (is the server running?)", transient=True
        )
    if isinstance(reason, socket.gaierror):
        return AttemptError(f"unreachable: unknown host ({reason.strerror})", transient=True)
    if isinstance(reason, http.client.HTTPException | OSError):
        return AttemptError(
            f"unreachable: connection lost ({reason or type(reason).__name__})", transient=True
        )
    return AttemptError(f"{type(error).__name__}: {error}", transient=False)


def status_failure(status: int, body: bytes) -> AttemptError:
    """Explain an HTTP error status."""
    said = _excerpt(body)
    reason = {
        400: "the service rejected the request",
        401: "unauthorized: the service wants credentials or refused the ones given "
        f"(set {USER_VARIABLE} and {PASSWORD_VARIABLE})",
        403: "forbidden: these credentials may not do this "
        "(a store may need update rights granted to its user)",
        404: "not found: nothing answers at this URL (is it the endpoint's full path?)",
        405: "method not allowed: this URL does not take this request (a query URL used as "
        "a graph store, or the other way round?)",
        413: "request too large for the service",
        414: "URI too long",
    }.get(status, "server error" if status >= 500 else "refused")
    return AttemptError(
        f"HTTP {status} {reason}{': ' + said if said else ''}", transient=status >= 500
    )


def _read(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read()
    except OSError:
        return b""


def _excerpt(body: bytes, limit: int = 160) -> str:
    text = " ".join(body.decode("utf-8", errors="replace").split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
