"""The pages in a real browser: Debian's headless Chromium, driven by Playwright, opens
``graph.html`` and ``funding.html`` from disk with every request to anything but a local
file aborted and recorded.

Chromium comes from Debian (``scripts/setup --dev`` installs it); Playwright is only the
driver here, never its own browser download. Screenshots are written to a temporary folder
whose path the tests print (``pytest -s`` shows it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    Route,
    sync_playwright,
)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
BASE = "https://w3id.org/kg-builder/luzang/"
TIMEOUT = 60_000  # ms: stabilising the layout is slow on a busy two-core machine


@dataclass
class Watched:
    """A page with what it tried to fetch elsewhere and what it said on its console."""

    page: Page
    blocked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    assert CHROMIUM.exists(), (
        f"{CHROMIUM} is missing: run scripts/setup --dev (Debian package chromium)"
    )
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots: {folder}")
    return folder


def open_page(browser: Browser, path: Path) -> Watched:
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    watched = Watched(page)

    def route(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            watched.blocked.append(route.request.url)
            route.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            watched.problems.append(message.text)

    page.route("**/*", route)
    page.on("console", console)
    page.on("pageerror", lambda error: watched.problems.append(str(error)))
    page.goto(path.as_uri())
    return watched


@pytest.fixture(scope="module")
def graph_page(browser: Browser, viz_project: Path) -> Iterator[Watched]:
    watched = open_page(browser, viz_project / "dist" / "graph.html")
    # the page's CSP forbids eval, so the predicate is a function, not a string to evaluate
    watched.page.wait_for_function("() => window.kg && window.kg.ready", timeout=TIMEOUT)
    yield watched
    watched.page.close()


def node_count(viz_project: Path) -> int:
    data = json.loads((viz_project / "dist" / "graph.json").read_text(encoding="utf-8"))
    return len(data["nodes"])


def test_graph_page_draws_every_node_offline(
    graph_page: Watched, viz_project: Path, screenshots: Path
) -> None:
    page = graph_page.page
    expected = node_count(viz_project)
    counts = page.evaluate(
        "() => [kg.nodes.length, kg.nodeView.length, kg.network.body.nodeIndices.length]"
    )
    assert counts == [expected] * 3
    assert page.evaluate("() => kg.nodes.get('" + BASE + "county/bainang').label") == "白朗县"
    assert page.locator("#legend li").count() == 15  # one entry per class present
    page.screenshot(path=screenshots / "graph-whole.png")
    assert graph_page.blocked == []
    assert graph_page.problems == []


def test_search_selects_and_quotes(graph_page: Watched, article: str, screenshots: Path) -> None:
    page = graph_page.page
    page.fill("#search", "白朗")
    assert page.locator("#results li").count() > 1  # the county and its projects
    page.fill("#search", "白朗县")
    page.press("#search", "Enter")
    assert page.evaluate("() => kg.network.getSelectedNodes()") == [f"{BASE}county/bainang"]
    assert page.locator("#details h2").first.inner_text() == "白朗县"
    quotes = page.locator("#details blockquote.quote")
    assert quotes.count() >= 1
    for index in range(quotes.count()):
        quote = quotes.nth(index)
        start, end = (
            int(quote.get_attribute("data-start") or -1),
            int(quote.get_attribute("data-end") or -1),
        )
        # the page shows the verbatim passage: the source's own characters at those offsets
        assert quote.locator(".exact").text_content() == article[start:end]
    page.screenshot(path=screenshots / "graph-search-bainang.png")


def test_city_filter_keeps_one_programme(graph_page: Watched, viz_project: Path) -> None:
    page = graph_page.page
    page.select_option("#city-filter", f"{BASE}city/jinan")
    shown = set(page.evaluate("() => kg.network.body.nodeIndices"))
    assert {f"{BASE}city/jinan", f"{BASE}county/bainang", f"{BASE}team/jinan-10"} <= shown
    assert f"{BASE}city/qingdao" not in shown
    assert f"{BASE}county/samzhubze" not in shown
    assert 10 < len(shown) < node_count(viz_project)
    page.select_option("#city-filter", "")
    assert page.evaluate("() => kg.network.body.nodeIndices.length") == node_count(viz_project)


def test_clicking_a_node_shows_its_attributes_and_quotes(
    graph_page: Watched, screenshots: Path
) -> None:
    page = graph_page.page
    node = f"{BASE}team/qingdao-10"
    page.evaluate(f"() => kg.network.focus('{node}', {{ scale: 1.4, animation: false }})")
    x, y = page.evaluate(
        f"""() => {{
            const at = kg.network.canvasToDOM(kg.network.getPosition('{node}'));
            const box = document.getElementById('network').getBoundingClientRect();
            return [box.left + at.x, box.top + at.y];
        }}"""
    )
    page.mouse.click(x, y)
    assert page.locator("#details h2").first.inner_text() == "青岛市第十批援藏干部人才工作组"
    assert "批次" in page.locator("#details table").inner_text()
    assert page.locator("#details blockquote.quote").count() >= 1
    page.screenshot(path=screenshots / "graph-click-qingdao-team.png")


def test_language_toggle(graph_page: Watched) -> None:
    page = graph_page.page
    page.click("#language")
    assert (
        page.evaluate("() => kg.nodes.get('" + BASE + "county/bainang').label") == "Bainang County"
    )
    assert page.locator("header h1").inner_text().startswith("Paired-assistance")
    page.click("#language")
    assert page.evaluate("() => kg.nodes.get('" + BASE + "county/bainang').label") == "白朗县"
    assert graph_page.blocked == []
    assert graph_page.problems == []


def test_funding_page_shows_every_flow_offline(
    browser: Browser, viz_project: Path, screenshots: Path
) -> None:
    watched = open_page(browser, viz_project / "dist" / "funding.html")
    page = watched.page
    page.wait_for_function("() => window.kgFunding && window.kgFunding.ready", timeout=TIMEOUT)
    assert page.locator("#flows tbody tr").count() == 11
    assert (
        page.locator("#sankey .sankey-link").count() == 22
    )  # funder->recipient->category per flow
    assert page.locator("#bars .point").count() > 0
    assert "余万元" in page.locator("#sankey").inner_text()
    page.screenshot(path=screenshots / "funding.png", full_page=True)
    page.click("#language")
    page.wait_for_function("() => document.querySelector('#flows th').textContent === 'Flow'")
    assert watched.blocked == []
    assert watched.problems == []
    page.close()
