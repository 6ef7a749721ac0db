"""RDF terms written as SPARQL text (for query parameters and the TSV results format), and
Oxigraph's terms as rdflib's.

A parameter sent to a remote endpoint travels inside the query text (a ``VALUES`` block), so
its serialisation is what keeps a hostile value from changing the query. Strings are
escaped with SPARQL's ``ECHAR`` escapes only (``\\"``, ``\\\\``, ``\\n``, ...), never with
``\\u`` escapes: SPARQL 1.1 lets a parser replace ``\\u`` codepoint escapes *before* it
tokenises (https://www.w3.org/TR/sparql11-query/#codepointEscape), and a value must not
depend on whether it does. With every backslash doubled, a ``\\u0022`` inside a value reaches
such a parser as an escaped quote, still inside the string.
"""

from __future__ import annotations

import re

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

from kg_builder.errors import QueryError

_ESCAPES = str.maketrans(
    {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
)
# IRIREF of the SPARQL grammar: no spaces, controls or <>"{}|^`\ inside the brackets.
_IRI = re.compile(r"[^\x00-\x20<>\"{}|^`\\]*")
_LANGUAGE = re.compile(r"[a-zA-Z]+(-[a-zA-Z0-9]+)*")
_BLANK = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


def sparql_term(term: Node) -> str:
    """The N-Triples form of a term, which SPARQL and SPARQL TSV read as the same term.

    >>> print(sparql_term(Literal('白朗县" } ; DROP ALL ; #')))
    "白朗县\\" } ; DROP ALL ; #"
    >>> print(sparql_term(Literal("2022", datatype=XSD.gYear)))
    "2022"^^<http://www.w3.org/2001/XMLSchema#gYear>

    :raises QueryError: for an IRI, language tag or blank node label that has characters
        its syntax does not allow (they could not be written without changing the query).
    """
    if isinstance(term, URIRef):
        return f"<{_checked(_IRI, str(term), 'IRI')}>"
    if isinstance(term, BNode):
        return f"_:{_checked(_BLANK, str(term), 'blank node label')}"
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_ESCAPES)}"'
        if term.language:
            return f"{text}@{_checked(_LANGUAGE, term.language, 'language tag')}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{sparql_term(term.datatype)}"
        return text
    raise QueryError(f"cannot write {term!r} as a SPARQL term")


def _checked(pattern: re.Pattern[str], text: str, what: str) -> str:
    if not pattern.fullmatch(text):
        raise QueryError(f"{text!r} is not a valid {what}")
    return text


def rdflib_term(term: object) -> Node:
    """The rdflib term of a pyoxigraph one (an xsd:string literal becomes a simple literal,
    as rdflib writes it).

    >>> import pyoxigraph
    >>> rdflib_term(pyoxigraph.Literal("白朗县", language="zh")) == Literal("白朗县", lang="zh")
    True
    """
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        plain = term.datatype.value == str(XSD.string)
        return Literal(term.value, datatype=None if plain else URIRef(term.datatype.value))
    raise TypeError(f"not a term of an RDF 1.1 triple: {term!r}")
