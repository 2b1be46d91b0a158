"""The project's vocabulary, the identity keys of names, and every IRI it mints.

No other module builds IRIs: exporters call the functions below, which turn
stable keys into safe slugs (no spaces, no ``<>"{}|\\^``` characters).

>>> str(entity_iri("https://example.org/kg/", "chine"))
'https://example.org/kg/entity/chine'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
"""NLP Interchange Format 2.0 core: mentions as character spans of a document's context."""
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
"""Internationalization Tag Set: ``itsrdf:taIdentRef`` links a mention to its entity."""
ORG = Namespace("http://www.w3.org/ns/org#")
"""The W3C Organization ontology (used by the ontology's mappings)."""
WDT = Namespace("http://www.wikidata.org/prop/direct/")
"""Wikidata direct properties (used by the ontology's mappings)."""
KG_ONTOLOGY = URIRef("https://w3id.org/kgfr/ns")
"""IRI of the ontology document that defines every ``kg:`` term (``kg/ontology.ttl``)."""
KG_CONTEXT = "https://w3id.org/kgfr/context.jsonld"
"""Where the JSON-LD context (``kg/context.jsonld``) is published."""


class KG(DefinedNamespace):
    """The closed vocabulary of the project (``kg:``)."""

    _NS = Namespace("https://w3id.org/kgfr/ns#")
    _fail = True

    # classes
    Misc: URIRef  # an entity the model tagged MISC (event, work, product...)
    Quotation: URIRef  # something an entity said, as reported in a document
    InteractionClass: URIRef  # the coarse class of an interaction (CAMEO QuadClass)
    # the interaction classes (kg:interactionClass on a statement)
    VerbalCooperation: URIRef  # praise, thank, consult, negotiate, appeal, endorse
    MaterialCooperation: URIRef  # cooperate, trade, provide aid, acquire, hire, yield
    VerbalConflict: URIRef  # criticise, accuse, threaten, sue, protest, investigate
    MaterialConflict: URIRef  # attack, fight, beat, sanction, arrest, expel
    Neutral: URIRef  # appoint, elect, replace, succeed, leave
    # relations between entities
    cooccursWith: URIRef  # the two entities are named in the same sentence
    holdsPosition: URIRef  # a person holds a position in an organisation or a place (kg:role)
    memberOf: URIRef  # a person, place or organisation is a member of an organisation
    worksFor: URIRef  # a person works for an organisation
    locatedIn: URIRef  # a place or organisation is located in a place
    capitalOf: URIRef  # a city is the capital of a place
    foundedBy: URIRef  # an organisation was founded by a person, organisation or place
    leads: URIRef  # a person or organisation leads an organisation or place
    investsIn: URIRef  # a person or organisation invests in an organisation
    partOf: URIRef  # an organisation or place is part of another
    visited: URIRef  # a person visited a place or organisation
    met: URIRef  # two people met (symmetric)
    cooperatesWith: URIRef  # two entities cooperate (symmetric)
    signedAgreementWith: URIRef  # two entities signed an agreement (symmetric)
    opposes: URIRef  # an entity criticises, accuses, sues, attacks or beats another
    supports: URIRef  # an entity supports, backs, defends or aids another
    interactsWith: URIRef  # an entity acts on another as a verb of the lexicon says (kg:verb)
    said: URIRef  # an entity said a kg:Quotation
    saidTo: URIRef  # an entity said something to another (also on the quotation)
    # statement annotations
    evidence: URIRef  # a sentence supporting the statement
    weight: URIRef  # number of supporting sentences in the document
    confidence: URIRef  # confidence in [0, 1]
    pattern: URIRef  # name of the rule or pattern that produced the statement
    role: URIRef  # the role of a holdsPosition statement ("secrétaire général")
    interactionClass: URIRef  # the class of the verb that states the relation
    pmi: URIRef  # pointwise mutual information of a co-occurring pair
    npmi: URIRef  # normalised PMI in [-1, 1]: 1 when only ever named together
    sentenceCount: URIRef  # sentences supporting a pair across the corpus
    # quotations
    text: URIRef  # the words of a quotation
    verb: URIRef  # the reporting verb ("déclarer", "selon") or the verb of a statement
    beginIndex: URIRef  # offset of the first character in the document text
    endIndex: URIRef  # offset after the last character in the document text
    # entity annotations
    mentionCount: URIRef  # number of mentions in the corpus
    documentCount: URIRef  # number of documents that mention the entity
    countryCode: URIRef  # ISO 3166-1 alpha-2 code of a place
    title: URIRef  # a title or descriptor seen before the name ("président", "province du")


_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 17)
def fold(name: str) -> str:
    """Return ``name`` lowercased, without accents, punctuation as single spaces.

    >>> fold("États-Unis")
    'etats unis'
    >>> fold("l’Académie  chinoise")
    'l academie chinoise'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_ish = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NON_WORD.sub(" ", ascii_ish).strip()


def merge_key(name: str) -> str:
    """Return the key mentions are grouped by: :func:`fold` without spaces.

    >>> merge_key("Viêt Nam") == merge_key("Vietnam")
    True
    """
    return fold(name).replace(" ", "")


_UNSAFE = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 17)
def slugify(key: str) -> str:
    """Return a lowercase ASCII slug of ``key`` made of ``[a-z0-9-]``.

    When the slug loses information (punctuation, non-Latin letters), a short
    hash of ``key`` is appended so that distinct keys never share a slug.

    >>> slugify("royaume uni")
    'royaume-uni'
    >>> slugify("AT&T") != slugify("AT T")
    True
    """
    folded = unicodedata.normalize("NFKD", key)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    slug = _UNSAFE.sub("-", folded).strip("-")
    lossless = re.fullmatch(r"[a-z0-9]+( [a-z0-9]+)*", key) is not None
    if slug and (lossless or slug == key):
        return slug
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else digest


def _base(base: str) -> str:
    return base if base.endswith(("/", "#")) else base + "/"


def entity_iri(base: str, entity_id: str) -> URIRef:
    """IRI of a resolved entity, from its resolution key."""
    return URIRef(f"{_base(base)}entity/{slugify(entity_id)}")


def document_iri(base: str, doc_id: str) -> URIRef:
    """IRI of a document, from its stable id (the file stem)."""
    return URIRef(f"{_base(base)}doc/{slugify(doc_id)}")


def statement_iri(base: str, kind: str, subject: str, obj: str, doc_id: str) -> URIRef:
    """IRI of the reified statement of one relation in one document."""
    digest = hashlib.sha1("\x1f".join((kind, subject, obj, doc_id)).encode("utf-8")).hexdigest()
    return URIRef(f"{_base(base)}statement/{digest[:16]}")


def context_iri(base: str, doc_id: str, length: int) -> URIRef:
    """IRI of the NIF context of a document: its whole text, ``#char=0,length`` (RFC 5147).

    >>> str(context_iri("https://example.org/kg/", "d1", 120))
    'https://example.org/kg/doc/d1#char=0,120'
    """
    return URIRef(f"{document_iri(base, doc_id)}#char=0,{int(length)}")


def mention_iri(base: str, doc_id: str, start: int, end: int) -> URIRef:
    """IRI of a mention: the NIF string ``#char=start,end`` of its document (RFC 5147).

    >>> str(mention_iri("https://example.org/kg/", "d1", 5, 10))
    'https://example.org/kg/doc/d1#char=5,10'
    """
    return URIRef(f"{document_iri(base, doc_id)}#char={int(start)},{int(end)}")


def author_key(name: str) -> str:
    """Return the identity key of an author's name: :func:`fold` (like entity ids).

    >>> author_key("Noah  Smith") == author_key("noah smith")
    True
    """
    return fold(name)


def author_iri(base: str, name: str) -> URIRef:
    """IRI of the author of an article (a person or an organisation), from its name key.

    >>> str(author_iri("https://example.org/kg/", "Liang Rui"))
    'https://example.org/kg/author/liang-rui'
    """
    return URIRef(f"{_base(base)}author/{slugify(author_key(name))}")


def quote_iri(base: str, doc_id: str, start: int, end: int, speaker: str) -> URIRef:
    """IRI of a quotation: its document, offsets and speaker."""
    digest = hashlib.sha1(f"{doc_id}\x1f{start}\x1f{end}\x1f{speaker}".encode()).hexdigest()
    return URIRef(f"{_base(base)}quote/{digest[:16]}")


TYPE_CLASSES: dict[str, URIRef] = {
    "PER": SCHEMA.Person,
    "LOC": SCHEMA.Place,
    "ORG": SCHEMA.Organization,
    "MISC": KG.Misc,
}
"""RDF class of each entity type."""


INTERACTION_CLASSES: dict[str, URIRef] = {
    "verbalCooperation": KG.VerbalCooperation,
    "materialCooperation": KG.MaterialCooperation,
    "verbalConflict": KG.VerbalConflict,
    "materialConflict": KG.MaterialConflict,
    "neutral": KG.Neutral,
}
"""IRI of each interaction class of the verb lexicon (``kg/data/verbs.tsv``)."""


def relation_property(kind: str) -> URIRef:
    """The ``kg:`` property of a relation kind; raises ``AttributeError`` if unknown."""
    return getattr(KG, kind)
