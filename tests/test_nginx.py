"""docs/nginx-site.conf, as it is, serves the site with content negotiation (a real nginx).

The fixture writes the site into a temporary folder, starts nginx (Debian's ``nginx``,
installed by ``scripts/setup --dev``) on a free loopback port with the documented file,
and stops it when the tests are done.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from tests.conftest import ROOT

CONFIG = ROOT / "docs" / "nginx-site.conf"
NGINX = shutil.which("nginx", path=os.environ.get("PATH", "") + os.pathsep + "/usr/sbin")

pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (scripts/setup --dev installs it)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, site_folder: Path) -> Iterator[int]:
    """nginx serving the site with the documented configuration; yields its port."""
    folder = tmp_path_factory.mktemp("nginx")
    site = site_folder
    port = free_port()
    documented = CONFIG.read_text(encoding="utf-8")
    assert "listen 8080;" in documented
    assert "root /srv/kg-site;" in documented
    server_conf = documented.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    server_conf = server_conf.replace("root /srv/kg-site;", f"root {site};")
    (folder / "site.conf").write_text(server_conf, encoding="utf-8")
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    main = f"""
daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {folder}/site.conf;
}}
"""
    (folder / "nginx.conf").write_text(main, encoding="utf-8")
    assert NGINX is not None
    with (folder / "stderr.log").open("wb") as stderr:
        process = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            _wait_for(port, process, folder)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen[bytes], folder: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (
                (folder / "error.log").read_text(errors="replace")
                if (folder / "error.log").exists()
                else ""
            )
            raise AssertionError(
                f"nginx stopped: {process.stderr.read().decode() if process.stderr else ''}{log}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("nginx did not start listening within 10 s")


def fetch(port: int, path: str, accept: str | None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Accept": accept} if accept else {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
NEGOTIATED = [
    pytest.param("text/turtle", "text/turtle", "team/jinan-10.ttl", id="turtle"),
    pytest.param(
        "application/ld+json", "application/ld+json", "team/jinan-10.jsonld", id="json-ld"
    ),
    pytest.param("text/html", "text/html", "team/jinan-10.html", id="html"),
    pytest.param(BROWSER, "text/html", "team/jinan-10.html", id="browser"),
    pytest.param(None, "text/html", "team/jinan-10.html", id="no-accept"),
]


@pytest.mark.parametrize(("accept", "media_type", "file"), NEGOTIATED)
def test_a_resource_iri_answers_in_the_format_asked_for(
    server: int, site_files: dict[str, bytes], accept: str | None, media_type: str, file: str
) -> None:
    status, headers, body = fetch(server, "/team/jinan-10", accept)
    assert status == 200
    assert headers["content-type"].startswith(media_type)
    assert "accept" in headers.get("vary", "").lower()
    assert body == site_files[file]


def test_turtle_served_is_the_resource_and_utf8(server: int) -> None:
    _, headers, body = fetch(server, "/team/jinan-10", "text/turtle")
    assert "charset=utf-8" in headers["content-type"]
    graph = Graph().parse(data=body, format="turtle")
    assert any("济南市第十批援藏干部人才工作组" in str(o) for o in graph.objects())


@pytest.mark.parametrize(
    ("path", "accept", "media_type"),
    [
        pytest.param("/", BROWSER, "text/html", id="index"),
        pytest.param("/dataset", "text/turtle", "text/turtle", id="dataset-description"),
        pytest.param("/kg.nt", None, "application/n-triples", id="download"),
        pytest.param(
            "/annotation/luzang-aid-2023/jinan-10-1",
            "application/ld+json",
            "application/ld+json",
            id="annotation",
        ),
    ],
)
def test_the_index_the_dataset_and_the_downloads_are_served(
    server: int, path: str, accept: str | None, media_type: str
) -> None:
    status, headers, _ = fetch(server, path, accept)
    assert status == 200
    assert headers["content-type"].startswith(media_type)


def test_an_unknown_resource_is_not_found(server: int) -> None:
    status, _, _ = fetch(server, "/team/nobody", "text/turtle")
    assert status == 404
