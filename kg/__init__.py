"""kg: knowledge graphs from French news articles.

The public API (imported lazily, so ``kg --help`` stays fast)::

    import kg
    result = kg.build(["seeds"])            # read, annotate, resolve, relate
    rdf = kg.to_rdf(result.graph)           # rdflib.Graph for SPARQL
    html = kg.to_html(result.graph)         # self-contained interactive page
    kg.show(result.graph)                   # the same page inside a notebook
    kg.write_outputs(result.graph, "out")   # graph.ttl and graph.html, as kg build writes
    G = kg.rdf_to_networkx(rdf)             # and back: the graph of an RDF export

Tables and charts for notebooks are in :mod:`kg.analysis` (the ``analysis`` extra).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API = {
    "build": "kg.pipeline",
    "extract": "kg.pipeline",
    "BuildResult": "kg.pipeline",
    "load_model": "kg.annotate",
    "build_graph": "kg.graph",
    "to_rdf": "kg.export.rdf",
    "write_rdf": "kg.export.rdf",
    "to_html": "kg.export.html",
    "write_html": "kg.export.html",
    "write_outputs": "kg.export.outputs",
    "show": "kg.view",
    "run_query": "kg.query",
    "load_rdf": "kg.read",
    "locate": "kg.read",
    "rdf_to_networkx": "kg.convert",
    "networkx_to_rdf": "kg.convert",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
