"""Pages in a real browser: Debian's headless Chromium, driven by Playwright.

Every request to anything but a local file is aborted and recorded, and what the page
says on its console is kept, so a test can assert that a page needs nothing from the
network and runs without errors. The ``browser`` fixture (conftest.py) starts Chromium.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, ConsoleMessage, Page, Route

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@dataclass
class Watched:
    """A page with what it tried to fetch elsewhere and what it said on its console."""

    page: Page
    blocked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def open_page(browser: Browser, path: Path, *, query: str = "") -> Watched:
    """Open a file (``query``: a ``?…`` part of its URL), watching what it does."""
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
    page.goto(path.as_uri() + query)
    return watched
