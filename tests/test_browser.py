"""The linked-data site in a real browser: offline, without errors, the search runs."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page

from tests.browsing import open_page

PAGES = [
    "index.html",
    "team/jinan-10.html",
    "source/luzang-aid-2023.html",
    "annotation/luzang-aid-2023/jinan-10-1.html",
    "dataset.html",
    "ontology.html",
]


@pytest.mark.parametrize("name", PAGES)
def test_a_page_loads_nothing_from_elsewhere_and_shows_no_error(
    browser: Browser, site_folder: Path, name: str
) -> None:
    watched = open_page(browser, site_folder / name)
    try:
        assert watched.page.locator("h1").inner_text().strip()
        assert watched.blocked == []
        assert watched.problems == []
    finally:
        watched.page.close()


def visible_paths(page: Page) -> list[str]:
    """The paths of the resources the index shows now."""
    found = page.eval_on_selector_all(
        "li:not(.hidden) code.iri", "codes => codes.map(code => code.textContent)"
    )
    return [str(path) for path in found]


def test_typing_in_the_search_filters_the_index(browser: Browser, site_folder: Path) -> None:
    watched = open_page(browser, site_folder / "index.html")
    page = watched.page
    try:
        assert len(visible_paths(page)) > 700
        page.fill("#search", "济南 team/")
        assert visible_paths(page) == ["team/jinan-10"]
        assert "1 个结果" in page.inner_text("#search-count")
        page.fill("#search", "")
        assert len(visible_paths(page)) > 700
    finally:
        page.close()


def test_a_search_in_the_address_is_done_on_opening(browser: Browser, site_folder: Path) -> None:
    watched = open_page(browser, site_folder / "index.html", query=f"?q={quote('白朗县')}")
    try:
        shown = visible_paths(watched.page)
        assert "county/bainang" in shown
        assert len(shown) < 20
    finally:
        watched.page.close()


def test_the_page_of_a_team_shows_its_passage_marked(
    browser: Browser, site_folder: Path, tmp_path: Path
) -> None:
    watched = open_page(browser, site_folder / "team" / "jinan-10.html")
    page = watched.page
    try:
        marks = page.locator(".quote mark").all_inner_texts()
        assert marks == ["济南市第十批援藏干部人才工作组", "济南援藏工作组缺氧不缺精神"]
        page.screenshot(path=tmp_path / "jinan-10.png", full_page=True)
        assert (tmp_path / "jinan-10.png").stat().st_size > 50_000
    finally:
        page.close()
