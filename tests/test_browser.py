"""The site in a real browser (Debian's headless Chromium): the index's search runs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

CHROMIUM = shutil.which("chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (scripts/setup --dev installs it)"
)


def browse(url: str, *extra: str, home: Path) -> str:
    assert CHROMIUM is not None
    run = subprocess.run(
        [CHROMIUM, *FLAGS, *extra, url],
        capture_output=True,
        timeout=120,
        check=True,
        env={**os.environ, "HOME": str(home)},  # its profile goes to a temporary home
    )
    return run.stdout.decode("utf-8")


def test_the_search_of_the_index_filters_in_the_browser(site_folder: Path, tmp_path: Path) -> None:
    dom = browse(
        f"file://{site_folder}/index.html?q={quote('济南 team/')}", "--dump-dom", home=tmp_path
    )
    items = [line for line in dom.splitlines() if line.startswith("<li ")]
    shown = [line for line in items if 'class="hidden"' not in line]
    assert len(items) > 700
    assert [line.split('<code class="iri">')[1].split("<")[0] for line in shown] == [
        "team/jinan-10"
    ]
    assert "个结果 · results" in dom


def test_a_page_renders_to_a_screenshot(site_folder: Path, tmp_path: Path) -> None:
    picture = tmp_path / "jinan-10.png"
    page = f"file://{site_folder}/team/jinan-10.html"
    browse(page, f"--screenshot={picture}", "--window-size=1280,1600", home=tmp_path)
    assert picture.read_bytes().startswith(b"\x89PNG")
    assert picture.stat().st_size > 50_000  # a page of text, not a blank one
