"""The RDF graph seen as a network: typed nodes, labelled edges, funding flows as edges.

Graph tools (networkx, Gephi, Cytoscape) and every picture of ``kg viz`` work on this
projection. Each resource of a data class becomes a node (its IRI is the node id) carrying
its class, its labels in Chinese and English and its literal values; a concept value
(status, kind, category) becomes an attribute holding the concept's label. Each object
property between two nodes becomes an edge labelled with the property's label. Each funding
flow becomes edges funder -> recipient weighted by its amount in yuan (a flow with two
recipients gives two edges, each with the whole amount and ``recipients=2``), so statements
about the flow itself (``relatedTo``, an indicator of it) have no edge. Facts the text only
implies are marked ``inferred`` on their edge. Provenance (source documents, quotes,
reified inferences) is left out unless asked for.

Attribute values are strings, integers, floats and booleans only, so that GraphML and GEXF
can hold them.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rdflib import OWL, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from kg_builder.errors import ViewError
from kg_builder.visualize.classes import DATA_CLASSES, LANGUAGES, PROVENANCE_CLASSES
from kg_builder.visualize.neighbourhood import resolve_focus
from kg_builder.vocab import OA, PA

if TYPE_CHECKING:
    import networkx as nx

FUNDING = "funding"
"""The ``property`` of the edges a funding flow becomes."""

TermLabels = Mapping[str, Mapping[str, str]]
"""Class or property name -> language -> label."""

_PA_NAMESPACE = str(PA._NS)
_FLOW_PROPERTIES = frozenset({PA.funder, PA.recipient})
_PROVENANCE_EDGES = {
    # predicate -> (property name, zh label, en label); the W3C terms are not in our ontology
    OA.hasBody: ("describes", "引述对象", "describes"),
    OA.hasSource: ("quotes", "引自", "quotes"),
    RDF.subject: ("subject", "陈述主语", "subject"),
    RDF.object: ("object", "陈述宾语", "object"),
    PROV.wasDerivedFrom: ("wasDerivedFrom", "来源", "derived from"),
}
_QUALIFIER_WORDS = {"more-than": "over ", "nearly": "nearly ", "about": "about "}


@dataclass(frozen=True)
class ProjectionOptions:
    """What part of the graph to project, and how to label it."""

    focus: str | None = None
    """Only the neighbourhood of this resource: its IRI, its id or one of its labels."""
    depth: int = 2
    """How many steps (either direction) from the focus to keep."""
    include: frozenset[str] = frozenset()
    """Only these classes (empty: every data class)."""
    exclude: frozenset[str] = frozenset()
    """Never these classes."""
    language: str = "zh"
    """The language of the ``label`` attributes: ``zh`` or ``en`` (Chinese where no
    English label is known)."""
    provenance: bool = False
    """Also the source documents, one node per quote and the reified inferences."""


def project_graph(
    graph: Graph, *, ontology: Graph, options: ProjectionOptions | None = None
) -> nx.MultiDiGraph:
    """The networkx projection of a built graph.

    :param ontology: the ontology and its concept schemes (labels of properties, classes
        and concepts).
    :raises ViewError: an unknown class or language, a negative depth, or a focus that
        names no resource or several.
    """
    import networkx as nx

    options = options or ProjectionOptions()
    classes = _selected_classes(options)
    labels = _Labels(ontology, options.language)
    network = nx.MultiDiGraph(language=options.language)
    kinds = _node_classes(graph, classes)
    for node, class_name in kinds.items():
        network.add_node(str(node), **_node_attributes(graph, node, class_name, labels))
    inferred = _inferred_statements(graph, labels)
    for subject, predicate, obj in graph:
        if subject in kinds and obj in kinds and predicate not in _FLOW_PROPERTIES:
            attributes = _edge_attributes(predicate, labels)
            if attributes is not None:
                attributes |= inferred.get((subject, predicate, obj), {"inferred": False})
                network.add_edge(str(subject), str(obj), key=attributes["property"], **attributes)
    if "FundingFlow" in classes:
        _add_funding_edges(network, graph, kinds, labels, inferred)
    if "Annotation" in classes:
        _add_quote_sources(network, graph, kinds, labels)
    if options.focus is not None:
        focus = resolve_focus(network, options.focus)
        around = nx.ego_graph(network.to_undirected(as_view=True), focus, radius=options.depth)
        network = network.subgraph(around.nodes).copy()
        network.graph["focus"] = focus
    return network


def term_labels(ontology: Graph) -> TermLabels:
    """The zh/en names of every class and property a projection can hold, for legends
    and attribute tables (a class and a property never share a name).

    >>> from rdflib import Graph
    >>> term_labels(Graph())["Annotation"]["zh"]
    '引文'
    """
    labels = _Labels(ontology, "zh")
    terms = {s for s in ontology.subjects() if _in_pa(s)}
    found = {str(term).rsplit("#", 1)[-1]: labels.term(term) for term in sorted(terms, key=str)}
    found["Annotation"] = {"zh": "引文", "en": "quote"}
    for name, zh, en in _PROVENANCE_EDGES.values():
        found[name] = {"zh": zh, "en": en}
    return found


def _in_pa(term: Node) -> bool:
    """Whether a term is one of the ontology's (the closed namespace cannot be iterated)."""
    return isinstance(term, URIRef) and term.startswith(_PA_NAMESPACE)


def _selected_classes(options: ProjectionOptions) -> set[str]:
    known = DATA_CLASSES + PROVENANCE_CLASSES
    for name in sorted(options.include | options.exclude):
        if name not in known:
            close = difflib.get_close_matches(name, known, n=2)
            hint = f"did you mean {' or '.join(close)}? " if close else ""
            raise ViewError(f"unknown class `{name}`; {hint}allowed: {', '.join(known)}")
    if options.language not in LANGUAGES:
        raise ViewError(f"unknown label language `{options.language}`; allowed: zh, en")
    if options.depth < 0:
        raise ViewError(f"depth {options.depth} is negative; give 0 (the focus alone) or more")
    chosen = set(DATA_CLASSES) | (set(PROVENANCE_CLASSES) if options.provenance else set())
    if options.include:
        chosen &= options.include
    return chosen - options.exclude


def _node_classes(graph: Graph, classes: set[str]) -> dict[Node, str]:
    """Resource -> its class name, for the resources of the chosen classes (not flows)."""
    found: dict[Node, str] = {}
    for subject, kind in graph.subject_objects(RDF.type):
        name = "Annotation" if kind == OA.Annotation else str(kind).rsplit("#", 1)[-1]
        in_ontology = kind == OA.Annotation or _in_pa(kind)
        if in_ontology and name in classes and name != "FundingFlow":
            found[subject] = name
    return dict(sorted(found.items(), key=lambda item: str(item[0])))


class _Labels:
    """Labels of terms and literals in the chosen language (Chinese when no English)."""

    def __init__(self, ontology: Graph, language: str) -> None:
        self.ontology = ontology
        self.language = language

    def of(self, graph: Graph, term: Node, predicate: URIRef = RDFS.label) -> dict[str, str]:
        texts: dict[str, list[str]] = defaultdict(list)
        for value in graph.objects(term, predicate):
            if isinstance(value, Literal) and value.language in LANGUAGES:
                texts[value.language].append(str(value))
        return {lang: sorted(values)[0] for lang, values in texts.items()}

    def pick(self, texts: dict[str, str], fallback: str = "") -> str:
        return texts.get(self.language) or texts.get("zh") or texts.get("en") or fallback

    def term(self, term: Node) -> dict[str, str]:
        """zh/en labels of an ontology term or concept."""
        texts = self.of(self.ontology, term) or self.of(self.ontology, term, SKOS.prefLabel)
        local = str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return {lang: texts.get(lang) or texts.get("zh") or local for lang in LANGUAGES}

    def is_concept(self, term: Node) -> bool:
        return (term, SKOS.prefLabel, None) in self.ontology


def _node_attributes(graph: Graph, node: Node, class_name: str, labels: _Labels) -> dict[str, Any]:
    local = str(node).rsplit("/", 1)[-1]
    names = labels.of(graph, node)
    if class_name == "Annotation":
        names = _quote_names(graph, node)
    elif class_name == "InferredStatement":
        names = _inference_names(graph, node, labels)
    attributes: dict[str, Any] = {
        "iri": str(node),
        "class": class_name,
        "label": labels.pick(names, local),
        "label_zh": names.get("zh") or local,
        "label_en": names.get("en", ""),
    }
    alternatives = sorted(str(v) for v in graph.objects(node, SKOS.altLabel))
    if alternatives:
        attributes["alt_labels"] = "、".join(alternatives)
    for lang, comment in labels.of(graph, node, RDFS.comment).items():
        attributes[f"comment_{lang}"] = comment
    values: dict[str, list[Any]] = defaultdict(list)
    for predicate, obj in graph.predicate_objects(node):
        if not _in_pa(predicate) or predicate in _FLOW_PROPERTIES:
            continue
        name = str(predicate).rsplit("#", 1)[-1]
        if isinstance(obj, Literal):
            values[name].append(_plain(obj))
        elif labels.is_concept(obj):
            values[name].append(labels.pick(labels.term(obj)))
    for name, found in sorted(values.items()):
        attributes[name] = found[0] if len(found) == 1 else "; ".join(sorted(map(str, found)))
    if class_name == "Annotation":
        attributes |= _quote_values(graph, node)
    return attributes


def _plain(literal: Literal) -> str | int | float:
    if literal.datatype == XSD.integer:
        return int(literal)
    if literal.datatype == XSD.decimal:
        return float(literal)
    return str(literal)


def _edge_attributes(predicate: Node, labels: _Labels) -> dict[str, Any] | None:
    """The attributes of an edge for a predicate, or None when it makes no edge."""
    if isinstance(predicate, URIRef) and predicate in _PROVENANCE_EDGES:
        name, zh, en = _PROVENANCE_EDGES[predicate]
        texts = {"zh": zh, "en": en}
    elif _in_pa(predicate) and (predicate, RDF.type, OWL.ObjectProperty) in labels.ontology:
        name = str(predicate).rsplit("#", 1)[-1]
        texts = labels.term(predicate)
    else:
        return None
    return {
        "predicate": str(predicate),
        "property": name,
        "label": labels.pick(texts),
        "label_zh": texts["zh"],
        "label_en": texts["en"],
    }


def _inferred_statements(
    graph: Graph, labels: _Labels
) -> dict[tuple[Node, Node, Node], dict[str, Any]]:
    """(s, p, o) the text only implies -> edge attributes saying so and why."""
    found: dict[tuple[Node, Node, Node], dict[str, Any]] = {}
    for statement in graph.subjects(RDF.type, PA.InferredStatement):
        subject = graph.value(statement, RDF.subject)
        predicate = graph.value(statement, RDF.predicate)
        obj = graph.value(statement, RDF.object)
        if subject is not None and predicate is not None and obj is not None:
            notes = labels.of(graph, statement, RDFS.comment)
            found[(subject, predicate, obj)] = {"inferred": True, "inference": labels.pick(notes)}
    return found


def _add_funding_edges(
    network: nx.MultiDiGraph,
    graph: Graph,
    kinds: dict[Node, str],
    labels: _Labels,
    inferred: dict[tuple[Node, Node, Node], dict[str, Any]],
) -> None:
    for flow in sorted(graph.subjects(RDF.type, PA.FundingFlow), key=str):
        funders = sorted(graph.objects(flow, PA.funder), key=str)
        recipients = sorted(graph.objects(flow, PA.recipient), key=str)
        amount = graph.value(flow, PA.amount)
        if not isinstance(amount, Literal):
            continue
        attributes = _flow_attributes(graph, flow, amount, labels)
        attributes["recipients"] = len(recipients)
        for funder in funders:
            for recipient in recipients:
                if funder not in kinds or recipient not in kinds:
                    continue
                notes = [
                    inferred[(flow, predicate, end)]["inference"]
                    for predicate, end in ((PA.funder, funder), (PA.recipient, recipient))
                    if (flow, predicate, end) in inferred
                ]
                network.add_edge(
                    str(funder),
                    str(recipient),
                    key=f"{FUNDING}:{str(flow).rsplit('/', 1)[-1]}",
                    **attributes,
                    inferred=bool(notes),
                    **({"inference": " ".join(notes)} if notes else {}),
                )


def _flow_attributes(graph: Graph, flow: Node, amount: Literal, labels: _Labels) -> dict[str, Any]:
    qualifier_term = graph.value(flow, PA.amountQualifier)
    qualifier = str(qualifier_term).rsplit("/", 1)[-1] if qualifier_term else "exact"
    value = Decimal(str(amount))
    written = " ".join(str(graph.value(flow, PA.originalText) or f"{value} 元").split())
    english = f"{_QUALIFIER_WORDS.get(qualifier, '')}¥{value:,}"
    category = graph.value(flow, PA.fundingCategory)
    categories = labels.term(category) if category is not None else {"zh": "", "en": ""}
    names = labels.of(graph, flow)
    year = graph.value(flow, PA.year)
    return {
        "predicate": str(PA.FundingFlow),
        "property": FUNDING,
        "label": labels.pick({"zh": written, "en": english}),
        "label_zh": written,
        "label_en": english,
        "flow": str(flow),
        "flow_label_zh": names.get("zh", ""),
        "flow_label_en": names.get("en", ""),
        "amount": format(value, "f"),
        "weight": float(value),
        "qualifier": qualifier,
        "approximate": qualifier != "exact",
        "original_text": written,
        "category": labels.pick(categories),
        "category_id": str(category).rsplit("/", 1)[-1] if category is not None else "",
        "category_zh": categories["zh"],
        "category_en": categories["en"],
        "year": str(year) if year is not None else "",
    }


def _add_quote_sources(
    network: nx.MultiDiGraph, graph: Graph, kinds: dict[Node, str], labels: _Labels
) -> None:
    """Each quote -> the source it quotes (the annotation's target is not a node)."""
    for annotation, class_name in kinds.items():
        if class_name != "Annotation":
            continue
        source = graph.value(graph.value(annotation, OA.hasTarget), OA.hasSource)
        attributes = _edge_attributes(OA.hasSource, labels)
        if source in kinds and attributes is not None:
            network.add_edge(
                str(annotation), str(source), key="quotes", inferred=False, **attributes
            )


def _quote_names(graph: Graph, annotation: Node) -> dict[str, str]:
    exact = " ".join(_quote_values(graph, annotation).get("exact", "").split())
    short = exact if len(exact) <= 24 else exact[:23] + "…"
    return {"zh": f"«{short}»", "en": f"«{short}»"}


def _quote_values(graph: Graph, annotation: Node) -> dict[str, Any]:
    values: dict[str, Any] = {}
    target = graph.value(annotation, OA.hasTarget)
    for selector in graph.objects(target, OA.hasSelector):
        # not "start"/"end": GEXF reads those as the times a node exists
        for predicate, key in (
            (OA.exact, "exact"),
            (OA.start, "quote_start"),
            (OA.end, "quote_end"),
        ):
            value = graph.value(selector, predicate)
            if isinstance(value, Literal):
                values[key] = str(value) if key == "exact" else int(value)
    return values


def _inference_names(graph: Graph, statement: Node, labels: _Labels) -> dict[str, str]:
    """An implied triple in words: subject, property and object labels."""
    parts: list[dict[str, str]] = []
    for predicate in (RDF.subject, RDF.predicate, RDF.object):
        value = graph.value(statement, predicate)
        if value is None:
            continue
        if predicate == RDF.predicate:
            parts.append(labels.term(value))
            continue
        texts = {} if isinstance(value, Literal) else labels.of(graph, value)
        fallback = str(value).rsplit("/", 1)[-1]
        parts.append({lang: texts.get(lang) or texts.get("zh") or fallback for lang in LANGUAGES})
    return {
        "zh": "推断：" + " ".join(part["zh"] for part in parts),
        "en": "inferred: " + " ".join(part["en"] for part in parts),
    }
