"""RDF ⇄ networkx: read a kg RDF export back into the graph the pipeline builds.

:func:`networkx_to_rdf` is :func:`kg.export.rdf.to_rdf`; :func:`rdf_to_networkx`
is its inverse, in the networkx readwrite style (a graph in, a graph out, no
files: load one with :func:`kg.read.load_rdf`). What the RDF records comes
back as the attributes :mod:`kg.graph` documents:

- nodes: one per entity (``schema:Person``, ``schema:Place``,
  ``schema:Organization``, ``kg:Misc``), keyed by the entity id, with
  ``label``, ``type`` (PER, LOC, ORG, MISC), ``aliases``, ``mentions``,
  ``documents``, ``same_as``, ``country`` and ``titles`` (sorted: the RDF
  keeps no order);
- edges: one per direct ``kg:`` triple between two entities, keyed by the
  relation kind, with ``kind``, ``weight`` (the sum of the statements'
  ``kg:weight``), ``documents``, ``confidence``, ``symmetric``, ``evidence``
  (``{"doc", "text", "pattern", "confidence", "value"}`` dicts, one per
  supporting sentence, with ``"verb"`` and ``"class"`` when the statement
  has a ``kg:verb``) and, for co-occurrences, ``pmi``, ``npmi`` and
  ``sentences``;
- ``G.graph["documents"]`` (headline, date, author, and the length of the
  text when the NIF context is there), ``G.graph["mentions"]`` (the NIF
  mentions) and ``G.graph["quotes"]``.

The node id is the entity's key as the pipeline mints it (the folded label,
see :func:`kg.ids.fold`, with the type added when two entities share a name)
when that key gives the entity's IRI back, else the IRI's last segment. The
RDF does not say which of a statement's sentences matched which pattern, nor
where in the document a sentence is: each evidence dict takes one of the
statement's patterns and roles in sorted order, and has no offsets. So
``rdf_to_networkx(networkx_to_rdf(G))`` has the nodes, types, labels, kinds
and weights of ``G``, and a second round trip changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
from rdflib import OWL, RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.export.rdf import to_rdf
from kg.graph import SYMMETRIC_KINDS
from kg.ids import (
    INTERACTION_CLASSES,
    ITSRDF,
    KG,
    NIF,
    PROV,
    SCHEMA,
    TYPE_CLASSES,
    fold,
    slugify,
)

__all__ = ["networkx_to_rdf", "rdf_to_networkx"]

networkx_to_rdf = to_rdf
"""Return the RDF graph of a knowledge graph: :func:`kg.export.rdf.to_rdf` under its readwrite name."""

_TYPES: dict[URIRef, str] = {iri: name for name, iri in TYPE_CLASSES.items()}
_NOT_RELATIONS = frozenset({KG.said})
_KG_NS = str(KG._NS)


def rdf_to_networkx(g: Graph) -> nx.MultiDiGraph:
    """Return the knowledge graph (a ``MultiDiGraph``) that the kg RDF graph ``g`` describes.

    ``g`` is an rdflib ``Graph`` or ``Dataset`` as :func:`kg.export.rdf.to_rdf`
    makes it or :func:`kg.read.load_rdf` reads it; see the module docstring for
    what comes back. Raises ``ValueError`` when ``g`` holds no kg entity.

    >>> from kg.export.rdf import to_rdf
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("chen gang", label="Chen Gang", type="PER", documents=["d1"], mentions=2)
    >>> G.add_node("chine", label="Chine", type="LOC", documents=["d1"], mentions=1)
    >>> G.add_edge("chen gang", "chine", key="cooccursWith", kind="cooccursWith", weight=1,
    ...            evidence=[{"doc": "d1", "text": "Chen Gang en Chine.", "pattern": "sentence"}])
    'cooccursWith'
    >>> H = rdf_to_networkx(to_rdf(G))
    >>> sorted(H.nodes(data="type"))
    [('chen gang', 'PER'), ('chine', 'LOC')]
    >>> H["chen gang"]["chine"]["cooccursWith"]["weight"]
    1
    """
    if isinstance(g, Dataset):  # TriG or N-Quads: every named graph, as one graph
        merged = Graph()
        for s, p, o, _graph in g.quads((None, None, None, None)):
            merged.add((s, p, o))
        g = merged
    entities = _entities(g)
    if not entities:
        raise ValueError(
            "no kg entity in this RDF graph (no schema:Person, schema:Place, "
            "schema:Organization or kg:Misc with an rdfs:label); give a kg export"
        )
    ids = _node_ids(entities)
    doc_ids = _doc_ids(g)
    documents = _documents(g, doc_ids)
    G = nx.MultiDiGraph()
    G.graph["documents"] = {doc_id: info for doc_id, info in sorted(documents.items())}
    for iri, (label, etype) in sorted(entities.items(), key=lambda item: ids[item[0]]):
        countries = sorted(str(c) for c in g.objects(iri, KG.countryCode))
        G.add_node(
            ids[iri],
            label=label,
            type=etype,
            aliases=sorted(str(a) for a in g.objects(iri, SKOS.altLabel)),
            mentions=_int(g.value(iri, KG.mentionCount), 0),
            documents=sorted(doc_ids[d] for d in g.subjects(SCHEMA.mentions, iri) if d in doc_ids),
            same_as=sorted(str(s) for s in g.objects(iri, OWL.sameAs)),
            country=countries[0] if countries else None,
            titles=sorted(str(t) for t in g.objects(iri, KG.title)),
        )
    _add_edges(G, g, ids, doc_ids)
    G.graph["mentions"] = _mentions(g, ids, doc_ids)
    G.graph["quotes"] = _quotes(g, ids, doc_ids)
    return G


def _int(value: Node | None, default: int | None = None) -> int | None:
    return int(value.toPython()) if isinstance(value, Literal) else default


def _float(value: Node | None) -> float | None:
    return float(value.toPython()) if isinstance(value, Literal) else None


def _entities(g: Graph) -> dict[URIRef, tuple[str, str]]:
    found: dict[URIRef, tuple[str, str]] = {}
    for cls, etype in _TYPES.items():
        for iri in g.subjects(RDF.type, cls):
            label = g.value(iri, RDFS.label)
            if isinstance(iri, URIRef) and label is not None and iri not in found:
                found[iri] = (str(label), etype)
    return found


def _node_ids(entities: dict[URIRef, tuple[str, str]]) -> dict[URIRef, str]:
    """The pipeline's key of each entity when it gives the IRI back, else the IRI's last segment."""
    ids: dict[URIRef, str] = {}
    for iri, (label, etype) in entities.items():
        slug = str(iri).rstrip("/").rsplit("/", 1)[-1]
        key = fold(label)
        candidates = [key, f"{key} {etype.lower()}"]
        candidates += [f"{key} {etype.lower()} {n}" for n in range(2, 10)]
        ids[iri] = next((c for c in candidates if slugify(c) == slug), slug)
    return ids


def _doc_ids(g: Graph) -> dict[Node, str]:
    return {
        doc: str(g.value(doc, SCHEMA.identifier))
        for doc in g.subjects(RDF.type, SCHEMA.NewsArticle)
        if g.value(doc, SCHEMA.identifier) is not None
    }


def _documents(g: Graph, doc_ids: dict[Node, str]) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    lengths = {
        ctx_doc: _int(g.value(ctx, NIF.endIndex))
        for ctx, ctx_doc in g.subject_objects(NIF.sourceUrl)
    }
    for doc, doc_id in doc_ids.items():
        headline = g.value(doc, SCHEMA.headline)
        date = g.value(doc, SCHEMA.datePublished)
        author = g.value(doc, SCHEMA.author)
        name = g.value(author, SCHEMA.name) if author is not None else None
        kind = None
        if author is not None:
            kind = "Organization" if (author, RDF.type, SCHEMA.Organization) in g else "Person"
        info: dict[str, Any] = {
            "title": str(headline) if headline is not None else None,
            "date": str(date) if date is not None else None,
            "author": str(name) if name is not None else None,
            "author_kind": kind if name is not None else None,
        }
        if lengths.get(doc) is not None:
            info["characters"] = lengths[doc]
        docs[doc_id] = info
    return docs


_CLASS_NAMES = {iri: name for name, iri in INTERACTION_CLASSES.items()}


def _spread(values: list[str], count: int) -> list[str | None]:
    """``count`` values taken from sorted ``values`` in turn (``None`` when there are none)."""
    if not values:
        return [None] * count
    return [values[i % len(values)] for i in range(count)]


def _add_edges(
    G: nx.MultiDiGraph, g: Graph, ids: dict[URIRef, str], doc_ids: dict[Node, str]
) -> None:
    statements: dict[tuple[URIRef, URIRef, URIRef], list[Node]] = defaultdict(list)
    for st in g.subjects(RDF.type, RDF.Statement):
        key = (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
        statements[key].append(st)  # type: ignore[index]
    edges = []
    for s, p, o in g:
        if s in ids and o in ids and p.startswith(_KG_NS) and p not in _NOT_RELATIONS:
            kind = p[len(_KG_NS) :]
            edges.append((ids[s], ids[o], kind, statements.get((s, p, o), [])))
    for u, v, kind, sts in sorted(edges, key=lambda e: e[:3]):
        evidence: list[dict[str, Any]] = []
        weight = 0
        confidence = None
        docs: set[str] = set()
        extra: dict[str, Any] = {}
        for st in sorted(sts, key=lambda st: doc_ids.get(g.value(st, PROV.wasDerivedFrom), "")):
            doc = doc_ids.get(g.value(st, PROV.wasDerivedFrom), "")
            texts = sorted(str(t) for t in g.objects(st, KG.evidence))
            count = _int(g.value(st, KG.weight), len(texts)) or 0
            patterns = sorted(str(x) for x in g.objects(st, KG.pattern))
            roles = sorted(str(x) for x in g.objects(st, KG.role))
            verbs = sorted(str(x) for x in g.objects(st, KG.verb))
            classes = sorted(_CLASS_NAMES.get(x, "") for x in g.objects(st, KG.interactionClass))
            st_conf = _float(g.value(st, KG.confidence))
            n = max(count, len(texts), len(patterns), len(roles))
            for text, pattern, role, verb, cls in zip(
                _spread(texts, n), _spread(patterns, n), _spread(roles, n),
                _spread(verbs, n), _spread(classes, n), strict=True,
            ):  # fmt: skip
                item = {
                    "doc": doc,
                    "text": text or "",
                    "pattern": pattern or "",
                    "confidence": 1.0 if st_conf is None else st_conf,
                    "value": role,
                }
                if verb:
                    item["verb"], item["class"] = verb, cls or None
                evidence.append(item)
            weight += n
            docs.add(doc)
            if st_conf is not None:
                confidence = st_conf if confidence is None else max(confidence, st_conf)
            if g.value(st, KG.npmi) is not None:
                extra = {
                    "pmi": _float(g.value(st, KG.pmi)),
                    "npmi": _float(g.value(st, KG.npmi)),
                    "sentences": _int(g.value(st, KG.sentenceCount)),
                }
        G.add_edge(
            u,
            v,
            key=kind,
            **extra,
            kind=kind,
            weight=weight,
            documents=len(docs),
            confidence=1.0 if confidence is None else confidence,
            symmetric=kind in SYMMETRIC_KINDS,
            evidence=evidence,
        )


def _mentions(
    g: Graph, ids: dict[URIRef, str], doc_ids: dict[Node, str]
) -> list[dict[str, Any]]:
    found = []
    for m, ent in g.subject_objects(ITSRDF.taIdentRef):
        ctx = g.value(m, NIF.referenceContext)
        doc = doc_ids.get(g.value(ctx, NIF.sourceUrl)) if ctx is not None else None
        if ent not in ids or doc is None:
            continue
        found.append(
            {
                "doc": doc,
                "start": _int(g.value(m, NIF.beginIndex)),
                "end": _int(g.value(m, NIF.endIndex)),
                "text": str(g.value(m, NIF.anchorOf) or ""),
                "entity": ids[ent],
            }
        )
    return sorted(found, key=lambda m: (m["doc"], m["start"], m["end"], m["entity"]))


def _quotes(
    g: Graph, ids: dict[URIRef, str], doc_ids: dict[Node, str]
) -> list[dict[str, Any]]:
    found = []
    for speaker, q in g.subject_objects(KG.said):
        if speaker not in ids:
            continue
        addressee = g.value(q, KG.saidTo)
        found.append(
            {
                "doc": doc_ids.get(g.value(q, PROV.wasDerivedFrom), ""),
                "speaker": ids[speaker],
                "addressee": ids.get(addressee) if addressee is not None else None,
                "text": str(g.value(q, KG.text) or ""),
                "start": _int(g.value(q, KG.beginIndex)),
                "end": _int(g.value(q, KG.endIndex)),
                "evidence": str(g.value(q, KG.evidence) or ""),
                "verb": str(g.value(q, KG.verb) or ""),
                "pattern": str(g.value(q, KG.pattern) or ""),
                "confidence": _float(g.value(q, KG.confidence)) or 0.0,
            }
        )
    return sorted(found, key=lambda q: (q["doc"], q["start"], q["end"], q["speaker"]))
