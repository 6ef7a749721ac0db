"""The Jinja2 environment of the pages: templates are files under ``kg_builder/templates``."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment


@cache
def environment() -> Environment:
    """One environment, HTML-escaping everything, for every page kind."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("kg_builder", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,  # a typo in a template fails instead of printing nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **values: object) -> bytes:
    """A template rendered to UTF-8 bytes."""
    return environment().get_template(template).render(**values).encode("utf-8")
