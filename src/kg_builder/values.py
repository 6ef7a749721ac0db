"""Turn the plain values annotators write into typed RDF literals.

Each function takes what YAML gave (an int, a string) and returns an rdflib ``Literal`` of
the property's datatype, or raises ``ValueError`` with a message that says what is allowed.
"""

from __future__ import annotations

import re

from rdflib import RDF, RDFS, XSD, Literal, URIRef

from kg_builder.amounts import parse_ordinal, parse_quantity

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DATE_FORMS = (
    (re.compile(r"^\d{4}$"), XSD.gYear),
    (re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"), XSD.date),
)
_DATE_TYPES = frozenset({XSD.gYear, XSD.gYearMonth, XSD.date, RDFS.Literal})


def to_literal(value: str | int | float | bool, datatype: URIRef) -> Literal:
    """A literal of ``datatype`` from an annotation value.

    >>> to_literal("第十批", XSD.integer)
    rdflib.term.Literal('10', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> to_literal("2022-07", RDFS.Literal).datatype == XSD.gYearMonth
    True

    :raises ValueError: when the value does not fit the datatype.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is a yes/no value; {describe(datatype)} expected")
    if datatype == XSD.integer:
        return Literal(_integer(value), datatype=XSD.integer)
    if datatype in _DATE_TYPES:
        return _date(str(value), datatype)
    if datatype == RDF.langString:
        return Literal(str(value), lang="zh")
    if datatype == XSD.string:
        return Literal(str(value))
    raise ValueError(f"values of datatype {datatype} cannot be written in annotations")


def describe(datatype: URIRef) -> str:
    """What a person should write for a datatype, for messages."""
    return {
        XSD.integer: "a whole number, or the text itself (第十批, 15 名)",
        XSD.gYear: "a year such as 2022",
        XSD.gYearMonth: "a month such as 2022-07",
        XSD.date: "a date such as 2022-07-01",
        RDFS.Literal: "a date: 2022, 2022-07 or 2022-07-01",
        RDF.langString: "Chinese text, or {zh: …, en: …}",
        XSD.string: "text",
        XSD.decimal: "the amount as the text gives it, e.g. 5104 万元",
    }.get(datatype, str(datatype))


def _integer(value: str | int | float) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(f"{value} is not a whole number")
    text = value.strip()
    if text.startswith("第"):
        return parse_ordinal(text)
    quantity = parse_quantity(text)
    if quantity.value != quantity.value.to_integral_value():
        raise ValueError(f"«{text}» is not a whole number")
    return int(quantity.value)


def _date(text: str, datatype: URIRef) -> Literal:
    for pattern, form in _DATE_FORMS:
        if pattern.match(text):
            if datatype not in (form, RDFS.Literal):
                raise ValueError(f"«{text}» is not {describe(datatype)}")
            return Literal(text, datatype=form)
    raise ValueError(f"«{text}» is not {describe(datatype)}")
