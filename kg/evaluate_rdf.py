"""Read what the evaluation needs back from an RDF export of kg (no file I/O here).

``kg eval relations`` scores a built graph, so it works on what users get
(the RDF of ``kg build``), not on in-memory records. :func:`facts_from_rdf`
returns the graph's entities, one :class:`~kg.types.Relation` per reified
statement (a relation kind between two entities in one document) and one
:class:`~kg.types.Quote` per ``kg:Quotation``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.ids import KG, SCHEMA, TYPE_CLASSES
from kg.resolve import fold
from kg.types import ALL_TYPES, Entity, Quote, Relation

if TYPE_CHECKING:
    import rdflib

_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"


@dataclass(frozen=True, slots=True)
class GraphFacts:
    """The entities, relation statements and quotations of an RDF export.

    Entity ids are the entities' IRIs; ``relations`` hold one record per
    reified statement (kind, subject, object, document), ``quotes`` one per
    quotation.
    """

    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    quotes: tuple[Quote, ...]


def facts_from_rdf(g: rdflib.Graph) -> GraphFacts:
    """Return the entities, relation statements and quotations of the kg export ``g``."""
    from rdflib import RDF, RDFS, SKOS, URIRef

    derived = URIRef(_PROV_DERIVED)
    doc_ids = {str(doc): str(ident) for doc, ident in g.subject_objects(SCHEMA.identifier)}
    order = {t: i for i, t in enumerate(ALL_TYPES)}
    types: dict[str, list[str]] = defaultdict(list)
    for etype, cls in TYPE_CLASSES.items():
        for subject in g.subjects(RDF.type, cls):
            types[str(subject)].append(etype)
    documents: dict[str, set[str]] = defaultdict(set)
    for doc, ent in g.subject_objects(SCHEMA.mentions):
        if str(doc) in doc_ids:
            documents[str(ent)].add(doc_ids[str(doc)])
    entities = []
    for iri, etypes in sorted(types.items()):
        label = g.value(URIRef(iri), RDFS.label)
        if label is None:
            continue
        aliases = tuple(sorted(str(a) for a in g.objects(URIRef(iri), SKOS.altLabel)))
        mentions = g.value(URIRef(iri), KG.mentionCount)
        entities.append(
            Entity(
                id=iri,
                name=str(label),
                type=min(etypes, key=order.__getitem__),
                aliases=aliases,
                mention_count=int(mentions) if mentions is not None else 0,
                documents=tuple(sorted(documents[iri])),
            )
        )

    prefix = str(KG._NS)
    relations = []
    for st in g.subjects(RDF.type, RDF.Statement):
        predicate = str(g.value(st, RDF.predicate))
        if not predicate.startswith(prefix):
            continue
        evidence = sorted(str(e) for e in g.objects(st, KG.evidence))
        confidence = g.value(st, KG.confidence)
        relations.append(
            Relation(
                kind=predicate[len(prefix) :],
                subject=str(g.value(st, RDF.subject)),
                object=str(g.value(st, RDF.object)),
                doc_id=doc_ids.get(str(g.value(st, derived)), ""),
                evidence=evidence[0] if evidence else "",
                start=0,
                end=0,
                confidence=float(confidence) if confidence is not None else 1.0,
                pattern=", ".join(sorted(str(p) for p in g.objects(st, KG.pattern))),
                value=", ".join(sorted(str(r) for r in g.objects(st, KG.role))) or None,
            )
        )
    relations.sort(key=lambda r: (r.doc_id, r.kind, fold(r.subject), fold(r.object)))

    quotes = []
    for speaker, q in g.subject_objects(KG.said):
        addressee = g.value(q, KG.saidTo)
        quotes.append(
            Quote(
                doc_id=doc_ids.get(str(g.value(q, derived)), ""),
                speaker=str(speaker),
                text=str(g.value(q, KG.text) or ""),
                start=int(g.value(q, KG.beginIndex) or 0),
                end=int(g.value(q, KG.endIndex) or 0),
                evidence=str(g.value(q, KG.evidence) or ""),
                sent_start=0,
                sent_end=0,
                verb=str(g.value(q, KG.verb) or ""),
                pattern=str(g.value(q, KG.pattern) or ""),
                confidence=float(g.value(q, KG.confidence) or 1.0),
                addressee=str(addressee) if addressee is not None else None,
            )
        )
    quotes.sort(key=lambda q: (q.doc_id, q.start, q.speaker))
    return GraphFacts(tuple(entities), tuple(relations), tuple(quotes))
