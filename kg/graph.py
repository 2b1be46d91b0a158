"""Assemble the knowledge graph as a networkx ``MultiDiGraph`` (no I/O here).

Nodes are resolved entities, keyed by entity id, with attributes:

- ``label``: canonical name; ``type``: PER, LOC, ORG or MISC;
- ``aliases``: sorted list of the other surface forms;
- ``mentions``: number of mentions; ``documents``: sorted list of document ids;
- ``same_as``: IRIs of the entity in other datasets (GeoNames); ``country``:
  ISO 3166-1 alpha-2 code of a linked place; ``titles``: titles and
  descriptors seen before its name (``président``, ``province du``).

Edges are keyed by relation kind (``G[u][v]["cooccursWith"]``) and aggregate
every piece of evidence instead of overwriting it:

- ``kind``; ``weight``: number of supporting sentences; ``documents``: number
  of supporting documents; ``confidence``: the highest confidence seen;
- ``symmetric``: True for undirected kinds (stored once, ``u < v``);
- ``evidence``: list of ``{"doc", "text", "start", "end", "pattern",
  "confidence", "value"}`` dicts, in document and offset order, plus
  ``"verb"`` and ``"class"`` when a verb of the lexicon states the relation
  (:mod:`kg.interactions`).

Co-occurrence edges also carry ``pmi``, ``npmi`` and ``sentences`` (corpus
totals for the pair, see :func:`kg.relations.association`).

``G.graph["documents"]`` maps each document id to ``{"source", "characters",
"sentences", "mentions", "title", "date", "author", "author_kind", "url"}``; ``G.graph["mentions"]`` lists every mention as
``{"doc", "start", "end", "text", "entity"}`` (offsets into the document
text); ``G.graph["quotes"]`` lists the quotations as
``{"doc", "speaker", "addressee", "text", "start", "end", "evidence",
"verb", "pattern", "confidence"}`` dicts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import networkx as nx

from kg.patterns import SYMMETRIC
from kg.types import Corpus, DocumentInfo, Entity, Mention, Quote, Relation

SYMMETRIC_KINDS = frozenset({"cooccursWith", *SYMMETRIC})
"""Relation kinds that have no direction; their edges are stored once, subject < object."""


def build_graph(
    entities: Iterable[Entity],
    relations: Iterable[Relation],
    *,
    documents: Iterable[DocumentInfo] = (),
    quotes: Iterable[Quote] = (),
    associations: Mapping[tuple[str, str], object] | None = None,
    mentions: Iterable[tuple[Mention, str]] = (),
) -> nx.MultiDiGraph:
    """Return a ``MultiDiGraph`` with one node per entity and one edge per (pair, kind).

    Relations whose subject or object is not among ``entities`` raise ``KeyError``.

    >>> from kg.types import Entity, Relation
    >>> e = [Entity("a", "A", "PER", (), 1, ("d",)), Entity("b", "B", "LOC", (), 1, ("d",))]
    >>> r = [Relation("cooccursWith", "a", "b", "d", "A à B.", 0, 6)]
    >>> G = build_graph(e, r)
    >>> G["a"]["b"]["cooccursWith"]["weight"]
    1
    """
    G = nx.MultiDiGraph()
    G.graph["documents"] = {
        d.id: {
            "source": d.source,
            "characters": d.characters,
            "sentences": d.sentences,
            "mentions": d.mentions,
            "title": d.title,
            "date": d.date,
            "author": d.author,
            "author_kind": d.author_kind,
            "url": d.url,
        }
        for d in documents
    }
    G.graph["mentions"] = [
        {"doc": m.doc_id, "start": m.start, "end": m.end, "text": m.text, "entity": entity}
        for m, entity in mentions
    ]
    G.graph["quotes"] = [
        {
            "doc": q.doc_id,
            "speaker": q.speaker,
            "addressee": q.addressee,
            "text": q.text,
            "start": q.start,
            "end": q.end,
            "evidence": q.evidence,
            "verb": q.verb,
            "pattern": q.pattern,
            "confidence": q.confidence,
        }
        for q in quotes
    ]
    for e in entities:
        G.add_node(
            e.id,
            label=e.name,
            type=e.type,
            aliases=sorted(e.aliases),
            mentions=e.mention_count,
            documents=sorted(e.documents),
            same_as=list(e.same_as),
            country=e.country,
            titles=list(e.titles),
        )

    grouped: dict[tuple[str, str, str], list[Relation]] = defaultdict(list)
    for r in relations:
        s, o = r.subject, r.object
        if r.kind in SYMMETRIC_KINDS and o < s:
            s, o = o, s
        for node in (s, o):
            if node not in G:
                raise KeyError(f"relation {r.kind} refers to unknown entity {node!r}")
        grouped[(s, o, r.kind)].append(r)

    for (s, o, kind), rels in sorted(grouped.items()):
        rels.sort(key=lambda r: (r.doc_id, r.start, r.end, r.pattern))
        evidence = []
        seen: set[tuple[str, int, int, str]] = set()
        for r in rels:
            key = (r.doc_id, r.start, r.end, r.pattern)
            if key in seen:  # several mentions of the pair in one sentence count once
                continue
            seen.add(key)
            item = {
                "doc": r.doc_id,
                "text": r.evidence,
                "start": r.start,
                "end": r.end,
                "pattern": r.pattern,
                "confidence": r.confidence,
                "value": r.value,
            }
            if r.verb:
                item["verb"] = r.verb
                item["class"] = r.verb_class
            evidence.append(item)
        extra = {}
        pair = (associations or {}).get((s, o)) if kind == "cooccursWith" else None
        if pair is not None:
            extra = {"pmi": pair.pmi, "npmi": pair.npmi, "sentences": pair.sentences}
        G.add_edge(
            s,
            o,
            key=kind,
            **extra,
            kind=kind,
            weight=len(evidence),
            documents=len({ev["doc"] for ev in evidence}),
            confidence=max(r.confidence for r in rels),
            symmetric=kind in SYMMETRIC_KINDS,
            evidence=evidence,
        )
    return G


def graph_from_corpus(corpus: Corpus) -> nx.MultiDiGraph:
    """Return the graph of a processed corpus (see :func:`build_graph`)."""
    return build_graph(
        corpus.resolution.entities,
        corpus.relations,
        documents=corpus.documents,
        quotes=corpus.quotes,
        associations=corpus.associations,
        mentions=zip(corpus.mentions, corpus.resolution.mention_entities, strict=True),
    )
