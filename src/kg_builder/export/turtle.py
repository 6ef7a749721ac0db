"""Turtle that reads back as the very graph: rdflib's writer, with exact decimals."""

from __future__ import annotations

import io

from rdflib import XSD, Graph, Literal
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node


def turtle_bytes(graph: Graph) -> bytes:
    """Turtle with prefixes; rdflib sorts subjects and predicates, so it is stable."""
    stream = io.BytesIO()
    _ExactTurtleSerializer(graph).serialize(stream, encoding="utf-8")
    return stream.getvalue()


class _ExactTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle writer, keeping every literal exactly as it is in the graph.

    rdflib writes ``"16"^^xsd:decimal`` in the short form ``16.0`` (a bare ``16`` would be
    an integer), which reads back as another literal: ``"16.0"``. Such decimals are
    written in the long form instead, so that Turtle gives back the very graph.
    """

    def label(self, node: Node, position: int) -> str:
        if isinstance(node, Literal) and node.datatype == XSD.decimal and "." not in node:
            datatype = self.get_pname(XSD.decimal, True) or XSD.decimal.n3()
            return f'"{node}"^^{datatype}'
        return str(super().label(node, position))
