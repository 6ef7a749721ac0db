"""Just enough of SPARQL's lexical structure to bind parameters into query text safely.

A remote endpoint receives text, so parameters sent to one travel as a ``VALUES`` block at
the start of the query's WHERE group, each value written as an escaped RDF term
(``terms.sparql_term``). Finding that group needs the tokens of the query — strings, IRIs
and comments may hold braces — but not a full parser: the endpoint parses the result, and
the value, being one string token, cannot reach the grammar. ``VALUES`` at the start of the
group joins before the group's ``FILTER``s run, which is what binding a variable means
(https://www.w3.org/TR/sparql11-query/#inline-data).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from rdflib.term import Identifier

from kg_builder.errors import QueryError
from kg_builder.terms import sparql_term

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<name>[^\s{}()\[\];,<>"'\#?$=!&|*/+^@]+)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)
QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """The tokens of a query, without spaces and comments.

    >>> [t.text for t in tokens('SELECT ?x { ?x <a:b> "}" } # {')]
    ['SELECT', '?x', '{', '?x', '<a:b>', '"}"', '}']
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group(), match.start())


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the first of these keywords.

    >>> query_form("PREFIX ex: <http://example.org/> select * { ?s ?p ?o }")
    'SELECT'
    """
    for token in tokens(text):
        if token.kind == "name" and token.text.upper() in QUERY_FORMS:
            return token.text.upper()
    return ""


def undeclared_prefixes(text: str) -> list[tuple[str, int]]:
    """Prefixed names whose prefix no ``PREFIX`` declares: (prefix, offset), in order.

    >>> undeclared_prefixes("PREFIX pa: <x:> SELECT * { ?s pa:p ?o ; zz:q ?v }")
    [('zz', 40)]
    """
    declared: set[str] = set()
    undeclared: list[tuple[str, int]] = []
    previous = ""
    for token in tokens(text):
        if token.kind == "name" and ":" in token.text:
            prefix = token.text.split(":", 1)[0]
            if previous.upper() == "PREFIX":
                declared.add(prefix)
            elif prefix not in declared and prefix != "_":
                undeclared.append((prefix, token.start))
        previous = token.text
    return undeclared


def bind_values(text: str, terms: Mapping[str, Identifier]) -> str:
    """The query with a ``VALUES`` block binding ``terms`` at the start of its WHERE group.

    >>> from rdflib import Literal
    >>> print(bind_values('SELECT ?x WHERE { ?x ?p ?v }', {"v": Literal('a" } #')}))
    SELECT ?x WHERE {
      VALUES ?v { "a\\" } #" }
     ?x ?p ?v }

    :raises QueryError: when the query has no WHERE group (a DESCRIBE of IRIs only), or a
        term cannot be written safely.
    """
    if not terms:
        return text
    names = " ".join(f"?{name}" for name in terms)
    values = " ".join(sparql_term(term) for term in terms.values())
    if len(terms) == 1:
        block = f"VALUES {names} {{ {values} }}"
    else:
        block = f"VALUES ({names}) {{ ({values}) }}"
    opening, closing, holds_subquery = _where_group(text)
    if holds_subquery:  # `WHERE { SELECT ... }` takes no other pattern beside the sub-select
        return f"{text[:opening]}\n  {block} {{{text[opening:closing]}}}{text[closing:]}"
    return f"{text[:opening]}\n  {block}\n{text[opening:]}"


def _where_group(text: str) -> tuple[int, int, bool]:
    """Offsets just inside the braces of the WHERE group, and whether it is a sub-select."""
    form = query_form(text)
    braces = parens = 0
    groups_seen = 0
    after_where = False
    opening: int | None = None
    first_inside: Token | None = None
    for token in tokens(text):
        if opening is not None and first_inside is None:
            first_inside = token
        if token.kind == "name" and token.text.upper() == "WHERE" and braces == parens == 0:
            after_where = True
        elif token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        elif token.text == "{":
            if braces == parens == 0 and opening is None:
                # CONSTRUCT's template comes first unless it is the short form (WHERE first).
                if form != "CONSTRUCT" or after_where or groups_seen == 1:
                    opening = token.start + 1
                groups_seen += 1
            braces += 1
        elif token.text == "}":
            braces -= 1
            if braces == 0 and opening is not None:
                is_subquery = first_inside is not None and first_inside.text.upper() == "SELECT"
                return opening, token.start, is_subquery
    raise QueryError("the query has no WHERE group to bind parameters in")
