"""Annotation tools and kg_builder: brat standoff and Label Studio JSON in, brat out.

``mapping`` says what the tools' labels mean in the ontology; ``brat`` and ``label_studio``
read (and, for brat, write) the tools' formats; ``tool_documents`` turns what a tool says
into an annotation file; ``imports`` puts it all together for ``kg import`` and
``kg export-brat``.
"""
