"""RDF export: ``to_rdf(G)`` builds an rdflib graph, ``write_rdf`` serialises it atomically.

The model (see README, "The RDF model"):

- each article: ``schema:NewsArticle`` with ``schema:identifier`` and
  ``schema:mentions`` for every entity it names;
- each entity: ``schema:Person`` / ``schema:Place`` / ``schema:Organization``
  (``kg:Misc`` for MISC), ``rdfs:label`` (``@fr``), ``skos:altLabel`` for
  every other surface form, ``kg:mentionCount`` and ``kg:documentCount``;
  places linked to GeoNames get ``owl:sameAs <https://sws.geonames.org/ID/>``
  and ``kg:countryCode``; titles seen before a name are ``kg:title``;
- each relation: a direct triple ``?s kg:<kind> ?o`` plus one
  ``rdf:Statement`` per supporting document with ``prov:wasDerivedFrom``,
  ``kg:evidence`` (each supporting sentence), ``kg:weight`` (number of
  sentences), ``kg:confidence`` and ``kg:pattern`` — plus ``kg:role`` for
  roles, and ``kg:pmi``/``kg:npmi``/``kg:sentenceCount`` for co-occurrences;
- each quotation: ``?speaker kg:said ?quote``, ``?quote a kg:Quotation`` with
  ``kg:text``, ``prov:wasDerivedFrom`` the document, ``kg:beginIndex`` /
  ``kg:endIndex`` (offsets in the document), ``kg:verb``, and ``kg:saidTo``
  the addressee when named.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import networkx as nx
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kg.config import DEFAULT_BASE, RDF_FORMATS
from kg.errors import OutputError
from kg.export.atomic import write_bytes
from kg.ids import (
    KG,
    PROV,
    SCHEMA,
    TYPE_CLASSES,
    document_iri,
    entity_iri,
    quote_iri,
    relation_property,
    statement_iri,
)

LANG = "fr"


def new_graph() -> Graph:
    """Return an empty rdflib graph with the project's prefixes bound."""
    g = Graph()
    g.bind("schema", SCHEMA)
    g.bind("kg", KG._NS)
    g.bind("prov", PROV)
    g.bind("skos", SKOS)
    g.bind("rdfs", RDFS)
    g.bind("owl", OWL)
    return g


def to_rdf(G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE) -> Graph:
    """Return the RDF graph of the knowledge graph ``G`` (see the module docstring)."""
    g = new_graph()
    g.bind("data", base if base.endswith(("/", "#")) else base + "/")
    documents: set[str] = set(G.graph.get("documents", {}))
    for _node, data in G.nodes(data=True):
        documents.update(data.get("documents", ()))
    for doc_id in sorted(documents):
        doc = document_iri(base, doc_id)
        g.add((doc, RDF.type, SCHEMA.NewsArticle))
        g.add((doc, SCHEMA.identifier, Literal(doc_id)))

    for node, data in G.nodes(data=True):
        ent = entity_iri(base, node)
        g.add((ent, RDF.type, TYPE_CLASSES[data["type"]]))
        g.add((ent, RDFS.label, Literal(data["label"], lang=LANG)))
        for alias in data.get("aliases", ()):
            g.add((ent, SKOS.altLabel, Literal(alias, lang=LANG)))
        g.add((ent, KG.mentionCount, Literal(int(data.get("mentions", 0)), datatype=XSD.integer)))
        for iri in data.get("same_as", ()):
            g.add((ent, OWL.sameAs, URIRef(iri)))
        if data.get("country"):
            g.add((ent, KG.countryCode, Literal(data["country"])))
        for title in data.get("titles", ()):
            g.add((ent, KG.title, Literal(title, lang=LANG)))
        docs = data.get("documents", ())
        g.add((ent, KG.documentCount, Literal(len(docs), datatype=XSD.integer)))
        for doc_id in docs:
            g.add((document_iri(base, doc_id), SCHEMA.mentions, ent))

    for u, v, kind, data in G.edges(keys=True, data=True):
        s, o, p = entity_iri(base, u), entity_iri(base, v), relation_property(kind)
        g.add((s, p, o))
        per_doc: dict[str, list[dict]] = defaultdict(list)
        for ev in data.get("evidence", ()):
            per_doc[ev["doc"]].append(ev)
        for doc_id, evs in sorted(per_doc.items()):
            st = statement_iri(base, kind, u, v, doc_id)
            g.add((st, RDF.type, RDF.Statement))
            g.add((st, RDF.subject, s))
            g.add((st, RDF.predicate, p))
            g.add((st, RDF.object, o))
            g.add((st, PROV.wasDerivedFrom, document_iri(base, doc_id)))
            for ev in evs:
                g.add((st, KG.evidence, Literal(ev["text"], lang=LANG)))
            g.add((st, KG.weight, Literal(len(evs), datatype=XSD.integer)))
            confidence = max(float(ev.get("confidence", 1.0)) for ev in evs)
            g.add((st, KG.confidence, Literal(round(confidence, 3), datatype=XSD.decimal)))
            for pattern in sorted({ev.get("pattern") or "" for ev in evs} - {""}):
                g.add((st, KG.pattern, Literal(pattern)))
            for role in sorted({ev.get("value") or "" for ev in evs} - {""}):
                g.add((st, KG.role, Literal(role, lang=LANG)))
            if "npmi" in data:
                g.add((st, KG.pmi, Literal(data["pmi"], datatype=XSD.decimal)))
                g.add((st, KG.npmi, Literal(data["npmi"], datatype=XSD.decimal)))
                g.add((st, KG.sentenceCount, Literal(data["sentences"], datatype=XSD.integer)))

    for q in G.graph.get("quotes", ()):
        quote = quote_iri(base, q["doc"], q["start"], q["end"], q["speaker"])
        speaker = entity_iri(base, q["speaker"])
        g.add((speaker, KG.said, quote))
        g.add((quote, RDF.type, KG.Quotation))
        g.add((quote, KG.text, Literal(q["text"], lang=LANG)))
        g.add((quote, PROV.wasDerivedFrom, document_iri(base, q["doc"])))
        g.add((quote, KG.beginIndex, Literal(q["start"], datatype=XSD.integer)))
        g.add((quote, KG.endIndex, Literal(q["end"], datatype=XSD.integer)))
        g.add((quote, KG.evidence, Literal(q["evidence"], lang=LANG)))
        g.add((quote, KG.verb, Literal(q["verb"])))
        g.add((quote, KG.pattern, Literal(q["pattern"])))
        g.add((quote, KG.confidence, Literal(round(q["confidence"], 3), datatype=XSD.decimal)))
        if q.get("addressee"):
            g.add((quote, KG.saidTo, entity_iri(base, q["addressee"])))
    return g


def serialize(g: Graph, fmt: str) -> bytes:
    """Return ``g`` serialised in ``fmt`` (a CLI format name: ttl, nt or jsonld)."""
    if fmt not in RDF_FORMATS:
        raise OutputError(f"--format {fmt!r}: unknown RDF format; use {', '.join(RDF_FORMATS)}")
    rdflib_format = RDF_FORMATS[fmt][0]
    if rdflib_format == "json-ld":
        context = {prefix: str(ns) for prefix, ns in g.namespaces() if prefix}
        return g.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    if rdflib_format == "nt":
        # one triple per line, sorted: stable files that diff well
        lines = g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")
    return g.serialize(format=rdflib_format, encoding="utf-8")


def write_rdf(g: Graph, path: str | Path, *, fmt: str = "ttl") -> Path:
    """Serialise ``g`` to ``path`` in ``fmt`` atomically; return the path."""
    return write_bytes(path, serialize(g, fmt))
