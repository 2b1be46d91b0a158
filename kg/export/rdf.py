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
  roles, ``kg:verb`` (the lemma) and ``kg:interactionClass`` (``kg:VerbalConflict``...)
  for relations stated by a verb of the lexicon (:mod:`kg.interactions`),
  and ``kg:pmi``/``kg:npmi``/``kg:sentenceCount`` for co-occurrences;
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
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.config import DEFAULT_BASE
from kg.config import RDF_FORMATS as _CLI_RDF_FORMATS
from kg.errors import OutputError
from kg.export.atomic import Batch, write_bytes
from kg.ids import (
    INTERACTION_CLASSES,
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
from kg.terms import to_rdflib

LANG = "fr"

RDF_FORMATS: dict[str, tuple[str, str]] = dict(_CLI_RDF_FORMATS)
"""Export formats (see :data:`kg.config.RDF_FORMATS`)."""

DATASET_FORMATS = frozenset({"trig", "nq"})
"""The formats that carry named graphs."""


NtTriple = tuple[str, str, str]
"""A triple of N-Triples terms: ``<iri>``, ``"text"@fr``, ``"3"^^<…#integer>``."""


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

    statements: tuple[str, ...]
    """The triples as N-Triples statements (``<s> <p> "o"@fr .``), each once."""
    prefixes: Mapping[str, str]

    def __len__(self) -> int:
        return len(self.statements)

    def ntriples(self) -> bytes:
        """Return the triples as an N-Triples document (UTF-8, one statement per line)."""
        return ("\n".join(self.statements) + "\n").encode("utf-8") if self.statements else b""

    @property
    def triples(self) -> tuple[ox.Triple, ...]:
        """Return the triples as Oxigraph terms (parsed from :attr:`statements`)."""
        return tuple(ox.parse(self.ntriples(), format=ox.RdfFormat.N_TRIPLES))

    def graph(self) -> Graph:
        """Return the triples as an rdflib ``Graph`` with the prefixes bound."""
        g = Graph()
        for prefix, namespace in self.prefixes.items():
            g.bind(prefix, namespace)
        iris: dict[str, URIRef] = {}

        def convert(term: ox.NamedNode | ox.Literal) -> Node:
            if isinstance(term, ox.NamedNode):
                node = iris.get(term.value)
                if node is None:
                    node = iris[term.value] = URIRef(term.value)
                return node
            return to_rdflib(term)

        g.addN(
            (convert(t.subject), convert(t.predicate), convert(t.object), g) for t in self.triples
        )
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


def _decimal_text(value: float) -> str:
    """Return the lexical form of an ``xsd:decimal`` in the XML Schema 1.0 canonical form:
    ``0.9``, ``1.0``.

    No trailing zeros and no exponent (never ``0.90`` or ``9E-1``), and a
    decimal point always, as Turtle's decimal shorthand writes it: the
    lexical form survives a Turtle round trip. (Oxigraph keeps ``1.0`` as
    ``1``, the XML Schema 1.1 form: the same value.)
    """
    text = format(Decimal(repr(float(value))).normalize(), "f")
    if text in ("-0", ""):
        text = "0"
    return text if "." in text else f"{text}.0"


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt_string(value: str) -> str:
    """Return ``value`` as a quoted N-Triples string (``"a \\"b\\""``)."""
    if "\\" in value or '"' in value or "\n" in value or "\r" in value:
        value = value.translate(_NT_ESCAPES)
    return f'"{value}"'


class _Terms:
    """N-Triples terms for :func:`rdf_triples`: IRIs in angle brackets, literals quoted.

    Terms are plain strings: a statement is one f-string, and Oxigraph
    parses the lot and writes the Turtle (:func:`serialize`), far cheaper
    than making a Python object per term.

    >>> _Terms().text('dit "non"', "fr")
    '"dit \\\\"non\\\\""@fr'
    """

    def __init__(self) -> None:
        self._integer = f"^^<{XSD.integer}>"
        self._index = f"^^<{XSD.nonNegativeInteger}>"
        self._decimal = f"^^<{XSD.decimal}>"

    def __call__(self, iri: str) -> str:
        """Return the N-Triples term of ``iri`` (an rdflib ``URIRef`` or a string)."""
        return f"<{iri}>"

    @staticmethod
    def text(value: str, lang: str | None = None) -> str:
        """Return a plain literal, or a language-tagged one when ``lang`` is given."""
        return f"{_nt_string(value)}@{lang}" if lang else _nt_string(value)

    def typed(self, value: str, datatype: str) -> str:
        """Return the literal ``value`` of ``datatype`` (an IRI)."""
        return f"{_nt_string(value)}^^{self(datatype)}"

    def integer(self, value: int) -> str:
        """Return an ``xsd:integer`` literal."""
        return f'"{int(value)}"{self._integer}'

    def index(self, value: int) -> str:
        """Return an ``xsd:nonNegativeInteger`` literal (NIF offsets)."""
        return f'"{int(value)}"{self._index}'

    def decimal(self, value: float) -> str:
        """Return an ``xsd:decimal`` literal in canonical form (see :func:`_decimal_text`)."""
        return f'"{_decimal_text(value)}"{self._decimal}'


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
    out: list[NtTriple] = []
    add = out.append
    t = _Terms()
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
    doc_iris: dict[str, str] = {}
    ent_iris: dict[str, str] = {}

    def doc_of(doc_id: str) -> str:
        node = doc_iris.get(doc_id)
        if node is None:
            node = doc_iris[doc_id] = t(document_iri(base, doc_id))
        return node

    def entity(key: str) -> str:
        node = ent_iris.get(key)
        if node is None:
            node = ent_iris[key] = t(entity_iri(base, key))
        return node

    a = t(RDF.type)
    documents: set[str] = set(doc_info)
    for _node, data in G.nodes(data=True):
        documents.update(data.get("documents", ()))
    news, identifier, url_p = t(SCHEMA.NewsArticle), t(SCHEMA.identifier), t(SCHEMA.url)
    for doc_id in sorted(documents):
        doc = doc_of(doc_id)
        add((doc, a, news))
        add((doc, identifier, t.text(doc_id)))
        meta = metadata.get(doc_id)
        if meta:
            _add_metadata(add, t, G, base, doc, meta, entity)
        url = doc_info.get(doc_id, {}).get("url")
        if url:
            add((doc, url_p, t.typed(url, XSD.anyURI)))

    classes = {etype: t(iri) for etype, iri in TYPE_CLASSES.items()}
    label, alt, same_as = t(RDFS.label), t(SKOS.altLabel), t(OWL.sameAs)
    mention_count, document_count = t(KG.mentionCount), t(KG.documentCount)
    country_code, title_p, mentions_p = t(KG.countryCode), t(KG.title), t(SCHEMA.mentions)
    for node, data in G.nodes(data=True):
        ent = entity(node)
        add((ent, a, classes[data["type"]]))
        add((ent, label, t.text(data["label"], LANG)))
        for alias in data.get("aliases", ()):
            add((ent, alt, t.text(alias, LANG)))
        add((ent, mention_count, t.integer(data.get("mentions", 0))))
        for iri in data.get("same_as", ()):
            add((ent, same_as, t(iri)))
        if data.get("country"):
            add((ent, country_code, t.text(data["country"])))
        for title in data.get("titles", ()):
            add((ent, title_p, t.text(title, LANG)))
        docs = data.get("documents", ())
        add((ent, document_count, t.integer(len(docs))))
        for doc_id in docs:
            add((doc_of(doc_id), mentions_p, ent))

    statement, subject_p, predicate_p, object_p = (
        t(RDF.Statement), t(RDF.subject), t(RDF.predicate), t(RDF.object)
    )  # fmt: skip
    derived, evidence, weight = t(PROV.wasDerivedFrom), t(KG.evidence), t(KG.weight)
    confidence_p, pattern_p, role_p = t(KG.confidence), t(KG.pattern), t(KG.role)
    pmi, npmi, sentence_count = t(KG.pmi), t(KG.npmi), t(KG.sentenceCount)
    verb, class_p = t(KG.verb), t(KG.interactionClass)
    for u, v, kind, data in G.edges(keys=True, data=True):
        s, o, p = entity(u), entity(v), t(relation_property(kind))
        add((s, p, o))
        per_doc: dict[str, list[dict]] = defaultdict(list)
        for ev in data.get("evidence", ()):
            per_doc[ev["doc"]].append(ev)
        for doc_id, evs in sorted(per_doc.items()):
            st = t(statement_iri(base, kind, u, v, doc_id))
            add((st, a, statement))
            add((st, subject_p, s))
            add((st, predicate_p, p))
            add((st, object_p, o))
            add((st, derived, doc_of(doc_id)))
            for ev in evs:
                add((st, evidence, t.text(ev["text"], LANG)))
            add((st, weight, t.integer(len(evs))))
            confidence = max(float(ev.get("confidence", 1.0)) for ev in evs)
            add((st, confidence_p, t.decimal(round(confidence, 3))))
            for pattern in sorted({ev.get("pattern") or "" for ev in evs} - {""}):
                add((st, pattern_p, t.text(pattern)))
            for role in sorted({ev.get("value") or "" for ev in evs} - {""}):
                add((st, role_p, t.text(role, LANG)))
            for lemma in sorted({ev.get("verb") or "" for ev in evs} - {""}):
                add((st, verb, t.text(lemma)))
            for name in sorted({ev.get("class") or "" for ev in evs} & set(INTERACTION_CLASSES)):
                add((st, class_p, t(INTERACTION_CLASSES[name])))
            if "npmi" in data:
                add((st, pmi, t.decimal(data["pmi"])))
                add((st, npmi, t.decimal(data["npmi"])))
                add((st, sentence_count, t.integer(data["sentences"])))

    said, quotation, text_p = t(KG.said), t(KG.Quotation), t(KG.text)
    begin, end_p, said_to = t(KG.beginIndex), t(KG.endIndex), t(KG.saidTo)
    for q in G.graph.get("quotes", ()):
        quote = t(quote_iri(base, q["doc"], q["start"], q["end"], q["speaker"]))
        add((entity(q["speaker"]), said, quote))
        add((quote, a, quotation))
        add((quote, text_p, t.text(q["text"], LANG)))
        add((quote, derived, doc_of(q["doc"])))
        add((quote, begin, t.integer(q["start"])))
        add((quote, end_p, t.integer(q["end"])))
        add((quote, evidence, t.text(q["evidence"], LANG)))
        add((quote, verb, t.text(q["verb"])))
        add((quote, pattern_p, t.text(q["pattern"])))
        add((quote, confidence_p, t.decimal(round(q["confidence"], 3))))
        if q.get("addressee"):
            add((quote, said_to, entity(q["addressee"])))

    if mentions:
        _add_mentions(add, t, G, base, texts, doc_of, entity)
    prefixes = {prefix: str(ns) for prefix, ns in new_graph().namespaces() if prefix}
    prefixes["data"] = base if base.endswith(("/", "#")) else base + "/"
    return RdfTriples(tuple(f"{s} {p} {o} ." for s, p, o in dict.fromkeys(out)), prefixes)


def _add_metadata(
    add: Callable[[NtTriple], None],
    t: _Terms,
    G: nx.MultiDiGraph,
    base: str,
    doc: str,
    meta: ArticleMetadata,
    entity: Callable[[str], str],
) -> None:
    if meta.title:
        add((doc, t(SCHEMA.headline), t.text(meta.title, LANG)))
    if meta.date:
        add((doc, t(SCHEMA.datePublished), t.typed(meta.date, XSD.date)))
    if meta.author:
        author = t(author_iri(base, meta.author))
        kind = meta.author_kind or "Person"
        key = author_key(meta.author)
        entity_type = G.nodes[key]["type"] if key in G else None
        if entity_type in ("PER", "ORG"):  # the graph knows better than the byline heuristic
            kind = "Person" if entity_type == "PER" else "Organization"
            add((author, t(OWL.sameAs), entity(key)))
        add((doc, t(SCHEMA.author), author))
        add((author, t(RDF.type), t(SCHEMA[kind])))
        add((author, t(SCHEMA.name), t.text(meta.author)))


def _add_mentions(
    add: Callable[[NtTriple], None],
    t: _Terms,
    G: nx.MultiDiGraph,
    base: str,
    texts: Mapping[str, str],
    doc_of: Callable[[str], str],
    entity: Callable[[str], str],
) -> None:
    by_doc: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for m in G.graph.get("mentions", ()):
        by_doc[m["doc"]].append(m)
    doc_info: Mapping[str, Mapping[str, Any]] = G.graph.get("documents", {})
    a, context, offset_string, phrase = (
        t(RDF.type), t(NIF.Context), t(NIF.OffsetBasedString), t(NIF.Phrase)
    )  # fmt: skip
    begin, end_p, source, is_string = (
        t(NIF.beginIndex), t(NIF.endIndex), t(NIF.sourceUrl), t(NIF.isString)
    )  # fmt: skip
    anchor_of, reference, ident = t(NIF.anchorOf), t(NIF.referenceContext), t(ITSRDF.taIdentRef)
    zero = t.index(0)
    for doc_id in sorted(set(by_doc) | (set(texts) & set(doc_info))):
        text = texts.get(doc_id)
        if doc_id in doc_info:
            length = int(doc_info[doc_id]["characters"])
        elif text is not None:
            length = len(text)
        else:  # a hand-made graph without document records: the context ends at the last mention
            length = max(int(m["end"]) for m in by_doc[doc_id])
        ctx = t(context_iri(base, doc_id, length))
        add((ctx, a, context))
        add((ctx, a, offset_string))
        add((ctx, begin, zero))
        add((ctx, end_p, t.index(length)))
        add((ctx, source, doc_of(doc_id)))
        if text is not None:
            add((ctx, is_string, t.text(text)))
        for m in by_doc[doc_id]:
            if m.get("entity") not in G:  # a mention is exported with the entity it names
                continue
            start, end = int(m["start"]), int(m["end"])
            node = t(mention_iri(base, doc_id, start, end))
            anchor = text[start:end] if text is not None else m["text"]
            add((node, a, offset_string))
            add((node, a, phrase))
            add((node, anchor_of, t.text(anchor)))
            add((node, begin, t.index(start)))
            add((node, end_p, t.index(end)))
            add((node, reference, ctx))
            add((node, ident, entity(m["entity"])))


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
        data = _dataset_bytes(to_dataset(g), fmt)
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


def _dataset_bytes(ds: Dataset, fmt: str) -> bytes:
    """Return ``ds`` as TriG (with its prefixes) or N-Quads, written by Oxigraph (rdflib's
    own writers of these formats call its deprecated ``Dataset.contexts``)."""
    convert = OxigraphTerms()
    quads = []
    for graph in ds.graphs():
        ident = graph.identifier
        name = ox.DefaultGraph() if ident == DATASET_DEFAULT_GRAPH_ID else convert(ident)
        quads.extend(ox.Quad(convert(s), convert(p), convert(o), name) for s, p, o in graph)
    if fmt == "trig":
        prefixes = {prefix: str(ns) for prefix, ns in ds.namespaces() if prefix}
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def _turtle(g: Graph | RdfTriples) -> bytes:
    """Return ``g`` as Turtle written by Oxigraph (rdflib's Turtle writer is quadratic in the
    number of IRIs: minutes for a 1,000-article graph), with ``g``'s prefixes."""
    if isinstance(g, RdfTriples):
        triples = ox.parse(g.ntriples(), format=ox.RdfFormat.N_TRIPLES)
        prefixes = dict(g.prefixes)
    else:
        nt = g.serialize(format="nt", encoding="utf-8")
        triples = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
        prefixes = {prefix: str(ns) for prefix, ns in g.namespaces() if prefix}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def write_rdf(
    g: Graph | RdfTriples, path: str | Path, *, fmt: str = "ttl", batch: Batch | None = None
) -> Path:
    """Serialise ``g`` (a graph or :class:`RdfTriples`) to ``path`` in ``fmt`` atomically;
    return the path. With a ``batch`` (:func:`kg.export.atomic.together`) the file replaces
    ``path`` when the batch is committed."""
    return write_bytes(path, serialize(g, fmt), batch=batch)
