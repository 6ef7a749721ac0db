"""How the published dataset describes itself: ``[tool.kg_builder.dataset]`` in pyproject.toml.

Everything has a default, so a project publishes without the table: title and
description come from the ontology, the licence is CC BY 4.0, dates and coverage come
from the data. A project that is published for real states its own (see this project's
pyproject.toml). IRIs of the EU authority tables (``http://publications.europa.eu/
resource/authority/...``) are what DCAT-AP expects for themes, places and languages.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from rdflib import XSD, Literal, URIRef

from kg_builder.config import Config
from kg_builder.errors import ConfigError, did_you_mean

CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")

READERS = {
    # key -> (field of DatasetSettings, how its value is read)
    "title": ("title", "texts"),
    "description": ("description", "texts"),
    "keywords": ("keywords", "texts"),
    "publisher": ("publisher", "agent"),
    "contact": ("contact", "agent"),
    "license": ("license", "iri"),
    "themes": ("themes", "labelled_iris"),
    "spatial": ("spatial", "iris"),
    "temporal": ("temporal", "period"),
    "issued": ("issued", "date"),
    "modified": ("modified", "date"),
    "version": ("version", "string"),
    "landing-page": ("landing_page", "iri"),
    "sparql-endpoint": ("sparql_endpoint", "iri"),
}


@dataclass(frozen=True)
class Agent:
    """The publisher (a foaf:Agent) or the contact point (a vCard)."""

    name: tuple[Literal, ...]
    iri: URIRef | None = None
    type: URIRef | None = None
    email: str | None = None
    url: URIRef | None = None


@dataclass(frozen=True)
class DatasetSettings:
    """What the dataset description states beyond what the data and ontology say."""

    title: tuple[Literal, ...] = ()
    """Empty: the ontology's dcterms:title."""
    description: tuple[Literal, ...] = ()
    """Empty: the ontology's dcterms:description."""
    keywords: tuple[Literal, ...] = ()
    publisher: Agent = Agent(name=(Literal("kg_builder", lang="en"),))
    contact: Agent | None = None
    license: URIRef = CC_BY_4
    themes: Mapping[URIRef, Literal] = field(default_factory=dict)
    """Theme concept -> its label (DCAT-AP wants each concept with a skos:prefLabel)."""
    spatial: tuple[URIRef, ...] = ()
    temporal: tuple[Literal, Literal] | None = None
    """(start, end) as xsd:date; None: from the dates and years in the data."""
    issued: Literal | None = None
    modified: Literal | None = None
    version: str | None = None
    landing_page: URIRef | None = None
    """None: the base IRI, where ``kg site`` puts the index page."""
    sparql_endpoint: URIRef | None = None


def read_dataset_settings(config: Config) -> DatasetSettings:
    """Check and read ``[tool.kg_builder.dataset]``.

    :raises ConfigError: naming the key, what was found and what is allowed.
    """
    reader = _Reader(config)
    values: dict[str, Any] = {}
    for key, value in config.dataset.items():
        if key not in READERS:
            reader.fail(key, "is not a known key", did_you_mean(key, READERS, listing=True))
        name, method = READERS[key]
        values[name] = getattr(reader, method)(key, value)
    return DatasetSettings(**values)


class _Reader:
    """Reads values of the table, raising a ConfigError that says where and what."""

    def __init__(self, config: Config) -> None:
        self.where = f"{config.pyproject}: [tool.kg_builder.dataset]"

    def fail(self, key: str, problem: str, hint: str = "") -> NoReturn:
        raise ConfigError(f"{self.where} {key} {problem}" + (f"; {hint}" if hint else ""))

    def string(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"must be a non-empty string, got {value!r}")
        return str(value)

    def iri(self, key: str, value: Any) -> URIRef:
        text = self.string(key, value)
        if not text.startswith(("http://", "https://", "mailto:")) or any(c in text for c in " <>"):
            self.fail(key, f"must be an absolute IRI (http:// or https://), got {value!r}")
        return URIRef(text)

    def iris(self, key: str, value: Any) -> tuple[URIRef, ...]:
        if not isinstance(value, list):
            self.fail(key, f"must be a list of IRIs, got {value!r}")
        return tuple(self.iri(key, item) for item in value)

    def labelled_iris(self, key: str, value: Any) -> dict[URIRef, Literal]:
        """``{"http://…/GOVE" = "Government and public sector"}``: IRIs with English labels."""
        if not isinstance(value, Mapping):
            self.fail(key, f'must be a table of IRI = "label", got {value!r}')
        return {
            self.iri(key, iri): Literal(self.string(f"{key}.{iri}", label), lang="en")
            for iri, label in value.items()
        }

    def texts(self, key: str, value: Any) -> tuple[Literal, ...]:
        """``{zh = "...", en = "..."}``; a language may hold a list (keywords)."""
        if not isinstance(value, Mapping) or not value:
            example = '{zh = "…", en = "…"}'
            self.fail(key, f"must be a table of languages, like {example}; got {value!r}")
        found: list[Literal] = []
        for language, texts in value.items():
            for text in texts if isinstance(texts, list) else [texts]:
                found.append(Literal(self.string(f"{key}.{language}", text), lang=language))
        return tuple(found)

    def agent(self, key: str, value: Any) -> Agent:
        if not isinstance(value, Mapping) or "name" not in value:
            example = '{name = "…", url = "https://…"}'
            self.fail(key, f"must be a table with at least a name, like {example}; got {value!r}")
        allowed = ("name", "iri", "type", "email", "url")
        for part in value:
            if part not in allowed:
                self.fail(f"{key}.{part}", "is not a known key", did_you_mean(part, allowed))
        name = value["name"]
        names = (
            (Literal(self.string(f"{key}.name", name)),)
            if isinstance(name, str)
            else self.texts(f"{key}.name", name)
        )
        email = self.string(f"{key}.email", value["email"]) if "email" in value else None
        if email is not None and "@" not in email:
            self.fail(f"{key}.email", f"must be an e-mail address, got {email!r}")
        return Agent(
            name=names,
            iri=self.iri(f"{key}.iri", value["iri"]) if "iri" in value else None,
            type=self.iri(f"{key}.type", value["type"]) if "type" in value else None,
            email=email,
            url=self.iri(f"{key}.url", value["url"]) if "url" in value else None,
        )

    def date(self, key: str, value: Any) -> Literal:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return Literal(value.isoformat(), datatype=XSD.date)
        if isinstance(value, str):
            try:
                return Literal(datetime.date.fromisoformat(value).isoformat(), datatype=XSD.date)
            except ValueError:
                pass
        self.fail(key, f"must be a date like 2024-05-31, got {value!r}")

    def period(self, key: str, value: Any) -> tuple[Literal, Literal]:
        if not isinstance(value, Mapping) or set(value) != {"start", "end"}:
            example = "{start = 2020-01-01, end = 2023-12-31}"
            self.fail(key, f"must be {example}, got {value!r}")
        start = self.date(f"{key}.start", value["start"])
        end = self.date(f"{key}.end", value["end"])
        if str(start) > str(end):
            self.fail(key, f"starts ({start}) after it ends ({end})")
        return start, end
