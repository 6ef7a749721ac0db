"""kg_builder: annotated documents about paired assistance (对口支援) become an RDF graph."""

from __future__ import annotations

__version__ = "0.1.0"
