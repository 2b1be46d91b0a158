"""RDF export: ``to_rdf(G)`` builds an rdflib graph, ``write_rdf`` serialises it atomically.

``rdf_triples(G)`` gives the same triples without building the rdflib graph
(:class:`RdfTriples`); ``write_rdf`` takes either, and writes Turtle from the
triples through Oxigraph, several times faster than through rdflib.

The model (see README, "The RDF model"; every ``kg:`` term is defined in
``kg/ontology.ttl`` and every node shape is checked by ``kg/shapes.ttl``):

- each article: ``schema:NewsArticle`` with ``schema:identifier`` and
  ``schema:mentions`` for every entity it names; ``schema:headline``,
  ``schema:datePublished`` (``xsd:date``) and ``schema:author`` when the text
  or its metadata give them (:mod:`kg.metadata`; JSONL fields win), and
  ``schema:url`` (``xsd:anyURI``) when the input gives one; an author is a
  ``schema:Person`` or ``schema:Organization`` node (``…/author/<slug>``) with
  ``schema:name``, and ``owl:sameAs`` the entity of the same name and type
  when the graph has one;
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
  the addressee when named;
- each mention (unless ``mentions=False``): a NIF 2.0 string
  ``<doc#char=start,end>`` (``nif:OffsetBasedString``, ``nif:Phrase``) with
  ``nif:anchorOf``, ``nif:beginIndex``, ``nif:endIndex``,
  ``nif:referenceContext`` the document's ``nif:Context``
  ``<doc#char=0,length>`` (``nif:sourceUrl`` the document, ``nif:isString``
  its text when ``texts`` are given) and ``itsrdf:taIdentRef`` the entity.

Datasets (TriG, N-Quads, :func:`to_dataset`) hold **one named graph per
article**, named by the article's IRI: its document node (with its
``schema:author`` link), NIF context and mentions, its reified statements and
its quotations (with the ``?speaker kg:said ?quote`` triple). Everything
shared by the corpus — entity and author descriptions and the direct relation
triples — stays in the **default graph**, so ``DROP GRAPH <doc/…>`` removes
exactly one article's facts, and every triple is in exactly one graph.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.config import DEFAULT_BASE
from kg.config import RDF_FORMATS as _CLI_RDF_FORMATS
from kg.errors import OutputError
from kg.export.atomic import write_bytes
from kg.ids import (
    ITSRDF,
    KG,
    NIF,
    PROV,
    SCHEMA,
    TYPE_CLASSES,
    author_iri,
    author_key,
    context_iri,
    document_iri,
    entity_iri,
    mention_iri,
    quote_iri,
    relation_property,
    statement_iri,
)
from kg.metadata import ArticleMetadata, article_metadata

LANG = "fr"

RDF_FORMATS: dict[str, tuple[str, str]] = dict(_CLI_RDF_FORMATS)
"""Export formats (see :data:`kg.config.RDF_FORMATS`)."""

DATASET_FORMATS = frozenset({"trig", "nq"})
"""The formats that carry named graphs."""


Triple = tuple[Node, Node, Node]


def new_graph() -> Graph:
    """Return an empty rdflib graph with the project's prefixes bound."""
    g = Graph()
    _bind(g)
    return g


@dataclass(frozen=True)
class RdfTriples:
    """The triples of a knowledge graph and the prefixes to write them with.

    What :func:`rdf_triples` returns: ``len()`` is the number of triples,
    :meth:`graph` the rdflib graph (:func:`to_rdf`), and :func:`write_rdf`
    writes Turtle from it without building that graph.
    """

    triples: tuple[Triple, ...]
    prefixes: Mapping[str, str]

    def __len__(self) -> int:
        return len(self.triples)

    def graph(self) -> Graph:
        """Return the triples as an rdflib ``Graph`` with the prefixes bound."""
        g = Graph()
        for prefix, namespace in self.prefixes.items():
            g.bind(prefix, namespace)
        g.addN((s, p, o, g) for s, p, o in self.triples)
        return g


class OxigraphTerms:
    """Converts rdflib terms to Oxigraph terms, caching IRIs (they repeat a lot).

    >>> OxigraphTerms()(Literal("Chine", lang="fr"))
    <Literal value=Chine language=fr>
    """

    def __init__(self) -> None:
        self.iris: dict[str, ox.NamedNode] = {}
        self.bnodes: dict[str, ox.BlankNode] = {}

    def __call__(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        """Return the Oxigraph term of ``term`` (an IRI, literal or blank node)."""
        if isinstance(term, URIRef):
            node = self.iris.get(term)
            if node is None:
                node = self.iris[term] = ox.NamedNode(str(term))
            return node
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=self(term.datatype))
            return ox.Literal(str(term))
        if isinstance(term, BNode):
            node = self.bnodes.get(term)
            if node is None:
                node = self.bnodes[term] = ox.BlankNode()
            return node
        raise TypeError(f"unsupported RDF term {term!r}")


def _bind(g: Graph) -> None:
    g.bind("schema", SCHEMA)
    g.bind("kg", KG._NS)
    g.bind("prov", PROV)
    g.bind("skos", SKOS)
    g.bind("rdfs", RDFS)
    g.bind("owl", OWL)
    g.bind("xsd", XSD)
    g.bind("nif", NIF)
    g.bind("itsrdf", ITSRDF)


@lru_cache(maxsize=1 << 16)
def _integer(value: int) -> Literal:
    return Literal(int(value), datatype=XSD.integer)


@lru_cache(maxsize=1 << 16)
def _decimal(value: float) -> Literal:
    """An ``xsd:decimal`` literal in the XML Schema 1.0 canonical form: ``0.9``, ``1.0``.

    No trailing zeros and no exponent (never ``0.90`` or ``9E-1``), and a
    decimal point always, as Turtle's decimal shorthand writes it: the
    lexical form survives a Turtle round trip. (Oxigraph keeps ``1.0`` as
    ``1``, the XML Schema 1.1 form: the same value.)
    """
    text = format(Decimal(repr(float(value))).normalize(), "f")
    if text in ("-0", ""):
        text = "0"
    return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)


@lru_cache(maxsize=1 << 16)
def _index(value: int) -> Literal:
    return Literal(int(value), datatype=XSD.nonNegativeInteger)


def to_rdf(
    G: nx.MultiDiGraph,
    *,
    base: str = DEFAULT_BASE,
    mentions: bool = True,
    texts: Mapping[str, str] | None = None,
    metadata: Mapping[str, ArticleMetadata] | None = None,
) -> Graph:
    """Return the RDF graph of the knowledge graph ``G`` (see the module docstring).

    The rdflib ``Graph`` of :func:`rdf_triples` (same options).
    """
    return rdf_triples(G, base=base, mentions=mentions, texts=texts, metadata=metadata).graph()


def rdf_triples(
    G: nx.MultiDiGraph,
    *,
    base: str = DEFAULT_BASE,
    mentions: bool = True,
    texts: Mapping[str, str] | None = None,
    metadata: Mapping[str, ArticleMetadata] | None = None,
) -> RdfTriples:
    """Return the triples of the knowledge graph ``G`` (see the module docstring), each once.

    ``mentions=False`` leaves out the NIF mentions and contexts (a lean
    export). ``texts`` maps document ids to their raw text: contexts then
    carry ``nif:isString`` and mentions the exact characters as
    ``nif:anchorOf``. ``metadata`` maps document ids to their
    :class:`~kg.metadata.ArticleMetadata`; when it is ``None`` it comes from
    the documents of ``G`` (read by the pipeline) or from ``texts``.
    """
    out: list[Triple] = []
    add = out.append
    texts = texts or {}
    doc_info: Mapping[str, Mapping[str, Any]] = G.graph.get("documents", {})
    if metadata is None:
        # what the pipeline read (kg.graph keeps it per document), else the texts
        metadata = {
            doc_id: ArticleMetadata(
                info.get("title"), info.get("date"), info.get("author"), info.get("author_kind")
            )
            for doc_id, info in doc_info.items()
        }
        metadata.update({d: article_metadata(t) for d, t in texts.items()})
    documents: set[str] = set(doc_info)
    for _node, data in G.nodes(data=True):
        documents.update(data.get("documents", ()))
    for doc_id in sorted(documents):
        doc = document_iri(base, doc_id)
        add((doc, RDF.type, SCHEMA.NewsArticle))
        add((doc, SCHEMA.identifier, Literal(doc_id)))
        meta = metadata.get(doc_id)
        if meta:
            _add_metadata(add, G, base, doc, meta)
        url = doc_info.get(doc_id, {}).get("url")
        if url:
            add((doc, SCHEMA.url, Literal(url, datatype=XSD.anyURI)))

    for node, data in G.nodes(data=True):
        ent = entity_iri(base, node)
        add((ent, RDF.type, TYPE_CLASSES[data["type"]]))
        add((ent, RDFS.label, Literal(data["label"], lang=LANG)))
        for alias in data.get("aliases", ()):
            add((ent, SKOS.altLabel, Literal(alias, lang=LANG)))
        add((ent, KG.mentionCount, _integer(data.get("mentions", 0))))
        for iri in data.get("same_as", ()):
            add((ent, OWL.sameAs, URIRef(iri)))
        if data.get("country"):
            add((ent, KG.countryCode, Literal(data["country"])))
        for title in data.get("titles", ()):
            add((ent, KG.title, Literal(title, lang=LANG)))
        docs = data.get("documents", ())
        add((ent, KG.documentCount, _integer(len(docs))))
        for doc_id in docs:
            add((document_iri(base, doc_id), SCHEMA.mentions, ent))

    for u, v, kind, data in G.edges(keys=True, data=True):
        s, o, p = entity_iri(base, u), entity_iri(base, v), relation_property(kind)
        add((s, p, o))
        per_doc: dict[str, list[dict]] = defaultdict(list)
        for ev in data.get("evidence", ()):
            per_doc[ev["doc"]].append(ev)
        for doc_id, evs in sorted(per_doc.items()):
            st = statement_iri(base, kind, u, v, doc_id)
            add((st, RDF.type, RDF.Statement))
            add((st, RDF.subject, s))
            add((st, RDF.predicate, p))
            add((st, RDF.object, o))
            add((st, PROV.wasDerivedFrom, document_iri(base, doc_id)))
            for ev in evs:
                add((st, KG.evidence, Literal(ev["text"], lang=LANG)))
            add((st, KG.weight, _integer(len(evs))))
            confidence = max(float(ev.get("confidence", 1.0)) for ev in evs)
            add((st, KG.confidence, _decimal(round(confidence, 3))))
            for pattern in sorted({ev.get("pattern") or "" for ev in evs} - {""}):
                add((st, KG.pattern, Literal(pattern)))
            for role in sorted({ev.get("value") or "" for ev in evs} - {""}):
                add((st, KG.role, Literal(role, lang=LANG)))
            if "npmi" in data:
                add((st, KG.pmi, _decimal(data["pmi"])))
                add((st, KG.npmi, _decimal(data["npmi"])))
                add((st, KG.sentenceCount, _integer(data["sentences"])))

    for q in G.graph.get("quotes", ()):
        quote = quote_iri(base, q["doc"], q["start"], q["end"], q["speaker"])
        speaker = entity_iri(base, q["speaker"])
        add((speaker, KG.said, quote))
        add((quote, RDF.type, KG.Quotation))
        add((quote, KG.text, Literal(q["text"], lang=LANG)))
        add((quote, PROV.wasDerivedFrom, document_iri(base, q["doc"])))
        add((quote, KG.beginIndex, _integer(q["start"])))
        add((quote, KG.endIndex, _integer(q["end"])))
        add((quote, KG.evidence, Literal(q["evidence"], lang=LANG)))
        add((quote, KG.verb, Literal(q["verb"])))
        add((quote, KG.pattern, Literal(q["pattern"])))
        add((quote, KG.confidence, _decimal(round(q["confidence"], 3))))
        if q.get("addressee"):
            add((quote, KG.saidTo, entity_iri(base, q["addressee"])))

    if mentions:
        _add_mentions(add, G, base, texts)
    prefixes = {prefix: str(ns) for prefix, ns in new_graph().namespaces() if prefix}
    prefixes["data"] = base if base.endswith(("/", "#")) else base + "/"
    return RdfTriples(tuple(dict.fromkeys(out)), prefixes)


def _add_metadata(
    add: Callable[[Triple], None], G: nx.MultiDiGraph, base: str, doc: URIRef, meta: ArticleMetadata
) -> None:
    if meta.title:
        add((doc, SCHEMA.headline, Literal(meta.title, lang=LANG)))
    if meta.date:
        add((doc, SCHEMA.datePublished, Literal(meta.date, datatype=XSD.date)))
    if meta.author:
        author = author_iri(base, meta.author)
        kind = meta.author_kind or "Person"
        key = author_key(meta.author)
        entity_type = G.nodes[key]["type"] if key in G else None
        if entity_type in ("PER", "ORG"):  # the graph knows better than the byline heuristic
            kind = "Person" if entity_type == "PER" else "Organization"
            add((author, OWL.sameAs, entity_iri(base, key)))
        add((doc, SCHEMA.author, author))
        add((author, RDF.type, SCHEMA[kind]))
        add((author, SCHEMA.name, Literal(meta.author)))


def _add_mentions(
    add: Callable[[Triple], None], G: nx.MultiDiGraph, base: str, texts: Mapping[str, str]
) -> None:
    by_doc: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for m in G.graph.get("mentions", ()):
        by_doc[m["doc"]].append(m)
    doc_info: Mapping[str, Mapping[str, Any]] = G.graph.get("documents", {})
    for doc_id in sorted(set(by_doc) | (set(texts) & set(doc_info))):
        text = texts.get(doc_id)
        if doc_id in doc_info:
            length = int(doc_info[doc_id]["characters"])
        elif text is not None:
            length = len(text)
        else:  # a hand-made graph without document records: the context ends at the last mention
            length = max(int(m["end"]) for m in by_doc[doc_id])
        ctx = context_iri(base, doc_id, length)
        add((ctx, RDF.type, NIF.Context))
        add((ctx, RDF.type, NIF.OffsetBasedString))
        add((ctx, NIF.beginIndex, _index(0)))
        add((ctx, NIF.endIndex, _index(length)))
        add((ctx, NIF.sourceUrl, document_iri(base, doc_id)))
        if text is not None:
            add((ctx, NIF.isString, Literal(text)))
        for m in by_doc[doc_id]:
            if m.get("entity") not in G:  # a mention is exported with the entity it names
                continue
            start, end = int(m["start"]), int(m["end"])
            node = mention_iri(base, doc_id, start, end)
            anchor = text[start:end] if text is not None else m["text"]
            add((node, RDF.type, NIF.OffsetBasedString))
            add((node, RDF.type, NIF.Phrase))
            add((node, NIF.anchorOf, Literal(anchor)))
            add((node, NIF.beginIndex, _index(start)))
            add((node, NIF.endIndex, _index(end)))
            add((node, NIF.referenceContext, ctx))
            add((node, ITSRDF.taIdentRef, entity_iri(base, m["entity"])))


def article_quads(g: Graph) -> Iterator[tuple[Node, Node, Node, URIRef | None]]:
    """Yield every triple of ``g`` with the named graph it belongs to in a dataset.

    The graph is the IRI of the article the triple describes (its document
    node, NIF context and mentions, statements and quotations), or ``None``
    for the default graph (entities, authors and direct relation triples).
    """
    owner = article_owners(g)
    for s, p, o in g:
        graphs = owner.get(o) if p == KG.said else owner.get(s)
        if not graphs:
            yield s, p, o, None
        else:
            for name in sorted(graphs):
                yield s, p, o, name


def article_owners(g: Graph) -> dict[Node, set[URIRef]]:
    """Return, for each node that belongs to articles, the IRIs of those articles.

    An article owns its document node, the statements and quotations derived
    from it (``prov:wasDerivedFrom``), its NIF context (``nif:sourceUrl``) and
    the mentions in that context. Each triple thus belongs to exactly one
    graph. ``kg.store`` applies the same rules with SPARQL
    (:data:`kg.store.ARTICLE_OWNERS`).
    """
    owner: dict[Node, set[URIRef]] = defaultdict(set)
    docs = set(g.subjects(RDF.type, SCHEMA.NewsArticle))
    for doc in docs:
        owner[doc].add(doc)
    for node, doc in g.subject_objects(PROV.wasDerivedFrom):
        if doc in docs:
            owner[node].add(doc)
    for ctx, doc in g.subject_objects(NIF.sourceUrl):
        if doc in docs:
            owner[ctx].add(doc)
    for node, ctx in g.subject_objects(NIF.referenceContext):
        owner[node] |= owner.get(ctx, set())
    return {node: graphs for node, graphs in owner.items() if graphs}


def to_dataset(g: Graph) -> Dataset:
    """Return ``g`` as an rdflib ``Dataset`` with one named graph per article.

    See :func:`article_quads`; a ``Dataset`` given in is returned unchanged.
    """
    if isinstance(g, Dataset):
        return g
    ds = Dataset()
    for prefix, ns in g.namespaces():
        ds.bind(prefix, ns)
    graphs: dict[URIRef | None, Graph] = {}
    for s, p, o, name in article_quads(g):
        target = graphs.get(name)
        if target is None:
            target = graphs[name] = ds.default_graph if name is None else ds.graph(name)
        target.add((s, p, o))
    return ds


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """Return the published JSON-LD context (``kg/context.jsonld``): prefixes and short terms."""
    text = resources.files("kg").joinpath("context.jsonld").read_text("utf-8")
    return json.loads(text)["@context"]


def _sorted_lines(data: bytes) -> bytes:
    lines = data.decode("utf-8").splitlines()
    return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")


def serialize(g: Graph | RdfTriples, fmt: str) -> bytes:
    """Return ``g`` serialised in ``fmt`` (a CLI format name: ttl, nt, jsonld, trig or nq).

    ``g`` is an rdflib graph or the :class:`RdfTriples` of :func:`rdf_triples`.
    ``jsonld`` embeds the published context (:func:`jsonld_context`);
    ``trig`` and ``nq`` hold one named graph per article (:func:`to_dataset`);
    ``nt`` and ``nq`` are sorted, one statement per line, for stable diffs.
    """
    if fmt not in RDF_FORMATS:
        raise OutputError(f"--format {fmt!r}: unknown RDF format; use {', '.join(RDF_FORMATS)}")
    rdflib_format = RDF_FORMATS[fmt][0]
    if rdflib_format == "turtle":
        return _turtle(g)
    if isinstance(g, RdfTriples):
        g = g.graph()
    if fmt in DATASET_FORMATS:
        data = to_dataset(g).serialize(format=rdflib_format, encoding="utf-8")
        return _sorted_lines(data) if fmt == "nq" else data
    if rdflib_format == "json-ld":
        context = dict(jsonld_context())
        for prefix, ns in g.namespaces():
            if prefix and prefix not in context:
                context[prefix] = str(ns)
        return g.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    if rdflib_format == "nt":
        # one triple per line, sorted: stable files that diff well
        return _sorted_lines(g.serialize(format="nt", encoding="utf-8"))
    return g.serialize(format=rdflib_format, encoding="utf-8")


def _turtle(g: Graph | RdfTriples) -> bytes:
    """Return ``g`` as Turtle written by Oxigraph (rdflib's Turtle writer is quadratic in the
    number of IRIs: minutes for a 1,000-article graph), with ``g``'s prefixes."""
    if isinstance(g, RdfTriples):
        convert = OxigraphTerms()
        triples = [ox.Triple(convert(s), convert(p), convert(o)) for s, p, o in g.triples]
        prefixes = dict(g.prefixes)
    else:
        nt = g.serialize(format="nt", encoding="utf-8")
        triples = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
        prefixes = {prefix: str(ns) for prefix, ns in g.namespaces() if prefix}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def write_rdf(g: Graph | RdfTriples, path: str | Path, *, fmt: str = "ttl") -> Path:
    """Serialise ``g`` (a graph or :class:`RdfTriples`) to ``path`` in ``fmt`` atomically;
    return the path."""
    return write_bytes(path, serialize(g, fmt))
