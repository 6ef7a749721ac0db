"""What a view may show, as plain names: the CLI offers them as choices without loading RDF."""

from __future__ import annotations

DATA_CLASSES = (
    *("Province", "Prefecture", "City", "County", "Township", "Village"),
    *("Team", "Organization", "Enterprise", "Person"),
    *("Project", "FundingFlow", "Indicator", "Event", "Document", "Award"),
)
PROVENANCE_CLASSES = ("SourceDocument", "InferredStatement", "Annotation")
LANGUAGES = ("zh", "en")
