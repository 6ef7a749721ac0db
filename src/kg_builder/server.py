"""A real SPARQL server: the Oxigraph server that the PyPI package ``oxigraph`` installs.

``kg serve`` loads the built graph and the ontology into a temporary store and serves it
read-only; the integration tests start a writable in-memory one on a free loopback port.
The server runs in its own session, so a Ctrl-C in the terminal reaches ``kg`` alone, which
then stops the server and removes the store itself.

Endpoints of a server at ``URL``: ``URL`` the query page (YASGUI), ``URL/query`` SPARQL
queries, ``URL/update`` SPARQL updates, ``URL/store`` the Graph Store Protocol.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kg_builder.errors import ConfigError, EndpointError

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class OxigraphServer:
    """A running Oxigraph server process."""

    process: subprocess.Popen[bytes]
    url: str
    """The query page, ending in ``/``."""
    log: IO[bytes]

    @property
    def query_url(self) -> str:
        return f"{self.url}query"

    @property
    def update_url(self) -> str:
        return f"{self.url}update"

    @property
    def store_url(self) -> str:
        return f"{self.url}store"

    def wait(self) -> None:
        """Block until the server stops.

        :raises EndpointError: with the server's last words when it stops by itself.
        """
        code = self.process.wait()
        raise EndpointError(f"the Oxigraph server stopped (exit {code}): {self._last_words()}")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s) and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def _last_words(self) -> str:
        self.log.seek(0)
        lines = self.log.read().decode("utf-8", errors="replace").strip().splitlines()
        return lines[-1] if lines else "(nothing)"


def oxigraph_command() -> Path:
    """The ``oxigraph`` program: beside the running Python (a virtual environment's ``bin/``),
    else on the PATH.

    :raises ConfigError: when it is not installed.
    """
    beside = Path(sys.executable).parent / "oxigraph"
    found = beside if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise ConfigError("the Oxigraph server is not installed: pip install oxigraph")
    return Path(found)


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def load_files(location: Path, graphs: Mapping[str, Sequence[Path]]) -> None:
    """Load RDF files into an on-disk Oxigraph store, each group into its named graph.

    :raises EndpointError: naming the file Oxigraph could not load.
    """
    for name, files in graphs.items():
        command = [str(oxigraph_command()), "load", "--location", str(location)]
        command += ["--graph", name, "--file", *(str(f) for f in files)]
        done = subprocess.run(command, capture_output=True, check=False)
        if done.returncode != 0:
            said = done.stderr.decode("utf-8", errors="replace").strip()
            raise EndpointError(f"oxigraph load {' '.join(map(str, files))}: {said}")


def start_server(
    *,
    location: Path | None = None,
    host: str = LOOPBACK,
    port: int = 7878,
    read_only: bool = False,
    union_default_graph: bool = True,
    ready_within: float = 30.0,
) -> OxigraphServer:
    """Start an Oxigraph server and wait until it accepts connections.

    :param location: the store's folder (None: in memory; read-only needs a folder).
    :param union_default_graph: queries see the union of all graphs as their default graph.
    :raises EndpointError: when the server stops at once (a port in use, a bad store) or
        does not listen within ``ready_within`` seconds.
    """
    if _listening(host, port):
        raise EndpointError(f"{host}:{port} is in use: choose another port")
    command = [str(oxigraph_command()), "serve-read-only" if read_only else "serve"]
    if location is not None:
        command += ["--location", str(location)]
    command += ["--bind", f"{host}:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    log = tempfile.TemporaryFile()  # noqa: SIM115 - the server writes it until stop() closes it
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
    )
    server = OxigraphServer(process, f"http://{host}:{port}/", log)
    deadline = time.monotonic() + ready_within
    while not _listening(host, port):
        if process.poll() is not None:
            server.stop()
            raise EndpointError(f"the Oxigraph server did not start: {server._last_words()}")
        if time.monotonic() > deadline:
            server.stop()
            raise EndpointError(f"the Oxigraph server did not listen on {host}:{port}")
        time.sleep(0.05)
    return server


@contextmanager
def serve_files(
    graphs: Mapping[str, Sequence[Path]], *, host: str = LOOPBACK, port: int = 7878
) -> Iterator[OxigraphServer]:
    """A read-only server on a temporary store of these files, removed when done."""
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as folder:
        load_files(Path(folder), graphs)
        server = start_server(location=Path(folder), host=host, port=port, read_only=True)
        try:
            yield server
        finally:
            server.stop()


def _listening(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0
